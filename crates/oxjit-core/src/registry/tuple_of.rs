//! `tuple()` and `tuple(iterable)`. A tuple's length is part of its type (as in Numba, where
//! `UniTuple(int64, 3)` and `UniTuple(int64, 4)` are different types), so compiled code can make
//! a tuple only from something whose length typing knows: another tuple (CPython returns that
//! same tuple). `tuple(<generator expression>)` over tuples of known length, displays and
//! `range()` of constants is unrolled when the SSA is built (`ssa/tuple_genexpr.rs`). Any other
//! generator, a list, an array, a range, a string, a dict or a set has a length known only at
//! run time: refused with a message that says so.

use super::error::CallError;
use crate::types::Type;

/// The type of `tuple(*args)`.
pub fn type_call(args: &[Type]) -> Result<Type, CallError> {
    match args {
        [] => Ok(Type::tuple(vec![])),
        // Of a named tuple: a plain tuple of its items (the same layout).
        [Type::Tuple(items)] => Ok(Type::Tuple(items.items().clone().into())),
        [t] => Err(CallError::unsupported(format!(
            "tuple() of {}: a tuple's length is part of its type in compiled code, and the \
             number of {} is only known at run time (make a list with list(...), or write the \
             tuple out as (a, b, c)){}",
            what(t),
            it(t),
            hint(t),
        ))),
        _ => Err(CallError::typing(format!(
            "tuple expected at most 1 argument, got {}",
            args.len()
        ))),
    }
}

/// The argument, named for the message.
fn what(t: &Type) -> String {
    match t {
        Type::Generator(item) => format!("a generator (of {item})"),
        Type::List(item) => format!("a list (of {item})"),
        Type::Array(_) => format!("an array ({t})"),
        Type::Range => "a range".into(),
        t if crate::types::is_str(t) => "a string".into(),
        t => format!("a value of type {t}"),
    }
}

/// What a generator expression may go over instead.
fn hint(t: &Type) -> &'static str {
    match t {
        Type::Generator(_) => {
            "; tuple(... for x in t) is compiled where t is a tuple argument of the function, a \
             tuple display, a local assigned one tuple display, or range() of integer constants"
        }
        _ => "",
    }
}

/// What the tuple's items would be.
fn it(t: &Type) -> &'static str {
    match t {
        Type::Generator(_) => "items it yields",
        _ => "its items",
    }
}
