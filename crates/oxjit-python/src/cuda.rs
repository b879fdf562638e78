//! `@cuda.jit` kernels to PTX: the dispatcher's function typed by the shared session, then
//! lowered by the codegen's NVPTX target (`oxjit_codegen::nvptx`).

use std::path::PathBuf;

use oxjit_codegen::nvptx::{self, KernelParam};
use oxjit_codegen::Options;
use oxjit_core::types::{FuncId, Type};
use pyo3::prelude::*;

use crate::compiler;

/// A compiled kernel for Python: `(ptx, llvm, kernel name, params)`, each parameter as
/// `("array", ndim)` or `(type name, size in bytes)`.
pub type PtxResult = (String, String, String, Vec<(String, u8)>);

/// Compiles `func_id` as a kernel for `arg_types` and `arch`.
pub fn compile_ptx(
    py: Python<'_>,
    func_id: FuncId,
    arg_types: &[Type],
    options: Options,
    arch: &str,
    libdevice: Option<String>,
    kernel: nvptx::KernelOptions,
) -> PyResult<PtxResult> {
    let libdevice = libdevice.map(PathBuf::from);
    let ptx = compiler::with_session(py, func_id, arg_types, |typed, fetch| {
        nvptx::build_ptx(
            (func_id, arg_types.to_vec()),
            typed,
            fetch,
            options,
            arch,
            libdevice.as_deref(),
            kernel,
        )
    })?;
    let params = ptx
        .params
        .into_iter()
        .map(|p| match p {
            KernelParam::Array(ndim) => ("array".to_string(), ndim),
            KernelParam::Scalar(name, size) => (name, size),
        })
        .collect();
    Ok((ptx.ptx, ptx.llvm, ptx.kernel, params))
}
