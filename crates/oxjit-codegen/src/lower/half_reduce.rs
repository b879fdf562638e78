//! Sums and means of float16 arrays, rounded as NumPy rounds them: `a.sum()` adds the items in
//! float32 (NumPy's `HALF_pairwise_sum` over a contiguous run, its buffer of float32 items
//! otherwise) and rounds to float16 once; `a.mean()` sums with `dtype=float32` (NumPy's
//! `_mean`), divides in float32 and rounds once.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use oxjit_abi::RuntimeFn;
use oxjit_core::types::{ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};

const F32: Type = Type::Float(32);

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `a.sum()` of a float16 array.
    pub(super) fn half_sum(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let f32t = self.cx().f32_type();
        let nd = at.ndim as usize;
        let total = if nd == 1 || (nd > 1 && at.layout != Layout::A) {
            // One run in memory: NumPy's pairwise sum of the float16 items themselves.
            let n = shape
                .iter()
                .try_fold(i64t.const_int(1, false), |n, d| {
                    self.b.build_int_mul(n, *d, "size")
                })
                .ir()?;
            let itemsize = i64t.const_int(2, false);
            let stride = if nd == 1 && at.layout == Layout::A {
                let strides = self
                    .b
                    .build_extract_value(arr, 3, "strides")
                    .ir()?
                    .into_array_value();
                self.b
                    .build_extract_value(strides, 0, "s")
                    .ir()?
                    .into_int_value()
            } else {
                itemsize
            };
            let data = self.b.build_extract_value(arr, 1, "data").ir()?;
            let init = f32t.const_float(0.0);
            self.call_runtime(
                RuntimeFn::PairwiseSumF16,
                &[init.into(), data.into(), n.into(), stride.into()],
            )?
            .expect("a float sum")
            .into_float_value()
        } else if nd == 0 {
            f32t.const_float(0.0)
        } else {
            // Strided: through NumPy's buffer, as float32 items.
            let f = self.runtime(RuntimeFn::PairwiseSumF32);
            self.pairwise_buffered(arr, at, shape, &F32, f)?
                .into_float_value()
        };
        self.half_narrow(total)
    }

    /// `a.mean()` of a float16 array.
    pub(super) fn half_mean(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let total = self.pairwise_sum(arr, at, shape, &F32)?.into_float_value();
        let size = shape
            .iter()
            .try_fold(self.cx().i64_type().const_int(1, false), |n, d| {
                self.b.build_int_mul(n, *d, "size")
            })
            .ir()?;
        let count = self
            .b
            .build_signed_int_to_float(size, total.get_type(), "count")
            .ir()?;
        let mean = self.b.build_float_div(total, count, "mean").ir()?;
        self.half_narrow(mean)
    }
}
