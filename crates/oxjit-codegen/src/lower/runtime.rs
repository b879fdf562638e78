//! Declaring the runtime's functions from the ABI table (`oxjit_abi::RuntimeFn`): each call site
//! names a `RuntimeFn`, never a symbol string, and gets the LLVM function type the runtime
//! defines it with.

// The call sites still declare runtime functions by name until one mechanical commit moves them
// all here (issue 16, part 5); then this goes.
#![allow(dead_code)]

use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, FunctionType};
use inkwell::values::FunctionValue;
use inkwell::AddressSpace;
use oxjit_abi::{RuntimeFn, Signature, Ty};

use super::FnGen;

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
    module.get_function(f.name()).unwrap_or_else(|| {
        module.add_function(
            f.name(),
            fn_type(cx, f.signature()),
            Some(Linkage::External),
        )
    })
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The runtime function `f`, declared on first use with its ABI signature.
    pub fn runtime(&self, f: RuntimeFn) -> FunctionValue<'ctx> {
        declare(self.cx(), &self.m.module, f)
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
