//! The scale `np.round(a, decimals)` multiplies by: NumPy's `power_of_ten`
//! (`multiarray/calculation.c`), whose repeated multiplication by 10 past 1e8 rounds as it
//! does (it is not always the nearest double to 10**n).

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
    vec![(
        "oxjit_rt_power_of_ten",
        oxjit_rt_power_of_ten as *const () as usize,
    )]
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
