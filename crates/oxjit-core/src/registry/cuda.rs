//! `oxjit.cuda`'s device functions (Numba's `numba.cuda` API): their parameters and typing.
//! Only CUDA kernels lower them (codegen's `lower/cuda.rs`); the CPU target refuses them.

use std::sync::Arc;

use super::args::dtype_argument;
use super::entry::Entry;
use super::error::CallError;
use super::signature::{Param, Signature, Style};
use super::{Builtin, CallArgs};
use crate::callee::{AtomicOp, CudaFn};
pub use crate::callee::{CudaNs, Dim3};
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, ModuleKind, Type};

/// The type of `threadIdx.x` and friends (Numba's: a 32-bit special register).
pub const SREG: Type = Type::Int(crate::types::IntTy {
    bits: 32,
    signed: true,
});

/// A warp's lane mask, `ballot_sync`'s result.
pub const MASK: Type = Type::Int(crate::types::IntTy {
    bits: 32,
    signed: false,
});

fn params(f: CudaFn) -> Vec<Param> {
    let req = Param::req;
    match f {
        CudaFn::Grid | CudaFn::Gridsize => vec![req("ndim")],
        CudaFn::Syncthreads | CudaFn::Threadfence | CudaFn::ThreadfenceBlock => vec![],
        CudaFn::SyncthreadsCount | CudaFn::SyncthreadsAnd | CudaFn::SyncthreadsOr => {
            vec![req("predicate")]
        }
        CudaFn::Syncwarp => vec![Param::opt("mask", Const::Int(0xFFFF_FFFF))],
        CudaFn::SharedArray | CudaFn::LocalArray => vec![req("shape"), req("dtype")],
        CudaFn::ConstArrayLike => vec![req("ary")],
        CudaFn::Atomic(_) => vec![req("ary"), req("idx"), req("val")],
        CudaFn::AtomicCas => vec![req("ary"), req("idx"), req("old"), req("val")],
        CudaFn::ShflSync => vec![req("mask"), req("value"), req("src_lane")],
        CudaFn::ShflUpSync | CudaFn::ShflDownSync => vec![req("mask"), req("value"), req("delta")],
        CudaFn::ShflXorSync => vec![req("mask"), req("value"), req("lane_mask")],
        CudaFn::BallotSync | CudaFn::AllSync | CudaFn::AnySync => {
            vec![req("mask"), req("predicate")]
        }
    }
}

/// How a call binds its arguments.
pub fn signature(f: CudaFn) -> Signature {
    Signature::new(f.qualified_name(), params(f), Style::Library)
}

/// The functions of `oxjit.cuda`, for the table of callables.
pub fn entries() -> Vec<Entry> {
    CudaFn::ALL
        .iter()
        .map(|f| Entry::function(Builtin::Cuda(*f), ModuleKind::Cuda(f.namespace()), f.name()))
        .collect()
}

/// What `cuda.<name>` is when it is not a function: a namespace or a thread index triple.
pub fn attribute(ns: CudaNs, name: &str) -> Option<ModuleKind> {
    if ns != CudaNs::Cuda {
        return None;
    }
    let sub = match name {
        "shared" => ModuleKind::Cuda(CudaNs::Shared),
        "local" => ModuleKind::Cuda(CudaNs::Local),
        "atomic" => ModuleKind::Cuda(CudaNs::Atomic),
        "const" => ModuleKind::Cuda(CudaNs::Const),
        _ => {
            return Dim3::ALL
                .iter()
                .find(|d| d.name() == name)
                .map(|d| ModuleKind::CudaDim(*d))
        }
    };
    Some(sub)
}

fn int_const(c: Option<&Const>) -> Option<i64> {
    match c {
        Some(Const::Int(k)) => Some(*k),
        Some(Const::Typed(_, inner)) => int_const(Some(inner)),
        _ => None,
    }
}

/// The dimensions of a shared or local array: a constant positive int or tuple of them.
pub fn constant_shape(c: Option<&Const>) -> Option<Vec<i64>> {
    let dims = match c {
        Some(Const::Tuple(items)) => items.iter().map(|i| int_const(Some(i))).collect(),
        other => int_const(other).map(|k| vec![k]),
    }?;
    (!dims.is_empty() && dims.iter().all(|&d| d > 0)).then_some(dims)
}

/// `cuda.shared.array(0, dtype)`: the launch's dynamic shared memory.
pub fn is_dynamic(c: Option<&Const>) -> bool {
    match c {
        Some(Const::Tuple(items)) if items.len() == 1 => int_const(items.first()) == Some(0),
        other => int_const(other) == Some(0),
    }
}

fn ndim_arg(f: CudaFn, args: &CallArgs) -> Result<u8, CallError> {
    match int_const(args.consts[0].as_ref()) {
        Some(n @ 1..=3) => Ok(n as u8),
        _ => Err(CallError::typing(format!(
            "{}(ndim): ndim must be the constant 1, 2 or 3",
            f.qualified_name()
        ))),
    }
}

