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
