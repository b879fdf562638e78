//! `x ** 3` of a float64 without the C library's `pow` for most `x`, bit for bit as `pow`.
//!
//! CPython's `x ** 3` and NumPy's `a ** 3` (on CPUs without AVX-512) call `pow(x, 3.0)`, which
//! costs tens of nanoseconds; `x * x * x` rounds twice and differs from it in about a quarter of
//! the items. Here the cube is computed in double-double arithmetic (two FMAs give `x * x` and
//! `(x * x) * x` exactly as sums of two doubles), which leaves an error below 2^-100 of the
//! result before the last rounding, so the rounded sum `r` and its exact distance `err` to the
//! cube are known. glibc's `pow` (the one CPython and NumPy call) is `exp(y log x)` with `log`
//! in double-double (relative error 1.3 * 2^-68) and `exp`'s table method, whose error before
//! its last rounding is below 1.11/128 + 2^-13 ulp (its source: 0.5 + 1.11/N ulp, N = 128); the
//! log's error adds `|y log x| * 1.3 * 2^-15` ulp. So before rounding `pow` is within 0.014 ulp
//! of the cube for `|x|` in [2^-60, 2^60] (`|3 log x|` up to 125) and within 0.0095 ulp for
//! `|x|` in [2^-8, 2^8] (up to 16.7): where the cube lies within 0.48 ulp of `r` (0.485 in the
//! narrower range), `pow`'s value before rounding lies within 0.494 (0.495) ulp of `r`, on
//! `r`'s side of both halfway points, and `pow` returns `r` too. Ziv's rounding test decides it
//! in two operations (`fma(err, 1 / (2 * margin), r) == r`), measuring against the gap to the
//! neighbour on `err`'s side, which below a power of two is half an ulp. Other items (about one
//! in twenty-five, near a tie) and huge, tiny, zero, infinite or NaN ones call `pow`.

use inkwell::values::FloatValue;
use inkwell::FloatPredicate;

use super::{FnGen, Ir, R};

/// `|x|` range of the fast path: the cube stays a normal number and the bound above holds.
const LOW: f64 = 1.0 / (1u64 << 60) as f64;
const HIGH: f64 = (1u64 << 60) as f64;
/// How far from the cube, in ulps of the result, `r` may be for `pow` to give it surely: for
/// `|x|` in [LOW, HIGH], and in the narrower [NEAR_LOW, NEAR_HIGH] where `log x` is small.
/// (Ziv's test's factors `1 / (2 * margin)`, rounded up: margins 0.47998 and 0.48497.)
const ZIV_SCALE: f64 = 1.0417;
const ZIV_SCALE_NEAR: f64 = 1.031;
const NEAR_LOW: f64 = 1.0 / 256.0;
const NEAR_HIGH: f64 = 256.0;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `x ** 3` for a float64 `x`, as the C library's `pow(x, 3.0)`.
    pub fn cube_f64(&mut self, x: FloatValue<'ctx>) -> R<FloatValue<'ctx>> {
        let t = x.get_type();
        let fma = |s: &Self, a: FloatValue<'ctx>, b: FloatValue<'ctx>, c: FloatValue<'ctx>| {
            s.call_intrinsic("llvm.fma", &[t.into()], &[a.into(), b.into(), c.into()])
                .map(|v| v.into_float_value())
        };
        let ax = self
            .call_intrinsic("llvm.fabs", &[t.into()], &[x.into()])?
            .into_float_value();
        let b = &self.b;
        let above = b
            .build_float_compare(FloatPredicate::OGE, ax, t.const_float(LOW), "cube.lo")
            .ir()?;
        let below = b
            .build_float_compare(FloatPredicate::OLE, ax, t.const_float(HIGH), "cube.hi")
            .ir()?;
        let in_range = b.build_and(above, below, "cube.range").ir()?;
        // x*x = h + l and h*x = p + e exactly; the cube is p + e + l*x.
        let h = b.build_float_mul(x, x, "cube.h").ir()?;
        let neg_h = b.build_float_neg(h, "cube.nh").ir()?;
        let l = fma(self, x, x, neg_h)?;
        let b = &self.b;
        let p = b.build_float_mul(h, x, "cube.p").ir()?;
        let neg_p = b.build_float_neg(p, "cube.np").ir()?;
        let e = fma(self, h, x, neg_p)?;
        let b = &self.b;
        let lx = b.build_float_mul(l, x, "cube.lx").ir()?;
        let s = b.build_float_add(e, lx, "cube.s").ir()?;
        let r = b.build_float_add(p, s, "cube.r").ir()?;
        // r + err = p + s exactly (Fast2Sum: |p| >= |s|).
        let back = b.build_float_sub(p, r, "cube.back").ir()?;
        let err = b.build_float_add(back, s, "cube.err").ir()?;
        // Ziv's rounding test: `r + err / (2 * margin)`, rounded once, is `r` exactly where
        // `|err|` is below `margin` times the gap from `r` to its neighbour on `err`'s side (half
        // an ulp below a power of two, which the test takes care of by itself).
        let b = &self.b;
        let near_lo = b
            .build_float_compare(FloatPredicate::OGE, ax, t.const_float(NEAR_LOW), "cube.nlo")
            .ir()?;
        let near_hi = b
            .build_float_compare(
                FloatPredicate::OLE,
                ax,
                t.const_float(NEAR_HIGH),
                "cube.nhi",
            )
            .ir()?;
        let narrow = b.build_and(near_lo, near_hi, "cube.narrow").ir()?;
        let scale = b
            .build_select(
                narrow,
                t.const_float(ZIV_SCALE_NEAR),
                t.const_float(ZIV_SCALE),
                "cube.scale",
            )
            .ir()?
            .into_float_value();
        let moved = fma(self, err, scale, r)?;
        let b = &self.b;
        let near = b
            .build_float_compare(FloatPredicate::OEQ, moved, r, "cube.near")
            .ir()?;
        let ok = b.build_and(in_range, near, "cube.ok").ir()?;
        let fast = self.b.get_insert_block().expect("positioned");
        let slow = self.cx().append_basic_block(self.f, "cube.pow");
        let done = self.cx().append_basic_block(self.f, "cube.done");
        let br = self.b.build_conditional_branch(ok, done, slow).ir()?;
        // about one item in twenty-five takes `pow`
        let cx = self.cx();
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            cx.i32_type().const_int(24, false).into(),
            cx.i32_type().const_int(1, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
        self.b.position_at_end(slow);
        let three = t.const_float(3.0);
        // The four-lane `pow`'s masked variant lets the loop vectorise around this rare call.
        let slow_r = match self.call_vectorizable_libm("pow", &[x, three])? {
            Some(r) => r,
            None => self
                .target()
                .call_math_exact(&self.emit(), "pow", &[x.into(), three.into()])?
                .into_float_value(),
        };
        let slow_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(t, "cube").ir()?;
        phi.add_incoming(&[(&r, fast), (&slow_r, slow_end)]);
        Ok(phi.as_basic_value().into_float_value())
    }
}
