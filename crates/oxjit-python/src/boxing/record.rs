//! Structured dtypes and record scalars. typeof reads a dtype's fields (`names`, each field's
//! dtype and offset, sub-array shapes, `itemsize`, `isalignedstruct`) into a `RecordTy`, once
//! per dtype object; an `np.void` argument is passed by reference (`{null, data}`: its memory,
//! which the caller keeps alive, so writes are seen by the caller as in Numba); a record result
//! is copied into a new `np.void` of the same dtype, as `a[i].copy()` gives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use numpy::npyffi::objects::_PyArray_GET_ITEM_DATA;
use numpy::{PyUntypedArray, PyUntypedArrayMethods};
use oxjit_core::ir::Const;
use oxjit_core::typeinfer::GlobalValue;
use oxjit_core::types::{RecordField, RecordTy, Type};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The dtype objects seen, by address (each kept alive here, so an address is never reused),
/// and the dtype object of each record layout (to make arrays and records of it).
#[derive(Default)]
struct Seen {
    by_descr: HashMap<usize, (Arc<RecordTy>, Py<PyAny>)>,
    descr_of: HashMap<Arc<RecordTy>, Py<PyAny>>,
}

static SEEN: Mutex<Option<Seen>> = Mutex::new(None);

/// Whether `descr` (an `np.dtype`) is structured: it has field names.
pub fn is_structured(descr: &Bound<'_, PyAny>) -> bool {
    descr.getattr("names").is_ok_and(|n| !n.is_none())
}

/// The record layout of the structured dtype `descr`, or a `TypingError` naming a field whose
/// type compiled code does not support.
pub fn record_of(descr: &Bound<'_, PyAny>) -> PyResult<Arc<RecordTy>> {
    let key = descr.as_ptr() as usize;
    if let Some(rec) = with_seen(|s| s.by_descr.get(&key).map(|(r, _)| r.clone())) {
        return Ok(rec);
    }
    let rec = Arc::new(read_record(descr)?);
    with_seen(|s| {
        // Kept alive: the address stays this dtype's (the dispatcher's keys name it by address).
        s.by_descr
            .insert(key, (rec.clone(), descr.clone().unbind()));
        s.descr_of
            .entry(rec.clone())
            .or_insert_with(|| descr.clone().unbind());
    });
    Ok(rec)
}

/// Whether the dtype at address `descr` is a structured dtype whose layout typing has read.
pub fn known_dtype(descr: usize) -> bool {
    with_seen(|s| s.by_descr.contains_key(&descr))
}

/// NumPy's `PyVoidScalarObject` (numpy/arrayscalars.h), up to the fields read here.
#[repr(C)]
struct VoidScalar {
    ob_base: pyo3::ffi::PyVarObject,
    obval: *mut u8,
    descr: *mut std::ffi::c_void,
}

/// The dtype of an `np.void` (or `np.record`) scalar.
///
/// # Safety
/// `obj` must be an instance of `np.void`.
pub unsafe fn void_descr(obj: &Bound<'_, PyAny>) -> *mut std::ffi::c_void {
    // SAFETY: the caller's guarantee: `obj` has the void scalar's layout.
    unsafe { (*(obj.as_ptr() as *const VoidScalar)).descr }
}

fn with_seen<T>(f: impl FnOnce(&mut Seen) -> T) -> T {
    let mut guard = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    f(guard.get_or_insert_with(Seen::default))
}

fn read_record(descr: &Bound<'_, PyAny>) -> PyResult<RecordTy> {
    let py = descr.py();
    let fields = descr.getattr("fields")?;
    let mut out = Vec::new();
    for name in descr.getattr("names")?.try_iter()? {
        let name = name?;
        let entry = fields.get_item(&name)?;
        let field_dtype = entry.get_item(0)?;
        let offset: usize = entry.get_item(1)?.extract()?;
        let name: String = name.extract()?;
        let (base, shape): (Bound<'_, PyAny>, Vec<usize>) = match field_dtype.getattr("subdtype")? {
            sub if sub.is_none() => (field_dtype.clone(), Vec::new()),
            sub => (sub.get_item(0)?, sub.get_item(1)?.extract()?),
        };
        let Some(dtype) = number_type(&base)? else {
            let text = field_dtype.str()?.to_string();
            return Err(crate::errors::typing_error(
                py,
                &format!(
                    "oxjit: the field '{name}' of the structured dtype {} has type {text}, which compiled code does not support in records (numbers and booleans in native byte order only)",
                    descr.str()?
                ),
            ));
        };
        out.push(RecordField {
            name: Arc::from(name.as_str()),
            dtype,
            offset,
            shape,
        });
    }
    Ok(RecordTy {
        fields: out,
        size: descr.getattr("itemsize")?.extract()?,
        aligned: descr.getattr("isalignedstruct")?.extract()?,
    })
}

/// The number type of a plain dtype (`None` for strings, objects, nested records, swapped).
fn number_type(d: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    let kind: String = d.getattr("kind")?.extract()?;
    let size: usize = d.getattr("itemsize")?.extract()?;
    let native = matches!(
        d.getattr("byteorder")?.extract::<String>()?.as_str(),
        "=" | "|"
    );
    Ok(match (kind.as_str(), size) {
        _ if !native => None,
        ("b", 1) => Some(Type::Bool),
        ("i", 1 | 2 | 4 | 8) => Some(Type::int(size as u8 * 8, true)),
        ("u", 1 | 2 | 4 | 8) => Some(Type::int(size as u8 * 8, false)),
        ("f", 4 | 8) => Some(Type::Float(size as u8 * 8)),
        ("c", 8 | 16) => Some(Type::Complex(size as u8 * 8)),
        _ => None,
    })
}

