//! Case mappings (`upper lower title capitalize swapcase casefold`) and the character-class
//! predicates (`isdigit isalpha ...`). ASCII text takes a byte path; other text Rust's Unicode
//! tables (`str::to_lowercase` handles the final sigma as CPython does). Where Rust has no table,
//! approximations are documented in `docs/strings.md`: titlecase is uppercase (they differ for
//! four digraphs such as U+01C6), case folding is lowercase plus `ß` -> `ss`, decimal digits are
//! the listed Nd blocks, and identifiers are letters, digits and `_`.

use oxjit_abi::{CaseOp, MemInfo, StrPred};

use super::chars::{is_decimal, is_printable, is_space};
use super::{from_latin1, from_str, units, Units};

fn is_cased(c: char) -> bool {
    c.is_uppercase() || c.is_lowercase() || is_titlecase(c)
}

/// Unicode's Case_Ignorable characters, the common ones: apostrophes, periods, colons,
/// modifier symbols, soft hyphens and combining marks.
fn is_case_ignorable(c: char) -> bool {
    matches!(c as u32, 0x27 | 0x2E | 0x3A | 0x5E | 0x60 | 0xA8 | 0xAD | 0xAF | 0xB4 | 0xB7 | 0xB8
        | 0x2B0..=0x36F | 0x2018 | 0x2019 | 0x2024 | 0x2027 | 0x200B..=0x200F | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE00..=0xFE0F | 0xFE20..=0xFE2F)
}

/// Unicode's titlecase letters (category Lt).
fn is_titlecase(c: char) -> bool {
    matches!(c as u32, 0x1C5 | 0x1C8 | 0x1CB | 0x1F2 | 0x1F88..=0x1F8F | 0x1F98..=0x1F9F
        | 0x1FA8..=0x1FAF | 0x1FBC | 0x1FCC | 0x1FFC)
}

fn upper(s: &str) -> String {
    s.to_uppercase()
}

/// Unicode's titlecase mapping: uppercase, except for the digraphs and ligatures whose title
/// form is a capital then small letters (`ß` -> `Ss`, `ﬁ` -> `Fi`, `ǆ` -> `ǅ`).
fn push_title(c: char, out: &mut String) {
    let special = match c {
        'ß' => "Ss",
        'ﬀ' => "Ff",
        'ﬁ' => "Fi",
        'ﬂ' => "Fl",
        'ﬃ' => "Ffi",
        'ﬄ' => "Ffl",
        'ﬅ' | 'ﬆ' => "St",
        'Ǆ' | 'ǅ' | 'ǆ' => "ǅ",
        'Ǉ' | 'ǈ' | 'ǉ' => "ǈ",
        'Ǌ' | 'ǋ' | 'ǌ' => "ǋ",
        'Ǳ' | 'ǲ' | 'ǳ' => "ǲ",
        'ŉ' => "ʼN",
        'և' => "Եւ",
        'ﬓ' => "Մն",
        'ﬔ' => "Մե",
        'ﬕ' => "Մի",
        'ﬖ' => "Վն",
        'ﬗ' => "Մխ",
        _ => {
            out.extend(c.to_uppercase());
            return;
        }
    };
    out.push_str(special);
}

/// The lowercase of `chars[i]` in context: a capital sigma after a cased letter and before none
/// is final (`ς`), as `str.lower()` makes it.
fn push_lower(chars: &[char], i: usize, out: &mut String) {
    let c = chars[i];
    if c == 'Σ' {
        // Unicode's Final_Sigma: case-ignorable characters in between do not count.
        let after_cased = chars[..i]
            .iter()
            .rev()
            .find(|&&x| !is_case_ignorable(x))
            .is_some_and(|&x| is_cased(x));
        let before_cased = chars[i + 1..]
            .iter()
            .find(|&&x| !is_case_ignorable(x))
            .is_some_and(|&x| is_cased(x));
        out.push(if after_cased && !before_cased {
            'ς'
        } else {
            'σ'
        });
    } else {
        out.extend(c.to_lowercase());
    }
}

/// `str.title()`: a cased character after an uncased one is titlecase, the rest lowercase.
fn title(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut previous_cased = false;
    for (i, &c) in chars.iter().enumerate() {
        if previous_cased {
            push_lower(&chars, i, &mut out);
        } else {
            push_title(c, &mut out);
        }
        previous_cased = is_cased(c);
    }
    out
}

