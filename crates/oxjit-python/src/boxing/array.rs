//! NumPy arrays: `{meminfo, data, shape[ndim], strides[ndim]}` in their slots. typeof of an
//! ndarray (dtype, ndim, layout, writability), unboxing an argument (borrowed: the meminfo is the
//! ndarray, tagged), boxing a result, and the dispatcher's fast path for array arguments.

use std::sync::Arc;

use numpy::npyffi::objects::_PyArray_GET_ITEM_DATA;
use numpy::npyffi::{NPY_ARRAY_C_CONTIGUOUS, NPY_ARRAY_F_CONTIGUOUS, NPY_ARRAY_WRITEABLE};
use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use oxjit_core::types::{ArrayTy, IntTy, Layout, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// `obj` as a NumPy array, if it is one. NumPy is not imported for the check: when it is not
/// loaded, nothing is an array (importing it costs 100 ms).
pub fn as_ndarray<'py>(obj: &Bound<'py, PyAny>) -> Option<Bound<'py, PyUntypedArray>> {
    if !numpy_loaded(obj.py()) {
        return None;
    }
    obj.cast::<PyUntypedArray>().ok().cloned()
}

/// Whether NumPy has been imported (by anyone). Once loaded, NumPy stays loaded: remembered, so
/// the check costs nothing afterwards.
pub fn numpy_loaded(py: Python<'_>) -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static NUMPY_LOADED: AtomicBool = AtomicBool::new(false);
    if NUMPY_LOADED.load(Ordering::Relaxed) {
        return true;
    }
    let loaded = py
        .import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|m| m.contains("numpy"))
        .unwrap_or(false);
    if loaded {
        NUMPY_LOADED.store(true, Ordering::Relaxed);
    }
    loaded
}

/// The oxjit type of a NumPy array: dtype, ndim, layout (from its flags) and writability.
pub fn array_type(arr: &Bound<'_, PyUntypedArray>) -> PyResult<Type> {
    let descr = arr.dtype();
    if descr.kind() == b'V' && super::record::is_structured(descr.as_any()) {
        let rec = super::record::record_of(descr.as_any())?;
        return Ok(with_geometry(arr, Type::RecordDtype(rec)));
    }
    let dtype = match (descr.kind(), descr.itemsize()) {
        (b'b', 1) => Some(Type::Bool),
        (b'i', n @ (1 | 2 | 4 | 8)) => Some(Type::int(n as u8 * 8, true)),
        (b'u', n @ (1 | 2 | 4 | 8)) => Some(Type::int(n as u8 * 8, false)),
        (b'f', n @ (2 | 4 | 8)) => Some(Type::Float(n as u8 * 8)),
        (b'c', n @ (8 | 16)) => Some(Type::Complex(n as u8 * 8)),
        _ => None,
    };
    let native = descr.is_native_byteorder().unwrap_or(true);
    let Some(dtype) = dtype.filter(|_| native) else {
        let name = descr.str().map(|s| s.to_string()).unwrap_or_default();
        return Err(crate::errors::typing_error(
            arr.py(),
            &format!(
                "oxjit: arrays of dtype {name} are not supported yet (numbers and booleans only, in native byte order)"
            ),
        ));
    };
    Ok(with_geometry(arr, dtype))
}

/// The array type of `arr` with items of `dtype`: its dimensions, layout and writability.
fn with_geometry(arr: &Bound<'_, PyUntypedArray>, dtype: Type) -> Type {
    // SAFETY: `arr` is a live ndarray; the fields are read while the GIL is held.
    let flags = unsafe { (*_PyArray_GET_ITEM_DATA(arr.as_array_ptr())).flags };
    let ndim = arr.ndim();
    let layout = if flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
        Layout::C
    } else if flags & NPY_ARRAY_F_CONTIGUOUS != 0 && ndim > 1 {
        Layout::F
    } else {
        Layout::A
    };
    let readonly = flags & NPY_ARRAY_WRITEABLE == 0;
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: ndim as u8,
        layout,
        readonly,
    }))
}

