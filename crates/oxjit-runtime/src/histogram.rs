//! `np.histogram` as NumPy's `lib/_histograms_impl.py` computes it, on the items of the array
//! (and the weights) copied to float64 in C order by generated code: equal bins from NumPy's
//! `linspace` with its index arithmetic and corrections, blocks of 65536 items as NumPy's (the
//! weighted sums of each block are `bincount`'s float64 sums, made integers where the weights
//! are), and given edges through sorted blocks and `searchsorted` as NumPy's
//! `_search_sorted_inclusive`.

use crate::sort::float_order;

/// NumPy's block of items.
const BLOCK: usize = 65536;

/// `oxjit_rt_histogram_uniform`'s statuses; generated code raises NumPy's error for each.
pub const HIST_OK: i32 = 0;
pub const HIST_BINS_NOT_POSITIVE: i32 = 1;
pub const HIST_RANGE_REVERSED: i32 = 2;
pub const HIST_RANGE_NOT_FINITE: i32 = 3;
pub const HIST_AUTO_NOT_FINITE: i32 = 4;
pub const HIST_TOO_MANY_BINS: i32 = 5;

/// Where the counts go: integers (no weights, or integer weights) or floats.
struct Counts {
    ints: *mut i64,
    floats: *mut f64,
}

impl Counts {
    /// Adds one block's `bincount` to bin `i`: the count, or the float64 sum of the weights.
    ///
    /// # Safety
    /// The non-null pointer has room for bin `i`.
    unsafe fn add(&self, i: usize, count: i64, weighted: Option<f64>) {
        // SAFETY: the caller's promise.
        unsafe {
            match weighted {
                Some(sum) if !self.floats.is_null() => *self.floats.add(i) += sum,
                // Integer weights: NumPy's `astype(ntype)` of the float sums.
                Some(sum) => *self.ints.add(i) = (*self.ints.add(i)).wrapping_add(sum as i64),
                None => *self.ints.add(i) += count,
            }
        }
    }
}

/// NumPy's `linspace(first, last, n + 1)` in float64.
fn linspace(first: f64, last: f64, bins: usize, edges: &mut [f64]) {
    let delta = last - first;
    let div = bins as f64;
    let step = delta / div;
    for (i, e) in edges.iter_mut().enumerate() {
        let y = i as f64;
        let y = if step == 0.0 {
            y / div * delta
        } else {
            y * step
        };
        *e = y + first;
    }
    edges[bins] = last;
}

/// The outer edges: the range given, or the items' least and greatest (0 and 1 for none);
/// widened by a half where they are equal. `int_items`: the range's values, or else the items,
/// are integers. Returns the edges, whether they are still integers, and a status.
fn outer_edges(a: &[f64], range: Option<(f64, f64)>, int_items: bool) -> (f64, f64, bool, i32) {
    let (lo, hi, ints) = match range {
        Some((lo, hi)) => {
            if lo > hi {
                return (lo, hi, false, HIST_RANGE_REVERSED);
            }
            if !(lo.is_finite() && hi.is_finite()) {
                return (lo, hi, false, HIST_RANGE_NOT_FINITE);
            }
            (lo, hi, int_items)
        }
        None if a.is_empty() => (0.0, 1.0, true),
        None => {
            // NumPy's min and max: NaN where there is one.
            let (lo, hi) = if a.iter().any(|x| x.is_nan()) {
                (f64::NAN, f64::NAN)
            } else {
                let lo = a.iter().copied().fold(f64::INFINITY, f64::min);
                (lo, a.iter().copied().fold(f64::NEG_INFINITY, f64::max))
            };
            if !(lo.is_finite() && hi.is_finite()) {
                return (lo, hi, false, HIST_AUTO_NOT_FINITE);
            }
            (lo, hi, int_items)
        }
    };
    if lo == hi {
        return (lo - 0.5, hi + 0.5, false, HIST_OK);
    }
    (lo, hi, ints, HIST_OK)
}

/// The bin of `x` (within the edges) as NumPy finds it: from the scaled position, corrected
/// against the edges.
fn uniform_bin(x: f64, first: f64, denom: f64, bins: usize, edges: &[f64]) -> usize {
    let f = ((x - first) / denom) * bins as f64;
    let mut i = f as i64;
    if i == bins as i64 {
        i -= 1;
    }
    if x < edges[i as usize] {
        i -= 1;
    }
    if x >= edges[i as usize + 1] && i != bins as i64 - 1 {
        i += 1;
    }
    i as usize
}

