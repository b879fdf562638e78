//! Items of typed containers read and written in place: Python objects in, native values out,
//! with the references an item holds counted (as the runtime counts them, through the type's
//! reference offsets).

use oxjit_abi::MEMINFO_PYOBJECT_TAG;
use oxjit_core::types::{ref_offsets, Type};
use oxjit_runtime::nrt::{
    oxjit_rt_nrt_allocate, oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, set_dtor, MemInfo,
};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt};

/// Numba's name of an item type (nested containers named as typed ones).
pub(crate) fn numba_name(t: &Type) -> String {
    match t {
        Type::List(item) => super::list_type_name(item),
        Type::Dict(k, v) => super::dict_type_name(k, v),
        other => other.to_string(),
    }
}

/// Takes (`incref`) or gives back the references the item at `p` (of type `t`) holds.
///
/// # Safety
/// `p` must point to a live item of type `t`.
pub(crate) unsafe fn count_refs(t: &Type, p: *const u8, incref: bool) {
    for o in ref_offsets(t) {
        // SAFETY: a reference word of the item.
        let mi = unsafe { *(p.add(o as usize) as *const *mut MemInfo) };
        if incref {
            oxjit_rt_nrt_incref(mi);
        } else {
            oxjit_rt_nrt_decref(mi);
        }
    }
}

/// The item at `p` as a Python object (the item keeps its references): numbers directly,
/// nested lists and dicts as typed containers sharing the block, anything else boxed.
///
/// # Safety
/// `p` must point to a live item of type `t`.
pub(crate) unsafe fn read(py: Python<'_>, t: &Type, p: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    unsafe {
        match t {
            t if *t == Type::F64 => Ok(PyFloat::new(py, *(p as *const f64)).into_any().unbind()),
            t if *t == Type::I64 => Ok((*(p as *const i64)).into_pyobject(py)?.into_any().unbind()),
            Type::List(item) => {
                let mi = *(p as *const *mut MemInfo);
                oxjit_rt_nrt_incref(mi);
                super::wrap_list(py, item, mi)
            }
            Type::Dict(k, v) => {
                let mi = *(p as *const *mut MemInfo);
                oxjit_rt_nrt_incref(mi);
                super::wrap_dict(py, k, v, mi)
            }
            _ => {
                // Boxing consumes a reference: take one for it.
                count_refs(t, p, true);
                crate::boxing::box_value(py, t, p)
            }
        }
    }
}

/// Whether `obj` may be stored as an item of type `t` without losing anything: integers take
/// ints (not floats, which Python code would otherwise see truncated), floats take ints and
/// floats; the other types are checked by unboxing.
fn check(obj: &Bound<'_, PyAny>, t: &Type, what: &str) -> PyResult<()> {
    let ok = match t {
        Type::Int(_) => obj.is_instance_of::<PyInt>() || is_numpy_kind(obj, &["i", "u", "b"]),
        Type::Bool => obj.is_instance_of::<PyBool>() || is_numpy_kind(obj, &["b"]),
        Type::Float(_) => {
            obj.is_instance_of::<PyFloat>()
                || obj.is_instance_of::<PyInt>()
                || is_numpy_kind(obj, &["i", "u", "b", "f"])
        }
        _ => true,
    };
    if ok {
        return Ok(());
    }
    Err(type_error(obj, t, what))
}

fn is_numpy_kind(obj: &Bound<'_, PyAny>, kinds: &[&str]) -> bool {
    let Ok(dtype) = obj.getattr("dtype") else {
        return false;
    };
    if obj.getattr("ndim").and_then(|n| n.extract::<i64>()).ok() != Some(0) {
        return false;
    }
    dtype
        .getattr("kind")
        .and_then(|k| k.extract::<String>())
        .is_ok_and(|k| kinds.contains(&k.as_str()))
}

/// The TypeError for storing `obj` where an item of type `t` goes (`what`: "an item of",
/// "a key of", "a value of").
pub(crate) fn type_error(obj: &Bound<'_, PyAny>, t: &Type, what: &str) -> PyErr {
    let tname = obj
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    PyTypeError::new_err(format!(
        "oxjit.typed: cannot store a value of type '{tname}' as {what} type {}",
        numba_name(t)
    ))
}

/// Writes `obj` as a new item of type `t` at `p` (uninitialised; the item takes references of
/// its own).
///
/// # Safety
/// `p` must point to room for an item of type `t`.
pub(crate) unsafe fn write(
    obj: &Bound<'_, PyAny>,
    t: &Type,
    p: *mut u8,
    what: &str,
) -> PyResult<()> {
    check(obj, t, what)?;
    // SAFETY: the caller's guarantee.
    let done = unsafe {
        match t {
            t if *t == Type::F64 => obj.extract::<f64>().map(|v| (p as *mut f64).write(v)),
            t if *t == Type::I64 => obj.extract::<i64>().map(|v| (p as *mut i64).write(v)),
            _ => crate::boxing::unbox(obj, t, p),
        }
    };
    done.map_err(|e| {
        if e.is_instance_of::<PyTypeError>(obj.py()) {
            type_error(obj, t, what)
        } else {
            e
        }
    })?;
    // SAFETY: the item just written.
    unsafe { own_borrowed(t, p) }
}