/// The element types atomics support (as the hardware does).
fn atomic_dtype(op: Option<AtomicOp>, t: &Type) -> bool {
    let int = matches!(t, Type::Int(i) if i.bits == 32 || i.bits == 64);
    let float = matches!(t, Type::Float(32 | 64));
    match op {
        Some(AtomicOp::And | AtomicOp::Or | AtomicOp::Xor) | None => int,
        _ => int || float,
    }
}

fn atomic_type(f: CudaFn, args: &CallArgs) -> Result<Type, CallError> {
    let name = f.qualified_name();
    let Type::Array(a) = &args.types[0] else {
        return Err(CallError::typing(format!(
            "{name}(): the first argument must be an array, not {}",
            args.types[0]
        )));
    };
    let op = match f {
        CudaFn::Atomic(op) => Some(op),
        _ => None,
    };
    if !atomic_dtype(op, &a.dtype) {
        return Err(CallError::typing(format!(
            "{name}() does not support arrays of {} (32- and 64-bit integers{})",
            a.dtype,
            if matches!(
                op,
                Some(AtomicOp::And | AtomicOp::Or | AtomicOp::Xor) | None
            ) {
                ""
            } else {
                " and floats"
            }
        )));
    }
    let index_ok = match &args.types[1] {
        t if t.is_integer_like() => a.ndim == 1,
        Type::Tuple(items) => {
            items.len() == a.ndim as usize && items.iter().all(|t| t.is_integer_like())
        }
        _ => false,
    };
    if !index_ok {
        return Err(CallError::typing(format!(
            "{name}(): the index must be an integer (1-d array) or a tuple of {} integers, not {}",
            a.ndim, args.types[1]
        )));
    }
    for t in &args.types[2..] {
        if !t.is_numeric() || matches!(t, Type::Complex(_)) {
            return Err(CallError::typing(format!(
                "{name}(): the value must be a number, not {t}"
            )));
        }
    }
    Ok(a.dtype.clone())
}

fn warp_value(f: CudaFn, t: &Type) -> Result<Type, CallError> {
    match t {
        Type::Int(i) if i.bits == 32 || i.bits == 64 => Ok(t.clone()),
        Type::Bool => Ok(Type::I64),
        Type::Float(32 | 64) => Ok(t.clone()),
        _ => Err(CallError::typing(format!(
            "{}(): the value must be a 32- or 64-bit integer or float, not {t}",
            f.qualified_name()
        ))),
    }
}

pub fn type_call(f: CudaFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    match f {
        CudaFn::Grid | CudaFn::Gridsize => match ndim_arg(f, args)? {
            1 => Ok(Type::I64),
            n => Ok(Type::tuple(vec![Type::I64; n as usize])),
        },
        CudaFn::Syncthreads | CudaFn::Threadfence | CudaFn::ThreadfenceBlock | CudaFn::Syncwarp => {
            Ok(Type::NoneType)
        }
        CudaFn::SyncthreadsCount | CudaFn::SyncthreadsAnd | CudaFn::SyncthreadsOr => Ok(SREG),
        CudaFn::SharedArray | CudaFn::LocalArray => {
            let dynamic = f == CudaFn::SharedArray && is_dynamic(args.consts[0].as_ref());
            let dims = constant_shape(args.consts[0].as_ref())
                .or(dynamic.then(|| vec![0]))
                .ok_or_else(|| {
                    CallError::typing(format!(
                        "{}(shape, dtype): shape must be a constant positive integer or tuple of \
                     them (the size is fixed when the kernel is compiled)",
                        f.qualified_name()
                    ))
                })?;
            let dtype = dtype_argument(&t[1])
                .map_err(CallError::typing)?
                .ok_or_else(|| CallError::typing("cuda array: dtype must be given"))?;
            Ok(Type::Array(Arc::new(ArrayTy {
                dtype,
                ndim: dims.len() as u8,
                layout: Layout::C,
                readonly: false,
            })))
        }
        CudaFn::ConstArrayLike => match (&t[0], args.consts[0].as_ref()) {
            (Type::Array(a), Some(Const::Array(_))) => Ok(Type::Array(Arc::new(ArrayTy {
                dtype: a.dtype.clone(),
                ndim: a.ndim,
                layout: Layout::C,
                readonly: true,
            }))),
            _ => Err(CallError::typing(
                "cuda.const.array_like(ary): ary must be a global NumPy array (its values are \
                 fixed when the kernel is compiled)",
            )),
        },
        CudaFn::Atomic(_) | CudaFn::AtomicCas => atomic_type(f, args),
        CudaFn::ShflSync | CudaFn::ShflUpSync | CudaFn::ShflDownSync | CudaFn::ShflXorSync => {
            warp_value(f, &t[1])
        }
        CudaFn::BallotSync => Ok(MASK),
        CudaFn::AllSync | CudaFn::AnySync => Ok(Type::Bool),
    }
}
