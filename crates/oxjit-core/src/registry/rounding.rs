//! Rounding and closeness of numbers, elementwise: `np.round`/`np.around`/`a.round(decimals)`
//! and `np.isclose`/`np.allclose`, with NumPy's parameters and result types. Their ids are
//! [`ArrayFn`] variants; their implementation is codegen's `lower/rounding.rs`.

use std::sync::Arc;

use super::elementwise::operands;
use super::error::CallError;
use super::results::keep_order_layout;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{unify, ArrayTy, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Round | ArrayFn::Around => vec![
            Param::req("a"),
            Param::opt("decimals", Const::Int(0)),
            Param::none("out"),
        ],
        ArrayFn::Isclose | ArrayFn::Allclose => vec![
            Param::req("a"),
            Param::req("b"),
            Param::opt("rtol", Const::Float(1e-5)),
            Param::opt("atol", Const::Float(1e-8)),
            Param::opt("equal_nan", Const::Bool(false)),
        ],
        _ => unreachable!("{f:?} is not a rounding function"),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    match f {
        ArrayFn::Round | ArrayFn::Around => type_round(f, args),
        ArrayFn::Isclose | ArrayFn::Allclose => type_isclose(f, args),
        _ => unreachable!("{f:?} is not a rounding function"),
    }
}

/// `np.round(a, decimals=0)`: a number (the result of its type) or an array (a new array of its
/// dtype: NumPy keeps `a`'s memory order, or for `decimals` that scale, C order unless `a` is
/// F-contiguous, decided at run time for strided arrays). Booleans are refused (NumPy gives
/// float16 or raises), so is `out=`.
fn type_round(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let name = f.name();
    let dtype = match &args.types[0] {
        Type::Array(a) => &a.dtype,
        t => t,
    };
    if *dtype == Type::Bool {
        return Err(CallError::unsupported(format!(
            "{name}() of booleans is not supported (NumPy rounds them to float16)"
        )));
    }
    if !dtype.is_numeric() {
        return Err(CallError::unsupported(format!(
            "{name}() of {} is not supported (numbers and arrays of numbers only)",
            args.types[0]
        )));
    }
    let d = &args.types[1];
    if !d.is_integer_like() || *d == Type::Bool {
        return Err(format!("{name}(): decimals must be an integer, not {d}").into());
    }
    if args.types[2] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(): out= is not supported yet"
        )));
    }
    Ok(match &args.types[0] {
        Type::Array(a) if a.ndim == 0 => {
            return Err(CallError::unsupported(format!(
                "{name}() of a 0-d array is not supported yet"
            )))
        }
        Type::Array(a) => Type::Array(Arc::new(ArrayTy {
            readonly: false,
            layout: keep_order_layout(&[&args.types[0]]),
            ..(**a).clone()
        })),
        t => t.clone(),
    })
}

/// The element types `np.isclose(a, b)` computes in: `a`'s (`x`), `b`'s as NumPy makes it a
/// float (`y`: `result_type(b, 1.0)`), and their common one (`d`, where `x - y` and `x == y`
/// are computed). Python scalars next to arrays are weak (NEP 50).
pub struct CloseTypes {
    pub x: Type,
    pub y: Type,
    pub d: Type,
}

/// See [`CloseTypes`]; `None` for complex numbers (not supported).
pub fn close_types(a: &Type, b: &Type) -> Option<CloseTypes> {
    let (x, y) = match operands(&[a, b]) {
        Ok((elems, _)) => (elems[0].clone(), elems[1].clone()),
        Err(_) => (a.clone(), b.clone()),
    };
    if !matches!(x, Type::Bool | Type::Int(_) | Type::Float(_))
        || !matches!(y, Type::Bool | Type::Int(_) | Type::Float(_))
    {
        return None;
    }
    let y = match y {
        Type::Float(_) => y,
        _ => Type::F64,
    };
    let d = unify(&x, &y)?;
    Some(CloseTypes { x, y, d })
}

/// `np.isclose(a, b, rtol, atol, equal_nan)`: numbers or arrays of real numbers that broadcast
/// (a bool, or a new bool array in the inputs' memory order); `np.allclose`: a bool. `rtol` and
/// `atol` are numbers (arrays of tolerances are not supported).
fn type_isclose(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let name = f.name();
    let t = args.types;
    for (k, what) in [(0, "a"), (1, "b")] {
        let ok = match &t[k] {
            Type::Array(a) => a.dtype.is_numeric() && a.ndim > 0,
            t => t.is_numeric(),
        };
        if !ok {
            return Err(CallError::unsupported(format!(
                "{name}(): {what} of {} is not supported (numbers and arrays of numbers only)",
                t[k]
            )));
        }
    }
    if close_types(&t[0], &t[1]).is_none() {
        return Err(CallError::unsupported(format!(
            "{name}() of complex numbers is not supported yet"
        )));
    }
    for (k, what) in [(2, "rtol"), (3, "atol")] {
        if !t[k].is_real() {
            return Err(CallError::unsupported(format!(
                "{name}(): {what} must be a real number (arrays of tolerances are not supported), not {}",
                t[k]
            )));
        }
    }
    if t[4] != Type::Bool {
        return Err(format!("{name}(): equal_nan must be a bool, not {}", t[4]).into());
    }
    let ndim = [&t[0], &t[1]]
        .iter()
        .map(|x| match x {
            Type::Array(a) => a.ndim,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    Ok(match f {
        ArrayFn::Isclose if ndim > 0 => Type::Array(Arc::new(ArrayTy {
            dtype: Type::Bool,
            ndim,
            layout: keep_order_layout(&[&t[0], &t[1]]),
            readonly: false,
        })),
        _ => Type::Bool,
    })
}
