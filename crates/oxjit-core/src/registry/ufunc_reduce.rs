//! The typing of the ufunc methods (`registry/ufunc_methods.rs`): their result types and what
//! is refused.

use super::args::dtype_argument;
use super::error::CallError;
use super::reduce::{self, ReduceOp};
use super::ufunc_methods::{
    array_operand, item_type, loop_type, method_axis as axis_of, outer_layout_ok, reduction,
};
use super::CallArgs;
use crate::callee::{BinOp, UfuncMethod, UfuncMethodFn, UfuncOp, UfuncRef};
use crate::ir::Const;
use crate::types::{ArrayTy, Type};

fn name(m: UfuncMethodFn) -> String {
    format!("{}.{}", m.ufunc.name(), m.method.name())
}

fn constant<'a>(args: &'a CallArgs, k: usize) -> Option<&'a Const> {
    args.consts.get(k).and_then(Option::as_ref)
}

/// NumPy's result type of a method call.
pub fn type_call(m: UfuncMethodFn, args: &CallArgs) -> Result<Type, CallError> {
    match m.method {
        UfuncMethod::Reduce => type_reduce(m, args),
        UfuncMethod::Accumulate => type_accumulate(m, args),
        UfuncMethod::Outer => type_outer(m, args),
        UfuncMethod::At => type_at(m, args),
        UfuncMethod::Reduceat => Err(CallError::unsupported(format!(
            "{}.reduceat() is not supported yet",
            m.ufunc.name()
        ))),
    }
}

/// The array `item` keeps the memory order of `whole` in (NumPy's order 'K').
fn keep(item: &Type, ndim: u8, whole: &ArrayTy) -> Type {
    let t = super::elementwise::array(item.clone(), ndim);
    super::results::elementwise_result(t, &[&Type::Array(whole.clone().into())])
}

/// `ufunc.reduce(array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True)`.
pub fn type_reduce(m: UfuncMethodFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let a = array_operand(m, &t[0])?;
    if t[3] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{}(out=...) is not supported yet",
            name(m)
        )));
    }
    if !matches!(constant(args, 6), Some(Const::Bool(true))) {
        return Err(CallError::unsupported(format!(
            "{}(where=...) is not supported yet",
            name(m)
        )));
    }
    let Some(Const::Bool(keepdims)) = constant(args, 4) else {
        return Err(CallError::typing(format!(
            "{}(): keepdims must be a constant True or False",
            name(m)
        )));
    };
    let run_time = reduce::axis_at_run_time(&t[1], constant(args, 1));
    let axis = axis_of(m, args, a.ndim)?;
    let initial = t[5] != Type::NoneType;
    if initial && !t[5].is_numeric() {
        return Err(CallError::typing(format!(
            "{}(): initial must be a number, not {}",
            name(m),
            t[5]
        )));
    }
    let item = item_type(m, &a.dtype)?;
    if let Some(op) = reduction(m.ufunc).filter(|_| !initial) {
        return as_array_reduction(m, op, args, axis, run_time);
    }
    if initial
        && m.ufunc == UfuncRef::Op(UfuncOp::Bin(BinOp::Add))
        && matches!(item, Type::Float(_) | Type::Complex(_))
    {
        return Err(CallError::unsupported(format!(
            "{}(initial=...) of float arrays is not supported yet",
            name(m)
        )));
    }
    check_dtype(m, &t[2], &item)?;
    let one_axis = run_time || axis.is_some();
    Ok(match (*keepdims, one_axis) {
        (true, _) => keep(&item, a.ndim, &a),
        (false, true) if a.ndim > 1 => keep(&item, a.ndim - 1, &a),
        _ => item,
    })
}

/// A `dtype=` other than the one the ufunc's loop runs in is not supported (yet).
fn check_dtype(m: UfuncMethodFn, t: &Type, item: &Type) -> Result<(), CallError> {
    match dtype_argument(t)? {
        Some(d) if d != *item => Err(CallError::unsupported(format!(
            "{}(dtype={d}) is not supported yet (only the loop's dtype, {item})",
            name(m)
        ))),
        _ => Ok(()),
    }
}

/// The type of the array reduction `op` that this `reduce` is, its arguments given as that
/// reduction takes them (`axis` decoded: one axis, every axis, or one known at run time).
fn as_array_reduction(
    m: UfuncMethodFn,
    op: ReduceOp,
    args: &CallArgs,
    axis: Option<u8>,
    run_time: bool,
) -> Result<Type, CallError> {
    let t = args.types;
    let (axis_t, axis_c) = match (run_time, axis) {
        (true, _) => (t[1].clone(), None),
        (false, Some(k)) => (Type::I64, Some(Const::Int(i64::from(k)))),
        (false, None) => (Type::NoneType, Some(Const::None)),
    };
    let keepdims = args.consts[4].clone();
    let (types, consts) = if matches!(op, ReduceOp::Sum | ReduceOp::Prod) {
        (
            vec![t[0].clone(), axis_t, t[2].clone(), Type::Bool],
            vec![
                args.consts[0].clone(),
                axis_c,
                args.consts[2].clone(),
                keepdims,
            ],
        )
    } else {
        let item = item_type(m, &array_operand(m, &t[0])?.dtype)?;
        check_dtype(m, &t[2], &item)?;
        (
            vec![t[0].clone(), axis_t, Type::Bool],
            vec![args.consts[0].clone(), axis_c, keepdims],
        )
    };
    reduce::type_call(
        op,
        &CallArgs {
            types: &types,
            consts: &consts,
            method: false,
        },
    )
}

