//! Declaring the runtime's functions from the ABI table (`oxjit_abi::RuntimeFn`, and the Python
//! extension's `Callback`s): each call site names one, never a symbol string, and gets the LLVM
//! function type it is defined with.

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, FunctionType};
use inkwell::values::FunctionValue;
use inkwell::AddressSpace;
use oxjit_abi::{Callback, RuntimeFn, Signature, Ty};

use super::{FnGen, Ir, ModuleGen, R};

/// The LLVM function type of a runtime function's C signature.
pub fn fn_type<'ctx>(cx: &'ctx Context, sig: Signature) -> FunctionType<'ctx> {
    let params: Vec<BasicMetadataTypeEnum<'ctx>> =
        sig.params.iter().map(|&t| basic_type(cx, t)).collect();
    match sig.ret {
        Some(t) => match basic_type(cx, t) {
            BasicMetadataTypeEnum::IntType(i) => i.fn_type(&params, false),
            BasicMetadataTypeEnum::FloatType(f) => f.fn_type(&params, false),
            BasicMetadataTypeEnum::PointerType(p) => p.fn_type(&params, false),
            other => unreachable!("no runtime function returns {other:?}"),
        },
        None => cx.void_type().fn_type(&params, false),
    }
}

fn basic_type(cx: &Context, t: Ty) -> BasicMetadataTypeEnum<'_> {
    match t {
        Ty::I1 => cx.bool_type().into(),
        Ty::I8 => cx.i8_type().into(),
        Ty::I32 => cx.i32_type().into(),
        Ty::I64 => cx.i64_type().into(),
        Ty::F32 => cx.f32_type().into(),
        Ty::F64 => cx.f64_type().into(),
        Ty::Ptr => cx.ptr_type(AddressSpace::default()).into(),
    }
}

/// `f` declared in `module` (once: later calls find the declaration).
pub fn declare<'ctx>(
    cx: &'ctx Context,
    module: &Module<'ctx>,
    f: RuntimeFn,
) -> FunctionValue<'ctx> {
    declare_named(cx, module, f.name(), f.signature())
}

fn declare_named<'ctx>(
    cx: &'ctx Context,
    module: &Module<'ctx>,
    name: &str,
    sig: Signature,
) -> FunctionValue<'ctx> {
    module
        .get_function(name)
        .unwrap_or_else(|| module.add_function(name, fn_type(cx, sig), Some(Linkage::External)))
}

impl<'ctx> ModuleGen<'ctx> {
    /// The runtime function `f`, declared on first use with its ABI signature.
    pub fn runtime(&self, f: RuntimeFn) -> FunctionValue<'ctx> {
        declare(self.cx, &self.module, f)
    }

    /// The Python extension's callback `f` (for the module-level wrappers).
    pub fn module_callback(&self, f: Callback) -> FunctionValue<'ctx> {
        declare_named(self.cx, &self.module, f.name(), f.signature())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The runtime function `f`, declared on first use with its ABI signature.
    pub fn runtime(&self, f: RuntimeFn) -> FunctionValue<'ctx> {
        self.m.runtime(f)
    }

    /// Calls the runtime function `f` (its value, if it returns one).
    pub(crate) fn call_runtime(
        &self,
        f: RuntimeFn,
        args: &[inkwell::values::BasicMetadataValueEnum<'ctx>],
    ) -> R<Option<inkwell::values::BasicValueEnum<'ctx>>> {
        let f = self.runtime(f);
        Ok(self
            .b
            .build_call(f, args, "rt")
            .ir()?
            .try_as_basic_value()
            .basic())
    }

    /// The Python extension's callback `f`, declared on first use with its ABI signature.
    pub fn callback(&self, f: Callback) -> FunctionValue<'ctx> {
        declare_named(self.cx(), &self.m.module, f.name(), f.signature())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every runtime function declares, with its parameters and result, once per module.
    #[test]
    fn every_runtime_function_declares() {
        let cx = Context::create();
        let module = cx.create_module("abi");
        for f in RuntimeFn::all() {
            let sig = f.signature();
            let decl = declare(&cx, &module, f);
            assert_eq!(
                decl.count_params() as usize,
                sig.params.len(),
                "{}",
                f.name()
            );
            assert_eq!(
                decl.get_type().get_return_type().is_none(),
                sig.ret.is_none()
            );
            assert_eq!(declare(&cx, &module, f), decl);
        }
        assert_eq!(
            module.get_functions().count(),
            RuntimeFn::all().len(),
            "one declaration each"
        );
    }
}