fn capitalize(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for i in 0..chars.len() {
        if i == 0 {
            push_title(chars[0], &mut out);
        } else {
            push_lower(&chars, i, &mut out);
        }
    }
    out
}

fn swapcase(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            push_lower(&chars, i, &mut out);
        } else if c.is_lowercase() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Full case folding, approximated as the lowercase of the uppercase, character by character
/// (`ß` -> `ss`, `ς` -> `σ`, `ﬁ` -> `fi`), but `ı`, which folds to itself.
fn casefold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == 'ı' {
            out.push(c);
        } else {
            out.extend(c.to_uppercase().flat_map(char::to_lowercase));
        }
    }
    out
}

/// `s.upper()` and the other case mappings.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_case(s: *mut MemInfo, op: i64) -> *mut MemInfo {
    let u = units(s);
    if let Units::L1(b) = u {
        if b.is_ascii() {
            let lower = op == CaseOp::Lower as i64 || op == CaseOp::Casefold as i64;
            if b.len() > 1 && (lower || op == CaseOp::Upper as i64) {
                // One pass, straight into the result's block.
                let mi = super::allocate(b.len(), 1, true);
                if !mi.is_null() {
                    let out = super::units_mut::<u8>(mi);
                    for (d, &c) in out.iter_mut().zip(b) {
                        *d = if lower {
                            c.to_ascii_lowercase()
                        } else {
                            c.to_ascii_uppercase()
                        };
                    }
                }
                return mi;
            }
            return from_latin1(&ascii_case(b, op));
        }
    }
    let text = u.to_string_lossy();
    let out = match op {
        x if x == CaseOp::Upper as i64 => upper(&text),
        x if x == CaseOp::Lower as i64 => text.to_lowercase(),
        x if x == CaseOp::Title as i64 => title(&text),
        x if x == CaseOp::Capitalize as i64 => capitalize(&text),
        x if x == CaseOp::Swapcase as i64 => swapcase(&text),
        _ => casefold(&text),
    };
    from_str(&out)
}

fn ascii_case(b: &[u8], op: i64) -> Vec<u8> {
    match op {
        x if x == CaseOp::Upper as i64 => b.to_ascii_uppercase(),
        x if x == CaseOp::Lower as i64 || x == CaseOp::Casefold as i64 => b.to_ascii_lowercase(),
        x if x == CaseOp::Swapcase as i64 => b
            .iter()
            .map(|c| {
                if c.is_ascii_uppercase() {
                    c.to_ascii_lowercase()
                } else {
                    c.to_ascii_uppercase()
                }
            })
            .collect(),
        x if x == CaseOp::Capitalize as i64 => b
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            })
            .collect(),
        _ => {
            let mut prev = false;
            b.iter()
                .map(|&c| {
                    let out = if prev {
                        c.to_ascii_lowercase()
                    } else {
                        c.to_ascii_uppercase()
                    };
                    prev = c.is_ascii_alphabetic();
                    out
                })
                .collect()
        }
    }
}

/// Digits that are not decimal (Numeric_Type=Digit): superscripts, circled digits...
fn is_digit(c: u32) -> bool {
    is_decimal(c)
        || matches!(c, 0xB2 | 0xB3 | 0xB9 | 0x1369..=0x1371 | 0x19DA | 0x2070 | 0x2074..=0x2079
            | 0x2080..=0x2089 | 0x2460..=0x2468 | 0x2474..=0x247C | 0x2488..=0x2490 | 0x24EA
            | 0x24F5..=0x24FD | 0x24FF | 0x2776..=0x277E | 0x2780..=0x2788 | 0x278A..=0x2792
            | 0x10A40..=0x10A43 | 0x1F100..=0x1F10A)
}

/// Numeric characters: Unicode's N categories and the common CJK numerals (Lo with a numeric
/// value).
fn is_numeric(c: u32) -> bool {
    is_digit(c)
        || char::from_u32(c).is_some_and(char::is_numeric)
        || matches!(
            c,
            0x3007
                | 0x4E00
                | 0x4E8C
                | 0x4E09
                | 0x56DB
                | 0x4E94
                | 0x516D
                | 0x4E03
                | 0x516B
                | 0x4E5D
                | 0x5341
                | 0x767E
                | 0x5343
                | 0x4E07
                | 0x5104
                | 0x5146
                | 0x96F6
                | 0x58F9
                | 0x8CB3
                | 0x53C3
                | 0x8086
                | 0x4F0D
                | 0x9678
                | 0x67D2
                | 0x634C
                | 0x7396
                | 0x62FE
                | 0x4F70
                | 0x4EDF
                | 0x5EFF
                | 0x5345
        )
}

