//! The dispatcher (the Numba paper, §4): a callable that compiles its Python function for each new
//! combination of argument types and calls the machine code. The call path is kept short: plain
//! scalar arguments are recognised by type pointer and matched against a small code per
//! specialization, without building type objects.

use crate::boxing::generator::keep_arguments;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

use oxjit_codegen::Options;
use oxjit_core::ir::Const;
use oxjit_core::registry::signature::{self, Signature};
use oxjit_core::typeinfer::ArgSource;
use oxjit_core::types::{size_align, FuncId, Type};
use oxjit_runtime::exceptions::ExcInfo;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyComplex, PyDict, PyFloat, PyInt, PyList, PyTuple};

use crate::boxing::{box_value, typeof_value, unbox};
use crate::compiler::{self, Spec};
use crate::host;
use crate::varargs::VarargShape;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Most arguments handled without allocation.
const FAST_ARGS: usize = 8;

#[pyclass(subclass, dict, frozen, module = "oxjit._oxjit")]
pub struct Dispatcher {
    #[pyo3(get)]
    py_func: Py<PyAny>,
    pub func_id: FuncId,
    options: Options,
    nogil: bool,
    /// `cache=True`: specializations are looked up in, and written to, the on-disk cache
    /// (`oxjit/_cache.py` decides where and whether an entry is fresh).
    cache: bool,
    locked: AtomicBool,
    n_params: usize,
    /// Whether positional arguments are the parameters one to one (no `*args`, no keyword-only
    /// parameters): then a call without keywords needs no binding.
    by_position: bool,
    specs: RwLock<Vec<Arc<Spec>>>,
    /// The specialization compiled for argument types holding an empty list (`f([])`), by
    /// those types: its own argument types have the item types typing gave the lists.
    empty_lists: RwLock<Vec<(Vec<Type>, Arc<Spec>)>>,
    /// The specialization the last fast-path call used (null at first). Specializations are
    /// never removed, so the pointer stays valid as long as the dispatcher lives.
    last_fast: AtomicPtr<Spec>,
    /// The specializations that argument keys (`fingerprint.rs`) led to: calls off the fast
    /// path with arguments of the same types skip `typeof_value` (at most `MAX_KEYED`).
    keyed: RwLock<Vec<Keyed>>,
    /// The parameters' names, for binding keywords (with `by_position`).
    param_names: Vec<Arc<str>>,
    /// A function with `*args`: its parameters' shape, for binding calls by position only.
    varargs: Option<VarargShape>,
}

/// An argument key and the specialization it leads to.
type Keyed = (Box<[u64]>, Arc<Spec>);

/// Most argument keys remembered per dispatcher (a function called with ever new types has
/// its further calls typed the general way).
const MAX_KEYED: usize = 64;

/// Most argument words unboxed into a buffer on the stack.
const STACK_WORDS: usize = 64;

/// A fast-path argument's native value: a scalar in the first two words, or an array of up to
/// `FAST_NDIM` dimensions `{meminfo, data, shape, strides}`.
type FastSlot = [u64; 2 + 2 * crate::boxing::FAST_NDIM];

fn option_bool(options: &Bound<'_, PyDict>, key: &str) -> PyResult<bool> {
    Ok(match options.get_item(key)? {
        Some(v) if !v.is_none() => v.is_truthy()?,
        _ => false,
    })
}

/// An argument recognised on the fast path (a plain scalar, or an ndarray of a common kind):
/// its code, its native value written into `slot`.
#[inline]
fn fast_arg(obj: &Bound<'_, PyAny>, slot: &mut FastSlot) -> Option<u16> {
    if obj.is_exact_instance_of::<PyFloat>() {
        let v: f64 = obj.extract().ok()?;
        slot[0] = v.to_bits();
        Some(2)
    } else if obj.is_exact_instance_of::<PyInt>() {
        let v: i64 = obj.extract().ok()?;
        slot[0] = v as u64;
        Some(1)
    } else if obj.is_exact_instance_of::<PyBool>() {
        slot[0] = obj.is_truthy().ok()? as u64;
        Some(3)
    } else if let Ok(c) = obj.cast_exact::<PyComplex>() {
        slot[0] = c.real().to_bits();
        slot[1] = c.imag().to_bits();
        Some(4)
    } else {
        crate::boxing::fast_array(obj, slot)
    }
}

impl Dispatcher {
    fn find(&self, types: &[Type]) -> Option<Arc<Spec>> {
        if types.iter().any(oxjit_core::types::has_empty_argument) {
            return self
                .empty_lists
                .read()
                .expect("empty lists lock")
                .iter()
                .find(|(key, _)| key == types)
                .map(|(_, s)| s.clone());
        }
        self.specs
            .read()
            .expect("specs lock")
            .iter()
            .find(|s| s.arg_types == types)
            .cloned()
    }

