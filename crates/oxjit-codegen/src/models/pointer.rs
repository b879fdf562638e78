//! C pointers (`CPointer(float64)`, `voidptr`): an LLVM `ptr`, the address C code passed; and
//! jitclass instances, a pointer to their block.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::AddressSpace;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct PointerModel;

impl TypeModel for PointerModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.ptr_type(AddressSpace::default()).into()
    }

    /// An instance whose class defines neither `__bool__` nor `__len__` is true, as in Python
    /// (typing calls those methods where they exist).
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        _v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        match t {
            Type::JitInstance(_) => Ok(g.cx().bool_type().const_int(1, false)),
            _ => Err(Diagnostic::internal(format!(
                "cannot take the truth value of {t}"
            ))),
        }
    }
}
