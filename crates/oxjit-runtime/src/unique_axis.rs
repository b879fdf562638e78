//! `np.unique(ar, axis=k)`: the distinct sub-arrays of `ar` along axis `k`, sorted. NumPy moves
//! the axis first, views each of the `n` rows (the `pre * post` items of a sub-array, in C
//! order) as one structured item and runs `_unique1d` on them (the result is a view of the distinct rows with the axis moved
//! back): rows are ordered field by field
//! with each field's own comparison (NaNs last, `-0.0 == 0.0`), and two rows are the same only
//! where every field is `==` (so a row holding a NaN is never merged, whatever `equal_nan`).
//! Generated code passes a C copy of `ar` as `(pre, n, post)` and room for every result.

use std::cmp::Ordering;

use crate::setops::items;
use crate::sort::float_order;

/// The items of row `i` of `x` seen as `(pre, n, post)`, in C order.
fn row<T: Copy>(x: &[T], dims: [usize; 3], i: usize) -> impl Iterator<Item = T> + '_ {
    let [pre, n, post] = dims;
    (0..pre).flat_map(move |p| x[(p * n + i) * post..][..post].iter().copied())
}

/// The structured comparison of rows `i` and `j`: the first field that differs decides.
fn compare_rows<T: Copy + PartialOrd>(x: &[T], dims: [usize; 3], i: usize, j: usize) -> Ordering {
    row(x, dims, i)
        .zip(row(x, dims, j))
        .map(|(a, b)| float_order(&a, &b))
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Whether rows `i` and `j` are equal field by field (NumPy's `aux[1:] != aux[:-1]` negated).
#[allow(clippy::float_cmp)]
fn same_rows<T: Copy + PartialOrd>(x: &[T], dims: [usize; 3], i: usize, j: usize) -> bool {
    row(x, dims, i).zip(row(x, dims, j)).all(|(a, b)| a == b)
}

/// `_unique1d` over the rows: the first index of each distinct row (in sorted order), the
/// inverse and the counts. The order is stable, as NumPy's mergesort under `return_index`.
fn unique_rows<T: Copy + PartialOrd>(x: &[T], dims: [usize; 3]) -> [Vec<i64>; 3] {
    let n = dims[1];
    let mut perm: Vec<usize> = (0..n).collect();
    perm.sort_by(|&i, &j| compare_rows(x, dims, i, j));
    let (mut index, mut inverse, mut starts) = (Vec::new(), vec![0i64; n], Vec::new());
    let mut k = -1i64;
    for (s, &i) in perm.iter().enumerate() {
        if s == 0 || !same_rows(x, dims, perm[s - 1], i) {
            k += 1;
            index.push(i as i64);
            starts.push(s as i64);
        }
        inverse[i] = k;
    }
    starts.push(n as i64);
    let counts = starts.windows(2).map(|w| w[1] - w[0]).collect();
    [index, inverse, counts]
}

/// Writes `v` at `out` when `out` is not null.
///
/// # Safety
/// `out` is null or has room for `v.len()` items.
unsafe fn write_opt(out: *mut i64, v: &[i64]) {
    if !out.is_null() && !v.is_empty() {
        // SAFETY: the caller's promise.
        unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), out, v.len()) };
    }
}

macro_rules! unique_axis_functions {
    ($($t:ty => $name:ident;)*) => {
        $(
            /// `np.unique(x, axis=k)` of a C array seen as `(pre, n, post)`: the distinct rows
            /// into `values`, one after another (`(count, pre, post)`), and where not null the first indices, the
            /// inverse (`n`) and the counts; returns how many rows.
            #[no_mangle]
            #[allow(clippy::too_many_arguments)]
            pub extern "C" fn $name(
                x: *const $t,
                pre: i64,
                n: i64,
                post: i64,
                values: *mut $t,
                index: *mut i64,
                inverse: *mut i64,
                counts: *mut i64,
            ) -> i64 {
                let dims = [pre, n, post].map(|d| d.max(0) as usize);
                // SAFETY: `pre * n * post` items at `x`.
                let xs = unsafe { items(x, pre * n * post) };
                let [first, inv, count] = unique_rows(xs, dims);
                let k = first.len();
                for (r, &i) in first.iter().enumerate() {
                    for (j, v) in row(xs, dims, i as usize).enumerate() {
                        // SAFETY: room for `pre * n * post >= k * pre * post` items at `values`.
                        unsafe { *values.add(r * dims[0] * dims[2] + j) = v };
                    }
                }
                // SAFETY: room for `n` indices at each non-null pointer.
                unsafe {
                    write_opt(index, &first);
                    write_opt(inverse, &inv);
                    write_opt(counts, &count);
                }
                k as i64
            }
        )*

        /// The (name, address) of every `unique(axis=)` function.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            vec![$((stringify!($name), $name as *const () as usize),)*]
        }
    };
}

unique_axis_functions! {
    u8 => oxjit_rt_unique_axis_bool;
    i8 => oxjit_rt_unique_axis_int8;
    i16 => oxjit_rt_unique_axis_int16;
    i32 => oxjit_rt_unique_axis_int32;
    i64 => oxjit_rt_unique_axis_int64;
    u16 => oxjit_rt_unique_axis_uint16;
    u32 => oxjit_rt_unique_axis_uint32;
    u64 => oxjit_rt_unique_axis_uint64;
    f32 => oxjit_rt_unique_axis_float32;
    f64 => oxjit_rt_unique_axis_float64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_nans_are_never_merged_and_zeros_are() {
        let nan = f64::NAN;
        // rows: [1, nan], [-0, 2], [1, nan], [0, 2]
        let x = [1.0, nan, -0.0, 2.0, 1.0, nan, 0.0, 2.0];
        let [first, inv, count] = unique_rows(&x, [1, 4, 2]);
        assert_eq!(first, vec![1, 0, 2]);
        assert_eq!(inv, vec![1, 0, 2, 0]);
        assert_eq!(count, vec![2, 1, 1]);
    }
}
