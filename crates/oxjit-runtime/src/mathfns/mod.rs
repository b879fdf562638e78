//! The `math` functions that need more than one libm call, ported from CPython 3.11's
//! `Modules/mathmodule.c` so that results match CPython bit for bit: the Lanczos gamma and
//! lgamma (`m_tgamma`, `m_lgamma`), `fsum` (Shewchuk/Hettinger partials), `hypot` and `dist`
//! (`vector_norm`: scaling, Veltkamp-Dekker squaring, compensated sums and a differential
//! correction of the square root), `frexp`, `modf`, `ldexp`, `ulp`; and, in [`integer`], the
//! integer functions (`factorial`, `comb`, `perm`, `gcd`, `lcm`, `isqrt`) on 64-bit integers.
//!
//! Like CPython these call the C library's libm (never Rust's own versions of `asinh` & co.) and
//! read `errno` where CPython does, so that the same libm gives the same results and errors.
//!
//! Functions that can fail return an `i32` status and write their result through a pointer:
//! [`OK`], [`DOMAIN`] (`ValueError("math domain error")`), [`RANGE`]
//! (`OverflowError("math range error")`), or a function-specific code documented on it.

// Called from generated code, which always passes valid pointers.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use std::os::raw::c_int;

pub use oxjit_abi::status::math::{DOMAIN, FSUM_INF_MINUS_INF, FSUM_OVERFLOW, NEGATIVE_K, RANGE};
pub use oxjit_abi::status::OK;

use crate::libm;
pub(crate) use crate::libm::{errno, set_errno};

mod integer;
pub use integer::*;

pub(crate) const EDOM: c_int = 33;
pub(crate) const ERANGE: c_int = 34;

/// CPython's `is_error(x)` for a nonzero `errno`: the status to report.
pub(crate) fn is_error(x: f64) -> i32 {
    match errno() {
        0 => OK,
        ERANGE => {
            // Underflow (or a subnormal result) is not an error.
            if x.abs() < 1.5 {
                OK
            } else {
                RANGE
            }
        }
        _ => DOMAIN,
    }
}

// ------------------------------------------------------------------------------- gamma, lgamma

const PI: f64 = std::f64::consts::PI;
const LOGPI: f64 = 1.144_729_885_849_400_2;

/// `sin(pi*x)`, accurate for all finite `x` (CPython's `m_sinpi`).
fn m_sinpi(x: f64) -> f64 {
    let y = libm::fmod(x.abs(), 2.0);
    let n = (2.0 * y).round() as i32;
    let r = match n {
        0 => libm::sin(PI * y),
        1 => libm::cos(PI * (y - 0.5)),
        // -sin(pi*(y-1.0)) would give -0.0 instead of 0.0 at y == 1.0.
        2 => libm::sin(PI * (1.0 - y)),
        3 => -libm::cos(PI * (y - 1.5)),
        _ => libm::sin(PI * (y - 2.0)),
    };
    1.0f64.copysign(x) * r
}

const LANCZOS_N: usize = 13;
#[allow(clippy::excessive_precision)]
const LANCZOS_G: f64 = 6.024_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_G_MINUS_HALF: f64 = 5.524_680_040_776_729_583_740_234_375;
#[allow(clippy::excessive_precision)]
const LANCZOS_NUM_COEFFS: [f64; LANCZOS_N] = [
    23531376880.410759688572007674451636754734846804940,
    42919803642.649098768957899047001988850926355848959,
    35711959237.355668049440185451547166705960488635843,
    17921034426.037209699919755754458931112671403265390,
    6039542586.3520280050642916443072979210699388420708,
    1439720407.3117216736632230727949123939715485786772,
    248874557.86205415651146038641322942321632125127801,
    31426415.585400194380614231628318205362874684987640,
    2876370.6289353724412254090516208496135991145378768,
    186056.26539522349504029498971604569928220784236328,
    8071.6720023658162106380029022722506138218516325024,
    210.82427775157934587250973392071336271166969580291,
    2.5066282746310002701649081771338373386264310793408,
];
/// The denominator is x*(x+1)*...*(x+LANCZOS_N-2).
const LANCZOS_DEN_COEFFS: [f64; LANCZOS_N] = [
    0.0,
    39916800.0,
    120543840.0,
    150917976.0,
    105258076.0,
    45995730.0,
    13339535.0,
    2637558.0,
    357423.0,
    32670.0,
    1925.0,
    66.0,
    1.0,
];

