//! NumPy's ufuncs on complex numbers (scalars, and each item of an array expression): the
//! functions of `oxjit_runtime::npcomplex`, which compute as NumPy does (the C library's C99
//! `csqrt`, `cexp`, `clog`... and NumPy's own `npy_cpow`, `sign`, `reciprocal`), in the
//! precision of the result (complex64 calls the `float` forms).

use inkwell::values::{BasicValueEnum, FloatValue};
use oxjit_abi::{NpcOp, RuntimeFn, Width};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::NpFn;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `f` applied to arguments of which one at least is complex; `result` as typed by
    /// `registry::numpy::type_call` (complex, or float for `abs`, or bool for `isnan` & co.).
    pub fn numpy_complex(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use NpFn::*;
        // The complex type the arguments compute in.
        let z = match result {
            Type::Complex(_) => result.clone(),
            Type::Float(bits) => Type::Complex(bits * 2),
            _ => types
                .iter()
                .find(|t| matches!(t, Type::Complex(_)))
                .cloned()
                .expect("a complex argument"),
        };
        let args = vals
            .iter()
            .zip(types)
            .map(|(v, t)| self.cast(*v, t, &z))
            .collect::<R<Vec<_>>>()?;
        let (re, im) = self.complex_parts(args[0])?;
        match f {
            Isnan | Isinf | Isfinite => {
                let test = |s: &Self, x: FloatValue<'ctx>| match f {
                    Isnan => s.is_nan(x),
                    Isinf => s.is_inf(x),
                    _ => s.is_finite(x),
                };
                let (a, b) = (test(self, re)?, test(self, im)?);
                Ok(if f == Isfinite {
                    self.b.build_and(a, b, "finite").ir()?.into()
                } else {
                    self.b.build_or(a, b, "either").ir()?.into()
                })
            }
            // NumPy's `imag != 0` (NaN counts) and `imag == 0`.
            Iscomplex | Isreal => {
                let pred = if f == Iscomplex {
                    inkwell::FloatPredicate::UNE
                } else {
                    inkwell::FloatPredicate::OEQ
                };
                let zero = im.get_type().const_zero();
                Ok(self
                    .b
                    .build_float_compare(pred, im, zero, "imag")
                    .ir()?
                    .into())
            }
            Abs | Absolute => self.numpy_cabs(re, im).map(Into::into),
            Conj | Conjugate => {
                let im = self.b.build_float_neg(im, "conj").ir()?;
                Ok(self.make_complex(re.into(), im.into(), &z)?.into())
            }
            Power => {
                let (br, bi) = self.complex_parts(args[1])?;
                self.npc_call(NpcOp::Power, &z, &[re, im, br, bi])
            }
            Exp2 | Expm1 | Log1p | Sign | Reciprocal | Sqrt | Exp | Log | Log2 | Log10 | Sin
            | Cos | Tan | Sinh | Cosh | Tanh | Arcsin | Arccos | Arctan | Arcsinh | Arccosh
            | Arctanh => self.npc_call(npc_op(f), &z, &[re, im]),
            // Typing refuses the others (`registry::numpy::complex_call`).
            _ => Err(Diagnostic::internal(format!(
                "np.{}() is not supported for complex numbers",
                f.name()
            ))),
        }
    }

    /// `np.abs(z)` as NumPy's SIMD `absolute` loop (`loops_unary_complex.dispatch.c.src`)
    /// computes it, which is not the C library's hypot: infinities first, then NaNs, then
    /// `larger * sqrt(ratio * ratio + 1)` (a fused multiply-add where the CPU has one).
    fn numpy_cabs(&mut self, re: FloatValue<'ctx>, im: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        use inkwell::FloatPredicate::{OEQ, ORD};
        let ft = re.get_type();
        let unary = |s: &Self, name: &str, x: FloatValue<'ctx>| -> R<FloatValue<'ctx>> {
            Ok(s.call_intrinsic(name, &[ft.into()], &[x.into()])?
                .into_float_value())
        };
        let re = unary(self, "llvm.fabs", re)?;
        let im = unary(self, "llvm.fabs", im)?;
        let inf = ft.const_float(f64::INFINITY);
        let nan = ft.const_float(f64::NAN);
        let one = ft.const_float(1.0);
        let sel = |s: &Self, c, x: FloatValue<'ctx>, y: FloatValue<'ctx>| -> R<FloatValue<'ctx>> {
            Ok(s.b.build_select(c, x, y, "sel").ir()?.into_float_value())
        };
        let re_inf = self.b.build_float_compare(OEQ, re, inf, "reinf").ir()?;
        let im_inf = self.b.build_float_compare(OEQ, im, inf, "iminf").ir()?;
        let im = sel(self, re_inf, inf, im)?;
        let re = sel(self, im_inf, inf, re)?;
        let re_num = self.b.build_float_compare(ORD, re, re, "renum").ir()?;
        let im_num = self.b.build_float_compare(ORD, im, im, "imnum").ir()?;
        let im = sel(self, re_num, im, nan)?;
        let re = sel(self, im_num, re, nan)?;
        // No NaN is left but in both parts at once: plain max and min.
        let re_bigger = self
            .b
            .build_float_compare(inkwell::FloatPredicate::OGT, re, im, "bigger")
            .ir()?;
        let larger = sel(self, re_bigger, re, im)?;
        let smaller = sel(self, re_bigger, im, re)?;
        let zero = self
            .b
            .build_float_compare(OEQ, larger, ft.const_zero(), "zero")
            .ir()?;
        let infinite = self.b.build_float_compare(OEQ, smaller, inf, "inf").ir()?;
        let skip = self.b.build_or(zero, infinite, "skip").ir()?;
        let ratio = self.b.build_float_div(smaller, larger, "ratio").ir()?;
        let ratio = sel(self, skip, ft.const_zero(), ratio)?;
        let sum = self.mul_add(ratio, ratio, one)?;
        let root = unary(self, "llvm.sqrt", sum)?;
        self.b.build_float_mul(root, larger, "abs").ir()
    }

    /// `x * y + z` as NumPy's SIMD loops compute `npyv_muladd`: fused where the CPU has FMA
    /// instructions (NumPy then runs its FMA3/AVX2 loops), two roundings otherwise.
    pub fn mul_add(
        &self,
        x: FloatValue<'ctx>,
        y: FloatValue<'ctx>,
        z: FloatValue<'ctx>,
    ) -> R<FloatValue<'ctx>> {
        if crate::host_has_fma() {
            let ft = x.get_type();
            return Ok(self
                .call_intrinsic("llvm.fma", &[ft.into()], &[x.into(), y.into(), z.into()])?
                .into_float_value());
        }
        let p = self.b.build_float_mul(x, y, "xy").ir()?;
        self.b.build_float_add(p, z, "xyz").ir()
    }

    /// Calls the runtime's `op` (`oxjit_rt_npc_<name>`, `...f` for complex64) with the parts in
    /// `args`; its result comes back through a two-float slot.
    pub fn npc_call(
        &mut self,
        op: NpcOp,
        z: &Type,
        args: &[FloatValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let single = *z == Type::Complex(64);
        let (ft, width) = if single {
            (self.cx().f32_type(), Width::Single)
        } else {
            (self.cx().f64_type(), Width::Double)
        };
        let func = self.runtime(RuntimeFn::NpComplex(op, width));
        let slot_t = ft.array_type(2);
        let slot = self.alloca(slot_t.into(), "npc.out")?;
        let mut call_args: Vec<inkwell::values::BasicMetadataValueEnum> =
            args.iter().map(|a| (*a).into()).collect();
        call_args.push(slot.into());
        self.b.build_call(func, &call_args, "").ir()?;
        let [re, im] = self.load_pair(slot, ft)?;
        Ok(self.make_complex(re, im, z)?.into())
    }

    /// The two floats a runtime function wrote into `slot` (a `[2 x ft]`: a complex result's
    /// real and imaginary parts).
    pub(super) fn load_pair(
        &mut self,
        slot: inkwell::values::PointerValue<'ctx>,
        ft: inkwell::types::FloatType<'ctx>,
    ) -> R<[BasicValueEnum<'ctx>; 2]> {
        let slot_t = ft.array_type(2);
        let i64t = self.cx().i64_type();
        let mut parts = [ft.const_zero().into(); 2];
        for (k, part) in parts.iter_mut().enumerate() {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the real or
            // imaginary part of the first item of the array: inside its data.
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    slot_t,
                    slot,
                    &[i64t.const_zero(), i64t.const_int(k as u64, false)],
                    "part",
                )
            }
            .ir()?;
            *part = self.b.build_load(ft, p, "v").ir()?;
        }
        Ok(parts)
    }

    /// `a + bi` over `c + di` as NumPy's complex `divide` loop computes it (`loops.c.src`):
    /// Smith's method with a reciprocal scale, and a zero divisor giving `a/0`, `b/0` (±inf or
    /// NaN in each part).
    pub fn numpy_complex_quotient(
        &mut self,
        (a, b): (FloatValue<'ctx>, FloatValue<'ctx>),
        (c, d): (FloatValue<'ctx>, FloatValue<'ctx>),
    ) -> R<(FloatValue<'ctx>, FloatValue<'ctx>)> {
        use inkwell::FloatPredicate::{OEQ, OGE};
        let ft = a.get_type();
        let fabs = |s: &Self, x: FloatValue<'ctx>| -> R<FloatValue<'ctx>> {
            Ok(s.call_intrinsic("llvm.fabs", &[ft.into()], &[x.into()])?
                .into_float_value())
        };
        let (abs_c, abs_d) = (fabs(self, c)?, fabs(self, d)?);
        let bl = &self.b;
        let one = ft.const_float(1.0);
        // |c| >= |d|: by c.
        let rat = bl.build_float_div(d, c, "rat").ir()?;
        let den = bl
            .build_float_add(c, bl.build_float_mul(d, rat, "dr").ir()?, "den")
            .ir()?;
        let scl = bl.build_float_div(one, den, "scl").ir()?;
        let re1 = bl
            .build_float_add(a, bl.build_float_mul(b, rat, "br").ir()?, "n")
            .ir()?;
        let im1 = bl
            .build_float_sub(b, bl.build_float_mul(a, rat, "ar").ir()?, "n")
            .ir()?;
        let re1 = bl.build_float_mul(re1, scl, "re1").ir()?;
        let im1 = bl.build_float_mul(im1, scl, "im1").ir()?;
        // Both zero: each part over the zero.
        let re0 = bl.build_float_div(a, abs_c, "re0").ir()?;
        let im0 = bl.build_float_div(b, abs_d, "im0").ir()?;
        // |c| < |d| (or a NaN): by d.
        let rat = bl.build_float_div(c, d, "rat").ir()?;
        let den = bl
            .build_float_add(d, bl.build_float_mul(c, rat, "cr").ir()?, "den")
            .ir()?;
        let scl = bl.build_float_div(one, den, "scl").ir()?;
        let re2 = bl
            .build_float_add(bl.build_float_mul(a, rat, "ar").ir()?, b, "n")
            .ir()?;
        let im2 = bl
            .build_float_sub(bl.build_float_mul(b, rat, "br").ir()?, a, "n")
            .ir()?;
        let re2 = bl.build_float_mul(re2, scl, "re2").ir()?;
        let im2 = bl.build_float_mul(im2, scl, "im2").ir()?;
        let by_c = bl.build_float_compare(OGE, abs_c, abs_d, "byc").ir()?;
        let c_zero = bl
            .build_float_compare(OEQ, abs_c, ft.const_zero(), "czero")
            .ir()?;
        let d_zero = bl
            .build_float_compare(OEQ, abs_d, ft.const_zero(), "dzero")
            .ir()?;
        let zero = bl.build_and(c_zero, d_zero, "zero").ir()?;
        let pick = |s: &Self,
                    c0: inkwell::values::IntValue<'ctx>,
                    x0: FloatValue<'ctx>,
                    x1: FloatValue<'ctx>,
                    x2: FloatValue<'ctx>|
         -> R<FloatValue<'ctx>> {
            let first = s.b.build_select(c0, x0, x1, "p").ir()?;
            Ok(s.b
                .build_select(by_c, first, x2.into(), "q")
                .ir()?
                .into_float_value())
        };
        let re = pick(self, zero, re0, re1, re2)?;
        let im = pick(self, zero, im0, im1, im2)?;
        Ok((re, im))
    }
}

