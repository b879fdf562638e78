//! NumPy's order of summing a contiguous run of floats along a summed axis in `np.einsum`
//! (`einsum_sumprod.c.src`: `sum_of_arr`, `contig_contig_outstride0_two`, the `stride0`
//! variants), for the SIMD width of NumPy's x86-64 baseline build (SSE: 16-byte vectors, two
//! float64 or four float32 lanes; no FMA: `npyv_muladd` is a product then a sum). Each lane
//! accumulates its items, four vectors a step, the tail zero-filled; the lanes are then added
//! as `npyv_sum` does (`l0 + l1`; `(l0 + l1) + (l2 + l3)`, SSE3's `hadd`).

use std::ops::{Add, Mul};

/// A float with `L` lanes per 16-byte vector.
pub(crate) trait Lanes: Copy + Add<Output = Self> + Mul<Output = Self> + Default {}

/// `npyv_sum`: the lanes added pairwise.
fn lane_sum<T: Lanes, const L: usize>(v: [T; L]) -> T {
    if L == 2 {
        v[0] + v[1]
    } else {
        (v[0] + v[1]) + (v[2] + v[3])
    }
}

/// Vector `k` of the run from `p` (zero-filled past `count`).
///
/// # Safety
/// `p` addresses `count` items.
unsafe fn load<T: Lanes, const L: usize>(p: *const T, k: usize, count: usize) -> [T; L] {
    let mut v = [T::default(); L];
    for (l, x) in v.iter_mut().enumerate() {
        let i = k * L + l;
        if i < count {
            // SAFETY: `i < count`, within the run.
            *x = unsafe { p.add(i).read_unaligned() };
        }
    }
    v
}

fn lanes<T: Lanes, const L: usize>(a: [T; L], b: [T; L], f: impl Fn(T, T) -> T) -> [T; L] {
    std::array::from_fn(|l| f(a[l], b[l]))
}

/// `sum_of_arr`: the sum of `count` contiguous items.
///
/// # Safety
/// `p` addresses `count` items.
unsafe fn sum_of_arr<T: Lanes, const L: usize>(p: *const T, count: usize) -> T {
    let mut acc = [T::default(); L];
    let mut k = 0;
    // SAFETY: every vector loaded lies in the run (`load` stops at `count`).
    unsafe {
        while count - k * L >= 4 * L {
            let v: [[T; L]; 4] = std::array::from_fn(|j| load(p, k + j, count));
            let a01 = lanes(v[0], v[1], |x, y| x + y);
            let a23 = lanes(v[2], v[3], |x, y| x + y);
            let a0123 = lanes(a01, a23, |x, y| x + y);
            acc = lanes(a0123, acc, |x, y| x + y);
            k += 4;
        }
        while k * L < count {
            acc = lanes(load(p, k, count), acc, |x, y| x + y);
            k += 1;
        }
    }
    lane_sum(acc)
}

/// `contig_contig_outstride0_two`: the sum of the products of two contiguous runs.
///
/// # Safety
/// `a` and `b` address `count` items.
unsafe fn dot<T: Lanes, const L: usize>(a: *const T, b: *const T, count: usize) -> T {
    let mut acc = [T::default(); L];
    let mut k = 0;
    let muladd =
        |x: [T; L], y: [T; L], z: [T; L]| -> [T; L] { std::array::from_fn(|l| x[l] * y[l] + z[l]) };
    // SAFETY: every vector loaded lies in the runs (`load` stops at `count`).
    unsafe {
        while count - k * L >= 4 * L {
            let va: [[T; L]; 4] = std::array::from_fn(|j| load(a, k + j, count));
            let vb: [[T; L]; 4] = std::array::from_fn(|j| load(b, k + j, count));
            let ab3 = muladd(va[3], vb[3], acc);
            let ab2 = muladd(va[2], vb[2], ab3);
            let ab1 = muladd(va[1], vb[1], ab2);
            acc = muladd(va[0], vb[0], ab1);
            k += 4;
        }
        while k * L < count {
            acc = muladd(load(a, k, count), load(b, k, count), acc);
            k += 1;
        }
    }
    lane_sum(acc)
}

/// The run's sum in NumPy's SIMD order where NumPy takes such a loop: one contiguous operand,
/// or two contiguous (or one fixed: its value times the other's sum); `None` otherwise.
///
/// # Safety
/// Each operand's run of `count` items (by its stride) lies in its memory.
pub(crate) unsafe fn sum_run<T: Lanes, const L: usize>(
    ptrs: &[*const u8],
    strides: &[i64],
    count: usize,
) -> Option<T> {
    let size = std::mem::size_of::<T>() as i64;
    let p = |k: usize| ptrs[k] as *const T;
    // SAFETY: the caller's contract; a fixed operand is one item.
    unsafe {
        match (ptrs.len(), strides) {
            (1, [s, ..]) if *s == size => Some(sum_of_arr::<T, L>(p(0), count)),
            (2, [s, t, ..]) if *s == size && *t == size => Some(dot::<T, L>(p(0), p(1), count)),
            (2, [0, t, ..]) if *t == size => {
                Some(p(0).read_unaligned() * sum_of_arr::<T, L>(p(1), count))
            }
            (2, [s, 0, ..]) if *s == size => {
                Some(p(1).read_unaligned() * sum_of_arr::<T, L>(p(0), count))
            }
            _ => None,
        }
    }
}
