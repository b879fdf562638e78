//! Which subclasses of `ndarray` compiled code accepts as plain arrays.
//!
//! Compiled code reads an array's memory directly: whatever a subclass changes in Python (a mask,
//! matrix products, indexing, ufunc overrides) it would silently ignore. So a subclass is accepted
//! only if no class between it and `ndarray` redefines anything `ndarray` has, apart from the
//! hooks that only build and describe instances (`__new__`, `__array_finalize__`, `__repr__`...),
//! as in NumPy's documented "extra attribute" subclasses. Others, `np.ma.MaskedArray` and
//! `np.matrix` among them, raise `TypeError` naming the class and what it overrides. `np.memmap`
//! is accepted (its overrides only choose the class of results, as memmap views or plain
//! ndarrays; the values are the same), and so are its subclasses that add nothing. So is
//! `np.recarray` (as in Numba): its overrides give the fields as attributes (`a.x`) and items as
//! `np.record`, which compiled code gives too (`a.x` is the field's view, `a[i].x` the field).
//! Arrays that compiled code makes from an accepted subclass are plain ndarrays, as in Numba.
//!
//! Only the dispatcher's slow path and globals come here: the fast path takes exact ndarrays.

use numpy::PyUntypedArray;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyType;

/// Members a subclass may define without changing what its data means.
const HARMLESS: &[&str] = &[
    "__new__",
    "__init__",
    "__array_finalize__",
    "__repr__",
    "__str__",
    "__format__",
    "__reduce__",
    "__reduce_ex__",
    "__setstate__",
    "__getstate__",
    "__init_subclass__",
    "__class_getitem__",
    "__doc__",
    "__module__",
    "__qualname__",
    "__dict__",
    "__weakref__",
    "__slots__",
    "__annotations__",
    "__firstlineno__",
    "__static_attributes__",
];

/// `Ok` for an exact ndarray or a subclass that keeps ndarray's semantics; else `TypeError`.
pub fn check(obj: &Bound<'_, PyAny>) -> PyResult<()> {
    let py = obj.py();
    let ndarray = py.get_type::<PyUntypedArray>();
    let cls = obj.get_type();
    if cls.is(&ndarray) {
        return Ok(());
    }
    if let Some(member) = overridden_member(&cls, &ndarray)? {
        let name = qualified_name(&cls);
        let why = if name == "numpy.ma.MaskedArray" || member == "_mask" {
            "compiled code would ignore the mask".to_string()
        } else {
            format!("it overrides ndarray's '{member}', which compiled code would ignore")
        };
        return Err(PyTypeError::new_err(format!(
            "oxjit: arrays of type '{name}' are not supported: {why} (pass a plain ndarray, e.g. \
             np.asarray(x), or for a masked array x.filled() or x.compressed())"
        )));
    }
    Ok(())
}

/// The first member that a class from `cls` up to (not including) `ndarray` defines and that
/// `ndarray` also has.
fn overridden_member(
    cls: &Bound<'_, PyType>,
    ndarray: &Bound<'_, PyType>,
) -> PyResult<Option<String>> {
    for klass in cls.mro().iter() {
        if klass.is(ndarray) || is_accepted_numpy_subclass(&klass) {
            break;
        }
        let dict = klass.getattr("__dict__")?;
        let Ok(items) = dict.call_method0("keys") else {
            continue;
        };
        for key in items.try_iter()? {
            let key: String = match key?.extract() {
                Ok(k) => k,
                Err(_) => continue,
            };
            if !HARMLESS.contains(&key.as_str()) && ndarray.hasattr(key.as_str())? {
                return Ok(Some(key));
            }
        }
    }
    Ok(None)
}

/// `np.memmap` and `np.recarray` (`numpy.rec.recarray`, `numpy.recarray` in NumPy 1.x).
fn is_accepted_numpy_subclass(klass: &Bound<'_, PyAny>) -> bool {
    klass.cast::<PyType>().is_ok_and(|k| {
        matches!(
            qualified_name(k).as_str(),
            "numpy.memmap" | "numpy.rec.recarray" | "numpy.recarray"
        )
    })
}

fn qualified_name(cls: &Bound<'_, PyType>) -> String {
    let module = cls.module().map(|m| m.to_string()).unwrap_or_default();
    let name = cls.qualname().map(|n| n.to_string()).unwrap_or_default();
    if module.is_empty() || module == "builtins" {
        name
    } else {
        format!("{module}.{name}")
    }
}
