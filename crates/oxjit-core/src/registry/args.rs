//! Decoding the arguments many NumPy functions share (`dtype=`, `axis=`), with NumPy's messages.
//! A leaf of the registry: the families use it, it uses none of them.

use super::error::CallError;
use crate::callee::{Builtin, NpFn};
use crate::ir::Const;
use crate::types::Type;

/// The dtype a `dtype=` argument names: a NumPy scalar type (`np.float32`), a Python type
/// (`float`), a string (`'int32'`) or an array's `.dtype`. `Ok(None)` for `None` (the default).
pub fn dtype_argument(t: &Type) -> Result<Option<Type>, String> {
    let named = match t {
        Type::NoneType => return Ok(None),
        Type::Builtin(Builtin::Numpy(f)) => f.conversion_target(),
        Type::Builtin(Builtin::Float) => Some(Type::F64),
        Type::Builtin(Builtin::Int) => Some(Type::I64),
        Type::Builtin(Builtin::Bool) => Some(Type::Bool),
        Type::Builtin(Builtin::Complex) => Some(Type::C128),
        // A structured dtype (a global `np.dtype([...])`, or `a.dtype` of an array of records).
        Type::RecordDtype(_) => Some(t.clone()),
        Type::StrLiteral(s) => {
            // A byte order NumPy accepts on this (little-endian) machine changes nothing.
            let s = s.strip_prefix(['<', '=', '|']).unwrap_or(s);
            let name = match s {
                "f8" | "d" | "double" | "float" => "float64",
                "f4" | "f" | "single" => "float32",
                "i8" | "int" | "int_" | "intp" | "l" | "q" | "long" | "longlong" => "int64",
                "i4" | "i" | "intc" => "int32",
                "i2" | "h" | "short" => "int16",
                "i1" | "b" | "byte" => "int8",
                "u8" | "uint" | "uintp" | "L" | "Q" | "ulong" | "ulonglong" => "uint64",
                "u4" | "I" | "uintc" => "uint32",
                "u2" | "H" | "ushort" => "uint16",
                "u1" | "B" | "ubyte" => "uint8",
                "c16" | "complex" | "D" | "cdouble" => "complex128",
                "c8" | "F" | "csingle" => "complex64",
                "f2" | "e" | "half" => "float16",
                "?" | "b1" | "bool" => "bool_",
                other => other,
            };
            // The names above are NumPy's scalar types' (`np.float64`...).
            NpFn::ALL
                .iter()
                .find(|f| f.name() == name)
                .and_then(|f| f.conversion_target())
        }
        _ => None,
    };
    named
        .map(Some)
        .ok_or_else(|| format!("{t} is not a dtype that compiled code supports"))
}

/// Whether dtype objects `a` and `b` name the same dtype (`a.dtype == np.float64`,
/// `a.dtype != b.dtype`), known when compiling; None unless one of them is NumPy's (a scalar
/// type such as `np.float64`, which `a.dtype` is in compiled code, or a structured dtype) and
/// the other names a dtype (`float` and `'f8'` too, as NumPy's `==` of dtypes accepts).
pub fn same_dtype(a: &Type, b: &Type) -> Option<bool> {
    let numpy = |t: &Type| match t {
        Type::Builtin(Builtin::Numpy(f)) => f.conversion_target().is_some(),
        Type::RecordDtype(_) => true,
        _ => false,
    };
    if !numpy(a) && !numpy(b) {
        return None;
    }
    let named = |t: &Type| match t {
        Type::NoneType => None,
        _ => dtype_argument(t).ok().flatten(),
    };
    Some(named(a)? == named(b)?)
}

/// The axis a function (a reduction, `np.roll`...) is asked for: `None`, or a constant integer within the array's
/// dimensions (normalised: `-1` is the last).
pub fn axis_argument(t: &Type, c: Option<&Const>, ndim: u8) -> Result<Option<u8>, CallError> {
    match (t, c) {
        (Type::NoneType, _) => Ok(None),
        (_, Some(Const::Int(k))) => {
            let n = ndim as i64;
            if *k < -n || *k >= n {
                return Err(CallError::axis(*k, ndim));
            }
            Ok(Some(if *k < 0 { k + n } else { *k } as u8))
        }
        (t, _) if t.is_integer_like() => Err("axis must be a constant integer".into()),
        (t, _) => Err(format!("axis must be an integer or None, not {t}").into()),
    }
}
