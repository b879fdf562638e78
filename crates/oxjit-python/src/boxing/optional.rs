//! Optional values: `{bool present, value}` laid out as a C struct; box as `None` or the value.
//! An argument is optional only where an explicit signature says so (numba-stats'
//! `float64[:](float64, uint64, optional(uint64))`); otherwise its type is that of its value.

use oxjit_core::analysis::refcount::is_ref;
use oxjit_core::types::{field_offsets, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// Unboxes `obj` (`None` or a value of `inner`) as an optional of `inner` at `dst`. Only inner
/// types that hold no references (numbers, tuples of them): the call gives back nothing of it.
///
/// # Safety
/// `dst` must have room for an optional of `inner`.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, inner: &Type, dst: *mut u8) -> PyResult<()> {
    if is_ref(inner) {
        return Err(PyTypeError::new_err(format!(
            "oxjit: cannot pass a value of type OptionalType({inner}) (optional numbers can be \
             passed)"
        )));
    }
    let present = !obj.is_none();
    // SAFETY: `dst` holds the flag, then the value at its C offset (the caller's guarantee).
    unsafe {
        *dst = present as u8;
        if present {
            let offset = field_offsets(&[Type::Bool, inner.clone()])[1];
            return super::unbox(obj, inner, dst.add(offset));
        }
    }
    Ok(())
}

/// The optional `inner` value at `src` as a Python object.
///
/// # Safety
/// `src` must point to an initialised optional of `inner`.
pub(super) unsafe fn box_value(
    py: Python<'_>,
    inner: &Type,
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds the flag, then the value at its C offset (the caller's guarantee).
    unsafe {
        if *src == 0 {
            Ok(py.None())
        } else {
            let offset = field_offsets(&[Type::Bool, inner.clone()])[1];
            super::box_value(py, inner, src.add(offset))
        }
    }
}
