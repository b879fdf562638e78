//! oxjit's back end: typed IR to LLVM IR (through inkwell, the only crate that names it), the
//! optimisation pipeline for the host CPU, and the ORC JIT.

pub mod engine;
mod error;
mod lower;
mod models;
pub mod nvptx;
mod target;

use std::sync::{Arc, Once};

pub use inkwell::module::Module;
use inkwell::passes::PassBuilderOptions;
pub use inkwell::targets::TargetMachine;
use inkwell::targets::{CodeModel, FileType, InitializationConfig, RelocMode, Target};
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
    /// Global arrays' addresses as symbols (`oxjit.array.K.object`/`.data`, see
    /// `array_symbols`) instead of numbers in the code: for object files the cache keeps, which
    /// another process links against its own copies of the arrays.
    pub relocatable_arrays: bool,
    /// A C-callable wrapper to emit besides the entry wrapper (`@vectorize`, `@cfunc`).
    pub wrapper: Wrapper,
    /// Source line tables (CUDA kernels' `lineinfo=True`: `.loc` directives in the PTX).
    pub lineinfo: bool,
}

/// The extra C-callable wrapper a module gets (see `lower/ufunc_loop.rs`), named
/// [`wrapper_name`] after the entry wrapper.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Wrapper {
    /// The entry wrapper only.
    #[default]
    None,
    /// `void loop(char **args, npy_intp *dims, npy_intp *steps, void *data)`: NumPy's inner
    /// loop of a ufunc whose kernel is the function (scalar arguments and result).
    UfuncLoop,
    /// `R f(A1, A2, ...)`: the function with the C calling convention, for `@cfunc`.
    CFunc,
}

/// The symbol of the `wrapper` of the module whose entry wrapper is `entry`.
pub fn wrapper_name(entry: &str, wrapper: Wrapper) -> String {
    match wrapper {
        Wrapper::None => entry.to_string(),
        Wrapper::UfuncLoop => format!("{entry}__ufunc"),
        Wrapper::CFunc => format!("{entry}__cfunc"),
    }
}

/// Fetches the typed callee `f(args)` while a module is built.
pub type Fetch<'s> = dyn FnMut(FuncId, &[Type]) -> Result<Arc<TypedFunction>, Diagnostic> + 's;

static INIT: Once = Once::new();

pub(crate) fn init_targets() {
    INIT.call_once(|| {
        Target::initialize_native(&InitializationConfig::default()).expect("LLVM native target");
        llvm_args();
    });
}

