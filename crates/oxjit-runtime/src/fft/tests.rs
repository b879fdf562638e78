//! The port against a direct DFT, for lengths that take every pass and Bluestein's route
//! (exactness against NumPy itself is tested from Python, `tests/test_np_fft.py`).

use super::blue::{PlanC, PlanR};
use super::num::Cmplx;

fn dft(x: &[Cmplx<f64>], fwd: bool) -> Vec<Cmplx<f64>> {
    let n = x.len();
    let s = if fwd { -1.0 } else { 1.0 };
    (0..n)
        .map(|k| {
            let (mut r, mut i) = (0.0, 0.0);
            for (j, v) in x.iter().enumerate() {
                let a = s * 2.0 * std::f64::consts::PI * ((j * k) % n) as f64 / n as f64;
                r += v.r * a.cos() - v.i * a.sin();
                i += v.r * a.sin() + v.i * a.cos();
            }
            Cmplx::new(r, i)
        })
        .collect()
}

fn input(n: usize) -> Vec<Cmplx<f64>> {
    (0..n)
        .map(|j| {
            Cmplx::new(
                ((j * 7 + 3) % 11) as f64 - 5.0,
                ((j * 5 + 1) % 13) as f64 * 0.25,
            )
        })
        .collect()
}

const LENGTHS: [usize; 24] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 22, 30, 49, 64, 77, 97, 101, 120, 210, 1009,
];

#[test]
fn complex_transforms_are_the_dft() {
    for n in LENGTHS {
        for fwd in [true, false] {
            let x = input(n);
            let want = dft(&x, fwd);
            let mut got = x.clone();
            PlanC::<f64>::new(n).exec(&mut got, 1.0, fwd);
            let scale: f64 = x.iter().map(|v| v.r.abs() + v.i.abs()).sum();
            for (g, w) in got.iter().zip(&want) {
                let err = (g.r - w.r).abs() + (g.i - w.i).abs();
                assert!(err <= 1e-12 * scale, "n={n} fwd={fwd}: {g:?} {w:?}");
            }
        }
    }
}

#[test]
fn real_transforms_are_the_dft_and_back() {
    for n in LENGTHS {
        let x: Vec<f64> = input(n).iter().map(|c| c.r).collect();
        let cx: Vec<Cmplx<f64>> = x.iter().map(|&r| Cmplx::new(r, 0.0)).collect();
        let want = dft(&cx, true);
        let plan = PlanR::<f64>::new(n);
        let mut h = x.clone();
        plan.exec(&mut h, 1.0, true);
        let scale: f64 = x.iter().map(|v| v.abs()).sum::<f64>().max(1.0);
        assert!((h[0] - want[0].r).abs() <= 1e-12 * scale, "n={n}");
        for k in 1..n.div_ceil(2) {
            assert!(
                (h[2 * k - 1] - want[k].r).abs() <= 1e-12 * scale,
                "n={n} k={k}"
            );
            assert!((h[2 * k] - want[k].i).abs() <= 1e-12 * scale, "n={n} k={k}");
        }
        plan.exec(&mut h, 1.0 / n as f64, false);
        for (a, b) in h.iter().zip(&x) {
            assert!((a - b).abs() <= 1e-12 * scale, "n={n}: {a} {b}");
        }
    }
}

#[test]
fn single_precision_is_close() {
    for n in [5usize, 8, 97, 1009] {
        let x = input(n);
        let want = dft(&x, true);
        let mut got: Vec<Cmplx<f32>> = x
            .iter()
            .map(|v| Cmplx::new(v.r as f32, v.i as f32))
            .collect();
        PlanC::<f32>::new(n).exec(&mut got, 1.0, true);
        let scale: f64 = x.iter().map(|v| v.r.abs() + v.i.abs()).sum();
        for (g, w) in got.iter().zip(&want) {
            let err = (g.r as f64 - w.r).abs() + (g.i as f64 - w.i).abs();
            assert!(err <= 1e-5 * scale, "n={n}");
        }
    }
}
