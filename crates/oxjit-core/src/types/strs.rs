//! Strings (`unicode_type`, Numba's name) and their iterator. A string constant is typed
//! `Literal[str]` (an opaque compile-time value, `opaque.rs`) and acts as a string wherever a
//! run-time one is needed: where it meets another string, and as an operand (`is_str`).

use std::fmt;

use super::{Type, TypeKind};

pub(super) struct StrKind;

/// Whether values of `t` are strings: run-time ones or constants.
pub fn is_str(t: &Type) -> bool {
    matches!(t, Type::Str | Type::StrLiteral(_))
}

/// The type a value keeps once it reaches run time (a return, an argument, a container's
/// item): string constants become strings, in tuples too; `...` (Ellipsis) stays itself.
pub fn widen_literal(t: &Type) -> Type {
    match t {
        Type::StrLiteral(_) if !super::is_ellipsis(t) => Type::Str,
        Type::Tuple(items) if items.iter().any(|i| widen_literal(i) != *i) => {
            Type::Tuple(items.map(widen_literal))
        }
        other => other.clone(),
    }
}

/// The type of `s[index]` for a string `s`.
pub(super) fn str_item(t: &Type, index: &Type) -> Result<Type, String> {
    if index.is_integer_like() || *index == Type::Slice {
        Ok(Type::Str)
    } else {
        Err(format!(
            "string indices must be integers, not {index} (indexing {t})"
        ))
    }
}

impl TypeKind for StrKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unicode_type")
    }

    fn parse(
        &self,
        word: &str,
        _p: &mut super::parse::TypeParser<'_>,
    ) -> Option<Result<Type, String>> {
        matches!(word, "unicode_type" | "string").then_some(Ok(Type::Str))
    }

    fn unify(&self, _a: &Type, b: &Type) -> Option<Type> {
        is_str(b).then_some(Type::Str)
    }

    fn iter_type(&self, _t: &Type) -> Result<Type, String> {
        Ok(Type::StrIter)
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        str_item(t, index)
    }
}

pub(super) struct StrSplitIterKind;

impl TypeKind for StrSplitIterKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "iter_unicode_split")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, _it: &Type) -> Option<Type> {
        Some(Type::Str)
    }
}

pub(super) struct StrIterKind;

impl TypeKind for StrIterKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "iter_unicode")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, _it: &Type) -> Option<Type> {
        Some(Type::Str)
    }
}
