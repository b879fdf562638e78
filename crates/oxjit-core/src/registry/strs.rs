//! Strings' callables, type-major (as Numba's `unicode.py`): the builtins `str repr ord chr
//! format`, and the methods of `str`. Their arguments are positional, as CPython's; the typing
//! rules check their number and types, naming the types seen.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::{Builtin, CallArgs};
pub use crate::callee::StrFn;
use crate::types::{is_str, ModuleKind, Type};

/// The string builtins and the methods of `str`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    StrFn::ALL
        .iter()
        .map(|f| {
            let id = Builtin::Str(*f);
            if f.is_builtin() {
                Entry::function(id, ModuleKind::Builtins, f.name())
            } else {
                Entry::method(id, Receiver::Str, f.name())
            }
        })
        .collect()
}

/// Whether `print`, `str` and `format` take values of `t`: numbers of Python's types, strings.
pub fn is_textual(t: &Type) -> bool {
    matches!(t, Type::Bool | Type::Float(64))
        || matches!(t, Type::Int(i) if i.bits == 64)
        || is_str(t)
}

fn count(name: &str, given: usize, min: usize, max: usize) -> Result<(), CallError> {
    if given < min || given > max {
        let what = if min == max {
            format!("exactly {min} argument{}", if min == 1 { "" } else { "s" })
        } else if given < min {
            format!("at least {min} argument{}", if min == 1 { "" } else { "s" })
        } else {
            format!("at most {max} argument{}", if max == 1 { "" } else { "s" })
        };
        return Err(CallError::typing(format!(
            "{name}() takes {what} ({given} given)"
        )));
    }
    Ok(())
}

fn want_str(name: &str, k: usize, t: &Type) -> Result<(), CallError> {
    if is_str(t) {
        Ok(())
    } else {
        Err(CallError::typing(format!(
            "{name}() argument {} must be str, not {t}",
            k + 1
        )))
    }
}

/// A start or end index: an integer or `None`.
fn want_index(name: &str, t: &Type) -> Result<(), CallError> {
    if t.is_integer_like() || *t == Type::NoneType {
        Ok(())
    } else {
        Err(CallError::typing(format!(
            "slice indices must be integers or None ({name}() got {t})"
        )))
    }
}

fn want_int(name: &str, t: &Type) -> Result<(), CallError> {
    if t.is_integer_like() {
        Ok(())
    } else {
        Err(CallError::typing(format!(
            "{name}() expects an integer, not {t}"
        )))
    }
}

/// Whether `str()`/`repr()` write a value of `t` as CPython does: lists, sets, dicts, tuples
/// and `None` of numbers, strings and those, nested.
pub fn is_container_text(t: &Type) -> bool {
    fn leaf(t: &Type) -> bool {
        match t {
            Type::List(k) | Type::Set(k) => leaf(k),
            Type::Dict(k, v) => leaf(k) && leaf(v),
            Type::Tuple(items) => items.iter().all(leaf),
            // An empty `[]`, `{}` or `set()` typed later by its uses.
            Type::NoneType | Type::Undetermined(_) => true,
            // `None` or the value's text.
            Type::Optional(inner) => leaf(inner),
            t => is_textual(t),
        }
    }
    matches!(
        t,
        Type::List(_) | Type::Set(_) | Type::Dict(..) | Type::Tuple(_) | Type::NoneType
    ) && leaf(t)
}

/// A value `str()`, `repr()` and `format()` convert: [`is_textual`] ones and integers of every
/// width (`str(np.int8(-5))` is `'-5'`, its `repr()` NumPy 2's `'np.int8(-5)'`).
fn want_str_text(name: &str, t: &Type) -> Result<(), CallError> {
    if matches!(t, Type::Int(_)) {
        Ok(())
    } else {
        want_textual(name, t)
    }
}

