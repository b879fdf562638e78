//! Complex numbers: their parts, building one, and the binary operators with CPython's
//! semantics (Smith's division, `ZeroDivisionError`, powers).

use inkwell::values::{BasicValueEnum, FloatValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::{NpcOp, RuntimeFn};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::BinOp;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn complex_parts(
        &self,
        v: BasicValueEnum<'ctx>,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let s = v.into_struct_value();
        let re = self
            .b
            .build_extract_value(s, 0, "re")
            .ir()?
            .into_float_value();
        let im = self
            .b
            .build_extract_value(s, 1, "im")
            .ir()?
            .into_float_value();
        Ok((re, im))
    }

    pub fn make_complex(
        &self,
        re: BasicValueEnum<'ctx>,
        im: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<StructValue<'ctx>> {
        let st = self.llvm_type(t).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), re, 0, "re")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, im, 1, "im")
            .ir()?
            .into_struct_value())
    }

    /// Whether complex division by zero raises `ZeroDivisionError`: always in scalar code, as
    /// CPython and Numba (whose complex division raises under `error_model="numpy"` too), never
    /// in a ufunc's items (NumPy's values).
    pub(super) fn complex_division_raises(&self) -> bool {
        !self.in_ufunc
    }

    /// CPython's `_Py_c_quot` (Smith's algorithm), inline: `a + bi` over `c + di`.
    fn complex_quotient(
        &mut self,
        a: FloatValue<'ctx>,
        b: FloatValue<'ctx>,
        c: FloatValue<'ctx>,
        d: FloatValue<'ctx>,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let ft = a.get_type();
        let abs_c = self
            .call_intrinsic("llvm.fabs", &[ft.into()], &[c.into()])?
            .into_float_value();
        let abs_d = self
            .call_intrinsic("llvm.fabs", &[ft.into()], &[d.into()])?
            .into_float_value();
        let real_wide = self
            .b
            .build_float_compare(FloatPredicate::OGE, abs_c, abs_d, "realwide")
            .ir()?;
        let imag_wide = self
            .b
            .build_float_compare(FloatPredicate::OGE, abs_d, abs_c, "imagwide")
            .ir()?;
        let by_real = self.cx().append_basic_block(self.f, "cdiv.real");
        let other = self.cx().append_basic_block(self.f, "cdiv.other");
        let by_imag = self.cx().append_basic_block(self.f, "cdiv.imag");
        let done = self.cx().append_basic_block(self.f, "cdiv.done");
        self.b
            .build_conditional_branch(real_wide, by_real, other)
            .ir()?;
        // |c| >= |d|: divide through by c (c == 0 means both are: division by zero).
        self.b.position_at_end(by_real);
        if self.complex_division_raises() {
            let zero = self
                .b
                .build_float_compare(FloatPredicate::OEQ, abs_c, ft.const_zero(), "zero")
                .ir()?;
            let ok = self.b.build_not(zero, "ok").ir()?;
            self.check(ok, "ZeroDivisionError", "complex division by zero")?;
        }
        let bl = &self.b;
        let ratio = bl.build_float_div(d, c, "ratio").ir()?;
        let denom = bl
            .build_float_add(c, bl.build_float_mul(d, ratio, "dr").ir()?, "denom")
            .ir()?;
        let r1 = bl
            .build_float_div(
                bl.build_float_add(a, bl.build_float_mul(b, ratio, "br").ir()?, "n")
                    .ir()?,
                denom,
                "re",
            )
            .ir()?;
        let i1 = bl
            .build_float_div(
                bl.build_float_sub(b, bl.build_float_mul(a, ratio, "ar").ir()?, "n")
                    .ir()?,
                denom,
                "im",
            )
            .ir()?;
        let end1 = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        // |d| > |c|: divide through by d; neither (a NaN): NaN.
        self.b.position_at_end(other);
        let end_nan = self.b.get_insert_block().expect("block");
        self.b
            .build_conditional_branch(imag_wide, by_imag, done)
            .ir()?;
        self.b.position_at_end(by_imag);
        let bl = &self.b;
        let ratio = bl.build_float_div(c, d, "ratio").ir()?;
        let denom = bl
            .build_float_add(bl.build_float_mul(c, ratio, "cr").ir()?, d, "denom")
            .ir()?;
        let r2 = bl
            .build_float_div(
                bl.build_float_add(bl.build_float_mul(a, ratio, "ar").ir()?, b, "n")
                    .ir()?,
                denom,
                "re",
            )
            .ir()?;
        let i2 = bl
            .build_float_div(
                bl.build_float_sub(bl.build_float_mul(b, ratio, "br").ir()?, a, "n")
                    .ir()?,
                denom,
                "im",
            )
            .ir()?;
        let end2 = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let nan = ft.const_float(f64::NAN);
        let re = self.b.build_phi(ft, "re").ir()?;
        re.add_incoming(&[(&r1, end1), (&r2, end2), (&nan, end_nan)]);
        let im = self.b.build_phi(ft, "im").ir()?;
        im.add_incoming(&[(&i1, end1), (&i2, end2), (&nan, end_nan)]);
        Ok((
            re.as_basic_value().into_float_value(),
            im.as_basic_value().into_float_value(),
        ))
    }

    pub(super) fn complex_binop(
        &mut self,
        op: BinOp,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (a, b_) = self.complex_parts(x)?;
        let (c, d) = self.complex_parts(y)?;
        let bl = &self.b;
        let (re, im) = match op {
            BinOp::Add => (
                bl.build_float_add(a, c, "re").ir()?,
                bl.build_float_add(b_, d, "im").ir()?,
            ),
            BinOp::Sub => (
                bl.build_float_sub(a, c, "re").ir()?,
                bl.build_float_sub(b_, d, "im").ir()?,
            ),
            BinOp::Mul if self.in_ufunc => {
                // NumPy's SIMD multiply (`simd_cmul`): ac - bd and ad + bc, each with one
                // product fused into the other (`npyv_muladdsub`).
                let bd = bl.build_float_mul(b_, d, "bd").ir()?;
                let bc = bl.build_float_mul(b_, c, "bc").ir()?;
                let minus_bd = bl.build_float_neg(bd, "mbd").ir()?;
                (self.mul_add(a, c, minus_bd)?, self.mul_add(a, d, bc)?)
            }
            BinOp::Mul => {
                let ac = bl.build_float_mul(a, c, "ac").ir()?;
                let bd = bl.build_float_mul(b_, d, "bd").ir()?;
                let ad = bl.build_float_mul(a, d, "ad").ir()?;
                let bc = bl.build_float_mul(b_, c, "bc").ir()?;
                (
                    bl.build_float_sub(ac, bd, "re").ir()?,
                    bl.build_float_add(ad, bc, "im").ir()?,
                )
            }
            BinOp::Div if self.in_ufunc => {
                let (re, im) = self.numpy_complex_quotient((a, b_), (c, d))?;
                return self.make_complex(re.into(), im.into(), t).map(Into::into);
            }
            // NumPy's `npy_cpow` (no exceptions) for arrays and ufuncs.
            BinOp::Pow if self.in_ufunc => return self.npc_call(NpcOp::Power, t, &[a, b_, c, d]),
            BinOp::Div => {
                let (re, im) = self.complex_quotient(a, b_, c, d)?;
                return self.make_complex(re.into(), im.into(), t).map(Into::into);
            }
            BinOp::Pow => self.complex_pow([a, b_, c, d])?,
            _ => {
                // Typing rejects //, % and bitwise operators on complex numbers.
                return Err(Diagnostic::internal(format!(
                    "unsupported operand types for {}: complex",
                    op.symbol()
                )));
            }
        };
        Ok(self.make_complex(re.into(), im.into(), t)?.into())
    }

    /// Python's complex `**` through the runtime's `oxjit_rt_cpow` (CPython's `_Py_c_pow`), with
    /// its `ZeroDivisionError` and `OverflowError`.
    fn complex_pow(
        &mut self,
        parts: [FloatValue<'ctx>; 4],
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let f64t = self.cx().f64_type();
        let f = self.runtime(RuntimeFn::Cpow);
        let slot = self.alloca(f64t.array_type(2).into(), "cout")?;
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> = parts
            .iter()
            .map(|v| self.b.build_float_cast(*v, f64t, "p").map(Into::into))
            .collect::<Result<_, _>>()
            .ir()?;
        call_args.push(slot.into());
        let status = self
            .b
            .build_call(f, &call_args, "c")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("status")
            .into_int_value();
        let i32t = self.cx().i32_type();
        let not_zero_div = self
            .b
            .build_int_compare(IntPredicate::NE, status, i32t.const_int(1, false), "nzd")
            .ir()?;
        self.check(
            not_zero_div,
            "ZeroDivisionError",
            "0.0 to a negative or complex power",
        )?;
        let ok = self
            .b
            .build_int_compare(IntPredicate::EQ, status, i32t.const_zero(), "ok")
            .ir()?;
        self.check(ok, "OverflowError", "complex exponentiation")?;
        let [re, im] = self.load_pair(slot, f64t)?;
        let part = parts[0].get_type();
        Ok((
            self.b
                .build_float_cast(re.into_float_value(), part, "re")
                .ir()?,
            self.b
                .build_float_cast(im.into_float_value(), part, "im")
                .ir()?,
        ))
    }
}
