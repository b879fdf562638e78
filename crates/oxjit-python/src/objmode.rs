//! `with objmode(...)` blocks at run time (core's `ssa/objmode.rs`, codegen's
//! `lower/objmode.rs`): generated code calls `oxjit_py_objmode`, which boxes the block's inputs,
//! runs the block (a Python function made once from its source by
//! `oxjit.withobjmode._make_block`), checks each output against its declared type (TypeError
//! naming the variable) and unboxes it as a value the compiled code owns.
//!
//! An exception the block raises is written into the exception record by its class name (the
//! class registered with its bases, so compiled `except` clauses match it) and its argument;
//! the exception object itself is kept aside, so that when the record reaches Python
//! unchanged, Python gets the original object (its arguments and traceback).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::ffi::{c_char, CStr};
use std::sync::{Mutex, OnceLock};

use crate::errors::{Pending, MAGIC};
use oxjit_abi::{exc_field, ArgKind, MemInfo, PrintArg, MEMINFO_HAS_DTOR};
use oxjit_core::types::{field_offsets, Layout, Type};
use oxjit_runtime::exceptions::ExcInfo;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString, PyTuple, PyType};

/// The function a lifted inner function was lifted from: set by the compiler when it starts
/// (this module cannot name it: the compiler depends on the callbacks).
pub static ROOT_OF: OnceLock<fn(Python<'_>, u64) -> PyResult<u64>> = OnceLock::new();

/// `Callback::ObjMode` (see `oxjit_abi::Callback`).
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_py_objmode(
    func: i64,
    filename: *const c_char,
    source: *const c_char,
    outputs: *const c_char,
    args: *const PrintArg,
    n: i64,
    out: *mut u8,
    out_type: *const c_char,
    exc: *mut ExcInfo,
) -> i32 {
    Python::attach(|py| {
        // SAFETY: generated code passes `n` records, each a live value that holds a reference
        // this function takes over, and the NUL-terminated texts of its module.
        let result = unsafe {
            let args = std::slice::from_raw_parts(args, n.max(0) as usize);
            let inputs = box_inputs(py, args);
            let text = |p: *const c_char| CStr::from_ptr(p).to_string_lossy().into_owned();
            inputs.and_then(|inputs| {
                let block = block(py, func as u64, source, &text(filename))?;
                let returned = block.call1(PyTuple::new(py, inputs)?)?;
                unbox_outputs(&returned, &text(outputs), &text(out_type), out)
            })
        };
        match result {
            Ok(()) => 0,
            Err(e) => {
                // SAFETY: generated code passes its exception record.
                store_exception(py, e, unsafe { &mut *exc });
                1
            }
        }
    })
}

/// Boxes every input (each takes over its reference, so all are boxed even after a failure).
///
/// # Safety
/// Each record must be a `PrintKind::Value` record of a live value holding a reference.
unsafe fn box_inputs(py: Python<'_>, args: &[PrintArg]) -> PyResult<Vec<Py<PyAny>>> {
    let mut out = Vec::with_capacity(args.len());
    let mut first_err = None;
    for a in args {
        // SAFETY: the caller's guarantee: `b` is the NUL-terminated text of the value's type.
        let name = unsafe { CStr::from_ptr(a.b as *const c_char) }.to_string_lossy();
        let boxed = Type::parse(&name)
            .map_err(PyTypeError::new_err)
            // SAFETY: `a.a` is the address of a live value of that type (the caller's guarantee).
            .and_then(|t| unsafe { crate::boxing::box_value(py, &t, a.a as *const u8) });
        match boxed {
            Ok(o) => out.push(o),
            Err(e) => {
                first_err.get_or_insert(e);
            }
        }
    }
    match first_err {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The Python function of the block whose source is at `source` (made once per block).
///
/// # Safety
/// `source` must be a NUL-terminated constant of a module that is never freed.
unsafe fn block<'py>(
    py: Python<'py>,
    func: u64,
    source: *const c_char,
    filename: &str,
) -> PyResult<Bound<'py, PyAny>> {
    static BLOCKS: OnceLock<Mutex<HashMap<usize, Py<PyAny>>>> = OnceLock::new();
    let blocks = BLOCKS.get_or_init(Default::default);
    let key = source as usize;
    if let Some(f) = blocks.lock().expect("objmode blocks").get(&key) {
        return Ok(f.bind(py).clone());
    }
    // A block of an inner function runs in the globals of the function it was lifted from.
    let root_of = ROOT_OF.get().expect("set when the compiler starts");
    let root = root_of(py, func)?;
    let dispatcher = crate::host::registry()
        .lock()
        .expect("registry lock")
        .get(&root)
        .map(|d| d.clone_ref(py));
    let Some(dispatcher) = dispatcher else {
        return Err(PyTypeError::new_err(format!(
            "oxjit: the function of an objmode block (#{func}) is gone"
        )));
    };
    let py_func = dispatcher.bind(py).getattr("py_func")?;
    // SAFETY: the caller's guarantee.
    let text = unsafe { CStr::from_ptr(source) }.to_string_lossy();
    let made = py
        .import("oxjit.withobjmode")?
        .getattr("_make_block")?
        .call1((py_func, filename, text.as_ref()))?;
    blocks
        .lock()
        .expect("objmode blocks")
        .insert(key, made.clone().unbind());
    Ok(made)
}

/// Checks the block's result against the declared types and writes it at `out`.
///
/// # Safety
/// `out` must have room for a value of type `out_type`.
unsafe fn unbox_outputs(
    returned: &Bound<'_, PyAny>,
    names: &str,
    out_type: &str,
    out: *mut u8,
) -> PyResult<()> {
    let t = Type::parse(out_type).map_err(PyTypeError::new_err)?;
    let Type::Tuple(items) = &t else {
        return Err(PyTypeError::new_err(
            "oxjit: objmode outputs are not a tuple",
        ));
    };
    let values = returned.cast::<PyTuple>()?;
    let names: Vec<&str> = names.split(',').filter(|n| !n.is_empty()).collect();
    for ((item_t, name), value) in items.iter().zip(&names).zip(values.iter()) {
        if let Err(actual) = check_output(&value, item_t) {
            return Err(PyTypeError::new_err(format!(
                "objmode output '{name}' is declared as {item_t}, but the block gave it {actual}"
            )));
        }
    }
    let offsets = field_offsets(items);
    for (k, ((item_t, off), value)) in items.iter().zip(&offsets).zip(values.iter()).enumerate() {
        // SAFETY: `out` has room for the tuple (the caller's guarantee); each item at its offset.
        let done = unsafe { unbox_owned(&value, item_t, out.add(*off)) };
        if let Err(e) = done {
            for (prev_t, prev_off) in items.iter().zip(&offsets).take(k) {
                // SAFETY: written just above by `unbox_owned`.
                unsafe { drop_owned(prev_t, out.add(*prev_off)) };
            }
            return Err(e);
        }
    }
    Ok(())
}

/// `Err(description of what it is)` unless `obj` can be unboxed as `t` without loss: numbers
/// widen (bool to int to float to complex), arrays match dtype, dimensions and layout, other
/// values have exactly type `t`.
fn check_output(obj: &Bound<'_, PyAny>, t: &Type) -> Result<(), String> {
    let actual = crate::boxing::typeof_value(obj);
    let describe = || match &actual {
        Ok(a) => format!("a value of type {a}"),
        Err(_) => format!(
            "a '{}'",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ),
    };
    let rank = |t: &Type| match t {
        Type::Bool => Some(0),
        Type::Int(_) => Some(1),
        Type::Float(_) => Some(2),
        Type::Complex(_) => Some(3),
        _ => None,
    };
    let ok = match (t, &actual) {
        (Type::Tuple(items), _) => match obj.cast::<PyTuple>() {
            Ok(tuple) if tuple.len() == items.len() => {
                for (item_t, item) in items.iter().zip(tuple.iter()) {
                    check_output(&item, item_t)?;
                }
                true
            }
            _ => false,
        },
        (Type::Optional(inner), _) => obj.is_none() || check_output(obj, inner).is_ok(),
        (_, Err(_)) => false,
        (Type::Array(want), Ok(Type::Array(got))) => {
            want.dtype == got.dtype
                && want.ndim == got.ndim
                && (want.readonly || !got.readonly)
                && match want.layout {
                    Layout::A => true,
                    l => got.layout == l || got.ndim <= 1 && got.layout != Layout::A,
                }
        }
        (_, Ok(a)) => match (rank(t), rank(a)) {
            (Some(want), Some(got)) => got <= want,
            _ => a == t,
        },
    };
    if ok {
        Ok(())
    } else {
        Err(describe())
    }
}

/// Unboxes `obj` as a value of type `t` at `dst` that holds its own references (an array
/// keeps the NumPy array alive through a block of its own).
///
/// # Safety
/// `dst` must have room for a value of type `t`.
unsafe fn unbox_owned(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee, passed on.
    unsafe {
        match t {
            Type::Tuple(items) => {
                let tuple = obj.cast::<PyTuple>()?;
                let offsets = field_offsets(items);
                for (k, item_t) in items.iter().enumerate() {
                    let item = tuple.get_item(k)?;
                    if let Err(e) = unbox_owned(&item, item_t, dst.add(offsets[k])) {
                        for (prev, off) in items.iter().zip(&offsets).take(k) {
                            drop_owned(prev, dst.add(*off));
                        }
                        return Err(e);
                    }
                }
                Ok(())
            }
            // `{bool present, value}`, as `boxing/optional.rs` reads it.
            Type::Optional(inner) => {
                let present = !obj.is_none();
                dst.write(present as u8);
                if present {
                    unbox_owned(obj, inner, dst.add(optional_offset(inner)))?;
                }
                Ok(())
            }
            Type::Array(_) => {
                crate::boxing::unbox(obj, t, dst)?;
                (dst as *mut *mut MemInfo).write_unaligned(pyobject_block(obj));
                Ok(())
            }
            _ => crate::boxing::unbox(obj, t, dst),
        }
    }
}

/// Gives back what [`unbox_owned`] wrote at `src`.
///
/// # Safety
/// `src` must hold what `unbox_owned` wrote for type `t`.
unsafe fn drop_owned(t: &Type, src: *mut u8) {
    // SAFETY: the caller's guarantee.
    unsafe {
        match t {
            Type::Tuple(items) => {
                for (item, off) in items.iter().zip(field_offsets(items)) {
                    drop_owned(item, src.add(off));
                }
            }
            Type::Optional(inner) if *src != 0 => {
                drop_owned(inner, src.add(optional_offset(inner)))
            }
            Type::Array(_)
            | Type::Bytes
            | Type::Str
            | Type::List(_)
            | Type::Dict(..)
            | Type::Set(_) => oxjit_runtime::nrt::oxjit_rt_nrt_decref(
                (src as *const *mut MemInfo).read_unaligned(),
            ),
            _ => {}
        }
    }
}

/// The offset of the value in an optional of `inner` (after its `present` flag).
fn optional_offset(inner: &Type) -> usize {
    field_offsets(&[Type::Bool, inner.clone()])[1]
}

/// A runtime block that holds a reference to `obj`, given back when the block is freed.
fn pyobject_block(obj: &Bound<'_, PyAny>) -> *mut MemInfo {
    unsafe extern "C" fn release(mi: *mut MemInfo) {
        // SAFETY: the block's data holds the object pointer `pyobject_block` stored.
        let obj = unsafe { ((*mi).data as *const *mut pyo3::ffi::PyObject).read() };
        // SAFETY: the block held a strong reference to `obj`; given back under the GIL.
        Python::attach(|_| unsafe { pyo3::ffi::Py_DECREF(obj) });
    }
    let mi = oxjit_runtime::nrt::oxjit_rt_nrt_allocate(8);
    assert!(!mi.is_null(), "oxjit: out of memory for an objmode output");
    // SAFETY: a new block of 8 bytes; the strong reference taken here is the block's.
    unsafe {
        (*mi)
            .data
            .cast::<*mut pyo3::ffi::PyObject>()
            .write(obj.clone().into_ptr());
        (*mi).size |= MEMINFO_HAS_DTOR;
        (*mi).dtor = Some(release);
    }
    mi
}

// ------------------------------------------------------------------ exceptions

thread_local! {
    /// The messages of the last records written (a record points into one of them).
    static MESSAGES: RefCell<(Vec<Box<str>>, usize)> = const { RefCell::new((Vec::new(), 0)) };
}

/// How many messages stay readable: a caught exception's record points to its message, which
/// stays valid until this many other objmode exceptions were raised on the thread.
const KEPT_MESSAGES: usize = 1024;

/// The class name of `t` as compiled code names it (builtins unqualified, others
/// `module.Qualname`), its bases registered for `except` clauses; interned for good.
fn class_name(t: &Bound<'_, PyType>) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let qualified = |c: &Bound<'_, PyType>| -> String {
        let name = c.qualname().map(|n| n.to_string()).unwrap_or_default();
        match c.module().map(|m| m.to_string()).as_deref() {
            Ok("builtins") | Err(_) => name,
            Ok(m) => format!("{m}.{name}"),
        }
    };
    let name = qualified(t);
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .expect("class names");
    if let Some(n) = names.get(name.as_str()) {
        return n;
    }
    if name.contains('.') {
        let bases: Vec<String> = t
            .mro()
            .iter()
            .skip(1)
            .filter_map(|c| Some(qualified(&c.cast_into::<PyType>().ok()?)))
            .collect();
        oxjit_runtime::exception_classes::register_exception_class(&name, bases);
    }
    let interned: &'static str = Box::leak(name.into_boxed_str());
    names.insert(interned);
    interned
}

/// Writes the exception `e` into `exc` (and keeps the object for [`take_pending`]).
pub(crate) fn store_exception(py: Python<'_>, e: PyErr, exc: &mut ExcInfo) {
    let value = e.value(py);
    let class = class_name(&value.get_type());
    let args = value
        .getattr("args")
        .ok()
        .and_then(|a| a.cast_into::<PyTuple>().ok());
    let one = args
        .as_ref()
        .filter(|a| a.len() == 1)
        .map(|a| a.get_item(0));
    let mut kind = ArgKind::None;
    let mut msg = String::new();
    match one {
        Some(Ok(a)) if a.is_exact_instance_of::<PyBool>() => {
            kind = ArgKind::Bool;
            exc.arg_int = a.is_truthy().unwrap_or(false) as i64;
        }
        Some(Ok(a)) if a.is_exact_instance_of::<PyInt>() && a.extract::<i64>().is_ok() => {
            kind = ArgKind::Int;
            exc.arg_int = a.extract().unwrap_or(0);
        }
        Some(Ok(a)) if a.is_exact_instance_of::<PyFloat>() => {
            kind = ArgKind::Float;
            exc.arg_float = a.extract().unwrap_or(0.0);
        }
        Some(Ok(a)) if a.is_instance_of::<PyString>() => msg = a.to_string(),
        _ if args.as_ref().is_some_and(|a| a.is_empty()) => {}
        _ => {
            kind = ArgKind::Several;
            msg = value.str().map(|s| s.to_string()).unwrap_or_default();
        }
    }
    let msg_ptr = MESSAGES.with(|m| {
        let (kept, next) = &mut *m.borrow_mut();
        let text: Box<str> = msg.into_boxed_str();
        let p = text.as_ptr() as usize;
        if kept.len() < KEPT_MESSAGES {
            kept.push(text);
        } else {
            kept[*next] = text;
            *next = (*next + 1) % KEPT_MESSAGES;
        }
        p
    });
    let msg_len = MESSAGES.with(|m| {
        let (kept, _) = &*m.borrow();
        kept.iter()
            .find(|t| t.as_ptr() as usize == msg_ptr)
            .map_or(0, |t| t.len())
    });
    exc.class_name = class.as_ptr();
    exc.class_len = class.len() as i64;
    exc.msg = msg_ptr as *const u8;
    exc.msg_len = msg_len as i64;
    exc.arg_kind = kind as i64;
    static SERIAL: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1);
    let serial = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    exc.ints[exc_field::INTS_LEN - 2] = MAGIC;
    exc.ints[exc_field::INTS_LEN - 1] = serial;
    crate::errors::keep_pending(Pending {
        serial,
        class: class.as_ptr() as usize,
        msg: msg_ptr,
        err: e,
    });
}