/// Gamma of 1 through 23, exactly.
const GAMMA_INTEGRAL: [f64; 23] = [
    1.0,
    1.0,
    2.0,
    6.0,
    24.0,
    120.0,
    720.0,
    5040.0,
    40320.0,
    362880.0,
    3628800.0,
    39916800.0,
    479001600.0,
    6227020800.0,
    87178291200.0,
    1307674368000.0,
    20922789888000.0,
    355687428096000.0,
    6402373705728000.0,
    121645100408832000.0,
    2432902008176640000.0,
    51090942171709440000.0,
    1124000727777607680000.0,
];

/// Lanczos' sum L_g(x) for positive x, as a rational function.
fn lanczos_sum(x: f64) -> f64 {
    let mut num = 0.0;
    let mut den = 0.0;
    if x < 5.0 {
        for i in (0..LANCZOS_N).rev() {
            num = num * x + LANCZOS_NUM_COEFFS[i];
            den = den * x + LANCZOS_DEN_COEFFS[i];
        }
    } else {
        // Rescaled by x**(1-LANCZOS_N) to avoid overflow for large x.
        for i in 0..LANCZOS_N {
            num = num / x + LANCZOS_NUM_COEFFS[i];
            den = den / x + LANCZOS_DEN_COEFFS[i];
        }
    }
    num / den
}

/// CPython's `m_tgamma`; sets `errno` as CPython's does.
fn m_tgamma(x: f64) -> f64 {
    if !x.is_finite() {
        if x.is_nan() || x > 0.0 {
            return x;
        }
        set_errno(EDOM);
        return f64::NAN;
    }
    if x == 0.0 {
        set_errno(EDOM);
        return f64::INFINITY.copysign(x);
    }
    if x == x.floor() {
        if x < 0.0 {
            set_errno(EDOM);
            return f64::NAN;
        }
        if x <= GAMMA_INTEGRAL.len() as f64 {
            return GAMMA_INTEGRAL[x as usize - 1];
        }
    }
    let absx = x.abs();
    if absx < 1e-20 {
        let r = 1.0 / x;
        if r.is_infinite() {
            set_errno(ERANGE);
        }
        return r;
    }
    if absx > 200.0 {
        if x < 0.0 {
            return 0.0 / m_sinpi(x);
        }
        set_errno(ERANGE);
        return f64::INFINITY;
    }
    let y = absx + LANCZOS_G_MINUS_HALF;
    // The error in computing y, for a correction factor.
    let z = if absx > LANCZOS_G_MINUS_HALF {
        let q = y - absx;
        q - LANCZOS_G_MINUS_HALF
    } else {
        let q = y - LANCZOS_G_MINUS_HALF;
        q - absx
    };
    let z = z * LANCZOS_G / y;
    let mut r;
    if x < 0.0 {
        r = -PI / m_sinpi(absx) / absx * libm::exp(y) / lanczos_sum(absx);
        r -= z * r;
        if absx < 140.0 {
            r /= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r /= sqrtpow;
            r /= sqrtpow;
        }
    } else {
        r = lanczos_sum(absx) / libm::exp(y);
        r += z * r;
        if absx < 140.0 {
            r *= libm::pow(y, absx - 0.5);
        } else {
            let sqrtpow = libm::pow(y, absx / 2.0 - 0.25);
            r *= sqrtpow;
            r *= sqrtpow;
        }
    }
    if r.is_infinite() {
        set_errno(ERANGE);
    }
    r
}

/// CPython's `m_lgamma`; sets `errno` as CPython's does.
fn m_lgamma(x: f64) -> f64 {
    if !x.is_finite() {
        if x.is_nan() {
            return x;
        }
        return f64::INFINITY;
    }
    if x == x.floor() && x <= 2.0 {
        if x <= 0.0 {
            set_errno(EDOM);
            return f64::INFINITY;
        }
        return 0.0;
    }
    let absx = x.abs();
    if absx < 1e-20 {
        return -libm::log(absx);
    }
    let mut r = libm::log(lanczos_sum(absx)) - LANCZOS_G;
    r += (absx - 0.5) * (libm::log(absx + LANCZOS_G - 0.5) - 1.0);
    if x < 0.0 {
        // Reflection formula.
        r = LOGPI - libm::log(m_sinpi(absx).abs()) - libm::log(absx) - r;
    }
    if r.is_infinite() {
        set_errno(ERANGE);
    }
    r
}

