//! The NVPTX target: what lowering asks of the machine, answered for a CUDA device.
//!
//! A kernel's code has no host runtime: it cannot allocate (arrays come from the launch, or are
//! shared/local arrays made by the kernel itself), and its exceptions are not reported (Numba's
//! CUDA target without `debug=True`): the exception record is a local the kernel wrapper
//! ignores. Math goes to libdevice's `__nv_*` functions, linked in after lowering.

use inkwell::context::Context;
use inkwell::module::Linkage;
use inkwell::types::{BasicMetadataTypeEnum, StructType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue, PointerValue};
use oxjit_core::diagnostics::{Diagnostic, ErrorKind};

use crate::error::{Ir, R};
use crate::target::{Emit, ExcArg, Str, Target, CPU};

/// A CUDA device (`nvptx64-nvidia-cuda`).
pub(crate) struct NvptxTarget;

/// The one NVPTX target.
pub(crate) static NVPTX: NvptxTarget = NvptxTarget;

/// An `UnsupportedError` for something a kernel cannot do.
pub(crate) fn unsupported(message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        kind: ErrorKind::Unsupported,
        message: message.into(),
        range: None,
        source: None,
        notes: Vec::new(),
    }
}

/// The libdevice name of the libm function `name` on doubles.
pub(crate) fn libdevice_name(name: &str) -> String {
    format!("__nv_{name}")
}

impl Target for NvptxTarget {
    fn is_cuda(&self) -> bool {
        true
    }

    /// The CPU's record (the kernel wrapper allocates one on the stack and never reads it).
    fn exception_record_type<'ctx>(&self, cx: &'ctx Context) -> StructType<'ctx> {
        CPU.exception_record_type(cx)
    }

    /// Filled as on the CPU, into the kernel's local record: the status makes the function
    /// return early, as Python would stop at the exception, but nothing reaches the host.
    fn record_exception<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        class: Str<'ctx>,
        msg: Str<'ctx>,
        arg: ExcArg<'_, 'ctx>,
    ) -> R<()> {
        CPU.record_exception(e, class, msg, arg)
    }

    fn allocate<'ctx>(
        &self,
        _e: &Emit<'_, 'ctx>,
        _nbytes: IntValue<'ctx>,
        _zeroed: bool,
    ) -> R<PointerValue<'ctx>> {
        Err(unsupported(
            "a CUDA kernel cannot allocate arrays (np.empty, a.copy(), array expressions...): \
             pass the output as an argument, or use cuda.local.array / cuda.shared.array",
        ))
    }

    fn block_data<'ctx>(
        &self,
        _e: &Emit<'_, 'ctx>,
        _block: PointerValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        Err(unsupported(
            "a CUDA kernel has no reference-counted memory blocks",
        ))
    }

    fn call_math<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = e.cx.f64_type();
        let params: Vec<BasicMetadataTypeEnum<'ctx>> = args.iter().map(|_| f64t.into()).collect();
        let nv = libdevice_name(name);
        let f = e.module.get_function(&nv).unwrap_or_else(|| {
            e.module
                .add_function(&nv, f64t.fn_type(&params, false), Some(Linkage::External))
        });
        let args: Vec<BasicMetadataValueEnum> = args.iter().map(|a| (*a).into()).collect();
        Ok(e.b
            .build_call(f, &args, name)
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("f64"))
    }

    /// libdevice has one version of each function: the exact call is the same call.
    fn call_math_exact<'ctx>(
        &self,
        e: &Emit<'_, 'ctx>,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        self.call_math(e, name, args)
    }
}
