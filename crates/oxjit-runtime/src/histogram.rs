//! `np.histogram` as NumPy's `lib/_histograms_impl.py` computes it, on the items of the array
//! (and the weights) read where they lie, in C order, as float64 (`strided.rs`): equal bins from NumPy's
//! `linspace` with its index arithmetic and corrections, blocks of 65536 items as NumPy's (the
//! weighted sums of each block are `bincount`'s float64 sums, made integers where the weights
//! are), and given edges through sorted blocks and `searchsorted` as NumPy's
//! `_search_sorted_inclusive` where weights are summed (counts need no sort: each item's place
//! among the edges gives the same numbers).

use crate::histogram_row::{count_row, min_max_row, Fast};
use crate::sort::float_order;
use crate::strided::Items;

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
fn outer_edges(a: &Items, range: Option<(f64, f64)>, int_items: bool) -> (f64, f64, bool, i32) {
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
        None if a.len() == 0 => (0.0, 1.0, true),
        None => {
            let (lo, hi) = min_max(a);
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

/// The least and greatest item, NaN for both where there is a NaN (NumPy's `a.min()` and
/// `a.max()`), in one pass.
fn min_max(a: &Items) -> (f64, f64) {
    let init = (f64::INFINITY, f64::NEG_INFINITY, false);
    let (lo, hi, nan) = match a.f64_row() {
        // SAFETY: `f64_row` gives a row of `n` items.
        Some((p, n, step)) => unsafe { min_max_row(p, n, step) },
        None => a.fold(init, |(lo, hi, nan), x| {
            (
                if x < lo { x } else { lo },
                if x > hi { x } else { hi },
                nan | x.is_nan(),
            )
        }),
    };
    match nan {
        true => (f64::NAN, f64::NAN),
        false => (lo, hi),
    }
}

/// `np.histogram(a, bins, range, weights)` with `bins` equal bins; `a` (and `w`, null without
/// weights) an array's native form of `nd` (`wnd`) dimensions and dtype code `dt` (`wdt`).
/// `range_kind`: 0 none, 1 two integers, 2 otherwise (`lo`, `hi`). `int_items`: the items are
/// integers. Writes the `bins + 1` edges, the counts (`ints` or `floats`, the other null) and
/// the outer edges (`outer`, for messages); returns a status. The items are read where they
/// lie: one pass to count, and one before it for the range where none is given.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_histogram_uniform(
    a: *const i64,
    nd: i64,
    dt: i64,
    w: *const i64,
    wnd: i64,
    wdt: i64,
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
    // SAFETY: generated code passes the arrays' native forms (the weights of `a`'s shape),
    // room for `bins + 1` edges, `bins` counts and two outer edges.
    let (a, w, edges, outer) = unsafe {
        (
            Items::read(a, nd, dt),
            (!w.is_null()).then(|| Items::read(w, wnd, wdt)),
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
    let (first, last, int_edges, status) = outer_edges(&a, range, ints_given);
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
    let edges = &*edges;
    let fast = Fast::new(first, last, denom, bins);
    let Some(w) = w else {
        // Counts: NumPy's blocks add integers, so one pass straight into the counts.
        // SAFETY: room for `bins` counts.
        let counts = unsafe { std::slice::from_raw_parts_mut(ints, bins) };
        match a.f64_row() {
            // SAFETY: `f64_row` gives a row of `n` items.
            Some((p, n, step)) => unsafe {
                count_row(p, n, step, (first, last), fast, edges, counts)
            },
            None => a.for_each(|x| {
                if x >= first && x <= last {
                    counts[fast.bin(x, edges)] += 1;
                }
            }),
        }
        return HIST_OK;
    };
    // Weights: each block's float64 sums (`bincount`'s), then added to the counts.
    let counts = Counts { ints, floats };
    let mut sums = vec![0.0f64; bins];
    let flush = |sums: &mut [f64]| {
        for (b, s) in sums.iter_mut().enumerate() {
            // SAFETY: room for `bins` counts.
            unsafe { counts.add(b, 0, Some(*s)) };
            *s = 0.0;
        }
    };
    a.for_each_weighted(&w, |k, x, wv| {
        if k % BLOCK == 0 && k > 0 {
            flush(&mut sums);
        }
        if x >= first && x <= last {
            sums[fast.bin(x, edges)] += wv;
        }
    });
    flush(&mut sums);
    HIST_OK
}

/// NumPy's `cum_n` of one block of weighted items: for each edge, the weights of the items
/// below it (`<=` for the last), summed in sorted order as NumPy's `cumsum`.
fn weighted_block(xs: &[f64], ws: &[f64], e: &[f64], cum_i: &mut [i64], cum_f: &mut [f64]) {
    let ne = e.len();
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&i, &j| float_order(&xs[i], &xs[j]));
    let sorted: Vec<f64> = order.iter().map(|&i| xs[i]).collect();
    // `cw`: 0, then the running sums of the weights in sorted order.
    let mut cw_f = vec![0.0f64];
    let mut cw_i = vec![0i64];
    for &i in &order {
        cw_f.push(cw_f.last().unwrap() + ws[i]);
        cw_i.push(cw_i.last().unwrap().wrapping_add(ws[i] as i64));
    }
    for (k, edge) in e.iter().enumerate() {
        let at = if k + 1 < ne {
            sorted.partition_point(|x| float_order(x, edge).is_lt())
        } else {
            sorted.partition_point(|x| float_order(x, edge).is_le())
        };
        cum_f[k] += cw_f[at];
        cum_i[k] = cum_i[k].wrapping_add(cw_i[at]);
    }
}

/// NumPy's `cum_n` of unweighted items, in one pass: the number of items below each edge
/// (`<=` for the last) in NumPy's order (NaN last). Each item is below the edges from the
/// first greater one on, when the edges are sorted in that order; `None` where they are not
/// (a NaN among them), for the sorted blocks.
fn counted(a: &Items, e: &[f64]) -> Option<Vec<i64>> {
    let ne = e.len();
    if e.windows(2).any(|p| float_order(&p[0], &p[1]).is_gt()) {
        return None;
    }
    // `starts[j]`: the items below the edges from `j` on; the last edge counted apart.
    let mut starts = vec![0i64; ne + 1];
    let mut at_last = 0i64;
    let (inner, last) = e.split_at(ne - 1);
    a.for_each(|x| {
        starts[inner.partition_point(|edge| float_order(edge, &x).is_le())] += 1;
        at_last += float_order(&x, &last[0]).is_le() as i64;
    });
    let mut cum = vec![0i64; ne];
    let mut run = 0;
    for k in 0..ne - 1 {
        run += starts[k];
        cum[k] = run;
    }
    cum[ne - 1] = at_last;
    Some(cum)
}

/// `np.histogram(a, bins=edges, weights)`: `a` and `w` as in `oxjit_rt_histogram_uniform`,
/// `ne` edges in float64; counts as there. Returns 1 (NumPy's `ValueError`) where the edges
/// decrease.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_histogram_edges(
    a: *const i64,
    nd: i64,
    dt: i64,
    w: *const i64,
    wnd: i64,
    wdt: i64,
    e: *const f64,
    ne: i64,
    ints: *mut i64,
    floats: *mut f64,
) -> i32 {
    // SAFETY: generated code passes the arrays' native forms (the weights of `a`'s shape), `ne`
    // edges and room for `ne - 1` counts.
    let (a, w, e) = unsafe {
        (
            Items::read(a, nd, dt),
            (!w.is_null()).then(|| Items::read(w, wnd, wdt)),
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
    let mut cum_i = vec![0i64; ne];
    let mut cum_f = vec![0f64; ne];
    match (&w, counted(&a, e)) {
        (None, Some(cum)) => cum_i = cum,
        _ => {
            // NumPy's blocks, each sorted (the weights' sums follow that order).
            let (mut xs, mut ws) = (Vec::with_capacity(BLOCK), Vec::with_capacity(BLOCK));
            let mut block = |xs: &mut Vec<f64>, ws: &mut Vec<f64>| {
                if ws.is_empty() {
                    ws.resize(xs.len(), 1.0);
                }
                weighted_block(xs, ws, e, &mut cum_i, &mut cum_f);
                xs.clear();
                ws.clear();
            };
            let mut put = |x: f64, wv: Option<f64>| {
                xs.push(x);
                if let Some(wv) = wv {
                    ws.push(wv);
                }
                if xs.len() == BLOCK {
                    block(&mut xs, &mut ws);
                }
            };
            match &w {
                Some(w) => a.for_each_weighted(w, |_, x, wv| put(x, Some(wv))),
                None => a.for_each(|x| put(x, None)),
            }
            if !xs.is_empty() {
                block(&mut xs, &mut ws);
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
