//! Bit-for-bit comparisons with NumPy's legacy generator (`np.random` / `RandomState`).
//!
//! Expected values come from NumPy 2.4.6 (the venv's); each table's comment is the Python that
//! produced it, run after `np.random.seed(SEED)` for each seed listed in the `check` calls.

use oxjit_runtime::random::{self as rt, RandomState};

mod basic;
mod continuous;
mod discrete;
mod gamma_family;
mod state;

/// Seeds a fresh state and compares `expected.len()` draws of `draw` with `expected`, bitwise.
fn check_f64(seed: u32, mut draw: impl FnMut(&mut RandomState) -> f64, expected: &[f64]) {
    let mut rs = RandomState::new(seed);
    for (k, e) in expected.iter().enumerate() {
        let got = draw(&mut rs);
        assert_eq!(
            got.to_bits(),
            e.to_bits(),
            "seed {seed}, draw {k}: {got:?} != {e:?}"
        );
    }
}

fn check_i64(seed: u32, mut draw: impl FnMut(&mut RandomState) -> i64, expected: &[i64]) {
    let mut rs = RandomState::new(seed);
    for (k, e) in expected.iter().enumerate() {
        assert_eq!(draw(&mut rs), *e, "seed {seed}, draw {k}");
    }
}
