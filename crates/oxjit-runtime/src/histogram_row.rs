//! The hot loops of `np.histogram` with equal bins over float64 items in one row (`Items::f64_row`:
//! 1-d at any step, or C-contiguous): the range's pass (least and greatest item) and the
//! counting pass. On x86-64 each takes two items per step in SSE2 registers (every x86-64 CPU
//! has them): the scaled positions, their bins and the test "well inside a bin" for both at
//! once, then one branch for the pair. The scalar loop took three branches and a saturating
//! conversion per item and ran at twice the time of the memory's reads.

/// The bin of `x` (within the edges) as NumPy finds it: from the scaled position, corrected
/// against the edges. (Out of line: the counting loops take it for the few items near an edge.)
#[cold]
#[inline(never)]
pub(crate) fn uniform_bin(x: f64, first: f64, denom: f64, bins: usize, edges: &[f64]) -> usize {
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

/// NumPy's index without its division, where that is sure to be NumPy's: `scale` is
/// `bins / denom` (rounded), so `(x - first) * scale` is NumPy's scaled position
/// `((x - first) / denom) * bins` within a few roundings; where it lies well inside a bin
/// (`margin`: `Fast::new`) both are in it and NumPy's corrections against the edges leave the
/// index there. Elsewhere (near an edge), NumPy's steps.
#[derive(Clone, Copy)]
pub(crate) struct Fast {
    first: f64,
    denom: f64,
    scale: f64,
    margin: f64,
    bins: usize,
}

impl Fast {
    /// The margin is four times a bound of the rounding errors, in bins, of NumPy's position
    /// (three roundings), of this one (four), and of `linspace`'s edges (`i * step + first`:
    /// two roundings of `i * step`, one of the sum, at most `max(|first|, |last|)` in size).
    /// 1 (never fast) near the ends of the float range.
    pub(crate) fn new(first: f64, last: f64, denom: f64, bins: usize) -> Fast {
        let m = first.abs().max(last.abs());
        let u = f64::EPSILON / 2.0;
        let margin = match denom > 1e-290 && m < 1e290 {
            true => (4.0 * u * bins as f64 * (10.0 + m / denom)).min(1.0),
            false => 1.0,
        };
        Fast {
            first,
            denom,
            scale: bins as f64 / denom,
            margin,
            bins,
        }
    }

    /// The bin of `x` where it lies well inside one (`margin < frac < 1 - margin`, one test),
    /// `None` elsewhere. Such an `x` is within the outer edges too: below `first`, `f` is
    /// negative or zero; above `last`, `f` exceeds `bins - margin` (the margin bounds its
    /// error), so the test is false, and for NaN.
    #[inline(always)]
    fn inside(self, x: f64) -> Option<usize> {
        let f = (x - self.first) * self.scale;
        // (Signed conversions: one instruction each way, where unsigned ones take several.)
        let i = f as i64;
        let frac = f - i as f64;
        let central = (frac - 0.5).abs() < 0.5 - self.margin;
        ((i as u64) < self.bins as u64 && central).then_some(i as usize)
    }

    /// The bin of `x` (within the edges).
    #[inline(always)]
    pub(crate) fn bin(self, x: f64, edges: &[f64]) -> usize {
        match self.inside(x) {
            Some(i) => i,
            None => uniform_bin(x, self.first, self.denom, self.bins, edges),
        }
    }

    /// Counts `x` if it lies within the outer edges `(first, last)`, by NumPy's steps where
    /// it is not well inside a bin.
    #[inline(always)]
    fn count(self, x: f64, (first, last): (f64, f64), edges: &[f64], counts: &mut [i64]) {
        match self.inside(x) {
            // SAFETY: `inside` gives bins below `self.bins`, the length of `counts`.
            Some(i) => unsafe { *counts.get_unchecked_mut(i) += 1 },
            _ if x >= first && x <= last => {
                counts[uniform_bin(x, first, self.denom, self.bins, edges)] += 1
            }
            _ => {}
        }
    }
}

/// The `j`-th of the float64 items from `p`, `step` bytes apart.
///
/// # Safety
/// The row has more than `j` items.
#[inline(always)]
unsafe fn item(p: *const u8, j: usize, step: isize) -> *const f64 {
    // SAFETY: the caller's promise.
    unsafe { p.offset(j as isize * step) as *const f64 }
}

/// Counts the `n` float64 items from `p`, `step` bytes apart, within the outer edges
/// `(first, last)`. Its own function, every argument a value or a slice, so that the loop
/// keeps them in registers (as a closure given to `Items::for_each` does not).
///
/// # Safety
/// The row has `n` items.
#[inline(never)]
pub(crate) unsafe fn count_row(
    p: *const u8,
    n: usize,
    step: isize,
    outer: (f64, f64),
    fast: Fast,
    edges: &[f64],
    counts: &mut [i64],
) {
    assert_eq!(counts.len(), fast.bins);
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the caller's promise.
    let done = unsafe { sse2::count_pairs(p, n, step, outer, fast, edges, counts) };
    #[cfg(not(target_arch = "x86_64"))]
    let done = 0;
    for j in done..n {
        // SAFETY: the row has `n` items; NumPy arrays may be unaligned.
        let x = unsafe { item(p, j, step).read_unaligned() };
        fast.count(x, outer, edges, counts);
    }
}

/// The least and greatest of the `n` float64 items from `p`, `step` bytes apart, and whether
/// one is NaN. Which of equal zeros is found (the sign of a zero outer edge) is left to the
/// lanes, as NumPy's own `min` and `max` leave it to theirs (it differs by CPU there).
///
/// # Safety
/// The row has `n` items.
#[inline(never)]
pub(crate) unsafe fn min_max_row(p: *const u8, n: usize, step: isize) -> (f64, f64, bool) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: the caller's promise.
    let (done, init) = unsafe { sse2::min_max(p, n, step) };
    #[cfg(not(target_arch = "x86_64"))]
    let (done, init) = (0, (f64::INFINITY, f64::NEG_INFINITY, false));
    // SAFETY: the caller's promise.
    unsafe { min_max_in_order(item(p, done, step) as *const u8, n - done, step, init) }
}

