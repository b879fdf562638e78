//! pocketfft's complex Cooley-Tukey plan (`cfftp` in `pocketfft_hdronly.h`): the length
//! factored into 8s, 4s, a 2 (moved to the front), then odd factors; one pass per factor
//! (`cpass.rs`), a generic pass for factors above 11, and the normalisation as pocketfft applies
//! it (after the passes, only where the factor is not 1).

use super::cpass::{odd_constants, pass2, pass4, pass8, pass_odd};
use super::num::{pm, Cmplx, Real};
use super::twiddle::SinCos2PiByN;

type C<F> = Cmplx<F>;

struct Factor<F> {
    ip: usize,
    tw: Vec<C<F>>,
    tws: Vec<C<F>>,
}

/// A complex transform of one length by Cooley-Tukey passes.
pub struct Cfftp<F> {
    length: usize,
    fact: Vec<Factor<F>>,
}

fn factorize(length: usize) -> Vec<usize> {
    let mut len = length;
    let mut f = Vec::new();
    while len & 7 == 0 {
        f.push(8);
        len >>= 3;
    }
    while len & 3 == 0 {
        f.push(4);
        len >>= 2;
    }
    if len & 1 == 0 {
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

impl<F: Real> Cfftp<F> {
    pub fn new(length: usize) -> Self {
        if length <= 1 {
            return Cfftp {
                length,
                fact: Vec::new(),
            };
        }
        let twiddle = SinCos2PiByN::new(length);
        let mut l1 = 1;
        let mut fact = Vec::new();
        for ip in factorize(length) {
            let ido = length / (l1 * ip);
            let mut tw = vec![C::default(); (ip - 1) * (ido - 1)];
            for j in 1..ip {
                for i in 1..ido {
                    tw[(j - 1) * (ido - 1) + i - 1] = twiddle.get(j * l1 * i);
                }
            }
            let tws = if ip > 11 {
                (0..ip).map(|j| twiddle.get(j * l1 * ido)).collect()
            } else {
                Vec::new()
            };
            fact.push(Factor { ip, tw, tws });
            l1 *= ip;
        }
        Cfftp { length, fact }
    }

    /// The transform of `c` in place, scaled by `fct` (`pass_all<fwd>`).
    pub fn exec(&self, c: &mut [C<F>], fct: F, fwd: bool) {
        if fwd {
            self.pass_all::<true>(c, fct)
        } else {
            self.pass_all::<false>(c, fct)
        }
    }

    fn pass_all<const FWD: bool>(&self, c: &mut [C<F>], fct: F) {
        let n = self.length;
        if n == 1 {
            c[0] = c[0].scale(fct);
            return;
        }
        let mut ch = vec![C::<F>::default(); n];
        let mut in_c = true;
        let mut l1 = 1;
        for f in &self.fact {
            let ip = f.ip;
            let l2 = ip * l1;
            let ido = n / l2;
            let (p1, p2): (&mut [C<F>], &mut [C<F>]) = if in_c {
                (&mut c[..n], &mut ch[..])
            } else {
                (&mut ch[..], &mut c[..n])
            };
            match ip {
                4 => pass4::<F, FWD>(ido, l1, p1, p2, &f.tw),
                8 => pass8::<F, FWD>(ido, l1, p1, p2, &f.tw),
                2 => pass2::<F, FWD>(ido, l1, p1, p2, &f.tw),
                3 | 5 | 7 | 11 => {
                    let k = odd_constants(ip).expect("a hard-coded radix");
                    pass_odd::<F, FWD>(ip, ido, l1, p1, p2, &f.tw, k)
                }
                // The generic pass leaves its result in its input.
                _ => passg::<F, FWD>(ido, ip, l1, p1, p2, &f.tw, &f.tws),
            }
            if ip <= 11 {
                in_c = !in_c;
            }
            l1 = l2;
        }
        let one = fct == F::one();
        if !in_c {
            for (x, y) in c.iter_mut().zip(&ch) {
                *x = if one { *y } else { y.scale(fct) };
            }
        } else if !one {
            for x in c[..n].iter_mut() {
                *x = x.scale(fct);
            }
        }
    }
}

/// The pass of a prime factor above 11 (`passg`); its result is left in `cc`.
fn passg<F: Real, const FWD: bool>(
    ido: usize,
    ip: usize,
    l1: usize,
    cc: &mut [C<F>],
    ch: &mut [C<F>],
    wa: &[C<F>],
    csarr: &[C<F>],
) {
    let ipph = ip.div_ceil(2);
    let idl1 = ido * l1;
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + ip * c);
    let wal: Vec<C<F>> = (0..ip)
        .map(|i| match i {
            0 => C::new(F::one(), F::zero()),
            _ => C::new(csarr[i].r, if FWD { -csarr[i].i } else { csarr[i].i }),
        })
        .collect();
    for k in 0..l1 {
        for i in 0..ido {
            ch[chi(i, k, 0)] = cc[cci(i, 0, k)];
        }
    }
    for j in 1..ipph {
        let jc = ip - j;
        for k in 0..l1 {
            for i in 0..ido {
                (ch[chi(i, k, j)], ch[chi(i, k, jc)]) = pm(cc[cci(i, j, k)], cc[cci(i, jc, k)]);
            }
        }
    }
    for k in 0..l1 {
        for i in 0..ido {
            let mut tmp = ch[chi(i, k, 0)];
            for j in 1..ipph {
                tmp += ch[chi(i, k, j)];
            }
            cc[chi(i, k, 0)] = tmp;
        }
    }
    for l in 1..ipph {
        let lc = ip - l;
        let (w1, w2) = (wal[l], wal[2 * l]);
        for ik in 0..idl1 {
            let h = |b: usize| ch[ik + idl1 * b];
            cc[ik + idl1 * l] = C::new(
                h(0).r + w1.r * h(1).r + w2.r * h(2).r,
                h(0).i + w1.r * h(1).i + w2.r * h(2).i,
            );
            cc[ik + idl1 * lc] = C::new(
                -w1.i * h(ip - 1).i - w2.i * h(ip - 2).i,
                w1.i * h(ip - 1).r + w2.i * h(ip - 2).r,
            );
        }
        let mut iwal = 2 * l;
        let (mut j, mut jc) = (3, ip - 3);
        let next = |iwal: &mut usize| {
            *iwal += l;
            if *iwal > ip {
                *iwal -= ip;
            }
            wal[*iwal]
        };
        while j + 1 < ipph {
            let xw = next(&mut iwal);
            let xw2 = next(&mut iwal);
            for ik in 0..idl1 {
                let h = |b: usize| ch[ik + idl1 * b];
                let a = &mut cc[ik + idl1 * l];
                a.r += h(j).r * xw.r + h(j + 1).r * xw2.r;
                a.i += h(j).i * xw.r + h(j + 1).i * xw2.r;
                let b = &mut cc[ik + idl1 * lc];
                b.r -= h(jc).i * xw.i + h(jc - 1).i * xw2.i;
                b.i += h(jc).r * xw.i + h(jc - 1).r * xw2.i;
            }
            j += 2;
            jc -= 2;
        }
        while j < ipph {
            let xw = next(&mut iwal);
            for ik in 0..idl1 {
                let h = |b: usize| ch[ik + idl1 * b];
                let a = &mut cc[ik + idl1 * l];
                a.r += h(j).r * xw.r;
                a.i += h(j).i * xw.r;
                let b = &mut cc[ik + idl1 * lc];
                b.r -= h(jc).i * xw.i;
                b.i += h(jc).r * xw.i;
            }
            j += 1;
            jc -= 1;
        }
    }
    // shuffling and twiddling
    for j in 1..ipph {
        let jc = ip - j;
        for k in 0..l1 {
            for i in 0..ido {
                let (x1, x2) = pm(cc[chi(i, k, j)], cc[chi(i, k, jc)]);
                if i == 0 {
                    cc[chi(i, k, j)] = x1;
                    cc[chi(i, k, jc)] = x2;
                } else {
                    cc[chi(i, k, j)] = x1.special_mul(wa[(j - 1) * (ido - 1) + i - 1], FWD);
                    cc[chi(i, k, jc)] = x2.special_mul(wa[(jc - 1) * (ido - 1) + i - 1], FWD);
                }
            }
        }
    }
}