/// `np.histogram(a, bins, range, weights)` with `bins` equal bins. `range_kind`: 0 none, 1 two
/// integers, 2 otherwise (`lo`, `hi`). `w` null without weights; `int_w`: integer weights.
/// Writes the `bins + 1` edges, the counts (`ints` or `floats`, the other null) and the outer
/// edges (`outer`, for messages); returns a status.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_histogram_uniform(
    a: *const f64,
    n: i64,
    w: *const f64,
    bins: i64,
    range_kind: i32,
    lo: f64,
    hi: f64,
    int_items: bool,
    edges: *mut f64,
    ints: *mut i64,
    floats: *mut f64,
    outer: *mut f64,
) -> i32 {
    if bins < 1 {
        return HIST_BINS_NOT_POSITIVE;
    }
    let bins = bins as usize;
    // SAFETY: generated code passes `n` items (and weights), room for `bins + 1` edges, `bins`
    // counts and two outer edges.
    let (a, w, edges, outer) = unsafe {
        (
            crate::setops::items(a, n),
            if w.is_null() {
                None
            } else {
                Some(crate::setops::items(w, n))
            },
            std::slice::from_raw_parts_mut(edges, bins + 1),
            std::slice::from_raw_parts_mut(outer, 2),
        )
    };
    let range = (range_kind != 0).then_some((lo, hi));
    let ints_given = if range.is_some() {
        range_kind == 1
    } else {
        int_items
    };
    let (first, last, int_edges, status) = outer_edges(a, range, ints_given);
    outer[0] = first;
    outer[1] = last;
    if status != HIST_OK {
        return status;
    }
    linspace(first, last, bins, edges);
    if edges.windows(2).any(|e| e[0] >= e[1]) {
        return HIST_TOO_MANY_BINS;
    }
    // NumPy's `_unsigned_subtract`: integer edges are subtracted exactly.
    let denom = if int_edges {
        (last as i128 - first as i128) as f64
    } else {
        last - first
    };
    let counts = Counts { ints, floats };
    let mut sums = vec![0.0f64; bins];
    let mut seen = vec![0i64; bins];
    for start in (0..a.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(a.len());
        sums.iter_mut().for_each(|s| *s = 0.0);
        seen.iter_mut().for_each(|s| *s = 0);
        for i in start..end {
            let x = a[i];
            if !(x >= first && x <= last) {
                continue;
            }
            let b = uniform_bin(x, first, denom, bins, edges);
            match w {
                Some(w) => sums[b] += w[i],
                None => seen[b] += 1,
            }
        }
        for b in 0..bins {
            // SAFETY: room for `bins` counts.
            unsafe { counts.add(b, seen[b], w.map(|_| sums[b])) };
        }
    }
    HIST_OK
}

/// `np.histogram(a, bins=edges, weights)`: `ne` edges; counts as in
/// `oxjit_rt_histogram_uniform`. Returns 1 (NumPy's `ValueError`) where the edges decrease.
#[no_mangle]
pub extern "C" fn oxjit_rt_histogram_edges(
    a: *const f64,
    n: i64,
    w: *const f64,
    e: *const f64,
    ne: i64,
    ints: *mut i64,
    floats: *mut f64,
) -> i32 {
    // SAFETY: generated code passes `n` items (and weights), `ne` edges and room for `ne - 1`
    // counts.
    let (a, w, e) = unsafe {
        (
            crate::setops::items(a, n),
            if w.is_null() {
                None
            } else {
                Some(crate::setops::items(w, n))
            },
            crate::setops::items(e, ne),
        )
    };
    let ne = e.len();
    if e.windows(2).any(|p| p[0] > p[1]) {
        return 1;
    }
    if ne == 0 {
        return 0;
    }
    // NumPy's `cum_n`: per block, the (weighted) count below each edge, `<=` for the last.
    let mut cum_i = vec![0i64; ne];
    let mut cum_f = vec![0f64; ne];
    for start in (0..a.len()).step_by(BLOCK) {
        let end = (start + BLOCK).min(a.len());
        let mut order: Vec<usize> = (start..end).collect();
        order.sort_by(|&i, &j| float_order(&a[i], &a[j]));
        let sorted: Vec<f64> = order.iter().map(|&i| a[i]).collect();
        // `cw`: 0, then the running sums of the weights in sorted order.
        let mut cw_f = vec![0.0f64];
        let mut cw_i = vec![0i64];
        if let Some(w) = w {
            for &i in &order {
                cw_f.push(cw_f.last().unwrap() + w[i]);
                cw_i.push(cw_i.last().unwrap().wrapping_add(w[i] as i64));
            }
        }
        for (k, edge) in e.iter().enumerate() {
            let at = if k + 1 < ne {
                sorted.partition_point(|x| float_order(x, edge).is_lt())
            } else {
                sorted.partition_point(|x| float_order(x, edge).is_le())
            };
            match w {
                None => cum_i[k] += at as i64,
                Some(_) => {
                    cum_f[k] += cw_f[at];
                    cum_i[k] = cum_i[k].wrapping_add(cw_i[at]);
                }
            }
        }
    }
    for k in 0..ne - 1 {
        // SAFETY: room for `ne - 1` counts at the non-null pointer.
        unsafe {
            if !floats.is_null() {
                *floats.add(k) = cum_f[k + 1] - cum_f[k];
            } else if !ints.is_null() {
                *ints.add(k) = cum_i[k + 1].wrapping_sub(cum_i[k]);
            }
        }
    }
    0
}

/// The (name, address) of the histogram functions.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_histogram_uniform",
            oxjit_rt_histogram_uniform as *const () as usize,
        ),
        (
            "oxjit_rt_histogram_edges",
            oxjit_rt_histogram_edges as *const () as usize,
        ),
    ]
}
