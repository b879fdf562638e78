//! `np.roll`, `np.tile` and `np.repeat` (core's `registry/rearrange.rs` types them): each a new
//! array whose items are `a`'s, moved. Every item is copied once, by a loop over the indices of
//! the source (`for_each_index`) storing each where NumPy puts it.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.roll(a, shift, axis)`: along `axis`, item `i` goes to `(i + shift) mod n` (Python's
    /// modulo, so any shift works; an empty axis moves nothing). Without an axis the array is
    /// rolled in C order and keeps its shape.
    pub(super) fn lower_roll(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let shape = self.shape_values(src, &st)?;
        let Some(axis) = c.decoded.axis.map(usize::from) else {
            let n = self.array_size(src, &st)?;
            let shift = self.shift_modulo(&c.args[1], n)?;
            let out = self.new_array(&rt, &shape, false)?;
            let dims = shape.clone();
            self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let i = s.flat_index(&dims, idx)?;
                let j = s.add_wrapped(i, shift, n)?;
                let x = s.array_load(src, &st, idx)?;
                s.store_flat(out, &rt, j, x)
            })?;
            return Ok(out.into());
        };
        let n = shape[axis];
        let shift = self.shift_modulo(&c.args[1], n)?;
        let out = self.new_like(src, &st, &rt)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut to = idx.to_vec();
            to[axis] = s.add_wrapped(idx[axis], shift, n)?;
            let x = s.array_load(src, &st, idx)?;
            let p = s.element_ptr(out, &rt, &to)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `shift mod n` in `[0, n)` as Python computes it (`0` when `n` is 0); a uint64 shift is
    /// taken as unsigned.
    fn shift_modulo(&self, shift: &Arg<'ctx>, n: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let unsigned = matches!(&shift.t, Type::Int(it) if !it.signed && it.bits == 64);
        let k = self.cast(shift.v, &shift.t, &Type::I64)?.into_int_value();
        let empty = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
            .ir()?;
        let n1 = self
            .b
            .build_select(empty, self.i64(1), n, "n1")
            .ir()?
            .into_int_value();
        if unsigned {
            return self.b.build_int_unsigned_rem(k, n1, "mod").ir();
        }
        let r = self.b.build_int_signed_rem(k, n1, "rem").ir()?;
        let negative = self
            .b
            .build_int_compare(IntPredicate::SLT, r, self.i64(0), "neg")
            .ir()?;
        let up = self.b.build_int_add(r, n1, "up").ir()?;
        Ok(self
            .b
            .build_select(negative, up, r, "mod")
            .ir()?
            .into_int_value())
    }

    /// `(i + k) mod n` for `i` and `k` in `[0, n)`.
    fn add_wrapped(
        &self,
        i: IntValue<'ctx>,
        k: IntValue<'ctx>,
        n: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let sum = self.b.build_int_add(i, k, "sum").ir()?;
        let over = self
            .b
            .build_int_compare(IntPredicate::SGE, sum, n, "over")
            .ir()?;
        let back = self.b.build_int_sub(sum, n, "back").ir()?;
        Ok(self
            .b
            .build_select(over, back, sum, "wrapped")
            .ir()?
            .into_int_value())
    }

    /// The C-order position of `idx` in an array of shape `dims`.
    fn flat_index(&self, dims: &[IntValue<'ctx>], idx: &[IntValue<'ctx>]) -> R<IntValue<'ctx>> {
        let mut flat = self.i64(0);
        for (d, i) in dims.iter().zip(idx) {
            flat = self.b.build_int_mul(flat, *d, "flat").ir()?;
            flat = self.b.build_int_add(flat, *i, "flat").ir()?;
        }
        Ok(flat)
    }

    /// Stores `x` at C-order position `j` of the new C-contiguous array `out`.
    fn store_flat(
        &self,
        out: StructValue<'ctx>,
        rt: &ArrayTy,
        j: IntValue<'ctx>,
        x: BasicValueEnum<'ctx>,
    ) -> R<()> {
        let data = self
            .b
            .build_extract_value(out, 1, "data")
            .ir()?
            .into_pointer_value();
        let elem_t = self.llvm_type(&rt.dtype);
        // SAFETY: `j` is below the array's size, which the caller's loop bounds.
        let p = unsafe { self.b.build_in_bounds_gep(elem_t, data, &[j], "p") }.ir()?;
        self.b.build_store(p, x).ir()?;
        Ok(())
    }
}
