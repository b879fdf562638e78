//! `np.fill_diagonal(a, val, wrap)` (core's `registry::fill_diagonal` types it): NumPy's
//! `a.flat[:end:step] = val`. A matrix's flat positions `0, step, 2 * step...` are rows and
//! columns `(p // m, p % m)`; an array of more dimensions (all of one length, NumPy's
//! `ValueError` otherwise) has its items `(t, t, ..., t)` there.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_fill_diagonal(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_arg(&c.args[0]);
        let val = self.numpy_cast(c.args[1].v, &c.args[1].t, &at.dtype)?;
        let wrap = c.args[2]
            .v
            .into_int_value()
            .get_zero_extended_constant()
            .is_some_and(|b| b != 0);
        let shape = self.shape_values(arr, &at)?;
        if at.ndim > 2 {
            let mut same = self.cx().bool_type().const_int(1, false);
            for d in &shape[1..] {
                let eq = self
                    .b
                    .build_int_compare(IntPredicate::EQ, *d, shape[0], "same")
                    .ir()?;
                same = self.b.build_and(same, eq, "same").ir()?;
            }
            self.check(
                same,
                "ValueError",
                "All dimensions of input must be of equal length",
            )?;
            self.for_each_index(&[shape[0]], &mut |s: &mut Self, t: &[IntValue<'ctx>]| {
                let idx = vec![t[0]; shape.len()];
                let p = s.element_ptr(arr, &at, &idx)?;
                s.b.build_store(p, val).ir()?;
                Ok(())
            })?;
            return Ok(self.cx().i8_type().const_zero().into());
        }
        let (rows, cols) = (shape[0], shape[1]);
        let size = self.b.build_int_mul(rows, cols, "size").ir()?;
        let end = if wrap {
            size
        } else {
            let square = self.b.build_int_mul(cols, cols, "square").ir()?;
            let less = self
                .b
                .build_int_compare(IntPredicate::SLT, square, size, "less")
                .ir()?;
            self.b
                .build_select(less, square, size, "end")
                .ir()?
                .into_int_value()
        };
        // ceil(end / step) positions: 0, step, ...
        let one = self.i64(1);
        let step = self.b.build_int_add(cols, one, "step").ir()?;
        let top = self.b.build_int_add(end, cols, "top").ir()?;
        let count = self.b.build_int_signed_div(top, step, "count").ir()?;
        let nothing = self
            .b
            .build_int_compare(IntPredicate::EQ, cols, self.i64(0), "nothing")
            .ir()?;
        let count = self
            .b
            .build_select(nothing, self.i64(0), count, "count")
            .ir()?
            .into_int_value();
        self.for_each_index(&[count], &mut |s: &mut Self, t: &[IntValue<'ctx>]| {
            let p = s.b.build_int_mul(t[0], step, "p").ir()?;
            let i = s.b.build_int_signed_div(p, cols, "i").ir()?;
            let j = s.b.build_int_signed_rem(p, cols, "j").ir()?;
            let ptr = s.element_ptr(arr, &at, &[i, j])?;
            s.b.build_store(ptr, val).ir()?;
            Ok(())
        })?;
        Ok(self.cx().i8_type().const_zero().into())
    }
}
