//! `oxjit.typed.List`: a runtime list block used from Python in place (see `typed/mod.rs`).
//! CPython's messages for the errors a `list` raises; Numba's `repr`.

use oxjit_core::types::{ref_offsets, size_align, Type};
use oxjit_runtime::list::{
    header, oxjit_rt_list_clear, oxjit_rt_list_close, oxjit_rt_list_delete, oxjit_rt_list_extend,
    oxjit_rt_list_new, oxjit_rt_list_open, oxjit_rt_list_reverse, oxjit_rt_list_slice,
};
use oxjit_runtime::nrt::MemInfo;
use pyo3::basic::CompareOp;
use pyo3::exceptions::{PyIndexError, PyMemoryError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PySlice, PyTuple};

use super::items::{self, count_refs};
use super::Block;

/// A typed list: its item type (`None` until the first item decides it, as Numba's untyped
/// `List()`) and the block it owns a reference to (null while untyped).
#[pyclass(module = "oxjit.typed", name = "List")]
pub struct TypedList {
    pub(crate) item: Option<Type>,
    pub(crate) block: Block,
}

/// A new empty list block of `item`s with room for `n`, marked typed.
fn new_block(item: &Type, n: usize) -> PyResult<*mut MemInfo> {
    let offsets = ref_offsets(item);
    let size = size_align(item).0 as i64;
    let mi = oxjit_rt_list_new(size, n as i64, offsets.len() as i64, offsets.as_ptr());
    if mi.is_null() {
        return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
    }
    // SAFETY: a fresh list block.
    unsafe { header(mi).typed = 1 };
    Ok(mi)
}

impl TypedList {
    pub(crate) fn from_block(item: Type, mi: *mut MemInfo) -> TypedList {
        // SAFETY: a live list block (now known to Python as a typed List).
        unsafe { header(mi).typed = 1 };
        TypedList {
            item: Some(item),
            block: Block(mi),
        }
    }

    fn len(&self) -> usize {
        if self.block.0.is_null() {
            return 0;
        }
        // SAFETY: a live list block.
        unsafe { header(self.block.0).len as usize }
    }

    /// Gives an untyped (so empty) list the item type `t`.
    pub(crate) fn settle(&mut self, t: Type) -> PyResult<()> {
        if self.item.is_none() {
            self.block = Block(new_block(&t, 0)?);
            self.item = Some(t);
        }
        Ok(())
    }

    /// The item type, deciding it from `obj` where the list is untyped.
    fn typed_for(&mut self, obj: &Bound<'_, PyAny>) -> PyResult<Type> {
        if let Some(t) = &self.item {
            return Ok(t.clone());
        }
        let t = items::first_type(obj)?;
        self.block = Block(new_block(&t, 0)?);
        self.item = Some(t.clone());
        Ok(t)
    }

    /// The address of item `k` (< len).
    fn at(&self, k: usize) -> *mut u8 {
        let size = size_align(self.item.as_ref().expect("typed")).0;
        // SAFETY: a live list block and an index in range.
        unsafe { header(self.block.0).items.add(k * size) }
    }

    /// Item `k` (< len) as a Python object.
    fn get(&self, py: Python<'_>, k: usize) -> PyResult<Py<PyAny>> {
        // SAFETY: a live item of the list's type.
        unsafe { items::read(py, self.item.as_ref().expect("typed"), self.at(k)) }
    }

    /// `i` as an index into a list of `len` items (negative from the end); `msg` where it is
    /// out of range.
    fn position(i: isize, len: usize, msg: &'static str) -> PyResult<usize> {
        let k = if i < 0 { i + len as isize } else { i };
        if k < 0 || k >= len as isize {
            return Err(PyIndexError::new_err(msg));
        }
        Ok(k as usize)
    }

    /// Opens a slot at `at` and writes `obj` there.
    fn put(&mut self, at: usize, obj: &Bound<'_, PyAny>) -> PyResult<()> {
        let t = self.typed_for(obj)?;
        if t == Type::F64 || t == Type::I64 {
            return self.put_number(at, obj, &t);
        }
        let mut tmp = items::scratch(&t);
        let p = tmp.as_mut_ptr() as *mut u8;
        // SAFETY: room for one item; moved into the list after it is complete.
        unsafe { items::write(obj, &t, p, "an item of")? };
        if oxjit_rt_list_open(self.block.0, at as i64, 1) != 0 {
            // SAFETY: the item written above, never stored.
            unsafe { count_refs(&t, p, false) };
            return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
        }
        // SAFETY: the slot just opened.
        unsafe { std::ptr::copy_nonoverlapping(p, self.at(at), size_align(&t).0) };
        Ok(())
    }

