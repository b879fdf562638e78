//! The vector functions against the C library, bit for bit. `OXJIT_VMATH_CHECK_N` sets the
//! number of random inputs (the default keeps `cargo test` quick; the release check ran 10^8).

use super::*;

fn count() -> usize {
    std::env::var("OXJIT_VMATH_CHECK_N")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000)
}

fn check_bits(name: &str) {
    let n = count();
    let scalar = scalar_fn(name);
    let mut mismatches = 0usize;
    let batch = 1 << 20;
    let mut seed = 0x1234_5678_9abc_def1u64;
    let mut done = 0;
    while done < n {
        let xs = check_inputs(batch.min(n - done), seed);
        let Some(ys) = apply(name, &xs) else {
            return; // no AVX2/FMA: nothing to compare
        };
        for (x, y) in xs.iter().zip(&ys) {
            let want = scalar(*x);
            if want.to_bits() != y.to_bits() {
                if mismatches < 10 {
                    eprintln!(
                        "{name}({x:e} = {:#018x}): libm {want:e}, vector {y:e}",
                        x.to_bits()
                    );
                }
                mismatches += 1;
            }
        }
        done += xs.len();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
    assert_eq!(
        mismatches, 0,
        "{name}: {mismatches} of {done} differ from libm"
    );
}

#[test]
fn exp_is_libm_exp() {
    check_bits("exp");
}

#[test]
fn sin_is_libm_sin() {
    check_bits("sin");
}

#[test]
fn cos_is_libm_cos() {
    check_bits("cos");
}

#[test]
fn pow_is_libm_pow() {
    let n = count();
    let batch = 1 << 20;
    let mut mismatches = 0usize;
    let mut seed = 0x0fed_cba9_8765_4321u64;
    let mut done = 0;
    while done < n {
        let (xs, ys) = pow_inputs::pairs(batch.min(n - done), seed);
        let Some(zs) = apply2("pow", &xs, &ys) else {
            return; // no AVX2/FMA: nothing to compare
        };
        for ((x, y), z) in xs.iter().zip(&ys).zip(&zs) {
            let want = crate::libm::pow(*x, *y);
            if want.to_bits() != z.to_bits() {
                if mismatches < 10 {
                    eprintln!(
                        "pow({x:e} = {:#018x}, {y:e} = {:#018x}): libm {want:e}, vector {z:e}",
                        x.to_bits(),
                        y.to_bits()
                    );
                }
                mismatches += 1;
            }
        }
        done += xs.len();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
    }
    assert_eq!(
        mismatches, 0,
        "pow: {mismatches} of {done} differ from libm"
    );
}

#[test]
fn pow_fast_path_is_taken() {
    // The comparison above would pass if every lane fell back to libm: the vector code must
    // compute ordinary pairs itself.
    for i in 0..2000 {
        let x = 1e-3 + i as f64 * 0.517;
        for y in [2.0, 3.0, 0.5, -1.0, 1.5, -2.5, 7.0] {
            assert!(pow::on_fast_path(x, y), "pow({x}, {y}) left to libm");
            assert!(pow::on_fast_path(-x, 3.0), "pow({}, 3) left to libm", -x);
        }
    }
}

/// The masked `pow` of four pairs.
#[target_feature(enable = "avx2,fma")]
fn masked_pow(x: &[f64], y: &[f64], mask: i32) -> [f64; 4] {
    use std::arch::x86_64::*;
    let mut zs = [0.0f64; 4];
    // SAFETY: four doubles read from each slice (of four) and written; AVX2 and FMA enabled.
    unsafe {
        let z = pow::oxjit_vpow4_f64_masked(
            _mm256_loadu_pd(x.as_ptr()),
            _mm256_loadu_pd(y.as_ptr()),
            mask,
        );
        _mm256_storeu_pd(zs.as_mut_ptr(), z);
    }
    zs
}

#[test]
fn masked_pow_computes_the_lanes_of_its_mask() {
    if !cpu_supported() {
        return;
    }
    let (xs, ys) = pow_inputs::pairs(40_000, 11);
    for (i, (cx, cy)) in xs.chunks_exact(4).zip(ys.chunks_exact(4)).enumerate() {
        let mask = (i % 16) as i32;
        // SAFETY: the CPU has AVX2 and FMA (checked above).
        let zs = unsafe { masked_pow(cx, cy, mask) };
        for lane in (0..4).filter(|l| mask & (1 << l) != 0) {
            let want = crate::libm::pow(cx[lane], cy[lane]);
            assert_eq!(
                want.to_bits(),
                zs[lane].to_bits(),
                "pow({}, {})",
                cx[lane],
                cy[lane]
            );
        }
    }
}
