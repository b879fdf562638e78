//! The thread pool behind `prange` loops of `parallel=True` functions: one Rayon pool for the
//! whole process, the number of threads a caller uses (`set_num_threads`, per calling thread as
//! in Numba), and `oxjit_rt_parallel_for`, which runs a loop's chunks on it.
//!
//! Generated code outlines a `prange` loop into a task `i32 task(ctx, lo, hi, chunk, exc)` that
//! runs iterations `lo..hi` (counted from 0) and writes its partial reductions into slot `chunk`
//! of a buffer in `ctx`; the caller combines the slots in chunk order once every task is done.
//!
//! - **Scheduling**: a loop is cut into a few chunks per thread, longest first and shrinking
//!   (see [`Split`]); each thread claims the next chunk from an atomic counter when it is free
//!   (dynamic, like OpenMP's `guided`), so iterations of unequal cost balance out. A loop
//!   that reduces into arrays has one equal chunk per thread instead (each chunk fills a
//!   private array: [`oxjit_rt_parallel_chunks_private`], [`oxjit_rt_parallel_for_equal`]).
//! - **Determinism**: the chunks' boundaries depend only on the iteration count, the number of
//!   chunks and the split (which depend on the caller's thread count and chunk size), never on
//!   timing; partial results are combined in chunk order, not in the order chunks finish. A
//!   float sum is therefore the same on every run with the same settings (though it may differ
//!   from the serial loop's, and between thread counts, in the last bits).
//!
//! - **Fork**: a child process has only the thread that forked, so the parent's pool has no
//!   workers there. The pool is recorded with the process id that made it; a process that finds
//!   another pid's pool builds its own (the old one is leaked: its threads do not exist, and its
//!   locks may be held by them).
//! - **The caller works**: the calling thread takes chunks like the pool threads, which it
//!   wakes only as many as there are chunks for (see [`Job`]): a short loop ends on the caller
//!   before a woken thread gets to it, and the caller never waits for a thread to wake.
//! - **Nesting**: a chunk that reaches another parallel loop (a parallel function calling
//!   another, or a `prange` inside a `prange`) runs it serially on its own thread, as Numba runs
//!   an inner `prange`; waiting on the pool from inside it could exhaust it.
//! - **The GIL**: the calling thread gives the GIL up while it runs its chunks and waits
//!   (through the hook the Python extension installs, which tells PyO3), so that code in a
//!   chunk that calls back into Python (`print`) takes it, on any thread, instead of
//!   deadlocking.
//! - **Exceptions**: every chunk has its own exception record; the first failing chunk (in
//!   iteration order) is the one the caller raises, so the error is the same on every run.

use std::cell::{Cell, UnsafeCell};
use std::ffi::c_void;
use std::sync::atomic::{AtomicI32, AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use oxjit_abi::ExcInfo;

/// The most chunks a loop is split into (generated code keeps one partial-result slot each).
pub const MAX_CHUNKS: i64 = 256;

/// An outlined loop body: iterations `lo..hi`, chunk `chunk`, its exception record.
pub type Task = unsafe extern "C" fn(*mut c_void, i64, i64, i64, *mut ExcInfo) -> i32;

struct Pool {
    pid: u32,
    pool: Arc<rayon::ThreadPool>,
}

static POOL: Mutex<Option<Pool>> = Mutex::new(None);

thread_local! {
    /// The number of threads this thread's parallel loops use (0: all of the pool's).
    static ACTIVE: Cell<i64> = const { Cell::new(0) };
    /// The iterations per chunk this thread's parallel loops ask for (0: the default split).
    static CHUNK_SIZE: Cell<i64> = const { Cell::new(0) };
}

/// Sets the iterations per chunk of the calling thread's parallel loops (0: the default, a few
/// chunks per thread); returns the previous setting (Numba's `set_parallel_chunksize`).
pub fn set_chunk_size(n: i64) -> i64 {
    CHUNK_SIZE.with(|c| c.replace(n.max(0)))
}

/// The calling thread's iterations per chunk (0: the default).
pub fn chunk_size() -> i64 {
    CHUNK_SIZE.with(Cell::get)
}

/// How many threads the pool has: `OXJIT_NUM_THREADS`, else `NUMBA_NUM_THREADS`, else the
/// machine's cores (read once; Numba fixes it at start-up too).
pub fn pool_size() -> i64 {
    static SIZE: OnceLock<i64> = OnceLock::new();
    *SIZE.get_or_init(|| {
        let from_env = ["OXJIT_NUM_THREADS", "NUMBA_NUM_THREADS"]
            .iter()
            .find_map(|k| std::env::var(k).ok()?.trim().parse::<i64>().ok())
            .filter(|n| *n >= 1);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as i64);
        from_env.unwrap_or(cores).min(MAX_CHUNKS)
    })
}

