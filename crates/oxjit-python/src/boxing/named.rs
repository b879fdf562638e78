//! Named tuples (`collections.namedtuple`, `typing.NamedTuple` classes): the class behind a
//! `NamedTupleTy` (found by identity, kept alive for the process, as compiled code's types name
//! it by a handle), and results boxed as instances of it.

use std::sync::{Arc, Mutex, OnceLock};

use oxjit_core::types::{NamedTupleTy, Type};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};

/// A named tuple class and its type description.
type Known = (Py<PyType>, Arc<NamedTupleTy>);

/// Every named tuple class met, in handle order.
fn classes() -> &'static Mutex<Vec<Known>> {
    static CLASSES: OnceLock<Mutex<Vec<Known>>> = OnceLock::new();
    CLASSES.get_or_init(|| Mutex::new(Vec::new()))
}

/// The named tuple class `cls` describes, `None` where it is not one (a subclass of `tuple` with
/// `_fields`, a tuple of strings, and `_make`, as `collections.namedtuple` makes them).
pub fn class_of(cls: &Bound<'_, PyType>) -> Option<Arc<NamedTupleTy>> {
    let py = cls.py();
    if !cls.is_subclass(&py.get_type::<PyTuple>()).unwrap_or(false) {
        return None;
    }
    {
        let known = classes().lock().expect("named tuple classes");
        if let Some((_, t)) = known.iter().find(|(c, _)| c.as_ptr() == cls.as_ptr()) {
            return Some(t.clone());
        }
    }
    let fields = cls.getattr("_fields").ok()?;
    let fields = fields.cast::<PyTuple>().ok()?;
    let fields: Vec<Arc<str>> = fields
        .iter()
        .map(|f| Some(Arc::from(f.cast::<PyString>().ok()?.to_str().ok()?)))
        .collect::<Option<_>>()?;
    if !cls.hasattr("_make").unwrap_or(false) {
        return None;
    }
    let given = cls
        .getattr("_field_defaults")
        .ok()
        .and_then(|d| d.cast_into::<PyDict>().ok());
    let defaults = fields
        .iter()
        .map(|f| {
            let value = given.as_ref()?.get_item(&**f).ok()??;
            Some(crate::host::constant(&value))
        })
        .collect();
    // `__name__` (as Numba names the type, and as `repr` writes an instance).
    let name = cls
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "namedtuple".into());
    let mut known = classes().lock().expect("named tuple classes");
    let t = Arc::new(NamedTupleTy {
        class: known.len() as u64,
        name: Arc::from(name.as_str()),
        fields: fields.into(),
        defaults,
    });
    known.push((cls.clone().unbind(), t.clone()));
    Some(t)
}

/// The instance of the class of `named` holding the items of `items`, made as `_make` makes it
/// (`tuple.__new__(cls, items)`: the class's own `__new__` is not called again).
pub fn instance(
    py: Python<'_>,
    named: &NamedTupleTy,
    items: Bound<'_, PyTuple>,
) -> PyResult<Py<PyAny>> {
    let cls = {
        let known = classes().lock().expect("named tuple classes");
        known
            .get(named.class as usize)
            .map(|(c, _)| c.clone_ref(py))
            .ok_or_else(|| {
                pyo3::exceptions::PyRuntimeError::new_err("oxjit: unknown named tuple class")
            })?
    };
    Ok(py
        .get_type::<PyTuple>()
        .call_method1("__new__", (cls, items))?
        .unbind())
}

/// Whether type `t` holds a named tuple (at any depth): it names its class by this process's
/// handle, so code of it is not cached on disk (another process's handles differ, and the type's
/// text does not name the class).
pub fn names_class(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => items.class().is_some() || items.iter().any(names_class),
        Type::List(x) | Type::Set(x) | Type::Optional(x) => names_class(x),
        Type::Dict(k, v) => names_class(k) || names_class(v),
        _ => false,
    }
}
