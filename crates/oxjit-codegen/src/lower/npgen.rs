//! `np.random.default_rng` and the methods of `np.random.Generator`: NumPy's checks of the
//! parameters (its exception classes and messages, in its order), then the runtime draws
//! through the generator's bit generator (`oxjit_runtime::rng`) into the result: a new array
//! filled in C order, or one value drawn through a one-item slot. The receiver is the block's
//! meminfo pointer, which the runtime reads.

use inkwell::values::{BasicValueEnum, FloatValue, IntValue, PointerValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::{RngDist, RuntimeFn};
use oxjit_core::callee::Builtin;
use oxjit_core::registry::npgen::NpGenFn;
use oxjit_core::types::{size_align, ArrayTy, Type};

use super::bound::{Arg, CallCx};
use super::{FnGen, Ir, R};

/// NumPy's `POISSON_LAM_MAX`: `np.iinfo('l').max - np.sqrt(np.iinfo('l').max) * 10`.
const POISSON_LAM_MAX: f64 = 9.223372006484771e18;

pub(super) fn call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::NpGen(f) = c.id else {
        return Err(oxjit_core::diagnostics::Diagnostic::internal(format!(
            "{:?} is not a Generator method",
            c.id
        )));
    };
    if f == NpGenFn::DefaultRng {
        return g.default_rng(&c.args[0]);
    }
    let rng = c.args[0].v.into_pointer_value();
    let a = &c.args[1..];
    let float = |g: &FnGen<'a, 'ctx>, k: usize| -> R<FloatValue<'ctx>> {
        Ok(g.cast(a[k].v, &a[k].t, &Type::F64)?.into_float_value())
    };
    let zero = g.cx().f64_type().const_zero();
    match f {
        NpGenFn::Random | NpGenFn::StandardNormal | NpGenFn::StandardExponential
            if c.decoded.dtype == Some(Type::Float(32)) =>
        {
            let dist = match f {
                NpGenFn::StandardNormal => RngDist::StandardNormal,
                NpGenFn::StandardExponential => RngDist::StandardExponential,
                _ => RngDist::Random,
            };
            let code = g.cx().i32_type().const_int(dist as u64, false);
            g.rng_fill(c.result, &a[0], &mut |g, out, n| {
                g.call_runtime(
                    RuntimeFn::RngFillF32,
                    &[rng.into(), code.into(), n.into(), out.into()],
                )?;
                Ok(())
            })
        }
        NpGenFn::Random => g.rng_draw_f64(rng, RngDist::Random, zero, zero, &a[0], c.result),
        NpGenFn::StandardNormal => {
            g.rng_draw_f64(rng, RngDist::StandardNormal, zero, zero, &a[0], c.result)
        }
        NpGenFn::StandardExponential => g.rng_draw_f64(
            rng,
            RngDist::StandardExponential,
            zero,
            zero,
            &a[0],
            c.result,
        ),
        NpGenFn::Normal => {
            let (loc, scale) = (float(g, 0)?, float(g, 1)?);
            g.check_non_negative(scale, "scale < 0")?;
            g.rng_draw_f64(rng, RngDist::Normal, loc, scale, &a[2], c.result)
        }
        NpGenFn::Uniform => {
            let (low, high) = (float(g, 0)?, float(g, 1)?);
            let range = g.b.build_float_sub(high, low, "range").ir()?;
            let finite = g.is_finite(range)?;
            g.check(
                finite,
                "OverflowError",
                "high - low range exceeds valid bounds",
            )?;
            let ok =
                g.b.build_float_compare(FloatPredicate::UGE, range, zero, "ok")
                    .ir()?;
            g.check(ok, "ValueError", "high - low < 0")?;
            g.rng_draw_f64(rng, RngDist::Uniform, low, range, &a[2], c.result)
        }
        NpGenFn::Exponential => {
            let scale = float(g, 0)?;
            g.check_non_negative(scale, "scale < 0")?;
            g.rng_draw_f64(rng, RngDist::Exponential, scale, zero, &a[1], c.result)
        }
        NpGenFn::StandardGamma => {
            let shape = float(g, 0)?;
            g.check_non_negative(shape, "shape < 0")?;
            g.rng_draw_f64(rng, RngDist::StandardGamma, shape, zero, &a[1], c.result)
        }
        NpGenFn::Gamma => {
            let (shape, scale) = (float(g, 0)?, float(g, 1)?);
            g.check_non_negative(shape, "shape < 0")?;
            g.check_non_negative(scale, "scale < 0")?;
            g.rng_draw_f64(rng, RngDist::Gamma, shape, scale, &a[2], c.result)
        }
        NpGenFn::Poisson => {
            let lam = float(g, 0)?;
            let ok =
                g.b.build_float_compare(FloatPredicate::OGE, lam, zero, "ok")
                    .ir()?;
            g.check(ok, "ValueError", "lam < 0 or lam is NaN")?;
            let max = g.cx().f64_type().const_float(POISSON_LAM_MAX);
            let ok =
                g.b.build_float_compare(FloatPredicate::OLE, lam, max, "ok")
                    .ir()?;
            g.check(ok, "ValueError", "lam value too large")?;
            g.rng_draw_i64(rng, RngDist::Poisson, lam, g.i64(0), &a[1], c.result)
        }
        NpGenFn::Zipf => {
            let shape = float(g, 0)?;
            let one = g.cx().f64_type().const_float(1.0);
            let ok =
                g.b.build_float_compare(FloatPredicate::OGT, shape, one, "ok")
                    .ir()?;
            g.check(ok, "ValueError", "a <= 1 or a is NaN")?;
            g.rng_draw_i64(rng, RngDist::Zipf, shape, g.i64(0), &a[1], c.result)
        }
        NpGenFn::Binomial => g.binomial(rng, a, c.result),
        NpGenFn::Integers => g.integers(rng, a, c.result),
        NpGenFn::Shuffle => {
            let Type::Array(at) = &a[0].t else {
                unreachable!("typed as an array")
            };
            g.rng_shuffle(rng, a[0].v.into_struct_value(), at)?;
            Ok(g.cx().i8_type().const_zero().into())
        }
        NpGenFn::Permutation => g.rng_permutation(rng, &a[0], c.result),
        NpGenFn::Choice => g.rng_choice(rng, a, c.result),
        NpGenFn::DefaultRng => unreachable!("made above"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `rng.binomial(n, p, size)`: NumPy's checks of `p` then `n`, then the draws.
    fn binomial(
        &mut self,
        rng: PointerValue<'ctx>,
        a: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let zero = self.cx().f64_type().const_zero();
        let n = self.cast(a[0].v, &a[0].t, &Type::I64)?.into_int_value();
        let p = self.cast(a[1].v, &a[1].t, &Type::F64)?.into_float_value();
        let one = self.cx().f64_type().const_float(1.0);
        let ge0 = self
            .b
            .build_float_compare(FloatPredicate::OGE, p, zero, "ge0")
            .ir()?;
        let le1 = self
            .b
            .build_float_compare(FloatPredicate::OLE, p, one, "le1")
            .ir()?;
        let ok = self.b.build_and(ge0, le1, "ok").ir()?;
        self.check(ok, "ValueError", "p < 0, p > 1 or p is NaN")?;
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, n, self.i64(0), "ok")
            .ir()?;
        self.check(ok, "ValueError", "n < 0")?;
        self.rng_draw_i64(rng, RngDist::Binomial, p, n, &a[2], result)
    }

    /// `np.random.default_rng(seed)`: a new block seeded as NumPy's `PCG64(seed)`, or from the
    /// operating system's entropy for `None`.
    fn default_rng(&mut self, seed: &Arg<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let i1 = self.cx().bool_type();
        let (value, entropy) = match &seed.t {
            Type::NoneType => (self.i64(0), i1.const_int(1, false)),
            t => {
                let v = self.cast(seed.v, t, &Type::I64)?.into_int_value();
                // An unsigned seed is taken as its bits (every value is non-negative).
                if !matches!(t, Type::Int(i) if !i.signed) {
                    let ok = self
                        .b
                        .build_int_compare(IntPredicate::SGE, v, self.i64(0), "ok")
                        .ir()?;
                    self.check(ok, "ValueError", "expected non-negative integer")?;
                }
                (v, i1.const_zero())
            }
        };
        let mi = self
            .call_runtime(RuntimeFn::RngNew, &[value.into(), entropy.into()])?
            .expect("a block")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(mi, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(mi.into())
    }

    /// NumPy's `CONS_NON_NEGATIVE`: fails where the sign bit is set (`-0.0` too), NaN passes.
    fn check_non_negative(&mut self, x: FloatValue<'ctx>, msg: &str) -> R<()> {
        let i64t = self.cx().i64_type();
        let bits = self
            .b
            .build_bit_cast(x, i64t, "bits")
            .ir()?
            .into_int_value();
        let positive = self
            .b
            .build_int_compare(IntPredicate::SGE, bits, self.i64(0), "pos")
            .ir()?;
        let nan = self
            .b
            .build_float_compare(FloatPredicate::UNO, x, x, "nan")
            .ir()?;
        let ok = self.b.build_or(positive, nan, "ok").ir()?;
        self.check(ok, "ValueError", msg)
    }

    /// Float64 draws of `dist` (parameters `a`, `b`).
    fn rng_draw_f64(
        &mut self,
        rng: PointerValue<'ctx>,
        dist: RngDist,
        a: FloatValue<'ctx>,
        b: FloatValue<'ctx>,
        size: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let code = self.cx().i32_type().const_int(dist as u64, false);
        self.rng_fill(result, size, &mut |g, out, n| {
            g.call_runtime(
                RuntimeFn::RngFillF64,
                &[
                    rng.into(),
                    code.into(),
                    a.into(),
                    b.into(),
                    n.into(),
                    out.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// Int64 draws of `dist` (parameters `a`, `k`).
    fn rng_draw_i64(
        &mut self,
        rng: PointerValue<'ctx>,
        dist: RngDist,
        a: FloatValue<'ctx>,
        k: IntValue<'ctx>,
        size: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let code = self.cx().i32_type().const_int(dist as u64, false);
        self.rng_fill(result, size, &mut |g, out, n| {
            g.call_runtime(
                RuntimeFn::RngFillI64,
                &[
                    rng.into(),
                    code.into(),
                    a.into(),
                    k.into(),
                    n.into(),
                    out.into(),
                ],
            )?;
            Ok(())
        })
    }

    /// The result of a draw: with `size=None`, one value drawn through a slot; otherwise a new
    /// C-ordered array of the size's shape, filled in memory order (NumPy's draw order).
    pub(super) fn rng_fill(
        &mut self,
        result: &Type,
        size: &Arg<'ctx>,
        fill: &mut dyn FnMut(&mut Self, PointerValue<'ctx>, IntValue<'ctx>) -> R<()>,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            let slot = self.alloca(self.llvm_type(result), "draw")?;
            fill(self, slot, self.i64(1))?;
            return self.b.build_load(self.llvm_type(result), slot, "x").ir();
        };
        let shape = self.shape_argument(size)?;
        let arr = self.new_array(rt, &shape, false)?;
        let mut n = self.i64(1);
        for &d in &shape {
            n = self.b.build_int_mul(n, d, "n").ir()?;
        }
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        fill(self, data, n)?;
        Ok(arr.into())
    }

    /// `Generator.shuffle(x)`: the items (rows of a C-contiguous array) swapped in place as
    /// NumPy's `_shuffle_raw` does.
    pub(super) fn rng_shuffle(
        &mut self,
        rng: PointerValue<'ctx>,
        arr: inkwell::values::StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<()> {
        let n = self.array_shape(arr, 0)?;
        let strides = self.array_strides(arr, at)?;
        let mut row = self.i64(size_align(&at.dtype).0 as i64);
        for k in 1..at.ndim as u32 {
            row = self
                .b
                .build_int_mul(row, self.array_shape(arr, k)?, "row")
                .ir()?;
        }
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        self.call_runtime(
            RuntimeFn::RngShuffle,
            &[
                rng.into(),
                data.into(),
                n.into(),
                strides[0].into(),
                row.into(),
            ],
        )?;
        Ok(())
    }
}
