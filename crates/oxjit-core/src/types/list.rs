//! Python lists (`list(int64)`), their iterator, and the item type of an empty display not known
//! yet (`undefined`, Numba's name for it), which later uses of the list decide (`typeinfer`).
//!
//! A list's native form is one pointer: the runtime's reference-counted block (`oxjit-runtime`'s
//! `list.rs`), whose payload holds the length, the capacity and the items, stored natively.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{unify, Type, TypeKind};

pub(super) struct ListKind;

impl TypeKind for ListKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::List(item) => write!(f, "list({item})"),
            Type::Undetermined(_) => write!(f, "undefined"),
            _ => unreachable!("{t:?} is no list"),
        }
    }

    /// `list(int64)`; Numba's `reflected list(int64)` (an argument) reads the same.
    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        match word {
            "reflected" => Some(match p.ty() {
                Ok(t @ Type::List(_)) => Ok(t),
                Ok(_) => Err("'reflected' applies to lists only".into()),
                Err(e) => Err(e),
            }),
            // `oxjit.typed.List`'s type, as Numba names it: a list inside compiled code.
            "ListType" => Some((|| {
                p.expect(b'[')?;
                let item = p.ty()?;
                p.expect(b']')?;
                Ok(Type::List(Arc::new(item)))
            })()),
            "list" => Some((|| {
                p.expect(b'(')?;
                let item = p.ty()?;
                p.expect(b')')?;
                Ok(Type::List(Arc::new(item)))
            })()),
            _ => None,
        }
    }

    fn is_runtime(&self, t: &Type) -> bool {
        matches!(t, Type::List(item) if item.is_runtime())
    }

    /// Lists meet where their items do without conversion (a list is shared, not copied, so
    /// its items cannot change type where branches meet); an item type not known yet takes
    /// the other's.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        match (a, b) {
            (Type::List(x), Type::List(y)) => {
                let item = unify_items(x, y)?;
                Some(Type::List(Arc::new(item)))
            }
            (Type::Undetermined(_), other) => Some(other.clone()),
            _ => None,
        }
    }

    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::List(item) => Ok(Type::ListIter(item.clone())),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        let Type::List(item) = t else {
            return Err(format!("a value of type {t} cannot be indexed"));
        };
        if index.is_integer_like() {
            Ok((**item).clone())
        } else if *index == Type::Slice {
            Ok(t.clone())
        } else {
            Err(format!(
                "list indices must be integers or slices, not {index}"
            ))
        }
    }
}

/// The item type two lists that meet share: the same, or one not known yet.
pub(super) fn unify_items(x: &Type, y: &Type) -> Option<Type> {
    match (x, y) {
        _ if x == y => Some(x.clone()),
        (Type::Undetermined(_), t) | (t, Type::Undetermined(_)) => Some(super::widen_literal(t)),
        (Type::List(a), Type::List(b)) => Some(Type::List(Arc::new(unify_items(a, b)?))),
        (Type::Dict(a, b), Type::Dict(c, d)) => Some(Type::Dict(
            Arc::new(unify_items(a, c)?),
            Arc::new(unify_items(b, d)?),
        )),
        (Type::Tuple(a), Type::Tuple(b)) if a.len() == b.len() => {
            let items: Option<Vec<Type>> = a
                .iter()
                .zip(b.iter())
                .map(|(p, q)| unify_items(p, q))
                .collect();
            Some(super::named::rebuild(a, b, items?))
        }
        _ => None,
    }
}

/// Whether `t` holds an item type not known yet.
pub fn has_undetermined(t: &Type) -> bool {
    match t {
        Type::Undetermined(_) => true,
        Type::List(item) | Type::ListIter(item) | Type::Optional(item) => has_undetermined(item),
        Type::Tuple(items) => items.iter().any(has_undetermined),
        Type::Dict(k, v) | Type::DictView(k, v, _) | Type::DictIter(k, v, _) => {
            has_undetermined(k) || has_undetermined(v)
        }
        Type::Set(k) => has_undetermined(k),
        _ => false,
    }
}

/// The type items of type `t` are stored as in a list whose items are `item`: `None` where they
/// cannot be (the error names both).
pub fn stores_as(item: &Type, t: &Type) -> bool {
    if item == t {
        return true;
    }
    match (item, t) {
        // Numbers convert where no information is lost (an int into a float list, as Numba).
        (Type::Float(_) | Type::Complex(_), Type::Int(_) | Type::Bool) => true,
        (Type::Int(a), Type::Bool) => a.bits >= 8,
        (Type::Complex(_), Type::Float(_)) => true,
        (Type::Float(64), Type::Float(32)) => true,
        // A string constant is stored as a string.
        (Type::Str, Type::StrLiteral(_)) => true,
        // `None`, or a value (that may be `None`), where the items may be `None`.
        (Type::Optional(_), Type::NoneType) => true,
        (Type::Optional(a), b) => stores_as(a, &super::optional::strip(b)),
        (Type::Int(a), Type::Int(b)) => a.signed == b.signed && a.bits >= b.bits,
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| stores_as(x, y))
        }
        // An array is stored where the items are arrays of its dtype and dimensions in any
        // layout (`float64[:]` takes a C array, as in Numba); writable ones take only writable.
        (Type::Array(a), Type::Array(b)) => {
            a.dtype == b.dtype
                && a.ndim == b.ndim
                && (a.layout == super::Layout::A || a.layout == b.layout)
                && (a.readonly || !b.readonly)
        }
        (Type::List(a), Type::List(b)) => matches!(unify_items(a, b), Some(u) if u == **a),
        (Type::Set(a), Type::Set(b)) => matches!(unify_items(a, b), Some(u) if u == **a),
        (Type::Dict(..), Type::Dict(..)) => {
            matches!(unify_items(item, t), Some(u) if u == *item)
        }
        _ => false,
    }
}