/// CPython's `math_1a`: runs `f` with `errno` cleared and reports what `errno` says.
fn math_1a(f: fn(f64) -> f64, x: f64, out: &mut f64) -> i32 {
    set_errno(0);
    let r = f(x);
    let status = if errno() != 0 { is_error(r) } else { OK };
    *out = r;
    status
}

/// `math.gamma(x)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_gamma(x: f64, out: &mut f64) -> i32 {
    math_1a(m_tgamma, x, out)
}

/// `math.lgamma(x)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_lgamma(x: f64, out: &mut f64) -> i32 {
    math_1a(m_lgamma, x, out)
}

// ----------------------------------------------------------------------- frexp, modf, ldexp, ulp

/// `math.frexp(x)`: the mantissa, with the exponent written to `exp`.
#[no_mangle]
pub extern "C" fn oxjit_rt_frexp(x: f64, exp: &mut i64) -> f64 {
    let (m, e) = if x.is_nan() || x.is_infinite() || x == 0.0 {
        (x, 0)
    } else {
        libm::frexp(x)
    };
    *exp = e as i64;
    m
}

/// `math.modf(x)`: the fractional part, with the integer part written to `int_part`.
#[no_mangle]
pub extern "C" fn oxjit_rt_modf(x: f64, int_part: &mut f64) -> f64 {
    let (frac, int) = if x.is_infinite() {
        (0.0f64.copysign(x), x)
    } else if x.is_nan() {
        (x, x)
    } else {
        libm::modf(x)
    };
    *int_part = int;
    frac
}

/// `math.ldexp(x, i)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_ldexp(x: f64, exp: i64, out: &mut f64) -> i32 {
    let mut status = OK;
    let r = if x == 0.0 || !x.is_finite() {
        x
    } else if exp > c_int::MAX as i64 {
        status = RANGE;
        f64::INFINITY.copysign(x)
    } else if exp < c_int::MIN as i64 {
        0.0f64.copysign(x)
    } else {
        let r = libm::ldexp(x, exp as c_int);
        if r.is_infinite() {
            status = RANGE;
        }
        r
    };
    *out = r;
    status
}

/// `math.ulp(x)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_ulp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    let x = x.abs();
    if x.is_infinite() {
        return x;
    }
    let x2 = libm::nextafter(x, f64::INFINITY);
    if x2.is_infinite() {
        // x is the largest finite float.
        let x2 = libm::nextafter(x, f64::NEG_INFINITY);
        return x - x2;
    }
    x2 - x
}

/// `math.remainder(x, y)`: CPython's `m_remainder`, the IEEE 754 remainder computed exactly
/// (not libm's `remainder`, which differs in the sign of some zero results); a NaN from non-NaN
/// arguments is CPython's domain error, checked by the caller.
#[no_mangle]
pub extern "C" fn oxjit_rt_remainder(x: f64, y: f64) -> f64 {
    if x.is_finite() && y.is_finite() {
        if y == 0.0 {
            return f64::NAN;
        }
        let absx = x.abs();
        let absy = y.abs();
        let m = libm::fmod(absx, absy);
        // Compare m with its complement c = absy - m rather than with 0.5 * absy, which may not
        // be representable.
        let c = absy - m;
        let r = if m < c {
            m
        } else if m > c {
            -c
        } else {
            // Halfway: choose the even multiple; all steps are exact.
            m - 2.0 * libm::fmod(0.5 * (absx - m), absy)
        };
        return 1.0f64.copysign(x) * r;
    }
    if x.is_nan() {
        return x;
    }
    if y.is_nan() {
        return y;
    }
    if x.is_infinite() {
        return f64::NAN;
    }
    x
}

// ------------------------------------------------------------------------------- hypot, dist

