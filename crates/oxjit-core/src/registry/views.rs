//! Functions that return a view of an array with its axes reversed or exchanged: `np.flip`,
//! `np.fliplr`, `np.flipud` and `np.swapaxes` (also `a.swapaxes()`), or stretched
//! (`np.broadcast_to`), or with an axis added (`np.expand_dims`), with NumPy's parameters,
//! checks and result types. Their ids are [`ArrayFn`] variants; their implementation is
//! codegen's `lower/views.rs`.

use std::sync::Arc;

use super::args::axis_argument;
use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters of `f`, as NumPy names them (a method's array first).
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Flip => vec![Param::req("m"), Param::none("axis")],
        ArrayFn::Fliplr | ArrayFn::Flipud => vec![Param::req("m")],
        ArrayFn::Swapaxes => vec![Param::req("a"), Param::req("axis1"), Param::req("axis2")],
        ArrayFn::ExpandDims => vec![Param::req("a"), Param::req("axis")],
        ArrayFn::Moveaxis => vec![
            Param::req("a"),
            Param::req("source"),
            Param::req("destination"),
        ],
        ArrayFn::BroadcastTo => vec![
            Param::req("array"),
            Param::req("shape"),
            Param::opt("subok", Const::Bool(false)),
        ],
        _ => unreachable!("{f:?} is not a view function"),
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) => a,
        t => {
            return Err(CallError::unsupported(format!(
                "{}() of {t} is not supported (arrays only)",
                f.name()
            )))
        }
    };
    let layout = match f {
        ArrayFn::Flip => {
            if matches!(args.types[1], Type::Tuple(_)) {
                return Err(CallError::unsupported(
                    "flip(): a tuple of axes is not supported yet (None or one integer)",
                ));
            }
            axis_argument(&args.types[1], args.consts[1].as_ref(), a.ndim)?;
            Layout::A
        }
        ArrayFn::Fliplr if a.ndim < 2 => return Err("Input must be >= 2-d.".into()),
        ArrayFn::Flipud if a.ndim < 1 => return Err("Input must be >= 1-d.".into()),
        ArrayFn::Fliplr | ArrayFn::Flipud => Layout::A,
        ArrayFn::Swapaxes => {
            let (i, j) = swap_axes(args, a.ndim)?;
            match (i == j, a.ndim, a.layout) {
                (true, _, l) => l,
                (false, 2, Layout::C) => Layout::F,
                (false, 2, Layout::F) => Layout::C,
                _ => Layout::A,
            }
        }
        ArrayFn::Moveaxis => permuted_layout(a, &moveaxis_perm(args, a.ndim)?),
        ArrayFn::BroadcastTo => {
            // A read-only view, strides of 0 where it is stretched (checked at run time).
            let n = super::creation::shape_ndim(&args.types[1])?;
            if a.ndim > n {
                return Err(
                    "input operand has more dimensions than allowed by the axis remapping".into(),
                );
            }
            return Ok(Type::Array(Arc::new(ArrayTy {
                ndim: n,
                layout: Layout::A,
                readonly: true,
                ..(**a).clone()
            })));
        }
        ArrayFn::ExpandDims => {
            new_axis(args, a.ndim)?;
            return Ok(Type::Array(Arc::new(ArrayTy {
                ndim: a.ndim + 1,
                ..(**a).clone()
            })));
        }
        _ => unreachable!("{f:?} is not a view function"),
    };
    Ok(Type::Array(Arc::new(ArrayTy {
        layout,
        ..(**a).clone()
    })))
}

