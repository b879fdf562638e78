//! `e.args` of a caught exception, item by item, for compiled code that typed them
//! (`typeinfer/rules/caught_args.rs`): read from the record's value argument, or parsed back from
//! the `repr()` of constant arguments (`ArgKind::ConstArgs`: the tuple's repr; `Literal`: one
//! value's) that codegen wrote, or, for arguments known at run time (`ArgKind::Owned`), from the
//! block [`oxjit_rt_exception_set_args`] made when the exception was raised.

use oxjit_abi::{exc_field, ArgKind, ExcInfo, MemInfo};

use crate::exception_classes::exception_matches;
use crate::exception_text::{read, CaughtRecord};
use crate::numbers::float_repr;
use crate::strs::{from_str, repr_text, units, Units};

/// One argument of an exception, as compiled code can hold it.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
}

/// The arguments of the caught exception `r`, where they are known.
///
/// # Safety
/// As `exception_text::read`.
unsafe fn args(r: *const CaughtRecord) -> Option<Vec<Arg>> {
    // SAFETY: the caller's guarantee.
    let (_, text, _) = unsafe { read(r) };
    // SAFETY: as above (a chained record's block is alive with it).
    let (r, _) = unsafe { (*r).to_info().unchained() };
    Some(match r.kind() {
        ArgKind::None if text.is_empty() => vec![],
        ArgKind::None | ArgKind::Template => vec![Arg::Str(text)],
        ArgKind::Int => vec![Arg::Int(r.arg_int)],
        ArgKind::Float => vec![Arg::Float(r.arg_float)],
        ArgKind::Bool => vec![Arg::Bool(r.arg_int != 0)],
        ArgKind::ConstArgs => parse_tuple(&text)?,
        ArgKind::Literal => {
            let mut p = Parser(text.chars().collect(), 0);
            let item = p.item()?;
            p.done().then_some(vec![item])?
        }
        // SAFETY: as above (the block the record owns is alive while the record is).
        ArgKind::Owned => parse_tuple(&unsafe { owned_args_text(r.msg, r.msg_len, r.ints[0]) })?,
        ArgKind::Several | ArgKind::Chained => return None,
    })
}

/// The `repr()` of the arguments' tuple an `ArgKind::Owned` record keeps after its message.
///
/// # Safety
/// `msg` points to a live block of `msg_len + args_len` bytes of UTF-8 (what
/// [`oxjit_rt_exception_set_args`] wrote).
unsafe fn owned_args_text(msg: *const u8, msg_len: i64, args_len: i64) -> String {
    if msg.is_null() || args_len <= 0 {
        return String::new();
    }
    // SAFETY: the caller's guarantee.
    let bytes = unsafe { std::slice::from_raw_parts(msg.add(msg_len as usize), args_len as usize) };
    String::from_utf8_lossy(bytes).into_owned()
}

/// The arguments of an exception raised with run-time arguments (`ArgKind::Owned`), for the
/// host that turns the record into a Python exception; `None` for the other kinds.
///
/// # Safety
/// `e` is a record generated code filled (its block not given back yet).
pub unsafe fn owned_args(e: &ExcInfo) -> Option<Vec<Arg>> {
    // SAFETY: the caller's guarantee.
    let (e, _) = unsafe { e.unchained() };
    if e.kind() != ArgKind::Owned {
        return None;
    }
    // SAFETY: the caller's guarantee.
    parse_tuple(&unsafe { owned_args_text(e.msg, e.msg_len, e.ints[0]) })
}

