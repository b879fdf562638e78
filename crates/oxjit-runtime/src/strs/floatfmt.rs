//! CPython's float to text: `repr(x)` (`float_repr_style` 'short': the shortest digits that
//! round-trip, laid out as `Python/pystrtod.c`'s `format_float_short` does, in exponent form when
//! the decimal exponent is below -4 or above 16) and the `f`/`e`/`g`/`%` conversions of the
//! format mini-language with a precision. Rust's formatting supplies the digits: `{:e}` the
//! shortest round-trip ones, `{:.*}` and `{:.*e}` the exactly rounded ones (round-half-even on the
//! exact binary value, as CPython's `_Py_dg_dtoa`); only the layout is ours.

/// The shortest round-trip digits of finite `x > 0` and its decimal point position (the value
/// is `0.d1d2... * 10**decpt`), read from Ryu's text (`1.5e-7`, `0.000015`, `123.0`).
fn shortest_digits(x: f64, digits: &mut [u8; 24]) -> (usize, i32) {
    let mut buffer = ryu::Buffer::new();
    let text = buffer.format_finite(x).as_bytes();
    let (mantissa, exp) = match text.iter().position(|&c| c == b'e') {
        Some(k) => {
            let e = std::str::from_utf8(&text[k + 1..]).expect("ASCII");
            (&text[..k], e.parse::<i32>().expect("an integer exponent"))
        }
        None => (text, 0),
    };
    let mut n = 0;
    let mut point = None;
    for &c in mantissa {
        if c == b'.' {
            point = Some(n);
        } else {
            digits[n] = c;
            n += 1;
        }
    }
    let mut decpt = point.unwrap_or(n) as i32 + exp;
    let lead = digits[..n].iter().take_while(|&&c| c == b'0').count();
    digits.copy_within(lead..n, 0);
    n -= lead;
    decpt -= lead as i32;
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    (n, decpt)
}

