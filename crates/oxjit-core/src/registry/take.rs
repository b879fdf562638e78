//! `np.take(a, indices)` (also `a.take(indices)`): items of the flattened array by index, with
//! NumPy's parameters, checks and result types. Its id is an [`ArrayFn`] variant; its
//! implementation is codegen's `lower/take.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters, as NumPy names them (a method's array first).
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::req("indices"),
        Param::none("axis"),
        Param::none("out"),
        Param::opt("mode", Const::Str(Arc::from("raise"))),
    ]
}

/// `np.take(a, indices, axis=None)`: without an axis `a` flattened in C order; `indices` an
/// integer (the result one item, a number) or an array of integers (a new C array of its shape).
/// Along a constant `axis` the indices' dimensions replace that axis (a new C array, as NumPy
/// makes it). NumPy casts the indices to `intp` by 'same_kind': floats are its `TypeError`.
/// `out=` and modes other than `'raise'` are refused.
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) if a.dtype.is_numeric() => a,
        t => {
            return Err(CallError::unsupported(format!(
                "take() of {t} is not supported (arrays of numbers only)"
            )))
        }
    };
    if args.types[3] != Type::NoneType {
        return Err(CallError::unsupported("take(): out= is not supported yet"));
    }
    let axis = take_axis(args.types, args.consts, a.ndim)?;
    if !matches!(&args.types[4], Type::StrLiteral(m) if &**m == "raise") {
        return Err(CallError::unsupported(
            "take(): only mode='raise' is supported",
        ));
    }
    // Along an axis, the indices' dimensions replace it (the other axes stay).
    let kept = if axis.is_some() { a.ndim - 1 } else { 0 };
    let array_of = |ndim: u8| {
        Type::Array(Arc::new(ArrayTy {
            dtype: a.dtype.clone(),
            ndim,
            layout: Layout::C,
            readonly: false,
        }))
    };
    match &args.types[1] {
        Type::Array(ix) if ix.dtype.is_integer_like() => Ok(array_of(ix.ndim + kept)),
        Type::Array(ix) => Err(format!(
            "take(): Cannot cast array data from dtype('{}') to dtype('int64') according to \
             the rule 'same_kind'",
            ix.dtype
        )
        .into()),
        t if t.is_integer_like() && kept > 0 => Ok(array_of(kept)),
        t if t.is_integer_like() => Ok(a.dtype.clone()),
        t => Err(CallError::unsupported(format!(
            "take(): indices of {t} are not supported (an integer or an array of integers)"
        ))),
    }
}

/// The normalized constant `axis=` of a take of an `ndim`-dimensional array (`None` for none, and
/// for the only axis of a 1-d array, which is the flattened take).
fn take_axis(types: &[Type], consts: &[Option<Const>], ndim: u8) -> Result<Option<u8>, CallError> {
    let k = match (&types[2], consts.get(2).and_then(Option::as_ref)) {
        (Type::NoneType, _) => return Ok(None),
        (_, Some(Const::Int(k))) => *k,
        (t, _) => {
            return Err(CallError::unsupported(format!(
                "take(): axis must be a constant integer or None, not {t}"
            )))
        }
    };
    let n = ndim as i64;
    if k < -n || k >= n {
        return Err(CallError::axis(k, ndim));
    }
    Ok((ndim > 1).then_some(if k < 0 { k + n } else { k } as u8))
}
