//! Small numeric helpers of NumPy functions. The scale `np.round(a, decimals)` multiplies by: NumPy's `power_of_ten`
//! (`multiarray/calculation.c`), whose repeated multiplication by 10 past 1e8 rounds as it
//! does (it is not always the nearest double to 10**n); `np.digitize`'s check of its bins.

/// `10**n` as NumPy's `power_of_ten(n)` computes it (`n >= 0`).
#[no_mangle]
pub extern "C" fn oxjit_rt_power_of_ten(n: i64) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return P10[n.max(0) as usize];
    }
    let mut ret: f64 = 1e9;
    let mut k = n;
    // Past 10**309 the product is inf and stays so: stop there rather than loop on.
    while k > 9 && ret.is_finite() {
        ret *= 10.0;
        k -= 1;
    }
    ret
}

/// The (name, address) of the rounding helpers.
pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_power_of_ten",
            oxjit_rt_power_of_ten as *const () as usize,
        ),
        (
            "oxjit_rt_monotonicity",
            oxjit_rt_monotonicity as *const () as usize,
        ),
    ]
}

/// NumPy's `check_array_monotonic` (`multiarray/compiled_base.c`) for `np.digitize`: 1 where
/// `n` float64 bin edges never decrease (all equal included), -1 where they never increase, 0
/// otherwise.
#[no_mangle]
pub extern "C" fn oxjit_rt_monotonicity(a: *const f64, n: i64) -> i32 {
    if n <= 0 {
        return 1;
    }
    // SAFETY: generated code passes `n` contiguous float64 edges.
    let a = unsafe { std::slice::from_raw_parts(a, n as usize) };
    let mut last = a[0];
    let mut i = 1;
    while i < a.len() && a[i] == last {
        i += 1;
    }
    if i == a.len() {
        return 1;
    }
    let mut next = a[i];
    let rising = last < next;
    for &x in &a[i + 1..] {
        last = next;
        next = x;
        if (rising && last > next) || (!rising && last < next) {
            return 0;
        }
    }
    if rising {
        1
    } else {
        -1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn powers_of_ten_multiply_as_numpy() {
        use super::oxjit_rt_power_of_ten as p;
        assert_eq!((p(0), p(8), p(9), p(10)), (1.0, 1e8, 1e9, 1e10));
        assert!(p(400).is_infinite());
    }
}
