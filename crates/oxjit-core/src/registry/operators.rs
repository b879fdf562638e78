//! Typing of operators (binary, unary, comparison).

use super::error::CallError;
use super::{builtins::power_result, elementwise, results};
use crate::ir::{BinOp, CmpOp, Const, UnaryOp};
use crate::numeric::{arith_result, bitwise_result, truediv_result};
use crate::types::{is_str, Type};

fn verb(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div | BinOp::FloorDiv => "divide",
        BinOp::Mod => "take the remainder of",
        BinOp::Pow => "raise",
        BinOp::LShift | BinOp::RShift => "shift",
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => "combine bitwise",
    }
}

/// The type of `a op b`; the error names both inferred types.
pub fn binop(op: BinOp, a: &Type, b: &Type, b_const: Option<&Const>) -> Result<Type, String> {
    if elementwise::any_array(&[a, b]) {
        return Ok(results::elementwise_result(
            elementwise::binop(op, a, b)?,
            &[a, b],
        ));
    }
    if is_str(a) || is_str(b) {
        return str_binop(op, a, b);
    }
    if let Some(t) = super::list::binop(op, a, b) {
        return t;
    }
    if let Some(t) = super::set::binop(op, a, b) {
        return t;
    }
    let result = match op {
        BinOp::Add if matches!((a, b), (Type::Tuple(_), Type::Tuple(_))) => {
            let (Type::Tuple(x), Type::Tuple(y)) = (a, b) else {
                unreachable!()
            };
            Some(Type::tuple(x.iter().chain(y.iter()).cloned().collect()))
        }
        BinOp::Add | BinOp::Sub | BinOp::Mul => arith_result(a, b),
        BinOp::Div => truediv_result(a, b),
        BinOp::FloorDiv | BinOp::Mod => match arith_result(a, b) {
            Some(Type::Complex(_)) => {
                return Err(format!(
                    "cannot {} complex numbers ({a} {} {b})",
                    verb(op),
                    op.symbol()
                ))
            }
            r => r,
        },
        BinOp::Pow => power_result(a, b, b_const),
        BinOp::LShift | BinOp::RShift => bitwise_result(a, b, true),
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => bitwise_result(a, b, false),
    };
    result.ok_or_else(|| {
        format!(
            "cannot {} {a} and {b} (operator '{}')",
            verb(op),
            op.symbol()
        )
    })
}

/// Whether a `%` template converts with `repr()`/`ascii()` (`%r`, `%-4a`, `%(k)r`).
fn has_repr_conversion(template: &str) -> bool {
    let mut chars = template.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            continue;
        }
        let mut in_key = false;
        for c in chars.by_ref() {
            match c {
                '(' => in_key = true,
                ')' => in_key = false,
                _ if in_key => {}
                '-' | '+' | ' ' | '#' | '.' | '*' | '0'..='9' | 'h' | 'l' | 'L' => {}
                c => {
                    if c == 'r' || c == 'a' {
                        return true;
                    }
                    break;
                }
            }
        }
    }
    false
}

/// `a op b` where one operand is a string: `+` of strings, `*` by an integer, `%` formatting.
fn str_binop(op: BinOp, a: &Type, b: &Type) -> Result<Type, String> {
    // Numbers and strings; lists, dicts, sets, tuples and `None` by their text (`%s`, `%r`);
    // integers of every width where a constant template has no `%r`/`%a` (NumPy's repr).
    let narrow_ok = matches!(a, Type::StrLiteral(t) if !has_repr_conversion(t));
    let textual = |t: &Type| {
        super::strs::is_textual(t)
            || (narrow_ok && matches!(t, Type::Int(_)))
            || super::strs::is_container_text(t)
    };
    let ok = match op {
        BinOp::Add => is_str(a) && is_str(b),
        BinOp::Mul => (is_str(a) && b.is_integer_like()) || (a.is_integer_like() && is_str(b)),
        BinOp::Mod => {
            is_str(a)
                && match b {
                    Type::Tuple(items) => items.iter().all(textual),
                    t => textual(t),
                }
        }
        _ => false,
    };
    if ok {
        Ok(Type::Str)
    } else {
        Err(format!(
            "cannot {} {a} and {b} (operator '{}')",
            verb(op),
            op.symbol()
        ))
    }
}

