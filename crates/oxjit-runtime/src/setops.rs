//! NumPy's set functions over sorted copies (`np.union1d`, `np.intersect1d`, `np.setdiff1d`,
//! `np.setxor1d`, `np.isin`) and `np.unique` with its `return_index`/`return_inverse`/
//! `return_counts` arrays. Each follows the steps of NumPy's `lib/_arraysetops_impl.py`, so
//! that NaNs, duplicates under `assume_unique=True` and the indices chosen come out as NumPy's:
//! `unique` collapses NaNs (`equal_nan=True`), while the comparisons of neighbours (`aux[1:] ==
//! aux[:-1]`) never find two NaNs equal. Generated code passes scratch copies it owns and room
//! for every result (`nx + ny` items, `n` indices).

use std::cmp::Ordering;

use oxjit_abi::setop;

use crate::sort::float_order;

/// Whether `x` is a NaN (never true for integers).
#[allow(clippy::eq_op)]
fn is_nan<T: PartialOrd>(x: &T) -> bool {
    x != x
}

/// `np.unique(v)`: sorted, the first of each run of equal items kept (NaNs collapse).
fn unique_values<T: Copy + PartialOrd>(mut v: Vec<T>) -> Vec<T> {
    v.sort_unstable_by(float_order);
    v.dedup_by(|later, kept| float_order(later, kept) == Ordering::Equal);
    v
}

/// The indices that sort `v` (stable, NaNs last): NumPy's `argsort(kind='mergesort')`.
fn stable_order<T: Copy + PartialOrd>(v: &[T]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..v.len()).collect();
    order.sort_by(|&a, &b| float_order(&v[a], &v[b]));
    order
}

/// `np.unique(v, return_index=True)`: the values and the index of each one's first occurrence.
fn unique_with_index<T: Copy + PartialOrd>(v: &[T]) -> (Vec<T>, Vec<i64>) {
    let (mut values, mut index) = (Vec::new(), Vec::new());
    for i in stable_order(v) {
        let x = v[i];
        let repeat = values
            .last()
            .is_some_and(|last| float_order(&x, last) == Ordering::Equal);
        if !repeat {
            values.push(x);
            index.push(i as i64);
        }
    }
    (values, index)
}

/// Whether `x` equals an item of `sorted` (`==`: a NaN equals nothing).
fn contains<T: PartialOrd>(sorted: &[T], x: &T) -> bool {
    !is_nan(x) && sorted.binary_search_by(|y| float_order(y, x)).is_ok()
}

/// `aux[:-1][aux[1:] == aux[:-1]]` of the sorted concatenation: `np.intersect1d`'s last step.
fn equal_neighbours<T: Copy + PartialOrd>(mut aux: Vec<T>) -> Vec<T> {
    aux.sort_unstable_by(float_order);
    aux.windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect()
}

/// `np.setxor1d`'s last step: the items of the sorted concatenation unequal to both neighbours.
fn lone_items<T: Copy + PartialOrd>(mut aux: Vec<T>) -> Vec<T> {
    aux.sort_unstable_by(float_order);
    let n = aux.len();
    (0..n)
        .filter(|&i| (i == 0 || aux[i] != aux[i - 1]) && (i + 1 == n || aux[i] != aux[i + 1]))
        .map(|i| aux[i])
        .collect()
}

/// The result of set operation `op` (a `setop` constant) of `x` and `y`.
fn set_operation<T: Copy + PartialOrd>(op: i32, x: &[T], y: &[T]) -> Vec<T> {
    let both = |x: Vec<T>, y: Vec<T>| x.into_iter().chain(y).collect::<Vec<T>>();
    match op {
        setop::UNION => unique_values(both(x.to_vec(), y.to_vec())),
        setop::INTERSECT => {
            equal_neighbours(both(unique_values(x.to_vec()), unique_values(y.to_vec())))
        }
        setop::INTERSECT_ASSUMED => equal_neighbours(both(x.to_vec(), y.to_vec())),
        setop::DIFF | setop::DIFF_ASSUMED => {
            let kept = match op {
                setop::DIFF => unique_values(x.to_vec()),
                _ => x.to_vec(),
            };
            let out = unique_values(y.to_vec());
            kept.into_iter().filter(|v| !contains(&out, v)).collect()
        }
        setop::XOR => lone_items(both(unique_values(x.to_vec()), unique_values(y.to_vec()))),
        _ => lone_items(both(x.to_vec(), y.to_vec())),
    }
}

/// `n` items at `p` (none when `n` is 0: `p` may then be dangling).
///
/// # Safety
/// `p` points to `n` initialised items when `n > 0`.
pub(crate) unsafe fn items<'a, T>(p: *const T, n: i64) -> &'a [T] {
    if n <= 0 {
        &[]
    } else {
        // SAFETY: the caller's promise.
        unsafe { std::slice::from_raw_parts(p, n as usize) }
    }
}

