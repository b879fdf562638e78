//! `np.nditer((a, b, ...))` (typed in core's `registry/nditer.rs`): the operands broadcast to
//! one shape (NumPy's ValueError where they do not), each as a view with strides of 0 where it
//! is stretched, its axes in NumPy's order='K' (`nditer_order.rs`); the `zip` of those views'
//! C-order walks.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::nditer_order::IterOperand;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn lower_nditer_several(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (Type::Tuple(items), Type::Zip(views)) = (&c.args[0].t, c.result) else {
            return Err(Diagnostic::internal("np.nditer of several operands"));
        };
        let tuple = c.args[0].v.into_struct_value();
        let mut arrays = Vec::new();
        let mut shapes = Vec::new();
        for (k, t) in items.iter().enumerate() {
            let Type::Array(at) = t else {
                return Err(Diagnostic::internal("np.nditer of a non-array"));
            };
            let arr = self
                .b
                .build_extract_value(tuple, k as u32, "operand")
                .ir()?
                .into_struct_value();
            shapes.push(self.shape_values(arr, at)?);
            arrays.push((arr, (**at).clone()));
        }
        let n = views.iter().map(view_ndim).max().unwrap_or(0);
        let shape = self.broadcast_checked(&shapes, shapes.len(), n)?;
        let mut size = self.i64(1);
        for &d in &shape {
            size = self.b.build_int_mul(size, d, "size").ir()?;
        }
        let some = self
            .b
            .build_int_compare(IntPredicate::NE, size, self.i64(0), "some")
            .ir()?;
        self.check(
            some,
            "ValueError",
            "Iteration of zero-sized operands is not enabled",
        )?;
        let mut operands = Vec::new();
        for (k, (arr, at)) in arrays.iter().enumerate() {
            let strides = self.array_strides(*arr, at)?;
            let lead = n - at.ndim as usize;
            let mut vs: Vec<IntValue<'ctx>> = vec![self.i64(0); n];
            for j in 0..at.ndim as usize {
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, shapes[k][j], self.i64(1), "one")
                    .ir()?;
                vs[lead + j] = self
                    .b
                    .build_select(one, self.i64(0), strides[j], "stride")
                    .ir()?
                    .into_int_value();
            }
            let data = self.b.build_extract_value(*arr, 1, "data").ir()?;
            operands.push(IterOperand { data, strides: vs });
        }
        // NumPy's order for F-ordered operands and strided views (C order for C arrays).
        let (shape, operands) = self.nditer_keep_order(&shape, operands)?;
        let zip_t = self.llvm_type(c.result).into_struct_type();
        let mut zip = zip_t.get_undef();
        for (k, (((arr, _), view), op)) in arrays.iter().zip(views.iter()).zip(operands).enumerate()
        {
            let Type::Flat(vt, _) = view else {
                return Err(Diagnostic::internal("np.nditer's views"));
            };
            let meminfo = self.b.build_extract_value(*arr, 0, "meminfo").ir()?;
            let v = self.build_array(vt, meminfo, op.data, &shape, &op.strides)?;
            zip = self
                .b
                .build_insert_value(zip, v, k as u32, "nditer")
                .ir()?
                .into_struct_value();
        }
        Ok(zip.into())
    }
}

fn view_ndim(t: &Type) -> usize {
    match t {
        Type::Flat(a, _) => a.ndim as usize,
        _ => 0,
    }
}
