//! A closure returned to Python: an `oxjit._closures.Closure` holding the captured values and
//! the dispatcher of the lifted inner function, which takes them as its first arguments (one
//! dispatcher per lifted function, so no closure compiles anything new). Passed back to a
//! compiled function, it is a closure again. A closure sharing a cell with the function that
//! made it cannot be returned (the cell is in that function's frame): refused when the
//! function is compiled (`check_returned`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::session::{ClosureOrigin, Session};
use oxjit_core::types::{FuncId, Type};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Where each lifted function a compiled function returns comes from.
fn origins() -> &'static Mutex<HashMap<FuncId, ClosureOrigin>> {
    static ORIGINS: OnceLock<Mutex<HashMap<FuncId, ClosureOrigin>>> = OnceLock::new();
    ORIGINS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Records where the closures a function returns (`ret`, at any depth) come from, for boxing;
/// refuses a closure that captures a cell. `at` is the range to point an error at.
pub fn check_returned(
    session: &Session,
    ret: &Type,
    error_at: impl Fn(String) -> Diagnostic + Copy,
) -> Result<(), Diagnostic> {
    match ret {
        Type::Tuple(_) | Type::Closure(..) => {
            let items: &[Type] = match ret {
                Type::Tuple(items) => items,
                Type::Closure(_, items) => items,
                _ => unreachable!(),
            };
            if let Type::Closure(id, captures) = ret {
                let origin = session
                    .closure_origin(*id, captures.len())
                    .ok_or_else(|| Diagnostic::internal("a closure of unknown origin"))?;
                for (name, t) in origin.captures.iter().zip(captures.iter()) {
                    if matches!(t, Type::Cell(_)) {
                        return Err(error_at(format!(
                            "cannot return the closure '{}' to Python: it shares the variable \
                             '{name}' with the function that made it (a cell in that \
                             function's frame); a closure returned to Python may only capture \
                             variables assigned once, before it is made",
                            origin.name
                        )));
                    }
                }
                origins().lock().expect("origins lock").insert(*id, origin);
            }
            items
                .iter()
                .try_for_each(|t| check_returned(session, t, error_at))
        }
        Type::Optional(inner) => check_returned(session, inner, error_at),
        Type::UserFunction(f) if *f >= oxjit_core::session::LIFTED_KEYS => Err(
            Diagnostic::internal("a lifted function returned as a plain function"),
        ),
        _ => Ok(()),
    }
}

/// The dispatcher that runs each lifted function for Python (its captured values first).
fn lifted_dispatchers() -> &'static Mutex<HashMap<FuncId, Py<PyAny>>> {
    static DISPATCHERS: OnceLock<Mutex<HashMap<FuncId, Py<PyAny>>>> = OnceLock::new();
    DISPATCHERS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The Python callable for a closure whose captured values (of types `captures`) lie at `src`:
/// an `oxjit._closures.Closure` holding them and the dispatcher of the lifted function (made
/// once per lifted function), which it calls with them first.
///
/// # Safety
/// `src` must point to an initialised value of type `Closure(id, captures)`.
pub(super) unsafe fn box_closure(
    py: Python<'_>,
    id: FuncId,
    captures: &[Type],
    src: *const u8,
) -> PyResult<Py<PyAny>> {
    let captures = oxjit_core::types::TupleItems::from(Arc::<[Type]>::from(captures));
    // SAFETY: a closure's value is laid out as the tuple of its captured values.
    let values = unsafe { super::tuple::box_value(py, &captures, src)? };
    let module = py.import("oxjit._closures")?;
    let known = lifted_dispatchers()
        .lock()
        .expect("dispatchers lock")
        .get(&id)
        .map(|d| d.clone_ref(py));
    let dispatcher = match known {
        Some(d) => d,
        None => {
            let origin = origins()
                .lock()
                .expect("origins lock")
                .get(&id)
                .cloned()
                .ok_or_else(|| {
                    PyTypeError::new_err(
                        "oxjit: cannot return this closure (compiled in another process)",
                    )
                })?;
            let params: Vec<String> = origin.params.iter().map(|n| n.to_string()).collect();
            let defaults: Vec<Py<PyAny>> = origin
                .defaults
                .iter()
                .map(|c| constant(py, c.as_ref()))
                .collect::<PyResult<_>>()?;
            let made = module.call_method1(
                "lifted_dispatcher",
                (origin.name.as_str(), params, PyTuple::new(py, defaults)?),
            )?;
            let new = crate::host::dispatcher_id(&made).ok_or_else(|| {
                PyTypeError::new_err("oxjit: lifted_dispatcher made no dispatcher")
            })?;
            crate::compiler::alias_lifted(py, new, id)?;
            let made = made.unbind();
            lifted_dispatchers()
                .lock()
                .expect("dispatchers lock")
                .insert(id, made.clone_ref(py));
            made
        }
    };
    Ok(module
        .getattr("Closure")?
        .call1((dispatcher, values, id))?
        .unbind())
}

