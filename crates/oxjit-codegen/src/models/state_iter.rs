//! The iterators whose value is a pointer to their state (`lower/iter.rs`) and whose two steps
//! take nothing else: one model, given the steps, so that each kind (a list's, a string's...)
//! writes its two steps and not the trait's methods around them.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::types::Type;

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, ModuleGen, R};

/// `TypeModel::iter_valid` of one kind of iterator: the state, the iterator's type.
pub(super) type ValidStep =
    for<'a, 'ctx> fn(&mut FnGen<'a, 'ctx>, PointerValue<'ctx>, &Type) -> R<IntValue<'ctx>>;

/// `TypeModel::iter_next` of one kind of iterator.
pub(super) type NextStep =
    for<'a, 'ctx> fn(&mut FnGen<'a, 'ctx>, PointerValue<'ctx>, &Type) -> R<BasicValueEnum<'ctx>>;

/// The model of an iterator kind, by its two steps.
pub(super) struct StateIterModel {
    pub(super) valid: ValidStep,
    pub(super) next: NextStep,
}

impl TypeModel for StateIterModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        (self.valid)(g, state, t)
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        (self.next)(g, state, t)
    }
}
