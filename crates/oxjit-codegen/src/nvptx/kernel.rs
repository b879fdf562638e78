//! The kernel entry: a `ptx_kernel` function taking each argument in its launch form (an array
//! as its data pointer, then its shape, then its byte strides, one parameter each; a number as
//! itself), rebuilding oxjit's native values and calling the lowered function. Flat parameters
//! keep the driver side simple: `cuLaunchKernel` gets one pointer per parameter.

use inkwell::module::Linkage;
use inkwell::types::BasicMetadataTypeEnum;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use inkwell::AddressSpace;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::Type;

use super::target::unsupported;
use crate::error::{Ir, R};
use crate::lower::ModuleGen;
use crate::models::array::ArrayValue;

/// LLVM's calling convention number for PTX kernels (`CallingConv::PTX_Kernel`).
const PTX_KERNEL: u32 = 71;

/// One launch parameter of a kernel, as the driver side packs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KernelParam {
    /// An array of this many dimensions: data pointer, shape, strides (`1 + 2 * ndim` words).
    Array(u8),
    /// A number of this many bytes (the type's name says how to convert it).
    Scalar(String, u8),
}

/// The launch parameters of a kernel taking `args`, or why one cannot be passed.
pub fn kernel_params(args: &[Type]) -> Result<Vec<KernelParam>, Diagnostic> {
    args.iter()
        .map(|t| match t {
            Type::Array(a) => Ok(KernelParam::Array(a.ndim)),
            t if t.is_integer_like() || matches!(t, Type::Float(_)) => {
                let size = oxjit_core::types::size_align(t).0 as u8;
                Ok(KernelParam::Scalar(t.to_string(), size))
            }
            other => Err(unsupported(format!(
                "a CUDA kernel cannot take an argument of type {other} (arrays, integers, \
                 booleans and floats can be passed)"
            ))),
        })
        .collect()
}

impl<'ctx> ModuleGen<'ctx> {
    /// Emits the kernel `name` calling `native` (the lowered `root`).
    pub(super) fn kernel_entry(
        &mut self,
        root: &TypedFunction,
        native: FunctionValue<'ctx>,
        name: &str,
        debug: bool,
    ) -> R<FunctionValue<'ctx>> {
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        let mut params: Vec<BasicMetadataTypeEnum> = Vec::new();
        for t in &root.arg_types {
            match t {
                Type::Array(a) => {
                    params.push(ptr.into());
                    params.extend((0..2 * a.ndim).map(|_| BasicMetadataTypeEnum::from(i64t)));
                }
                t => params.push(self.llvm_type(t).into()),
            }
        }
        let f = self.module.add_function(
            name,
            cx.void_type().fn_type(&params, false),
            Some(Linkage::External),
        );
        f.set_call_conventions(PTX_KERNEL);
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        // With line info, the call to the kernel's function has the `def` line's location.
        self.locate_entry(&b, f, root);
        let ret = b
            .build_alloca(self.llvm_type(&root.return_type), "ret")
            .ir()?;
        let exc = b
            .build_alloca(self.target.exception_record_type(cx), "exc")
            .ir()?;
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![ret.into(), exc.into()];
        let mut k = 0;
        let mut param = || {
            k += 1;
            f.get_nth_param(k - 1).expect("kernel param")
        };
        for t in &root.arg_types {
            match t {
                Type::Array(a) => {
                    let data = param();
                    let shape: Vec<_> = (0..a.ndim).map(|_| param().into_int_value()).collect();
                    let strides: Vec<_> = (0..a.ndim).map(|_| param().into_int_value()).collect();
                    let st = self.array_struct_type(a);
                    let null = ptr.const_null().into();
                    let arr = ArrayValue::build(&b, st, null, data, &shape, &strides)?;
                    call_args.push(arr.0.into());
                }
                _ => call_args.push(param().into()),
            }
        }
        // The status says whether the kernel raised: a `debug=True` kernel reports it to the
        // host (`errcode.rs`); otherwise the thread just stops, as in Numba.
        let status = b.build_call(native, &call_args, "status").ir()?;
        if debug {
            let status = status.try_as_basic_value().basic().expect("status");
            self.report_exception(&b, f, status.into_int_value(), exc)?;
        }
        b.build_return(None).ir()?;
        Ok(f)
    }
}