/// Letters (categories L*): Rust's Alphabetic without the letter numbers (`Ⅷ`).
fn is_alpha(c: u32) -> bool {
    char::from_u32(c).is_some_and(|ch| ch.is_alphabetic() && !ch.is_numeric())
}

fn all_nonempty(u: Units<'_>, f: impl Fn(u32) -> bool) -> bool {
    !u.is_empty() && (0..u.len()).all(|i| f(u.get(i)))
}

/// `isupper`/`islower`: every cased character has the case, and one exists.
fn all_cased(u: Units<'_>, upper: bool) -> bool {
    let mut seen = false;
    for i in 0..u.len() {
        let c = super::to_char(u.get(i));
        let other_case = if upper {
            c.is_lowercase()
        } else {
            c.is_uppercase()
        };
        if other_case || is_titlecase(c) {
            return false;
        }
        seen |= if upper {
            c.is_uppercase()
        } else {
            c.is_lowercase()
        };
    }
    seen
}

fn is_title(u: Units<'_>) -> bool {
    let mut cased = false;
    let mut previous_cased = false;
    for i in 0..u.len() {
        let c = super::to_char(u.get(i));
        if c.is_uppercase() || is_titlecase(c) {
            if previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else if c.is_lowercase() {
            if !previous_cased {
                return false;
            }
            previous_cased = true;
            cased = true;
        } else {
            previous_cased = false;
        }
    }
    cased
}

fn is_identifier(u: Units<'_>) -> bool {
    let ok = |i: usize| {
        let c = super::to_char(u.get(i));
        c == '_' || c.is_alphabetic() || (i > 0 && (c.is_alphanumeric() || is_decimal(c as u32)))
    };
    !u.is_empty() && (0..u.len()).all(ok)
}

/// `s.isdigit()` and the other predicates.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_is(s: *mut MemInfo, pred: i64) -> bool {
    let u = units(s);
    match pred {
        x if x == StrPred::Digit as i64 => all_nonempty(u, is_digit),
        x if x == StrPred::Alpha as i64 => all_nonempty(u, is_alpha),
        x if x == StrPred::Space as i64 => all_nonempty(u, is_space),
        x if x == StrPred::Alnum as i64 => all_nonempty(u, |c| is_alpha(c) || is_numeric(c)),
        x if x == StrPred::Upper as i64 => all_cased(u, true),
        x if x == StrPred::Lower as i64 => all_cased(u, false),
        x if x == StrPred::Decimal as i64 => all_nonempty(u, is_decimal),
        x if x == StrPred::Numeric as i64 => all_nonempty(u, is_numeric),
        x if x == StrPred::Title as i64 => is_title(u),
        x if x == StrPred::Identifier as i64 => is_identifier(u),
        x if x == StrPred::Ascii as i64 => (0..u.len()).all(|i| u.get(i) < 128),
        _ => (0..u.len()).all(|i| is_printable(u.get(i))),
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_str_case, oxjit_rt_str_is]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{s, text};
    use super::*;

    #[test]
    fn cases_as_python() {
        let case = |t: &str, op: CaseOp| text(oxjit_rt_str_case(s(t), op as i64));
        assert_eq!(case("hello wORLD 3rd", CaseOp::Title), "Hello World 3Rd");
        assert_eq!(case("straße ΣΑΣ", CaseOp::Upper), "STRASSE ΣΑΣ");
        assert_eq!(case("ΣΑΣ ok", CaseOp::Lower), "σας ok");
        assert_eq!(case("éCOLE", CaseOp::Capitalize), "École");
        assert_eq!(case("Straße", CaseOp::Casefold), "strasse");
        assert_eq!(case("aBc", CaseOp::Swapcase), "AbC");
        assert!(oxjit_rt_str_is(s("Hello World"), StrPred::Title as i64));
        assert!(oxjit_rt_str_is(s("٣٤"), StrPred::Decimal as i64));
        assert!(oxjit_rt_str_is(s("²"), StrPred::Digit as i64));
        assert!(!oxjit_rt_str_is(s("²"), StrPred::Decimal as i64));
        assert!(oxjit_rt_str_is(s("五"), StrPred::Numeric as i64));
    }
}
