//! `None`: meeting a value of another kind it makes an optional (`x = None` on one path, a value
//! on another).

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{kind_of, Type, TypeKind};

pub(super) struct NoneKind;

impl TypeKind for NoneKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "none")
    }

    fn parse(&self, word: &str, _p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        (word == "none").then_some(Ok(Type::NoneType))
    }

    fn unify(&self, _a: &Type, b: &Type) -> Option<Type> {
        match b {
            Type::Optional(_) => Some(b.clone()),
            // A string constant on one path: a string or `None`.
            Type::StrLiteral(_) => Some(Type::Optional(Arc::new(Type::Str))),
            t if t.is_runtime() && kind_of(t).may_be_none() => {
                Some(Type::Optional(Arc::new(t.clone())))
            }
            _ => None,
        }
    }

    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (1, 1)
    }
}
