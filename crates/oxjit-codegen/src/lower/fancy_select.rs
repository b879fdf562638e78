//! `a[mask]` of a 1-d array without a branch per item: each item is stored at the next free
//! place of the result and the place advances by the mask's item (0 or 1), so a random mask
//! costs no mispredicted branches. A store for an unselected item lands where the next selected
//! one goes, and the loop stops once every selected item is in place, so nothing is written past
//! the result's end (which holds exactly the selected items, as NumPy's does).
//!
//! A contiguous mask is read eight items at a time first: a word of eight false items is
//! skipped whole (a sparse mask, as `data[(r1 <= r) & (r < r2)]` in a loop over bins, costs a
//! load per eight items, as NumPy's skipping does), and the eight items of any other word are
//! stored as above, those past the last selected one into a scratch slot.

use inkwell::values::{IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::types::{ArrayTy, Layout};

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
        let (i0, k0) = if matches!(mt.layout, Layout::C | Layout::F) {
            self.select_by_mask_words(arr, at, mask, out, count)?
        } else {
            (i64t.const_zero(), i64t.const_zero())
        };
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
        // Any nonzero byte is true, as in NumPy (a mask viewed from other bytes).
        let mp = self.element_ptr(mask, mt, &[i])?;
        let byte = self
            .b
            .build_load(self.cx().i8_type(), mp, "mbyte")
            .ir()?
            .into_int_value();
        let take = self
            .b
            .build_int_compare(
                IntPredicate::NE,
                byte,
                self.cx().i8_type().const_zero(),
                "take",
            )
            .ir()?;
        let step = self.b.build_int_z_extend(take, i64t, "step").ir()?;
        let k_next = self.b.build_int_add(k, step, "k_next").ir()?;
        let i_next = self
            .b
            .build_int_add(i, i64t.const_int(1, false), "i_next")
            .ir()?;
        let latch = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(header).ir()?;
        i_phi.add_incoming(&[(&i0, pre), (&i_next, latch)]);
        k_phi.add_incoming(&[(&k0, pre), (&k_next, latch)]);
        self.b.position_at_end(exit);
        Ok(())
    }

    /// The part of [`Self::select_by_mask_1d`] done eight items at a time, for a contiguous
    /// mask: returns the item and the result's place where the item-at-a-time loop goes on
    /// (the last `n % 8` items, or none once every selected item is in place).
    fn select_by_mask_words(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        mask: StructValue<'ctx>,
        out: StructValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        const WORD: u64 = 8;
        let i64t = self.cx().i64_type();
        let i8t = self.cx().i8_type();
        let n = self.array_shape(mask, 0)?;
        let mask_data = ArrayValue(mask).data(&self.b)?;
        let out_data = ArrayValue(out).data(&self.b)?;
        let elem_t = self.llvm_type(&at.dtype);
        let scratch = self.alloca(elem_t, "select.scratch")?;
        let pre = self.b.get_insert_block().expect("positioned");
        let header = self.cx().append_basic_block(self.f, "words.header");
        let load = self.cx().append_basic_block(self.f, "words.load");
        let some = self.cx().append_basic_block(self.f, "words.some");
        let latch = self.cx().append_basic_block(self.f, "words.latch");
        let exit = self.cx().append_basic_block(self.f, "words.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let i_phi = self.b.build_phi(i64t, "wi").ir()?;
        let k_phi = self.b.build_phi(i64t, "wk").ir()?;
        let i = i_phi.as_basic_value().into_int_value();
        let k = k_phi.as_basic_value().into_int_value();
        let end = self
            .b
            .build_int_add(i, i64t.const_int(WORD, false), "wend")
            .ir()?;
        let whole = self
            .b
            .build_int_compare(IntPredicate::SLE, end, n, "whole")
            .ir()?;
        let room = self
            .b
            .build_int_compare(IntPredicate::SLT, k, count, "wroom")
            .ir()?;
        let go = self.b.build_and(whole, room, "wgo").ir()?;
        self.b.build_conditional_branch(go, load, exit).ir()?;
        self.b.position_at_end(load);
        // SAFETY: in bounds: items `i..i + 8` of the mask exist (`whole`).
        let p = unsafe { self.b.build_in_bounds_gep(i8t, mask_data, &[i], "wp") }.ir()?;
        let word = self.b.build_load(i64t, p, "word").ir()?;
        // The mask's bytes are at any address.
        word.into_int_value()
            .as_instruction()
            .expect("a load")
            .set_alignment(1)
            .map_err(|e| oxjit_core::diagnostics::Diagnostic::internal(e.to_string()))?;
        let none = self
            .b
            .build_int_compare(
                IntPredicate::EQ,
                word.into_int_value(),
                i64t.const_zero(),
                "none",
            )
            .ir()?;
        self.b.build_conditional_branch(none, latch, some).ir()?;
        self.b.position_at_end(some);
        let mut kk = k;
        for j in 0..WORD {
            let ij = self
                .b
                .build_int_add(i, i64t.const_int(j, false), "ij")
                .ir()?;
            let x = self.array_load(arr, at, &[ij])?;
            // SAFETY: only used when `kk` is below `count`, the result's length (the select).
            let slot =
                unsafe { self.b.build_in_bounds_gep(elem_t, out_data, &[kk], "wslot") }.ir()?;
            let inside = self
                .b
                .build_int_compare(IntPredicate::SLT, kk, count, "inside")
                .ir()?;
            let dest = self
                .b
                .build_select(inside, slot, scratch, "dest")
                .ir()?
                .into_pointer_value();
            self.b.build_store(dest, x).ir()?;
            // SAFETY: in bounds: item `i + j` of the mask (`whole`).
            let mp = unsafe { self.b.build_in_bounds_gep(i8t, mask_data, &[ij], "mp") }.ir()?;
            let byte = self.b.build_load(i8t, mp, "mbyte").ir()?.into_int_value();
            let taken = self
                .b
                .build_int_compare(IntPredicate::NE, byte, i8t.const_zero(), "taken")
                .ir()?;
            let step = self.b.build_int_z_extend(taken, i64t, "wstep").ir()?;
            kk = self.b.build_int_add(kk, step, "wk_next").ir()?;
        }
        let some_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(latch).ir()?;
        self.b.position_at_end(latch);
        let k_after = self.b.build_phi(i64t, "wk_after").ir()?;
        k_after.add_incoming(&[(&k, load), (&kk, some_end)]);
        let latch_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(header).ir()?;
        i_phi.add_incoming(&[(&i64t.const_zero(), pre), (&end, latch_end)]);
        k_phi.add_incoming(&[
            (&i64t.const_zero(), pre),
            (&k_after.as_basic_value().into_int_value(), latch_end),
        ]);
        self.b.position_at_end(exit);
        Ok((i, k))
    }

    /// How many items of a contiguous 1-d mask are true: eight bytes at a time (a popcount of
    /// their nonzero flags), which LLVM vectorizes, then the last `n % 8` one by one.
    pub(super) fn count_true_contiguous(&mut self, mask: StructValue<'ctx>) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let i8t = self.cx().i8_type();
        let n = self.array_shape(mask, 0)?;
        let data = ArrayValue(mask).data(&self.b)?;
        let words = self
            .b
            .build_int_signed_div(n, i64t.const_int(8, false), "words")
            .ir()?;
        let pre = self.b.get_insert_block().expect("positioned");
        let header = self.cx().append_basic_block(self.f, "count.header");
        let body = self.cx().append_basic_block(self.f, "count.body");
        let tail = self.cx().append_basic_block(self.f, "count.tail");
        let tail_body = self.cx().append_basic_block(self.f, "count.tail_body");
        let exit = self.cx().append_basic_block(self.f, "count.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let w_phi = self.b.build_phi(i64t, "w").ir()?;
        let c_phi = self.b.build_phi(i64t, "c").ir()?;
        let w = w_phi.as_basic_value().into_int_value();
        let c = c_phi.as_basic_value().into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, w, words, "more")
            .ir()?;
        self.b.build_conditional_branch(more, body, tail).ir()?;
        self.b.position_at_end(body);
        // SAFETY: in bounds: word `w` is below `n / 8`, so its eight bytes are mask items.
        let p = unsafe { self.b.build_in_bounds_gep(i64t, data, &[w], "cp") }.ir()?;
        let word = self.b.build_load(i64t, p, "cword").ir()?.into_int_value();
        word.as_instruction()
            .expect("a load")
            .set_alignment(1)
            .map_err(|e| oxjit_core::diagnostics::Diagnostic::internal(e.to_string()))?;
        // The high bit of each byte of `nonzero` says whether the byte is (any byte value,
        // not only 0 and 1: a mask viewed from other bytes), and a popcount counts them.
        let low7 = i64t.const_int(0x7f7f_7f7f_7f7f_7f7f, false);
        let low = self.b.build_and(word, low7, "low").ir()?;
        let carried = self.b.build_int_add(low, low7, "carried").ir()?;
        let any = self.b.build_or(carried, word, "any").ir()?;
        let nonzero = self
            .b
            .build_and(any, i64t.const_int(0x8080_8080_8080_8080, false), "nonzero")
            .ir()?;
        let sum = self
            .call_intrinsic("llvm.ctpop", &[i64t.into()], &[nonzero.into()])?
            .into_int_value();
        let c_next = self.b.build_int_add(c, sum, "c_next").ir()?;
        let w_next = self
            .b
            .build_int_add(w, i64t.const_int(1, false), "w_next")
            .ir()?;
        self.b.build_unconditional_branch(header).ir()?;
        w_phi.add_incoming(&[(&i64t.const_zero(), pre), (&w_next, body)]);
        c_phi.add_incoming(&[(&i64t.const_zero(), pre), (&c_next, body)]);
        // The last items, one by one.
        self.b.position_at_end(tail);
        let start = self
            .b
            .build_int_mul(words, i64t.const_int(8, false), "tail_start")
            .ir()?;
        self.b.build_unconditional_branch(tail_body).ir()?;
        self.b.position_at_end(tail_body);
        let i_phi = self.b.build_phi(i64t, "ti").ir()?;
        let t_phi = self.b.build_phi(i64t, "tc").ir()?;
        let i = i_phi.as_basic_value().into_int_value();
        let tc = t_phi.as_basic_value().into_int_value();
        let inside = self
            .b
            .build_int_compare(IntPredicate::SLT, i, n, "tinside")
            .ir()?;
        let step_bb = self.cx().append_basic_block(self.f, "count.tail_step");
        self.b
            .build_conditional_branch(inside, step_bb, exit)
            .ir()?;
        self.b.position_at_end(step_bb);
        // SAFETY: in bounds: `i` is below `n`.
        let bp = unsafe { self.b.build_in_bounds_gep(i8t, data, &[i], "tb") }.ir()?;
        let byte = self.b.build_load(i8t, bp, "tbyte").ir()?.into_int_value();
        let taken = self
            .b
            .build_int_compare(IntPredicate::NE, byte, i8t.const_zero(), "ttaken")
            .ir()?;
        let one = self.b.build_int_z_extend(taken, i64t, "tone").ir()?;
        let tc_next = self.b.build_int_add(tc, one, "tc_next").ir()?;
        let i_next = self
            .b
            .build_int_add(i, i64t.const_int(1, false), "ti_next")
            .ir()?;
        self.b.build_unconditional_branch(tail_body).ir()?;
        i_phi.add_incoming(&[(&start, tail), (&i_next, step_bb)]);
        t_phi.add_incoming(&[(&c, tail), (&tc_next, step_bb)]);
        self.b.position_at_end(exit);
        Ok(tc)
    }
}
