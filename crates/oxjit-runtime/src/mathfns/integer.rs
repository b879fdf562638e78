//! `math`'s functions of integers, on 64-bit integers as CPython computes them on its
//! arbitrary-precision ints where the result fits: `factorial`, `comb`, `perm`, `gcd`, `lcm`,
//! `isqrt`, and `prod` of ints rounded once to a float (as `math.prod` then `float()` would).
//! Each returns a status ([`OK`], [`DOMAIN`], [`RANGE`], [`NEGATIVE_K`]) and writes its result
//! through `out`.

use std::os::raw::c_int;

use super::{DOMAIN, NEGATIVE_K, OK, RANGE};
use crate::libm;

/// `math.factorial(n)`: [`DOMAIN`] for negative `n` ("factorial() not defined for negative
/// values"), [`RANGE`] where `n!` does not fit in 64 bits (n > 20).
#[no_mangle]
pub extern "C" fn oxjit_rt_factorial(n: i64, out: &mut i64) -> i32 {
    if n < 0 {
        return DOMAIN;
    }
    if n > 20 {
        return RANGE;
    }
    *out = (1..=n).product();
    OK
}

/// `math.comb(n, k)`: [`DOMAIN`] for negative `n`, [`NEGATIVE_K`] for negative `k`, [`RANGE`]
/// where the binomial coefficient does not fit in 64 bits.
#[no_mangle]
pub extern "C" fn oxjit_rt_comb(n: i64, k: i64, out: &mut i64) -> i32 {
    if n < 0 {
        return DOMAIN;
    }
    if k < 0 {
        return NEGATIVE_K;
    }
    if k > n {
        *out = 0;
        return OK;
    }
    let k = k.min(n - k) as u128;
    let n = n as u128;
    // C(n, i+1) = C(n, i) * (n - i) / (i + 1), exact at every step. The coefficients grow with i
    // up to k <= n/2, so once one exceeds the 64-bit range the result does too, and while they
    // fit the product stays below 2**127.
    let mut c: u128 = 1;
    for i in 0..k {
        c = c * (n - i) / (i + 1);
        if c > i64::MAX as u128 {
            return RANGE;
        }
    }
    *out = c as i64;
    OK
}

/// `math.perm(n, k)`: [`DOMAIN`] for negative `n`, [`NEGATIVE_K`] for negative `k`, [`RANGE`]
/// where the result does not fit in 64 bits.
#[no_mangle]
pub extern "C" fn oxjit_rt_perm(n: i64, k: i64, out: &mut i64) -> i32 {
    if n < 0 {
        return DOMAIN;
    }
    if k < 0 {
        return NEGATIVE_K;
    }
    if k > n {
        *out = 0;
        return OK;
    }
    let mut r: i64 = 1;
    for i in 0..k {
        match r.checked_mul(n - i) {
            Some(v) => r = v,
            None => return RANGE,
        }
    }
    *out = r;
    OK
}

/// The exact product of `n` integers at `ptr`, correctly rounded to a double (what CPython's
/// `math.prod` gets when a run of ints is followed by a float); [`RANGE`] where it exceeds the
/// float range ("int too large to convert to float").
///
/// # Safety
/// `ptr` must point to `n` readable integers (or `n` be 0); `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_prod_ints_to_float(
    ptr: *const i64,
    n: usize,
    out: &mut f64,
) -> i32 {
    let items = if n == 0 {
        &[][..]
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at `ptr`.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    };
    // Magnitude as little-endian 64-bit limbs.
    let mut limbs: Vec<u64> = vec![1];
    let mut negative = false;
    for &x in items {
        negative ^= x < 0;
        let m = x.unsigned_abs() as u128;
        let mut carry: u128 = 0;
        for limb in limbs.iter_mut() {
            let v = *limb as u128 * m + carry;
            *limb = v as u64;
            carry = v >> 64;
        }
        if carry != 0 {
            limbs.push(carry as u64);
        }
        while limbs.len() > 1 && *limbs.last().unwrap() == 0 {
            limbs.pop();
        }
    }
    let top = limbs.len() - 1;
    let bits = 64 * top as u32 + (64 - limbs[top].leading_zeros());
    let magnitude = if bits <= 64 {
        limbs[0] as f64
    } else {
        // The leading 64 bits, with a sticky bit for the rest: u64 -> f64 then rounds half to
        // even exactly as rounding the whole number would.
        let shift = bits - 64;
        let (word, bit) = ((shift / 64) as usize, shift % 64);
        let mut lead = limbs[word] >> bit;
        if bit != 0 {
            lead |= limbs[word + 1] << (64 - bit);
        }
        let sticky =
            limbs[..word].iter().any(|l| *l != 0) || (bit != 0 && limbs[word] << (64 - bit) != 0);
        let r = libm::ldexp((lead | sticky as u64) as f64, shift as c_int);
        if r.is_infinite() {
            return RANGE;
        }
        r
    };
    *out = if negative { -magnitude } else { magnitude };
    OK
}

fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// `math.gcd(*integers)` over `n` integers at `ptr`; [`RANGE`] where the result is 2**63.
///
/// # Safety
/// `ptr` must point to `n` readable integers (or `n` be 0); `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_gcd(ptr: *const i64, n: usize, out: &mut i64) -> i32 {
    let items = if n == 0 {
        &[][..]
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at `ptr`.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    };
    let g = items.iter().fold(0u64, |g, x| gcd_u64(g, x.unsigned_abs()));
    if g > i64::MAX as u64 {
        return RANGE;
    }
    *out = g as i64;
    OK
}

/// `math.lcm(*integers)` over `n` integers at `ptr`; [`RANGE`] where the result does not fit in
/// 64 bits.
///
/// # Safety
/// `ptr` must point to `n` readable integers (or `n` be 0); `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_lcm(ptr: *const i64, n: usize, out: &mut i64) -> i32 {
    let items = if n == 0 {
        &[][..]
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at `ptr`.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    };
    // A zero anywhere makes the result 0 (CPython stops multiplying once it reaches 0); without
    // zeros the running lcm never decreases, so an overflow on the way is an overflow at the end.
    let r = if items.contains(&0) {
        0u128
    } else {
        let mut r: u128 = 1;
        for x in items {
            let x = x.unsigned_abs() as u128;
            let g = gcd_u64(r as u64, x as u64) as u128;
            r = r / g * x;
            if r > i64::MAX as u128 {
                return RANGE;
            }
        }
        r
    };
    *out = r as i64;
    OK
}

/// `pow(base, exp, modulus)` of integers, as CPython's `long_pow`: the result has the sign of
/// `modulus` (in `(modulus, 0]` for a negative one); a negative `exp` raises the modular inverse
/// of `base` to `-exp`. [`DOMAIN`] for a zero modulus ("pow() 3rd argument cannot be 0"),
/// [`RANGE`] where `base` has no inverse ("base is not invertible for the given modulus").
#[no_mangle]
pub extern "C" fn oxjit_rt_pow_mod(base: i64, exp: i64, modulus: i64, out: &mut i64) -> i32 {
    if modulus == 0 {
        return DOMAIN;
    }
    let m = modulus.unsigned_abs() as u128;
    let mut b = (base as i128).rem_euclid(m as i128) as u128;
    if exp < 0 {
        match inverse_mod(b, m) {
            Some(inv) => b = inv,
            None => return RANGE,
        }
    }
    let mut e = exp.unsigned_abs();
    // products of two residues below 2**63 fit in u128
    let mut r: u128 = 1 % m;
    while e != 0 {
        if e & 1 == 1 {
            r = r * b % m;
        }
        b = b * b % m;
        e >>= 1;
    }
    let r = r as i128;
    *out = if modulus < 0 && r != 0 {
        r - m as i128
    } else {
        r
    } as i64;
    OK
}

/// The inverse of `b` modulo `m` (`0 <= b < m`), by the extended Euclidean algorithm; `None`
/// where `gcd(b, m) != 1`. (`m == 1`: 0, as CPython gives.)
fn inverse_mod(b: u128, m: u128) -> Option<u128> {
    let (mut r0, mut r1) = (m as i128, b as i128);
    let (mut t0, mut t1) = (0i128, 1i128);
    while r1 != 0 {
        let q = r0 / r1;
        (r0, r1) = (r1, r0 - q * r1);
        (t0, t1) = (t1, t0 - q * t1);
    }
    (r0 == 1 || m == 1).then(|| t0.rem_euclid(m as i128) as u128 % m)
}

