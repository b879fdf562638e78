//! Lowering of the `cmath` module: CPython's `cmath` functions through the runtime's ports, with
//! their domain and range errors.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::registry::CmathFn;
use oxjit_core::types::Type;

use super::{DOMAIN_ERROR, RANGE_ERROR};
use crate::lower::{FnGen, Ir, R};

/// The runtime's port of a `cmath` function of one complex number.
fn cmath_runtime(f: CmathFn) -> RuntimeFn {
    use CmathFn::*;
    match f {
        Acos => RuntimeFn::CmathAcos,
        Acosh => RuntimeFn::CmathAcosh,
        Asin => RuntimeFn::CmathAsin,
        Asinh => RuntimeFn::CmathAsinh,
        Atan => RuntimeFn::CmathAtan,
        Atanh => RuntimeFn::CmathAtanh,
        Cos => RuntimeFn::CmathCos,
        Cosh => RuntimeFn::CmathCosh,
        Exp => RuntimeFn::CmathExp,
        Log => RuntimeFn::CmathLog,
        Log10 => RuntimeFn::CmathLog10,
        Sin => RuntimeFn::CmathSin,
        Sinh => RuntimeFn::CmathSinh,
        Sqrt => RuntimeFn::CmathSqrt,
        Tan => RuntimeFn::CmathTan,
        Tanh => RuntimeFn::CmathTanh,
        Isclose | Isfinite | Isinf | Isnan | Phase | Polar | Rect => {
            unreachable!("cmath.{} is no function of one complex number", f.name())
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn cmath(
        &mut self,
        f: CmathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use CmathFn::*;
        let f64t = self.cx().f64_type();
        let pair_t: BasicTypeEnum<'ctx> = f64t.array_type(2).into();
        match f {
            Rect => {
                let r = self.to_f64(vals[0], &types[0])?;
                let phi = self.to_f64(vals[1], &types[1])?;
                let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
                let out = self.rt_call_out(RuntimeFn::CmathRect, &[r, phi], pair_t, &errors)?;
                return self.pair_to(out, result);
            }
            Isclose => {
                let (ar, ai) = self.complex_arg(vals[0], &types[0])?;
                let (br, bi) = self.complex_arg(vals[1], &types[1])?;
                let rel = match vals.get(2) {
                    Some(v) => self.to_f64(*v, &types[2])?,
                    None => f64t.const_float(1e-9).into(),
                };
                let abs_tol = match vals.get(3) {
                    Some(v) => self.to_f64(*v, &types[3])?,
                    None => f64t.const_zero().into(),
                };
                let r = self
                    .rt_call(
                        RuntimeFn::CmathIsclose,
                        &[ar.into(), ai.into(), br.into(), bi.into(), rel, abs_tol],
                    )?
                    .into_int_value();
                let minus_one = self.cx().i32_type().const_all_ones();
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::NE, r, minus_one, "ok")
                    .ir()?;
                self.check(ok, "ValueError", "tolerances must be non-negative")?;
                let one = self.cx().i32_type().const_int(1, false);
                return Ok(self
                    .b
                    .build_int_compare(IntPredicate::EQ, r, one, "isclose")
                    .ir()?
                    .into());
            }
            _ => {}
        }
        let (re, im) = self.complex_arg(vals[0], &types[0])?;
        if f == Exp {
            return self.cmath_exp(re, im, result);
        }
        match f {
            Isnan | Isinf | Isfinite => {
                let (a, b) = match f {
                    Isnan => (self.is_nan(re)?, self.is_nan(im)?),
                    Isinf => (self.is_inf(re)?, self.is_inf(im)?),
                    _ => (self.is_finite(re)?, self.is_finite(im)?),
                };
                let r = if f == Isfinite {
                    self.b.build_and(a, b, "fin").ir()?
                } else {
                    self.b.build_or(a, b, "any").ir()?
                };
                Ok(r.into())
            }
            Phase => {
                let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
                self.rt_call_out(
                    RuntimeFn::CmathPhase,
                    &[re.into(), im.into()],
                    f64t.into(),
                    &errors,
                )
            }
            Polar => {
                let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
                let out = self
                    .rt_call_out(
                        RuntimeFn::CmathPolar,
                        &[re.into(), im.into()],
                        pair_t,
                        &errors,
                    )?
                    .into_array_value();
                let r = self.b.build_extract_value(out, 0, "r").ir()?;
                let phi = self.b.build_extract_value(out, 1, "phi").ir()?;
                let st = self.llvm_type(result).into_struct_type();
                let agg = self.b.build_insert_value(st.get_undef(), r, 0, "t").ir()?;
                Ok(self
                    .b
                    .build_insert_value(agg, phi, 1, "t")
                    .ir()?
                    .into_struct_value()
                    .into())
            }
            _ => {
                let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
                let out = if f == Log && vals.len() == 2 {
                    let (br, bi) = self.complex_arg(vals[1], &types[1])?;
                    self.rt_call_out(
                        RuntimeFn::CmathLogBase,
                        &[re.into(), im.into(), br.into(), bi.into()],
                        pair_t,
                        &errors,
                    )?
                } else {
                    let rt = cmath_runtime(f);
                    self.rt_call_out(rt, &[re.into(), im.into()], pair_t, &errors)?
                };
                self.pair_to(out, result)
            }
        }
    }

    /// `cmath.exp`: CPython's formula `(e**x cos y, e**x sin y)` inline for finite arguments
    /// with `x <= 700` (libm's `exp`, `cos`, `sin`, as CPython calls them; LLVM merges the last
    /// two into `sincos`), whose result is finite: `e**700` times a cosine cannot overflow.
    /// Special values and huge real parts take the runtime's port of CPython's `cmath_exp_impl`.
    fn cmath_exp(
        &mut self,
        re: FloatValue<'ctx>,
        im: FloatValue<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        // -MAX <= x <= 700 (false for NaN and both infinities): below CPython's
        // CM_LOG_LARGE_DOUBLE (708.39...), where its formula changes.
        let small = self
            .b
            .build_float_compare(FloatPredicate::OLE, re, f64t.const_float(700.0), "small")
            .ir()?;
        let above = self
            .b
            .build_float_compare(
                FloatPredicate::OGE,
                re,
                f64t.const_float(-f64::MAX),
                "above",
            )
            .ir()?;
        let fin_im = self.is_finite(im)?;
        let simple = self.b.build_and(small, above, "finite").ir()?;
        let simple = self.b.build_and(simple, fin_im, "simple").ir()?;
        let fast = self.cx().append_basic_block(self.f, "cexp.fast");
        let slow = self.cx().append_basic_block(self.f, "cexp.slow");
        let done = self.cx().append_basic_block(self.f, "cexp.done");
        self.b.build_conditional_branch(simple, fast, slow).ir()?;
        self.b.position_at_end(fast);
        let l = self.call_libm("exp", &[re.into()])?.into_float_value();
        let c = self.call_libm("cos", &[im.into()])?.into_float_value();
        let s = self.call_libm("sin", &[im.into()])?.into_float_value();
        let r = self.b.build_float_mul(l, c, "re").ir()?;
        let i = self.b.build_float_mul(l, s, "im").ir()?;
        let fast_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(slow);
        let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
        let pair_t: BasicTypeEnum<'ctx> = f64t.array_type(2).into();
        let out = self
            .rt_call_out(
                RuntimeFn::CmathExp,
                &[re.into(), im.into()],
                pair_t,
                &errors,
            )?
            .into_array_value();
        let sr = self.b.build_extract_value(out, 0, "re").ir()?;
        let si = self.b.build_extract_value(out, 1, "im").ir()?;
        let slow_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let pr = self.b.build_phi(f64t, "re").ir()?;
        pr.add_incoming(&[(&r, fast_end), (&sr, slow_end)]);
        let pi = self.b.build_phi(f64t, "im").ir()?;
        pi.add_incoming(&[(&i, fast_end), (&si, slow_end)]);
        let z = self.make_complex(pr.as_basic_value(), pi.as_basic_value(), &Type::C128)?;
        self.cast(z.into(), &Type::C128, result)
    }

    /// A number argument of a `cmath` function as the two doubles of a complex128.
    fn complex_arg(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        let z = self.cast(v, t, &Type::C128)?;
        self.complex_parts(z)
    }

    /// A `[2 x double]` from the runtime as a complex of type `t`.
    fn pair_to(&mut self, pair: BasicValueEnum<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let pair = pair.into_array_value();
        let re = self.b.build_extract_value(pair, 0, "re").ir()?;
        let im = self.b.build_extract_value(pair, 1, "im").ir()?;
        let z = self.make_complex(re, im, &Type::C128)?;
        self.cast(z.into(), &Type::C128, t)
    }
}
