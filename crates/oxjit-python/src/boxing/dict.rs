//! Dicts: typeof of a Python `dict` (its keys unified, its values unified), unboxing an
//! argument into a new native dict (a copy, written back where the compiled code changed it:
//! `dict_reflect.rs`), and boxing a dict result as a new Python `dict` in the same (insertion)
//! order.

use std::sync::Arc;

use oxjit_core::types::{
    field_offsets, is_hashable, ref_offsets, set_entry_layout, size_align, unify, Type,
};
use oxjit_runtime::dict::{
    entry, header, oxjit_rt_dict_insert, oxjit_rt_dict_new, oxjit_rt_dict_next,
};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};
use oxjit_runtime::settable::{oxjit_rt_set_new, oxjit_rt_set_presize};
use pyo3::exceptions::{PyMemoryError, PyTypeError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The type that the items of a dict (its keys, or its values) or a set unify to, added one
/// item at a time. Items of the Python type of the first one (exact `float`, `str`, or `int`
/// in int64's range) are told by their type pointer alone, without building a `Type` for
/// each; any other item is typed in full and unified. An error is kept (not raised at once) so
/// that a dict's keys report theirs before its values do, as when they were typed apart.
struct Unified {
    what: &'static str,
    acc: Option<Type>,
    /// The Python type of the items that `acc` stands for without typing them; null if none.
    fast: *mut ffi::PyTypeObject,
    fast_type: Option<Type>,
    err: Option<PyErr>,
}

impl Unified {
    fn new(what: &'static str) -> Self {
        Unified {
            what,
            acc: None,
            fast: std::ptr::null_mut(),
            fast_type: None,
            err: None,
        }
    }

    fn add(&mut self, x: &Bound<'_, PyAny>) {
        if self.err.is_some() {
            return;
        }
        // SAFETY: a live object's type; an exact int is read without side effects.
        let tp = unsafe { ffi::Py_TYPE(x.as_ptr()) };
        if tp == self.fast && (tp != std::ptr::addr_of_mut!(ffi::PyLong_Type) || fits_i64(x)) {
            return;
        }
        if let Err(e) = self.add_typed(x, tp) {
            self.err = Some(e);
        }
    }

    fn add_typed(&mut self, x: &Bound<'_, PyAny>, tp: *mut ffi::PyTypeObject) -> PyResult<()> {
        let t = super::typeof_nested(x)?;
        let first = self.acc.is_none();
        self.acc = Some(match self.acc.take() {
            None => t.clone(),
            Some(prev) => unify(&prev, &t).ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "oxjit: cannot type a dict whose {} have types {prev} and {t}: they must unify to one type",
                    self.what
                ))
            })?,
        });
        if first && fast_kind(tp, &t) {
            self.fast = tp;
            self.fast_type = Some(t);
        } else if self.acc != self.fast_type {
            // The items seen so far no longer have the fast path's type.
            self.fast = std::ptr::null_mut();
            self.fast_type = None;
        }
        Ok(())
    }

    fn finish(self) -> PyResult<Type> {
        match self.err {
            Some(e) => Err(e),
            None => Ok(self.acc.expect("a non-empty dict")),
        }
    }
}

/// Whether every object of the exact Python type `tp` that fits is typed `t`.
fn fast_kind(tp: *mut ffi::PyTypeObject, t: &Type) -> bool {
    (tp == std::ptr::addr_of_mut!(ffi::PyFloat_Type) && *t == Type::F64)
        || (tp == std::ptr::addr_of_mut!(ffi::PyUnicode_Type) && *t == Type::Str)
        || (tp == std::ptr::addr_of_mut!(ffi::PyLong_Type) && *t == Type::I64)
}

/// Whether the exact `int` `x` is in int64's range (typed `int64`; past it, `uint64` or an
/// error, which the full typing tells).
fn fits_i64(x: &Bound<'_, PyAny>) -> bool {
    let mut overflow = 0;
    // SAFETY: `x` is an exact int: no error but the overflow flag.
    unsafe { ffi::PyLong_AsLongLongAndOverflow(x.as_ptr(), &mut overflow) };
    overflow == 0
}

