//! The radix passes of pocketfft's complex Cooley-Tukey transform (`cfftp::pass2` ... `passg`
//! in `pocketfft_hdronly.h`), each with its operations in pocketfft's order. `cc` is a pass's
//! input, indexed `cc[a + ido*(b + ip*c)]`; `ch` its output, `ch[a + ido*(b + l1*c)]`; `wa`
//! the pass's twiddles, `wa[i - 1 + x*(ido - 1)]`.
//!
//! The passes of radix 3, 5, 7 and 11 are one function over their constant tables: pocketfft
//! writes each out by hand, but each row sums the same products in the same order (the
//! constants of row `u` and term `k` are those of angle `u*k mod ip`, negated in the sine past
//! half a turn), so the results are the same.

use super::num::{pm, Cmplx, Real};

type C<F> = Cmplx<F>;

/// `cos` and `sin` of `2 pi m / ip` for `m = 1..=ip/2`, as pocketfft writes them (to 34 digits).
pub fn odd_constants(ip: usize) -> Option<(&'static [f64], &'static [f64])> {
    const R3: [f64; 1] = [-0.5];
    const I3: [f64; 1] = [0.866_025_403_784_438_646_763_723_170_752_936_2];
    const R5: [f64; 2] = [
        0.309_016_994_374_947_424_102_293_417_182_819_1,
        -0.809_016_994_374_947_424_102_293_417_182_819_1,
    ];
    const I5: [f64; 2] = [
        0.951_056_516_295_153_572_116_439_333_379_382_1,
        0.587_785_252_292_473_129_168_705_954_639_072_8,
    ];
    const R7: [f64; 3] = [
        0.623_489_801_858_733_530_525_004_884_004_239_8,
        -0.222_520_933_956_314_404_288_902_564_496_794_8,
        -0.900_968_867_902_419_126_236_102_319_507_445_1,
    ];
    const I7: [f64; 3] = [
        0.781_831_482_468_029_808_708_444_526_674_057_8,
        0.974_927_912_181_823_607_018_131_682_993_931_2,
        0.433_883_739_117_558_120_475_768_332_848_359,
    ];
    const R11: [f64; 5] = [
        0.841_253_532_831_181_168_861_811_648_919_367_7,
        0.415_415_013_001_886_425_529_274_149_229_623_2,
        -0.142_314_838_273_285_140_443_792_668_616_369_7,
        -0.654_860_733_945_285_064_056_925_072_466_293_6,
        -0.959_492_973_614_497_389_890_368_057_066_327_7,
    ];
    const I11: [f64; 5] = [
        0.540_640_817_455_597_582_107_635_954_318_691_7,
        0.909_631_995_354_518_371_411_715_383_079_028_5,
        0.989_821_441_880_932_732_376_092_037_776_718_8,
        0.755_749_574_354_258_283_774_035_843_972_344_4,
        0.281_732_556_841_429_697_711_417_915_346_616_9,
    ];
    match ip {
        3 => Some((&R3, &I3)),
        5 => Some((&R5, &I5)),
        7 => Some((&R7, &I7)),
        11 => Some((&R11, &I11)),
        _ => None,
    }
}

pub fn pass2<F: Real, const FWD: bool>(
    ido: usize,
    l1: usize,
    cc: &[C<F>],
    ch: &mut [C<F>],
    wa: &[C<F>],
) {
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 2 * c);
    for k in 0..l1 {
        ch[chi(0, k, 0)] = cc[cci(0, 0, k)] + cc[cci(0, 1, k)];
        ch[chi(0, k, 1)] = cc[cci(0, 0, k)] - cc[cci(0, 1, k)];
        for i in 1..ido {
            ch[chi(i, k, 0)] = cc[cci(i, 0, k)] + cc[cci(i, 1, k)];
            let d = cc[cci(i, 0, k)] - cc[cci(i, 1, k)];
            ch[chi(i, k, 1)] = d.special_mul(wa[i - 1], FWD);
        }
    }
}

