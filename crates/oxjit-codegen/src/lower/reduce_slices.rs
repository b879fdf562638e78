//! Sums and means along an axis that is not innermost in memory (`a.sum(axis=0)` of a C array),
//! as NumPy runs them: the results start at 0 and each slice across the axis is added to them in
//! turn, a whole slice at a time. Each result still adds its items in order from the first (the
//! same roundings as one lane summed item by item), but the loops read memory in its order, the
//! inner one along the results' contiguous axis (which LLVM vectorises), instead of walking each
//! lane down a column.

use inkwell::values::{IntValue, StructValue};
use oxjit_core::registry::ReduceOp;
use oxjit_core::types::{ArrayTy, Type};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `op` (sum or mean) of `arr` along `axis` (of length `n`) into `out` (shape `out_shape`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn accumulate_slices(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        axis: usize,
        n: IntValue<'ctx>,
        out: StructValue<'ctx>,
        rt: &ArrayTy,
        out_shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let t = rt.dtype.clone();
        let lt = self.llvm_type(&t);
        // From the identity, as NumPy's reduction starts (a leading -0.0 sums to 0.0).
        let zero = self.cast(self.i64(0).into(), &Type::I64, &t)?;
        self.for_each_index(out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(out, rt, idx)?;
            s.b.build_store(p, zero).ir()?;
            Ok(())
        })?;
        self.for_each_index(&[n], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
            s.for_each_index(out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let mut full = idx.to_vec();
                full.insert(axis, j[0]);
                let x = s.array_load(arr, at, &full)?;
                let x = s.numpy_cast(x, &at.dtype, &t)?;
                let p = s.element_ptr(out, rt, idx)?;
                let cur = s.b.build_load(lt, p, "cur").ir()?;
                let next = s.accumulate(ReduceOp::Sum, cur, x, &t)?;
                s.b.build_store(p, next).ir()?;
                Ok(())
            })
        })?;
        if op != ReduceOp::Mean {
            return Ok(());
        }
        // NumPy's mean: the sum divided by the count, in the result's type.
        let count = self.cast(n.into(), &Type::I64, &t)?.into_float_value();
        self.for_each_index(out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(out, rt, idx)?;
            let total = s.b.build_load(lt, p, "total").ir()?.into_float_value();
            let mean = s.b.build_float_div(total, count, "mean").ir()?;
            s.b.build_store(p, mean).ir()?;
            Ok(())
        })
    }
}
