//! NumPy functions on scalars: ufuncs with NumPy's semantics (no exceptions: NaN and infinities
//! flow through) computed in the result's float width, and scalar-type conversions.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::NpFn;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A libm function of `t`'s width (`sin` for float64, `sinf` for float32).
    pub fn libm_float(
        &self,
        name: &str,
        t: &Type,
        args: &[FloatValue<'ctx>],
    ) -> R<FloatValue<'ctx>> {
        let ft = self.llvm_type(t).into_float_type();
        let full = if *t == Type::Float(32) {
            format!("{name}f")
        } else {
            name.to_string()
        };
        let params: Vec<_> = args.iter().map(|_| ft.into()).collect();
        let f = self.libm_fn(&full, ft.fn_type(&params, false));
        let args: Vec<_> = args.iter().map(|a| (*a).into()).collect();
        Ok(self
            .b
            .build_call(f, &args, name)
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("float")
            .into_float_value())
    }

    pub(super) fn intrinsic_float(
        &self,
        name: &str,
        t: &Type,
        args: &[FloatValue<'ctx>],
    ) -> R<FloatValue<'ctx>> {
        let ft = self.llvm_type(t);
        let args: Vec<_> = args.iter().map(|a| (*a).into()).collect();
        Ok(self.call_intrinsic(name, &[ft], &args)?.into_float_value())
    }

    /// A NumPy function of scalars: dispatches by kind (conversion, complex, integer, float).
    pub fn numpy(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if let Some(target) = f.conversion_target() {
            return self.numpy_conversion(&target, vals, types);
        }
        if f == NpFn::Ldexp {
            return self.numpy_ldexp(vals, types, result);
        }
        if matches!(f, NpFn::Iscomplex | NpFn::Isreal) && !matches!(types[0], Type::Complex(_)) {
            // A real number's imaginary part is 0.
            let real = u64::from(f == NpFn::Isreal);
            return Ok(self.cx().bool_type().const_int(real, false).into());
        }
        if types.iter().any(|t| matches!(t, Type::Complex(_))) {
            return self.numpy_complex(f, vals, types, result);
        }
        if types.contains(&Type::Float(16)) || *result == Type::Float(16) {
            return self.numpy_half(f, vals, types, result);
        }
        if matches!(f, NpFn::Conj | NpFn::Conjugate) {
            // The identity on real numbers.
            return self.cast(vals[0], &types[0], result);
        }
        // Integer forms that stay integers.
        if types.iter().all(Type::is_integer_like) && !matches!(result, Type::Float(_)) {
            return self.numpy_integer(f, vals, types, result);
        }
        self.numpy_float(f, vals, types, result)
    }

    /// `np.ldexp(x, e)`: the C library's `ldexp` in float64, where the product is exact, so
    /// that rounding it once to a narrower result equals NumPy's `ldexpf` (and float16's
    /// `ldexpf` rounded to half). An exponent outside int32 is clamped, as NumPy's int64 loop.
    fn numpy_ldexp(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let x = self.cast(vals[0], &types[0], &Type::F64)?;
        let e = self.cast(vals[1], &types[1], &Type::I64)?.into_int_value();
        let lo = self.i64(i64::from(i32::MIN));
        let hi = self.i64(i64::from(i32::MAX));
        let e = self.smax(e, lo)?;
        let above = self
            .b
            .build_int_compare(IntPredicate::SGT, e, hi, "above")
            .ir()?;
        let e = self
            .b
            .build_select(above, hi, e, "exp")
            .ir()?
            .into_int_value();
        let i32t = self.cx().i32_type();
        let e = self.b.build_int_truncate(e, i32t, "exp32").ir()?;
        let f64t = self.cx().f64_type();
        let f = self.libm_fn("ldexp", f64t.fn_type(&[f64t.into(), i32t.into()], false));
        let r = self
            .b
            .build_call(f, &[x.into(), e.into()], "ldexp")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("f64");
        self.cast(r, &Type::F64, result)
    }

    /// A scalar-type conversion (`np.int32(x)`, `np.float64()`...).
    fn numpy_conversion(
        &mut self,
        target: &Type,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<BasicValueEnum<'ctx>> {
        match types.first() {
            None => Ok(self.llvm_type(target).const_zero()),
            Some(Type::Float(_)) if matches!(target, Type::Int(_)) => {
                // NumPy truncates toward zero (out-of-range values are undefined there too).
                let x = vals[0].into_float_value();
                let it = self.llvm_type(target).into_int_type();
                let signed = matches!(target, Type::Int(i) if i.signed);
                Ok(if signed {
                    self.b
                        .build_float_to_signed_int(x, it, "toint")
                        .ir()?
                        .into()
                } else {
                    self.b
                        .build_float_to_unsigned_int(x, it, "touint")
                        .ir()?
                        .into()
                })
            }
            Some(t) => self.cast(vals[0], t, target),
        }
    }

    /// The LLVM intrinsic computing a float ufunc, and its number of arguments.
    fn np_intrinsic(f: NpFn) -> Option<(&'static str, usize)> {
        use NpFn::*;
        Some(match f {
            Sqrt => ("llvm.sqrt", 1),
            Exp => ("llvm.exp", 1),
            Exp2 => ("llvm.exp2", 1),
            Log => ("llvm.log", 1),
            Log2 => ("llvm.log2", 1),
            Log10 => ("llvm.log10", 1),
            Sin => ("llvm.sin", 1),
            Cos => ("llvm.cos", 1),
            Floor => ("llvm.floor", 1),
            Ceil => ("llvm.ceil", 1),
            Trunc => ("llvm.trunc", 1),
            Rint => ("llvm.roundeven", 1),
            Fabs | Abs | Absolute => ("llvm.fabs", 1),
            Copysign => ("llvm.copysign", 2),
            Power | FloatPower => ("llvm.pow", 2),
            Fmin => ("llvm.minnum", 2),
            Fmax => ("llvm.maxnum", 2),
            _ => return None,
        })
    }

    /// The libm function computing a float ufunc, and its number of arguments.
    fn np_libm(f: NpFn) -> Option<(&'static str, usize)> {
        use NpFn::*;
        Some(match f {
            Expm1 => ("expm1", 1),
            Log1p => ("log1p", 1),
            Tan => ("tan", 1),
            Arcsin => ("asin", 1),
            Arccos => ("acos", 1),
            Arctan => ("atan", 1),
            Sinh => ("sinh", 1),
            Cosh => ("cosh", 1),
            Tanh => ("tanh", 1),
            Arcsinh => ("asinh", 1),
            Arccosh => ("acosh", 1),
            Arctanh => ("atanh", 1),
            Cbrt => ("cbrt", 1),
            Arctan2 => ("atan2", 2),
            Hypot => ("hypot", 2),
            // NumPy's npy_fmod is the C library's fmod (called, not LLVM's frem, whose NaNs
            // for infinite dividends may carry another sign).
            Fmod => ("fmod", 2),
            Nextafter => ("nextafter", 2),
            _ => return None,
        })
    }

    /// A ufunc of floats, computed in the result's float width (the argument's for the
    /// `is*` tests, whose result is a bool).
    fn numpy_float(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use NpFn::*;
        let ft = match result {
            Type::Bool => types
                .first()
                .cloned()
                .and_then(|t| {
                    if let Type::Float(_) = t {
                        Some(t)
                    } else {
                        None
                    }
                })
                .unwrap_or(Type::F64),
            t => t.clone(),
        };
        let args: Vec<FloatValue<'ctx>> = vals
            .iter()
            .zip(types)
            .map(|(v, t)| {
                self.cast(
                    *v,
                    t,
                    if matches!(f, Isnan | Isinf | Isfinite | Signbit | Isposinf | Isneginf) {
                        &ft
                    } else {
                        result
                    },
                )
                .map(|v| v.into_float_value())
            })
            .collect::<R<_>>()?;
        let x = args[0];
        let t = result.clone();
        if t == Type::Float(32) && matches!(f, Exp | Log | Sin | Cos) {
            // NumPy's float32 loops run its own SIMD code for these, not expf/logf/sinf/cosf.
            let name = match f {
                Exp => "exp",
                Log => "log",
                Sin => "sin",
                _ => "cos",
            };
            if let Some(r) = self.call_np_simd_f32(name, x)? {
                return Ok(r.into());
            }
        }
        if f == Tanh {
            // NumPy's float32 and float64 tanh loops run its own SIMD code, not the C library.
            let simd = if t == Type::Float(32) {
                self.call_np_simd_f32("tanh", x)?
            } else if t == Type::F64 {
                self.call_np_simd_f64("tanh", x)?
            } else {
                None
            };
            if let Some(r) = simd {
                return Ok(r.into());
            }
        }
        if t == Type::F64 {
            // NumPy's float64 loops call libm for these: its vector variant keeps the bits.
            let libm = match f {
                Exp => Some(("exp", 1)),
                Sin => Some(("sin", 1)),
                Cos => Some(("cos", 1)),
                Power | FloatPower => Some(("pow", 2)),
                _ => None,
            };
            let vectorizable = match libm {
                Some((name, arity)) => self.call_vectorizable_libm(name, &args[..arity])?,
                None => None,
            };
            if let Some(r) = vectorizable {
                return Ok(r.into());
            }
        }
        if let Some((name, arity)) = Self::np_intrinsic(f) {
            return Ok(self.intrinsic_float(name, &t, &args[..arity])?.into());
        }
        if let Some((name, arity)) = Self::np_libm(f) {
            return Ok(self.libm_float(name, &t, &args[..arity])?.into());
        }
        let b = &self.b;
        let r: FloatValue<'ctx> = match f {
            Reciprocal => b
                .build_float_div(x.get_type().const_float(1.0), x, "recip")
                .ir()?,
            // NumPy's `x * (NPY_PI / 180.0)` and `x * (180.0 / NPY_PI)`, the quotient in the
            // float type (float32's `180.0f / NPY_PIf` is not float64's rounded).
            Deg2rad | Rad2deg => {
                let single = t == Type::Float(32);
                let (pi32, pi64) = (std::f32::consts::PI, std::f64::consts::PI);
                let k = match (f == Deg2rad, single) {
                    (true, true) => f64::from(pi32 / 180.0),
                    (true, false) => pi64 / 180.0,
                    (false, true) => f64::from(180.0 / pi32),
                    (false, false) => 180.0 / pi64,
                };
                b.build_float_mul(x, x.get_type().const_float(k), "angle")
                    .ir()?
            }
            Minimum | Maximum => self.float_minmax(f, x, args[1])?,
            Sign => self.float_sign(x)?,
            Isnan => return Ok(self.is_nan(x)?.into()),
            Isinf => return Ok(self.is_inf(x)?.into()),
            Isfinite => return Ok(self.is_finite(x)?.into()),
            Signbit => {
                let bits = if ft == Type::Float(32) {
                    self.cx().i32_type()
                } else {
                    self.cx().i64_type()
                };
                let i = b.build_bit_cast(x, bits, "bits").ir()?.into_int_value();
                return Ok(b
                    .build_int_compare(IntPredicate::SLT, i, bits.const_zero(), "signbit")
                    .ir()?
                    .into());
            }
            Isposinf | Isneginf => {
                let inf = x.get_type().const_float(if f == Isposinf {
                    f64::INFINITY
                } else {
                    f64::NEG_INFINITY
                });
                return Ok(b
                    .build_float_compare(FloatPredicate::OEQ, x, inf, "isinf")
                    .ir()?
                    .into());
            }
            Logaddexp | Logaddexp2 => self.logaddexp(f == Logaddexp2, x, args[1], &t)?,
            Sinc => {
                let ft = x.get_type();
                let zero = b
                    .build_float_compare(FloatPredicate::OEQ, x, ft.const_zero(), "zero")
                    .ir()?;
                let tiny = if t == Type::Float(32) {
                    ft.const_float(f64::from(1.0e-20f32))
                } else {
                    ft.const_float(1.0e-20)
                };
                let y = b.build_select(zero, tiny, x, "y").ir()?.into_float_value();
                let pi = if t == Type::Float(32) {
                    ft.const_float(f64::from(std::f32::consts::PI))
                } else {
                    ft.const_float(std::f64::consts::PI)
                };
                let y = b.build_float_mul(pi, y, "piy").ir()?;
                // np.sinc calls np.sin: NumPy's SIMD code for float32.
                let simd = if t == Type::Float(32) {
                    self.call_np_simd_f32("sin", y)?
                } else {
                    None
                };
                let s = match simd {
                    Some(s) => s,
                    None => self.intrinsic_float("llvm.sin", &t, &[y])?,
                };
                self.b.build_float_div(s, y, "sinc").ir()?
            }
            Spacing => self.spacing(x, &t)?,
            _ => {
                // Typing gives every other function a float loop (`registry::numpy`).
                return Err(Diagnostic::internal(format!(
                    "np.{}() of {} has no float loop",
                    f.name(),
                    result
                )));
            }
        };
        Ok(r.into())
    }

    /// NumPy's `npy_logaddexp` (`npy_logaddexp2` for `base2`): `x + log1p(exp(y - x))` from
    /// the larger one, `x + log(2)` (`x + 1`) where they are equal (infinities too), NaN from
    /// `x - y` where either is NaN; the C library's functions of the width.
    fn logaddexp(
        &mut self,
        base2: bool,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
        t: &Type,
    ) -> R<FloatValue<'ctx>> {
        let ft = x.get_type();
        let single = *t == Type::Float(32);
        // NumPy's constants of the width (NPY_LOGE2f, NPY_LOG2Ef are float literals).
        let constant = |v: f64| {
            if single {
                ft.const_float(f64::from(v as f32))
            } else {
                ft.const_float(v)
            }
        };
        let tmp = self.b.build_float_sub(x, y, "tmp").ir()?;
        let zero = ft.const_zero();
        let pos = self
            .b
            .build_float_compare(FloatPredicate::OGT, tmp, zero, "pos")
            .ir()?;
        let neg_tmp = self.b.build_float_neg(tmp, "negtmp").ir()?;
        let u = self
            .b
            .build_select(pos, neg_tmp, tmp, "u")
            .ir()?
            .into_float_value();
        let e = self.libm_float(if base2 { "exp2" } else { "exp" }, t, &[u])?;
        let mut l = self.libm_float("log1p", t, &[e])?;
        if base2 {
            let log2e = constant(std::f64::consts::LOG2_E);
            l = self.b.build_float_mul(log2e, l, "log2_1p").ir()?;
        }
        let base = self
            .b
            .build_select(pos, x, y, "base")
            .ir()?
            .into_float_value();
        let r = self.b.build_float_add(base, l, "r").ir()?;
        let ordered = self
            .b
            .build_float_compare(FloatPredicate::ORD, tmp, tmp, "ordered")
            .ir()?;
        let r = self
            .b
            .build_select(ordered, r, tmp, "r")
            .ir()?
            .into_float_value();
        let equal = self
            .b
            .build_float_compare(FloatPredicate::OEQ, x, y, "equal")
            .ir()?;
        let step = if base2 {
            ft.const_float(1.0)
        } else {
            constant(std::f64::consts::LN_2)
        };
        let same = self.b.build_float_add(x, step, "same").ir()?;
        Ok(self
            .b
            .build_select(equal, same, r, "logaddexp")
            .ir()?
            .into_float_value())
    }

    /// NumPy's `np.spacing`: the distance to the next float away from zero, negative for
    /// negative `x` (positive for -0.0, as NumPy's), NaN for infinities.
    fn spacing(&mut self, x: FloatValue<'ctx>, t: &Type) -> R<FloatValue<'ctx>> {
        let ft = x.get_type();
        let negative = self
            .b
            .build_float_compare(FloatPredicate::OLT, x, ft.const_zero(), "negative")
            .ir()?;
        let away = self
            .b
            .build_select(
                negative,
                ft.const_float(f64::NEG_INFINITY),
                ft.const_float(f64::INFINITY),
                "away",
            )
            .ir()?
            .into_float_value();
        let next = self.libm_float("nextafter", t, &[x, away])?;
        let d = self.b.build_float_sub(next, x, "spacing").ir()?;
        let is_inf = self.is_inf(x)?;
        Ok(self
            .b
            .build_select(is_inf, ft.const_float(f64::NAN), d, "spacing")
            .ir()?
            .into_float_value())
    }

    /// `np.minimum`/`np.maximum` of floats: NaN wins, as in NumPy.
    fn float_minmax(
        &self,
        f: NpFn,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        let b = &self.b;
        let pred = if f == NpFn::Minimum {
            FloatPredicate::OLT
        } else {
            FloatPredicate::OGT
        };
        let pick = b.build_float_compare(pred, x, y, "pick").ir()?;
        let either_nan = b
            .build_float_compare(FloatPredicate::UNO, x, y, "nan")
            .ir()?;
        let m = b.build_select(pick, x, y, "m").ir()?.into_float_value();
        let nan = b.build_float_add(x, y, "nanv").ir()?;
        Ok(b.build_select(either_nan, nan, m, "minmax")
            .ir()?
            .into_float_value())
    }

    /// `np.sign` of a float: -1, 0 or 1, NaN for NaN.
    fn float_sign(&self, x: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let b = &self.b;
        let zero = x.get_type().const_zero();
        let one = x.get_type().const_float(1.0);
        let pos = b
            .build_float_compare(FloatPredicate::OGT, x, zero, "pos")
            .ir()?;
        let neg = b
            .build_float_compare(FloatPredicate::OLT, x, zero, "neg")
            .ir()?;
        let minus = b.build_float_neg(one, "m1").ir()?;
        let s = b
            .build_select(neg, minus, zero, "s")
            .ir()?
            .into_float_value();
        let s = b.build_select(pos, one, s, "s").ir()?.into_float_value();
        // sign(nan) is nan.
        let isnan = b
            .build_float_compare(FloatPredicate::UNO, x, x, "isnan")
            .ir()?;
        Ok(b.build_select(isnan, x, s, "sign").ir()?.into_float_value())
    }

    /// A ufunc of integers (and booleans) whose result stays an integer.
    fn numpy_integer(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use NpFn::*;
        match f {
            Isnan | Isinf | Isposinf | Isneginf => Ok(self.cx().bool_type().const_zero().into()),
            Isfinite => Ok(self.cx().bool_type().const_int(1, false).into()),
            // NumPy 2 keeps integers (and booleans) through floor, ceil and trunc.
            Floor | Ceil | Trunc => self.cast(vals[0], &types[0], result),
            Abs | Absolute if *result == Type::Bool => Ok(vals[0]),
            // Unsigned values are their own absolute value (a signed test would negate the
            // upper half of the range).
            Abs | Absolute if matches!(result, Type::Int(i) if !i.signed) => {
                self.cast(vals[0], &types[0], result)
            }
            Abs | Absolute => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let neg = self
                    .b
                    .build_int_compare(IntPredicate::SLT, x, x.get_type().const_zero(), "neg")
                    .ir()?;
                let minus = self.b.build_int_neg(x, "minus").ir()?;
                self.b.build_select(neg, minus, x, "abs").ir()
            }
            Sign => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                self.int_sign(x, matches!(result, Type::Int(i) if i.signed))
            }
            Fmod => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let y = self.cast(vals[1], &types[1], result)?.into_int_value();
                self.int_fmod(x, y, matches!(result, Type::Int(i) if i.signed))
            }
            Minimum | Maximum | Fmin | Fmax => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let y = self.cast(vals[1], &types[1], result)?.into_int_value();
                let signed = matches!(result, Type::Int(i) if i.signed);
                let pred = match (f == Minimum || f == Fmin, signed) {
                    (true, true) => IntPredicate::SLT,
                    (true, false) => IntPredicate::ULT,
                    (false, true) => IntPredicate::SGT,
                    (false, false) => IntPredicate::UGT,
                };
                let pick = self.b.build_int_compare(pred, x, y, "pick").ir()?;
                self.b.build_select(pick, x, y, "minmax").ir()
            }
            Power => self.int_power(vals, types, result),
            // NumPy casts integers to float64 for signbit: negative is set.
            Signbit => {
                let signed = matches!(&types[0], Type::Int(i) if i.signed);
                let x = vals[0].into_int_value();
                if !signed {
                    return Ok(self.cx().bool_type().const_zero().into());
                }
                Ok(self
                    .b
                    .build_int_compare(IntPredicate::SLT, x, x.get_type().const_zero(), "neg")
                    .ir()?
                    .into())
            }
            Gcd | Lcm => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let y = self.cast(vals[1], &types[1], result)?.into_int_value();
                self.int_gcd_lcm(f == Lcm, x, y, matches!(result, Type::Int(i) if i.signed))
            }
            // Typing gives the others a float result (`registry::numpy`).
            _ => Err(Diagnostic::internal(format!(
                "np.{}() of integers has no integer loop",
                f.name()
            ))),
        }
    }

    /// NumPy's `npy_gcd`/`npy_lcm`: Euclid's algorithm on the absolute values; the lcm is
    /// `|x| / gcd * |y|` (0 where the gcd is), wrapping as NumPy's.
    fn int_gcd_lcm(
        &mut self,
        lcm: bool,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let it = x.get_type();
        let abs = |s: &Self, v: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            if !signed {
                return Ok(v);
            }
            let neg =
                s.b.build_int_compare(IntPredicate::SLT, v, it.const_zero(), "neg")
                    .ir()?;
            let minus = s.b.build_int_neg(v, "minus").ir()?;
            Ok(s.b
                .build_select(neg, minus, v, "abs")
                .ir()?
                .into_int_value())
        };
        let (ax, ay) = (abs(self, x)?, abs(self, y)?);
        let entry = self.b.get_insert_block().expect("a block");
        let head = self.cx().append_basic_block(self.f, "gcd.head");
        let body = self.cx().append_basic_block(self.f, "gcd.body");
        let done = self.cx().append_basic_block(self.f, "gcd.done");
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(head);
        let a = self.b.build_phi(it, "a").ir()?;
        let b = self.b.build_phi(it, "b").ir()?;
        let (av, bv) = (
            a.as_basic_value().into_int_value(),
            b.as_basic_value().into_int_value(),
        );
        let zero = self
            .b
            .build_int_compare(IntPredicate::EQ, av, it.const_zero(), "zero")
            .ir()?;
        self.b.build_conditional_branch(zero, done, body).ir()?;
        self.b.position_at_end(body);
        let r = self.b.build_int_unsigned_rem(bv, av, "rem").ir()?;
        self.b.build_unconditional_branch(head).ir()?;
        a.add_incoming(&[(&ax, entry), (&r, body)]);
        b.add_incoming(&[(&ay, entry), (&av, body)]);
        self.b.position_at_end(done);
        if !lcm {
            return Ok(bv.into());
        }
        let none = self
            .b
            .build_int_compare(IntPredicate::EQ, bv, it.const_zero(), "none")
            .ir()?;
        let safe = self
            .b
            .build_select(none, it.const_int(1, false), bv, "safe")
            .ir()?
            .into_int_value();
        let q = self.b.build_int_unsigned_div(ax, safe, "q").ir()?;
        let m = self.b.build_int_mul(q, ay, "lcm").ir()?;
        self.b.build_select(none, it.const_zero(), m, "lcm").ir()
    }

    /// `np.sign` of an integer: -1, 0 or 1 (never -1 unsigned).
    fn int_sign(&self, x: IntValue<'ctx>, signed: bool) -> R<BasicValueEnum<'ctx>> {
        let t = x.get_type();
        let (gt, lt) = if signed {
            (IntPredicate::SGT, IntPredicate::SLT)
        } else {
            (IntPredicate::UGT, IntPredicate::ULT)
        };
        let pos = self
            .b
            .build_int_compare(gt, x, t.const_zero(), "pos")
            .ir()?;
        let neg = self
            .b
            .build_int_compare(lt, x, t.const_zero(), "neg")
            .ir()?;
        let s = self
            .b
            .build_select(neg, t.const_all_ones(), t.const_zero(), "s")
            .ir()?
            .into_int_value();
        self.b
            .build_select(pos, t.const_int(1, false), s, "sign")
            .ir()
    }

    /// NumPy's integer fmod: C's `%` (the dividend's sign), 0 for a zero divisor (and for
    /// MIN % -1, which C leaves undefined).
    fn int_fmod(
        &self,
        x: IntValue<'ctx>,
        y: IntValue<'ctx>,
        signed: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let it = x.get_type();
        let zero = self
            .b
            .build_int_compare(IntPredicate::EQ, y, it.const_zero(), "yzero")
            .ir()?;
        let minus_one = self
            .b
            .build_int_compare(IntPredicate::EQ, y, it.const_all_ones(), "ym1")
            .ir()?;
        let trivial = if signed {
            self.b.build_or(zero, minus_one, "trivial").ir()?
        } else {
            zero
        };
        let safe_y = self
            .b
            .build_select(trivial, it.const_int(1, false), y, "safey")
            .ir()?
            .into_int_value();
        let r = if signed {
            self.b.build_int_signed_rem(x, safe_y, "fmod").ir()?
        } else {
            self.b.build_int_unsigned_rem(x, safe_y, "fmod").ir()?
        };
        self.b
            .build_select(trivial, it.const_zero(), r, "fmod")
            .ir()
    }

    /// `np.power` of integers: the runtime's int64 power, cast back to the result's type.
    fn int_power(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let x = self.cast(vals[0], &types[0], result)?;
        let y = self.cast(vals[1], &types[1], result)?;
        if matches!(result, Type::Int(i) if i.signed) {
            let y = y.into_int_value();
            let negative = self
                .b
                .build_int_compare(IntPredicate::SLT, y, y.get_type().const_zero(), "negexp")
                .ir()?;
            let ok = self.b.build_not(negative, "ok").ir()?;
            self.check(
                ok,
                "ValueError",
                "Integers to negative integer powers are not allowed.",
            )?;
        }
        let f64pow = self.runtime(RuntimeFn::Ipow);
        let x64 = self.cast(x, result, &Type::I64)?;
        let y64 = self.cast(y, result, &Type::I64)?;
        let r = self
            .b
            .build_call(f64pow, &[x64.into(), y64.into()], "ipow")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i64");
        self.cast(r, &Type::I64, result)
    }
}
