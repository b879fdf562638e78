//! Making a lowered module a device module: the host-only pieces lowering may have left are
//! replaced (reference counting becomes a no-op: a kernel's arrays are never owned by it), math
//! intrinsics the NVPTX back end cannot select go to libdevice, and anything else that needs the
//! host runtime is refused with its name, before LLVM's code generator could abort on it.

use std::path::Path;

use inkwell::basic_block::BasicBlock;
use inkwell::llvm_sys::core::{LLVMGetNumOperands, LLVMIsACallInst, LLVMSetOperand};
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::{Linkage, Module};
use inkwell::values::{AsValueRef, BasicValue, FunctionValue};
use oxjit_core::diagnostics::Diagnostic;

use super::target::unsupported;
use crate::lower::refcount::{COLD_DECREF, DECREF, INCREF};
use crate::ARRAY_SYMBOL_PREFIX;

/// LLVM math intrinsics with no NVPTX instruction, and their libdevice functions (for `f64`;
/// the `f32` one adds `f`).
const TO_LIBDEVICE: [(&str, &str); 8] = [
    ("sin", "sin"),
    ("cos", "cos"),
    ("exp", "exp"),
    ("exp2", "exp2"),
    ("log", "log"),
    ("log2", "log2"),
    ("log10", "log10"),
    ("pow", "pow"),
];

/// Reference counting on the device: nothing to count (see the module comment).
fn empty_refcounts(module: &Module<'_>) {
    let cx = module.get_context();
    for name in [INCREF, DECREF, COLD_DECREF] {
        let Some(f) = module.get_function(name) else {
            continue;
        };
        let blocks: Vec<BasicBlock> = f.get_basic_blocks();
        for bb in blocks {
            // SAFETY: the blocks belong to `f`, which only its callers reference (not its blocks).
            unsafe { bb.delete() }.expect("delete a block");
        }
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        b.build_return(None).expect("ret void");
    }
}

/// Redirects the calls of math intrinsics the NVPTX back end cannot select to libdevice.
fn math_to_libdevice(module: &Module<'_>) {
    for f in module.get_functions() {
        let name = f.get_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("llvm.") else {
            continue;
        };
        let Some((op, suffix)) = rest.split_once('.') else {
            continue;
        };
        let Some((_, nv)) = TO_LIBDEVICE.iter().find(|(o, _)| *o == op) else {
            continue;
        };
        let nv_name = match suffix {
            "f64" => format!("__nv_{nv}"),
            "f32" => format!("__nv_{nv}f"),
            _ => continue,
        };
        let target = module.get_function(&nv_name).unwrap_or_else(|| {
            module.add_function(&nv_name, f.get_type(), Some(Linkage::External))
        });
        redirect_calls(f, target);
    }
}

/// Makes every call of `from` call `to` (of the same function type): the callee is the call
/// instruction's last operand.
fn redirect_calls<'ctx>(from: FunctionValue<'ctx>, to: FunctionValue<'ctx>) {
    let mut uses = Vec::new();
    let mut u = from.as_global_value().as_pointer_value().get_first_use();
    while let Some(x) = u {
        uses.push(x.get_user());
        u = x.get_next_use();
    }
    let callee = to.as_global_value().as_pointer_value().as_value_ref();
    for user in uses {
        let inst = user.as_value_ref();
        // SAFETY: `inst` uses `from`, so it is an instruction (a call: intrinsics are only
        // called); its last operand is the callee, replaced by a function of the same type.
        unsafe {
            if !LLVMIsACallInst(inst).is_null() {
                let last = LLVMGetNumOperands(inst) - 1;
                LLVMSetOperand(inst, last as u32, callee);
            }
        }
    }
}

fn is_used(f: FunctionValue<'_>) -> bool {
    f.as_global_value()
        .as_pointer_value()
        .get_first_use()
        .is_some()
}

/// The fix-ups above, then the check that nothing host-only is left.
pub(super) fn to_device(module: &Module<'_>) -> Result<(), Diagnostic> {
    empty_refcounts(module);
    math_to_libdevice(module);
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 || !is_used(f) {
            continue;
        }
        let name = f.get_name().to_string_lossy().into_owned();
        if name.starts_with("llvm.") || name.starts_with("__nv_") {
            continue;
        }
        return Err(unsupported(format!(
            "this code needs oxjit's host runtime ({name}), which a CUDA kernel does not have: \
             printing, allocation, random numbers, sorting and linear algebra are not \
             supported on the device"
        )));
    }
    Ok(())
}

/// After optimisation (which drops what `cuda.const.array_like` left unused): an error if the
/// kernel still reads a global NumPy array in host memory.
pub(super) fn check_no_host_arrays(module: &Module<'_>) -> Result<(), Diagnostic> {
    for g in module.get_globals() {
        let name = g.get_name().to_string_lossy().into_owned();
        if name.starts_with(ARRAY_SYMBOL_PREFIX) && g.as_pointer_value().get_first_use().is_some() {
            return Err(unsupported(
                "a CUDA kernel cannot read a global NumPy array (it lives in host memory): pass \
                 it as an argument, or use cuda.const.array_like(array)",
            ));
        }
    }
    Ok(())
}

/// Math intrinsics the NVPTX back end cannot select (LLVM would abort the process on them).
const UNSELECTABLE: [&str; 20] = [
    "pow", "powi", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh",
    "exp", "exp2", "exp10", "log", "log2", "log10", "ldexp", "frexp",
];

/// After optimisation: an error naming any math intrinsic left that code generation cannot
/// select (the optimiser may make one from code it recognises), rather than LLVM's abort.
pub(super) fn check_selectable(module: &Module<'_>) -> Result<(), Diagnostic> {
    for f in module.get_functions() {
        let name = f.get_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix("llvm.") else {
            continue;
        };
        let op = rest.split('.').next().unwrap_or("");
        if UNSELECTABLE.contains(&op) && is_used(f) {
            return Err(unsupported(format!(
                "the CUDA back end cannot compile the operation {name} in this kernel"
            )));
        }
    }
    Ok(())
}

/// Whether the module calls libdevice.
pub(super) fn needs_libdevice(module: &Module<'_>) -> bool {
    module
        .get_functions()
        .any(|f| f.count_basic_blocks() == 0 && f.get_name().to_bytes().starts_with(b"__nv_"))
}

/// Links libdevice's bitcode into `module`.
pub(super) fn link_libdevice(module: &Module<'_>, path: &Path) -> Result<(), Diagnostic> {
    let cx = module.get_context();
    let buf = MemoryBuffer::create_from_file(path)
        .map_err(|e| unsupported(format!("cannot read libdevice {}: {e}", path.display())))?;
    let lib = Module::parse_bitcode_from_buffer(&buf, cx)
        .or_else(|_| cx.create_module_from_ir(buf))
        .map_err(|e| unsupported(format!("cannot load libdevice: {e}")))?;
    lib.set_triple(&module.get_triple());
    lib.set_data_layout(&module.get_data_layout());
    module
        .link_in_module(lib)
        .map_err(|e| unsupported(format!("cannot link libdevice: {e}")))
}

/// Every function but the kernel made internal, so that the optimiser drops what is not used
/// (most of libdevice) and inlines the rest.
pub(super) fn internalize(module: &Module<'_>, kernel: &str) {
    for f in module.get_functions() {
        if f.count_basic_blocks() > 0 && f.get_name().to_bytes() != kernel.as_bytes() {
            f.set_linkage(Linkage::Internal);
        }
    }
}
