//! Strings: a Python `str` argument is copied into a new string block (the dispatcher gives it
//! back after the call, [`release`]); a string result becomes a Python `str` and its block is
//! given back. abi3 has no `PyUnicode_DATA`: the text is read as UTF-8 (CPython caches it), or
//! as UCS-4 where it has lone surrogates, which UTF-8 cannot carry.

use oxjit_abi::MemInfo;
use oxjit_core::types::{field_offsets, Type};
use oxjit_runtime::nrt::oxjit_rt_nrt_decref;
use oxjit_runtime::strs::{from_str, from_u32s, from_ucs4_with, kind_of_utf8, units, Units};
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
        // Text above U+FFFF is held by CPython as UCS-4 too: copied as it is.
        Ok(text) if !text.is_ascii() && kind_of_utf8(text.as_bytes()) == 4 => ucs4_block(obj)?,
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

/// A string block of the code points of `obj`, a `str` with one above U+FFFF, copied by
/// `PyUnicode_AsUCS4` (a copy of CPython's own units); null when memory runs out.
fn ucs4_block(obj: &Bound<'_, PyAny>) -> PyResult<*mut MemInfo> {
    // SAFETY: `obj` is a live `str`; the block holds its `n` code points.
    let n = unsafe { pyo3::ffi::PyUnicode_GetLength(obj.as_ptr()) };
    if n < 0 {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok(from_ucs4_with(n as usize, |out| {
        // SAFETY: `out` has room for the `n` code points (no terminating null is asked for).
        let p = unsafe { pyo3::ffi::PyUnicode_AsUCS4(obj.as_ptr(), out.as_mut_ptr(), n, 0) };
        !p.is_null()
    }))
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
    decoded(py, u)
}

/// The `str` of the code units `u`, made by CPython's decoder of their width (one copy, where
/// UTF-8 took an encoding and a decoding). Units holding a surrogate, which UTF-16 would pair,
/// are decoded as UTF-32 with `surrogatepass`: a lone surrogate comes back as it was.
fn decoded(py: Python<'_>, u: Units<'_>) -> PyResult<Py<PyAny>> {
    use std::os::raw::{c_char, c_int};
    let surrogate = |c: u32| (0xD800..0xE000).contains(&c);
    // Little-endian on this machine: -1, else big-endian: 1 (a BOM is kept as a character).
    let mut order: c_int = if cfg!(target_endian = "little") {
        -1
    } else {
        1
    };
    let bytes = u.bytes();
    let (p, n) = (bytes.as_ptr() as *const c_char, bytes.len() as isize);
    let pass = c"surrogatepass".as_ptr();
    // SAFETY: `bytes` (and `wide`) hold the string's units, alive during the call.
    let obj = unsafe {
        match u {
            Units::L1(_) => pyo3::ffi::PyUnicode_DecodeLatin1(p, n, std::ptr::null()),
            Units::L2(s) if !s.iter().any(|&c| surrogate(c as u32)) => {
                pyo3::ffi::PyUnicode_DecodeUTF16(p, n, std::ptr::null(), &mut order)
            }
            Units::L2(s) => {
                let wide: Vec<u32> = s.iter().map(|&c| c as u32).collect();
                let q = wide.as_ptr() as *const c_char;
                pyo3::ffi::PyUnicode_DecodeUTF32(q, 4 * wide.len() as isize, pass, &mut order)
            }
            Units::L4(_) => pyo3::ffi::PyUnicode_DecodeUTF32(p, n, pass, &mut order),
        }
    };
    if obj.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference.
    Ok(unsafe { Bound::from_owned_ptr(py, obj) }.unbind())
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
