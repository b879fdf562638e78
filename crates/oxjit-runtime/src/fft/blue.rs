//! Bluestein's algorithm for lengths with a large prime factor (`fftblue` in
//! `pocketfft_hdronly.h`), and the choice pocketfft makes between it and the Cooley-Tukey
//! plans (`pocketfft_c`, `pocketfft_r`): by its cost estimate, so the same lengths take the
//! same route as in NumPy.

use super::cfftp::Cfftp;
use super::num::{Cmplx, Real};
use super::rfftp::Rfftp;
use super::twiddle::{cost_guess, good_size_cmplx, largest_prime_factor, SinCos2PiByN};

type C<F> = Cmplx<F>;

pub struct Blue<F> {
    n: usize,
    n2: usize,
    plan: Cfftp<F>,
    bk: Vec<C<F>>,
    bkf: Vec<C<F>>,
}

impl<F: Real> Blue<F> {
    pub fn new(n: usize) -> Self {
        let n2 = good_size_cmplx(n * 2 - 1);
        let plan = Cfftp::new(n2);
        let tmp = SinCos2PiByN::new(2 * n);
        let mut bk = vec![C::new(F::one(), F::zero()); n];
        let mut coeff = 0;
        for (m, b) in bk.iter_mut().enumerate().skip(1) {
            coeff += 2 * m - 1;
            if coeff >= 2 * n {
                coeff -= 2 * n;
            }
            *b = tmp.get(coeff);
        }
        // The zero-padded, Fourier transformed b_k, normalised.
        let xn2 = F::of_usize(n2).recip();
        let mut tbkf = vec![C::<F>::default(); n2];
        tbkf[0] = bk[0].scale(xn2);
        for m in 1..n {
            tbkf[m] = bk[m].scale(xn2);
            tbkf[n2 - m] = tbkf[m];
        }
        plan.exec(&mut tbkf, F::one(), true);
        tbkf.truncate(n2 / 2 + 1);
        Blue {
            n,
            n2,
            plan,
            bk,
            bkf: tbkf,
        }
    }

    pub fn exec(&self, c: &mut [C<F>], fct: F, fwd: bool) {
        let (n, n2) = (self.n, self.n2);
        let mut akf = vec![C::<F>::default(); n2];
        for m in 0..n {
            akf[m] = c[m].special_mul(self.bk[m], fwd);
        }
        let zero = akf[0].scale(F::zero());
        for a in akf[n..].iter_mut() {
            *a = zero;
        }
        self.plan.exec(&mut akf, F::one(), true);
        // the convolution
        akf[0] = akf[0].special_mul(self.bkf[0], !fwd);
        for m in 1..n2.div_ceil(2) {
            akf[m] = akf[m].special_mul(self.bkf[m], !fwd);
            akf[n2 - m] = akf[n2 - m].special_mul(self.bkf[m], !fwd);
        }
        if n2 & 1 == 0 {
            akf[n2 / 2] = akf[n2 / 2].special_mul(self.bkf[n2 / 2], !fwd);
        }
        self.plan.exec(&mut akf, F::one(), false);
        for m in 0..n {
            c[m] = akf[m].special_mul(self.bk[m], fwd).scale(fct);
        }
    }

    /// A real transform through the complex one (`exec_r`): halfcomplex order in `c`.
    pub fn exec_r(&self, c: &mut [F], fct: F, fwd: bool) {
        let n = self.n;
        let mut tmp = vec![C::<F>::default(); n];
        if fwd {
            let zero = F::zero() * c[0];
            for m in 0..n {
                tmp[m] = C::new(c[m], zero);
            }
            self.exec(&mut tmp, fct, true);
            c[0] = tmp[0].r;
            for k in 1..n {
                let t = tmp[k.div_ceil(2)];
                c[k] = if k % 2 == 1 { t.r } else { t.i };
            }
        } else {
            tmp[0] = C::new(c[0], c[0] * F::zero());
            for k in 1..n {
                let t = &mut tmp[k.div_ceil(2)];
                if k % 2 == 1 {
                    t.r = c[k];
                } else {
                    t.i = c[k];
                }
            }
            if n & 1 == 0 {
                tmp[n / 2].i = F::zero() * c[0];
            }
            let mut m = 1;
            while 2 * m < n {
                tmp[n - m] = C::new(tmp[m].r, -tmp[m].i);
                m += 1;
            }
            self.exec(&mut tmp, fct, false);
            for m in 0..n {
                c[m] = tmp[m].r;
            }
        }
    }
}

/// Whether pocketfft takes Bluestein's route for a transform of `length` (`half`: the real
/// transform, whose Cooley-Tukey cost counts half).
fn bluestein(length: usize, half: bool) -> bool {
    let tmp = if length < 50 {
        0
    } else {
        largest_prime_factor(length)
    };
    if tmp * tmp <= length {
        return false;
    }
    let comp1 = if half { 0.5 } else { 1.0 } * cost_guess(length);
    let comp2 = 2.0 * cost_guess(good_size_cmplx(2 * length - 1)) * 1.5;
    comp2 < comp1
}

/// A complex transform (`pocketfft_c`).
pub enum PlanC<F> {
    Pack(Cfftp<F>),
    Blue(Blue<F>),
}

impl<F: Real> PlanC<F> {
    pub fn new(length: usize) -> Self {
        if bluestein(length, false) {
            PlanC::Blue(Blue::new(length))
        } else {
            PlanC::Pack(Cfftp::new(length))
        }
    }

    pub fn exec(&self, c: &mut [C<F>], fct: F, fwd: bool) {
        match self {
            PlanC::Pack(p) => p.exec(c, fct, fwd),
            PlanC::Blue(b) => b.exec(c, fct, fwd),
        }
    }
}

/// A real transform (`pocketfft_r`).
pub enum PlanR<F> {
    Pack(Rfftp<F>),
    Blue(Blue<F>),
}

impl<F: Real> PlanR<F> {
    pub fn new(length: usize) -> Self {
        if bluestein(length, true) {
            PlanR::Blue(Blue::new(length))
        } else {
            PlanR::Pack(Rfftp::new(length))
        }
    }

    pub fn exec(&self, c: &mut [F], fct: F, fwd: bool) {
        match self {
            PlanR::Pack(p) => p.exec(c, fct, fwd),
            PlanR::Blue(b) => b.exec_r(c, fct, fwd),
        }
    }
}
