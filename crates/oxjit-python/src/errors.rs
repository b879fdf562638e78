//! The one conversion of oxjit's errors to Python exceptions: compiler diagnostics become
//! `oxjit.errors.*`, exceptions raised by compiled code become the class they name (a builtin,
//! or `module.Class` such as `numpy.linalg.LinAlgError`).

use oxjit_abi::{ArgKind, ChainBlock, CHAIN_CAUSE, CHAIN_CONTEXT, CHAIN_FROM};
use oxjit_core::diagnostics::{Diagnostic, ErrorKind};
use oxjit_runtime::exception_args::Arg;
use oxjit_runtime::exceptions::{ExcInfo, ReadExc};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// A compiler diagnostic as `oxjit.errors.TypingError` / `UnsupportedError` / `InternalError`.
pub fn diagnostic_to_pyerr(py: Python<'_>, d: &Diagnostic) -> PyErr {
    let class = match d.kind {
        ErrorKind::Typing => "TypingError",
        ErrorKind::Axis => "AxisTypingError",
        ErrorKind::Unsupported => "UnsupportedError",
        ErrorKind::Internal => "InternalError",
    };
    match py.import("oxjit.errors").and_then(|m| m.getattr(class)) {
        Ok(cls) => match cls.call1((d.render(),)) {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// `oxjit.errors.TypingError(message)`, for argument types compiled code cannot take.
pub fn typing_error(py: Python<'_>, message: &str) -> PyErr {
    match py
        .import("oxjit.errors")
        .and_then(|m| m.getattr("TypingError"))
    {
        Ok(cls) => match cls.call1((message,)) {
            Ok(exc) => PyErr::from_value(exc),
            Err(e) => e,
        },
        Err(e) => e,
    }
}

/// An internal error (a compiler bug or an LLVM failure), as `oxjit.errors.InternalError`.
pub fn internal(py: Python<'_>, message: impl Into<String>) -> PyErr {
    diagnostic_to_pyerr(py, &Diagnostic::internal(message))
}

/// The exception a compiled function raised. Takes the record's reference to the block of its
/// run-time arguments (`ArgKind::Owned`): call it once per raise.
pub fn raised(py: Python<'_>, exc: &ExcInfo) -> PyErr {
    let err = raised_exception(py, exc);
    release(exc);
    err
}

/// Gives back the block of run-time arguments a record owns (`ArgKind::Owned`), where the
/// exception is dropped without reaching Python: once per raise, as [`raised`] does.
pub fn release(exc: &ExcInfo) {
    if exc.kind().owns_block() {
        oxjit_runtime::nrt::oxjit_rt_nrt_decref(exc.arg_int as *mut oxjit_abi::MemInfo);
    }
}

/// The exception, with its `__cause__` and `__context__` where it is chained (the records the
/// chain's block keeps, turned into exceptions in turn).
fn raised_exception(py: Python<'_>, exc: &ExcInfo) -> PyErr {
    // SAFETY: the record's block is alive until `raised` gives it back.
    let (own, chain) = unsafe { exc.unchained() };
    let err = plain_exception(py, &own);
    if let Some(chain) = chain {
        if let Err(e) = attach_chain(py, &err, chain) {
            return e;
        }
    }
    err
}

/// Sets `__cause__` (for `raise ... from ...`: also `__suppress_context__`, as CPython's setter
/// does) and `__context__` of the exception `err` from its chain. A cause that is also the
/// context (`raise E from e` in `except ... as e`) is one object, as in CPython.
fn attach_chain(py: Python<'_>, err: &PyErr, chain: &ChainBlock) -> PyResult<()> {
    let value = err.value(py);
    let context = (chain.flags & CHAIN_CONTEXT != 0)
        .then(|| raised_exception(py, &chain.context.to_info()).into_value(py));
    if chain.flags & CHAIN_FROM != 0 {
        let cause = if chain.flags & CHAIN_CAUSE == 0 {
            py.None()
        } else {
            match &context {
                Some(c) if chain.cause.same_exception(&chain.context) => c.clone_ref(py).into_any(),
                _ => raised_exception(py, &chain.cause.to_info())
                    .into_value(py)
                    .into_any(),
            }
        };
        value.setattr("__cause__", cause)?;
    }
    if let Some(c) = context {
        value.setattr("__context__", c)?;
    }
    Ok(())
}

/// The exception of an unchained record.
fn plain_exception(py: Python<'_>, exc: &ExcInfo) -> PyErr {
    // An exception of a `with objmode` block, unchanged: the original object.
    if let Some(e) = take_pending(exc) {
        return e;
    }
    // SAFETY: generated code stores pointers to constants of modules that are never freed.
    let (class, msg) = unsafe { exc.read() };
    let (module, name) = class
        .rsplit_once('.')
        .unwrap_or(("builtins", class.as_str()));
    let module = match py.import(module) {
        Ok(m) => m,
        Err(e) => return e,
    };
    let cls = match module.getattr(name) {
        Ok(c) => c,
        Err(_) => {
            return internal(
                py,
                format!("compiled code raised an unknown exception class {class:?}"),
            )
        }
    };
    let args = if msg.is_empty() && exc.kind() == ArgKind::None {
        PyTuple::empty(py)
    } else {
        match exc.kind() {
            ArgKind::Int => PyTuple::new(
                py,
                [exc.arg_int
                    .into_pyobject(py)
                    .map(|o| o.into_any())
                    .unwrap_or_else(|_| py.None().into_bound(py))],
            )
            .expect("tuple"),
            ArgKind::Float => PyTuple::new(
                py,
                [exc.arg_float
                    .into_pyobject(py)
                    .map(|o| o.into_any())
                    .unwrap_or_else(|_| py.None().into_bound(py))],
            )
            .expect("tuple"),
            ArgKind::Bool => PyTuple::new(
                py,
                [pyo3::types::PyBool::new(py, exc.arg_int != 0)
                    .to_owned()
                    .into_any()],
            )
            .expect("tuple"),
            ArgKind::ConstArgs => {
                constant_args(py, &msg).unwrap_or_else(|| PyTuple::new(py, [msg]).expect("tuple"))
            }
            ArgKind::Literal => match literal_value(py, &msg) {
                Ok(v) => PyTuple::new(py, [v]).expect("tuple"),
                Err(e) => return e,
            },
            // SAFETY: the record's block is alive until `raised` gives it back.
            ArgKind::Owned => match unsafe { oxjit_runtime::exception_args::owned_args(exc) } {
                Some(args) => match owned_args(py, &args) {
                    Ok(t) => t,
                    Err(e) => return e,
                },
                None => PyTuple::new(py, [msg]).expect("tuple"),
            },
            ArgKind::None | ArgKind::Template | ArgKind::Several | ArgKind::Chained => {
                PyTuple::new(py, [msg]).expect("tuple")
            }
        }
    };
    match cls.call1(args) {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// Run-time arguments as Python values.
fn owned_args<'py>(py: Python<'py>, args: &[Arg]) -> PyResult<Bound<'py, PyTuple>> {
    let items: Vec<Bound<'py, PyAny>> = args
        .iter()
        .map(|a| -> PyResult<Bound<'py, PyAny>> {
            Ok(match a {
                Arg::Str(s) => s.into_pyobject(py)?.into_any(),
                Arg::Int(i) => i.into_pyobject(py)?.into_any(),
                Arg::Float(x) => x.into_pyobject(py)?.into_any(),
                Arg::Bool(b) => pyo3::types::PyBool::new(py, *b).to_owned().into_any(),
                Arg::None => py.None().into_bound(py),
            })
        })
        .collect::<PyResult<_>>()?;
    PyTuple::new(py, items)
}

/// The arguments of `raise E(c1, c2, ...)`, read back from the `repr()` of their tuple that
/// codegen stored (constants of the source: literals `ast.literal_eval` reads; `None` for a
/// text it cannot read, such as a float `inf`, where the exception gets the text instead).
fn constant_args<'py>(py: Python<'py>, text: &str) -> Option<Bound<'py, PyTuple>> {
    let value = py
        .import("ast")
        .and_then(|m| m.getattr("literal_eval"))
        .and_then(|f| f.call1((text,)))
        .ok()?;
    value.cast_into::<PyTuple>().ok()
}