/// A value `str()`, `repr()` and `format()` convert: numbers of Python's types and strings.
fn want_textual(name: &str, t: &Type) -> Result<(), CallError> {
    if is_textual(t) {
        Ok(())
    } else {
        Err(CallError::unsupported(format!(
            "{name}() of a value of type {t} is not supported yet (int64, uint64, bool, float64 and str are)"
        )))
    }
}

/// `int(s[, base])` (`base` by keyword too), `float(s)`, `bool(s)`, `len(s)` of a string `s`.
pub fn builtin_of_str(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    let name = f.name();
    let max = if f == Builtin::Int { 2 } else { 1 };
    count(name, args.len(), 1, max)?;
    if let Some(base) = args.get(1) {
        want_int(name, base)?;
    }
    Ok(match f {
        Builtin::Float => Type::F64,
        Builtin::Bool => Type::Bool,
        _ => Type::I64,
    })
}

pub fn type_call(f: StrFn, call: &CallArgs) -> Result<Type, CallError> {
    if f.is_builtin() {
        type_builtin(f, call.types)
    } else {
        type_method(f, call.types)
    }
}

/// The methods that make or read lists: `split`, `rsplit`, `splitlines`, `join`.
fn type_list_method(f: StrFn, name: &str, rest: &[Type]) -> Result<Type, CallError> {
    let n = rest.len();
    use StrFn::*;
    match f {
        Join => {
            count(name, n, 1, 1)?;
            match &rest[0] {
                Type::Tuple(items) if items.iter().all(is_str) => Ok(Type::Str),
                // An item type not known yet (`[]`, a comprehension) is decided by later uses.
                Type::List(item) if is_str(item) || matches!(**item, Type::Undetermined(_)) => {
                    Ok(Type::Str)
                }
                t => Err(CallError::typing(format!(
                    "str.join() takes a list or a tuple of strings, not {t}"
                ))),
            }
        }
        Split | Rsplit => {
            count(name, n, 0, 2)?;
            if n >= 1 && rest[0] != Type::NoneType {
                want_str(name, 0, &rest[0])?;
            }
            if n == 2 {
                want_int(name, &rest[1])?;
            }
            Ok(Type::List(std::sync::Arc::new(Type::Str)))
        }
        Splitlines => {
            count(name, n, 0, 1)?;
            if n == 1 {
                want_int(name, &rest[0])?;
            }
            Ok(Type::List(std::sync::Arc::new(Type::Str)))
        }
        _ => unreachable!("{f:?} is no list method"),
    }
}

/// `str repr ord chr format`.
fn type_builtin(f: StrFn, rest: &[Type]) -> Result<Type, CallError> {
    let name = f.name();
    let n = rest.len();
    use StrFn::*;
    match f {
        Str | Repr => {
            count(name, n, usize::from(f == Repr), 1)?;
            if let Some(t) = rest.first() {
                // `str(e)` of a caught exception (`except ValueError as e`).
                let caught = f == Str && *t == Type::CaughtException;
                if !caught && !is_container_text(t) {
                    want_str_text(name, t)?;
                }
            }
            Ok(Type::Str)
        }
        Ord => {
            count(name, n, 1, 1)?;
            want_str(name, 0, &rest[0])?;
            Ok(Type::I64)
        }
        Chr => {
            count(name, n, 1, 1)?;
            want_int(name, &rest[0])?;
            Ok(Type::Str)
        }
        // `hex(x)`, `oct(x)`, `bin(x)` of an integer: `format(x, '#x')`, `'#o'`, `'#b'`.
        Hex | Oct | Bin => {
            count(name, n, 1, 1)?;
            if rest[0].is_integer_like() {
                Ok(Type::Str)
            } else {
                Err(CallError::typing(format!(
                    "'{}' object cannot be interpreted as an integer ({name}())",
                    rest[0]
                )))
            }
        }
        Format => {
            count(name, n, 1, 2)?;
            want_str_text(name, &rest[0])?;
            if n == 2 {
                want_str(name, 1, &rest[1])?;
            }
            Ok(Type::Str)
        }
        _ => unreachable!("{f:?} is a method"),
    }
}

