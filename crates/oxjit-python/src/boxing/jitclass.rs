//! `@jitclass` instances across the boundary (`oxjit_core::types::jitclass`). On the Python
//! side an instance is a proxy: an object of the user's class (made by `oxjit._jitclass`), a
//! subclass of [`JitInstance`], which owns one reference to the instance's runtime block. Passed
//! to compiled code the block is passed as it is (borrowed for the call): what compiled code
//! changes, every proxy of the block sees. Returned, a block becomes a new proxy.
//!
//! Fields are read and written from Python here, in Rust, on the block (`_oxjit_get_`,
//! `_oxjit_set_`); methods and properties call their compiled functions (the proxy class's
//! Python methods do). An array stored in a field from Python, or from compiled code that got it
//! from Python, is no runtime block but the NumPy array itself (tagged, borrowed for a call):
//! it gets a block that owns a reference to the array object, as a container item does
//! (`typed::items::owner_block`; `Callback::OwnBorrowed` in compiled code).

use std::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use oxjit_core::typeinfer::GlobalValue;
use oxjit_core::types::jitclass::{self, ClassBody};
use oxjit_core::types::{ClassTy, FuncId, Type};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};
use pyo3::exceptions::{PyAttributeError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple, PyType};

/// The base class of every jitclass proxy: the block it holds a reference to, and its class.
#[pyclass(frozen, subclass, module = "oxjit._oxjit", name = "JitInstance")]
pub struct JitInstance {
    mi: AtomicUsize,
    handle: AtomicUsize,
}

