//! C pointers (`CPointer(float64)`, `voidptr`): an LLVM `ptr`, the address C code passed.

use inkwell::types::BasicTypeEnum;
use inkwell::AddressSpace;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct PointerModel;

impl TypeModel for PointerModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.ptr_type(AddressSpace::default()).into()
    }
}
