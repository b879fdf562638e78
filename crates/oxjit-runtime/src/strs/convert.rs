//! Conversions between strings and numbers: `str(x)`/`repr(x)` of numbers and strings, `int(s)`,
//! `float(s)`, `ord(c)` and `chr(i)`, with CPython's syntax and messages
//! (`Objects/longobject.c`, `Objects/floatobject.c`, `Objects/unicodeobject.c`).

use oxjit_abi::MemInfo;

use super::chars::{is_printable, is_space};
use super::{fail, from_latin1, from_str, from_u32s, set_error, units, Units};

#[no_mangle]
pub extern "C" fn oxjit_rt_str_from_int(x: i64) -> *mut MemInfo {
    from_latin1(x.to_string().as_bytes())
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_from_uint(x: u64) -> *mut MemInfo {
    from_latin1(x.to_string().as_bytes())
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_from_float(x: f64) -> *mut MemInfo {
    let mut buf = [0u8; 32];
    let n = super::floatfmt::repr_into(x, &mut buf);
    from_latin1(&buf[..n])
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_from_bool(x: bool) -> *mut MemInfo {
    from_latin1(if x { b"True" } else { b"False" })
}

/// `repr(s)` as Rust text (CPython's `unicode_repr`): single quotes unless the text has a
/// single quote and no double quote.
pub fn repr_text(u: Units<'_>) -> String {
    let cps = u.to_vec();
    let quote = if cps.contains(&('\'' as u32)) && !cps.contains(&('"' as u32)) {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(cps.len() + 2);
    out.push(quote);
    for c in cps {
        match c {
            0x5C => out.push_str("\\\\"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0D => out.push_str("\\r"),
            c if c == quote as u32 => {
                out.push('\\');
                out.push(quote);
            }
            c if is_printable(c) => out.push(super::to_char(c)),
            c if c < 0x100 => out.push_str(&format!("\\x{c:02x}")),
            c if c < 0x10000 => out.push_str(&format!("\\u{c:04x}")),
            c => out.push_str(&format!("\\U{c:08x}")),
        }
    }
    out.push(quote);
    out
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_repr(s: *mut MemInfo) -> *mut MemInfo {
    from_str(&repr_text(units(s)))
}

/// The text between leading and trailing white space, its decimal digits of any script made
/// ASCII (CPython's `_PyUnicode_TransformDecimalAndSpaceToASCII`).
fn trimmed(u: Units<'_>) -> Vec<u32> {
    let cps: Vec<u32> = u
        .to_vec()
        .into_iter()
        .map(|c| match super::chars::decimal_value(c) {
            Some(d) if c > 127 => '0' as u32 + d,
            _ => c,
        })
        .collect();
    let start = cps.iter().position(|&c| !is_space(c)).unwrap_or(cps.len());
    let end = cps
        .iter()
        .rposition(|&c| !is_space(c))
        .map_or(start, |e| e + 1);
    cps[start..end].to_vec()
}

/// CPython's `%.200R` of a string: its repr, cut to 200 characters.
fn short_repr(u: Units<'_>) -> String {
    repr_text(u).chars().take(200).collect()
}

/// `int(text, base)`, or `None` where the syntax is not Python's (the caller raises).
fn parse_int(cps: &[u32], base: u32) -> Result<i64, bool> {
    let mut i = 0;
    let neg = match cps.first() {
        Some(&c) if c == '-' as u32 => {
            i = 1;
            true
        }
        Some(&c) if c == '+' as u32 => {
            i = 1;
            false
        }
        _ => false,
    };
    let lower = |k: usize| {
        cps.get(k)
            .map(|&c| char::from_u32(c).unwrap_or('\0').to_ascii_lowercase())
    };
    let mut base = base;
    let mut prefixed = false;
    if lower(i) == Some('0') {
        let p = lower(i + 1);
        let b = match p {
            Some('x') => 16,
            Some('o') => 8,
            Some('b') => 2,
            _ => 0,
        };
        if b != 0 && (base == 0 || base == b) {
            base = b;
            i += 2;
            prefixed = true;
        }
    }
    let zero_base = base == 0;
    if base == 0 {
        base = 10;
    }
    let digits = &cps[i..];
    if digits.is_empty() {
        return Err(false);
    }
    // Underscores: one between digits, or one right after a base prefix.
    let mut value: i128 = 0;
    let mut last_underscore = !prefixed;
    let mut overflow = false;
    let mut all_zero = true;
    for &c in digits {
        if c == '_' as u32 {
            if last_underscore {
                return Err(false);
            }
            last_underscore = true;
            continue;
        }
        last_underscore = false;
        let d = char::from_u32(c)
            .and_then(|ch| ch.to_digit(36))
            .filter(|d| *d < base);
        let Some(d) = d else { return Err(false) };
        all_zero &= d == 0;
        value = value * base as i128 + d as i128;
        if value > 1 << 64 {
            overflow = true;
            value = 1 << 64;
        }
    }
    if last_underscore {
        return Err(false);
    }
    // Base 0 takes no leading zeros in a decimal number ("010").
    if zero_base && !prefixed && digits[0] == '0' as u32 && !all_zero {
        return Err(false);
    }
    let v = if neg { -value } else { value };
    if overflow || v > i64::MAX as i128 || v < i64::MIN as i128 {
        return Err(true);
    }
    Ok(v as i64)
}

/// `int(s, base)`: writes the value to `out`; status 1 (and the error) where CPython raises.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_to_int(s: *mut MemInfo, base: i64, out: &mut i64) -> i32 {
    let u = units(s);
    if base != 0 && !(2..=36).contains(&base) {
        set_error(
            "ValueError",
            "int() base must be >= 2 and <= 36, or 0".into(),
        );
        return 1;
    }
    match parse_int(&trimmed(u), base as u32) {
        Ok(v) => {
            *out = v;
            0
        }
        Err(true) => {
            set_error(
                "OverflowError",
                "int too large to convert to int64 (compiled code's integers are 64-bit)".into(),
            );
            1
        }
        Err(false) => {
            set_error(
                "ValueError",
                format!(
                    "invalid literal for int() with base {base}: {}",
                    short_repr(u)
                ),
            );
            1
        }
    }
}

/// Whether `t` is a decimal number in CPython's `float()` syntax (underscores only between
/// digits), infinities and NaNs aside.
fn float_syntax(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let digits = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < b.len() && (b[*i].is_ascii_digit() || b[*i] == b'_') {
            if b[*i] == b'_'
                && (*i == start
                    || !b[*i - 1].is_ascii_digit()
                    || *i + 1 >= b.len()
                    || !b[*i + 1].is_ascii_digit())
            {
                return None;
            }
            *i += 1;
        }
        Some(*i - start)
    };
    let Some(int_part) = digits(&mut i) else {
        return false;
    };
    let mut frac = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let Some(f) = digits(&mut i) else {
            return false;
        };
        frac = f;
    }
    if int_part + frac == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        match digits(&mut i) {
            Some(n) if n > 0 => {}
            _ => return false,
        }
    }
    i == b.len()
}

/// `float(text)` of stripped ASCII text, or `None`.
pub fn parse_float(t: &str) -> Option<f64> {
    let (neg, body) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let lower = body.to_ascii_lowercase();
    let special = match lower.as_str() {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(x) = special {
        return Some(if neg { -x } else { x });
    }
    if !float_syntax(t) {
        return None;
    }
    t.replace('_', "").parse::<f64>().ok()
}

/// `float(s)`: writes the value to `out`; status 1 (and the error) where CPython raises.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_to_float(s: *mut MemInfo, out: &mut f64) -> i32 {
    let u = units(s);
    let t = trimmed(u);
    let ascii: Option<String> = t
        .iter()
        .map(|&c| char::from_u32(c).filter(char::is_ascii))
        .collect();
    match ascii.as_deref().and_then(parse_float) {
        Some(x) => {
            *out = x;
            0
        }
        None => {
            set_error(
                "ValueError",
                format!("could not convert string to float: {}", repr_text(u)),
            );
            1
        }
    }
}

/// `ord(c)`: -1 (and the error) unless `c` is one character.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_ord(s: *mut MemInfo) -> i64 {
    let u = units(s);
    if u.len() != 1 {
        set_error(
            "TypeError",
            format!(
                "ord() expected a character, but string of length {} found",
                u.len()
            ),
        );
        return -1;
    }
    u.get(0) as i64
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_chr(i: i64) -> *mut MemInfo {
    if !(0..0x110000).contains(&i) {
        return fail("ValueError", "chr() arg not in range(0x110000)".into());
    }
    from_u32s(&[i as u32])
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_str_from_int,
        oxjit_rt_str_from_uint,
        oxjit_rt_str_from_float,
        oxjit_rt_str_from_bool,
        oxjit_rt_str_repr,
        oxjit_rt_str_to_int,
        oxjit_rt_str_to_float,
        oxjit_rt_str_ord,
        oxjit_rt_str_chr,
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{s, text};
    use super::*;

    #[test]
    fn ints_and_floats_parse_as_python() {
        let int = |t: &str, base: i64| {
            let mut out = 0;
            (oxjit_rt_str_to_int(s(t), base, &mut out) == 0).then_some(out)
        };
        assert_eq!(int(" -1_000 ", 10), Some(-1000));
        assert_eq!(int("0x_ff", 0), Some(255));
        assert_eq!(int("ff", 16), Some(255));
        assert_eq!(int("010", 0), None);
        assert_eq!(int("000", 0), Some(0));
        assert_eq!(int("1__0", 10), None);
        assert_eq!(int("", 10), None);
        let float = |t: &str| {
            let mut out = 0.0;
            (oxjit_rt_str_to_float(s(t), &mut out) == 0).then_some(out)
        };
        assert_eq!(float(" 1_0.5e1\n"), Some(105.0));
        assert_eq!(float("-Infinity"), Some(f64::NEG_INFINITY));
        assert_eq!(float(".5"), Some(0.5));
        assert_eq!(float("5."), Some(5.0));
        assert_eq!(float("1_.5"), None);
        assert_eq!(float("."), None);
        assert_eq!(float("1e"), None);
        assert_eq!(text(oxjit_rt_str_repr(s("it's"))), "\"it's\"");
        assert_eq!(
            text(oxjit_rt_str_repr(s("a\n\u{7f}é\u{200b}"))),
            "'a\\n\\x7fé\\u200b'"
        );
    }
}