#[pymethods]
impl JitInstance {
    #[new]
    #[pyo3(signature = (*_args, **_kwargs))]
    fn py_new(_args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> JitInstance {
        JitInstance {
            mi: AtomicUsize::new(0),
            handle: AtomicUsize::new(usize::MAX),
        }
    }

    /// Field `k` (by position) as a Python object.
    fn _oxjit_get_(&self, py: Python<'_>, k: usize) -> PyResult<Py<PyAny>> {
        let (c, p) = self.field(k)?;
        let t = &c.body().fields[k].1;
        // SAFETY: `p` is field `k` of a live block, of type `t`; boxing takes over the
        // references taken here.
        unsafe {
            incref_refs(t, p);
            super::box_value(py, t, p)
        }
    }

    /// Sets field `k` (by position) to `value`, converted to the field's type.
    fn _oxjit_set_(&self, k: usize, value: &Bound<'_, PyAny>) -> PyResult<()> {
        let (c, p) = self.field(k)?;
        let t = c.body().fields[k].1.clone();
        let (size, _) = oxjit_core::types::size_align(&t);
        let mut tmp = vec![0u64; size.div_ceil(8).max(1)];
        let slot = tmp.as_mut_ptr() as *mut u8;
        // SAFETY: `slot` has room for a value of `t`; after unboxing, the field's own
        // references are taken (an array from Python adopted), what unboxing made is given
        // back, and the old value's references are given back once replaced.
        unsafe {
            unbox_field(value, &t, slot).map_err(|e| {
                PyTypeError::new_err(format!(
                    "cannot set the field '{}' of {} (declared as {t}): {e}",
                    c.body().fields[k].0,
                    c.name
                ))
            })?;
            own_value(&t, slot)?;
            if super::needs_release(&t) {
                super::release_arg(value, &t, slot)?;
            }
            let old = vec_of(p, size);
            std::ptr::copy_nonoverlapping(slot, p, size);
            release_refs(&t, old.as_ptr() as *const u8);
        }
        Ok(())
    }

    /// The block's address (for tests and `repr`).
    #[getter]
    fn _oxjit_meminfo_(&self) -> usize {
        self.mi.load(Ordering::Relaxed)
    }
}

impl JitInstance {
    /// The class and the address of field `k`.
    fn field(&self, k: usize) -> PyResult<(Arc<ClassTy>, *mut u8)> {
        let mi = self.mi.load(Ordering::Relaxed) as *mut MemInfo;
        let c = jitclass::by_handle(self.handle.load(Ordering::Relaxed) as u64);
        let (Some(c), false) = (c, mi.is_null()) else {
            return Err(PyAttributeError::new_err(
                "oxjit: this jitclass instance was not made by its class",
            ));
        };
        let Some(off) = c.offsets().get(k).copied() else {
            return Err(PyAttributeError::new_err("oxjit: no such field"));
        };
        // SAFETY: the proxy holds a reference to the block, whose data are the fields.
        Ok((c, unsafe { (*mi).data.add(off) }))
    }
}

impl Drop for JitInstance {
    fn drop(&mut self) {
        oxjit_rt_nrt_decref(self.mi.load(Ordering::Relaxed) as *mut MemInfo);
    }
}

/// Unboxes `value` as a field of type `t` at `slot`: as an argument, or for an optional field
/// `None` or a value of its type.
unsafe fn unbox_field(value: &Bound<'_, PyAny>, t: &Type, slot: *mut u8) -> PyResult<()> {
    let Type::Optional(inner) = t else {
        // SAFETY: the caller's guarantee.
        return unsafe { super::unbox(value, t, slot) };
    };
    if value.is_none() {
        return Ok(());
    }
    let off = oxjit_core::types::field_offsets(&[Type::Bool, (**inner).clone()])[1];
    // SAFETY: the caller's guarantee: `{present, value}` fits at `slot`.
    unsafe {
        super::unbox(value, inner, slot.add(off))?;
        slot.write(1);
    }
    Ok(())
}

/// A copy of `size` bytes at `p`.
unsafe fn vec_of(p: *const u8, size: usize) -> Vec<u64> {
    let mut v = vec![0u64; size.div_ceil(8).max(1)];
    // SAFETY: the caller's guarantee: `size` readable bytes at `p`.
    unsafe { std::ptr::copy_nonoverlapping(p, v.as_mut_ptr() as *mut u8, size) };
    v
}

/// Takes a reference to each block a value of type `t` at `p` holds.
unsafe fn incref_refs(t: &Type, p: *const u8) {
    for o in oxjit_core::types::ref_offsets(t) {
        // SAFETY: a reference word of the value (the caller's guarantee).
        unsafe { oxjit_rt_nrt_incref(*(p.add(o as usize) as *const *mut MemInfo)) };
    }
}

/// Gives back the references a value of type `t` at `p` holds.
unsafe fn release_refs(t: &Type, p: *const u8) {
    for o in oxjit_core::types::ref_offsets(t) {
        // SAFETY: a reference word of the value (the caller's guarantee).
        unsafe { oxjit_rt_nrt_decref(*(p.add(o as usize) as *const *mut MemInfo)) };
    }
}

/// Makes the value of type `t` at `slot` (as unboxing wrote it) own its references: an array
/// from Python gets a block owning a reference to it (as a container item does), a block gets
/// a reference of its own.
unsafe fn own_value(t: &Type, slot: *mut u8) -> PyResult<()> {
    for o in oxjit_core::types::ref_offsets(t) {
        // SAFETY: a reference word of the value (the caller's guarantee).
        unsafe {
            let word = slot.add(o as usize) as *mut usize;
            let mi = word.read();
            if mi & oxjit_abi::MEMINFO_PYOBJECT_TAG != 0 {
                let obj = (mi & !oxjit_abi::MEMINFO_PYOBJECT_TAG) as *mut pyo3::ffi::PyObject;
                word.write(crate::typed::items::owner_block(obj)? as usize);
            } else {
                oxjit_rt_nrt_incref(mi as *mut MemInfo);
            }
        }
    }
    Ok(())
}

/// The proxy class of each registered class, by handle.
fn proxies() -> &'static Mutex<Vec<Py<PyType>>> {
    static PROXIES: OnceLock<Mutex<Vec<Py<PyType>>>> = OnceLock::new();
    PROXIES.get_or_init(|| Mutex::new(Vec::new()))
}

/// Registers the proxy class `cls` of a new jitclass named `name`: its handle.
#[pyfunction]
pub fn jitclass_register(name: &str, cls: &Bound<'_, PyType>) -> PyResult<u64> {
    let mut all = proxies().lock().expect("jitclass proxies");
    let c = jitclass::register(name);
    if c.handle as usize != all.len() {
        return Err(PyTypeError::new_err("oxjit: jitclass registry out of step"));
    }
    all.push(cls.clone().unbind());
    Ok(c.handle)
}

