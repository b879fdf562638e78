//! Optionals (`OptionalType(int64)`): a value or `None`, where branches returning or assigning
//! `None` and a value meet. Used as an operand, an optional is its value (a `None` raises
//! `TypeError` at run time).

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{size_align, unify, Type, TypeKind};

pub(super) struct OptionalKind;

impl TypeKind for OptionalKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::Optional(inner) = t else {
            unreachable!("{t:?} is no optional")
        };
        write!(f, "OptionalType({inner})")
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        if word != "OptionalType" {
            return None;
        }
        Some((|| {
            p.expect(b'(')?;
            let inner = p.ty()?;
            p.expect(b')')?;
            Ok(Type::Optional(Arc::new(inner)))
        })())
    }

    fn is_runtime(&self, t: &Type) -> bool {
        matches!(t, Type::Optional(inner) if inner.is_runtime())
    }

    /// An optional meets `None` as itself, and a value (or another optional) as the optional of
    /// where the values meet.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        let Type::Optional(x) = a else {
            unreachable!("{a:?} is no optional")
        };
        match b {
            Type::NoneType => Some(a.clone()),
            Type::Optional(y) => Some(Type::Optional(Arc::new(unify(x, y)?))),
            t => Some(Type::Optional(Arc::new(unify(x, t)?))),
        }
    }

    /// Laid out as the tuple `(is_present, value)`.
    fn size_align(&self, t: &Type) -> (usize, usize) {
        let Type::Optional(inner) = t else {
            unreachable!("{t:?} is no optional")
        };
        size_align(&Type::tuple(vec![Type::Bool, (**inner).clone()]))
    }
}