/// The stack of a pool thread: a main thread's usual 8 MiB, not Rust's 2 MiB default. The
/// LAPACK that `np.linalg` calls (OpenBLAS, with NumPy's wheels) keeps work arrays on the stack:
/// `np.linalg.inv` of a 100 x 100 matrix in a `prange` loop overflowed 2 MiB. Numba's pool
/// threads get the system's default size too.
const WORKER_STACK: usize = 8 << 20;

/// The pool of this process, built at first use (and again in a forked child).
fn pool() -> Arc<rayon::ThreadPool> {
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = slot.as_ref() {
        if p.pid == pid {
            return p.pool.clone();
        }
    }
    if let Some(stale) = slot.take() {
        // A pool of the parent process: its threads are gone in this one.
        std::mem::forget(stale);
    }
    let pool = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(pool_size() as usize)
            .thread_name(|i| format!("oxjit-worker-{i}"))
            .stack_size(WORKER_STACK)
            .build()
            .expect("the parallel thread pool"),
    );
    *slot = Some(Pool {
        pid,
        pool: pool.clone(),
    });
    pool
}

/// Sets the number of threads the calling thread's parallel loops use; false if out of range.
pub fn set_num_threads(n: i64) -> bool {
    if !(1..=pool_size()).contains(&n) {
        return false;
    }
    ACTIVE.with(|a| a.set(n));
    true
}

/// `get_parallel_chunksize()` in compiled code.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_chunk_size() -> i64 {
    chunk_size()
}

/// `set_parallel_chunksize(n)` in compiled code (`n` checked non-negative there): the previous.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_set_chunk_size(n: i64) -> i64 {
    set_chunk_size(n)
}

/// The number of threads the calling thread's parallel loops use.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_num_threads() -> i64 {
    match ACTIVE.with(Cell::get) {
        0 => pool_size(),
        n => n,
    }
}

/// The calling thread's id: 0 for a thread outside the pool, `1..=pool_size()` for its workers.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_thread_id() -> i64 {
    rayon::current_thread_index().map_or(0, |i| i as i64 + 1)
}

/// Chunks per thread in use: more chunks than threads let a thread that finishes early take
/// another (iterations of unequal cost, as in a triangular loop, balance out); with the chunks
/// shrinking ([`Split::Shrinking`]), the last ones are short whatever their iterations cost.
const CHUNKS_PER_THREAD: i64 = 8;

/// How many chunks a loop of `n` iterations is split into: a few per thread in use, fewer for
/// short loops, one where a single thread is in use or inside a task (nested loops run
/// serially), none for no iteration.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_chunks(n: i64) -> i64 {
    chunk_count(n, CHUNKS_PER_THREAD)
}

/// How many chunks `n` iterations make with `per_thread` chunks per thread in use (or the size
/// set by `set_parallel_chunksize`).
fn chunk_count(n: i64, per_thread: i64) -> i64 {
    // No chunk for no iteration: the caller then folds no partial result.
    if n <= 0 {
        return 0;
    }
    let threads = oxjit_rt_parallel_num_threads();
    if n == 1 || threads <= 1 || in_parallel_loop() {
        return 1;
    }
    match chunk_size() {
        // At most MAX_CHUNKS chunks: a smaller size than n / MAX_CHUNKS gives larger chunks.
        size if size > 0 => ((n + size - 1) / size).clamp(1, MAX_CHUNKS),
        _ => (threads * per_thread).min(n).clamp(1, MAX_CHUNKS),
    }
}

/// How many chunks a loop with private arrays (array reductions, see `passes/parfor/arrays.rs`
/// in core) is split into: one per thread in use, of equal length (run by
/// [`oxjit_rt_parallel_for_equal`]), so that each thread fills one private array, as Numba's
/// static schedule does; a chunk size set by `set_parallel_chunksize` is kept.
#[no_mangle]
pub extern "C" fn oxjit_rt_parallel_chunks_private(n: i64) -> i64 {
    chunk_count(n, 1)
}