/// Writes the array argument `obj` of type `a` at `dst`: `{meminfo, data, shape[ndim],
/// strides[ndim]}`, where the meminfo of an argument is the array object itself, tagged
/// (borrowed for the call: compiled code does not count references to it), so that returning it
/// returns it.
///
/// # Safety
/// `dst` must point to at least `size_align` of the array type writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, a: &ArrayTy, dst: *mut u8) -> PyResult<()> {
    if let Ok(bytes) = obj.cast::<pyo3::types::PyByteArray>() {
        // SAFETY: `dst` holds a 1-d array value (the caller's guarantee); the bytearray is
        // borrowed for the call, as an ndarray argument is, and compiled code cannot resize it.
        unsafe {
            (dst as *mut usize).write_unaligned(obj.as_ptr() as usize | 1);
            (dst.add(8) as *mut *mut u8).write_unaligned(bytes.data());
            (dst.add(16) as *mut i64).write_unaligned(bytes.len() as i64);
            (dst.add(24) as *mut i64).write_unaligned(1);
        }
        return Ok(());
    }
    if let Ok(bytes) = obj.cast::<pyo3::types::PyBytes>() {
        // SAFETY: as for a bytearray; compiled code only reads it (its type is read-only).
        unsafe {
            let data = bytes.as_bytes();
            (dst as *mut usize).write_unaligned(obj.as_ptr() as usize | 1);
            (dst.add(8) as *mut *const u8).write_unaligned(data.as_ptr());
            (dst.add(16) as *mut i64).write_unaligned(data.len() as i64);
            (dst.add(24) as *mut i64).write_unaligned(1);
        }
        return Ok(());
    }
    let arr = obj.cast::<PyUntypedArray>()?;
    // SAFETY: `arr` is a live ndarray, read under the GIL; `dst` holds the array value (the
    // caller's guarantee).
    unsafe {
        let fields = &*_PyArray_GET_ITEM_DATA(arr.as_array_ptr());
        (dst as *mut usize).write_unaligned(obj.as_ptr() as usize | 1);
        (dst.add(8) as *mut *mut u8).write_unaligned(fields.data as *mut u8);
        let nd = a.ndim as usize;
        for (k, (size, stride)) in arr.shape().iter().zip(arr.strides()).enumerate().take(nd) {
            (dst.add(16 + 8 * k) as *mut i64).write_unaligned(*size as i64);
            (dst.add(16 + 8 * (nd + k)) as *mut i64).write_unaligned(*stride as i64);
        }
    }
    Ok(())
}

/// Boxes the array value at `src`, taking over the reference it holds. Its meminfo is either a
/// Python object, tagged (an argument or a global: the result is that object when it is the whole
/// of it, else a view of it), or a runtime block (made in compiled code: the result is a NumPy
/// array whose base owns the block).
///
/// # Safety
/// `src` must point to an initialised array value of type `a`.
pub(super) unsafe fn box_array(py: Python<'_>, a: &ArrayTy, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds an initialised array value of `a` (this function's contract): its
    // meminfo, data, shape and strides.
    unsafe {
        let meminfo = (src as *const usize).read_unaligned();
        let nd = a.ndim as usize;
        let data = (src.add(8) as *const usize).read_unaligned();
        let shape: Vec<isize> = (0..nd)
            .map(|k| (src.add(16 + 8 * k) as *const isize).read_unaligned())
            .collect();
        let strides: Vec<isize> = (0..nd)
            .map(|k| (src.add(16 + 8 * (nd + k)) as *const isize).read_unaligned())
            .collect();
        let base: Bound<'_, PyAny> = if meminfo & 1 == 1 {
            let base = Bound::from_borrowed_ptr(py, (meminfo & !1) as *mut pyo3::ffi::PyObject);
            if let Some(arr) = as_ndarray(&base) {
                let fields = &*_PyArray_GET_ITEM_DATA(arr.as_array_ptr());
                let same_dtype =
                    matches!(array_type(&arr), Ok(Type::Array(b)) if b.dtype == a.dtype);
                // A read-only view of a writeable array (`np.broadcast_to(a, a.shape)`) is a
                // view, not the array.
                let same_access = !a.readonly || fields.flags & NPY_ARRAY_WRITEABLE == 0;
                if same_dtype
                    && same_access
                    && fields.data as usize == data
                    && arr.shape() == shape.iter().map(|&n| n as usize).collect::<Vec<_>>()
                    && arr.strides() == strides.as_slice()
                {
                    return Ok(base.unbind());
                }
            }
            if base.cast::<pyo3::types::PyByteArray>().is_ok()
                || base.cast::<pyo3::types::PyBytes>().is_ok()
            {
                // A bytearray argument (or a view of it) returned: an ndarray over its memory
                // through the buffer protocol, which keeps the bytearray from being resized
                // under the array.
                py.import("numpy")?
                    .call_method1("frombuffer", (base, "uint8"))?
            } else {
                base
            }
        } else if meminfo != 0 {
            Bound::new(py, crate::nrt::MemInfoOwner::new(meminfo))?.into_any()
        } else {
            return Err(PyTypeError::new_err(
                "oxjit: an array without an owner cannot be returned",
            ));
        };
        new_ndarray(py, base, a, data, &shape, &strides)
    }
}

