//! NumPy's iteration order for `np.nditer` of several operands (order='K', its default), decided
//! at run time from the operands' strides as NumPy's iterator does (`nditer_constr.c`): first the
//! axes are sorted by stride (`npyiter_find_best_axis_ordering`, the insertion sort the runtime's
//! `keep_order_strides` ports: an axis moves inwards past another when the operands that step along
//! both say its stride is smaller, C order winning conflicts), then an axis along which every
//! operand steps backwards (or not at all) is walked forwards in memory
//! (`npyiter_flip_negative_strides`). The result is each operand's view with its axes permuted
//! and flipped, so that a C-order walk of the views gives NumPy's sequence of items.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;

use super::{FnGen, Ir, R};

/// One operand: its data address and its strides over the broadcast shape (0 where stretched).
pub(super) struct IterOperand<'ctx> {
    pub data: BasicValueEnum<'ctx>,
    pub strides: Vec<IntValue<'ctx>>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The shape and the operands in NumPy's order='K' (see the module's comment).
    pub(super) fn nditer_keep_order(
        &mut self,
        shape: &[IntValue<'ctx>],
        mut ops: Vec<IterOperand<'ctx>>,
    ) -> R<(Vec<IntValue<'ctx>>, Vec<IterOperand<'ctx>>)> {
        let n = shape.len();
        if n >= 2 {
            let ranks = self.axis_ranks(shape, &ops)?;
            let shape = self.permute(shape, &ranks)?;
            for op in ops.iter_mut() {
                op.strides = self.permute(&op.strides, &ranks)?;
            }
            self.flip_backward_axes(&shape, &mut ops)?;
            return Ok((shape, ops));
        }
        self.flip_backward_axes(shape, &mut ops)?;
        Ok((shape.to_vec(), ops))
    }

    /// Where each axis goes, outermost first: NumPy's sorted order, found by asking the runtime
    /// for the strides of a block laid out in that order (an axis's rank is the number of axes
    /// with a larger stride there; ties only involve axes of length 1, whose place is moot).
    fn axis_ranks(
        &mut self,
        shape: &[IntValue<'ctx>],
        ops: &[IterOperand<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let n = shape.len();
        let rows: Vec<IntValue<'ctx>> = ops.iter().flat_map(|o| o.strides.clone()).collect();
        let shape_buf = self.i64_buffer(shape, "nditer.shape")?;
        let strides_buf = self.i64_buffer(&rows, "nditer.strides")?;
        let i64t = self.cx().i64_type();
        let out = self.alloca(i64t.array_type(n as u32).into(), "nditer.order")?;
        let f = self.runtime(RuntimeFn::KeepOrderStrides);
        let args = [
            self.i64(ops.len() as i64).into(),
            self.i64(n as i64).into(),
            shape_buf.into(),
            strides_buf.into(),
            self.i64(1).into(),
            out.into(),
        ];
        self.b.build_call(f, &args, "").ir()?;
        let order = self.load_i64s(out, n)?;
        let mut ranks = Vec::with_capacity(n);
        for j in 0..n {
            let mut rank = self.i64(0);
            for i in (0..n).filter(|&i| i != j) {
                let pred = if i < j {
                    IntPredicate::SGE
                } else {
                    IntPredicate::SGT
                };
                let before = self
                    .b
                    .build_int_compare(pred, order[i], order[j], "outer")
                    .ir()?;
                let one = self.b.build_int_z_extend(before, i64t, "one").ir()?;
                rank = self.b.build_int_add(rank, one, "rank").ir()?;
            }
            ranks.push(rank);
        }
        Ok(ranks)
    }

    /// `values` with item `j` moved to position `ranks[j]` (a permutation known at run time).
    fn permute(
        &mut self,
        values: &[IntValue<'ctx>],
        ranks: &[IntValue<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let i64t = self.cx().i64_type();
        let buf = self.alloca(i64t.array_type(values.len() as u32).into(), "perm")?;
        for (&v, &r) in values.iter().zip(ranks) {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): a rank is
            // below the number of axes, the buffer's length.
            let p = unsafe { self.b.build_in_bounds_gep(i64t, buf, &[r], "p") }.ir()?;
            self.b.build_store(p, v).ir()?;
        }
        self.load_i64s(buf, values.len())
    }

    /// Flips each axis along which no operand steps forwards and one steps backwards: its first
    /// item becomes the last one in memory order (NumPy walks memory forwards where it can).
    fn flip_backward_axes(
        &mut self,
        shape: &[IntValue<'ctx>],
        ops: &mut [IterOperand<'ctx>],
    ) -> R<()> {
        let cx = self.cx();
        let zero = self.i64(0);
        for (j, &len) in shape.iter().enumerate() {
            let mut any_neg = cx.bool_type().const_zero();
            let mut any_pos = cx.bool_type().const_zero();
            for op in ops.iter() {
                let s = op.strides[j];
                let neg = self
                    .b
                    .build_int_compare(IntPredicate::SLT, s, zero, "neg")
                    .ir()?;
                let pos = self
                    .b
                    .build_int_compare(IntPredicate::SGT, s, zero, "pos")
                    .ir()?;
                any_neg = self.b.build_or(any_neg, neg, "anyneg").ir()?;
                any_pos = self.b.build_or(any_pos, pos, "anypos").ir()?;
            }
            let no_pos = self.b.build_not(any_pos, "nopos").ir()?;
            let flip = self.b.build_and(any_neg, no_pos, "flip").ir()?;
            let last = self.b.build_int_sub(len, self.i64(1), "last").ir()?;
            for op in ops.iter_mut() {
                let s = op.strides[j];
                let off = self.b.build_int_mul(last, s, "off").ir()?;
                let off = self
                    .b
                    .build_select(flip, off, zero, "off")
                    .ir()?
                    .into_int_value();
                let ptr = op.data.into_pointer_value();
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the
                // byte offset of the operand's last item along the axis (the axis is not empty:
                // nditer refuses zero-sized operands first).
                let moved =
                    unsafe { self.b.build_gep(cx.i8_type(), ptr, &[off], "flipped") }.ir()?;
                op.data = moved.into();
                let neg_s = self.b.build_int_neg(s, "negs").ir()?;
                op.strides[j] = self
                    .b
                    .build_select(flip, neg_s, s, "stride")
                    .ir()?
                    .into_int_value();
            }
        }
        Ok(())
    }
}
