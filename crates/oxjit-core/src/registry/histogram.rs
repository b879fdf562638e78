//! `np.histogram(a, bins=10, range=None, density=None, weights=None)` with NumPy's parameters,
//! checks and result types. Its id is an `ArrayFn` variant; its implementation is codegen's
//! `lower/histogram.rs` over the runtime's `histogram.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::opt("bins", Const::Int(10)),
        Param::none("range"),
        Param::none("density"),
        Param::none("weights"),
    ]
}

fn vector(dtype: Type) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    }))
}

/// Whether `histogram(..., density=True)`: a constant (the result's dtype depends on it).
pub fn density(t: &Type, c: Option<&Const>) -> Result<bool, CallError> {
    match (t, c) {
        (Type::NoneType, _) => Ok(false),
        (_, Some(Const::Bool(b))) => Ok(*b),
        (t, _) => Err(CallError::unsupported(format!(
            "histogram(): density must be a constant bool or None, not {t}"
        ))),
    }
}

/// The items oxjit histograms: integers and float64 (NumPy computes float32 items' edges in
/// float32).
fn items_dtype(what: &str, t: &Type, floats_only_64: bool) -> Result<(), CallError> {
    match t {
        Type::Int(_) | Type::Float(64) => Ok(()),
        Type::Float(32) if !floats_only_64 => Ok(()),
        t => Err(CallError::unsupported(format!(
            "histogram(): {what} of {t} is not supported yet (integers and float64)"
        ))),
    }
}

/// `np.histogram`: `(hist, bin_edges)`. `hist` is int64 (counts), the weights' dtype, or
/// float64 with `density=True`; `bin_edges` float64 for a number of bins, or the `bins` array
/// itself (NumPy's `asarray`).
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    match &t[0] {
        Type::Array(a) => items_dtype("a", &a.dtype, true)?,
        t => {
            return Err(CallError::unsupported(format!(
                "histogram(): a of {t} is not supported (arrays only)"
            )))
        }
    }
    let edges = match &t[1] {
        b if b.is_integer_like() => vector(Type::F64),
        Type::Array(b) if b.ndim == 1 => {
            items_dtype("bins", &b.dtype, false)?;
            t[1].clone()
        }
        Type::Array(b) if b.ndim > 1 => return Err("`bins` must be 1d, when an array".into()),
        Type::StrLiteral(_) | Type::Str => {
            return Err(CallError::unsupported(
                "histogram(): bin estimators (a string bins=) are not supported yet",
            ))
        }
        _ => return Err("`bins` must be an integer, a string, or an array".into()),
    };
    match &t[2] {
        Type::NoneType => {}
        Type::Tuple(items)
            if items.len() == 2
                && items
                    .iter()
                    .all(|x| x.is_numeric() && !matches!(x, Type::Complex(_))) => {}
        other => {
            return Err(CallError::unsupported(format!(
                "histogram(): range must be None or a tuple of two real numbers, not {other}"
            )))
        }
    }
    let hist = match &t[4] {
        Type::NoneType => Type::I64,
        Type::Array(w) if matches!(w.dtype, Type::Float(64)) || w.dtype == Type::I64 => {
            w.dtype.clone()
        }
        other => {
            return Err(CallError::unsupported(format!(
                "histogram(): weights of {other} are not supported yet (int64 or float64 arrays)"
            )))
        }
    };
    let hist = match density(&t[3], args.consts[3].as_ref())? {
        true => Type::F64,
        false => hist,
    };
    Ok(Type::tuple(vec![vector(hist), edges]))
}
