//! typeof, unboxing of arguments into native slots and boxing of native results.
//!
//! Slots are laid out as `oxjit_core::types::size_align` says (C layout, as LLVM lays out the
//! same types on the host).

use std::sync::Arc;

use numpy::npyffi::objects::_PyArray_GET_ITEM_DATA;
use numpy::npyffi::{NPY_ARRAY_C_CONTIGUOUS, NPY_ARRAY_F_CONTIGUOUS, NPY_ARRAY_WRITEABLE};
use numpy::{PyArrayDescrMethods, PyUntypedArray, PyUntypedArrayMethods};
use oxjit_core::types::{field_offsets, ArrayTy, IntTy, Layout, Type};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyTuple};

/// The oxjit type of a Python value.
pub fn typeof_value(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if obj.is_exact_instance_of::<PyBool>() {
        return Ok(Type::Bool);
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(_) => Ok(Type::I64),
            Err(_) => match obj.extract::<u64>() {
                Ok(_) => Ok(Type::int(64, false)),
                Err(_) => Err(PyOverflowError::new_err(
                    "oxjit: int argument too large for a 64-bit integer",
                )),
            },
        };
    }
    if obj.is_exact_instance_of::<PyFloat>() {
        return Ok(Type::F64);
    }
    if obj.is_exact_instance_of::<PyComplex>() {
        return Ok(Type::C128);
    }
    if obj.is_none() {
        return Ok(Type::NoneType);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        let items: PyResult<Vec<Type>> = t.iter().map(|i| typeof_value(&i)).collect();
        return Ok(Type::tuple(items?));
    }
    if let Some(arr) = as_ndarray(obj) {
        crate::subclass::check(obj)?;
        return array_type(&arr);
    }
    let ty = obj.get_type();
    if let (Ok(module), Ok(name)) = (ty.module(), ty.name()) {
        if module == "numpy" {
            if let Some(t) = numpy_scalar_type(&name.to_string()) {
                return Ok(t);
            }
        }
    }
    let name = ty
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "oxjit: arguments of type '{name}' are not supported"
    )))
}

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
fn numpy_loaded(py: Python<'_>) -> bool {
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
    let dtype = match (descr.kind(), descr.itemsize()) {
        (b'b', 1) => Some(Type::Bool),
        (b'i', n @ (1 | 2 | 4 | 8)) => Some(Type::int(n as u8 * 8, true)),
        (b'u', n @ (1 | 2 | 4 | 8)) => Some(Type::int(n as u8 * 8, false)),
        (b'f', n @ (4 | 8)) => Some(Type::Float(n as u8 * 8)),
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
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: ndim as u8,
        layout,
        readonly,
    })))
}

pub fn numpy_scalar_type(name: &str) -> Option<Type> {
    Some(match name {
        "bool" | "bool_" => Type::Bool,
        "int8" => Type::int(8, true),
        "int16" => Type::int(16, true),
        "int32" => Type::int(32, true),
        "int64" => Type::int(64, true),
        "uint8" => Type::int(8, false),
        "uint16" => Type::int(16, false),
        "uint32" => Type::int(32, false),
        "uint64" => Type::int(64, false),
        "float32" => Type::Float(32),
        "float64" => Type::F64,
        "complex64" => Type::Complex(64),
        "complex128" => Type::C128,
        _ => return None,
    })
}

