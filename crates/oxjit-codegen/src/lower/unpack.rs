//! `a, b = arr`: an array unpacked along its first axis as CPython unpacks an iterable (the rows
//! as views, or the items of a 1-d array), after CPython's check of the length.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Item `i` of the `n` an array is unpacked into; the first checks the length, before any
    /// target is assigned (CPython unpacks everything first).
    pub(super) fn unpack_array_item(
        &mut self,
        a: Value,
        i: u32,
        n: u32,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(at) = self.ty(a).clone() else {
            return Err(Diagnostic::internal("unpacking a non-array as an array"));
        };
        let arr = self.val(a).into_struct_value();
        let len = self.array_shape(arr, 0)?;
        if i == 0 {
            let n_v = self.i64(i64::from(n));
            let at_most = self
                .b
                .build_int_compare(IntPredicate::SLE, len, n_v, "at_most")
                .ir()?;
            let msg = format!("too many values to unpack (expected {n})");
            self.check(at_most, "ValueError", &msg)?;
            let at_least = self
                .b
                .build_int_compare(IntPredicate::SGE, len, n_v, "at_least")
                .ir()?;
            let msg = format!("not enough values to unpack (expected {n}, got {{0}})");
            self.check_formatted(at_least, "ValueError", &msg, &[len])?;
        }
        let idx: IntValue<'ctx> = self.i64(i64::from(i));
        match oxjit_core::types::row_type(&at) {
            // A row: a view sharing the array's memory (borrowed, as a row from iteration).
            Some(row) => {
                let strides = self.array_strides(arr, &at)?;
                let shape: Vec<IntValue<'ctx>> = (1..u32::from(at.ndim))
                    .map(|k| self.array_shape(arr, k))
                    .collect::<R<_>>()?;
                let mut full = vec![self.i64(0); usize::from(at.ndim)];
                full[0] = idx;
                let data = self.element_ptr(arr, &at, &full)?;
                Ok(self.view_of(arr, &row, data, &shape, &strides[1..])?.into())
            }
            None => self.array_load(arr, &at, &[idx]),
        }
    }
}
