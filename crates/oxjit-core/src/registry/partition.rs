//! `np.partition`/`a.partition` and `np.argpartition`/`a.argpartition` along the last axis,
//! with NumPy's parameters and checks. NumPy's introselect leaves the items other than the
//! `kth` ones in an order it does not specify; oxjit sorts the rows (a stable argsort for
//! `argpartition`), one of the orders NumPy's contract allows: every `kth` item is where a
//! sort puts it, none before it greater, none after it smaller. Their implementation is
//! codegen's `lower/partition.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::req("kth"),
        Param::opt("axis", Const::Int(-1)),
        Param::opt("kind", Const::Str(Arc::from("introselect"))),
        Param::none("order"),
    ]
}

/// The result type of `f` (typing checked `kth`, the axis and the kind).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = f.name();
    let a = match &t[0] {
        Type::Array(a) if matches!(a.dtype, Type::Bool | Type::Int(_) | Type::Float(_)) => a,
        other => {
            return Err(CallError::unsupported(format!(
                "{name}() of {other} is not supported (arrays of bools, integers and floats)"
            )))
        }
    };
    if a.ndim == 0 {
        return Err(CallError::axis(-1, 0));
    }
    let kth_ok = match &t[1] {
        k if k.is_integer_like() && *k != Type::Bool => true,
        Type::Tuple(items) => items
            .iter()
            .all(|k| k.is_integer_like() && *k != Type::Bool),
        _ => false,
    };
    if !kth_ok {
        return Err(CallError::unsupported(format!(
            "{name}(): kth must be an integer or a tuple of integers, not {}",
            t[1]
        )));
    }
    let last = match args.consts[2] {
        Some(Const::Int(k)) => k == -1 || k == a.ndim as i64 - 1,
        _ => false,
    };
    if !last {
        return Err(CallError::unsupported(format!(
            "{name}() along an axis other than the last is not supported yet"
        )));
    }
    match (&t[3], &args.consts[3]) {
        (Type::StrLiteral(s), _) if &**s == "introselect" => {}
        (_, Some(Const::Str(s))) if &**s == "introselect" => {}
        (Type::StrLiteral(s), _) => {
            return Err(format!("select kind must be 'introselect' (got '{s}')").into())
        }
        (other, _) => {
            return Err(CallError::unsupported(format!(
                "{name}(): kind must be a constant string, not {other}"
            )))
        }
    }
    if t[4] != Type::NoneType {
        return Err(CallError::unsupported(format!(
            "{name}(): order= is not supported (no structured arrays)"
        )));
    }
    Ok(match f {
        ArrayFn::Partition if args.method => {
            if a.readonly || a.layout != Layout::C {
                return Err(CallError::unsupported(
                    "a.partition() of a read-only or non-contiguous array is not supported yet",
                ));
            }
            Type::NoneType
        }
        ArrayFn::Partition => Type::Array(Arc::new(ArrayTy {
            dtype: a.dtype.clone(),
            ndim: a.ndim,
            layout: super::results::keep_order_layout(&[&t[0]]),
            readonly: false,
        })),
        _ if a.ndim > 1 => {
            return Err(CallError::unsupported(
                "argpartition() of a multi-dimensional array is not supported yet",
            ))
        }
        _ => Type::Array(Arc::new(ArrayTy {
            dtype: Type::I64,
            ndim: 1,
            layout: Layout::C,
            readonly: false,
        })),
    })
}

/// A partition is a sort here (not stable: equal items are equal); `a.partition()` sorts `a`.
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    Decoded {
        stable: Some(Ok(false)),
        in_place: f == ArrayFn::Partition && args.method,
        ..Decoded::default()
    }
}
