//! The types and argument checks shared by the linear algebra modules (`linalg.rs`,
//! `linalg_more.rs`): NumPy's result types, the shapes each function takes, `norm`'s `ord`.

use std::sync::Arc;

use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Type};

/// `np.linalg.norm`'s `ord`, as the runtime takes it (declared once, in the ABI crate).
pub use oxjit_abi::NormKind as NormOrd;

/// NumPy's `_commonType`: the result type of linear algebra on arrays of these element types.
pub fn result_type(dtypes: &[&Type]) -> Type {
    let mut single = true;
    let mut complex = false;
    for d in dtypes {
        match d {
            Type::Float(32) => {}
            Type::Complex(64) => complex = true,
            Type::Complex(_) => {
                complex = true;
                single = false;
            }
            _ => single = false,
        }
    }
    match (complex, single) {
        (true, true) => Type::Complex(64),
        (true, false) => Type::Complex(128),
        (false, true) => Type::Float(32),
        (false, false) => Type::F64,
    }
}

/// The real type of a float or complex type.
pub fn real_type(t: &Type) -> Type {
    match t {
        Type::Complex(64) | Type::Float(32) => Type::Float(32),
        _ => Type::F64,
    }
}

/// A new C-contiguous array.
pub fn array(dtype: Type, ndim: u8) -> Type {
    super::elementwise::array(dtype, ndim)
}

/// A matrix: an array of two dimensions (stacks are taken by the functions that say so).
pub fn matrix(name: &str, t: &Type) -> Result<Arc<ArrayTy>, String> {
    match t {
        Type::Array(a) if a.ndim == 2 => Ok(a.clone()),
        Type::Array(a) => Err(format!(
            "np.linalg.{name}(): {}-dimensional array given. Array must be two-dimensional (stacks of matrices are not supported yet)",
            a.ndim
        )),
        t => Err(format!("np.linalg.{name}() of {t} is not supported (arrays only)")),
    }
}

/// An array of one or two dimensions (`what` names it in the message).
pub fn vector_or_matrix(name: &str, what: &str, t: &Type) -> Result<Arc<ArrayTy>, String> {
    match t {
        Type::Array(a) if (1..=2).contains(&a.ndim) => Ok(a.clone()),
        t => Err(format!(
            "{name}() of {t} is not supported ({what} of one or two dimensions only)"
        )),
    }
}

/// An element type linear algebra takes: float, complex, integer or bool.
pub fn check_dtype(name: &str, a: &ArrayTy) -> Result<(), String> {
    match a.dtype {
        Type::Float(_) | Type::Complex(_) | Type::Int(_) | Type::Bool => Ok(()),
        ref t => Err(format!("{name}() of an array of {t} is not supported")),
    }
}

/// The constant True/False of argument `k` (`param` names it in the message).
pub fn bool_const(name: &str, param: &str, args: &CallArgs, k: usize) -> Result<bool, String> {
    match &args.consts[k] {
        Some(Const::Bool(b)) => Ok(*b),
        Some(Const::Int(i)) => Ok(*i != 0),
        _ => Err(format!(
            "np.linalg.{name}(): '{param}' must be a constant True or False"
        )),
    }
}

/// The `ord` of `np.linalg.norm` for an array of `ndim` dimensions.
pub fn norm_ord(c: Option<&Const>, ndim: u8, complex: bool) -> Result<NormOrd, String> {
    let number = |c: &Const| match c {
        Const::Int(i) => Some(*i as f64),
        Const::Float(x) => Some(*x),
        Const::Bool(b) => Some(*b as i64 as f64),
        _ => None,
    };
    let unsupported = |what: String| {
        Err(format!(
            "np.linalg.norm(): ord={what} is not supported for a {ndim}d array (None, 'fro', 'nuc', 2, -2, 1, -1, inf and -inf for matrices; None, 2, 1, inf, -inf and 0 for vectors)"
        ))
    };
    let Some(c) = c else {
        return Err("np.linalg.norm(): 'ord' must be a constant".into());
    };
    if ndim == 2 {
        return match c {
            Const::None => Ok(NormOrd::Dot),
            Const::Str(s) if &**s == "fro" || &**s == "f" => Ok(NormOrd::Dot),
            Const::Str(s) if &**s == "nuc" => Ok(NormOrd::Nuclear),
            c => match number(c) {
                Some(2.0) => Ok(NormOrd::MatTwo),
                Some(-2.0) => Ok(NormOrd::MatNegTwo),
                Some(x) if complex => unsupported(format!("{x} of a complex matrix")),
                Some(1.0) => Ok(NormOrd::MatOne),
                Some(-1.0) => Ok(NormOrd::MatNegOne),
                Some(x) if x == f64::INFINITY => Ok(NormOrd::MatInf),
                Some(x) if x == f64::NEG_INFINITY => Ok(NormOrd::MatNegInf),
                _ => unsupported(c.to_string()),
            },
        };
    }
    match c {
        Const::None => Ok(NormOrd::Dot),
        Const::Str(s) => Err(format!(
            "np.linalg.norm(): invalid norm order '{s}' for vectors"
        )),
        c => match number(c) {
            Some(2.0) => Ok(NormOrd::Dot),
            Some(x) if complex => unsupported(format!("{x} of a complex vector")),
            Some(1.0) => Ok(NormOrd::VecOne),
            Some(x) if x == f64::INFINITY => Ok(NormOrd::VecInf),
            Some(x) if x == f64::NEG_INFINITY => Ok(NormOrd::VecNegInf),
            Some(0.0) => Ok(NormOrd::VecZero),
            _ => unsupported(c.to_string()),
        },
    }
}

/// A stack of matrices: an array of at least two dimensions (NumPy's `_assert_stacked_2d`).
pub fn stack(name: &str, t: &Type) -> Result<Arc<ArrayTy>, String> {
    match t {
        Type::Array(a) if a.ndim >= 2 => Ok(a.clone()),
        Type::Array(a) => Err(format!(
            "np.linalg.{name}(): {}-dimensional array given. Array must be at least two-dimensional",
            a.ndim
        )),
        t => Err(format!("np.linalg.{name}() of {t} is not supported (arrays only)")),
    }
}
