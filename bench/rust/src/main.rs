//! What bench/containers.py measures, written with Rust's own containers (`Vec`, `HashSet`), as
//! the reference: best of `--repeat` runs of each case, printed as one JSON object of
//! seconds per case. The cases compute what the Python functions compute (the script checks the
//! results printed beside the times).

use std::collections::HashSet;
use std::hint::black_box;
use std::time::Instant;

/// `[i * 0.5 for i in range(n)]`, returned (a Vec of n floats).
fn build(n: i64) -> Vec<f64> {
    let mut xs = Vec::new();
    for i in 0..n {
        xs.push(i as f64 * 0.5);
    }
    xs
}

/// Appends n ints to an empty Vec, then sums them.
fn append_sum(n: i64) -> i64 {
    let mut xs = Vec::new();
    for i in 0..n {
        xs.push(i);
    }
    xs.iter().sum()
}

/// The distinct values of `(i * 7919) % 100003` in first-seen order (their count).
fn dedup(n: i64) -> i64 {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for i in 0..n {
        let x = (i * 7919) % 100003;
        if seen.insert(x) {
            out.push(x);
        }
    }
    out.len() as i64
}

/// Sorts n tuples `((i * 7919) % 1000003, i)` (stable, as Python's sort) and takes the middle.
fn sort_tuples(n: i64) -> (i64, i64) {
    let mut xs: Vec<(i64, i64)> = (0..n).map(|i| ((i * 7919) % 1000003, i)).collect();
    xs.sort();
    xs[(n / 2) as usize]
}

/// `((i * 7919) % 1000003) * 0.25` for n values, sorted; the middle one.
fn sort_floats(n: i64) -> f64 {
    let mut xs: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000003) as f64 * 0.25).collect();
    xs.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    xs[(n / 2) as usize]
}

fn best<T: std::fmt::Debug>(repeat: usize, mut f: impl FnMut() -> T) -> (f64, String) {
    let mut out = format!("{:?}", black_box(f()));
    let mut best = f64::INFINITY;
    for _ in 0..repeat {
        let t = Instant::now();
        let r = black_box(f());
        best = best.min(t.elapsed().as_secs_f64());
        out = format!("{r:?}");
    }
    (best, out)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: i64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|k| args.get(k + 1))
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let n = arg("--n", 1_000_000);
    let repeat = arg("--repeat", 5) as usize;
    let cases: Vec<(&str, (f64, String))> = vec![
        ("build", best(repeat, || build(black_box(n)).len())),
        ("append_sum", best(repeat, || append_sum(black_box(10 * n)))),
        ("dedup", best(repeat, || dedup(black_box(n)))),
        ("sort_tuples", best(repeat, || sort_tuples(black_box(n)))),
        ("sort_floats", best(repeat, || sort_floats(black_box(n)))),
    ];
    let body: Vec<String> = cases
        .iter()
        .map(|(name, (t, r))| format!("\"{name}\": [{t}, \"{r}\"]"))
        .collect();
    println!("{{{}}}", body.join(", "));
}
