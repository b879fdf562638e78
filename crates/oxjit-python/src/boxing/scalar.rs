//! Booleans, integers and floats: a byte, `iN`/`uN`, `f32`/`f64` in their slots; ints box as
//! Python `int`, floats as `float` (as Numba boxes them).

use oxjit_core::types::{IntTy, Type};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

/// Writes the number `obj` as a `t` at `dst`.
///
/// # Safety
/// `dst` must point to at least `size_align(t).0` writable bytes.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<()> {
    // SAFETY: `dst` holds a `t` (the caller's guarantee).
    unsafe {
        match t {
            Type::Bool => *dst = obj.is_truthy()? as u8,
            Type::Int(IntTy { bits, signed: true }) => {
                let v: i64 = as_int(obj)?.extract()?;
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
                let v: u64 = as_int(obj)?.extract()?;
                match bits {
                    8 => *dst = v as u8,
                    16 => (dst as *mut u16).write_unaligned(v as u16),
                    32 => (dst as *mut u32).write_unaligned(v as u32),
                    _ => (dst as *mut u64).write_unaligned(v),
                }
            }
            Type::Float(16) => (dst as *mut u16).write_unaligned(oxjit_runtime::half::f64_to_half(
                obj.call_method0("__float__")?.extract::<f64>()?,
            )),
            Type::Float(32) => (dst as *mut f32)
                .write_unaligned(obj.call_method0("__float__")?.extract::<f64>()? as f32),
            _ => (dst as *mut f64).write_unaligned(obj.extract::<f64>()?),
        }
    }
    Ok(())
}

/// `int(obj)` as `__int__` gives it; an exact `int` is itself (no method call: a dict or list
/// of 10^6 ints is unboxed item by item).
fn as_int<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    if obj.is_exact_instance_of::<PyInt>() {
        return Ok(obj.clone());
    }
    obj.call_method0(pyo3::intern!(obj.py(), "__int__"))
}

/// The number of type `t` at `src` as a Python object.
///
/// # Safety
/// `src` must point to an initialised value of type `t`.
pub(super) unsafe fn box_value(py: Python<'_>, t: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: `src` holds a `t` (the caller's guarantee).
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
            Type::Float(16) => super::half::box_half(py, (src as *const u16).read_unaligned())?,
            Type::Float(32) => ((src as *const f32).read_unaligned() as f64)
                .into_pyobject(py)?
                .into_any()
                .unbind(),
            _ => (src as *const f64)
                .read_unaligned()
                .into_pyobject(py)?
                .into_any()
                .unbind(),
        })
    }
}

/// The oxjit type of a NumPy scalar type's name (`np.float32` arguments).
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
        "float16" => Type::Float(16),
        "float64" => Type::F64,
        "complex64" => Type::Complex(64),
        "complex128" => Type::C128,
        _ => return None,
    })
}