pub fn pass4<F: Real, const FWD: bool>(
    ido: usize,
    l1: usize,
    cc: &[C<F>],
    ch: &mut [C<F>],
    wa: &[C<F>],
) {
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 4 * c);
    let wa = |x: usize, i: usize| wa[i - 1 + x * (ido - 1)];
    for k in 0..l1 {
        let (t2, t1) = pm(cc[cci(0, 0, k)], cc[cci(0, 2, k)]);
        let (t3, t4) = pm(cc[cci(0, 1, k)], cc[cci(0, 3, k)]);
        let t4 = t4.rotx90(FWD);
        (ch[chi(0, k, 0)], ch[chi(0, k, 2)]) = pm(t2, t3);
        (ch[chi(0, k, 1)], ch[chi(0, k, 3)]) = pm(t1, t4);
        for i in 1..ido {
            let (t2, t1) = pm(cc[cci(i, 0, k)], cc[cci(i, 2, k)]);
            let (t3, t4) = pm(cc[cci(i, 1, k)], cc[cci(i, 3, k)]);
            let t4 = t4.rotx90(FWD);
            ch[chi(i, k, 0)] = t2 + t3;
            ch[chi(i, k, 1)] = (t1 + t4).special_mul(wa(0, i), FWD);
            ch[chi(i, k, 2)] = (t2 - t3).special_mul(wa(1, i), FWD);
            ch[chi(i, k, 3)] = (t1 - t4).special_mul(wa(2, i), FWD);
        }
    }
}

/// Multiplication by `exp(-+i pi/4)` (`ROTX45<fwd>`) and by `exp(-+3i pi/4)` (`ROTX135<fwd>`).
fn rotx45<F: Real, const FWD: bool>(a: C<F>) -> C<F> {
    let h = F::of(0.707_106_781_186_547_524_400_844_362_104_849);
    if FWD {
        C::new(h * (a.r + a.i), h * (a.i - a.r))
    } else {
        C::new(h * (a.r - a.i), h * (a.i + a.r))
    }
}

fn rotx135<F: Real, const FWD: bool>(a: C<F>) -> C<F> {
    let h = F::of(0.707_106_781_186_547_524_400_844_362_104_849);
    if FWD {
        C::new(h * (a.i - a.r), h * (-a.r - a.i))
    } else {
        C::new(h * (-a.r - a.i), h * (a.r - a.i))
    }
}

pub fn pass8<F: Real, const FWD: bool>(
    ido: usize,
    l1: usize,
    cc: &[C<F>],
    ch: &mut [C<F>],
    wa: &[C<F>],
) {
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + 8 * c);
    let wa = |x: usize, i: usize| wa[i - 1 + x * (ido - 1)];
    for k in 0..l1 {
        let x = |j: usize| cc[cci(0, j, k)];
        let (a1, a5) = pm(x(1), x(5));
        let (a3, a7) = pm(x(3), x(7));
        let (a1, a3) = pm(a1, a3);
        let a3 = a3.rotx90(FWD);
        let a7 = a7.rotx90(FWD);
        let (a5, a7) = pm(a5, a7);
        let a5 = rotx45::<F, FWD>(a5);
        let a7 = rotx135::<F, FWD>(a7);
        let (a0, a4) = pm(x(0), x(4));
        let (a2, a6) = pm(x(2), x(6));
        (ch[chi(0, k, 0)], ch[chi(0, k, 4)]) = pm(a0 + a2, a1);
        (ch[chi(0, k, 2)], ch[chi(0, k, 6)]) = pm(a0 - a2, a3);
        let a6 = a6.rotx90(FWD);
        (ch[chi(0, k, 1)], ch[chi(0, k, 5)]) = pm(a4 + a6, a5);
        (ch[chi(0, k, 3)], ch[chi(0, k, 7)]) = pm(a4 - a6, a7);
        for i in 1..ido {
            let x = |j: usize| cc[cci(i, j, k)];
            let (a1, a5) = pm(x(1), x(5));
            let (a3, a7) = pm(x(3), x(7));
            let a7 = a7.rotx90(FWD);
            let (a1, a3) = pm(a1, a3);
            let a3 = a3.rotx90(FWD);
            let (a5, a7) = pm(a5, a7);
            let a5 = rotx45::<F, FWD>(a5);
            let a7 = rotx135::<F, FWD>(a7);
            let (a0, a4) = pm(x(0), x(4));
            let (a2, a6) = pm(x(2), x(6));
            let (a0, a2) = pm(a0, a2);
            ch[chi(i, k, 0)] = a0 + a1;
            ch[chi(i, k, 4)] = (a0 - a1).special_mul(wa(3, i), FWD);
            ch[chi(i, k, 2)] = (a2 + a3).special_mul(wa(1, i), FWD);
            ch[chi(i, k, 6)] = (a2 - a3).special_mul(wa(5, i), FWD);
            let a6 = a6.rotx90(FWD);
            let (a4, a6) = pm(a4, a6);
            ch[chi(i, k, 1)] = (a4 + a5).special_mul(wa(0, i), FWD);
            ch[chi(i, k, 5)] = (a4 - a5).special_mul(wa(4, i), FWD);
            ch[chi(i, k, 3)] = (a6 + a7).special_mul(wa(2, i), FWD);
            ch[chi(i, k, 7)] = (a6 - a7).special_mul(wa(6, i), FWD);
        }
    }
}

