//! The format mini-language (`format(x, spec)`, f-strings' `{x:spec}`, `str.format`) for ints,
//! bools, floats and strings, as CPython's `Python/formatter_unicode.c`: fill and alignment,
//! sign, `z`, `#`, `0`, width, `,`/`_` grouping, precision and type, with its error messages.

use oxjit_abi::MemInfo;

use super::floatfmt;
use super::{fail, from_str, units};

/// A parsed format specification.
#[derive(Debug, Default)]
pub struct Spec {
    pub fill: Option<char>,
    pub align: Option<char>,
    pub sign: Option<char>,
    pub z: bool,
    pub alt: bool,
    pub zero: bool,
    pub width: usize,
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    pub ty: Option<char>,
}

/// Parses `spec` for a value of Python type `of`; the error is CPython's message.
pub fn parse(spec: &str, of: &str) -> Result<Spec, String> {
    // A spec is short: its characters on the stack.
    let mut stack = ['\0'; 24];
    let heap: Vec<char>;
    let c: &[char] = if spec.len() <= stack.len() {
        let mut n = 0;
        for ch in spec.chars() {
            stack[n] = ch;
            n += 1;
        }
        &stack[..n]
    } else {
        heap = spec.chars().collect();
        &heap
    };
    let mut s = Spec::default();
    let mut i = 0;
    let is_align = |ch: char| matches!(ch, '<' | '>' | '=' | '^');
    if c.len() >= 2 && is_align(c[1]) {
        s.fill = Some(c[0]);
        s.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        s.align = Some(c[0]);
        i = 1;
    }
    if i < c.len() && matches!(c[i], '+' | '-' | ' ') {
        s.sign = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == 'z' {
        s.z = true;
        i += 1;
    }
    if i < c.len() && c[i] == '#' {
        s.alt = true;
        i += 1;
    }
    if i < c.len() && c[i] == '0' {
        s.zero = true;
        i += 1;
    }
    let number = |i: &mut usize| -> Option<usize> {
        let start = *i;
        while *i < c.len() && c[*i].is_ascii_digit() {
            *i += 1;
        }
        (*i > start).then(|| {
            c[start..*i]
                .iter()
                .collect::<String>()
                .parse()
                .unwrap_or(usize::MAX)
        })
    };
    s.width = number(&mut i).unwrap_or(0);
    if i < c.len() && matches!(c[i], ',' | '_') {
        s.grouping = Some(c[i]);
        i += 1;
    }
    if i < c.len() && c[i] == '.' {
        i += 1;
        s.precision = Some(number(&mut i).ok_or("Format specifier missing precision")?);
    }
    if i < c.len() {
        s.ty = Some(c[i]);
        i += 1;
    }
    if i < c.len() {
        return Err(format!(
            "Invalid format specifier '{spec}' for object of type '{of}'"
        ));
    }
    if s.zero && s.fill.is_none() {
        s.fill = Some('0');
        if s.align.is_none() {
            s.align = Some(if of == "str" { '<' } else { '=' });
        }
    }
    if let (Some(g), Some(t)) = (s.grouping, s.ty) {
        let ok = match g {
            ',' => matches!(t, 'd' | 'e' | 'f' | 'g' | 'E' | 'F' | 'G' | '%'),
            _ => matches!(
                t,
                'd' | 'e' | 'f' | 'g' | 'E' | 'F' | 'G' | '%' | 'b' | 'o' | 'x' | 'X'
            ),
        };
        if !ok {
            return Err(format!("Cannot specify '{g}' with '{t}'."));
        }
    }
    Ok(s)
}

/// Inserts `sep` every `every` digits of `digits` from the right, padded with zeros first to
/// at least `min_len` characters (CPython groups zero padding too: `format(1234, '010,')`).
fn group(digits: &str, sep: char, every: usize, min_len: usize) -> String {
    let mut d = digits.to_string();
    loop {
        let mut out = String::new();
        let n = d.len();
        for (k, ch) in d.chars().enumerate() {
            if k > 0 && (n - k).is_multiple_of(every) {
                out.push(sep);
            }
            out.push(ch);
        }
        if out.chars().count() >= min_len {
            return out;
        }
        d.insert(0, '0');
    }
}

/// Pads `sign + prefix + body` to the spec's width.
fn pad(s: &Spec, sign: &str, prefix: &str, body: &str, default_align: char) -> String {
    let len = sign.chars().count() + prefix.chars().count() + body.chars().count();
    let fill = s.fill.unwrap_or(' ');
    let align = s.align.unwrap_or(default_align);
    let gap = s.width.saturating_sub(len);
    let fills = |n: usize| std::iter::repeat_n(fill, n).collect::<String>();
    match align {
        '<' => format!("{sign}{prefix}{body}{}", fills(gap)),
        '^' => format!(
            "{}{sign}{prefix}{body}{}",
            fills(gap / 2),
            fills(gap - gap / 2)
        ),
        '=' => format!("{sign}{prefix}{}{body}", fills(gap)),
        _ => format!("{}{sign}{prefix}{body}", fills(gap)),
    }
}

fn sign_of(negative: bool, s: &Spec) -> &'static str {
    match (negative, s.sign) {
        (true, _) => "-",
        (false, Some('+')) => "+",
        (false, Some(' ')) => " ",
        _ => "",
    }
}