    /// For a locked dispatcher (explicit signatures): the specialization whose signature the
    /// arguments convert to best, as Numba's dispatcher chooses (unsafe conversions allowed, e.g.
    /// int64 to int32 or float64 to int64, since no new one can be compiled); `TypeError` when
    /// none accepts them or several are equally good.
    fn find_compatible(&self, types: &[Type]) -> PyResult<Arc<Spec>> {
        let specs = self.specs.read().expect("specs lock");
        let candidates = specs.iter().map(|s| &s.arg_types[..]);
        match oxjit_core::convert::select_overload(types, candidates, true) {
            Some((index, 1)) => Ok(specs[index].clone()),
            Some(_) => {
                drop(specs);
                Err(self.no_matching_signature(types, "Ambiguous overloading"))
            }
            None => {
                drop(specs);
                Err(self.no_matching_signature(types, "No matching definition"))
            }
        }
    }

    /// The specialization for fast-path argument codes `key`; remembered for the next call.
    fn find_fast(&self, key: &[u16]) -> Option<Arc<Spec>> {
        let spec = self
            .specs
            .read()
            .expect("specs lock")
            .iter()
            .find(|s| s.fast_key.as_deref() == Some(key))
            .cloned()?;
        self.last_fast
            .store(Arc::as_ptr(&spec) as *mut Spec, Ordering::Release);
        Some(spec)
    }

    /// Calls the machine code of `spec` with argument slots `args`.
    fn invoke(&self, py: Python<'_>, spec: &Spec, args: &[*mut u8]) -> PyResult<Py<PyAny>> {
        let mut exc = ExcInfo::default();
        let mut small = [0u64; 4];
        let mut big: Vec<u64> = Vec::new();
        let ret: *mut u8 = if spec.return_size <= 32 {
            small.as_mut_ptr() as *mut u8
        } else {
            big.resize(spec.return_size.div_ceil(8), 0);
            big.as_mut_ptr() as *mut u8
        };
        let entry = spec.entry;
        // SAFETY: the slots hold unboxed values of the spec's argument types; `ret` is large
        // enough for the result.
        let status = if self.nogil {
            let (args_addr, ret_addr, exc_addr) = (
                args.as_ptr() as usize,
                ret as usize,
                &mut exc as *mut ExcInfo as usize,
            );
            // SAFETY: as above; the buffers outlive the call, which `detach` runs to completion
            // before returning.
            py.detach(move || {
                crate::GIL_RELEASED.with(|r| r.set(true));
                // SAFETY: as above.
                let status = unsafe {
                    entry(
                        args_addr as *const *mut u8,
                        ret_addr as *mut u8,
                        exc_addr as *mut ExcInfo,
                    )
                };
                crate::GIL_RELEASED.with(|r| r.set(false));
                status
            })
        } else {
            // SAFETY: as above.
            unsafe { entry(args.as_ptr(), ret, &mut exc) }
        };
        if status != 0 {
            return Err(crate::errors::raised(py, &exc));
        }
        // A declared return type was applied by the compiled code itself.
        // SAFETY: status 0: the compiled code wrote a value of the native return type to `ret`.
        unsafe { box_value(py, &spec.native_return, ret) }
    }

