//! NumPy's BLAS/LAPACK for compiled linear algebra: found by `oxjit._blas` (Python knows where
//! NumPy's wheels keep it; ctypes resolves the symbols) the first time a function that needs it
//! is compiled, and installed in the runtime's table, which the generated code's calls go through.

use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_runtime::linalg::table::{lapack_ready, set_lapack, Lapack, NAMES};
use pyo3::prelude::*;

/// Finds and installs NumPy's BLAS/LAPACK unless already done; the error says what was looked
/// for.
fn ensure(py: Python<'_>) -> Result<(), String> {
    if lapack_ready() {
        return Ok(());
    }
    let found = py
        .import("oxjit._blas")
        .and_then(|m| m.call_method1("addresses", (NAMES.to_vec(),)))
        .map_err(|e| e.value(py).to_string())?;
    let (_path, addresses): (String, Vec<usize>) = found
        .extract()
        .map_err(|e| format!("oxjit._blas.addresses returned {e}"))?;
    // SAFETY: the addresses of NAMES in an ILP64 BLAS/LAPACK (what `oxjit._blas` looks for).
    let table = unsafe { Lapack::from_addresses(&addresses) }?;
    set_lapack(table);
    Ok(())
}

/// Finds and installs NumPy's BLAS/LAPACK for code that calls it (from the cache).
pub fn install(py: Python<'_>) -> Result<(), String> {
    ensure(py).map_err(|m| {
        format!("cached code needs NumPy's BLAS/LAPACK, which oxjit could not use: {m}")
    })
}

/// Before `typed` is compiled: if it calls NumPy's BLAS/LAPACK (typing recorded the first
/// value that does), makes sure the library is there; otherwise the error points at that call.
pub fn check(py: Python<'_>, typed: &TypedFunction) -> Result<(), Diagnostic> {
    let Some((v, what)) = &typed.lapack else {
        return Ok(());
    };
    if lapack_ready() {
        return Ok(());
    }
    ensure(py).map_err(|m| {
        Diagnostic::unsupported(
            format!("{what} needs NumPy's BLAS/LAPACK, which oxjit could not use: {m}"),
            typed.func.range(*v),
        )
        .with_source(&typed.source)
    })
}