/// How a loop's iterations are cut into its chunks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Split {
    /// Chunks of equal length (a chunk size set by `set_parallel_chunksize`, as in Numba).
    Equal,
    /// Chunks that shrink linearly from the first to the last (the default): chunk `k` of `c`
    /// has one iteration plus a share of the rest proportional to `c - k`. The threads take
    /// the chunks in order, so the long chunks go first and the short ones fill the gaps at the
    /// end: a loop whose iterations grow costlier (`for j in range(i)`) no longer leaves one
    /// thread with a long last chunk, and one whose iterations get cheaper is as balanced as
    /// before (guided scheduling, but with the boundaries a function of `n` and `c` alone).
    Shrinking,
}

/// The split of the calling thread's loops: equal chunks where it set a chunk size.
fn split() -> Split {
    if chunk_size() > 0 {
        Split::Equal
    } else {
        Split::Shrinking
    }
}

/// The first and last-plus-one iteration of chunk `k` of `chunks` over `n` iterations; with
/// `chunks <= n`, no chunk is empty. A pure function of its arguments: which thread runs a
/// chunk, or when, never moves a boundary, so per-chunk partial results are the same each run.
fn chunk_bounds(split: Split, n: i64, chunks: i64, k: i64) -> (i64, i64) {
    let (n, c) = (n as i128, chunks as i128);
    let at = |k: i64| -> i64 {
        let k = k as i128;
        let at = match split {
            Split::Equal => n * k / c,
            // Before chunk k: k iterations of the chunks' one each, and of the other n - c the
            // share of chunks 0..k, whose weights c, c-1, ..., c-k+1 sum to k(2c-k+1)/2 of
            // c(c+1)/2 (exactly n at k = c).
            Split::Shrinking if n >= c => k + (n - c) * k * (2 * c - k + 1) / (c * (c + 1)),
            Split::Shrinking => n * k * (2 * c - k + 1) / (c * (c + 1)),
        };
        at as i64
    };
    (at(k), at(k + 1))
}

/// Runs a closure with the GIL given up where the calling thread holds it (installed by the
/// Python extension, which tells its bindings, so that code of a chunk that calls back into
/// Python on this thread takes the GIL again instead of assuming it held).
#[derive(Clone, Copy)]
pub struct GilHooks {
    pub run_released: fn(&mut dyn FnMut()),
}

static GIL_HOOKS: OnceLock<GilHooks> = OnceLock::new();

/// Installs the GIL hooks (once; later calls are ignored: there is one Python per process).
pub fn set_gil_hooks(hooks: GilHooks) {
    let _ = GIL_HOOKS.set(hooks);
}

thread_local! {
    /// Whether this thread (a caller, outside the pool) is running chunks of a parallel loop:
    /// loops it reaches from there run serially, as on a pool thread.
    static IN_LOOP: Cell<bool> = const { Cell::new(false) };
}

/// Whether the calling thread runs a chunk of a parallel loop (a pool thread, or a caller
/// taking its share).
fn in_parallel_loop() -> bool {
    rayon::current_thread_index().is_some() || IN_LOOP.with(Cell::get)
}

/// How long a caller that has run out of chunks polls for the others' to finish before it
/// sleeps: a few microseconds, about a short chunk's time, far less than a sleep and wake-up.
const SPIN_POLLS: u32 = 1 << 12;

/// One loop's state, shared by the caller and the pool threads that help it. It lives on the
/// heap, owned by all of them: a pool thread that starts after the caller has run out of
/// chunks finds the counter past the end and leaves without touching `ctx`, so the caller waits
/// only for the chunks others claimed, never for a thread to wake up.
struct Job {
    split: Split,
    task: Task,
    ctx: *mut c_void,
    n: i64,
    chunks: i64,
    /// The next chunk to claim.
    next: AtomicI64,
    /// How many chunks have finished (their status and slots written).
    done: AtomicI64,
    /// One exception record per chunk, each written by its own chunk's runner only.
    records: Vec<UnsafeCell<ExcInfo>>,
    status: Vec<AtomicI32>,
    /// Where the caller sleeps until the last chunk is done.
    lock: Mutex<()>,
    finished: Condvar,
}

// SAFETY: `ctx` points at the caller's frame, which outlives every use of it: chunks are only
// claimed while some are left, and the caller waits for every chunk to finish. The generated
// task reads the captured values and writes only its own chunk's slot; chunk `k`'s record is
// written only by the runner of chunk `k`, and read by the caller after `done` says all ran.
unsafe impl Send for Job {}
// SAFETY: as for `Send`.
unsafe impl Sync for Job {}