/// CPython 3.11's `vector_norm`: the Euclidean norm of `vec` (absolute values), where `max` is
/// the largest of them and `found_nan` says whether one is a NaN.
fn vector_norm(vec: &[f64], max: f64, found_nan: bool) -> f64 {
    const T27: f64 = 134217729.0; // ldexp(1.0, 27) + 1.0
    let n = vec.len();
    if max.is_infinite() {
        return max;
    }
    if found_nan {
        return f64::NAN;
    }
    if max == 0.0 || n <= 1 {
        return max;
    }
    let (_, max_e) = libm::frexp(max);
    let (mut csum, mut frac1, mut frac2, mut frac3) = (1.0f64, 0.0f64, 0.0f64, 0.0f64);
    if max_e >= -1023 {
        let scale = libm::ldexp(1.0, -max_e);
        for &v in vec {
            let mut x = v * scale;
            let t = x * T27;
            let hi = t - (t - x);
            let lo = x - hi;

            x = hi * hi;
            let oldcsum = csum;
            csum += x;
            frac1 += (oldcsum - csum) + x;

            x = 2.0 * hi * lo;
            let oldcsum = csum;
            csum += x;
            frac2 += (oldcsum - csum) + x;

            frac3 += lo * lo;
        }
        let h = (csum - 1.0 + (frac1 + frac2 + frac3)).sqrt();

        let mut x = h;
        let t = x * T27;
        let hi = t - (t - x);
        let lo = x - hi;

        x = -hi * hi;
        let oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;

        x = -2.0 * hi * lo;
        let oldcsum = csum;
        csum += x;
        frac2 += (oldcsum - csum) + x;

        x = -lo * lo;
        let oldcsum = csum;
        csum += x;
        frac3 += (oldcsum - csum) + x;

        let x = csum - 1.0 + (frac1 + frac2 + frac3);
        return (h + x / (2.0 * h)) / scale;
    }
    // max_e < -1023: ldexp(1.0, -max_e) would overflow, so divide by max instead.
    for &v in vec {
        let mut x = v / max;
        x *= x;
        let oldcsum = csum;
        csum += x;
        frac1 += (oldcsum - csum) + x;
    }
    max * (csum - 1.0 + frac1).sqrt()
}

/// `math.hypot(*coordinates)` over `n` doubles at `ptr`.
///
/// # Safety
/// `ptr` must point to `n` readable doubles (or `n` be 0).
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_hypot(ptr: *const f64, n: usize) -> f64 {
    let items = if n == 0 {
        &[][..]
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at `ptr`.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    };
    let mut max = 0.0f64;
    let mut found_nan = false;
    let coords: Vec<f64> = items
        .iter()
        .map(|v| {
            let x = v.abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            x
        })
        .collect();
    vector_norm(&coords, max, found_nan)
}

/// `math.dist(p, q)` for two points of `n` coordinates.
///
/// # Safety
/// `p` and `q` must each point to `n` readable doubles (or `n` be 0).
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_dist(p: *const f64, q: *const f64, n: usize) -> f64 {
    let (p, q) = if n == 0 {
        (&[][..], &[][..])
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at each of `p` and `q`.
        unsafe {
            (
                std::slice::from_raw_parts(p, n),
                std::slice::from_raw_parts(q, n),
            )
        }
    };
    let mut max = 0.0f64;
    let mut found_nan = false;
    let diffs: Vec<f64> = p
        .iter()
        .zip(q)
        .map(|(px, qx)| {
            let x = (px - qx).abs();
            found_nan |= x.is_nan();
            if x > max {
                max = x;
            }
            x
        })
        .collect();
    vector_norm(&diffs, max, found_nan)
}

// ------------------------------------------------------------------------------------- fsum

/// `math.fsum` over `n` doubles at `ptr`: the correctly rounded sum. Status [`FSUM_OVERFLOW`] or
/// [`FSUM_INF_MINUS_INF`] on error.
///
/// # Safety
/// `ptr` must point to `n` readable doubles (or `n` be 0); `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_fsum(ptr: *const f64, n: usize, out: &mut f64) -> i32 {
    let items = if n == 0 {
        &[][..]
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at `ptr`.
        unsafe { std::slice::from_raw_parts(ptr, n) }
    };
    match fsum(items) {
        Ok(r) => {
            *out = r;
            OK
        }
        Err(status) => status,
    }
}