pub fn unary(op: UnaryOp, a: &Type) -> Result<Type, String> {
    if elementwise::any_array(&[a]) {
        return Ok(results::elementwise_result(
            elementwise::unary(op, a)?,
            &[a],
        ));
    }
    let r = match op {
        UnaryOp::Not if crate::types::has_truth(a) => Some(Type::Bool),
        UnaryOp::Neg | UnaryOp::Pos => match a {
            Type::Bool | Type::Int(_) => arith_result(a, a),
            Type::Float(_) | Type::Complex(_) => Some(a.clone()),
            _ => None,
        },
        UnaryOp::Invert => match a {
            // Numba's rule (NumPy's for its booleans): `~b` is `not b`, a bool, for every
            // boolean; CPython's `~True == -2` holds for Python's bools only, which compiled
            // code does not tell from NumPy's (an array item, a comparison).
            Type::Bool => Some(Type::Bool),
            Type::Int(_) => arith_result(a, a),
            _ => None,
        },
        UnaryOp::Not => None,
    };
    r.ok_or_else(|| format!("bad operand type for unary '{}': {a}", op.symbol().trim()))
}

/// The type of `a op b` (a comparison). Equal types compare only where a model of codegen
/// compares them (numbers, tuples item by item, `None`): `range(3) == range(3)` is Python that
/// oxjit does not compile.
pub fn compare(op: CmpOp, a: &Type, b: &Type) -> Result<Type, CallError> {
    use crate::types::optional;
    if optional::equality_with_none(matches!(op, CmpOp::Eq | CmpOp::Ne), a, b) {
        // `None` equals only `None`; two values compare as themselves.
        let (x, y) = (optional::strip(a), optional::strip(b));
        if x == Type::NoneType || y == Type::NoneType || compare(op, &x, &y).is_ok() {
            return Ok(Type::Bool);
        }
    }
    // `<` of a value that may be `None` raises `TypeError` where it is (codegen's
    // `order_maybe_none`); two values order as themselves.
    let ordering = matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge);
    if optional::ordering_with_none(ordering, a, b) {
        let (x, y) = (optional::strip(a), optional::strip(b));
        if x != Type::NoneType && y != Type::NoneType && compare(op, &x, &y) == Ok(Type::Bool) {
            return Ok(Type::Bool);
        }
    }
    // `type(x) is int`: two classes, decided when compiling (typing records the answer).
    if matches!(op, CmpOp::Is | CmpOp::IsNot | CmpOp::Eq | CmpOp::Ne)
        && super::introspect::same_class(a, b).is_some()
    {
        return Ok(Type::Bool);
    }
    // `a.dtype == np.float64`: decided when compiling (`a.dtype == 'f8'` too).
    if matches!(op, CmpOp::Eq | CmpOp::Ne) && super::args::same_dtype(a, b).is_some() {
        return Ok(Type::Bool);
    }
    // `'foo' == 1`, `t is False` of a string or an int: never, decided when compiling.
    if decided_unequal(op, a, b) {
        return Ok(Type::Bool);
    }
    if (is_str(a) || is_str(b)) && !matches!(op, CmpOp::Is | CmpOp::IsNot) {
        return if is_str(a) && is_str(b) {
            Ok(Type::Bool)
        } else {
            Err(CallError::typing(format!(
                "cannot compare {a} and {b} with '{}'",
                op.symbol()
            )))
        };
    }
    // Bytes compare with bytes, `==` and `!=` only (by their bytes).
    if (*a == Type::Bytes || *b == Type::Bytes) && !matches!(op, CmpOp::Is | CmpOp::IsNot) {
        return if *a == *b && matches!(op, CmpOp::Eq | CmpOp::Ne) {
            Ok(Type::Bool)
        } else {
            Err(CallError::unsupported(format!(
                "'{}' of {a} and {b} is not supported in compiled code (bytes compare with \
                 bytes by == and != only)",
                op.symbol()
            )))
        };
    }
    // `x is None` asks about the value itself, never elementwise.
    if elementwise::any_array(&[a, b]) && !matches!(op, CmpOp::Is | CmpOp::IsNot) {
        return Ok(results::elementwise_result(
            elementwise::compare(op, a, b)?,
            &[a, b],
        ));
    }
    let ok = match op {
        CmpOp::Is | CmpOp::IsNot => {
            matches!(a, Type::NoneType)
                || matches!(b, Type::NoneType)
                || (a == b && (a.is_numeric() || is_container(a)))
        }
        _ if matches!(a, Type::Set(_)) || matches!(b, Type::Set(_)) => {
            super::set::comparable_sets(op, a, b)
        }
        // Dicts: `==`/`!=` only, keys of one type, values that `==` compares.
        CmpOp::Eq | CmpOp::Ne if matches!(a, Type::Dict(..)) || matches!(b, Type::Dict(..)) => {
            match (a, b) {
                (Type::Dict(ka, va), Type::Dict(kb, vb)) => {
                    ka == kb && compare(CmpOp::Eq, va, vb) == Ok(Type::Bool)
                }
                _ => false,
            }
        }
        _ if matches!(a, Type::List(_)) || matches!(b, Type::List(_)) => {
            super::list::comparable_lists(op, a, b, &|o, p, q| compare(o, p, q).is_ok())
        }
        CmpOp::Eq | CmpOp::Ne => {
            (a.is_numeric() && b.is_numeric())
                || comparable_tuples(a, b, true)
                || (a == b && *a == Type::NoneType)
        }
        _ => (a.is_real() && b.is_real()) || comparable_tuples(a, b, false),
    };
    if ok {
        Ok(Type::Bool)
    } else if a == b && matches!(op, CmpOp::Eq | CmpOp::Ne) {
        Err(CallError::unsupported(format!(
            "cannot compare values of type {a}"
        )))
    } else {
        Err(CallError::typing(format!(
            "cannot compare {a} and {b} with '{}'",
            op.symbol()
        )))
    }
}

