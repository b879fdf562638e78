//! Python dicts (`dict(int64, float64)`), their views (`d.keys()`, `d.values()`, `d.items()`)
//! and iterators. A dict's native form is one pointer, the runtime's block (`oxjit-runtime`'s
//! `dict.rs`: CPython's compact dict, in insertion order); a view is the same pointer, borrowed.
//! An empty `{}` has key and value types not known yet (`Undetermined`), which later uses decide
//! (`typeinfer`).

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{Type, TypeKind};

/// What a view or an iterator of a dict yields.
pub const KEYS: u8 = 0;
pub const VALUES: u8 = 1;
pub const ITEMS: u8 = 2;
/// A set's items (`iter(s)`): a set's entries are laid out as [`set_entry_parts`] says.
pub const SET: u8 = 3;

/// The fields of an entry of a set of `k` items: `{hash, item}`. An entry holding no item
/// (hash -1) keeps its state (never used, or a dummy left by a removal) in the item's first
/// byte, so an item of no bytes gets one; this keeps an int64 set's entries at 16 bytes.
pub fn set_entry_parts(k: &Type) -> Vec<Type> {
    let mut parts = vec![Type::I64, k.clone()];
    if super::size_align(k).0 == 0 {
        parts.push(Type::NoneType);
    }
    parts
}

/// (entry size, item offset) of a set of `k` items; the state byte is at the item's offset.
pub fn set_entry_layout(k: &Type) -> (usize, usize) {
    let parts = set_entry_parts(k);
    let size = super::size_align(&Type::tuple(parts.clone())).0;
    (size, super::field_offsets(&parts)[1])
}

/// The variable of the key type of the empty display at value `v` (its value type's is
/// [`value_var`]); a list's is `v` itself.
pub fn key_var(v: u32) -> u32 {
    v | 0x4000_0000
}

pub fn value_var(v: u32) -> u32 {
    v | 0x8000_0000
}

/// The value an item type variable was made at.
pub fn var_origin(k: u32) -> u32 {
    k & 0x3fff_ffff
}

/// Whether values of type `t` can be dict keys (and set items): hashable, as CPython hashes
/// them (`oxjit-runtime`'s `hash.rs`; strings by the str runtime's SipHash, cached in the
/// string's block).
pub fn is_hashable(t: &Type) -> bool {
    match t {
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Undetermined(_) => true,
        Type::Str | Type::StrLiteral(_) => true,
        Type::Tuple(items) => items.iter().all(is_hashable),
        // `None` hashes as CPython's `hash(None)`; an optional as `None` or its value.
        Type::NoneType => true,
        Type::Optional(inner) => is_hashable(inner),
        _ => false,
    }
}

/// The item a view or iterator of `part` yields.
pub fn part_type(key: &Type, value: &Type, part: u8) -> Type {
    match part {
        KEYS | SET => key.clone(),
        VALUES => value.clone(),
        _ => Type::tuple(vec![key.clone(), value.clone()]),
    }
}

fn part_name(part: u8) -> &'static str {
    match part {
        KEYS => "keys",
        VALUES => "values",
        _ => "items",
    }
}

pub(super) struct DictKind;

impl TypeKind for DictKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Dict(k, v) => write!(f, "dict({k}, {v})"),
            Type::DictView(k, v, p) => write!(f, "dict_{}(dict({k}, {v}))", part_name(*p)),
            Type::DictIter(k, _, SET) => write!(f, "iter(set({k}))"),
            Type::DictIter(k, v, p) => write!(f, "iter(dict_{}(dict({k}, {v})))", part_name(*p)),
            Type::Set(k) => write!(f, "set({k})"),
            _ => unreachable!("{t:?} is no dict"),
        }
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        if word == "set" {
            return Some((|| {
                p.expect(b'(')?;
                let k = p.ty()?;
                p.expect(b')')?;
                Ok(Type::Set(Arc::new(k)))
            })());
        }
        if word == "DictType" {
            // `oxjit.typed.Dict`'s type, as Numba names it (`DictType[int64,float64]<iv=None>`).
            return Some((|| {
                p.expect(b'[')?;
                let k = p.ty()?;
                p.expect(b',')?;
                let v = p.ty()?;
                p.expect(b']')?;
                if p.eat(b'<') {
                    for c in b"iv=None>" {
                        p.expect(*c)?;
                    }
                }
                Ok(Type::Dict(Arc::new(k), Arc::new(v)))
            })());
        }
        (word == "dict").then(|| {
            p.expect(b'(')?;
            let k = p.ty()?;
            p.expect(b',')?;
            let v = p.ty()?;
            p.expect(b')')?;
            Ok(Type::Dict(Arc::new(k), Arc::new(v)))
        })
    }

    fn is_runtime(&self, t: &Type) -> bool {
        match t {
            Type::Dict(k, v) | Type::DictView(k, v, _) | Type::DictIter(k, v, _) => {
                k.is_runtime() && v.is_runtime()
            }
            Type::Set(k) => k.is_runtime(),
            _ => true,
        }
    }

    fn may_be_none(&self) -> bool {
        true
    }

    /// Dicts meet where their types agree, or one's are not known yet.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        if let (Type::Set(x), Type::Set(y)) = (a, b) {
            return Some(Type::Set(Arc::new(super::list::unify_items(x, y)?)));
        }
        let (Type::Dict(k1, v1), Type::Dict(k2, v2)) = (a, b) else {
            return None;
        };
        let k = super::list::unify_items(k1, k2)?;
        let v = super::list::unify_items(v1, v2)?;
        Some(Type::Dict(Arc::new(k), Arc::new(v)))
    }

    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::Dict(k, v) => Ok(Type::DictIter(k.clone(), v.clone(), KEYS)),
            Type::DictView(k, v, p) => Ok(Type::DictIter(k.clone(), v.clone(), *p)),
            Type::Set(k) => Ok(Type::DictIter(k.clone(), Arc::new(Type::NoneType), SET)),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::DictIter(k, v, p) => Some(part_type(k, v, *p)),
            _ => None,
        }
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        match t {
            Type::Dict(k, v) if keys_match(k, index) => Ok((**v).clone()),
            Type::Dict(k, _) => Err(format!(
                "a dict with keys of type {k} cannot be indexed by {index}"
            )),
            _ => Err(format!("'{t}' object is not subscriptable")),
        }
    }
}

/// Whether a value of type `t` can be looked up in a dict with keys of type `key` (converted
/// to it, as `1` finds `1.0`).
pub fn keys_match(key: &Type, t: &Type) -> bool {
    match (key, t) {
        (Type::Undetermined(_), _) => is_hashable(t),
        (a, b) if a == b => true,
        // A key that may be `None` is looked up as `None` or as a value.
        (Type::Optional(_), Type::NoneType) => true,
        (Type::Optional(a), b) => keys_match(a, &super::optional::strip(b)),
        // A string constant is looked up as the string it makes.
        (Type::Str, b) => super::is_str(b),
        // Any int is converted to the keys' int type, as Numba's typed dict casts it
        // (`Dict.empty(types.int32, ...)` looked up with an int64 index).
        (Type::Int(_), Type::Int(_)) => true,
        (a, b) if a.is_real() && b.is_real() => super::list::stores_as(a, b),
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| keys_match(x, y))
        }
        _ => false,
    }
}
