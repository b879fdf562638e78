//! Functions that generated code calls back into Python through (they take the GIL): `print`.

use std::ffi::{c_char, CStr};

use oxjit_core::types::{field_offsets, IntTy, Type};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyDict, PyString, PyTuple};

/// One argument of `print`, as generated code lays it out (declared in the ABI crate).
pub use oxjit_abi::PrintArg;
use oxjit_abi::{Callback, PrintKind};

/// `print(*args, sep=sep, end=end, flush=flush)` through Python's own `print`, so output
/// interleaves with the program's; `sep` and `end` are NUL-terminated, or null for the default.
extern "C" fn oxjit_py_print(
    args: *const PrintArg,
    n: i64,
    sep: *const c_char,
    end: *const c_char,
    flush: i64,
) {
    Python::attach(|py| {
        // SAFETY: generated code passes `n` initialised arguments.
        let args = unsafe { std::slice::from_raw_parts(args, n.max(0) as usize) };
        let result = (|| -> PyResult<()> {
            let objs = args
                .iter()
                .map(|a| to_object(py, a))
                .collect::<PyResult<Vec<_>>>()?;
            let kwargs = PyDict::new(py);
            for (name, text) in [("sep", sep), ("end", end)] {
                if !text.is_null() {
                    // SAFETY: a constant string of the generated module.
                    let text = unsafe { CStr::from_ptr(text) }.to_string_lossy();
                    kwargs.set_item(name, text.as_ref())?;
                }
            }
            if flush != 0 {
                kwargs.set_item("flush", true)?;
            }
            let print = py.import("builtins")?.getattr("print")?;
            print.call(PyTuple::new(py, objs)?, Some(&kwargs))?;
            Ok(())
        })();
        if let Err(e) = result {
            e.print(py);
        }
    })
}

fn to_object<'py>(py: Python<'py>, a: &PrintArg) -> PyResult<Bound<'py, PyAny>> {
    Ok(match PrintKind::from_code(a.kind) {
        PrintKind::Bool => PyBool::new(py, a.a != 0).to_owned().into_any(),
        PrintKind::Int => a.a.into_pyobject(py)?.into_any(),
        PrintKind::Uint => (a.a as u64).into_pyobject(py)?.into_any(),
        PrintKind::Float => f64::from_bits(a.a as u64).into_pyobject(py)?.into_any(),
        PrintKind::Complex => {
            PyComplex::from_doubles(py, f64::from_bits(a.a as u64), f64::from_bits(a.b as u64))
                .into_any()
        }
        PrintKind::Str => {
            // SAFETY: a constant string of the generated module.
            let bytes =
                unsafe { std::slice::from_raw_parts(a.a as *const u8, a.b.max(0) as usize) };
            PyString::new(py, &String::from_utf8_lossy(bytes)).into_any()
        }
        PrintKind::Value => {
            // SAFETY: generated code passes a live value and the text of its type.
            let name = unsafe { CStr::from_ptr(a.b as *const c_char) }.to_string_lossy();
            let t = Type::parse(&name).map_err(pyo3::exceptions::PyTypeError::new_err)?;
            // SAFETY: generated code passes a live value of the type it names.
            unsafe { printable(py, &t, a.a as *const u8)? }
        }
        PrintKind::None => py.None().into_bound(py),
    })
}

/// The value at `src` as CPython would hold it: numbers of Python's types as Python numbers,
/// other numbers as NumPy scalars (`np.float32(0.1)` prints `0.1`), arrays as a NumPy array (a
/// copy: the memory is only borrowed for the call), tuples item by item.
///
/// # Safety
/// `src` must point to an initialised value of type `t`.
unsafe fn printable<'py>(py: Python<'py>, t: &Type, src: *const u8) -> PyResult<Bound<'py, PyAny>> {
    // SAFETY: `src` holds an initialised value of `t` (this function's contract); each arm reads
    // one of that type.
    unsafe {
        match t {
            Type::Tuple(items) => {
                let mut objs = Vec::with_capacity(items.len());
                for (item_t, offset) in items.iter().zip(field_offsets(items)) {
                    objs.push(printable(py, item_t, src.add(offset))?);
                }
                Ok(PyTuple::new(py, objs)?.into_any())
            }
            Type::Str => Ok(crate::boxing::borrowed_str(py, src)?.into_bound(py)),
            // `None` or the value (laid out as the tuple `(present, value)`).
            Type::Optional(_) if *src == 0 => Ok(py.None().into_bound(py)),
            Type::Optional(inner) => {
                let offset = field_offsets(&[Type::Bool, (**inner).clone()])[1];
                printable(py, inner, src.add(offset))
            }
            Type::Array(a) => {
                let view = crate::boxing::borrowed_ndarray(py, a, src)?;
                view.call_method0("copy")
            }
            Type::Int(IntTy { bits: 64, .. })
            | Type::Bool
            | Type::Float(64)
            | Type::Complex(128) => Ok(crate::boxing::box_value(py, t, src)?.into_bound(py)),
            Type::Int(_) | Type::Float(_) | Type::Complex(_) => {
                let value = crate::boxing::box_value(py, t, src)?;
                py.import("numpy")?.getattr(t.to_string())?.call1((value,))
            }
            _ => Ok(crate::boxing::box_value(py, t, src)?.into_bound(py)),
        }
    }
}

/// CPython's `hash(None)` in this process (before 3.12 it is `None`'s address), read once when
/// the extension loads: generated code asks for it without the GIL (in `prange` workers too).
static NONE_HASH: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);

/// Keeps `hash(None)` for [`oxjit_py_hash_none`].
pub fn remember_none_hash(py: Python<'_>) -> PyResult<()> {
    let h = py.None().bind(py).hash()? as i64;
    NONE_HASH.store(h, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// CPython's `hash(None)`, for generated code.
extern "C" fn oxjit_py_hash_none() -> i64 {
    NONE_HASH.load(std::sync::atomic::Ordering::Relaxed)
}

/// The (name, address) of every callback, for the JIT's symbol table.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (Callback::Print.name(), oxjit_py_print as *const () as usize),
        (
            Callback::UfuncError.name(),
            crate::ufunc::oxjit_py_ufunc_error as *const () as usize,
        ),
        (
            Callback::CfuncError.name(),
            crate::ufunc::oxjit_py_cfunc_error as *const () as usize,
        ),
        (
            Callback::ObjMode.name(),
            crate::objmode::oxjit_py_objmode as *const () as usize,
        ),
        (
            Callback::HashNone.name(),
            oxjit_py_hash_none as *const () as usize,
        ),
        (
            Callback::OwnBorrowed.name(),
            crate::typed::items::oxjit_py_own_borrowed as *const () as usize,
        ),
    ]
}
