//! The order of a stable sort (CPython's `list.sort` guarantee: equal items keep their order,
//! with `reverse` too) for the list sorts of `list.rs`: `l.sort()` and sorting by keys
//! (`sorted(xs, key=f)`, `l.sort(key=f)`: generated code computes the keys, one per item, into
//! a list of their own, and `oxjit_rt_list_sort_by_keys` moves the items into their keys'
//! order).
//!
//! Keys of the common types are compared here directly (`kind`: 1 float64, 2 int64,
//! 3 strings); others through the generated `<` the caller passes (tuples of int64s and
//! float64s, kind 4, are `sort_tuples.rs`'s, which `list.rs` asks first).

use crate::nrt::MemInfo;

/// The comparison generated code passes to the list sorts (`list.rs`): `a < b` of two items.
pub type LessThan = unsafe extern "C" fn(*const u8, *const u8) -> bool;

/// `a < b` of two strings, by code points.
fn str_less(a: *mut MemInfo, b: *mut MemInfo) -> bool {
    crate::strs::oxjit_rt_str_compare(a, b) < 0
}

/// The stable order (a permutation of `0..n`) of the `n` values of `size` bytes at `keys`.
///
/// # Safety
/// `keys` holds `n` live values of the type `lt` compares (and `kind` names, where not 0).
pub(crate) unsafe fn order(
    keys: *const u8,
    n: usize,
    size: usize,
    lt: LessThan,
    reverse: bool,
    kind: i64,
) -> Vec<usize> {
    // SAFETY: the caller's guarantee: `n` values of `size` bytes of the kind's type.
    unsafe {
        match kind {
            1 => by_value(std::slice::from_raw_parts(keys as *const f64, n), reverse),
            2 => by_value(std::slice::from_raw_parts(keys as *const i64, n), reverse),
            3 => {
                let strs = std::slice::from_raw_parts(keys as *const *mut MemInfo, n);
                let mut idx: Vec<usize> = (0..n).collect();
                merge_sort(&mut idx, &|&i: &usize, &j: &usize| match reverse {
                    false => str_less(strs[i], strs[j]),
                    true => str_less(strs[j], strs[i]),
                });
                idx
            }
            _ => {
                let mut idx: Vec<usize> = (0..n).collect();
                merge_sort(&mut idx, &|&i: &usize, &j: &usize| {
                    let (a, b) = (keys.add(i * size), keys.add(j * size));
                    if reverse {
                        lt(b, a)
                    } else {
                        lt(a, b)
                    }
                });
                idx
            }
        }
    }
}

/// The stable order of numbers (pairs of a key and its index, sorted by the key alone).
fn by_value<T: Copy + PartialOrd>(keys: &[T], reverse: bool) -> Vec<usize> {
    let mut pairs: Vec<(T, usize)> = keys.iter().copied().zip(0..).collect();
    if reverse {
        merge_sort(&mut pairs, &|a: &(T, usize), b: &(T, usize)| b.0 < a.0);
    } else {
        merge_sort(&mut pairs, &|a: &(T, usize), b: &(T, usize)| a.0 < b.0);
    }
    pairs.into_iter().map(|(_, i)| i).collect()
}

/// Moves the `size`-byte items at `items` into `order` (no reference changes hands).
///
/// # Safety
/// `items` holds `order.len()` items of `size` bytes; `order` is a permutation.
pub(crate) unsafe fn permute(items: *mut u8, size: usize, order: &[usize]) {
    let mut out = vec![0u8; order.len() * size];
    // SAFETY: the caller's guarantee: every index is an item of the buffer.
    unsafe {
        for (k, &i) in order.iter().enumerate() {
            std::ptr::copy_nonoverlapping(
                items.add(i * size),
                out.as_mut_ptr().add(k * size),
                size,
            );
        }
        std::ptr::copy_nonoverlapping(out.as_ptr(), items, out.len());
    }
}

/// A stable bottom-up merge sort by `before` (a strict "comes first").
/// (Generic over `before`, so that a comparison known here inlines into the loops.)
pub fn merge_sort<T: Copy, F: Fn(&T, &T) -> bool + ?Sized>(v: &mut [T], before: &F) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let mut src: Vec<T> = v.to_vec();
    let mut dst: Vec<T> = v.to_vec();
    // Runs of 16 sorted by insertion first.
    const RUN: usize = 16;
    for chunk in src.chunks_mut(RUN) {
        for i in 1..chunk.len() {
            let x = chunk[i];
            let mut j = i;
            while j > 0 && before(&x, &chunk[j - 1]) {
                chunk[j] = chunk[j - 1];
                j -= 1;
            }
            chunk[j] = x;
        }
    }
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right only when strictly before: stable.
                if before(&src[j], &src[i]) {
                    dst[k] = src[j];
                    j += 1;
                } else {
                    dst[k] = src[i];
                    i += 1;
                }
                k += 1;
            }
            dst[k..k + mid - i].copy_from_slice(&src[i..mid]);
            k += mid - i;
            dst[k..k + hi - j].copy_from_slice(&src[j..hi]);
            lo = hi;
        }
        std::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    v.copy_from_slice(&src);
}

#[cfg(test)]
mod tests {
    use super::*;

    unsafe extern "C" fn never(_a: *const u8, _b: *const u8) -> bool {
        false
    }

    #[test]
    fn equal_keys_keep_their_order_both_ways() {
        let keys = [2.0f64, 1.0, 2.0, 1.0, 3.0];
        // SAFETY: five float64 keys.
        let up = unsafe { order(keys.as_ptr() as *const u8, 5, 8, never, false, 1) };
        assert_eq!(up, vec![1, 3, 0, 2, 4]);
        // SAFETY: as above.
        let down = unsafe { order(keys.as_ptr() as *const u8, 5, 8, never, true, 1) };
        assert_eq!(down, vec![4, 0, 2, 1, 3]);
        let mut items = [10i64, 11, 12, 13, 14];
        // SAFETY: five int64 items and a permutation of them.
        unsafe { permute(items.as_mut_ptr() as *mut u8, 8, &down) };
        assert_eq!(items, [14, 10, 12, 11, 13]);
    }
}
