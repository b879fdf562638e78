//! `np.append(arr, values, axis=None)`: both flattened in C order and joined, a new 1-d array of
//! their common dtype (NumPy ravels `values` into an array first, so a Python number is not
//! "weak" there: `np.append(float32_array, 1.5)` is float64). Its id is an [`ArrayFn`]
//! variant; the implementation is codegen's `lower/append.rs`.

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::types::Type;

/// The parameters, as NumPy names them.
pub fn params() -> Vec<Param> {
    vec![Param::req("arr"), Param::req("values"), Param::none("axis")]
}

/// The item type of `arr` or `values` (an array's dtype, a number's type).
fn item(t: &Type) -> Result<Type, CallError> {
    match t {
        Type::Array(a) if a.dtype.is_numeric() => Ok(a.dtype.clone()),
        t if t.is_numeric() => Ok(t.clone()),
        t => Err(CallError::unsupported(format!(
            "append() of {t} is not supported (arrays and numbers)"
        ))),
    }
}

/// A new 1-d C array.
pub fn type_call(args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    if t[2] != Type::NoneType {
        return Err(CallError::unsupported(
            "append(axis=...) is not supported yet (the arrays are flattened)",
        ));
    }
    let (a, v) = (item(&t[0])?, item(&t[1])?);
    let dtype = crate::types::unify(&a, &v)
        .ok_or_else(|| CallError::typing(format!("append() of {a} and {v}")))?;
    Ok(super::elementwise::array(dtype, 1))
}