/// Calls `f` with each key and value of `d`, in order, read with `PyDict_Next` (no method calls
/// and no `items()` tuples or `keys()` lists made), until it fails.
fn for_each_item<'py>(
    d: &Bound<'py, PyDict>,
    mut f: impl FnMut(&Bound<'py, PyAny>, &Bound<'py, PyAny>) -> PyResult<()>,
) -> PyResult<()> {
    let py = d.py();
    let mut pos: ffi::Py_ssize_t = 0;
    let mut k: *mut ffi::PyObject = std::ptr::null_mut();
    let mut v: *mut ffi::PyObject = std::ptr::null_mut();
    // SAFETY: the GIL is held; `d` is a live dict.
    while unsafe { ffi::PyDict_Next(d.as_ptr(), &mut pos, &mut k, &mut v) } != 0 {
        // SAFETY: `PyDict_Next` lent live references, each taken as an owned one while `f`
        // uses it (should `f` run Python code that changes the dict).
        let (k, v) = unsafe {
            (
                Bound::from_borrowed_ptr(py, k),
                Bound::from_borrowed_ptr(py, v),
            )
        };
        f(&k, &v)?;
    }
    Ok(())
}

/// The type of a Python dict: `dict(K, V)`.
pub(super) fn typeof_dict(d: &Bound<'_, PyDict>) -> PyResult<Type> {
    if d.is_empty() {
        // Typed from its neighbours in a container, or an error (`typeof_value`).
        let unknown = Arc::new(Type::Undetermined(oxjit_core::types::EMPTY_ARGUMENT));
        return Ok(Type::Dict(unknown.clone(), unknown));
    }
    // One walk through the items, without the `keys()` and `values()` lists.
    let (mut keys, mut values) = (Unified::new("keys"), Unified::new("values"));
    for_each_item(d, |k, v| {
        keys.add(k);
        values.add(v);
        Ok(())
    })?;
    let k = keys.finish()?;
    let v = values.finish()?;
    if !is_hashable(&k) {
        return Err(PyTypeError::new_err(format!(
            "oxjit: dict keys of type {k} are not supported (numbers, strings and tuples of those are)"
        )));
    }
    Ok(Type::Dict(Arc::new(k), Arc::new(v)))
}

/// `hash(x)` of the key at `p` (of type `t`), as compiled code hashes it (`lower/dict.rs`
/// `hash_value`): the runtime's functions, so that lookups agree with the entries unboxed
/// here even where the string-hash key could not be read from the interpreter.
///
/// # Safety
/// `p` holds a live value of type `t`.
unsafe fn hash_at(t: &Type, p: *const u8) -> i64 {
    use oxjit_runtime::hash::{
        oxjit_rt_hash_float, oxjit_rt_hash_int, oxjit_rt_hash_tuple, oxjit_rt_hash_uint,
    };
    // SAFETY: the caller's guarantee: `p` holds a value of type `t`.
    unsafe {
        match t {
            Type::Bool => oxjit_rt_hash_int(*p as i64),
            Type::Int(i) if !i.signed && i.bits == 64 => oxjit_rt_hash_uint(*(p as *const u64)),
            Type::Int(i) => {
                let n = match (i.bits, i.signed) {
                    (8, true) => *(p as *const i8) as i64,
                    (8, false) => *p as i64,
                    (16, true) => *(p as *const i16) as i64,
                    (16, false) => *(p as *const u16) as i64,
                    (32, true) => *(p as *const i32) as i64,
                    (32, false) => *(p as *const u32) as i64,
                    _ => *(p as *const i64),
                };
                oxjit_rt_hash_int(n)
            }
            Type::Float(32) => oxjit_rt_hash_float(*(p as *const f32) as f64),
            Type::Float(_) => oxjit_rt_hash_float(*(p as *const f64)),
            Type::Str => oxjit_runtime::strs::oxjit_rt_str_hash(*(p as *const *mut MemInfo)),
            Type::Tuple(items) => {
                let lanes: Vec<i64> = items
                    .iter()
                    .zip(field_offsets(items))
                    .map(|(item, off)| hash_at(item, p.add(off)))
                    .collect();
                oxjit_rt_hash_tuple(lanes.as_ptr(), lanes.len() as i64)
            }
            _ => unreachable!("{t} is no hashable type"),
        }
    }
}

/// Gives back the references the value at `p` (of type `t`) holds.
unsafe fn decref_at(t: &Type, p: *const u8) {
    for o in ref_offsets(t) {
        // SAFETY: a reference word of the value.
        unsafe { oxjit_rt_nrt_decref(*(p.add(o as usize) as *const *mut MemInfo)) };
    }
}

