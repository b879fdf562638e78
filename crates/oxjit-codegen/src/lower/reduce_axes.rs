//! Reductions over a tuple of axes (`np.sum(a, axis=(1, 2))`, core's `registry::reduce` types
//! them): one axis at a time, the last first (as Numba does), each step a reduction along one
//! axis into a new array; `mean` sums so and divides by the count of the items reduced;
//! `std`/`var` take NumPy's `_var` steps over those sums (the mean, the squared deviations, their
//! sum divided by `max(n - ddof, 0)`).
//!
//! NumPy reduces all the axes in one pass of its iterator, so float sums may round differently
//! in the last bits; integer results, `min`/`max`/`all`/`any` are NumPy's exactly.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::ReduceOp;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `op` over `axes` (sorted, more than one, fewer than all) of `arr`; `keepdims` puts them
    /// back with length 1.
    pub(super) fn reduce_axes(
        &mut self,
        op: ReduceOp,
        (arr, at): (StructValue<'ctx>, &ArrayTy),
        axes: &[u8],
        keepdims: bool,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal(
                "a reduction over some axes makes an array",
            ));
        };
        let step_op = if op == ReduceOp::Mean {
            ReduceOp::Sum
        } else {
            op
        };
        let plain_t = ArrayTy {
            ndim: at.ndim - axes.len() as u8,
            ..(**rt).clone()
        };
        let shape = self.shape_values(arr, at)?;
        let mut cur = (arr, at.clone());
        for (n, &k) in axes.iter().rev().enumerate() {
            let next_t = ArrayTy {
                ndim: cur.1.ndim - 1,
                ..plain_t.clone()
            };
            let owned = n > 0;
            if owned {
                // Freed if the step raises (an empty `max`).
                self.extra_live
                    .push((cur.0.into(), Type::Array(cur.1.clone().into())));
            }
            let next = self.reduce_axis(step_op, cur.0, &cur.1, usize::from(k), &next_t);
            if owned {
                self.extra_live.pop();
            }
            let next = next?;
            if owned {
                self.decref(cur.0.into(), &Type::Array(cur.1.clone().into()))?;
            }
            cur = (next, next_t);
        }
        let (out, out_t) = cur;
        if op == ReduceOp::Mean {
            let count = axes.iter().try_fold(self.i64(1), |n, &k| {
                self.b.build_int_mul(n, shape[usize::from(k)], "count").ir()
            })?;
            self.divide_each(out, &out_t, count)?;
        }
        if !keepdims {
            return Ok(out.into());
        }
        // The reduced axes put back with length 1 (never stepped along); the same block.
        let mut kshape = self.shape_values(out, &out_t)?;
        let mut kstrides = self.array_strides(out, &out_t)?;
        let itemsize = self.i64(size_align(&rt.dtype).0 as i64);
        for &k in axes {
            kshape.insert(usize::from(k), self.i64(1));
            kstrides.insert(usize::from(k), itemsize);
        }
        let meminfo = self.b.build_extract_value(out, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(out, 1, "data").ir()?;
        Ok(self
            .build_array(rt, meminfo, data, &kshape, &kstrides)?
            .into())
    }

    /// `np.var`/`np.std` over `axes` (sorted, more than one, fewer than all), as NumPy's `_var`:
    /// the mean over the axes, the squared deviations from it in a new array (in `arr`'s memory
    /// order), their sum over the axes divided by `max(n - ddof, 0)` in float64; `std` its root.
    pub(super) fn variance_axes(
        &mut self,
        op: ReduceOp,
        (arr, at): (StructValue<'ctx>, &ArrayTy),
        axes: &[u8],
        ddof: IntValue<'ctx>,
        keepdims: bool,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            return Err(Diagnostic::internal(
                "a variance over some axes makes an array",
            ));
        };
        let ft = rt.dtype.clone();
        let mean_t = ArrayTy {
            dtype: ft.clone(),
            ndim: at.ndim - axes.len() as u8,
            layout: Layout::C,
            readonly: false,
        };
        let mean_type = Type::Array(mean_t.clone().into());
        let mean = self
            .reduce_axes(ReduceOp::Mean, (arr, at), axes, false, &mean_type)?
            .into_struct_value();
        self.extra_live.push((mean.into(), mean_type.clone()));
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let dev_t = ArrayTy {
            dtype: ft.clone(),
            ndim: at.ndim,
            layout: at.layout,
            readonly: false,
        };
        let dev_type = Type::Array(dev_t.clone().into());
        let dev = self.new_array_keep_order(&dev_t, &shape, &[(shape.clone(), strides)])?;
        self.extra_live.push((dev.into(), dev_type.clone()));
        let dtype = at.dtype.clone();
        let kept: Vec<usize> = (0..usize::from(at.ndim))
            .filter(|k| !axes.contains(&(*k as u8)))
            .collect();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(arr, at, idx)?;
            let x = s.cast(x, &dtype, &ft)?.into_float_value();
            let midx: Vec<_> = kept.iter().map(|&k| idx[k]).collect();
            let m = s.array_load(mean, &mean_t, &midx)?.into_float_value();
            let d = s.b.build_float_sub(x, m, "dev").ir()?;
            let sq = s.b.build_float_mul(d, d, "sq").ir()?;
            let p = s.element_ptr(dev, &dev_t, idx)?;
            s.b.build_store(p, sq).ir()?;
            Ok(())
        })?;
        let sums = self
            .reduce_axes(ReduceOp::Sum, (dev, &dev_t), axes, keepdims, result)?
            .into_struct_value();
        let count = axes.iter().try_fold(self.i64(1), |n, &k| {
            self.b.build_int_mul(n, shape[usize::from(k)], "count").ir()
        })?;
        let dof = self.b.build_int_sub(count, ddof, "dof").ir()?;
        let dof = self.smax(dof, self.i64(0))?;
        // NumPy divides by an intp count: in float64, rounded to the result's type after.
        let dof = self
            .cast(dof.into(), &Type::I64, &Type::F64)?
            .into_float_value();
        let out_shape = self.shape_values(sums, rt)?;
        self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(sums, rt, idx)?;
            let total = s.b.build_load(s.llvm_type(&ft), p, "total").ir()?;
            let total = s.cast(total, &ft, &Type::F64)?.into_float_value();
            let var = s.b.build_float_div(total, dof, "var").ir()?;
            let mut v = s.cast(var.into(), &Type::F64, &ft)?;
            if op == ReduceOp::Std {
                v = s.call_intrinsic("llvm.sqrt", &[s.llvm_type(&ft)], &[v.into()])?;
            }
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        self.extra_live.pop();
        self.decref(dev.into(), &dev_type)?;
        self.extra_live.pop();
        self.decref(mean.into(), &mean_type)?;
        Ok(sums.into())
    }

    /// Each item of the float array `out` divided by `count` (a mean's last step), in place.
    fn divide_each(
        &mut self,
        out: StructValue<'ctx>,
        out_t: &ArrayTy,
        count: IntValue<'ctx>,
    ) -> R<()> {
        let t = out_t.dtype.clone();
        let count = self.cast(count.into(), &Type::I64, &t)?.into_float_value();
        let shape = self.shape_values(out, out_t)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(out, out_t, idx)?;
            let x = s.b.build_load(s.llvm_type(&t), p, "sum").ir()?;
            let q =
                s.b.build_float_div(x.into_float_value(), count, "mean")
                    .ir()?;
            s.b.build_store(p, q).ir()?;
            Ok(())
        })
    }
}