/// Gives class `handle` its body: `fields` a list of `(name, type text)`, `methods` and
/// `statics` dicts of name to dispatcher, `properties` a dict of name to `(getter, setter or
/// None)` dispatchers.
#[pyfunction]
pub fn jitclass_define(
    handle: u64,
    fields: &Bound<'_, PyList>,
    methods: &Bound<'_, PyDict>,
    statics: &Bound<'_, PyDict>,
    properties: &Bound<'_, PyDict>,
) -> PyResult<()> {
    let c = jitclass::by_handle(handle)
        .ok_or_else(|| PyTypeError::new_err(format!("oxjit: no jitclass #{handle}")))?;
    let mut body = ClassBody::default();
    for item in fields.iter() {
        let (name, text): (String, String) = item.extract()?;
        let t = Type::parse(&text).map_err(|e| {
            PyTypeError::new_err(format!(
                "jitclass {}: the field '{name}' has type {text}, which oxjit cannot use ({e})",
                c.name
            ))
        })?;
        if !t.is_runtime() {
            return Err(PyTypeError::new_err(format!(
                "jitclass {}: the field '{name}' cannot hold values of type {t}",
                c.name
            )));
        }
        body.fields.push((Arc::from(name.as_str()), t));
    }
    let ids = |d: &Bound<'_, PyDict>| -> PyResult<Vec<(Arc<str>, FuncId)>> {
        d.iter()
            .map(|(k, v)| Ok((Arc::from(k.extract::<String>()?.as_str()), dispatcher(&v)?)))
            .collect()
    };
    body.methods = ids(methods)?;
    body.statics = ids(statics)?;
    for (k, v) in properties.iter() {
        let (getter, setter): (Bound<'_, PyAny>, Bound<'_, PyAny>) = v.extract()?;
        let setter = match setter.is_none() {
            true => None,
            false => Some(dispatcher(&setter)?),
        };
        body.properties.push((
            Arc::from(k.extract::<String>()?.as_str()),
            dispatcher(&getter)?,
            setter,
        ));
    }
    c.define(body);
    Ok(())
}

fn dispatcher(obj: &Bound<'_, PyAny>) -> PyResult<FuncId> {
    crate::dispatcher::function_id(obj)
        .ok_or_else(|| PyTypeError::new_err("oxjit: a jitclass method without its dispatcher"))
}

/// The class of a jitclass (its proxy class, as a global), defined.
pub fn class_of(value: &Bound<'_, PyAny>) -> PyResult<Arc<ClassTy>> {
    let handle = value
        .getattr("_oxjit_jitclass_")?
        .call0()?
        .extract::<u64>()?;
    jitclass::by_handle(handle)
        .ok_or_else(|| PyTypeError::new_err(format!("oxjit: no jitclass #{handle}")))
}

/// A global that is a jitclass (a proxy class): the class, defined (`None` for other types).
pub fn global_class(t: &Bound<'_, PyType>, value: &Bound<'_, PyAny>) -> Option<GlobalValue> {
    if !t.is_subclass_of::<JitInstance>().unwrap_or(false) {
        return None;
    }
    Some(match class_of(value) {
        Ok(c) => GlobalValue::JitClass(c),
        Err(e) => GlobalValue::Unsupported(format!("a jitclass oxjit cannot compile ({e})")),
    })
}

/// The type of a proxy (`None` for other objects).
pub fn typeof_instance(obj: &Bound<'_, PyAny>) -> Option<Type> {
    let inst = obj.cast::<JitInstance>().ok()?;
    let handle = inst.get().handle.load(Ordering::Relaxed);
    jitclass::by_handle(handle as u64).map(Type::JitInstance)
}

