//! The machine representation of oxjit types: each kind's model says (see `crate::models`).

use inkwell::types::BasicTypeEnum;
use oxjit_core::types::Type;

use super::ModuleGen;
use crate::models;
pub use crate::models::scalar::int_type;

impl<'ctx> ModuleGen<'ctx> {
    /// The LLVM type of a value of type `t`. Bools are `i1` (a byte in memory), complex numbers
    /// and tuples are structs with C layout, iterators are pointers to their state; values that
    /// exist only at compile time (modules, functions) are a dummy `i8`.
    pub fn llvm_type(&self, t: &Type) -> BasicTypeEnum<'ctx> {
        models::model_of(t).llvm_type(self, t)
    }
}
