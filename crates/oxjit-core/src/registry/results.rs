//! Rules about array results shared by every elementwise operation (operators, comparisons,
//! ufuncs, `np.where`, `np.clip`), and which functions take 0-d arrays.
//!
//! - 0-d arrays: an elementwise operation whose array operands are all 0-d gives a NumPy scalar
//!   in NumPy 2 (`np.array(5.0) + 1` is `np.float64(6.0)`), so its type here is the item's.
//! - Memory order: NumPy allocates an elementwise result in the memory order of its inputs
//!   (`order='K'`): all C gives C, all F (next to 1-d arrays and scalars, which have no say)
//!   gives F; otherwise the order follows the inputs' strides at run time, so the static layout
//!   is `A` and the codegen asks the runtime for NumPy's strides.

use super::error::CallError;
use std::sync::Arc;

use super::{ArrayFn, Builtin};
use crate::types::{ArrayTy, Layout, Type};

fn is_zero_d(t: &Type) -> bool {
    matches!(t, Type::Array(a) if a.ndim == 0)
}

/// The layout NumPy's `order='K'` gives a new array computed from `operands`, as far as the
/// types tell.
pub fn keep_order_layout(operands: &[&Type]) -> Layout {
    let orders: Vec<Layout> = operands
        .iter()
        .filter_map(|t| match t {
            // 1-d arrays (and 0-d ones, scalars) are both C and F: no say.
            Type::Array(a) if a.ndim > 1 => Some(a.layout),
            _ => None,
        })
        .collect();
    if orders.iter().all(|l| *l == Layout::C) {
        Layout::C
    } else if orders.iter().all(|l| *l == Layout::F) {
        Layout::F
    } else {
        Layout::A
    }
}

/// The type of an elementwise operation's result `t` (as its rule gives it, a C array when any
/// operand is an array), given its operands: a scalar for 0-d operands only, else an array in
/// the operands' memory order.
pub fn elementwise_result(t: Type, operands: &[&Type]) -> Type {
    let Type::Array(a) = &t else {
        return t;
    };
    if a.ndim == 0
        && operands
            .iter()
            .all(|o| !matches!(o, Type::Array(x) if x.ndim > 0))
    {
        return a.dtype.clone();
    }
    let layout = if a.ndim <= 1 {
        Layout::C
    } else {
        keep_order_layout(operands)
    };
    if layout == a.layout {
        return t;
    }
    Type::Array(Arc::new(ArrayTy {
        layout,
        ..(**a).clone()
    }))
}

/// Whether the result of builtin `f` follows [`elementwise_result`].
pub fn is_elementwise(f: Builtin, args: &[Type]) -> bool {
    match f {
        Builtin::Numpy(n) => n.conversion_target().is_none() && !n.is_part_view(),
        Builtin::Ufunc(_) => true,
        // With an `out` array, the result is `out` itself.
        Builtin::Array(ArrayFn::Clip) => args.get(3).is_none_or(|t| *t == Type::NoneType),
        Builtin::Array(ArrayFn::Where) => args.get(1).is_some_and(|t| *t != Type::NoneType),
        _ => false,
    }
}

/// Refuses, at compile time, the functions that do not handle 0-d arrays yet (rather than give
/// a wrong answer or fail later).
pub fn check_zero_d(f: Builtin, args: &[Type]) -> Result<(), CallError> {
    if !args.iter().any(is_zero_d) {
        return Ok(());
    }
    use ArrayFn::*;
    let supported = match f {
        Builtin::Reduce(_) | Builtin::Len | Builtin::Print => true,
        f if converts_items(f) => true,
        f if is_elementwise(f, args) => true,
        Builtin::Array(a) => matches!(
            a,
            Copy | Asarray
                | Astype
                | Fill
                | Reshape
                | Ravel
                | Flatten
                | Item
                | Transpose
                | EmptyLike
                | ZerosLike
                | OnesLike
                | FullLike
                | Array
                | Roll
                | Repeat
                | Tile
                | Einsum
                | Diff
                | CountNonzero
                | ArrayEqual
                | Swapaxes
                | Ptp
                | ExpandDims
                | Histogram
                | Atleast1d
                | Atleast2d
                | Atleast3d
                | Isscalar
                | Isin
                | Iscomplexobj
                | Isrealobj
                | Append
                | BroadcastTo
                | Shape
        ),
        _ => false,
    };
    if supported {
        Ok(())
    } else {
        Err(CallError::unsupported(format!(
            "{}() of a 0-d array is not supported yet",
            f.name()
        )))
    }
}

/// The number conversions that take a 0-d array as its item (`float(a[..., 3])`,
/// `np.float32(a)`).
pub fn converts_items(f: Builtin) -> bool {
    match f {
        Builtin::Int | Builtin::Float | Builtin::Bool | Builtin::Complex => true,
        Builtin::Numpy(n) => n.conversion_target().is_some(),
        _ => false,
    }
}

/// `types` with each 0-d array as its item's type.
pub fn items_of_zero_d(types: &[Type]) -> Vec<Type> {
    types
        .iter()
        .map(|t| match t {
            Type::Array(a) if a.ndim == 0 => a.dtype.clone(),
            t => t.clone(),
        })
        .collect()
}
