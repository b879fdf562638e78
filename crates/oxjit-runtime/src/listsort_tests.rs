use super::*;

fn lt(a: &f64, b: &f64) -> bool {
    a < b
}

/// A reproducible sequence (an LCG) of floats with many repeats.
fn floats(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 33) % 97) as f64 - 40.0
        })
        .collect()
}

#[test]
fn minrun_and_power_as_cpython() {
    assert_eq!(compute_minrun(63), 63);
    assert_eq!(compute_minrun(64), 32);
    assert_eq!(compute_minrun(65), 33);
    assert_eq!(compute_minrun(1_000_000), 62);
    // Two halves of a list meet at power 1; quarters at power 2.
    assert_eq!(powerloop(0, 50, 50, 100), 1);
    assert_eq!(powerloop(0, 25, 25, 100), 2);
}

#[test]
fn a_total_order_sorts_stably_both_ways() {
    for n in [0, 1, 2, 5, 63, 64, 65, 300, 5000] {
        // (value, position): the sort sees the value only; positions show stability.
        let xs: Vec<(f64, usize)> = floats(n, n as u64).into_iter().zip(0..).collect();
        let mut mine = xs.clone();
        list_sort(
            &mut mine,
            &|a: &(f64, usize), b: &(f64, usize)| a.0 < b.0,
            false,
        );
        let mut std_sorted = xs.clone();
        std_sorted.sort_by(|a, b| a.0.partial_cmp(&b.0).expect("no NaN"));
        assert_eq!(mine, std_sorted);
        let mut down = xs.clone();
        list_sort(
            &mut down,
            &|a: &(f64, usize), b: &(f64, usize)| a.0 < b.0,
            true,
        );
        // Descending, equal values in their first order: a stable sort by the negated value.
        std_sorted.sort_by(|a, b| b.0.partial_cmp(&a.0).expect("no NaN"));
        assert_eq!(down, std_sorted);
    }
}

#[test]
fn nans_land_where_cpython_puts_them() {
    // The results of CPython 3.11's `sorted` for these lists.
    let nan = f64::NAN;
    let mut v = vec![1.0, 0.0, nan, -1.0];
    list_sort(&mut v, &lt, false);
    assert_eq!(format!("{v:?}"), "[-1.0, 0.0, 1.0, NaN]");
    let mut v = vec![3.0, nan, 2.0, 1.0, nan, 0.0, -1.0, 5.0];
    list_sort(&mut v, &lt, false);
    assert_eq!(
        format!("{v:?}"),
        "[3.0, NaN, -1.0, 0.0, 1.0, 2.0, NaN, 5.0]"
    );
}

#[test]
fn descending_and_presorted_runs_are_kept() {
    let mut v: Vec<f64> = (0..1000).rev().map(f64::from).collect();
    list_sort(&mut v, &lt, false);
    assert!(v.windows(2).all(|w| w[0] < w[1]));
    let mut v: Vec<f64> = (0..1000).map(|i| f64::from(i % 300)).collect();
    list_sort(&mut v, &lt, false);
    assert!(v.windows(2).all(|w| w[0] <= w[1]));
}
