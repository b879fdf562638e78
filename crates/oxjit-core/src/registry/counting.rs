//! Whole-array questions answered with a number: `np.count_nonzero(a)` and
//! `np.array_equal(a1, a2, equal_nan=False)`, with NumPy's parameters and result types. Their
//! ids are [`ArrayFn`] variants; their implementation is codegen's `lower/counting.rs`.

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::Type;

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::CountNonzero => vec![
            Param::req("a"),
            Param::none("axis"),
            Param::opt("keepdims", Const::Bool(false)),
        ],
        ArrayFn::ArrayEqual => vec![
            Param::req("a1"),
            Param::req("a2"),
            Param::opt("equal_nan", Const::Bool(false)),
        ],
        ArrayFn::Ptp => vec![
            Param::req("a"),
            Param::none("axis"),
            Param::none("out"),
            Param::opt("keepdims", Const::Bool(false)),
        ],
        _ => unreachable!("{f:?} is not a counting function"),
    }
}

/// `np.ptp(a)`: the whole array's `max - min` in its dtype (integers wrap); booleans are
/// NumPy's `TypeError`; `axis=`, `out=`, `keepdims=True` and complex arrays not yet.
fn type_ptp(args: &CallArgs) -> Result<Type, CallError> {
    numeric_array(ArrayFn::Ptp, &args.types[0])?;
    let Type::Array(a) = &args.types[0] else {
        unreachable!("checked above")
    };
    let keepdims = matches!(args.consts[3], Some(Const::Bool(false)));
    if args.types[1] != Type::NoneType || args.types[2] != Type::NoneType || !keepdims {
        return Err(CallError::unsupported(
            "ptp(): axis=, out= and keepdims= are not supported yet (the whole array)",
        ));
    }
    match &a.dtype {
        Type::Bool => Err(
            "numpy boolean subtract, the `-` operator, is not supported, use the \
             bitwise_xor, the `^` operator, or the logical_xor function instead."
                .into(),
        ),
        Type::Complex(_) => Err(CallError::unsupported(
            "ptp(): complex arrays are not supported yet",
        )),
        t => Ok(t.clone()),
    }
}

fn numeric_array(f: ArrayFn, t: &Type) -> Result<(), CallError> {
    match t {
        Type::Array(a) if a.dtype.is_numeric() => Ok(()),
        t => Err(CallError::unsupported(format!(
            "{}() of {t} is not supported (arrays of numbers only)",
            f.name()
        ))),
    }
}

/// `np.count_nonzero(a)`: the whole array (an `int`); `axis=` and `keepdims=True` are refused.
/// `np.array_equal(a1, a2, equal_nan)`: two arrays (of any dtypes and dimensions), a `bool`.
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    match f {
        ArrayFn::CountNonzero => {
            numeric_array(f, &args.types[0])?;
            let keepdims = matches!(args.consts[2], Some(Const::Bool(false)));
            if args.types[1] != Type::NoneType || !keepdims {
                return Err(CallError::unsupported(
                    "count_nonzero(): axis= and keepdims= are not supported yet (the whole array)",
                ));
            }
            Ok(Type::I64)
        }
        ArrayFn::ArrayEqual => {
            numeric_array(f, &args.types[0])?;
            numeric_array(f, &args.types[1])?;
            let t = &args.types[2];
            if !matches!(t, Type::Bool) {
                return Err(format!("array_equal(): equal_nan must be a bool, not {t}").into());
            }
            Ok(Type::Bool)
        }
        ArrayFn::Ptp => type_ptp(args),
        _ => unreachable!("{f:?} is not a counting function"),
    }
}
