//! NumPy's ufuncs of one operand with two results, `np.frexp(x)` (mantissa and int32 exponent)
//! and `np.modf(x)` (fractional and integral parts): a tuple of two numbers for a number, of two
//! new arrays (in the operand's memory order, as NumPy's `order='K'`) for an array. Their ids
//! are [`ArrayFn`] variants; the implementation is codegen's `lower/ufunc_pair.rs`.

use super::error::CallError;
use super::signature::Param;
use super::{ArrayFn, CallArgs};
use crate::types::{IntTy, Type};

/// The parameters, as NumPy names them (`out=` and friends are not taken).
pub fn params() -> Vec<Param> {
    vec![Param::req("x")]
}

/// The types of the two results for items of type `t`: NumPy's loops are float only
/// (`'d->di'`, `'d->dd'`...), integers and booleans going to the first float type that holds
/// them ([`super::numpy::float_loop`]).
pub fn results(f: ArrayFn, t: &Type) -> Result<(Type, Type), CallError> {
    let Some(ft) = super::numpy::float_loop(t) else {
        return Err(CallError::typing(format!(
            "ufunc '{}' not supported for the input types, and the inputs could not be safely \
             coerced to any supported types according to the casting rule ''safe''",
            f.name()
        )));
    };
    let second = if f == ArrayFn::Frexp {
        Type::Int(IntTy {
            bits: 32,
            signed: true,
        })
    } else {
        ft.clone()
    };
    Ok((ft, second))
}

/// `(first, second)`: numbers for a number, arrays of the operand's shape for an array.
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let x = &args.types[0];
    let (first, second) = match x {
        Type::Array(a) => results(f, &a.dtype)?,
        t if t.is_numeric() => results(f, t)?,
        t => {
            return Err(CallError::typing(format!(
                "np.{}() of {t} is not supported",
                f.name()
            )))
        }
    };
    let Type::Array(a) = x else {
        return Ok(Type::tuple(vec![first, second]));
    };
    let each =
        |t: Type| super::results::elementwise_result(super::elementwise::array(t, a.ndim), &[x]);
    Ok(Type::tuple(vec![each(first), each(second)]))
}