/// The class family of a value of `t` for [`never_equal`]: numbers (which compare equal across
/// types, `True == 1 == 1.0`), strings, bytes, tuples, lists, dicts; `None` for the rest.
fn equality_family(t: &Type) -> Option<u8> {
    Some(match t {
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_) => 0,
        t if is_str(t) => 1,
        Type::Bytes => 2,
        Type::Tuple(_) => 3,
        Type::List(_) => 4,
        Type::Dict(..) => 5,
        _ => return None,
    })
}

/// Whether values of `a` and `b` are never equal, nor the same object, in CPython: objects of
/// unrelated builtin classes (a string and a number, a number and a tuple, a list and a
/// tuple), whose `==` is `False` and `is` too. Typing answers such a comparison when compiling
/// (as Numba does), so that `x == 'a'` over the items of a `literal_unroll` loop compiles for
/// each item.
pub fn never_equal(a: &Type, b: &Type) -> bool {
    matches!((equality_family(a), equality_family(b)), (Some(x), Some(y)) if x != y)
}

/// Whether `a op b` is known to be false (`==`, `is`) or true (`!=`, `is not`) from the types:
/// values of unrelated classes ([`never_equal`]), and for `is` also numbers of different
/// classes (`1 is False`, `1.0 is 1`: a bool, an int and a float are never one object).
pub fn decided_unequal(op: CmpOp, a: &Type, b: &Type) -> bool {
    let number_class = |t: &Type| match t {
        Type::Bool => Some(0),
        Type::Int(_) => Some(1),
        Type::Float(_) => Some(2),
        Type::Complex(_) => Some(3),
        _ => None,
    };
    match op {
        CmpOp::Eq | CmpOp::Ne => never_equal(a, b),
        CmpOp::Is | CmpOp::IsNot => {
            never_equal(a, b)
                || matches!((number_class(a), number_class(b)), (Some(x), Some(y)) if x != y)
        }
        _ => false,
    }
}

/// Lists, dicts and sets: values held by reference, whose `is` compares the blocks.
pub fn is_container(t: &Type) -> bool {
    matches!(t, Type::List(_) | Type::Dict(..) | Type::Set(_))
}

fn comparable_tuples(a: &Type, b: &Type, equality: bool) -> bool {
    match (a, b) {
        (Type::Tuple(x), Type::Tuple(y)) => x.iter().zip(y.iter()).all(|(p, q)| {
            if equality {
                compare(CmpOp::Eq, p, q).is_ok()
            } else {
                compare(CmpOp::Lt, p, q).is_ok()
            }
        }),
        _ => false,
    }
}
