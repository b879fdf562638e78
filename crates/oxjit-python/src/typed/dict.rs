//! `oxjit.typed.Dict`: a runtime dict block used from Python in place (see `typed/mod.rs`).
//! Keys are hashed as compiled code hashes them (CPython's hashes) and compared with the key
//! type's equality, so both sides find the same entries.

use std::cell::RefCell;

use oxjit_core::types::{field_offsets, is_hashable, ref_offsets, size_align, Type};
use oxjit_runtime::dict::{
    entry, header, oxjit_rt_dict_clear, oxjit_rt_dict_copy, oxjit_rt_dict_insert,
    oxjit_rt_dict_last, oxjit_rt_dict_lookup, oxjit_rt_dict_new, oxjit_rt_dict_next,
    oxjit_rt_dict_remove, KeyEq,
};
use oxjit_runtime::hash::{oxjit_rt_hash_float, oxjit_rt_hash_int};
use oxjit_runtime::nrt::MemInfo;
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyKeyError, PyMemoryError, PyRuntimeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use super::items::{self, count_refs};
use super::Block;

/// A typed dict: its key and value types (`None` until the first item decides them) and the
/// block it owns a reference to (null while untyped).
#[pyclass(module = "oxjit.typed", name = "Dict")]
pub struct TypedDict {
    pub(crate) types: Option<(Type, Type)>,
    pub(crate) block: Block,
}

/// Byte offsets of the key and the value in an entry `{hash, key, value}`.
fn offsets(k: &Type, v: &Type) -> (usize, usize, usize) {
    let parts = [Type::I64, k.clone(), v.clone()];
    let offs = field_offsets(&parts);
    (offs[1], offs[2], size_align(&Type::tuple(parts.to_vec())).0)
}

/// A new empty dict block, marked typed.
fn new_block(k: &Type, v: &Type) -> PyResult<*mut MemInfo> {
    // Strings hash as CPython's in compiled code too (`hash(s)`).
    if !is_hashable(k) && !oxjit_core::types::is_str(k) {
        return Err(PyTypeError::new_err(format!(
            "oxjit.typed: dict keys of type {} are not supported",
            items::numba_name(k)
        )));
    }
    let (key_off, val_off, entry_size) = offsets(k, v);
    let (kr, vr) = (ref_offsets(k), ref_offsets(v));
    let all: Vec<i64> = kr.iter().chain(vr.iter()).copied().collect();
    let mi = oxjit_rt_dict_new(
        entry_size as i64,
        key_off as i64,
        size_align(k).0 as i64,
        val_off as i64,
        kr.len() as i64,
        vr.len() as i64,
        all.as_ptr(),
    );
    if mi.is_null() {
        return Err(PyMemoryError::new_err("oxjit: out of memory for a dict"));
    }
    // SAFETY: a fresh dict block.
    unsafe { header(mi).typed = 1 };
    Ok(mi)
}

thread_local! {
    /// The key type [`eq_boxed`] compares (set around each runtime call that compares keys).
    static KEY_TYPE: RefCell<Option<Type>> = const { RefCell::new(None) };
}

unsafe extern "C" fn eq_i64(a: *const u8, b: *const u8) -> bool {
    // SAFETY: two int64 keys.
    unsafe { *(a as *const i64) == *(b as *const i64) }
}

unsafe extern "C" fn eq_f64(a: *const u8, b: *const u8) -> bool {
    // SAFETY: two float64 keys.
    unsafe { *(a as *const f64) == *(b as *const f64) }
}

/// Any other key type: both keys boxed and compared with Python's `==` (the GIL is held).
unsafe extern "C" fn eq_boxed(a: *const u8, b: *const u8) -> bool {
    KEY_TYPE.with(|t| {
        let t = t.borrow();
        let t = t.as_ref().expect("set by the caller");
        Python::attach(|py| {
            // SAFETY: two live keys of type `t`.
            let (x, y) = unsafe { (items::read(py, t, a), items::read(py, t, b)) };
            match (x, y) {
                (Ok(x), Ok(y)) => x.bind(py).eq(y).unwrap_or(false),
                _ => false,
            }
        })
    })
}

/// The equality of keys of type `k`.
fn key_eq(k: &Type) -> KeyEq {
    if *k == Type::I64 {
        eq_i64
    } else if *k == Type::F64 {
        eq_f64
    } else {
        KEY_TYPE.with(|t| *t.borrow_mut() = Some(k.clone()));
        eq_boxed
    }
}