/// A NumPy array over the memory of the array value at `src`, which it neither owns nor keeps
/// alive: for use while that value is live (printing), and to copy from.
///
/// # Safety
/// `src` must point to an initialised array value of type `a`, live while the result is used.
pub unsafe fn borrowed_ndarray<'py>(
    py: Python<'py>,
    a: &ArrayTy,
    src: *const u8,
) -> PyResult<Bound<'py, PyAny>> {
    use numpy::npyffi::{get_type_object, NpyTypes, PY_ARRAY_API};
    // SAFETY: NumPy's C API (imported by `PY_ARRAY_API`) with the GIL held; `src` holds an
    // initialised array value of `a` (this function's contract).
    unsafe {
        let nd = a.ndim as usize;
        let data = (src.add(8) as *const usize).read_unaligned();
        let mut shape: Vec<isize> = (0..nd)
            .map(|k| (src.add(16 + 8 * k) as *const isize).read_unaligned())
            .collect();
        let mut strides: Vec<isize> = (0..nd)
            .map(|k| (src.add(16 + 8 * (nd + k)) as *const isize).read_unaligned())
            .collect();
        let descr = descr_of(py, &a.dtype)?;
        if descr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            get_type_object(py, NpyTypes::PyArray_Type),
            descr,
            nd as i32,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data as *mut std::ffi::c_void,
            0,
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            return Err(PyErr::fetch(py));
        }
        Ok(Bound::from_owned_ptr(py, arr))
    }
}

/// A new reference to NumPy's descriptor of an oxjit dtype (for `PyArray_NewFromDescr`, which
/// steals it).
///
/// # Safety
/// NumPy's C API must be imported (an array was seen) and the GIL held.
unsafe fn descr_of(py: Python<'_>, dtype: &Type) -> PyResult<*mut numpy::npyffi::PyArray_Descr> {
    if let Type::RecordDtype(rec) = dtype {
        return Ok(super::record::dtype_of(py, rec)?.into_ptr() as *mut _);
    }
    // SAFETY: the caller's guarantee.
    Ok(unsafe { numpy::npyffi::PY_ARRAY_API.PyArray_DescrFromType(py, type_number(dtype)?) })
}

/// NumPy's type number for an oxjit dtype (int64 is `long` on LP64, as `np.int64` is).
fn type_number(dtype: &Type) -> PyResult<i32> {
    Ok(match dtype {
        Type::Bool => 0,
        Type::Int(IntTy { bits: 8, signed }) => 1 + !signed as i32,
        Type::Int(IntTy { bits: 16, signed }) => 3 + !signed as i32,
        Type::Int(IntTy { bits: 32, signed }) => 5 + !signed as i32,
        Type::Int(IntTy { signed, .. }) => 7 + !signed as i32,
        Type::Float(32) => 11,
        Type::Float(16) => 23,
        Type::Float(_) => 12,
        Type::Complex(64) => 14,
        Type::Complex(_) => 15,
        other => {
            return Err(PyTypeError::new_err(format!(
                "oxjit: cannot return an array of {other}"
            )))
        }
    })
}

/// A NumPy array over memory that `base` keeps alive.
///
/// # Safety
/// `data`, `shape` and `strides` must describe memory inside what `base` keeps alive.
unsafe fn new_ndarray(
    py: Python<'_>,
    base: Bound<'_, PyAny>,
    a: &ArrayTy,
    data: usize,
    shape: &[isize],
    strides: &[isize],
) -> PyResult<Py<PyAny>> {
    use numpy::npyffi::{get_type_object, NpyTypes, PY_ARRAY_API};
    // SAFETY: NumPy's C API (imported by `PY_ARRAY_API`) with the GIL held, on a descriptor it
    // made and the shape and strides given.
    unsafe {
        let descr = descr_of(py, &a.dtype)?;
        if descr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let flags = if a.readonly { 0 } else { NPY_ARRAY_WRITEABLE };
        let mut shape = shape.to_vec();
        let mut strides = strides.to_vec();
        let arr = PY_ARRAY_API.PyArray_NewFromDescr(
            py,
            get_type_object(py, NpyTypes::PyArray_Type),
            descr,
            shape.len() as i32,
            shape.as_mut_ptr(),
            strides.as_mut_ptr(),
            data as *mut std::ffi::c_void,
            flags,
            std::ptr::null_mut(),
        );
        if arr.is_null() {
            return Err(PyErr::fetch(py));
        }
        let arr = Bound::from_owned_ptr(py, arr);
        // SetBaseObject steals a reference to the base.
        if PY_ARRAY_API.PyArray_SetBaseObject(
            py,
            arr.as_ptr() as *mut numpy::npyffi::PyArrayObject,
            base.into_ptr(),
        ) != 0
        {
            return Err(PyErr::fetch(py));
        }
        Ok(arr.unbind())
    }
}

