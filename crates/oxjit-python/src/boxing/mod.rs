//! typeof, unboxing of arguments into native slots and boxing of native results, one module
//! per type kind (as codegen's `models/` has one model per kind; boxing needs PyO3, which
//! codegen does not depend on, so it lives here in the same shape). `unbox` and `box_value`
//! are the one list: a new kind is a module plus one arm in each.
//!
//! Slots are laid out as `oxjit_core::types::size_align` says (C layout, as LLVM lays out the
//! same types on the host).

mod array;
mod bytes;
mod closure;
mod complex;
mod dict;
mod dict_reflect;
pub mod generator;
mod half;
pub mod jitclass;
mod list;
pub mod named;
mod none;
mod npgen;
mod optional;
mod polynomial;
pub mod record;
mod scalar;
mod slice;
mod strs;
mod tuple;

use std::sync::Arc;

use oxjit_core::types::Type;
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyDict, PyFloat, PyInt, PyList, PyTuple};

pub use array::{
    array_code, array_geometry, array_type, as_ndarray, borrowed_ndarray, canonical_dtype,
    fast_array, numpy_loaded, FAST_NDIM,
};
pub use closure::{check_returned, returns_function};
pub(crate) use list::numbers_to_list;
pub use scalar::numpy_scalar_type;
pub use strs::borrowed as borrowed_str;

/// The oxjit type of a Python value (an argument). An empty dict or set inside a container
/// takes its types from the others there (`{1: {"a": 2}, 2: {}}`); one that nothing types is
/// an error, as an empty dict or set argument is.
pub fn typeof_value(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    let t = typeof_nested(obj)?;
    match empty_container_left(&t) {
        None => Ok(t),
        Some(what) if matches!(t, Type::Dict(..) | Type::Set(_)) => Err(PyTypeError::new_err(
            format!("oxjit: cannot type an empty {what} argument {UNKNOWN_TYPES}"),
        )),
        Some(what) => Err(PyTypeError::new_err(format!(
            "oxjit: cannot type an empty {what} inside an argument of type {t} {UNKNOWN_TYPES}"
        ))),
    }
}

const UNKNOWN_TYPES: &str = "(its types are unknown): pass a non-empty one, or build it inside \
                             the compiled function";

/// Where `t` still holds an empty dict or set that its neighbours did not type: which.
fn empty_container_left(t: &Type) -> Option<&'static str> {
    let empty =
        |x: &Type| matches!(x, Type::Undetermined(k) if *k == oxjit_core::types::EMPTY_ARGUMENT);
    match t {
        Type::Dict(k, _) if empty(k) => Some("dict"),
        Type::Set(k) if empty(k) => Some("set"),
        Type::Dict(k, v) => empty_container_left(k).or_else(|| empty_container_left(v)),
        Type::List(x) | Type::Set(x) => empty_container_left(x),
        Type::Tuple(items) => items.iter().find_map(empty_container_left),
        _ => None,
    }
}

