//! Lists: typeof of a Python `list` (its items unified, as Numba types a reflected list),
//! unboxing an argument into a new native list, writing it back after the call where the
//! compiled code changed it (Numba's reflected list: the caller sees the mutations), and boxing
//! a list result as a new Python `list`.

use std::sync::Arc;

use oxjit_core::types::{ref_offsets, size_align, unify, Type};
use oxjit_runtime::list::{header, oxjit_rt_list_new};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};
use pyo3::exceptions::{PyMemoryError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyFloat, PyInt, PyList};

/// The type of a Python list: `list(T)` where `T` unifies the types of all its items.
pub(super) fn typeof_list(list: &Bound<'_, PyList>) -> PyResult<Type> {
    let n = list.len();
    if n == 0 {
        // Typed from the function's uses of it, as an empty `[]` display is.
        return Ok(oxjit_core::types::empty_list_argument());
    }
    // The common case in one pass through the C API without building types.
    // SAFETY: the GIL is held; items are borrowed while the list is alive.
    let all_floats = (0..n).all(|k| unsafe {
        let x = pyo3::ffi::PyList_GetItem(list.as_ptr(), k as pyo3::ffi::Py_ssize_t);
        pyo3::ffi::Py_TYPE(x) == std::ptr::addr_of_mut!(pyo3::ffi::PyFloat_Type)
    });
    if all_floats {
        return Ok(Type::List(Arc::new(Type::F64)));
    }
    let mut acc: Option<Type> = None;
    for (k, x) in list.iter().enumerate() {
        let t = if x.is_exact_instance_of::<PyInt>() {
            Type::I64
        } else {
            super::typeof_nested(&x)?
        };
        acc = Some(match acc {
            None => t,
            Some(prev) => unify(&prev, &t).ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "oxjit: cannot type a list whose items have types {prev} and {t} (item {k}): \
                     the items of a list must unify to one type"
                ))
            })?,
        });
    }
    Ok(Type::List(Arc::new(acc.expect("a non-empty list"))))
}

/// A new native list of `item`s with room for `n`.
fn new_native(item: &Type, n: usize) -> PyResult<*mut MemInfo> {
    let offsets = ref_offsets(item);
    let size = size_align(item).0 as i64;
    let mi = oxjit_rt_list_new(size, n as i64, offsets.len() as i64, offsets.as_ptr());
    if mi.is_null() {
        return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
    }
    Ok(mi)
}

/// Unboxes the Python list `obj` into a new native list of `item`s, written at `dst`.
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, item: &Type, dst: *mut u8) -> PyResult<()> {
    // An `oxjit.typed.List` is passed in place.
    // SAFETY: the caller's guarantee.
    if unsafe { crate::typed::unbox_typed(obj, &Type::List(Arc::new(item.clone())), dst)? } {
        return Ok(());
    }
    let list = obj.cast::<PyList>()?;
    let n = list.len();
    let mi = new_native(item, n)?;
    let size = size_align(item).0;
    if *item == Type::F64 {
        // SAFETY: room for `n` floats; the list's items are borrowed while it is alive.
        unsafe {
            use pyo3::ffi;
            let h = header(mi);
            let out = h.items as *mut f64;
            for k in 0..n {
                let x = ffi::PyList_GetItem(list.as_ptr(), k as ffi::Py_ssize_t);
                let v = ffi::PyFloat_AsDouble(x);
                if v == -1.0 && !ffi::PyErr_Occurred().is_null() {
                    h.len = k as i64;
                    oxjit_rt_nrt_decref(mi);
                    return Err(PyErr::fetch(obj.py()));
                }
                *out.add(k) = v;
            }
            h.len = n as i64;
            (dst as *mut *mut MemInfo).write(mi);
        }
        return Ok(());
    }
    // SAFETY: a fresh list with room for `n` items; each item is written at its slot.
    unsafe {
        let h = header(mi);
        for (k, x) in list.iter().enumerate() {
            let slot = h.items.add(k * size);
            let done = match *item {
                Type::F64 => x.extract::<f64>().map(|v| (slot as *mut f64).write(v)),
                Type::I64 => x.extract::<i64>().map(|v| (slot as *mut i64).write(v)),
                _ => super::unbox(&x, item, slot),
            };
            if let Err(e) = done {
                h.len = k as i64;
                oxjit_rt_nrt_decref(mi);
                return Err(e);
            }
        }
        h.len = n as i64;
        (dst as *mut *mut MemInfo).write(mi);
    }
    Ok(())
}

/// Takes a reference to each block the item at `p` (of type `t`) holds.
///
/// # Safety
/// `p` must point to a live item of type `t`.
pub(super) unsafe fn incref_item(t: &Type, p: *const u8) {
    for o in ref_offsets(t) {
        // SAFETY: a reference word of the item.
        unsafe { oxjit_rt_nrt_incref(*(p.add(o as usize) as *const *mut MemInfo)) };
    }
}

