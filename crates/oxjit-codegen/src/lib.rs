//! oxjit's back end: typed IR to LLVM IR (through inkwell, the only crate that names it), the
//! optimisation pipeline for the host CPU, and the ORC JIT.

pub mod engine;
mod error;
mod lower;
mod models;
mod target;

use std::sync::{Arc, Once};

use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::{
    CodeModel, FileType, InitializationConfig, RelocMode, Target, TargetMachine,
};
use inkwell::OptimizationLevel;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::{FuncId, Type};

pub use engine::Jit;
pub use inkwell::context::Context;
pub use lower::build_module;

/// Code generation options (the decorator's options).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// LLVM's fast-math flags on floating-point operations.
    pub fastmath: bool,
    /// NumPy's error model: division by zero gives inf/nan/0 instead of raising.
    pub numpy_errors: bool,
    /// Check array indices, raising `IndexError` as NumPy does (off by default, as in Numba).
    pub boundscheck: bool,
}

/// Fetches the typed callee `f(args)` while a module is built.
pub type Fetch<'s> = dyn FnMut(FuncId, &[Type]) -> Result<Arc<TypedFunction>, Diagnostic> + 's;

static INIT: Once = Once::new();

pub(crate) fn init_targets() {
    INIT.call_once(|| {
        Target::initialize_native(&InitializationConfig::default()).expect("LLVM native target");
    });
}

/// Whether the host CPU has fused multiply-add instructions (and AVX2, with which NumPy picks
/// its FMA loops): NumPy's complex multiply and absolute value round differently there.
pub fn host_has_fma() -> bool {
    static FMA: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FMA.get_or_init(|| {
        let features = TargetMachine::get_host_cpu_features().to_string();
        let has = |f: &str| features.split(',').any(|x| x == f);
        (has("+fma") && has("+avx2")) || cfg!(target_arch = "aarch64")
    })
}

/// A target machine for the host CPU, with all its features.
pub fn host_machine() -> Result<TargetMachine, String> {
    init_targets();
    let triple = TargetMachine::get_default_triple();
    let target = Target::from_triple(&triple).map_err(|e| e.to_string())?;
    let cpu = TargetMachine::get_host_cpu_name().to_string();
    let features = TargetMachine::get_host_cpu_features().to_string();
    target
        .create_target_machine(
            &triple,
            &cpu,
            &features,
            OptimizationLevel::Aggressive,
            RelocMode::PIC,
            CodeModel::JITDefault,
        )
        .ok_or_else(|| "cannot create a target machine for the host".to_string())
}

/// What the JIT compiles for, for `python -m oxjit`'s system report.
#[derive(Clone, Debug)]
pub struct HostInfo {
    /// The LLVM linked in, `(major, minor, patch)`.
    pub llvm_version: (u32, u32, u32),
    /// LLVM's default target triple (`x86_64-unknown-linux-gnu`).
    pub triple: String,
    /// LLVM's name for the host CPU (`znver3`, `skylake-avx512`).
    pub cpu: String,
    /// The host CPU's features as LLVM lists them (`+avx2,+fma,-avx512f,...`).
    pub features: String,
}

/// The host as [`host_machine`] sees it.
pub fn host_info() -> HostInfo {
    init_targets();
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: LLVMGetVersion only writes the three integers it is given.
    unsafe { inkwell::llvm_sys::core::LLVMGetVersion(&mut major, &mut minor, &mut patch) };
    HostInfo {
        llvm_version: (major, minor, patch),
        triple: TargetMachine::get_default_triple()
            .as_str()
            .to_string_lossy()
            .into_owned(),
        cpu: TargetMachine::get_host_cpu_name().to_string(),
        features: TargetMachine::get_host_cpu_features().to_string(),
    }
}

/// Runs the O3 pipeline on `module` for the host CPU.
pub fn optimize(module: &Module<'_>, machine: &TargetMachine) -> Result<(), String> {
    module.set_triple(&machine.get_triple());
    module.set_data_layout(&machine.get_target_data().get_data_layout());
    module
        .verify()
        .map_err(|e| format!("LLVM verifier: {}", e.to_string()))?;
    module
        .run_passes("default<O3>", machine, PassBuilderOptions::create())
        .map_err(|e| e.to_string())
}

/// The host assembly of `module`.
pub fn assembly(module: &Module<'_>, machine: &TargetMachine) -> Result<String, String> {
    let buf = machine
        .write_to_memory_buffer(module, FileType::Assembly)
        .map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(buf.as_slice()).into_owned())
}

/// Creates a fresh LLVM context (one per compiled module; ORC takes ownership).
pub fn new_context() -> Context {
    Context::create()
}
