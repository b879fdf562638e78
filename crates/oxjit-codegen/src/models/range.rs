//! `range` objects and slices: three `i64`s. A range is `{start, stop, step}`; a slice is
//! `{start, stop, step}` with `i64::MIN` for a missing start or stop and 1 for a missing step
//! (see `slice_indices`). Iterating a range is in `lower/iter.rs`.

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

/// The three `i64` fields both kinds share.
fn triple<'ctx>(m: &ModuleGen<'ctx>) -> BasicTypeEnum<'ctx> {
    let i = m.cx.i64_type();
    m.cx.struct_type(&[i.into(), i.into(), i.into()], false)
        .into()
}

pub(super) struct RangeModel;

impl TypeModel for RangeModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        triple(m)
    }
}

pub(super) struct SliceModel;

impl TypeModel for SliceModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        triple(m)
    }
}
