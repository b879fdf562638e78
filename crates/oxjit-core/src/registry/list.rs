//! The methods of lists and the builtins that make lists (`list(x)`, `sorted(x)`): their
//! entries, parameters (CPython's: positional only) and typing. Codegen's `lower/list*.rs`
//! holds their implementations.
//!
//! An item type not known yet (`[]` before its first `append`) accepts any item here; typing
//! records what the call tells about it (`typeinfer/rules/lists.rs`).

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{Builtin, ListFn};
use crate::ir::Const;
use crate::types::{is_str, iter_type, next_type, stores_as, ModuleKind, Type};

/// The table's entries of the list family.
pub fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = ListFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::List(*f), Receiver::List, f.name()))
        .collect();
    for f in [ListFn::New, ListFn::Sorted] {
        out.push(Entry::function(
            Builtin::List(f),
            ModuleKind::Builtins,
            f.name(),
        ));
    }
    // `List.empty_list` is found as an attribute of `List` (`typeinfer/rules/attributes.rs`).
    out.push(Entry::function(
        Builtin::List(ListFn::TypedNew),
        ModuleKind::Typed,
        "List",
    ));
    out
}

/// The parameters of `f` (a method's receiver first, as `self`).
pub fn signature(f: ListFn, method: bool) -> Signature {
    let pos = |name: &str| Param::req(name).kind(ParamKind::PositionalOnly);
    let opt = |name: &str, c: Const| Param::opt(name, c).kind(ParamKind::PositionalOnly);
    let mut params = match f {
        ListFn::Append | ListFn::Remove | ListFn::Count | ListFn::Extend => {
            vec![pos(match f {
                ListFn::Extend => "iterable",
                ListFn::Append => "object",
                _ => "value",
            })]
        }
        ListFn::Insert => vec![pos("index"), pos("object")],
        ListFn::Contains => vec![pos("key")],
        ListFn::DelItem => vec![pos("index")],
        ListFn::Pop => vec![opt("index", Const::Int(-1))],
        ListFn::Index => vec![
            pos("value"),
            opt("start", Const::Int(0)),
            opt("stop", Const::Int(i64::MAX)),
        ],
        ListFn::Clear | ListFn::Reverse | ListFn::Copy => vec![],
        ListFn::Sort => vec![
            Param::none("key"),
            Param::opt("reverse", Const::Bool(false)),
        ],
        ListFn::New | ListFn::TypedNew => {
            vec![Param::none("iterable").kind(ParamKind::PositionalOnly)]
        }
        ListFn::EmptyList => vec![
            Param::req("item_type"),
            Param::opt("allocated", Const::Int(0)),
        ],
        ListFn::SortByKeys => vec![pos("keys"), pos("reverse")],
        ListFn::Sorted => vec![
            pos("iterable"),
            Param::none("key"),
            Param::opt("reverse", Const::Bool(false)),
        ],
    };
    if f.is_method() {
        params.insert(0, pos("self"));
    }
    let name = match method || !f.is_method() {
        true => f.name().to_string(),
        false => format!("list.{}", f.name()),
    };
    Signature::new(name, params, Style::Library).hiding(f.is_method() as usize)
}

/// The items a `for` loop over `t` yields, if it is iterable.
fn items_of(t: &Type) -> Option<Type> {
    iter_type(t).ok().map(|it| next_type(&it))
}

/// Whether a value of type `t` can be stored in a list of `item`s (any, while `item` is not
/// known yet).
fn fits(item: &Type, t: &Type) -> bool {
    matches!(item, Type::Undetermined(_)) || stores_as(item, t)
}

fn cannot_store(what: &str, t: &Type, list: &Type) -> CallError {
    CallError::typing(format!(
        "{what} a value of type {t} to a {list}: the items of a list keep the type they have \
         where it is made"
    ))
}

