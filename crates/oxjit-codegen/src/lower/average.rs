//! `np.average` (core's `registry/average.rs` types it), computed as NumPy computes it, with
//! the reductions NumPy's code calls: without weights `a.mean(axis)`; with weights
//! `scl = w.sum(axis, dtype)`, NumPy's `ZeroDivisionError` where a sum of weights is 0, then
//! `np.multiply(a, w, dtype).sum(axis) / scl`, each sum rounded as NumPy's (`reduce_call`).

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::registry::ReduceOp;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.average(a, axis, weights)`.
    pub(super) fn lower_average(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        if c.args[2].t == Type::NoneType {
            let mean = oxjit_core::registry::average::mean_arguments(c.args);
            return self.reduce_call(ReduceOp::Mean, &mean, c.decoded, c.result);
        }
        let (a, at) = self.array_arg(&c.args[0]);
        let (w, wt) = self.array_arg(&c.args[2]);
        let axis = c.decoded.axis.map(usize::from);
        let dtype = match c.result {
            Type::Array(rt) => rt.dtype.clone(),
            t => t.clone(),
        };
        self.check_weights(a, &at, w, &wt, axis)?;
        // The sum of the weights: over the same axis, or all of a 1-d `w` along it.
        let whole = wt.ndim != at.ndim;
        let (scl_t, scl_axis) = if whole {
            (dtype.clone(), None)
        } else {
            (c.result.clone(), c.decoded.axis)
        };
        let along = Decoded {
            axis: scl_axis,
            ..Decoded::default()
        };
        let scl = self.reduce_call(ReduceOp::Sum, &c.args[2..3], &along, &scl_t)?;
        self.check_weight_sums(scl, &scl_t)?;
        let prod = self.weighted(a, &at, w, &wt, axis, &dtype)?;
        let prod_t = Type::Array(prod.1.clone().into());
        let prod_arg = Arg {
            v: prod.0.into(),
            t: prod_t.clone(),
            c: None,
            src: None,
        };
        let sums = self.reduce_call(ReduceOp::Sum, &[prod_arg], c.decoded, c.result)?;
        self.decref(prod.0.into(), &prod_t)?;
        let avg = self.divide_by(sums, c.result, scl, &scl_t)?;
        if matches!(scl_t, Type::Array(_)) {
            self.decref(scl, &scl_t)?;
        }
        Ok(avg)
    }

    /// NumPy's checks of the weights' shape: `a`'s, or (1-d) the length of `a` along `axis`.
    fn check_weights(
        &mut self,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        w: StructValue<'ctx>,
        wt: &ArrayTy,
        axis: Option<usize>,
    ) -> R<()> {
        let sa = self.shape_values(a, at)?;
        let sw = self.shape_values(w, wt)?;
        let mut same = self.cx().bool_type().const_int(1, false);
        if sa.len() == sw.len() {
            for (x, y) in sa.iter().zip(&sw) {
                let eq = self
                    .b
                    .build_int_compare(IntPredicate::EQ, *x, *y, "same")
                    .ir()?;
                same = self.b.build_and(same, eq, "same").ir()?;
            }
        } else {
            same = self.cx().bool_type().const_zero();
        }
        let Some(k) = axis else {
            let msg = "Axis must be specified when shapes of a and weights differ.";
            return self.check(same, "TypeError", msg);
        };
        let along = if sw.len() == 1 {
            self.b
                .build_int_compare(IntPredicate::EQ, sw[0], sa[k], "along")
                .ir()?
        } else {
            self.cx().bool_type().const_zero()
        };
        let ok = self.b.build_or(same, along, "ok").ir()?;
        let msg = "Shape of weights must be consistent with shape of a along specified axis.";
        self.check(ok, "ValueError", msg)
    }

    /// NumPy's `ZeroDivisionError` where a sum of the weights is 0 (a new array of sums is
    /// released first).
    fn check_weight_sums(&mut self, scl: BasicValueEnum<'ctx>, t: &Type) -> R<()> {
        let zero_found = match t {
            Type::Array(st) => {
                let (arr, st) = (scl.into_struct_value(), (**st).clone());
                let flag = self.alloca(self.cx().bool_type().into(), "zero")?;
                self.b
                    .build_store(flag, self.cx().bool_type().const_zero())
                    .ir()?;
                let shape = self.shape_values(arr, &st)?;
                self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let x = s.array_load(arr, &st, idx)?;
                    let z = s.is_zero(x)?;
                    let old =
                        s.b.build_load(s.cx().bool_type(), flag, "old")
                            .ir()?
                            .into_int_value();
                    let any = s.b.build_or(old, z, "any").ir()?;
                    s.b.build_store(flag, any).ir()?;
                    Ok(())
                })?;
                self.b
                    .build_load(self.cx().bool_type(), flag, "zero")
                    .ir()?
                    .into_int_value()
            }
            _ => self.is_zero(scl)?,
        };
        let fail = self.cx().append_basic_block(self.f, "zero_weights");
        let cont = self.cx().append_basic_block(self.f, "weights_ok");
        let br = self
            .b
            .build_conditional_branch(zero_found, fail, cont)
            .ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        if matches!(t, Type::Array(_)) {
            self.decref(scl, t)?;
        }
        self.raise(
            "ZeroDivisionError",
            "Weights sum to zero, can't be normalized",
            None,
        )?;
        self.b.position_at_end(cont);
        Ok(())
    }

    fn is_zero(&self, x: BasicValueEnum<'ctx>) -> R<IntValue<'ctx>> {
        let x = x.into_float_value();
        self.b
            .build_float_compare(FloatPredicate::OEQ, x, x.get_type().const_zero(), "iszero")
            .ir()
    }

    /// `np.multiply(a, w, dtype=dtype)`, `w` along `axis` where it is 1-d and `a` is not: a new
    /// array laid out as NumPy's (`order='K'` of the operands).
    fn weighted(
        &mut self,
        a: StructValue<'ctx>,
        at: &ArrayTy,
        w: StructValue<'ctx>,
        wt: &ArrayTy,
        axis: Option<usize>,
        dtype: &Type,
    ) -> R<(StructValue<'ctx>, ArrayTy)> {
        let shape = self.shape_values(a, at)?;
        let along = (wt.ndim != at.ndim).then(|| axis.unwrap_or(0));
        let mut orders = vec![(shape.clone(), self.array_strides(a, at)?)];
        if along.is_none() {
            orders.push((shape.clone(), self.array_strides(w, wt)?));
        }
        // As typing has it (`registry/average.rs`): NumPy's `order='K'` of both operands.
        let layout = if along.is_none() {
            let operands = [
                Type::Array(at.clone().into()),
                Type::Array(wt.clone().into()),
            ];
            oxjit_core::registry::results::keep_order_layout(&[&operands[0], &operands[1]])
        } else {
            at.layout
        };
        let pt = ArrayTy {
            dtype: dtype.clone(),
            ndim: at.ndim,
            layout,
            readonly: false,
        };
        let out = self.new_array_keep_order(&pt, &shape, &orders)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(a, at, idx)?;
            let y = match along {
                Some(k) => s.array_load(w, wt, &[idx[k]])?,
                None => s.array_load(w, wt, idx)?,
            };
            let x = s.numpy_cast(x, &at.dtype, dtype)?.into_float_value();
            let y = s.numpy_cast(y, &wt.dtype, dtype)?.into_float_value();
            let p = s.b.build_float_mul(x, y, "wx").ir()?;
            let at_p = s.element_ptr(out, &pt, idx)?;
            s.b.build_store(at_p, p).ir()?;
            Ok(())
        })?;
        Ok((out, pt))
    }

    /// `sums / scl`: numbers, or arrays (of the same shape, or by one number), into `result`.
    fn divide_by(
        &mut self,
        sums: BasicValueEnum<'ctx>,
        result: &Type,
        scl: BasicValueEnum<'ctx>,
        scl_t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            let q = self
                .b
                .build_float_div(sums.into_float_value(), scl.into_float_value(), "avg");
            return Ok(q.ir()?.into());
        };
        // The sums' array is new: divided where it is.
        let (arr, rt) = (sums.into_struct_value(), (**rt).clone());
        let shape = self.shape_values(arr, &rt)?;
        let scl_arr = match scl_t {
            Type::Array(st) => Some((scl.into_struct_value(), (**st).clone())),
            _ => None,
        };
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(arr, &rt, idx)?.into_float_value();
            let d = match &scl_arr {
                Some((sa, st)) => s.array_load(*sa, st, idx)?,
                None => scl,
            };
            let q = s.b.build_float_div(x, d.into_float_value(), "avg").ir()?;
            let p = s.element_ptr(arr, &rt, idx)?;
            s.b.build_store(p, q).ir()?;
            Ok(())
        })?;
        Ok(arr.into())
    }
}
