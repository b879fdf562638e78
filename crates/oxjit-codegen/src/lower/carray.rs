//! `carray(ptr, shape)` and `farray(ptr, shape)`: an array viewing the memory a `CPointer`
//! argument of a `@cfunc` points to, C- or Fortran-ordered (contiguous strides for the shape).
//! The view owns nothing (a null meminfo: reference counting leaves it alone); the memory is
//! the C caller's, as in Numba.

use inkwell::values::BasicValueEnum;
use inkwell::AddressSpace;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::{FnGen, R};

pub(super) fn pointer_view<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Type::Array(at) = c.result else {
        return Err(Diagnostic::internal(format!(
            "carray typed as {}, not an array",
            c.result
        )));
    };
    let shape = g.shape_argument(&c.args[1])?;
    let strides = g.contiguous_strides(at, &shape)?;
    let null = g.cx().ptr_type(AddressSpace::default()).const_null();
    let array = g.build_array(at, null.into(), c.args[0].v, &shape, &strides)?;
    Ok(array.into())
}
