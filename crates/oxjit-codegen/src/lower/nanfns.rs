//! The reductions that skip NaNs (core's `registry/nanfns.rs` types them), as NumPy's
//! `lib/_nanfunctions_impl.py` computes them on float arrays: a copy of the array in its
//! memory order with the NaNs replaced (0 for sums and means, 1 for products), reduced by the
//! reduction NumPy calls (`reduce_call`, so the sums round as NumPy's); the mean and variance
//! divided by the count of numbers in float64 and rounded back; `nanmax`/`nanmin` as
//! `np.fmax.reduce`/`np.fmin.reduce`; `nanargmax`/`nanargmin` over NaNs replaced by `-inf`/`inf`
//! after NumPy's all-NaN check. Arrays of integers hold no NaN: the reduction itself.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, PointerValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::callee::NpFn;
use oxjit_core::registry::nanfns::{has_nans, reduction};
use oxjit_core::registry::{ArrayFn, ReduceOp};
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::creation::array_fn;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Every `np.nan*` reduction.
    pub(super) fn lower_nanfn(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let f = array_fn(c)?;
        let op = reduction(f);
        let (src, st) = self.array_arg(&c.args[0]);
        let whole = c.args[1].t == Type::NoneType;
        match f {
            ArrayFn::Nanmax | ArrayFn::Nanmin if whole => self.nan_extreme(f, src, &st),
            _ if !has_nans(&st.dtype) => self.reduce_call(op, c.args, c.decoded, c.result),
            ArrayFn::Nanargmax | ArrayFn::Nanargmin => self.nan_arg_extreme(f, src, &st),
            ArrayFn::Nansum | ArrayFn::Nancumsum => self.reduce_replaced(op, src, &st, 0.0, c),
            ArrayFn::Nanprod | ArrayFn::Nancumprod => self.reduce_replaced(op, src, &st, 1.0, c),
            ArrayFn::Nanmean if matches!(st.dtype, Type::Complex(_)) => {
                let (tmp, tt, count) = self.replaced_copy(src, &st, 0.0)?;
                let arg = self.flat_view(tmp, &tt)?;
                let dt = st.dtype.clone();
                let total = self.reduce_call(ReduceOp::Sum, &[arg], &Decoded::default(), &dt)?;
                self.decref(tmp.into(), &tt)?;
                self.complex_divide_by_count(total, count, &dt)
            }
            ArrayFn::Nanmean => {
                let (tmp, tt, count) = self.replaced_copy(src, &st, 0.0)?;
                let total = self.whole_sum(tmp, &tt)?;
                self.decref(tmp.into(), &tt)?;
                Ok(self.divide_by_count(total, count)?.into())
            }
            _ if matches!(st.dtype, Type::Complex(_)) => self.complex_nan_moments(f, c, src, &st),
            _ => self.nan_moments(f, c, src, &st),
        }
    }

    /// The sum, product or cumulative one of a copy of `src` with its NaNs replaced by `fill`.
    fn reduce_replaced(
        &mut self,
        op: ReduceOp,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        fill: f64,
        c: &CallCx<'_, 'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let (tmp, tt, _) = self.replaced_copy(src, st, fill)?;
        // A whole sum or product runs over the copy's memory (see `whole_sum`); cumulative
        // ones over its items in C order.
        let arg = if matches!(op, ReduceOp::Sum | ReduceOp::Prod) {
            self.flat_view(tmp, &tt)?
        } else {
            Arg {
                v: tmp.into(),
                t: tt.clone(),
                c: None,
                src: None,
            }
        };
        let r = self.reduce_call(op, &[arg], &Decoded::default(), c.result)?;
        self.decref(tmp.into(), &tt)?;
        Ok(r)
    }

    /// A new array laid out as `src` (NumPy's `np.array(a, copy=True)`) with its NaNs replaced
    /// by `fill`, its type, and how many items are not NaN.
    fn replaced_copy(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        fill: f64,
    ) -> R<(StructValue<'ctx>, Type, IntValue<'ctx>)> {
        let tt = ArrayTy {
            readonly: false,
            ..st.clone()
        };
        let tmp = self.new_like(src, st, &tt)?;
        let i64t = self.cx().i64_type();
        let count = self.alloca(i64t.into(), "count")?;
        self.b.build_store(count, self.i64(0)).ir()?;
        let shape = self.shape_values(src, st)?;
        let dtype = st.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let (nan, fill) = s.nan_and_fill(x, &dtype, fill)?;
            let y = s.b.build_select(nan, fill, x, "replaced").ir()?;
            let p = s.element_ptr(tmp, &tt, idx)?;
            s.b.build_store(p, y).ir()?;
            s.add_unless(count, nan)?;
            Ok(())
        })?;
        let n = self
            .b
            .build_load(i64t, count, "count")
            .ir()?
            .into_int_value();
        Ok((tmp, Type::Array(tt.into()), n))
    }

    /// Whether the float or complex item `x` is NaN (a complex one where either part is), and
    /// `fill` in its type (`fill + 0j` for complex items, as NumPy's `a[mask] = fill`).
    fn nan_and_fill(
        &self,
        x: BasicValueEnum<'ctx>,
        t: &Type,
        fill: f64,
    ) -> R<(IntValue<'ctx>, BasicValueEnum<'ctx>)> {
        if !matches!(t, Type::Complex(_)) {
            let x = x.into_float_value();
            return Ok((self.is_nan(x)?, x.get_type().const_float(fill).into()));
        }
        let (re, _) = self.complex_parts(x)?;
        let ft = re.get_type();
        let fill = self.make_complex(ft.const_float(fill).into(), ft.const_float(0.0).into(), t)?;
        Ok((self.complex_has_nan(x)?, fill.into()))
    }

    /// NumPy's `_divide_by_count` of a complex sum: `total / count` as NumPy's scalar division
    /// of a complex by an integer (the count made a complex of float64, Smith's algorithm of
    /// the `divide` loop with a zero imaginary part), rounded back to the sum's type.
    fn complex_divide_by_count(
        &mut self,
        total: BasicValueEnum<'ctx>,
        count: IntValue<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        let (re, im) = self.complex_parts(total)?;
        let part_t = re.get_type();
        let b = &self.b;
        let (re, im) = if part_t == f64t {
            (re, im)
        } else {
            (
                b.build_float_ext(re, f64t, "re").ir()?,
                b.build_float_ext(im, f64t, "im").ir()?,
            )
        };
        let n = b.build_signed_int_to_float(count, f64t, "count").ir()?;
        let zero = f64t.const_zero();
        // in2r = n, in2i = 0: |n| >= 0, so rat = 0 / n and scl = 1 / (n + 0 * rat); a zero
        // count divides each part by zero (NumPy's branch for a zero divisor).
        let rat = b.build_float_div(zero, n, "rat").ir()?;
        let den = b.build_float_mul(zero, rat, "den").ir()?;
        let den = b.build_float_add(n, den, "den").ir()?;
        let scl = b.build_float_div(f64t.const_float(1.0), den, "scl").ir()?;
        let re_rat = b.build_float_mul(im, rat, "irat").ir()?;
        let q_re = b.build_float_add(re, re_rat, "qre").ir()?;
        let q_re = b.build_float_mul(q_re, scl, "qre").ir()?;
        let im_rat = b.build_float_mul(re, rat, "rrat").ir()?;
        let q_im = b.build_float_sub(im, im_rat, "qim").ir()?;
        let q_im = b.build_float_mul(q_im, scl, "qim").ir()?;
        let by_zero = b
            .build_float_compare(FloatPredicate::OEQ, n, zero, "byzero")
            .ir()?;
        let z_re = b.build_float_div(re, zero, "zre").ir()?;
        let z_im = b.build_float_div(im, zero, "zim").ir()?;
        let q_re = b.build_select(by_zero, z_re, q_re, "re").ir()?;
        let q_im = b.build_select(by_zero, z_im, q_im, "im").ir()?;
        let (q_re, q_im) = if part_t == f64t {
            (q_re, q_im)
        } else {
            (
                b.build_float_trunc(q_re.into_float_value(), part_t, "re")
                    .ir()?
                    .into(),
                b.build_float_trunc(q_im.into_float_value(), part_t, "im")
                    .ir()?
                    .into(),
            )
        };
        Ok(self.make_complex(q_re, q_im, t)?.into())
    }

    /// `*count += 1` unless `skip`.
    fn add_unless(&mut self, count: PointerValue<'ctx>, skip: IntValue<'ctx>) -> R<()> {
        let i64t = self.cx().i64_type();
        let keep = self.b.build_not(skip, "keep").ir()?;
        let one = self.b.build_int_z_extend(keep, i64t, "one").ir()?;
        let n = self.b.build_load(i64t, count, "n").ir()?.into_int_value();
        let n = self.b.build_int_add(n, one, "n").ir()?;
        self.b.build_store(count, n).ir()?;
        Ok(())
    }

    /// A 1-d view of the whole block of a dense array made by `replaced_copy`: NumPy reduces
    /// such a copy as one run over its memory, whatever its order.
    fn flat_view(&mut self, arr: StructValue<'ctx>, t: &Type) -> R<Arg<'ctx>> {
        let Type::Array(at) = t else {
            unreachable!("an array")
        };
        let n = self.array_size(arr, at)?;
        let flat_t = ArrayTy {
            ndim: 1,
            layout: oxjit_core::types::Layout::C,
            ..(**at).clone()
        };
        let itemsize = self.i64(oxjit_core::types::size_align(&at.dtype).0 as i64);
        let data = crate::models::array::ArrayValue(arr).data(&self.b)?;
        let flat = self.view_of(arr, &flat_t, data, &[n], &[itemsize])?;
        Ok(Arg {
            v: flat.into(),
            t: Type::Array(flat_t.into()),
            c: None,
            src: None,
        })
    }

    /// `np.sum` of a whole float array made by `replaced_copy`, as NumPy rounds it.
    fn whole_sum(&mut self, arr: StructValue<'ctx>, t: &Type) -> R<FloatValue<'ctx>> {
        let Type::Array(at) = t else {
            unreachable!("an array")
        };
        let arg = self.flat_view(arr, t)?;
        let total = self.reduce_call(ReduceOp::Sum, &[arg], &Decoded::default(), &at.dtype)?;
        Ok(total.into_float_value())
    }

    /// NumPy's `_divide_by_count`: `x / count` in float64 (a float32 and an intp make a
    /// float64 division), rounded back to `x`'s type.
    fn divide_by_count(
        &mut self,
        x: FloatValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        let f64t = self.cx().f64_type();
        let wide = self.b.build_float_ext(x, f64t, "wide").ir()?;
        let n = self
            .b
            .build_signed_int_to_float(count, f64t, "count")
            .ir()?;
        let q = self.b.build_float_div(wide, n, "quotient").ir()?;
        self.b.build_float_trunc(q, x.get_type(), "back").ir()
    }

    /// `np.nanvar`/`np.nanstd` of a float array: NumPy's steps (the mean of the numbers, the
    /// squared deviations with 0 for each NaN, their sum divided by `count - ddof`; NaN where
    /// that is not positive).
    fn nan_moments(
        &mut self,
        f: ArrayFn,
        c: &CallCx<'_, 'ctx>,
        src: StructValue<'ctx>,
        st: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let (tmp, tt, count) = self.replaced_copy(src, st, 0.0)?;
        let Type::Array(tat) = &tt else {
            unreachable!("an array")
        };
        let tat = (**tat).clone();
        let total = self.whole_sum(tmp, &tt)?;
        let avg = self.divide_by_count(total, count)?;
        let shape = self.shape_values(src, st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?.into_float_value();
            let nan = s.is_nan(x)?;
            let d = s.b.build_float_sub(x, avg, "dev").ir()?;
            let d =
                s.b.build_select(nan, x.get_type().const_zero(), d, "dev")
                    .ir()?
                    .into_float_value();
            let sq = s.b.build_float_mul(d, d, "sq").ir()?;
            let p = s.element_ptr(tmp, &tat, idx)?;
            s.b.build_store(p, sq).ir()?;
            Ok(())
        })?;
        let var = self.whole_sum(tmp, &tt)?;
        self.decref(tmp.into(), &tt)?;
        self.finish_moments(f, c, var, count)
    }

    /// `np.nanvar`/`np.nanstd` of a complex array, as NumPy's steps: the complex mean of the
    /// numbers (`complex_divide_by_count`), the deviations with 0 for each NaN, the real part
    /// of each times its conjugate (`re*re - im*(-im)` in the parts' type, as NumPy's
    /// SIMD multiply loop computes it: `mul_add`), their sum divided by `count - ddof`; a float result.
    fn complex_nan_moments(
        &mut self,
        f: ArrayFn,
        c: &CallCx<'_, 'ctx>,
        src: StructValue<'ctx>,
        st: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let (tmp, tt, count) = self.replaced_copy(src, st, 0.0)?;
        let arg = self.flat_view(tmp, &tt)?;
        let dt = st.dtype.clone();
        let total = self.reduce_call(ReduceOp::Sum, &[arg], &Decoded::default(), &dt)?;
        self.decref(tmp.into(), &tt)?;
        let avg = self.complex_divide_by_count(total, count, &dt)?;
        let (avg_re, avg_im) = self.complex_parts(avg)?;
        let Type::Complex(bits) = dt else {
            unreachable!("a complex array")
        };
        let sq_at = ArrayTy {
            dtype: Type::Float(bits / 2),
            readonly: false,
            ..st.clone()
        };
        let sq_t = Type::Array(sq_at.clone().into());
        let squares = self.new_like(src, st, &sq_at)?;
        let shape = self.shape_values(src, st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let nan = s.complex_has_nan(x)?;
            let (re, im) = s.complex_parts(x)?;
            let b = &s.b;
            let d_re = b.build_float_sub(re, avg_re, "dre").ir()?;
            let d_im = b.build_float_sub(im, avg_im, "dim").ir()?;
            let neg_im = b.build_float_neg(d_im, "conj").ir()?;
            let ii = b.build_float_mul(d_im, neg_im, "ii").ir()?;
            let minus_ii = b.build_float_neg(ii, "mii").ir()?;
            // NumPy's complex multiply loop: re*re - im*(-im), fused where the CPU has FMA.
            let sq = s.mul_add(d_re, d_re, minus_ii)?;
            let zero = re.get_type().const_zero();
            let sq = s.b.build_select(nan, zero, sq, "sq").ir()?;
            let p = s.element_ptr(squares, &sq_at, idx)?;
            s.b.build_store(p, sq).ir()?;
            Ok(())
        })?;
        let var = self.whole_sum(squares, &sq_t)?;
        self.decref(squares.into(), &sq_t)?;
        self.finish_moments(f, c, var, count)
    }

    /// The end of `nanvar`/`nanstd`: the sum of squares divided by `count - ddof` (NaN where
    /// that is not positive), its square root for `nanstd`.
    fn finish_moments(
        &mut self,
        f: ArrayFn,
        c: &CallCx<'_, 'ctx>,
        var: FloatValue<'ctx>,
        count: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        // `ddof` is the reduction's fifth parameter (a, axis, dtype, out, ddof, keepdims).
        let ddof = self
            .cast(c.args[4].v, &c.args[4].t, &Type::I64)?
            .into_int_value();
        let dof = self.b.build_int_sub(count, ddof, "dof").ir()?;
        let var = self.divide_by_count(var, dof)?;
        let bad = self
            .b
            .build_int_compare(IntPredicate::SLE, dof, self.i64(0), "bad")
            .ir()?;
        let nan = var.get_type().const_float(f64::NAN);
        let var = self
            .b
            .build_select(bad, nan, var, "var")
            .ir()?
            .into_float_value();
        if f == ArrayFn::Nanstd {
            return self.call_intrinsic("llvm.sqrt", &[var.get_type().into()], &[var.into()]);
        }
        Ok(var.into())
    }

    /// `np.nanmax`/`np.nanmin` of a whole array: `np.fmax.reduce`/`np.fmin.reduce` (NaN only
    /// where every item is NaN; NumPy's `ValueError` for an empty array).
    fn nan_extreme(
        &mut self,
        f: ArrayFn,
        src: StructValue<'ctx>,
        st: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let (ufunc, name) = if f == ArrayFn::Nanmax {
            (NpFn::Fmax, "fmax")
        } else {
            (NpFn::Fmin, "fmin")
        };
        let size = self.array_size(src, st)?;
        let some = self
            .b
            .build_int_compare(IntPredicate::SGT, size, self.i64(0), "some")
            .ir()?;
        let msg = format!("zero-size array to reduction operation {name} which has no identity");
        self.check(some, "ValueError", &msg)?;
        let t = st.dtype.clone();
        let acc = self.alloca(self.llvm_type(&t), "acc")?;
        let first = self.array_load(src, st, &vec![self.i64(0); st.ndim as usize])?;
        self.b.build_store(acc, first).ir()?;
        let shape = self.shape_values(src, st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let a = s.b.build_load(s.llvm_type(&t), acc, "acc").ir()?;
            let r = if matches!(t, Type::Complex(_)) {
                // NumPy's complex fmax/fmin loop: the accumulator stays where the item has a
                // NaN part or CGE(acc, x) (CLE for fmin) holds.
                let x_nan = s.complex_has_nan(x)?;
                let keeps = s.complex_keeps(f == ArrayFn::Nanmax, a, x)?;
                let stays = s.b.build_or(x_nan, keeps, "stays").ir()?;
                s.b.build_select(stays, a, x, "fextreme").ir()?
            } else {
                let types = [t.clone(), t.clone()];
                s.numpy(ufunc, &[a, x], &types, &t)?
            };
            s.b.build_store(acc, r).ir()?;
            Ok(())
        })?;
        self.b.build_load(self.llvm_type(&t), acc, "extreme").ir()
    }

    /// `np.nanargmax`/`np.nanargmin`: NumPy's `ValueError` where every item is NaN (or the
    /// array is empty), else the first index of the largest (smallest) item in C order, NaNs
    /// counting as `-inf` (`inf`); for complex arrays, an item with a NaN part counts as
    /// `-inf+0j` (`inf+0j`) and the rest compare lexicographically (`CDOUBLE_argmax`: the
    /// first of equal items).
    fn nan_arg_extreme(
        &mut self,
        f: ArrayFn,
        src: StructValue<'ctx>,
        st: &ArrayTy,
    ) -> R<BasicValueEnum<'ctx>> {
        let max = f == ArrayFn::Nanargmax;
        let size = self.array_size(src, st)?;
        let some = self
            .b
            .build_int_compare(IntPredicate::SGT, size, self.i64(0), "some")
            .ir()?;
        let msg = if max {
            "attempt to get argmax of an empty sequence"
        } else {
            "attempt to get argmin of an empty sequence"
        };
        let t = st.dtype.clone();
        let item_t = self.llvm_type(&t);
        let complex = matches!(t, Type::Complex(_));
        let i64t = self.cx().i64_type();
        let numbers = self.alloca(i64t.into(), "numbers")?;
        let best = self.alloca(item_t, "best")?;
        let best_i = self.alloca(i64t.into(), "besti")?;
        let flat = self.alloca(i64t.into(), "flat")?;
        for p in [numbers, best_i, flat] {
            self.b.build_store(p, self.i64(0)).ir()?;
        }
        let fill = if max {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        // A float's best starts as NaN, which every first item beats (unordered compares);
        // a complex item is better on its first index.
        let start: BasicValueEnum = if complex {
            item_t.const_zero()
        } else {
            item_t.into_float_type().const_float(f64::NAN).into()
        };
        self.b.build_store(best, start).ir()?;
        let shape = self.shape_values(src, st)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let (nan, filler) = if complex {
                s.nan_and_fill(x, &t, fill)?
            } else {
                let nan = s.is_nan(x.into_float_value())?;
                (nan, item_t.into_float_type().const_float(fill).into())
            };
            s.add_unless(numbers, nan)?;
            let x = s.b.build_select(nan, filler, x, "x").ir()?;
            let i = s.b.build_load(i64t, flat, "i").ir()?.into_int_value();
            let b = s.b.build_load(item_t, best, "b").ir()?;
            // The first item, then each one strictly beyond the best so far.
            let better = if complex {
                s.complex_beyond(max, x, b, i)?
            } else {
                let pred = if max {
                    FloatPredicate::UGT
                } else {
                    FloatPredicate::ULT
                };
                s.b.build_float_compare(pred, x.into_float_value(), b.into_float_value(), "better")
                    .ir()?
            };
            let b2 = s.b.build_select(better, x, b, "b").ir()?;
            s.b.build_store(best, b2).ir()?;
            let bi = s.b.build_load(i64t, best_i, "bi").ir()?;
            let bi = s.b.build_select(better, i.into(), bi, "bi").ir()?;
            s.b.build_store(best_i, bi).ir()?;
            let next = s.b.build_int_add(i, s.i64(1), "next").ir()?;
            s.b.build_store(flat, next).ir()?;
            Ok(())
        })?;
        let n = self.b.build_load(i64t, numbers, "n").ir()?.into_int_value();
        let any = self
            .b
            .build_int_compare(IntPredicate::SGT, n, self.i64(0), "any")
            .ir()?;
        let empty = self.b.build_not(some, "empty").ir()?;
        let fine = self.b.build_or(any, empty, "fine").ir()?;
        self.check(fine, "ValueError", "All-NaN slice encountered")?;
        self.check(some, "ValueError", msg)?;
        self.b.build_load(i64t, best_i, "arg").ir()
    }

    /// Whether the complex `x` (the `i`-th item) is beyond the best `b` so far: lexicographically
    /// greater (less, for `max` false), or the first item.
    fn complex_beyond(
        &mut self,
        max: bool,
        x: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        i: IntValue<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let pred = if max {
            FloatPredicate::OGT
        } else {
            FloatPredicate::OLT
        };
        let (xr, xi) = self.complex_parts(x)?;
        let (br, bi) = self.complex_parts(b)?;
        let b = &self.b;
        let ahead = b.build_float_compare(pred, xr, br, "ahead").ir()?;
        let same = b
            .build_float_compare(FloatPredicate::OEQ, xr, br, "same")
            .ir()?;
        let im_ahead = b.build_float_compare(pred, xi, bi, "imahead").ir()?;
        let tie = b.build_and(same, im_ahead, "tie").ir()?;
        let better = b.build_or(ahead, tie, "better").ir()?;
        let first = b
            .build_int_compare(IntPredicate::EQ, i, self.i64(0), "first")
            .ir()?;
        self.b.build_or(better, first, "better").ir()
    }
}