    /// `put` for float64 and int64 items: the value read before the slot opens.
    fn put_number(&mut self, at: usize, obj: &Bound<'_, PyAny>, t: &Type) -> PyResult<()> {
        let mut word = 0u64;
        // SAFETY: 8 bytes of room for a number.
        unsafe { items::write(obj, t, &mut word as *mut u64 as *mut u8, "an item of")? };
        if oxjit_rt_list_open(self.block.0, at as i64, 1) != 0 {
            return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
        }
        // SAFETY: the slot just opened.
        unsafe { (self.at(at) as *mut u64).write(word) };
        Ok(())
    }

    /// Whether item `k` equals `x` (Python's `==`, numbers compared natively).
    fn item_eq(&self, py: Python<'_>, k: usize, x: &Bound<'_, PyAny>) -> PyResult<bool> {
        let t = self.item.as_ref().expect("typed");
        if *t == Type::I64 && x.is_exact_instance_of::<pyo3::types::PyInt>() {
            if let Ok(v) = x.extract::<i64>() {
                // SAFETY: an int64 item.
                return Ok(unsafe { *(self.at(k) as *const i64) } == v);
            }
        }
        if *t == Type::F64 && x.is_exact_instance_of::<pyo3::types::PyFloat>() {
            // SAFETY: a float64 item.
            return Ok(unsafe { *(self.at(k) as *const f64) } == x.extract::<f64>()?);
        }
        self.get(py, k)?.bind(py).eq(x)
    }

    /// The first index in `lo..hi` whose item equals `x`.
    fn find(
        &self,
        py: Python<'_>,
        x: &Bound<'_, PyAny>,
        lo: usize,
        hi: usize,
    ) -> PyResult<Option<usize>> {
        if self.item.is_none() {
            return Ok(None);
        }
        for k in lo..hi.min(self.len()) {
            if self.item_eq(py, k, x)? {
                return Ok(Some(k));
            }
        }
        Ok(None)
    }