/// Writes `obj` (of oxjit type `t`) at `dst`.
///
/// # Safety
/// `dst` must point to at least `size_align(t).0` writable bytes.
pub unsafe fn unbox(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<()> {
    // SAFETY: `dst` has room for a value of `t` (this function's contract); each arm writes one of
    // that type's size.
    unsafe {
        match t {
            Type::Bool => *dst = obj.is_truthy()? as u8,
            Type::Int(IntTy { bits, signed: true }) => {
                let v: i64 = obj.call_method0("__int__")?.extract()?;
                match bits {
                    8 => *(dst as *mut i8) = v as i8,
                    16 => (dst as *mut i16).write_unaligned(v as i16),
                    32 => (dst as *mut i32).write_unaligned(v as i32),
                    _ => (dst as *mut i64).write_unaligned(v),
                }
            }
            Type::Int(IntTy {
                bits,
                signed: false,
            }) => {
                let v: u64 = obj.call_method0("__int__")?.extract()?;
                match bits {
                    8 => *dst = v as u8,
                    16 => (dst as *mut u16).write_unaligned(v as u16),
                    32 => (dst as *mut u32).write_unaligned(v as u32),
                    _ => (dst as *mut u64).write_unaligned(v),
                }
            }
            Type::Float(32) => (dst as *mut f32)
                .write_unaligned(obj.call_method0("__float__")?.extract::<f64>()? as f32),
            Type::Float(_) => (dst as *mut f64).write_unaligned(obj.extract::<f64>()?),
            Type::Complex(bits) => {
                let c: (f64, f64) = match obj.cast::<PyComplex>() {
                    Ok(z) => (z.real(), z.imag()),
                    Err(_) => (
                        obj.getattr("real")?.extract()?,
                        obj.getattr("imag")?.extract()?,
                    ),
                };
                if *bits == 64 {
                    (dst as *mut f32).write_unaligned(c.0 as f32);
                    (dst.add(4) as *mut f32).write_unaligned(c.1 as f32);
                } else {
                    (dst as *mut f64).write_unaligned(c.0);
                    (dst.add(8) as *mut f64).write_unaligned(c.1);
                }
            }
            Type::NoneType => *dst = 0,
            Type::Array(a) => {
                // {meminfo, data, shape[ndim], strides[ndim]}: the meminfo of an argument is the
                // array object itself, tagged (borrowed for the call: compiled code does not count
                // references to it), so that returning it returns it.
                let arr = obj.cast::<PyUntypedArray>()?;
                let fields = &*_PyArray_GET_ITEM_DATA(arr.as_array_ptr());
                (dst as *mut usize).write_unaligned(obj.as_ptr() as usize | 1);
                (dst.add(8) as *mut *mut u8).write_unaligned(fields.data as *mut u8);
                let nd = a.ndim as usize;
                for (k, (size, stride)) in
                    arr.shape().iter().zip(arr.strides()).enumerate().take(nd)
                {
                    (dst.add(16 + 8 * k) as *mut i64).write_unaligned(*size as i64);
                    (dst.add(16 + 8 * (nd + k)) as *mut i64).write_unaligned(*stride as i64);
                }
            }
            Type::Tuple(items) => {
                let tuple = obj.cast::<PyTuple>()?;
                for ((item_t, offset), item) in
                    items.iter().zip(field_offsets(items)).zip(tuple.iter())
                {
                    unbox(&item, item_t, dst.add(offset))?;
                }
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "oxjit: cannot pass a value of type {other}"
                )))
            }
        }
    }
    Ok(())
}