/// Writes `v` at `out` (room for `v.len()` items), if not null.
///
/// # Safety
/// `out` is null or has room for `v.len()` items.
unsafe fn write<T: Copy>(out: *mut T, v: &[T]) {
    if !out.is_null() && !v.is_empty() {
        // SAFETY: the caller's promise.
        unsafe { std::ptr::copy_nonoverlapping(v.as_ptr(), out, v.len()) };
    }
}

/// `np.unique(x, return_index, return_inverse, return_counts, equal_nan)` as NumPy's
/// `_unique1d`: a stable argsort, a mask of the first of each run (NaNs one run when
/// `equal_nan`), then the arrays from it.
fn unique_all<T: Copy + PartialOrd>(x: &[T], equal_nan: bool) -> [Vec<i64>; 3] {
    let perm = stable_order(x);
    let aux: Vec<T> = perm.iter().map(|&i| x[i]).collect();
    let n = aux.len();
    let first_nan = if equal_nan && n > 0 && is_nan(&aux[n - 1]) {
        aux.iter().position(is_nan).unwrap_or(n)
    } else {
        n
    };
    let mask: Vec<bool> = (0..n)
        .map(|i| match i {
            0 => true,
            i if i < first_nan => aux[i] != aux[i - 1],
            i => i == first_nan,
        })
        .collect();
    let (mut index, mut inverse, mut starts) = (Vec::new(), vec![0i64; n], Vec::new());
    let mut k = -1i64;
    for (i, &m) in mask.iter().enumerate() {
        if m {
            k += 1;
            index.push(perm[i] as i64);
            starts.push(i as i64);
        }
        inverse[perm[i]] = k;
    }
    starts.push(n as i64);
    let counts = starts.windows(2).map(|w| w[1] - w[0]).collect();
    [index, inverse, counts]
}

/// `np.intersect1d(x, y, assume_unique, return_indices=True)`: the common values and where each
/// is in `x` and in `y`.
fn intersect_indices<T: Copy + PartialOrd>(
    x: &[T],
    y: &[T],
    assume_unique: bool,
) -> (Vec<T>, Vec<i64>, Vec<i64>) {
    let identity = |n: usize| (0..n as i64).collect::<Vec<i64>>();
    let ((ux, ix), (uy, iy)) = match assume_unique {
        true => (
            (x.to_vec(), identity(x.len())),
            (y.to_vec(), identity(y.len())),
        ),
        false => (unique_with_index(x), unique_with_index(y)),
    };
    let aux: Vec<T> = ux.iter().chain(&uy).copied().collect();
    let order = stable_order(&aux);
    let (mut values, mut in_x, mut in_y) = (Vec::new(), Vec::new(), Vec::new());
    for w in order.windows(2) {
        if aux[w[0]] == aux[w[1]] {
            values.push(aux[w[0]]);
            // NumPy's positions in the concatenation (`- ar1.size` for the second): under
            // `assume_unique` with repeats they may fall outside, as NumPy's do.
            let (i, j) = (w[0] as i64, w[1] as i64 - ux.len() as i64);
            match assume_unique {
                true => (in_x.push(i), in_y.push(j)),
                false => (in_x.push(ix[w[0]]), in_y.push(iy[j as usize])),
            };
        }
    }
    (values, in_x, in_y)
}

