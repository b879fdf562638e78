//! The self-check of NumPy's own float32 `exp`/`log`/`sin`/`cos`/`tanh` and float64 `tanh`
//! (`oxjit_runtime::vmath::np_simd`): this process's NumPy computes the check inputs, the
//! runtime compares its copies with the result.
//! Run at import, before anything is compiled (the cache key names the outcome).

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

/// Runs the self-check; any error calling NumPy leaves the C library's functions in use.
pub fn run(py: Python<'_>) {
    use oxjit_runtime::vmath::np_simd;
    np_simd::verify(|name, xs| numpy_ufunc(py, name, xs).ok());
    np_simd::verify_f64(|name, xs| {
        let bytes: Vec<u8> = xs.iter().flat_map(|x| x.to_ne_bytes()).collect();
        let out = numpy_ufunc_bytes(py, name, "float64", &bytes).ok()?;
        Some(
            out.chunks_exact(8)
                .map(|b| f64::from_ne_bytes(b.try_into().expect("eight bytes")))
                .collect(),
        )
    });
}

/// NumPy's float32 ufunc `name` of `xs`, under `np.errstate(all="ignore")`.
fn numpy_ufunc(py: Python<'_>, name: &str, xs: &[f32]) -> PyResult<Vec<f32>> {
    let bytes: Vec<u8> = xs.iter().flat_map(|x| x.to_ne_bytes()).collect();
    let out = numpy_ufunc_bytes(py, name, "float32", &bytes)?;
    Ok(out
        .chunks_exact(4)
        .map(|b| f32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
        .collect())
}

/// NumPy's ufunc `name` of the `dtype` items in `bytes`, under `np.errstate(all="ignore")`.
fn numpy_ufunc_bytes(py: Python<'_>, name: &str, dtype: &str, bytes: &[u8]) -> PyResult<Vec<u8>> {
    let np = py.import("numpy")?;
    let array = np.call_method1("frombuffer", (PyBytes::new(py, bytes), dtype))?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("all", "ignore")?;
    let state = np.call_method("errstate", (), Some(&kwargs))?;
    state.call_method0("__enter__")?;
    let result = np.getattr(name)?.call1((array,));
    state.call_method1("__exit__", (py.None(), py.None(), py.None()))?;
    result?.call_method0("tobytes")?.extract()
}
