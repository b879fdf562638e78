//! The iterator of a typed List of float64 or int64 items, made through the C API rather than
//! as a `#[pyclass]`: its `tp_iternext` is a plain C function reading the block, so `list(l)`,
//! `for x in l` and `sum(l)` pay no wrapper per item (PyO3's trampoline, the borrow flag and the
//! `Option` conversion of a `__next__` method cost about as much as making the Python float).
//! Live as CPython's list iterator: it sees items appended while iterating, and once exhausted
//! it lets go of the block and stays exhausted. Other item types use `TypedListIter`.

use std::ffi::c_void;
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

use oxjit_core::types::Type;
use oxjit_runtime::list::header;
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};
use pyo3::ffi;
use pyo3::prelude::*;

/// The iterator object: a reference of its own to the list block (null once exhausted).
#[repr(C)]
struct NumberIter {
    ob_base: ffi::PyObject,
    block: *mut MemInfo,
    pos: usize,
    float: bool,
}

/// The type object, made once by `register`.
static TYPE: AtomicPtr<ffi::PyTypeObject> = AtomicPtr::new(null_mut());

/// A new iterator over the list block `mi` of `item`s, or `None` where the items are not
/// float64 or int64 (or the type was not made).
pub(crate) fn new(py: Python<'_>, item: &Type, mi: *mut MemInfo) -> Option<PyResult<Py<PyAny>>> {
    let float = if *item == Type::F64 {
        true
    } else if *item == Type::I64 {
        false
    } else {
        return None;
    };
    let tp = TYPE.load(Ordering::Acquire);
    if tp.is_null() || mi.is_null() {
        return None;
    }
    // SAFETY: the GIL is held; `tp` is the type made below (its `tp_alloc` is the generic one,
    // which zeroes the object and takes a reference to the heap type).
    unsafe {
        let o = ffi::PyType_GenericAlloc(tp, 0);
        if o.is_null() {
            return Some(Err(PyErr::fetch(py)));
        }
        let it = o as *mut NumberIter;
        oxjit_rt_nrt_incref(mi);
        (*it).block = mi;
        (*it).pos = 0;
        (*it).float = float;
        Some(Ok(Bound::from_owned_ptr(py, o).unbind()))
    }
}

/// `tp_iternext`: the next item as a new Python number, or null (no exception set) at the end.
unsafe extern "C" fn next(o: *mut ffi::PyObject) -> *mut ffi::PyObject {
    // SAFETY: CPython calls this with the GIL held on an object of this type; the block is
    // live while the iterator holds its reference, and `pos < len` is checked before the read.
    unsafe {
        let it = &mut *(o as *mut NumberIter);
        if it.block.is_null() {
            return null_mut();
        }
        let h = header(it.block);
        if it.pos >= h.len as usize {
            oxjit_rt_nrt_decref(it.block);
            it.block = null_mut();
            return null_mut();
        }
        let k = it.pos;
        it.pos += 1;
        if it.float {
            ffi::PyFloat_FromDouble(*(h.items as *const f64).add(k))
        } else {
            ffi::PyLong_FromLongLong(*(h.items as *const i64).add(k))
        }
    }
}

/// `tp_dealloc`: gives back the block, frees the object and the reference to its heap type.
unsafe extern "C" fn dealloc(o: *mut ffi::PyObject) {
    // SAFETY: the last reference to an object of this type is gone.
    unsafe {
        let it = o as *mut NumberIter;
        if !(*it).block.is_null() {
            oxjit_rt_nrt_decref((*it).block);
        }
        let tp = ffi::Py_TYPE(o);
        ffi::PyObject_Free(o as *mut c_void);
        ffi::Py_DecRef(tp as *mut ffi::PyObject);
    }
}

/// Makes the type (`oxjit.typed.TypedListNumberIter`, not instantiable from Python).
pub(crate) fn register(py: Python<'_>) -> PyResult<()> {
    let mut slots = [
        ffi::PyType_Slot {
            slot: ffi::Py_tp_iter,
            pfunc: ffi::PyObject_SelfIter as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_iternext,
            pfunc: next as *mut c_void,
        },
        ffi::PyType_Slot {
            slot: ffi::Py_tp_dealloc,
            pfunc: dealloc as *mut c_void,
        },
        ffi::PyType_Slot::default(),
    ];
    let mut spec = ffi::PyType_Spec {
        // Static: CPython 3.11 keeps this pointer as the type's `tp_name`.
        name: c"oxjit.typed.TypedListNumberIter".as_ptr(),
        basicsize: std::mem::size_of::<NumberIter>() as i32,
        itemsize: 0,
        flags: (ffi::Py_TPFLAGS_DEFAULT | ffi::Py_TPFLAGS_DISALLOW_INSTANTIATION) as u32,
        slots: slots.as_mut_ptr(),
    };
    // SAFETY: the GIL is held; the spec and slots are complete (the slots are copied).
    let tp = unsafe { ffi::PyType_FromSpec(&mut spec) };
    if tp.is_null() {
        return Err(PyErr::fetch(py));
    }
    // The type lives as long as the process (this reference is never given back).
    TYPE.store(tp as *mut ffi::PyTypeObject, Ordering::Release);
    Ok(())
}