/// A key converted to the dict's key type, with its hash; its references are given back when
/// it is dropped (the dict takes its own when it stores the key).
struct Key {
    t: Type,
    buf: Vec<u64>,
    hash: i64,
}

impl Key {
    fn ptr(&self) -> *const u8 {
        self.buf.as_ptr() as *const u8
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        // SAFETY: a complete key of type `t`.
        unsafe { count_refs(&self.t, self.ptr(), false) };
    }
}

impl TypedDict {
    pub(crate) fn from_block(k: Type, v: Type, mi: *mut MemInfo) -> TypedDict {
        // SAFETY: a live dict block (now known to Python as a typed Dict).
        unsafe { header(mi).typed = 1 };
        TypedDict {
            types: Some((k, v)),
            block: Block(mi),
        }
    }

    fn len(&self) -> usize {
        if self.block.0.is_null() {
            return 0;
        }
        // SAFETY: a live dict block.
        unsafe { header(self.block.0).len as usize }
    }

    /// The key and value types, deciding them from `key` and `value` where the dict is untyped.
    fn typed_for(
        &mut self,
        key: &Bound<'_, PyAny>,
        value: &Bound<'_, PyAny>,
    ) -> PyResult<(Type, Type)> {
        if let Some(t) = &self.types {
            return Ok(t.clone());
        }
        let (k, v) = (items::first_type(key)?, items::first_type(value)?);
        self.block = Block(new_block(&k, &v)?);
        self.types = Some((k.clone(), v.clone()));
        Ok((k, v))
    }

    /// `obj` as a key of this dict (a TypeError where it cannot be one).
    fn key(&self, obj: &Bound<'_, PyAny>) -> PyResult<Key> {
        let (k, _) = self.types.as_ref().expect("typed");
        let mut buf = items::scratch(k);
        let p = buf.as_mut_ptr() as *mut u8;
        // SAFETY: room for a key.
        unsafe { items::write(obj, k, p, "a key of")? };
        let mut key = Key {
            t: k.clone(),
            buf,
            hash: 0,
        };
        let hash = if *k == Type::I64 {
            // SAFETY: an int64 key.
            oxjit_rt_hash_int(unsafe { *(key.ptr() as *const i64) })
        } else if *k == Type::F64 {
            // SAFETY: a float64 key.
            oxjit_rt_hash_float(unsafe { *(key.ptr() as *const f64) })
        } else {
            // SAFETY: a complete key: its boxed form hashes as compiled code hashes it.
            let boxed = unsafe { items::read(obj.py(), k, key.ptr())? };
            boxed.bind(obj.py()).hash()? as i64
        };
        key.hash = hash;
        Ok(key)
    }

    /// The entry holding `obj`, or `None` (also for a value that cannot be a key).
    fn lookup(&self, obj: &Bound<'_, PyAny>) -> PyResult<Option<i64>> {
        let Some((k, _)) = &self.types else {
            return Ok(None);
        };
        let key = match self.key(obj) {
            Ok(key) => key,
            Err(e) if e.is_instance_of::<PyTypeError>(obj.py()) => return Ok(None),
            Err(e) => return Err(e),
        };
        let i = oxjit_rt_dict_lookup(self.block.0, key.ptr(), key.hash, Some(key_eq(k)));
        Ok((i >= 0).then_some(i))
    }

    /// The address of the key (`value` false) or the value of entry `i`.
    fn field(&self, i: i64, value: bool) -> *mut u8 {
        let (k, v) = self.types.as_ref().expect("typed");
        let (ko, vo, _) = offsets(k, v);
        // SAFETY: a live entry of this dict.
        unsafe { entry(header(self.block.0), i).add(if value { vo } else { ko }) }
    }

    fn read(&self, py: Python<'_>, i: i64, value: bool) -> PyResult<Py<PyAny>> {
        let (k, v) = self.types.as_ref().expect("typed");
        let t = if value { v } else { k };
        // SAFETY: a live entry's key or value.
        unsafe { items::read(py, t, self.field(i, value)) }
    }

    fn set(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let (k, v) = self.typed_for(key, value)?;
        let kk = self.key(key)?;
        let mut vbuf = items::scratch(&v);
        let vp = vbuf.as_mut_ptr() as *mut u8;
        // SAFETY: room for a value; moved into the entry once the entry exists.
        unsafe { items::write(value, &v, vp, "a value of")? };
        let r = oxjit_rt_dict_insert(self.block.0, kk.ptr(), kk.hash, Some(key_eq(&k)));
        if r < 0 {
            // SAFETY: the value written above, never stored.
            unsafe { count_refs(&v, vp, false) };
            return Err(PyMemoryError::new_err("oxjit: out of memory for a dict"));
        }
        let slot = self.field(r >> 1, true);
        // SAFETY: an existing entry's value is given back before it is replaced.
        unsafe {
            if r & 1 == 1 {
                count_refs(&v, slot, false);
            }
            std::ptr::copy_nonoverlapping(vp, slot, size_align(&v).0);
        }
        Ok(())
    }

