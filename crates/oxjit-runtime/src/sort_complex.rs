//! Sorting complex arrays for `np.sort`, `a.sort()` and `np.argsort`, in NumPy's order
//! (`npysort`'s `CFLOAT_LT`): lexicographic on (real, imag), NaNs last, as the classes
//! `[R + Rj, R + nanj, nan + Rj, nan + nanj]`, each ordered by its parts that are not NaN.

use std::cmp::Ordering;

use crate::sort::float_order;

/// NumPy's total order of complex numbers given as their parts.
fn complex_order<T: PartialOrd + Copy>(a: &[T; 2], b: &[T; 2]) -> Ordering {
    #[allow(clippy::eq_op)]
    let class = |x: &[T; 2]| 2 * u8::from(x[0] != x[0]) + u8::from(x[1] != x[1]);
    class(a)
        .cmp(&class(b))
        .then_with(|| float_order(&a[0], &b[0]))
        .then_with(|| float_order(&a[1], &b[1]))
}

macro_rules! complex_sorts {
    ($($t:ty => $sort:ident, $argsort:ident;)*) => {
        $(
            /// Sorts `n` contiguous complex items in place (stably where `stable`).
            #[no_mangle]
            pub extern "C" fn $sort(data: *mut [$t; 2], n: i64, stable: bool) {
                if n <= 1 {
                    return;
                }
                // SAFETY: generated code passes `n` contiguous items it owns.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n as usize) };
                if stable {
                    items.sort_by(complex_order);
                } else {
                    items.sort_unstable_by(complex_order);
                }
            }

            /// The indices that sort `n` complex items `stride` bytes apart, into `out`
            /// (stable).
            #[no_mangle]
            pub extern "C" fn $argsort(data: *const u8, n: i64, stride: i64, out: *mut i64) {
                // SAFETY: generated code passes `n` items `stride` bytes apart (not always
                // aligned to the item: read unaligned) and room for `n` indices.
                let at = |i: i64| unsafe {
                    (data.offset((i * stride) as isize) as *const [$t; 2]).read_unaligned()
                };
                // SAFETY: generated code passes room for `n` indices at `out`, apart from the
                // items.
                let idx = unsafe { std::slice::from_raw_parts_mut(out, n.max(0) as usize) };
                for (k, slot) in idx.iter_mut().enumerate() {
                    *slot = k as i64;
                }
                idx.sort_by(|a, b| complex_order(&at(*a), &at(*b)));
            }
        )*

        /// The (name, address) of every complex sorting function.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            sym![$($sort, $argsort),*]
        }
    };
}

complex_sorts! {
    f32 => oxjit_rt_sort_complex64, oxjit_rt_argsort_complex64;
    f64 => oxjit_rt_sort_complex128, oxjit_rt_argsort_complex128;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nans_sort_by_class_after_numbers() {
        let nan = f64::NAN;
        let mut v = [
            [nan, 1.0],
            [2.0, nan],
            [1.0, 5.0],
            [1.0, -1.0],
            [nan, nan],
            [0.0, nan],
        ];
        oxjit_rt_sort_complex128(v.as_mut_ptr(), 6, true);
        let finite: Vec<[f64; 2]> = v[..2].to_vec();
        assert_eq!(finite, vec![[1.0, -1.0], [1.0, 5.0]]);
        assert_eq!((v[2][0], v[3][0]), (0.0, 2.0));
        assert!(v[2][1].is_nan() && v[3][1].is_nan());
        assert!(v[4][0].is_nan() && v[4][1] == 1.0);
        assert!(v[5][0].is_nan() && v[5][1].is_nan());
    }
}