/// Whether a value of type `t` holds a function or a closure, which name functions of this
/// process only (a cached result of that type would be wrong in another process).
pub fn returns_function(t: &Type) -> bool {
    match t {
        Type::UserFunction(_) | Type::Closure(..) => true,
        Type::Tuple(items) => items.iter().any(returns_function),
        Type::Optional(inner) => returns_function(inner),
        _ => false,
    }
}

/// A compiled function returned as a value: its dispatcher.
pub(super) fn box_function(py: Python<'_>, f: FuncId) -> PyResult<Py<PyAny>> {
    crate::host::registry()
        .lock()
        .expect("registry lock")
        .get(&f)
        .map(|d| d.clone_ref(py))
        .ok_or_else(|| PyTypeError::new_err("oxjit: the returned function is not known"))
}

/// Whether `obj` is a closure returned by compiled code: its type, and its captured values.
pub(super) fn typeof_closure<'py>(
    obj: &Bound<'py, PyAny>,
) -> PyResult<Option<(Type, Bound<'py, PyAny>)>> {
    let py = obj.py();
    let class = py.import("oxjit._closures")?.getattr("Closure")?;
    if !obj.is_instance(&class)? {
        return Ok(None);
    }
    let id: FuncId = obj.getattr("_lifted")?.extract()?;
    let captured = obj.getattr("_captured")?;
    let types: Vec<Type> = captured
        .try_iter()?
        .map(|v| super::typeof_value(&v?))
        .collect::<PyResult<_>>()?;
    Ok(Some((Type::Closure(id, types.into()), captured)))
}

/// A constant default value as a Python object.
fn constant(py: Python<'_>, c: Option<&Const>) -> PyResult<Py<PyAny>> {
    Ok(match c {
        Some(Const::Int(i)) => i.into_pyobject(py)?.into_any().unbind(),
        Some(Const::Float(x)) => x.into_pyobject(py)?.into_any().unbind(),
        Some(Const::Bool(b)) => b.into_pyobject(py)?.to_owned().into_any().unbind(),
        Some(Const::Str(s)) => s.as_ref().into_pyobject(py)?.into_any().unbind(),
        Some(Const::Complex(re, im)) => pyo3::types::PyComplex::from_doubles(py, *re, *im)
            .into_any()
            .unbind(),
        _ => py.None(),
    })
}

/// Writes the index of the function `obj` is among `fs` (a first-class function value).
///
/// # Safety
/// `dst` must point to 8 writable bytes.
pub(super) unsafe fn unbox_function_value(
    obj: &Bound<'_, PyAny>,
    fs: &[oxjit_core::types::FuncId],
    dst: *mut u8,
) -> PyResult<()> {
    let id = super::function_argument(obj)?;
    let Some(k) = id.and_then(|id| fs.iter().position(|f| *f == id)) else {
        return Err(pyo3::exceptions::PyTypeError::new_err(
            "oxjit: a function value that is none of the functions compiled for",
        ));
    };
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut i64).write_unaligned(k as i64) };
    Ok(())
}
