//! Record scalars (items of arrays of records, `np.void` arguments): `{meminfo, data}`, the
//! owner of the memory the record lives in (held as a view holds it; null for an argument) and
//! the address of its first byte. Reading and writing fields is in `lower/records.rs`.

use inkwell::types::BasicTypeEnum;
use inkwell::AddressSpace;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct RecordModel;

impl TypeModel for RecordModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        let ptr = m.cx.ptr_type(AddressSpace::default());
        m.cx.struct_type(&[ptr.into(), ptr.into()], false).into()
    }
}
