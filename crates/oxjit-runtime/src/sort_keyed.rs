//! The order of CPython's `list.sort` (`listsort.rs`: stable, equal items keep their order with
//! `reverse` too, and NaNs where CPython leaves them) for the list sorts of `list.rs`:
//! `l.sort()` and sorting by keys (`sorted(xs, key=f)`, `l.sort(key=f)`: generated code computes
//! the keys, one per item, into a list of their own, and `oxjit_rt_list_sort_by_keys` moves the
//! items into their keys' order, as CPython sorts keys and items together).
//!
//! Keys of the common types are compared here directly (`kind`: 1 float64, 2 int64,
//! 3 strings); others through the generated `<` the caller passes (tuples of int64s and
//! float64s, kind 4, are `sort_tuples.rs`'s, which `list.rs` asks first).

use crate::listsort::list_sort;
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
                list_sort(
                    &mut idx,
                    &|&i: &usize, &j: &usize| str_less(strs[i], strs[j]),
                    reverse,
                );
                idx
            }
            _ => {
                let mut idx: Vec<usize> = (0..n).collect();
                list_sort(
                    &mut idx,
                    &|&i: &usize, &j: &usize| lt(keys.add(i * size), keys.add(j * size)),
                    reverse,
                );
                idx
            }
        }
    }
}

/// The stable order of numbers (pairs of a key and its index, sorted by the key alone).
fn by_value<T: Copy + PartialOrd>(keys: &[T], reverse: bool) -> Vec<usize> {
    let mut pairs: Vec<(T, usize)> = keys.iter().copied().zip(0..).collect();
    list_sort(
        &mut pairs,
        &|a: &(T, usize), b: &(T, usize)| a.0 < b.0,
        reverse,
    );
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
