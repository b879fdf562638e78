//! The backward passes of pocketfft's real transform (`rfftp::radb2` ... `radb5` in
//! `pocketfft_hdronly.h`), operations in pocketfft's order. `cc` is indexed
//! `cc[a + ido*(b + ip*c)]`, `ch` `ch[a + ido*(b + l1*c)]`, `wa` `wa[i + x*(ido-1)]`.

use super::num::{pm, Real};
use super::radf::{five, mulpm};

pub fn radb2<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 2 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let two = F::of(2.0);
    for k in 0..l1 {
        (ch[chi(0, k, 0)], ch[chi(0, k, 1)]) = pm(cc[cci(0, 0, k)], cc[cci(ido - 1, 1, k)]);
    }
    if ido & 1 == 0 {
        for k in 0..l1 {
            ch[chi(ido - 1, k, 0)] = two * cc[cci(ido - 1, 0, k)];
            ch[chi(ido - 1, k, 1)] = -two * cc[cci(0, 1, k)];
        }
    }
    if ido <= 2 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let tr2;
            let ti2;
            (ch[chi(i - 1, k, 0)], tr2) = pm(cc[cci(i - 1, 0, k)], cc[cci(ic - 1, 1, k)]);
            (ti2, ch[chi(i, k, 0)]) = pm(cc[cci(i, 0, k)], cc[cci(ic, 1, k)]);
            (ch[chi(i, k, 1)], ch[chi(i - 1, k, 1)]) = mulpm(wa[i - 2], wa[i - 1], ti2, tr2);
        }
    }
}

pub fn radb3<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let taur = F::of(-0.5);
    let taui = F::of(0.866_025_403_784_438_646_763_723_170_752_936_2);
    let two = F::of(2.0);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 3 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let tr2 = two * cc[cci(ido - 1, 1, k)];
        let cr2 = cc[cci(0, 0, k)] + taur * tr2;
        ch[chi(0, k, 0)] = cc[cci(0, 0, k)] + tr2;
        let ci3 = two * taui * cc[cci(0, 2, k)];
        (ch[chi(0, k, 2)], ch[chi(0, k, 1)]) = pm(cr2, ci3);
    }
    if ido == 1 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |a: usize, b: usize| cc[cci(a, b, k)];
            let tr2 = x(i - 1, 2) + x(ic - 1, 1);
            let ti2 = x(i, 2) - x(ic, 1);
            let cr2 = x(i - 1, 0) + taur * tr2;
            let ci2 = x(i, 0) + taur * ti2;
            ch[chi(i - 1, k, 0)] = x(i - 1, 0) + tr2;
            ch[chi(i, k, 0)] = x(i, 0) + ti2;
            let cr3 = taui * (x(i - 1, 2) - x(ic - 1, 1));
            let ci3 = taui * (x(i, 2) + x(ic, 1));
            let (dr3, dr2) = pm(cr2, ci3);
            let (di2, di3) = pm(ci2, cr3);
            (ch[chi(i, k, 1)], ch[chi(i - 1, k, 1)]) = mulpm(wa(0, i - 2), wa(0, i - 1), di2, dr2);
            (ch[chi(i, k, 2)], ch[chi(i - 1, k, 2)]) = mulpm(wa(1, i - 2), wa(1, i - 1), di3, dr3);
        }
    }
}

pub fn radb4<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let sqrt2 = F::of(1.414_213_562_373_095_048_801_688_724_209_698);
    let two = F::of(2.0);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 4 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let (tr2, tr1) = pm(cc[cci(0, 0, k)], cc[cci(ido - 1, 3, k)]);
        let tr3 = two * cc[cci(ido - 1, 1, k)];
        let tr4 = two * cc[cci(0, 2, k)];
        (ch[chi(0, k, 0)], ch[chi(0, k, 2)]) = pm(tr2, tr3);
        (ch[chi(0, k, 3)], ch[chi(0, k, 1)]) = pm(tr1, tr4);
    }
    if ido & 1 == 0 {
        for k in 0..l1 {
            let (ti1, ti2) = pm(cc[cci(0, 3, k)], cc[cci(0, 1, k)]);
            let (tr2, tr1) = pm(cc[cci(ido - 1, 0, k)], cc[cci(ido - 1, 2, k)]);
            ch[chi(ido - 1, k, 0)] = tr2 + tr2;
            ch[chi(ido - 1, k, 1)] = sqrt2 * (tr1 - ti1);
            ch[chi(ido - 1, k, 2)] = ti2 + ti2;
            ch[chi(ido - 1, k, 3)] = -sqrt2 * (tr1 + ti1);
        }
    }
    if ido <= 2 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |a: usize, b: usize| cc[cci(a, b, k)];
            let (tr2, tr1) = pm(x(i - 1, 0), x(ic - 1, 3));
            let (ti1, ti2) = pm(x(i, 0), x(ic, 3));
            let (tr4, ti3) = pm(x(i, 2), x(ic, 1));
            let (tr3, ti4) = pm(x(i - 1, 2), x(ic - 1, 1));
            let cr3;
            let ci3;
            (ch[chi(i - 1, k, 0)], cr3) = pm(tr2, tr3);
            (ch[chi(i, k, 0)], ci3) = pm(ti2, ti3);
            let (cr4, cr2) = pm(tr1, tr4);
            let (ci2, ci4) = pm(ti1, ti4);
            (ch[chi(i, k, 1)], ch[chi(i - 1, k, 1)]) = mulpm(wa(0, i - 2), wa(0, i - 1), ci2, cr2);
            (ch[chi(i, k, 2)], ch[chi(i - 1, k, 2)]) = mulpm(wa(1, i - 2), wa(1, i - 1), ci3, cr3);
            (ch[chi(i, k, 3)], ch[chi(i - 1, k, 3)]) = mulpm(wa(2, i - 2), wa(2, i - 1), ci4, cr4);
        }
    }
}

