//! The methods and operators of sets and `set()`: entries, parameters (CPython's) and typing.
//! A set is a dict whose values are `None` in the runtime (codegen's `lower/set.rs`); its items
//! are numbers, strings and tuples of those, hashed as CPython hashes them.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{BinOp, Builtin, CmpOp, SetFn};
use crate::types::{is_hashable, iter_type, keys_match, next_type, ModuleKind, Type};

/// The table's entries of the set family.
pub fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = SetFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::Set(*f), Receiver::Set, f.name()))
        .collect();
    out.push(Entry::function(
        Builtin::Set(SetFn::New),
        ModuleKind::Builtins,
        "set",
    ));
    out
}

/// The parameters of `f` (a method's receiver first).
pub fn signature(f: SetFn, method: bool) -> Signature {
    let pos = |name: &str| Param::req(name).kind(ParamKind::PositionalOnly);
    let mut params = match f {
        SetFn::Add | SetFn::Discard | SetFn::Remove | SetFn::Contains => vec![pos("elem")],
        SetFn::Pop | SetFn::Clear | SetFn::Copy => vec![],
        SetFn::New => vec![Param::none("iterable").kind(ParamKind::PositionalOnly)],
        // `set.union(*others)` and the like take any number of iterables.
        f if takes_several(f) => vec![Param::req("others").kind(ParamKind::VarPositional)],
        _ => vec![pos("other")],
    };
    let is_method = f != SetFn::New;
    if is_method {
        params.insert(0, pos("self"));
    }
    let name = match method || !is_method {
        true => f.name().to_string(),
        false => format!("set.{}", f.name()),
    };
    Signature::new(name, params, Style::Library).hiding(is_method as usize)
}

/// Whether `f` takes any number of iterables (`a.union(b, c)`), as CPython's.
pub fn takes_several(f: SetFn) -> bool {
    matches!(
        f,
        SetFn::Union
            | SetFn::Intersection
            | SetFn::Difference
            | SetFn::Update
            | SetFn::IntersectionUpdate
            | SetFn::DifferenceUpdate
    )
}

/// The items of an iterable `t` that fit a set of `item`s.
fn items_fitting(item: &Type, t: &Type) -> Result<Type, CallError> {
    let from = iter_type(t)
        .map(|it| next_type(&it))
        .map_err(|_| CallError::typing(format!("'{t}' object is not iterable")))?;
    if matches!(from, Type::Undetermined(_)) {
        // An empty `set()` or `[]` typed later by its own uses.
        return Ok(item.clone());
    }
    if !keys_match(item, &from) {
        return Err(CallError::typing(format!(
            "items of type {from} do not fit a set of {item}"
        )));
    }
    Ok(from)
}

/// The type of a call of `f` with its bound arguments (the receiver first).
pub fn type_call(f: SetFn, args: &super::CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if f == SetFn::New {
        let item = iter_type(&t[0])
            .map(|it| next_type(&it))
            .map_err(|_| CallError::typing(format!("'{}' object is not iterable", t[0])))?;
        if !is_hashable(&item) {
            return Err(CallError::typing(format!("unhashable type: '{item}'")));
        }
        return Ok(Type::Set(item.into()));
    }
    let set = &t[0];
    let Type::Set(item) = set else {
        return Err(CallError::typing(format!("{}() of {set}", f.name())));
    };
    match f {
        SetFn::Add | SetFn::Discard | SetFn::Remove | SetFn::Contains => {
            if !is_hashable(&t[1]) {
                return Err(CallError::typing(format!("unhashable type: '{}'", t[1])));
            }
            if !keys_match(item, &t[1]) {
                return Err(CallError::typing(format!(
                    "a value of type {} does not fit a {set}",
                    t[1]
                )));
            }
            Ok(match f {
                SetFn::Contains => Type::Bool,
                _ => Type::NoneType,
            })
        }
        SetFn::Pop => Ok((**item).clone()),
        SetFn::Clear => Ok(Type::NoneType),
        SetFn::Update
        | SetFn::IntersectionUpdate
        | SetFn::DifferenceUpdate
        | SetFn::SymmetricDifferenceUpdate => {
            for other in &t[1..] {
                items_fitting(item, other)?;
            }
            Ok(Type::NoneType)
        }
        SetFn::Copy => Ok(set.clone()),
        SetFn::Union | SetFn::Intersection | SetFn::Difference | SetFn::SymmetricDifference => {
            for other in &t[1..] {
                items_fitting(item, other)?;
            }
            Ok(set.clone())
        }
        SetFn::IsSubset | SetFn::IsSuperset | SetFn::IsDisjoint => {
            items_fitting(item, &t[1])?;
            Ok(Type::Bool)
        }
        SetFn::New => unreachable!("handled above"),
    }
}

/// `a | b`, `a & b`, `a - b`, `a ^ b` of sets; `None` where no set is involved.
pub fn binop(op: BinOp, a: &Type, b: &Type) -> Option<Result<Type, String>> {
    if !matches!(a, Type::Set(_)) && !matches!(b, Type::Set(_)) {
        return None;
    }
    Some(match (op, a, b) {
        (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Type::Set(x), Type::Set(y))
            if keys_match(x, y) =>
        {
            Ok(a.clone())
        }
        // An empty `set()` not yet typed by its later uses takes the other operand's items.
        (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Type::Set(x), Type::Set(y))
            if matches!(**x, Type::Undetermined(_)) && is_hashable(y) =>
        {
            Ok(b.clone())
        }
        (BinOp::BitOr | BinOp::BitAnd | BinOp::Sub | BinOp::BitXor, Type::Set(x), Type::Set(y))
            if matches!(**y, Type::Undetermined(_)) && is_hashable(x) =>
        {
            Ok(a.clone())
        }
        _ => Err(format!(
            "unsupported operand type(s) for {}: '{a}' and '{b}'",
            op.symbol()
        )),
    })
}

/// Whether sets compare with `op` (`==`, `!=`, and `<=` `<` `>=` `>` as subset tests).
pub fn comparable_sets(op: CmpOp, a: &Type, b: &Type) -> bool {
    matches!((a, b), (Type::Set(x), Type::Set(y)) if keys_match(x, y))
        && !matches!(op, CmpOp::Is | CmpOp::IsNot)
}

/// The method an operator of sets is (`|` is `union`).
pub fn operator_method(op: BinOp) -> Option<SetFn> {
    Some(match op {
        BinOp::BitOr => SetFn::Union,
        BinOp::BitAnd => SetFn::Intersection,
        BinOp::Sub => SetFn::Difference,
        BinOp::BitXor => SetFn::SymmetricDifference,
        _ => return None,
    })
}