/// `OXJIT_LLVM_ARGS="-vectorize-loops=false ..."`: options for LLVM itself, as `opt` and `llc`
/// take them (to see what a pass costs or brings), given to LLVM once per process.
fn llvm_args() {
    let Ok(args) = std::env::var("OXJIT_LLVM_ARGS") else {
        return;
    };
    let owned: Vec<std::ffi::CString> = std::iter::once("oxjit")
        .chain(args.split_whitespace())
        .filter_map(|a| std::ffi::CString::new(a).ok())
        .collect();
    let argv: Vec<*const std::ffi::c_char> = owned.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: `argv` holds `argc` NUL-terminated strings that outlive the call.
    unsafe {
        inkwell::llvm_sys::support::LLVMParseCommandLineOptions(
            argv.len() as i32,
            argv.as_ptr(),
            c"".as_ptr(),
        )
    };
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

/// What the machine code is made for: the target triple, the CPU's name, its features, and the
/// version of LLVM (the on-disk cache keys its entries on all four).
pub fn host_target() -> [String; 4] {
    init_targets();
    let (mut major, mut minor, mut patch) = (0, 0, 0);
    // SAFETY: writes three integers through the given pointers.
    unsafe { inkwell::llvm_sys::core::LLVMGetVersion(&mut major, &mut minor, &mut patch) };
    [
        TargetMachine::get_default_triple()
            .as_str()
            .to_string_lossy()
            .into_owned(),
        TargetMachine::get_host_cpu_name().to_string(),
        // Code compiled with the vector math functions calls them: a process that may not
        // (another libm, OXJIT_NO_VMATH) must not load it.
        format!(
            "{}{}{}{}",
            TargetMachine::get_host_cpu_features().to_string(),
            if oxjit_runtime::vmath::available() {
                ",+oxjit-vmath"
            } else {
                ""
            },
            if oxjit_runtime::vmath::np_simd::enabled() {
                ",+oxjit-npsimd"
            } else {
                ""
            },
            if oxjit_runtime::vmath::np_simd::enabled_f64() {
                ",+oxjit-npsimd64"
            } else {
                ""
            }
        ),
        format!("{major}.{minor}.{patch}"),
    ]
}

/// Runs the O3 pipeline on `module` for the host CPU (`OXJIT_LLVM_PIPELINE` names another, in
/// the syntax of `opt -passes=`, to measure what a pass costs or brings). A module with a
/// generator function gets a second round of loop clean-up (`GENERATOR_CLEANUP`).
pub fn optimize(module: &Module<'_>, machine: &TargetMachine) -> Result<(), String> {
    module.set_triple(&machine.get_triple());
    module.set_data_layout(&machine.get_target_data().get_data_layout());
    module
        .verify()
        .map_err(|e| format!("LLVM verifier: {}", e.to_string()))?;
    let pipeline = std::env::var("OXJIT_LLVM_PIPELINE").unwrap_or_default();
    let pipeline = match pipeline.trim() {
        "" => {
            let mut passes = vec!["default<O3>"];
            if has_coroutine(module) {
                passes.push(GENERATOR_CLEANUP);
            } else if module.get_global_metadata_size(lower::JAM_MARKER) > 0 {
                passes.push(JAM_PASSES);
            }
            if module.get_global_metadata_size(lower::MASKED_VECTOR_MARKER) > 0 {
                passes.push(MASKED_INLINE);
            }
            passes.join(",")
        }
        p => p.to_string(),
    };
    module
        .run_passes(&pipeline, machine, PassBuilderOptions::create())
        .map_err(|e| e.to_string())
}

/// What runs after O3 where a generator function is in the module. O3 inlines a generator's
/// resume function into the consumer's loop only after its last loop-invariant code motion
/// (LLVM's coroutine split and devirtualisation come late in the inliner's rounds), so the loop
/// went on reloading the generator's parameters from the frame, recomputing what it derives
/// from them (CoroSplit rematerialises cheap values rather than spilling them: a division per
/// item in bench/functions.py) and storing its state back each item (1.4-1.8x the hand-written
/// loop). One more hoisting round, value numbering, and a rotation so that the frame's stores
/// sink out of the loop, leave the loop the hand-written one. A bare `instcombine` in a pipeline
/// string checks that one round reaches a fixpoint and aborts the process where it does not
/// (`LLVM ERROR: Instruction Combining ... did not reach a fixpoint`); O3's own instcombine does
/// not check, nor does this one (progen's math family, seed 7300009).
const GENERATOR_CLEANUP: &str = "function(loop-mssa(licm),gvn,simplifycfg,\
     loop-mssa(loop-rotate,licm),instcombine<no-verify-fixpoint>,simplifycfg)";

/// What runs after O3 where lowering marked a loop nest to unroll and jam (`lower/jam.rs`): the
/// transformation itself (LLVM's O3 pipeline leaves it out), then what turns the four jammed
/// copies of the inner loop into one: `indvars` merges their identical counters, `early-cse`
/// their identical loads (the filter's item, the same for the four outputs), and the SLP
/// vectoriser packs the four sums into one vector, each lane one output's additions in order.
const JAM_PASSES: &str = "function(loop(loop-unroll-and-jam),loop(indvars),instcombine,early-cse,\
     slp-vectorizer,instcombine,simplifycfg)";

/// What runs after O3 where a masked vector function's wrapper is in the module
/// (`lower/vector_math.rs`): the loop vectoriser calls the wrapper after O3's inliner has run,
/// so without this every vector iteration calls it, spilling the loop's vector registers around
/// the call even where the mask is all false (cube.rs's `x ** 3`: 3.7x `x * x * x`). Inlined, the
/// mask test is a branch in the loop and only the rare vectors with a lane to compute call out.
const MASKED_INLINE: &str = "always-inline,function(simplifycfg)";

/// Whether `module` defines a coroutine not split yet (a generator function, see
/// `lower/generator.rs`).
fn has_coroutine(module: &Module<'_>) -> bool {
    let kind = inkwell::attributes::Attribute::get_named_enum_kind_id("presplitcoroutine");
    module.get_functions().any(|f| {
        f.get_enum_attribute(inkwell::attributes::AttributeLoc::Function, kind)
            .is_some()
    })
}

/// The host object code of `module` (after `optimize`), as the on-disk cache keeps it.
pub fn object_code(module: &Module<'_>, machine: &TargetMachine) -> Result<Vec<u8>, String> {
    machine
        .write_to_memory_buffer(module, FileType::Object)
        .map(|buffer| buffer.as_slice().to_vec())
        .map_err(|e| e.to_string())
}

/// Appends `.{tag}` to the name of every function `module` defines for outside callers and of
/// every global array symbol it reads, so that an object file made from it links beside the code
/// of other processes' compiles (whose names come from the same per-process counters). Returns
/// the new name of `entry`.
pub fn tag_exported(module: &Module<'_>, entry: &str, tag: &str) -> String {
    use inkwell::module::Linkage;
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 && f.get_linkage() == Linkage::External {
            let name = f.get_name().to_string_lossy().into_owned();
            f.as_global_value().set_name(&format!("{name}.{tag}"));
        }
    }
    for g in module.get_globals() {
        let name = g.get_name().to_string_lossy().into_owned();
        if name.starts_with(ARRAY_SYMBOL_PREFIX) {
            g.set_name(&format!("{name}.{tag}"));
        }
    }
    format!("{entry}.{tag}")
}