    /// The items as a new Python list.
    pub(crate) fn to_pylist<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        if let Some(t) = &self.item {
            // SAFETY: a live list block of `t`s.
            if let Some(l) = unsafe { crate::boxing::numbers_to_list(py, t, self.block.0) } {
                return Ok(l?.into_bound(py).cast_into::<PyList>()?);
            }
        }
        let items: PyResult<Vec<Py<PyAny>>> = (0..self.len()).map(|k| self.get(py, k)).collect();
        PyList::new(py, items?)
    }

    /// Replaces all items by those of `src` (a Python list of values of the item type).
    fn refill(&mut self, src: &Bound<'_, PyList>) -> PyResult<()> {
        if !self.block.0.is_null() {
            oxjit_rt_list_clear(self.block.0);
        }
        for x in src.iter() {
            let n = self.len();
            self.put(n, &x)?;
        }
        Ok(())
    }

    fn extend_from(&mut self, other: &Bound<'_, PyAny>) -> PyResult<()> {
        if let Ok(o) = other.cast::<TypedList>() {
            match o.try_borrow() {
                // Borrowed already: the list itself (`l.extend(l)`), which the runtime handles.
                Err(_) => return self.extend_block(self.block.0),
                Ok(o) if o.item.is_some() && (self.item.is_none() || o.item == self.item) => {
                    if self.item.is_none() {
                        let t = o.item.clone().expect("typed");
                        self.block = Block(new_block(&t, o.len())?);
                        self.item = Some(t);
                    }
                    return self.extend_block(o.block.0);
                }
                Ok(_) => {}
            }
        }
        if let Ok(l) = other.cast::<PyList>() {
            if self.bulk_numbers(l)? {
                return Ok(());
            }
        }
        // A snapshot first: what iterating runs cannot see this list half extended.
        let snapshot: Vec<Bound<'_, PyAny>> = other.try_iter()?.collect::<PyResult<_>>()?;
        for x in snapshot {
            let n = self.len();
            self.put(n, &x)?;
        }
        Ok(())
    }

    /// Appends the items of the list block `src` (of this list's item type).
    fn extend_block(&mut self, src: *mut MemInfo) -> PyResult<()> {
        if self.block.0.is_null() {
            return Ok(());
        }
        if oxjit_rt_list_extend(self.block.0, src) != 0 {
            return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
        }
        Ok(())
    }

    /// The common case, through the C API without temporaries: a Python list of floats into a
    /// list of float64 (or of ints into int64). `false` where it does not apply.
    fn bulk_numbers(&mut self, l: &Bound<'_, PyList>) -> PyResult<bool> {
        use pyo3::ffi;
        let n = l.len();
        if n == 0 {
            return Ok(true);
        }
        let first = l.get_item(0)?;
        let float = Type::F64;
        let int = Type::I64;
        let t = match &self.item {
            Some(t) if *t == float || *t == int => t.clone(),
            Some(_) => return Ok(false),
            None if first.is_exact_instance_of::<pyo3::types::PyFloat>() => float.clone(),
            None if first.is_exact_instance_of::<pyo3::types::PyInt>() => int.clone(),
            None => return Ok(false),
        };
        let is_float = t == float;
        let fresh = self.item.is_none();
        if fresh {
            self.block = Block(new_block(&t, n)?);
            self.item = Some(t);
        }
        let len = self.len();
        if oxjit_rt_list_open(self.block.0, len as i64, n as i64) != 0 {
            return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
        }
        // One pass: each item is checked to be an exact float (or int in range) as it is read;
        // at the first other item the opened slots (numbers, no references) are closed again
        // and the caller's item-by-item path takes over (and raises where it must).
        // SAFETY: the GIL is held; items are borrowed while the list is alive; `n` slots were
        // just opened after the old items.
        unsafe {
            let items = header(self.block.0).items;
            for k in 0..n {
                let x = ffi::PyList_GetItem(l.as_ptr(), k as ffi::Py_ssize_t);
                let exact = if is_float {
                    ffi::Py_TYPE(x) == std::ptr::addr_of_mut!(ffi::PyFloat_Type)
                } else {
                    ffi::Py_TYPE(x) == std::ptr::addr_of_mut!(ffi::PyLong_Type)
                };
                let v = if !exact {
                    None
                } else if is_float {
                    Some(ffi::PyFloat_AsDouble(x).to_bits() as i64)
                } else {
                    // An int out of int64's range: the item-by-item path raises its error.
                    match ffi::PyLong_AsLongLong(x) {
                        -1 if !ffi::PyErr_Occurred().is_null() => {
                            ffi::PyErr_Clear();
                            None
                        }
                        v => Some(v),
                    }
                };
                let Some(v) = v else {
                    header(self.block.0).len = len as i64;
                    if fresh {
                        self.block = Block(std::ptr::null_mut());
                        self.item = None;
                    }
                    return Ok(false);
                };
                *(items as *mut i64).add(len + k) = v;
            }
        }
        Ok(true)
    }
}

#[pymethods]
impl TypedList {
    #[new]
    #[pyo3(signature = (iterable = None))]
    fn py_new(iterable: Option<&Bound<'_, PyAny>>) -> PyResult<TypedList> {
        let mut l = TypedList {
            item: None,
            block: Block(std::ptr::null_mut()),
        };
        if let Some(it) = iterable {
            if it.getattr("ndim").and_then(|n| n.extract::<i64>()).ok() == Some(0) {
                l.append(&it.call_method0("item")?)?;
                return Ok(l);
            }
            if it.try_iter().is_err() {
                return Err(PyTypeError::new_err("List() argument must be iterable"));
            }
            l.extend_from(it)?;
        }
        Ok(l)
    }

    /// `List.empty_list(item_type, allocated=0)`: an empty list of `item_type` items.
    #[staticmethod]
    #[pyo3(signature = (item_type, allocated = 0))]
    fn empty_list(item_type: &Bound<'_, PyAny>, allocated: usize) -> PyResult<TypedList> {
        let t = super::type_of_spec(item_type)?;
        Ok(TypedList {
            block: Block(new_block(&t, allocated)?),
            item: Some(t),
        })
    }

    fn __len__(&self) -> usize {
        self.len()
    }

