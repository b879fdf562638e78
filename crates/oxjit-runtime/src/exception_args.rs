//! `e.args` of a caught exception, item by item, for compiled code that typed them
//! (`typeinfer/rules/caught_args.rs`): read from the record's value argument, or parsed back from
//! the `repr()` of constant arguments (`ArgKind::ConstArgs`: the tuple's repr; `Literal`: one
//! value's) that codegen wrote.

use oxjit_abi::ArgKind;

use crate::exception_text::{read, CaughtRecord};
use crate::strs::from_str;

/// One argument of an exception, as compiled code can hold it.
#[derive(Clone, Debug, PartialEq)]
enum Arg {
    Str(String),
    Int(i64),
    Float(f64),
    Bool(bool),
}

/// The arguments of the caught exception `r`, where they are known.
///
/// # Safety
/// As `exception_text::read`.
unsafe fn args(r: *const CaughtRecord) -> Option<Vec<Arg>> {
    // SAFETY: the caller's guarantee.
    let (_, text, _) = unsafe { read(r) };
    // SAFETY: as above.
    let r = unsafe { &*r };
    Some(match ArgKind::from_code(r.arg_kind) {
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
        ArgKind::Several => return None,
    })
}

/// `len(e.args)`; -1 where the arguments are not known.
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_args_len(r: *const CaughtRecord) -> i64 {
    // SAFETY: generated code passes its caught exception's record.
    unsafe { args(r) }.map_or(-1, |a| a.len() as i64)
}

/// `e.args[index]` into `out` where it is of the kind `want` (0 str: a new string's pointer,
/// 1 int, 2 float's bits, 3 bool); false (nothing written) where it is not.
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
    sym![oxjit_rt_exception_args_len, oxjit_rt_exception_arg_at]
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
        assert_eq!(parse_tuple("(None, 1)"), None);
    }
}
