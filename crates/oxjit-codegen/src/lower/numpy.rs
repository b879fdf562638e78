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

    fn intrinsic_float(
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
            Power => ("llvm.pow", 2),
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
                    if matches!(f, Isnan | Isinf | Isfinite) {
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
            Deg2rad => b
                .build_float_mul(
                    x,
                    x.get_type().const_float(std::f64::consts::PI / 180.0),
                    "rad",
                )
                .ir()?,
            Rad2deg => b
                .build_float_mul(
                    x,
                    x.get_type().const_float(180.0 / std::f64::consts::PI),
                    "deg",
                )
                .ir()?,
            Minimum | Maximum => self.float_minmax(f, x, args[1])?,
            Sign => self.float_sign(x)?,
            Isnan => return Ok(self.is_nan(x)?.into()),
            Isinf => return Ok(self.is_inf(x)?.into()),
            Isfinite => return Ok(self.is_finite(x)?.into()),
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
            Isnan | Isinf => Ok(self.cx().bool_type().const_zero().into()),
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
            // Typing gives the others a float result (`registry::numpy`).
            _ => Err(Diagnostic::internal(format!(
                "np.{}() of integers has no integer loop",
                f.name()
            ))),
        }
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