    fn __getitem__(&self, py: Python<'_>, i: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if let Ok(s) = i.cast::<PySlice>() {
            let ind = s.indices(self.len() as isize)?;
            let Some(t) = &self.item else {
                return Ok(Py::new(py, TypedList::py_new(None)?)?.into_any());
            };
            let mi = oxjit_rt_list_slice(
                self.block.0,
                ind.start as i64,
                ind.step as i64,
                ind.slicelength as i64,
            );
            if mi.is_null() {
                return Err(PyMemoryError::new_err("oxjit: out of memory for a list"));
            }
            return super::wrap_list(py, t, mi);
        }
        let k = Self::position(index_of(i)?, self.len(), "list index out of range")?;
        self.get(py, k)
    }

    fn __setitem__(
        &mut self,
        py: Python<'_>,
        i: &Bound<'_, PyAny>,
        x: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        if i.cast::<PySlice>().is_ok() {
            // Slice assignment: CPython's rules on a Python copy, then the items written back.
            let cur = self.to_pylist(py)?;
            cur.as_any().set_item(i, x)?;
            return self.refill(&cur);
        }
        let k = Self::position(
            index_of(i)?,
            self.len(),
            "list assignment index out of range",
        )?;
        let t = self.item.clone().expect("a non-empty list is typed");
        let mut tmp = items::scratch(&t);
        let p = tmp.as_mut_ptr() as *mut u8;
        // SAFETY: the new item is complete before the old one is given back and replaced.
        unsafe {
            items::write(x, &t, p, "an item of")?;
            let slot = self.at(k);
            count_refs(&t, slot, false);
            std::ptr::copy_nonoverlapping(p, slot, size_align(&t).0);
            header(self.block.0).dirty = 1;
        }
        Ok(())
    }

    fn __delitem__(&mut self, i: &Bound<'_, PyAny>) -> PyResult<()> {
        let len = self.len();
        if let Ok(s) = i.cast::<PySlice>() {
            let ind = s.indices(len as isize)?;
            if ind.slicelength > 0 {
                oxjit_rt_list_delete(
                    self.block.0,
                    ind.start as i64,
                    ind.step as i64,
                    ind.slicelength as i64,
                );
            }
            return Ok(());
        }
        let k = Self::position(index_of(i)?, len, "list assignment index out of range")?;
        let t = self.item.clone().expect("a non-empty list is typed");
        // SAFETY: item `k` is given back, then its slot closed.
        unsafe { count_refs(&t, self.at(k), false) };
        oxjit_rt_list_close(self.block.0, k as i64, 1);
        Ok(())
    }

    fn append(&mut self, x: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = self.len();
        self.put(n, x)
    }

    fn extend(&mut self, iterable: &Bound<'_, PyAny>) -> PyResult<()> {
        self.extend_from(iterable)
    }

    fn insert(&mut self, i: isize, x: &Bound<'_, PyAny>) -> PyResult<()> {
        let n = self.len() as isize;
        let at = if i < 0 { (i + n).max(0) } else { i.min(n) };
        self.put(at as usize, x)
    }

    #[pyo3(signature = (i = -1))]
    fn pop(&mut self, py: Python<'_>, i: isize) -> PyResult<Py<PyAny>> {
        let len = self.len();
        if len == 0 {
            return Err(PyIndexError::new_err("pop from empty list"));
        }
        let k = Self::position(i, len, "pop index out of range")?;
        let out = self.get(py, k)?;
        let t = self.item.clone().expect("typed");
        // SAFETY: the item was read (with references of its own) before it is given back.
        unsafe { count_refs(&t, self.at(k), false) };
        oxjit_rt_list_close(self.block.0, k as i64, 1);
        Ok(out)
    }

    fn remove(&mut self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<()> {
        match self.find(py, x, 0, self.len())? {
            Some(k) => self.__delitem__(&(k as i64).into_pyobject(py)?.into_any()),
            None => Err(PyValueError::new_err("list.remove(x): x not in list")),
        }
    }

    #[pyo3(signature = (x, start = 0, stop = isize::MAX))]
    fn index(
        &self,
        py: Python<'_>,
        x: &Bound<'_, PyAny>,
        start: isize,
        stop: isize,
    ) -> PyResult<usize> {
        let n = self.len() as isize;
        let clamp = |i: isize| if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
        match self.find(py, x, clamp(start), clamp(stop))? {
            Some(k) => Ok(k),
            None => Err(PyValueError::new_err(format!(
                "{} is not in list",
                x.repr()?
            ))),
        }
    }

    fn count(&self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<usize> {
        let mut c = 0;
        for k in 0..self.len() {
            c += self.item_eq(py, k, x)? as usize;
        }
        Ok(c)
    }

    fn clear(&mut self) {
        if !self.block.0.is_null() {
            oxjit_rt_list_clear(self.block.0);
        }
    }

    fn reverse(&mut self) {
        if !self.block.0.is_null() {
            oxjit_rt_list_reverse(self.block.0);
        }
    }

    #[pyo3(signature = (key = None, reverse = false))]
    fn sort(
        &mut self,
        py: Python<'_>,
        key: Option<&Bound<'_, PyAny>>,
        reverse: bool,
    ) -> PyResult<()> {
        let cur = self.to_pylist(py)?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("key", key)?;
        kwargs.set_item("reverse", reverse)?;
        cur.call_method("sort", (), Some(&kwargs))?;
        self.refill(&cur)
    }

    fn copy(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        self.__getitem__(py, PySlice::full(py).as_any())
    }

    fn __contains__(&self, py: Python<'_>, x: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.find(py, x, 0, self.len())?.is_some())
    }

    fn __iter__(slf: Bound<'_, Self>) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        {
            let l = slf.borrow();
            if let Some(t) = &l.item {
                if let Some(it) = super::list_iter::new(py, t, l.block.0) {
                    return it;
                }
            }
        }
        Ok(Py::new(py, TypedListIter::new(slf.unbind()))?.into_any())
    }

    fn __reversed__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_pylist(py)?.call_method0("__reversed__")
    }

    fn __richcmp__(
        &self,
        py: Python<'_>,
        other: &Bound<'_, PyAny>,
        op: CompareOp,
    ) -> PyResult<Py<PyAny>> {
        let rhs = if let Ok(o) = other.cast::<TypedList>() {
            o.borrow().to_pylist(py)?
        } else if let Ok(l) = other.cast::<PyList>() {
            l.clone()
        } else {
            return Ok(py.NotImplemented());
        };
        let lhs = self.to_pylist(py)?;
        Ok(lhs.rich_compare(rhs, op)?.unbind())
    }

    fn __str__(&self, py: Python<'_>) -> PyResult<String> {
        let mut parts = Vec::with_capacity(self.len());
        for k in 0..self.len() {
            parts.push(self.get(py, k)?.bind(py).str()?.to_string());
        }
        Ok(format!("[{}]", parts.join(", ")))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let prefix = match &self.item {
            Some(t) => super::list_type_name(t),
            None => "ListType[Undefined]".into(),
        };
        Ok(format!("{prefix}({})", self.__str__(py)?))
    }

    /// Numba's `_typed`: whether the item type is known.
    #[getter]
    fn _typed(&self) -> bool {
        self.item.is_some()
    }

    /// `l += iterable` (as `MutableSequence` gives it).
    fn __iadd__(&mut self, iterable: &Bound<'_, PyAny>) -> PyResult<()> {
        self.extend_from(iterable)
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyTuple>)> {
        let cls = py.import("oxjit.typed")?.getattr("List")?;
        let args = PyTuple::new(py, [self.to_pylist(py)?])?;
        Ok((cls.unbind(), args.unbind()))
    }
}

