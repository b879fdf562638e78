//! `np.pad(array, pad_width, mode='constant', constant_values=0)` for the modes 'constant',
//! 'edge', 'wrap', 'reflect' and 'symmetric': NumPy's parameters, the shapes of `pad_width` it
//! broadcasts to `(ndim, 2)` (a number, `(before, after)`, `((b0, a0), (b1, a1), ...)`, each
//! level also of length 1) and the result type (the array's dtype; F order for an F array, as
//! NumPy's `order='F' if array.flags.fnc`). Its id is an [`ArrayFn`] variant; its
//! implementation is codegen's `lower/pad.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// How the padded items are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PadMode {
    Constant,
    Edge,
    Wrap,
    Reflect,
    Symmetric,
}

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("array"),
        Param::req("pad_width"),
        Param::opt("mode", Const::Str(Arc::from("constant"))),
        Param::none("constant_values"),
    ]
}

/// The mode of a constant `mode` argument (NumPy's `ValueError` message for an unknown one;
/// NumPy's other modes are refused as not supported yet); `None` where it is not a constant.
pub fn pad_mode(t: &Type, c: Option<&Const>) -> Option<Result<PadMode, CallError>> {
    let name: &str = match (t, c) {
        (Type::StrLiteral(s), _) => s,
        (_, Some(Const::Str(s))) => s,
        _ => return None,
    };
    Some(match name {
        "constant" => Ok(PadMode::Constant),
        "edge" => Ok(PadMode::Edge),
        "wrap" => Ok(PadMode::Wrap),
        "reflect" => Ok(PadMode::Reflect),
        "symmetric" => Ok(PadMode::Symmetric),
        "linear_ramp" | "maximum" | "mean" | "median" | "minimum" | "empty" => Err(
            CallError::unsupported(format!("pad(): mode '{name}' is not supported yet")),
        ),
        _ => Err(CallError::typing(format!("mode '{name}' is not supported"))),
    })
}

/// The (before, after) pairs of `pad_width` as tuple paths: `None` the whole argument (an
/// integer), `Some((i, None))` item `i`, `Some((i, Some(j)))` item `j` of item `i`; one pair
/// per axis.
pub type WidthPath = Option<(usize, Option<usize>)>;

/// Where each axis's (before, after) widths are in `pad_width`, or NumPy-like refusals.
pub fn width_paths(t: &Type, ndim: usize) -> Result<Vec<(WidthPath, WidthPath)>, CallError> {
    let bad = || {
        CallError::typing(format!(
            "pad(): pad_width of {t} does not broadcast to ({ndim}, 2) (an integer, \
             (before, after), or one such pair per axis)"
        ))
    };
    let pair_of =
        |items: &[Type], outer: Option<usize>| -> Result<(WidthPath, WidthPath), CallError> {
            if !items.iter().all(Type::is_integer_like) {
                return Err(bad());
            }
            let at = |j: usize| match outer {
                None => Some((j, None)),
                Some(i) => Some((i, Some(j))),
            };
            match items.len() {
                1 => Ok((at(0), at(0))),
                2 => Ok((at(0), at(1))),
                _ => Err(bad()),
            }
        };
    match t {
        t if t.is_integer_like() => Ok(vec![(None, None); ndim]),
        Type::Tuple(items) if items.iter().all(Type::is_integer_like) => {
            Ok(vec![pair_of(items, None)?; ndim])
        }
        Type::Tuple(rows) if rows.len() == 1 || rows.len() == ndim => {
            // NumPy makes an array of the pairs: pairs of different lengths are refused.
            let lengths: Vec<_> = rows
                .iter()
                .map(|r| match r {
                    Type::Tuple(items) => items.len(),
                    _ => 0,
                })
                .collect();
            if lengths.windows(2).any(|w| w[0] != w[1]) {
                return Err(CallError::typing(format!(
                    "pad(): pad_width of {t}: pairs of different lengths (NumPy: \"setting an \
                     array element with a sequence\")"
                )));
            }
            let mut out = Vec::with_capacity(ndim);
            for k in 0..ndim {
                let i = if rows.len() == 1 { 0 } else { k };
                let Type::Tuple(items) = &rows[i] else {
                    return Err(bad());
                };
                out.push(pair_of(items, Some(i))?);
            }
            Ok(out)
        }
        _ => Err(bad()),
    }
}

/// The result type of a call (arguments bound in parameter order).
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let a = match &t[0] {
        Type::Array(a) if a.ndim >= 1 && a.dtype.is_numeric() => a,
        other => {
            return Err(CallError::unsupported(format!(
                "pad() of {other} is not supported (arrays of numbers with dimensions)"
            )))
        }
    };
    width_paths(&t[1], a.ndim as usize)?;
    let mode = match pad_mode(&t[2], args.consts[2].as_ref()) {
        Some(m) => m?,
        None => {
            return Err(CallError::unsupported(format!(
                "pad(): mode must be a constant string, not {}",
                t[2]
            )))
        }
    };
    match (&t[3], mode) {
        (Type::NoneType, _) => {}
        (_, m) if m != PadMode::Constant => {
            let name = format!("{m:?}").to_lowercase();
            return Err(CallError::typing(format!(
                "unsupported keyword arguments for mode '{name}': {{'constant_values'}}"
            )));
        }
        (v, _) if v.is_numeric() => {}
        (v, _) => {
            return Err(CallError::unsupported(format!(
                "pad(): constant_values of {v} is not supported (a number)"
            )))
        }
    }
    let layout = if a.layout == Layout::F {
        Layout::F
    } else {
        Layout::C
    };
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype: a.dtype.clone(),
        ndim: a.ndim,
        layout,
        readonly: false,
    })))
}
