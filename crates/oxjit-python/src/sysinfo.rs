//! `system_info()`: what the JIT compiles for (LLVM, target, CPU), for `python -m oxjit`.

use pyo3::prelude::*;
use pyo3::types::PyDict;

/// A dict: `llvm_version` (a `(major, minor, patch)` tuple), `triple`, `cpu`, `features` (the
/// host CPU's features as LLVM lists them, `+avx2,-avx512f,...`).
#[pyfunction]
pub fn system_info(py: Python<'_>) -> PyResult<Bound<'_, PyDict>> {
    let info = oxjit_codegen::host_info();
    let dict = PyDict::new(py);
    dict.set_item("llvm_version", info.llvm_version)?;
    dict.set_item("triple", info.triple)?;
    dict.set_item("cpu", info.cpu)?;
    dict.set_item("features", info.features)?;
    Ok(dict)
}
