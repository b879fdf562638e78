//! The methods of tuples (`x in t`, `t.index(x)`, `t.count(x)`): entries, parameters
//! (CPython's: positional only) and typing. A tuple's length is static, so codegen
//! (`lower/tuple_methods.rs`) compares `x` with each item in turn, and [`equality`] decides per
//! item how: heterogeneous tuples are supported, an item of another kind than `x` is never
//! equal to it (CPython: `1 in ("a", 1.0)` is True, `"a" == 1` is False).

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{Builtin, CmpOp, TupleFn};
use crate::ir::Const;
use crate::types::{is_str, Type};

/// The table's entries of the tuple family.
pub fn entries() -> Vec<Entry> {
    TupleFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::Tuple(*f), Receiver::Tuple, f.name()))
        .collect()
}

/// The parameters of `f` (the receiver first, as `self`).
pub fn signature(f: TupleFn, method: bool) -> Signature {
    let pos = |name: &str| Param::req(name).kind(ParamKind::PositionalOnly);
    let opt = |name: &str, c: Const| Param::opt(name, c).kind(ParamKind::PositionalOnly);
    let mut params = vec![pos("self")];
    match f {
        TupleFn::Contains | TupleFn::ContainsHashable => params.push(pos("key")),
        TupleFn::Count => params.push(pos("value")),
        TupleFn::Index => params.extend([
            pos("value"),
            opt("start", Const::Int(0)),
            opt("stop", Const::Int(i64::MAX)),
        ]),
    }
    let name = match method {
        true => f.name().to_string(),
        false => format!("tuple.{}", f.name()),
    };
    Signature::new(name, params, Style::Library).hiding(1)
}

/// How `item == x` is computed for values of two types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Equality {
    /// As `==` compares them (numbers, strings, tuples item by item...).
    Compare,
    /// Never equal: values of different kinds (a number and a string, tuples of different
    /// lengths' items...), where CPython's `==` is False.
    Never,
    /// Not supported: `==` of these would be elementwise (arrays) or is not compiled.
    Unsupported,
}

/// The kind of value a type holds, as far as equality goes: values of different kinds are
/// never equal. `None` for the types whose `==` with other kinds is not settled here.
#[derive(PartialEq, Eq)]
enum Kind {
    Number,
    Str,
    NoneValue,
    Tuple,
    List,
    Dict,
    Set,
}

fn kind(t: &Type) -> Option<Kind> {
    Some(match t {
        t if t.is_numeric() => Kind::Number,
        t if is_str(t) => Kind::Str,
        Type::NoneType => Kind::NoneValue,
        Type::Tuple(_) => Kind::Tuple,
        Type::List(_) => Kind::List,
        Type::Dict(..) => Kind::Dict,
        Type::Set(_) => Kind::Set,
        _ => return None,
    })
}

/// How an item of type `item` is compared with `x`.
pub fn equality(item: &Type, x: &Type) -> Equality {
    if matches!(item, Type::Array(_)) || matches!(x, Type::Array(_)) {
        return Equality::Unsupported;
    }
    if super::operators::compare(CmpOp::Eq, item, x) == Ok(Type::Bool) {
        return Equality::Compare;
    }
    match (item, x) {
        // Equal tuples have equal items: one pair never equal decides.
        (Type::Tuple(a), Type::Tuple(b)) if a.len() != b.len() => Equality::Never,
        (Type::Tuple(a), Type::Tuple(b)) => {
            let pairs: Vec<Equality> = a
                .iter()
                .zip(b.iter())
                .map(|(p, q)| equality(p, q))
                .collect();
            if pairs.contains(&Equality::Never) {
                Equality::Never
            } else {
                Equality::Unsupported
            }
        }
        _ => match (kind(item), kind(x)) {
            (Some(p), Some(q)) if p != q => Equality::Never,
            _ => Equality::Unsupported,
        },
    }
}

/// Whether a set lookup raises `TypeError` for a value of type `t` (lists, dicts, sets and
/// arrays, or tuples holding one).
fn unhashable(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Array(_) => true,
        Type::Tuple(items) => items.iter().any(unhashable),
        _ => false,
    }
}

/// The type of a call of `f` with its bound arguments (the receiver first).
pub fn type_call(f: TupleFn, args: &super::CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let Type::Tuple(items) = &t[0] else {
        return Err(CallError::typing(format!("{}() of {}", f.name(), t[0])));
    };
    let x = &t[1];
    // A set display's items are hashed as the set is built, before `x` is looked up.
    if let Some(item) = items.iter().find(|t| unhashable(t)) {
        if f == TupleFn::ContainsHashable {
            return Err(CallError::typing(format!("unhashable type: '{item}'")));
        }
    }
    if f == TupleFn::ContainsHashable && unhashable(x) {
        return Err(CallError::typing(format!("unhashable type: '{x}'")));
    }
    if let Some(item) = items
        .iter()
        .find(|item| equality(item, x) == Equality::Unsupported)
    {
        return Err(CallError::unsupported(format!(
            "comparing an item of type {item} with a value of type {x} is not supported"
        )));
    }
    if t[2..].iter().any(|n| !n.is_integer_like()) {
        return Err(CallError::typing(
            "slice indices must be integers or have an __index__ method",
        ));
    }
    Ok(match f {
        TupleFn::Contains | TupleFn::ContainsHashable => Type::Bool,
        TupleFn::Index | TupleFn::Count => Type::I64,
    })
}
