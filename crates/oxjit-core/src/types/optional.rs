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

/// `t` used as its value: an optional's value type, any other type itself.
pub fn strip(t: &Type) -> Type {
    match t {
        Type::Optional(inner) => (**inner).clone(),
        t => t.clone(),
    }
}

/// Whether a container whose items are of type `item` stores a value that may be `None` as
/// it is: where its items may be `None` too (a display holding `None` or such a value), or
/// are not known yet (`[d.get(k) for k in keys]` holds optionals, as CPython's list holds
/// `None`s; `[v for v in xs if v is not None]` holds numbers, its `v` narrowed by the test).
/// Items of a value type already (a display of numbers) take the value: `None` raises there.
pub fn stores_optional(item: &Type) -> bool {
    matches!(item, Type::Optional(_) | Type::Undetermined(_))
}

/// Whether a value of `t` may be `None` (an optional, or `None` itself).
pub fn may_be_none(t: &Type) -> bool {
    matches!(t, Type::Optional(_) | Type::NoneType)
}

/// Whether `a == b` (`!=`) compares the values as they are, `None` included (`None` equals
/// only `None`), instead of using an optional side as its value: where a side may be `None`
/// and neither is an array (an array compares elementwise, its optional unwrapped).
pub fn equality_with_none(equality: bool, a: &Type, b: &Type) -> bool {
    let array = |t: &Type| matches!(strip(t), Type::Array(_));
    equality && (may_be_none(a) || may_be_none(b)) && !array(a) && !array(b)
}

/// Whether `a op b` for an ordering `op` (`<`, `<=`, `>`, `>=`) takes a side that may be
/// `None` as it is, to raise CPython's `TypeError` where it is `None` (neither side an array,
/// which compares elementwise with its optional unwrapped).
pub fn ordering_with_none(ordering: bool, a: &Type, b: &Type) -> bool {
    let array = |t: &Type| matches!(strip(t), Type::Array(_));
    ordering && (may_be_none(a) || may_be_none(b)) && !array(a) && !array(b)
}

/// The name of the class of a value of `t` as CPython's messages write it (`type(x).__name__`
/// of what the value is in Python: `int`, `float`, `NoneType`, `numpy.int32`...).
pub fn class_name(t: &Type) -> String {
    match t {
        Type::Bool => "bool".into(),
        Type::Int(i) if i.bits == 64 && i.signed => "int".into(),
        Type::Int(i) => format!("numpy.{}int{}", if i.signed { "" } else { "u" }, i.bits),
        Type::Float(64) => "float".into(),
        Type::Float(bits) => format!("numpy.float{bits}"),
        Type::Complex(128) => "complex".into(),
        Type::Complex(bits) => format!("numpy.complex{bits}"),
        Type::NoneType => "NoneType".into(),
        Type::Optional(inner) => class_name(inner),
        Type::Str | Type::StrLiteral(_) => "str".into(),
        Type::Tuple(_) => "tuple".into(),
        Type::List(_) => "list".into(),
        Type::Dict(..) => "dict".into(),
        Type::Set(_) => "set".into(),
        Type::Array(_) => "numpy.ndarray".into(),
        t => t.to_string(),
    }
}
