//! `template % values`: printf-style formatting (`Objects/unicodeobject.c`'s
//! `PyUnicode_Format`) of ints, bools, floats and strings: flags `-+ #0`, width, precision and
//! the conversions `d i u o x X e E f F g G c r s a %`, with CPython's errors.

use oxjit_abi::MemInfo;

use super::convert::repr_text;
use super::{fail, floatfmt, from_str, units};

/// One value to format, as generated code passes it: a word and its kind.
#[derive(Clone, Copy)]
enum Arg {
    Int(i128),
    Bool(bool),
    Float(f64),
    Str(*mut MemInfo),
    /// A value whose `str()` and `repr()` are this text (a list, dict, set, tuple or `None`),
    /// made by generated code, and the name of its type.
    Text(*mut MemInfo, &'static str),
}

/// The type names of [`Arg::Text`], by kind (5 and up).
const TEXT_KINDS: [&str; 5] = ["list", "dict", "set", "tuple", "NoneType"];

impl Arg {
    fn type_name(self) -> &'static str {
        match self {
            Arg::Int(_) => "int",
            Arg::Bool(_) => "bool",
            Arg::Float(_) => "float",
            Arg::Str(_) => "str",
            Arg::Text(_, name) => name,
        }
    }

    fn str(self) -> String {
        match self {
            Arg::Int(i) => i.to_string(),
            Arg::Bool(b) => (if b { "True" } else { "False" }).to_string(),
            Arg::Float(x) => floatfmt::repr(x),
            Arg::Str(s) | Arg::Text(s, _) => units(s).to_string_lossy(),
        }
    }

    fn repr(self) -> String {
        match self {
            Arg::Str(s) => repr_text(units(s)),
            other => other.str(),
        }
    }

    /// `ascii(x)`: the repr with its non-ASCII characters escaped.
    fn ascii(self) -> String {
        let mut out = String::new();
        for c in self.repr().chars() {
            match c as u32 {
                0..=0x7f => out.push(c),
                n @ 0x80..=0xff => out.push_str(&format!("\\x{n:02x}")),
                n @ 0x100..=0xffff => out.push_str(&format!("\\u{n:04x}")),
                n => out.push_str(&format!("\\U{n:08x}")),
            }
        }
        out
    }
}

#[derive(Default)]
struct Flags {
    left: bool,
    plus: bool,
    space: bool,
    alt: bool,
    zero: bool,
}

fn pad(text: String, width: usize, flags: &Flags, numeric: bool) -> String {
    let n = text.chars().count();
    if n >= width {
        return text;
    }
    let gap = width - n;
    if flags.left {
        return format!("{text}{}", " ".repeat(gap));
    }
    if flags.zero && numeric {
        // Zeros go after the sign and the base prefix.
        let sign_len = usize::from(text.starts_with(['-', '+', ' ']));
        let prefix_len = if text[sign_len..].starts_with("0x")
            || text[sign_len..].starts_with("0X")
            || text[sign_len..].starts_with("0o")
        {
            2
        } else {
            0
        };
        let (head, body) = text.split_at(sign_len + prefix_len);
        return format!("{head}{}{body}", "0".repeat(gap));
    }
    format!("{}{text}", " ".repeat(gap))
}

fn with_sign(negative: bool, body: String, flags: &Flags) -> String {
    let sign = if negative {
        "-"
    } else if flags.plus {
        "+"
    } else if flags.space {
        " "
    } else {
        ""
    };
    format!("{sign}{body}")
}

/// One conversion of `arg` by type `ty`.
fn convert(
    arg: Arg,
    ty: char,
    flags: &Flags,
    precision: Option<usize>,
) -> Result<String, (&'static str, String)> {
    let type_error = |what: &str| {
        (
            "TypeError",
            format!("%{ty} format: {what} is required, not {}", arg.type_name()),
        )
    };
    Ok(match ty {
        's' | 'r' | 'a' => {
            let t = match ty {
                's' => arg.str(),
                'r' => arg.repr(),
                _ => arg.ascii(),
            };
            match precision {
                Some(p) => t.chars().take(p).collect(),
                None => t,
            }
        }
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
            let v: i128 = match arg {
                Arg::Int(i) => i,
                Arg::Bool(b) => b as i128,
                Arg::Float(x) if matches!(ty, 'd' | 'i' | 'u') => {
                    if !x.is_finite() {
                        return Err((
                            "OverflowError",
                            "cannot convert float infinity to integer".into(),
                        ));
                    }
                    x.trunc() as i128
                }
                Arg::Float(_) => return Err(type_error("an integer")),
                Arg::Str(_) | Arg::Text(..) if matches!(ty, 'd' | 'i' | 'u') => {
                    return Err(type_error("a real number"))
                }
                Arg::Str(_) | Arg::Text(..) => return Err(type_error("an integer")),
            };
            let a = v.unsigned_abs();
            let mut digits = match ty {
                'o' => format!("{a:o}"),
                'x' => format!("{a:x}"),
                'X' => format!("{a:X}"),
                _ => a.to_string(),
            };
            if let Some(p) = precision {
                while digits.len() < p {
                    digits.insert(0, '0');
                }
            }
            let prefix = match (flags.alt, ty) {
                (true, 'o') => "0o",
                (true, 'x') => "0x",
                (true, 'X') => "0X",
                _ => "",
            };
            with_sign(v < 0, format!("{prefix}{digits}"), flags)
        }
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let x = match arg {
                Arg::Int(i) => i as f64,
                Arg::Bool(b) => b as i64 as f64,
                Arg::Float(x) => x,
                // `PyFloat_AsDouble`'s message, without the `%f format:` of the others.
                Arg::Str(_) | Arg::Text(..) => {
                    let name = arg.type_name();
                    return Err(("TypeError", format!("must be real number, not {name}")));
                }
            };
            let p = precision.unwrap_or(6);
            let upper = ty.is_ascii_uppercase();
            let t = match ty.to_ascii_lowercase() {
                'e' => floatfmt::exponent(x, p, flags.alt, upper),
                'f' => floatfmt::fixed(x, p, flags.alt, upper),
                _ => floatfmt::general(x, p, flags.alt, upper, false),
            };
            let negative = t.starts_with('-');
            with_sign(negative, t.trim_start_matches('-').to_string(), flags)
        }
        'c' => match arg {
            Arg::Int(i) => match u32::try_from(i).ok().filter(|c| *c < 0x110000) {
                Some(c) => super::to_char(c).to_string(),
                None => return Err(("OverflowError", "%c arg not in range(0x110000)".into())),
            },
            Arg::Str(s) if units(s).len() == 1 => units(s).to_string_lossy(),
            _ => return Err(("TypeError", "%c requires int or char".to_string())),
        },
        _ => unreachable!("checked by the parser"),
    })
}

