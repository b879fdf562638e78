//! `np.count_nonzero(a)` and `np.array_equal(a1, a2, equal_nan)` (core's
//! `registry/counting.rs` types them): one pass over the items, a number out.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::ir::CmpOp;
use oxjit_core::registry::ReduceOp;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{unify, Type};

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.count_nonzero(a)`: the items whose truth is true (NaN counts, -0.0 does not).
    pub(super) fn lower_count_nonzero(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        if let Some(axes) = &c.decoded.axes {
            return self.count_nonzero_axes(c, axes, c.decoded.keepdims);
        }
        let (src, st) = self.array_arg(&c.args[0]);
        let i64t = self.cx().i64_type();
        let count = self.alloca(i64t.into(), "count")?;
        self.b.build_store(count, self.i64(0)).ir()?;
        let shape = self.shape_values(src, &st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, &st, idx)?;
            let t = s.truth(x, &st.dtype)?;
            let one = s.b.build_int_z_extend(t, i64t, "one").ir()?;
            let n = s.b.build_load(i64t, count, "n").ir()?.into_int_value();
            let n = s.b.build_int_add(n, one, "n").ir()?;
            s.b.build_store(count, n).ir()?;
            Ok(())
        })?;
        self.b.build_load(i64t, count, "count").ir()
    }

    /// `np.count_nonzero(a, axis=...)`: a zeroed array of counts, each item of `a` adding its
    /// truth to the count its indices off `axes` select (kept as 0 with `keepdims`).
    fn count_nonzero_axes(
        &mut self,
        c: &CallCx<'_, 'ctx>,
        axes: &[u8],
        keepdims: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = super::creation::result_array(c)?;
        let shape = self.shape_values(src, &st)?;
        let strides = self.array_strides(src, &st)?;
        let counted = |k: usize| axes.contains(&(k as u8));
        // The result's shape, and the array's strides over its axes (for its memory order).
        let (mut out_shape, mut order) = (Vec::new(), Vec::new());
        for (k, (&n, &stride)) in shape.iter().zip(&strides).enumerate() {
            if !counted(k) {
                out_shape.push(n);
                order.push(stride);
            } else if keepdims {
                out_shape.push(self.i64(1));
                order.push(self.i64(0));
            }
        }
        let out = self.new_array_keep_order(&rt, &out_shape, &[(out_shape.clone(), order)])?;
        let i64t = self.cx().i64_type();
        self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, s.i64(0)).ir()?;
            Ok(())
        })?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut at = Vec::new();
            for (k, &i) in idx.iter().enumerate() {
                if !counted(k) {
                    at.push(i);
                } else if keepdims {
                    at.push(s.i64(0));
                }
            }
            let x = s.array_load(src, &st, idx)?;
            let t = s.truth(x, &st.dtype)?;
            let one = s.b.build_int_z_extend(t, i64t, "one").ir()?;
            let p = s.element_ptr(out, &rt, &at)?;
            let n = s.b.build_load(i64t, p, "n").ir()?.into_int_value();
            let n = s.b.build_int_add(n, one, "n").ir()?;
            s.b.build_store(p, n).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.array_equal(a1, a2, equal_nan)`: the same shape and every pair of items equal as
    /// NumPy's `==` compares them (integers exactly, else in their common dtype), NaN equal to
    /// NaN where `equal_nan` (complex: either part NaN, as NumPy's `isnan`).
    pub(super) fn lower_array_equal(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(&c.args[0]);
        let (b, bt) = self.array_arg(&c.args[1]);
        let bool_t = self.cx().bool_type();
        if at.ndim != bt.ndim {
            return Ok(bool_t.const_zero().into());
        }
        let equal_nan = self.truth(c.args[2].v, &c.args[2].t)?;
        let sa = self.shape_values(a, &at)?;
        let sb = self.shape_values(b, &bt)?;
        let mut same = bool_t.const_int(1, false);
        for (x, y) in sa.iter().zip(&sb) {
            let eq = self
                .b
                .build_int_compare(IntPredicate::EQ, *x, *y, "dim")
                .ir()?;
            same = self.b.build_and(same, eq, "same").ir()?;
        }
        let all = self.alloca(bool_t.into(), "all")?;
        self.b.build_store(all, same).ir()?;
        // Items are read only where the shapes agree: otherwise the loop has no iterations.
        let mut extents = sa.clone();
        if let Some(first) = extents.first_mut() {
            *first = self
                .b
                .build_select(same, *first, self.i64(0), "extent")
                .ir()?
                .into_int_value();
        }
        let common = unify(&at.dtype, &bt.dtype).unwrap_or(Type::F64);
        let exact = at.dtype.is_integer_like() && bt.dtype.is_integer_like();
        self.for_each_index(&extents, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(a, &at, idx)?;
            let y = s.array_load(b, &bt, idx)?;
            let eq = if exact {
                s.compare_values(CmpOp::Eq, x, &at.dtype, y, &bt.dtype)?
            } else {
                let x = s.cast(x, &at.dtype, &common)?;
                let y = s.cast(y, &bt.dtype, &common)?;
                let eq = s.compare_values(CmpOp::Eq, x, &common, y, &common)?;
                let nx = s.nan_item(x, &common)?;
                let ny = s.nan_item(y, &common)?;
                let both = s.b.build_and(nx, ny, "bothnan").ir()?;
                let both = s.b.build_and(both, equal_nan, "nanequal").ir()?;
                s.b.build_or(eq, both, "eq").ir()?
            };
            let so_far = s.b.build_load(bool_t, all, "sofar").ir()?.into_int_value();
            let so_far = s.b.build_and(so_far, eq, "all").ir()?;
            s.b.build_store(all, so_far).ir()?;
            Ok(())
        })?;
        self.b.build_load(bool_t, all, "equal").ir()
    }

    /// `key in a`: whether any item equals `key` as NumPy's `a == key` compares them (integers
    /// exactly, else in their common type; NaN equals nothing).
    pub(super) fn lower_array_contains(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(&c.args[0]);
        let (key, kt) = (c.args[1].v, c.args[1].t.clone());
        let bool_t = self.cx().bool_type();
        let found = self.alloca(bool_t.into(), "found")?;
        self.b.build_store(found, bool_t.const_zero()).ir()?;
        let exact = at.dtype.is_integer_like() && kt.is_integer_like();
        let common = unify(&at.dtype, &kt).unwrap_or(Type::F64);
        let key_common = if exact {
            key
        } else {
            self.cast(key, &kt, &common)?
        };
        let shape = self.shape_values(a, &at)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(a, &at, idx)?;
            let eq = if exact {
                s.compare_values(CmpOp::Eq, x, &at.dtype, key_common, &kt)?
            } else {
                let x = s.cast(x, &at.dtype, &common)?;
                s.compare_values(CmpOp::Eq, x, &common, key_common, &common)?
            };
            let so_far =
                s.b.build_load(bool_t, found, "sofar")
                    .ir()?
                    .into_int_value();
            let so_far = s.b.build_or(so_far, eq, "found").ir()?;
            s.b.build_store(found, so_far).ir()?;
            Ok(())
        })?;
        self.b.build_load(bool_t, found, "contains").ir()
    }

    /// NumPy's `isnan` of a float or complex number (either part).
    fn nan_item(&mut self, x: BasicValueEnum<'ctx>, t: &Type) -> R<IntValue<'ctx>> {
        let uno = |s: &Self, v: BasicValueEnum<'ctx>| {
            let v = v.into_float_value();
            s.b.build_float_compare(FloatPredicate::UNO, v, v, "nan")
                .ir()
        };
        match t {
            Type::Float(_) => uno(self, x),
            Type::Complex(_) => {
                let (re, im) = self.complex_parts(x)?;
                let (a, b) = (uno(self, re.into())?, uno(self, im.into())?);
                self.b.build_or(a, b, "nan").ir()
            }
            _ => Ok(self.cx().bool_type().const_zero()),
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.ptp(a)`: NumPy's `maximum.reduce(a) - minimum.reduce(a)` (the maximum first: an empty
    /// array is its error), subtracted in `a`'s dtype.
    pub(super) fn lower_ptp(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let whole = Decoded::default();
        let hi = self.reduce_call(ReduceOp::Max, &c.args[0..1], &whole, c.result)?;
        let lo = self.reduce_call(ReduceOp::Min, &c.args[0..1], &whole, c.result)?;
        self.difference(hi, lo, c.result)
    }
}
