//! The `str` methods that search, cut and pad: `strip`, `find`/`rfind`/`count` (and `index`,
//! which generated code derives from `find`), `startswith`/`endswith`, `replace`, `center`/
//! `ljust`/`rjust`/`zfill`, `expandtabs`, `partition`/`rpartition`, as CPython's
//! `Objects/unicodeobject.c` and `stringlib/` define them.

use oxjit_abi::{FindOp, MemInfo, PadOp, StripSide, STR_NONE};

use super::chars::is_space;
use super::ops::{find_units, rfind_units};
use super::{fail, from_u32s, from_units, units, Units};

/// `s.strip(chars)`, `lstrip`, `rstrip` (`chars` null: white space).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_strip(
    s: *mut MemInfo,
    chars: *mut MemInfo,
    side: i64,
) -> *mut MemInfo {
    let u = units(s);
    let set = (!chars.is_null()).then(|| units(chars));
    if let (Units::L1(b), Some(Units::L1(cs))) = (u, set) {
        // Latin-1 text and characters (`w.strip(".,;:!?")`): the bytes compared directly.
        let (mut start, mut end) = (0, b.len());
        if side != StripSide::Right as i64 {
            while start < end && cs.contains(&b[start]) {
                start += 1;
            }
        }
        if side != StripSide::Left as i64 {
            while end > start && cs.contains(&b[end - 1]) {
                end -= 1;
            }
        }
        return stripped(s, u, start, end);
    }
    let strip = |c: u32| match &set {
        Some(set) => (0..set.len()).any(|k| set.get(k) == c),
        None => is_space(c),
    };
    let n = u.len();
    let mut start = 0;
    let mut end = n;
    if side != StripSide::Right as i64 {
        while start < n && strip(u.get(start)) {
            start += 1;
        }
    }
    if side != StripSide::Left as i64 {
        while end > start && strip(u.get(end - 1)) {
            end -= 1;
        }
    }
    stripped(s, u, start, end)
}

/// `s[start:end]` of a strip: `s` itself (a new reference) where nothing was stripped, as
/// CPython returns it (strings do not change).
fn stripped(s: *mut MemInfo, u: Units<'_>, start: usize, end: usize) -> *mut MemInfo {
    if start == 0 && end == u.len() {
        crate::nrt::oxjit_rt_nrt_incref(s);
        return s;
    }
    from_units(u, start, end)
}

/// CPython's `ADJUST_INDICES`: start and end as slice bounds of a string of length `n`
/// ([`STR_NONE`]: left out).
pub fn adjust(start: i64, end: i64, n: usize) -> (i64, i64) {
    let n = n as i64;
    let fix = |x: i64, default: i64| {
        if x == STR_NONE {
            default
        } else if x < 0 {
            (x + n).max(0)
        } else {
            x
        }
    };
    (fix(start, 0), fix(end, n).min(n))
}

/// `s.find(sub, start, end)`, `rfind` or `count`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_find(
    s: *mut MemInfo,
    sub: *mut MemInfo,
    start: i64,
    end: i64,
    op: i64,
) -> i64 {
    let (hay, needle) = (units(s), units(sub));
    let (a, b) = adjust(start, end, hay.len());
    if op == FindOp::Count as i64 {
        if a > b || a > hay.len() as i64 {
            return 0;
        }
        return count(hay, needle, a as usize, b as usize, usize::MAX) as i64;
    }
    if a > hay.len() as i64 || a > b {
        return -1;
    }
    let found = if op == FindOp::Rfind as i64 {
        rfind_units(hay, needle, a as usize, b as usize)
    } else {
        find_units(hay, needle, a as usize, b as usize)
    };
    found.map_or(-1, |i| i as i64)
}

/// Non-overlapping occurrences of `needle` in `hay[a..b]`, at most `limit`.
fn count(hay: Units<'_>, needle: Units<'_>, a: usize, b: usize, limit: usize) -> usize {
    if needle.is_empty() {
        return (b - a + 1).min(limit);
    }
    let mut n = 0;
    let mut i = a;
    while n < limit {
        match find_units(hay, needle, i, b) {
            Some(k) => {
                n += 1;
                i = k + needle.len();
            }
            None => break,
        }
    }
    n
}

/// `s.startswith(prefix, start, end)` (`at_end`: `endswith`).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_startswith(
    s: *mut MemInfo,
    affix: *mut MemInfo,
    start: i64,
    end: i64,
    at_end: bool,
) -> bool {
    let (u, x) = (units(s), units(affix));
    let (a, b) = adjust(start, end, u.len());
    let m = x.len() as i64;
    if b - a < m || a > u.len() as i64 {
        return false;
    }
    let from = if at_end { b - m } else { a } as usize;
    (0..x.len()).all(|k| u.get(from + k) == x.get(k))
}

/// `s.replace(old, new, count)` (`count < 0`: all).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_replace(
    s: *mut MemInfo,
    old: *mut MemInfo,
    new: *mut MemInfo,
    count: i64,
) -> *mut MemInfo {
    let (u, o, w) = (units(s), units(old), units(new));
    let limit = if count < 0 {
        usize::MAX
    } else {
        count as usize
    };
    let w = w.to_vec();
    let mut out: Vec<u32> = Vec::with_capacity(u.len());
    let mut done = 0;
    if o.is_empty() {
        for i in 0..u.len() {
            if done < limit {
                out.extend(&w);
                done += 1;
            }
            out.push(u.get(i));
        }
        if done < limit {
            out.extend(&w);
        }
        return from_u32s(&out);
    }
    let mut i = 0;
    while done < limit {
        let Some(k) = find_units(u, o, i, u.len()) else {
            break;
        };
        out.extend((i..k).map(|j| u.get(j)));
        out.extend(&w);
        i = k + o.len();
        done += 1;
    }
    out.extend((i..u.len()).map(|j| u.get(j)));
    from_u32s(&out)
}