/// The type of a value inside an argument: [`typeof_value`]'s, an empty dict or set typed
/// with unknown items (unified with its neighbours' types).
pub(crate) fn typeof_nested(obj: &Bound<'_, PyAny>) -> PyResult<Type> {
    if obj.is_exact_instance_of::<PyBool>() {
        return Ok(Type::Bool);
    }
    if obj.is_exact_instance_of::<PyInt>() {
        return match obj.extract::<i64>() {
            Ok(_) => Ok(Type::I64),
            Err(_) => match obj.extract::<u64>() {
                Ok(_) => Ok(Type::int(64, false)),
                Err(_) => Err(PyOverflowError::new_err(
                    "oxjit: int argument too large for a 64-bit integer",
                )),
            },
        };
    }
    if obj.is_exact_instance_of::<PyFloat>() {
        return Ok(Type::F64);
    }
    if obj.is_exact_instance_of::<PyComplex>() {
        return Ok(Type::C128);
    }
    if obj.is_none() {
        return Ok(Type::NoneType);
    }
    if obj.is(obj.py().Ellipsis()) {
        // `f(a, ...)`: the index `...`, known when compiling (as `a[...]` written in the code).
        return Ok(Type::StrLiteral(oxjit_core::types::ELLIPSIS.into()));
    }
    if let Some(t) = jitclass::typeof_instance(obj) {
        return Ok(t);
    }
    if obj.is_exact_instance_of::<pyo3::types::PyString>() {
        return Ok(Type::Str);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        // The `**kwargs` of a call from Python (`oxjit._kwargs.Kwargs`): a struct of its values.
        if let Some(names) = kwargs_names(obj) {
            let items: Vec<Type> = t
                .iter()
                .map(|i| typeof_nested(&i))
                .collect::<PyResult<_>>()?;
            return Ok(oxjit_core::types::kwargs_struct(names, items));
        }
        // An instance of a named tuple class is typed with its class (`types/named.rs`).
        let named = match obj.is_exact_instance_of::<PyTuple>() {
            true => None,
            false => named::class_of(&obj.get_type()),
        };
        if let Some(named) = named {
            let items: Vec<Type> = t
                .iter()
                .map(|i| typeof_nested(&i))
                .collect::<PyResult<_>>()?;
            return Ok(Type::Tuple(oxjit_core::types::TupleItems::named(
                items.into(),
                named,
            )));
        }
        let items: Vec<Type> = t
            .iter()
            .map(|i| typeof_nested(&i))
            .collect::<PyResult<_>>()?;
        // Different functions: first-class functions of one type (`types/functions.rs`).
        if let Some(common) = oxjit_core::types::common_function_type(&items) {
            return Ok(Type::tuple(vec![common; items.len()]));
        }
        return Ok(Type::tuple(items));
    }
    if let Some(t) = crate::typed::typeof_typed(obj)? {
        return Ok(t);
    }
    if let Ok(l) = obj.cast_exact::<PyList>() {
        return list::typeof_list(l);
    }
    if let Ok(d) = obj.cast_exact::<PyDict>() {
        return dict::typeof_dict(d);
    }
    if let Ok(s) = obj.cast_exact::<pyo3::types::PySet>() {
        return dict::typeof_set(s);
    }
    if let Some(arr) = as_ndarray(obj) {
        crate::subclass::check(obj)?;
        return array_type(&arr);
    }
    if obj.is_exact_instance_of::<pyo3::types::PyBytes>() {
        // Numba's `Bytes(uint8, 1d, C, readonly)`: laid out as that array (`boxing/bytes.rs`).
        return Ok(Type::Bytes);
    }
    if obj.is_exact_instance_of::<pyo3::types::PyByteArray>() {
        // As Numba's `bytearray(uint8, 1d, C)`: its bytes, writable in place.
        return Ok(Type::Array(std::sync::Arc::new(
            oxjit_core::types::ArrayTy {
                readonly: false,
                ..(*oxjit_core::types::bytes_array()).clone()
            },
        )));
    }
    if slice::is_slice_argument(obj)? {
        return Ok(Type::Slice);
    }
    if let Some(f) = function_argument(obj)? {
        return Ok(Type::UserFunction(f));
    }
    if let Some((t, _)) = closure::typeof_closure(obj)? {
        return Ok(t);
    }
    if npgen::is_generator(obj) {
        return Ok(Type::NpGenerator);
    }
    if let Some(t) = polynomial::typeof_polynomial(obj)? {
        return Ok(t);
    }
    if let Some(t) = generator::typeof_generator(obj) {
        return Ok(t);
    }
    if let Some(t) = record::typeof_void(obj)? {
        return Ok(t);
    }
    let ty = obj.get_type();
    if let (Ok(module), Ok(name)) = (ty.module(), ty.name()) {
        if module == "numpy" {
            if let Some(t) = numpy_scalar_type(&name.to_string()) {
                return Ok(t);
            }
        }
    }
    // A ctypes or cffi function, an `@cfunc`: compiled code calls it by its address.
    if let Some(t) = crate::cfuncptr::type_of(obj) {
        return t;
    }
    // A class the compiler calls as a function (`np.float32`, `int`), passed as an argument
    // (Numba's `NumberClass`): its type is the function; nothing of it exists at run time.
    if obj.is_instance_of::<pyo3::types::PyType>() {
        if let oxjit_core::typeinfer::GlobalValue::Builtin(b) = crate::host::classify(obj.py(), obj)
        {
            return Ok(Type::Builtin(b));
        }
    }
    let name = ty
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    Err(PyTypeError::new_err(format!(
        "oxjit: arguments of type '{name}' are not supported"
    )))
}

/// The id of the compiled function `obj` stands for: a dispatcher's own, or for a plain Python
/// function the dispatcher `oxjit.decorators._as_argument` makes for it (once); `None` for
/// anything else.
fn function_argument(obj: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    let id_of = DISPATCHER_ID
        .get()
        .expect("set when the module is imported");
    if let Some(id) = id_of(obj) {
        return Ok(Some(id));
    }
    if obj.get_type().name()? != "function" || !obj.hasattr("__code__")? {
        return Ok(None);
    }
    let py = obj.py();
    let made = py
        .import("oxjit.decorators")?
        .call_method1("_as_argument", (obj,))?;
    match id_of(&made) {
        Some(id) => Ok(Some(id)),
        None => Err(PyTypeError::new_err(
            "oxjit: _as_argument made no dispatcher",
        )),
    }
}

