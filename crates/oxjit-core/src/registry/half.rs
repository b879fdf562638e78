//! Which callables take float16 arrays. Loads, stores, conversions, arithmetic, the ufuncs and
//! the reductions below compute as NumPy's float16 loops do (in float32, rounded back per
//! operation); the other NumPy functions have loops for float32 and float64 only, and a float16
//! array reaching them is refused here, at compile time, rather than computed in another type.

use super::error::CallError;
use super::{ArrayFn, Builtin, ReduceOp};
use crate::types::{Layout, Type};

fn has_half(t: &Type) -> bool {
    match t {
        Type::Array(a) => a.dtype == Type::Float(16),
        Type::Tuple(items) => items.iter().any(has_half),
        Type::List(item) => has_half(item),
        _ => false,
    }
}

/// Whether `f` computes float16 arrays as NumPy does (or only moves their items).
fn takes_half(f: Builtin) -> bool {
    use ArrayFn::*;
    match f {
        // The ufuncs, scalar or elementwise, and those of operators (`np.add`).
        Builtin::Numpy(_) | Builtin::Math(_) | Builtin::Ufunc(_) => true,
        Builtin::Reduce(op) => matches!(
            op,
            ReduceOp::Sum
                | ReduceOp::Prod
                | ReduceOp::Min
                | ReduceOp::Max
                | ReduceOp::Argmin
                | ReduceOp::Argmax
                | ReduceOp::All
                | ReduceOp::Any
                | ReduceOp::Mean
                | ReduceOp::Cumsum
                | ReduceOp::Cumprod
        ),
        Builtin::Array(a) => matches!(
            a,
            Empty
                | Zeros
                | Ones
                | Full
                | EmptyLike
                | ZerosLike
                | OnesLike
                | FullLike
                | Copy
                | Flatten
                | Asarray
                | Ascontiguousarray
                | Astype
                | Fill
                | Clip
                | Array
                | Reshape
                | Ravel
                | Transpose
                | View
                | Where
                | Nonzero
                | Concatenate
                | Stack
                | Vstack
                | Hstack
                | Flip
                | Fliplr
                | Flipud
                | Swapaxes
                | ExpandDims
                | Frexp
                | Modf
                | Asfortranarray
                | Atleast1d
                | Atleast2d
                | Atleast3d
                | BroadcastTo
                | ColumnStack
                | Dstack
                | Moveaxis
        ),
        Builtin::Linalg(_)
        | Builtin::Fft(_)
        | Builtin::Random(_)
        | Builtin::NpGen(_)
        | Builtin::UfuncMethod(_) => false,
        _ => true,
    }
}

/// Reductions along an axis, and products of strided arrays of several dimensions (which NumPy
/// rounds to float16 where its iterator splits them), are not implemented for float16.
fn reduction(op: ReduceOp, args: &[Type], result: &Type) -> Result<(), CallError> {
    let along_axis =
        matches!(result, Type::Array(_)) && !matches!(op, ReduceOp::Cumsum | ReduceOp::Cumprod);
    let strided_product = op == ReduceOp::Prod
        && matches!(args.first(), Some(Type::Array(a)) if a.ndim > 1 && a.layout == Layout::A);
    if along_axis || strided_product {
        return Err(CallError::unsupported(format!(
            "{}() of float16 arrays {} is not supported (convert with .astype(np.float32) first)",
            op.name(),
            if along_axis {
                "along an axis"
            } else {
                "of several strided dimensions"
            }
        )));
    }
    Ok(())
}

/// Refuses a call of `f` with a float16 array among its operands or as its result where `f`
/// has no float16 implementation.
pub fn check(f: Builtin, args: &[Type], result: &Type) -> Result<(), CallError> {
    if !(args.iter().any(has_half) || has_half(result)) {
        return Ok(());
    }
    if let Builtin::Reduce(op) = f {
        reduction(op, args, result)?;
    }
    if takes_half(f) {
        return Ok(());
    }
    Err(CallError::unsupported(format!(
        "{}() of float16 arrays is not supported (convert with .astype(np.float32) first)",
        f.name()
    )))
}
