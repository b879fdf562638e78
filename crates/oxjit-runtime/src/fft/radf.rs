//! The forward passes of pocketfft's real transform (`rfftp::radf2` ... `radfg` in
//! `pocketfft_hdronly.h`, FFTPACK's order of results), operations in pocketfft's order. `cc`
//! is indexed `cc[a + ido*(b + l1*c)]`, `ch` `ch[a + ido*(b + ip*c)]`, `wa` `wa[i + x*(ido-1)]`.

use super::num::{pm, Real};

/// `(c*e + d*f, c*f - d*e)`: `conj(c + id) * (e + if)` (pocketfft's `MULPM`).
#[inline(always)]
pub fn mulpm<F: Real>(c: F, d: F, e: F, f: F) -> (F, F) {
    (c * e + d * f, c * f - d * e)
}

pub fn radf2<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + 2 * c);
    for k in 0..l1 {
        (ch[chi(0, 0, k)], ch[chi(ido - 1, 1, k)]) = pm(cc[cci(0, k, 0)], cc[cci(0, k, 1)]);
    }
    if ido & 1 == 0 {
        for k in 0..l1 {
            ch[chi(0, 1, k)] = -cc[cci(ido - 1, k, 1)];
            ch[chi(ido - 1, 0, k)] = cc[cci(ido - 1, k, 0)];
        }
    }
    if ido <= 2 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let (tr2, ti2) = mulpm(wa[i - 2], wa[i - 1], cc[cci(i - 1, k, 1)], cc[cci(i, k, 1)]);
            (ch[chi(i - 1, 0, k)], ch[chi(ic - 1, 1, k)]) = pm(cc[cci(i - 1, k, 0)], tr2);
            (ch[chi(i, 0, k)], ch[chi(ic, 1, k)]) = pm(ti2, cc[cci(i, k, 0)]);
        }
    }
}

/// `a2 = a + b; b2 = i*(b - a)` on (rx, ix), (ry, iy) (`POCKETFFT_REARRANGE`).
#[inline(always)]
fn rearrange<F: Real>(rx: F, ix: F, ry: F, iy: F) -> (F, F, F, F) {
    (rx + ry, ix + iy, ix - iy, ry - rx)
}

pub fn radf3<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let taur = F::of(-0.5);
    let taui = F::of(0.866_025_403_784_438_646_763_723_170_752_936_2);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + 3 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let cr2 = cc[cci(0, k, 1)] + cc[cci(0, k, 2)];
        ch[chi(0, 0, k)] = cc[cci(0, k, 0)] + cr2;
        ch[chi(0, 2, k)] = taui * (cc[cci(0, k, 2)] - cc[cci(0, k, 1)]);
        ch[chi(ido - 1, 1, k)] = cc[cci(0, k, 0)] + taur * cr2;
    }
    if ido == 1 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |j: usize| (cc[cci(i - 1, k, j)], cc[cci(i, k, j)]);
            let (dr2, di2) = mulpm(wa(0, i - 2), wa(0, i - 1), x(1).0, x(1).1);
            let (dr3, di3) = mulpm(wa(1, i - 2), wa(1, i - 1), x(2).0, x(2).1);
            let (dr2, di2, dr3, di3) = rearrange(dr2, di2, dr3, di3);
            ch[chi(i - 1, 0, k)] = x(0).0 + dr2;
            ch[chi(i, 0, k)] = x(0).1 + di2;
            let tr2 = x(0).0 + taur * dr2;
            let ti2 = x(0).1 + taur * di2;
            let tr3 = taui * dr3;
            let ti3 = taui * di3;
            (ch[chi(i - 1, 2, k)], ch[chi(ic - 1, 1, k)]) = pm(tr2, tr3);
            (ch[chi(i, 2, k)], ch[chi(ic, 1, k)]) = pm(ti3, ti2);
        }
    }
}