/// `raise E(a, ...)` with arguments known at run time: `n` arguments, each a kind (0 a string,
/// its block's pointer; 1 an int; 2 a float's bits; 3 a bool; 4 `None`) and a value. Codegen has filled
/// the record's class; this makes the block that holds the exception's `str()` and the `repr()`
/// of its arguments' tuple (`ArgKind::Owned`), copying the strings (generated code gives its
/// own references back as on any raise). 0, or 1 where the memory cannot be had.
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_set_args(
    r: *mut CaughtRecord,
    kinds: *const i64,
    values: *const i64,
    n: i64,
) -> i32 {
    // SAFETY: generated code passes its record and two arrays of `n` items.
    let (kinds, values, r) = unsafe {
        (
            std::slice::from_raw_parts(kinds, n as usize),
            std::slice::from_raw_parts(values, n as usize),
            &mut *r,
        )
    };
    let args: Vec<Arg> = kinds
        .iter()
        .zip(values)
        .map(|(&k, &v)| match k {
            0 => Arg::Str(units(v as *const MemInfo).to_string_lossy()),
            1 => Arg::Int(v),
            2 => Arg::Float(f64::from_bits(v as u64)),
            4 => Arg::None,
            _ => Arg::Bool(v != 0),
        })
        .collect();
    // SAFETY: codegen stored the class name, a constant of the module.
    let class = unsafe {
        String::from_utf8_lossy(std::slice::from_raw_parts(
            r.class_name,
            r.class_len as usize,
        ))
    };
    let text = exception_str(&args, exception_matches(&class, "KeyError"));
    let reprs: Vec<String> = args.iter().map(arg_repr).collect();
    let tuple = match reprs.as_slice() {
        [one] => format!("({one},)"),
        many => format!("({})", many.join(", ")),
    };
    let mi = crate::nrt::oxjit_rt_nrt_allocate((text.len() + tuple.len()) as i64);
    if mi.is_null() {
        return 1;
    }
    // SAFETY: a fresh block of exactly these bytes.
    unsafe {
        let data = (*mi).data;
        std::ptr::copy_nonoverlapping(text.as_ptr(), data, text.len());
        std::ptr::copy_nonoverlapping(tuple.as_ptr(), data.add(text.len()), tuple.len());
        r.msg = data;
    }
    r.msg_len = text.len() as i64;
    r.ints = [0; exc_field::INTS_LEN];
    r.ints[0] = tuple.len() as i64;
    r.arg_kind = ArgKind::Owned as i64;
    r.arg_int = mi as i64;
    0
}

/// CPython's `str()` of an exception with these arguments: `str()` of one argument (`repr()`
/// for a `KeyError`), `''` of none, `str()` of their tuple for several.
fn exception_str(args: &[Arg], key_error: bool) -> String {
    match args {
        [] => String::new(),
        [Arg::Str(s)] if !key_error => s.clone(),
        [one] => arg_repr(one),
        many => {
            let reprs: Vec<String> = many.iter().map(arg_repr).collect();
            format!("({})", reprs.join(", "))
        }
    }
}

/// CPython's `repr()` of an argument.
fn arg_repr(a: &Arg) -> String {
    match a {
        Arg::Str(s) => {
            let cps: Vec<u32> = s.chars().map(u32::from).collect();
            repr_text(Units::L4(&cps))
        }
        Arg::Int(i) => i.to_string(),
        Arg::Float(x) => float_repr(*x),
        Arg::Bool(b) => (if *b { "True" } else { "False" }).to_string(),
        Arg::None => "None".to_string(),
    }
}

/// `len(e.args)`; -1 where the arguments are not known.
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_args_len(r: *const CaughtRecord) -> i64 {
    // SAFETY: generated code passes its caught exception's record.
    unsafe { args(r) }.map_or(-1, |a| a.len() as i64)
}

/// `e.args[index]` into `out` where it is of the kind `want` (0 str: a new string's pointer,
/// 1 int, 2 float's bits, 3 bool, 4 `None`: 0); false (nothing written) where it is not.
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_arg_at(
    r: *const CaughtRecord,
    index: i64,
    want: i64,
    out: *mut i64,
) -> bool {
    // SAFETY: generated code passes its caught exception's record.
    let Some(args) = (unsafe { args(r) }) else {
        return false;
    };
    let Some(arg) = usize::try_from(index).ok().and_then(|i| args.get(i)) else {
        return false;
    };
    let value = match (want, arg) {
        (0, Arg::Str(s)) => from_str(s) as i64,
        (1, Arg::Int(i)) => *i,
        (2, Arg::Float(x)) => x.to_bits() as i64,
        (3, Arg::Bool(b)) => *b as i64,
        (4, Arg::None) => 0,
        _ => return false,
    };
    // SAFETY: generated code passes a slot of 8 bytes.
    unsafe { out.write(value) };
    true
}

