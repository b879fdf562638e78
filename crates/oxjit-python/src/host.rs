//! The session's view of Python: a function's source and defaults, and its globals, read once
//! and frozen (as Numba does).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use oxjit_core::callee::{Builtin, DictFn};
use oxjit_core::diagnostics::{Diagnostic, SourceInfo};
use oxjit_core::ir::Const;
use oxjit_core::registry::CudaNs;
use oxjit_core::registry::{self, Registered};
use oxjit_core::session::{FunctionInput, Host, Specialized};
use oxjit_core::ssa::FrozenSetConst;
use oxjit_core::syntax::FunctionKind;
use oxjit_core::typeinfer::{ArgKnown, GlobalValue};
use oxjit_core::types::{FuncId, ModuleKind, Type};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyFloat, PyInt, PyModule, PyTuple, PyType};

/// Every dispatcher by id, so that compiling one can find the functions it calls.
pub fn registry() -> &'static Mutex<HashMap<FuncId, Py<PyAny>>> {
    static REGISTRY: OnceLock<Mutex<HashMap<FuncId, Py<PyAny>>>> = OnceLock::new();
    REGISTRY.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The id of `value` if it is a dispatcher (every dispatcher is in the registry from its
/// `__init__`), found by identity.
pub(crate) fn dispatcher_id(value: &Bound<'_, PyAny>) -> Option<FuncId> {
    let registry = registry().lock().expect("registry lock");
    registry
        .iter()
        .find(|(_, d)| d.as_ptr() == value.as_ptr())
        .map(|(f, _)| *f)
}

pub struct PyHost<'py> {
    pub py: Python<'py>,
}

impl<'py> PyHost<'py> {
    /// The text of the function's file when it was decorated (`Dispatcher._source_text`), if
    /// it was taken.
    fn source_snapshot(&self, f: FuncId) -> Option<String> {
        let reg = registry().lock().expect("registry lock");
        let disp = reg.get(&f)?.bind(self.py).clone();
        drop(reg);
        disp.getattr("_source_text").ok()?.extract().ok()
    }

    fn py_func(&self, f: FuncId) -> Result<Bound<'py, PyAny>, Diagnostic> {
        let reg = registry().lock().expect("registry lock");
        let disp = reg
            .get(&f)
            .ok_or_else(|| Diagnostic::internal(format!("unknown function #{f}")))?;
        disp.bind(self.py)
            .getattr("py_func")
            .map_err(|e| Diagnostic::internal(e.to_string()))
    }
}

/// An error raised by a stencil's or an overload's `_oxjit_specialize`: a `TypingError`
/// (`NumbaValueError`: a kernel the stencil cannot use; no overload for these types) stays one,
/// placed at the call by the caller's typing; any other exception is a bug, reported as
/// internal.
fn stencil_error(py: Python<'_>, e: PyErr) -> Diagnostic {
    let is = |class: &str| {
        py.import("oxjit.errors")
            .and_then(|m| m.getattr(class))
            .map(|cls| e.value(py).is_instance(&cls).unwrap_or(false))
            .unwrap_or(false)
    };
    // An axis out of range (`AxisTypingError`) keeps its class: NumPy's `AxisError` too.
    let kind = if is("AxisTypingError") {
        Some(oxjit_core::diagnostics::ErrorKind::Axis)
    } else if is("TypingError") {
        Some(oxjit_core::diagnostics::ErrorKind::Typing)
    } else {
        None
    };
    let d = py_err_to_diag(py, e);
    match kind {
        Some(kind) => Diagnostic { kind, ..d },
        None => d,
    }
}

fn py_err_to_diag(py: Python<'_>, e: PyErr) -> Diagnostic {
    let text = e.value(py).str().map(|s| s.to_string()).unwrap_or_default();
    if e.is_instance_of::<pyo3::exceptions::PyException>(py) {
        if let Ok(cls) = py
            .import("oxjit.errors")
            .and_then(|m| m.getattr("UnsupportedError"))
        {
            if e.value(py).is_instance(&cls).unwrap_or(false) {
                return Diagnostic {
                    kind: oxjit_core::diagnostics::ErrorKind::Unsupported,
                    message: text,
                    range: None,
                    source: None,
                    notes: vec![],
                };
            }
        }
    }
    Diagnostic::internal(text)
}

