//! Tuples: their items at their C struct offsets; box as Python `tuple`, or as an instance of
//! the named tuple class the type names.

use oxjit_core::types::{field_offsets, TupleItems, Type};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Writes the tuple `obj` with items of types `items` at `dst`.
///
/// # Safety
/// `dst` must point to at least `size_align` of the tuple type writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, items: &[Type], dst: *mut u8) -> PyResult<()> {
    let tuple = obj.cast::<PyTuple>()?;
    for ((item_t, offset), item) in items.iter().zip(field_offsets(items)).zip(tuple.iter()) {
        // SAFETY: each item lies at its offset inside the tuple's slot.
        unsafe { super::unbox(&item, item_t, dst.add(offset))? };
    }
    Ok(())
}

/// The tuple with items of types `items` at `src` as a Python `tuple`.
///
/// # Safety
/// `src` must point to an initialised tuple of those items.
pub(super) unsafe fn box_value(
    py: Python<'_>,
    items: &TupleItems,
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    let mut objs = Vec::with_capacity(items.len());
    for (item_t, offset) in items.iter().zip(field_offsets(items)) {
        // SAFETY: each item lies at its offset inside the tuple's value.
        objs.push(unsafe { super::box_value(py, item_t, src.add(offset))? });
    }
    let tuple = PyTuple::new(py, objs)?;
    match items.class() {
        Some(named) => super::named::instance(py, named, tuple),
        None => Ok(tuple.into_any().unbind()),
    }
}
