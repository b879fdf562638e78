//! `None`: a dummy byte in its slot; boxes as `None`.

use pyo3::prelude::*;

/// Writes `None`'s dummy byte at `dst`.
///
/// # Safety
/// `dst` must point to one writable byte.
pub(super) unsafe fn unbox(dst: *mut u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee.
    unsafe { *dst = 0 };
    Ok(())
}
