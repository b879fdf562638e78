//! Order statistics for `np.median`, `np.nanmedian`, `np.percentile` and `np.quantile`, over a
//! private contiguous copy of the array that these functions sort in place (NaNs last, as
//! NumPy's partition puts them). The arithmetic is NumPy's, step for step:
//! `lib/_function_base_impl.py`'s `_median` (the mean of the middle one or two items, NaN
//! where the array holds one) and `_quantile`/`_get_indexes`/`_lerp` for method 'linear'
//! (virtual index `(n - 1) * q`, the difference of the neighbours taken in the array's dtype,
//! `a + d * g`, or `b - d * (1 - g)` from `g >= 0.5`). NumPy partitions where this sorts: the
//! values are the same.

use std::cmp::Ordering;

/// An element type of the arrays these functions take.
trait Item: Copy + PartialOrd {
    /// A float type (NumPy looks at the last item for a NaN, so an empty float array fails at
    /// index -1; an integer one at the first index it takes).
    const INEXACT: bool;
    fn nan(self) -> bool;
    fn to_f64(self) -> f64;
    /// `b - a` in the dtype (integers wrap, as NumPy's subtract).
    fn minus(b: Self, a: Self) -> Self;
    /// The mean of one or two items in the statistic's type, widened to f64.
    fn mean(a: Self, b: Option<Self>) -> f64;
    /// `_lerp` with a Python float weight: computed in the dtype for floats, else in f64.
    fn lerp_weak(a: Self, b: Self, g: f64) -> f64;
}

