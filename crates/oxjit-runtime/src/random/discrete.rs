//! The discrete distributions of NumPy's legacy `RandomState` (`poisson`, `binomial`,
//! `geometric`, `zipf`, `hypergeometric`, `negative_binomial`, `logseries`), draw for draw as
//! `numpy/random/src/legacy/legacy-distributions.c` and `distributions/distributions.c`.

use super::{c_long, loggam, RandomState};

impl RandomState {
    /// `random_poisson`: multiplication of uniforms below 10, Hoermann's PTRS from 10 up.
    pub fn poisson(&mut self, lam: f64) -> i64 {
        if lam >= 10.0 {
            self.poisson_ptrs(lam)
        } else if lam == 0.0 {
            0
        } else {
            self.poisson_mult(lam)
        }
    }

    fn poisson_mult(&mut self, lam: f64) -> i64 {
        let enlam = (-lam).exp();
        let mut x = 0i64;
        let mut prod = 1.0;
        loop {
            prod *= self.random_sample();
            if prod > enlam {
                x += 1;
            } else {
                return x;
            }
        }
    }

    /// The transformed rejection method (W. Hoermann, Insurance: Mathematics and Economics 12,
    /// 39-45, 1993), `random_poisson_ptrs`.
    fn poisson_ptrs(&mut self, lam: f64) -> i64 {
        let slam = lam.sqrt();
        let loglam = lam.ln();
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.02483 * b;
        let invalpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.random_sample() - 0.5;
            let v = self.random_sample();
            let us = 0.5 - u.abs();
            let k = c_long(((2.0 * a / us + b) * u + lam + 0.43).floor());
            if us >= 0.07 && v <= vr {
                return k;
            }
            if k < 0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = v.ln() + invalpha.ln() - (a / (us * us) + b).ln();
            if lhs <= -lam + k as f64 * loglam - loggam(k.wrapping_add(1) as f64) {
                return k;
            }
        }
    }

    /// `legacy_random_binomial`: inversion when the smaller of `n*p`, `n*(1-p)` is at most 30,
    /// else BTPE. Unlike Generator, `n == 0` and `p == 0` still draw once.
    pub fn binomial(&mut self, n: i64, p: f64) -> i64 {
        if p <= 0.5 {
            if p * n as f64 <= 30.0 {
                self.binomial_inversion(n, p)
            } else {
                self.binomial_btpe(n, p)
            }
        } else {
            let q = 1.0 - p;
            if q * n as f64 <= 30.0 {
                n.wrapping_sub(self.binomial_inversion(n, q))
            } else {
                n.wrapping_sub(self.binomial_btpe(n, q))
            }
        }
    }

    /// `random_binomial_inversion` (the shared `binomial_inversion`).
    fn binomial_inversion(&mut self, n: i64, p: f64) -> i64 {
        binomial_inversion(&mut || self.random_sample(), n, p)
    }

    /// `random_binomial_btpe` (the shared `binomial_btpe`), `p <= 0.5`.
    fn binomial_btpe(&mut self, n: i64, p: f64) -> i64 {
        binomial_btpe(&mut || self.random_sample(), n, p)
    }

    /// `legacy_random_geometric`: search from p >= 1/3, inversion (with `log1p`) below.
    pub fn geometric(&mut self, p: f64) -> i64 {
        // NumPy's literal 0.333333333333333333333333, which rounds to this double.
        if p >= 0.333_333_333_333_333_3 {
            self.geometric_search(p)
        } else {
            c_long(((-self.random_sample()).ln_1p() / (1.0 - p).ln()).ceil())
        }
    }

    fn geometric_search(&mut self, p: f64) -> i64 {
        let mut x = 1i64;
        let mut sum = p;
        let mut prod = p;
        let q = 1.0 - p;
        let u = self.random_sample();
        while u > sum {
            prod *= q;
            sum += prod;
            x += 1;
        }
        x
    }

    /// `random_zipf` (through `legacy_random_zipf`): rejection, truncated to the int64 range.
    ///
    /// From a >= 1025, `2**(a-1)` overflows and NumPy's loop never ends; this returns 1 without
    /// drawing (as Generator does), the value such a draw would take but for the overflow.
    pub fn zipf(&mut self, a: f64) -> i64 {
        let am1 = a - 1.0;
        // black_box: keep LLVM from rewriting pow(2, x) as exp2(x), which may round otherwise.
        let b = std::hint::black_box(2.0f64).powf(am1);
        if b == f64::INFINITY {
            return 1;
        }
        loop {
            let u = 1.0 - self.random_sample();
            let v = self.random_sample();
            let x = u.powf(-1.0 / am1).floor();
            // `X > RAND_INT_MAX` in C compares against 2**63 after conversion.
            if x > i64::MAX as f64 || x < 1.0 {
                continue;
            }
            let t = (1.0 + 1.0 / x).powf(am1);
            if v * x * (t - 1.0) / (b - 1.0) <= t / b {
                return c_long(x);
            }
        }
    }

    /// `legacy_random_hypergeometric`: HRUA above 10 samples, direct simulation from 1 to 10.
    pub fn hypergeometric(&mut self, ngood: i64, nbad: i64, nsample: i64) -> i64 {
        if nsample > 10 {
            self.hypergeometric_hrua(ngood, nbad, nsample)
        } else if nsample > 0 {
            self.hypergeometric_hyp(ngood, nbad, nsample)
        } else {
            0
        }
    }

    /// `random_hypergeometric_hyp` in legacy-distributions.c.
    fn hypergeometric_hyp(&mut self, good: i64, bad: i64, sample: i64) -> i64 {
        let d1 = bad + good - sample;
        let d2 = bad.min(good) as f64;
        let mut y = d2;
        let mut k = sample;
        while y > 0.0 {
            let u = self.random_sample();
            y -= c_long((u + y / (d1 + k) as f64).floor()) as f64;
            k -= 1;
            if k == 0 {
                break;
            }
        }
        let z = c_long(d2 - y);
        if good > bad {
            sample - z
        } else {
            z
        }
    }

    /// `random_hypergeometric_hrua` in legacy-distributions.c (Stadlober's ratio of uniforms).
    fn hypergeometric_hrua(&mut self, good: i64, bad: i64, sample: i64) -> i64 {
        // D1 = 2*sqrt(2/e), D2 = 3 - 2*sqrt(3/e).
        const D1: f64 = 1.7155277699214135;
        const D2: f64 = 0.8989161620588988;
        let mingoodbad = good.min(bad);
        let popsize = good + bad;
        let maxgoodbad = good.max(bad);
        let m = sample.min(popsize - sample);
        let d4 = mingoodbad as f64 / popsize as f64;
        let d5 = 1.0 - d4;
        let d6 = m as f64 * d4 + 0.5;
        let d7 =
            ((popsize - m) as f64 * sample as f64 * d4 * d5 / (popsize - 1) as f64 + 0.5).sqrt();
        let d8 = D1 * d7 + D2;
        let d9 = c_long(((m + 1) as f64 * (mingoodbad + 1) as f64 / (popsize + 2) as f64).floor());
        let lg = |z: i64| {
            loggam((z + 1) as f64)
                + loggam((mingoodbad - z + 1) as f64)
                + loggam((m - z + 1) as f64)
                + loggam((maxgoodbad - m + z + 1) as f64)
        };
        let d10 = lg(d9);
        // 16 for 16-decimal-digit precision in D1 and D2.
        let d11 = ((m.min(mingoodbad) as f64) + 1.0).min((d6 + 16.0 * d7).floor());
        let mut z = loop {
            let x = self.random_sample();
            let y = self.random_sample();
            let w = d6 + d8 * (y - 0.5) / x;
            // Not `!(0.0..d11).contains(&w)`: a NaN `w` goes on, as in C.
            if w < 0.0 || w >= d11 {
                continue; // fast rejection
            }
            let z = c_long(w.floor());
            let t = d10 - lg(z);
            if x * (4.0 - x) - 3.0 <= t {
                break z; // fast acceptance
            }
            if x * (x - t) >= 1.0 {
                continue; // fast rejection
            }
            if 2.0 * x.ln() <= t {
                break z;
            }
        };
        // Ivan Frohne's corrections from rv.py: swap back, and allow sample > popsize / 2.
        if good > bad {
            z = m - z;
        }
        if m < sample {
            z = good - z;
        }
        z
    }

    /// `legacy_negative_binomial`: a Poisson draw with a gamma-distributed mean.
    pub fn negative_binomial(&mut self, n: f64, p: f64) -> i64 {
        let y = self.gamma(n, (1.0 - p) / p);
        self.poisson(y)
    }

    /// `legacy_logseries`: rejection on `1 - exp(log(1 - p) * U)`, with quick returns of 1 and 2.
    pub fn logseries(&mut self, p: f64) -> i64 {
        let r = (1.0 - p).ln();
        loop {
            let v = self.random_sample();
            if v >= p {
                return 1;
            }
            let u = self.random_sample();
            let q = 1.0 - (r * u).exp();
            if v <= q * q {
                let result = c_long((1.0 + v.ln() / q.ln()).floor());
                if result < 1 || v == 0.0 {
                    continue;
                }
                return result;
            }
            return if v >= q { 1 } else { 2 };
        }
    }
}