/// The two axes of `np.swapaxes`: constant integers within the dimensions (NumPy's `AxisError`
/// message, naming the parameter, otherwise).
fn swap_axes(args: &CallArgs, ndim: u8) -> Result<(u8, u8), CallError> {
    let one = |k: usize, name: &str| -> Result<u8, CallError> {
        let t = &args.types[k];
        if !t.is_integer_like() {
            return Err(format!("swapaxes(): {name} must be an integer, not {t}").into());
        }
        match axis_argument(t, args.consts[k].as_ref(), ndim) {
            Ok(Some(axis)) => Ok(axis),
            Ok(None) => unreachable!("an integer axis"),
            Err(e) if e.kind == super::CallErrorKind::Axis => Err(CallError {
                message: format!("{name}: {}", e.message),
                ..e
            }),
            Err(e) => Err(format!("swapaxes(): {name}: {}", e.message).into()),
        }
    };
    Ok((one(1, "axis1")?, one(2, "axis2")?))
}

/// The permutation of `np.transpose(a, axes)`, `a.transpose(axes)` or `a.transpose(*axes)`
/// (`None`: the axes reversed, NumPy's default), checked as NumPy checks it.
pub fn transpose_axes(args: &CallArgs) -> Result<Option<Vec<u8>>, CallError> {
    let Some(Type::Array(a)) = args.types.first() else {
        return Ok(None);
    };
    let given: Vec<(&Type, Option<&Const>)> = match args.types.len() {
        1 => return Ok(None),
        2 => match (&args.types[1], args.consts[1].as_ref()) {
            (Type::NoneType, _) => return Ok(None),
            (Type::Tuple(ts), Some(Const::Tuple(cs))) => {
                ts.iter().zip(cs.iter().map(Some)).collect()
            }
            (Type::Tuple(ts), _) => ts.iter().map(|t| (t, None)).collect(),
            (t, c) => vec![(t, c)],
        },
        // `np.transpose(a, 1, 0)`: the function takes the axes as one argument.
        n if !args.method => {
            return Err(CallError::typing(format!(
                "transpose() takes from 1 to 2 positional arguments but {n} were given"
            )))
        }
        _ => args.types[1..]
            .iter()
            .zip(args.consts[1..].iter().map(Option::as_ref))
            .collect(),
    };
    let mut perm = Vec::with_capacity(given.len());
    for (t, c) in given {
        if !t.is_integer_like() || *t == Type::Bool {
            return Err(CallError::typing(format!(
                "'{t}' object cannot be interpreted as an integer"
            )));
        }
        let Some(Const::Int(_)) = c else {
            return Err(CallError::unsupported(
                "transpose(): the axes must be constant integers",
            ));
        };
        perm.push(axis_argument(t, c, a.ndim)?.expect("an integer axis"));
    }
    if perm.len() != usize::from(a.ndim) {
        return Err(CallError::typing("axes don't match array"));
    }
    let mut seen = vec![false; perm.len()];
    for &k in &perm {
        if std::mem::replace(&mut seen[usize::from(k)], true) {
            return Err(CallError::typing("repeated axis in transpose"));
        }
    }
    Ok(Some(perm))
}

/// The position of `np.expand_dims`' new axis among the result's `ndim + 1` (a constant int;
/// NumPy's `AxisError` otherwise).
fn new_axis(args: &CallArgs, ndim: u8) -> Result<u8, CallError> {
    if matches!(args.types[1], Type::Tuple(_)) {
        return Err(CallError::unsupported(
            "expand_dims(): a tuple of axes is not supported yet (one integer)",
        ));
    }
    match axis_argument(&args.types[1], args.consts[1].as_ref(), ndim + 1)? {
        Some(k) => Ok(k),
        None => Err("expand_dims(): axis must be an integer, not None".into()),
    }
}