/// The most dimensions an array argument may have on the dispatcher's fast path.
pub const FAST_NDIM: usize = 4;

/// The dtypes of the fast path, in code order.
const FAST_DTYPES: [(i32, fn() -> Type); 13] = [
    (12, || Type::F64),
    (7, || Type::I64),
    (11, || Type::Float(32)),
    (5, || Type::int(32, true)),
    (0, || Type::Bool),
    (1, || Type::int(8, true)),
    (3, || Type::int(16, true)),
    (2, || Type::int(8, false)),
    (4, || Type::int(16, false)),
    (6, || Type::int(32, false)),
    (8, || Type::int(64, false)),
    (15, || Type::C128),
    (14, || Type::Complex(64)),
];

/// The fast-path code of an array type: bit 15 set, then the dtype (4 bits), the number of
/// dimensions (3 bits), the layout (2 bits) and read-only (1 bit).
pub fn array_code(a: &ArrayTy) -> Option<u16> {
    let dtype = FAST_DTYPES.iter().position(|(_, t)| t() == a.dtype)? as u16;
    if a.ndim == 0 || a.ndim as usize > FAST_NDIM {
        return None;
    }
    let layout = match a.layout {
        Layout::C => 0,
        Layout::F => 1,
        Layout::A => 2,
    };
    Some(0x8000 | (dtype << 6) | ((a.ndim as u16) << 3) | (layout << 1) | a.readonly as u16)
}

/// NumPy's canonical descriptors of the fast-path dtypes (arrays made the usual ways share
/// them), looked up once NumPy is loaded.
fn canonical_descrs(py: Python<'_>) -> &'static [usize; 13] {
    static DESCRS: std::sync::OnceLock<[usize; 13]> = std::sync::OnceLock::new();
    DESCRS.get_or_init(|| {
        use numpy::npyffi::PY_ARRAY_API;
        // SAFETY: NumPy is loaded (an ndarray was seen); the references are kept forever.
        FAST_DTYPES.map(|(num, _)| unsafe { PY_ARRAY_API.PyArray_DescrFromType(py, num) as usize })
    })
}

/// An exact ndarray of a fast-path dtype and at most `FAST_NDIM` dimensions: writes its native
/// value into `slot` and returns its code, without Python-level calls.
#[inline]
pub fn fast_array(obj: &Bound<'_, PyAny>, slot: &mut [u64]) -> Option<u16> {
    use numpy::npyffi::{get_type_object, NpyTypes};
    let py = obj.py();
    if !numpy_loaded(py) {
        return None;
    }
    // SAFETY: reading the type object pointer of a live object, and (below) the fields of a live
    // ndarray (its exact type checked), with the GIL held.
    unsafe {
        if pyo3::ffi::Py_TYPE(obj.as_ptr()) != get_type_object(py, NpyTypes::PyArray_Type) {
            return None;
        }
        let fields = &*_PyArray_GET_ITEM_DATA(obj.as_ptr() as *const numpy::npyffi::PyArrayObject);
        let nd = fields.nd as usize;
        if nd == 0 || nd > FAST_NDIM {
            return None;
        }
        let dtype = canonical_dtype(py, fields.descr as usize)?;
        let geometry = array_geometry(fields) as u16;
        slot[0] = obj.as_ptr() as u64 | 1;
        slot[1] = fields.data as u64;
        for k in 0..nd {
            slot[2 + k] = *fields.dimensions.add(k) as u64;
            slot[2 + nd + k] = *fields.strides.add(k) as u64;
        }
        Some(0x8000 | (dtype << 6) | geometry)
    }
}

/// The index of `descr` among NumPy's canonical descriptors of the fast-path dtypes.
#[inline]
pub fn canonical_dtype(py: Python<'_>, descr: usize) -> Option<u16> {
    canonical_descrs(py)
        .iter()
        .position(|d| *d == descr)
        .map(|i| i as u16)
}

/// An array's dimensions, layout and writability in one number: `ndim << 3 | layout << 1 |
/// readonly`, as the fast-path code has them (layout 0 C, 1 F, 2 any; a 1-d array is C or A).
#[inline]
pub fn array_geometry(fields: &numpy::npyffi::PyArrayObject_fields) -> u64 {
    let nd = fields.nd as u64;
    let flags = fields.flags;
    let layout = if flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
        0
    } else if flags & NPY_ARRAY_F_CONTIGUOUS != 0 && nd > 1 {
        1
    } else {
        2
    };
    let readonly = (flags & NPY_ARRAY_WRITEABLE == 0) as u64;
    (nd << 3) | (layout << 1) | readonly
}
