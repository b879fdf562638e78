//! The hot loops of `np.histogram` with equal bins over float64 items in one row (`Items::f64_row`:
//! 1-d at any step, or C-contiguous): the range's pass (least and greatest item) and the
//! counting pass (`histogram_blocks.rs` on x86-64). The range's pass takes two items per step
//! in SSE2 registers (every x86-64 CPU has them) and asks for the items 256 ahead
//! (`prefetch`): without that the 16-byte steps of `x[::2]` ran at 0.8 of the memory's speed.

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
    pub(crate) first: f64,
    denom: f64,
    pub(crate) scale: f64,
    pub(crate) margin: f64,
    pub(crate) bins: usize,
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
    pub(crate) fn count(
        self,
        x: f64,
        (first, last): (f64, f64),
        edges: &[f64],
        counts: &mut [i64],
    ) {
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
pub(crate) unsafe fn item(p: *const u8, j: usize, step: isize) -> *const f64 {
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
    let done =
        unsafe { crate::histogram_blocks::count_blocks(p, n, step, outer, fast, edges, counts) };
    #[cfg(not(target_arch = "x86_64"))]
    let done = 0;
    // SAFETY: the row has `n` items.
    unsafe { count_in_order(p, done..n, step, outer, fast, edges, counts) };
}

/// `Fast::count` of the items `js` of the row, one at a time: the rest after the blocks, or a
/// block with an item near an edge.
///
/// # Safety
/// The row has every item of `js`.
#[inline(always)]
pub(crate) unsafe fn count_in_order(
    p: *const u8,
    js: std::ops::Range<usize>,
    step: isize,
    outer: (f64, f64),
    fast: Fast,
    edges: &[f64],
    counts: &mut [i64],
) {
    for j in js {
        // SAFETY: the caller's promise; NumPy arrays may be unaligned.
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

/// How far ahead (in items) the loops ask for the items they will read: the memory's latency
/// at the speed of the loops (256: about 4 KB at `x[::2]`'s step; 128 was slower, 512 the same).
pub(crate) const AHEAD: usize = 256;

/// Asks for the cache line of the `j`-th item (a hint: an address past the row is harmless).
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(crate) fn prefetch(p: *const u8, j: usize, step: isize) {
    let at = p.wrapping_offset((j as isize).wrapping_mul(step));
    // SAFETY: SSE is part of x86-64; a prefetch reads nothing and never faults.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(at as *const i8)
    };
}

#[cfg(target_arch = "x86_64")]
mod sse2 {
    use super::{item, prefetch, AHEAD};
    use std::arch::x86_64::*;

    /// Two items, `j` and `j + 1`, in one register.
    ///
    /// # Safety
    /// The row has more than `j + 1` items.
    #[inline(always)]
    pub(crate) unsafe fn pair(p: *const u8, j: usize, step: isize) -> __m128d {
        // SAFETY: the caller's promise; NumPy arrays may be unaligned.
        unsafe {
            let (a, b) = (
                item(p, j, step).read_unaligned(),
                item(p, j + 1, step).read_unaligned(),
            );
            _mm_set_pd(b, a)
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
                prefetch(p, j + AHEAD, step);
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

#[cfg(target_arch = "x86_64")]
pub(crate) use sse2::pair;