/// An integer index (anything with `__index__`), or CPython's TypeError.
fn index_of(i: &Bound<'_, PyAny>) -> PyResult<isize> {
    i.extract::<isize>().map_err(|_| {
        let tname = i
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        PyTypeError::new_err(format!(
            "list indices must be integers or slices, not {tname}"
        ))
    })
}

/// The iterator of a typed List: live (it sees items appended while iterating). It holds a
/// reference to the list's block once the list is typed, and reads the block directly.
#[pyclass(module = "oxjit.typed")]
pub struct TypedListIter {
    list: Py<TypedList>,
    pos: usize,
    /// The block (a reference of its own), the item type and size, once known.
    block: Option<(Block, Type, usize)>,
    /// Once exhausted, it stays so (as CPython's list iterator), items appended later or not.
    done: bool,
}

impl TypedListIter {
    pub(crate) fn new(list: Py<TypedList>) -> TypedListIter {
        TypedListIter {
            list,
            pos: 0,
            block: None,
            done: false,
        }
    }
}

#[pymethods]
impl TypedListIter {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        if self.done {
            return Ok(None);
        }
        if self.block.is_none() {
            let l = self.list.borrow(py);
            let Some(t) = &l.item else {
                return Ok(None);
            };
            oxjit_runtime::nrt::oxjit_rt_nrt_incref(l.block.0);
            self.block = Some((Block(l.block.0), t.clone(), size_align(t).0));
        }
        let (block, t, size) = self.block.as_ref().expect("set above");
        // SAFETY: a live list block (this iterator holds a reference); `pos < len`.
        unsafe {
            let h = header(block.0);
            if self.pos >= h.len as usize {
                self.done = true;
                self.block = None;
                return Ok(None);
            }
            let p = h.items.add(self.pos * size);
            self.pos += 1;
            if *t == Type::F64 {
                let x = pyo3::ffi::PyFloat_FromDouble(*(p as *const f64));
                return Ok(Some(Bound::from_owned_ptr_or_err(py, x)?.unbind()));
            }
            items::read(py, t, p).map(Some)
        }
    }
}