/// The runtime's function for NumPy's complex ufunc `f` (of one complex argument).
fn npc_op(f: NpFn) -> NpcOp {
    use NpFn::*;
    match f {
        Sqrt => NpcOp::Sqrt,
        Exp => NpcOp::Exp,
        Log => NpcOp::Log,
        Sin => NpcOp::Sin,
        Cos => NpcOp::Cos,
        Tan => NpcOp::Tan,
        Sinh => NpcOp::Sinh,
        Cosh => NpcOp::Cosh,
        Tanh => NpcOp::Tanh,
        Arcsin => NpcOp::Arcsin,
        Arccos => NpcOp::Arccos,
        Arctan => NpcOp::Arctan,
        Arcsinh => NpcOp::Arcsinh,
        Arccosh => NpcOp::Arccosh,
        Arctanh => NpcOp::Arctanh,
        Log10 => NpcOp::Log10,
        Log2 => NpcOp::Log2,
        Exp2 => NpcOp::Exp2,
        Expm1 => NpcOp::Expm1,
        Log1p => NpcOp::Log1p,
        Sign => NpcOp::Sign,
        Reciprocal => NpcOp::Reciprocal,
        Power => NpcOp::Power,
        _ => unreachable!("np.{} has no complex runtime function", f.name()),
    }
}
