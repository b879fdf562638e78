//! NumPy ufuncs and gufuncs from compiled kernels (`oxjit.vectorize`, `oxjit.guvectorize`).
//!
//! A ufunc is made with NumPy's own `PyUFunc_FromFuncAndDataAndSignature`, so everything NumPy
//! does with ufuncs (broadcasting, casting, `out=`, `where=`, `reduce`, `accumulate`, `outer`,
//! `at`, gufunc `axes=`) works. The arrays NumPy keeps pointers to (loops, their data, the type
//! table, the name) are owned by a capsule stored in the ufunc's `obj` field, which NumPy
//! releases with the ufunc: they live exactly as long as it. The machine code itself lives as
//! long as the process (the JIT never frees code).
//!
//! `@vectorize` loops are generated code (codegen's `lower/ufunc_loop.rs`). A gufunc's loop is
//! [`gufunc_loop`] here: per outer element it builds the array views the kernel takes (borrowed:
//! no meminfo) and calls the kernel's entry wrapper.

use std::ffi::{c_char, c_int, c_void, CString};

use numpy::npyffi::{npy_intp, PyUFuncGenericFunction, PyUFuncObject, PY_UFUNC_API};
use oxjit_runtime::exceptions::ExcInfo;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::ufunc_parallel::{parallel_loop, LoopFn, ParallelData};

/// A kernel's entry wrapper, `i32 entry(void **args, void *ret, ExcInfo *exc)` (as the
/// dispatcher's `compiler::EntryFn`; named again here to keep this module below the compiler).
type EntryFn = unsafe extern "C" fn(*const *mut u8, *mut u8, *mut ExcInfo) -> i32;

/// Per operand of a gufunc: `None` for a scalar, or `(core dimension indices, kernel ndim)`.
type GufuncArgs = Vec<Option<(Vec<usize>, usize)>>;

/// How the gufunc loop passes one argument to the kernel.
#[derive(Clone, Debug)]
enum GuArg {
    /// A scalar, read from the operand's element (the kernel loads it from there).
    Scalar,
    /// An array view of the operand's core dimensions: the indices (into `dims[1..]`) of its
    /// core dimensions, and the dimensions the kernel's array has (one for a `()` operand).
    Array { core: Vec<usize>, ndim: usize },
}

/// What [`gufunc_loop`] needs, passed as the loop's `data`.
struct GufuncData {
    entry: EntryFn,
    args: Vec<GuArg>,
}

/// `void loop(char **args, npy_intp *dims, npy_intp *steps, void *data)` of a gufunc: `dims[0]`
/// outer elements, `dims[1..]` the core dimensions; `steps[..nargs]` the outer steps, then the
/// core strides of each operand's core dimensions in order.
unsafe extern "C" fn gufunc_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    // SAFETY: `data` is the `GufuncData` this loop was registered with (owned by the ufunc).
    let data = unsafe { &*(data as *const GufuncData) };
    let nargs = data.args.len();
    // SAFETY: NumPy passes `nargs` pointers and steps, `1 + core dims` dims and the core strides.
    let (args, outer_steps) = unsafe {
        (
            std::slice::from_raw_parts(args, nargs),
            std::slice::from_raw_parts(steps, nargs),
        )
    };
    // The views' native form, `{meminfo, data, shape[ndim], strides[ndim]}`, one per argument,
    // with shape and strides filled once; only `data` changes per element.
    let mut views: Vec<Vec<u64>> = Vec::with_capacity(nargs);
    let mut core_stride = nargs;
    for arg in &data.args {
        let mut view = vec![0u64; 2];
        if let GuArg::Array { core, ndim } = arg {
            view.resize(2 + 2 * ndim, 0);
            for (j, d) in core.iter().enumerate() {
                // SAFETY: as above: the core dimensions and this operand's core strides.
                unsafe {
                    view[2 + j] = *dims.add(1 + d) as u64;
                    view[2 + ndim + j] = *steps.add(core_stride + j) as u64;
                }
            }
            if core.is_empty() {
                view[2] = 1; // a `()` operand seen as a one-element array
            }
            core_stride += core.len();
        }
        views.push(view);
    }
    let mut slots: Vec<*mut u8> = vec![std::ptr::null_mut(); nargs.max(1)];
    // SAFETY: `dims[0]` is the outer count.
    let n = unsafe { *dims };
    for i in 0..n {
        for (k, arg) in data.args.iter().enumerate() {
            // SAFETY: element `i` of operand `k` (NumPy's iteration).
            let at = unsafe { args[k].offset(i * outer_steps[k]) } as *mut u8;
            slots[k] = match arg {
                GuArg::Scalar => at,
                GuArg::Array { .. } => {
                    views[k][1] = at as u64;
                    views[k].as_mut_ptr() as *mut u8
                }
            };
        }
        let mut exc = ExcInfo::default();
        let mut ret = [0u64; 2];
        // SAFETY: the slots hold the kernel's arguments (scalars in place, array views).
        let status = unsafe { (data.entry)(slots.as_ptr(), ret.as_mut_ptr() as *mut u8, &mut exc) };
        if status != 0 {
            raise_pending(&exc);
        }
    }
}

