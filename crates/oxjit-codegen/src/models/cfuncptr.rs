//! C functions called through their address (`Type::CFuncPtr`): an LLVM `ptr`. A global's
//! value is its address, read when compiling (`Const::Typed(CFuncPtr, Int(address))`): code
//! that holds one cannot be cached, as in Numba (the address is this process's).

use inkwell::types::BasicTypeEnum;
use inkwell::values::BasicValueEnum;
use inkwell::AddressSpace;
use oxjit_core::ir::Const;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct CFuncPtrModel;

impl TypeModel for CFuncPtrModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.ptr_type(AddressSpace::default()).into()
    }

    fn constant<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        c: &Const,
        _t: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let Const::Int(address) = c else {
            return Ok(None);
        };
        let ptr = g.cx().ptr_type(AddressSpace::default());
        let address = g.cx().i64_type().const_int(*address as u64, false);
        Ok(Some(address.const_to_pointer(ptr).into()))
    }
}