/// The integer part of `body` grouped, when the spec groups; the zero padding of `=` alignment
/// goes into the grouping.
fn grouped_number(s: &Spec, sign: &str, prefix: &str, body: &str, every: usize) -> String {
    let float = prefix.is_empty() && every == 3 && body.contains(|c: char| !c.is_ascii_digit());
    let Some(sep) = s.grouping else {
        return body.to_string();
    };
    let int_len = if float {
        body.find(|c: char| !c.is_ascii_digit())
            .unwrap_or(body.len())
    } else {
        body.len()
    };
    let (int_part, rest) = body.split_at(int_len);
    let min = if s.fill == Some('0') && s.align == Some('=') {
        s.width
            .saturating_sub(sign.len() + prefix.len() + rest.chars().count())
    } else {
        0
    };
    format!("{}{rest}", group(int_part, sep, every, min))
}

/// `format(x, spec)` of an integer (`bool` prints its name with an empty spec).
pub fn format_int(x: i128, is_bool: bool, spec: &str) -> Result<String, String> {
    let of = if is_bool { "bool" } else { "int" };
    if spec.is_empty() {
        return Ok(if is_bool {
            (if x != 0 { "True" } else { "False" }).to_string()
        } else {
            x.to_string()
        });
    }
    let s = parse(spec, of)?;
    let ty = s.ty.unwrap_or('d');
    if matches!(ty, 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%') {
        return format_float(x as f64, spec);
    }
    // CPython asks about the presentation type before the precision.
    if !matches!(ty, 'b' | 'c' | 'd' | 'n' | 'o' | 'x' | 'X') {
        return Err(format!(
            "Unknown format code '{ty}' for object of type '{of}'"
        ));
    }
    if s.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    if s.z {
        return Err("Negative zero coercion (z) not allowed in integer format specifier".into());
    }
    let (digits, prefix, every) = match ty {
        'd' | 'n' => (x.unsigned_abs().to_string(), "", 3),
        'b' => (format!("{:b}", x.unsigned_abs()), "0b", 4),
        'o' => (format!("{:o}", x.unsigned_abs()), "0o", 4),
        'x' => (format!("{:x}", x.unsigned_abs()), "0x", 4),
        'X' => (format!("{:X}", x.unsigned_abs()), "0X", 4),
        'c' => {
            if s.sign.is_some() {
                return Err("Sign not allowed with integer format specifier 'c'".into());
            }
            if s.alt {
                return Err(
                    "Alternate form (#) not allowed with integer format specifier 'c'".into(),
                );
            }
            let ch = u32::try_from(x)
                .ok()
                .filter(|c| *c < 0x110000)
                .ok_or("%c arg not in range(0x110000)")?;
            return Ok(pad(&s, "", "", &super::to_char(ch).to_string(), '<'));
        }
        t => {
            return Err(format!(
                "Unknown format code '{t}' for object of type '{of}'"
            ))
        }
    };
    let prefix = if s.alt { prefix } else { "" };
    let sign = sign_of(x < 0, &s);
    let body = grouped_number(&s, sign, prefix, &digits, every);
    Ok(pad(&s, sign, prefix, &body, '>'))
}

