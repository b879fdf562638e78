//! Whole-array questions answered with a number: `np.count_nonzero(a)` and
//! `np.array_equal(a1, a2, equal_nan=False)`, with NumPy's parameters and result types. Their
//! ids are [`ArrayFn`] variants; their implementation is codegen's `lower/counting.rs`.

use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

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
        ArrayFn::Contains => vec![Param::req("a"), Param::req("key")],
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

/// `np.count_nonzero(a, axis, keepdims)`: the whole array (an `int`), or an `int64` array of
/// the counts over the axes `axis` names (a constant integer or tuple of them), as NumPy's
/// `a.astype(bool).sum(axis, dtype=np.intp, keepdims=keepdims)`.
/// `np.array_equal(a1, a2, equal_nan)`: two arrays (of any dtypes and dimensions), a `bool`.
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    match f {
        ArrayFn::CountNonzero => {
            numeric_array(f, &args.types[0])?;
            let Type::Array(a) = &args.types[0] else {
                unreachable!("checked above")
            };
            let keepdims = count_keepdims(args)?;
            let Some(axes) = count_axes(args, a.ndim)? else {
                return Ok(Type::I64);
            };
            let ndim = if keepdims {
                a.ndim
            } else {
                a.ndim - axes.len() as u8
            };
            // In the array's memory order, as NumPy's sum (order='K') allocates it.
            let counts = Type::Array(std::sync::Arc::new(ArrayTy {
                dtype: Type::I64,
                ndim,
                layout: Layout::C,
                readonly: false,
            }));
            Ok(super::results::elementwise_result(
                counts,
                &[&args.types[0]],
            ))
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
        // `key in a`: NumPy's `(a == key).any()`, for a number `key`.
        ArrayFn::Contains => {
            numeric_array(f, &args.types[0])?;
            match &args.types[1] {
                t if t.is_numeric() => Ok(Type::Bool),
                t => Err(CallError::unsupported(format!(
                    "`in` of {t} in an array is not supported (numbers only)"
                ))),
            }
        }
        _ => unreachable!("{f:?} is not a counting function"),
    }
}

/// `count_nonzero`'s `keepdims`: a constant bool.
fn count_keepdims(args: &CallArgs) -> Result<bool, CallError> {
    match args.consts[2] {
        Some(Const::Bool(b)) => Ok(b),
        _ => Err(CallError::unsupported(
            "count_nonzero(): keepdims must be a constant bool",
        )),
    }
}

/// The axes `np.count_nonzero` counts over, sorted (`None`: the whole array, an `int`): `axis`
/// an integer or a tuple of them, constants, checked as NumPy checks them.
fn count_axes(args: &CallArgs, ndim: u8) -> Result<Option<Vec<u8>>, CallError> {
    let keepdims = count_keepdims(args)?;
    let values = match (&args.types[1], &args.consts[1]) {
        (Type::NoneType, _) if !keepdims => return Ok(None),
        (Type::NoneType, _) => (0..i64::from(ndim)).map(Const::Int).collect(),
        (Type::Tuple(_), Some(Const::Tuple(values))) => values.clone(),
        (t, Some(Const::Int(k))) if t.is_integer_like() && *t != Type::Bool => {
            vec![Const::Int(*k)]
        }
        (t, _) if t.is_integer_like() || matches!(t, Type::Tuple(_)) => {
            return Err(CallError::unsupported(
                "count_nonzero(): axis must be a constant integer or tuple of integers",
            ))
        }
        (t, _) => {
            return Err(CallError::typing(format!(
                "'{t}' object cannot be interpreted as an integer"
            )))
        }
    };
    let mut axes = Vec::with_capacity(values.len());
    for v in &values {
        let Const::Int(_) = v else {
            return Err(CallError::typing(
                "count_nonzero(): the axes must be integers",
            ));
        };
        let k = super::args::axis_argument(&Type::I64, Some(v), ndim)?.expect("an integer axis");
        if axes.contains(&k) {
            return Err(CallError::typing("duplicate value in 'axis'"));
        }
        axes.push(k);
    }
    axes.sort_unstable();
    // Every axis counted away: NumPy's sum gives a number.
    if !keepdims && axes.len() == usize::from(ndim) {
        return Ok(None);
    }
    Ok(Some(axes))
}

/// `count_nonzero`'s axes for lowering (`Decoded::axes`, with `keepdims`).
pub fn decode(args: &CallArgs) -> Decoded {
    let Type::Array(a) = &args.types[0] else {
        return Decoded::default();
    };
    Decoded {
        axes: count_axes(args, a.ndim).ok().flatten(),
        keepdims: count_keepdims(args).unwrap_or(false),
        ..Decoded::default()
    }
}