/// Keys never compare equal while unboxing: a Python dict's keys are distinct already.
unsafe extern "C" fn distinct(_a: *const u8, _b: *const u8) -> bool {
    false
}

fn layout(k: &Type, v: &Type) -> (Vec<usize>, usize) {
    let parts = [Type::I64, k.clone(), v.clone()];
    let offs = field_offsets(&parts);
    (offs, size_align(&Type::tuple(parts.to_vec())).0)
}

/// Unboxes the Python dict `obj` into a new native dict, written at `dst`.
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(super) unsafe fn unbox(
    obj: &Bound<'_, PyAny>,
    k: &Type,
    v: &Type,
    dst: *mut u8,
) -> PyResult<()> {
    let dict_type = Type::Dict(Arc::new(k.clone()), Arc::new(v.clone()));
    // An `oxjit.typed.Dict` is passed in place.
    // SAFETY: the caller's guarantee.
    if unsafe { crate::typed::unbox_typed(obj, &dict_type, dst)? } {
        return Ok(());
    }
    let d = obj.cast::<PyDict>()?;
    let (offs, entry_size) = layout(k, v);
    let (kr, vr) = (ref_offsets(k), ref_offsets(v));
    let all: Vec<i64> = kr.iter().chain(vr.iter()).copied().collect();
    let mi = oxjit_rt_dict_new(
        entry_size as i64,
        offs[1] as i64,
        size_align(k).0 as i64,
        offs[2] as i64,
        kr.len() as i64,
        vr.len() as i64,
        all.as_ptr(),
    );
    // One table for all the items (the keys of a Python dict are distinct: no probe compares
    // them, see `distinct`), so no insertion resizes it.
    if mi.is_null() || oxjit_runtime::dict::presize(mi, d.len() as i64) != 0 {
        if !mi.is_null() {
            oxjit_rt_nrt_decref(mi);
        }
        return Err(PyMemoryError::new_err("oxjit: out of memory for a dict"));
    }
    let mut key = vec![0u64; size_align(k).0.div_ceil(8).max(1)];
    let filled = for_each_item(d, |kobj, vobj| {
        let kp = key.as_mut_ptr() as *mut u8;
        // SAFETY: `key` has room for a key; the entry returned is a fresh one of `mi`.
        unsafe {
            super::unbox(kobj, k, kp)?;
            let r = oxjit_rt_dict_insert(mi, kp, hash_at(k, kp), Some(distinct));
            // The entry took its own reference to a key's strings.
            decref_at(k, kp);
            if r < 0 {
                return Err(PyMemoryError::new_err("oxjit: out of memory for a dict"));
            }
            let e = entry(header(mi), r >> 1);
            super::unbox(vobj, v, e.add(offs[2]))
        }
    });
    if let Err(e) = filled {
        oxjit_rt_nrt_decref(mi);
        return Err(e);
    }
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut *mut MemInfo).write(mi) };
    Ok(())
}

/// Takes a reference to each block the value at `p` (of type `t`) holds.
unsafe fn incref_at(t: &Type, p: *const u8) {
    for o in ref_offsets(t) {
        // SAFETY: a reference word of the value.
        unsafe { oxjit_rt_nrt_incref(*(p.add(o as usize) as *const *mut MemInfo)) };
    }
}

/// Boxes the dict at `src` (whose reference the result takes over) as a new Python dict.
///
/// # Safety
/// `src` must hold a live native dict of these types, whose reference is given to this call.
pub(super) unsafe fn box_value(
    py: Python<'_>,
    k: &Type,
    v: &Type,
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    let (offs, _) = layout(k, v);
    // SAFETY: the caller's guarantee; entries are read while the dict is alive.
    unsafe {
        let mi = *(src as *const *mut MemInfo);
        if header(mi).typed != 0 {
            return crate::typed::wrap_dict(py, k, v, mi);
        }
        let out = PyDict::new(py);
        let result = (|| -> PyResult<()> {
            let mut i = oxjit_rt_dict_next(mi, 0);
            while i >= 0 {
                let e = entry(header(mi), i);
                incref_at(k, e.add(offs[1]));
                let key = super::box_value(py, k, e.add(offs[1]))?;
                incref_at(v, e.add(offs[2]));
                let value = super::box_value(py, v, e.add(offs[2]))?;
                out.set_item(key, value)?;
                i = oxjit_rt_dict_next(mi, i + 1);
            }
            Ok(())
        })();
        oxjit_rt_nrt_decref(mi);
        result?;
        Ok(out.into_any().unbind())
    }
}

