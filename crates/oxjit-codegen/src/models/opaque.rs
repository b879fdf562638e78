//! Values that exist only at compile time (modules, functions, exception classes, string
//! literals, `a.ctypes`): a dummy `i8`, never read.

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct OpaqueModel;

impl TypeModel for OpaqueModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        m.cx.i8_type().into()
    }
}