/// The type of a call of `f` with its bound arguments (the receiver first).
pub fn type_call(f: ListFn, args: &super::CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let list = &t[0];
    let item = match list {
        Type::List(item) => (**item).clone(),
        _ if f.is_method() => {
            return Err(CallError::typing(format!("{}() of {list}", f.name())));
        }
        _ => Type::NoneType,
    };
    match f {
        ListFn::Append => {
            if !fits(&item, &t[1]) {
                return Err(cannot_store("cannot append", &t[1], list));
            }
            Ok(Type::NoneType)
        }
        ListFn::Insert => {
            if !t[1].is_integer_like() {
                return Err(CallError::typing(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t[1]
                )));
            }
            if !fits(&item, &t[2]) {
                return Err(cannot_store("cannot insert", &t[2], list));
            }
            Ok(Type::NoneType)
        }
        ListFn::Extend => {
            let Some(from) = items_of(&t[1]) else {
                return Err(CallError::typing(format!(
                    "'{}' object is not iterable",
                    t[1]
                )));
            };
            if !fits(&item, &from) {
                return Err(cannot_store("cannot extend with", &from, list));
            }
            Ok(Type::NoneType)
        }
        ListFn::Pop => {
            if !t[1].is_integer_like() {
                return Err(CallError::typing(format!(
                    "'{}' object cannot be interpreted as an integer",
                    t[1]
                )));
            }
            Ok(item)
        }
        ListFn::Remove | ListFn::Count | ListFn::Index => {
            searchable(&item, &t[1])?;
            if t[2..].iter().any(|x| !x.is_integer_like()) {
                return Err(CallError::typing(
                    "slice indices must be integers or have an __index__ method",
                ));
            }
            Ok(match f {
                ListFn::Remove => Type::NoneType,
                _ => Type::I64,
            })
        }
        ListFn::Clear | ListFn::Reverse => Ok(Type::NoneType),
        ListFn::Contains => {
            searchable(&item, &t[1])?;
            Ok(Type::Bool)
        }
        ListFn::DelItem => {
            if !(t[1].is_integer_like() || t[1] == Type::Slice) {
                return Err(CallError::typing(format!(
                    "list indices must be integers or slices, not {}",
                    t[1]
                )));
            }
            Ok(Type::NoneType)
        }
        ListFn::Copy => Ok(list.clone()),
        ListFn::Sort => {
            sort_options(&t[1], &t[2])?;
            sortable(&item)?;
            Ok(Type::NoneType)
        }
        ListFn::EmptyList => {
            if !t[1].is_integer_like() {
                return Err(CallError::typing(
                    "empty_list(): allocated must be an integer",
                ));
            }
            Ok(Type::List(item_type(&t[0])?.into()))
        }
        ListFn::SortByKeys => type_sort_by_keys(t),
        ListFn::New | ListFn::TypedNew => match &t[0] {
            Type::NoneType => Err(CallError::unsupported(
                "list() without an argument: write [] (its item type then comes from its uses)",
            )),
            it => {
                let from = items_of(it)
                    .ok_or_else(|| CallError::typing(format!("'{it}' object is not iterable")))?;
                Ok(Type::List(from.into()))
            }
        },
        ListFn::Sorted => {
            let from = items_of(&t[0])
                .ok_or_else(|| CallError::typing(format!("'{}' object is not iterable", t[0])))?;
            sort_options(&t[1], &t[2])?;
            sortable(&from)?;
            Ok(Type::List(from.into()))
        }
    }
}

/// `key=` (here only `None`: `ssa/sortkey.rs` lowers a key function) and `reverse=` of a sort.
fn sort_options(key: &Type, reverse: &Type) -> Result<(), CallError> {
    if *key != Type::NoneType {
        return Err(CallError::unsupported(
            "a key function is supported as the key= keyword of the builtin sorted() or of \
             list.sort()",
        ));
    }
    if !reverse.is_integer_like() {
        return Err(CallError::typing(format!(
            "'{reverse}' object cannot be interpreted as an integer"
        )));
    }
    Ok(())
}

/// Items that `<` orders: numbers (not complex), strings, and tuples and lists of those.
pub(crate) fn sortable(item: &Type) -> Result<(), CallError> {
    if matches!(item, Type::Undetermined(_)) || super::iterables::orderable(item) {
        Ok(())
    } else {
        Err(CallError::unsupported(format!(
            "sorting items of type {item} is not supported (numbers, strings, and tuples and \
             lists of those are)"
        )))
    }
}

/// Whether `==` compares an item with `x` (numbers with numbers, tuples item by item).
fn comparable(item: &Type, x: &Type) -> Result<(), CallError> {
    let ok = match (item, x) {
        (Type::Undetermined(_), _) => true,
        // `None` equals only `None`.
        (a, b) if crate::types::optional::equality_with_none(true, a, b) => {
            super::operators::compare(crate::ir::CmpOp::Eq, a, b).is_ok()
        }
        (a, b) if a.is_numeric() && b.is_numeric() => true,
        (a, b) if is_str(a) && is_str(b) => true,
        (Type::Tuple(a), Type::Tuple(b)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|(p, q)| (p.is_numeric() && q.is_numeric()) || (is_str(p) && is_str(q)))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(CallError::unsupported(format!(
            "comparing items of type {item} with a value of type {x} is not supported"
        )))
    }
}

