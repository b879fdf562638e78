//! Functions that rearrange an array's items into a new array: `np.roll`, `np.tile` and
//! `np.repeat` (also `a.repeat()`), with NumPy's parameters, checks and result types. Their ids
//! are [`ArrayFn`] variants (the table lists them with the other array functions); their
//! implementation is codegen's `lower/rearrange.rs`.

use std::sync::Arc;

use super::args::axis_argument;
use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them (a method's array first).
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Roll => vec![Param::req("a"), Param::req("shift"), Param::none("axis")],
        ArrayFn::Repeat => vec![Param::req("a"), Param::req("repeats"), Param::none("axis")],
        ArrayFn::Tile => vec![Param::req("A"), Param::req("reps")],
        _ => unreachable!("{f:?} is not a rearranging function"),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let a = array_argument(f, &args.types[0])?;
    match f {
        ArrayFn::Roll => type_roll(a, args),
        ArrayFn::Repeat => type_repeat(a, args),
        ArrayFn::Tile => type_tile(a, args),
        _ => unreachable!("{f:?} is not a rearranging function"),
    }
}

/// The constant arguments lowering needs: the axis (`None`: the flattened array).
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    let axis = match (f, args.types.first()) {
        (ArrayFn::Roll | ArrayFn::Repeat, Some(Type::Array(a))) => {
            axis_argument(&args.types[2], args.consts[2].as_ref(), a.ndim)
                .ok()
                .flatten()
        }
        _ => None,
    };
    Decoded {
        axis,
        ..Decoded::default()
    }
}

/// The array argument (NumPy also takes numbers and lists; oxjit arrays only).
fn array_argument(f: ArrayFn, t: &Type) -> Result<&ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.dtype.is_numeric() => Ok(a),
        other => Err(CallError::unsupported(format!(
            "{}() of {other} is not supported (arrays of numbers only)",
            f.name()
        ))),
    }
}

/// A scalar integer argument (bools count, as NumPy's `int()` of them does).
fn integer_argument(f: ArrayFn, what: &str, t: &Type) -> Result<(), String> {
    if t.is_integer_like() {
        Ok(())
    } else {
        Err(format!(
            "{}(): {what} must be an integer, not {t}",
            f.name()
        ))
    }
}

fn array(dtype: &Type, ndim: u8, layout: Layout) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype: dtype.clone(),
        ndim,
        layout,
        readonly: false,
    }))
}

/// `np.roll(a, shift, axis=None)`: one integer shift; the axis a constant (or `None`: the array
/// rolled flat, then given `a`'s shape, so C-contiguous). Along an axis the result is laid out
/// as `a` is (NumPy fills `empty_like(a)`).
fn type_roll(a: &ArrayTy, args: &CallArgs) -> Result<Type, CallError> {
    if matches!(args.types[1], Type::Tuple(_)) {
        return Err(CallError::unsupported(
            "roll(): a tuple of shifts is not supported (one integer shift)",
        ));
    }
    integer_argument(ArrayFn::Roll, "shift", &args.types[1])?;
    let layout = match axis_argument(&args.types[2], args.consts[2].as_ref(), a.ndim)? {
        None => Layout::C,
        Some(_) => super::results::keep_order_layout(&[&args.types[0]]),
    };
    Ok(array(&a.dtype, a.ndim, layout))
}

/// `np.repeat(a, repeats, axis=None)`, `a.repeat(...)`: `repeats` an integer or a 1-d (or 0-d)
/// array of integers (NumPy casts it to intp "safely": floats and uint64 are its `TypeError`,
/// refused here); the axis a constant or `None` (the array flattened). Always a new C array.
fn type_repeat(a: &ArrayTy, args: &CallArgs) -> Result<Type, CallError> {
    let counts = match &args.types[1] {
        Type::Array(r) if r.ndim > 1 => {
            return Err(CallError::typing(
                "repeat(): repeats must be an integer or a 1-d array of integers \
                 (NumPy: object too deep for desired array)",
            ))
        }
        Type::Array(r) => &r.dtype,
        t => t,
    };
    let unsafe_cast = matches!(counts, Type::Int(it) if !it.signed && it.bits == 64);
    if !counts.is_integer_like() || unsafe_cast {
        return Err(CallError::typing(format!(
            "repeat(): repeats must be integers; NumPy cannot cast {counts} to int64 \
             according to the rule 'safe'"
        )));
    }
    let ndim = match axis_argument(&args.types[2], args.consts[2].as_ref(), a.ndim)? {
        None => 1,
        Some(_) => a.ndim,
    };
    Ok(array(&a.dtype, ndim, Layout::C))
}

/// `np.tile(A, reps)`: `reps` an integer or a tuple of integers (its length is known, so the
/// result's dimensions are: `max(A.ndim, len(reps))`). Laid out C, except that NumPy copies `A`
/// keeping its memory order when every rep is 1: then a non-C `A` gives a result whose layout
/// is known only at run time.
fn type_tile(a: &ArrayTy, args: &CallArgs) -> Result<Type, CallError> {
    let reps = match &args.types[1] {
        Type::Tuple(items) if items.iter().all(Type::is_integer_like) => items.len(),
        t if t.is_integer_like() => 1,
        t => {
            return Err(CallError::typing(format!(
                "tile(): reps must be an integer or a tuple of integers, not {t}"
            )))
        }
    };
    let ndim = u8::try_from(reps)
        .ok()
        .filter(|d| *d <= 32)
        .ok_or_else(|| CallError::typing("tile(): too many reps (at most 32 dimensions)"))?
        .max(a.ndim);
    let layout = match super::results::keep_order_layout(&[&args.types[0]]) {
        Layout::C => Layout::C,
        _ => Layout::A,
    };
    Ok(array(&a.dtype, ndim, layout))
}