macro_rules! set_functions {
    ($($t:ty => $setop:ident, $isin:ident, $unique_all:ident, $intersect:ident;)*) => {
        $(
            /// `op` of `nx` items at `x` and `ny` at `y` into `out`; returns how many.
            #[no_mangle]
            pub extern "C" fn $setop(
                op: i32,
                x: *const $t,
                nx: i64,
                y: *const $t,
                ny: i64,
                out: *mut $t,
            ) -> i64 {
                // SAFETY: generated code passes its copies and room for `nx + ny` items.
                let v = unsafe { set_operation(op, items(x, nx), items(y, ny)) };
                // SAFETY: as above.
                unsafe { write(out, &v) };
                v.len() as i64
            }

            /// Whether each of the `nx` items at `x` is among the `ny` at `y` (sorted here),
            /// negated if `invert`, as bytes at `out`.
            #[no_mangle]
            pub extern "C" fn $isin(
                x: *const $t,
                nx: i64,
                y: *mut $t,
                ny: i64,
                invert: bool,
                out: *mut u8,
            ) {
                let ys = if ny <= 0 {
                    &mut [][..]
                } else {
                    // SAFETY: generated code passes a copy of `ny` items it owns.
                    unsafe { std::slice::from_raw_parts_mut(y, ny as usize) }
                };
                ys.sort_unstable_by(float_order);
                // SAFETY: `nx` items at `x`.
                let xs = unsafe { items(x, nx) };
                for (i, v) in xs.iter().enumerate() {
                    // SAFETY: room for `nx` bytes at `out`, and `i < nx`.
                    unsafe { *out.add(i) = (contains(ys, v) != invert) as u8 };
                }
            }

            /// `np.unique` of `n` items at `x`: the values at `values`, and where not null the
            /// first indices, the inverse (`n` of them) and the counts; returns how many values.
            #[no_mangle]
            pub extern "C" fn $unique_all(
                x: *const $t,
                n: i64,
                equal_nan: bool,
                values: *mut $t,
                index: *mut i64,
                inverse: *mut i64,
                counts: *mut i64,
            ) -> i64 {
                // SAFETY: `n` items at `x`.
                let xs = unsafe { items(x, n) };
                let [first, inv, count] = unique_all(xs, equal_nan);
                let kept: Vec<$t> = first.iter().map(|&i| xs[i as usize]).collect();
                // SAFETY: room for `n` items or indices at each non-null pointer.
                unsafe {
                    write(values, &kept);
                    write(index, &first);
                    write(inverse, &inv);
                    write(counts, &count);
                }
                kept.len() as i64
            }

            /// `np.intersect1d(x, y, assume_unique, return_indices=True)` into `out`, `i1` and
            /// `i2` (room for `nx + ny` each); returns how many.
            #[no_mangle]
            #[allow(clippy::too_many_arguments)]
            pub extern "C" fn $intersect(
                x: *const $t,
                nx: i64,
                y: *const $t,
                ny: i64,
                assume_unique: bool,
                out: *mut $t,
                i1: *mut i64,
                i2: *mut i64,
            ) -> i64 {
                // SAFETY: generated code passes its copies.
                let (v, a, b) = unsafe { intersect_indices(items(x, nx), items(y, ny), assume_unique) };
                // SAFETY: room for `nx + ny` at each.
                unsafe {
                    write(out, &v);
                    write(i1, &a);
                    write(i2, &b);
                }
                v.len() as i64
            }
        )*

        /// The (name, address) of every set function.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            vec![$(
                (stringify!($setop), $setop as *const () as usize),
                (stringify!($isin), $isin as *const () as usize),
                (stringify!($unique_all), $unique_all as *const () as usize),
                (stringify!($intersect), $intersect as *const () as usize),
            )*]
        }
    };
}

set_functions! {
    u8 => oxjit_rt_setop_bool, oxjit_rt_isin_bool, oxjit_rt_unique_all_bool, oxjit_rt_intersect_indices_bool;
    i8 => oxjit_rt_setop_int8, oxjit_rt_isin_int8, oxjit_rt_unique_all_int8, oxjit_rt_intersect_indices_int8;
    i16 => oxjit_rt_setop_int16, oxjit_rt_isin_int16, oxjit_rt_unique_all_int16, oxjit_rt_intersect_indices_int16;
    i32 => oxjit_rt_setop_int32, oxjit_rt_isin_int32, oxjit_rt_unique_all_int32, oxjit_rt_intersect_indices_int32;
    i64 => oxjit_rt_setop_int64, oxjit_rt_isin_int64, oxjit_rt_unique_all_int64, oxjit_rt_intersect_indices_int64;
    u16 => oxjit_rt_setop_uint16, oxjit_rt_isin_uint16, oxjit_rt_unique_all_uint16, oxjit_rt_intersect_indices_uint16;
    u32 => oxjit_rt_setop_uint32, oxjit_rt_isin_uint32, oxjit_rt_unique_all_uint32, oxjit_rt_intersect_indices_uint32;
    u64 => oxjit_rt_setop_uint64, oxjit_rt_isin_uint64, oxjit_rt_unique_all_uint64, oxjit_rt_intersect_indices_uint64;
    f32 => oxjit_rt_setop_float32, oxjit_rt_isin_float32, oxjit_rt_unique_all_float32, oxjit_rt_intersect_indices_float32;
    f64 => oxjit_rt_setop_float64, oxjit_rt_isin_float64, oxjit_rt_unique_all_float64, oxjit_rt_intersect_indices_float64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations_follow_numpy_with_nans() {
        let nan = f64::NAN;
        let x = [3.0, 1.0, nan, 1.0];
        let y = [nan, 2.0, 3.0];
        let u = set_operation(setop::UNION, &x, &y);
        assert_eq!(&u[..3], &[1.0, 2.0, 3.0]);
        assert!(u.len() == 4 && u[3].is_nan());
        assert_eq!(set_operation(setop::INTERSECT, &x, &y), vec![3.0]);
        let d = set_operation(setop::DIFF, &x, &y);
        assert!(d.len() == 2 && d[0] == 1.0 && d[1].is_nan());
        let s = set_operation(setop::XOR, &x, &y);
        assert!(s.len() == 4 && s[..2] == [1.0, 2.0] && s[2].is_nan() && s[3].is_nan());
        let [index, inverse, counts] = unique_all(&[nan, 1.0, nan], true);
        assert_eq!(
            (index, inverse, counts),
            (vec![1, 0], vec![1, 0, 1], vec![1, 2])
        );
        let (v, a, b) = intersect_indices(&[1, 2, 2, 5], &[2, 5, 7], false);
        assert_eq!((v, a, b), (vec![2, 5], vec![1, 3], vec![0, 1]));
    }
}