/// The function id of a dispatcher, `None` for any other object: set by the crate's module
/// initialisation (this module cannot name the dispatcher type: the dispatcher depends on it).
pub static DISPATCHER_ID: std::sync::OnceLock<DispatcherId> = std::sync::OnceLock::new();

/// See [`DISPATCHER_ID`].
pub type DispatcherId = for<'py> fn(&Bound<'py, PyAny>) -> Option<u64>;

/// Writes `obj` (of oxjit type `t`) at `dst`.
///
/// # Safety
/// `dst` must point to at least `size_align(t).0` writable bytes.
pub unsafe fn unbox(obj: &Bound<'_, PyAny>, t: &Type, dst: *mut u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee, passed on.
    unsafe {
        match t {
            Type::Bool | Type::Int(_) | Type::Float(_) => scalar::unbox(obj, t, dst),
            Type::Complex(bits) => complex::unbox(obj, *bits, dst),
            Type::NoneType => none::unbox(dst),
            Type::Optional(inner) => optional::unbox(obj, inner, dst),
            Type::Slice => slice::unbox(obj, dst),
            Type::Array(a) => array::unbox(obj, a, dst),
            Type::Tuple(items) => tuple::unbox(obj, items, dst),
            Type::Closure(_, items) => tuple::unbox(&obj.getattr("_captured")?, items, dst),
            Type::Str => strs::unbox(obj, dst),
            Type::List(item) => list::unbox(obj, item, dst),
            Type::Dict(k, v) => dict::unbox(obj, k, v, dst),
            Type::Set(k) => dict::unbox_set(obj, k, dst),
            Type::Functions(fs) => closure::unbox_function_value(obj, fs, dst),
            Type::NpGenerator => npgen::unbox(obj, dst),
            Type::Polynomial(parts) => polynomial::unbox(obj, parts, dst),
            Type::Bytes => bytes::unbox(obj, dst),
            Type::Generator(_) => generator::unbox(obj, dst),
            Type::Record(_) => record::unbox(obj, dst),
            Type::JitInstance(c) => jitclass::unbox(obj, c, dst),
            Type::CFuncPtr(_) => crate::cfuncptr::unbox(obj, dst),
            // A function is its type: nothing of it exists at run time.
            Type::UserFunction(_) | Type::Builtin(_) => {
                dst.write(0);
                Ok(())
            }
            t if oxjit_core::types::is_ellipsis(t) => {
                dst.write(0);
                Ok(())
            }
            other => Err(PyTypeError::new_err(format!(
                "oxjit: cannot pass a value of type {other}"
            ))),
        }
    }
}

/// Reads a value of oxjit type `t` at `src` as a Python object (ints as `int`, floats as
/// `float`, as Numba boxes them).
///
/// # Safety
/// `src` must point to an initialised value of type `t`.
pub unsafe fn box_value(py: Python<'_>, t: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee, passed on.
    unsafe {
        match t {
            Type::Bool | Type::Int(_) | Type::Float(_) => scalar::box_value(py, t, src),
            Type::Complex(bits) => Ok(complex::box_value(py, *bits, src)),
            Type::NoneType => Ok(py.None()),
            t if oxjit_core::types::is_ellipsis(t) => Ok(py.Ellipsis()),
            Type::Optional(inner) => optional::box_value(py, inner, src),
            Type::Array(a) => array::box_array(py, a, src),
            Type::Tuple(items) => tuple::box_value(py, items, src),
            Type::Closure(id, captures) => closure::box_closure(py, *id, captures, src),
            Type::UserFunction(f) => closure::box_function(py, *f),
            Type::Functions(fs) => {
                let k = (src as *const i64).read_unaligned();
                closure::box_function(py, fs[k as usize])
            }
            Type::Str => strs::box_value(py, src),
            Type::List(item) => list::box_value(py, item, src),
            Type::Dict(k, v) => dict::box_value(py, k, v, src),
            Type::Set(k) => dict::box_set(py, k, src),
            Type::Generator(item) => generator::box_value(py, item, src),
            Type::NpGenerator => npgen::box_value(py, src),
            Type::Polynomial(parts) => polynomial::box_value(py, parts, src),
            Type::Bytes => bytes::box_value(py, src),
            Type::Record(rec) => record::box_value(py, rec, src),
            Type::JitInstance(c) => jitclass::box_value(py, c, src),
            other => Err(PyTypeError::new_err(format!(
                "oxjit: cannot return a value of type {other}"
            ))),
        }
    }
}