/// The methods of `str`: `args[0]` is the receiver.
fn type_method(f: StrFn, args: &[Type]) -> Result<Type, CallError> {
    let name = format!("str.{}", f.name());
    let name = name.as_str();
    let rest = &args[1..];
    let n = rest.len();
    use StrFn::*;
    match f {
        Strip | Lstrip | Rstrip => {
            count(name, n, 0, 1)?;
            if n == 1 && rest[0] != Type::NoneType {
                want_str(name, 0, &rest[0])?;
            }
            Ok(Type::Str)
        }
        Find | Rfind | Index | Rindex | Count => {
            count(name, n, 1, 3)?;
            want_str(name, 0, &rest[0])?;
            rest[1..].iter().try_for_each(|t| want_index(name, t))?;
            Ok(Type::I64)
        }
        Startswith | Endswith => {
            count(name, n, 1, 3)?;
            let affix_ok = match &rest[0] {
                Type::Tuple(items) => items.iter().all(is_str),
                t => is_str(t),
            };
            if !affix_ok {
                return Err(CallError::typing(format!(
                    "{} first arg must be str or a tuple of str, not {}",
                    f.name(),
                    rest[0]
                )));
            }
            rest[1..].iter().try_for_each(|t| want_index(name, t))?;
            Ok(Type::Bool)
        }
        Replace => {
            count(name, n, 2, 3)?;
            want_str(name, 0, &rest[0])?;
            want_str(name, 1, &rest[1])?;
            if n == 3 {
                want_int(name, &rest[2])?;
            }
            Ok(Type::Str)
        }
        Upper | Lower | Title | Capitalize | Swapcase | Casefold => {
            count(name, n, 0, 0)?;
            Ok(Type::Str)
        }
        Isdigit | Isalpha | Isspace | Isalnum | Isupper | Islower | Isdecimal | Isnumeric
        | Istitle | Isidentifier | Isascii | Isprintable => {
            count(name, n, 0, 0)?;
            Ok(Type::Bool)
        }
        Zfill => {
            count(name, n, 1, 1)?;
            want_int(name, &rest[0])?;
            Ok(Type::Str)
        }
        Center | Ljust | Rjust => {
            count(name, n, 1, 2)?;
            want_int(name, &rest[0])?;
            if n == 2 {
                want_str(name, 1, &rest[1])?;
            }
            Ok(Type::Str)
        }
        Expandtabs => {
            count(name, n, 0, 1)?;
            if n == 1 {
                want_int(name, &rest[0])?;
            }
            Ok(Type::Str)
        }
        Partition | Rpartition => {
            count(name, n, 1, 1)?;
            want_str(name, 0, &rest[0])?;
            Ok(Type::tuple(vec![Type::Str, Type::Str, Type::Str]))
        }
        FormatMethod => {
            if !matches!(args[0], Type::StrLiteral(_)) {
                return Err(CallError::unsupported(
                    "str.format() of a string only known at run time is not supported yet (a string constant is)",
                ));
            }
            rest.iter().try_for_each(|t| want_textual(name, t))?;
            if let Type::StrLiteral(template) = &args[0] {
                super::strs_format::parse_template(template, n).map_err(CallError::typing)?;
            }
            Ok(Type::Str)
        }
        Join | Split | Rsplit | Splitlines => type_list_method(f, name, rest),
        Contains => {
            count(name, n, 1, 1)?;
            if is_str(&rest[0]) {
                Ok(Type::Bool)
            } else {
                Err(CallError::typing(format!(
                    "'in <string>' requires string as left operand, not {}",
                    rest[0]
                )))
            }
        }
        Str | Repr | Ord | Chr | Format | Hex | Oct | Bin => {
            unreachable!("{f:?} is a builtin")
        }
    }
}
