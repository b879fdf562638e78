//! `np.trapezoid(y, x=None, dx=1.0, axis=-1)` of a 1-d `y`: NumPy's
//! `add.reduce(d * (y[1:] + y[:-1]) / 2.0)` with `d` the differences of `x` or `dx`, each step
//! in NumPy's dtypes. Its id is an [`ArrayFn`] variant; the implementation is codegen's
//! `lower/trapezoid.rs`.

use super::elementwise::{binop_element, weak};
use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::{BinOp, Const};
use crate::types::Type;

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("y"),
        Param::none("x"),
        Param::opt("dx", Const::Float(1.0)),
        Param::opt("axis", Const::Int(-1)),
    ]
}

/// The item types of the steps: `(y[1:] + y[:-1], d, d * that, the result)`.
pub fn steps(args: &CallArgs) -> Result<[Type; 4], CallError> {
    let t = args.types;
    let y = match &t[0] {
        Type::Array(a) if a.ndim == 1 && matches!(a.dtype, Type::Int(_) | Type::Float(32 | 64)) => {
            a.dtype.clone()
        }
        Type::Array(a) if a.ndim != 1 => {
            return Err(CallError::unsupported(
                "trapezoid() of arrays of other than 1 dimension is not supported yet",
            ))
        }
        other => {
            return Err(CallError::unsupported(format!(
                "trapezoid() of {other} is not supported yet"
            )))
        }
    };
    if !matches!(args.consts.get(3), Some(Some(Const::Int(0 | -1)))) {
        return Err(CallError::unsupported(
            "trapezoid(): axis must be a constant 0 or -1 here",
        ));
    }
    let sum = binop_element(BinOp::Add, &y, &y)?;
    let d = match &t[1] {
        Type::NoneType if t[2].is_real() && t[2] != Type::Bool => weak(&t[2], &sum),
        Type::NoneType => {
            return Err(CallError::typing(format!(
                "trapezoid(): dx must be a number, not {}",
                t[2]
            )))
        }
        Type::Array(x) if x.ndim == 1 && matches!(x.dtype, Type::Int(_) | Type::Float(32 | 64)) => {
            binop_element(BinOp::Sub, &x.dtype, &x.dtype)?
        }
        other => {
            return Err(CallError::unsupported(format!(
                "trapezoid() with x of {other} is not supported yet (1-d arrays)"
            )))
        }
    };
    let product = binop_element(BinOp::Mul, &d, &sum)?;
    let half = binop_element(BinOp::Div, &product, &weak(&Type::F64, &product))?;
    Ok([sum, d, product, half])
}

/// The result: a number of the halves' type (NumPy's `add.reduce` of a 1-d array).
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    Ok(steps(args)?[3].clone())
}
