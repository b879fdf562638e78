//! `a[mask]` of a 1-d array without a branch per item: each item is stored at the next free
//! place of the result and the place advances by the mask's item (0 or 1), so a random mask
//! costs no mispredicted branches. A store for an unselected item lands where the next selected
//! one goes, and the loop stops once every selected item is in place, so nothing is written past
//! the result's end (which holds exactly the selected items, as NumPy's does).

use inkwell::values::{IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::types::ArrayTy;

use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Copies the items of the 1-d `arr` where the 1-d `mask` is true (`count` of them) into
    /// the C-contiguous 1-d `out`.
    pub(super) fn select_by_mask_1d(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        mask: StructValue<'ctx>,
        mt: &ArrayTy,
        out: StructValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<()> {
        let i64t = self.cx().i64_type();
        let n = self.array_shape(mask, 0)?;
        let out_data = ArrayValue(out).data(&self.b)?;
        let elem_t = self.llvm_type(&at.dtype);
        let pre = self.b.get_insert_block().expect("positioned");
        let header = self.cx().append_basic_block(self.f, "select.header");
        let body = self.cx().append_basic_block(self.f, "select.body");
        let exit = self.cx().append_basic_block(self.f, "select.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let i_phi = self.b.build_phi(i64t, "i").ir()?;
        let k_phi = self.b.build_phi(i64t, "k").ir()?;
        let i = i_phi.as_basic_value().into_int_value();
        let k = k_phi.as_basic_value().into_int_value();
        let more_items = self
            .b
            .build_int_compare(IntPredicate::SLT, i, n, "more")
            .ir()?;
        let more_room = self
            .b
            .build_int_compare(IntPredicate::SLT, k, count, "room")
            .ir()?;
        let go = self.b.build_and(more_items, more_room, "go").ir()?;
        self.b.build_conditional_branch(go, body, exit).ir()?;
        self.b.position_at_end(body);
        let x = self.array_load(arr, at, &[i])?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k` is below
        // `count`, the result's length (the loop's condition).
        let p = unsafe { self.b.build_in_bounds_gep(elem_t, out_data, &[k], "slot") }.ir()?;
        self.b.build_store(p, x).ir()?;
        let take = self.array_load(mask, mt, &[i])?.into_int_value();
        let step = self.b.build_int_z_extend(take, i64t, "step").ir()?;
        let k_next = self.b.build_int_add(k, step, "k_next").ir()?;
        let i_next = self
            .b
            .build_int_add(i, i64t.const_int(1, false), "i_next")
            .ir()?;
        let latch = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(header).ir()?;
        i_phi.add_incoming(&[(&i64t.const_zero(), pre), (&i_next, latch)]);
        k_phi.add_incoming(&[(&i64t.const_zero(), pre), (&k_next, latch)]);
        self.b.position_at_end(exit);
        Ok(())
    }
}