impl Host for PyHost<'_> {
    /// For a `def`: the whole file from `linecache` (cheap, no `inspect`), with the function
    /// found by its first line and name; otherwise `oxjit._source`.
    fn function_input(&mut self, f: FuncId) -> Result<FunctionInput, Diagnostic> {
        let py = self.py;
        let func = self.py_func(f)?;
        let code = func
            .getattr("__code__")
            .map_err(|e| py_err_to_diag(py, e))?;
        let name: String = code
            .getattr("co_name")
            .and_then(|n| n.extract())
            .unwrap_or_default();
        if name != "<lambda>" {
            let filename: String = code
                .getattr("co_filename")
                .and_then(|n| n.extract())
                .unwrap_or_default();
            let line: u32 = code
                .getattr("co_firstlineno")
                .and_then(|n| n.extract())
                .unwrap_or(0);
            // The file as it was when the function was decorated; else a real file is read
            // directly, and `linecache` (which imports `tokenize`) serves the rest (notebook
            // cells, zip imports).
            let text = self
                .source_snapshot(f)
                .or_else(|| std::fs::read_to_string(&filename).ok());
            let text = text.or_else(|| {
                let globals = func.getattr("__globals__").ok();
                let lines = py
                    .import("linecache")
                    .and_then(|lc| lc.getattr("getlines"))
                    .and_then(|g| g.call1((&filename, globals)));
                lines
                    .and_then(|l| l.extract::<Vec<String>>())
                    .ok()
                    .map(|l| l.concat())
            });
            if let Some(text) = text.filter(|t| !t.is_empty()) {
                let source = Arc::new(SourceInfo {
                    text,
                    filename,
                    first_line: 1,
                    col_offset: 0,
                });
                return Ok(FunctionInput {
                    source,
                    kind: FunctionKind::DefAt { line, name },
                    defaults: defaults_of(&func),
                    kwdefaults: kwdefaults_of(&func),
                    frozensets: frozensets_of(&func),
                });
            }
        }
        self.function_input_fallback(f)
    }

    fn function_input_fallback(&mut self, f: FuncId) -> Result<FunctionInput, Diagnostic> {
        let py = self.py;
        let func = self.py_func(f)?;
        let snapshot = self.source_snapshot(f);
        let info = py
            .import("oxjit._source")
            .and_then(|m| m.getattr("function_source"))
            .and_then(|fs| fs.call1((&func, snapshot)))
            .map_err(|e| py_err_to_diag(py, e))?;
        let (text, filename, first_line, col_offset, kind): (String, String, u32, u32, String) =
            info.extract()
                .map_err(|e| Diagnostic::internal(format!("function_source returned {e}")))?;
        let source = Arc::new(SourceInfo {
            text,
            filename,
            first_line,
            col_offset,
        });
        let code = func
            .getattr("__code__")
            .map_err(|e| py_err_to_diag(py, e))?;
        let kind = if kind == "lambda" {
            let argcount: usize = code
                .getattr("co_argcount")
                .and_then(|a| a.extract())
                .unwrap_or(0);
            let names: Vec<String> = code
                .getattr("co_varnames")
                .and_then(|v| v.extract())
                .unwrap_or_default();
            FunctionKind::Lambda {
                params: names.into_iter().take(argcount).collect(),
            }
        } else {
            FunctionKind::Def
        };
        let defaults = match func.getattr("__defaults__") {
            Ok(d) if !d.is_none() => d
                .cast::<PyTuple>()
                .map(|t| t.iter().map(|v| constant(&v)).collect())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        Ok(FunctionInput {
            source,
            kind,
            defaults,
            kwdefaults: kwdefaults_of(&func),
            frozensets: frozensets_of(&func),
        })
    }

    fn module_attribute(&mut self, module: &str, attr: &str) -> GlobalValue {
        let py = self.py;
        match py.import(module).and_then(|m| m.getattr(attr)) {
            Ok(value) => classify(py, &value),
            Err(_) => GlobalValue::Missing,
        }
    }

    fn import_module(&mut self, path: &str) -> GlobalValue {
        match self.py.import(path) {
            Ok(module) => classify(self.py, module.as_any()),
            Err(_) => GlobalValue::Missing,
        }
    }

    fn attribute_names(&mut self, path: &str) -> Option<Vec<String>> {
        let py = self.py;
        let object = py.import(path).map(|m| m.into_any()).or_else(|_| {
            let (module, attr) = path.rsplit_once('.').unwrap_or(("builtins", path));
            py.import(module).and_then(|m| m.getattr(attr))
        });
        object.and_then(|o| o.dir()).and_then(|d| d.extract()).ok()
    }

    fn objmode_type(&mut self, f: FuncId, text: &str, is_string: bool) -> Result<Type, String> {
        let func = self.py_func(f).map_err(|d| d.message.clone())?;
        let name: String = self
            .py
            .import("oxjit.withobjmode")
            .and_then(|m| m.getattr("_annotation_type"))
            .and_then(|a| a.call1((func, text, is_string)))
            .and_then(|n| n.extract())
            .map_err(|e| e.value(self.py).to_string())?;
        Type::parse(&name)
    }

    fn global_names(&mut self, f: FuncId) -> Vec<Vec<String>> {
        let py = self.py;
        let Ok(func) = self.py_func(f) else {
            return Vec::new();
        };
        let mut groups = Vec::new();
        if let Ok(code) = func.getattr("__code__") {
            groups.push(
                code.getattr("co_freevars")
                    .and_then(|v| v.extract())
                    .unwrap_or_default(),
            );
        }
        if let Ok(globals) = func.getattr("__globals__") {
            groups.push(
                globals
                    .try_iter()
                    .map(|keys| keys.filter_map(|k| k.ok()?.extract().ok()).collect())
                    .unwrap_or_default(),
            );
        }
        if let Ok(builtins) = py.import("builtins").and_then(|b| b.dir()) {
            groups.push(builtins.extract().unwrap_or_default());
        }
        groups
    }

    /// A dispatcher with a `_oxjit_specialize` method (the proxy of a stencil, see
    /// `oxjit/stencil.py`) names, per argument types, the dispatcher that runs a call to it.
    fn specialize(
        &mut self,
        caller: FuncId,
        f: FuncId,
        args: &[Type],
        kernel_return: Option<&Type>,
        known: &[ArgKnown],
    ) -> Result<Specialized, Diagnostic> {
        let py = self.py;
        let (proxy, caller) = {
            let reg = registry().lock().expect("registry lock");
            let Some(proxy) = reg.get(&f).map(|d| d.bind(py).clone()) else {
                return Ok(Specialized::Same);
            };
            (proxy, reg.get(&caller).map(|d| d.bind(py).clone()))
        };
        let Ok(method) = proxy.getattr("_oxjit_specialize") else {
            return Ok(Specialized::Same);
        };
        let names: Vec<String> = args.iter().map(|t| t.to_string()).collect();
        let ret = kernel_return.map(|t| t.to_string());
        // The proxy's errors are the user's (a kernel the stencil cannot use): typing errors
        // placed at the call, not internal ones.
        let known = known_to_py(py, known).map_err(|e| py_err_to_diag(py, e))?;
        let answer = method
            .call1((names, caller, ret, known))
            .map_err(|e| stencil_error(py, e))?;
        if let Ok((kernel, kargs)) = answer.extract::<(Bound<'_, PyAny>, Vec<String>)>() {
            let of = dispatcher_id(&kernel)
                .ok_or_else(|| Diagnostic::internal("_oxjit_specialize: not a dispatcher"))?;
            let args = kargs
                .iter()
                .map(|n| Type::parse(n))
                .collect::<Result<Vec<_>, _>>()
                .map_err(Diagnostic::internal)?;
            return Ok(Specialized::NeedsReturnType { of, args });
        }
        let g = dispatcher_id(&answer)
            .ok_or_else(|| Diagnostic::internal("_oxjit_specialize: not a dispatcher"))?;
        // A dispatcher made with parallel=True would take the compiler's lock, which this
        // compile holds: the proxy makes it without, and says so in its targetoptions.
        let parallel = answer
            .getattr("targetoptions")
            .and_then(|o| o.get_item("parallel"))
            .and_then(|p| p.is_truthy())
            .unwrap_or(false);
        Ok(if parallel {
            Specialized::Parallel(g)
        } else {
            Specialized::Function(g)
        })
    }

    /// `oxjit.extending`'s table of `@overload_method`s, asked with the receiver's type name
    /// (imported: oxjit's own methods written as overloads, `a.tobytes()`, are there too).
    fn overloaded_method(&mut self, recv: &Type, name: &str) -> Option<FuncId> {
        let py = self.py;
        let table = py.import("oxjit._overload").ok()?;
        let found = table
            .call_method1("method_dispatcher", (recv.to_string(), name))
            .ok()?;
        dispatcher_id(&found)
    }

    /// `oxjit.extending`'s table of `@overload_attribute`s, asked with the value's type name.
    fn overloaded_attribute(&mut self, recv: &Type, name: &str) -> Option<FuncId> {
        let py = self.py;
        let table = loaded_module(py, "oxjit._overload")?;
        let found = table
            .call_method1("attribute_dispatcher", (recv.to_string(), name))
            .ok()?;
        dispatcher_id(&found)
    }

    fn resolve_global(&mut self, f: FuncId, name: &str) -> GlobalValue {
        let py = self.py;
        let Ok(func) = self.py_func(f) else {
            return GlobalValue::Missing;
        };
        if let Some(cm) = name.strip_suffix(".__wrapped__") {
            return match lookup_dotted(py, &func, cm) {
                Some(value) => contextmanager_generator(py, &value),
                None => GlobalValue::Missing,
            };
        }
        match lookup_name(py, &func, name) {
            // An eager compile (`@njit("i8(i8)")`) runs before the decorator's result is bound
            // to the function's name: a self-recursive call then finds nothing (or the plain
            // function, or an empty closure cell). As Numba does, it names the function itself.
            Some(value) if !value.is(&func) => classify(py, &value),
            _ if is_own_name(&func, name) => GlobalValue::UserFunction(f),
            Some(value) => classify(py, &value),
            None => GlobalValue::Missing,
        }
    }
}