/// `ufunc.accumulate(array, axis=0, dtype=None, out=None)`: the running results, in the
/// array's shape.
pub fn type_accumulate(m: UfuncMethodFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let a = array_operand(m, &t[0])?;
    if t[3] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{}(out=...) is not supported yet",
            name(m)
        )));
    }
    axis_of(m, args, a.ndim)?;
    let item = item_type(m, &a.dtype)?;
    check_dtype(m, &t[2], &item)?;
    Ok(keep(&item, a.ndim, &a))
}

/// `ufunc.outer(A, B)`: `ufunc(A[..., None...], B)`, of `A.ndim + B.ndim` dimensions.
pub fn type_outer(m: UfuncMethodFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let a = array_operand(m, &t[0])?;
    let b = array_operand(m, &t[1])?;
    if m.ufunc_arity() != 2 {
        return Err(CallError::typing(format!(
            "{}(): outer product only supported for binary functions",
            name(m)
        )));
    }
    if !outer_layout_ok(&t[0]) || !outer_layout_ok(&t[1]) {
        return Err(CallError::unsupported(format!(
            "{}() of arrays of several dimensions that are not C-contiguous is not supported yet",
            name(m)
        )));
    }
    let ndim = a.ndim as usize + b.ndim as usize;
    if ndim > 32 {
        return Err(CallError::typing(format!(
            "{}(): too many dimensions",
            name(m)
        )));
    }
    let dtype = loop_type(m.ufunc, &a.dtype, &b.dtype)?;
    Ok(super::elementwise::array(dtype, ndim as u8))
}

/// The dtype `ufunc.at` computes each item in: the ufunc's loop for an item of `a` and `b`
/// (`None`: a ufunc of one operand).
pub fn at_loop_type(m: UfuncMethodFn, a: &ArrayTy, b: Option<&Type>) -> Result<Type, CallError> {
    let vector = |d: &Type| super::elementwise::array(d.clone(), 1);
    let t = match (m.ufunc, b) {
        (UfuncRef::Op(op), None) => super::ufunc::type_call(op, &[vector(&a.dtype)])?,
        (UfuncRef::Op(op), Some(b)) => {
            super::ufunc::type_call(op, &[vector(&a.dtype), scalar_or(b)])?
        }
        (UfuncRef::Np(f), Some(b)) => {
            super::elementwise::ufunc(f, &[vector(&a.dtype), scalar_or(b)])?
        }
        (UfuncRef::Np(_), None) => unreachable!("the ufuncs of numbers here have two operands"),
    };
    Ok(match t {
        Type::Array(r) => r.dtype.clone(),
        t => t,
    })
}

/// `b` as it meets `a`'s items: a number stays a (weak) number, an array stands for its items.
fn scalar_or(b: &Type) -> Type {
    match b {
        Type::Array(x) => super::elementwise::array(x.dtype.clone(), 1),
        t => t.clone(),
    }
}

fn kind(t: &Type) -> u8 {
    match t {
        Type::Bool => 0,
        Type::Int(_) => 1,
        Type::Float(_) => 2,
        _ => 3,
    }
}

/// `ufunc.at(a, indices, b=None)`: `a[indices] = ufunc(a[indices], b)` item by item
/// (unbuffered: a repeated index applies again), returning None.
pub fn type_at(m: UfuncMethodFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let a = array_operand(m, &t[0])?;
    if a.readonly {
        return Err(CallError::typing(format!(
            "{}(): the array is read-only",
            name(m)
        )));
    }
    if a.ndim != 1 {
        return Err(CallError::unsupported(format!(
            "{}() of arrays of {} dimensions is not supported yet (1-d arrays)",
            name(m),
            a.ndim
        )));
    }
    let index_ok = match &t[1] {
        Type::Array(i) => i.ndim == 1 && matches!(i.dtype, Type::Int(_)),
        i => i.is_integer_like() && *i != Type::Bool,
    };
    if !index_ok {
        return Err(CallError::unsupported(format!(
            "{}() with indices of type {} is not supported (an integer or a 1-d integer array)",
            name(m),
            t[1]
        )));
    }
    let b = match (&t[2], m.ufunc_arity()) {
        (Type::NoneType, 1) => None,
        (Type::NoneType, _) => {
            return Err(CallError::typing(format!(
                "{}(): second operand needed for ufunc",
                name(m)
            )))
        }
        (_, 1) => {
            return Err(CallError::typing(format!(
                "{}(): second operand provided when ufunc is unary",
                name(m)
            )))
        }
        (Type::Array(x), _) if x.ndim <= 1 => Some(&t[2]),
        (x, _) if x.is_numeric() => Some(&t[2]),
        (x, _) => {
            return Err(CallError::unsupported(format!(
                "{}() with values of type {x} is not supported (a number or a 1-d array)",
                name(m)
            )))
        }
    };
    let r = at_loop_type(m, &a, b)?;
    if kind(&r) > kind(&a.dtype) {
        return Err(CallError::typing(format!(
            "Cannot cast ufunc '{}' output from dtype('{r}') to dtype('{}') with casting rule 'same_kind'",
            m.ufunc.name(),
            a.dtype
        )));
    }
    Ok(Type::NoneType)
}