    /// Removes entry `i`, giving its key and value to Python.
    fn take(&mut self, py: Python<'_>, i: i64) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        let out = (self.read(py, i, false)?, self.read(py, i, true)?);
        oxjit_rt_dict_remove(self.block.0, i, 3);
        Ok(out)
    }

    /// The items as a new Python dict.
    fn to_pydict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        let mut i = self.next_entry(0);
        while i >= 0 {
            out.set_item(self.read(py, i, false)?, self.read(py, i, true)?)?;
            i = self.next_entry(i + 1);
        }
        Ok(out)
    }

    fn next_entry(&self, i: i64) -> i64 {
        if self.block.0.is_null() {
            return -1;
        }
        oxjit_rt_dict_next(self.block.0, i)
    }
}

fn key_error(key: &Bound<'_, PyAny>) -> PyErr {
    PyKeyError::new_err(key.clone().unbind())
}

#[pymethods]
impl TypedDict {
    #[new]
    #[pyo3(signature = (other = None, **kwargs))]
    fn py_new(
        other: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<TypedDict> {
        let mut d = TypedDict {
            types: None,
            block: Block(std::ptr::null_mut()),
        };
        d.update(other, kwargs)?;
        Ok(d)
    }

    /// `Dict.empty(key_type, value_type, n_keys=0)`: an empty dict of these types.
    #[staticmethod]
    #[pyo3(signature = (key_type, value_type, n_keys = 0))]
    fn empty(
        key_type: &Bound<'_, PyAny>,
        value_type: &Bound<'_, PyAny>,
        n_keys: usize,
    ) -> PyResult<TypedDict> {
        let _ = n_keys; // a capacity hint only: the table grows as needed
        let (k, v) = (
            super::type_of_spec(key_type)?,
            super::type_of_spec(value_type)?,
        );
        Ok(TypedDict {
            block: Block(new_block(&k, &v)?),
            types: Some((k, v)),
        })
    }

    fn __len__(&self) -> usize {
        self.len()
    }

    fn __getitem__(&self, py: Python<'_>, key: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        match self.lookup(key)? {
            Some(i) => self.read(py, i, true),
            None => Err(key_error(key)),
        }
    }

    fn __setitem__(&mut self, key: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        self.set(key, value)
    }

    fn __delitem__(&mut self, key: &Bound<'_, PyAny>) -> PyResult<()> {
        match self.lookup(key)? {
            Some(i) => {
                oxjit_rt_dict_remove(self.block.0, i, 3);
                Ok(())
            }
            None => Err(key_error(key)),
        }
    }

