//! Values that exist only at compile time (modules, functions, exception classes, string
//! literals, `a.ctypes`): a dummy `i8`, never read.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct OpaqueModel;

impl TypeModel for OpaqueModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.i8_type().into()
    }

    /// A string constant's truth: whether it is empty (typing takes no other's).
    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        g.str_truth(v, t)
    }

    /// Iterating over a string constant (typing takes no other opaque value).
    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        g.str_iter(value, t)
    }
}