/// The item type of a list display whose items have these types (`[1, 2.5]` is a list of
/// floats, as Numba unifies them); the error names the types seen.
pub fn display_item(items: &[Type]) -> Result<Type, String> {
    let mut acc = items[0].clone();
    for t in &items[1..] {
        acc = unify(&acc, t)
            .or_else(|| unify_items(&acc, t))
            .ok_or_else(|| {
                let seen: Vec<String> = items.iter().map(Type::to_string).collect();
                format!(
                    "cannot make a list of items of types {}: they do not unify to one type",
                    seen.join(", ")
                )
            })?;
    }
    // String constants are stored as strings.
    Ok(super::widen_literal(&acc))
}

/// The iterator of a list.
pub(super) struct ListIterKind;

impl TypeKind for ListIterKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::ListIter(item) = t else {
            unreachable!("{t:?} is no list iterator")
        };
        write!(f, "iter(list({item}))")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::ListIter(item) => Some((**item).clone()),
            _ => None,
        }
    }
}

/// The byte offsets, inside one item of type `t`, of the references it holds (the meminfo
/// words of arrays and lists, also inside tuples): what a list's block records so that the
/// runtime can take and give back its items' references.
pub fn ref_offsets(t: &Type) -> Vec<i64> {
    match t {
        Type::Array(_) | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str => vec![0],
        Type::Bytes => vec![0],
        // A generator's block (its destructor closes it).
        Type::Generator(_) => vec![0],
        // An `np.random.Generator`'s block.
        Type::NpGenerator => vec![0],
        // A record: the block of the array it points into.
        Type::Record(_) => vec![0],
        // A jitclass instance's block.
        Type::JitInstance(_) => vec![0],
        // `{present, value}`: an absent value is zero (a null block).
        Type::Optional(inner) => {
            let off = super::field_offsets(&[Type::Bool, (**inner).clone()])[1] as i64;
            ref_offsets(inner).into_iter().map(|o| o + off).collect()
        }
        // A polynomial: its arrays, as the tuple of them.
        Type::Polynomial(p) => ref_offsets(&super::polynomial_struct(p)),
        Type::Tuple(items) => {
            let mut out = Vec::new();
            for (item, off) in items.iter().zip(super::field_offsets(items)) {
                out.extend(ref_offsets(item).into_iter().map(|o| o + off as i64));
            }
            out
        }
        _ => vec![],
    }
}

/// Whether `bool(x)` of a value of type `t` is defined (numbers, `None`, tuples, containers,
/// jitclass instances: true unless their class defines `__bool__` or `__len__`, which typing
/// calls instead).
pub fn has_truth(t: &Type) -> bool {
    t.is_numeric()
        || super::is_str(t)
        || matches!(
            t,
            Type::Tuple(_)
                | Type::NoneType
                | Type::List(_)
                | Type::Dict(..)
                | Type::Set(_)
                | Type::JitInstance(_)
                | Type::Bytes
        )
        || matches!(t, Type::Optional(inner) if has_truth(inner))
}

/// The item type variable of an empty list passed as an argument (`f([])`), before typing
/// gives it the argument's own variable ([`own_argument_vars`]): its item type comes from
/// the function's uses of the list, as an empty display's does.
pub const EMPTY_ARGUMENT: u32 = 0x3fff_ffff;

/// The type of an empty list argument, its items not known yet.
pub fn empty_list_argument() -> Type {
    Type::List(Arc::new(Type::Undetermined(EMPTY_ARGUMENT)))
}

/// Whether an argument of type `t` holds an empty list whose items are not known yet.
pub fn has_empty_argument(t: &Type) -> bool {
    match t {
        Type::Undetermined(k) => *k == EMPTY_ARGUMENT,
        Type::List(x) => has_empty_argument(x),
        Type::Tuple(items) => items.iter().any(has_empty_argument),
        Type::Dict(k, x) => has_empty_argument(k) || has_empty_argument(x),
        _ => false,
    }
}

/// The argument type `t` with its empty lists' items made the variable of the argument's value
/// `v` (each empty list of one argument shares it; enough for the usual single list).
pub fn own_argument_vars(t: &Type, v: u32) -> Type {
    match t {
        Type::Undetermined(k) if *k == EMPTY_ARGUMENT => Type::Undetermined(v),
        Type::List(x) => Type::List(Arc::new(own_argument_vars(x, v))),
        Type::Tuple(items) => Type::Tuple(items.map(|x| own_argument_vars(x, v))),
        Type::Dict(k, x) => Type::Dict(
            Arc::new(own_argument_vars(k, v)),
            Arc::new(own_argument_vars(x, v)),
        ),
        t => t.clone(),
    }
}

/// `t` with every item type not known (`undefined`) made `int64`: for an empty list argument
/// the function never uses, whose items no code reads or writes.
pub fn fill_unknown_items(t: &Type) -> Type {
    match t {
        Type::Undetermined(_) => Type::I64,
        Type::List(x) => Type::List(Arc::new(fill_unknown_items(x))),
        Type::Tuple(items) => Type::Tuple(items.map(fill_unknown_items)),
        Type::Dict(k, x) => Type::Dict(
            Arc::new(fill_unknown_items(k)),
            Arc::new(fill_unknown_items(x)),
        ),
        t => t.clone(),
    }
}
