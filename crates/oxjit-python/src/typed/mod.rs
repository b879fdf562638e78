//! `oxjit.typed.List` and `oxjit.typed.Dict` (Numba's `numba.typed` containers): Python objects
//! that own one reference to a runtime list or dict block (`oxjit-runtime`'s `list.rs`,
//! `dict.rs`), the very block compiled code works on. Passed to a compiled function, the block
//! is passed as it is (a reference taken, no copy, no reflection): what the function changes, the
//! caller sees. A block compiled code returns whose header says `typed` is wrapped again, without
//! copying. From Python, every operation reads or writes the block here, in Rust, item by item
//! (no compiled code is called per operation).
//!
//! The containers have the oxjit types of lists and dicts (`list(int64)`, `dict(int64,
//! float64)`): inside compiled code they are lists and dicts; only boxing tells them apart.

mod dict;
pub(crate) mod items;
mod list;
mod list_iter;

use std::sync::Arc;

use oxjit_core::callee::{Builtin, NpFn, StrFn};
use oxjit_core::typeinfer::GlobalValue;
use oxjit_core::types::Type;
use oxjit_runtime::nrt::MemInfo;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

pub use dict::{TypedDict, TypedDictIter};
pub use list::{TypedList, TypedListIter};

/// A block pointer a container owns one reference to (the GIL guards every use).
pub(crate) struct Block(pub *mut MemInfo);

// SAFETY: the block is only touched while the GIL is held (all methods take `Python`), and its
// reference count is atomic.
unsafe impl Send for Block {}
// SAFETY: as above.
unsafe impl Sync for Block {}

impl Drop for Block {
    fn drop(&mut self) {
        if !self.0.is_null() {
            oxjit_runtime::nrt::oxjit_rt_nrt_decref(self.0);
        }
    }
}

/// The oxjit type a Python type object stands for (`types.int64`, `types.ListType(...)`): its
/// canonical name, parsed.
pub(crate) fn type_of_spec(spec: &Bound<'_, PyAny>) -> PyResult<Type> {
    let name = spec.str()?.to_string();
    let oxjit_type = spec.py().import("oxjit.types")?.getattr("Type")?;
    if !spec.is_instance(&oxjit_type)? {
        return Err(PyTypeError::new_err(format!(
            "oxjit.typed: {name} is not an oxjit type: use the types of oxjit.types (types.int64, \
             types.float64, types.unicode_type, ...)"
        )));
    }
    let t = Type::parse(&name).map_err(|e| {
        PyTypeError::new_err(format!("oxjit.typed: {name} is not an oxjit type ({e})"))
    })?;
    if !t.is_runtime() || matches!(t, Type::NoneType) {
        return Err(PyTypeError::new_err(format!(
            "oxjit.typed: a container cannot hold values of type {t}"
        )));
    }
    Ok(t)
}

/// Numba's name of a list type (`ListType[int64]`).
pub(crate) fn list_type_name(item: &Type) -> String {
    format!("ListType[{}]", items::numba_name(item))
}

/// Numba's name of a dict type (`DictType[int64,float64]<iv=None>`).
pub(crate) fn dict_type_name(k: &Type, v: &Type) -> String {
    format!(
        "DictType[{},{}]<iv=None>",
        items::numba_name(k),
        items::numba_name(v)
    )
}

/// The oxjit type of a typed container (`None` for any other object).
pub fn typeof_typed(obj: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    if let Ok(l) = obj.cast::<TypedList>() {
        return match &l.borrow().item {
            Some(t) => Ok(Some(Type::List(Arc::new(t.clone())))),
            None => Err(PyTypeError::new_err(
                "oxjit: cannot pass an untyped typed.List (nothing was appended to it yet): use \
                 List.empty_list(item_type)",
            )),
        };
    }
    if let Ok(d) = obj.cast::<TypedDict>() {
        return match &d.borrow().types {
            Some((k, v)) => Ok(Some(Type::Dict(Arc::new(k.clone()), Arc::new(v.clone())))),
            None => Err(PyTypeError::new_err(
                "oxjit: cannot pass an untyped typed.Dict (nothing was stored in it yet): use \
                 Dict.empty(key_type, value_type)",
            )),
        };
    }
    Ok(None)
}

