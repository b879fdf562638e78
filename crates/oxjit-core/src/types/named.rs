//! Named tuples (`collections.namedtuple`, `typing.NamedTuple` classes), as Numba's
//! `NamedTuple`/`NamedUniTuple`: a tuple (same layout, same operations: indexing, unpacking,
//! iteration, `len`, `==`, hashing) whose type also carries the class and its field names, so
//! that `p.x` reads an item and a result boxes as an instance of the user's class.
//!
//! The items of `Type::Tuple` are a [`TupleItems`]: the item types, and for a named tuple its
//! [`NamedTupleTy`]. Code that only looks at the items (most of it) sees a slice of types through
//! `Deref`; operations that make a new tuple from items (`t + u`, slicing) make a plain one, as
//! CPython's do. The class itself, as a global, is `Type::NamedTupleClass`: calling it builds a
//! value (`typeinfer/rules/named.rs`).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use super::{Attribute, Type, TypeKind};
use crate::ir::Const;

/// A named tuple class, as the host found it (frozen at compile time, as Numba freezes globals).
#[derive(Clone, Debug)]
pub struct NamedTupleTy {
    /// The host's handle for the class (boxing makes an instance of it).
    pub class: u64,
    /// The class's `__name__` (type names, messages, `repr`).
    pub name: Arc<str>,
    /// `_fields`.
    pub fields: Arc<[Arc<str>]>,
    /// Per field, its default (`_field_defaults`): `None` where the field has none, `Some(None)`
    /// where the default is not a constant oxjit supports.
    pub defaults: Vec<Option<Option<Const>>>,
}

// The class is the identity: its fields and defaults are the class's own.
impl PartialEq for NamedTupleTy {
    fn eq(&self, other: &Self) -> bool {
        self.class == other.class && self.fields == other.fields
    }
}

impl Eq for NamedTupleTy {}

impl Hash for NamedTupleTy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.class.hash(state);
        self.fields.hash(state);
    }
}

impl NamedTupleTy {
    /// The position of field `name`.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| &**f == name)
    }

    /// `_fields` as a constant tuple of strings.
    pub fn fields_const(&self) -> Const {
        Const::Tuple(self.fields.iter().map(|f| Const::Str(f.clone())).collect())
    }

    /// CPython's `AttributeError` text for a missing attribute.
    pub fn no_attribute(&self, name: &str) -> String {
        format!("'{}' object has no attribute '{name}'", self.name)
    }
}

/// The items of a tuple type, and the named tuple class where it is one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TupleItems {
    items: Arc<[Type]>,
    named: Option<Arc<NamedTupleTy>>,
}

impl TupleItems {
    pub fn named(items: Arc<[Type]>, named: Arc<NamedTupleTy>) -> TupleItems {
        TupleItems {
            items,
            named: Some(named),
        }
    }

    /// The named tuple class, for a named tuple.
    pub fn class(&self) -> Option<&Arc<NamedTupleTy>> {
        self.named.as_ref()
    }

    /// The item types (shared).
    pub fn items(&self) -> &Arc<[Type]> {
        &self.items
    }

    /// The same tuple (named or not) with each item type mapped by `f`.
    pub fn map(&self, f: impl FnMut(&Type) -> Type) -> TupleItems {
        TupleItems {
            items: self.items.iter().map(f).collect(),
            named: self.named.clone(),
        }
    }
}

impl Deref for TupleItems {
    type Target = [Type];
    fn deref(&self) -> &[Type] {
        &self.items
    }
}

impl From<Arc<[Type]>> for TupleItems {
    fn from(items: Arc<[Type]>) -> TupleItems {
        TupleItems { items, named: None }
    }
}

impl From<Vec<Type>> for TupleItems {
    fn from(items: Vec<Type>) -> TupleItems {
        TupleItems {
            items: items.into(),
            named: None,
        }
    }
}

/// The tuple of `items` where tuples `a` and `b` meet: of their class where both are of the
/// same one, else a plain tuple.
pub(super) fn rebuild(a: &TupleItems, b: &TupleItems, items: Vec<Type>) -> Type {
    match (a.class(), b.class()) {
        (Some(n), Some(m)) if n == m => Type::Tuple(TupleItems::named(items.into(), n.clone())),
        _ => Type::tuple(items),
    }
}

/// Numba's name of a named tuple type: `Point(float64 x 2)`, `Point(int64, float64)`.
pub(super) fn write_name(
    named: &NamedTupleTy,
    t: &Type,
    items: &[Type],
    f: &mut fmt::Formatter<'_>,
) -> fmt::Result {
    if let Some(item) = t.uniform_item() {
        return write!(f, "{}({item} x {})", named.name, items.len());
    }
    write!(f, "{}(", named.name)?;
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            write!(f, ", ")?;
        }
        write!(f, "{item}")?;
    }
    write!(f, ")")
}

/// `p.name` of a named tuple: its field, or `_fields`.
pub(super) fn attribute(items: &TupleItems, name: &str) -> Option<Attribute> {
    let named = items.class().filter(|n| n.class != super::KWARGS_CLASS)?;
    let k = named.position(name)?;
    Attribute::of(items[k].clone())
}

/// The class itself (a global), called to build a value: exists at compile time only.
pub(super) struct NamedTupleClassKind;

impl TypeKind for NamedTupleClassKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::NamedTupleClass(named) = t else {
            unreachable!("{t:?} is no named tuple class")
        };
        write!(f, "NamedTupleClass({})", named.name)
    }

    fn is_runtime(&self, _t: &Type) -> bool {
        false
    }
}
