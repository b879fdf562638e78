//! `oxjit._oxjit`: the Python-facing crate. The only crate that names PyO3: the dispatcher,
//! typeof, unboxing of arguments and boxing of results, and the one place where compiler errors
//! become Python exceptions.

mod boxing;
mod callbacks;
mod cfuncptr;
mod compiler;
mod cuda;
mod cuda_launch;
mod dispatcher;
mod errors;
mod fastpath;
mod fingerprint;
mod host;
mod linalg;
mod np_simd_check;
mod nrt;
mod objmode;
mod subclass;
mod typed;
mod ufunc;
mod ufunc_parallel;
mod varargs;

use pyo3::prelude::*;

/// `(triple, cpu, features, llvm_version)`: what the machine code is made for.
#[pyfunction]
fn host_target() -> (String, String, String, String) {
    let [triple, cpu, features, llvm] = oxjit_codegen::host_target();
    (triple, cpu, features, llvm)
}

/// A hash of the sources this extension was built from (`build.rs`): the on-disk cache keys
/// its entries on it.
#[pyfunction]
fn build_id() -> &'static str {
    env!("OXJIT_BUILD_ID")
}

/// The oxjit type name of a Python value (`docs/internals.md`).
#[pyfunction]
fn typeof_name(value: &Bound<'_, PyAny>) -> PyResult<String> {
    boxing::typeof_value(value).map(|t| t.to_string())
}

/// `oxjit.set_num_threads(n)`: the number of threads the calling thread's parallel loops use.
#[pyfunction]
fn set_num_threads(n: i64) -> PyResult<()> {
    if oxjit_runtime::parallel::set_num_threads(n) {
        Ok(())
    } else {
        Err(pyo3::exceptions::PyValueError::new_err(format!(
            "The number of threads must be between 1 and {}",
            oxjit_runtime::parallel::pool_size()
        )))
    }
}

/// Hands the interpreter's `_Py_HashSecret` keys to the runtime, so that `hash(s)` of a
/// string in compiled code is CPython's (`python/oxjit/_strings.py` reads them at import).
#[pyfunction]
fn set_hash_secret(k0: u64, k1: u64, siphash24: bool) {
    oxjit_runtime::strs::set_hash_secret(k0, k1, siphash24);
}

#[pyfunction]
fn get_num_threads() -> i64 {
    oxjit_runtime::parallel::oxjit_rt_parallel_num_threads()
}

#[pyfunction]
fn get_thread_id() -> i64 {
    oxjit_runtime::parallel::oxjit_rt_parallel_thread_id()
}

/// `oxjit.set_parallel_chunksize(n)`: the previous setting.
#[pyfunction]
fn set_parallel_chunksize(n: i64) -> PyResult<i64> {
    if n < 0 {
        return Err(pyo3::exceptions::PyValueError::new_err(
            "chunksize must be greater than or equal to zero",
        ));
    }
    Ok(oxjit_runtime::parallel::set_chunk_size(n))
}

#[pyfunction]
fn get_parallel_chunksize() -> i64 {
    oxjit_runtime::parallel::chunk_size()
}

/// The size of the thread pool (`NUMBA_NUM_THREADS`).
#[pyfunction]
fn pool_size() -> i64 {
    oxjit_runtime::parallel::pool_size()
}

thread_local! {
    /// This thread runs compiled code with the GIL given up (`nogil=True`).
    pub(crate) static GIL_RELEASED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread holds the GIL: `PyGILState_Ensure` says (LOCKED), and the paired
/// `Release` restores what was (`PyGILState_Check` is not in the stable ABI).
fn holds_gil() -> bool {
    // SAFETY: callable on any thread of an initialised interpreter.
    unsafe {
        let state = pyo3::ffi::PyGILState_Ensure();
        pyo3::ffi::PyGILState_Release(state);
        state == pyo3::ffi::PyGILState_STATE::PyGILState_LOCKED
    }
}

/// Runs `f` with the GIL given up if this thread holds it (a parallel loop's caller, while it
/// runs its chunks and waits for the others).
fn run_released(f: &mut dyn FnMut()) {
    if GIL_RELEASED.with(|r| r.get()) || !holds_gil() {
        return f();
    }
    /// The closure, sent to no other thread: `detach` runs it on this one.
    struct OnThisThread<'a>(&'a mut dyn FnMut());
    // SAFETY: see above; `detach` only asks for `Send` to keep Python objects out.
    unsafe impl Send for OnThisThread<'_> {}
    let job = OnThisThread(f);
    // SAFETY: this thread holds the GIL (checked above). `detach` gives it up and tells PyO3,
    // so that a chunk run here that calls back into Python takes it again.
    unsafe { Python::assume_attached() }.detach(move || {
        let job = job;
        GIL_RELEASED.with(|r| r.set(true));
        (job.0)();
        GIL_RELEASED.with(|r| r.set(false));
    });
}

#[pymodule]
fn _oxjit(m: &Bound<'_, PyModule>) -> PyResult<()> {
    callbacks::remember_none_hash(m.py())?;
    m.add_class::<dispatcher::Dispatcher>()?;
    m.add_class::<cuda_launch::CudaLauncher>()?;
    m.add_function(wrap_pyfunction!(typeof_name, m)?)?;
    m.add_function(wrap_pyfunction!(host_target, m)?)?;
    m.add_function(wrap_pyfunction!(build_id, m)?)?;
    m.add_function(wrap_pyfunction!(set_hash_secret, m)?)?;
    m.add_class::<nrt::MemInfoOwner>()?;
    m.add_class::<boxing::jitclass::JitInstance>()?;
    m.add_function(wrap_pyfunction!(boxing::jitclass::jitclass_register, m)?)?;
    m.add_function(wrap_pyfunction!(boxing::jitclass::jitclass_define, m)?)?;
    typed::register(m)?;
    m.add_class::<boxing::generator::Generator>()?;
    m.add_function(wrap_pyfunction!(nrt::nrt_allocation_stats, m)?)?;
    m.add_function(wrap_pyfunction!(ufunc::make_ufunc, m)?)?;
    for f in [
        wrap_pyfunction!(set_num_threads, m)?,
        wrap_pyfunction!(get_num_threads, m)?,
        wrap_pyfunction!(get_thread_id, m)?,
        wrap_pyfunction!(pool_size, m)?,
        wrap_pyfunction!(set_parallel_chunksize, m)?,
        wrap_pyfunction!(get_parallel_chunksize, m)?,
    ] {
        m.add_function(f)?;
    }
    let _ = boxing::DISPATCHER_ID.set(dispatcher::function_id);
    np_simd_check::run(m.py());
    oxjit_runtime::parallel::set_gil_hooks(oxjit_runtime::parallel::GilHooks { run_released });
    Ok(())
}
