//! The distributions of `Generator`, ported from `numpy/random/src/distributions/distributions.c`
//! (NumPy 2.x: the ziggurats take `log1p(-U)` for the tails, as there), drawing through
//! `bitgen_t`. Math goes to the platform libm, as NumPy's does.

use super::tables::*;
use super::BitGen;
use crate::random::discrete::{binomial_btpe, binomial_inversion};
use crate::random::{c_long, loggam};

/// `random_standard_normal`: the 256-layer ziggurat.
pub(super) fn standard_normal(g: &BitGen) -> f64 {
    loop {
        let mut r = g.next_u64();
        let idx = (r & 0xff) as usize;
        r >>= 8;
        let sign = r & 0x1;
        let rabs = (r >> 1) & 0x000f_ffff_ffff_ffff;
        let mut x = rabs as f64 * WI_DOUBLE[idx];
        if sign & 0x1 != 0 {
            x = -x;
        }
        if rabs < KI_DOUBLE[idx] {
            return x;
        }
        if idx == 0 {
            loop {
                let xx = -ZIGGURAT_NOR_INV_R * (-g.next_double()).ln_1p();
                let yy = -(-g.next_double()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 0x1 != 0 {
                        -(ZIGGURAT_NOR_R + xx)
                    } else {
                        ZIGGURAT_NOR_R + xx
                    };
                }
            }
        } else if (FI_DOUBLE[idx - 1] - FI_DOUBLE[idx]) * g.next_double() + FI_DOUBLE[idx]
            < (-0.5 * x * x).exp()
        {
            return x;
        }
    }
}

/// `random_standard_exponential` (the ziggurat, `random_standard_exponential_zig`).
pub(super) fn standard_exponential(g: &BitGen) -> f64 {
    loop {
        let mut ri = g.next_u64();
        ri >>= 3;
        let idx = (ri & 0xff) as usize;
        ri >>= 8;
        let x = ri as f64 * WE_DOUBLE[idx];
        if ri < KE_DOUBLE[idx] {
            return x;
        }
        if idx == 0 {
            return ZIGGURAT_EXP_R - (-g.next_double()).ln_1p();
        }
        if (FE_DOUBLE[idx - 1] - FE_DOUBLE[idx]) * g.next_double() + FE_DOUBLE[idx] < (-x).exp() {
            return x;
        }
    }
}

/// `random_standard_normal_f`: the float32 ziggurat on 32-bit draws (its rejection test in
/// double precision, as C promotes `exp(-0.5 * x * x)`).
pub(super) fn standard_normal_f(g: &BitGen) -> f32 {
    loop {
        let r = g.next_u32();
        let idx = (r & 0xff) as usize;
        let sign = (r >> 8) & 0x1;
        let rabs = (r >> 9) & 0x007f_ffff;
        let mut x = rabs as f32 * WI_FLOAT[idx];
        if sign & 0x1 != 0 {
            x = -x;
        }
        if rabs < KI_FLOAT[idx] {
            return x;
        }
        if idx == 0 {
            loop {
                let xx = -ZIGGURAT_NOR_INV_R_F * (-g.next_float()).ln_1p();
                let yy = -(-g.next_float()).ln_1p();
                if yy + yy > xx * xx {
                    return if (rabs >> 8) & 0x1 != 0 {
                        -(ZIGGURAT_NOR_R_F + xx)
                    } else {
                        ZIGGURAT_NOR_R_F + xx
                    };
                }
            }
        }
        let lhs = (FI_FLOAT[idx - 1] - FI_FLOAT[idx]) * g.next_float() + FI_FLOAT[idx];
        let xd = f64::from(x);
        if f64::from(lhs) < (-0.5 * xd * xd).exp() {
            return x;
        }
    }
}

/// `random_standard_exponential_f`: the float32 ziggurat on 32-bit draws.
pub(super) fn standard_exponential_f(g: &BitGen) -> f32 {
    loop {
        let mut ri = g.next_u32();
        ri >>= 1;
        let idx = (ri & 0xff) as usize;
        ri >>= 8;
        let x = ri as f32 * WE_FLOAT[idx];
        if ri < KE_FLOAT[idx] {
            return x;
        }
        if idx == 0 {
            return ZIGGURAT_EXP_R_F - (-g.next_float()).ln_1p();
        }
        if (FE_FLOAT[idx - 1] - FE_FLOAT[idx]) * g.next_float() + FE_FLOAT[idx] < (-x).exp() {
            return x;
        }
    }
}

