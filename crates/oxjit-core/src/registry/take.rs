//! `np.take(a, indices)` (also `a.take(indices)`): items of the flattened array by index, with
//! NumPy's parameters, checks and result types. Its id is an [`ArrayFn`] variant; its
//! implementation is codegen's `lower/take.rs`.

use std::sync::Arc;

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// The parameters, as NumPy names them (a method's array first).
pub fn params() -> Vec<Param> {
    vec![
        Param::req("a"),
        Param::req("indices"),
        Param::none("axis"),
        Param::none("out"),
        Param::opt("mode", Const::Str(Arc::from("raise"))),
    ]
}

/// `np.take(a, indices)`: `a` flattened in C order; `indices` an integer (the result one item,
/// a number) or an array of integers (a new C array of its shape). NumPy casts the indices to
/// `intp` by 'same_kind': floats are its `TypeError`. `axis=`, `out=` and modes other than
/// `'raise'` are refused.
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let a = match &args.types[0] {
        Type::Array(a) if a.dtype.is_numeric() => a,
        t => {
            return Err(CallError::unsupported(format!(
                "take() of {t} is not supported (arrays of numbers only)"
            )))
        }
    };
    if args.types[2] != Type::NoneType || args.types[3] != Type::NoneType {
        return Err(CallError::unsupported(
            "take(): axis= and out= are not supported yet (the flattened array)",
        ));
    }
    if !matches!(&args.types[4], Type::StrLiteral(m) if &**m == "raise") {
        return Err(CallError::unsupported(
            "take(): only mode='raise' is supported",
        ));
    }
    match &args.types[1] {
        Type::Array(ix) if ix.dtype.is_integer_like() => Ok(Type::Array(Arc::new(ArrayTy {
            dtype: a.dtype.clone(),
            ndim: ix.ndim,
            layout: Layout::C,
            readonly: false,
        }))),
        Type::Array(ix) => Err(format!(
            "take(): Cannot cast array data from dtype('{}') to dtype('int64') according to \
             the rule 'same_kind'",
            ix.dtype
        )
        .into()),
        t if t.is_integer_like() => Ok(a.dtype.clone()),
        t => Err(CallError::unsupported(format!(
            "take(): indices of {t} are not supported (an integer or an array of integers)"
        ))),
    }
}
