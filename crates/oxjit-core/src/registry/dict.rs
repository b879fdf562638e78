//! The methods of dicts (`d.get(k, default)`, `d.items()`, ...) and `hash()`: their entries,
//! parameters (CPython's: positional only) and typing. Codegen's `lower/dict*.rs` holds their
//! implementations. Keys are numbers, strings and tuples of those, hashed as CPython hashes them.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{Builtin, DictFn};
use crate::ir::Const;
use crate::types::{
    is_hashable, keys_match, stores_as, unify, ModuleKind, Type, ITEMS, KEYS, VALUES,
};

/// The default of `d.pop(k)` when none is given (no source text can spell it).
pub const NO_DEFAULT: &str = "\u{0}no default";

/// The table's entries of the dict family.
pub fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = DictFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::Dict(*f), Receiver::Dict, f.name()))
        .collect();
    out.push(Entry::function(
        Builtin::Dict(DictFn::Hash),
        ModuleKind::Builtins,
        "hash",
    ));
    // `Dict.empty` is found as an attribute of `Dict` (`typeinfer/rules/attributes.rs`).
    out.push(Entry::function(
        Builtin::Dict(DictFn::TypedNew),
        ModuleKind::Typed,
        "Dict",
    ));
    out
}

/// The parameters of `f` (a method's receiver first).
pub fn signature(f: DictFn, method: bool) -> Signature {
    let pos = |name: &str| Param::req(name).kind(ParamKind::PositionalOnly);
    let opt = |name: &str, c: Const| Param::opt(name, c).kind(ParamKind::PositionalOnly);
    let mut params = match f {
        DictFn::Get => vec![pos("key"), opt("default", Const::None)],
        DictFn::SetDefault => vec![pos("key"), opt("default", Const::None)],
        DictFn::Pop => vec![pos("key"), opt("default", Const::Str(NO_DEFAULT.into()))],
        DictFn::Update => vec![pos("other")],
        DictFn::Contains | DictFn::DelItem => vec![pos("key")],
        DictFn::Hash => vec![pos("obj")],
        // `Dict(iterable)` (`Dict()` alone is typed as `{}`: `typeinfer/rules/typed.rs`).
        DictFn::TypedNew => vec![pos("iterable")],
        DictFn::Empty => vec![
            Param::req("key_type"),
            Param::req("value_type"),
            Param::opt("n_keys", Const::Int(0)),
        ],
        _ => vec![],
    };
    let is_method = !matches!(f, DictFn::Hash | DictFn::TypedNew | DictFn::Empty);
    if is_method {
        params.insert(0, pos("self"));
    }
    let name = match method || !is_method {
        true => f.name().to_string(),
        false => format!("dict.{}", f.name()),
    };
    Signature::new(name, params, Style::Library).hiding(is_method as usize)
}

fn unhashable(t: &Type) -> CallError {
    CallError::typing(format!(
        "unhashable type: '{t}' (keys are numbers, strings and tuples of those)"
    ))
}

/// A key of type `k` for a dict with keys of type `key`.
fn check_key(key: &Type, k: &Type, dict: &Type) -> Result<(), CallError> {
    if !is_hashable(k) {
        return Err(unhashable(k));
    }
    if !keys_match(key, k) {
        return Err(CallError::typing(format!(
            "cannot look a key of type {k} up in a {dict}"
        )));
    }
    Ok(())
}

/// The value of a lookup that falls back to `default`: both unified.
fn with_default(value: &Type, default: &Type) -> Result<Type, CallError> {
    Ok(match (value, default) {
        (Type::Undetermined(_), _) => value.clone(),
        (v, Type::NoneType) => Type::Optional(v.clone().into()),
        (v, d) => unify(v, d).ok_or_else(|| {
            CallError::typing(format!(
                "the default of type {d} does not unify with the dict's values of type {v}"
            ))
        })?,
    })
}

