//! Sorting lists of tuples of numbers (`[(key, i), ...].sort()`, tuple keys of `sorted(xs,
//! key=f)`) without a call per comparison: the tuple's fields (2 to 4 of them, each an int64 or
//! a float64, 8 bytes apart) are compared here in place, as Python compares tuples: the first
//! field where the two are not `==` decides by `<`; all equal, neither comes first. So a NaN
//! field decides (NaN != NaN) and is never less, as in CPython.
//!
//! The sort `kind` (see `sort_keyed.rs`) of such a tuple is `4 | n << 8 | floats << 16`: `n`
//! fields, bit `i` of `floats` set where field `i` is a float64.

use crate::listsort::list_sort;

/// The kind's tag in its low byte.
pub(crate) const TUPLE: i64 = 4;

/// The fields and their float mask of a tuple kind, where it is one.
pub(crate) fn fields(kind: i64) -> Option<(usize, u64)> {
    if kind & 0xff != TUPLE {
        return None;
    }
    let n = ((kind >> 8) & 0xff) as usize;
    (2..=4).contains(&n).then_some((n, (kind >> 16) as u64))
}

/// Python's `a < b` of two tuples of `N` numbers.
#[inline(always)]
fn less<const N: usize>(a: &[u64; N], b: &[u64; N], floats: u64) -> bool {
    for i in 0..N {
        if floats >> i & 1 != 0 {
            let (x, y) = (f64::from_bits(a[i]), f64::from_bits(b[i]));
            if x != y {
                return x < y;
            }
        } else {
            let (x, y) = (a[i] as i64, b[i] as i64);
            if x != y {
                return x < y;
            }
        }
    }
    false
}

/// Sorts `n` tuples of `N` fields at `items` in place, stably.
///
/// # Safety
/// `items` holds `n` tuples of `N` 8-byte fields, 8-byte aligned.
unsafe fn sort_n<const N: usize>(items: *mut u8, n: usize, floats: u64, reverse: bool) {
    // SAFETY: the caller's guarantee.
    let v = unsafe { std::slice::from_raw_parts_mut(items as *mut [u64; N], n) };
    list_sort(v, &|a: &[u64; N], b: &[u64; N]| less(a, b, floats), reverse);
}

/// Sorts the `n` tuples of `size` bytes at `items` in place where `kind` is a tuple kind they
/// fit; false (nothing done) otherwise.
///
/// # Safety
/// `items` holds `n` values of the type `kind` names, `size` bytes each, 8-byte aligned.
pub(crate) unsafe fn sort_in_place(
    items: *mut u8,
    n: usize,
    size: usize,
    kind: i64,
    reverse: bool,
) -> bool {
    let Some((fields, floats)) = fields(kind) else {
        return false;
    };
    if size != 8 * fields {
        return false;
    }
    // SAFETY: the caller's guarantee, the field count checked against the size.
    unsafe {
        match fields {
            2 => sort_n::<2>(items, n, floats, reverse),
            3 => sort_n::<3>(items, n, floats, reverse),
            _ => sort_n::<4>(items, n, floats, reverse),
        }
    }
    true
}

/// The stable order of `n` tuple keys of the kind `kind` at `keys`, where they are such
/// tuples (`size` bytes each); none otherwise.
///
/// # Safety
/// As `sort_in_place`.
pub(crate) unsafe fn order(
    keys: *const u8,
    n: usize,
    size: usize,
    kind: i64,
    reverse: bool,
) -> Option<Vec<usize>> {
    let (fields, floats) = fields(kind)?;
    if size != 8 * fields {
        return None;
    }
    // SAFETY: the caller's guarantee.
    unsafe {
        Some(match fields {
            2 => order_n::<2>(keys, n, floats, reverse),
            3 => order_n::<3>(keys, n, floats, reverse),
            _ => order_n::<4>(keys, n, floats, reverse),
        })
    }
}

/// `order` of tuples of `N` fields: (key, index) pairs sorted by the key alone.
unsafe fn order_n<const N: usize>(
    keys: *const u8,
    n: usize,
    floats: u64,
    reverse: bool,
) -> Vec<usize> {
    // SAFETY: the caller's guarantee.
    let keys = unsafe { std::slice::from_raw_parts(keys as *const [u64; N], n) };
    let mut pairs: Vec<([u64; N], usize)> = keys.iter().copied().zip(0..).collect();
    list_sort(
        &mut pairs,
        &|a: &([u64; N], usize), b: &([u64; N], usize)| less(&a.0, &b.0, floats),
        reverse,
    );
    pairs.into_iter().map(|(_, i)| i).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(n: i64, floats: i64) -> i64 {
        TUPLE | n << 8 | floats << 16
    }

    #[test]
    fn tuples_sort_stably_as_python_compares_them() {
        // (int, float) pairs; the NaN field decides and is never less (Python's order).
        let nan = f64::NAN.to_bits();
        let mut v: Vec<[u64; 2]> = vec![
            [2, 1.0f64.to_bits()],
            [1, nan],
            [1, 0.5f64.to_bits()],
            [(-3i64) as u64, 2.0f64.to_bits()],
            [1, 0.5f64.to_bits()],
        ];
        let tagged: Vec<[u64; 2]> = v.clone();
        // SAFETY: five tuples of two 8-byte fields.
        let done = unsafe { sort_in_place(v.as_mut_ptr() as *mut u8, 5, 16, kind(2, 2), false) };
        assert!(done);
        // The first field decides the ends: (-3, 2.0) first, (2, 1.0) last.
        assert_eq!(v[0], tagged[3]);
        assert_eq!(v[4], tagged[0]);
        // SAFETY: as above.
        let idx = unsafe { order(tagged.as_ptr() as *const u8, 5, 16, kind(2, 2), true) };
        assert_eq!(idx.expect("a tuple kind")[0], 0);
        assert!(fields(kind(5, 0)).is_none());
    }
}
