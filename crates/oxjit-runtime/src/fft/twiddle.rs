//! The twiddle factors and the planning arithmetic of pocketfft (`sincos_2pibyn` and `util` in
//! `pocketfft_hdronly.h`, the C++ pocketfft NumPy 2 vendors), computed as it computes them so
//! that every factor is bit for bit NumPy's.

use super::num::{Cmplx, Real};

/// `Thigh(0.25L * pi / n)`: pocketfft computes the angle step in x87 extended precision (a
/// 64-bit significand, on x86-64 Linux where NumPy's wheels are built) and rounds it to
/// double; the same two roundings here, in integers.
fn angle_step(n: usize) -> f64 {
    // pi rounded to a 64-bit significand: 0xC90FDAA22168C235 * 2^-62; a quarter of it is the
    // same significand times 2^-64.
    const PI_LD: u128 = 0xC90F_DAA2_2168_C235;
    let n = n as u128;
    let num = PI_LD << 64;
    let (q, rem) = (num / n, num % n);
    let bits = 128 - q.leading_zeros() as i32;
    let drop = (bits - 64).max(0) as u32;
    // Round the exact quotient to 64 bits (to nearest, ties to even; `rem` is the sticky part).
    let mut q64 = q >> drop;
    if drop > 0 {
        let low = q & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        if low > half || (low == half && (rem != 0 || q64 & 1 == 1)) {
            q64 += 1;
        }
    } else if rem * 2 > n || (rem * 2 == n && q64 & 1 == 1) {
        q64 += 1;
    }
    // value = q64 * 2^(drop - 128); round q64 to 53 bits, to nearest, ties to even.
    let mut exp = drop as i32 - 128;
    let extra = (128 - q64.leading_zeros() as i32 - 53).max(0) as u32;
    let mut q53 = q64 >> extra;
    if extra > 0 {
        let low = q64 & ((1u128 << extra) - 1);
        let half = 1u128 << (extra - 1);
        if low > half || (low == half && q53 & 1 == 1) {
            q53 += 1;
        }
    }
    exp += extra as i32;
    let scale = f64::from_bits(((1023 + exp) as u64) << 52);
    q53 as f64 * scale
}

/// `exp(2 pi i k / n)` for `k < n` from two short tables (pocketfft's `sincos_2pibyn<T>`):
/// entries computed in double and multiplied in double, then rounded to `F`.
pub struct SinCos2PiByN {
    n: usize,
    mask: usize,
    shift: u32,
    v1: Vec<Cmplx<f64>>,
    v2: Vec<Cmplx<f64>>,
}

fn calc(x: usize, n: usize, ang: f64) -> Cmplx<f64> {
    let c = |r: f64, i: f64| Cmplx { r, i };
    let mut x = x << 3;
    if x < 4 * n {
        if x < 2 * n {
            if x < n {
                let a = x as f64 * ang;
                return c(a.cos(), a.sin());
            }
            let a = (2 * n - x) as f64 * ang;
            return c(a.sin(), a.cos());
        }
        x -= 2 * n;
        if x < n {
            let a = x as f64 * ang;
            return c(-a.sin(), a.cos());
        }
        let a = (2 * n - x) as f64 * ang;
        return c(-a.cos(), a.sin());
    }
    x = 8 * n - x;
    if x < 2 * n {
        if x < n {
            let a = x as f64 * ang;
            return c(a.cos(), -a.sin());
        }
        let a = (2 * n - x) as f64 * ang;
        return c(a.sin(), -a.cos());
    }
    x -= 2 * n;
    if x < n {
        let a = x as f64 * ang;
        return c(-a.sin(), -a.cos());
    }
    let a = (2 * n - x) as f64 * ang;
    c(-a.cos(), -a.sin())
}

impl SinCos2PiByN {
    pub fn new(n: usize) -> Self {
        let ang = angle_step(n);
        let nval = (n + 2) / 2;
        let mut shift = 1u32;
        while (1usize << shift) * (1usize << shift) < nval {
            shift += 1;
        }
        let mask = (1usize << shift) - 1;
        let one = Cmplx { r: 1.0, i: 0.0 };
        let mut v1 = vec![one; mask + 1];
        for (i, v) in v1.iter_mut().enumerate().skip(1) {
            *v = calc(i, n, ang);
        }
        let mut v2 = vec![one; nval.div_ceil(mask + 1)];
        for (i, v) in v2.iter_mut().enumerate().skip(1) {
            *v = calc(i * (mask + 1), n, ang);
        }
        SinCos2PiByN {
            n,
            mask,
            shift,
            v1,
            v2,
        }
    }

