//! `mean`, `std` and `var` of a whole complex array: `oxjit_runtime::creduce`, which computes
//! them as NumPy does, over the items in memory order (the registry allows no `axis`, `dtype` or
//! `keepdims` here, and no non-contiguous arrays of more than one dimension).

use inkwell::values::{BasicValueEnum, StructValue};
use oxjit_abi::{Moment, RuntimeFn};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::ReduceOp;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn complex_moments(
        &mut self,
        op: ReduceOp,
        args: &[Arg<'ctx>],
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if at.ndim > 1 && at.layout == Layout::A {
            return Err(Diagnostic::internal(format!(
                "{}() of a non-contiguous complex array of more than one dimension is not supported yet",
                op.name()
            )));
        }
        let ddof = match op {
            ReduceOp::Std | ReduceOp::Var => self
                .cast(args[4].v, &args[4].t, &Type::I64)?
                .into_int_value(),
            _ => self.cx().i64_type().const_zero(),
        };
        let what = match op {
            ReduceOp::Mean => Moment::Mean,
            ReduceOp::Var => Moment::Var,
            _ => Moment::Std,
        };
        self.cmoments(arr, at, what, ddof, result)
    }

    /// Calls `oxjit_rt_cmoments_*` for `what` over the items of a contiguous (or 1-d) complex
    /// array, in memory order.
    pub fn cmoments(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        what: Moment,
        ddof: inkwell::values::IntValue<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let single = at.dtype == Type::Complex(64);
        let ft = if single {
            self.cx().f32_type()
        } else {
            self.cx().f64_type()
        };
        let mut n = i64t.const_int(1, false);
        for k in 0..at.ndim as u32 {
            let d = self.array_shape(arr, k)?;
            n = self.b.build_int_mul(n, d, "n").ir()?;
        }
        let stride = if at.ndim == 1 {
            self.array_strides(arr, at)?[0]
        } else {
            i64t.const_int(size_align(&at.dtype).0 as u64, false)
        };
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        let i32t = self.cx().i32_type();
        let f = self.runtime(if single {
            RuntimeFn::CmomentsF32
        } else {
            RuntimeFn::CmomentsF64
        });
        let slot_t = ft.array_type(2);
        let slot = self.alloca(slot_t.into(), "moments")?;
        self.b
            .build_call(
                f,
                &[
                    data.into(),
                    n.into(),
                    stride.into(),
                    ddof.into(),
                    i32t.const_int(what as u64, false).into(),
                    slot.into(),
                ],
                "",
            )
            .ir()?;
        let parts = self.load_pair(slot, ft)?;
        if matches!(result, Type::Complex(_)) {
            Ok(self.make_complex(parts[0], parts[1], result)?.into())
        } else {
            Ok(parts[0])
        }
    }
}
