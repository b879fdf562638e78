//! Where items are, and views turned around: `np.flatnonzero`, `np.argwhere`, `np.ediff1d`,
//! `np.digitize` and `np.rot90`, with NumPy's parameters, checks and result types. Their ids
//! are [`ArrayFn`] variants; their implementation is codegen's `lower/indices.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Flatnonzero | ArrayFn::Argwhere => vec![Param::req("a")],
        ArrayFn::Ediff1d => vec![
            Param::req("ary"),
            Param::none("to_end"),
            Param::none("to_begin"),
        ],
        ArrayFn::Digitize => vec![
            Param::req("x"),
            Param::req("bins"),
            Param::opt("right", Const::Bool(false)),
        ],
        ArrayFn::Rot90 => vec![
            Param::req("m"),
            Param::opt("k", Const::Int(1)),
            Param::opt("axes", Const::Tuple(vec![Const::Int(0), Const::Int(1)])),
        ],
        _ => unreachable!("{f:?} is not an index function"),
    }
}

fn array(dtype: Type, ndim: u8, layout: Layout) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim,
        layout,
        readonly: false,
    }))
}

/// An array of numbers (`what` names it in messages).
fn numeric<'t>(f: ArrayFn, what: &str, t: &'t Type) -> Result<&'t ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.dtype.is_numeric() => Ok(a),
        t => Err(CallError::unsupported(format!(
            "{}(): {what} of {t} is not supported (arrays of numbers only)",
            f.name()
        ))),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    match f {
        ArrayFn::Flatnonzero => {
            numeric(f, "a", &t[0])?;
            Ok(array(Type::I64, 1, Layout::C))
        }
        // NumPy's `transpose(nonzero(a))`: an F-ordered (count, ndim) array.
        ArrayFn::Argwhere => {
            numeric(f, "a", &t[0])?;
            Ok(array(Type::I64, 2, Layout::F))
        }
        ArrayFn::Ediff1d => {
            let a = numeric(f, "ary", &t[0])?;
            if t[1] != Type::NoneType || t[2] != Type::NoneType {
                return Err(CallError::unsupported(
                    "ediff1d(): to_end= and to_begin= are not supported yet",
                ));
            }
            if a.dtype == Type::Bool {
                return Err(CallError::typing(
                    "numpy boolean subtract, the `-` operator, is not supported, use the \
                     bitwise_xor, the `^` operator, or the logical_xor function instead.",
                ));
            }
            Ok(array(a.dtype.clone(), 1, Layout::C))
        }
        ArrayFn::Digitize => type_digitize(args),
        ArrayFn::Rot90 => type_rot90(args),
        _ => unreachable!("{f:?} is not an index function"),
    }
}

/// `np.digitize(x, bins, right=False)`: `x` a real number (an `intp`) or an array of them (a
/// new C array of `intp` of its shape), `bins` a 1-d array of real numbers.
fn type_digitize(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let bins = match &t[1] {
        Type::Array(b) if b.ndim != 1 => {
            return Err(CallError::typing(if b.ndim == 0 {
                "object of too small depth for desired array"
            } else {
                "object too deep for desired array"
            }))
        }
        b => numeric(ArrayFn::Digitize, "bins", b)?,
    };
    let x = match &t[0] {
        Type::Array(x) => &x.dtype,
        x => x,
    };
    if matches!(x, Type::Complex(_)) {
        return Err(CallError::typing("x may not be complex"));
    }
    if matches!(bins.dtype, Type::Complex(_)) {
        return Err(CallError::unsupported(
            "digitize(): complex bins are not supported",
        ));
    }
    if !matches!(args.consts.get(2), Some(Some(Const::Bool(_)))) {
        return Err(CallError::unsupported(format!(
            "digitize(): right must be a constant bool, not {}",
            t[2]
        )));
    }
    match &t[0] {
        Type::Array(a) if a.dtype.is_numeric() && a.ndim > 0 => {
            Ok(array(Type::I64, a.ndim, Layout::C))
        }
        t if t.is_numeric() => Ok(Type::I64),
        t => Err(CallError::unsupported(format!(
            "digitize(): x of {t} is not supported (a number or an array of numbers)"
        ))),
    }
}

/// `rot90`'s axes (constants): NumPy's checks, then the two axes counted from 0.
fn rot90_axes(args: &CallArgs, ndim: u8) -> Result<(u8, u8), CallError> {
    let items = match args.consts.get(2) {
        Some(Some(Const::Tuple(items))) => items.clone(),
        _ => match &args.types[2] {
            Type::Tuple(items) if items.len() != 2 => {
                return Err(CallError::typing("len(axes) must be 2."))
            }
            t => {
                return Err(CallError::unsupported(format!(
                    "rot90(): axes must be a constant tuple of two integers, not {t}"
                )))
            }
        },
    };
    if items.len() != 2 {
        return Err(CallError::typing("len(axes) must be 2."));
    }
    let (Const::Int(a0), Const::Int(a1)) = (&items[0], &items[1]) else {
        return Err(CallError::unsupported(
            "rot90(): axes must be a constant tuple of two integers",
        ));
    };
    let n = ndim as i64;
    if a0 == a1 || (a0 - a1).abs() == n {
        return Err(CallError::typing("Axes must be different."));
    }
    if *a0 >= n || *a0 < -n || *a1 >= n || *a1 < -n {
        return Err(CallError::typing(format!(
            "Axes=({a0}, {a1}) out of range for array of ndim={ndim}."
        )));
    }
    let norm = |k: i64| (if k < 0 { k + n } else { k }) as u8;
    Ok((norm(*a0), norm(*a1)))
}

/// `np.rot90(m, k=1, axes=(0, 1))`: a view (a new reference to `m`'s block), read-only where
/// `m` is; `k` any integer.
fn type_rot90(args: &CallArgs) -> Result<Type, CallError> {
    let m = match &args.types[0] {
        Type::Array(m) => m,
        t => {
            return Err(CallError::unsupported(format!(
                "rot90() of {t} is not supported (arrays only)"
            )))
        }
    };
    rot90_axes(args, m.ndim)?;
    if !args.types[1].is_integer_like() || args.types[1] == Type::Bool {
        return Err(format!("rot90(): k must be an integer, not {}", args.types[1]).into());
    }
    Ok(Type::Array(Arc::new(ArrayTy {
        layout: Layout::A,
        ..(**m).clone()
    })))
}

/// The constant arguments lowering needs: `rot90`'s axes (`axis`, `axis2`); the side
/// `digitize` searches from (`'left'` for `right=True`, as NumPy's).
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    match (f, args.types.first()) {
        (ArrayFn::Rot90, Some(Type::Array(m))) => match rot90_axes(args, m.ndim) {
            Ok((a0, a1)) => Decoded {
                axis: Some(a0),
                axis2: Some(a1),
                ..Decoded::default()
            },
            Err(_) => Decoded::default(),
        },
        (ArrayFn::Digitize, _) => Decoded {
            side_right: matches!(args.consts.get(2), Some(Some(Const::Bool(false)))),
            ..Decoded::default()
        },
        _ => Decoded::default(),
    }
}
