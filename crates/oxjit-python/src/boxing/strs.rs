//! Strings: a Python `str` argument is copied into a new string block (the dispatcher gives it
//! back after the call, [`release`]); a string result becomes a Python `str` and its block is
//! given back. abi3 has no `PyUnicode_DATA`: the text is read as UTF-8 (CPython caches it), or
//! as UCS-4 where it has lone surrogates, which UTF-8 cannot carry.

use oxjit_abi::MemInfo;
use oxjit_core::types::{field_offsets, Type};
use oxjit_runtime::nrt::oxjit_rt_nrt_decref;
use oxjit_runtime::strs::{from_str, from_u32s, units};
use pyo3::exceptions::PyMemoryError;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Writes a new string block of `obj` (a `str`) at `dst`.
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let s = obj.cast::<PyString>()?;
    let mi = match s.to_str() {
        Ok(text) => from_str(text),
        Err(_) => {
            let cps = ucs4(obj)?;
            from_u32s(&cps)
        }
    };
    if mi.is_null() {
        return Err(PyMemoryError::new_err(
            "oxjit: no memory for a string argument",
        ));
    }
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut *mut MemInfo).write(mi) };
    Ok(())
}

/// The code points of a `str` (lone surrogates included).
fn ucs4(obj: &Bound<'_, PyAny>) -> PyResult<Vec<u32>> {
    // SAFETY: `obj` is a live `str`; the copy is PyMem-allocated and freed here.
    unsafe {
        let n = pyo3::ffi::PyUnicode_GetLength(obj.as_ptr());
        let buf = pyo3::ffi::PyUnicode_AsUCS4Copy(obj.as_ptr());
        if buf.is_null() {
            return Err(PyErr::fetch(obj.py()));
        }
        let cps = std::slice::from_raw_parts(buf, n.max(0) as usize).to_vec();
        pyo3::ffi::PyMem_Free(buf as *mut std::ffi::c_void);
        Ok(cps)
    }
}

/// The string at `src` as a Python `str`, without giving its block back (`print`).
///
/// # Safety
/// `src` must hold a live string.
pub unsafe fn borrowed(py: Python<'_>, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    let mi = unsafe { *(src as *const *mut MemInfo) };
    let u = units(mi);
    let text = u.to_string_lossy();
    Ok(PyString::new(py, &text).into_any().unbind())
}

/// The string at `src` as a Python `str`; the reference the slot holds is given back.
///
/// # Safety
/// `src` must hold a string the caller owns a reference to.
pub(super) unsafe fn box_value(py: Python<'_>, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    let out = unsafe { borrowed(py, src) };
    // SAFETY: as above.
    oxjit_rt_nrt_decref(unsafe { *(src as *const *mut MemInfo) });
    out
}

/// Gives back the string blocks an unboxed argument of type `t` at `src` holds.
///
/// # Safety
/// `src` must hold a value `unbox` wrote for type `t`.
pub unsafe fn release(t: &Type, src: *const u8) {
    match t {
        // SAFETY: the caller's guarantee.
        Type::Str => oxjit_rt_nrt_decref(unsafe { *(src as *const *mut MemInfo) }),
        Type::Tuple(items) => {
            for (item, offset) in items.iter().zip(field_offsets(items)) {
                // SAFETY: each item lies at its offset.
                unsafe { release(item, src.add(offset)) };
            }
        }
        _ => {}
    }
}