/// Unboxing an array gives a borrowed meminfo (the ndarray object, tagged: compiled code
/// neither counts nor frees it), right for an argument but not for an item a container keeps:
/// the array would be freed under it. Each such word of the item at `p` becomes a block that
/// owns a reference to the object (given back when the block is freed), as Numba's typed
/// containers keep the arrays stored in them alive; the data stays NumPy's own memory.
///
/// # Safety
/// `p` must point to a live item of type `t`, which has no references of its own yet but
/// these borrowed ones.
unsafe fn own_borrowed(t: &Type, p: *mut u8) -> PyResult<()> {
    for o in ref_offsets(t) {
        // SAFETY: a reference word of the item (the caller's guarantee).
        unsafe {
            let slot = p.add(o as usize) as *mut usize;
            let word = *slot;
            if word & MEMINFO_PYOBJECT_TAG != 0 {
                let obj = (word & !MEMINFO_PYOBJECT_TAG) as *mut pyo3::ffi::PyObject;
                *slot = owner_block(obj)? as usize;
            }
        }
    }
    Ok(())
}

/// For generated code ([`oxjit_abi::Callback::OwnBorrowed`]): a borrowed array meminfo about to
/// be stored into a container becomes an owner block with a count of 0 (the store's incref
/// takes the container's reference); blocks and null come back as they are.
pub(crate) extern "C" fn oxjit_py_own_borrowed(mi: *mut MemInfo) -> *mut MemInfo {
    let word = mi as usize;
    if word & MEMINFO_PYOBJECT_TAG == 0 {
        return mi;
    }
    Python::attach(|_py| {
        let obj = (word & !MEMINFO_PYOBJECT_TAG) as *mut pyo3::ffi::PyObject;
        // SAFETY: a tagged meminfo is a live ndarray (the caller's argument or a global), and
        // the GIL is held.
        match unsafe { owner_block(obj) } {
            Ok(block) => {
                // SAFETY: a fresh block, not shared yet.
                unsafe {
                    (*block)
                        .refcount
                        .store(0, std::sync::atomic::Ordering::Relaxed)
                };
                block
            }
            // Out of memory for 8 bytes: keep the borrowed reference (the old behaviour).
            Err(_) => mi,
        }
    })
}

/// A new block holding a strong reference to `obj` (taken here) in its data.
///
/// # Safety
/// `obj` must be a live object; the GIL is held.
pub(crate) unsafe fn owner_block(obj: *mut pyo3::ffi::PyObject) -> PyResult<*mut MemInfo> {
    let mi = oxjit_rt_nrt_allocate(std::mem::size_of::<usize>() as i64);
    if mi.is_null() {
        return Err(pyo3::exceptions::PyMemoryError::new_err(
            "oxjit: out of memory for a container item",
        ));
    }
    // SAFETY: a fresh block with room for a pointer; the reference is given back by the
    // destructor.
    unsafe {
        pyo3::ffi::Py_IncRef(obj);
        ((*mi).data as *mut *mut pyo3::ffi::PyObject).write(obj);
        set_dtor(mi, release_owned_object);
    }
    Ok(mi)
}

/// The destructor of an [`owner_block`]: gives back its reference, with the GIL (it may run
/// wherever the last reference goes, compiled code included).
unsafe extern "C" fn release_owned_object(mi: *mut MemInfo) {
    // SAFETY: an owner block being freed: its data holds the reference it took.
    let obj = unsafe { *((*mi).data as *const *mut pyo3::ffi::PyObject) };
    Python::attach(|_py| {
        // SAFETY: a strong reference this block owns, given back with the GIL held.
        unsafe { pyo3::ffi::Py_DecRef(obj) }
    });
}

/// A scratch buffer for one item of type `t` (8-aligned).
pub(crate) fn scratch(t: &Type) -> Vec<u64> {
    vec![0u64; oxjit_core::types::size_align(t).0.div_ceil(8).max(1)]
}

/// The oxjit type of a Python value that starts an untyped container (Numba's `typeof`).
pub(crate) fn first_type(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    let t = crate::boxing::typeof_value(obj)?;
    if !t.is_runtime() || matches!(t, Type::NoneType) {
        return Err(PyTypeError::new_err(format!(
            "oxjit.typed: a container cannot hold values of type {t}"
        )));
    }
    Ok(t)
}
