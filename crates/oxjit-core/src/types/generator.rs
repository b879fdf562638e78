//! Generators: the value a call of a generator function returns (`generator(int64)`, its
//! yield type). It is its own iterator, as in Python (`next(g)`); a loop borrows it. Its native form is one pointer: a
//! reference-counted block (NRT meminfo) holding the coroutine's frame (codegen's
//! `lower/generator.rs`), so that every generator function yielding the same type shares the
//! type: the frame's resume function knows which body runs.

use std::fmt;

use super::{Type, TypeKind};

/// The type of the values `send()` passes into a generator yielding `item`, where its `yield`
/// expressions' values are used: the type of its items (without the `None` some may be), which
/// must be a number, a bool, a string, an array, a list, or a tuple of those. `None` where the items are of another type: the body's `yield` expressions are then
/// `None`, and `send()` of another value is refused.
pub fn sent_type(item: &Type) -> Option<Type> {
    let inner = match item {
        Type::Optional(t) => (**t).clone(),
        t => t.clone(),
    };
    let scalar = |t: &Type| t.is_numeric() || matches!(t, Type::Bool | Type::Str);
    // The body takes its own reference to what it receives (codegen's `lower_yield`; of each
    // array or list of a tuple too).
    let held = |t: &Type| matches!(t, Type::Array(_) | Type::List(_));
    let receivable = match &inner {
        Type::Tuple(items) => items.class().is_none() && items.iter().all(|t| scalar(t) || held(t)),
        t => scalar(t) || held(t),
    };
    receivable.then_some(inner)
}

/// What a generator's `yield` expressions do with values sent to it, as its promise tells the
/// Python side (`receives`): nothing reads them (`send(v)` is `next()`, as CPython's value is
/// dropped), they are received as `sent_type(item)`, or they are used but typed `None` (a
/// value other than `None` is refused).
pub const SENT_UNUSED: i32 = 0;
pub const SENT_RECEIVED: i32 = 1;
pub const SENT_REFUSED: i32 = 2;

/// The error of `send()` of a value other than `None` to a generator that cannot receive it
/// (`SENT_REFUSED`), in compiled code and from Python.
pub fn refused_send(item: &Type) -> String {
    format!(
        "oxjit: send() of a value other than None to this compiled generator is not supported: \
         its yield expressions are None (it yields {item}; generators yielding numbers, strings, \
         arrays, lists or tuples of those receive them), or it has a 'yield from' over an iterable that is no generator receiving such values \
         (CPython passes the value on to the inner iterable)"
    )
}

pub(super) struct GeneratorKind;

impl TypeKind for GeneratorKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Generator(item) => write!(f, "generator({item})"),
            Type::GeneratorIter(item) => write!(f, "iter(generator({item}))"),
            _ => unreachable!("{t:?} is no generator"),
        }
    }

    /// A generator is shared, not copied: two meet only where they yield the same type.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        (a == b).then(|| a.clone())
    }

    fn may_be_none(&self) -> bool {
        false
    }

    /// A loop borrows the generator: its iterator holds the frame's address, which LLVM can
    /// follow to the resume function when the generator was made in the same function.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::Generator(item) => Ok(Type::GeneratorIter(item.clone())),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    /// `next(g)` steps the generator itself.
    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::Generator(item) | Type::GeneratorIter(item) => Some((**item).clone()),
            _ => None,
        }
    }
}
