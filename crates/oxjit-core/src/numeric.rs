//! Numeric promotion: the result type of arithmetic (as Numba types it) and the unification of
//! two types at a merge (NumPy's promotion; the Numba paper, §4.4: "coercion with preference to
//! avoid information loss").

use crate::types::{IntTy, Type};

fn int_of(t: &Type) -> Option<IntTy> {
    match t {
        Type::Bool => Some(IntTy {
            bits: 8,
            signed: true,
        }),
        Type::Int(i) => Some(*i),
        _ => None,
    }
}

/// The float width that holds every operand (32 only if all floats are float32 and all integers
/// are at most 16 bits, as NumPy promotes).
fn float_bits(types: &[&Type]) -> u8 {
    let all_small = types.iter().all(|t| match t {
        Type::Float(b) => *b == 32,
        Type::Complex(b) => *b == 64,
        Type::Int(i) => i.bits <= 16,
        Type::Bool => true,
        _ => false,
    });
    if all_small {
        32
    } else {
        64
    }
}

/// The result type of `a op b` for `+ - * // %` and `**` on real or complex operands, as Numba
/// types it: integers widen to 64 bits (unsigned only if both are), bools count as integers.
pub fn arith_result(a: &Type, b: &Type) -> Option<Type> {
    if !a.is_numeric() || !b.is_numeric() {
        return None;
    }
    if matches!(a, Type::Complex(_)) || matches!(b, Type::Complex(_)) {
        return Some(Type::Complex(float_bits(&[a, b]) * 2));
    }
    if matches!(a, Type::Float(_)) || matches!(b, Type::Float(_)) {
        return Some(Type::Float(float_bits(&[a, b])));
    }
    let (x, y) = (int_of(a)?, int_of(b)?);
    let unsigned = !x.signed && !y.signed && !matches!(a, Type::Bool) && !matches!(b, Type::Bool);
    Some(Type::Int(IntTy {
        bits: 64,
        signed: !unsigned,
    }))
}

/// The result of true division `a / b`.
pub fn truediv_result(a: &Type, b: &Type) -> Option<Type> {
    match arith_result(a, b)? {
        Type::Int(_) => Some(Type::F64),
        t => Some(t),
    }
}

/// The result of `& | ^ << >>`: integers only; `bool & bool` stays bool for `& | ^`.
pub fn bitwise_result(a: &Type, b: &Type, shift: bool) -> Option<Type> {
    if !shift && *a == Type::Bool && *b == Type::Bool {
        return Some(Type::Bool);
    }
    if !a.is_integer_like() || !b.is_integer_like() {
        return None;
    }
    arith_result(a, b)
}

/// The type both `a` and `b` convert to where they meet (a phi, a return, `min`/`max`).
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Type::NoneType, Type::Optional(_)) | (Type::Optional(_), Type::NoneType) => {
            Some(if let Type::Optional(_) = a {
                a.clone()
            } else {
                b.clone()
            })
        }
        (Type::NoneType, t) | (t, Type::NoneType)
            if t.is_runtime()
                && !matches!(t, Type::RangeIter | Type::TupleIter(_) | Type::ArrayIter(_)) =>
        {
            Some(Type::Optional(std::sync::Arc::new(t.clone())))
        }
        (Type::Optional(x), Type::Optional(y)) => {
            Some(Type::Optional(std::sync::Arc::new(unify(x, y)?)))
        }
        (Type::Optional(x), t) | (t, Type::Optional(x)) => {
            Some(Type::Optional(std::sync::Arc::new(unify(x, t)?)))
        }
        (Type::Tuple(x), Type::Tuple(y)) if x.len() == y.len() => {
            let items: Option<Vec<Type>> =
                x.iter().zip(y.iter()).map(|(p, q)| unify(p, q)).collect();
            Some(Type::tuple(items?))
        }
        _ if a.is_numeric() && b.is_numeric() => Some(unify_numeric(a, b)),
        _ => None,
    }
}

fn unify_numeric(a: &Type, b: &Type) -> Type {
    if matches!(a, Type::Complex(_)) || matches!(b, Type::Complex(_)) {
        let bits = [a, b]
            .iter()
            .map(|t| complex_bits_needed(t))
            .max()
            .unwrap_or(128);
        return Type::Complex(bits);
    }
    if matches!(a, Type::Float(_)) || matches!(b, Type::Float(_)) {
        return Type::Float(float_bits(&[a, b]));
    }
    match (a, b) {
        (Type::Bool, other) | (other, Type::Bool) => other.clone(),
        (Type::Int(x), Type::Int(y)) => promote_ints(*x, *y),
        _ => unreachable!("numeric types are bool, int, float or complex"),
    }
}

fn complex_bits_needed(t: &Type) -> u8 {
    match t {
        Type::Complex(b) => *b,
        Type::Float(32) | Type::Bool => 64,
        Type::Int(i) if i.bits <= 16 => 64,
        _ => 128,
    }
}

/// NumPy's promotion of two integer types.
fn promote_ints(x: IntTy, y: IntTy) -> Type {
    if x.signed == y.signed {
        return Type::Int(IntTy {
            bits: x.bits.max(y.bits),
            signed: x.signed,
        });
    }
    let (s, u) = if x.signed { (x, y) } else { (y, x) };
    if s.bits > u.bits {
        Type::Int(s)
    } else if u.bits < 64 {
        Type::Int(IntTy {
            bits: u.bits * 2,
            signed: true,
        })
    } else {
        Type::F64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_widens_like_numba() {
        assert_eq!(
            arith_result(&Type::int(32, true), &Type::int(8, true)),
            Some(Type::I64)
        );
        assert_eq!(
            arith_result(&Type::int(32, false), &Type::int(8, false)),
            Some(Type::int(64, false))
        );
        assert_eq!(arith_result(&Type::Bool, &Type::Bool), Some(Type::I64));
        assert_eq!(
            arith_result(&Type::Float(32), &Type::Float(32)),
            Some(Type::Float(32))
        );
        assert_eq!(arith_result(&Type::Float(32), &Type::I64), Some(Type::F64));
        assert_eq!(arith_result(&Type::I64, &Type::C128), Some(Type::C128));
        assert_eq!(truediv_result(&Type::I64, &Type::I64), Some(Type::F64));
    }

    #[test]
    fn unify_promotes() {
        assert_eq!(unify(&Type::I64, &Type::F64), Some(Type::F64));
        assert_eq!(unify(&Type::Bool, &Type::I64), Some(Type::I64));
        assert_eq!(unify(&Type::int(64, false), &Type::I64), Some(Type::F64));
        assert_eq!(
            unify(&Type::int(32, false), &Type::int(8, true)),
            Some(Type::I64)
        );
        assert_eq!(unify(&Type::F64, &Type::C128), Some(Type::C128));
        assert_eq!(
            unify(&Type::NoneType, &Type::I64),
            Some(Type::Optional(std::sync::Arc::new(Type::I64)))
        );
        assert_eq!(unify(&Type::Bool, &Type::tuple(vec![])), None);
    }
}
