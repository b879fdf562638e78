//! Closures and cells (`oxjit_core::types` `Closure`, `Cell`): a closure is the struct of the
//! values it captured (its function is in its type); a cell is the address of the shared
//! variable's slot, in the frame of the function that defines it.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::AddressSpace;
use oxjit_core::types::Type;

use super::TypeModel;
use crate::lower::ModuleGen;

pub(super) struct ClosureModel;

impl TypeModel for ClosureModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, t: &Type) -> BasicTypeEnum<'ctx> {
        match t {
            Type::Closure(_, captures) => captures_struct(m, captures).into(),
            _ => m.cx.ptr_type(AddressSpace::default()).into(),
        }
    }
}

/// The struct of a closure's captured values.
pub(crate) fn captures_struct<'ctx>(m: &ModuleGen<'ctx>, captures: &[Type]) -> StructType<'ctx> {
    let fields: Vec<BasicTypeEnum> = captures.iter().map(|t| m.llvm_type(t)).collect();
    m.cx.struct_type(&fields, false)
}