/// The start of the names of global arrays' symbols (`Options::relocatable_arrays`).
pub const ARRAY_SYMBOL_PREFIX: &str = "oxjit.array.";

/// The global arrays `module` reads through symbols: `(symbol, whether it is the tagged ndarray
/// (else the data), ndarray address)`, the symbols as named in the module now (the optimiser
/// may have dropped one of the two).
pub fn array_symbols(module: &Module<'_>) -> Vec<(String, bool, usize)> {
    let mut out = Vec::new();
    for g in module.get_globals() {
        let name = g.get_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(ARRAY_SYMBOL_PREFIX) else {
            continue;
        };
        // `oxjit.array.<address in hex>.<object|data>[.tag]`
        let mut parts = rest.split('.');
        let (Some(addr), Some(kind)) = (parts.next(), parts.next()) else {
            continue;
        };
        if let Ok(object) = usize::from_str_radix(addr, 16) {
            out.push((name.clone(), kind == "object", object));
        }
    }
    out
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
    let cx = Context::create();
    // SAFETY: the handler is a plain function that keeps no state; the context is live.
    unsafe {
        inkwell::llvm_sys::core::LLVMContextSetDiagnosticHandler(
            cx.raw(),
            Some(diagnostic),
            std::ptr::null_mut(),
        )
    };
    cx
}

/// LLVM's diagnostics during a compile: errors go to stderr, as LLVM's default handler writes
/// them; warnings and remarks are not the user's business (a loop marked for unroll-and-jam
/// that LLVM finds illegal to transform is reported as a "transformation not done" warning).
extern "C" fn diagnostic(
    info: inkwell::llvm_sys::prelude::LLVMDiagnosticInfoRef,
    _: *mut std::ffi::c_void,
) {
    use inkwell::llvm_sys::core::LLVMGetDiagInfoSeverity;
    use inkwell::llvm_sys::core::{LLVMDisposeMessage, LLVMGetDiagInfoDescription};
    use inkwell::llvm_sys::LLVMDiagnosticSeverity;
    // SAFETY: `info` is the diagnostic LLVM passes for the duration of the call; the message it
    // returns is ours to free.
    unsafe {
        if LLVMGetDiagInfoSeverity(info) != LLVMDiagnosticSeverity::LLVMDSError {
            return;
        }
        let message = LLVMGetDiagInfoDescription(info);
        eprintln!(
            "LLVM error: {}",
            std::ffi::CStr::from_ptr(message).to_string_lossy()
        );
        LLVMDisposeMessage(message);
    }
}