/// `format(x, spec)` of a float.
pub fn format_float(x: f64, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(floatfmt::repr(x));
    }
    let s = parse(spec, "float")?;
    let p = s.precision;
    let mut text = match s.ty {
        None => floatfmt::format_none_type(x, p, s.alt),
        Some('f') | Some('F') => floatfmt::fixed(x, p.unwrap_or(6), s.alt, s.ty == Some('F')),
        Some('e') | Some('E') => floatfmt::exponent(x, p.unwrap_or(6), s.alt, s.ty == Some('E')),
        Some('g') | Some('G') | Some('n') => {
            floatfmt::general(x, p.unwrap_or(6), s.alt, s.ty == Some('G'), false)
        }
        Some('%') => {
            let mut t = floatfmt::fixed(x * 100.0, p.unwrap_or(6), s.alt, false);
            t.push('%');
            t
        }
        Some(t) => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'float'"
            ))
        }
    };
    if s.z
        && x.is_finite()
        && text.starts_with('-')
        && !text.bytes().any(|b| (b'1'..=b'9').contains(&b))
    {
        text.remove(0);
    }
    let negative = text.starts_with('-');
    let body = text.trim_start_matches('-');
    let sign = sign_of(negative, &s);
    let body = if body.starts_with(|c: char| c.is_ascii_digit()) {
        grouped_number(&s, sign, "", body, 3)
    } else {
        body.to_string()
    };
    Ok(pad(&s, sign, "", &body, '>'))
}

/// `format(s, spec)` of a string.
pub fn format_text(text: &str, spec: &str) -> Result<String, String> {
    if spec.is_empty() {
        return Ok(text.to_string());
    }
    let s = parse(spec, "str")?;
    match s.ty {
        None | Some('s') => {}
        Some(t) => {
            return Err(format!(
                "Unknown format code '{t}' for object of type 'str'"
            ))
        }
    }
    if s.sign.is_some() {
        return Err("Sign not allowed in string format specifier".into());
    }
    if s.alt {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    if s.align == Some('=') {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    if let Some(g) = s.grouping {
        return Err(format!("Cannot specify '{g}' with 's'."));
    }
    let body: String = match s.precision {
        Some(p) => text.chars().take(p).collect(),
        None => text.to_string(),
    };
    Ok(pad(&s, "", "", &body, '<'))
}

/// The result as a new string, or the error raised: a `ValueError`, but for the one
/// `OverflowError` CPython raises here (`format(-1, 'c')`).
fn finish(r: Result<String, String>) -> *mut MemInfo {
    match r {
        Ok(t) => from_str(&t),
        Err(m) if m.starts_with("%c arg") => fail("OverflowError", m),
        Err(m) => fail("ValueError", m),
    }
}

/// `format(x, spec)` of an int (`kind` 0), a uint64 (1) or a bool (2).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_format_int(x: i64, kind: i64, spec: *mut MemInfo) -> *mut MemInfo {
    let v = if kind == 1 {
        x as u64 as i128
    } else {
        x as i128
    };
    finish(format_int(v, kind == 2, &units(spec).text()))
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_format_float(x: f64, spec: *mut MemInfo) -> *mut MemInfo {
    finish(format_float(x, &units(spec).text()))
}

#[no_mangle]
pub extern "C" fn oxjit_rt_str_format_str(s: *mut MemInfo, spec: *mut MemInfo) -> *mut MemInfo {
    finish(format_text(&units(s).text(), &units(spec).text()))
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_str_format_int,
        oxjit_rt_str_format_float,
        oxjit_rt_str_format_str,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_as_cpython() {
        let i = |x: i128, s: &str| format_int(x, false, s).unwrap_or_else(|e| e);
        let f = |x: f64, s: &str| format_float(x, s).unwrap_or_else(|e| e);
        assert_eq!(i(1234, "010,"), "00,001,234");
        assert_eq!(i(1 << 31, "_b"), "1000_0000_0000_0000_0000_0000_0000_0000");
        assert_eq!(i(255, "#06x"), "0x00ff");
        assert_eq!(i(-42, "=+8"), "-     42");
        assert_eq!(i(1234567, ">12,"), "   1,234,567");
        assert_eq!(i(255, ",x"), "Cannot specify ',' with 'x'.");
        assert_eq!(f(12345.678, ",.2f"), "12,345.68");
        assert_eq!(f(0.5, "%"), "50.000000%");
        assert_eq!(f(-0.0, "z.1f"), "0.0");
        assert_eq!(f(1.5, "=+8"), "+    1.5");
        assert_eq!(f(f64::NAN, "+08.2f"), "+0000nan");
        assert_eq!(f(1.0, "#g"), "1.00000");
        assert_eq!(f(123.0, ".0e"), "1e+02");
        assert_eq!(format_text("x", "^5.0").unwrap(), "     ");
        assert_eq!(format_text("ab", "05").unwrap(), "ab000");
    }
}