pub fn radf4<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let hsqt2 = F::of(0.707_106_781_186_547_524_400_844_362_104_849);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + 4 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let tr1;
        let tr2;
        (tr1, ch[chi(0, 2, k)]) = pm(cc[cci(0, k, 3)], cc[cci(0, k, 1)]);
        (tr2, ch[chi(ido - 1, 1, k)]) = pm(cc[cci(0, k, 0)], cc[cci(0, k, 2)]);
        (ch[chi(0, 0, k)], ch[chi(ido - 1, 3, k)]) = pm(tr2, tr1);
    }
    if ido & 1 == 0 {
        for k in 0..l1 {
            let x = |j: usize| cc[cci(ido - 1, k, j)];
            let ti1 = -hsqt2 * (x(1) + x(3));
            let tr1 = hsqt2 * (x(1) - x(3));
            (ch[chi(ido - 1, 0, k)], ch[chi(ido - 1, 2, k)]) = pm(x(0), tr1);
            (ch[chi(0, 3, k)], ch[chi(0, 1, k)]) = pm(ti1, x(2));
        }
    }
    if ido <= 2 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |j: usize| (cc[cci(i - 1, k, j)], cc[cci(i, k, j)]);
            let (cr2, ci2) = mulpm(wa(0, i - 2), wa(0, i - 1), x(1).0, x(1).1);
            let (cr3, ci3) = mulpm(wa(1, i - 2), wa(1, i - 1), x(2).0, x(2).1);
            let (cr4, ci4) = mulpm(wa(2, i - 2), wa(2, i - 1), x(3).0, x(3).1);
            let (tr1, tr4) = pm(cr4, cr2);
            let (ti1, ti4) = pm(ci2, ci4);
            let (tr2, tr3) = pm(x(0).0, cr3);
            let (ti2, ti3) = pm(x(0).1, ci3);
            (ch[chi(i - 1, 0, k)], ch[chi(ic - 1, 3, k)]) = pm(tr2, tr1);
            (ch[chi(i, 0, k)], ch[chi(ic, 3, k)]) = pm(ti1, ti2);
            (ch[chi(i - 1, 2, k)], ch[chi(ic - 1, 1, k)]) = pm(tr3, ti4);
            (ch[chi(i, 2, k)], ch[chi(ic, 1, k)]) = pm(tr4, ti3);
        }
    }
}

/// The radix-5 constants (`tr11`, `ti11`, `tr12`, `ti12`).
pub fn five<F: Real>() -> (F, F, F, F) {
    (
        F::of(0.309_016_994_374_947_424_102_293_417_182_819_1),
        F::of(0.951_056_516_295_153_572_116_439_333_379_382_1),
        F::of(-0.809_016_994_374_947_424_102_293_417_182_819_1),
        F::of(0.587_785_252_292_473_129_168_705_954_639_072_8),
    )
}

pub fn radf5<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let (tr11, ti11, tr12, ti12) = five::<F>();
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + 5 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let x = |j: usize| cc[cci(0, k, j)];
        let (cr2, ci5) = pm(x(4), x(1));
        let (cr3, ci4) = pm(x(3), x(2));
        ch[chi(0, 0, k)] = x(0) + cr2 + cr3;
        ch[chi(ido - 1, 1, k)] = x(0) + tr11 * cr2 + tr12 * cr3;
        ch[chi(0, 2, k)] = ti11 * ci5 + ti12 * ci4;
        ch[chi(ido - 1, 3, k)] = x(0) + tr12 * cr2 + tr11 * cr3;
        ch[chi(0, 4, k)] = ti12 * ci5 - ti11 * ci4;
    }
    if ido == 1 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |j: usize| (cc[cci(i - 1, k, j)], cc[cci(i, k, j)]);
            let (dr2, di2) = mulpm(wa(0, i - 2), wa(0, i - 1), x(1).0, x(1).1);
            let (dr3, di3) = mulpm(wa(1, i - 2), wa(1, i - 1), x(2).0, x(2).1);
            let (dr4, di4) = mulpm(wa(2, i - 2), wa(2, i - 1), x(3).0, x(3).1);
            let (dr5, di5) = mulpm(wa(3, i - 2), wa(3, i - 1), x(4).0, x(4).1);
            let (dr2, di2, dr5, di5) = rearrange(dr2, di2, dr5, di5);
            let (dr3, di3, dr4, di4) = rearrange(dr3, di3, dr4, di4);
            ch[chi(i - 1, 0, k)] = x(0).0 + dr2 + dr3;
            ch[chi(i, 0, k)] = x(0).1 + di2 + di3;
            let tr2 = x(0).0 + tr11 * dr2 + tr12 * dr3;
            let ti2 = x(0).1 + tr11 * di2 + tr12 * di3;
            let tr3 = x(0).0 + tr12 * dr2 + tr11 * dr3;
            let ti3 = x(0).1 + tr12 * di2 + tr11 * di3;
            let tr5 = ti11 * dr5 + ti12 * dr4;
            let ti5 = ti11 * di5 + ti12 * di4;
            let tr4 = ti12 * dr5 - ti11 * dr4;
            let ti4 = ti12 * di5 - ti11 * di4;
            (ch[chi(i - 1, 2, k)], ch[chi(ic - 1, 1, k)]) = pm(tr2, tr5);
            (ch[chi(i, 2, k)], ch[chi(ic, 1, k)]) = pm(ti5, ti2);
            (ch[chi(i - 1, 4, k)], ch[chi(ic - 1, 3, k)]) = pm(tr3, tr4);
            (ch[chi(i, 4, k)], ch[chi(ic, 3, k)]) = pm(ti4, ti3);
        }
    }
}