/// The compiled generator function a `contextlib.contextmanager` function `value` wraps, which
/// `with value(...)` runs (`oxjit._contextmanager` checks it); a value that is not one, or whose
/// generator compiled code cannot enter and exit as `contextlib` does, is refused with the
/// reason.
fn contextmanager_generator(py: Python<'_>, value: &Bound<'_, PyAny>) -> GlobalValue {
    let found = py
        .import("oxjit._contextmanager")
        .and_then(|m| m.call_method1("generator_function", (value,)));
    match found {
        Ok(reason) if reason.is_instance_of::<pyo3::types::PyString>() => {
            GlobalValue::Unsupported(reason.to_string())
        }
        Ok(dispatcher) => classify(py, &dispatcher),
        Err(e) => GlobalValue::Unsupported(format!("a value oxjit could not inspect ({e})")),
    }
}

/// The constant default values of a function's trailing parameters.
/// The frozenset constants of `func`'s code and the code nested in it (`oxjit._frozensets`), each
/// with the items oxjit can represent (all of them, or the frozenset is left out).
fn frozensets_of(func: &Bound<'_, PyAny>) -> Vec<FrozenSetConst> {
    let found = func
        .py()
        .import("oxjit._frozensets")
        .and_then(|m| m.call_method1("frozensets", (func,)))
        .and_then(|l| l.extract::<Vec<(Vec<(Bound<'_, PyAny>, i64)>, Vec<usize>)>>());
    let Ok(found) = found else {
        return Vec::new();
    };
    found
        .into_iter()
        .filter_map(|(items, written)| {
            let items = items
                .into_iter()
                .map(|(v, hash)| Some((constant(&v)?, hash)))
                .collect::<Option<Vec<_>>>()?;
            Some(FrozenSetConst { items, written })
        })
        .collect()
}

fn defaults_of(func: &Bound<'_, PyAny>) -> Vec<Option<Const>> {
    match func.getattr("__defaults__") {
        Ok(d) if !d.is_none() => d
            .cast::<PyTuple>()
            .map(|t| t.iter().map(|v| constant(&v)).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The constant default values of a function's keyword-only parameters, by name.
fn kwdefaults_of(func: &Bound<'_, PyAny>) -> Vec<(Arc<str>, Option<Const>)> {
    let Ok(d) = func.getattr("__kwdefaults__") else {
        return Vec::new();
    };
    let Ok(d) = d.cast::<pyo3::types::PyDict>() else {
        return Vec::new();
    };
    d.iter()
        .filter_map(|(k, v)| {
            Some((
                Arc::from(k.extract::<String>().ok()?.as_str()),
                constant(&v),
            ))
        })
        .collect()
}

/// Whether `name` is the name the function was defined under.
fn is_own_name(func: &Bound<'_, PyAny>, name: &str) -> bool {
    func.getattr("__name__")
        .and_then(|n| n.extract::<String>())
        .is_ok_and(|n| n == name)
}

/// A free variable (closure cell), a global of the function's module, or a builtin.
fn lookup_name<'py>(
    py: Python<'py>,
    func: &Bound<'py, PyAny>,
    name: &str,
) -> Option<Bound<'py, PyAny>> {
    if let Ok(code) = func.getattr("__code__") {
        let freevars: Vec<String> = code
            .getattr("co_freevars")
            .and_then(|v| v.extract())
            .unwrap_or_default();
        if let Some(i) = freevars.iter().position(|v| v == name) {
            if let Ok(cells) = func.getattr("__closure__") {
                if let Ok(cell) = cells.get_item(i) {
                    return cell.getattr("cell_contents").ok();
                }
            }
        }
    }
    if let Ok(globals) = func.getattr("__globals__") {
        if let Ok(v) = globals.get_item(name) {
            return Some(v);
        }
    }
    py.import("builtins").ok()?.getattr(name).ok()
}

/// `cm` or `module.cm` (`with numba.parallel_chunksize(n):`): the global, then its attributes.
fn lookup_dotted<'py>(
    py: Python<'py>,
    func: &Bound<'py, PyAny>,
    name: &str,
) -> Option<Bound<'py, PyAny>> {
    let mut parts = name.split('.');
    let mut value = lookup_name(py, func, parts.next()?)?;
    for attr in parts {
        value = value.getattr(attr).ok()?;
    }
    Some(value)
}

/// Arrays that compiled code reads as frozen globals: kept alive for the life of the process, since
/// the machine code holds their data address.
fn keep_alive() -> &'static Mutex<Vec<Py<PyAny>>> {
    static KEEP: OnceLock<Mutex<Vec<Py<PyAny>>>> = OnceLock::new();
    KEEP.get_or_init(|| Mutex::new(Vec::new()))
}

/// The global array each frozen copy was made from (addresses of the ndarray objects): the cache
/// records which global a cached function's array constant stands for.
fn frozen_from() -> &'static Mutex<std::collections::HashMap<usize, usize>> {
    static FROM: OnceLock<Mutex<std::collections::HashMap<usize, usize>>> = OnceLock::new();
    FROM.get_or_init(|| Mutex::new(std::collections::HashMap::new()))
}

