//! The methods of compiled generators: entries, parameters (CPython's) and typing. `send` and
//! `throw` are not methods here (their values would need the `yield` expression typed from the
//! consumer): calling them is the missing-attribute error.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind, Signature, Style};
use crate::callee::{Builtin, GenFn};
use crate::types::Type;

/// The table's entries of the generator family.
pub fn entries() -> Vec<Entry> {
    GenFn::METHODS
        .iter()
        .map(|f| Entry::method(Builtin::Generator(*f), Receiver::Generator, f.name()))
        .collect()
}

/// The parameters of `f` (the receiver first).
pub fn signature(f: GenFn, method: bool) -> Signature {
    let params = vec![Param::req("self").kind(ParamKind::PositionalOnly)];
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
        (_, t) => Err(CallError::typing(format!(
            "{}() of {}",
            f.name(),
            t.map_or("nothing".to_string(), |t| t.to_string())
        ))),
    }
}
