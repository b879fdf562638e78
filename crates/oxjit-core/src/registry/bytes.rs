//! `np._oxjit_bytes(a)` and `np._oxjit_bytes_view(b)`: the primitives `bytes` are written with
//! (`types/bytes.rs`, `python/oxjit/_bytes.py`). A `bytes` is laid out as the read-only 1-d
//! C-contiguous `uint8` array of its bytes, so each is its argument under the other type.

use super::error::CallError;
use super::signature::Param;
use super::CallArgs;
use crate::callee::ArrayFn;
use crate::types::{bytes_array, Layout, Type};

pub fn params(f: ArrayFn) -> Vec<Param> {
    match f {
        ArrayFn::MakeBytes => vec![Param::req("a")],
        _ => vec![Param::req("b")],
    }
}

pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = &args.types[0];
    match (f, t) {
        (ArrayFn::MakeBytes, Type::Array(a))
            if a.dtype == bytes_array().dtype && a.ndim == 1 && a.layout == Layout::C =>
        {
            Ok(Type::Bytes)
        }
        (ArrayFn::MakeBytes, _) => Err(CallError::typing(format!(
            "_oxjit_bytes() takes a 1-d C-contiguous uint8 array, not {t}"
        ))),
        (_, Type::Bytes) => Ok(Type::Array(bytes_array())),
        _ => Err(CallError::typing(format!(
            "_oxjit_bytes_view() takes bytes, not {t}"
        ))),
    }
}
