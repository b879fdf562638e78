//! Lowering of the `math` and `cmath` modules, with CPython's error semantics: a NaN result from a
//! non-NaN argument is `ValueError("math domain error")`, an infinite result from finite
//! arguments is `OverflowError("math range error")` (or a domain error where the function cannot
//! overflow), as CPython's `math_1`/`math_2` decide.

use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FloatValue, IntValue, PointerValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::status::math::{DOMAIN, FSUM_INF_MINUS_INF, FSUM_OVERFLOW, NEGATIVE_K, RANGE};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::{CmathFn, MathFn};
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

/// How an infinite result from a finite argument is reported.
#[derive(Clone, Copy, PartialEq)]
enum Overflow {
    /// `OverflowError("math range error")`.
    Range,
    /// `ValueError("math domain error")` (a pole, like `log(0)`).
    Domain,
}

/// `math.factorial()`-style message for a result beyond int64.
fn too_big(name: &str) -> String {
    format!("math.{name}() result does not fit in a 64-bit integer (oxjit integers are 64-bit; CPython's are unbounded)")
}

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

const DOMAIN_ERROR: (i32, &str, &str) = (DOMAIN, "ValueError", "math domain error");
const RANGE_ERROR: (i32, &str, &str) = (RANGE, "OverflowError", "math range error");

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn math(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
        match f {
            Factorial | Perm if vals.len() == 1 || types[1] == Type::NoneType => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                let msg = too_big(f.name());
                return self.rt_call_out(
                    RuntimeFn::Factorial,
                    &[n],
                    self.cx().i64_type().into(),
                    &[
                        (
                            DOMAIN,
                            "ValueError",
                            "factorial() not defined for negative values",
                        ),
                        (RANGE, "OverflowError", &msg),
                    ],
                );
            }
            Comb | Perm => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                let k = self.cast(vals[1], &types[1], &Type::I64)?;
                let msg = too_big(f.name());
                let name = if f == Comb {
                    RuntimeFn::Comb
                } else {
                    RuntimeFn::Perm
                };
                return self.rt_call_out(
                    name,
                    &[n, k],
                    self.cx().i64_type().into(),
                    &[
                        (DOMAIN, "ValueError", "n must be a non-negative integer"),
                        (NEGATIVE_K, "ValueError", "k must be a non-negative integer"),
                        (RANGE, "OverflowError", &msg),
                    ],
                );
            }
            Isqrt => {
                let n = self.cast(vals[0], &types[0], &Type::I64)?;
                return self.rt_call_out(
                    RuntimeFn::Isqrt,
                    &[n],
                    self.cx().i64_type().into(),
                    &[(DOMAIN, "ValueError", "isqrt() argument must be nonnegative")],
                );
            }
            Gcd | Lcm => {
                let items = vals
                    .iter()
                    .zip(types)
                    .map(|(v, t)| self.cast(*v, t, &Type::I64))
                    .collect::<R<Vec<_>>>()?;
                let (ptr, len) = self.array_of(self.cx().i64_type().into(), &items)?;
                let msg = too_big(f.name());
                let name = if f == Gcd {
                    RuntimeFn::Gcd
                } else {
                    RuntimeFn::Lcm
                };
                return self.rt_call_out(
                    name,
                    &[ptr.into(), len.into()],
                    self.cx().i64_type().into(),
                    &[(RANGE, "OverflowError", &msg)],
                );
            }
            Fsum => {
                let items = self.tuple_as_f64(vals[0], &types[0])?;
                let (ptr, len) = self.array_of(self.cx().f64_type().into(), &items)?;
                return self.rt_call_out(
                    RuntimeFn::Fsum,
                    &[ptr.into(), len.into()],
                    self.cx().f64_type().into(),
                    &[
                        (
                            FSUM_OVERFLOW,
                            "OverflowError",
                            "intermediate overflow in fsum",
                        ),
                        (FSUM_INF_MINUS_INF, "ValueError", "-inf + inf in fsum"),
                    ],
                );
            }
            Dist => {
                let p = self.tuple_as_f64(vals[0], &types[0])?;
                let q = self.tuple_as_f64(vals[1], &types[1])?;
                let (pp, len) = self.array_of(self.cx().f64_type().into(), &p)?;
                let (qp, _) = self.array_of(self.cx().f64_type().into(), &q)?;
                return self.rt_call(RuntimeFn::Dist, &[pp.into(), qp.into(), len.into()]);
            }
            Hypot => {
                let items = vals
                    .iter()
                    .zip(types)
                    .map(|(v, t)| self.to_f64(*v, t))
                    .collect::<R<Vec<_>>>()?;
                let (ptr, len) = self.array_of(self.cx().f64_type().into(), &items)?;
                return self.rt_call(RuntimeFn::Hypot, &[ptr.into(), len.into()]);
            }
            Prod => return self.prod(vals, types, result),
            Sumprod => return self.sumprod(vals, types, result),
            Ldexp => {
                let x = self.to_f64(vals[0], &types[0])?;
                let i = self.cast(vals[1], &types[1], &Type::I64)?;
                let errors = self.float_errors(&[RANGE_ERROR]);
                return self.rt_call_out(
                    RuntimeFn::Ldexp,
                    &[x, i],
                    self.cx().f64_type().into(),
                    &errors,
                );
            }
            Frexp | Modf => {
                let x = self.to_f64(vals[0], &types[0])?;
                let (rt, second_t): (RuntimeFn, BasicTypeEnum<'ctx>) = if f == Frexp {
                    (RuntimeFn::Frexp, self.cx().i64_type().into())
                } else {
                    (RuntimeFn::Modf, self.cx().f64_type().into())
                };
                let func = self.runtime(rt);
                let slot = self.alloca(second_t, "second")?;
                let first = self
                    .b
                    .build_call(func, &[x.into(), slot.into()], rt.name())
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("f64");
                let second = self.b.build_load(second_t, slot, "second").ir()?;
                let st = self.llvm_type(result).into_struct_type();
                let agg = self
                    .b
                    .build_insert_value(st.get_undef(), first, 0, "t")
                    .ir()?;
                let agg = self.b.build_insert_value(agg, second, 1, "t").ir()?;
                return Ok(agg.into_struct_value().into());
            }
            Floor | Ceil | Trunc => {
                if types[0].is_integer_like() {
                    return self.cast(vals[0], &types[0], result);
                }
                let x = self.to_f64(vals[0], &types[0])?;
                let name = match f {
                    Floor => "llvm.floor",
                    Ceil => "llvm.ceil",
                    _ => "llvm.trunc",
                };
                let r = self.call_intrinsic(name, &[self.cx().f64_type().into()], &[x.into()])?;
                return self.float_to_i64_checked(r.into_float_value(), &too_big(f.name()));
            }
            Isclose => return self.isclose(vals, types),
            _ => {}
        }
        let args: Vec<BasicValueEnum<'ctx>> = vals
            .iter()
            .zip(types)
            .map(|(v, t)| self.to_f64(*v, t))
            .collect::<R<_>>()?;
        let r = match f {
            Sqrt => self.math_1("sqrt", args[0], Overflow::Domain)?,
            Exp => self.math_1("exp", args[0], Overflow::Range)?,
            Exp2 => self.math_1("exp2", args[0], Overflow::Range)?,
            Expm1 => self.math_1("expm1", args[0], Overflow::Range)?,
            Log if args.len() == 1 => self.math_1("log", args[0], Overflow::Domain)?,
            Log => {
                let num = self.math_1("log", args[0], Overflow::Domain)?;
                let den = self.math_1("log", args[1], Overflow::Domain)?;
                let zero = self
                    .b
                    .build_float_compare(
                        FloatPredicate::OEQ,
                        den.into_float_value(),
                        self.cx().f64_type().const_zero(),
                        "z",
                    )
                    .ir()?;
                let ok = self.b.build_not(zero, "ok").ir()?;
                self.check(ok, "ZeroDivisionError", "float division by zero")?;
                self.b
                    .build_float_div(num.into_float_value(), den.into_float_value(), "log")
                    .ir()?
                    .into()
            }
            Log2 => self.math_1("log2", args[0], Overflow::Domain)?,
            Log10 => self.math_1("log10", args[0], Overflow::Domain)?,
            Log1p => self.math_1("log1p", args[0], Overflow::Domain)?,
            Sin => self.math_1("sin", args[0], Overflow::Domain)?,
            Cos => self.math_1("cos", args[0], Overflow::Domain)?,
            Tan => self.math_1("tan", args[0], Overflow::Domain)?,
            Asin => self.math_1("asin", args[0], Overflow::Domain)?,
            Acos => self.math_1("acos", args[0], Overflow::Domain)?,
            Atan => self.math_1("atan", args[0], Overflow::Domain)?,
            Sinh => self.math_1("sinh", args[0], Overflow::Range)?,
            Cosh => self.math_1("cosh", args[0], Overflow::Range)?,
            Tanh => self.math_1("tanh", args[0], Overflow::Domain)?,
            Asinh => self.math_1("asinh", args[0], Overflow::Domain)?,
            Acosh => self.math_1("acosh", args[0], Overflow::Domain)?,
            Atanh => self.math_1("atanh", args[0], Overflow::Domain)?,
            Cbrt => self.math_1("cbrt", args[0], Overflow::Domain)?,
            Erf => self.math_1("erf", args[0], Overflow::Domain)?,
            Erfc => self.math_1("erfc", args[0], Overflow::Domain)?,
            Fabs => self.call_intrinsic(
                "llvm.fabs",
                &[self.cx().f64_type().into()],
                &[args[0].into()],
            )?,
            Atan2 => self.call_libm_exact("atan2", &args)?,
            Copysign => self.call_intrinsic(
                "llvm.copysign",
                &[self.cx().f64_type().into()],
                &[args[0].into(), args[1].into()],
            )?,
            Fmod | Remainder => {
                // CPython: fmod(x, inf) is x for finite x (as libm's); remainder is its own
                // m_remainder. NaN from non-NaN args is a domain error.
                let r = if f == Fmod {
                    self.call_libm_exact("fmod", &args)?
                } else {
                    self.rt_call(RuntimeFn::Remainder, &args)?
                };
                self.domain_check_2(
                    r.into_float_value(),
                    args[0].into_float_value(),
                    args[1].into_float_value(),
                )?;
                r
            }
            Pow => self.math_pow(args[0].into_float_value(), args[1].into_float_value())?,
            Nextafter => self.call_libm_exact("nextafter", &args)?,
            Degrees => self
                .b
                .build_float_mul(
                    args[0].into_float_value(),
                    self.cx()
                        .f64_type()
                        .const_float(180.0 / std::f64::consts::PI),
                    "deg",
                )
                .ir()?
                .into(),
            Radians => self
                .b
                .build_float_mul(
                    args[0].into_float_value(),
                    self.cx()
                        .f64_type()
                        .const_float(std::f64::consts::PI / 180.0),
                    "rad",
                )
                .ir()?
                .into(),
            Gamma | Lgamma => {
                let name = if f == Gamma {
                    RuntimeFn::Gamma
                } else {
                    RuntimeFn::Lgamma
                };
                let errors = self.float_errors(&[DOMAIN_ERROR, RANGE_ERROR]);
                self.rt_call_out(name, &[args[0]], self.cx().f64_type().into(), &errors)?
            }
            Ulp => self.rt_call(RuntimeFn::Ulp, &[args[0]])?,
            Isnan => return Ok(self.is_nan(args[0].into_float_value())?.into()),
            Isinf => return Ok(self.is_inf(args[0].into_float_value())?.into()),
            Isfinite => return Ok(self.is_finite(args[0].into_float_value())?.into()),
            // Typing gives every math function an implementation above.
            _ => {
                return Err(Diagnostic::internal(format!(
                    "math.{}() has no lowering",
                    f.name()
                )))
            }
        };
        self.cast(r, &Type::F64, result)
    }

    /// Calls the libm function `name` as CPython does, marked `nobuiltin` so that LLVM neither
    /// folds nor rewrites it (it would turn `pow(x, 2.0)` into `x * x` and `pow(x, -1.0)` into
    /// `1.0 / x`, which can differ from libm's `pow` in the last bit).
    fn call_libm_exact(
        &self,
        name: &str,
        args: &[BasicValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        self.target().call_math_exact(&self.emit(), name, args)
    }

    /// CPython's `math_1`: calls libm `name` on `x` and turns NaN/infinite results into errors.
    fn math_1(
        &mut self,
        name: &str,
        x: BasicValueEnum<'ctx>,
        overflow: Overflow,
    ) -> R<BasicValueEnum<'ctx>> {
        let r = self.call_libm_exact(name, &[x])?;
        if self.m.opts.numpy_errors {
            return Ok(r);
        }
        let (rf, xf) = (r.into_float_value(), x.into_float_value());
        // The hot path tests one thing: a finite result is never an error. The two checks run
        // only for NaN and infinite results, out of line.
        let finite = self.is_finite(rf)?;
        let special = self.cx().append_basic_block(self.f, "math.special");
        let done = self.cx().append_basic_block(self.f, "math.done");
        self.b
            .build_conditional_branch(finite, done, special)
            .ir()?;
        self.b.position_at_end(special);
        let r_nan = self.is_nan(rf)?;
        let x_nan = self.is_nan(xf)?;
        let x_not_nan = self.b.build_not(x_nan, "xok").ir()?;
        let domain = self.b.build_and(r_nan, x_not_nan, "domain").ir()?;
        let ok = self.b.build_not(domain, "ok").ir()?;
        self.check(ok, "ValueError", "math domain error")?;
        let r_inf = self.is_inf(rf)?;
        let x_fin = self.is_finite(xf)?;
        let blowup = self.b.build_and(r_inf, x_fin, "blowup").ir()?;
        let ok = self.b.build_not(blowup, "ok").ir()?;
        match overflow {
            Overflow::Range => self.check(ok, "OverflowError", "math range error")?,
            Overflow::Domain => self.check(ok, "ValueError", "math domain error")?,
        }
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(r)
    }

    fn domain_check_2(
        &mut self,
        r: FloatValue<'ctx>,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
    ) -> R<()> {
        if self.m.opts.numpy_errors {
            return Ok(());
        }
        let r_nan = self.is_nan(r)?;
        let x_nan = self.is_nan(x)?;
        let y_nan = self.is_nan(y)?;
        let any_nan = self.b.build_or(x_nan, y_nan, "anynan").ir()?;
        let no_nan = self.b.build_not(any_nan, "nonan").ir()?;
        let domain = self.b.build_and(r_nan, no_nan, "domain").ir()?;
        let ok = self.b.build_not(domain, "ok").ir()?;
        self.check(ok, "ValueError", "math domain error")
    }

    /// `math.pow` (CPython's special cases, then libm `pow` with error checks).
    fn math_pow(&mut self, x: FloatValue<'ctx>, y: FloatValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let r = self
            .call_libm_exact("pow", &[x.into(), y.into()])?
            .into_float_value();
        if self.m.opts.numpy_errors {
            return Ok(r.into());
        }
        self.domain_check_2(r, x, y)?;
        let r_inf = self.is_inf(r)?;
        let xf = self.is_finite(x)?;
        let yf = self.is_finite(y)?;
        let both = self.b.build_and(xf, yf, "fin").ir()?;
        let blowup = self.b.build_and(r_inf, both, "blowup").ir()?;
        // x == 0 with y < 0 is a pole (domain error); anything else is an overflow.
        let x_zero = self
            .b
            .build_float_compare(FloatPredicate::OEQ, x, x.get_type().const_zero(), "xz")
            .ir()?;
        let pole = self.b.build_and(blowup, x_zero, "pole").ir()?;
        let ok = self.b.build_not(pole, "ok").ir()?;
        self.check(ok, "ValueError", "math domain error")?;
        let ok = self.b.build_not(blowup, "ok").ir()?;
        self.check(ok, "OverflowError", "math range error")?;
        Ok(r.into())
    }

    /// `math.isclose(a, b, rel_tol=1e-09, abs_tol=0.0)`, CPython's algorithm.
    fn isclose(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        let a = self.to_f64(vals[0], &types[0])?.into_float_value();
        let b = self.to_f64(vals[1], &types[1])?.into_float_value();
        let rel = match vals.get(2) {
            Some(v) => self.to_f64(*v, &types[2])?.into_float_value(),
            None => f64t.const_float(1e-9),
        };
        let abs_tol = match vals.get(3) {
            Some(v) => self.to_f64(*v, &types[3])?.into_float_value(),
            None => f64t.const_zero(),
        };
        let rel_neg = self
            .b
            .build_float_compare(FloatPredicate::OLT, rel, f64t.const_zero(), "rn")
            .ir()?;
        let abs_neg = self
            .b
            .build_float_compare(FloatPredicate::OLT, abs_tol, f64t.const_zero(), "an")
            .ir()?;
        let neg = self.b.build_or(rel_neg, abs_neg, "neg").ir()?;
        let ok = self.b.build_not(neg, "ok").ir()?;
        self.check(ok, "ValueError", "tolerances must be non-negative")?;
        let fabs = |s: &Self, v: FloatValue<'ctx>| -> R<FloatValue<'ctx>> {
            Ok(s.call_intrinsic("llvm.fabs", &[f64t.into()], &[v.into()])?
                .into_float_value())
        };
        let eq = self
            .b
            .build_float_compare(FloatPredicate::OEQ, a, b, "eq")
            .ir()?;
        let ia = self.is_inf(a)?;
        let ib = self.is_inf(b)?;
        let any_inf = self.b.build_or(ia, ib, "inf").ir()?;
        let diff = fabs(self, self.b.build_float_sub(b, a, "d").ir()?)?;
        let rb = fabs(self, self.b.build_float_mul(rel, b, "rb").ir()?)?;
        let ra = fabs(self, self.b.build_float_mul(rel, a, "ra").ir()?)?;
        let c1 = self
            .b
            .build_float_compare(FloatPredicate::OLE, diff, rb, "c1")
            .ir()?;
        let c2 = self
            .b
            .build_float_compare(FloatPredicate::OLE, diff, ra, "c2")
            .ir()?;
        let c3 = self
            .b
            .build_float_compare(FloatPredicate::OLE, diff, abs_tol, "c3")
            .ir()?;
        let close = self.b.build_or(c1, c2, "c").ir()?;
        let close = self.b.build_or(close, c3, "c").ir()?;
        let not_inf = self.b.build_not(any_inf, "ni").ir()?;
        let close = self.b.build_and(close, not_inf, "c").ir()?;
        Ok(self.b.build_or(eq, close, "isclose").ir()?.into())
    }

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
    /// whose result is finite (libm's `exp`, `cos`, `sin`, as CPython calls them; LLVM merges the
    /// last two into `sincos`); special values, huge real parts and overflow take the runtime's
    /// port of CPython's `cmath_exp_impl`.
    fn cmath_exp(
        &mut self,
        re: FloatValue<'ctx>,
        im: FloatValue<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        let fin_re = self.is_finite(re)?;
        let fin_im = self.is_finite(im)?;
        // Below CPython's CM_LOG_LARGE_DOUBLE (708.39...), where its formula changes.
        let small = self
            .b
            .build_float_compare(FloatPredicate::OLE, re, f64t.const_float(700.0), "small")
            .ir()?;
        let simple = self.b.build_and(fin_re, fin_im, "finite").ir()?;
        let simple = self.b.build_and(simple, small, "simple").ir()?;
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
        let fin_r = self.is_finite(r)?;
        let fin_i = self.is_finite(i)?;
        let fine = self.b.build_and(fin_r, fin_i, "fine").ir()?;
        let fast_end = self.b.get_insert_block().expect("block");
        self.b.build_conditional_branch(fine, done, slow).ir()?;
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

    /// The float domain/range errors to check, or none under `error_model="numpy"`.
    fn float_errors(
        &self,
        errors: &[(i32, &'static str, &'static str)],
    ) -> Vec<(i32, &'static str, &'static str)> {
        if self.m.opts.numpy_errors {
            Vec::new()
        } else {
            errors.to_vec()
        }
    }

    /// Calls the runtime function `f(args..., out)`, which returns an `i32` status and writes
    /// its result (of LLVM type `out_t`) through `out`; raises `class(msg)` for each listed
    /// `(status, class, msg)`, and returns the result.
    fn rt_call_out(
        &mut self,
        f: RuntimeFn,
        args: &[BasicValueEnum<'ctx>],
        out_t: BasicTypeEnum<'ctx>,
        errors: &[(i32, &str, &str)],
    ) -> R<BasicValueEnum<'ctx>> {
        let i32t = self.cx().i32_type();
        let func = self.runtime(f);
        let slot = self.alloca(out_t, "out")?;
        let mut call_args: Vec<BasicMetadataValueEnum<'ctx>> =
            args.iter().map(|a| (*a).into()).collect();
        call_args.push(slot.into());
        let status = self
            .b
            .build_call(func, &call_args, f.name())
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("status")
            .into_int_value();
        for (code, class, msg) in errors {
            let ok = self
                .b
                .build_int_compare(
                    IntPredicate::NE,
                    status,
                    i32t.const_int(*code as u64, false),
                    "ok",
                )
                .ir()?;
            self.check(ok, class, msg)?;
        }
        self.b.build_load(out_t, slot, "result").ir()
    }

    /// Calls the runtime function `f(args...)`, which returns a value.
    fn rt_call(&mut self, f: RuntimeFn, args: &[BasicValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        let func = self.runtime(f);
        let call_args: Vec<BasicMetadataValueEnum<'ctx>> =
            args.iter().map(|a| (*a).into()).collect();
        Ok(self
            .b
            .build_call(func, &call_args, f.name())
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("value"))
    }

    /// `items` stored into a stack array: (pointer to the first, length as i64).
    fn array_of(
        &mut self,
        elem: BasicTypeEnum<'ctx>,
        items: &[BasicValueEnum<'ctx>],
    ) -> R<(PointerValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.cx().i64_type();
        let arr_t = elem.array_type(items.len().max(1) as u32);
        let arr = self.alloca(arr_t.into(), "items")?;
        for (i, item) in items.iter().enumerate() {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): item `i` of
            // the `items.len()`-item array just allocated.
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    arr_t,
                    arr,
                    &[i64t.const_zero(), i64t.const_int(i as u64, false)],
                    "item.p",
                )
            }
            .ir()?;
            self.b.build_store(p, *item).ir()?;
        }
        Ok((arr, i64t.const_int(items.len() as u64, false)))
    }

    /// The items of a tuple of real numbers, as doubles.
    fn tuple_as_f64(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<Vec<BasicValueEnum<'ctx>>> {
        self.tuple_items(v, t)?
            .into_iter()
            .map(|(item, ty)| self.to_f64(item, &ty))
            .collect()
    }

    fn tuple_items(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<Vec<(BasicValueEnum<'ctx>, Type)>> {
        let Type::Tuple(types) = t else {
            return Err(Diagnostic::internal(format!("expected a tuple, got {t}")));
        };
        let mut out = Vec::new();
        for (i, ty) in types.iter().enumerate() {
            out.push((
                self.b
                    .build_extract_value(v.into_struct_value(), i as u32, "item")
                    .ir()?,
                ty.clone(),
            ));
        }
        Ok(out)
    }

    /// `a * b` in type `t` (int64 with an OverflowError where CPython's exact product does not
    /// fit, float, or complex as `_Py_c_prod`).
    fn exact_mul(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        name: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        self.exact_op(a, b, t, name, true)
    }

    fn exact_op(
        &mut self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        name: &str,
        mul: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Int(_) | Type::Bool => {
                let (a, b) = (a.into_int_value(), b.into_int_value());
                let intrinsic = match (t, mul) {
                    (Type::Int(i), true) if !i.signed => "llvm.umul.with.overflow",
                    (Type::Int(i), false) if !i.signed => "llvm.uadd.with.overflow",
                    (_, true) => "llvm.smul.with.overflow",
                    (_, false) => "llvm.sadd.with.overflow",
                };
                let r = self
                    .call_intrinsic(intrinsic, &[a.get_type().into()], &[a.into(), b.into()])?
                    .into_struct_value();
                let value = self.b.build_extract_value(r, 0, "v").ir()?;
                let overflow = self.b.build_extract_value(r, 1, "o").ir()?.into_int_value();
                let ok = self.b.build_not(overflow, "ok").ir()?;
                self.check(ok, "OverflowError", &too_big(name))?;
                Ok(value)
            }
            Type::Float(_) => {
                let (a, b) = (a.into_float_value(), b.into_float_value());
                Ok(if mul {
                    self.b.build_float_mul(a, b, "mul").ir()?
                } else {
                    self.b.build_float_add(a, b, "add").ir()?
                }
                .into())
            }
            Type::Complex(_) => {
                let (ar, ai) = self.complex_parts(a)?;
                let (br, bi) = self.complex_parts(b)?;
                let bl = &self.b;
                let (re, im) = if mul {
                    let rr = bl.build_float_mul(ar, br, "rr").ir()?;
                    let ii = bl.build_float_mul(ai, bi, "ii").ir()?;
                    let ri = bl.build_float_mul(ar, bi, "ri").ir()?;
                    let ir = bl.build_float_mul(ai, br, "ir").ir()?;
                    (
                        bl.build_float_sub(rr, ii, "re").ir()?,
                        bl.build_float_add(ri, ir, "im").ir()?,
                    )
                } else {
                    (
                        bl.build_float_add(ar, br, "re").ir()?,
                        bl.build_float_add(ai, bi, "im").ir()?,
                    )
                };
                Ok(self.make_complex(re.into(), im.into(), t)?.into())
            }
            other => Err(Diagnostic::internal(format!("math.{name}() of {other}"))),
        }
    }

    /// `math.prod(iterable, start=1)`: multiplies left to right, each step in the type Python's
    /// `*` would give (the same types the typing registry computed).
    fn prod(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (mut acc, mut acc_t) = match (vals.get(1), types.get(1)) {
            (Some(v), Some(t)) => (*v, t.clone()),
            _ => (self.cx().i64_type().const_int(1, false).into(), Type::I64),
        };
        let mut items = self.tuple_items(vals[0], &types[0])?;
        if matches!(result, Type::Float(_) | Type::Complex(_)) && acc_t.is_integer_like() {
            // CPython multiplies a leading run of ints exactly (big ints) and converts that
            // product to float when the first float arrives: do the same in the runtime.
            let run = items
                .iter()
                .take_while(|(_, t)| t.is_integer_like())
                .count();
            let mut ints = vec![self.cast(acc, &acc_t, &Type::I64)?];
            for (v, t) in items.drain(..run) {
                ints.push(self.cast(v, &t, &Type::I64)?);
            }
            let (ptr, len) = self.array_of(self.cx().i64_type().into(), &ints)?;
            acc = self.rt_call_out(
                RuntimeFn::ProdIntsToFloat,
                &[ptr.into(), len.into()],
                self.cx().f64_type().into(),
                &[(RANGE, "OverflowError", "int too large to convert to float")],
            )?;
            acc_t = Type::F64;
        }
        for (item, item_t) in items {
            let t = oxjit_core::numeric::arith_result(&acc_t, &item_t)
                .ok_or_else(|| Diagnostic::internal("math.prod() needs numbers"))?;
            let a = self.cast(acc, &acc_t, &t)?;
            let b = self.cast(item, &item_t, &t)?;
            acc = self.exact_mul(a, b, &t, "prod")?;
            acc_t = t;
        }
        self.cast(acc, &acc_t, result)
    }

    /// `math.sumprod(p, q)` (Python 3.12): exact for integers; for floats the correctly rounded
    /// sum of the exact products.
    fn sumprod(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let p = self.tuple_items(vals[0], &types[0])?;
        let q = self.tuple_items(vals[1], &types[1])?;
        if matches!(result, Type::Float(_)) {
            let p: Vec<_> = p
                .into_iter()
                .map(|(v, t)| self.to_f64(v, &t))
                .collect::<R<_>>()?;
            let q: Vec<_> = q
                .into_iter()
                .map(|(v, t)| self.to_f64(v, &t))
                .collect::<R<_>>()?;
            let (pp, len) = self.array_of(self.cx().f64_type().into(), &p)?;
            let (qp, _) = self.array_of(self.cx().f64_type().into(), &q)?;
            let r = self.rt_call_out(
                RuntimeFn::Sumprod,
                &[pp.into(), qp.into(), len.into()],
                self.cx().f64_type().into(),
                &[
                    (
                        FSUM_OVERFLOW,
                        "OverflowError",
                        "intermediate overflow in fsum",
                    ),
                    (FSUM_INF_MINUS_INF, "ValueError", "-inf + inf in fsum"),
                ],
            )?;
            return self.cast(r, &Type::F64, result);
        }
        let mut acc: BasicValueEnum<'ctx> = self.cx().i64_type().const_zero().into();
        let mut acc_t = Type::I64;
        for ((a, at), (b, bt)) in p.into_iter().zip(q) {
            let t = oxjit_core::numeric::arith_result(&at, &bt)
                .ok_or_else(|| Diagnostic::internal("math.sumprod() needs numbers"))?;
            let x = self.cast(a, &at, &t)?;
            let y = self.cast(b, &bt, &t)?;
            let prod = self.exact_mul(x, y, &t, "sumprod")?;
            let sum_t = oxjit_core::numeric::arith_result(&acc_t, &t)
                .ok_or_else(|| Diagnostic::internal("math.sumprod() needs numbers"))?;
            let acc_c = self.cast(acc, &acc_t, &sum_t)?;
            let prod_c = self.cast(prod, &t, &sum_t)?;
            acc = self.exact_op(acc_c, prod_c, &sum_t, "sumprod", false)?;
            acc_t = sum_t;
        }
        self.cast(acc, &acc_t, result)
    }
}