/// `random_standard_gamma`: Marsaglia and Tsang's method (shape above one), Johnk's below.
#[allow(clippy::neg_cmp_op_on_partial_ord)] // a NaN must leave the loop, as in C
pub(super) fn standard_gamma(g: &BitGen, shape: f64) -> f64 {
    if shape == 1.0 {
        return standard_exponential(g);
    }
    if shape == 0.0 {
        return 0.0;
    }
    if shape < 1.0 {
        loop {
            let u = g.next_double();
            let v = standard_exponential(g);
            if u <= 1.0 - shape {
                let x = u.powf(1.0 / shape);
                if x <= v {
                    return x;
                }
            } else {
                let y = -((1.0 - u) / shape).ln();
                let x = (1.0 - shape + shape * y).powf(1.0 / shape);
                if x <= v + y {
                    return x;
                }
            }
        }
    }
    let b = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * b).sqrt();
    loop {
        let (mut x, mut v);
        loop {
            x = standard_normal(g);
            v = 1.0 + c * x;
            // C's `do { ... } while (V <= 0.0)`: a NaN (shape NaN) leaves the loop.
            if !(v <= 0.0) {
                break;
            }
        }
        v = v * v * v;
        let u = g.next_double();
        if u < 1.0 - 0.0331 * (x * x) * (x * x) {
            return b * v;
        }
        if u.ln() < 0.5 * x * x + b * (1.0 - v + v.ln()) {
            return b * v;
        }
    }
}

/// `random_poisson`: PTRS (Hörmann's transformed rejection) from `lam >= 10`, multiplication
/// below.
pub(super) fn poisson(g: &BitGen, lam: f64) -> i64 {
    if lam >= 10.0 {
        poisson_ptrs(g, lam)
    } else if lam == 0.0 {
        0
    } else {
        let enlam = (-lam).exp();
        let mut x = 0;
        let mut prod = 1.0;
        loop {
            prod *= g.next_double();
            if prod > enlam {
                x += 1;
            } else {
                return x;
            }
        }
    }
}

fn poisson_ptrs(g: &BitGen, lam: f64) -> i64 {
    let slam = lam.sqrt();
    let loglam = lam.ln();
    let b = 0.931 + 2.53 * slam;
    let a = -0.059 + 0.02483 * b;
    let invalpha = 1.1239 + 1.1328 / (b - 3.4);
    let vr = 0.9277 - 3.6224 / (b - 2.0);
    loop {
        let u = g.next_double() - 0.5;
        let v = g.next_double();
        let us = 0.5 - u.abs();
        let k = c_long(((2.0 * a / us + b) * u + lam + 0.43).floor());
        if us >= 0.07 && v <= vr {
            return k;
        }
        if k < 0 || (us < 0.013 && v > us) {
            continue;
        }
        if v.ln() + invalpha.ln() - (a / (us * us) + b).ln()
            <= -lam + k as f64 * loglam - loggam(k as f64 + 1.0)
        {
            return k;
        }
    }
}

/// `random_interval`: uniform in `[0, max]` by masked rejection (32-bit draws where they
/// suffice).
pub(super) fn interval(g: &BitGen, max: u64) -> u64 {
    if max == 0 {
        return 0;
    }
    let mask = gen_mask(max);
    if max <= 0xffff_ffff {
        loop {
            let v = u64::from(g.next_u32()) & mask;
            if v <= max {
                return v;
            }
        }
    }
    loop {
        let v = g.next_u64() & mask;
        if v <= max {
            return v;
        }
    }
}

fn gen_mask(max: u64) -> u64 {
    let mut mask = max;
    for shift in [1, 2, 4, 8, 16, 32] {
        mask |= mask >> shift;
    }
    mask
}

/// The 32-bit buffer that 8- and 16-bit draws share (`buf`, `bcnt`), for one fill.
#[derive(Default)]
struct Buffer {
    buf: u32,
    count: u32,
}

impl Buffer {
    /// `buffered_uint16` (`parts` = 2) and `buffered_uint8` (`parts` = 4).
    fn next(&mut self, g: &BitGen, bits: u32) -> u32 {
        if self.count == 0 {
            self.buf = g.next_u32();
            self.count = 32 / bits - 1;
        } else {
            self.buf >>= bits;
            self.count -= 1;
        }
        self.buf & (u32::MAX >> (32 - bits))
    }
}

/// `bounded_lemire_uint64`: Lemire's multiply-and-reject in `[0, rng]` (`rng < 2**64 - 1`).
fn lemire_u64(g: &BitGen, rng: u64) -> u64 {
    let excl = rng + 1;
    let mut m = u128::from(g.next_u64()) * u128::from(excl);
    let mut leftover = m as u64;
    if leftover < excl {
        let threshold = (u64::MAX - rng) % excl;
        while leftover < threshold {
            m = u128::from(g.next_u64()) * u128::from(excl);
            leftover = m as u64;
        }
    }
    (m >> 64) as u64
}