/// BTPE's acceptance test for a candidate `y` (steps 50 and 52 of `random_binomial_btpe`):
/// explicit evaluation of f(y)/f(m) near the mode, squeeze and Stirling bounds further out.
#[allow(clippy::too_many_arguments)]
pub(crate) fn btpe_accept(
    n: i64,
    r: f64,
    q: f64,
    m: i64,
    nrq: f64,
    xm: f64,
    y: i64,
    v: f64,
) -> bool {
    let k = (y - m).abs();
    if !(k > 20 && (k as f64) < nrq / 2.0 - 1.0) {
        // Step 50: the recursive ratio.
        let s = r / q;
        let a = s * (n + 1) as f64;
        let mut f = 1.0;
        if m < y {
            for i in m + 1..=y {
                f *= a / i as f64 - s;
            }
        } else if m > y {
            for i in y + 1..=m {
                f /= a / i as f64 - s;
            }
        }
        return v <= f;
    }
    // Step 52: squeeze on log(v), then the bound from Stirling's formula.
    let kf = k as f64;
    let rho = (kf / nrq) * ((kf * (kf / 3.0 + 0.625) + 0.16666666666666666) / nrq + 0.5);
    // `-k * k` is a C long product.
    let t = (-k).wrapping_mul(k) as f64 / (2.0 * nrq);
    let big_a = v.ln();
    if big_a < t - rho {
        return true;
    }
    if big_a > t + rho {
        return false;
    }
    let x1 = (y + 1) as f64;
    let f1 = (m + 1) as f64;
    let z = (n + 1 - m) as f64;
    let w = (n - y + 1) as f64;
    let stirling = |x: f64| {
        let x2 = x * x;
        (13680. - (462. - (132. - (99. - 140. / x2) / x2) / x2) / x2) / x / 166320.
    };
    let bound = xm * (f1 / x1).ln()
        + ((n - m) as f64 + 0.5) * (z / w).ln()
        + (y - m) as f64 * (w * r / (x1 * q)).ln()
        + stirling(f1)
        + stirling(z)
        + stirling(x1)
        + stirling(w);
    big_a <= bound
}