/// The value whose `repr` is `text` (`ArgKind::Literal`: a tuple key of a `KeyError`), rebuilt
/// by `oxjit._literal`.
fn literal_value<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("oxjit._literal")?
        .getattr("from_repr")?
        .call1((text,))
}

/// Marks a record the objmode callback wrote (in `ints`, unused by its argument kinds).
pub const MAGIC: i64 = 0x6f62_6a6d_6f64_6521;

/// The exception a `with objmode` block raised (`objmode.rs`): its record's serial number
/// (in `ints`) and pointers, and the exception object itself.
pub struct Pending {
    pub serial: i64,
    pub class: usize,
    pub msg: usize,
    pub err: PyErr,
}

thread_local! {
    /// The exception the last objmode block of this thread raised.
    static PENDING: std::cell::RefCell<Option<Pending>> = const { std::cell::RefCell::new(None) };
}

/// Keeps the exception of an objmode block until its record reaches Python.
pub fn keep_pending(p: Pending) {
    PENDING.with(|slot| *slot.borrow_mut() = Some(p));
}

/// The exception object an objmode block raised, if `exc` is still its record.
fn take_pending(exc: &ExcInfo) -> Option<PyErr> {
    use oxjit_abi::exc_field::INTS_LEN;
    if exc.ints[INTS_LEN - 2] != MAGIC || exc.kind() == ArgKind::Template {
        return None;
    }
    PENDING.with(|slot| {
        let mut slot = slot.borrow_mut();
        let p = slot.as_ref()?;
        let same = p.serial == exc.ints[INTS_LEN - 1]
            && p.class == exc.class_name as usize
            && p.msg == exc.msg as usize;
        same.then(|| slot.take().map(|p| p.err)).flatten()
    })
}
