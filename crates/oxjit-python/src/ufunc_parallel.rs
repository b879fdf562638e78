//! `target="parallel"` ufuncs and gufuncs: NumPy's inner loop split into chunks that run on
//! oxjit's thread pool (the runtime's `oxjit_rt_parallel_for`, shared with `prange`).
//!
//! [`parallel_loop`] wraps a serial inner loop (the generated ufunc loop, or the gufunc loop):
//! chunk `lo..hi` of the outer dimension is the serial loop called on the operands advanced by
//! `lo` steps, with `hi - lo` outer elements; core dimensions and steps are NumPy's own. Short
//! loops (NumPy hands buffered loops over in pieces of 8192) run serially.
//!
//! An exception raised in a chunk is caught on its worker thread (where making it the pending
//! Python exception would set it on the wrong thread) and made pending on the calling thread once
//! every chunk is done: that of the first failing chunk, so the error is the same on every run.

use std::cell::Cell;
use std::ffi::{c_char, c_void};
use std::sync::Mutex;

use numpy::npyffi::npy_intp;
use oxjit_runtime::exceptions::ExcInfo;
use oxjit_runtime::parallel::{oxjit_rt_parallel_chunks, oxjit_rt_parallel_for};
use pyo3::prelude::*;

/// NumPy's inner-loop signature.
pub type LoopFn = unsafe extern "C" fn(*mut *mut c_char, *mut npy_intp, *mut npy_intp, *mut c_void);

/// Fewer outer elements than this run on the calling thread: the pool's start-up would cost
/// more than it saves.
const MIN_PARALLEL: i64 = 1 << 14;

/// What [`parallel_loop`] gets as its `data`: the serial loop and its data, the operand count.
pub struct ParallelData {
    pub serial: LoopFn,
    pub serial_data: *mut c_void,
    pub nargs: usize,
    /// How many entries of `dims` NumPy passes (1 for a ufunc, 1 + core dimensions for a
    /// gufunc).
    pub ndims: usize,
}

/// The first exception of each chunk that raised, by chunk.
type Errors = Mutex<Vec<(i64, PyErr)>>;

/// One call's shared state: NumPy's arguments and the first exception per chunk.
struct Call<'a> {
    data: &'a ParallelData,
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    errors: Errors,
}

thread_local! {
    /// On a worker running a chunk: where its exceptions go, and the chunk's index.
    static COLLECT: Cell<Option<(*const Errors, i64)>> = const { Cell::new(None) };
}

/// Whether this thread is running a chunk of a parallel loop.
pub fn in_chunk() -> bool {
    COLLECT.with(Cell::get).is_some()
}

/// Keeps the exception for the calling thread when raised inside a chunk (the chunk's first
/// only); returns it back when not inside one (the caller then makes it pending on this thread).
pub fn collect(err: PyErr) -> Option<PyErr> {
    match COLLECT.with(Cell::get) {
        Some((errors, chunk)) => {
            // SAFETY: set by `task` for the duration of the chunk, pointing into its `Call`.
            let mut errors = unsafe { &*errors }.lock().expect("errors lock");
            if !errors.iter().any(|(c, _)| *c == chunk) {
                errors.push((chunk, err));
            }
            None
        }
        None => Some(err),
    }
}

/// Chunk `chunk` (outer elements `lo..hi`) of the call at `ctx`.
unsafe extern "C" fn task(ctx: *mut c_void, lo: i64, hi: i64, chunk: i64, _: *mut ExcInfo) -> i32 {
    // SAFETY: `ctx` is the `Call` of `parallel_loop`, which waits for every chunk.
    let call = unsafe { &*(ctx as *const Call) };
    let data = call.data;
    // SAFETY: NumPy's `nargs` pointers and steps and `ndims` dims, read only.
    let (mut args, mut dims) = unsafe {
        let args: Vec<*mut c_char> = (0..data.nargs)
            .map(|k| (*call.args.add(k)).offset(lo as isize * *call.steps.add(k)))
            .collect();
        let dims: Vec<npy_intp> = (0..data.ndims).map(|d| *call.dims.add(d)).collect();
        (args, dims)
    };
    dims[0] = (hi - lo) as npy_intp;
    COLLECT.with(|c| c.set(Some((&call.errors as *const _, chunk))));
    // SAFETY: the serial loop over this chunk's operands (a sub-range of NumPy's).
    unsafe {
        (data.serial)(
            args.as_mut_ptr(),
            dims.as_mut_ptr(),
            call.steps,
            data.serial_data,
        )
    };
    COLLECT.with(|c| c.set(None));
    0
}

/// The inner loop of a parallel ufunc or gufunc (`data` is its [`ParallelData`]).
pub unsafe extern "C" fn parallel_loop(
    args: *mut *mut c_char,
    dims: *mut npy_intp,
    steps: *mut npy_intp,
    data: *mut c_void,
) {
    // SAFETY: registered with its `ParallelData`, owned by the ufunc.
    let data = unsafe { &*(data as *const ParallelData) };
    // SAFETY: `dims[0]` is the outer count.
    let n = unsafe { *dims } as i64;
    let chunks = if n < MIN_PARALLEL {
        1
    } else {
        oxjit_rt_parallel_chunks(n)
    };
    if chunks <= 1 {
        // SAFETY: NumPy's own arguments, handed to the serial loop.
        unsafe { (data.serial)(args, dims, steps, data.serial_data) };
        return;
    }
    let call = Call {
        data,
        args,
        dims,
        steps,
        errors: Mutex::new(Vec::new()),
    };
    let mut exc = ExcInfo::default();
    // SAFETY: `task` reads `call`, which lives until every chunk has run.
    unsafe {
        oxjit_rt_parallel_for(
            task,
            &call as *const Call as *mut c_void,
            n,
            chunks,
            &mut exc,
        )
    };
    let errors = call.errors.into_inner().expect("errors lock");
    if let Some((_, err)) = errors.into_iter().min_by_key(|(chunk, _)| *chunk) {
        Python::attach(|py| {
            if !PyErr::occurred(py) {
                err.restore(py)
            }
        });
    }
}
