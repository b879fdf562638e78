//! `np.nditer((a, b, ...))`: several arrays iterated together, broadcast to one shape, in
//! NumPy's order='K': the order NumPy's iterator decides from the operands' strides at run time
//! (C order for C-contiguous operands, memory order for F-ordered ones, axes sorted and flipped
//! for strided views; lowered in `lower/nditer_order.rs`). Typed as a `zip` of the operands'
//! broadcast views, each walked in C order over its reordered axes; the items are numbers (as
//! for one operand: `x.item()` and `float(x)` work as on NumPy's 0-d items).

use std::sync::Arc;

use crate::types::{ArrayTy, Layout, Type};

/// The type of `np.nditer(op)`: of one array, its items in memory order; of a tuple of arrays,
/// see [`type_several`].
pub fn type_call(op: &Type) -> Result<Type, String> {
    match op {
        Type::Tuple(items) => type_several(items),
        Type::Array(a) => Ok(Type::Flat(a.clone(), true)),
        other => Err(format!(
            "nditer() of {other} is not supported (arrays only)"
        )),
    }
}

/// The type of `np.nditer` of a tuple of arrays.
pub fn type_several(operands: &[Type]) -> Result<Type, String> {
    let mut ndim = 0;
    for t in operands {
        match t {
            Type::Array(a) => ndim = ndim.max(a.ndim),
            t => {
                return Err(format!(
                    "np.nditer of several operands takes arrays here, not {t}"
                ))
            }
        }
    }
    if operands.is_empty() {
        return Err("np.nditer of an empty tuple".to_string());
    }
    let views = operands.iter().map(|t| {
        let Type::Array(a) = t else {
            unreachable!("checked above")
        };
        // A broadcast view: strides of 0 where it is stretched; read-only as NumPy's default
        // op_flags are.
        let view = ArrayTy {
            ndim,
            layout: Layout::A,
            readonly: true,
            ..(**a).clone()
        };
        Type::Flat(Arc::new(view), false)
    });
    Ok(Type::Zip(views.collect::<Vec<_>>().into()))
}