/// The address of the global array that the frozen copy at `frozen` was made from.
pub fn original_of_frozen(frozen: usize) -> Option<usize> {
    frozen_from()
        .lock()
        .expect("frozen-from lock")
        .get(&frozen)
        .copied()
}

/// A global NumPy array, frozen as a read-only constant (as Numba freezes global arrays): compiled
/// code reads a copy made now, so later writes to the global do not change what it sees.
fn global_array(arr: &Bound<'_, numpy::PyUntypedArray>) -> GlobalValue {
    use numpy::PyUntypedArrayMethods;
    let original = arr.as_ptr() as usize;
    if let Err(e) = crate::subclass::check(arr.as_any()) {
        return GlobalValue::Unsupported(format!("an array it cannot use ({e})"));
    }
    let frozen = arr
        .call_method1("copy", ("K",))
        .and_then(|c| {
            c.getattr("flags")?.setattr("writeable", false)?;
            Ok(c)
        })
        .map_err(|e| e.to_string())
        .and_then(|c| {
            c.cast_into::<numpy::PyUntypedArray>()
                .map_err(|e| e.to_string())
        });
    let arr = match frozen {
        Ok(a) => a,
        Err(e) => return GlobalValue::Unsupported(format!("an array that cannot be copied ({e})")),
    };
    let arr = &arr;
    let ty = match crate::boxing::array_type(arr) {
        Ok(Type::Array(a)) => Arc::new(oxjit_core::types::ArrayTy {
            readonly: true,
            ..(*a).clone()
        }),
        Ok(_) => return GlobalValue::Unsupported("an array".into()),
        Err(e) => return GlobalValue::Unsupported(format!("an array it cannot use ({e})")),
    };
    // SAFETY: a live ndarray, read with the GIL held.
    let data = unsafe { (*numpy::npyffi::objects::_PyArray_GET_ITEM_DATA(arr.as_array_ptr())).data }
        as usize;
    let shape = arr.shape().iter().map(|&n| n as i64).collect();
    let strides = arr.strides().iter().map(|&s| s as i64).collect();
    keep_alive()
        .lock()
        .expect("keep-alive lock")
        .push(arr.clone().into_any().unbind());
    frozen_from()
        .lock()
        .expect("frozen-from lock")
        .insert(arr.as_ptr() as usize, original);
    GlobalValue::Const(Const::Array(Arc::new(oxjit_core::ir::ArrayConst {
        ty,
        data,
        shape,
        strides,
        object: arr.as_ptr() as usize,
    })))
}

