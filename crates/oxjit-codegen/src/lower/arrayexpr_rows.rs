//! Unit-stride rows for fused array expressions over views: where the flat loop cannot run (an
//! operand is a view such as `a[1:, :-1]`, or broadcast along an outer axis), but every array
//! operand and the output step by one item along the innermost axis (checked at run time), the
//! expression runs as nested loops over the outer axes around a flat loop over each row, whose
//! unit-stride loads and stores LLVM vectorises. Otherwise (a column view, a broadcast innermost
//! axis, a 0-d operand) the general strided loops run. Every item is computed by the same code
//! as in the other loops, so the result is the same bit for bit.

use inkwell::values::{IntValue, PointerValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::ir::ExprNode;
use oxjit_core::types::{size_align, ArrayTy};

use super::arrayexpr::Operand;
use super::parallel_expr::FlatSource;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The loops of a strided expression: rows over unit strides where the run-time strides
    /// allow, the general strided loops otherwise.
    pub(super) fn expr_rows_or_strided(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let Some(unit) = self.unit_inner_strides(operands, dst, rt, shape)? else {
            return self.expr_strided_loop(expr, operands, dst, rt, shape);
        };
        let rows = self.cx().append_basic_block(self.f, "expr.rows");
        let general = self.cx().append_basic_block(self.f, "expr.general");
        let done = self.cx().append_basic_block(self.f, "expr.rows.done");
        self.b.build_conditional_branch(unit, rows, general).ir()?;
        self.b.position_at_end(rows);
        self.expr_rows(expr, operands, dst, rt, shape)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(general);
        self.expr_strided_loop(expr, operands, dst, rt, shape)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
    }

    /// Whether the output and every array operand step by one item along the innermost axis,
    /// with the output's length there (not broadcast): an `i1` computed at run time, or None
    /// where it cannot hold (a 0-d result or operand).
    fn unit_inner_strides(
        &mut self,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<Option<IntValue<'ctx>>> {
        let Some(&inner_len) = shape.last() else {
            return Ok(None);
        };
        let dst_strides = self.array_strides(dst, rt)?;
        let item = self.i64(size_align(&rt.dtype).0 as i64);
        let mut unit = self
            .b
            .build_int_compare(IntPredicate::EQ, dst_strides[shape.len() - 1], item, "unit")
            .ir()?;
        for o in operands {
            let Operand::Array {
                at,
                shape: s,
                strides,
                ..
            } = o
            else {
                continue;
            };
            let (Some(&len), Some(&stride)) = (s.last(), strides.last()) else {
                return Ok(None);
            };
            let item = self.i64(size_align(&at.dtype).0 as i64);
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, stride, item, "unit")
                .ir()?;
            let full = self
                .b
                .build_int_compare(IntPredicate::EQ, len, inner_len, "full")
                .ir()?;
            unit = self.b.build_and(unit, one, "unit").ir()?;
            unit = self.b.build_and(unit, full, "unit").ir()?;
        }
        Ok(Some(unit))
    }

    /// Loops over the outer axes; in each, a flat loop over the row's items.
    fn expr_rows(
        &mut self,
        expr: &ExprNode,
        operands: &[Operand<'ctx>],
        dst: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<()> {
        let n = shape.len();
        // Each operand's strides over its outer axes, 0 along a broadcast one (NumPy's rule).
        let outer = self.operand_strides(operands, true)?;
        let dst_strides = self.array_strides(dst, rt)?;
        let inner_len = shape[n - 1];
        self.for_each_index(
            &shape[..n - 1],
            &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let mut sources = Vec::new();
                for (o, strides) in operands.iter().zip(&outer) {
                    sources.push(match o {
                        Operand::Array { arr, at, .. } => {
                            let lead = idx.len() - strides.len();
                            let row = s.row_start(*arr, &idx[lead..], strides)?;
                            FlatSource::Data(row, at.dtype.clone())
                        }
                        Operand::Scalar { v, t, c } => FlatSource::Scalar(*v, t.clone(), c.clone()),
                    });
                }
                let out_row = s.row_start(dst, idx, &dst_strides[..n - 1])?;
                s.for_each_index(&[inner_len], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
                    s.flat_item(expr, &sources, out_row, rt, i[0])
                })
            },
        )
    }

    /// The address of the first item of the row at outer index `idx` (byte strides `strides`).
    fn row_start(
        &mut self,
        arr: StructValue<'ctx>,
        idx: &[IntValue<'ctx>],
        strides: &[IntValue<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let mut offset = self.i64(0);
        for (&i, &st) in idx.iter().zip(strides) {
            let term = self.b.build_int_mul(i, st, "term").ir()?;
            offset = self.b.build_int_add(offset, term, "offset").ir()?;
        }
        let data = ArrayValue(arr).data(&self.b)?;
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the byte
        // offset of an item of the array, in-range indices times its strides (negative ones
        // included, hence no `inbounds` claim relative to the data pointer's object start).
        unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "row")
        }
        .ir()
    }
}
