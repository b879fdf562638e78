//! Complex numbers: two `f32` or two `f64` (real, imaginary); box as Python `complex`.

use pyo3::prelude::*;
use pyo3::types::PyComplex;

/// Writes the number `obj` (a `complex`, or anything with `.real` and `.imag`) as a complex
/// of `bits` bits at `dst`.
///
/// # Safety
/// `dst` must point to at least `bits / 8` writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, bits: u8, dst: *mut u8) -> PyResult<()> {
    let c: (f64, f64) = match obj.cast::<PyComplex>() {
        Ok(z) => (z.real(), z.imag()),
        Err(_) => (
            obj.getattr("real")?.extract()?,
            obj.getattr("imag")?.extract()?,
        ),
    };
    // SAFETY: `dst` holds two floats of `bits / 2` bits (the caller's guarantee).
    unsafe {
        if bits == 64 {
            (dst as *mut f32).write_unaligned(c.0 as f32);
            (dst.add(4) as *mut f32).write_unaligned(c.1 as f32);
        } else {
            (dst as *mut f64).write_unaligned(c.0);
            (dst.add(8) as *mut f64).write_unaligned(c.1);
        }
    }
    Ok(())
}

/// The complex of `bits` bits at `src` as a Python `complex`.
///
/// # Safety
/// `src` must point to an initialised complex of `bits` bits.
pub(super) unsafe fn box_value(py: Python<'_>, bits: u8, src: *const u8) -> Py<PyAny> {
    // SAFETY: `src` holds two floats of `bits / 2` bits (the caller's guarantee).
    let (re, im) = unsafe {
        if bits == 64 {
            (
                (src as *const f32).read_unaligned() as f64,
                (src.add(4) as *const f32).read_unaligned() as f64,
            )
        } else {
            (
                (src as *const f64).read_unaligned(),
                (src.add(8) as *const f64).read_unaligned(),
            )
        }
    };
    PyComplex::from_doubles(py, re, im).into_any().unbind()
}