/// A Python value as a compile-time constant, if it is one oxjit supports.
pub fn constant(value: &Bound<'_, PyAny>) -> Option<Const> {
    if value.is_exact_instance_of::<PyBool>() {
        return Some(Const::Bool(value.extract().ok()?));
    }
    if value.is_exact_instance_of::<PyInt>() {
        // As Numba types ints: int64, else uint64 (from 2**63 to 2**64 - 1).
        return match value.extract::<i64>() {
            Ok(i) => Some(Const::Int(i)),
            Err(_) => value
                .extract::<u64>()
                .ok()
                .map(|u| Const::Typed(Type::int(64, false), Box::new(Const::Int(u as i64)))),
        };
    }
    if value.is_exact_instance_of::<PyFloat>() {
        return Some(Const::Float(value.extract().ok()?));
    }
    if let Ok(c) = value.cast_exact::<PyComplex>() {
        return Some(Const::Complex(c.real(), c.imag()));
    }
    if value.is_none() {
        return Some(Const::None);
    }
    if let Ok(s) = value.cast_exact::<pyo3::types::PyString>() {
        return Some(Const::Str(Arc::from(s.to_str().ok()?)));
    }
    if let Ok(t) = value.cast_exact::<PyTuple>() {
        let items: Option<Vec<Const>> = t.iter().map(|v| constant(&v)).collect();
        return items.map(Const::Tuple);
    }
    numpy_scalar(value)
}