/// Where `obj` is a typed container of type `t`: writes its block at `dst` with a reference
/// taken (the call uses it in place) and says `true`; `false` for any other object.
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub unsafe fn unbox_typed(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<bool> {
    // An empty untyped `List()` takes the item type it is stored as.
    if let (Ok(l), Type::List(item)) = (obj.cast::<TypedList>(), t) {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.settle((**item).clone())?;
        }
    }
    let found = if let Ok(l) = obj.cast::<TypedList>() {
        let l = l.borrow();
        Some((l.item.clone().map(|i| Type::List(Arc::new(i))), l.block.0))
    } else if let Ok(d) = obj.cast::<TypedDict>() {
        let d = d.borrow();
        let ty = d
            .types
            .clone()
            .map(|(k, v)| Type::Dict(Arc::new(k), Arc::new(v)));
        Some((ty, d.block.0))
    } else {
        None
    };
    let Some((ty, mi)) = found else {
        return Ok(false);
    };
    if ty.as_ref() != Some(t) || mi.is_null() {
        let seen = ty.map_or("an untyped container".to_string(), |x| x.to_string());
        return Err(PyTypeError::new_err(format!(
            "oxjit: a typed container of type {seen} cannot be passed as {t}"
        )));
    }
    oxjit_runtime::nrt::oxjit_rt_nrt_incref(mi);
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut *mut MemInfo).write(mi) };
    Ok(true)
}

/// Whether `obj` is a typed container (its block was passed in place: nothing to write back).
pub fn is_typed(obj: &Bound<'_, PyAny>) -> bool {
    obj.cast::<TypedList>().is_ok() || obj.cast::<TypedDict>().is_ok()
}

/// Wraps the list block `mi` (whose reference the result takes over) as a typed List.
pub fn wrap_list(py: Python<'_>, item: &Type, mi: *mut MemInfo) -> PyResult<Py<PyAny>> {
    let l = TypedList::from_block(item.clone(), mi);
    Ok(Py::new(py, l)?.into_any())
}

/// Wraps the dict block `mi` (whose reference the result takes over) as a typed Dict.
pub fn wrap_dict(py: Python<'_>, k: &Type, v: &Type, mi: *mut MemInfo) -> PyResult<Py<PyAny>> {
    let d = TypedDict::from_block(k.clone(), v.clone(), mi);
    Ok(Py::new(py, d)?.into_any())
}

/// What an `oxjit.types` type object is in compiled code (`List.empty_list(types.int64)`): a
/// scalar type is NumPy's scalar type of that name (as a dtype), `unicode_type` is `str`, any
/// other type of a value a reference to that type; `None` for any other object.
pub fn classify_type_object(py: Python<'_>, value: &Bound<'_, PyAny>) -> Option<GlobalValue> {
    let cls = py.import("oxjit.types").ok()?.getattr("Type").ok()?;
    if !value.is_instance(&cls).unwrap_or(false) {
        return None;
    }
    let name = value.str().ok()?.to_string();
    if name == "unicode_type" {
        return Some(GlobalValue::Builtin(Builtin::Str(StrFn::Str)));
    }
    let np_name = if name == "bool" {
        "bool_"
    } else {
        name.as_str()
    };
    let scalar = NpFn::ALL
        .iter()
        .find(|f| f.name() == np_name && f.conversion_target().is_some());
    if let Some(f) = scalar {
        return Some(GlobalValue::Builtin(Builtin::Numpy(*f)));
    }
    // Any other type the compiler has (an array, tuple, list or dict type) is held as a type
    // reference, as Numba's `TypeRef`: what `Dict.empty`/`List.empty_list` read.
    Some(match Type::parse(&name) {
        Ok(t) if t.is_runtime() && t != Type::NoneType => GlobalValue::TypeRef(t),
        _ => GlobalValue::Unsupported(format!(
            "the type {name} (compiled code takes as values the types of the values it has: \
             scalars, types.unicode_type, arrays, tuples, typed lists and dicts)"
        )),
    })
}

/// Registers the classes in the extension module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<TypedList>()?;
    m.add_class::<TypedListIter>()?;
    list_iter::register(m.py())?;
    m.add_class::<TypedDict>()?;
    m.add_class::<TypedDictIter>()?;
    Ok(())
}
