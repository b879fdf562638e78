//! Functions over the items of an array taken in order: `np.diff` (differences along an axis),
//! `np.searchsorted` (where values go in a sorted 1-d array), `np.interp` (linear interpolation
//! in a sorted table) and `np.bincount` (counts of small integers), with NumPy's parameters,
//! checks and result types. Their ids are [`ArrayFn`] variants; their implementation is
//! codegen's `lower/series.rs`.

use std::sync::Arc;

use super::args::axis_argument;
use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{unify, ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Diff => vec![
            Param::req("a"),
            Param::opt("n", Const::Int(1)),
            Param::opt("axis", Const::Int(-1)),
            Param::none("prepend"),
            Param::none("append"),
        ],
        ArrayFn::Searchsorted => vec![
            Param::req("a"),
            Param::req("v"),
            Param::opt("side", Const::Str(Arc::from("left"))),
            Param::none("sorter"),
        ],
        ArrayFn::Interp => vec![
            Param::req("x"),
            Param::req("xp"),
            Param::req("fp"),
            Param::none("left"),
            Param::none("right"),
            Param::none("period"),
        ],
        ArrayFn::Bincount => vec![
            Param::req("x"),
            Param::none("weights"),
            Param::opt("minlength", Const::Int(0)),
        ],
        _ => unreachable!("{f:?} is not a series function"),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    match f {
        ArrayFn::Diff => type_diff(args),
        ArrayFn::Searchsorted => type_searchsorted(args),
        ArrayFn::Interp => type_interp(args),
        ArrayFn::Bincount => type_bincount(args),
        _ => unreachable!("{f:?} is not a series function"),
    }
}

/// The constant arguments lowering needs: `diff`'s axis, `searchsorted`'s side.
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    match (f, args.types.first()) {
        (ArrayFn::Diff, Some(Type::Array(a))) => Decoded {
            axis: axis_argument(&args.types[2], args.consts[2].as_ref(), a.ndim)
                .ok()
                .flatten(),
            ..Decoded::default()
        },
        (ArrayFn::Searchsorted, _) => Decoded {
            side_right: side_argument(&args.types[2]).unwrap_or(false),
            ..Decoded::default()
        },
        _ => Decoded::default(),
    }
}

/// A numeric array argument (NumPy also takes lists; oxjit arrays only).
fn array_argument<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.dtype.is_numeric() => Ok(a),
        other => Err(CallError::unsupported(format!(
            "{}(): {what} of {other} is not supported (arrays of numbers only)",
            f.name()
        ))),
    }
}

/// `np.diff(a, n=1, axis=-1)`: `n` an integer (checked not negative at run time), the axis a
/// constant. The result has `a`'s dtype (`bool` differences are `!=`, as NumPy's); it is `a`
/// itself when `n` is 0, else a new array in `a`'s memory order (NumPy subtracts two views of
/// `a`), so it is typed with `a`'s layout (a strided `a` gives an array whose order is known at
/// run time).
fn type_diff(args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) if a.ndim == 0 => {
            return Err("diff requires input that is at least one dimensional".into())
        }
        t if t.is_numeric() => {
            return Err("diff requires input that is at least one dimensional".into())
        }
        t => array_argument(ArrayFn::Diff, "a", t)?,
    };
    if !args.types[1].is_integer_like() {
        return Err(format!("diff(): n must be an integer, not {}", args.types[1]).into());
    }
    for (k, name) in [(3, "prepend"), (4, "append")] {
        if args.types[k] != Type::NoneType {
            return Err(CallError::unsupported(format!(
                "diff(): {name}= is not supported yet"
            )));
        }
    }
    if axis_argument(&args.types[2], args.consts[2].as_ref(), a.ndim)?.is_none() {
        return Err("diff(): axis must be an integer, not None".into());
    }
    Ok(Type::Array(Arc::new(ArrayTy {
        readonly: false,
        ..a.clone()
    })))
}

/// `side=`: a constant `'left'` or `'right'` (NumPy's `ValueError` message otherwise); whether
/// it is `'right'`.
fn side_argument(t: &Type) -> Result<bool, CallError> {
    match t {
        Type::StrLiteral(s) if &**s == "left" => Ok(false),
        Type::StrLiteral(s) if &**s == "right" => Ok(true),
        Type::StrLiteral(s) if s.starts_with(['l', 'L', 'r', 'R']) => {
            Err("search side must be one of 'left' or 'right'".into())
        }
        Type::StrLiteral(s) => {
            Err(format!("search side must be 'left' or 'right' (got '{s}')").into())
        }
        t => Err(format!("searchsorted(): side must be 'left' or 'right', not {t}").into()),
    }
}

