//! The keys of the dispatcher's fast path: a code per argument type (plain scalars and common
//! arrays), packed in one word. The compiler computes a specialization's key when it compiles
//! it; the dispatcher compares a call's with it.

use oxjit_core::types::Type;

/// Codes of the fast path: 1 int64, 2 float64, 3 bool, 4 complex128.
pub fn fast_key(types: &[Type]) -> Option<Vec<u16>> {
    types
        .iter()
        .map(|t| match t {
            t if *t == Type::I64 => Some(1),
            t if *t == Type::F64 => Some(2),
            Type::Bool => Some(3),
            t if *t == Type::C128 => Some(4),
            Type::Array(a) => crate::boxing::array_code(a),
            _ => None,
        })
        .collect()
}

/// The fast-path codes of a call packed in one word: 16 bits per argument (the count is the
/// dispatcher's, always the same).
#[inline]
pub fn pack_key(codes: &[u16]) -> u128 {
    codes.iter().fold(0u128, |acc, c| (acc << 16) | *c as u128)
}
