//! `np.fill_diagonal(a, val, wrap=False)`: `a.flat[:end:step] = val` in place, NumPy's `step`
//! (`a.shape[1] + 1` for a matrix, the diagonal of a cube...) and `end` (the square part of a
//! tall matrix unless `wrap`); `None`. Its id is an [`ArrayFn`] variant; the implementation
//! is codegen's `lower/fill_diagonal.rs`.

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::Type;

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::req("val"),
        Param::opt("wrap", Const::Bool(false)),
    ]
}

pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let Type::Array(a) = &t[0] else {
        return Err(CallError::unsupported(format!(
            "fill_diagonal() of {} is not supported (arrays only)",
            t[0]
        )));
    };
    if a.ndim < 2 {
        return Err(CallError::typing("array must be at least 2-d"));
    }
    if a.readonly {
        return Err(CallError::typing("assignment destination is read-only"));
    }
    if !a.dtype.is_numeric() || !t[1].is_numeric() {
        return Err(CallError::unsupported(format!(
            "fill_diagonal() of {} with {} is not supported yet (numbers)",
            a.dtype, t[1]
        )));
    }
    if !matches!(args.consts.get(2), Some(Some(Const::Bool(_)))) {
        return Err(CallError::typing(
            "fill_diagonal(): wrap must be a constant True or False",
        ));
    }
    Ok(Type::NoneType)
}
