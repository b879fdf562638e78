//! The result types of arithmetic on numbers, as Numba types them. Where two numbers meet (a
//! phi, a return) is `types::unify`, NumPy's promotion.

use crate::types::{float_bits, IntTy, Type};

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

/// The result type of `a op b` for `+ - * // %` and `**` on real or complex operands, as Numba
/// types it: integers widen to 64 bits (unsigned only if both are), bools count as integers.
pub fn arith_result(a: &Type, b: &Type) -> Option<Type> {
    if !a.is_numeric() || !b.is_numeric() {
        return None;
    }
    if let Some(t) = half_result(a, b).or_else(|| half_result(b, a)) {
        return Some(t);
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

/// `x op y` where `x` is a float16 scalar, as NumPy's scalar math types it (NEP 50): the int64,
/// float64 and complex128 that Python's numbers are typed as are weak (they take the float16's
/// precision, as `np.float16(1) + 1.0` is float16); NumPy's own scalars promote (None: left to
/// the general rule, float32 for int16 or float32, float64 for wider integers).
fn half_result(x: &Type, y: &Type) -> Option<Type> {
    if *x != Type::Float(16) {
        return None;
    }
    match y {
        Type::Float(16) | Type::Bool => Some(Type::Float(16)),
        Type::Int(i) if i.bits == 8 || *i == IntTy::I64 => Some(Type::Float(16)),
        Type::Float(64) => Some(Type::Float(16)),
        Type::Complex(128) => Some(Type::Complex(64)),
        _ => None,
    }
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
        let half = Type::Float(16);
        assert_eq!(arith_result(&half, &Type::F64), Some(half.clone()));
        assert_eq!(arith_result(&Type::I64, &half), Some(half.clone()));
        assert_eq!(
            arith_result(&half, &Type::int(8, false)),
            Some(half.clone())
        );
        assert_eq!(
            arith_result(&half, &Type::int(16, true)),
            Some(Type::Float(32))
        );
        assert_eq!(arith_result(&half, &Type::int(32, true)), Some(Type::F64));
        assert_eq!(arith_result(&half, &Type::Float(32)), Some(Type::Float(32)));
        assert_eq!(arith_result(&half, &Type::C128), Some(Type::Complex(64)));
    }
}
