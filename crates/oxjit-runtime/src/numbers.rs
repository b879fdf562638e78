//! Number semantics that need more than an instruction: Python's float floor division and
//! modulo, integer power, rounding to digits, complex division and power.

/// Python's `repr` of a float (shortest round-trip digits).
pub fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".into() } else { "-inf".into() };
    }
    let r = format!("{x:?}");
    // Python switches to exponent notation outside [1e-4, 1e16).
    let a = x.abs();
    if a != 0.0 && !(1e-4..1e16).contains(&a) {
        let e = format!("{x:e}");
        let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
        let exp: i32 = exp.parse().unwrap_or(0);
        let mant = if mant.contains('.') { mant.to_string() } else { mant.to_string() };
        return format!("{mant}e{}{:02}", if exp < 0 { '-' } else { '+' }, exp.abs());
    }
    r
}

/// Python's `x // y` and `x % y` for floats (CPython's `float_divmod`); `y` is nonzero.
#[no_mangle]
pub extern "C" fn oxjit_rt_fdivmod(vx: f64, wx: f64, rem: *mut f64) -> f64 {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0.0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let mut f = div.floor();
        if div - f > 0.5 {
            f += 1.0;
        }
        f
    } else {
        0.0f64.copysign(vx / wx)
    };
    if !rem.is_null() {
        unsafe { *rem = m };
    }
    floordiv
}

/// `base ** exp` for integers with `exp >= 0`, wrapping on overflow.
#[no_mangle]
pub extern "C" fn oxjit_rt_ipow(mut base: i64, mut exp: i64) -> i64 {
    let mut result: i64 = 1;
    while exp > 0 {
        if exp & 1 == 1 {
            result = result.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    result
}

/// `round(x, ndigits)` for floats, correctly rounded (half to even on the exact binary value), as
/// CPython does.
#[no_mangle]
pub extern "C" fn oxjit_rt_round_ndigits(x: f64, ndigits: i64) -> f64 {
    if !x.is_finite() || ndigits > 323 {
        return x;
    }
    if ndigits < -308 {
        return 0.0f64.copysign(x);
    }
    if ndigits >= 0 {
        let s = format!("{:.*}", ndigits as usize, x);
        let y: f64 = s.parse().unwrap_or(x);
        return if y == 0.0 { 0.0f64.copysign(x) } else { y };
    }
    // Negative digits: round x / 10^k to an integer, half to even, on the decimal expansion.
    let k = (-ndigits) as i32;
    let s = format!("{:.0}", x);
    let (neg, digits) = match s.strip_prefix('-') {
        Some(d) => (true, d.to_string()),
        None => (false, s.clone()),
    };
    // Exact integer part and whether a fraction exists decide the rounding of the digits.
    let frac = x.abs() - x.abs().trunc();
    let int_digits = format!("{:.0}", x.abs().trunc());
    let _ = digits;
    let n = int_digits.len() as i32;
    if k > n {
        return 0.0f64.copysign(x);
    }
    let (head, tail) = int_digits.split_at((n - k) as usize);
    let head_val: f64 = if head.is_empty() { 0.0 } else { head.parse().unwrap_or(0.0) };
    let first_tail = tail.as_bytes().first().map_or(0, |b| b - b'0');
    let rest_nonzero = tail.as_bytes().iter().skip(1).any(|b| *b != b'0') || frac > 0.0;
    let round_up = first_tail > 5 || (first_tail == 5 && (rest_nonzero || head_val % 2.0 == 1.0));
    let r = (head_val + if round_up { 1.0 } else { 0.0 }) * 10f64.powi(k);
    let r = if neg { -r } else { r };
    if r == 0.0 { 0.0f64.copysign(x) } else { r }
}

/// Complex division as CPython's `_Py_c_quot`; returns false on division by zero.
#[no_mangle]
pub extern "C" fn oxjit_rt_cdiv(ar: f64, ai: f64, br: f64, bi: f64, out: *mut [f64; 2]) -> bool {
    let abs_breal = br.abs();
    let abs_bimag = bi.abs();
    let (r, i);
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return false;
        }
        let ratio = bi / br;
        let denom = br + bi * ratio;
        r = (ar + ai * ratio) / denom;
        i = (ai - ar * ratio) / denom;
    } else if abs_bimag >= abs_breal {
        let ratio = br / bi;
        let denom = br * ratio + bi;
        r = (ar * ratio + ai) / denom;
        i = (ai * ratio - ar) / denom;
    } else {
        r = f64::NAN;
        i = f64::NAN;
    }
    unsafe { *out = [r, i] };
    true
}