/// A function of `operator` (`operator.add`, builtins of `_operator`) is compiled as the one of
/// the same name in `oxjit._operator`: the operator itself, so that it types as the operator.
fn operator_function(py: Python<'_>, value: &Bound<'_, PyAny>) -> Option<FuncId> {
    if !value.is_instance_of::<pyo3::types::PyCFunction>() {
        return None;
    }
    let module: String = value.getattr("__module__").ok()?.extract().ok()?;
    if module != "_operator" && module != "operator" {
        return None;
    }
    let name: String = value.getattr("__name__").ok()?.extract().ok()?;
    let ours = py
        .import("oxjit._operator")
        .ok()?
        .getattr(name.as_str())
        .ok()?;
    dispatcher_id(&ours)
}

/// A NumPy scalar (`np.float32(0.1)`, `np.uint64(2**64 - 1)`, `np.finfo(np.float64).eps`) as a
/// constant of its exact type: Python's own types stay plain constants (`np.float64` is a
/// float64), the others are typed.
fn numpy_scalar(value: &Bound<'_, PyAny>) -> Option<Const> {
    let ty = value.get_type();
    if ty.module().ok()? != "numpy" {
        return None;
    }
    let t = crate::boxing::numpy_scalar_type(&ty.name().ok()?.to_string())?;
    let plain = match &t {
        Type::Bool => Const::Bool(value.is_truthy().ok()?),
        Type::Int(i) if i.signed => Const::Int(value.call_method0("__int__").ok()?.extract().ok()?),
        // The bits of the unsigned value (uint64 from 2**63 included).
        Type::Int(_) => {
            Const::Int(value.call_method0("__int__").ok()?.extract::<u64>().ok()? as i64)
        }
        // A float32 widened exactly; it is built as a float32 again.
        Type::Float(_) => Const::Float(value.call_method0("__float__").ok()?.extract().ok()?),
        Type::Complex(_) => Const::Complex(
            value.getattr("real").ok()?.extract().ok()?,
            value.getattr("imag").ok()?.extract().ok()?,
        ),
        _ => return None,
    };
    Some(if oxjit_core::typeinfer::const_type(&plain) == t {
        plain
    } else {
        Const::Typed(t, Box::new(plain))
    })
}

