//! Generators: one pointer, the NRT block holding the coroutine frame (`lower/generator.rs`).
//! A generator is its own iterator: `iter(g)` is `g`, each step resumes it.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::types::Type;

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, ModuleGen, R};

pub(super) struct GeneratorModel;

/// The type a generator of type `t` yields.
fn item_of(t: &Type) -> Type {
    match t {
        Type::Generator(item) => (**item).clone(),
        _ => unreachable!("{t:?} is no generator"),
    }
}

impl TypeModel for GeneratorModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn make_iter<'ctx>(
        &self,
        _g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        Ok(value.into_pointer_value())
    }

    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        g.generator_advance(state, &item_of(t))
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        g.generator_item(state, &item_of(t))
    }
}