impl Job {
    /// Claims and runs chunks until none is left.
    fn work(&self) {
        loop {
            let k = self.next.fetch_add(1, Ordering::Relaxed);
            if k >= self.chunks {
                return;
            }
            let (lo, hi) = chunk_bounds(self.split, self.n, self.chunks, k);
            let record = self.records[k as usize].get();
            // SAFETY: each chunk owns its record; `task` and `ctx` are the caller's, valid
            // until every chunk is done (see `Job`).
            let s = unsafe {
                (*record).stack_limit = crate::stack::oxjit_rt_stack_limit();
                (self.task)(self.ctx, lo, hi, k, record)
            };
            self.status[k as usize].store(s, Ordering::Relaxed);
            // Release: the chunk's slot, record and status are visible to the caller.
            if self.done.fetch_add(1, Ordering::AcqRel) + 1 == self.chunks {
                let _held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
                self.finished.notify_all();
            }
        }
    }

    fn all_done(&self) -> bool {
        self.done.load(Ordering::Acquire) == self.chunks
    }

    /// Returns once every chunk is done: polls briefly, then sleeps.
    fn wait(&self) {
        for _ in 0..SPIN_POLLS {
            if self.all_done() {
                return;
            }
            std::hint::spin_loop();
        }
        let mut held = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        // The last chunk's runner notifies holding the lock, so no wake-up is lost.
        while !self.all_done() {
            held = self.finished.wait(held).unwrap_or_else(|e| e.into_inner());
        }
    }

    /// The caller's share: chunks on this thread until none is left, then the wait for the
    /// others'. Loops reached from its chunks run serially.
    fn run_and_wait(&self) {
        IN_LOOP.with(|f| f.set(true));
        self.work();
        IN_LOOP.with(|f| f.set(false));
        self.wait();
    }
}

/// Runs `task` over `n` iterations split into `chunks` (from [`oxjit_rt_parallel_chunks`]) on the
/// pool; returns 0, or the status of the first chunk that raised, whose record is copied into
/// `exc` (keeping the caller's stack fields).
///
/// # Safety
/// `task` is an outlined loop body of generated code, `ctx` the context it expects, `exc` the
/// caller's exception record.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_parallel_for(
    task: Task,
    ctx: *mut c_void,
    n: i64,
    chunks: i64,
    exc: *mut ExcInfo,
) -> i32 {
    // SAFETY: the caller's contract.
    unsafe { parallel_for(split(), task, ctx, n, chunks, exc) }
}

/// As [`oxjit_rt_parallel_for`], with chunks of equal length (from
/// [`oxjit_rt_parallel_chunks_private`]).
///
/// # Safety
/// As for [`oxjit_rt_parallel_for`].
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_parallel_for_equal(
    task: Task,
    ctx: *mut c_void,
    n: i64,
    chunks: i64,
    exc: *mut ExcInfo,
) -> i32 {
    // SAFETY: the caller's contract.
    unsafe { parallel_for(Split::Equal, task, ctx, n, chunks, exc) }
}

/// The calling thread takes chunks like the pool threads do, and wakes only as many of them
/// as there are chunks for others (at most one fewer than the threads in use): a short loop
/// is done on the calling thread before a woken thread gets to it, at the cost of a wake-up
/// signal, not of a sleep and wake-up round trip (as Numba's and OpenMP's main thread share
/// the work).
///
/// # Safety
/// As for [`oxjit_rt_parallel_for`].
unsafe fn parallel_for(
    split: Split,
    task: Task,
    ctx: *mut c_void,
    n: i64,
    chunks: i64,
    exc: *mut ExcInfo,
) -> i32 {
    if n <= 0 {
        return 0;
    }
    let chunks = chunks.clamp(1, MAX_CHUNKS.min(n));
    if chunks == 1 {
        // SAFETY: the caller's contract; the whole loop on this thread with its own record.
        return unsafe { task(ctx, 0, n, 0, exc) };
    }
    let job = Arc::new(Job {
        split,
        task,
        ctx,
        n,
        chunks,
        next: AtomicI64::new(0),
        done: AtomicI64::new(0),
        records: (0..chunks).map(|_| UnsafeCell::new(blank())).collect(),
        status: (0..chunks).map(|_| AtomicI32::new(0)).collect(),
        lock: Mutex::new(()),
        finished: Condvar::new(),
    });
    let helpers = oxjit_rt_parallel_num_threads().min(chunks) - 1;
    let pool = pool();
    for _ in 0..helpers {
        let job = job.clone();
        pool.spawn(move || job.work());
    }
    // The GIL is given up while this thread runs its chunks and waits: a chunk that prints
    // takes it, on whichever thread.
    match GIL_HOOKS.get() {
        Some(h) => (h.run_released)(&mut || job.run_and_wait()),
        None => job.run_and_wait(),
    }
    let mut first = 0;
    for (k, s) in job.status.iter().enumerate() {
        let s = s.load(Ordering::Relaxed);
        if s == 0 {
            continue;
        }
        // SAFETY: every chunk has finished; `exc` is the caller's record.
        let mine = unsafe { &*job.records[k].get() };
        if first == 0 {
            // The first chunk's exception is raised.
            // SAFETY: as above.
            unsafe { copy_exception(mine, &mut *exc) };
            first = s;
        } else if mine.kind().owns_block() {
            // The others are dropped, with the run-time arguments they own.
            crate::nrt::oxjit_rt_nrt_decref(mine.arg_int as *mut crate::nrt::MemInfo);
        }
    }
    first
}