/// Complex power as CPython's `_Py_c_pow` (with its integer-exponent fast path); returns 0 on
/// success, 1 for `0 ** negative-or-complex` (ZeroDivisionError), 2 on overflow.
#[no_mangle]
pub extern "C" fn oxjit_rt_cpow(ar: f64, ai: f64, br: f64, bi: f64, out: *mut [f64; 2]) -> i32 {
    let result;
    if bi == 0.0 && br == br.trunc() && br.abs() <= 100.0 {
        // c_powi
        let n = br as i64;
        result = if n > 0 { c_powu((ar, ai), n as u64) } else { c_quot((1.0, 0.0), c_powu((ar, ai), (-n) as u64)) };
        if n <= 0 && ar == 0.0 && ai == 0.0 && n < 0 {
            return 1;
        }
    } else if br == 0.0 && bi == 0.0 {
        result = (1.0, 0.0);
    } else if ar == 0.0 && ai == 0.0 {
        if bi != 0.0 || br < 0.0 {
            return 1;
        }
        result = (0.0, 0.0);
    } else {
        let vabs = ar.hypot(ai);
        let mut len = vabs.powf(br);
        let at = ai.atan2(ar);
        let mut phase = at * br;
        if bi != 0.0 {
            len /= (at * bi).exp();
            phase += bi * vabs.ln();
        }
        result = (len * phase.cos(), len * phase.sin());
    }
    unsafe { *out = [result.0, result.1] };
    if !result.0.is_finite() || !result.1.is_finite() {
        if ar.is_finite() && ai.is_finite() && br.is_finite() && bi.is_finite() {
            return 2;
        }
    }
    0
}

fn c_prod(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

fn c_quot(a: (f64, f64), b: (f64, f64)) -> (f64, f64) {
    let mut out = [0.0; 2];
    if oxjit_rt_cdiv(a.0, a.1, b.0, b.1, &mut out) {
        (out[0], out[1])
    } else {
        (f64::NAN, f64::NAN)
    }
}

fn c_powu(x: (f64, f64), mut n: u64) -> (f64, f64) {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut mask = 1u64;
    while mask > 0 && n >= mask {
        if n & mask != 0 {
            r = c_prod(r, p);
        }
        mask <<= 1;
        p = c_prod(p, p);
        if mask == 0 {
            break;
        }
    }
    let _ = &mut n;
    r
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_fdivmod", oxjit_rt_fdivmod as *const () as usize),
        ("oxjit_rt_ipow", oxjit_rt_ipow as *const () as usize),
        ("oxjit_rt_round_ndigits", oxjit_rt_round_ndigits as *const () as usize),
        ("oxjit_rt_cdiv", oxjit_rt_cdiv as *const () as usize),
        ("oxjit_rt_cpow", oxjit_rt_cpow as *const () as usize),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_floor_division_matches_python() {
        let mut r = 0.0;
        assert_eq!(oxjit_rt_fdivmod(-7.0, 2.0, &mut r), -4.0);
        assert_eq!(r, 1.0);
        assert_eq!(oxjit_rt_fdivmod(7.0, -2.0, &mut r), -4.0);
        assert_eq!(r, -1.0);
    }

    #[test]
    fn round_to_digits_is_correctly_rounded() {
        assert_eq!(oxjit_rt_round_ndigits(2.675, 2), 2.67);
        assert_eq!(oxjit_rt_round_ndigits(0.125, 2), 0.12);
        assert_eq!(oxjit_rt_round_ndigits(1250.0, -2), 1200.0);
        assert_eq!(oxjit_rt_round_ndigits(1350.0, -2), 1400.0);
    }

    #[test]
    fn integer_power_wraps() {
        assert_eq!(oxjit_rt_ipow(3, 4), 81);
        assert_eq!(oxjit_rt_ipow(2, 64), 0);
    }
}
