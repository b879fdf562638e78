//! The counting pass of `np.histogram` with equal bins over one row of float64 items
//! (`histogram_row::count_row`), on x86-64 in SSE2 registers, by blocks of 256 items in two
//! steps: the bins of the block (four items per step, no branch) into a small buffer, then
//! the counts from it. Each item's position in bins is taken in fixed point: `q`, the scaled
//! position times `2^shift`, truncated to an integer, so that `q >> shift` is the bin and the
//! low `shift` bits the place within it. Where those bits are all zeros or all ones for some
//! item of a block (an item within `2^-shift` of an edge, where NumPy's corrections against
//! the edges may move it), the whole block takes NumPy's steps, item by item.
//!
//! Measured on `x[::2]` of 2^24 normal float64 in 64 bins (this machine, CPU time): 54 ms for
//! the loop that counted each item as it went (two pairs, one branch), 28 ms here, the
//! memory's reads alone 24 ms. Asking for the items 256 ahead (`prefetch`) gave most of it;
//! the two steps (the counts no longer wait on the bins' arithmetic) and fixed point (one
//! conversion an item, no float test) the rest.

use crate::histogram_row::{count_in_order, pair, prefetch, Fast, AHEAD};
use std::arch::x86_64::*;

/// Items in a block: its bins fit in 1 KB.
const BLOCK: usize = 256;

/// The constants of the fixed-point positions.
#[derive(Clone, Copy)]
struct Fixed {
    first: __m128d,
    /// `fast.scale * 2^shift`: a power of two's multiple, so `(x - first) * scale` is the
    /// position of `Fast::inside` times `2^shift` exactly (or both overflow, or both are below
    /// `2^-1022`, where `q` is 0 and the block takes NumPy's steps).
    scale: __m128d,
    /// The scaled positions are clamped to `[-0.5, bins + 0.5]` bins (NaN to the lower end,
    /// `maxpd`'s rule for a NaN first operand): bins -1 and `bins` then hold the items
    /// below and above the range, so that no item takes a branch, and every `q` fits 32 bits.
    lo: __m128d,
    hi: __m128d,
    shift: i32,
}

impl Fixed {
    /// The largest `shift` with `(bins + 1) * 2^shift <= 2^30` (positions within 32 bits) and
    /// `margin * 2^shift < 1`, so that an item whose place in its bin is not within `2^-shift`
    /// of either edge is well inside it (`Fast::inside`: its bin is NumPy's). `None` below 2
    /// (bins near 2^28, or a margin near a bin: `Fast::new`): the items one at a time.
    fn new(fast: Fast) -> Option<Fixed> {
        if fast.bins >= 1 << 28 {
            return None;
        }
        let mut shift = 0;
        let bins = fast.bins as u64;
        while (bins + 1) << (shift + 1) <= 1 << 30
            && fast.margin * ((1u64 << (shift + 1)) as f64) < 1.0
        {
            shift += 1;
        }
        if shift < 2 {
            return None;
        }
        let unit = (1u64 << shift) as f64;
        // SAFETY: SSE2 is part of x86-64.
        unsafe {
            Some(Fixed {
                first: _mm_set1_pd(fast.first),
                scale: _mm_set1_pd(fast.scale * unit),
                lo: _mm_set1_pd(-0.5 * unit),
                hi: _mm_set1_pd((fast.bins as f64 + 0.5) * unit),
                shift,
            })
        }
    }

    /// The bins of the block of items from `j0` into `bins` (-1 below the range, `fast.bins`
    /// above it): false where an item lies within `2^-shift` of an edge of its bin (then
    /// `bins` is not to be used).
    ///
    /// # Safety
    /// The row has at least `j0 + BLOCK` items.
    #[inline(never)]
    unsafe fn block(self, p: *const u8, j0: usize, step: isize, bins: &mut [i32; BLOCK]) -> bool {
        // SAFETY: SSE2 is part of x86-64; the items read are within the row (the caller's
        // promise), the stores within `bins`.
        unsafe {
            let low = _mm_set1_epi32((1 << self.shift) - 1);
            let shift = _mm_cvtsi32_si128(self.shift);
            let mut near = _mm_setzero_si128();
            let out = bins.as_mut_ptr() as *mut __m128i;
            for g in 0..BLOCK / 4 {
                let j = j0 + 4 * g;
                prefetch(p, j + AHEAD, step);
                let position = |x: __m128d| {
                    let f = _mm_mul_pd(_mm_sub_pd(x, self.first), self.scale);
                    _mm_cvttpd_epi32(_mm_min_pd(_mm_max_pd(f, self.lo), self.hi))
                };
                let q =
                    _mm_unpacklo_epi64(position(pair(p, j, step)), position(pair(p, j + 2, step)));
                let place = _mm_and_si128(q, low);
                let edge = _mm_or_si128(
                    _mm_cmpeq_epi32(place, _mm_setzero_si128()),
                    _mm_cmpeq_epi32(place, low),
                );
                near = _mm_or_si128(near, edge);
                _mm_storeu_si128(out.add(g), _mm_sra_epi32(q, shift));
            }
            _mm_movemask_epi8(near) == 0
        }
    }
}

/// Adds one to `counts[b]` for each bin `b` of a block (-1 to `bins`).
///
/// # Safety
/// `counts` has room from index -1 to the greatest bin.
#[inline(never)]
unsafe fn add_block(bins: &[i32; BLOCK], counts: *mut i64) {
    for b in bins {
        // SAFETY: the caller's promise.
        unsafe { *counts.offset(*b as isize) += 1 };
    }
}

/// `Fast::count` of the items by blocks; returns how many it counted (all but the last
/// `n % 256`, or none where `Fixed::new` declines).
///
/// # Safety
/// The row has `n` items; `counts` has `fast.bins`.
pub(crate) unsafe fn count_blocks(
    p: *const u8,
    n: usize,
    step: isize,
    outer: (f64, f64),
    fast: Fast,
    edges: &[f64],
    counts: &mut [i64],
) -> usize {
    let Some(fixed) = Fixed::new(fast) else {
        return 0;
    };
    // The counts with one more bin either side, for the items out of the range.
    let mut wide = vec![0i64; fast.bins + 2];
    let mut bins = [0i32; BLOCK];
    let mut j = 0;
    while j + BLOCK <= n {
        // SAFETY: the block is within the row.
        match unsafe { fixed.block(p, j, step, &mut bins) } {
            // SAFETY: the bins are -1 to `fast.bins` (the clamp), `wide` has room from 1 below.
            true => unsafe { add_block(&bins, wide.as_mut_ptr().add(1)) },
            // SAFETY: the block is within the row.
            false => unsafe { count_in_order(p, j..j + BLOCK, step, outer, fast, edges, counts) },
        }
        j += BLOCK;
    }
    for (c, w) in counts.iter_mut().zip(&wide[1..]) {
        *c += w;
    }
    j
}
