//! `np.average(a, axis=None, weights=None, returned=False, *, keepdims)`: NumPy's parameters,
//! checks and result types. Without weights it is `a.mean(axis)` (typed by `reduce.rs`); with
//! weights its dtype is NumPy's `result_type(a, weights)` (with float64 for integer `a`). Its
//! id is an [`ArrayFn`] variant; its implementation is codegen's `lower/average.rs`.

use std::sync::Arc;

use super::args::axis_argument;
use super::error::CallError;
use super::reduce::ReduceOp;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Type};

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::none("axis"),
        Param::none("weights"),
        Param::opt("returned", Const::Bool(false)),
        Param::opt("keepdims", Const::Bool(false)),
    ]
}

/// The arguments of `a.mean(axis)` that `np.average(a, axis)` is: `a`, `axis`, `dtype=None`,
/// `keepdims=False`.
pub fn mean_arguments<T: Clone>(args: &[T]) -> Vec<T> {
    vec![
        args[0].clone(),
        args[1].clone(),
        args[2].clone(),
        args[4].clone(),
    ]
}

/// The result type of a call (arguments bound in parameter order).
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let Type::Array(a) = &t[0] else {
        return Err(CallError::unsupported(format!(
            "average() of {} is not supported (arrays of numbers only)",
            t[0]
        )));
    };
    flag_false(args, 3, "returned")?;
    flag_false(args, 4, "keepdims")?;
    if t[2] == Type::NoneType {
        let consts = mean_arguments(args.consts);
        let types = mean_arguments(t);
        let mean = CallArgs {
            types: &types,
            consts: &consts,
            method: false,
        };
        return super::reduce::type_call(ReduceOp::Mean, &mean);
    }
    let w = match &t[2] {
        Type::Array(w) => w,
        other => {
            return Err(CallError::unsupported(format!(
                "average(): weights of {other} are not supported (an array)"
            )))
        }
    };
    let axis = axis_argument(&t[1], args.consts[1].as_ref(), a.ndim)?;
    // Weights of another number of dimensions: NumPy's errors, known here.
    if w.ndim != a.ndim && axis.is_none() {
        return Err(CallError::typing(
            "Axis must be specified when shapes of a and weights differ.",
        ));
    }
    if w.ndim != a.ndim && w.ndim != 1 {
        return Err(CallError::typing(
            "Shape of weights must be consistent with shape of a along specified axis.",
        ));
    }
    let dtype = result_dtype(&a.dtype, &w.dtype)?;
    // The type of `np.multiply(a, w, dtype).sum(axis)`: the product laid out as NumPy's
    // (`order='K'` of both), its sum's as the reductions give it.
    let layout = if w.ndim == a.ndim {
        super::results::keep_order_layout(&[&t[0], &t[2]])
    } else {
        a.layout
    };
    let product = Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim: a.ndim,
        layout,
        readonly: false,
    }));
    let types = [product, t[1].clone(), Type::NoneType, Type::Bool];
    let consts = [None, args.consts[1].clone(), None, Some(Const::Bool(false))];
    let sum = CallArgs {
        types: &types,
        consts: &consts,
        method: false,
    };
    super::reduce::type_call(ReduceOp::Sum, &sum)
}

/// `returned=` and `keepdims=`: the constant `False` (`True` is not supported).
fn flag_false(args: &CallArgs, k: usize, name: &str) -> Result<(), CallError> {
    match (&args.types[k], &args.consts[k]) {
        (Type::Bool, Some(Const::Bool(false))) => Ok(()),
        (Type::Bool, Some(Const::Bool(true))) => Err(CallError::unsupported(format!(
            "average({name}=True) is not supported"
        ))),
        (t, _) => Err(CallError::typing(format!(
            "average(): {name} must be a bool constant, not {t}"
        ))),
    }
}

/// NumPy's `result_type(a, weights)` (with `'f8'` for integer or bool `a`), for real dtypes:
/// float32 only where both fit in it.
fn result_dtype(a: &Type, w: &Type) -> Result<Type, CallError> {
    let small = |t: &Type| match t {
        Type::Bool => true,
        Type::Int(i) => i.bits <= 16,
        Type::Float(32) => true,
        _ => false,
    };
    match (a, w) {
        (Type::Complex(_), _) | (_, Type::Complex(_)) => Err(CallError::unsupported(
            "average() of complex numbers with weights is not supported yet",
        )),
        (Type::Float(32), w) if small(w) => Ok(Type::Float(32)),
        _ => Ok(Type::F64),
    }
}

/// The axis (`None`: the whole array), for lowering.
pub fn decode(args: &CallArgs) -> Decoded {
    let axis = match args.types.first() {
        Some(Type::Array(a)) => axis_argument(&args.types[1], args.consts[1].as_ref(), a.ndim)
            .ok()
            .flatten(),
        _ => None,
    };
    Decoded {
        axis,
        ..Decoded::default()
    }
}