/// Whether `x in l`, `l.index(x)`, `l.count(x)` and `l.remove(x)` compare the items with `x`:
/// as `==` compares them (lists of lists too), or never equal where the kinds differ (`"a" in
/// [1, 2]` is False in CPython, and so in an empty list argument typed as a list of int64).
fn searchable(item: &Type, x: &Type) -> Result<(), CallError> {
    use super::tuple::{equality, Equality};
    if comparable(item, x).is_ok() || equality(item, x) != Equality::Unsupported {
        Ok(())
    } else {
        comparable(item, x)
    }
}

/// `a + b`, `a * n`, `n * a` and `a += b` where a list is involved; `None` where none is.
pub fn binop(op: crate::callee::BinOp, a: &Type, b: &Type) -> Option<Result<Type, String>> {
    use crate::callee::BinOp;
    if !matches!(a, Type::List(_)) && !matches!(b, Type::List(_)) {
        return None;
    }
    Some(match (op, a, b) {
        (BinOp::Add, Type::List(x), Type::List(y)) => {
            if matches!(**x, Type::Undetermined(_)) {
                Ok(b.clone())
            } else if matches!(**y, Type::Undetermined(_)) || stores_as(x, y) {
                Ok(a.clone())
            } else {
                Err(format!(
                    "cannot concatenate a {a} and a {b}: the items of a list keep one type"
                ))
            }
        }
        (BinOp::Mul, Type::List(_), n) | (BinOp::Mul, n, Type::List(_)) if n.is_integer_like() => {
            Ok(if matches!(a, Type::List(_)) { a } else { b }.clone())
        }
        _ => Err(format!(
            "unsupported operand type(s) for {}: '{a}' and '{b}'",
            op.symbol()
        )),
    })
}

/// Whether lists compare with `op` (`==`, `!=`, `<`... item by item, as Python's).
/// `compare` tells whether items compare (`registry::operators::compare`, passed in so that
/// this module does not depend on that one).
pub fn comparable_lists(
    op: crate::callee::CmpOp,
    a: &Type,
    b: &Type,
    compare: &dyn Fn(crate::callee::CmpOp, &Type, &Type) -> bool,
) -> bool {
    use crate::callee::CmpOp;
    let (Type::List(x), Type::List(y)) = (a, b) else {
        return false;
    };
    // Items compare as values of their types do (lists of lists, of tuples of lists...,
    // lexicographically at each level).
    let items = |p: &Type, q: &Type| match op {
        CmpOp::Eq | CmpOp::Ne => comparable(p, q).is_ok() || compare(op, p, q),
        CmpOp::Is | CmpOp::IsNot => false,
        _ => {
            matches!(p, Type::Undetermined(_))
                || matches!(q, Type::Undetermined(_))
                || p.is_real() && q.is_real()
                || is_str(p) && is_str(q)
                || matches!((p, q), (Type::Tuple(_), Type::Tuple(_)))
                || compare(op, p, q)
        }
    };
    !matches!(op, CmpOp::Is | CmpOp::IsNot) && items(x, y)
}

/// The item type a type object given to `List.empty_list` / `Dict.empty` stands for
/// (`types.int64`, `types.float64`, `types.unicode_type`, or any type held as a value:
/// `float_array = types.float64[:]`).
pub fn item_type(t: &Type) -> Result<Type, CallError> {
    if let Type::Builtin(Builtin::Str(crate::callee::StrFn::Str)) = t {
        return Ok(Type::Str);
    }
    if let Type::TypeRef(held) = t {
        return Ok((**held).clone());
    }
    match super::args::dtype_argument(t) {
        Ok(Some(x)) => Ok(x),
        _ => Err(CallError::typing(format!(
            "{t} is not a type a typed container holds in compiled code (a type object is: \
             types.int64, types.unicode_type, types.float64[:]...)"
        ))),
    }
}

/// `l.__sort_by_keys__(keys, reverse)` (what `sorted(xs, key=f)` becomes, `ssa/sortkey.rs`).
fn type_sort_by_keys(t: &[Type]) -> Result<Type, CallError> {
    let Type::List(key) = &t[1] else {
        unreachable!("ssa/sortkey.rs passes a list of keys")
    };
    sortable(key).map_err(|_| {
        CallError::unsupported(format!(
            "sorting by keys of type {key} is not supported (numbers, strings and tuples of \
             those are)"
        ))
    })?;
    sort_options(&Type::NoneType, &t[2])?;
    Ok(Type::NoneType)
}
