//! Sorting for `np.sort`, `a.sort()`, `np.argsort` and `np.unique`, compiled once here rather
//! than generated at each compile (DESIGN.md, "Registries"). NumPy's order: NaNs last.
//! `argsort` is always stable: it is NumPy's `kind='stable'` exactly; NumPy's default quicksort
//! (and heapsort) is not stable, so where items are equal the two may order their indices
//! differently (the values they select are the same). `sort` with `kind='stable'` keeps equal
//! items in their order (which shows with -0.0 and 0.0), as NumPy's stable sort does.

use std::cmp::Ordering;

/// NumPy's total order for floats: NaN after everything (and equal to NaN).
pub(crate) fn float_order<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    match a.partial_cmp(b) {
        Some(o) => o,
        None => {
            #[allow(clippy::eq_op)]
            let (a_nan, b_nan) = (a != a, b != b);
            a_nan.cmp(&b_nan)
        }
    }
}

macro_rules! sorts {
    ($($t:ty => $sort:ident, $stable:ident, $argsort:ident, $unique:ident;)*) => {
        $(
            /// Sorts `n` contiguous items in place.
            #[no_mangle]
            pub extern "C" fn $sort(data: *mut $t, n: i64) {
                if n <= 1 {
                    return;
                }
                // SAFETY: generated code passes `n` contiguous items it owns.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n as usize) };
                items.sort_unstable_by(float_order);
            }

            /// Sorts `n` contiguous items in place, equal items kept in their order.
            #[no_mangle]
            pub extern "C" fn $stable(data: *mut $t, n: i64) {
                if n <= 1 {
                    return;
                }
                // SAFETY: generated code passes `n` contiguous items it owns.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n as usize) };
                items.sort_by(float_order);
            }

            /// The indices that sort `n` items `stride` bytes apart, into `out` (stable).
            #[no_mangle]
            pub extern "C" fn $argsort(data: *const u8, n: i64, stride: i64, out: *mut i64) {
                // SAFETY: generated code passes `n` items `stride` bytes apart and room for `n`
                // indices.
                let at = |i: i64| unsafe { *(data.offset((i * stride) as isize) as *const $t) };
                // SAFETY: generated code passes room for `n` indices at `out`, apart from the
                // items.
                let idx = unsafe { std::slice::from_raw_parts_mut(out, n.max(0) as usize) };
                for (k, slot) in idx.iter_mut().enumerate() {
                    *slot = k as i64;
                }
                idx.sort_by(|a, b| float_order(&at(*a), &at(*b)));
            }

            /// Keeps the first of each run of equal items of a sorted buffer (NaNs count as
            /// equal, as `np.unique`'s `equal_nan`); returns how many are kept.
            #[no_mangle]
            pub extern "C" fn $unique(data: *mut $t, n: i64) -> i64 {
                if n <= 0 {
                    return 0;
                }
                // SAFETY: as for sorting.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n as usize) };
                let mut kept = 1;
                for i in 1..items.len() {
                    if float_order(&items[i], &items[kept - 1]) != Ordering::Equal {
                        items[kept] = items[i];
                        kept += 1;
                    }
                }
                kept as i64
            }
        )*

        /// The (name, address) of every sorting function.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            vec![$(
                (stringify!($sort), $sort as *const () as usize),
                (stringify!($stable), $stable as *const () as usize),
                (stringify!($argsort), $argsort as *const () as usize),
                (stringify!($unique), $unique as *const () as usize),
            )*]
        }
    };
}

sorts! {
    u8 => oxjit_rt_sort_bool, oxjit_rt_stable_sort_bool, oxjit_rt_argsort_bool, oxjit_rt_unique_bool;
    i8 => oxjit_rt_sort_int8, oxjit_rt_stable_sort_int8, oxjit_rt_argsort_int8, oxjit_rt_unique_int8;
    i16 => oxjit_rt_sort_int16, oxjit_rt_stable_sort_int16, oxjit_rt_argsort_int16, oxjit_rt_unique_int16;
    i32 => oxjit_rt_sort_int32, oxjit_rt_stable_sort_int32, oxjit_rt_argsort_int32, oxjit_rt_unique_int32;
    i64 => oxjit_rt_sort_int64, oxjit_rt_stable_sort_int64, oxjit_rt_argsort_int64, oxjit_rt_unique_int64;
    u16 => oxjit_rt_sort_uint16, oxjit_rt_stable_sort_uint16, oxjit_rt_argsort_uint16, oxjit_rt_unique_uint16;
    u32 => oxjit_rt_sort_uint32, oxjit_rt_stable_sort_uint32, oxjit_rt_argsort_uint32, oxjit_rt_unique_uint32;
    u64 => oxjit_rt_sort_uint64, oxjit_rt_stable_sort_uint64, oxjit_rt_argsort_uint64, oxjit_rt_unique_uint64;
    f32 => oxjit_rt_sort_float32, oxjit_rt_stable_sort_float32, oxjit_rt_argsort_float32, oxjit_rt_unique_float32;
    f64 => oxjit_rt_sort_float64, oxjit_rt_stable_sort_float64, oxjit_rt_argsort_float64, oxjit_rt_unique_float64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_with_nans_last_and_unique_collapses_them() {
        let mut v = [3.0, f64::NAN, -1.0, 2.0, f64::NAN, -1.0];
        oxjit_rt_sort_float64(v.as_mut_ptr(), 6);
        assert_eq!(&v[..4], &[-1.0, -1.0, 2.0, 3.0]);
        assert!(v[4].is_nan() && v[5].is_nan());
        let k = oxjit_rt_unique_float64(v.as_mut_ptr(), 6);
        assert_eq!(k, 4);
        assert_eq!(&v[..3], &[-1.0, 2.0, 3.0]);
        assert!(v[3].is_nan());
        let data = [5i64, 1, 4, 1];
        let mut out = [0i64; 4];
        oxjit_rt_argsort_int64(data.as_ptr() as *const u8, 4, 8, out.as_mut_ptr());
        assert_eq!(out, [1, 3, 2, 0]);
    }
}
