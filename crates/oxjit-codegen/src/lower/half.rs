//! float16 values: an LLVM `half`, converted to and from other numbers by the runtime's
//! bit-exact ports of NumPy's conversions (`oxjit-runtime/src/half.rs`), not by LLVM's `fpext`
//! and `fptrunc` (the F16C instructions quiet a signalling NaN, NumPy's conversions keep it).
//! Arithmetic on `half` is LLVM's: each operation computes in float32 and rounds back, which is
//! what NumPy's float16 loops do.

use inkwell::values::{BasicValueEnum, FloatValue};
use inkwell::FloatPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::callee::NpFn;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

const F32: Type = Type::Float(32);

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `v` converted from `from` to `to` where either is float16 (None otherwise, or for a
    /// conversion left to the general rules: to and from bool).
    pub(super) fn half_cast(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        Ok(Some(match (from, to) {
            (Type::Float(16), Type::Float(32)) => self.half_to(v, RuntimeFn::HalfToF32)?,
            (Type::Float(16), Type::Float(64)) => self.half_to(v, RuntimeFn::HalfToF64)?,
            // To integers and complex numbers through float32, which holds every float16.
            (Type::Float(16), Type::Int(_) | Type::Complex(_)) => {
                let f = self.half_to(v, RuntimeFn::HalfToF32)?;
                self.cast(f, &F32, to)?
            }
            (Type::Float(32), Type::Float(16)) => self.half_from(v, RuntimeFn::HalfFromF32)?,
            (Type::Float(64), Type::Float(16)) => self.half_from(v, RuntimeFn::HalfFromF64)?,
            // Integers through float64 (exact up to 2^53, and anything past 65504 overflows).
            (Type::Bool | Type::Int(_), Type::Float(16)) => {
                let d = self.cast(v, from, &Type::F64)?;
                self.half_from(d, RuntimeFn::HalfFromF64)?
            }
            _ => return Ok(None),
        }))
    }

    /// The float32 or float64 of a float16 (`f` one of the runtime's `HalfTo*`).
    fn half_to(&self, v: BasicValueEnum<'ctx>, f: RuntimeFn) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        let bits = self
            .b
            .build_bit_cast(v, cx.i16_type(), "hbits")
            .ir()?
            .into_int_value();
        let wide = self
            .b
            .build_int_z_extend(bits, cx.i32_type(), "hwide")
            .ir()?;
        Ok(self
            .call_runtime(f, &[wide.into()])?
            .expect("a float result"))
    }

    /// The float16 of a float32 or float64 (`f` one of the runtime's `HalfFrom*`).
    fn half_from(&self, v: BasicValueEnum<'ctx>, f: RuntimeFn) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        let wide = self
            .call_runtime(f, &[v.into()])?
            .expect("an int result")
            .into_int_value();
        let bits = self
            .b
            .build_int_truncate(wide, cx.i16_type(), "hbits")
            .ir()?;
        self.b.build_bit_cast(bits, cx.f16_type(), "half").ir()
    }

    /// A NumPy function of numbers (not a conversion) with float16 operands or result: computed
    /// in float32 and rounded back, as NumPy's float16 loops do; operands of a float16 loop are
    /// first made float16 (a Python int next to a float16 rounds to float16 first).
    pub(super) fn numpy_half(
        &mut self,
        f: NpFn,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let half_loop = *result == Type::Float(16);
        if half_loop && matches!(f, NpFn::Maximum | NpFn::Minimum | NpFn::Fmax | NpFn::Fmin) {
            let x = self.cast(vals[0], &types[0], &Type::Float(16))?;
            let y = self.cast(vals[1], &types[1], &Type::Float(16))?;
            return self.half_pick(f, x, y);
        }
        let mut wide_vals = Vec::with_capacity(vals.len());
        let mut wide_types = Vec::with_capacity(vals.len());
        for (v, t) in vals.iter().zip(types) {
            let v = if half_loop {
                self.cast(*v, t, &Type::Float(16))?
            } else {
                *v
            };
            if half_loop || *t == Type::Float(16) {
                wide_vals.push(self.half_widen(v)?.into());
                wide_types.push(F32);
            } else {
                wide_vals.push(v);
                wide_types.push(t.clone());
            }
        }
        if !half_loop {
            return self.numpy(f, &wide_vals, &wide_types, result);
        }
        // NumPy's half loops call expf/logf/sinf/cosf, not its float32 SIMD code (NaN payloads
        // differ).
        let r = match f {
            NpFn::Exp | NpFn::Log | NpFn::Sin | NpFn::Cos => {
                let name = match f {
                    NpFn::Exp => "llvm.exp",
                    NpFn::Log => "llvm.log",
                    NpFn::Sin => "llvm.sin",
                    _ => "llvm.cos",
                };
                self.intrinsic_float(name, &F32, &[wide_vals[0].into_float_value()])?
            }
            // and tanhf, not its float32 SIMD tanh
            NpFn::Tanh => self.libm_float("tanh", &F32, &[wide_vals[0].into_float_value()])?,
            _ => self
                .numpy(f, &wide_vals, &wide_types, &F32)?
                .into_float_value(),
        };
        self.half_narrow(r)
    }

    /// NumPy's `HALF_maximum` and friends: one of the operands' own bits (a NaN is not quieted,
    /// and of equal zeros the first is kept): `x` where `x >= y` (`<=` for the minimums) or
    /// where the operand that wins on NaN (`x` for maximum/minimum, `y` for fmax/fmin) is NaN.
    fn half_pick(
        &mut self,
        f: NpFn,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let (xf, yf) = (self.half_widen(x)?, self.half_widen(y)?);
        let order = if matches!(f, NpFn::Maximum | NpFn::Fmax) {
            FloatPredicate::OGE
        } else {
            FloatPredicate::OLE
        };
        let wins = self.b.build_float_compare(order, xf, yf, "wins").ir()?;
        let nan_side = if matches!(f, NpFn::Maximum | NpFn::Minimum) {
            xf
        } else {
            yf
        };
        let nan = self
            .b
            .build_float_compare(FloatPredicate::UNO, nan_side, nan_side, "nan")
            .ir()?;
        let take_x = self.b.build_or(wins, nan, "takex").ir()?;
        self.b.build_select(take_x, x, y, "pick").ir()
    }

    /// A float16 as float32, for computing what NumPy computes in float32.
    pub(crate) fn half_widen(&self, v: BasicValueEnum<'ctx>) -> R<FloatValue<'ctx>> {
        Ok(self.half_to(v, RuntimeFn::HalfToF32)?.into_float_value())
    }

    /// A float32 result rounded back to float16.
    pub(crate) fn half_narrow(&self, v: FloatValue<'ctx>) -> R<BasicValueEnum<'ctx>> {
        self.half_from(v.into(), RuntimeFn::HalfFromF32)
    }
}