    fn __contains__(&self, key: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.lookup(key)?.is_some())
    }

    #[pyo3(signature = (key, default = None))]
    fn get(
        &self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        match self.lookup(key)? {
            Some(i) => self.read(py, i, true),
            None => Ok(default.unwrap_or_else(|| py.None())),
        }
    }

    #[pyo3(signature = (key, *default))]
    fn pop(
        &mut self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: &Bound<'_, PyTuple>,
    ) -> PyResult<Py<PyAny>> {
        if default.len() > 1 {
            return Err(PyTypeError::new_err(format!(
                "pop expected at most 2 arguments, got {}",
                default.len() + 1
            )));
        }
        match self.lookup(key)? {
            Some(i) => Ok(self.take(py, i)?.1),
            None if default.len() == 1 => Ok(default.get_item(0)?.unbind()),
            None => Err(key_error(key)),
        }
    }

    #[pyo3(signature = (key, default = None))]
    fn setdefault(
        &mut self,
        py: Python<'_>,
        key: &Bound<'_, PyAny>,
        default: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        if let Some(i) = self.lookup(key)? {
            return self.read(py, i, true);
        }
        let none = py.None().into_bound(py);
        let value = default.unwrap_or(&none);
        self.set(key, value)?;
        self.__getitem__(py, key)
    }

    fn popitem(&mut self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyAny>)> {
        if self.len() == 0 {
            return Err(PyKeyError::new_err("popitem(): dictionary is empty"));
        }
        let i = oxjit_rt_dict_last(self.block.0);
        self.take(py, i)
    }

    fn clear(&mut self) {
        if !self.block.0.is_null() {
            oxjit_rt_dict_clear(self.block.0);
        }
    }

    fn copy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Some((k, v)) = &self.types else {
            return Ok(Py::new(py, TypedDict::py_new(None, None)?)?.into_any());
        };
        let mi = oxjit_rt_dict_copy(self.block.0);
        if mi.is_null() {
            return Err(PyMemoryError::new_err("oxjit: out of memory for a dict"));
        }
        super::wrap_dict(py, k, v, mi)
    }

    #[pyo3(signature = (other = None, **kwargs))]
    fn update(
        &mut self,
        other: Option<&Bound<'_, PyAny>>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        if let Some(o) = other {
            // A snapshot of the pairs first (`d.update(d)` is then harmless).
            let pairs: Vec<(Bound<'_, PyAny>, Bound<'_, PyAny>)> = if o.hasattr("keys")? {
                let mut v = Vec::new();
                for k in o.call_method0("keys")?.try_iter()? {
                    let k = k?;
                    let x = o.get_item(&k)?;
                    v.push((k, x));
                }
                v
            } else {
                let mut v = Vec::new();
                for pair in o.try_iter()? {
                    let (k, x) = pair?.extract()?;
                    v.push((k, x));
                }
                v
            };
            for (k, x) in pairs {
                self.set(&k, &x)?;
            }
        }
        if let Some(kw) = kwargs {
            for (k, x) in kw.iter() {
                self.set(&k, &x)?;
            }
        }
        Ok(())
    }

    fn keys<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        view(slf, "KeysView")
    }

    fn values<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        view(slf, "ValuesView")
    }

    fn items<'py>(slf: Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        view(slf, "ItemsView")
    }

    fn __iter__(slf: Bound<'_, Self>) -> TypedDictIter {
        let len = slf.borrow().len();
        TypedDictIter {
            dict: slf.unbind(),
            pos: 0,
            len,
        }
    }

    fn __richcmp__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        if !matches!(op, CompareOp::Eq | CompareOp::Ne) {
            return Ok(py.NotImplemented());
        }
        let rhs = if let Ok(o) = other.cast::<TypedDict>() {
            o.borrow().to_pydict(py)?
        } else if let Ok(d) = other.cast::<PyDict>() {
            d.clone()
        } else {
            return Ok(py.NotImplemented());
        };
        Ok(self.to_pydict(py)?.rich_compare(rhs, op)?.unbind())
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        let mut parts = Vec::with_capacity(self.len());
        let mut i = self.next_entry(0);
        while i >= 0 {
            let k = self.read(py, i, false)?;
            let v = self.read(py, i, true)?;
            parts.push(format!("{}: {}", k.bind(py).str()?, v.bind(py).str()?));
            i = self.next_entry(i + 1);
        }
        Ok(format!("{{{}}}", parts.join(", ")))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let prefix = match &self.types {
            Some((k, v)) => super::dict_type_name(k, v),
            None => "DictType[Undefined,Undefined]<iv=None>".into(),
        };
        Ok(format!("{prefix}({})", self.__str__(py)?))
    }

    /// Numba's `_typed`: whether the key and value types are known.
    #[getter]
    fn _typed(&self) -> bool {
        self.types.is_some()
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyTuple>)> {
        let cls = py.import("oxjit.typed")?.getattr("Dict")?;
        let args = PyTuple::new(py, [self.to_pydict(py)?])?;
        Ok((cls.unbind(), args.unbind()))
    }
}

/// `collections.abc`'s view `kind` of the dict (what `Mapping.keys()` returns).
fn view<'py>(d: Bound<'py, TypedDict>, kind: &str) -> PyResult<Bound<'py, PyAny>> {
    let py = d.py();
    py.import("collections.abc")?.getattr(kind)?.call1((d,))
}

/// The iterator of a typed Dict's keys, in insertion order; CPython's RuntimeError where the
/// dict changes size while iterating.
#[pyclass(module = "oxjit.typed")]
pub struct TypedDictIter {
    dict: Py<TypedDict>,
    pos: i64,
    len: usize,
}

#[pymethods]
impl TypedDictIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        let d = self.dict.borrow(py);
        if d.len() != self.len {
            self.len = usize::MAX;
            return Err(PyRuntimeError::new_err(
                "dictionary changed size during iteration",
            ));
        }
        let i = d.next_entry(self.pos);
        if i < 0 {
            self.pos = i64::MAX;
            return Ok(None);
        }
        self.pos = i + 1;
        d.read(py, i, false).map(Some)
    }
}