macro_rules! int_item {
    ($($t:ty),*) => {$(
        impl Item for $t {
            const INEXACT: bool = false;
            fn nan(self) -> bool {
                false
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn minus(b: Self, a: Self) -> Self {
                b.wrapping_sub(a)
            }
            fn mean(a: Self, b: Option<Self>) -> f64 {
                match b {
                    Some(b) => (a as f64 + b as f64) / 2.0,
                    None => a as f64 / 1.0,
                }
            }
            fn lerp_weak(a: Self, b: Self, g: f64) -> f64 {
                lerp_f64(a, b, g)
            }
        }
    )*};
}

int_item!(u8, i8, i16, i32, i64, u16, u32, u64);

macro_rules! float_item {
    ($($t:ty),*) => {$(
        impl Item for $t {
            const INEXACT: bool = true;
            fn nan(self) -> bool {
                self.is_nan()
            }
            fn to_f64(self) -> f64 {
                self as f64
            }
            fn minus(b: Self, a: Self) -> Self {
                b - a
            }
            fn mean(a: Self, b: Option<Self>) -> f64 {
                let m = match b {
                    Some(b) => (a + b) / 2.0,
                    None => a / 1.0,
                };
                m as f64
            }
            fn lerp_weak(a: Self, b: Self, g: f64) -> f64 {
                let d = b - a;
                let r = if g >= 0.5 {
                    b - d * ((1.0 - g) as $t)
                } else {
                    a + d * (g as $t)
                };
                r as f64
            }
        }
    )*};
}

float_item!(f32, f64);

/// `_lerp` with an array of weights (float64): the difference in the dtype, the rest in f64.
fn lerp_f64<T: Item>(a: T, b: T, g: f64) -> f64 {
    let d = T::minus(b, a).to_f64();
    if g >= 0.5 {
        b.to_f64() - d * (1.0 - g)
    } else {
        a.to_f64() + d * g
    }
}

/// NumPy's sort order: NaN after everything.
fn order<T: Item>(a: &T, b: &T) -> Ordering {
    a.partial_cmp(b).unwrap_or_else(|| a.nan().cmp(&b.nan()))
}

/// The median of sorted items (NaN last): NumPy's `_median`.
fn median_of<T: Item>(s: &[T]) -> f64 {
    let n = s.len();
    if n == 0 {
        // NumPy's mean of nothing: 0.0 / 0 computed at run time, whose NaN has its sign bit
        // set on x86 (a constant NaN would not).
        let (sum, count) = (std::hint::black_box(0.0f64), std::hint::black_box(0.0f64));
        return sum / count;
    }
    if s[n - 1].nan() {
        return s[n - 1].to_f64();
    }
    if n % 2 == 1 {
        T::mean(s[n / 2], None)
    } else {
        T::mean(s[n / 2 - 1], Some(s[n / 2]))
    }
}

/// The median of items with no NaN, by selection (O(n), as NumPy's `partition`) rather than a
/// sort: the middle item, and for an even count the largest item below it. None where there is
/// a NaN or nothing (the sorting path then gives NumPy's NaN results).
fn median_by_selection<T: Item>(items: &mut [T]) -> Option<f64> {
    let n = items.len();
    if n == 0 || items.iter().any(|x| x.nan()) {
        return None;
    }
    if items
        .windows(2)
        .all(|w| order(&w[0], &w[1]) != Ordering::Greater)
    {
        // Already sorted (a pass that stops at the first descent): read the middle.
        return Some(median_of(items));
    }
    let (below, middle, _) = items.select_nth_unstable_by(n / 2, order);
    let hi = *middle;
    if n % 2 == 1 {
        return Some(T::mean(hi, None));
    }
    let lo = *below.iter().max_by(|a, b| order(*a, *b))?;
    Some(T::mean(lo, Some(hi)))
}

/// The `q`-quantile (0 <= q <= 1) of `n > 0` sorted items: NumPy's `_quantile`, 'linear'.
fn quantile_of<T: Item>(s: &[T], q: f64, weak: bool) -> f64 {
    let n = s.len();
    if s[n - 1].nan() {
        return s[n - 1].to_f64();
    }
    let vi = (n - 1) as f64 * q;
    let prev: i64 = if vi >= (n - 1) as f64 {
        -1
    } else if vi < 0.0 {
        0
    } else {
        vi.floor() as i64
    };
    let next = if prev == -1 || vi < 0.0 {
        prev
    } else {
        prev + 1
    };
    let gamma = vi - prev as f64;
    let at = |i: i64| s[if i < 0 { n - 1 } else { i as usize }];
    let (a, b) = (at(prev), at(next));
    if weak {
        T::lerp_weak(a, b, gamma)
    } else {
        lerp_f64(a, b, gamma)
    }
}

/// What a quantile call returns: 0 when done; 1 when a `q` is outside [0, 1] (NumPy's
/// `ValueError`); 2 when the array is empty (NumPy's `IndexError`).
const QUANTILE_OK: i32 = 0;
const QUANTILE_BAD_Q: i32 = 1;
/// An empty array: NumPy's IndexError for index -1.
const QUANTILE_EMPTY: i32 = 2;
/// An empty integer array and a first quantile above 0: NumPy's IndexError for index 0.
const QUANTILE_EMPTY_AT_0: i32 = 3;

macro_rules! order_statistics {
    ($($t:ty => $median:ident, $quantile:ident;)*) => {
        $(
            /// The median of `n` contiguous items of this copy (sorted in place); with
            /// `skip_nan`, of its items that are not NaN (`np.nanmedian`).
            #[no_mangle]
            pub extern "C" fn $median(data: *mut $t, n: i64, skip_nan: bool) -> f64 {
                // SAFETY: generated code passes `n` contiguous items of a copy it owns.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n.max(0) as usize) };
                if let Some(m) = median_by_selection(items) {
                    return m;
                }
                items.sort_unstable_by(order);
                let kept = if skip_nan {
                    items.iter().take_while(|x| !x.nan()).count()
                } else {
                    items.len()
                };
                if kept == 0 && !items.is_empty() {
                    // NumPy's `_nanmedian1d` returns the all-NaN array's last item.
                    return items[items.len() - 1].to_f64();
                }
                median_of(&items[..kept])
            }

            /// The quantiles `q[..nq]` (percentages if `percent`) of `n` contiguous items of
            /// this copy (sorted in place) into `out[..nq]`, as f64 (an f32 result widened);
            /// `weak`: `q` was a Python number. Returns a `QUANTILE_*` status.
            #[no_mangle]
            pub extern "C" fn $quantile(
                data: *mut $t,
                n: i64,
                q: *const f64,
                nq: i64,
                weak: bool,
                percent: bool,
                out: *mut f64,
            ) -> i32 {
                // SAFETY: generated code passes `nq` contiguous f64s at `q` and room for as
                // many at `out`.
                let (q, out) = unsafe {
                    (
                        std::slice::from_raw_parts(q, nq.max(0) as usize),
                        std::slice::from_raw_parts_mut(out, nq.max(0) as usize),
                    )
                };
                let scale = |x: f64| if percent { x / 100.0 } else { x };
                if !q.iter().all(|&x| (0.0..=1.0).contains(&scale(x))) {
                    return QUANTILE_BAD_Q;
                }
                if n <= 0 {
                    let first_above_0 = q.first().is_some_and(|&x| scale(x) != 0.0);
                    return match <$t as Item>::INEXACT || !first_above_0 {
                        true => QUANTILE_EMPTY,
                        false => QUANTILE_EMPTY_AT_0,
                    };
                }
                // SAFETY: as for the median.
                let items = unsafe { std::slice::from_raw_parts_mut(data, n as usize) };
                items.sort_unstable_by(order);
                for (o, &x) in out.iter_mut().zip(q) {
                    *o = quantile_of(items, scale(x), weak);
                }
                QUANTILE_OK
            }
        )*

        /// The (name, address) of every order statistic.
        pub fn symbols() -> Vec<(&'static str, usize)> {
            vec![$(
                (stringify!($median), $median as *const () as usize),
                (stringify!($quantile), $quantile as *const () as usize),
            )*]
        }
    };
}

order_statistics! {
    u8 => oxjit_rt_median_bool, oxjit_rt_quantile_bool;
    i8 => oxjit_rt_median_int8, oxjit_rt_quantile_int8;
    i16 => oxjit_rt_median_int16, oxjit_rt_quantile_int16;
    i32 => oxjit_rt_median_int32, oxjit_rt_quantile_int32;
    i64 => oxjit_rt_median_int64, oxjit_rt_quantile_int64;
    u16 => oxjit_rt_median_uint16, oxjit_rt_quantile_uint16;
    u32 => oxjit_rt_median_uint32, oxjit_rt_quantile_uint32;
    u64 => oxjit_rt_median_uint64, oxjit_rt_quantile_uint64;
    f32 => oxjit_rt_median_float32, oxjit_rt_quantile_float32;
    f64 => oxjit_rt_median_float64, oxjit_rt_quantile_float64;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_quantiles_as_numpy() {
        let mut v = [3.0, 1.0, 4.0, 2.0];
        assert_eq!(oxjit_rt_median_float64(v.as_mut_ptr(), 4, false), 2.5);
        let mut w = [3.0, f64::NAN, 1.0];
        assert!(oxjit_rt_median_float64(w.as_mut_ptr(), 3, false).is_nan());
        assert_eq!(oxjit_rt_median_float64(w.as_mut_ptr(), 3, true), 2.0);
        let mut x = [10i64, 0, 20];
        let q = [0.25, 1.0];
        let mut out = [0.0; 2];
        let status = oxjit_rt_quantile_int64(
            x.as_mut_ptr(),
            3,
            q.as_ptr(),
            2,
            false,
            false,
            out.as_mut_ptr(),
        );
        assert_eq!((status, out), (QUANTILE_OK, [5.0, 20.0]));
        let bad = [1.5];
        let status = oxjit_rt_quantile_int64(
            x.as_mut_ptr(),
            3,
            bad.as_ptr(),
            1,
            false,
            false,
            out.as_mut_ptr(),
        );
        assert_eq!(status, QUANTILE_BAD_Q);
    }
}
