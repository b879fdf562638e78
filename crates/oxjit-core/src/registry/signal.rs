//! `np.convolve` and `np.correlate` of two 1-d arrays (`mode` 'valid', 'same' or 'full'), with
//! NumPy's parameters, result dtypes and checks. Their ids are [`ArrayFn`] variants; their
//! implementation is codegen's `lower/signal.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them (`convolve`'s mode is 'full' by default,
/// `correlate`'s 'valid').
pub fn params(f: ArrayFn) -> Vec<Param> {
    let mode = match f {
        ArrayFn::Convolve => "full",
        _ => "valid",
    };
    vec![
        Param::req("a"),
        Param::req("v"),
        Param::opt("mode", Const::Str(Arc::from(mode))),
    ]
}

/// NumPy's mode number (0 'valid', 1 'same', 2 'full') of a constant `mode` argument (the
/// name exactly, or the number), or the message of the `ValueError` NumPy raises for it; `None`
/// where it is not a constant.
pub fn mode_of(t: &Type, c: Option<&Const>) -> Option<Result<u8, &'static str>> {
    let named = |s: &str| match s {
        "valid" => Ok(0),
        "same" => Ok(1),
        "full" => Ok(2),
        _ => Err("Use one of 'valid', 'same', or 'full' for convolve/correlate mode"),
    };
    match (t, c) {
        (Type::StrLiteral(s), _) => Some(named(s)),
        (_, Some(Const::Str(s))) => Some(named(s)),
        (_, Some(Const::Int(k))) if (0..=2).contains(k) => Some(Ok(*k as u8)),
        (_, Some(Const::Int(_))) => Some(Err("integer convolve/correlate mode must be 0, 1, or 2")),
        _ => None,
    }
}

/// A 1-d array of numbers (`what` names it).
fn vector<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.ndim > 1 => Err("object too deep for desired array".into()),
        Type::Array(a) if matches!(a.dtype, Type::Complex(_)) => Err(CallError::unsupported(
            format!("{}(): complex arrays are not supported yet", f.name()),
        )),
        Type::Array(a) if a.ndim == 1 && a.dtype.is_numeric() => Ok(a),
        t => Err(CallError::unsupported(format!(
            "{}(): {what} of {t} is not supported (1-d arrays of numbers only)",
            f.name()
        ))),
    }
}

/// `np.convolve(a, v, mode)`, `np.correlate(a, v, mode)`: a new 1-d array of the two arrays'
/// common dtype (bool for two bool arrays: NumPy's `dot` of bools is an `or` of `and`s).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let a = vector(f, "a", &args.types[0])?;
    let v = vector(f, "v", &args.types[1])?;
    if mode_of(&args.types[2], args.consts[2].as_ref()).is_none() {
        return Err(CallError::unsupported(format!(
            "{}(): mode must be a constant 'valid', 'same' or 'full' (or 0, 1, 2), not {}",
            f.name(),
            args.types[2]
        )));
    }
    let dtype = crate::types::unify(&a.dtype, &v.dtype)
        .ok_or_else(|| format!("{}(): {} and {} do not combine", f.name(), a.dtype, v.dtype))?;
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    })))
}