/// The loop in order of `min_max_row` from the state `(lo, hi, nan)`.
///
/// # Safety
/// The row has `n` items.
unsafe fn min_max_in_order(
    p: *const u8,
    n: usize,
    step: isize,
    (mut lo, mut hi, mut nan): (f64, f64, bool),
) -> (f64, f64, bool) {
    for j in 0..n {
        // SAFETY: the caller's promise; NumPy arrays may be unaligned.
        let x = unsafe { item(p, j, step).read_unaligned() };
        lo = if x < lo { x } else { lo };
        hi = if x > hi { x } else { hi };
        nan |= x.is_nan();
    }
    (lo, hi, nan)
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{item, uniform_bin, Fast};
    use std::arch::x86_64::*;

    /// Two items, `j` and `j + 1`, in one register.
    ///
    /// # Safety
    /// The row has more than `j + 1` items.
    #[inline(always)]
    unsafe fn pair(p: *const u8, j: usize, step: isize) -> __m128d {
        // SAFETY: the caller's promise; the loads take any alignment.
        unsafe { _mm_loadh_pd(_mm_load_sd(item(p, j, step)), item(p, j + 1, step)) }
    }

    /// `Fast::inside` of a pair: a mask of the items well inside a bin (bit k for item k) and
    /// their bins as two 32-bit halves. The truncation to 32 bits gives `i32::MIN` for a
    /// position out of its range or NaN, and then `frac` is far from 0.5 or NaN; the position
    /// is below `bins` as a float, so the bin is too.
    #[inline(always)]
    fn inside(x: __m128d, fast: Fast) -> (i32, u64) {
        // SAFETY: SSE2 is part of x86-64.
        unsafe {
            let f = _mm_mul_pd(
                _mm_sub_pd(x, _mm_set1_pd(fast.first)),
                _mm_set1_pd(fast.scale),
            );
            let i = _mm_cvttpd_epi32(f);
            let frac = _mm_sub_pd(f, _mm_cvtepi32_pd(i));
            let abs = _mm_castsi128_pd(_mm_set1_epi64x(i64::MAX));
            let dist = _mm_and_pd(_mm_sub_pd(frac, _mm_set1_pd(0.5)), abs);
            let central = _mm_cmplt_pd(dist, _mm_set1_pd(0.5 - fast.margin));
            let below = _mm_cmplt_pd(f, _mm_set1_pd(fast.bins as f64));
            let mask = _mm_movemask_pd(_mm_and_pd(central, below));
            (mask, _mm_cvtsi128_si64(i) as u64)
        }
    }

    /// `Fast::count` of the items four at a time (two pairs, one branch): returns how many it
    /// counted (all but the last `n % 4`).
    ///
    /// # Safety
    /// The row has `n` items.
    #[inline(always)]
    pub(super) unsafe fn count_pairs(
        p: *const u8,
        n: usize,
        step: isize,
        outer: (f64, f64),
        fast: Fast,
        edges: &[f64],
        counts: &mut [i64],
    ) -> usize {
        let mut j = 0;
        while j + 4 <= n {
            // SAFETY: the items read are within the row.
            let ((m0, i01), (m1, i23)) = unsafe {
                (
                    inside(pair(p, j, step), fast),
                    inside(pair(p, j + 2, step), fast),
                )
            };
            let bins = [
                i01 as u32,
                (i01 >> 32) as u32,
                i23 as u32,
                (i23 >> 32) as u32,
            ];
            let mask = m0 | (m1 << 2);
            if mask == 15 {
                for i in bins {
                    // SAFETY: a bin that passed the test is below `bins`, the counts' length.
                    unsafe { *counts.get_unchecked_mut(i as usize) += 1 };
                }
                j += 4;
                continue;
            }
            for (k, &i) in bins.iter().enumerate() {
                match mask & (1 << k) != 0 {
                    // SAFETY: a bin that passed the test is below `bins`, the counts' length.
                    true => unsafe { *counts.get_unchecked_mut(i as usize) += 1 },
                    // SAFETY: the item is within the row.
                    false => unsafe { count_near_edge(p, j + k, step, outer, fast, edges, counts) },
                }
            }
            j += 4;
        }
        j
    }

    /// `Fast::count` of the `j`-th item, out of line (the few near an edge or out of range).
    ///
    /// # Safety
    /// The row has more than `j` items.
    #[cold]
    #[inline(never)]
    unsafe fn count_near_edge(
        p: *const u8,
        j: usize,
        step: isize,
        (first, last): (f64, f64),
        fast: Fast,
        edges: &[f64],
        counts: &mut [i64],
    ) {
        // SAFETY: the caller's promise.
        let x = unsafe { item(p, j, step).read_unaligned() };
        if x >= first && x <= last {
            counts[uniform_bin(x, first, fast.denom, fast.bins, edges)] += 1;
        }
    }

    /// `min_max_row` in four lanes (two pairs, so that no lane waits on the last step's
    /// result): `minpd(x, lo)` is `x < lo ? x : lo`, the loop's step, NaN kept apart.
    /// Returns how many items it took (all but the last `n % 4`) and their state.
    ///
    /// # Safety
    /// The row has `n` items.
    pub(super) unsafe fn min_max(p: *const u8, n: usize, step: isize) -> (usize, (f64, f64, bool)) {
        // SAFETY: SSE2 is part of x86-64; the items read are within the row.
        unsafe {
            let (mut lo0, mut lo1) = (_mm_set1_pd(f64::INFINITY), _mm_set1_pd(f64::INFINITY));
            let mut hi0 = _mm_set1_pd(f64::NEG_INFINITY);
            let mut hi1 = hi0;
            let mut nan = _mm_setzero_pd();
            let mut j = 0;
            while j + 4 <= n {
                let (a, b) = (pair(p, j, step), pair(p, j + 2, step));
                lo0 = _mm_min_pd(a, lo0);
                hi0 = _mm_max_pd(a, hi0);
                lo1 = _mm_min_pd(b, lo1);
                hi1 = _mm_max_pd(b, hi1);
                nan = _mm_or_pd(nan, _mm_cmpunord_pd(a, b));
                j += 4;
            }
            let (mut lo, mut hi) = ([0.0; 2], [0.0; 2]);
            _mm_storeu_pd(lo.as_mut_ptr(), _mm_min_pd(lo0, lo1));
            _mm_storeu_pd(hi.as_mut_ptr(), _mm_max_pd(hi0, hi1));
            let lo = if lo[1] < lo[0] { lo[1] } else { lo[0] };
            let hi = if hi[1] > hi[0] { hi[1] } else { hi[0] };
            (j, (lo, hi, _mm_movemask_pd(nan) != 0))
        }
    }
}
