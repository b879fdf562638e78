//! C functions compiled code calls through their address (`Type::CFuncPtr`): what
//! `oxjit._cfuncptr.describe` says of a Python object (a ctypes or cffi function, an `@cfunc`,
//! a `WrapperAddressProtocol` object) made into the type and the address, for a global (its
//! address a constant of the code, which the cache then cannot keep) and for an argument (its
//! address unboxed at each call).

use std::sync::Arc;

use oxjit_core::ir::Const;
use oxjit_core::typeinfer::{CallTarget, GlobalValue, TypedFunction};
use oxjit_core::types::{CSignature, ModuleKind, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;

/// What `value` is as a C function: `None` where it is none, `Err(reason)` where compiled code
/// cannot call it.
fn describe(value: &Bound<'_, PyAny>) -> Option<Result<(Type, u64), String>> {
    let py = value.py();
    let found = py
        .import("oxjit._cfuncptr")
        .and_then(|m| m.call_method1("describe", (value,)));
    let found = match found {
        Ok(f) if f.is_none() => return None,
        Ok(f) => f,
        Err(e) => return Some(Err(format!("a C function oxjit could not inspect ({e})"))),
    };
    if let Ok(reason) = found.extract::<String>() {
        return Some(Err(reason));
    }
    let Ok((args, ret, address)) = found.extract::<(Vec<String>, String, u64)>() else {
        return Some(Err("a C function oxjit could not inspect".into()));
    };
    let parse = |text: &str| Type::parse(text).map_err(|e| format!("a C function ({e})"));
    let sig = (|| {
        let args = args
            .iter()
            .map(|a| parse(a))
            .collect::<Result<Vec<_>, _>>()?;
        let ret = parse(&ret)?;
        if let Some(bad) = args
            .iter()
            .find(|t| !oxjit_core::types::is_c_type(t, false))
        {
            return Err(format!(
                "a C function taking {bad}, which C code cannot take"
            ));
        }
        if !oxjit_core::types::is_c_type(&ret, true) {
            return Err(format!(
                "a C function returning {ret}, which C code cannot return"
            ));
        }
        Ok(CSignature { args, ret })
    })();
    Some(sig.map(|sig| (Type::CFuncPtr(Arc::new(sig)), address)))
}

/// A global that is a C function: its address, a constant of its type; `None` where it is no C
/// function.
pub(crate) fn global(value: &Bound<'_, PyAny>) -> Option<GlobalValue> {
    if is_ffi(value) {
        return Some(GlobalValue::Module(ModuleKind::Ffi));
    }
    Some(match describe(value)? {
        Ok((t, address)) => {
            GlobalValue::Const(Const::Typed(t, Box::new(Const::Int(address as i64))))
        }
        Err(reason) => GlobalValue::Unsupported(reason),
    })
}

/// The type of an argument that is a C function; `None` where it is none.
pub(crate) fn type_of(value: &Bound<'_, PyAny>) -> Option<PyResult<Type>> {
    Some(match describe(value)? {
        Ok((t, _)) => Ok(t),
        Err(reason) => Err(PyTypeError::new_err(format!(
            "oxjit: cannot pass {reason} to compiled code"
        ))),
    })
}

/// Writes the address of the C function `value` (an argument typed by [`type_of`]) at `dst`.
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(crate) unsafe fn unbox(value: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let address = match describe(value) {
        Some(Ok((_, address))) => address,
        Some(Err(reason)) => return Err(PyTypeError::new_err(reason)),
        None => return Err(PyTypeError::new_err("oxjit: not a C function")),
    };
    // SAFETY: the caller's guarantee: 8 writable bytes (a pointer).
    unsafe { (dst as *mut u64).write_unaligned(address) };
    Ok(())
}

/// Whether the typed function (or a `prange` loop outlined from it) holds the address of a C
/// function as a constant (a global), which makes its machine code this process's only:
/// Numba's "dynamic globals".
pub(crate) fn holds_address(typed: &TypedFunction) -> bool {
    let own = typed
        .consts
        .iter()
        .any(|c| matches!(c, Some(Const::Typed(Type::CFuncPtr(_), _))));
    own || typed.calls.values().any(|c| match c {
        CallTarget::Parallel(lp) => {
            holds_address(&lp.body) || lp.combine.as_deref().is_some_and(holds_address)
        }
        _ => false,
    })
}

/// Whether `value` is a cffi `FFI` object (`cffi.FFI()`, or an out-of-line module's `ffi`),
/// whose `from_buffer` compiled code calls.
fn is_ffi(value: &Bound<'_, PyAny>) -> bool {
    let t = value.get_type();
    let (Ok(module), Ok(name)) = (t.module(), t.name()) else {
        return false;
    };
    name == "FFI" && (module == "cffi.api" || module == "_cffi_backend")
}

/// With `cache=True`: code holding a C function's address (a ctypes global) is this process's
/// only, so it is not kept, with Numba's warning (`dispatcher` is the Python dispatcher).
/// Whether it was refused.
pub(crate) fn refuse_cache(
    dispatcher: &Bound<'_, PyAny>,
    code: Option<&crate::compiler::ObjectCode>,
) -> PyResult<bool> {
    if !code.is_some_and(|c| c.dynamic_globals) {
        return Ok(false);
    }
    dispatcher.call_method0("_cache_refuse_dynamic")?;
    Ok(true)
}