/// Makes the exception a kernel raised the pending Python exception (taking the GIL, which
/// NumPy may have released around the loop); NumPy raises it when the loop returns. The first
/// failing element's exception is kept (in a parallel loop, handed to the calling thread).
fn raise_pending(exc: &ExcInfo) {
    Python::attach(|py| {
        // Keep the first: and no Python API may run with an exception pending.
        if !crate::ufunc_parallel::in_chunk() && PyErr::occurred(py) {
            crate::errors::release(exc);
            return;
        }
        let err = crate::errors::raised(py, exc);
        if let Some(err) = crate::ufunc_parallel::collect(err) {
            err.restore(py);
        }
    });
}

/// The `UfuncError` callback of generated ufunc loops.
pub extern "C" fn oxjit_py_ufunc_error(exc: *const ExcInfo) {
    // SAFETY: generated code passes its live exception record.
    raise_pending(unsafe { &*exc });
}

/// The `CfuncError` callback of `@cfunc` wrappers: the exception is printed as unraisable (a C
/// caller cannot take it), as Numba does.
pub extern "C" fn oxjit_py_cfunc_error(exc: *const ExcInfo) {
    Python::attach(|py| {
        // SAFETY: generated code passes its live exception record.
        let err = crate::errors::raised(py, unsafe { &*exc });
        err.write_unraisable(py, None);
    })
}

/// What a ufunc's capsule owns: the tables NumPy reads for the ufunc's whole life.
struct Tables {
    functions: Vec<PyUFuncGenericFunction>,
    data: Vec<*mut c_void>,
    types: Vec<c_char>,
    /// Boxed: NumPy holds pointers to them, which must not move when the vector grows.
    #[allow(clippy::vec_box)]
    gufunc: Vec<Box<GufuncData>>,
    #[allow(clippy::vec_box)]
    parallel: Vec<Box<ParallelData>>,
    name: CString,
    doc: CString,
    signature: Option<CString>,
    /// The kernel's dispatcher: compiled code calling the ufunc with scalars calls it.
    kernel: Option<Py<PyAny>>,
}

/// The tables are only read by NumPy (with or without the GIL) while the ufunc lives; the
/// capsule drops them with the ufunc.
struct Owned(Box<Tables>);
// SAFETY: the raw pointers point into the tables themselves or to code that lives forever;
// nothing mutates them after the ufunc is made.
unsafe impl Send for Owned {}

/// One loop of a new ufunc: the NumPy type numbers of its operands (inputs, then outputs) and
/// either a generated loop's address or (for a gufunc) the kernel's entry wrapper.
type LoopSpec = (Vec<u8>, usize);

fn c_string(s: &str) -> PyResult<CString> {
    CString::new(s).map_err(|_| PyValueError::new_err("a name or signature holds a NUL"))
}

/// Replaces each loop of `tables` by [`parallel_loop`] over it.
fn run_in_parallel(tables: &mut Tables, nargs: usize, gufunc_args: &Option<GufuncArgs>) {
    // NumPy passes the outer count, then one entry per distinct core dimension.
    let ndims = 1 + gufunc_args.as_ref().map_or(0, |args| {
        args.iter()
            .flatten()
            .flat_map(|(core, _)| core.iter().map(|d| d + 1))
            .max()
            .unwrap_or(0)
    });
    for (f, d) in tables.functions.iter_mut().zip(tables.data.iter_mut()) {
        let serial: LoopFn = f.expect("every loop has a function");
        let wrapped = Box::new(ParallelData {
            serial,
            serial_data: *d,
            nargs,
            ndims,
        });
        *f = Some(parallel_loop);
        *d = &*wrapped as *const ParallelData as *mut c_void;
        tables.parallel.push(wrapped);
    }
}

const CAPSULE: &std::ffi::CStr = c"oxjit.ufunc_tables";

/// The kernel's dispatcher behind `value` when it is a ufunc made here (or an object that names
/// its kernel in `_oxjit_kernel`: the dynamic ufuncs of `oxjit.ufunc`, cfuncs): compiled code
/// calling `value` calls it.
pub fn kernel_of<'py>(value: &Bound<'py, PyAny>) -> Option<Bound<'py, PyAny>> {
    use numpy::npyffi::{get_type_object, NpyTypes};
    let py = value.py();
    if let Ok(kernel) = value.getattr("_oxjit_kernel") {
        return Some(kernel);
    }
    // SAFETY: reading the type of a live object; NumPy is loaded (ufuncs exist only then).
    let is_ufunc = crate::boxing::numpy_loaded(py)
        && unsafe {
            pyo3::ffi::Py_TYPE(value.as_ptr()) == get_type_object(py, NpyTypes::PyUFunc_Type)
        };
    if !is_ufunc {
        return None;
    }
    // SAFETY: a live ufunc; `obj` is null or an object the ufunc holds. A capsule with our name
    // holds the `Owned` tables made in `make_ufunc`.
    unsafe {
        let obj = (*(value.as_ptr() as *mut PyUFuncObject)).fields.obj;
        if obj.is_null() || pyo3::ffi::PyCapsule_IsValid(obj, CAPSULE.as_ptr()) == 0 {
            return None;
        }
        let owned = pyo3::ffi::PyCapsule_GetPointer(obj, CAPSULE.as_ptr()) as *const Owned;
        owned
            .as_ref()?
            .0
            .kernel
            .as_ref()
            .map(|k| k.bind(py).clone())
    }
}