/// `Dict(iterable)` (Numba's typed Dict of an iterable of pairs): the keys and values of its
/// 2-tuples, as `dict(iterable)`. A mapping is refused, as Numba refuses it.
fn typed_dict_of_pairs(iterable: &Type) -> Result<Type, CallError> {
    if matches!(iterable, Type::Dict(..)) {
        return Err(CallError::typing(format!(
            "Dict() of a mapping ({iterable}) is not supported: Dict(iterable) takes an iterable \
             of (key, value) pairs, as Numba's"
        )));
    }
    let item = crate::types::iter_type(iterable)
        .map(|it| crate::types::next_type(&it))
        .map_err(|_| CallError::typing(format!("'{iterable}' object is not iterable")))?;
    let Type::Tuple(pair) = crate::types::widen_literal(&item) else {
        return Err(CallError::typing(format!(
            "Dict(iterable) takes (key, value) pairs, not items of type {item}"
        )));
    };
    let [k, v] = &pair[..] else {
        return Err(CallError::typing(format!(
            "Dict(iterable) takes (key, value) pairs, not items of type {item} \
             (dictionary update sequence element has length {}; 2 is required)",
            pair.len()
        )));
    };
    if !is_hashable(k) {
        return Err(unhashable(k));
    }
    Ok(Type::Dict(k.clone().into(), v.clone().into()))
}

/// The type of a call of `f` with its bound arguments (the receiver first).
pub fn type_call(f: DictFn, args: &super::CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if f == DictFn::Empty {
        let k = super::list::item_type(&t[0])?;
        if !is_hashable(&k) && !crate::types::is_str(&k) {
            return Err(unhashable(&k));
        }
        return Ok(Type::Dict(k.into(), super::list::item_type(&t[1])?.into()));
    }
    if f == DictFn::TypedNew {
        return typed_dict_of_pairs(&t[0]);
    }
    if f == DictFn::Hash {
        return if is_hashable(&t[0]) || crate::types::is_str(&t[0]) {
            Ok(Type::I64)
        } else {
            Err(unhashable(&t[0]))
        };
    }
    let dict = &t[0];
    let Type::Dict(key, value) = dict else {
        return Err(CallError::typing(format!("{}() of {dict}", f.name())));
    };
    let (key, value) = (&**key, &**value);
    match f {
        DictFn::Get => {
            check_key(key, &t[1], dict)?;
            with_default(value, &t[2])
        }
        DictFn::SetDefault => {
            check_key(key, &t[1], dict)?;
            if t[2] == Type::NoneType {
                return Err(CallError::unsupported(
                    "setdefault() without a default (None) is not supported: give the default value",
                ));
            }
            if !matches!(value, Type::Undetermined(_)) && !stores_as(value, &t[2]) {
                return Err(CallError::typing(format!(
                    "cannot store a default of type {} in a {dict}",
                    t[2]
                )));
            }
            Ok(value.clone())
        }
        DictFn::Pop => {
            check_key(key, &t[1], dict)?;
            match &t[2] {
                Type::StrLiteral(s) if &**s == NO_DEFAULT => Ok(value.clone()),
                d => with_default(value, d),
            }
        }
        DictFn::PopItem => Ok(Type::tuple(vec![key.clone(), value.clone()])),
        DictFn::Update => match &t[1] {
            Type::Dict(k, v)
                if keys_match(key, k)
                    && (matches!(value, Type::Undetermined(_)) || stores_as(value, v)) =>
            {
                Ok(Type::NoneType)
            }
            other => Err(CallError::typing(format!(
                "update() of a {dict} with a {other} (a dict of the same types is needed)"
            ))),
        },
        DictFn::Items | DictFn::Keys | DictFn::Values => {
            let part = match f {
                DictFn::Keys => KEYS,
                DictFn::Values => VALUES,
                _ => ITEMS,
            };
            Ok(Type::DictView(
                key.clone().into(),
                value.clone().into(),
                part,
            ))
        }
        DictFn::Clear => Ok(Type::NoneType),
        DictFn::Copy => Ok(dict.clone()),
        DictFn::Contains => {
            check_key(key, &t[1], dict)?;
            Ok(Type::Bool)
        }
        DictFn::DelItem => {
            check_key(key, &t[1], dict)?;
            Ok(Type::NoneType)
        }
        DictFn::Hash | DictFn::Empty | DictFn::TypedNew => unreachable!("handled above"),
    }
}
