//! The methods of compiled generators: entries, parameters (CPython's) and typing. `send(v)`
//! passes a value of the generator's items' type (`types::generator::sent_type`), the type its
//! `yield` expressions receive; `throw(E[, v])` takes an exception class and a constant, a number
//! or a string.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{Builtin, GenFn};
use crate::types::{self, Type};

/// The table's entries of the generator family.
pub fn entries() -> Vec<Entry> {
    GenFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::Generator(*f), Receiver::Generator, f.name()))
        .collect()
}

/// The parameters of `f` (the receiver first).
pub fn signature(f: GenFn, method: bool) -> Signature {
    let mut params = vec![Param::req("self").kind(ParamKind::PositionalOnly)];
    match f {
        GenFn::Close | GenFn::ReturnValue => {}
        GenFn::Send | GenFn::Forward => {
            params.push(Param::req("value").kind(ParamKind::PositionalOnly))
        }
        GenFn::Throw => {
            params.push(Param::req("typ").kind(ParamKind::PositionalOnly));
            params.push(Param::none("val").kind(ParamKind::PositionalOnly));
        }
    }
    let name = match method {
        true => f.name().to_string(),
        false => format!("generator.{}", f.name()),
    };
    Signature::new(name, params, Style::Library).hiding(1)
}

/// The type of a call of `f` with its bound arguments (the receiver first).
pub fn type_call(f: GenFn, args: &super::CallArgs) -> Result<Type, CallError> {
    match (f, args.types.first()) {
        (GenFn::Close, Some(Type::Generator(_))) => Ok(Type::NoneType),
        // On any iterable: only a generator's is passed anything (`sent_value_type`).
        (GenFn::Forward, _) => Ok(Type::NoneType),
        // A body returns only numbers of its items' type (`typeinfer/generator.rs`); any
        // other iterable gives `None`, as CPython's iterators do.
        (GenFn::ReturnValue, Some(Type::Generator(item))) if item.is_numeric() => {
            Ok(Type::Optional(item.clone()))
        }
        (GenFn::ReturnValue, _) => Ok(Type::NoneType),
        (GenFn::Send, Some(Type::Generator(item))) => {
            let value = types::widen_literal(&args.types[1]);
            let sent = types::generator::sent_type(item);
            let fits = match (&value, &sent) {
                (Type::NoneType, _) => true,
                (v, Some(s)) => types::unify(v, s).as_ref() == Some(s),
                (_, None) => false,
            };
            if !fits {
                let receives = sent.map_or_else(
                    || "only None (its items are not numbers)".to_string(),
                    |s| format!("values of type {s} (the type of its items)"),
                );
                return Err(CallError::typing(format!(
                    "send() of {value} to a {}: its yield expressions receive {receives}",
                    args.types[0]
                )));
            }
            Ok((**item).clone())
        }
        (GenFn::Throw, Some(Type::Generator(item))) => {
            if !matches!(args.types[1], Type::ExceptionClass(_)) {
                return Err(CallError::typing(format!(
                    "throw() takes an exception class (and a value) in compiled code, not {}",
                    args.types[1]
                )));
            }
            let value = args.types.get(2).unwrap_or(&Type::NoneType);
            let constant = args.consts.get(2).is_some_and(Option::is_some);
            if !(constant || *value == Type::NoneType || value.is_numeric() || types::is_str(value))
            {
                return Err(CallError::typing(format!(
                    "throw()'s value must be a constant, a number or a string, not {value}"
                )));
            }
            Ok((**item).clone())
        }
        (_, t) => Err(CallError::typing(format!(
            "{}() of {}",
            f.name(),
            t.map_or("nothing".to_string(), |t| t.to_string())
        ))),
    }
}