    /// The general path: binds keywords and defaults, types every argument, compiles if needed.
    fn call_slow(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        // All arguments given by position: no binding to do (the common case with arrays).
        let no_keywords = kwargs.is_none_or(|k| k.is_empty());
        let values = if self.by_position && no_keywords && args.len() == self.n_params {
            args.iter().collect()
        } else if let Some(values) = self.with_defaults(py, args, no_keywords)? {
            values
        } else if let Some(values) = match &self.varargs {
            Some(shape) if no_keywords => shape.bind(self.py_func.bind(py), args)?,
            _ => None,
        } {
            values
        } else if let Some(values) = match kwargs {
            Some(kw) if !no_keywords => self.with_keywords(py, args, kw)?,
            _ => None,
        } {
            values
        } else {
            self.bind(py, args, kwargs)?
        };
        let mut key: Vec<u64> = Vec::with_capacity(16);
        let keyed = match self.varargs.as_ref().and_then(|s| s.empty_kwargs.as_ref()) {
            // The dispatcher's own empty `**kwargs` (no other `Kwargs` has a key).
            Some(empty) if values.last().is_some_and(|v| v.is(empty)) => {
                let ok = crate::fingerprint::fingerprint(&values[..values.len() - 1], &mut key);
                key.push(crate::fingerprint::EMPTY_KWARGS);
                ok
            }
            _ => crate::fingerprint::fingerprint(&values, &mut key),
        };
        let spec = match keyed.then(|| self.find_keyed(&key)).flatten() {
            Some(s) => s,
            None => {
                let spec = match self.typed_spec(py, &values) {
                    Ok(spec) => spec,
                    Err(e) => return self.after_failed_compile(py, e, args, kwargs),
                };
                if keyed {
                    self.remember_key(key, &spec);
                }
                spec
            }
        };
        // Every argument's slot in one buffer, on the stack where it fits.
        let words: Vec<usize> = spec
            .arg_types
            .iter()
            .map(|t| size_align(t).0.div_ceil(8).max(1))
            .collect();
        let total: usize = words.iter().sum();
        let mut on_stack = [0u64; STACK_WORDS];
        let mut on_heap: Vec<u64> = Vec::new();
        let buf: &mut [u64] = if total <= STACK_WORDS {
            &mut on_stack[..total]
        } else {
            on_heap.resize(total, 0);
            &mut on_heap
        };
        let base = buf.as_mut_ptr();
        let mut ptrs: Vec<*mut u8> = Vec::with_capacity(values.len());
        // Per argument: the earlier argument whose native copy it shares (`f(l, l)`).
        let mut aliases: Vec<Option<usize>> = Vec::new();
        let mut at = 0;
        for (i, (v, t)) in values.iter().zip(&spec.arg_types).enumerate() {
            // SAFETY: `at + words[i] <= total`: the slot lies in `buf`.
            let slot = unsafe { base.add(at) } as *mut u8;
            at += words[i];
            if let Some(j) = crate::boxing::alias_of(&values, &spec.arg_types, i) {
                // The same list, dict or set passed twice is one native container, so that
                // `a is b` and changes through either name hold as in Python (as Numba's
                // reflected lists).
                aliases.resize(i, None);
                aliases.push(Some(j));
                // SAFETY: argument `j`'s slot holds its live native container.
                unsafe { crate::boxing::share_arg(ptrs[j], slot) };
                ptrs.push(slot);
                continue;
            }
            // SAFETY: the slot has room for a value of `t` (at least `size_align(t).0` bytes,
            // 8-aligned).
            if let Err(e) = unsafe { unbox(v, t, slot) } {
                // Give back the lists already copied in.
                let _ = release_args(&values, &spec.arg_types, &ptrs, &aliases);
                return Err(e);
            }
            // SAFETY: `slot` holds what `unbox` just wrote.
            unsafe { crate::boxing::remember_arg(t, slot) };
            ptrs.push(slot);
        }
        let result = self.invoke(py, &spec, &ptrs);
        let result = keep_arguments(py, result, &spec.native_return, || {
            let kept: Vec<Py<PyAny>> = values.iter().map(|v| v.clone().unbind()).collect();
            PyTuple::new(py, kept)
                .map(|t| t.into_any().unbind())
                .unwrap_or_else(|_| py.None())
        });
        // Lists were copied in: written back where changed, then given back.
        release_args(&values, &spec.arg_types, &ptrs, &aliases)?;
        result
    }

    /// A compile that failed because a function asked for a literal argument (`literally`)
    /// switched a dispatcher to compiling per value: the Python side
    /// (`Dispatcher._compile_failed`) calls again, and returns that call's result; otherwise
    /// the error stands.
    fn after_failed_compile(
        &self,
        py: Python<'_>,
        error: PyErr,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let this = host::registry()
            .lock()
            .expect("registry lock")
            .get(&self.func_id)
            .map(|d| d.clone_ref(py));
        let Some(this) = this else {
            return Err(error);
        };
        let this = this.bind(py);
        if !this.hasattr("_compile_failed").unwrap_or(false) {
            return Err(error);
        }
        match this.call_method1("_compile_failed", (args, kwargs)) {
            Ok(r) if r.is(py.NotImplemented().bind(py)) => Err(error),
            Ok(r) => Ok(r.unbind()),
            Err(e) => Err(e),
        }
    }

