//! NumPy's pairwise summation (`numpy/_core/src/umath/loops_utils.h.src`), so that compiled
//! `a.sum()` rounds as NumPy's does: blocks of 8 partial sums below 128 items, halves above.

const PW_BLOCKSIZE: usize = 128;

macro_rules! pairwise {
    ($name:ident, $t:ty) => {
        /// # Safety
        /// `data` points to `n` items `stride` bytes apart.
        pub(crate) unsafe fn $name(data: *const u8, n: usize, stride: isize) -> $t {
            /// # Safety
            /// `data` points to `n` items `stride` bytes apart (`UNIT`: the item's size).
            unsafe fn recurse<const UNIT: bool>(data: *const u8, n: usize, stride: isize) -> $t {
                let stride = if UNIT {
                    std::mem::size_of::<$t>() as isize
                } else {
                    stride
                };
                // SAFETY: `i < n`: an item of the `n` the caller vouches for.
                let at = |i: usize| unsafe { *(data.offset(i as isize * stride) as *const $t) };
                if n < 8 {
                    // NumPy starts from -0.0 so that an all -0.0 sum stays -0.0.
                    let mut res: $t = -0.0;
                    for i in 0..n {
                        res += at(i);
                    }
                    res
                } else if n <= PW_BLOCKSIZE {
                    let mut r = [at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7)];
                    let mut i = 8;
                    while i < n - (n % 8) {
                        for (k, rk) in r.iter_mut().enumerate() {
                            *rk += at(i + k);
                        }
                        i += 8;
                    }
                    let mut res = (r[0] + r[1]) + (r[2] + r[3]) + ((r[4] + r[5]) + (r[6] + r[7]));
                    while i < n {
                        res += at(i);
                        i += 1;
                    }
                    res
                } else {
                    let mut n2 = n / 2;
                    n2 -= n2 % 8;
                    // SAFETY: the two halves are the `n` items the caller vouches for.
                    unsafe {
                        recurse::<UNIT>(data, n2, stride)
                            + recurse::<UNIT>(data.offset(n2 as isize * stride), n - n2, stride)
                    }
                }
            }

            // Contiguous items (the common case) run a copy of the code whose stride is a
            // constant: LLVM then adds the eight partial sums with vector instructions, each lane
            // one partial sum, so the roundings are the same as one item at a time.
            // SAFETY: the caller's guarantee, passed on.
            unsafe {
                if stride == std::mem::size_of::<$t>() as isize {
                    recurse::<true>(data, n, stride)
                } else {
                    recurse::<false>(data, n, stride)
                }
            }
        }
    };
}

pairwise!(pairwise_f64, f64);
pairwise!(pairwise_f32, f32);

/// Sum of `n` float64 items `stride` bytes apart, added to `init` as NumPy's reduction does.
#[no_mangle]
pub extern "C" fn oxjit_rt_pairwise_sum_f64(
    init: f64,
    data: *const u8,
    n: i64,
    stride: i64,
) -> f64 {
    // SAFETY: generated code passes `n` items `stride` bytes apart.
    init + unsafe { pairwise_f64(data, n.max(0) as usize, stride as isize) }
}

/// Sum of `n` float32 items, in float32 as NumPy computes it.
#[no_mangle]
pub extern "C" fn oxjit_rt_pairwise_sum_f32(
    init: f32,
    data: *const u8,
    n: i64,
    stride: i64,
) -> f32 {
    // SAFETY: generated code passes `n` items `stride` bytes apart.
    init + unsafe { pairwise_f32(data, n.max(0) as usize, stride as isize) }
}

/// The fewest items a parallel function's sum splits across the pool.
const MIN_PARALLEL_SUM: usize = 1 << 16;

/// The subtrees of NumPy's pairwise recursion over `n` items at `depth` levels below the root (or
/// smaller where the recursion ends first), as (offset, length), left to right.
fn tree_leaves(off: usize, n: usize, depth: u32, out: &mut Vec<(usize, usize)>) {
    if depth == 0 || n <= PW_BLOCKSIZE {
        out.push((off, n));
        return;
    }
    let n2 = n / 2 - (n / 2) % 8;
    tree_leaves(off, n2, depth - 1, out);
    tree_leaves(off + n2, n - n2, depth - 1, out);
}

/// The root's sum from the leaves' sums, added up the tree exactly as the recursion adds them.
fn tree_sum<T: std::ops::Add<Output = T>>(
    n: usize,
    depth: u32,
    sums: &mut impl Iterator<Item = T>,
) -> T {
    if depth == 0 || n <= PW_BLOCKSIZE {
        return sums.next().expect("one sum per leaf");
    }
    let n2 = n / 2 - (n / 2) % 8;
    let left = tree_sum(n2, depth - 1, sums);
    left + tree_sum(n - n2, depth - 1, sums)
}