/// `np.searchsorted(a, v, side='left')`: `a` a 1-d array, `v` a number (the result an `intp`)
/// or an array (the result a new C array of `intp` of `v`'s shape). Both are compared in their
/// common dtype (NumPy's `PyArray_DescrFromObject(v, a.dtype)`: a Python number counts as its
/// default dtype, not as a "weak" scalar).
fn type_searchsorted(args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) if a.ndim > 1 => return Err("object too deep for desired array".into()),
        t => array_argument(ArrayFn::Searchsorted, "a", t)?,
    };
    side_argument(&args.types[2])?;
    if args.types[3] != Type::NoneType {
        return Err(CallError::unsupported(
            "searchsorted(): sorter= is not supported yet",
        ));
    }
    let (v_dtype, result) = match &args.types[1] {
        Type::Array(v) if v.dtype.is_numeric() => (
            v.dtype.clone(),
            Type::Array(Arc::new(ArrayTy {
                dtype: Type::I64,
                ndim: v.ndim,
                layout: Layout::C,
                readonly: false,
            })),
        ),
        t if t.is_numeric() => (t.clone(), Type::I64),
        t => {
            return Err(CallError::unsupported(format!(
                "searchsorted(): v of {t} is not supported (a number or an array of numbers)"
            )))
        }
    };
    if matches!(a.dtype, Type::Complex(_)) || matches!(v_dtype, Type::Complex(_)) {
        return Err(CallError::unsupported(
            "searchsorted(): complex arrays are not supported yet",
        ));
    }
    if unify(&a.dtype, &v_dtype).is_none() {
        return Err(format!("searchsorted(): cannot compare {} with {v_dtype}", a.dtype).into());
    }
    Ok(result)
}

/// The dtype `searchsorted` compares in (typing checked that it exists).
pub fn search_dtype(a: &Type, v: &Type) -> Type {
    let v = match v {
        Type::Array(v) => &v.dtype,
        t => t,
    };
    let a = match a {
        Type::Array(a) => &a.dtype,
        t => t,
    };
    unify(a, v).unwrap_or_else(|| a.clone())
}

/// A 1-d array of real numbers (`what` names it in messages); NumPy's message for more
/// dimensions.
fn real_vector<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.ndim > 1 => Err("object too deep for desired array".into()),
        Type::Array(a) if matches!(a.dtype, Type::Complex(_)) => Err(CallError::unsupported(
            format!("{}(): complex {what} is not supported yet", f.name()),
        )),
        t => array_argument(f, what, t),
    }
}

/// `np.interp(x, xp, fp, left=None, right=None)`: `xp` and `fp` 1-d arrays of real numbers, all
/// computed in float64 as NumPy's `arr_interp`; `x` a number (the result a float) or an array
/// (the result a new C float64 array of its shape). `period=` and complex `fp` are refused.
fn type_interp(args: &CallArgs) -> Result<Type, CallError> {
    real_vector(ArrayFn::Interp, "xp", &args.types[1])?;
    real_vector(ArrayFn::Interp, "fp", &args.types[2])?;
    for (k, name) in [(3, "left"), (4, "right")] {
        let t = &args.types[k];
        let real = t.is_numeric() && !matches!(t, Type::Complex(_));
        if *t != Type::NoneType && !real {
            return Err(format!("interp(): {name} must be a real number or None, not {t}").into());
        }
    }
    if args.types[5] != Type::NoneType {
        return Err(CallError::unsupported(
            "interp(): period= is not supported yet",
        ));
    }
    match &args.types[0] {
        Type::Array(x) if matches!(x.dtype, Type::Complex(_)) => Err(CallError::unsupported(
            "interp(): complex x is not supported (NumPy cannot cast it to float64)",
        )),
        Type::Array(x) if x.dtype.is_numeric() => Ok(Type::Array(Arc::new(ArrayTy {
            dtype: Type::F64,
            ndim: x.ndim,
            layout: Layout::C,
            readonly: false,
        }))),
        t if t.is_numeric() && !matches!(t, Type::Complex(_)) => Ok(Type::F64),
        t => Err(CallError::unsupported(format!(
            "interp(): x of {t} is not supported (a real number or an array of them)"
        ))),
    }
}

/// `np.bincount(x, weights=None, minlength=0)`: `x` a 1-d array of integers (NumPy casts it to
/// `intp` safely: floats are its `TypeError`; uint64 items from 2**63 read as negative, as
/// NumPy's), `weights` a 1-d array of real numbers (the result float64, else int64),
/// `minlength` an integer.
fn type_bincount(args: &CallArgs) -> Result<Type, CallError> {
    let x = match &args.types[0] {
        Type::Array(a) if a.ndim > 1 => return Err("object too deep for desired array".into()),
        t => array_argument(ArrayFn::Bincount, "x", t)?,
    };
    if !x.dtype.is_integer_like() {
        return Err(format!(
            "bincount(): Cannot cast array data from dtype('{}') to dtype('int64') according \
             to the rule 'safe'",
            x.dtype
        )
        .into());
    }
    let dtype = match &args.types[1] {
        Type::NoneType => Type::I64,
        t => {
            real_vector(ArrayFn::Bincount, "weights", t)?;
            Type::F64
        }
    };
    match &args.types[2] {
        Type::NoneType => return Err("use 0 instead of None for minlength".into()),
        t if !t.is_integer_like() => {
            return Err(format!("bincount(): minlength must be an integer, not {t}").into())
        }
        _ => {}
    }
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: 1,
        layout: Layout::C,
        readonly: false,
    })))
}