/// The axes lowering needs: `flip`'s (`None`: every axis), `swapaxes`' two (`axis`, `axis2`).
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    let Some(Type::Array(a)) = args.types.first() else {
        return Decoded::default();
    };
    match f {
        ArrayFn::Flip => Decoded {
            axis: axis_argument(&args.types[1], args.consts[1].as_ref(), a.ndim)
                .ok()
                .flatten(),
            ..Decoded::default()
        },
        ArrayFn::Fliplr => Decoded {
            axis: Some(1),
            ..Decoded::default()
        },
        ArrayFn::Flipud => Decoded {
            axis: Some(0),
            ..Decoded::default()
        },
        ArrayFn::ExpandDims => Decoded {
            axis: new_axis(args, a.ndim).ok(),
            ..Decoded::default()
        },
        ArrayFn::Swapaxes => {
            let (i, j) = swap_axes(args, a.ndim).unwrap_or((0, 0));
            Decoded {
                axis: Some(i),
                axis2: Some(j),
                ..Decoded::default()
            }
        }
        ArrayFn::Moveaxis => Decoded {
            axes: moveaxis_perm(args, a.ndim).ok(),
            ..Decoded::default()
        },
        _ => Decoded::default(),
    }
}

/// The layout of `a`'s axes taken in the order `perm`: kept, C and F where reversed (2-d and
/// more), strided otherwise.
pub fn permuted_layout(a: &ArrayTy, perm: &[u8]) -> Layout {
    let n = perm.len();
    let same = perm.iter().enumerate().all(|(k, &j)| usize::from(j) == k);
    let reversed = perm
        .iter()
        .enumerate()
        .all(|(k, &j)| usize::from(j) == n - 1 - k);
    match a.layout {
        l if same => l,
        Layout::C if reversed => Layout::F,
        Layout::F if reversed => Layout::C,
        _ => Layout::A,
    }
}

/// NumPy's `moveaxis` order: the axes not moved in order, each moved one inserted at its
/// destination (smallest destination first); its errors (an `AxisError` naming the argument,
/// repeated axes, lengths that differ).
fn moveaxis_perm(args: &CallArgs, ndim: u8) -> Result<Vec<u8>, CallError> {
    let axes = |k: usize, name: &str| -> Result<Vec<u8>, CallError> {
        let items: Vec<(Type, Option<Const>)> = match (&args.types[k], args.consts[k].as_ref()) {
            (Type::Tuple(ts), Some(Const::Tuple(cs))) => ts
                .iter()
                .cloned()
                .zip(cs.iter().cloned().map(Some))
                .collect(),
            (Type::Tuple(_), _) => {
                return Err(CallError::unsupported(format!(
                    "moveaxis(): {name} must be constant integers"
                )))
            }
            (t, c) => vec![(t.clone(), c.cloned())],
        };
        let mut out: Vec<u8> = Vec::new();
        for (t, c) in items {
            if !t.is_integer_like() || t == Type::Bool {
                return Err(CallError::typing(format!(
                    "'{t}' object cannot be interpreted as an integer"
                )));
            }
            if c.is_none() {
                return Err(CallError::unsupported(format!(
                    "moveaxis(): {name} must be constant integers"
                )));
            }
            let axis = match axis_argument(&t, c.as_ref(), ndim) {
                Ok(Some(axis)) => axis,
                Ok(None) => unreachable!("an integer axis"),
                // NumPy's `AxisError` keeps its class, the parameter named first.
                Err(e) => {
                    return Err(CallError {
                        message: format!("{name}: {}", e.message),
                        ..e
                    })
                }
            };
            if out.contains(&axis) {
                return Err(format!("repeated axis in `{name}` argument").into());
            }
            out.push(axis);
        }
        Ok(out)
    };
    let (source, destination) = (axes(1, "source")?, axes(2, "destination")?);
    if source.len() != destination.len() {
        return Err(
            "`source` and `destination` arguments must have the same number of elements".into(),
        );
    }
    let mut order: Vec<u8> = (0..ndim).filter(|k| !source.contains(k)).collect();
    let mut moves: Vec<(u8, u8)> = destination.into_iter().zip(source).collect();
    moves.sort_unstable();
    for (dest, src) in moves {
        order.insert(usize::from(dest), src);
    }
    Ok(order)
}
