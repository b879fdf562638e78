//! The CUDA target: a `@cuda.jit` kernel lowered by the same `FnGen` with the NVPTX target
//! (`target.rs`), wrapped in a PTX kernel entry (`kernel.rs`), made a device module (`link.rs`:
//! libdevice for math), optimised at O3 for `sm_90` and emitted as PTX text. The GPU-only
//! operations (thread indices, barriers, shared memory, atomics, warp shuffles) are lowered in
//! `lower/cuda.rs` through the same call dispatch as every builtin.

mod errcode;
mod kernel;
mod link;
pub(crate) mod target;

use std::path::Path;
use std::sync::Arc;

use inkwell::context::Context;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target as LlvmTarget, TargetMachine,
    TargetTriple,
};
use inkwell::OptimizationLevel;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::{FuncId, Type};

pub use errcode::ERRCODE;
pub use kernel::{kernel_params, KernelParam};

use crate::{Fetch, Options};

/// The triple, GPU and PTX version (PTX ISA 8.0: CUDA 12.0 drivers and later).
pub const TRIPLE: &str = "nvptx64-nvidia-cuda";
pub const DEFAULT_ARCH: &str = "sm_90";
const FEATURES: &str = "+ptx80";

/// A compiled kernel.
pub struct Ptx {
    /// The PTX text (for `cuModuleLoadData`, `ptxas`).
    pub ptx: String,
    /// The optimised LLVM IR (`inspect_llvm`).
    pub llvm: String,
    /// The kernel's name in the PTX.
    pub kernel: String,
    /// How each argument is passed.
    pub params: Vec<KernelParam>,
}

/// The options of `cuda.jit` that change the PTX.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KernelOptions {
    /// Report exceptions to the host through `__errcode__` (`errcode.rs`).
    pub debug: bool,
    /// Optimise (`opt=False`: LLVM's O0 pipeline and code generation).
    pub opt: bool,
    /// Source line tables: `.loc` directives in the PTX (`lower/lineinfo.rs`).
    pub lineinfo: bool,
}

/// A target machine for `arch` (`sm_90`...).
fn machine(arch: &str, opt: bool) -> Result<TargetMachine, Diagnostic> {
    static INIT: std::sync::Once = std::sync::Once::new();
    INIT.call_once(|| LlvmTarget::initialize_nvptx(&InitializationConfig::default()));
    let triple = TargetTriple::create(TRIPLE);
    let target = LlvmTarget::from_triple(&triple)
        .map_err(|e| Diagnostic::internal(format!("the NVPTX target is not built in: {e}")))?;
    target
        .create_target_machine(
            &triple,
            arch,
            FEATURES,
            if opt {
                OptimizationLevel::Aggressive
            } else {
                OptimizationLevel::None
            },
            RelocMode::Default,
            CodeModel::Default,
        )
        .ok_or_else(|| Diagnostic::internal(format!("no NVPTX target machine for {arch}")))
}

/// The PTX name of the kernel compiled from `name`: letters, digits and `_` only.
fn kernel_name(name: &str, n: u64) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("oxjit_kernel_{clean}_{n}")
}

/// Compiles the typed kernel `root` (and what it calls) to PTX for `arch`; `libdevice` is the
/// path of `libdevice.10.bc`, needed only when the kernel uses math functions.
pub fn build_ptx(
    root_key: (FuncId, Vec<Type>),
    root: Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
    opts: Options,
    arch: &str,
    libdevice: Option<&Path>,
    kernel: KernelOptions,
) -> Result<Ptx, Diagnostic> {
    if root.return_type != Type::NoneType {
        return Err(target::unsupported(format!(
            "a CUDA kernel must return None, not {} (write results into an array argument)",
            root.return_type
        )));
    }
    let params = kernel_params(&root.arg_types)?;
    let cx = Context::create();
    let opts = Options {
        relocatable_arrays: true,
        lineinfo: kernel.lineinfo,
        ..opts
    };
    let (mut gen, native) =
        crate::lower::lower_all(&cx, root_key, root.clone(), fetch, opts, &target::NVPTX)?;
    if gen.has_recursion() {
        return Err(target::unsupported(
            "recursive functions are not supported in CUDA kernels",
        ));
    }
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    let name = kernel_name(
        &root.func.name,
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
    );
    gen.kernel_entry(&root, native, &name, kernel.debug)?;
    gen.finish_line_info();
    let module = gen.module;
    let tm = machine(arch, kernel.opt)?;
    module.set_triple(&tm.get_triple());
    module.set_data_layout(&tm.get_target_data().get_data_layout());
    link::to_device(&module)?;
    if link::needs_libdevice(&module) {
        let path = libdevice.ok_or_else(|| {
            target::unsupported(
                "this kernel uses math functions, which need CUDA's libdevice: install the \
                 `nvidia-cuda-nvcc-cu12` wheel (pip install nvidia-cuda-nvcc-cu12) or set \
                 OXJIT_CUDA_LIBDEVICE to the path of libdevice.10.bc",
            )
        })?;
        link::link_libdevice(&module, path)?;
    }
    link::internalize(&module, &name);
    let pipeline = if kernel.opt {
        "default<O3>"
    } else {
        // O0 keeps every function: drop libdevice's unused ones, as O3 does.
        "always-inline,globaldce"
    };
    module
        .verify()
        .map_err(|e| Diagnostic::internal(format!("LLVM verifier (NVPTX): {e}")))?;
    module
        .run_passes(pipeline, &tm, PassBuilderOptions::create())
        .map_err(|e| Diagnostic::internal(e.to_string()))?;
    link::check_selectable(&module)?;
    link::check_no_host_arrays(&module)?;
    let llvm = module.print_to_string().to_string();
    let buf = tm
        .write_to_memory_buffer(&module, FileType::Assembly)
        .map_err(|e| Diagnostic::internal(format!("PTX emission: {e}")))?;
    Ok(Ptx {
        ptx: String::from_utf8_lossy(buf.as_slice()).into_owned(),
        llvm,
        kernel: name,
        params,
    })
}