/// After a call: gives back what unboxing the argument `obj` (of oxjit type `t`, at `slot`)
/// made, writing lists the compiled code changed back into the Python lists they came from.
///
/// # Safety
/// `slot` must hold what `unbox(obj, t, slot)` wrote.
pub unsafe fn release_arg(obj: &Bound<'_, PyAny>, t: &Type, slot: *const u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee, passed on.
    unsafe {
        match t {
            Type::List(item) => list::release(obj, item, slot),
            Type::Str => {
                strs::release(t, slot);
                Ok(())
            }
            // Written back where the compiled code changed them, as lists.
            Type::Dict(..) | Type::Set(_) => dict_reflect::release(obj, t, slot),
            Type::NpGenerator => {
                npgen::release(slot);
                Ok(())
            }
            Type::JitInstance(_) => {
                jitclass::release(slot);
                Ok(())
            }
            Type::Tuple(items) if items.iter().any(oxjit_core::analysis::refcount::is_ref) => {
                let tuple = obj.cast::<PyTuple>()?;
                let offsets = oxjit_core::types::field_offsets(items);
                let mut result = Ok(());
                for ((item_t, off), x) in items.iter().zip(offsets).zip(tuple.iter()) {
                    let r = release_arg(&x, item_t, slot.add(off));
                    result = result.and(r);
                }
                result
            }
            _ => Ok(()),
        }
    }
}

/// After unboxing an argument of type `t` at `slot`, which [`release_arg`] gives back after the
/// call: a dict or set copy's snapshot, to tell whether the call changed it.
///
/// # Safety
/// `slot` must hold what `unbox(obj, t, slot)` wrote.
pub unsafe fn remember_arg(t: &Type, slot: *const u8) {
    if let Type::Dict(..) | Type::Set(_) = t {
        // SAFETY: the caller's guarantee: a live dict or set block.
        unsafe { dict_reflect::remember(*(slot as *const *mut oxjit_runtime::nrt::MemInfo)) };
    }
}

/// The earlier argument that argument `i` is the same Python list, dict or set as (of the same
/// type), whose native copy it shares.
pub fn alias_of(values: &[Bound<'_, PyAny>], types: &[Type], i: usize) -> Option<usize> {
    let t = &types[i];
    if !matches!(t, Type::List(_) | Type::Dict(..) | Type::Set(_)) {
        return None;
    }
    (0..i).find(|&j| values[j].is(&values[i]) && types[j] == *t)
}

/// Writes at `dst` the native container at `src`, with a reference of its own.
///
/// # Safety
/// `src` must hold a live native list, dict or set; `dst` 8 writable bytes.
pub unsafe fn share_arg(src: *const u8, dst: *mut u8) {
    // SAFETY: the caller's guarantee.
    unsafe {
        let mi = *(src as *const *mut oxjit_runtime::nrt::MemInfo);
        oxjit_runtime::nrt::oxjit_rt_nrt_incref(mi);
        *(dst as *mut *mut oxjit_runtime::nrt::MemInfo) = mi;
    }
}

/// Drops the reference [`share_arg`] wrote at `slot`.
///
/// # Safety
/// `slot` must hold what `share_arg` wrote.
pub unsafe fn unshare_arg(slot: *const u8) {
    // SAFETY: the caller's guarantee.
    unsafe {
        oxjit_runtime::nrt::oxjit_rt_nrt_decref(*(slot as *const *mut oxjit_runtime::nrt::MemInfo))
    };
}

/// Whether an argument of type `t` needs [`release_arg`] after the call.
pub fn needs_release(t: &Type) -> bool {
    match t {
        Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Str => true,
        Type::NpGenerator | Type::JitInstance(_) => true,
        Type::Tuple(items) => items.iter().any(needs_release),
        _ => false,
    }
}

/// Whether type `t` names functions of this process (a dispatcher's id): values of it cannot be
/// cached on disk.
pub fn names_functions(t: &Type) -> bool {
    match t {
        Type::UserFunction(_) | Type::Closure(..) | Type::Functions(_) => true,
        _ if named::names_class(t) => true,
        _ if jitclass::names_jitclass(t) => true,
        Type::Tuple(items) => items.iter().any(names_functions),
        _ => false,
    }
}

/// The keyword names of the `**kwargs` of a call from Python (`oxjit._kwargs.Kwargs`), `None`
/// for any other object.
fn kwargs_names(obj: &Bound<'_, PyAny>) -> Option<Vec<Arc<str>>> {
    if obj.is_exact_instance_of::<PyTuple>()
        || !obj.get_type().qualname().is_ok_and(|n| n == "Kwargs")
    {
        return None;
    }
    let names = obj.getattr("names").ok()?;
    names
        .cast::<PyTuple>()
        .ok()?
        .iter()
        .map(|n| Some(Arc::from(n.extract::<String>().ok()?.as_str())))
        .collect()
}