pub(crate) fn classify(py: Python<'_>, value: &Bound<'_, PyAny>) -> GlobalValue {
    if let Some(f) = dispatcher_id(value) {
        return GlobalValue::UserFunction(f);
    }
    if let Some(f) = operator_function(py, value) {
        return GlobalValue::UserFunction(f);
    }
    if let Some(f) = crate::ufunc::kernel_of(value).and_then(|k| dispatcher_id(&k)) {
        return GlobalValue::UserFunction(f);
    }
    if let Some(arr) = crate::boxing::as_ndarray(value) {
        return global_array(&arr);
    }
    if let Some(c) = constant(value) {
        return GlobalValue::Const(c);
    }
    if let Some(g) = crate::boxing::record::global_dtype(value) {
        return g;
    }
    if let Ok(m) = value.cast::<PyModule>() {
        let name = m.name().map(|n| n.to_string()).unwrap_or_default();
        return match name.as_str() {
            "math" => GlobalValue::Module(ModuleKind::Math),
            "cmath" => GlobalValue::Module(ModuleKind::Cmath),
            "numpy" => GlobalValue::Module(ModuleKind::Numpy),
            "numpy.random" => GlobalValue::Module(ModuleKind::NumpyRandom),
            "random" => GlobalValue::Module(ModuleKind::PyRandom),
            "numpy.linalg" => GlobalValue::Module(ModuleKind::NumpyLinalg),
            "numpy.fft" => GlobalValue::Module(ModuleKind::NumpyFft),
            "builtins" => GlobalValue::Module(ModuleKind::Builtins),
            "oxjit.cuda" => GlobalValue::Module(ModuleKind::Cuda(CudaNs::Cuda)),
            "oxjit.typed" => GlobalValue::Module(ModuleKind::Typed),
            other => GlobalValue::PyModule(Arc::from(other)),
        };
    }
    // An object compiled code calls through a dispatcher it holds (a stencil: its proxy).
    if let Some(f) = value
        .getattr("_oxjit_dispatcher_")
        .ok()
        .and_then(|d| dispatcher_id(&d))
    {
        return GlobalValue::UserFunction(f);
    }
    if let Ok(t) = value.cast::<PyType>() {
        if let Some(named) = crate::boxing::named::class_of(t) {
            return GlobalValue::NamedTupleClass(named);
        }
        if let Some(g) = crate::boxing::jitclass::global_class(t, value) {
            return g;
        }
        let base_exc = py.get_type::<pyo3::exceptions::PyBaseException>();
        if t.is_subclass(&base_exc).unwrap_or(false) {
            let module = t.module().map(|m| m.to_string()).unwrap_or_default();
            let name = t.name().map(|n| n.to_string()).unwrap_or_default();
            if module == "builtins" {
                return GlobalValue::ExceptionClass(Arc::from(name.as_str()));
            }
            return user_exception_class(t, &module);
        }
    }
    // A tuple of classes (`isinstance(x, NUMERIC)`).
    if let Ok(t) = value.cast_exact::<PyTuple>() {
        let items: Vec<GlobalValue> = t.iter().map(|item| classify(py, &item)).collect();
        let usable = |g: &GlobalValue| {
            matches!(
                g,
                GlobalValue::Builtin(_)
                    | GlobalValue::ExceptionClass(_)
                    | GlobalValue::NamedTupleClass(_)
                    | GlobalValue::JitClass(_)
                    | GlobalValue::Tuple(_)
            )
        };
        if !items.is_empty() && items.iter().all(usable) {
            return GlobalValue::Tuple(items);
        }
    }
    // `from random import random`: a method of the module's hidden `Random` instance.
    if let Ok(owner) = value.getattr("__self__") {
        let inst = py
            .import("sys")
            .and_then(|s| s.getattr("modules"))
            .and_then(|m| m.get_item("random"))
            .and_then(|r| r.getattr("_inst"));
        if let (Ok(inst), Ok(name)) = (inst, value.getattr("__name__")) {
            if owner.is(&inst) {
                if let Some(Registered::Function(b)) =
                    registry::lookup(ModuleKind::PyRandom, &name.to_string())
                {
                    return GlobalValue::Builtin(b);
                }
            }
        }
    }
    // `types.int64`: the type objects typed containers are made with.
    if let Some(found) = crate::typed::classify_type_object(py, value) {
        return found;
    }
    // `numba.typed.dictobject.new_dict(key, value, n_keys=0)`: `Dict.empty`, parameters and all.
    if value.getattr("__module__").is_ok_and(|m| {
        m.extract::<String>()
            .is_ok_and(|m| m == "oxjit.typed.dictobject")
    }) && value
        .getattr("__name__")
        .is_ok_and(|n| n.to_string() == "new_dict")
    {
        return GlobalValue::Builtin(Builtin::Dict(DictFn::Empty));
    }
    // A standard-library function compiled code runs a compiled version of (`heapq`).
    if let Some(d) = stdlib_substitute(py, value) {
        return classify(py, &d);
    }
    // A ctypes or cffi function, a `WrapperAddressProtocol` object: called by its address.
    if let Some(g) = crate::cfuncptr::global(value) {
        return g;
    }
    // A builtin or math/cmath function, identified by where it lives.
    let module = value
        .getattr("__module__")
        .ok()
        .and_then(|m| m.extract::<String>().ok());
    let name = value
        .getattr("__name__")
        .ok()
        .and_then(|m| m.extract::<String>().ok());
    if let (Some(module), Some(name)) = (module.as_deref(), name.as_deref()) {
        let kind = match module {
            "builtins" => Some(ModuleKind::Builtins),
            "math" => Some(ModuleKind::Math),
            "cmath" => Some(ModuleKind::Cmath),
            "numpy" => Some(ModuleKind::Numpy),
            "numpy.linalg" => Some(ModuleKind::NumpyLinalg),
            "numpy.fft" => Some(ModuleKind::NumpyFft),
            "oxjit" => Some(ModuleKind::Oxjit),
            "oxjit.typed" => Some(ModuleKind::Typed),
            // `from oxjit.cuda import syncthreads`: found in `oxjit.cuda`, where they are.
            "oxjit.cuda.intrinsics" => Some(ModuleKind::Cuda(CudaNs::Cuda)),
            _ => None,
        };
        if let Some(kind) = kind {
            let same = py
                .import(kind.name())
                .and_then(|m| m.getattr(name))
                .map(|v| v.is(value))
                .unwrap_or(false);
            if same {
                if let Some(Registered::Function(b)) = registry::lookup(kind, name) {
                    return GlobalValue::Builtin(b);
                }
            }
            // One the compiler does not implement, which a library `@overload`s.
            if let Some(f) = overloaded(py, value) {
                return GlobalValue::UserFunction(f);
            }
            return GlobalValue::Unsupported(format!(
                "'{module}.{name}', which oxjit does not support yet"
            ));
        }
    }
    // A Python function (or another object) with an `@overload`.
    if let Some(f) = overloaded(py, value) {
        return GlobalValue::UserFunction(f);
    }
    let tname = value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into());
    GlobalValue::Unsupported(format!("a value of type '{tname}'"))
}

