//! Generators: one pointer, the NRT block holding the coroutine frame (`lower/generator.rs`).
//! `next(g)` steps the generator itself; a loop's iterator is the frame's address, kept in an
//! entry-block slot (SROA makes it a register): where the generator was made in the same
//! function, LLVM then sees the handle `llvm.coro.begin` returned, calls the resume function
//! directly and inlines it into the loop.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use oxjit_core::types::Type;

use super::{state_pointer, TypeModel};
use crate::lower::{FnGen, Ir, ModuleGen, R};

pub(super) struct GeneratorModel;

/// The type a generator (or its iterator) of type `t` yields.
fn item_of(t: &Type) -> Type {
    match t {
        Type::Generator(item) | Type::GeneratorIter(item) => (**item).clone(),
        _ => unreachable!("{t:?} is no generator"),
    }
}

impl TypeModel for GeneratorModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        state_pointer(m)
    }

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let frame = g.generator_frame(value.into_pointer_value())?;
        let state = g.alloca(frame.get_type().into(), "geniter")?;
        g.b.build_store(state, frame).ir()?;
        Ok(state)
    }

    fn iter_valid<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let frame = frame_from(g, state, t)?;
        g.generator_advance(frame, &item_of(t))
    }

    fn iter_next<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        state: PointerValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let frame = frame_from(g, state, t)?;
        g.generator_item(frame, &item_of(t))
    }
}

/// The frame: read from the block of a generator (`next(g)`), or from a loop's iterator slot.
fn frame_from<'ctx>(
    g: &FnGen<'_, 'ctx>,
    state: PointerValue<'ctx>,
    t: &Type,
) -> R<PointerValue<'ctx>> {
    match t {
        Type::Generator(_) => g.generator_frame(state),
        _ => Ok(g
            .b
            .build_load(g.ptr_type(), state, "frame")
            .ir()?
            .into_pointer_value()),
    }
}
