//! `np.roll`, `np.tile` and `np.repeat` (core's `registry/rearrange.rs` types them): each a new
//! array whose items are `a`'s, moved. Every item is copied once, by a loop over the indices of
//! the source (`for_each_index`) storing each where NumPy puts it.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};

/// The counts of `np.repeat`: one for every item (`same`), or one per item (`each`: the array,
/// its type, and whether it holds one count for all), and their total.
struct Counts<'ctx> {
    total: IntValue<'ctx>,
    same: IntValue<'ctx>,
    each: Option<(StructValue<'ctx>, ArrayTy, IntValue<'ctx>)>,
}

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

    /// `np.repeat(a, repeats, axis)`: along `axis` (or over the flattened array), item `i`
    /// `counts[i]` times, into a new C array. NumPy's checks first: the counts' shape, then no
    /// negative count.
    pub(super) fn lower_repeat(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let shape = self.shape_values(src, &st)?;
        let axis = c.decoded.axis.map(usize::from);
        let n = match axis {
            Some(k) => shape[k],
            None => self.array_size(src, &st)?,
        };
        let counts = self.repeat_counts(&c.args[1], n)?;
        let out_shape = match axis {
            Some(k) => {
                let mut s = shape.clone();
                s[k] = counts.total;
                s
            }
            None => vec![counts.total],
        };
        let out = self.new_array(&rt, &out_shape, false)?;
        // Where the next item's copies start, along the axis (or in the flat result).
        let pos = self.alloca(self.cx().i64_type().into(), "pos")?;
        self.b.build_store(pos, self.i64(0)).ir()?;
        match axis {
            None => {
                let dims = shape.clone();
                self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let i = s.flat_index(&dims, idx)?;
                    let times = s.count_at(&counts, i)?;
                    let start = s.load_count(pos)?;
                    let x = s.array_load(src, &st, idx)?;
                    s.for_each_index(&[times], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
                        let at = s.b.build_int_add(start, j[0], "at").ir()?;
                        s.store_flat(out, &rt, at, x)
                    })?;
                    let next = s.b.build_int_add(start, times, "next").ir()?;
                    s.b.build_store(pos, next).ir()?;
                    Ok(())
                })?;
            }
            Some(k) => {
                self.for_each_index(&[n], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                    let times = s.count_at(&counts, i[0])?;
                    let start = s.load_count(pos)?;
                    let mut block = shape.clone();
                    block[k] = times;
                    s.for_each_index(&block, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                        let (mut from, mut to) = (idx.to_vec(), idx.to_vec());
                        from[k] = i[0];
                        to[k] = s.b.build_int_add(start, idx[k], "at").ir()?;
                        let x = s.array_load(src, &st, &from)?;
                        let p = s.element_ptr(out, &rt, &to)?;
                        s.b.build_store(p, x).ir()?;
                        Ok(())
                    })?;
                    let next = s.b.build_int_add(start, times, "next").ir()?;
                    s.b.build_store(pos, next).ir()?;
                    Ok(())
                })?;
            }
        }
        Ok(out.into())
    }

    /// `np.tile(A, reps)`: item `idx` of the result is `A[idx mod A.shape]` (A's shape and the
    /// reps padded with leading 1s to the result's dimensions). NumPy's result is a copy in A's
    /// memory order when every rep is 1, else a new C array; negative reps are its errors.
    pub(super) fn lower_tile(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let dims = rt.ndim as usize;
        let lead = dims - st.ndim as usize;
        let shape = self.shape_values(src, &st)?;
        let mut in_shape = vec![self.i64(1); lead];
        in_shape.extend(&shape);
        let mut in_strides = vec![self.i64(0); lead];
        in_strides.extend(self.array_strides(src, &st)?);
        let mut reps = self.shape_argument(&c.args[1])?;
        reps.splice(0..0, std::iter::repeat_n(self.i64(1), dims - reps.len()));
        let mut out_shape = Vec::with_capacity(dims);
        let mut all_one = self.cx().bool_type().const_int(1, false);
        for (d, r) in in_shape.iter().zip(&reps) {
            out_shape.push(self.b.build_int_mul(*d, *r, "dim").ir()?);
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, *r, self.i64(1), "one")
                .ir()?;
            all_one = self.b.build_and(all_one, one, "allone").ir()?;
        }
        let n = self.array_size(src, &st)?;
        self.check_tile_reps(&out_shape, n)?;
        // The memory order of the result: A's (every rep 1) or C's.
        let mut order = Vec::with_capacity(dims);
        let mut c_stride = self.i64(1);
        for k in (0..dims).rev() {
            let s = self
                .b
                .build_select(all_one, in_strides[k], c_stride, "order")
                .ir()?;
            order.insert(0, s.into_int_value());
            let d = self.smax(out_shape[k], self.i64(1))?;
            c_stride = self.b.build_int_mul(c_stride, d, "cstride").ir()?;
        }
        let out = self.new_array_keep_order(&rt, &out_shape, &[(out_shape.clone(), order)])?;
        self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut from = Vec::with_capacity(shape.len());
            for (k, d) in shape.iter().enumerate() {
                // `d` is not 0: the result has items.
                from.push(s.b.build_int_unsigned_rem(idx[lead + k], *d, "from").ir()?);
            }
            let x = s.array_load(src, &st, &from)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// NumPy's errors for negative reps, which make negative dimensions. NumPy repeats `A` one
    /// dimension at a time: a negative rep while the array so far has items is `np.repeat`'s
    /// error; once it is empty (an empty `A`, or a rep of 0 before), the final `reshape` to a
    /// shape with one unknown dimension, or more, raises its own.
    fn check_tile_reps(&mut self, out_shape: &[IntValue<'ctx>], n: IntValue<'ctx>) -> R<()> {
        let bool_t = self.cx().bool_type();
        let mut empty = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
            .ir()?;
        let mut repeat_fails = bool_t.const_zero();
        let mut negatives = self.i64(0);
        for d in out_shape {
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, *d, self.i64(0), "neg")
                .ir()?;
            let not_empty = self.b.build_not(empty, "notempty").ir()?;
            let fails = self.b.build_and(neg, not_empty, "fails").ir()?;
            repeat_fails = self.b.build_or(repeat_fails, fails, "fails").ir()?;
            let zero = self
                .b
                .build_int_compare(IntPredicate::EQ, *d, self.i64(0), "zero")
                .ir()?;
            empty = self.b.build_or(empty, zero, "empty").ir()?;
            let neg = self
                .b
                .build_int_z_extend(neg, self.cx().i64_type(), "neg")
                .ir()?;
            negatives = self.b.build_int_add(negatives, neg, "negs").ir()?;
        }
        let ok = self.b.build_not(repeat_fails, "ok").ir()?;
        self.check(ok, "ValueError", "negative dimensions are not allowed")?;
        let few = self
            .b
            .build_int_compare(IntPredicate::ULE, negatives, self.i64(1), "few")
            .ir()?;
        self.check(few, "ValueError", "can only specify one unknown dimension")?;
        // One negative dimension, at `k`: NumPy's message prints the shape with it as
        // `newaxis`, or without it where it leads.
        for k in 0..out_shape.len() {
            let fine = self
                .b
                .build_int_compare(IntPredicate::SGE, out_shape[k], self.i64(0), "fine")
                .ir()?;
            let others: Vec<IntValue<'ctx>> = (0..out_shape.len())
                .filter(|j| *j != k)
                .map(|j| out_shape[j])
                .collect();
            let mut parts: Vec<String> = (0..others.len()).map(|j| format!("{{{j}}}")).collect();
            if k > 0 {
                parts.insert(k, "newaxis".into());
            }
            let shape = if parts.len() == 1 && out_shape.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(","))
            };
            let msg = format!("cannot reshape array of size 0 into shape {shape}");
            self.check_formatted(fine, "ValueError", &msg, &others)?;
        }
        Ok(())
    }

    /// The counts of `repeats` for `n` items, checked as NumPy checks them: one count (a number,
    /// a 0-d array or an array of one) for every item, whose total must not be negative
    /// (`negative dimensions are not allowed`); or an array of `n` counts, none negative.
    fn repeat_counts(&mut self, repeats: &Arg<'ctx>, n: IntValue<'ctx>) -> R<Counts<'ctx>> {
        let (arr, at) = match &repeats.t {
            Type::Array(at) if at.ndim == 1 => (repeats.v.into_struct_value(), (**at).clone()),
            Type::Array(at) => {
                let r = self.array_load(repeats.v.into_struct_value(), at, &[])?;
                let r = self.cast(r, &at.dtype, &Type::I64)?.into_int_value();
                return self.same_count(r, n);
            }
            t => {
                let r = self.cast(repeats.v, t, &Type::I64)?.into_int_value();
                return self.same_count(r, n);
            }
        };
        let m = self.array_shape(arr, 0)?;
        let one = self
            .b
            .build_int_compare(IntPredicate::EQ, m, self.i64(1), "one")
            .ir()?;
        let fits = self
            .b
            .build_int_compare(IntPredicate::EQ, m, n, "fits")
            .ir()?;
        let ok = self.b.build_or(one, fits, "ok").ir()?;
        self.check_formatted(
            ok,
            "ValueError",
            "operands could not be broadcast together with shape ({0},) ({1},)",
            &[n, m],
        )?;
        let sum = self.alloca(self.cx().i64_type().into(), "sum")?;
        self.b.build_store(sum, self.i64(0)).ir()?;
        self.for_each_index(&[m], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
            let r = s.array_load(arr, &at, j)?;
            let r = s.cast(r, &at.dtype, &Type::I64)?.into_int_value();
            let fine =
                s.b.build_int_compare(IntPredicate::SGE, r, s.i64(0), "fine")
                    .ir()?;
            let fine = s.b.build_or(fine, one, "fine").ir()?;
            s.check(
                fine,
                "ValueError",
                "repeats may not contain negative values.",
            )?;
            let total = s.load_count(sum)?;
            let total = s.b.build_int_add(total, r, "total").ir()?;
            s.b.build_store(sum, total).ir()?;
            Ok(())
        })?;
        let sum = self.load_count(sum)?;
        // One count for all: `sum` is it.
        let spread = self.same_count(sum, n)?;
        let total = self
            .b
            .build_select(one, spread.total, sum, "total")
            .ir()?
            .into_int_value();
        Ok(Counts {
            total,
            each: Some((arr, at, one)),
            same: sum,
        })
    }

    /// `r` copies of each of `n` items: `n * r` in all, an error where that is negative.
    fn same_count(&mut self, r: IntValue<'ctx>, n: IntValue<'ctx>) -> R<Counts<'ctx>> {
        let total = self.b.build_int_mul(n, r, "total").ir()?;
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, total, self.i64(0), "ok")
            .ir()?;
        self.check(ok, "ValueError", "negative dimensions are not allowed")?;
        Ok(Counts {
            total,
            each: None,
            same: r,
        })
    }

    /// The number of copies of item `i`.
    fn count_at(&self, counts: &Counts<'ctx>, i: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let Some((arr, at, one)) = &counts.each else {
            return Ok(counts.same);
        };
        let j = self
            .b
            .build_select(*one, self.i64(0), i, "j")
            .ir()?
            .into_int_value();
        let r = self.array_load(*arr, at, &[j])?;
        Ok(self.cast(r, &at.dtype, &Type::I64)?.into_int_value())
    }

    fn load_count(&self, p: inkwell::values::PointerValue<'ctx>) -> R<IntValue<'ctx>> {
        Ok(self
            .b
            .build_load(self.cx().i64_type(), p, "n")
            .ir()?
            .into_int_value())
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