/// `make_ufunc(name, doc, nin, nout, identity, loops, signature=None, gufunc_args=None)`:
/// a NumPy ufunc. Without `signature`, each loop's address is a generated ufunc loop. With a
/// gufunc `signature`, it is the kernel's entry wrapper and `gufunc_args` says, per operand,
/// `None` for a scalar or `(core dimension indices, kernel ndim)` for an array.
#[pyfunction]
#[pyo3(signature = (name, doc, nin, nout, identity, loops, signature=None, gufunc_args=None, kernel=None, parallel=false))]
#[allow(clippy::too_many_arguments)]
pub fn make_ufunc(
    py: Python<'_>,
    name: &str,
    doc: &str,
    nin: i32,
    nout: i32,
    identity: i32,
    loops: Vec<LoopSpec>,
    signature: Option<&str>,
    gufunc_args: Option<GufuncArgs>,
    kernel: Option<&Bound<'_, PyAny>>,
    parallel: bool,
) -> PyResult<Py<PyAny>> {
    let nargs = (nin + nout) as usize;
    if loops.iter().any(|(types, _)| types.len() != nargs) {
        return Err(PyValueError::new_err(
            "each loop needs one type per operand",
        ));
    }
    let mut tables = Box::new(Tables {
        functions: Vec::new(),
        data: Vec::new(),
        types: loops
            .iter()
            .flat_map(|(t, _)| t.iter().map(|&c| c as c_char))
            .collect(),
        gufunc: Vec::new(),
        name: c_string(name)?,
        doc: c_string(doc)?,
        signature: signature.map(c_string).transpose()?,
        kernel: kernel.map(|k| k.clone().unbind()),
        parallel: Vec::new(),
    });
    for (_, address) in &loops {
        match &gufunc_args {
            None => {
                // SAFETY: the address of a generated loop with NumPy's inner-loop signature.
                let f = unsafe { std::mem::transmute::<usize, PyUFuncGenericFunction>(*address) };
                tables.functions.push(f);
                tables.data.push(std::ptr::null_mut());
            }
            Some(args) => {
                let data = Box::new(GufuncData {
                    // SAFETY: the address of a kernel's entry wrapper.
                    entry: unsafe { std::mem::transmute::<usize, EntryFn>(*address) },
                    args: args
                        .iter()
                        .map(|a| match a {
                            None => GuArg::Scalar,
                            Some((core, ndim)) => GuArg::Array {
                                core: core.clone(),
                                ndim: *ndim,
                            },
                        })
                        .collect(),
                });
                tables.functions.push(Some(gufunc_loop));
                tables.data.push(&*data as *const GufuncData as *mut c_void);
                tables.gufunc.push(data);
            }
        }
    }
    if parallel {
        run_in_parallel(&mut tables, nargs, &gufunc_args);
    }
    let t = &mut *tables;
    // SAFETY: the tables are complete and outlive the ufunc (its `obj` owns them below).
    let ufunc = unsafe {
        PY_UFUNC_API.PyUFunc_FromFuncAndDataAndSignature(
            py,
            t.functions.as_mut_ptr(),
            t.data.as_mut_ptr(),
            t.types.as_mut_ptr(),
            loops.len() as c_int,
            nin,
            nout,
            identity,
            t.name.as_ptr(),
            t.doc.as_ptr(),
            0,
            t.signature
                .as_ref()
                .map_or(std::ptr::null(), |s| s.as_ptr()),
        )
    };
    if ufunc.is_null() {
        return Err(PyErr::fetch(py));
    }
    // SAFETY: a new reference NumPy returned.
    let ufunc = unsafe { Bound::from_owned_ptr(py, ufunc) };
    let capsule = PyCapsule::new_with_value(py, Owned(tables), CAPSULE)?;
    // SAFETY: a live ufunc; NumPy releases `obj` (`Py_XDECREF`) when the ufunc is freed, and
    // leaves it unset for ufuncs made by `PyUFunc_FromFuncAndData*`.
    unsafe {
        let fields = &mut (*(ufunc.as_ptr() as *mut PyUFuncObject)).fields;
        fields.obj = capsule.into_ptr();
    }
    Ok(ufunc.unbind())
}
