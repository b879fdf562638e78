//! Functions that generated code calls back into Python through (they take the GIL): `print`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyString, PyTuple};

/// One argument of `print`, as generated code lays it out: a kind and two words.
/// Kinds: 0 None, 1 bool, 2 int64, 3 uint64, 4 float64 (bits), 5 complex128 (bits, bits),
/// 6 string constant (pointer, length).
#[repr(C)]
pub struct PrintArg {
    pub kind: i64,
    pub a: i64,
    pub b: i64,
}

/// `print(*args)` through Python's own `print`, so output interleaves with the program's.
extern "C" fn oxjit_py_print(args: *const PrintArg, n: i64) {
    Python::attach(|py| {
        // SAFETY: generated code passes `n` initialised arguments.
        let args = unsafe { std::slice::from_raw_parts(args, n.max(0) as usize) };
        let objs: Vec<Bound<'_, PyAny>> = args.iter().map(|a| to_object(py, a)).collect();
        let result =
            PyTuple::new(py, objs).and_then(|t| py.import("builtins")?.getattr("print")?.call1(t));
        if let Err(e) = result {
            e.print(py);
        }
    })
}

fn to_object<'py>(py: Python<'py>, a: &PrintArg) -> Bound<'py, PyAny> {
    let obj = match a.kind {
        1 => Ok(PyBool::new(py, a.a != 0).to_owned().into_any()),
        2 => a.a.into_pyobject(py).map(|o| o.into_any()),
        3 => (a.a as u64).into_pyobject(py).map(|o| o.into_any()),
        4 => f64::from_bits(a.a as u64)
            .into_pyobject(py)
            .map(|o| o.into_any()),
        5 => {
            Ok(
                PyComplex::from_doubles(py, f64::from_bits(a.a as u64), f64::from_bits(a.b as u64))
                    .into_any(),
            )
        }
        6 => {
            // SAFETY: a constant string of the generated module.
            let bytes =
                unsafe { std::slice::from_raw_parts(a.a as *const u8, a.b.max(0) as usize) };
            Ok(PyString::new(py, &String::from_utf8_lossy(bytes)).into_any())
        }
        _ => Ok(py.None().into_bound(py)),
    };
    obj.unwrap_or_else(|_| py.None().into_bound(py))
}

/// The (name, address) of every callback, for the JIT's symbol table.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![("oxjit_py_print", oxjit_py_print as *const () as usize)]
}
