//! `None`: a dummy `i8` (its only value carries no information); always false.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue};
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct NoneModel;

impl TypeModel for NoneModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.i8_type().into()
    }

    fn truth<'ctx>(
        &self,
        g: &FnGen<'_, 'ctx>,
        _v: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<IntValue<'ctx>> {
        Ok(g.cx().bool_type().const_zero())
    }
}