/// The dtype object of a record layout: the one it was read from, else one made from the
/// layout (names, formats, offsets, itemsize, alignment).
pub fn dtype_of<'py>(py: Python<'py>, rec: &Arc<RecordTy>) -> PyResult<Bound<'py, PyAny>> {
    if let Some(d) = with_seen(|s| s.descr_of.get(rec).map(|d| d.clone_ref(py))) {
        return Ok(d.into_bound(py));
    }
    let names: Vec<&str> = rec.fields.iter().map(|f| &*f.name).collect();
    let formats: Vec<Bound<'py, PyAny>> = rec
        .fields
        .iter()
        .map(|f| {
            let base = f.dtype.to_string().replace("bool", "bool_");
            if f.shape.is_empty() {
                Ok(base.into_pyobject(py)?.into_any())
            } else {
                Ok((base, f.shape.clone()).into_pyobject(py)?.into_any())
            }
        })
        .collect::<PyResult<_>>()?;
    let offsets: Vec<usize> = rec.fields.iter().map(|f| f.offset).collect();
    let spec = pyo3::types::PyDict::new(py);
    spec.set_item("names", names)?;
    spec.set_item("formats", formats)?;
    spec.set_item("offsets", offsets)?;
    spec.set_item("itemsize", rec.size)?;
    spec.set_item("aligned", rec.aligned)?;
    py.import("numpy")?.getattr("dtype")?.call1((spec,))
}

/// A global structured dtype (`np.empty(n, dtype=rec_dtype)`): a compile-time constant of its
/// record layout; `None` for any other value.
pub fn global_dtype(value: &Bound<'_, PyAny>) -> Option<GlobalValue> {
    let ty = value.get_type();
    // A dtype instance, not the class `np.dtype` itself (whose attributes are descriptors).
    let is_dtype = ty
        .module()
        .is_ok_and(|m| m.to_string().starts_with("numpy"))
        && value.cast::<pyo3::types::PyType>().is_err()
        && value.hasattr("isalignedstruct").unwrap_or(false);
    if !is_dtype || !is_structured(value) {
        return None;
    }
    Some(match record_of(value) {
        Ok(rec) => GlobalValue::Const(Const::Typed(Type::RecordDtype(rec), Box::new(Const::None))),
        Err(e) => GlobalValue::Unsupported(format!("a structured dtype ({})", e.value(value.py()))),
    })
}

/// typeof of an `np.void` with fields: its record type.
pub fn typeof_void(obj: &Bound<'_, PyAny>) -> PyResult<Option<Type>> {
    let ty = obj.get_type();
    // `np.record` (the items of an `np.recarray`) is a subclass of `np.void`.
    if !matches!(ty.name()?.to_str()?, "void" | "record") || ty.module()? != "numpy" {
        return Ok(None);
    }
    let descr = obj.getattr("dtype")?;
    if !is_structured(&descr) {
        return Ok(None);
    }
    Ok(Some(Type::Record(record_of(&descr)?)))
}

/// Writes the record argument `obj` at `dst`: no owner (the caller keeps it alive for the
/// call) and the address of its memory (that of the array it is an item of, for `a[i]`).
///
/// # Safety
/// `dst` must point to 16 writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let py = obj.py();
    // SAFETY: a type check of a live object.
    let is_void = unsafe {
        use numpy::npyffi::{get_type_object, NpyTypes};
        let void = get_type_object(py, NpyTypes::PyVoidArrType_Type);
        pyo3::ffi::PyObject_TypeCheck(obj.as_ptr(), void) != 0
    };
    let data = if is_void {
        // The scalar's memory (`obval`): that of the array it is an item of, for `a[i]`; what
        // `np.asarray(r)` views.
        // SAFETY: an `np.void`, whose layout `VoidScalar` declares.
        unsafe { (*(obj.as_ptr() as *const VoidScalar)).obval }
    } else {
        // `np.asarray(r)` views the record's own memory (its base is `r`).
        let view = py.import("numpy")?.call_method1("asarray", (obj,))?;
        let arr = view.cast::<PyUntypedArray>()?;
        // SAFETY: `arr` is a live ndarray read under the GIL.
        unsafe { (*_PyArray_GET_ITEM_DATA(arr.as_array_ptr())).data as *mut u8 }
    };
    // SAFETY: `dst` holds 16 bytes (the caller's guarantee).
    unsafe {
        (dst as *mut usize).write_unaligned(0);
        (dst.add(8) as *mut *mut u8).write_unaligned(data);
    }
    Ok(())
}

/// A new `np.void` holding a copy of the record value at `src`, whose reference (to the array
/// it points into) is given back.
///
/// # Safety
/// `src` must point to an initialised record value of layout `rec`.
pub(super) unsafe fn box_value(
    py: Python<'_>,
    rec: &Arc<RecordTy>,
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds `{meminfo, data}` (this function's contract); `data` points to
    // `rec.size` bytes kept alive by that meminfo until it is given back below.
    unsafe {
        let meminfo = (src as *const *mut oxjit_runtime::nrt::MemInfo).read_unaligned();
        let data = (src.add(8) as *const *const u8).read_unaligned();
        let bytes = PyBytes::new(py, std::slice::from_raw_parts(data, rec.size));
        let dtype = dtype_of(py, rec);
        oxjit_runtime::nrt::oxjit_rt_nrt_decref(meminfo);
        let buffer = py
            .import("builtins")?
            .getattr("bytearray")?
            .call1((bytes,))?;
        let arr = py
            .import("numpy")?
            .call_method1("frombuffer", (buffer, dtype?))?;
        Ok(arr.get_item(0)?.unbind())
    }
}
