//! `np.linalg.norm(x, ord, axis, keepdims)`: typing and constant decoding. Without `axis`, any
//! `ord` of a vector or a matrix and the 2-norm of a larger array; with a constant pair of axes,
//! NumPy's matrix norms over them (one per matrix of a stack).

use super::error::CallError;
use super::linalg_types::{array, check_dtype, norm_ord, real_type, NormOrd};
use super::signature::Decoded;
use super::CallArgs;
use crate::ir::Const;
use crate::types::Type;

/// `norm`'s `axis`: `None`, or a constant pair of distinct axes of an array of `ndim`
/// dimensions (counted from 0), NumPy's matrix norms over them.
fn norm_axes(c: Option<&Const>, t: &Type, ndim: u8) -> Result<Option<(u8, u8)>, CallError> {
    if *t == Type::NoneType {
        return Ok(None);
    }
    let axis = |a: &Const| match a {
        Const::Int(i) if (-(ndim as i64)..ndim as i64).contains(i) => {
            Ok(i.rem_euclid(ndim as i64) as u8)
        }
        Const::Int(i) => Err(CallError::axis(*i, ndim)),
        _ => Err(CallError::typing(
            "np.linalg.norm(): 'axis' must hold integers",
        )),
    };
    match c {
        Some(Const::Tuple(items)) if items.len() == 2 => {
            let (row, col) = (axis(&items[0])?, axis(&items[1])?);
            if row == col {
                return Err(CallError::typing("Duplicate axes given."));
            }
            Ok(Some((row, col)))
        }
        _ => Err(CallError::unsupported(
            "np.linalg.norm(): axis= is supported as a constant pair of axes (the matrix norms over them) only; vector norms along one axis are not supported yet",
        )),
    }
}

/// `np.linalg.norm(x, ord, axis, keepdims)`: without `axis`, any `ord` of a vector or matrix
/// and the 2-norm of a larger array (another `ord` raises NumPy's `ValueError` at run time);
/// with a pair of axes, the matrix norms over them (one per matrix of a stack).
pub fn norm_type(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = "np.linalg.norm";
    let x = match &t[0] {
        Type::Array(x) if x.ndim >= 1 => x.clone(),
        t => {
            return Err(CallError::unsupported(format!(
                "{name}() of {t} is not supported (arrays of one or more dimensions only)"
            )))
        }
    };
    check_dtype(name, &x)?;
    let keepdims = match args.consts[3] {
        Some(Const::Bool(b)) => b,
        _ => {
            return Err(CallError::typing(
                "np.linalg.norm(): 'keepdims' must be a constant True or False",
            ))
        }
    };
    let complex = matches!(x.dtype, Type::Complex(_));
    let ft = match &x.dtype {
        d @ (Type::Float(_) | Type::Complex(_)) => d.clone(),
        _ => Type::F64,
    };
    let real = real_type(&ft);
    let ord = args.consts[1].as_ref();
    match norm_axes(args.consts[2].as_ref(), &t[2], x.ndim)? {
        None => {
            if keepdims {
                return Err(CallError::unsupported(
                    "np.linalg.norm(): keepdims=True without axis= is not supported yet",
                ));
            }
            if x.ndim <= 2 {
                norm_ord(ord, x.ndim, complex)?;
            } else if ord.is_none() {
                return Err(CallError::typing(
                    "np.linalg.norm(): 'ord' must be a constant",
                ));
            }
            Ok(real)
        }
        Some(_) => {
            norm_ord(ord, 2, complex)?;
            let nd = if keepdims { x.ndim } else { x.ndim - 2 };
            Ok(if nd == 0 { real } else { array(real, nd) })
        }
    }
}

/// `norm`'s decoded `ord`, axes and `keepdims` (checked by [`norm_type`]).
pub fn norm_decode(args: &CallArgs, x: &crate::types::ArrayTy) -> Decoded {
    let complex = matches!(x.dtype, Type::Complex(_));
    let c1 = args.consts.get(1).and_then(Option::as_ref);
    let axes = norm_axes(args.consts[2].as_ref(), &args.types[2], x.ndim)
        .ok()
        .flatten();
    let ord = match axes {
        Some(_) => norm_ord(c1, 2, complex).ok(),
        None if x.ndim <= 2 => norm_ord(c1, x.ndim, complex).ok(),
        // Beyond two dimensions without an axis: only `None` (any other raises at run time).
        None if matches!(c1, Some(Const::None)) => Some(NormOrd::Dot),
        None => Some(NormOrd::MatTwo),
    };
    Decoded {
        ord,
        axis: axes.map(|a| a.0),
        axis2: axes.map(|a| a.1),
        keepdims: matches!(args.consts[3], Some(Const::Bool(true))),
        ..Decoded::default()
    }
}