/// Lays out digits and a decimal point position in fixed notation (at least one digit before
/// the point; `add_dot_0`: `.0` after an integer).
fn fixed_layout(digits: &str, decpt: i32, add_dot_0: bool) -> String {
    let n = digits.len() as i32;
    if decpt <= 0 {
        format!("0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        let zeros = "0".repeat((decpt - n) as usize);
        if add_dot_0 {
            format!("{digits}{zeros}.0")
        } else {
            format!("{digits}{zeros}")
        }
    } else {
        format!(
            "{}.{}",
            &digits[..decpt as usize],
            &digits[decpt as usize..]
        )
    }
}

/// Lays out digits in exponent form (`1.5e-05`): at least two exponent digits.
fn exp_layout(digits: &str, decpt: i32, upper: bool) -> String {
    let e = decpt - 1;
    let mut out = digits[..1].to_string();
    if digits.len() > 1 {
        out.push('.');
        out.push_str(&digits[1..]);
    }
    out.push(if upper { 'E' } else { 'e' });
    out.push(if e < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", e.abs()));
    out
}

fn special(x: f64, upper: bool) -> Option<String> {
    let s = if x.is_nan() {
        "nan"
    } else if x.is_infinite() {
        if x > 0.0 {
            "inf"
        } else {
            "-inf"
        }
    } else {
        return None;
    };
    Some(if upper {
        s.to_uppercase()
    } else {
        s.to_string()
    })
}

fn sign(x: f64) -> &'static str {
    if x.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// `repr(x)`, which is also `str(x)`.
pub fn repr(x: f64) -> String {
    let mut buf = [0u8; 32];
    let n = repr_into(x, &mut buf);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// `repr(x)` written to `buf` without allocating (ASCII, at most 25 bytes): its length.
pub fn repr_into(x: f64, buf: &mut [u8; 32]) -> usize {
    let mut n = 0;
    let mut put = |bytes: &[u8]| {
        buf[n..n + bytes.len()].copy_from_slice(bytes);
        n += bytes.len();
    };
    if x.is_nan() {
        put(b"nan");
        return n;
    }
    if x.is_sign_negative() {
        put(b"-");
    }
    if x.is_infinite() {
        put(b"inf");
        return n;
    }
    if x == 0.0 {
        put(b"0.0");
        return n;
    }
    let mut d = [0u8; 24];
    let (len, decpt) = shortest_digits(x.abs(), &mut d);
    let digits = &d[..len];
    if decpt <= -4 || decpt > 16 {
        // Exponent form: `1.5e-05`, `1e+16`.
        put(&digits[..1]);
        if len > 1 {
            put(b".");
            put(&digits[1..]);
        }
        let e = decpt - 1;
        put(if e < 0 { b"e-" } else { b"e+" });
        let e = e.unsigned_abs();
        if e >= 100 {
            put(&[b'0' + (e / 100) as u8]);
        }
        put(&[b'0' + (e / 10 % 10) as u8, b'0' + (e % 10) as u8]);
    } else if decpt <= 0 {
        put(b"0.");
        for _ in 0..-decpt {
            put(b"0");
        }
        put(digits);
    } else if decpt as usize >= len {
        put(digits);
        for _ in 0..decpt as usize - len {
            put(b"0");
        }
        put(b".0");
    } else {
        put(&digits[..decpt as usize]);
        put(b".");
        put(&digits[decpt as usize..]);
    }
    n
}

/// `format(x, '')` with a precision given or not, but no type: `repr` without a precision;
/// with one, `g` that keeps at least one digit after the point (CPython's `'r'`/`'g'` with
/// `Py_DTSF_ADD_DOT_0`).
pub fn format_none_type(x: f64, precision: Option<usize>, alt: bool) -> String {
    match precision {
        None => repr(x),
        Some(p) => general(x, p.max(1), alt, false, true),
    }
}

/// `format(x, '.{p}f')`.
pub fn fixed(x: f64, p: usize, alt: bool, upper: bool) -> String {
    if let Some(s) = special(x, upper) {
        return s;
    }
    let mut s = format!("{:.*}", p, x);
    if alt && p == 0 {
        s.push('.');
    }
    s
}

/// `format(x, '.{p}e')`.
pub fn exponent(x: f64, p: usize, alt: bool, upper: bool) -> String {
    if let Some(s) = special(x, upper) {
        return s;
    }
    let s = format!("{:.*e}", p, x.abs());
    let (mantissa, exp) = s.split_once('e').expect("an exponent");
    let e: i32 = exp.parse().expect("an integer exponent");
    let dot = if alt && p == 0 { "." } else { "" };
    let mark = if upper { 'E' } else { 'e' };
    let esign = if e < 0 { '-' } else { '+' };
    format!("{}{mantissa}{dot}{mark}{esign}{:02}", sign(x), e.abs())
}

/// `format(x, '.{p}g')` (`add_dot_0`: the no-type variant, which keeps `.0`).
pub fn general(x: f64, p: usize, alt: bool, upper: bool, add_dot_0: bool) -> String {
    if let Some(s) = special(x, upper) {
        return s;
    }
    let p = p.max(1);
    if x == 0.0 {
        let body = if alt {
            format!("0.{}", "0".repeat(p - 1))
        } else if add_dot_0 {
            "0.0".to_string()
        } else {
            "0".to_string()
        };
        return format!("{}{body}", sign(x));
    }
    // The exponent after rounding to p significant digits decides the notation.
    let rounded = format!("{:.*e}", p - 1, x.abs());
    let (mantissa, exp) = rounded.split_once('e').expect("an exponent");
    let e: i32 = exp.parse().expect("an integer exponent");
    let mut digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    if !alt {
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.truncate(kept);
    }
    let decpt = e + 1;
    // `format_float_short`: exponent form from `decpt > precision`, or `precision - 1` where a
    // `.0` may have to be added.
    let limit = if add_dot_0 { p as i32 - 1 } else { p as i32 };
    let body = if decpt > -4 && decpt <= limit {
        let mut s = fixed_layout(&digits, decpt, add_dot_0);
        if alt && !s.contains('.') {
            s.push('.');
        }
        s
    } else {
        let mut s = exp_layout(&digits, decpt, upper);
        if alt && digits.len() == 1 {
            s.insert(1, '.');
        }
        s
    };
    format!("{}{body}", sign(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_as_cpython() {
        for (x, s) in [
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (0.1, "0.1"),
            (-0.0, "-0.0"),
            (1.5, "1.5"),
            (123456789012345680.0, "1.2345678901234568e+17"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (5e-324, "5e-324"),
            (2.5e-5, "2.5e-05"),
        ] {
            assert_eq!(repr(x), s);
        }
    }

    #[test]
    fn precision_rounds_half_even_on_the_exact_value() {
        assert_eq!(fixed(0.125, 2, false, false), "0.12");
        assert_eq!(fixed(0.375, 2, false, false), "0.38");
        assert_eq!(fixed(2.675, 2, false, false), "2.67");
        assert_eq!(fixed(2.5, 0, false, false), "2");
        assert_eq!(exponent(12345.0, 2, false, false), "1.23e+04");
        assert_eq!(general(0.0001, 6, false, false, false), "0.0001");
        assert_eq!(general(1234567.0, 6, false, false, false), "1.23457e+06");
        assert_eq!(general(100.0, 6, false, false, false), "100");
        assert_eq!(format_none_type(1.0, Some(3), false), "1.0");
        assert_eq!(format_none_type(1234.0, Some(3), false), "1.23e+03");
        assert_eq!(format_none_type(1e11, Some(12), false), "1e+11");
        assert_eq!(format_none_type(1.0, Some(1), false), "1e+00");
    }
}
