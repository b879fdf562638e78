//! The generic passes of pocketfft's real transform for prime factors above 5 (`rfftp::radfg`
//! and `radbg` in `pocketfft_hdronly.h`), operations in pocketfft's order. `radfg` leaves its
//! result in `cc`, `radbg` in `ch`.

use super::num::{pm, Real};

/// The rotations by the factor's angles, shared by both directions: `dst` rows `l` and
/// `ip - l` from `src` rows (`C2`/`CH2` of the C++). `radfg` reduces the angle index when it
/// reaches `ip`, `radbg` when it passes it: the same, as `ip` is prime and never reached.
fn rotations<F: Real>(src: &[F], dst: &mut [F], idl1: usize, ip: usize, csarr: &[F]) {
    let ipph = ip.div_ceil(2);
    for l in 1..ipph {
        let lc = ip - l;
        for ik in 0..idl1 {
            let s = |b: usize| src[ik + idl1 * b];
            dst[ik + idl1 * l] = s(0) + csarr[2 * l] * s(1) + csarr[4 * l] * s(2);
            dst[ik + idl1 * lc] = csarr[2 * l + 1] * s(ip - 1) + csarr[4 * l + 1] * s(ip - 2);
        }
        let mut iang = 2 * l;
        let mut next = || {
            iang += l;
            if iang >= ip {
                iang -= ip;
            }
            (csarr[2 * iang], csarr[2 * iang + 1])
        };
        let (mut j, mut jc) = (3, ip - 3);
        while j + 3 < ipph {
            let (ar1, ai1) = next();
            let (ar2, ai2) = next();
            let (ar3, ai3) = next();
            let (ar4, ai4) = next();
            for ik in 0..idl1 {
                let s = |b: usize| src[ik + idl1 * b];
                dst[ik + idl1 * l] += ar1 * s(j) + ar2 * s(j + 1) + ar3 * s(j + 2) + ar4 * s(j + 3);
                dst[ik + idl1 * lc] +=
                    ai1 * s(jc) + ai2 * s(jc - 1) + ai3 * s(jc - 2) + ai4 * s(jc - 3);
            }
            j += 4;
            jc -= 4;
        }
        while j + 1 < ipph {
            let (ar1, ai1) = next();
            let (ar2, ai2) = next();
            for ik in 0..idl1 {
                let s = |b: usize| src[ik + idl1 * b];
                dst[ik + idl1 * l] += ar1 * s(j) + ar2 * s(j + 1);
                dst[ik + idl1 * lc] += ai1 * s(jc) + ai2 * s(jc - 1);
            }
            j += 2;
            jc -= 2;
        }
        while j < ipph {
            let (ar, ai) = next();
            for ik in 0..idl1 {
                let s = |b: usize| src[ik + idl1 * b];
                dst[ik + idl1 * l] += ar * s(j);
                dst[ik + idl1 * lc] += ai * s(jc);
            }
            j += 1;
            jc -= 1;
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn radfg<F: Real>(
    ido: usize,
    ip: usize,
    l1: usize,
    cc: &mut [F],
    ch: &mut [F],
    wa: &[F],
    csarr: &[F],
) {
    let ipph = ip.div_ceil(2);
    let idl1 = ido * l1;
    let ccx = |a: usize, b: usize, c: usize| a + ido * (b + ip * c);
    let c1 = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    if ido > 1 {
        for j in 1..ipph {
            let jc = ip - j;
            let is = (j - 1) * (ido - 1);
            let is2 = (jc - 1) * (ido - 1);
            for k in 0..l1 {
                let (mut idij, mut idij2) = (is, is2);
                let mut i = 1;
                while i + 2 <= ido {
                    let (t1, t2) = (cc[c1(i, k, j)], cc[c1(i + 1, k, j)]);
                    let (t3, t4) = (cc[c1(i, k, jc)], cc[c1(i + 1, k, jc)]);
                    let x1 = wa[idij] * t1 + wa[idij + 1] * t2;
                    let x2 = wa[idij] * t2 - wa[idij + 1] * t1;
                    let x3 = wa[idij2] * t3 + wa[idij2 + 1] * t4;
                    let x4 = wa[idij2] * t4 - wa[idij2 + 1] * t3;
                    (cc[c1(i, k, j)], cc[c1(i + 1, k, jc)]) = pm(x3, x1);
                    (cc[c1(i + 1, k, j)], cc[c1(i, k, jc)]) = pm(x2, x4);
                    idij += 2;
                    idij2 += 2;
                    i += 2;
                }
            }
        }
    }
    for j in 1..ipph {
        let jc = ip - j;
        for k in 0..l1 {
            // MPINPLACE(C1(0,k,jc), C1(0,k,j))
            let (a, b) = (cc[c1(0, k, jc)], cc[c1(0, k, j)]);
            cc[c1(0, k, jc)] = a - b;
            cc[c1(0, k, j)] = a + b;
        }
    }
    rotations(cc, ch, idl1, ip, csarr);
    ch[..idl1].copy_from_slice(&cc[..idl1]);
    for j in 1..ipph {
        for ik in 0..idl1 {
            ch[ik] += cc[ik + idl1 * j];
        }
    }
    for k in 0..l1 {
        for i in 0..ido {
            cc[ccx(i, 0, k)] = ch[c1(i, k, 0)];
        }
    }
    for j in 1..ipph {
        let (jc, j2) = (ip - j, 2 * j - 1);
        for k in 0..l1 {
            cc[ccx(ido - 1, j2, k)] = ch[c1(0, k, j)];
            cc[ccx(0, j2 + 1, k)] = ch[c1(0, k, jc)];
        }
    }
    if ido == 1 {
        return;
    }
    for j in 1..ipph {
        let (jc, j2) = (ip - j, 2 * j - 1);
        for k in 0..l1 {
            let mut i = 1;
            while i + 2 <= ido {
                let ic = ido - i - 2;
                let h = |a: usize, c: usize| ch[c1(a, k, c)];
                cc[ccx(i, j2 + 1, k)] = h(i, j) + h(i, jc);
                cc[ccx(ic, j2, k)] = h(i, j) - h(i, jc);
                cc[ccx(i + 1, j2 + 1, k)] = h(i + 1, j) + h(i + 1, jc);
                cc[ccx(ic + 1, j2, k)] = h(i + 1, jc) - h(i + 1, j);
                i += 2;
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
pub fn radbg<F: Real>(
    ido: usize,
    ip: usize,
    l1: usize,
    cc: &mut [F],
    ch: &mut [F],
    wa: &[F],
    csarr: &[F],
) {
    let ipph = ip.div_ceil(2);
    let idl1 = ido * l1;
    let ccx = |a: usize, b: usize, c: usize| a + ido * (b + ip * c);
    let c1 = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let two = F::of(2.0);
    for k in 0..l1 {
        for i in 0..ido {
            ch[c1(i, k, 0)] = cc[ccx(i, 0, k)];
        }
    }
    for j in 1..ipph {
        let (jc, j2) = (ip - j, 2 * j - 1);
        for k in 0..l1 {
            ch[c1(0, k, j)] = two * cc[ccx(ido - 1, j2, k)];
            ch[c1(0, k, jc)] = two * cc[ccx(0, j2 + 1, k)];
        }
    }
    if ido != 1 {
        for j in 1..ipph {
            let (jc, j2) = (ip - j, 2 * j - 1);
            for k in 0..l1 {
                let mut i = 1;
                while i + 2 <= ido {
                    let ic = ido - i - 2;
                    let x = |a: usize, b: usize| cc[ccx(a, b, k)];
                    ch[c1(i, k, j)] = x(i, j2 + 1) + x(ic, j2);
                    ch[c1(i, k, jc)] = x(i, j2 + 1) - x(ic, j2);
                    ch[c1(i + 1, k, j)] = x(i + 1, j2 + 1) - x(ic + 1, j2);
                    ch[c1(i + 1, k, jc)] = x(i + 1, j2 + 1) + x(ic + 1, j2);
                    i += 2;
                }
            }
        }
    }
    rotations(ch, cc, idl1, ip, csarr);
    for j in 1..ipph {
        for ik in 0..idl1 {
            let v = ch[ik + idl1 * j];
            ch[ik] += v;
        }
    }
    for j in 1..ipph {
        let jc = ip - j;
        for k in 0..l1 {
            (ch[c1(0, k, jc)], ch[c1(0, k, j)]) = pm(cc[c1(0, k, j)], cc[c1(0, k, jc)]);
        }
    }
    if ido == 1 {
        return;
    }
    for j in 1..ipph {
        let jc = ip - j;
        for k in 0..l1 {
            let mut i = 1;
            while i + 2 <= ido {
                let x = |a: usize, c: usize| cc[c1(a, k, c)];
                ch[c1(i, k, j)] = x(i, j) - x(i + 1, jc);
                ch[c1(i, k, jc)] = x(i, j) + x(i + 1, jc);
                ch[c1(i + 1, k, j)] = x(i + 1, j) + x(i, jc);
                ch[c1(i + 1, k, jc)] = x(i + 1, j) - x(i, jc);
                i += 2;
            }
        }
    }
    for j in 1..ip {
        let is = (j - 1) * (ido - 1);
        for k in 0..l1 {
            let mut idij = is;
            let mut i = 1;
            while i + 2 <= ido {
                let (t1, t2) = (ch[c1(i, k, j)], ch[c1(i + 1, k, j)]);
                ch[c1(i, k, j)] = wa[idij] * t1 - wa[idij + 1] * t2;
                ch[c1(i + 1, k, j)] = wa[idij] * t2 + wa[idij + 1] * t1;
                idij += 2;
                i += 2;
            }
        }
    }
}
