//! `np.diff` and `np.searchsorted` (core's `registry/series.rs` types them): functions over the
//! items of an array taken in order along one axis.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, PointerValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::BinOp;
use oxjit_core::registry::series::search_dtype;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.diff(a, n, axis)`: NumPy's `a[1:] - a[:-1]` (`!=` for booleans) `n` times along
    /// `axis`, each time rounded (or wrapped) in `a`'s dtype; `a` itself when `n` is 0. A
    /// negative `n` is NumPy's `ValueError`.
    pub(super) fn lower_diff(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let axis = c
            .decoded
            .axis
            .map(usize::from)
            .ok_or_else(|| Diagnostic::internal("np.diff() is typed with an axis"))?;
        let n = self
            .cast(c.args[1].v, &c.args[1].t, &Type::I64)?
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, n, self.i64(0), "order")
            .ir()?;
        self.check_formatted(
            ok,
            "ValueError",
            "order must be non-negative but got {0}",
            &[n],
        )?;
        let zero = self
            .b
            .build_int_compare(IntPredicate::EQ, n, self.i64(0), "same")
            .ir()?;
        let same_bb = self.cx().append_basic_block(self.f, "diff.same");
        let new_bb = self.cx().append_basic_block(self.f, "diff.new");
        let end_bb = self.cx().append_basic_block(self.f, "diff.end");
        self.b
            .build_conditional_branch(zero, same_bb, new_bb)
            .ir()?;
        self.b.position_at_end(same_bb);
        // `a` itself (a copy where the result type could not say it is read-only).
        let same = if st.readonly {
            self.copy_of(src, &st, &rt)?
        } else {
            self.incref(src.into(), &c.args[0].t)?;
            src
        };
        let same_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(end_bb).ir()?;
        self.b.position_at_end(new_bb);
        let out = self.differences(src, &st, &rt, axis, n)?;
        let new_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(end_bb).ir()?;
        self.b.position_at_end(end_bb);
        let phi = self.b.build_phi(out.get_type(), "diff").ir()?;
        phi.add_incoming(&[(&same, same_end), (&out, new_end)]);
        Ok(phi.as_basic_value())
    }

    /// The `n`-th differences (`n` > 0) of `src` along `axis` in a new array laid out as
    /// `src`: each lane copied into a scratch row, differenced there in place `n` times (item
    /// `i` becomes `row[i + 1] - row[i]`, read before it is overwritten), then stored.
    fn differences(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
        axis: usize,
        n: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let shape = self.shape_values(src, st)?;
        let len = shape[axis];
        let kept = self.b.build_int_sub(len, n, "kept").ir()?;
        let kept = self.smax(kept, self.i64(0))?;
        // More than `len - 1` rounds leave nothing: do at most that many.
        let rounds = self.smin(n, len)?;
        let mut out_shape = shape.clone();
        out_shape[axis] = kept;
        let strides = self.array_strides(src, st)?;
        let out = self.new_array_keep_order(rt, &out_shape, &[(shape.clone(), strides)])?;
        let row_t = ArrayTy {
            dtype: st.dtype.clone(),
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        };
        let row = self.new_array(&row_t, &[len], false)?;
        let mut lanes = shape.clone();
        lanes.remove(axis);
        let dtype = st.dtype.clone();
        self.for_each_index(&lanes, &mut |s: &mut Self, lane: &[IntValue<'ctx>]| {
            let at = |i: IntValue<'ctx>| {
                let mut idx = lane.to_vec();
                idx.insert(axis, i);
                idx
            };
            s.for_each_index(&[len], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                let x = s.array_load(src, st, &at(i[0]))?;
                let p = s.element_ptr(row, &row_t, i)?;
                s.b.build_store(p, x).ir()?;
                Ok(())
            })?;
            s.for_each_index(&[rounds], &mut |s: &mut Self, r: &[IntValue<'ctx>]| {
                // Round `r` (from 0) leaves `len - 1 - r` items.
                let left = s.b.build_int_sub(len, r[0], "left").ir()?;
                let left = s.b.build_int_sub(left, s.i64(1), "left").ir()?;
                s.for_each_index(&[left], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                    let next = s.b.build_int_add(i[0], s.i64(1), "next").ir()?;
                    let hi = s.array_load(row, &row_t, &[next])?;
                    let lo = s.array_load(row, &row_t, i)?;
                    let d = s.difference(hi, lo, &dtype)?;
                    let p = s.element_ptr(row, &row_t, i)?;
                    s.b.build_store(p, d).ir()?;
                    Ok(())
                })
            })?;
            s.for_each_index(&[kept], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                let x = s.array_load(row, &row_t, i)?;
                let p = s.element_ptr(out, rt, &at(i[0]))?;
                s.b.build_store(p, x).ir()?;
                Ok(())
            })
        })?;
        self.decref(row.into(), &Type::Array(std::sync::Arc::new(row_t)))?;
        Ok(out)
    }

    /// `hi - lo` in `t` as NumPy's `subtract` (wrapping integers), `hi != lo` for booleans.
    pub(super) fn difference(
        &mut self,
        hi: BasicValueEnum<'ctx>,
        lo: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Bool => Ok(self
                .b
                .build_xor(hi.into_int_value(), lo.into_int_value(), "ne")
                .ir()?
                .into()),
            Type::Complex(_) => self.complex_binop(BinOp::Sub, hi, lo, t),
            _ => self.add_or_sub(hi, lo, t, false),
        }
    }

    /// `np.searchsorted(a, v, side)`: NumPy's `binsearch` (npysort/binsearch.cpp) step for
    /// step, so that the indices are NumPy's even where `a` is not sorted: the keys are taken
    /// in C order, and each search starts from the previous one's bounds where the keys rise.
    pub(super) fn lower_searchsorted(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_arg(&c.args[0]);
        let dt = search_dtype(&c.args[0].t, &c.args[1].t);
        let len = self.array_shape(arr, 0)?;
        let keys = self.key_search(len, &dt, c.decoded.side_right)?;
        let Type::Array(vt) = &c.args[1].t else {
            let key = self.cast(c.args[1].v, &c.args[1].t, &dt)?;
            let bounds = (keys.lo, keys.hi);
            return Ok(self.bisect(arr, &at, &dt, key, bounds, keys.right)?.into());
        };
        let vt = (**vt).clone();
        let varr = c.args[1].v.into_struct_value();
        let rt = result_array(c)?;
        let vshape = self.shape_values(varr, &vt)?;
        let out = self.new_array(&rt, &vshape, false)?;
        self.for_each_index(&vshape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let key = s.array_load(varr, &vt, idx)?;
            let key = s.cast(key, &vt.dtype, &dt)?;
            let k = s.search_next(&keys, arr, &at, key)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, k).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// The state of NumPy's `binsearch` over a run of keys in `len` sorted items compared in
    /// `dt`: the bounds, the previous key, and whether there was one.
    pub(super) fn key_search(
        &mut self,
        len: IntValue<'ctx>,
        dt: &Type,
        right: bool,
    ) -> R<KeySearch<'ctx>> {
        let i64t = self.cx().i64_type();
        let bool_t = self.cx().bool_type();
        let keys = KeySearch {
            lo: self.alloca(i64t.into(), "lo")?,
            hi: self.alloca(i64t.into(), "hi")?,
            last: self.alloca(self.llvm_type(dt), "last")?,
            first: self.alloca(bool_t.into(), "first")?,
            len,
            dt: dt.clone(),
            right,
        };
        self.b.build_store(keys.lo, self.i64(0)).ir()?;
        self.b.build_store(keys.hi, len).ir()?;
        self.b
            .build_store(keys.first, bool_t.const_int(1, false))
            .ir()?;
        Ok(keys)
    }

    /// Where the next `key` (in `dt`) goes in `arr`, as NumPy's `binsearch` finds it: each
    /// search starts from the previous one's bounds where the keys rise (which shows where
    /// `arr` is not sorted); `searchsorted` and `digitize` share it.
    pub(super) fn search_next(
        &mut self,
        keys: &KeySearch<'ctx>,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        key: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let (i64t, bool_t) = (self.cx().i64_type(), self.cx().bool_type());
        let (dt, len) = (&keys.dt, keys.len);
        let is_first = self.b.build_load(bool_t, keys.first, "isfirst").ir()?;
        let prev = self
            .b
            .build_load(self.llvm_type(dt), keys.last, "prev")
            .ir()?;
        let prev = self
            .b
            .build_select(is_first.into_int_value(), key, prev, "prev")
            .ir()?;
        self.b.build_store(keys.first, bool_t.const_zero()).ir()?;
        self.b.build_store(keys.last, key).ir()?;
        // Keys that rise keep the lower bound; otherwise the search starts again from 0, with
        // the previous upper bound one further (NumPy's order of updates).
        let rises = self.search_cmp(prev, key, dt, keys.right)?;
        let h = self.b.build_load(i64t, keys.hi, "h").ir()?.into_int_value();
        let h1 = self.b.build_int_add(h, self.i64(1), "h1").ir()?;
        let inside = self
            .b
            .build_int_compare(IntPredicate::SLT, h, len, "in")
            .ir()?;
        let grown = self.b.build_select(inside, h1, len, "grown").ir()?;
        let new_hi = self.b.build_select(rises, len.into(), grown, "hi").ir()?;
        let l = self.b.build_load(i64t, keys.lo, "l").ir()?;
        let new_lo = self
            .b
            .build_select(rises, l, self.i64(0).into(), "lo")
            .ir()?;
        self.b.build_store(keys.hi, new_hi).ir()?;
        self.b.build_store(keys.lo, new_lo).ir()?;
        self.bisect(arr, at, dt, key, (keys.lo, keys.hi), keys.right)
    }

    /// The binary search of `key` in `arr` between the bounds held in `lo` and `hi` (left
    /// there for the next key); the index where it goes.
    pub(super) fn bisect(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        dt: &Type,
        key: BasicValueEnum<'ctx>,
        (lo, hi): (PointerValue<'ctx>, PointerValue<'ctx>),
        right: bool,
    ) -> R<IntValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let header = self.cx().append_basic_block(self.f, "bisect.header");
        let body = self.cx().append_basic_block(self.f, "bisect.body");
        let exit = self.cx().append_basic_block(self.f, "bisect.exit");
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(header);
        let l = self.b.build_load(i64t, lo, "l").ir()?.into_int_value();
        let h = self.b.build_load(i64t, hi, "h").ir()?.into_int_value();
        let more = self
            .b
            .build_int_compare(IntPredicate::SLT, l, h, "more")
            .ir()?;
        self.b.build_conditional_branch(more, body, exit).ir()?;
        self.b.position_at_end(body);
        let span = self.b.build_int_sub(h, l, "span").ir()?;
        let half = self
            .b
            .build_right_shift(span, self.i64(1), false, "half")
            .ir()?;
        let mid = self.b.build_int_add(l, half, "mid").ir()?;
        let x = self.array_load(arr, at, &[mid])?;
        let x = self.cast(x, &at.dtype, dt)?;
        let go_right = self.search_cmp(x, key, dt, right)?;
        let mid1 = self.b.build_int_add(mid, self.i64(1), "mid1").ir()?;
        let new_lo = self.b.build_select(go_right, mid1, l, "lo").ir()?;
        let new_hi = self.b.build_select(go_right, h, mid, "hi").ir()?;
        self.b.build_store(lo, new_lo).ir()?;
        self.b.build_store(hi, new_hi).ir()?;
        self.b.build_unconditional_branch(header).ir()?;
        self.b.position_at_end(exit);
        Ok(self.b.build_load(i64t, lo, "found").ir()?.into_int_value())
    }

    /// NumPy's search comparison: `x < y` for side 'left', `!(y < x)` for 'right', with its
    /// `less` that sorts NaN last.
    pub(super) fn search_cmp(
        &mut self,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        t: &Type,
        right: bool,
    ) -> R<IntValue<'ctx>> {
        if right {
            let lt = self.numpy_less(y, x, t)?;
            self.b.build_not(lt, "le").ir()
        } else {
            self.numpy_less(x, y, t)
        }
    }

    /// NumPy's `Tag::less` for numbers: `a < b`, and for floats `b` NaN while `a` is not.
    fn numpy_less(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        match t {
            Type::Float(_) => {
                let (a, b) = (a.into_float_value(), b.into_float_value());
                let lt = self
                    .b
                    .build_float_compare(FloatPredicate::OLT, a, b, "lt")
                    .ir()?;
                let b_nan = self
                    .b
                    .build_float_compare(FloatPredicate::UNO, b, b, "bnan")
                    .ir()?;
                let a_num = self
                    .b
                    .build_float_compare(FloatPredicate::ORD, a, a, "anum")
                    .ir()?;
                let nan_last = self.b.build_and(b_nan, a_num, "nanlast").ir()?;
                self.b.build_or(lt, nan_last, "less").ir()
            }
            Type::Int(i) if i.signed => self
                .b
                .build_int_compare(
                    IntPredicate::SLT,
                    a.into_int_value(),
                    b.into_int_value(),
                    "lt",
                )
                .ir(),
            _ => self
                .b
                .build_int_compare(
                    IntPredicate::ULT,
                    a.into_int_value(),
                    b.into_int_value(),
                    "lt",
                )
                .ir(),
        }
    }
}

/// The table of `np.interp` (`xp`, `fp` as float64 on loading) and its values outside it.
struct Table<'ctx> {
    xp: (StructValue<'ctx>, ArrayTy),
    fp: (StructValue<'ctx>, ArrayTy),
    len: IntValue<'ctx>,
    left: FloatValue<'ctx>,
    right: FloatValue<'ctx>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.interp(x, xp, fp, left, right)`: NumPy's `arr_interp` (compiled_base.c) for each `x`
    /// in float64: its checks of the table, its choice of the interval (the last `xp[j] <= x`;
    /// `xp` increasing as NumPy requires), its formula and its retries where it gives NaN.
    pub(super) fn lower_interp(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let xp = self.array_arg(&c.args[1]);
        let fp = self.array_arg(&c.args[2]);
        let len = self.array_shape(xp.0, 0)?;
        let len_fp = self.array_shape(fp.0, 0)?;
        let some = self
            .b
            .build_int_compare(IntPredicate::NE, len, self.i64(0), "some")
            .ir()?;
        self.check(some, "ValueError", "array of sample points is empty")?;
        let same = self
            .b
            .build_int_compare(IntPredicate::EQ, len, len_fp, "same")
            .ir()?;
        self.check(same, "ValueError", "fp and xp are not of the same length.")?;
        let last = self.b.build_int_sub(len, self.i64(1), "last").ir()?;
        let mut ends = [self.i64(0), last].into_iter();
        let mut bound = |s: &mut Self, k: usize| -> R<FloatValue<'ctx>> {
            let at = ends.next().expect("two ends");
            match &c.args[k].t {
                Type::NoneType => s.load_f64(&fp, at),
                t => Ok(s.cast(c.args[k].v, t, &Type::F64)?.into_float_value()),
            }
        };
        let left = bound(self, 3)?;
        let right = bound(self, 4)?;
        let table = Table {
            xp,
            fp,
            len,
            left,
            right,
        };
        let Type::Array(xt) = &c.args[0].t else {
            let x = self.cast(c.args[0].v, &c.args[0].t, &Type::F64)?;
            return Ok(self.interp_one(&table, x.into_float_value())?.into());
        };
        let xt = (**xt).clone();
        let xa = c.args[0].v.into_struct_value();
        let rt = result_array(c)?;
        let shape = self.shape_values(xa, &xt)?;
        let out = self.new_array(&rt, &shape, false)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(xa, &xt, idx)?;
            let x = s.cast(x, &xt.dtype, &Type::F64)?.into_float_value();
            let y = s.interp_one(&table, x)?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, y).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// Item `i` of a 1-d array as float64.
    fn load_f64(
        &mut self,
        (arr, at): &(StructValue<'ctx>, ArrayTy),
        i: IntValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        let x = self.array_load(*arr, at, &[i])?;
        Ok(self.cast(x, &at.dtype, &Type::F64)?.into_float_value())
    }

    /// One interpolated value, branch for branch as NumPy computes it.
    fn interp_one(&mut self, t: &Table<'ctx>, x: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let f64t = self.cx().f64_type();
        let result = self.alloca(f64t.into(), "interp")?;
        let done = self.cx().append_basic_block(self.f, "interp.done");
        let x0 = self.load_f64(&t.xp, self.i64(0))?;
        let last = self.b.build_int_sub(t.len, self.i64(1), "last").ir()?;
        let xn = self.load_f64(&t.xp, last)?;
        // One point: left of it, right of it, or its value (NaN included).
        let single = self
            .b
            .build_int_compare(IntPredicate::EQ, t.len, self.i64(1), "single")
            .ir()?;
        let below = self
            .b
            .build_float_compare(FloatPredicate::OLT, x, x0, "below")
            .ir()?;
        let above = self
            .b
            .build_float_compare(FloatPredicate::OGT, x, xn, "above")
            .ir()?;
        let fp0 = self.load_f64(&t.fp, self.i64(0))?;
        let one = self
            .b
            .build_select(above, t.right, fp0, "one")
            .ir()?
            .into_float_value();
        let one = self
            .b
            .build_select(below, t.left, one, "one")
            .ir()?
            .into_float_value();
        let is_nan = self
            .b
            .build_float_compare(FloatPredicate::UNO, x, x, "nan")
            .ir()?;
        // Several points: NaN is itself, then the ends, then inside the table.
        let outside = self
            .b
            .build_select(above, t.right, x, "out")
            .ir()?
            .into_float_value();
        let outside = self
            .b
            .build_select(below, t.left, outside, "out")
            .ir()?
            .into_float_value();
        let early = self.b.build_or(is_nan, below, "early").ir()?;
        let early = self.b.build_or(early, above, "early").ir()?;
        let early_value = self.b.build_select(single, one, outside, "early").ir()?;
        self.b.build_store(result, early_value).ir()?;
        let stop = self.b.build_or(single, early, "stop").ir()?;
        let inside = self.cx().append_basic_block(self.f, "interp.inside");
        self.b.build_conditional_branch(stop, done, inside).ir()?;
        self.b.position_at_end(inside);
        let y = self.interp_inside(t, x, last)?;
        self.b.build_store(result, y).ir()?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(self
            .b
            .build_load(f64t, result, "interp")
            .ir()?
            .into_float_value())
    }

    /// `x` within `[xp[0], xp[-1]]` (at least two points): the interval `j` (the last with
    /// `xp[j] <= x`); `fp[j]` at the last point or where `xp[j] == x`; else the line through the
    /// interval's ends from the left one, or from the right one where that gives NaN, or `fp[j]`
    /// where both do and the ends' values are equal.
    fn interp_inside(
        &mut self,
        t: &Table<'ctx>,
        x: FloatValue<'ctx>,
        last: IntValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        let i64t = self.cx().i64_type();
        let lo = self.alloca(i64t.into(), "lo")?;
        let hi = self.alloca(i64t.into(), "hi")?;
        self.b.build_store(lo, self.i64(0)).ir()?;
        self.b.build_store(hi, t.len).ir()?;
        let (xa, xt) = &t.xp;
        let after = self.bisect(*xa, xt, &Type::F64, x.into(), (lo, hi), true)?;
        let j = self.b.build_int_sub(after, self.i64(1), "j").ir()?;
        // Only an `xp` out of order could leave `j` at -1: keep the reads inside it.
        let j = self.smax(j, self.i64(0))?;
        let j1 = self.b.build_int_add(j, self.i64(1), "j1").ir()?;
        let j1 = self.smin(j1, last)?;
        let (xj, xj1) = (self.load_f64(&t.xp, j)?, self.load_f64(&t.xp, j1)?);
        let (yj, yj1) = (self.load_f64(&t.fp, j)?, self.load_f64(&t.fp, j1)?);
        let b = &self.b;
        let dy = b.build_float_sub(yj1, yj, "dy").ir()?;
        let dx = b.build_float_sub(xj1, xj, "dx").ir()?;
        let slope = b.build_float_div(dy, dx, "slope").ir()?;
        let from_left = b.build_float_sub(x, xj, "fromleft").ir()?;
        let y = b.build_float_mul(slope, from_left, "y").ir()?;
        let y = b.build_float_add(y, yj, "y").ir()?;
        let from_right = b.build_float_sub(x, xj1, "fromright").ir()?;
        let y2 = b.build_float_mul(slope, from_right, "y2").ir()?;
        let y2 = b.build_float_add(y2, yj1, "y2").ir()?;
        let nan1 = b
            .build_float_compare(FloatPredicate::UNO, y, y, "nan1")
            .ir()?;
        let nan2 = b
            .build_float_compare(FloatPredicate::UNO, y2, y2, "nan2")
            .ir()?;
        let flat = b
            .build_float_compare(FloatPredicate::OEQ, yj, yj1, "flat")
            .ir()?;
        let both = b.build_and(nan2, flat, "both").ir()?;
        let retry = b
            .build_select(both, yj, y2, "retry")
            .ir()?
            .into_float_value();
        let line = b
            .build_select(nan1, retry, y, "line")
            .ir()?
            .into_float_value();
        let at_last = b
            .build_int_compare(IntPredicate::EQ, j, last, "atlast")
            .ir()?;
        let on_point = b
            .build_float_compare(FloatPredicate::OEQ, xj, x, "onpoint")
            .ir()?;
        let exact = b.build_or(at_last, on_point, "exact").ir()?;
        Ok(b.build_select(exact, yj, line, "y")
            .ir()?
            .into_float_value())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.bincount(x, weights, minlength)`: NumPy's `arr_bincount` (compiled_base.c): its
    /// checks in its order (`minlength`, then negative items, then the weights' length, which
    /// an empty `x` skips), a zeroed result of `max(max(x) + 1, minlength)` items, and the
    /// counts (or the weights, added in `x`'s order) accumulated into it.
    pub(super) fn lower_bincount(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (xa, xt) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let i64t = self.cx().i64_type();
        let minlength = self
            .cast(c.args[2].v, &c.args[2].t, &Type::I64)?
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, minlength, self.i64(0), "minlen")
            .ir()?;
        self.check(ok, "ValueError", "'minlength' must not be negative")?;
        let n = self.array_shape(xa, 0)?;
        let lo = self.alloca(i64t.into(), "min")?;
        let hi = self.alloca(i64t.into(), "max")?;
        self.b.build_store(lo, self.i64(0)).ir()?;
        self.b.build_store(hi, self.i64(-1)).ir()?;
        let item = |s: &mut Self, i: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            let v = s.array_load(xa, &xt, &[i])?;
            Ok(s.cast(v, &xt.dtype, &Type::I64)?.into_int_value())
        };
        self.for_each_index(&[n], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let v = item(s, i[0])?;
            let l = s.b.build_load(i64t, lo, "l").ir()?.into_int_value();
            let h = s.b.build_load(i64t, hi, "h").ir()?.into_int_value();
            let l = s.smin(l, v)?;
            let h = s.smax(h, v)?;
            s.b.build_store(lo, l).ir()?;
            s.b.build_store(hi, h).ir()?;
            Ok(())
        })?;
        let l = self.b.build_load(i64t, lo, "l").ir()?.into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, l, self.i64(0), "nonneg")
            .ir()?;
        self.check(
            ok,
            "ValueError",
            "'list' argument must have no negative elements",
        )?;
        let weights = match &c.args[1].t {
            Type::NoneType => None,
            _ => {
                let w = self.array_arg(&c.args[1]);
                let len_w = self.array_shape(w.0, 0)?;
                let same = self
                    .b
                    .build_int_compare(IntPredicate::EQ, len_w, n, "same")
                    .ir()?;
                let empty = self
                    .b
                    .build_int_compare(IntPredicate::EQ, n, self.i64(0), "empty")
                    .ir()?;
                let ok = self.b.build_or(same, empty, "ok").ir()?;
                self.check(
                    ok,
                    "ValueError",
                    "The weights and list don't have the same length.",
                )?;
                Some(w)
            }
        };
        let h = self.b.build_load(i64t, hi, "h").ir()?.into_int_value();
        let h1 = self.b.build_int_add(h, self.i64(1), "h1").ir()?;
        let size = self.smax(h1, minlength)?;
        let out = self.new_array(&rt, &[size], true)?;
        self.for_each_index(&[n], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let k = item(s, i[0])?;
            let p = s.element_ptr(out, &rt, &[k])?;
            let old = s.b.build_load(s.llvm_type(&rt.dtype), p, "old").ir()?;
            let new: BasicValueEnum = match &weights {
                None => {
                    s.b.build_int_add(old.into_int_value(), s.i64(1), "count")
                        .ir()?
                        .into()
                }
                Some(w) => {
                    let wi = s.load_f64(w, i[0])?;
                    s.b.build_float_add(old.into_float_value(), wi, "sum")
                        .ir()?
                        .into()
                }
            };
            s.b.build_store(p, new).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }
}

/// NumPy's `binsearch` state over a run of keys ([`FnGen::key_search`]).
pub(super) struct KeySearch<'ctx> {
    lo: PointerValue<'ctx>,
    hi: PointerValue<'ctx>,
    last: PointerValue<'ctx>,
    first: PointerValue<'ctx>,
    len: IntValue<'ctx>,
    dt: Type,
    right: bool,
}