/// Reads a value of oxjit type `t` at `src` as a Python object (ints as `int`, floats as
/// `float`, as Numba boxes them).
///
/// # Safety
/// `src` must point to an initialised value of type `t`.
pub unsafe fn box_value(py: Python<'_>, t: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds an initialised value of `t` (this function's contract); each arm reads
    // one of that type.
    unsafe {
        Ok(match t {
            Type::Bool => PyBool::new(py, *src != 0).to_owned().into_any().unbind(),
            Type::Int(IntTy { bits, signed: true }) => {
                let v: i64 = match bits {
                    8 => *(src as *const i8) as i64,
                    16 => (src as *const i16).read_unaligned() as i64,
                    32 => (src as *const i32).read_unaligned() as i64,
                    _ => (src as *const i64).read_unaligned(),
                };
                v.into_pyobject(py)?.into_any().unbind()
            }
            Type::Int(IntTy {
                bits,
                signed: false,
            }) => {
                let v: u64 = match bits {
                    8 => *src as u64,
                    16 => (src as *const u16).read_unaligned() as u64,
                    32 => (src as *const u32).read_unaligned() as u64,
                    _ => (src as *const u64).read_unaligned(),
                };
                v.into_pyobject(py)?.into_any().unbind()
            }
            Type::Float(32) => ((src as *const f32).read_unaligned() as f64)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
            Type::Float(_) => (src as *const f64)
                .read_unaligned()
                .into_pyobject(py)?
                .into_any()
                .unbind(),
            Type::Complex(64) => {
                let re = (src as *const f32).read_unaligned() as f64;
                let im = (src.add(4) as *const f32).read_unaligned() as f64;
                PyComplex::from_doubles(py, re, im).into_any().unbind()
            }
            Type::Complex(_) => {
                let re = (src as *const f64).read_unaligned();
                let im = (src.add(8) as *const f64).read_unaligned();
                PyComplex::from_doubles(py, re, im).into_any().unbind()
            }
            Type::NoneType => py.None(),
            Type::Optional(inner) => {
                // {bool present, value}, laid out as a C struct.
                if *src == 0 {
                    py.None()
                } else {
                    let offset = field_offsets(&[Type::Bool, (**inner).clone()])[1];
                    box_value(py, inner, src.add(offset))?
                }
            }
            Type::Array(a) => box_array(py, a, src)?,
            Type::Tuple(items) => {
                let mut objs = Vec::with_capacity(items.len());
                for (item_t, offset) in items.iter().zip(field_offsets(items)) {
                    objs.push(box_value(py, item_t, src.add(offset))?);
                }
                PyTuple::new(py, objs)?.into_any().unbind()
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "oxjit: cannot return a value of type {other}"
                )))
            }
        })
    }
}

/// Boxes the array value at `src`, taking over the reference it holds. Its meminfo is either a
/// Python object, tagged (an argument or a global: the result is that object when it is the whole
/// of it, else a view of it), or a runtime block (made in compiled code: the result is a NumPy
/// array whose base owns the block).
///
/// # Safety
/// `src` must point to an initialised array value of type `a`.
unsafe fn box_array(py: Python<'_>, a: &ArrayTy, src: *const u8) -> PyResult<Py<PyAny>> {
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
                if same_dtype
                    && fields.data as usize == data
                    && arr.shape() == shape.iter().map(|&n| n as usize).collect::<Vec<_>>()
                    && arr.strides() == strides.as_slice()
                {
                    return Ok(base.unbind());
                }
            }
            base
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
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, type_number(&a.dtype)?);
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

/// NumPy's type number for an oxjit dtype (int64 is `long` on LP64, as `np.int64` is).
fn type_number(dtype: &Type) -> PyResult<i32> {
    Ok(match dtype {
        Type::Bool => 0,
        Type::Int(IntTy { bits: 8, signed }) => 1 + !signed as i32,
        Type::Int(IntTy { bits: 16, signed }) => 3 + !signed as i32,
        Type::Int(IntTy { bits: 32, signed }) => 5 + !signed as i32,
        Type::Int(IntTy { signed, .. }) => 7 + !signed as i32,
        Type::Float(32) => 11,
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
        let descr = PY_ARRAY_API.PyArray_DescrFromType(py, type_number(&a.dtype)?);
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
        let dtype = canonical_descrs(py)
            .iter()
            .position(|d| *d == fields.descr as usize)? as u16;
        let flags = fields.flags;
        let layout = if flags & NPY_ARRAY_C_CONTIGUOUS != 0 {
            0
        } else if flags & NPY_ARRAY_F_CONTIGUOUS != 0 && nd > 1 {
            1
        } else {
            2
        };
        let readonly = (flags & NPY_ARRAY_WRITEABLE == 0) as u16;
        slot[0] = obj.as_ptr() as u64 | 1;
        slot[1] = fields.data as u64;
        for k in 0..nd {
            slot[2 + k] = *fields.dimensions.add(k) as u64;
            slot[2 + nd + k] = *fields.strides.add(k) as u64;
        }
        Some(0x8000 | (dtype << 6) | ((nd as u16) << 3) | (layout << 1) | readonly)
    }
}
