//! A caught exception: the exception part of the target's exception record, as a struct value.

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct CaughtModel;

impl TypeModel for CaughtModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        let fields = m.exc_info_type().get_field_types();
        m.cx.struct_type(&fields[..8], false).into()
    }
}