    /// The specialization for the types of `values` (compiled now where none is).
    fn typed_spec(&self, py: Python<'_>, values: &[Bound<'_, PyAny>]) -> PyResult<Arc<Spec>> {
        let types: Vec<Type> = values.iter().map(typeof_value).collect::<PyResult<_>>()?;
        Ok(match self.find(&types) {
            Some(s) => s,
            None => {
                if self.locked.load(Ordering::Acquire) {
                    self.find_compatible(&types)?
                } else {
                    self.compile_spec(py, &types, None)?
                }
            }
        })
    }

    /// The specialization remembered for argument key `key`.
    fn find_keyed(&self, key: &[u64]) -> Option<Arc<Spec>> {
        self.keyed
            .read()
            .expect("keyed lock")
            .iter()
            .find(|(k, _)| **k == *key)
            .map(|(_, s)| s.clone())
    }

    fn remember_key(&self, key: Vec<u64>, spec: &Arc<Spec>) {
        let mut keyed = self.keyed.write().expect("keyed lock");
        if keyed.len() < MAX_KEYED && !keyed.iter().any(|(k, _)| **k == *key) {
            keyed.push((key.into_boxed_slice(), spec.clone()));
        }
    }

    /// The arguments of a call with keywords to a function whose parameters are all positional
    /// ones (`f(x, y=2.0)`): bound by name, the missing ones from `__defaults__`, without the
    /// general binding. None where the binding would fail (its error is the general one's) or
    /// the function has other parameters.
    fn with_keywords<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
        kwargs: &Bound<'py, PyDict>,
    ) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        let n = self.n_params;
        if !self.by_position || args.len() > n || self.param_names.len() != n {
            return Ok(None);
        }
        let mut slots: Vec<Option<Bound<'py, PyAny>>> = args.iter().map(Some).collect();
        slots.resize(n, None);
        for (k, v) in kwargs.iter() {
            let Ok(name) = k.cast::<pyo3::types::PyString>() else {
                return Ok(None);
            };
            let name = name.to_str()?;
            match self.param_names.iter().position(|p| **p == *name) {
                Some(i) if slots[i].is_none() => slots[i] = Some(v),
                _ => return Ok(None),
            }
        }
        if slots.iter().any(Option::is_none) {
            let defaults = self.py_func.bind(py).getattr("__defaults__")?;
            let Ok(defaults) = defaults.cast::<PyTuple>() else {
                return Ok(None);
            };
            let first = n.saturating_sub(defaults.len());
            for (i, slot) in slots.iter_mut().enumerate() {
                if slot.is_none() {
                    if i < first {
                        return Ok(None); // a required argument is missing
                    }
                    *slot = Some(defaults.get_item(i - first)?);
                }
            }
        }
        Ok(Some(slots.into_iter().flatten().collect()))
    }

    fn no_matching_signature(&self, types: &[Type], what: &str) -> PyErr {
        let sigs: Vec<String> = self
            .specs
            .read()
            .expect("specs lock")
            .iter()
            .map(|s| {
                format!(
                    "({})",
                    s.arg_types
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let got = types
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        PyTypeError::new_err(format!(
            "{what} for argument type(s) ({got}); the compiled signatures are: {}",
            sigs.join(", ")
        ))
    }

    /// The arguments of a call by position that leaves trailing parameters to their defaults
    /// (`f()` for `def f(x=None)`): the given ones then the last defaults, without the general
    /// binding (which reads the function's code object at each call). None for other calls.
    fn with_defaults<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
        no_keywords: bool,
    ) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
        if !self.by_position || !no_keywords || args.len() >= self.n_params {
            return Ok(None);
        }
        let defaults = self.py_func.bind(py).getattr("__defaults__")?;
        let Ok(defaults) = defaults.cast::<PyTuple>() else {
            return Ok(None);
        };
        let missing = self.n_params - args.len();
        if defaults.len() < missing {
            return Ok(None); // a required argument is missing: the binder's TypeError
        }
        let tail = defaults.len() - missing;
        Ok(Some(
            args.iter()
                .chain(defaults.iter().skip(tail))
                .collect::<Vec<_>>(),
        ))
    }

    /// Positional arguments, keyword arguments and defaults, in parameter order.
    fn bind<'py>(
        &self,
        py: Python<'py>,
        args: &Bound<'py, PyTuple>,
        kwargs: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let func = self.py_func.bind(py);
        let name: String = func
            .getattr("__qualname__")
            .or_else(|_| func.getattr("__name__"))?
            .extract()?;
        let (params, shape, kwdefaults) = python_params(func)?;
        let defaults: Vec<Bound<'py, PyAny>> = match func.getattr("__defaults__") {
            Ok(d) if !d.is_none() => d.cast::<PyTuple>()?.iter().collect(),
            _ => Vec::new(),
        };
        let mut kw_names: Vec<Arc<str>> = Vec::new();
        let mut kw_values: Vec<Bound<'py, PyAny>> = Vec::new();
        if let Some(kw) = kwargs {
            for (k, v) in kw.iter() {
                kw_names.push(Arc::from(k.extract::<String>()?.as_str()));
                kw_values.push(v);
            }
        }
        let placeholder: Vec<Option<Const>> = defaults.iter().map(|_| Some(Const::None)).collect();
        let sig = Signature::python_shaped(&name, &params, &placeholder, &shape);
        let sources = signature::bind(&sig, args.len(), &kw_names).map_err(PyTypeError::new_err)?;
        let kw_end = params.len() - shape.varkw as usize;
        let first_default = kw_end - shape.kwonly.len() - shape.vararg as usize - defaults.len();
        sources
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(match s {
                    ArgSource::Positional(p) => args.get_item(p).expect("bound positional"),
                    ArgSource::Keyword(k) => kw_values[k].clone(),
                    ArgSource::Default(_) if i >= kw_end - shape.kwonly.len() => kwdefaults
                        .get_item(&*params[i])
                        .ok()
                        .flatten()
                        .expect("a keyword-only default"),
                    ArgSource::Default(_) => defaults[i - first_default].clone(),
                    ArgSource::Pack(items) => PyTuple::new(
                        py,
                        items
                            .iter()
                            .map(|p| args.get_item(*p).expect("bound positional")),
                    )
                    .expect("a tuple")
                    .into_any(),
                    ArgSource::PackKeywords(items) => {
                        kwargs_struct(py, &items, &kw_names, &kw_values)?
                    }
                    ArgSource::Receiver => unreachable!("a function has no receiver"),
                })
            })
            .collect()
    }

    fn compile_spec(
        &self,
        py: Python<'_>,
        types: &[Type],
        declared: Option<Type>,
    ) -> PyResult<Arc<Spec>> {
        // A function argument's type names a dispatcher of this process only, a named tuple's
        // its class: such specializations are not cached (another process's numbering differs).
        let cacheable = !types.iter().any(crate::boxing::names_functions)
            && !types.iter().any(oxjit_core::types::has_empty_argument);
        if self.cache && !cacheable {
            let category = py.import("oxjit.errors")?.getattr("NumbaWarning")?;
            PyErr::warn(
                py,
                &category,
                &std::ffi::CString::new(format!(
                    "cache=True: the specialization for {} is not cached: an argument is a \
                     function or a named tuple class of this process only",
                    format_args(types)
                ))
                .expect("no NUL"),
                1,
            )?;
        }
        let mut spec = match self.cache && cacheable {
            true => self.compile_cached(py, types, declared.as_ref())?,
            false => {
                compiler::compile(
                    py,
                    self.func_id,
                    types,
                    declared.as_ref(),
                    self.options,
                    false,
                )?
                .0
            }
        };
        spec.declared_return = declared;
        let spec = Arc::new(spec);
        let mut specs = self.specs.write().expect("specs lock");
        // Types holding an empty list compile for the types typing resolved them to.
        let resolved = spec.arg_types.clone();
        let spec = match specs
            .iter()
            .find(|s| s.arg_types == resolved && s.declared_return == spec.declared_return)
        {
            Some(existing) => existing.clone(),
            None => {
                specs.push(spec.clone());
                spec
            }
        };
        if resolved != *types {
            let mut aliases = self.empty_lists.write().expect("empty lists lock");
            aliases.push((types.to_vec(), spec.clone()));
        }
        Ok(spec)
    }
}