/// An exception record with nothing in it.
pub fn blank_exception() -> ExcInfo {
    blank()
}

fn blank() -> ExcInfo {
    ExcInfo {
        class_name: std::ptr::null(),
        class_len: 0,
        msg: std::ptr::null(),
        msg_len: 0,
        arg_kind: 0,
        arg_int: 0,
        arg_float: 0.0,
        ints: [0; 8],
        stack_limit: 0,
        jump: std::ptr::null_mut(),
    }
}

/// The exception of `from` into `to`, whose stack fields stay the caller's.
fn copy_exception(from: &ExcInfo, to: &mut ExcInfo) {
    to.class_name = from.class_name;
    to.class_len = from.class_len;
    to.msg = from.msg;
    to.msg_len = from.msg_len;
    to.arg_kind = from.arg_kind;
    to.arg_int = from.arg_int;
    to.arg_float = from.arg_float;
    to.ints = from.ints;
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_parallel_chunks",
            oxjit_rt_parallel_chunks as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_for",
            oxjit_rt_parallel_for as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_chunks_private",
            oxjit_rt_parallel_chunks_private as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_for_equal",
            oxjit_rt_parallel_for_equal as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_num_threads",
            oxjit_rt_parallel_num_threads as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_chunk_size",
            oxjit_rt_parallel_chunk_size as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_set_chunk_size",
            oxjit_rt_parallel_set_chunk_size as *const () as usize,
        ),
        (
            "oxjit_rt_parallel_thread_id",
            oxjit_rt_parallel_thread_id as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_cover_the_iterations_once() {
        for split in [Split::Equal, Split::Shrinking] {
            for n in [1, 2, 7, 16, 17, 100, 1001, i64::MAX / 2] {
                for chunks in (1..=9).chain([16, 255, 256]) {
                    let mut next = 0;
                    for k in 0..chunks {
                        let (lo, hi) = chunk_bounds(split, n, chunks, k);
                        assert_eq!(lo, next);
                        // No empty chunk where there are enough iterations for all.
                        assert!(
                            hi > lo || (hi == lo && chunks > n),
                            "{split:?} {n} {chunks}"
                        );
                        next = hi;
                    }
                    assert_eq!(next, n);
                }
            }
        }
    }

    #[test]
    fn shrinking_chunks_get_shorter() {
        let sizes: Vec<i64> = (0..16)
            .map(|k| {
                let (lo, hi) = chunk_bounds(Split::Shrinking, 3000, 16, k);
                hi - lo
            })
            .collect();
        assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
        // The first is about twice the equal split's 187, the last about a sixteenth of it.
        assert!(sizes[0] > 340 && sizes[15] < 30, "{sizes:?}");
        // One iteration a chunk: exactly one each.
        assert!((0..5).all(|k| chunk_bounds(Split::Shrinking, 5, 5, k) == (k, k + 1)));
    }

    static SUM: AtomicI64 = AtomicI64::new(0);

    unsafe extern "C" fn add_range(
        _: *mut c_void,
        lo: i64,
        hi: i64,
        _: i64,
        exc: *mut ExcInfo,
    ) -> i32 {
        SUM.fetch_add((lo..hi).sum::<i64>(), Ordering::Relaxed);
        if lo <= 50 && 50 < hi {
            // SAFETY: the chunk's own record.
            unsafe { (*exc).arg_int = 50 };
            return 1;
        }
        0
    }

    #[test]
    fn every_iteration_runs_and_the_failing_chunk_is_reported() {
        let mut exc = blank();
        // SAFETY: a task that only touches its own record.
        let s = unsafe { oxjit_rt_parallel_for(add_range, std::ptr::null_mut(), 100, 4, &mut exc) };
        assert_eq!(s, 1);
        assert_eq!(exc.arg_int, 50);
        assert_eq!(SUM.load(Ordering::Relaxed), (0..100).sum::<i64>());
    }
}
