//! Numba's implicit conversions between types (`typingctx.can_convert`), which decide what an
//! explicit signature accepts: the arguments a locked dispatcher converts to one of its
//! signatures (at the Python boundary and for calls from compiled code), and the values a
//! function may return where its signature declares the return type.

use crate::types::{Layout, Type};

/// How good a conversion is, best first (Numba's `Conversion`, whose order decides overloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Conversion {
    Exact,
    /// To a wider type of the same kind (int8 to int16, float32 to float64).
    Promote,
    /// Without loss to another kind (int32 to float64, float32 to complex64).
    Safe,
    /// With possible loss (int64 to int8, float64 to int64, int64 to float32).
    Unsafe,
}

/// Numeric types in the order of `SCALAR_TABLE`'s rows and columns.
fn scalar_index(t: &Type) -> Option<usize> {
    Some(match t {
        Type::Bool => 0,
        Type::Int(i) => {
            let base = if i.signed { 1 } else { 5 };
            base + [8, 16, 32, 64].iter().position(|b| *b == i.bits)?
        }
        Type::Float(32) => 9,
        Type::Float(64) => 10,
        Type::Complex(64) => 11,
        Type::Complex(128) => 12,
        _ => return None,
    })
}

/// `typingctx.can_convert(row, column)` for Numba's numeric types (numba/core/typeconv/rules.py,
/// closed transitively), as Numba 0.68 answers it: E exact, P promote, S safe, U unsafe, `-` no
/// conversion. Rows and columns: bool, int8..int64, uint8..uint64, float32, float64, complex64,
/// complex128. Complex numbers convert to nothing but complex numbers.
const SCALAR_TABLE: [&str; 13] = [
    "ESSSSSSSSSSSS", // bool
    "UEPPPUUUUSSSS", // int8
    "UUEPPUUUUSSSS", // int16
    "UUUEPUUUUUSUS", // int32
    "UUUUEUUUUUSUS", // int64
    "UUSSSEPPPSSSS", // uint8
    "UUUSSUEPPUSUS", // uint16
    "UUUUSUUEPUSUS", // uint32
    "UUUUUUUUEUSUS", // uint64
    "UUUUUUUUUEPSS", // float32
    "UUUUUUUUUUEUS", // float64
    "-----------EP", // complex64
    "-----------UE", // complex128
];

fn scalar_conversion(from: usize, to: usize) -> Option<Conversion> {
    match SCALAR_TABLE[from].as_bytes()[to] {
        b'E' => Some(Conversion::Exact),
        b'P' => Some(Conversion::Promote),
        b'S' => Some(Conversion::Safe),
        b'U' => Some(Conversion::Unsafe),
        _ => None,
    }
}

/// How a value of type `from` converts to `to`, or `None` where Numba has no conversion.
pub fn can_convert(from: &Type, to: &Type) -> Option<Conversion> {
    if from == to {
        return Some(Conversion::Exact);
    }
    if let (Some(f), Some(t)) = (scalar_index(from), scalar_index(to)) {
        return scalar_conversion(f, t);
    }
    match (from, to) {
        // Numba's `Array.can_convert_to`: same dtype and ndim; any layout to `A`; writable to
        // read-only.
        (Type::Array(a), Type::Array(p)) => (a.dtype == p.dtype
            && a.ndim == p.ndim
            && (p.layout == a.layout || p.layout == Layout::A)
            && (p.readonly || !a.readonly))
            .then_some(Conversion::Safe),
        // Tuples item by item, at best safe (`BaseTuple.can_convert_to`).
        (Type::Tuple(a), Type::Tuple(p)) if a.len() == p.len() => {
            let mut worst = Conversion::Safe;
            for (x, y) in a.iter().zip(p.iter()) {
                worst = worst.max(can_convert(x, y)?);
            }
            Some(worst)
        }
        (Type::NoneType, Type::Optional(_)) => Some(Conversion::Promote),
        (f, Type::Optional(inner)) => can_convert(f, inner).map(|c| c.max(Conversion::Promote)),
        _ => None,
    }
}

/// The score of one candidate signature for some arguments (Numba's `Rating`): fewer unsafe
/// conversions first, then fewer safe ones, then fewer promotions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rating {
    unsafe_convert: u32,
    safe_convert: u32,
    promote: u32,
}

/// The rating of passing `args` to parameters `params`, or `None` where some argument does not
/// convert (or converts only unsafely and `allow_unsafe` is false).
pub fn rate(args: &[Type], params: &[Type], allow_unsafe: bool) -> Option<Rating> {
    if args.len() != params.len() {
        return None;
    }
    let mut rating = Rating::default();
    for (a, p) in args.iter().zip(params) {
        match can_convert(a, p)? {
            Conversion::Exact => {}
            Conversion::Promote => rating.promote += 1,
            Conversion::Safe => rating.safe_convert += 1,
            Conversion::Unsafe if allow_unsafe => rating.unsafe_convert += 1,
            Conversion::Unsafe => return None,
        }
    }
    Some(rating)
}

/// Numba's overload selection (`TypeManager::selectOverload`): the index of the best-rated
/// signature among `candidates` for `args`, and how many share that best rating (more than one
/// is ambiguous). `None` when no signature accepts the arguments.
pub fn select_overload<'a>(
    args: &[Type],
    candidates: impl IntoIterator<Item = &'a [Type]>,
    allow_unsafe: bool,
) -> Option<(usize, usize)> {
    let mut best: Option<(Rating, usize, usize)> = None;
    for (i, params) in candidates.into_iter().enumerate() {
        let Some(r) = rate(args, params, allow_unsafe) else {
            continue;
        };
        best = match best {
            Some((b, index, count)) if r == b => Some((b, index, count + 1)),
            Some((b, _, _)) if r > b => best,
            _ => Some((r, i, 1)),
        };
    }
    best.map(|(_, index, count)| (index, count))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_rules_follow_numba() {
        let i8 = Type::int(8, true);
        let u8 = Type::int(8, false);
        assert_eq!(can_convert(&Type::I64, &Type::F64), Some(Conversion::Safe));
        assert_eq!(
            can_convert(&Type::F64, &Type::I64),
            Some(Conversion::Unsafe)
        );
        assert_eq!(can_convert(&i8, &Type::I64), Some(Conversion::Promote));
        assert_eq!(can_convert(&u8, &i8), Some(Conversion::Unsafe));
        assert_eq!(can_convert(&Type::C128, &Type::F64), None);
        assert_eq!(
            can_convert(&Type::F64, &Type::Complex(64)),
            Some(Conversion::Unsafe)
        );
        assert_eq!(
            can_convert(&Type::Float(32), &Type::F64),
            Some(Conversion::Promote)
        );
    }

    #[test]
    fn overloads_prefer_safe_and_report_ties() {
        let i32 = Type::int(32, true);
        let i16 = Type::int(16, true);
        let sigs: [Vec<Type>; 2] = [vec![i32.clone()], vec![Type::F64]];
        // int64 -> int32 is unsafe, int64 -> float64 safe: float64 wins.
        assert_eq!(
            select_overload(&[Type::I64], sigs.iter().map(|s| &s[..]), true),
            Some((1, 1))
        );
        let tie: [Vec<Type>; 2] = [vec![Type::Float(32)], vec![i16]];
        assert_eq!(
            select_overload(&[Type::I64], tie.iter().map(|s| &s[..]), true),
            Some((0, 2))
        );
        assert_eq!(
            select_overload(&[Type::F64], sigs[..1].iter().map(|s| &s[..]), false),
            None
        );
    }
}