impl Dispatcher {
    /// With `cache=True`: the specialization from the on-disk cache where it holds a fresh one,
    /// else compiled and written there.
    fn compile_cached(
        &self,
        py: Python<'_>,
        types: &[Type],
        declared: Option<&Type>,
    ) -> PyResult<Spec> {
        let this = host::registry()
            .lock()
            .expect("registry lock")
            .get(&self.func_id)
            .map(|d| d.clone_ref(py))
            .ok_or_else(|| PyValueError::new_err("the dispatcher is not registered"))?;
        let this = this.bind(py);
        let argtypes: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        let restype = declared.map(|t| t.to_string());
        let found = this.call_method1("_cache_load", (argtypes.clone(), restype.clone()))?;
        if !found.is_none() {
            type Found = (Vec<u8>, String, String, bool, compiler::Symbols);
            let (object, entry, native_return, lapack, arrays): Found = found.extract()?;
            let code = compiler::ObjectCode {
                object,
                entry,
                native_return: Type::parse(&native_return).map_err(PyValueError::new_err)?,
                lapack,
                arrays: Vec::new(),
                dynamic_globals: false,
            };
            return compiler::load_object(
                py,
                self.func_id,
                types,
                declared,
                self.options,
                &code,
                &arrays,
            );
        }
        let (spec, code) =
            compiler::compile(py, self.func_id, types, declared, self.options, true)?;
        if crate::cfuncptr::refuse_cache(this, code.as_ref())? {
            return Ok(spec);
        }
        // A result holding a named tuple names its class: compiled again in each process.
        let code = code.filter(|c| !crate::boxing::named::names_class(&c.native_return));
        let stored = code.map(|c| {
            let object = pyo3::types::PyBytes::new(py, &c.object);
            let entry = (c.entry, c.native_return.to_string(), c.lapack);
            (object, entry.0, entry.1, entry.2, c.arrays)
        });
        this.call_method1("_cache_store", (argtypes, restype, stored))?;
        Ok(spec)
    }
}