    pub fn get<F: Real>(&self, idx: usize) -> Cmplx<F> {
        let (idx, flip) = if 2 * idx <= self.n {
            (idx, false)
        } else {
            (self.n - idx, true)
        };
        let (x1, x2) = (self.v1[idx & self.mask], self.v2[idx >> self.shift]);
        let r = F::of(x1.r * x2.r - x1.i * x2.i);
        let i = F::of(x1.r * x2.i + x1.i * x2.r);
        Cmplx::new(r, if flip { -i } else { i })
    }
}

pub fn largest_prime_factor(mut n: usize) -> usize {
    let mut res = 1;
    while n & 1 == 0 {
        res = 2;
        n >>= 1;
    }
    let mut x = 3;
    while x * x <= n {
        while n.is_multiple_of(x) {
            res = x;
            n /= x;
        }
        x += 2;
    }
    if n > 1 {
        res = n;
    }
    res
}

pub fn cost_guess(mut n: usize) -> f64 {
    const LFP: f64 = 1.1; // penalty for non-hardcoded larger factors
    let ni = n;
    let mut result = 0.0;
    while n & 1 == 0 {
        result += 2.0;
        n >>= 1;
    }
    let mut x = 3;
    while x * x <= n {
        while n.is_multiple_of(x) {
            result += if x <= 5 { x as f64 } else { LFP * x as f64 };
            n /= x;
        }
        x += 2;
    }
    if n > 1 {
        result += if n <= 5 { n as f64 } else { LFP * n as f64 };
    }
    result * ni as f64
}

/// The smallest product of 2, 3, 5, 7 and 11 that is `>= n`.
pub fn good_size_cmplx(n: usize) -> usize {
    if n <= 12 {
        return n;
    }
    let mut bestfac = 2 * n;
    let mut f11 = 1;
    while f11 < bestfac {
        let mut f117 = f11;
        while f117 < bestfac {
            let mut f1175 = f117;
            while f1175 < bestfac {
                let mut x = f1175;
                while x < n {
                    x *= 2;
                }
                loop {
                    if x < n {
                        x *= 3;
                    } else if x > n {
                        if x < bestfac {
                            bestfac = x;
                        }
                        if x & 1 == 1 {
                            break;
                        }
                        x >>= 1;
                    } else {
                        return n;
                    }
                }
                f1175 *= 5;
            }
            f117 *= 7;
        }
        f11 *= 11;
    }
    bestfac
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn angle_step_is_the_double_of_the_extended_quotient() {
        // pi/4 rounded once to double is the familiar constant.
        assert_eq!(angle_step(1), std::f64::consts::FRAC_PI_4);
        assert_eq!(angle_step(2), std::f64::consts::FRAC_PI_8);
        // pi/12: the extended quotient rounds up where double division rounds down.
        assert_eq!(angle_step(3), 0.261_799_387_799_149_46);
        assert_ne!(angle_step(3), std::f64::consts::FRAC_PI_4 / 3.0);
        for n in [5usize, 7, 100, 12345] {
            assert_eq!(angle_step(n), std::f64::consts::FRAC_PI_4 / n as f64, "{n}");
        }
    }

    #[test]
    fn twiddles_are_on_the_unit_circle() {
        let t = SinCos2PiByN::new(12);
        let w: Cmplx<f64> = t.get(3);
        assert!(w.r.abs() < 1e-16 && (w.i - 1.0).abs() < 1e-16);
        let w: Cmplx<f64> = t.get(9);
        assert!((w.i + 1.0).abs() < 1e-16);
    }

    #[test]
    fn good_sizes() {
        assert_eq!(good_size_cmplx(13), 14);
        assert_eq!(good_size_cmplx(2 * 97 - 1), 196);
        assert_eq!(largest_prime_factor(2 * 3 * 97), 97);
    }
}
