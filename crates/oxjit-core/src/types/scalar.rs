//! Numbers: `bool`, the integers, `float32`/`float64`, `complex64`/`complex128`. Arithmetic's
//! result types are in `crate::numeric`; this is the kind's name, unification (NumPy's
//! promotion), size, and the attributes of a number.

use std::fmt;

use super::parse::TypeParser;
use super::{Attribute, Type, TypeKind};
use crate::callee::{Builtin, NpFn};

/// Width and signedness of an integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntTy {
    pub bits: u8,
    pub signed: bool,
}

impl IntTy {
    pub const I64: IntTy = IntTy {
        bits: 64,
        signed: true,
    };
    pub const U64: IntTy = IntTy {
        bits: 64,
        signed: false,
    };
}

pub(super) struct ScalarKind;

impl TypeKind for ScalarKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Bool => write!(f, "bool"),
            Type::Int(i) => write!(f, "{}int{}", if i.signed { "" } else { "u" }, i.bits),
            Type::Float(b) => write!(f, "float{b}"),
            Type::Complex(b) => write!(f, "complex{b}"),
            _ => unreachable!("{t:?} is no number"),
        }
    }

    fn parse(&self, word: &str, _p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        Some(Ok(match word {
            "bool" => Type::Bool,
            "float32" => Type::Float(32),
            "float16" => Type::Float(16),
            "float64" => Type::Float(64),
            "complex64" => Type::Complex(64),
            "complex128" => Type::Complex(128),
            _ => {
                let (digits, signed) = match word.strip_prefix("uint") {
                    Some(digits) => (digits, false),
                    None => (word.strip_prefix("int")?, true),
                };
                let bits = digits.parse::<u8>().ok()?;
                if !matches!(bits, 8 | 16 | 32 | 64) {
                    return Some(Err(format!("no integer type of {bits} bits")));
                }
                Type::int(bits, signed)
            }
        }))
    }

    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        b.is_numeric().then(|| unify_numeric(a, b))
    }

    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::Bool => (1, 1),
            Type::Int(i) => ((i.bits / 8) as usize, (i.bits / 8) as usize),
            Type::Float(b) => ((b / 8) as usize, (b / 8) as usize),
            Type::Complex(b) => ((b / 8) as usize, (b / 16) as usize),
            _ => unreachable!("{t:?} is no number"),
        }
    }

    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        match (t, name) {
            (Type::Complex(bits), "real" | "imag") => Attribute::of(Type::Float(bits / 2)),
            (Type::Bool, "real" | "imag") => Attribute::of(Type::I64),
            (Type::Int(_) | Type::Float(_), "real" | "imag") => Attribute::of(t.clone()),
            _ => None,
        }
    }
}

/// The object that `a.dtype` gives for an array of `dtype`: the NumPy scalar type (`np.float64`),
/// which can be called and passed as a `dtype=` argument.
pub fn dtype_object(dtype: &Type) -> Option<Type> {
    use NpFn::*;
    let f = match dtype {
        // `a.dtype` of an array of records names its structured dtype (for `np.empty`).
        Type::RecordDtype(_) => return Some(dtype.clone()),
        Type::Bool => Bool,
        Type::Float(32) => Float32,
        Type::Float(16) => Float16,
        Type::Float(_) => Float64,
        Type::Complex(64) => Complex64,
        Type::Complex(_) => Complex128,
        Type::Int(i) => match (i.bits, i.signed) {
            (8, true) => Int8,
            (16, true) => Int16,
            (32, true) => Int32,
            (64, true) => Int64,
            (8, false) => Uint8,
            (16, false) => Uint16,
            (32, false) => Uint32,
            _ => Uint64,
        },
        _ => return None,
    };
    Some(Type::Builtin(Builtin::Numpy(f)))
}

/// The float width that holds both operands, as NumPy promotes: 16 only if all floats are
/// float16 and all integers at most 8 bits, 32 if all floats are at most float32 and all
/// integers at most 16 bits.
pub(crate) fn float_bits(types: &[&Type]) -> u8 {
    let all_half = types.iter().all(|t| match t {
        Type::Float(b) => *b == 16,
        Type::Int(i) => i.bits <= 8,
        Type::Bool => true,
        _ => false,
    });
    if all_half {
        return 16;
    }
    let all_small = types.iter().all(|t| match t {
        Type::Float(b) => *b <= 32,
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

/// NumPy's promotion of two numbers.
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
        Type::Float(16 | 32) | Type::Bool => 64,
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
