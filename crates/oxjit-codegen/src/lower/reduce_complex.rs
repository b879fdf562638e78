//! `mean`, `std` and `var` of a whole complex array: `oxjit_runtime::creduce`, which computes
//! them as NumPy does, over the items in memory order (the registry allows no `axis`, `dtype` or
//! `keepdims` here, and no non-contiguous arrays of more than one dimension).

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
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

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Whether the complex item `x` replaces `cur` in min/max/argmin/argmax, ordering complex
    /// numbers lexicographically (real part, then imaginary part) as NumPy does. `min`/`max`
    /// follow NumPy's `minimum`/`maximum` loops (`loops.c.src`): `cur` stays while it has a NaN
    /// part or `CLE(cur, x)`/`CGE(cur, x)` holds, so the first NaN wins. `argmin`/`argmax`
    /// follow `CDOUBLE_argmax` (`arraytypes.c.src`): a strictly better item or the first with a
    /// NaN part (nothing replaces that).
    pub(super) fn complex_better(
        &self,
        op: ReduceOp,
        x: BasicValueEnum<'ctx>,
        cur: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        use inkwell::FloatPredicate::{OEQ, OGT, OLT};
        let b = &self.b;
        let max = matches!(op, ReduceOp::Max | ReduceOp::Argmax);
        let cur_nan = self.complex_has_nan(cur)?;
        if matches!(op, ReduceOp::Min | ReduceOp::Max) {
            let keeps = self.complex_keeps(max, cur, x)?;
            let stays = b.build_or(cur_nan, keeps, "stays").ir()?;
            return b.build_not(stays, "take").ir();
        }
        // (xr > cr) || (xr == cr && xi > ci) || x has a NaN part; never past a NaN.
        let (xr, xi) = self.complex_parts(x)?;
        let (cr, ci) = self.complex_parts(cur)?;
        let strict = if max { OGT } else { OLT };
        let ahead = b.build_float_compare(strict, xr, cr, "ahead").ir()?;
        let same_re = b.build_float_compare(OEQ, xr, cr, "samere").ir()?;
        let im_ahead = b.build_float_compare(strict, xi, ci, "imahead").ir()?;
        let tie = b.build_and(same_re, im_ahead, "tie").ir()?;
        let better = b.build_or(ahead, tie, "better").ir()?;
        let better = b
            .build_or(better, self.complex_has_nan(x)?, "better")
            .ir()?;
        let cur_ok = b.build_not(cur_nan, "curok").ir()?;
        b.build_and(better, cur_ok, "take").ir()
    }

    /// NumPy's `CGE(c, x)` (`max`) or `CLE(c, x)`: `(cr > xr && !isnan(ci) && !isnan(xi)) ||
    /// (cr == xr && ci >= xi)`, with `<` and `<=` for `CLE`.
    pub(super) fn complex_keeps(
        &self,
        max: bool,
        cur: BasicValueEnum<'ctx>,
        x: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        use inkwell::FloatPredicate::{OEQ, OGE, OGT, OLE, OLT, UNO};
        let b = &self.b;
        let (xr, xi) = self.complex_parts(x)?;
        let (cr, ci) = self.complex_parts(cur)?;
        let (strict, or_equal) = if max { (OGT, OGE) } else { (OLT, OLE) };
        let ahead = b.build_float_compare(strict, cr, xr, "ahead").ir()?;
        let ci_nan = b.build_float_compare(UNO, ci, ci, "cinan").ir()?;
        let xi_nan = b.build_float_compare(UNO, xi, xi, "xinan").ir()?;
        let imag_nan = b.build_or(ci_nan, xi_nan, "inan").ir()?;
        let imag_ok = b.build_not(imag_nan, "iok").ir()?;
        let ahead = b.build_and(ahead, imag_ok, "ahead").ir()?;
        let same_re = b.build_float_compare(OEQ, cr, xr, "samere").ir()?;
        let im_ge = b.build_float_compare(or_equal, ci, xi, "imge").ir()?;
        let tie = b.build_and(same_re, im_ge, "tie").ir()?;
        b.build_or(ahead, tie, "keeps").ir()
    }

    /// Whether either part of the complex `z` is NaN (NumPy's complex `isnan`).
    pub(super) fn complex_has_nan(&self, z: BasicValueEnum<'ctx>) -> R<IntValue<'ctx>> {
        let (re, im) = self.complex_parts(z)?;
        let uno = inkwell::FloatPredicate::UNO;
        let a = self.b.build_float_compare(uno, re, re, "renan").ir()?;
        let c = self.b.build_float_compare(uno, im, im, "imnan").ir()?;
        self.b.build_or(a, c, "nan").ir()
    }
}
