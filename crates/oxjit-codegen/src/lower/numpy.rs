//! NumPy functions on scalars: ufuncs with NumPy's semantics (no exceptions: NaN and infinities
//! flow through) computed in the result's float width, and scalar-type conversions.

use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::FloatPredicate;
use oxjit_abi::RuntimeFn;
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

    pub fn numpy(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use NpFn::*;
        if let Some(target) = f.conversion_target() {
            return match types.first() {
                None => Ok(self.llvm_type(&target).const_zero()),
                Some(Type::Float(_)) if matches!(target, Type::Int(_)) => {
                    // NumPy truncates toward zero (out-of-range values are undefined there too).
                    let x = vals[0].into_float_value();
                    let it = self.llvm_type(&target).into_int_type();
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
                Some(t) => self.cast(vals[0], t, &target),
            };
        }
        if types.iter().any(|t| matches!(t, Type::Complex(_))) {
            return self.numpy_complex(f, vals, types, result);
        }
        if matches!(f, Conj | Conjugate) {
            // The identity on real numbers.
            return self.cast(vals[0], &types[0], result);
        }
        // Integer forms that stay integers.
        if types.iter().all(Type::is_integer_like) && !matches!(result, Type::Float(_)) {
            return self.numpy_integer(f, vals, types, result);
        }
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
        let b = &self.b;
        let r: FloatValue<'ctx> = match f {
            Sqrt => self.intrinsic_float("llvm.sqrt", &t, &[x])?,
            Exp => self.intrinsic_float("llvm.exp", &t, &[x])?,
            Exp2 => self.intrinsic_float("llvm.exp2", &t, &[x])?,
            Log => self.intrinsic_float("llvm.log", &t, &[x])?,
            Log2 => self.intrinsic_float("llvm.log2", &t, &[x])?,
            Log10 => self.intrinsic_float("llvm.log10", &t, &[x])?,
            Sin => self.intrinsic_float("llvm.sin", &t, &[x])?,
            Cos => self.intrinsic_float("llvm.cos", &t, &[x])?,
            Floor => self.intrinsic_float("llvm.floor", &t, &[x])?,
            Ceil => self.intrinsic_float("llvm.ceil", &t, &[x])?,
            Trunc => self.intrinsic_float("llvm.trunc", &t, &[x])?,
            Rint => self.intrinsic_float("llvm.roundeven", &t, &[x])?,
            Fabs | Abs | Absolute => self.intrinsic_float("llvm.fabs", &t, &[x])?,
            Copysign => self.intrinsic_float("llvm.copysign", &t, &[x, args[1]])?,
            Power => self.intrinsic_float("llvm.pow", &t, &[x, args[1]])?,
            Expm1 => self.libm_float("expm1", &t, &[x])?,
            Log1p => self.libm_float("log1p", &t, &[x])?,
            Tan => self.libm_float("tan", &t, &[x])?,
            Arcsin => self.libm_float("asin", &t, &[x])?,
            Arccos => self.libm_float("acos", &t, &[x])?,
            Arctan => self.libm_float("atan", &t, &[x])?,
            Sinh => self.libm_float("sinh", &t, &[x])?,
            Cosh => self.libm_float("cosh", &t, &[x])?,
            Tanh => self.libm_float("tanh", &t, &[x])?,
            Arcsinh => self.libm_float("asinh", &t, &[x])?,
            Arccosh => self.libm_float("acosh", &t, &[x])?,
            Arctanh => self.libm_float("atanh", &t, &[x])?,
            Cbrt => self.libm_float("cbrt", &t, &[x])?,
            Arctan2 => self.libm_float("atan2", &t, &[x, args[1]])?,
            Hypot => self.libm_float("hypot", &t, &[x, args[1]])?,
            Reciprocal => b
                .build_float_div(x.get_type().const_float(1.0), x, "recip")
                .ir()?,
            // NumPy's npy_fmod is the C library's fmod (called, not LLVM's frem, whose NaNs
            // for infinite dividends may carry another sign).
            Fmod => self.libm_float("fmod", &t, &[x, args[1]])?,
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
            Minimum | Maximum => {
                // NaN wins, as in NumPy.
                let y = args[1];
                let pred = if f == Minimum {
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
                b.build_select(either_nan, nan, m, "minmax")
                    .ir()?
                    .into_float_value()
            }
            Fmin => self.intrinsic_float("llvm.minnum", &t, &[x, args[1]])?,
            Fmax => self.intrinsic_float("llvm.maxnum", &t, &[x, args[1]])?,
            Sign => {
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
                b.build_select(isnan, x, s, "sign").ir()?.into_float_value()
            }
            Isnan => return Ok(self.is_nan(x)?.into()),
            Isinf => return Ok(self.is_inf(x)?.into()),
            Isfinite => return Ok(self.is_finite(x)?.into()),
            _ => {
                return Err(self.err(format!(
                    "np.{}() of {} is not supported yet",
                    f.name(),
                    result
                )))
            }
        };
        Ok(r.into())
    }

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
                    .build_int_compare(
                        inkwell::IntPredicate::SLT,
                        x,
                        x.get_type().const_zero(),
                        "neg",
                    )
                    .ir()?;
                let minus = self.b.build_int_neg(x, "minus").ir()?;
                self.b.build_select(neg, minus, x, "abs").ir()
            }
            Sign => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let t = x.get_type();
                let signed = matches!(result, Type::Int(i) if i.signed);
                let (gt, lt) = if signed {
                    (inkwell::IntPredicate::SGT, inkwell::IntPredicate::SLT)
                } else {
                    (inkwell::IntPredicate::UGT, inkwell::IntPredicate::ULT)
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
            Fmod => {
                // NumPy's integer fmod: C's `%` (the dividend's sign), 0 for a zero divisor
                // (and for MIN % -1, which C leaves undefined).
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let y = self.cast(vals[1], &types[1], result)?.into_int_value();
                let signed = matches!(result, Type::Int(i) if i.signed);
                let it = x.get_type();
                let zero = self
                    .b
                    .build_int_compare(inkwell::IntPredicate::EQ, y, it.const_zero(), "yzero")
                    .ir()?;
                let minus_one = self
                    .b
                    .build_int_compare(inkwell::IntPredicate::EQ, y, it.const_all_ones(), "ym1")
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
            Minimum | Maximum | Fmin | Fmax => {
                let x = self.cast(vals[0], &types[0], result)?.into_int_value();
                let y = self.cast(vals[1], &types[1], result)?.into_int_value();
                let signed = matches!(result, Type::Int(i) if i.signed);
                let pred = match (f == Minimum || f == Fmin, signed) {
                    (true, true) => inkwell::IntPredicate::SLT,
                    (true, false) => inkwell::IntPredicate::ULT,
                    (false, true) => inkwell::IntPredicate::SGT,
                    (false, false) => inkwell::IntPredicate::UGT,
                };
                let pick = self.b.build_int_compare(pred, x, y, "pick").ir()?;
                self.b.build_select(pick, x, y, "minmax").ir()
            }
            Power => {
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
            _ => Err(self.err(format!(
                "np.{}() of integers is not supported yet",
                f.name()
            ))),
        }
    }
}
