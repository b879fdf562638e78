//! `oxjit._oxjit`: the Python-facing crate. The only crate that names PyO3: the dispatcher,
//! typeof, unboxing of arguments and boxing of results, and the one place where compiler errors
//! become Python exceptions.

mod boxing;
mod callbacks;
mod compiler;
mod dispatcher;
mod errors;
mod fastpath;
mod host;
mod linalg;
mod nrt;
mod subclass;
mod ufunc;

use pyo3::prelude::*;

/// The oxjit type name of a Python value (`docs/internals.md`).
/// `(triple, cpu, features, llvm_version)`: what the machine code is made for.
#[pyfunction]
fn host_target() -> (String, String, String, String) {
    let [triple, cpu, features, llvm] = oxjit_codegen::host_target();
    (triple, cpu, features, llvm)
}

#[pyfunction]
fn typeof_name(value: &Bound<'_, PyAny>) -> PyResult<String> {
    boxing::typeof_value(value).map(|t| t.to_string())
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_function(wrap_pyfunction!(typeof_name, m)?)?;
    m.add_function(wrap_pyfunction!(host_target, m)?)?;
    m.add_class::<nrt::MemInfoOwner>()?;
    m.add_function(wrap_pyfunction!(nrt::nrt_allocation_stats, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::make_ufunc, m)?)?;
    Ok(())
}
