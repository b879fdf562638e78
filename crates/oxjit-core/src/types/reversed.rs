//! `reversed(x)` of a list, tuple, string or range, and its iterator. `Type::Reversed(x)` is the
//! iterable (its native form is `x`); the call `reversed(x)` makes its iterator at once, since in
//! CPython `reversed(x)` is an iterator (`next()` steps it, a `for` loop over it continues), which
//! borrows `x` as `enumerate` holds its iterable. It walks `x` from its end: a list's by
//! position, checked against the list's current length at each step as CPython's
//! `list_reverseiterator` does (items appended or removed while iterating are seen); a tuple's
//! and a string's (by code point) over the same state as their forward iterators; a range's is
//! a range iterator from the last item with the step negated (as in CPython). An array's walks
//! its items (rows, as views) by position; a dict's (or its view's) walks its entries from the last,
//! skipping deleted ones, as the forward iterator's state does from the first.

use std::fmt;
use std::sync::Arc;

use super::{iter_type, next_type, Type, TypeKind};

pub(super) struct ReversedKind;

/// Whether `reversed()` supports a value of type `t` (the sequences whose items it can reach
/// by position).
pub fn is_reversible(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Range | Type::Str => true,
        // An array's items (its rows where it has more than one dimension, as NumPy iterates
        // it); a dict's keys, and its views' keys, values or items (CPython 3.8+), from the
        // last inserted.
        Type::Array(a) => a.ndim >= 1,
        Type::Dict(..) | Type::DictView(..) => true,
        Type::Tuple(_) => iter_type(t).is_ok(),
        _ => false,
    }
}

impl TypeKind for ReversedKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Reversed(inner) => write!(f, "reversed({inner})"),
            Type::ReversedIter(inner) => write!(f, "reversed({inner})"),
            _ => unreachable!("{t:?} is not reversed()"),
        }
    }

    fn is_runtime(&self, t: &Type) -> bool {
        match t {
            Type::Reversed(inner) | Type::ReversedIter(inner) => inner.is_runtime(),
            _ => true,
        }
    }

    /// A `reversed(x)` is `x`; its iterator is a pointer to its state.
    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::Reversed(inner) => super::size_align(inner),
            _ => (8, 8),
        }
    }

    /// A range's reversed iterator is a range iterator; the others walk their forward
    /// iterator's state backwards.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::Reversed(inner) if **inner == Type::Range => Ok(Type::RangeIter),
            Type::Reversed(inner) => Ok(Type::ReversedIter(Arc::new(iter_type(inner)?))),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::ReversedIter(inner) => Some(next_type(inner)),
            _ => None,
        }
    }
}