/// `buffered_bounded_lemire_uint{32,16,8}`: the same on `bits`-wide draws (`rng` below the
/// width's maximum).
fn lemire_narrow(g: &BitGen, rng: u32, bits: u32, buf: &mut Buffer) -> u32 {
    let draw = |buf: &mut Buffer| -> u32 {
        if bits == 32 {
            g.next_u32()
        } else {
            buf.next(g, bits)
        }
    };
    let low_mask = u64::MAX >> (64 - bits);
    let excl = u64::from(rng) + 1;
    let mut m = u64::from(draw(buf)) * excl;
    let mut leftover = m & low_mask;
    if leftover < excl {
        let threshold = (low_mask - u64::from(rng)) % excl;
        while leftover < threshold {
            m = u64::from(draw(buf)) * excl;
            leftover = m & low_mask;
        }
    }
    (m >> bits) as u32
}

/// `random_bounded_uint{64,32,16,8}_fill` (Lemire): `n` values `off + [0, rng]` of `bytes`
/// bytes, written at `out`.
///
/// # Safety
/// `out` must have room for `n` items of `bytes` bytes.
pub(super) unsafe fn bounded_fill(
    g: &BitGen,
    off: u64,
    rng: u64,
    bytes: i32,
    n: usize,
    out: *mut u8,
) {
    let bits = 8 * bytes as u32;
    let mut buf = Buffer::default();
    for i in 0..n {
        let v = if rng == 0 {
            0
        } else if bits == 64 {
            if rng <= 0xffff_ffff {
                if rng == 0xffff_ffff {
                    u64::from(g.next_u32())
                } else {
                    u64::from(lemire_narrow(g, rng as u32, 32, &mut buf))
                }
            } else if rng == u64::MAX {
                g.next_u64()
            } else {
                lemire_u64(g, rng)
            }
        } else if rng == u64::MAX >> (64 - bits) {
            // The whole width: a plain draw (Lemire's method cannot take `rng + 1`).
            if bits == 32 {
                u64::from(g.next_u32())
            } else {
                u64::from(buf.next(g, bits))
            }
        } else {
            u64::from(lemire_narrow(g, rng as u32, bits, &mut buf))
        };
        let v = off.wrapping_add(v);
        // SAFETY: `i < n`, within the caller's room.
        unsafe {
            match bytes {
                8 => (out as *mut u64).add(i).write_unaligned(v),
                4 => (out as *mut u32).add(i).write_unaligned(v as u32),
                2 => (out as *mut u16).add(i).write_unaligned(v as u16),
                _ => out.add(i).write(v as u8),
            }
        }
    }
}

/// `random_binomial(p, n)`: inversion where `n * min(p, 1 - p) <= 30`, BTPE above. (NumPy
/// caches each method's setup between draws of the same `n` and `p`; recomputing it gives the
/// same values.)
pub(super) fn binomial(g: &BitGen, p: f64, n: i64) -> i64 {
    if n == 0 || p == 0.0 {
        return 0;
    }
    let (q, flip) = if p <= 0.5 {
        (p, false)
    } else {
        (1.0 - p, true)
    };
    let y = if q * n as f64 <= 30.0 {
        binomial_inversion(&mut || g.next_double(), n, q)
    } else {
        binomial_btpe(&mut || g.next_double(), n, q)
    };
    if flip {
        n - y
    } else {
        y
    }
}

/// `random_zipf` of NumPy 2's `distributions.c` (Generator's; the legacy stream keeps the older
/// algorithm): rejection from `(Umin, 1]`, truncated to the int64 range; 1 from `a >= 1025`.
pub(super) fn zipf(g: &BitGen, a: f64) -> i64 {
    if a >= 1025.0 {
        return 1;
    }
    let am1 = a - 1.0;
    // black_box: keep LLVM from rewriting pow(2, x) as exp2(x), which may round otherwise.
    let b = std::hint::black_box(2.0f64).powf(am1);
    let umin = (i64::MAX as f64).powf(-am1);
    loop {
        let u01 = g.next_double();
        let u = u01 * umin + (1.0 - u01);
        let v = g.next_double();
        let x = u.powf(-1.0 / am1).floor();
        // `X > (double)RAND_INT_MAX` in C compares against 2**63.
        if x > i64::MAX as f64 || x < 1.0 {
            continue;
        }
        let t = (1.0 + 1.0 / x).powf(am1);
        if v * x * (t - 1.0) / (b - 1.0) <= t / b {
            return c_long(x);
        }
    }
}