/// The items of the native list `mi` as Python objects (borrowed from the list).
///
/// # Safety
/// `mi` must be a live native list of `item`s.
unsafe fn boxed_items(py: Python<'_>, item: &Type, mi: *mut MemInfo) -> PyResult<Vec<Py<PyAny>>> {
    // SAFETY: the caller's guarantee.
    unsafe {
        let h = header(mi);
        let size = size_align(item).0;
        let n = h.len as usize;
        let mut out = Vec::with_capacity(n);
        for k in 0..n {
            let p = h.items.add(k * size);
            out.push(match *item {
                Type::F64 => PyFloat::new(py, *(p as *const f64)).into_any().unbind(),
                Type::I64 => (*(p as *const i64)).into_pyobject(py)?.into_any().unbind(),
                _ => {
                    // Boxing takes a reference of its own (it consumes one).
                    incref_item(item, p);
                    super::box_value(py, item, p)?
                }
            });
        }
        Ok(out)
    }
}

/// Boxes the list at `src` (whose reference the result takes over) as a new Python list.
///
/// # Safety
/// `src` must hold a live native list of `item`s, whose reference is given to this call.
pub(super) unsafe fn box_value(py: Python<'_>, item: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    unsafe {
        let mi = *(src as *const *mut MemInfo);
        if header(mi).typed != 0 {
            return crate::typed::wrap_list(py, item, mi);
        }
        if let Some(out) = numbers_to_list(py, item, mi) {
            oxjit_rt_nrt_decref(mi);
            return out;
        }
        let items = boxed_items(py, item, mi);
        oxjit_rt_nrt_decref(mi);
        Ok(PyList::new(py, items?)?.into_any().unbind())
    }
}

/// After a call: writes the native list at `slot` back into the Python list `obj` where the
/// compiled code changed it (its nested lists too), then gives the native list back.
///
/// # Safety
/// `slot` must hold the native list `unbox` made from `obj`.
pub(super) unsafe fn release(obj: &Bound<'_, PyAny>, item: &Type, slot: *const u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee.
    unsafe {
        let mi = *(slot as *const *mut MemInfo);
        // A typed List was used in place: nothing to write back.
        let result = if crate::typed::is_typed(obj) {
            Ok(())
        } else {
            reflect(obj, item, mi)
        };
        oxjit_rt_nrt_decref(mi);
        result
    }
}

/// Numba's reflection: a changed list gets the native items; an unchanged one passes the
/// question on to its nested lists.
unsafe fn reflect(obj: &Bound<'_, PyAny>, item: &Type, mi: *mut MemInfo) -> PyResult<()> {
    let list = obj.cast::<PyList>()?;
    // SAFETY: a live native list made from `obj`.
    unsafe {
        let h = header(mi);
        if h.dirty != 0 {
            let py = obj.py();
            let fresh = match numbers_to_list(py, item, mi) {
                Some(l) => l?.into_bound(py),
                None => PyList::new(py, boxed_items(py, item, mi)?)?.into_any(),
            };
            list.set_slice(0, list.len(), &fresh)?;
            return Ok(());
        }
        if let Type::List(inner) = item {
            for k in 0..h.len as usize {
                let nested = *(h.items.add(k * 8) as *const *mut MemInfo);
                reflect(&list.get_item(k)?, inner, nested)?;
            }
        }
        // Dicts and sets carry no dirty flag: written back each (`dict_reflect.rs`).
        if let Type::Dict(..) | Type::Set(_) = item {
            for k in 0..h.len as usize {
                let nested = *(h.items.add(k * 8) as *const *mut MemInfo);
                super::dict_reflect::reflect_item(&list.get_item(k)?, item, nested)?;
            }
        }
    }
    Ok(())
}

/// A new Python list of the float64 or int64 items of the native list `mi` (`None` for other
/// items), made through the C API in one loop: `PyList_New`, then a `PyFloat_FromDouble` or
/// `PyLong_FromLongLong` per item stored in place (4x faster than through owned objects; what
/// is left is making the Python numbers: NumPy's `tolist()` takes as long).
///
/// # Safety
/// `mi` must be a live native list of `item`s.
pub(crate) unsafe fn numbers_to_list(
    py: Python<'_>,
    item: &Type,
    mi: *mut MemInfo,
) -> Option<PyResult<Py<PyAny>>> {
    use pyo3::ffi;
    let float = if *item == Type::F64 {
        true
    } else if *item == Type::I64 {
        false
    } else {
        return None;
    };
    // SAFETY: the GIL is held; each new number's reference is stolen by the list.
    unsafe {
        let h = header(mi);
        let n = h.len as usize;
        let list = ffi::PyList_New(n as ffi::Py_ssize_t);
        if list.is_null() {
            return Some(Err(PyErr::fetch(py)));
        }
        for k in 0..n {
            let x = if float {
                ffi::PyFloat_FromDouble(*(h.items as *const f64).add(k))
            } else {
                ffi::PyLong_FromLongLong(*(h.items as *const i64).add(k))
            };
            if x.is_null() {
                ffi::Py_DecRef(list);
                return Some(Err(PyErr::fetch(py)));
            }
            ffi::PyList_SetItem(list, k as ffi::Py_ssize_t, x);
        }
        Some(Ok(Bound::from_owned_ptr(py, list).unbind()))
    }
}
