//! `np.flatnonzero`, `np.argwhere`, `np.ediff1d`, `np.digitize` and `np.rot90` (core's
//! `registry/indices.rs` types them).

use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::series::search_dtype;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// What `each_nonzero` calls at each true item: its flat index and its index tuple.
type NonzeroVisitor<'f, 'a, 'ctx> =
    dyn FnMut(&mut FnGen<'a, 'ctx>, IntValue<'ctx>, &[IntValue<'ctx>]) -> R<()> + 'f;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Visits the items of `src` in C order with their flat index, counting the true ones
    /// into `count` and calling `f` on each (with the flat index and the index tuple).
    fn each_nonzero(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        count: PointerValue<'ctx>,
        f: &mut NonzeroVisitor<'_, 'a, 'ctx>,
    ) -> R<()> {
        let i64t = self.cx().i64_type();
        self.b.build_store(count, self.i64(0)).ir()?;
        let shape = self.shape_values(src, st)?;
        let flat = self.alloca(i64t.into(), "flat")?;
        self.b.build_store(flat, self.i64(0)).ir()?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let t = s.truth(x, &st.dtype)?;
            let i = s.b.build_load(i64t, flat, "i").ir()?.into_int_value();
            let yes = s.cx().append_basic_block(s.f, "nonzero.yes");
            let next = s.cx().append_basic_block(s.f, "nonzero.next");
            s.b.build_conditional_branch(t, yes, next).ir()?;
            s.b.position_at_end(yes);
            f(s, i, idx)?;
            let n = s.b.build_load(i64t, count, "n").ir()?.into_int_value();
            let n = s.b.build_int_add(n, s.i64(1), "n").ir()?;
            s.b.build_store(count, n).ir()?;
            s.b.build_unconditional_branch(next).ir()?;
            s.b.position_at_end(next);
            let i1 = s.b.build_int_add(i, s.i64(1), "i1").ir()?;
            s.b.build_store(flat, i1).ir()?;
            Ok(())
        })
    }

    /// `np.flatnonzero(a)`: the flat (C order) indices of the true items.
    pub(super) fn lower_flatnonzero(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let i64t = self.cx().i64_type();
        let count = self.alloca(i64t.into(), "count")?;
        self.each_nonzero(src, &st, count, &mut |_, _, _| Ok(()))?;
        let n = self.b.build_load(i64t, count, "n").ir()?.into_int_value();
        let out = self.new_array(&rt, &[n], false)?;
        self.each_nonzero(src, &st, count, &mut |s, i, _| {
            let k = s.b.build_load(i64t, count, "k").ir()?.into_int_value();
            let p = s.element_ptr(out, &rt, &[k])?;
            s.b.build_store(p, i).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.argwhere(a)`: the index tuples of the true items, one row each, in an F-ordered
    /// array (NumPy's `transpose(nonzero(a))`).
    pub(super) fn lower_argwhere(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let i64t = self.cx().i64_type();
        let count = self.alloca(i64t.into(), "count")?;
        self.each_nonzero(src, &st, count, &mut |_, _, _| Ok(()))?;
        let n = self.b.build_load(i64t, count, "n").ir()?.into_int_value();
        let ndim = self.i64(st.ndim as i64);
        let out = self.new_array(&rt, &[n, ndim], false)?;
        self.each_nonzero(src, &st, count, &mut |s, _, idx| {
            let row = s.b.build_load(i64t, count, "row").ir()?.into_int_value();
            for (k, &i) in idx.iter().enumerate() {
                let p = s.element_ptr(out, &rt, &[row, s.i64(k as i64)])?;
                s.b.build_store(p, i).ir()?;
            }
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.ediff1d(ary)`: the differences of consecutive items of `ary` flattened in C order,
    /// in its dtype (integers wrap).
    pub(super) fn lower_ediff1d(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let i64t = self.cx().i64_type();
        let size = self.array_size(src, &st)?;
        let len = self.b.build_int_sub(size, self.i64(1), "len").ir()?;
        let len = self.smax(len, self.i64(0))?;
        let out = self.new_array(&rt, &[len], false)?;
        let prev = self.alloca(self.llvm_type(&st.dtype), "prev")?;
        let flat = self.alloca(i64t.into(), "flat")?;
        self.b.build_store(flat, self.i64(0)).ir()?;
        let shape = self.shape_values(src, &st)?;
        let dtype = st.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, &st, idx)?;
            let i = s.b.build_load(i64t, flat, "i").ir()?.into_int_value();
            let later =
                s.b.build_int_compare(IntPredicate::SGT, i, s.i64(0), "later")
                    .ir()?;
            let yes = s.cx().append_basic_block(s.f, "ediff.store");
            let next = s.cx().append_basic_block(s.f, "ediff.next");
            s.b.build_conditional_branch(later, yes, next).ir()?;
            s.b.position_at_end(yes);
            let p_val = s.b.build_load(s.llvm_type(&dtype), prev, "p").ir()?;
            let d = s.difference(x, p_val, &dtype)?;
            let k = s.b.build_int_sub(i, s.i64(1), "k").ir()?;
            let p = s.element_ptr(out, &rt, &[k])?;
            s.b.build_store(p, d).ir()?;
            s.b.build_unconditional_branch(next).ir()?;
            s.b.position_at_end(next);
            s.b.build_store(prev, x).ir()?;
            let i1 = s.b.build_int_add(i, s.i64(1), "i1").ir()?;
            s.b.build_store(flat, i1).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.digitize(x, bins, right)`: NumPy's check that the bins are monotonic (in float64),
    /// then `searchsorted(bins, x, side)` for rising bins, `len(bins) - searchsorted(bins[::-1],
    /// x, side)` for falling ones, with `side` 'right' unless `right`.
    pub(super) fn lower_digitize(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (bins, bt) = self.array_arg(&c.args[1]);
        let side_right = c.decoded.side_right;
        let len = self.array_shape(bins, 0)?;
        // The edges as contiguous float64, for NumPy's monotonicity check.
        let ft = ArrayTy {
            dtype: Type::F64,
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        };
        let edges = self.copy_of(bins, &bt, &ft)?;
        let data = ArrayValue(edges).data(&self.b)?;
        let mono = self
            .call_runtime(RuntimeFn::Monotonicity, &[data.into(), len.into()])?
            .expect("a status")
            .into_int_value();
        self.decref(edges.into(), &Type::Array(ft.into()))?;
        let i32t = self.cx().i32_type();
        let ok = self
            .b
            .build_int_compare(IntPredicate::NE, mono, i32t.const_zero(), "mono")
            .ir()?;
        self.check(
            ok,
            "ValueError",
            "bins must be monotonically increasing or decreasing",
        )?;
        let falling = self
            .b
            .build_int_compare(IntPredicate::EQ, mono, i32t.const_all_ones(), "falling")
            .ir()?;
        // The bins, reversed where they fall (a view: the last item first).
        let at = ArrayTy {
            layout: Layout::A,
            ..bt.clone()
        };
        let stride = self.array_strides(bins, &bt)?[0];
        let bdata = ArrayValue(bins).data(&self.b)?;
        let last = self.b.build_int_sub(len, self.i64(1), "last").ir()?;
        let last = self.smax(last, self.i64(0))?;
        let offset = self.b.build_int_mul(last, stride, "offset").ir()?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the last
        // item of the bins (the first where there is none: nothing is read then).
        let rdata = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), bdata, &[offset], "rev")
        }
        .ir()?;
        let neg = self.b.build_int_neg(stride, "neg").ir()?;
        let fwd = self.view_of(bins, &at, bdata, &[len], &[stride])?;
        let rev = self.view_of(bins, &at, rdata, &[len], &[neg])?;
        let view = self
            .b
            .build_select(falling, rev, fwd, "bins")
            .ir()?
            .into_struct_value();
        let dt = search_dtype(&c.args[1].t, &c.args[0].t);
        // NumPy's binsearch, as `searchsorted`'s (`search_next`).
        let keys = self.key_search(len, &dt, side_right)?;
        let place = |s: &mut Self, x: BasicValueEnum<'ctx>, xt: &Type| -> R<IntValue<'ctx>> {
            let key = s.cast(x, xt, &dt)?;
            let i = s.search_next(&keys, view, &at, key)?;
            let back = s.b.build_int_sub(len, i, "back").ir()?;
            Ok(s.b
                .build_select(falling, back, i, "bin")
                .ir()?
                .into_int_value())
        };
        let Type::Array(xt) = &c.args[0].t else {
            let xt = c.args[0].t.clone();
            return Ok(place(self, c.args[0].v, &xt)?.into());
        };
        let xt = (**xt).clone();
        let x = c.args[0].v.into_struct_value();
        let rt = result_array(c)?;
        let shape = self.shape_values(x, &xt)?;
        let out = self.new_array(&rt, &shape, false)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let v = s.array_load(x, &xt, idx)?;
            let b = place(s, v, &xt.dtype)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, b).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.rot90(m, k, axes)`: NumPy's views for `k % 4` (chosen at run time): `m[:]`, the
    /// second axis reversed then the two exchanged, both reversed, or the first reversed then
    /// the two exchanged.
    pub(super) fn lower_rot90(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let (Some(a0), Some(a1)) = (c.decoded.axis, c.decoded.axis2) else {
            return Err(Diagnostic::internal("np.rot90() is typed with two axes"));
        };
        let (a0, a1) = (usize::from(a0), usize::from(a1));
        let k = self
            .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
            .into_int_value();
        // Python's k % 4 (from 0 to 3 for negative k too).
        let r = self.b.build_int_signed_rem(k, self.i64(4), "r").ir()?;
        let r4 = self.b.build_int_add(r, self.i64(4), "r4").ir()?;
        let r = self.b.build_int_signed_rem(r4, self.i64(4), "k4").ir()?;
        let is = |s: &Self, v: i64| {
            s.b.build_int_compare(IntPredicate::EQ, r, s.i64(v), "is")
                .ir()
        };
        let (k1, k2, k3) = (is(self, 1)?, is(self, 2)?, is(self, 3)?);
        let flip0 = self.b.build_or(k2, k3, "flip0").ir()?;
        let flip1 = self.b.build_or(k1, k2, "flip1").ir()?;
        let swap = self.b.build_or(k1, k3, "swap").ir()?;
        let mut shape = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        let mut offset = self.i64(0);
        for (axis, flip) in [(a0, flip0), (a1, flip1)] {
            let last = self
                .b
                .build_int_sub(shape[axis], self.i64(1), "last")
                .ir()?;
            let last = self.smax(last, self.i64(0))?;
            let term = self.b.build_int_mul(last, strides[axis], "term").ir()?;
            let term = self.b.build_select(flip, term, self.i64(0), "term").ir()?;
            offset = self
                .b
                .build_int_add(offset, term.into_int_value(), "offset")
                .ir()?;
            let neg = self.b.build_int_neg(strides[axis], "neg").ir()?;
            strides[axis] = self
                .b
                .build_select(flip, neg, strides[axis], "stride")
                .ir()?
                .into_int_value();
        }
        let pick = |s: &Self, v: &[IntValue<'ctx>], x: usize, y: usize| -> R<IntValue<'ctx>> {
            Ok(s.b
                .build_select(swap, v[y], v[x], "swapped")
                .ir()?
                .into_int_value())
        };
        let (s0, s1) = (pick(self, &shape, a0, a1)?, pick(self, &shape, a1, a0)?);
        let (t0, t1) = (pick(self, &strides, a0, a1)?, pick(self, &strides, a1, a0)?);
        (shape[a0], shape[a1], strides[a0], strides[a1]) = (s0, s1, t0, t1);
        let data = ArrayValue(src).data(&self.b)?;
        // SAFETY: inkwell's GEPs are unsafe for out-of-bounds indices; the offset is that of the
        // last item along the reversed axes, inside the array's data (0 where an axis is empty).
        let data = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "rotated")
        }
        .ir()?;
        let view = self.view_of(src, &rt, data, &shape, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }
}