macro_rules! parallel_pairwise {
    ($name:ident, $serial:ident, $leaf:ident, $task:ident, $t:ty) => {
        /// One leaf's pairwise sum per chunk (chunk `k` is leaf `k`).
        struct $leaf {
            data: *const u8,
            stride: isize,
            leaves: Vec<(usize, usize)>,
            /// One slot per leaf, in the caller's vector.
            sums: *mut $t,
        }

        unsafe extern "C" fn $task(
            ctx: *mut std::ffi::c_void,
            lo: i64,
            hi: i64,
            _chunk: i64,
            _exc: *mut oxjit_abi::ExcInfo,
        ) -> i32 {
            // SAFETY: the caller's record, alive until every chunk has run; read only.
            let ctx = unsafe { &*(ctx as *const $leaf) };
            for k in lo as usize..hi as usize {
                let (off, len) = ctx.leaves[k];
                // SAFETY: leaf `k` is in the caller's data; slot `k` is written by this chunk
                // only (the runtime hands each leaf to one chunk).
                unsafe {
                    let data = ctx.data.offset(off as isize * ctx.stride);
                    *ctx.sums.add(k) = $serial(data, len, ctx.stride);
                }
            }
            0
        }

        /// `a.sum()` of a `parallel=True` function: NumPy's pairwise tree, its top levels on
        /// the pool, so the result is NumPy's to the bit.
        #[no_mangle]
        pub extern "C" fn $name(init: $t, data: *const u8, n: i64, stride: i64) -> $t {
            let n = n.max(0) as usize;
            let threads = crate::parallel::oxjit_rt_parallel_chunks(n as i64);
            if n < MIN_PARALLEL_SUM || threads <= 1 {
                // SAFETY: generated code passes `n` items `stride` bytes apart.
                return init + unsafe { $serial(data, n, stride as isize) };
            }
            // Two leaves per chunk the pool would use: 2**depth leaves.
            let depth = (threads as u32 * 2)
                .next_power_of_two()
                .trailing_zeros()
                .min(8);
            let mut leaves = Vec::new();
            tree_leaves(0, n, depth, &mut leaves);
            let count = leaves.len();
            let mut sums: Vec<$t> = vec![0.0; count];
            let ctx = $leaf {
                data,
                stride: stride as isize,
                leaves,
                sums: sums.as_mut_ptr(),
            };
            let mut exc = crate::parallel::blank_exception();
            // SAFETY: the task reads the caller's data and writes its own leaves' slots.
            unsafe {
                crate::parallel::oxjit_rt_parallel_for(
                    $task,
                    &ctx as *const $leaf as *mut std::ffi::c_void,
                    count as i64,
                    count as i64,
                    &mut exc,
                );
            }
            init + tree_sum(n, depth, &mut sums.into_iter())
        }
    };
}

parallel_pairwise!(
    oxjit_rt_parallel_pairwise_sum_f64,
    pairwise_f64,
    LeavesF64,
    leaves_f64,
    f64
);
parallel_pairwise!(
    oxjit_rt_parallel_pairwise_sum_f32,
    pairwise_f32,
    LeavesF32,
    leaves_f32,
    f32
);

/// Whether an array of `ndim` axes (`shape`, byte `strides`) covers one block of items without
/// gaps or overlaps, every stride positive (a C array with its axes permuted): NumPy's iterator
/// then coalesces it into one run, reduced in memory order. (A negative stride is not turned
/// round for a reduction: NumPy's runs then stay apart.)
#[no_mangle]
pub extern "C" fn oxjit_rt_dense_block(
    ndim: i64,
    shape: *const i64,
    strides: *const i64,
    itemsize: i64,
) -> bool {
    // SAFETY: generated code passes `ndim` extents and strides.
    let (shape, strides) = unsafe {
        (
            std::slice::from_raw_parts(shape, ndim as usize),
            std::slice::from_raw_parts(strides, ndim as usize),
        )
    };
    let axes: Vec<(i64, i64)> = shape
        .iter()
        .zip(strides)
        .filter(|(d, _)| **d != 1)
        .map(|(d, s)| (*d, *s))
        .collect();
    if axes.iter().any(|&(d, s)| d == 0 || s <= 0) {
        return false;
    }
    let mut axes = axes;
    axes.sort_by_key(|&(_, s)| s);
    let mut want = itemsize;
    for (d, s) in axes {
        if s != want {
            return false;
        }
        want *= d;
    }
    true
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_dense_block",
            oxjit_rt_dense_block as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_pairwise_sum_f64",
            oxjit_rt_parallel_pairwise_sum_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_pairwise_sum_f32",
            oxjit_rt_parallel_pairwise_sum_f32 as *const () as usize,
        ),
        (
            "oxjit_rt_pairwise_sum_f64",
            oxjit_rt_pairwise_sum_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_pairwise_sum_f32",
            oxjit_rt_pairwise_sum_f32 as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_parallel_sum_is_numpys_to_the_bit() {
        let v: Vec<f64> = (0..300_001).map(|i| (i as f64 * 0.7).sin() * 1e3).collect();
        for n in [0, 7, 130, 70_000, 131_071, 300_001] {
            let p = v.as_ptr() as *const u8;
            let serial = oxjit_rt_pairwise_sum_f64(0.0, p, n as i64, 8);
            let parallel = oxjit_rt_parallel_pairwise_sum_f64(0.0, p, n as i64, 8);
            assert_eq!(serial.to_bits(), parallel.to_bits(), "n = {n}");
        }
    }

    #[test]
    fn sums_like_a_loop_for_exact_values() {
        let v: Vec<f64> = (0..1000).map(|i| i as f64).collect();
        let s = oxjit_rt_pairwise_sum_f64(0.0, v.as_ptr() as *const u8, v.len() as i64, 8);
        assert_eq!(s, 499500.0);
    }
}