/// The type of a Python set: `set(T)` where `T` unifies its items.
pub(super) fn typeof_set(s: &Bound<'_, pyo3::types::PySet>) -> PyResult<Type> {
    if s.is_empty() {
        let unknown = Type::Undetermined(oxjit_core::types::EMPTY_ARGUMENT);
        return Ok(Type::Set(Arc::new(unknown)));
    }
    let mut items = Unified::new("items");
    for x in s.iter() {
        items.add(&x);
    }
    let k = items.finish()?;
    if !is_hashable(&k) {
        return Err(PyTypeError::new_err(format!(
            "oxjit: set items of type {k} are not supported (numbers, strings and tuples of those are)"
        )));
    }
    Ok(Type::Set(Arc::new(k)))
}

/// Unboxes the Python set `obj` into a new native set (CPython's set table), at `dst`: one
/// resize for all the items, then each added in `obj`'s order (where items collide, the copy
/// can iterate otherwise than `obj`: Python does not expose a set's table).
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(super) unsafe fn unbox_set(obj: &Bound<'_, PyAny>, k: &Type, dst: *mut u8) -> PyResult<()> {
    let s = obj.cast::<pyo3::types::PySet>()?;
    let (entry_size, key_off) = set_entry_layout(k);
    let kr = ref_offsets(k);
    // The state byte of an entry without an item is the item's first byte.
    let mi = oxjit_rt_set_new(
        entry_size as i64,
        key_off as i64,
        size_align(k).0 as i64,
        key_off as i64,
        kr.len() as i64,
        kr.as_ptr(),
    );
    if mi.is_null() || oxjit_rt_set_presize(mi, s.len() as i64) != 0 {
        if !mi.is_null() {
            oxjit_rt_nrt_decref(mi);
        }
        return Err(PyMemoryError::new_err("oxjit: out of memory for a set"));
    }
    let mut key = vec![0u64; size_align(k).0.div_ceil(8).max(1)];
    for x in s.iter() {
        let kp = key.as_mut_ptr() as *mut u8;
        // SAFETY: `key` has room for an item.
        let done = unsafe { super::unbox(&x, k, kp) }.and_then(|_| {
            // A set's items are distinct already; the entry takes its own reference to an
            // item's strings.
            // SAFETY: `kp` holds the item just unboxed.
            let r = unsafe { oxjit_rt_dict_insert(mi, kp, hash_at(k, kp), Some(distinct)) };
            // SAFETY: the item's own references, which the entry took again.
            unsafe { decref_at(k, kp) };
            if r < 0 {
                return Err(PyMemoryError::new_err("oxjit: out of memory for a set"));
            }
            Ok(())
        });
        if let Err(e) = done {
            oxjit_rt_nrt_decref(mi);
            return Err(e);
        }
    }
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut *mut MemInfo).write(mi) };
    Ok(())
}

/// Boxes the set at `src` (whose reference the result takes over) as a new Python set.
///
/// # Safety
/// `src` must hold a live native set of `k` items, whose reference is given to this call.
pub(super) unsafe fn box_set(py: Python<'_>, k: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    let (_, key_off) = set_entry_layout(k);
    // SAFETY: the caller's guarantee; entries are read while the set is alive.
    unsafe {
        let mi = *(src as *const *mut MemInfo);
        let out = pyo3::types::PySet::empty(py);
        let result = (|| -> PyResult<()> {
            let out = out.as_ref().map_err(|e| e.clone_ref(py))?;
            let mut i = oxjit_rt_dict_next(mi, 0);
            while i >= 0 {
                let e = entry(header(mi), i);
                incref_at(k, e.add(key_off));
                out.add(super::box_value(py, k, e.add(key_off))?)?;
                i = oxjit_rt_dict_next(mi, i + 1);
            }
            Ok(())
        })();
        oxjit_rt_nrt_decref(mi);
        result?;
        Ok(out?.into_any().unbind())
    }
}
