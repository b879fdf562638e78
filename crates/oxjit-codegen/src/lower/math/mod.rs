//! Lowering of the `math` and `cmath` modules, with CPython's error semantics: a NaN result from a
//! non-NaN argument is `ValueError("math domain error")`, an infinite result from finite
//! arguments is `OverflowError("math range error")` (or a domain error where the function cannot
//! overflow), as CPython's `math_1`/`math_2` decide.

use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FloatValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::status::math::{DOMAIN, RANGE};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::MathFn;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

mod cmath;
mod exact;

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

/// The functions of one double that are libm's with CPython's `math_1` checks: libm's name and
/// how an infinite result from a finite argument is reported.
fn libm_1(f: MathFn) -> Option<(&'static str, Overflow)> {
    use MathFn::*;
    Some(match f {
        Log => ("log", Overflow::Domain),
        Exp => ("exp", Overflow::Range),
        Exp2 => ("exp2", Overflow::Range),
        Expm1 => ("expm1", Overflow::Range),
        Log2 => ("log2", Overflow::Domain),
        Log10 => ("log10", Overflow::Domain),
        Log1p => ("log1p", Overflow::Domain),
        Sin => ("sin", Overflow::Domain),
        Cos => ("cos", Overflow::Domain),
        Tan => ("tan", Overflow::Domain),
        Asin => ("asin", Overflow::Domain),
        Acos => ("acos", Overflow::Domain),
        Atan => ("atan", Overflow::Domain),
        Sinh => ("sinh", Overflow::Range),
        Cosh => ("cosh", Overflow::Range),
        Tanh => ("tanh", Overflow::Domain),
        Asinh => ("asinh", Overflow::Domain),
        Acosh => ("acosh", Overflow::Domain),
        Atanh => ("atanh", Overflow::Domain),
        Cbrt => ("cbrt", Overflow::Domain),
        Erf => ("erf", Overflow::Domain),
        Erfc => ("erfc", Overflow::Domain),
        _ => return None,
    })
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
            Factorial | Comb | Perm | Isqrt | Gcd | Lcm | Fsum | Dist | Hypot | Prod | Sumprod
            | Ldexp => self.math_exact(f, vals, types, result),
            Frexp | Modf => self.math_pair(f, vals, types, result),
            Floor | Ceil | Trunc => self.math_rounding(f, vals, types, result),
            Isclose => self.isclose(vals, types),
            _ => self.math_float(f, vals, types, result),
        }
    }

    /// `frexp` and `modf`: the runtime returns the first item and writes the second.
    fn math_pair(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let x = self.to_f64(vals[0], &types[0])?;
        let (rt, second_t): (RuntimeFn, BasicTypeEnum<'ctx>) = if f == MathFn::Frexp {
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
        Ok(agg.into_struct_value().into())
    }

    /// `floor`, `ceil`, `trunc`: an integer unchanged, a float rounded and checked to fit int64.
    fn math_rounding(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
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
        self.float_to_i64_checked(r.into_float_value(), &too_big(f.name()))
    }

    /// The float functions: each argument converted to a double, libm's result checked as
    /// CPython's `math_1`/`math_2` do.
    fn math_float(
        &mut self,
        f: MathFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use MathFn::*;
        let args: Vec<BasicValueEnum<'ctx>> = vals
            .iter()
            .zip(types)
            .map(|(v, t)| self.to_f64(*v, t))
            .collect::<R<_>>()?;
        let r = match f {
            Sqrt => self.math_sqrt(args[0].into_float_value())?,
            _ if libm_1(f).is_some() && args.len() == 1 => {
                let (name, overflow) = libm_1(f).expect("checked");
                self.math_1(name, args[0], overflow)?
            }
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
        if self.m.opts.numpy_errors {
            // No check follows: the loop vectoriser may use the four-lane variant (same bits).
            if let Some(r) = self.call_vectorizable_libm(name, &[x.into_float_value()])? {
                return Ok(r.into());
            }
            return self.call_libm_exact(name, &[x]);
        }
        let r = self.call_libm_exact(name, &[x])?;
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

    /// `math.sqrt`: the CPU's square root instruction (`llvm.sqrt`), which IEEE 754 rounds
    /// correctly as libm's `sqrt` does, so the result is the same bit for bit; a call to libm
    /// instead (marked `nobuiltin`, as for the other functions) cost a call per item, which kept
    /// loops such as a polyline's length (`math.sqrt(dx * dx + dy * dy)`) from their speed and
    /// from vectorising. CPython's one error is a domain error for a NaN from a non-NaN argument,
    /// which for `sqrt` means `x < 0` (`-inf` included, `-0.0` not: its root is `-0.0`); that is
    /// tested on the argument, independently of the root's latency.
    fn math_sqrt(&mut self, x: FloatValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        if !self.m.opts.numpy_errors {
            let zero = x.get_type().const_zero();
            let ok = self
                .b
                .build_float_compare(FloatPredicate::UGE, x, zero, "sqrt.ok")
                .ir()?;
            self.check(ok, "ValueError", "math domain error")?;
        }
        self.call_intrinsic("llvm.sqrt", &[x.get_type().into()], &[x.into()])
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
        if self.m.opts.numpy_errors {
            // No check follows: the loop vectoriser may use the four-lane variant (same bits).
            if let Some(r) = self.call_vectorizable_libm("pow", &[x, y])? {
                return Ok(r.into());
            }
        }
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
    pub(in crate::lower) fn rt_call_out(
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
}