pub fn radb5<F: Real>(ido: usize, l1: usize, cc: &[F], ch: &mut [F], wa: &[F]) {
    let (tr11, ti11, tr12, ti12) = five::<F>();
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 5 * c);
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let wa = |x: usize, i: usize| wa[i + x * (ido - 1)];
    for k in 0..l1 {
        let x = |a: usize, b: usize| cc[cci(a, b, k)];
        let ti5 = x(0, 2) + x(0, 2);
        let ti4 = x(0, 4) + x(0, 4);
        let tr2 = x(ido - 1, 1) + x(ido - 1, 1);
        let tr3 = x(ido - 1, 3) + x(ido - 1, 3);
        ch[chi(0, k, 0)] = x(0, 0) + tr2 + tr3;
        let cr2 = x(0, 0) + tr11 * tr2 + tr12 * tr3;
        let cr3 = x(0, 0) + tr12 * tr2 + tr11 * tr3;
        let (ci5, ci4) = mulpm(ti5, ti4, ti11, ti12);
        (ch[chi(0, k, 4)], ch[chi(0, k, 1)]) = pm(cr2, ci5);
        (ch[chi(0, k, 3)], ch[chi(0, k, 2)]) = pm(cr3, ci4);
    }
    if ido == 1 {
        return;
    }
    for k in 0..l1 {
        for i in (2..ido).step_by(2) {
            let ic = ido - i;
            let x = |a: usize, b: usize| cc[cci(a, b, k)];
            let (tr2, tr5) = pm(x(i - 1, 2), x(ic - 1, 1));
            let (ti5, ti2) = pm(x(i, 2), x(ic, 1));
            let (tr3, tr4) = pm(x(i - 1, 4), x(ic - 1, 3));
            let (ti4, ti3) = pm(x(i, 4), x(ic, 3));
            ch[chi(i - 1, k, 0)] = x(i - 1, 0) + tr2 + tr3;
            ch[chi(i, k, 0)] = x(i, 0) + ti2 + ti3;
            let cr2 = x(i - 1, 0) + tr11 * tr2 + tr12 * tr3;
            let ci2 = x(i, 0) + tr11 * ti2 + tr12 * ti3;
            let cr3 = x(i - 1, 0) + tr12 * tr2 + tr11 * tr3;
            let ci3 = x(i, 0) + tr12 * ti2 + tr11 * ti3;
            let (cr5, cr4) = mulpm(tr5, tr4, ti11, ti12);
            let (ci5, ci4) = mulpm(ti5, ti4, ti11, ti12);
            let (dr4, dr3) = pm(cr3, ci4);
            let (di3, di4) = pm(ci3, cr4);
            let (dr5, dr2) = pm(cr2, ci5);
            let (di2, di5) = pm(ci2, cr5);
            (ch[chi(i, k, 1)], ch[chi(i - 1, k, 1)]) = mulpm(wa(0, i - 2), wa(0, i - 1), di2, dr2);
            (ch[chi(i, k, 2)], ch[chi(i - 1, k, 2)]) = mulpm(wa(1, i - 2), wa(1, i - 1), di3, dr3);
            (ch[chi(i, k, 3)], ch[chi(i - 1, k, 3)]) = mulpm(wa(2, i - 2), wa(2, i - 1), di4, dr4);
            (ch[chi(i, k, 4)], ch[chi(i - 1, k, 4)]) = mulpm(wa(3, i - 2), wa(3, i - 1), di5, dr5);
        }
    }
}
