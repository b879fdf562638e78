//! `bytes` (`types/bytes.rs` in core): unboxed as the read-only 1-d `uint8` array over the
//! object's own bytes (borrowed for the call, as an array argument), boxed as a new `bytes`
//! with a copy of them (`PyBytes_FromStringAndSize`), or the argument itself where the value is
//! all of it.

use oxjit_abi::MemInfo;
use oxjit_core::types::bytes_array;
use oxjit_runtime::nrt::oxjit_rt_nrt_decref;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// Writes the `bytes` argument `obj` at `dst`.
///
/// # Safety
/// `dst` must point to the 32 writable bytes of a bytes value.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee; `array::unbox` lays `bytes` out as this array.
    unsafe { super::array::unbox(obj, &bytes_array(), dst) }
}

/// The bytes value at `src` as a Python `bytes`, taking over the reference it holds.
///
/// # Safety
/// `src` must point to an initialised bytes value.
pub(super) unsafe fn box_value(py: Python<'_>, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds `{meminfo, data, len, stride}` (this function's contract).
    unsafe {
        let meminfo = (src as *const usize).read_unaligned();
        let data = (src.add(8) as *const *const u8).read_unaligned();
        let len = (src.add(16) as *const i64).read_unaligned() as usize;
        if meminfo & oxjit_abi::MEMINFO_PYOBJECT_TAG != 0 {
            // An argument's memory (borrowed, no reference to give back): the argument itself
            // where the value is all of it.
            let base = Bound::from_borrowed_ptr(py, (meminfo & !1) as *mut pyo3::ffi::PyObject);
            if let Ok(b) = base.cast::<PyBytes>() {
                let whole = b.as_bytes();
                if whole.as_ptr() == data && whole.len() == len {
                    return Ok(base.unbind());
                }
            }
        }
        let bytes = if len == 0 {
            PyBytes::new(py, &[])
        } else {
            PyBytes::new(py, std::slice::from_raw_parts(data, len))
        };
        oxjit_rt_nrt_decref(meminfo as *mut MemInfo);
        Ok(bytes.into_any().unbind())
    }
}