/// CPython's `math_fsum` (msum with exact partials and a half-even fix-up of the last rounding).
pub fn fsum(items: &[f64]) -> Result<f64, i32> {
    let mut p: Vec<f64> = Vec::with_capacity(32);
    let mut special_sum = 0.0f64;
    let mut inf_sum = 0.0f64;
    for &item in items {
        let mut x = item;
        let xsave = x;
        let mut i = 0;
        for j in 0..p.len() {
            let mut y = p[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let yr = hi - x;
            let lo = y - yr;
            if lo != 0.0 {
                p[i] = lo;
                i += 1;
            }
            x = hi;
        }
        p.truncate(i);
        if x != 0.0 {
            if !x.is_finite() {
                // A nonfinite x comes from intermediate overflow or from a nan or inf summand.
                if xsave.is_finite() {
                    return Err(FSUM_OVERFLOW);
                }
                if xsave.is_infinite() {
                    inf_sum += xsave;
                }
                special_sum += xsave;
                p.clear();
            } else {
                p.push(x);
            }
        }
    }
    if special_sum != 0.0 {
        if inf_sum.is_nan() {
            return Err(FSUM_INF_MINUS_INF);
        }
        return Ok(special_sum);
    }
    let mut hi = 0.0f64;
    let mut n = p.len();
    if n > 0 {
        n -= 1;
        hi = p[n];
        let mut lo = 0.0f64;
        // Sum the partials from the top, stopping when the sum becomes inexact.
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        // Make half-even rounding work across multiple partials.
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}

/// `math.sumprod(p, q)` (Python 3.12) for floats: the correctly rounded sum of the exact
/// products (each split into a rounded product and its error with a fused multiply-add); status
/// as [`oxjit_rt_fsum`].
///
/// # Safety
/// `p` and `q` must each point to `n` readable doubles (or `n` be 0); `out` must be writable.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_sumprod(
    p: *const f64,
    q: *const f64,
    n: usize,
    out: &mut f64,
) -> i32 {
    let (p, q) = if n == 0 {
        (&[][..], &[][..])
    } else {
        // SAFETY: `n > 0`: generated code passes `n` values at each of `p` and `q`.
        unsafe {
            (
                std::slice::from_raw_parts(p, n),
                std::slice::from_raw_parts(q, n),
            )
        }
    };
    let mut terms = Vec::with_capacity(2 * n);
    for (x, y) in p.iter().zip(q) {
        let hi = x * y;
        terms.push(hi);
        if hi.is_finite() {
            terms.push(x.mul_add(*y, -hi));
        }
    }
    match fsum(&terms) {
        Ok(r) => {
            *out = r;
            OK
        }
        Err(status) => status,
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = sym![
        oxjit_rt_gamma,
        oxjit_rt_lgamma,
        oxjit_rt_frexp,
        oxjit_rt_modf,
        oxjit_rt_ldexp,
        oxjit_rt_ulp,
        oxjit_rt_remainder,
        oxjit_rt_hypot,
        oxjit_rt_dist,
        oxjit_rt_fsum,
        oxjit_rt_sumprod,
    ];
    out.extend(integer::symbols());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gamma(x: f64) -> Result<f64, i32> {
        let mut r = 0.0;
        match oxjit_rt_gamma(x, &mut r) {
            OK => Ok(r),
            s => Err(s),
        }
    }

    fn lgamma(x: f64) -> Result<f64, i32> {
        let mut r = 0.0;
        match oxjit_rt_lgamma(x, &mut r) {
            OK => Ok(r),
            s => Err(s),
        }
    }

    #[test]
    fn gamma_matches_cpython() {
        // Values printed by CPython 3.11 (repr round-trips exactly).
        assert_eq!(gamma(5.0), Ok(24.0));
        assert_eq!(gamma(0.5), Ok(1.7724538509055159));
        assert_eq!(gamma(-0.5), Ok(-3.544907701811032));
        assert_eq!(gamma(171.5), Ok(9.483367566824801e307));
        assert_eq!(gamma(171.62), Ok(1.7576826789978123e308));
        assert_eq!(gamma(171.7), Err(RANGE));
        assert_eq!(gamma(0.0), Err(DOMAIN));
        assert_eq!(gamma(-3.0), Err(DOMAIN));
        assert_eq!(gamma(f64::NEG_INFINITY), Err(DOMAIN));
        assert_eq!(gamma(f64::INFINITY), Ok(f64::INFINITY));
        assert_eq!(gamma(1e-300), Ok(9.999999999999999e299));
        let r = gamma(-180.5).unwrap();
        assert!(r == 0.0 && r.is_sign_negative());
    }

    #[test]
    fn lgamma_matches_cpython() {
        assert_eq!(lgamma(1.0), Ok(0.0));
        assert_eq!(lgamma(2.0), Ok(0.0));
        assert_eq!(lgamma(0.5), Ok(0.5723649429247004));
        assert_eq!(lgamma(-0.5), Ok(1.265512123484645));
        assert_eq!(lgamma(0.0), Err(DOMAIN));
        assert_eq!(lgamma(-2.0), Err(DOMAIN));
        assert_eq!(lgamma(f64::NEG_INFINITY), Ok(f64::INFINITY));
        assert_eq!(lgamma(1e306), Err(RANGE));
    }

    #[test]
    fn hypot_uses_vector_norm() {
        // SAFETY: `v` is alive for the call, with `v.len()` values.
        let h = |v: &[f64]| unsafe { oxjit_rt_hypot(v.as_ptr(), v.len()) };
        assert_eq!(h(&[3.0, 4.0]), 5.0);
        assert_eq!(h(&[1e308, 1e308]), 1.4142135623730951e308);
        assert_eq!(h(&[]), 0.0);
        assert_eq!(h(&[-2.0]), 2.0);
        assert_eq!(h(&[f64::NAN, f64::INFINITY]), f64::INFINITY);
        assert!(h(&[f64::NAN, 1.0]).is_nan());
        assert_eq!(h(&[5e-324, 5e-324]), 5e-324);
    }

    #[test]
    fn fsum_is_exact() {
        assert_eq!(fsum(&[0.1; 10]), Ok(1.0));
        assert_eq!(fsum(&[1e-16, 1.0, 1e16]), Ok(10000000000000002.0));
        assert_eq!(fsum(&[1e308, 1e308]), Err(FSUM_OVERFLOW));
        assert_eq!(
            fsum(&[f64::INFINITY, f64::NEG_INFINITY]),
            Err(FSUM_INF_MINUS_INF)
        );
        assert_eq!(fsum(&[f64::INFINITY, 1.0]), Ok(f64::INFINITY));
        assert!(fsum(&[f64::NAN, 1.0]).unwrap().is_nan());
        assert_eq!(fsum(&[]), Ok(0.0));
        assert_eq!(fsum(&[-0.0]), Ok(0.0));
    }

    #[test]
    fn sumprod_rounds_once() {
        let sp = |p: &[f64], q: &[f64]| {
            let mut r = 0.0;
            // SAFETY: `p` and `q` are alive for the call, with `p.len()` values each.
            match unsafe { oxjit_rt_sumprod(p.as_ptr(), q.as_ptr(), p.len(), &mut r) } {
                OK => Ok(r),
                s => Err(s),
            }
        };
        assert_eq!(sp(&[1e16, 1.0, -1e16], &[1.0, 1.0, 1.0]), Ok(1.0));
        // 0.1 * 10 is 1.0000000000000000555..., so the sum with -1.0 is that tail, exactly.
        assert_eq!(sp(&[0.1, -1.0], &[10.0, 1.0]), Ok(5.551115123125783e-17));
        assert_eq!(sp(&[], &[]), Ok(0.0));
        assert_eq!(
            sp(&[f64::INFINITY, 1.0], &[1.0, f64::NEG_INFINITY]),
            Err(FSUM_INF_MINUS_INF)
        );
    }

    #[test]
    fn frexp_modf_ldexp_ulp() {
        let mut e = 0;
        assert_eq!(oxjit_rt_frexp(8.0, &mut e), 0.5);
        assert_eq!(e, 4);
        let mut ip = 0.0;
        let f = oxjit_rt_modf(-3.0, &mut ip);
        assert!(f == 0.0 && f.is_sign_negative() && ip == -3.0);
        let mut r = 0.0;
        assert_eq!(oxjit_rt_ldexp(1.0, 1024, &mut r), RANGE);
        assert_eq!(oxjit_rt_ldexp(1.0, i64::MIN, &mut r), OK);
        assert_eq!(r, 0.0);
        assert_eq!(oxjit_rt_ulp(1.0), f64::EPSILON);
        let r = oxjit_rt_remainder(1.76510918666005e-278, 2.5e-323);
        assert!(r == 0.0 && r.is_sign_positive());
        assert_eq!(oxjit_rt_remainder(5.0, 2.0), 1.0);
        assert_eq!(oxjit_rt_remainder(7.0, 2.0), -1.0);
        assert_eq!(oxjit_rt_remainder(-3.0, 2.0), 1.0);
        assert_eq!(oxjit_rt_remainder(3.0, f64::INFINITY), 3.0);
        assert_eq!(oxjit_rt_ulp(f64::MAX), 1.99584030953472e292);
    }
}
