//! `np.nan_to_num(x, copy=True, nan=0.0, posinf=None, neginf=None)`: NaN and infinities of a
//! real float array (or number) replaced, the infinities by the dtype's largest finite values
//! unless given; integer and boolean arrays unchanged (a copy, or `x` itself with `copy=False`).
//! Its id is an [`ArrayFn`] variant; the implementation is codegen's `lower/nan_to_num.rs`.

use super::error::CallError;
use super::signature::Param;
use super::{ArrayFn, CallArgs};
use crate::ir::Const;
use crate::types::Type;

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("x"),
        Param::opt("copy", Const::Bool(true)),
        Param::opt("nan", Const::Float(0.0)),
        Param::none("posinf"),
        Param::none("neginf"),
    ]
}

/// `x`'s type (a copy in `x`'s memory order, as NumPy's `array(x, copy=True)`).
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let name = ArrayFn::NanToNum.name();
    let t = args.types;
    let dtype = match &t[0] {
        Type::Array(a) => &a.dtype,
        t => t,
    };
    match dtype {
        Type::Bool | Type::Int(_) | Type::Float(32 | 64) => {}
        d => {
            return Err(CallError::unsupported(format!(
                "{name}() of {d} is not supported yet"
            )))
        }
    }
    if !matches!(args.consts.get(1), Some(Some(Const::Bool(_)))) {
        return Err(CallError::typing(format!(
            "{name}(): copy must be a constant True or False"
        )));
    }
    for (k, what) in [(2, "nan"), (3, "posinf"), (4, "neginf")] {
        let ok = t[k].is_real() || (k > 2 && t[k] == Type::NoneType);
        if !ok {
            return Err(CallError::typing(format!(
                "{name}(): {what} must be a real number, not {}",
                t[k]
            )));
        }
    }
    let copy = matches!(args.consts.get(1), Some(Some(Const::Bool(true))));
    Ok(match &t[0] {
        Type::Array(a) if copy => super::results::elementwise_result(
            super::elementwise::array(a.dtype.clone(), a.ndim),
            &[&t[0]],
        ),
        other => other.clone(),
    })
}
