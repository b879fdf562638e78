//! Optional values: `{bool present, value}` laid out as a C struct; box as `None` or the value.
//! They are results only (an argument is never optional: its type is that of its value).

use oxjit_core::types::{field_offsets, Type};
use pyo3::prelude::*;

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