/// The compiled dispatcher that stands for standard-library function `value` in compiled code
/// (`oxjit._heapq`; `map`, `filter`, `functools.reduce`: `oxjit._functional`), if there is one.
fn stdlib_substitute<'py>(py: Python<'py>, value: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    let module = value.getattr("__module__").ok()?;
    let ours = match module.extract::<String>().ok()?.as_str() {
        "_heapq" | "heapq" => "oxjit._heapq",
        "builtins" | "_functools" | "functools" => "oxjit._functional",
        _ => return None,
    };
    py.import(ours)
        .and_then(|m| m.call_method1("substitute", (value,)))
        .ok()
        .filter(|d| !d.is_none())
}

/// The module `name` if it is imported already (asking costs nothing where no library
/// registered an overload method).
fn loaded_module<'py>(py: Python<'py>, name: &str) -> Option<Bound<'py, PyAny>> {
    py.import("sys")
        .and_then(|s| s.getattr("modules"))
        .and_then(|m| m.get_item(name))
        .ok()
}

/// The dispatcher that stands for `value` where `@overload` gave it implementations, or for
/// `literally` (`oxjit._overload.dispatcher_for`), asked at compile time only.
fn overloaded(py: Python<'_>, value: &Bound<'_, PyAny>) -> Option<FuncId> {
    let table = py.import("oxjit._overload").ok()?;
    let found = table.call_method1("dispatcher_for", (value,)).ok()?;
    dispatcher_id(&found)
}

/// What typing knows of each argument, for Python: `None`, `("const", value)`,
/// `("omitted", value)` or `("param", index)`; a constant Python cannot hold is `None`.
fn known_to_py<'py>(py: Python<'py>, known: &[ArgKnown]) -> PyResult<Bound<'py, PyAny>> {
    let items = known
        .iter()
        .map(|k| -> PyResult<Bound<'py, PyAny>> {
            Ok(match k {
                ArgKnown::Const(c) => match const_to_py(py, c)? {
                    Some(v) => ("const", v).into_pyobject(py)?.into_any(),
                    None => py.None().into_bound(py),
                },
                ArgKnown::Omitted(c) => match const_to_py(py, c)? {
                    Some(v) => ("omitted", v).into_pyobject(py)?.into_any(),
                    None => py.None().into_bound(py),
                },
                ArgKnown::Param(j) => ("param", *j).into_pyobject(py)?.into_any(),
                ArgKnown::Unknown => py.None().into_bound(py),
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    Ok(pyo3::types::PyList::new(py, items)?.into_any())
}

/// A constant as the Python value it stands for (`None` for arrays and NumPy scalars' types
/// other than Python's).
fn const_to_py<'py>(py: Python<'py>, c: &Const) -> PyResult<Option<Bound<'py, PyAny>>> {
    Ok(Some(match c {
        Const::Int(i) => (*i).into_pyobject(py)?.into_any(),
        Const::Float(x) => (*x).into_pyobject(py)?.into_any(),
        Const::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Const::Complex(re, im) => PyComplex::from_doubles(py, *re, *im).into_any(),
        Const::None => py.None().into_bound(py),
        Const::Str(s) => s.as_ref().into_pyobject(py)?.into_any(),
        Const::Tuple(items) => {
            let mut values = Vec::new();
            for item in items {
                match const_to_py(py, item)? {
                    Some(v) => values.push(v),
                    None => return Ok(None),
                }
            }
            PyTuple::new(py, values)?.into_any()
        }
        Const::Typed(..) | Const::Array(_) => return Ok(None),
    }))
}

/// A non-builtin exception class (a user's, a library's): usable where compiled code can name
/// it again from Python (a module-level class, found as `module.Name`), with its bases
/// registered for `except` clauses.
fn user_exception_class(t: &Bound<'_, PyType>, module: &str) -> GlobalValue {
    let qualname = t.qualname().map(|n| n.to_string()).unwrap_or_default();
    let found_again = t
        .py()
        .import(module)
        .and_then(|m| m.getattr(qualname.as_str()))
        .is_ok_and(|c| c.is(t));
    if qualname.contains('.') || !found_again {
        return GlobalValue::Unsupported(format!(
            "the exception class '{module}.{qualname}' (compiled code raises and catches \
             exception classes defined at the top level of a module)"
        ));
    }
    let full_name = format!("{module}.{qualname}");
    let bases: Vec<String> = t
        .mro()
        .iter()
        .skip(1)
        .filter_map(|c| {
            let c = c.cast_into::<PyType>().ok()?;
            let name = c.qualname().ok()?.to_string();
            match c.module().ok()?.to_string().as_str() {
                "builtins" => Some(name),
                m => Some(format!("{m}.{name}")),
            }
        })
        .collect();
    oxjit_runtime::exception_classes::register_exception_class(&full_name, bases);
    GlobalValue::ExceptionClass(Arc::from(full_name.as_str()))
}