/// `random_binomial_inversion`, drawing uniforms from `next_double` (the legacy generator's
/// or a Generator's bit generator). NumPy caches the setup per (n, p); recomputing it gives the
/// same values.
pub(crate) fn binomial_inversion(next_double: &mut impl FnMut() -> f64, n: i64, p: f64) -> i64 {
    let q = 1.0 - p;
    let qn = (n as f64 * q.ln()).exp();
    let np = n as f64 * p;
    let bound = c_long((n as f64).min(np + 10.0 * (np * q + 1.0).sqrt()));
    let mut x = 0i64;
    let mut px = qn;
    let mut u = next_double();
    while u > px {
        x += 1;
        if x > bound {
            x = 0;
            px = qn;
            u = next_double();
        } else {
            u -= px;
            px = ((n - x + 1) as f64 * p * px) / (x as f64 * q);
        }
    }
    x
}

/// `random_binomial_btpe`: Kachitvichyanukul and Schmeiser's BTPE for `p <= 0.5`, its steps kept
/// as NumPy's labels, drawing uniforms from `next_double`.
pub(crate) fn binomial_btpe(next_double: &mut impl FnMut() -> f64, n: i64, p: f64) -> i64 {
    let nf = n as f64;
    let r = p.min(1.0 - p);
    let q = 1.0 - r;
    let fm = nf * r + r;
    let m = c_long(fm.floor());
    let mf = m as f64;
    let p1 = (2.195 * (nf * r * q).sqrt() - 4.6 * q).floor() + 0.5;
    let xm = mf + 0.5;
    let xl = xm - p1;
    let xr = xm + p1;
    let c = 0.134 + 20.5 / (15.3 + mf);
    let a = (fm - xl) / (fm - xl * r);
    let laml = a * (1.0 + a / 2.0);
    let a = (xr - fm) / (xr * q);
    let lamr = a * (1.0 + a / 2.0);
    let p2 = p1 * (1.0 + 2.0 * c);
    let p3 = p2 + c / laml;
    let p4 = p3 + c / lamr;
    let nrq = nf * r * q;
    // Step 60 (`n - y` for p > 0.5) is the callers': they pass the smaller of p and 1 - p.
    loop {
        // Step 10.
        let u = next_double() * p4;
        let mut v = next_double();
        if u <= p1 {
            return c_long((xm - p1 * v + u).floor());
        }
        let y = if u <= p2 {
            // Step 20: the parallelograms.
            let x = xl + (u - p1) / c;
            v = v * c + 1.0 - (mf - x + 0.5).abs() / p1;
            if v > 1.0 {
                continue;
            }
            c_long(x.floor())
        } else if u <= p3 {
            // Step 30: the left exponential tail.
            let y = c_long((xl + v.ln() / laml).floor());
            if y < 0 || v == 0.0 {
                continue;
            }
            v = v * (u - p2) * laml;
            y
        } else {
            // Step 40: the right exponential tail.
            let y = c_long((xr - v.ln() / lamr).floor());
            if y > n || v == 0.0 {
                continue;
            }
            v = v * (u - p3) * lamr;
            y
        };
        if btpe_accept(n, r, q, m, nrq, xm, y, v) {
            return y;
        }
    }
}
