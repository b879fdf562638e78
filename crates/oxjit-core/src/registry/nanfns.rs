//! The reductions that skip NaNs: `np.nansum nanprod nanmean nanmax nanmin nanargmax nanargmin
//! nanstd nanvar nancumsum nancumprod`. Each has the parameters and result type of the
//! reduction it stands for ([`reduction`]); on integer and boolean arrays, which hold no NaN,
//! NumPy calls that reduction, and so does oxjit (every `axis`, `dtype` and `keepdims` it
//! takes). Float arrays are reduced whole. Their ids are [`ArrayFn`] variants; their
//! implementation is codegen's `lower/nanfns.rs`.

use super::error::CallError;
use super::signature::{Decoded, Param};
use super::CallArgs;
use crate::callee::{ArrayFn, ReduceOp};
use crate::types::Type;

/// The reduction NumPy's `f` calls on arrays without NaNs.
pub fn reduction(f: ArrayFn) -> ReduceOp {
    match f {
        ArrayFn::Nansum => ReduceOp::Sum,
        ArrayFn::Nanprod => ReduceOp::Prod,
        ArrayFn::Nanmean => ReduceOp::Mean,
        ArrayFn::Nanmax => ReduceOp::Max,
        ArrayFn::Nanmin => ReduceOp::Min,
        ArrayFn::Nanargmax => ReduceOp::Argmax,
        ArrayFn::Nanargmin => ReduceOp::Argmin,
        ArrayFn::Nanstd => ReduceOp::Std,
        ArrayFn::Nanvar => ReduceOp::Var,
        ArrayFn::Nancumsum => ReduceOp::Cumsum,
        ArrayFn::Nancumprod => ReduceOp::Cumprod,
        _ => unreachable!("{f:?} is not a nan reduction"),
    }
}

/// The parameters of `f`: its reduction's.
pub fn params(f: ArrayFn) -> Vec<Param> {
    super::reduce::params(reduction(f))
}

/// The constant arguments lowering needs: its reduction's.
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    super::reduce::decode(reduction(f), args)
}

/// Whether the items of arrays of `dtype` can be NaN (a complex item where either part is).
pub fn has_nans(dtype: &Type) -> bool {
    matches!(dtype, Type::Float(_) | Type::Complex(_))
}

/// The result type of `f`: its reduction's. Float and complex arrays are reduced whole
/// (`axis=None`, no `dtype=`, no `keepdims=True`).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let op = reduction(f);
    let name = f.name();
    let dtype = match &args.types[0] {
        Type::Array(a) => a.dtype.clone(),
        t => {
            return Err(CallError::unsupported(format!(
                "{name}() of {t} is not supported (arrays only)"
            )))
        }
    };
    let t = super::reduce::type_call(op, args)?;
    if has_nans(&dtype) {
        let d = decode(f, args);
        let whole = args.types[1] == Type::NoneType && d.dtype.is_none() && !d.keepdims;
        let out_none = super::reduce::params(op)
            .iter()
            .position(|p| &*p.name == "out")
            .is_none_or(|k| args.types[k] == Type::NoneType);
        if !whole || !out_none {
            return Err(CallError::unsupported(format!(
                "{name}() of a float array: axis=, dtype=, out= and keepdims= are not supported yet (the whole array)"
            )));
        }
    }
    Ok(t)
}