/// `s.center(width, fill)`, `ljust`, `rjust`, `zfill(width)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_pad(
    s: *mut MemInfo,
    width: i64,
    fill: *mut MemInfo,
    op: i64,
) -> *mut MemInfo {
    let u = units(s);
    let fill_char = if fill.is_null() {
        ' ' as u32
    } else {
        let f = units(fill);
        if f.len() != 1 {
            return fail(
                "TypeError",
                "The fill character must be exactly one character long".into(),
            );
        }
        f.get(0)
    };
    let n = u.len() as i64;
    let cps = u.to_vec();
    if width <= n {
        return from_units(u, 0, u.len());
    }
    let pad = (width - n) as usize;
    let (left, right) = match op {
        x if x == PadOp::Ljust as i64 => (0, pad),
        x if x == PadOp::Rjust as i64 || x == PadOp::Zfill as i64 => (pad, 0),
        // CPython's `pad(..., left = marg / 2 + (marg & width & 1))`.
        _ => {
            let left = pad / 2 + (pad & width as usize & 1);
            (left, pad - left)
        }
    };
    let fill_char = if op == PadOp::Zfill as i64 {
        '0' as u32
    } else {
        fill_char
    };
    let mut out = vec![fill_char; left];
    out.extend(&cps);
    out.extend(std::iter::repeat_n(fill_char, right));
    if op == PadOp::Zfill as i64
        && !cps.is_empty()
        && (cps[0] == '+' as u32 || cps[0] == '-' as u32)
    {
        // The sign moves in front of the zeros.
        out[0] = cps[0];
        out[left] = '0' as u32;
    }
    from_u32s(&out)
}

/// `s.expandtabs(tabsize)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_expandtabs(s: *mut MemInfo, tabsize: i64) -> *mut MemInfo {
    let u = units(s);
    let mut out = Vec::with_capacity(u.len());
    let mut column: i64 = 0;
    for i in 0..u.len() {
        let c = u.get(i);
        if c == '\t' as u32 {
            if tabsize > 0 {
                let spaces = tabsize - column % tabsize;
                out.extend(std::iter::repeat_n(' ' as u32, spaces as usize));
                column += spaces;
            }
        } else {
            out.push(c);
            column = if c == '\n' as u32 || c == '\r' as u32 {
                0
            } else {
                column + 1
            };
        }
    }
    from_u32s(&out)
}

/// `s.partition(sep)` (`from_right`: `rpartition`): the three parts to `out`, new references.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_partition(
    s: *mut MemInfo,
    sep: *mut MemInfo,
    from_right: bool,
    out: &mut [*mut MemInfo; 3],
) -> i32 {
    let (u, p) = (units(s), units(sep));
    if p.is_empty() {
        super::set_error("ValueError", "empty separator".into());
        return 1;
    }
    let n = u.len();
    let found = if from_right {
        rfind_units(u, p, 0, n)
    } else {
        find_units(u, p, 0, n)
    };
    *out = match found {
        Some(k) => [
            from_units(u, 0, k),
            from_units(p, 0, p.len()),
            from_units(u, k + p.len(), n),
        ],
        None if from_right => [
            from_units(u, 0, 0),
            from_units(u, 0, 0),
            from_units(u, 0, n),
        ],
        None => [
            from_units(u, 0, n),
            from_units(u, 0, 0),
            from_units(u, 0, 0),
        ],
    };
    if out.iter().any(|x| x.is_null()) {
        return 1;
    }
    0
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_str_strip,
        oxjit_rt_str_find,
        oxjit_rt_str_startswith,
        oxjit_rt_str_replace,
        oxjit_rt_str_pad,
        oxjit_rt_str_expandtabs,
        oxjit_rt_str_partition,
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::{s, text};
    use super::*;

    #[test]
    fn search_and_pad_as_python() {
        let x = s("abcabc");
        let f =
            |sub: &str, a: i64, b: i64, op: FindOp| oxjit_rt_str_find(x, s(sub), a, b, op as i64);
        assert_eq!(f("c", STR_NONE, STR_NONE, FindOp::Find), 2);
        assert_eq!(f("c", STR_NONE, STR_NONE, FindOp::Rfind), 5);
        assert_eq!(f("", 7, STR_NONE, FindOp::Find), -1);
        assert_eq!(f("", STR_NONE, STR_NONE, FindOp::Count), 7);
        assert_eq!(f("bc", -3, STR_NONE, FindOp::Count), 1);
        assert_eq!(text(oxjit_rt_str_replace(x, s(""), s("-"), 2)), "-a-bcabc");
        assert_eq!(
            text(oxjit_rt_str_replace(x, s("b"), s("βb"), -1)),
            "aβbcaβbc"
        );
        assert_eq!(
            text(oxjit_rt_str_pad(s("-42"), 6, std::ptr::null_mut(), 3)),
            "-00042"
        );
        assert_eq!(text(oxjit_rt_str_pad(s("ab"), 5, s("*"), 0)), "**ab*");
        assert_eq!(text(oxjit_rt_str_pad(s("abc"), 6, s("*"), 0)), "*abc**");
        assert_eq!(text(oxjit_rt_str_expandtabs(s("a\tbc\td"), 4)), "a   bc  d");
        assert_eq!(text(oxjit_rt_str_strip(s("xxhixyx"), s("xy"), 0)), "hi");
        assert!(oxjit_rt_str_startswith(x, s("ca"), 2, STR_NONE, false));
        assert!(oxjit_rt_str_startswith(x, s("ab"), STR_NONE, -1, true));
    }
}
