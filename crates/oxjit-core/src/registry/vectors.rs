//! Products of vectors: `np.cross` (of 3-vectors, stacks broadcast) and `np.vander`
//! (Vandermonde matrices), with NumPy's parameters, checks and result types. Their ids are
//! [`ArrayFn`] variants; their implementation is codegen's `lower/vectors.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::ir::Const;
use crate::types::{unify, ArrayTy, IntTy, Layout, Type};

/// The parameters of `f`, as NumPy names them.
pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::Cross => vec![
            Param::req("a"),
            Param::req("b"),
            Param::opt("axisa", Const::Int(-1)),
            Param::opt("axisb", Const::Int(-1)),
            Param::opt("axisc", Const::Int(-1)),
            Param::none("axis"),
        ],
        ArrayFn::Vander => vec![
            Param::req("x"),
            Param::none("N"),
            Param::opt("increasing", Const::Bool(false)),
        ],
        _ => unreachable!("{f:?} is not a vector function"),
    }
}

/// NumPy's `promote_types(t, int64)`: the dtype of `np.vander`.
pub fn vander_dtype(t: &Type) -> Type {
    match t {
        Type::Bool => Type::I64,
        Type::Int(IntTy {
            bits: 64,
            signed: false,
        }) => Type::F64,
        Type::Int(_) => Type::I64,
        Type::Float(_) => Type::F64,
        _ => Type::C128,
    }
}

/// The result type of `f` called with `args` (bound in parameter order).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let array_of = |k: usize, what: &str| match &t[k] {
        Type::Array(a) if a.dtype.is_numeric() => Ok((**a).clone()),
        other => Err(CallError::unsupported(format!(
            "{}(): {what} of {other} is not supported (arrays of numbers only)",
            f.name()
        ))),
    };
    match f {
        ArrayFn::Cross => {
            let (a, b) = (array_of(0, "a")?, array_of(1, "b")?);
            if a.ndim == 0 || b.ndim == 0 {
                return Err("At least one array has zero dimension".into());
            }
            let default = |k: usize| matches!(args.consts.get(k), Some(Some(Const::Int(-1))));
            if !(default(2) && default(3) && default(4)) || t[5] != Type::NoneType {
                return Err(CallError::unsupported(
                    "cross(): axisa=, axisb=, axisc= and axis= are not supported yet (the last axis)",
                ));
            }
            let dtype = unify(&a.dtype, &b.dtype).ok_or("cross(): dtypes that do not combine")?;
            if matches!(dtype, Type::Complex(_)) {
                // NumPy's complex products round as its SIMD loops do (fused multiply-adds).
                return Err(CallError::unsupported(
                    "cross() of complex vectors is not supported yet",
                ));
            }
            if dtype == Type::Bool {
                return Err(CallError::typing(
                    "numpy boolean subtract, the `-` operator, is not supported, use the \
                     bitwise_xor, the `^` operator, or the logical_xor function instead.",
                ));
            }
            Ok(Type::Array(Arc::new(ArrayTy {
                dtype,
                ndim: a.ndim.max(b.ndim),
                layout: Layout::C,
                readonly: false,
            })))
        }
        ArrayFn::Vander => {
            let x = array_of(0, "x")?;
            if x.ndim != 1 {
                return Err("x must be a one-dimensional array or sequence.".into());
            }
            if matches!(x.dtype, Type::Complex(_)) {
                // NumPy's complex products round as its SIMD loops do (fused multiply-adds).
                return Err(CallError::unsupported(
                    "vander() of complex numbers is not supported yet",
                ));
            }
            if t[1] != Type::NoneType && (!t[1].is_integer_like() || t[1] == Type::Bool) {
                return Err(format!("vander(): N must be an integer or None, not {}", t[1]).into());
            }
            if t[2] != Type::Bool {
                return Err(format!("vander(): increasing must be a bool, not {}", t[2]).into());
            }
            Ok(Type::Array(Arc::new(ArrayTy {
                dtype: vander_dtype(&x.dtype),
                ndim: 2,
                layout: Layout::C,
                readonly: false,
            })))
        }
        _ => unreachable!("{f:?} is not a vector function"),
    }
}
