//! pocketfft's real-data plan (`rfftp` in `pocketfft_hdronly.h`): FFTPACK's halfcomplex
//! transforms, the length factored into 4s, a 2 (moved to the front), then odd factors, with
//! the passes of `radf.rs`, `radb.rs` and `rgen.rs`.

use super::num::{Cmplx, Real};
use super::radb::{radb2, radb3, radb4, radb5};
use super::radf::{radf2, radf3, radf4, radf5};
use super::rgen::{radbg, radfg};
use super::twiddle::SinCos2PiByN;

struct Factor<F> {
    ip: usize,
    tw: Vec<F>,
    tws: Vec<F>,
}

/// A real transform of one length.
pub struct Rfftp<F> {
    length: usize,
    fact: Vec<Factor<F>>,
}

fn factorize(length: usize) -> Vec<usize> {
    let mut len = length;
    let mut f = Vec::new();
    while len.is_multiple_of(4) {
        f.push(4);
        len >>= 2;
    }
    if len.is_multiple_of(2) {
        len >>= 1;
        // factor 2 should be at the front of the factor list
        f.push(2);
        let last = f.len() - 1;
        f.swap(0, last);
    }
    let mut d = 3;
    while d * d <= len {
        while len.is_multiple_of(d) {
            f.push(d);
            len /= d;
        }
        d += 2;
    }
    if len > 1 {
        f.push(len);
    }
    f
}

impl<F: Real> Rfftp<F> {
    pub fn new(length: usize) -> Self {
        if length <= 1 {
            return Rfftp {
                length,
                fact: Vec::new(),
            };
        }
        let twid = SinCos2PiByN::new(length);
        let ips = factorize(length);
        let mut l1 = 1;
        let mut fact = Vec::new();
        for (k, &ip) in ips.iter().enumerate() {
            let ido = length / (l1 * ip);
            let mut tw = Vec::new();
            // The last factor needs no twiddles.
            if k < ips.len() - 1 {
                tw = vec![F::zero(); (ip - 1) * (ido - 1)];
                for j in 1..ip {
                    for i in 1..=(ido - 1) / 2 {
                        let w: Cmplx<F> = twid.get(j * l1 * i);
                        tw[(j - 1) * (ido - 1) + 2 * i - 2] = w.r;
                        tw[(j - 1) * (ido - 1) + 2 * i - 1] = w.i;
                    }
                }
            }
            let mut tws = Vec::new();
            if ip > 5 {
                tws = vec![F::zero(); 2 * ip];
                tws[0] = F::one();
                let (mut i, mut ic) = (2, 2 * ip - 2);
                while i <= ic {
                    let w: Cmplx<F> = twid.get(i / 2 * (length / ip));
                    tws[i] = w.r;
                    tws[i + 1] = w.i;
                    tws[ic] = w.r;
                    tws[ic + 1] = -w.i;
                    i += 2;
                    ic -= 2;
                }
            }
            fact.push(Factor { ip, tw, tws });
            l1 *= ip;
        }
        Rfftp { length, fact }
    }

    /// Real to halfcomplex (`r2hc`) or back, in place, scaled by `fct`.
    pub fn exec(&self, c: &mut [F], fct: F, r2hc: bool) {
        let n = self.length;
        if n == 1 {
            c[0] *= fct;
            return;
        }
        let mut ch = vec![F::zero(); n];
        let mut in_c = true;
        let nf = self.fact.len();
        let mut l1 = if r2hc { n } else { 1 };
        for k1 in 0..nf {
            let k = if r2hc { nf - k1 - 1 } else { k1 };
            let f = &self.fact[k];
            let ip = f.ip;
            let ido = if r2hc { n / l1 } else { n / (ip * l1) };
            if r2hc {
                l1 /= ip;
            }
            let (p1, p2): (&mut [F], &mut [F]) = if in_c {
                (&mut c[..n], &mut ch[..])
            } else {
                (&mut ch[..], &mut c[..n])
            };
            let generic_forward = r2hc && !matches!(ip, 2..=5);
            match (r2hc, ip) {
                (true, 4) => radf4(ido, l1, p1, p2, &f.tw),
                (true, 2) => radf2(ido, l1, p1, p2, &f.tw),
                (true, 3) => radf3(ido, l1, p1, p2, &f.tw),
                (true, 5) => radf5(ido, l1, p1, p2, &f.tw),
                (true, _) => radfg(ido, ip, l1, p1, p2, &f.tw, &f.tws),
                (false, 4) => radb4(ido, l1, p1, p2, &f.tw),
                (false, 2) => radb2(ido, l1, p1, p2, &f.tw),
                (false, 3) => radb3(ido, l1, p1, p2, &f.tw),
                (false, 5) => radb5(ido, l1, p1, p2, &f.tw),
                (false, _) => radbg(ido, ip, l1, p1, p2, &f.tw, &f.tws),
            }
            // `radfg` leaves its result in its input.
            if !generic_forward {
                in_c = !in_c;
            }
            if !r2hc {
                l1 *= ip;
            }
        }
        let one = fct == F::one();
        if !in_c {
            for (x, y) in c.iter_mut().zip(&ch) {
                *x = if one { *y } else { fct * *y };
            }
        } else if !one {
            for x in c[..n].iter_mut() {
                *x *= fct;
            }
        }
    }
}
