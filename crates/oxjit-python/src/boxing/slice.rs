//! `slice` arguments (Numba accepts them: `f(a, slice(1, 5))`): start, stop and step, ints or
//! `None`, unboxed into the native slice `{start, stop, step}` (`i64::MIN` for a missing part,
//! as a slice written in the code is built; a step of -2**63 is -(2**63 - 1), as CPython
//! clamps it for indexing).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyInt, PySlice};

/// Whether `obj` is a slice oxjit passes: its parts ints that fit in 64 bits, or `None`.
pub(super) fn is_slice_argument(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let Ok(s) = obj.cast_exact::<PySlice>() else {
        return Ok(false);
    };
    for part in ["start", "stop", "step"] {
        let v = s.getattr(part)?;
        let fits = v.is_instance_of::<PyInt>() && v.extract::<i64>().is_ok();
        if !(v.is_none() || fits) {
            return Err(PyTypeError::new_err(format!(
                "oxjit: a slice argument's {part} must be an int (64 bits) or None, got {}",
                v.repr()?
            )));
        }
    }
    Ok(true)
}

/// Writes the native slice of `obj` at `dst`.
///
/// # Safety
/// `dst` must point to 24 writable bytes, 8-aligned.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let part = |name: &str, missing: i64| -> PyResult<i64> {
        let v = obj.getattr(name)?;
        if v.is_none() {
            Ok(missing)
        } else {
            v.extract::<i64>()
        }
    };
    let step = match part("step", i64::MIN)? {
        i64::MIN if !obj.getattr("step")?.is_none() => i64::MIN + 1,
        step => step,
    };
    let parts = [part("start", i64::MIN)?, part("stop", i64::MIN)?, step];
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut [i64; 3]).write_unaligned(parts) };
    Ok(())
}
