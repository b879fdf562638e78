//! `ffi.from_buffer(a)` of a cffi `FFI` object (a global), as Numba's `cffi_utils` types it: a
//! `CPointer` to the items of a contiguous array (C-ordered, or Fortran-ordered in one
//! dimension), to pass an array's memory to a cffi function (`types/cfuncptr.rs`).

use super::error::CallError;
use crate::types::{Layout, Type};

/// The type of `ffi.from_buffer(args...)`.
pub(super) fn from_buffer_type(args: &[Type]) -> Result<Type, CallError> {
    let [arg] = args else {
        return Err(CallError::typing(format!(
            "from_buffer() takes one argument (an array), {} given",
            args.len()
        )));
    };
    let Type::Array(at) = arg else {
        return Err(CallError::typing(format!(
            "from_buffer() expected a buffer object, got {arg}"
        )));
    };
    if at.layout == Layout::A {
        return Err(CallError::typing(format!(
            "from_buffer() unsupported on non-contiguous buffers (got {arg})"
        )));
    }
    if at.layout == Layout::F && at.ndim > 1 {
        return Err(CallError::typing(format!(
            "from_buffer() only supports multidimensional arrays with C layout (got {arg})"
        )));
    }
    if !at.dtype.is_numeric() || matches!(at.dtype, Type::Complex(_)) {
        return Err(CallError::unsupported(format!(
            "from_buffer() of an array of {}: pointers to numbers only",
            at.dtype
        )));
    }
    Ok(Type::Pointer(std::sync::Arc::new(at.dtype.clone())))
}
