//! Lowering of the `math` and `cmath` modules, with CPython's error semantics: a NaN result from a
//! non-NaN argument is `ValueError("math domain error")`, an infinite result from finite
//! arguments is `OverflowError("math range error")` (or a domain error where the function cannot
//! overflow), as CPython's `math_1`/`math_2` decide.

use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::FloatPredicate;
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

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn math(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
        let args: Vec<BasicValueEnum<'ctx>> = match f {
            Factorial | Gcd | Lcm | Comb | Perm | Isqrt | Fsum | Prod | Dist | Sumprod | Ldexp
            | Isclose => vals.to_vec(),
            _ => vals
                .iter()
                .zip(types)
                .map(|(v, t)| self.to_f64(*v, t))
                .collect::<R<_>>()?,
        };
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
            Atan2 => self.call_libm("atan2", &args)?,
            Copysign => self.call_intrinsic(
                "llvm.copysign",
                &[self.cx().f64_type().into()],
                &[args[0].into(), args[1].into()],
            )?,
            Fmod | Remainder => {
                let name = if f == Fmod { "fmod" } else { "remainder" };
                // CPython: fmod(x, inf) is x for finite x; NaN from non-NaN args is a domain error.
                let r = self.call_libm(name, &args)?;
                self.domain_check_2(
                    r.into_float_value(),
                    args[0].into_float_value(),
                    args[1].into_float_value(),
                )?;
                r
            }
            Hypot if args.len() == 2 => self.call_libm("hypot", &args)?,
            Pow => self.math_pow(args[0].into_float_value(), args[1].into_float_value())?,
            Nextafter => self.call_libm("nextafter", &args)?,
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
            Floor | Ceil | Trunc => {
                if types[0].is_integer_like() {
                    return self.cast(vals[0], &types[0], result);
                }
                let name = match f {
                    Floor => "llvm.floor",
                    Ceil => "llvm.ceil",
                    _ => "llvm.trunc",
                };
                let r =
                    self.call_intrinsic(name, &[self.cx().f64_type().into()], &[args[0].into()])?;
                return self.float_to_int(r.into_float_value());
            }
            Isnan => return Ok(self.is_nan(args[0].into_float_value())?.into()),
            Isinf => return Ok(self.is_inf(args[0].into_float_value())?.into()),
            Isfinite => return Ok(self.is_finite(args[0].into_float_value())?.into()),
            Isclose => return self.isclose(&args, types),
            _ => return Err(self.err(format!("math.{}() is not implemented yet", f.name()))),
        };
        self.cast(r, &Type::F64, result)
    }

    pub fn cmath(
        &mut self,
        f: CmathFn,
        _vals: &[BasicValueEnum<'ctx>],
        _types: &[Type],
        _result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        Err(self.err(format!("cmath.{}() is not implemented yet", f.name())))
    }

    /// CPython's `math_1`: calls libm `name` on `x` and turns NaN/infinite results into errors.
    fn math_1(
        &mut self,
        name: &str,
        x: BasicValueEnum<'ctx>,
        overflow: Overflow,
    ) -> R<BasicValueEnum<'ctx>> {
        let r = self.call_libm(name, &[x])?;
        if self.m.opts.numpy_errors {
            return Ok(r);
        }
        let (rf, xf) = (r.into_float_value(), x.into_float_value());
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
            .call_libm("pow", &[x.into(), y.into()])?
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
}