/// Writes the block of the proxy `obj` at `dst`, with a reference of its own (given back by
/// `release` after a call; a typed container's item keeps it, as it keeps a string's).
///
/// # Safety
/// `dst` must have room for a pointer.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, c: &ClassTy, dst: *mut u8) -> PyResult<()> {
    let inst = obj.cast::<JitInstance>().map_err(|_| {
        PyTypeError::new_err(format!(
            "oxjit: expected an instance of jitclass {}, got {}",
            c.name,
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    let inst = inst.get();
    if inst.handle.load(Ordering::Relaxed) as u64 != c.handle {
        return Err(PyTypeError::new_err(format!(
            "oxjit: expected an instance of jitclass {}",
            c.name
        )));
    }
    let mi = inst.mi.load(Ordering::Relaxed);
    oxjit_rt_nrt_incref(mi as *mut MemInfo);
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut usize).write(mi) };
    Ok(())
}

/// After a call: gives back the reference `unbox` took.
///
/// # Safety
/// `slot` must hold what `unbox` wrote.
pub(super) unsafe fn release(slot: *const u8) {
    // SAFETY: the caller's guarantee.
    oxjit_rt_nrt_decref(unsafe { *(slot as *const *mut MemInfo) });
}

/// A new proxy for the block at `src`, taking over the reference it holds.
///
/// # Safety
/// `src` must hold a live instance block of class `c` with a reference for the caller.
pub(super) unsafe fn box_value(py: Python<'_>, c: &ClassTy, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    let mi = unsafe { *(src as *const usize) };
    let cls = {
        let all = proxies().lock().expect("jitclass proxies");
        all.get(c.handle as usize).map(|p| p.clone_ref(py))
    };
    let Some(cls) = cls else {
        oxjit_rt_nrt_decref(mi as *mut MemInfo);
        return Err(PyTypeError::new_err("oxjit: a jitclass without its class"));
    };
    let obj = match new_proxy(py, cls.bind(py)) {
        Ok(obj) => obj,
        Err(e) => {
            oxjit_rt_nrt_decref(mi as *mut MemInfo);
            return Err(e);
        }
    };
    let inst = obj.cast::<JitInstance>()?.get();
    inst.mi.store(mi, Ordering::Relaxed);
    inst.handle.store(c.handle as usize, Ordering::Relaxed);
    Ok(obj.unbind())
}

/// A new, empty proxy of class `cls` (a subclass of [`JitInstance`]), made by the base class's
/// own `tp_new`: the proxy class's `__new__` constructs (it runs `__init__`), which boxing must
/// not do.
fn new_proxy<'py>(py: Python<'py>, cls: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    static TP_NEW: OnceLock<usize> = OnceLock::new();
    let slot = *TP_NEW.get_or_init(|| {
        let base = py.get_type::<JitInstance>();
        // SAFETY: a live type object's slot, read once.
        unsafe { pyo3::ffi::PyType_GetSlot(base.as_type_ptr(), pyo3::ffi::Py_tp_new) as usize }
    });
    if slot == 0 {
        return Err(PyTypeError::new_err("oxjit: JitInstance without tp_new"));
    }
    let args = PyTuple::empty(py);
    // SAFETY: `slot` is the base type's `tp_new` (pyo3's), which makes an instance of the
    // subtype `cls`, a subclass of it; the result is a new reference, or null with an exception.
    // A proxy holds no Python references (its class has empty `__slots__`), so it can be in no
    // cycle: it is taken off the collector's lists, which a list of a million proxies otherwise
    // makes walk again and again.
    unsafe {
        let new: pyo3::ffi::newfunc = std::mem::transmute(slot);
        let obj = new(cls.as_type_ptr(), args.as_ptr(), std::ptr::null_mut());
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        if pyo3::ffi::PyObject_GC_IsTracked(obj) == 1 {
            pyo3::ffi::PyObject_GC_UnTrack(obj as *mut c_void);
        }
        Ok(Bound::from_owned_ptr(py, obj))
    }
}

/// Whether `t` holds jitclass instances (whose handles are this process's: not cached on disk).
pub fn names_jitclass(t: &Type) -> bool {
    match t {
        Type::JitInstance(_) => true,
        Type::Tuple(items) => items.iter().any(names_jitclass),
        Type::List(x) | Type::Set(x) | Type::Optional(x) => names_jitclass(x),
        Type::Dict(k, v) => names_jitclass(k) || names_jitclass(v),
        _ => false,
    }
}