/// Whether the options ask for NumPy's error model: `error_model` is "python" (the default) or
/// "numpy"; anything else is an error, never silently the default.
/// After a call (or a failed unboxing, for the `ptrs` made so far): gives back what unboxing
/// the arguments made, lists, dicts and sets written back where the call changed them; an
/// argument sharing an earlier one's native container (`aliases`) only drops its reference.
fn release_args(
    values: &[Bound<'_, PyAny>],
    types: &[Type],
    ptrs: &[*mut u8],
    aliases: &[Option<usize>],
) -> PyResult<()> {
    let mut result = Ok(());
    for (i, ((v, t), p)) in values.iter().zip(types).zip(ptrs).enumerate() {
        if aliases.get(i).copied().flatten().is_some() {
            // SAFETY: `p` holds the reference `share_arg` took.
            unsafe { crate::boxing::unshare_arg(*p) };
        } else if crate::boxing::needs_release(t) {
            // SAFETY: `p` holds what `unbox` wrote for `v`.
            let r = unsafe { crate::boxing::release_arg(v, t, *p) };
            result = result.and(r);
        }
    }
    result
}

fn numpy_error_model(options: &Bound<'_, PyDict>) -> PyResult<bool> {
    let Some(value) = options.get_item("error_model")? else {
        return Ok(false);
    };
    if value.is_none() {
        return Ok(false);
    }
    match value.extract::<String>().ok().as_deref() {
        Some("python") => Ok(false),
        Some("numpy") => Ok(true),
        _ => Err(PyValueError::new_err(format!(
            "error_model must be 'python' or 'numpy', got {}",
            value.repr()?
        ))),
    }
}

/// The function id of `obj` if it is a dispatcher (for `boxing::DISPATCHER_ID`).
pub fn function_id(obj: &Bound<'_, PyAny>) -> Option<FuncId> {
    obj.cast::<Dispatcher>().ok().map(|d| d.borrow().func_id)
}

/// `(int64, float64)`, as Python prints a tuple of the types.
fn format_args(types: &[Type]) -> String {
    let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
    match names.len() {
        1 => format!("({},)", names[0]),
        _ => format!("({})", names.join(", ")),
    }
}

#[pymethods]
impl Dispatcher {
    #[new]
    #[pyo3(signature = (py_func, options=None))]
    fn new(
        py: Python<'_>,
        py_func: Py<PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Dispatcher> {
        let empty = PyDict::new(py);
        let options = options.unwrap_or(&empty);
        let numpy_errors = numpy_error_model(options)?;
        let func_id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        if option_bool(options, "parallel")? {
            compiler::set_parallel(func_id);
        }
        // The compiled function's parameters: the positional ones, `*args` (one tuple) and the
        // keyword-only ones; only without the last two do arguments map to them one to one.
        let (n_params, by_position, param_names, varargs) = match python_params(py_func.bind(py)) {
            Ok((params, shape, _)) => {
                let varargs = shape.vararg.then(|| VarargShape {
                    positional: params.len() - 1 - shape.kwonly.len() - shape.varkw as usize,
                    kwonly: shape.kwonly.iter().map(|(n, _)| n.clone()).collect(),
                    varkw: shape.varkw,
                    empty_kwargs: match shape.varkw {
                        true => kwargs_struct(py, &[], &[], &[]).ok().map(Bound::unbind),
                        false => None,
                    },
                });
                (
                    params.len(),
                    !shape.vararg && shape.kwonly.is_empty() && !shape.varkw,
                    params,
                    varargs,
                )
            }
            Err(_) => (0, true, Vec::new(), None),
        };
        Ok(Dispatcher {
            py_func,
            func_id,
            options: Options {
                boundscheck: match options.get_item("boundscheck")? {
                    Some(v) if !v.is_none() => v.is_truthy()?,
                    _ => ["OXJIT_BOUNDSCHECK", "NUMBA_BOUNDSCHECK"]
                        .iter()
                        .any(|k| oxjit_core::env::flag(k)),
                },
                fastmath: option_bool(options, "fastmath")?,
                numpy_errors,
                relocatable_arrays: false,
                wrapper: oxjit_codegen::Wrapper::None,
                lineinfo: false,
            },
            nogil: option_bool(options, "nogil")?,
            cache: option_bool(options, "cache")?,
            locked: AtomicBool::new(false),
            n_params,
            by_position,
            specs: RwLock::new(Vec::new()),
            empty_lists: RwLock::new(Vec::new()),
            last_fast: AtomicPtr::new(std::ptr::null_mut()),
            keyed: RwLock::new(Vec::new()),
            param_names,
            varargs,
        })
    }

    fn __init__(
        slf: &Bound<'_, Self>,
        _py_func: &Bound<'_, PyAny>,
        _options: Option<&Bound<'_, PyAny>>,
    ) {
        let id = slf.borrow().func_id;
        host::registry()
            .lock()
            .expect("registry lock")
            .insert(id, slf.clone().into_any().unbind());
    }

    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        slf: &Bound<'_, Self>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let py = slf.py();
        let this = slf.get();
        let n = args.len();
        if this.by_position && kwargs.is_none() && n == this.n_params && n <= FAST_ARGS {
            let mut codes = [0u16; FAST_ARGS];
            let mut slots: [FastSlot; FAST_ARGS] =
                [[0u64; 2 + 2 * crate::boxing::FAST_NDIM]; FAST_ARGS];
            let mut all_fast = true;
            for i in 0..n {
                let item = args.get_borrowed_item(i)?;
                match fast_arg(&item, &mut slots[i]) {
                    Some(code) => codes[i] = code,
                    None => {
                        all_fast = false;
                        break;
                    }
                }
            }
            if all_fast {
                let mut ptrs = [std::ptr::null_mut::<u8>(); FAST_ARGS];
                for i in 0..n {
                    ptrs[i] = slots[i].as_mut_ptr() as *mut u8;
                }
                let key = crate::fastpath::pack_key(&codes[..n]);
                let last = this.last_fast.load(Ordering::Acquire);
                // SAFETY: `last_fast` only ever points to a spec owned by `specs`, never removed.
                if let Some(spec) = unsafe { last.as_ref() } {
                    if spec.fast_packed == Some(key) {
                        let result = this.invoke(py, spec, &ptrs[..n]);
                        return keep_arguments(py, result, &spec.native_return, || {
                            args.clone().into_any().unbind()
                        });
                    }
                }
                if let Some(spec) = this.find_fast(&codes[..n]) {
                    let result = this.invoke(py, &spec, &ptrs[..n]);
                    return keep_arguments(py, result, &spec.native_return, || {
                        args.clone().into_any().unbind()
                    });
                }
            }
        }
        this.call_slow(py, args, kwargs)
    }

    /// Compiles one specialization; returns its index.
    #[pyo3(signature = (argtypes, restype=None))]
    fn _compile(
        &self,
        py: Python<'_>,
        argtypes: Vec<String>,
        restype: Option<String>,
    ) -> PyResult<usize> {
        let types: Vec<Type> = argtypes
            .iter()
            .map(|s| Type::parse(s).map_err(PyTypeError::new_err))
            .collect::<PyResult<_>>()?;
        let declared = restype
            .map(|r| Type::parse(&r).map_err(PyTypeError::new_err))
            .transpose()?;
        if types.len() != self.n_params {
            return Err(PyTypeError::new_err(format!(
                "the signature has {} arguments but the function takes {}",
                types.len(),
                self.n_params
            )));
        }
        let spec = self.compile_spec(py, &types, declared)?;
        let specs = self.specs.read().expect("specs lock");
        Ok(specs
            .iter()
            .position(|s| Arc::ptr_eq(s, &spec))
            .unwrap_or(specs.len() - 1))
    }

    fn _specializations<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let specs = self.specs.read().expect("specs lock");
        let items: Vec<(Vec<String>, String)> = specs
            .iter()
            .map(|s| {
                (
                    s.arg_types.iter().map(|t| t.to_string()).collect(),
                    s.declared_return
                        .as_ref()
                        .unwrap_or(&s.native_return)
                        .to_string(),
                )
            })
            .collect();
        PyList::new(py, items)
    }

    fn _dump(&self, py: Python<'_>, index: usize, stage: &str) -> PyResult<String> {
        let spec = self
            .specs
            .read()
            .expect("specs lock")
            .get(index)
            .cloned()
            .ok_or_else(|| pyo3::exceptions::PyIndexError::new_err("no such specialization"))?;
        compiler::dump(py, &spec, stage)
    }

    /// The address of specialization `index`'s entry wrapper (for a gufunc's loop).
    fn _entry_address(&self, index: usize) -> PyResult<usize> {
        let specs = self.specs.read().expect("specs lock");
        let spec = specs
            .get(index)
            .ok_or_else(|| pyo3::exceptions::PyIndexError::new_err("no such specialization"))?;
        Ok(spec.entry as usize)
    }

    /// Compiles the function for `argtypes` (result converted to `restype`, if given) with a
    /// C-callable wrapper, `kind` "ufunc" (a NumPy inner loop) or "cfunc" (the C signature);
    /// returns its address and the result type. Not a specialization of the dispatcher.
    #[pyo3(signature = (argtypes, restype, kind))]
    fn _wrapper(
        &self,
        py: Python<'_>,
        argtypes: Vec<String>,
        restype: Option<String>,
        kind: &str,
    ) -> PyResult<(usize, String)> {
        let wrapper = match kind {
            "ufunc" => oxjit_codegen::Wrapper::UfuncLoop,
            "cfunc" => oxjit_codegen::Wrapper::CFunc,
            _ => return Err(PyValueError::new_err(format!("no wrapper kind {kind:?}"))),
        };
        let types: Vec<Type> = argtypes
            .iter()
            .map(|s| Type::parse(s).map_err(PyTypeError::new_err))
            .collect::<PyResult<_>>()?;
        let declared = restype
            .map(|r| Type::parse(&r).map_err(PyTypeError::new_err))
            .transpose()?;
        let options = Options {
            wrapper,
            ..self.options
        };
        let (spec, _) =
            compiler::compile(py, self.func_id, &types, declared.as_ref(), options, false)?;
        Ok((spec.wrapper, spec.native_return.to_string()))
    }

    /// Compiles the function as a CUDA kernel for `argtypes` (`oxjit.cuda`): its PTX, LLVM IR,
    /// kernel name and launch parameters. `kernel`: the `cuda.jit` options that change the
    /// PTX, `(debug, opt, lineinfo)` (report exceptions through `__errcode__`, optimise,
    /// `.loc` line tables).
    #[pyo3(signature = (argtypes, arch, libdevice, kernel=(false, true, false)))]
    fn _ptx(
        &self,
        py: Python<'_>,
        argtypes: Vec<String>,
        arch: &str,
        libdevice: Option<String>,
        kernel: (bool, bool, bool),
    ) -> PyResult<crate::cuda::PtxResult> {
        let types: Vec<Type> = argtypes
            .iter()
            .map(|s| Type::parse(s).map_err(PyTypeError::new_err))
            .collect::<PyResult<_>>()?;
        let (debug, opt, lineinfo) = kernel;
        let kernel = oxjit_codegen::nvptx::KernelOptions {
            debug,
            opt,
            lineinfo,
        };
        crate::cuda::compile_ptx(
            py,
            self.func_id,
            &types,
            self.options,
            arch,
            libdevice,
            kernel,
        )
    }

    /// Compiled code calls this function (a `@vectorize` kernel) with numbers only.
    fn _scalar_only(&self, py: Python<'_>) -> PyResult<()> {
        compiler::scalar_only(py, self.func_id)
    }

    /// Declares an explicit signature without compiling (`@cuda.jit(sig, device=True)`):
    /// with `_lock`, compiled callers convert their arguments to it.
    #[pyo3(signature = (argtypes, restype))]
    fn _declare(
        &self,
        py: Python<'_>,
        argtypes: Vec<String>,
        restype: Option<String>,
    ) -> PyResult<()> {
        let types: Vec<Type> = argtypes
            .iter()
            .map(|s| Type::parse(s).map_err(PyTypeError::new_err))
            .collect::<PyResult<_>>()?;
        let ret = restype
            .map(|r| Type::parse(&r).map_err(PyTypeError::new_err))
            .transpose()?;
        compiler::declare(py, self.func_id, &types, ret)
    }

    fn _lock(&self, py: Python<'_>) -> PyResult<()> {
        compiler::lock(py, self.func_id)?;
        self.locked.store(true, Ordering::Release);
        Ok(())
    }
}

