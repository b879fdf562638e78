//! `range` objects and slices: three `i64`s. A range is `{start, stop, step}`; a slice is
//! `{start, stop, step}` with `i64::MIN` for a missing part (see `slice_triple`). A range's
//! iterator is `{next, items left, step}`: the length is computed once, as Python does, so nothing overflows near the int64 limits.

use inkwell::types::{BasicTypeEnum, StructType};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_core::types::Type;

use super::state_iter::StateIterModel;
use super::TypeModel;
use crate::lower::{FnGen, Ir, ModuleGen, R};

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

    fn make_iter<'ctx>(
        &self,
        g: &mut FnGen<'_, 'ctx>,
        value: BasicValueEnum<'ctx>,
        _t: &Type,
    ) -> R<PointerValue<'ctx>> {
        g.range_iter(value)
    }
}

/// A range's iterator: the state `{next, items left, step}`.
pub(super) static RANGE_ITER: StateIterModel = StateIterModel {
    valid: |g, state, _| {
        let i64t = g.cx().i64_type();
        let (_, left) = g.load_i64(g.range_state_type(), state, 1)?;
        g.b.build_int_compare(IntPredicate::SGT, left, i64t.const_zero(), "valid")
            .ir()
    },
    next: |g, state, _| {
        let one = g.cx().i64_type().const_int(1, false);
        let st = g.range_state_type();
        let (cur_p, cur) = g.load_i64(st, state, 0)?;
        let (left_p, left) = g.load_i64(st, state, 1)?;
        let (_, step) = g.load_i64(st, state, 2)?;
        let next = g.b.build_int_add(cur, step, "next").ir()?;
        g.b.build_store(cur_p, next).ir()?;
        let left = g.b.build_int_sub(left, one, "left").ir()?;
        g.b.build_store(left_p, left).ir()?;
        Ok(cur.into())
    },
};

pub(super) struct SliceModel;

impl TypeModel for SliceModel {
    fn llvm_type<'ctx>(&self, m: &ModuleGen<'ctx>, _t: &Type) -> BasicTypeEnum<'ctx> {
        triple(m)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The state of a range iterator: `{next, items left, step}`.
    pub(crate) fn range_state_type(&self) -> StructType<'ctx> {
        let i64t = self.cx().i64_type();
        self.cx()
            .struct_type(&[i64t.into(), i64t.into(), i64t.into()], false)
    }

    /// Turns the state of `iter(range(...))` into that of `reversed(range(...))`: from the
    /// last item, the step negated (wrapping arithmetic: the last item is inside the range,
    /// and a step of `i64::MIN` leaves at most one item, after which nothing is read).
    pub(super) fn reverse_range_state(&mut self, state: PointerValue<'ctx>) -> R<()> {
        let st = self.range_state_type();
        let (next_p, first) = self.load_i64(st, state, 0)?;
        let (_, left) = self.load_i64(st, state, 1)?;
        let (step_p, step) = self.load_i64(st, state, 2)?;
        let one = self.cx().i64_type().const_int(1, false);
        let steps = self.b.build_int_sub(left, one, "steps").ir()?;
        let empty = self
            .b
            .build_int_compare(
                IntPredicate::SLT,
                steps,
                one.get_type().const_zero(),
                "empty",
            )
            .ir()?;
        let steps = self
            .b
            .build_select(empty, one.get_type().const_zero(), steps, "steps")
            .ir()?
            .into_int_value();
        let span = self.b.build_int_mul(steps, step, "span").ir()?;
        let last = self.b.build_int_add(first, span, "last").ir()?;
        self.b.build_store(next_p, last).ir()?;
        let back = self.b.build_int_neg(step, "back").ir()?;
        self.b.build_store(step_p, back).ir()?;
        Ok(())
    }

    /// The state of `iter(range(...))`.
    fn range_iter(&mut self, value: BasicValueEnum<'ctx>) -> R<PointerValue<'ctx>> {
        let st = self.range_state_type();
        let slot = self.alloca(st.into(), "range.iter")?;
        let [start, stop, step] = self.int_triple(value.into_struct_value())?;
        let len = self.range_length(start, stop, step)?;
        for (i, v) in [(0, start), (1, len), (2, step)] {
            let p = self.b.build_struct_gep(st, slot, i, "field").ir()?;
            self.b.build_store(p, v).ir()?;
        }
        Ok(slot)
    }

    /// `len(range(start, stop, step))` (step nonzero), in unsigned arithmetic so that no
    /// intermediate overflows.
    pub fn range_length(
        &self,
        start: IntValue<'ctx>,
        stop: IntValue<'ctx>,
        step: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        use IntPredicate::*;
        let b = &self.b;
        let i64t = self.cx().i64_type();
        let one = i64t.const_int(1, false);
        let up = b
            .build_int_compare(SGT, step, i64t.const_zero(), "up")
            .ir()?;
        // Distance to cover and step size, both as unsigned magnitudes.
        let hi = b.build_select(up, stop, start, "hi").ir()?.into_int_value();
        let lo = b.build_select(up, start, stop, "lo").ir()?.into_int_value();
        let nonempty = b.build_int_compare(SLT, lo, hi, "nonempty").ir()?;
        let dist = b.build_int_sub(hi, lo, "dist").ir()?;
        let dist1 = b.build_int_sub(dist, one, "dist1").ir()?;
        let neg_step = b.build_int_neg(step, "negstep").ir()?;
        let mag = b
            .build_select(up, step, neg_step, "mag")
            .ir()?
            .into_int_value();
        let q = b.build_int_unsigned_div(dist1, mag, "q").ir()?;
        let len = b.build_int_add(q, one, "len").ir()?;
        Ok(b.build_select(nonempty, len, i64t.const_zero(), "rangelen")
            .ir()?
            .into_int_value())
    }
}