/// `template % args`.
fn percent(template: &[char], args: &[Arg]) -> Result<String, (&'static str, String)> {
    let mut out = String::new();
    let mut next = 0;
    let mut i = 0;
    while i < template.len() {
        let c = template[i];
        if c != '%' {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let mut flags = Flags::default();
        while i < template.len() {
            match template[i] {
                '-' => flags.left = true,
                '+' => flags.plus = true,
                ' ' => flags.space = true,
                '#' => flags.alt = true,
                '0' => flags.zero = true,
                _ => break,
            }
            i += 1;
        }
        let number = |i: &mut usize| {
            let s = *i;
            while *i < template.len() && template[*i].is_ascii_digit() {
                *i += 1;
            }
            template[s..*i]
                .iter()
                .collect::<String>()
                .parse::<usize>()
                .ok()
        };
        let width = number(&mut i).unwrap_or(0);
        let precision = if i < template.len() && template[i] == '.' {
            i += 1;
            Some(number(&mut i).unwrap_or(0))
        } else {
            None
        };
        let Some(&ty) = template.get(i) else {
            return Err(("ValueError", "incomplete format".into()));
        };
        i += 1;
        if ty == '%' {
            out.push('%');
            continue;
        }
        if !"diuoxXeEfFgGcrsa".contains(ty) {
            return Err((
                "ValueError",
                format!(
                    "unsupported format character '{ty}' (0x{:x}) at index {}",
                    ty as u32,
                    i - 1
                ),
            ));
        }
        let _ = start;
        let Some(&arg) = args.get(next) else {
            return Err(("TypeError", "not enough arguments for format string".into()));
        };
        next += 1;
        let text = convert(arg, ty, &flags, precision)?;
        out.push_str(&pad(text, width, &flags, !"csra".contains(ty)));
    }
    if next < args.len() {
        return Err((
            "TypeError",
            "not all arguments converted during string formatting".into(),
        ));
    }
    Ok(out)
}

/// `template % values`: `n` values, each an 8-byte word of the kind in `kinds` (0 int64, 1
/// uint64, 2 bool, 3 float64 bits, 4 string).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_percent(
    template: *mut MemInfo,
    values: *const i64,
    kinds: *const i64,
    n: i64,
) -> *mut MemInfo {
    let n = n.max(0) as usize;
    // SAFETY: generated code passes `n` words and `n` kinds.
    let (values, kinds) = unsafe {
        (
            std::slice::from_raw_parts(values, n),
            std::slice::from_raw_parts(kinds, n),
        )
    };
    let args: Vec<Arg> = values
        .iter()
        .zip(kinds)
        .map(|(&v, &k)| match k {
            0 => Arg::Int(v as i128),
            1 => Arg::Int(v as u64 as i128),
            2 => Arg::Bool(v != 0),
            3 => Arg::Float(f64::from_bits(v as u64)),
            4 => Arg::Str(v as *mut MemInfo),
            k => Arg::Text(v as *mut MemInfo, TEXT_KINDS[(k - 5) as usize]),
        })
        .collect();
    let t: Vec<char> = units(template).to_string_lossy().chars().collect();
    match percent(&t, &args) {
        Ok(s) => from_str(&s),
        Err((class, msg)) => fail(class, msg),
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_str_percent]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_as_cpython() {
        let t = |s: &str, a: &[Arg]| {
            let c: Vec<char> = s.chars().collect();
            percent(&c, a).unwrap_or_else(|e| e.1)
        };
        assert_eq!(
            t(
                "%d %5.2f|%-4s|",
                &[Arg::Int(3), Arg::Float(2.345), Arg::Bool(true)]
            ),
            "3  2.35|True|"
        );
        assert_eq!(
            t(
                "%05d %+x %#o %.3d",
                &[Arg::Int(-42), Arg::Int(255), Arg::Int(8), Arg::Int(7)]
            ),
            "-0042 +ff 0o10 007"
        );
        assert_eq!(t("%d", &[]), "not enough arguments for format string");
        assert_eq!(
            t("%q", &[Arg::Int(1)]),
            "unsupported format character 'q' (0x71) at index 1"
        );
        assert_eq!(
            t("%e|%g|%%", &[Arg::Float(12345.678), Arg::Float(0.00001)]),
            "1.234568e+04|1e-05|%"
        );
    }
}
