//! Sorting a list by keys (`sorted(xs, key=f)`, `l.sort(key=f)`): generated code computes the
//! keys, one per item, into a list of their own; [`oxjit_rt_list_sort_by_keys`] orders the
//! items by them, stably (CPython's `list.sort` guarantee), and with `reverse` keeps equal
//! items in their order, as CPython does. [`order`] is also the general path of the list's own
//! sort (`list.rs`).
//!
//! Keys of the common types are compared here directly (`kind`: 1 float64, 2 int64,
//! 3 strings); others through the generated `<` the caller passes.

use crate::list::{header, merge_sort, LessThan};
use crate::nrt::MemInfo;

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

/// Sorts the list `items` by the list `keys` (one per item), stably; `kind` says the keys' type
/// (see the module), `lt` compares two keys otherwise. 0 when sorted; 2 where the key function
/// changed the list's length (CPython's "list modified during sort"): items it appended are
/// dropped and the others sorted, as CPython leaves the list.

#[no_mangle]
pub extern "C" fn oxjit_rt_list_sort_by_keys(
    items: *mut MemInfo,
    keys: *mut MemInfo,
    lt: LessThan,
    reverse: bool,
    kind: i64,
) -> i32 {
    // SAFETY: two live list blocks; `lt` compares two keys of the keys' type.
    unsafe {
        let (h, k) = (header(items), header(keys));
        if h.len < k.len {
            return 2;
        }
        let extra = h.len - k.len;
        crate::list::oxjit_rt_list_delete(items, k.len, 1, extra);
        let h = header(items);
        let n = h.len as usize;
        let idx = order(k.items, n, k.itemsize as usize, lt, reverse, kind);
        permute(h.items, h.itemsize as usize, &idx);
        h.dirty = 1;
        if extra > 0 {
            return 2;
        }
    }
    0
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_list_sort_by_keys]
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