/// What a `**kwargs` parameter receives: the values of the keywords `items` of the call, their
/// names beside them (`oxjit._kwargs.Kwargs`, typed as a `**kwargs` struct).
pub(crate) fn kwargs_struct<'py>(
    py: Python<'py>,
    items: &[usize],
    names: &[Arc<str>],
    values: &[Bound<'py, PyAny>],
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = py
        .import("oxjit._kwargs")?
        .getattr("Kwargs")?
        .call1((PyTuple::new(py, items.iter().map(|i| &values[*i]))?,))?;
    kwargs.setattr(
        "names",
        PyTuple::new(py, items.iter().map(|i| &*names[*i]))?,
    )?;
    Ok(kwargs)
}

/// A Python function's parameters in the order compiled code takes them (positional ones,
/// `*args`, keyword-only ones), what it has beyond positional ones, and its `__kwdefaults__`.
fn python_params<'py>(
    func: &Bound<'py, PyAny>,
) -> PyResult<(Vec<Arc<str>>, signature::PythonShape, Bound<'py, PyDict>)> {
    const CO_VARARGS: u32 = 0x04;
    const CO_VARKEYWORDS: u32 = 0x08;
    let code = func.getattr("__code__")?;
    let flags: u32 = code.getattr("co_flags")?.extract()?;
    let varkw = flags & CO_VARKEYWORDS != 0;
    let argcount: usize = code.getattr("co_argcount")?.extract()?;
    let kwonlycount: usize = code.getattr("co_kwonlyargcount")?.extract()?;
    let varnames: Vec<String> = code.getattr("co_varnames")?.extract()?;
    let vararg = flags & CO_VARARGS != 0;
    let kwonly_names = &varnames[argcount..argcount + kwonlycount];
    let mut params: Vec<Arc<str>> = varnames[..argcount]
        .iter()
        .map(|s| Arc::from(s.as_str()))
        .collect();
    if vararg {
        params.push(Arc::from(varnames[argcount + kwonlycount].as_str()));
    }
    params.extend(kwonly_names.iter().map(|s| Arc::from(s.as_str())));
    if varkw {
        params.push(Arc::from(
            varnames[argcount + kwonlycount + vararg as usize].as_str(),
        ));
    }
    let kwdefaults = match func.getattr("__kwdefaults__") {
        Ok(d) if !d.is_none() => d.cast_into::<PyDict>()?,
        _ => PyDict::new(func.py()),
    };
    let kwonly = kwonly_names
        .iter()
        .map(|n| {
            let has_default = kwdefaults.contains(n.as_str()).unwrap_or(false);
            (
                Arc::from(n.as_str()),
                has_default.then_some(Some(Const::None)),
            )
        })
        .collect();
    Ok((
        params,
        signature::PythonShape {
            vararg,
            kwonly,
            varkw,
        },
        kwdefaults,
    ))
}
