//! `np.cov(m, y, rowvar, bias, ddof)` and `np.corrcoef(x, y, rowvar)` of 1-d and 2-d arrays of
//! real numbers: NumPy's parameters and result types (float64 whatever the input's dtype, as
//! NumPy's `result_type(m, np.float64)`). A 1-d `m` without `y` gives NumPy's 0-d array (its
//! `squeeze()` of a 1x1 matrix; `corrcoef`'s `c / c` of it a float64); anything else a 2-d
//! matrix. Their ids are [`ArrayFn`]
//! variants; their implementation is codegen's `lower/cov.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters, as NumPy names them (`fweights`, `aweights` and `dtype` only as `None`).
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Cov => vec![
            Param::req("m"),
            Param::none("y"),
            Param::opt("rowvar", Const::Bool(true)),
            Param::opt("bias", Const::Bool(false)),
            Param::none("ddof"),
            Param::none("fweights"),
            Param::none("aweights"),
            Param::none("dtype"),
        ],
        _ => vec![
            Param::req("x"),
            Param::none("y"),
            Param::opt("rowvar", Const::Bool(true)),
            Param::none("dtype"),
        ],
    }
}

/// A 1-d or 2-d array of real numbers (`what` names the argument for NumPy's message).
fn operand<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.ndim > 2 => Err(CallError::typing(format!(
            "{what} has more than 2 dimensions"
        ))),
        Type::Array(a) if matches!(a.dtype, Type::Complex(_)) => Err(CallError::unsupported(
            format!("{}(): complex arrays are not supported yet", f.name()),
        )),
        Type::Array(a) if a.ndim >= 1 && (a.dtype.is_numeric() || a.dtype == Type::Bool) => Ok(a),
        t => Err(CallError::unsupported(format!(
            "{}(): {what} of {t} is not supported (1-d or 2-d arrays of real numbers only)",
            f.name()
        ))),
    }
}

/// The result type of a call (arguments bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let m = operand(f, if f == ArrayFn::Cov { "m" } else { "x" }, &t[0])?;
    if t[1] != Type::NoneType {
        operand(f, "y", &t[1])?;
    }
    if t[2] != Type::Bool {
        return Err(CallError::unsupported(format!(
            "{}(): rowvar must be a bool, not {}",
            f.name(),
            t[2]
        )));
    }
    let nones: &[(usize, &str)] = match f {
        ArrayFn::Cov => &[(5, "fweights"), (6, "aweights"), (7, "dtype")],
        _ => &[(3, "dtype")],
    };
    for &(k, name) in nones {
        if t[k] != Type::NoneType {
            return Err(CallError::unsupported(format!(
                "{}(): {name}= is not supported yet (only None)",
                f.name()
            )));
        }
    }
    if f == ArrayFn::Cov {
        if t[3] != Type::Bool {
            return Err(CallError::unsupported(format!(
                "cov(): bias must be a bool, not {}",
                t[3]
            )));
        }
        if !matches!(t[4], Type::NoneType | Type::Bool | Type::Int(_)) {
            return Err(CallError::unsupported(format!(
                "cov(): ddof must be None or an integer, not {}",
                t[4]
            )));
        }
    }
    let ndim = if m.ndim == 1 && t[1] == Type::NoneType {
        0
    } else {
        2
    };
    // NumPy's `corrcoef` of one variable is `c / c` of a 0-d array: a scalar.
    if ndim == 0 && f == ArrayFn::Corrcoef {
        return Ok(Type::F64);
    }
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype: Type::F64,
        ndim,
        layout: Layout::C,
        readonly: false,
    })))
}
