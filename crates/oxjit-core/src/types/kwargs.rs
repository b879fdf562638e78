//! The `**kwargs` of a call whose keywords are all named in the source: a struct of their
//! values that carries their names (as Numba's literal-keyed dicts do), so that values of
//! different types travel together and `g(**kw)` forwards them by name. It is a named tuple
//! (same layout and reference counting) of a class no Python code has: `ssa/kwargs_use.rs`
//! lets it reach only `kw["a"]`, `kw.get("a", d)`, `"a" in kw`, `len(kw)` and `g(**kw)`; a
//! function that uses its `**kwargs` otherwise makes it a dict first (`kw.copy()`).

use std::fmt;
use std::sync::Arc;

use super::{NamedTupleTy, TupleItems, Type};

/// The class handle of a `**kwargs` struct: none of Python's (it is never boxed).
pub const KWARGS_CLASS: u64 = u64::MAX;

/// The struct of keywords `names` with values of types `items`.
pub fn kwargs_struct(names: Vec<Arc<str>>, items: Vec<Type>) -> Type {
    Type::Tuple(TupleItems::named(
        items.into(),
        Arc::new(NamedTupleTy {
            class: KWARGS_CLASS,
            name: Arc::from("**kwargs"),
            fields: names.into(),
            defaults: Vec::new(),
        }),
    ))
}

/// The keys of a `**kwargs` struct type, `None` for any other type.
pub fn kwargs_keys(t: &Type) -> Option<&[Arc<str>]> {
    match t {
        Type::Tuple(items) => items
            .class()
            .filter(|n| n.class == KWARGS_CLASS)
            .map(|n| &*n.fields),
        _ => None,
    }
}

/// `**kwargs(a=int64, c=unicode_type)`.
pub(super) fn write_name(
    names: &[Arc<str>],
    items: &[Type],
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    write!(f, "**kwargs(")?;
    for (i, (name, item)) in names.iter().zip(items).enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{name}={item}")?;
    }
    write!(f, ")")
}