/// `math.isqrt(n)`: [`DOMAIN`] for negative `n` ("isqrt() argument must be nonnegative").
#[no_mangle]
pub extern "C" fn oxjit_rt_isqrt(n: i64, out: &mut i64) -> i32 {
    if n < 0 {
        return DOMAIN;
    }
    let n = n as u64;
    let mut a = (n as f64).sqrt() as u64;
    // Correct the float estimate (off by at most one or two near 2**63).
    while a.checked_mul(a).is_none_or(|sq| sq > n) {
        a -= 1;
    }
    while (a + 1).checked_mul(a + 1).is_some_and(|sq| sq <= n) {
        a += 1;
    }
    *out = a as i64;
    OK
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_factorial,
        oxjit_rt_comb,
        oxjit_rt_perm,
        oxjit_rt_prod_ints_to_float,
        oxjit_rt_gcd,
        oxjit_rt_lcm,
        oxjit_rt_isqrt,
        oxjit_rt_pow_mod,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_functions() {
        let mut r = 0;
        assert_eq!(oxjit_rt_factorial(20, &mut r), OK);
        assert_eq!(r, 2432902008176640000);
        assert_eq!(oxjit_rt_factorial(21, &mut r), RANGE);
        assert_eq!(oxjit_rt_factorial(-1, &mut r), DOMAIN);
        assert_eq!(oxjit_rt_comb(60, 30, &mut r), OK);
        assert_eq!(r, 118264581564861424);
        assert_eq!(oxjit_rt_comb(68, 34, &mut r), RANGE);
        assert_eq!(oxjit_rt_comb(i64::MAX, 1, &mut r), OK);
        assert_eq!(r, i64::MAX);
        assert_eq!(oxjit_rt_comb(i64::MAX, i64::MAX - 1, &mut r), OK);
        assert_eq!(r, i64::MAX);
        assert_eq!(oxjit_rt_comb(3, 5, &mut r), OK);
        assert_eq!(r, 0);
        assert_eq!(oxjit_rt_comb(5, -1, &mut r), NEGATIVE_K);
        assert_eq!(oxjit_rt_perm(20, 20, &mut r), OK);
        assert_eq!(r, 2432902008176640000);
        assert_eq!(oxjit_rt_perm(21, 21, &mut r), RANGE);
        assert_eq!(oxjit_rt_isqrt(i64::MAX, &mut r), OK);
        assert_eq!(r, 3037000499);
        assert_eq!(oxjit_rt_isqrt(-1, &mut r), DOMAIN);
        for n in [
            0i64,
            1,
            2,
            3,
            4,
            15,
            16,
            17,
            1 << 52,
            (1 << 52) + 1,
            9007199254740993,
            4611686014132420609,
        ] {
            oxjit_rt_isqrt(n, &mut r);
            assert!(
                r * r <= n && (r + 1).checked_mul(r + 1).is_none_or(|s| s > n),
                "isqrt({n}) = {r}"
            );
        }
        let v = [i64::MIN, 6];
        // SAFETY: `v` is alive for the call, with 2 values.
        assert_eq!(unsafe { oxjit_rt_gcd(v.as_ptr(), 2, &mut r) }, OK);
        assert_eq!(r, 2);
        let v = [i64::MIN, 0];
        // SAFETY: `v` is alive for the call, with 2 values.
        assert_eq!(unsafe { oxjit_rt_gcd(v.as_ptr(), 2, &mut r) }, RANGE);
        let v = [1 << 62, 3, 0];
        // SAFETY: `v` is alive for the call, with 3 values.
        assert_eq!(unsafe { oxjit_rt_lcm(v.as_ptr(), 3, &mut r) }, OK);
        assert_eq!(r, 0);
        let v = [1 << 62, 3];
        // SAFETY: `v` is alive for the call, with 2 values.
        assert_eq!(unsafe { oxjit_rt_lcm(v.as_ptr(), 2, &mut r) }, RANGE);
        let v = [-4, 6];
        // SAFETY: `v` is alive for the call, with 2 values.
        assert_eq!(unsafe { oxjit_rt_lcm(v.as_ptr(), 2, &mut r) }, OK);
        assert_eq!(r, 12);
    }

    #[test]
    fn exact_int_products_round_to_float() {
        let prod = |v: &[i64]| {
            let mut r = 0.0;
            // SAFETY: `v` is alive for the call, with `v.len()` values.
            match unsafe { oxjit_rt_prod_ints_to_float(v.as_ptr(), v.len(), &mut r) } {
                OK => Ok(r),
                s => Err(s),
            }
        };
        assert_eq!(prod(&[1 << 40, 1 << 40]), Ok(2f64.powi(80)));
        assert_eq!(prod(&[]), Ok(1.0));
        assert_eq!(prod(&[-3, 5]), Ok(-15.0));
        // 2**64 + 1 and (2**53 + 1) * 2**11 round half to even; 3**40 is exact in binary only
        // after rounding.
        assert_eq!(prod(&[(1 << 53) + 1, 1 << 11]), Ok(2f64.powi(64)));
        assert_eq!(
            prod(&[(1 << 53) + 3, 1 << 11]),
            Ok(((1u64 << 53) + 4) as f64 * 2048.0)
        );
        assert_eq!(
            prod(&[3i64.pow(20), 3i64.pow(20)]),
            Ok(12157665459056928801.0)
        );
        assert_eq!(prod(&[i64::MIN; 16]), Ok(2f64.powi(1008)));
        assert_eq!(prod(&[i64::MIN; 17]), Err(RANGE));
    }
}
