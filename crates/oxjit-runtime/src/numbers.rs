//! Number semantics that need more than an instruction: Python's float floor division and
//! modulo, integer power, rounding to digits, complex division and power.

/// Python's `repr` of a float (shortest round-trip digits, CPython's layout).
pub fn float_repr(x: f64) -> String {
    crate::strs::floatfmt::repr(x)
}

/// Python's `x // y` and `x % y` for floats (CPython's `float_divmod`); `y` is nonzero.
#[no_mangle]
pub extern "C" fn oxjit_rt_fdivmod(vx: f64, wx: f64, rem: Option<&mut f64>) -> f64 {
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
    if let Some(rem) = rem {
        *rem = m;
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
    // Negative digits: round the exact decimal expansion of x at 10^k, half to even, then read
    // the digits back (a correctly rounded parse), as CPython's dtoa-based rounding does.
    let k = (-ndigits) as usize;
    let digits = format!("{:.0}", x.abs().trunc());
    let has_fraction = x.fract() != 0.0;
    let padded = format!(
        "{}{digits}",
        "0".repeat((k + 1).saturating_sub(digits.len()))
    );
    let (head, tail) = padded.split_at(padded.len() - k);
    let first_tail = tail.as_bytes().first().map_or(0, |b| b - b'0');
    let rest_nonzero = tail.as_bytes().iter().skip(1).any(|b| *b != b'0') || has_fraction;
    let head_odd = head.as_bytes().last().is_some_and(|b| (b - b'0') % 2 == 1);
    let round_up = first_tail > 5 || (first_tail == 5 && (rest_nonzero || head_odd));
    let mut head: Vec<u8> = head.as_bytes().to_vec();
    if round_up {
        let mut i = head.len();
        loop {
            if i == 0 {
                head.insert(0, b'1');
                break;
            }
            i -= 1;
            if head[i] == b'9' {
                head[i] = b'0';
            } else {
                head[i] += 1;
                break;
            }
        }
    }
    let text = format!("{}{}", String::from_utf8_lossy(&head), "0".repeat(k));
    let r: f64 = text.parse().unwrap_or(f64::INFINITY);
    if r == 0.0 {
        0.0f64.copysign(x)
    } else {
        r.copysign(x)
    }
}

/// Complex division as CPython's `_Py_c_quot`; returns false on division by zero.
#[no_mangle]
pub extern "C" fn oxjit_rt_cdiv(ar: f64, ai: f64, br: f64, bi: f64, out: &mut [f64; 2]) -> bool {
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
    *out = [r, i];
    true
}

/// Complex power as CPython's `_Py_c_pow` (with its integer-exponent fast path); returns 0 on
/// success, 1 for `0 ** negative-or-complex` (ZeroDivisionError), 2 on overflow.
#[no_mangle]
pub extern "C" fn oxjit_rt_cpow(ar: f64, ai: f64, br: f64, bi: f64, out: &mut [f64; 2]) -> i32 {
    let result;
    if bi == 0.0 && br == br.trunc() && br.abs() <= 100.0 {
        // c_powi
        let n = br as i64;
        result = if n > 0 {
            c_powu((ar, ai), n as u64)
        } else {
            c_quot((1.0, 0.0), c_powu((ar, ai), (-n) as u64))
        };
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
    *out = [result.0, result.1];
    let overflowed = !result.0.is_finite() || !result.1.is_finite();
    if overflowed && ar.is_finite() && ai.is_finite() && br.is_finite() && bi.is_finite() {
        return 2;
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
        (
            "oxjit_rt_round_ndigits",
            oxjit_rt_round_ndigits as *const () as usize,
        ),
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
        assert_eq!(oxjit_rt_fdivmod(-7.0, 2.0, Some(&mut r)), -4.0);
        assert_eq!(r, 1.0);
        assert_eq!(oxjit_rt_fdivmod(7.0, -2.0, Some(&mut r)), -4.0);
        assert_eq!(r, -1.0);
    }

    #[test]
    fn round_to_digits_is_correctly_rounded() {
        assert_eq!(oxjit_rt_round_ndigits(2.675, 2), 2.67);
        assert_eq!(oxjit_rt_round_ndigits(0.125, 2), 0.12);
        assert_eq!(oxjit_rt_round_ndigits(1250.0, -2), 1200.0);
        assert_eq!(oxjit_rt_round_ndigits(1350.0, -2), 1400.0);
        assert_eq!(oxjit_rt_round_ndigits(1e300, -300), 1e300);
        assert_eq!(oxjit_rt_round_ndigits(-2550.0, -2), -2600.0);
        assert_eq!(oxjit_rt_round_ndigits(49.0, -2), 0.0);
    }

    #[test]
    fn integer_power_wraps() {
        assert_eq!(oxjit_rt_ipow(3, 4), 81);
        assert_eq!(oxjit_rt_ipow(2, 64), 0);
    }
}