/// The items of a tuple's repr: `(a, b, ...)`.
fn parse_tuple(text: &str) -> Option<Vec<Arg>> {
    let mut p = Parser(text.chars().collect(), 0);
    p.eat('(')?;
    let mut items = Vec::new();
    while p.peek()? != ')' {
        items.push(p.item()?);
        if p.peek()? == ',' {
            p.1 += 1;
            p.skip_spaces();
        }
    }
    p.eat(')')?;
    p.done().then_some(items)
}

/// A cursor over the text of a repr.
struct Parser(Vec<char>, usize);

impl Parser {
    fn peek(&self) -> Option<char> {
        self.0.get(self.1).copied()
    }

    fn eat(&mut self, c: char) -> Option<()> {
        (self.peek()? == c).then(|| self.1 += 1)
    }

    fn skip_spaces(&mut self) {
        while self.peek() == Some(' ') {
            self.1 += 1;
        }
    }

    fn done(&self) -> bool {
        self.1 == self.0.len()
    }

    /// A string, number or bool repr.
    fn item(&mut self) -> Option<Arg> {
        match self.peek()? {
            q @ ('\'' | '"') => self.string(q),
            _ => {
                let start = self.1;
                while self.peek().is_some_and(|c| c != ',' && c != ')') {
                    self.1 += 1;
                }
                let word: String = self.0[start..self.1].iter().collect();
                match word.as_str() {
                    "True" => Some(Arg::Bool(true)),
                    "False" => Some(Arg::Bool(false)),
                    "None" => Some(Arg::None),
                    w => match w.parse::<i64>() {
                        Ok(i) => Some(Arg::Int(i)),
                        Err(_) => w.parse::<f64>().ok().map(Arg::Float),
                    },
                }
            }
        }
    }

    /// A string's repr, as CPython quotes and escapes it.
    fn string(&mut self, quote: char) -> Option<Arg> {
        self.1 += 1;
        let mut s = String::new();
        loop {
            let c = self.peek()?;
            self.1 += 1;
            if c == quote {
                return Some(Arg::Str(s));
            }
            if c != '\\' {
                s.push(c);
                continue;
            }
            let e = self.peek()?;
            self.1 += 1;
            let hex = |p: &mut Parser, n: usize| {
                let digits: String = p.0.get(p.1..p.1 + n)?.iter().collect();
                p.1 += n;
                char::from_u32(u32::from_str_radix(&digits, 16).ok()?)
            };
            s.push(match e {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'x' => hex(self, 2)?,
                'u' => hex(self, 4)?,
                'U' => hex(self, 8)?,
                other => other,
            });
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_exception_args_len,
        oxjit_rt_exception_arg_at,
        oxjit_rt_exception_set_args
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tuple_reprs_parse_back() {
        let got = parse_tuple(r#"('a', 1, -2.5, True, "it's", '\n\x00\u20ac', inf)"#);
        assert_eq!(
            got,
            Some(vec![
                Arg::Str("a".into()),
                Arg::Int(1),
                Arg::Float(-2.5),
                Arg::Bool(true),
                Arg::Str("it's".into()),
                Arg::Str("\n\0\u{20ac}".into()),
                Arg::Float(f64::INFINITY),
            ])
        );
        assert_eq!(parse_tuple("('a, b', 1e+100)").map(|a| a.len()), Some(2));
        assert_eq!(parse_tuple("(None, 1)"), Some(vec![Arg::None, Arg::Int(1)]));
        assert_eq!(parse_tuple("([1], 2)"), None);
    }

    #[test]
    fn runtime_arguments_show_and_read_back_as_cpython() {
        let args = vec![
            Arg::Str("it's \"x\"".into()),
            Arg::Int(-3),
            Arg::Float(0.1),
            Arg::Bool(false),
        ];
        let text = exception_str(&args, false);
        assert_eq!(text, r#"('it\'s "x"', -3, 0.1, False)"#);
        assert_eq!(parse_tuple(&text), Some(args));
        // One argument: its str(), its repr() for a KeyError; the tuple keeps a trailing comma.
        let one = [Arg::Str("k".into())];
        assert_eq!(exception_str(&one, false), "k");
        assert_eq!(exception_str(&one, true), "'k'");
        assert_eq!(parse_tuple("('k',)"), Some(one.to_vec()));
        assert_eq!(exception_str(&[], false), "");
    }
}