/// The passes of radix 3, 5, 7 and 11 (`pass3`, `pass5`, `pass7`, `pass11`).
#[allow(clippy::too_many_arguments)]
pub fn pass_odd<F: Real, const FWD: bool>(
    ip: usize,
    ido: usize,
    l1: usize,
    cc: &[C<F>],
    ch: &mut [C<F>],
    wa: &[C<F>],
    consts: (&[f64], &[f64]),
) {
    let half = ip / 2;
    let chi = |a: usize, b: usize, c: usize| a + ido * (b + l1 * c);
    let cci = |a: usize, b: usize, c: usize| a + ido * (b + ip * c);
    // The constants of each row: x[u][k] (cosines) and y[u][k] (signed sines).
    let sign = if FWD { -1.0 } else { 1.0 };
    let mut xs = vec![F::zero(); half * half];
    let mut ys = vec![F::zero(); half * half];
    for u in 1..=half {
        for k in 1..=half {
            let m = (u * k) % ip;
            let (m, s) = if m <= half { (m, 1.0) } else { (ip - m, -1.0) };
            xs[(u - 1) * half + k - 1] = F::of(consts.0[m - 1]);
            ys[(u - 1) * half + k - 1] = F::of(s * (sign * consts.1[m - 1]));
        }
    }
    let mut plus = vec![C::<F>::default(); half];
    let mut minus = vec![C::<F>::default(); half];
    for k in 0..l1 {
        for i in 0..ido {
            let t0 = cc[cci(i, 0, k)];
            let mut sum = t0;
            for j in 1..=half {
                (plus[j - 1], minus[j - 1]) = pm(cc[cci(i, j, k)], cc[cci(i, ip - j, k)]);
                sum += plus[j - 1];
            }
            ch[chi(i, k, 0)] = sum;
            for u in 1..=half {
                let x = &xs[(u - 1) * half..u * half];
                let y = &ys[(u - 1) * half..u * half];
                let mut ca = t0;
                let (mut cbi, mut cbr) = (F::zero(), F::zero());
                for j in 0..half {
                    ca += plus[j].scale(x[j]);
                    if j == 0 {
                        cbi = y[0] * minus[0].r;
                        cbr = y[0] * minus[0].i;
                    } else {
                        cbi += y[j] * minus[j].r;
                        cbr += y[j] * minus[j].i;
                    }
                }
                let cb = C::new(-cbr, cbi);
                let (da, db) = pm(ca, cb);
                if i == 0 {
                    ch[chi(0, k, u)] = da;
                    ch[chi(0, k, ip - u)] = db;
                } else {
                    ch[chi(i, k, u)] = da.special_mul(wa[i - 1 + (u - 1) * (ido - 1)], FWD);
                    let w = wa[i - 1 + (ip - u - 1) * (ido - 1)];
                    ch[chi(i, k, ip - u)] = db.special_mul(w, FWD);
                }
            }
        }
    }
}
