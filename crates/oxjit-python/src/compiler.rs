//! The process-wide compiler: the session (typed functions of every dispatcher) and the JIT,
//! behind one lock, so that two threads compiling at once take turns.

use std::sync::{Arc, Mutex, OnceLock};

use oxjit_codegen::{Jit, Options};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::session::Session;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::{FuncId, Type};
use pyo3::prelude::*;

use crate::errors::{diagnostic_to_pyerr, internal};
use crate::fastpath;
use crate::host::PyHost;

/// `i32 entry(void **args, void *ret, ExcInfo *exc)`.
pub type EntryFn =
    unsafe extern "C" fn(*const *mut u8, *mut u8, *mut oxjit_runtime::exceptions::ExcInfo) -> i32;

/// One compiled specialization of a dispatcher.
pub struct Spec {
    pub arg_types: Vec<Type>,
    /// The type of the value the machine code returns.
    pub native_return: Type,
    /// The declared return type (explicit signature), if different.
    pub declared_return: Option<Type>,
    pub entry: EntryFn,
    /// The typed IR (`None` for code loaded from the cache: typed again if inspected).
    pub typed: Option<Arc<TypedFunction>>,
    pub options: Options,
    pub func_id: FuncId,
    /// One code per argument when all are plain scalars (the call's fast path).
    pub fast_key: Option<Vec<u16>>,
    /// `fast_key` packed as the dispatcher's fast path compares it.
    pub fast_packed: Option<u128>,
    /// Size in bytes of the result.
    pub return_size: usize,
    /// The address of the extra wrapper `options.wrapper` asked for (0 for none).
    pub wrapper: usize,
}

struct Compiler {
    session: Session,
    jit: Jit,
    /// The entry of each cached object file loaded, by its entry symbol: loading the same one
    /// again (a module imported again) reuses it.
    loaded: std::collections::HashMap<String, usize>,
}

/// A specialization's machine code as the on-disk cache keeps it (`oxjit/_cache.py`).
pub struct ObjectCode {
    pub object: Vec<u8>,
    /// The entry wrapper's symbol in `object`.
    pub entry: String,
    pub native_return: Type,
    /// Whether the code calls NumPy's BLAS/LAPACK (found and installed before it runs).
    pub lapack: bool,
    /// The symbols of the global arrays it reads (the tagged ndarray, or its data) with the
    /// address of the global array each constant was frozen from (when compiled here).
    pub arrays: Vec<(String, bool, usize)>,
    /// Whether the code holds the address of a C function a global named (a ctypes or cffi
    /// function): Numba's "dynamic globals", which no cache may keep.
    pub dynamic_globals: bool,
}

/// `(symbol, address)` pairs for the global arrays of cached code (copies made by the cache).
pub type Symbols = Vec<(String, usize)>;

fn compiler() -> Result<&'static Mutex<Compiler>, String> {
    static COMPILER: OnceLock<Result<Mutex<Compiler>, String>> = OnceLock::new();
    COMPILER
        .get_or_init(|| {
            let _ = crate::objmode::ROOT_OF.set(root_of);
            Jit::new(&crate::callbacks::symbols()).map(|jit| {
                Mutex::new(Compiler {
                    session: Session::new(),
                    jit,
                    loaded: std::collections::HashMap::new(),
                })
            })
        })
        .as_ref()
        .map_err(|e| e.clone())
}

/// Takes the compiler lock; while another thread holds it, waits without holding the GIL (the
/// other thread may need the GIL to finish).
/// Makes the dispatcher `new` compile the lifted inner function `of` (see
/// `Session::alias`), for closures returned to Python.
pub fn alias_lifted(py: Python<'_>, new: FuncId, of: FuncId) -> PyResult<()> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    acquire(py, lock).session.alias(new, of);
    Ok(())
}

fn acquire<'a>(py: Python<'_>, lock: &'a Mutex<Compiler>) -> std::sync::MutexGuard<'a, Compiler> {
    loop {
        let guard = match lock.try_lock() {
            Ok(g) => Some(g),
            Err(std::sync::TryLockError::Poisoned(p)) => Some(p.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        };
        if let Some(mut g) = guard {
            for f in PENDING_PARALLEL
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .drain(..)
            {
                g.session.set_parallel(f);
            }
            return g;
        }
        py.detach(|| std::thread::sleep(std::time::Duration::from_micros(200)));
    }
}

/// The stages `OXJIT_DUMP` asks to print.
fn dump_stages() -> Vec<String> {
    std::env::var("OXJIT_DUMP")
        .map(|v| v.split(',').map(|s| s.trim().to_lowercase()).collect())
        .unwrap_or_default()
}

/// Records an explicit signature of `func_id` without compiling it (a CUDA device function:
/// its code compiles for the GPU only, inside a kernel; see `Session::declare`).
pub fn declare(py: Python<'_>, func_id: FuncId, args: &[Type], ret: Option<Type>) -> PyResult<()> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    acquire(py, lock).session.declare(func_id, args, ret);
    Ok(())
}

/// From now on, compiled callers of `func_id` convert their arguments to one of its explicit
/// signatures (see `Session::lock`).
pub fn lock(py: Python<'_>, func_id: FuncId) -> PyResult<()> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    acquire(py, lock).session.lock(func_id);
    Ok(())
}

/// The dispatcher's function that `f` was lifted from (`f` itself for a dispatcher's own).
pub fn root_of(py: Python<'_>, f: FuncId) -> PyResult<FuncId> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    Ok(acquire(py, lock).session.root_of(f))
}

/// From now on, compiled code calls `func_id` (a ufunc's kernel) with numbers only.
pub fn scalar_only(py: Python<'_>, func_id: FuncId) -> PyResult<()> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    acquire(py, lock).session.set_scalar_only(func_id);
    Ok(())
}

/// From now on, `func_id`'s `prange` loops run on the thread pool (`parallel=True`).
///
/// Recorded here and handed to the session when the compiler is next taken (before anything is
/// compiled): a dispatcher made while a compilation holds the compiler (by code that compilation
/// runs) must not wait for it. (Such a dispatcher, compiled by that same compilation, gets its
/// loops serially: the stencil wrappers that need it say so through `Specialized::Parallel`.)
pub fn set_parallel(func_id: FuncId) {
    PENDING_PARALLEL
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(func_id);
}

/// Functions made `parallel=True` since the compiler was last taken.
static PENDING_PARALLEL: Mutex<Vec<FuncId>> = Mutex::new(Vec::new());

/// Types and compiles `func_id` for `arg_types`; with `declared` (an explicit signature's return
/// type), the result is converted to it, for the dispatcher and for compiled callers alike. With
/// `for_cache`, the machine code is also returned as an object file, where it can be kept (not
/// where it holds the addresses of this process's global arrays).
pub fn compile(
    py: Python<'_>,
    func_id: FuncId,
    arg_types: &[Type],
    declared: Option<&Type>,
    options: Options,
    for_cache: bool,
) -> PyResult<(Spec, Option<ObjectCode>)> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    // Wait for the lock without holding the GIL (another thread may be compiling and need it).
    let mut guard = acquire(py, lock);
    let c = &mut *guard;
    if let Some(d) = declared {
        c.session.declare(func_id, arg_types, Some(d.clone()));
    }
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        compile_locked(py, c, func_id, arg_types, options, for_cache)
    }));
    match result {
        Ok(r) => r.map_err(|d| diagnostic_to_pyerr(py, &d)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            // The session may hold half-typed state for this function: forget it.
            c.session.forget(func_id);
            Err(internal(py, format!("compiler panic: {msg}")))
        }
    }
}

fn compile_locked(
    py: Python<'_>,
    c: &mut Compiler,
    func_id: FuncId,
    arg_types: &[Type],
    options: Options,
    for_cache: bool,
) -> Result<(Spec, Option<ObjectCode>), Diagnostic> {
    let stages = dump_stages();
    let timings = oxjit_core::env::flag("OXJIT_TIMINGS");
    let t0 = std::time::Instant::now();
    let mut host = PyHost { py };
    let typed = c.session.typed(&mut host, func_id, arg_types)?;
    // An empty list argument: compiled for the item type typing gave it.
    if arg_types.iter().any(oxjit_core::types::has_empty_argument) {
        let resolved = typed.resolved_arg_types();
        return compile_locked(py, c, func_id, &resolved, options, for_cache);
    }
    crate::linalg::check(py, &typed)?;
    check_returned_functions(&c.session, &typed, for_cache)?;
    let t_typed = t0.elapsed();
    if !stages.is_empty() {
        let entry = c.session.function(&mut host, func_id)?;
        if stages.iter().any(|s| s == "ast") {
            println!("--- oxjit AST: {} ---\n{:#?}", entry.ssa.name, entry.syntax);
        }
        if stages.iter().any(|s| s == "ssa") {
            println!("--- oxjit SSA: {} ---\n{}", entry.ssa.name, entry.ssa);
        }
        if stages.iter().any(|s| s == "typed") {
            println!(
                "--- oxjit typed IR: {} ---\n{}",
                entry.ssa.name,
                typed.dump()
            );
        }
    }
    let cx: &'static oxjit_codegen::Context = Box::leak(Box::new(oxjit_codegen::new_context()));
    let session = &mut c.session;
    let mut dynamic_globals = crate::cfuncptr::holds_address(&typed);
    let mut fetch = |f: FuncId, args: &[Type]| {
        let callee = session.typed(&mut host, f, args)?;
        crate::linalg::check(py, &callee)?;
        dynamic_globals |= crate::cfuncptr::holds_address(&callee);
        Ok(callee)
    };
    // For the cache, global arrays are symbols, defined below for this process's copies.
    let build_options = Options {
        relocatable_arrays: for_cache,
        ..options
    };
    let (module, entry_name) = oxjit_codegen::build_module(
        cx,
        (func_id, arg_types.to_vec()),
        typed.clone(),
        &mut fetch,
        build_options,
    )?;
    let t_lowered = t0.elapsed();
    let machine = oxjit_codegen::host_machine().map_err(Diagnostic::internal)?;
    if stages.iter().any(|s| s == "llvm-raw") {
        println!(
            "--- oxjit LLVM IR (before optimisation): {} ---\n{}",
            typed.func.name,
            module.print_to_string().to_string()
        );
    }
    oxjit_codegen::optimize(&module, &machine).map_err(Diagnostic::internal)?;
    let t_optimized = t0.elapsed();
    if stages.iter().any(|s| s == "llvm") {
        println!(
            "--- oxjit LLVM IR: {} ---\n{}",
            typed.func.name,
            module.print_to_string().to_string()
        );
    }
    if stages.iter().any(|s| s == "asm") {
        println!(
            "--- oxjit assembly: {} ---\n{}",
            typed.func.name,
            oxjit_codegen::assembly(&module, &machine).map_err(Diagnostic::internal)?
        );
    }
    let (entry_name, object) = if for_cache {
        let (entry, mut code) = add_object_code(c, &module, &machine, &entry_name, &typed)?;
        code.dynamic_globals = dynamic_globals;
        (entry, Some(code))
    } else {
        c.jit.add_module(cx, module).map_err(Diagnostic::internal)?;
        (entry_name, None)
    };
    let addr = c.jit.lookup(&entry_name).map_err(Diagnostic::internal)?;
    if object.is_some() {
        // The object is linked now: a later load of the file just written (another dispatcher
        // of the same function with cache=True, in this process) must not link it again.
        c.loaded.insert(entry_name.clone(), addr);
    }
    // SAFETY: the symbol is the entry wrapper emitted with exactly this signature.
    let entry: EntryFn = unsafe { std::mem::transmute::<usize, EntryFn>(addr) };
    let wrapper = match options.wrapper {
        oxjit_codegen::Wrapper::None => 0,
        w => c
            .jit
            .lookup(&oxjit_codegen::wrapper_name(&entry_name, w))
            .map_err(Diagnostic::internal)?,
    };
    if timings {
        let steps = [t_typed, t_lowered, t_optimized, t0.elapsed()];
        print_timings(c, &typed.func.name, steps);
    }
    let spec = make_spec(func_id, arg_types, &typed.return_type, entry, options);
    Ok((
        Spec {
            typed: Some(typed),
            wrapper,
            ..spec
        },
        object,
    ))
}

/// A closure or function returned: where it comes from is recorded for boxing; one that shares
/// a cell, or any with `cache=True`, is refused (at the first `return` that returns one).
fn check_returned_functions(
    session: &Session,
    typed: &TypedFunction,
    for_cache: bool,
) -> Result<(), Diagnostic> {
    // A closure returned is checked at the first `return` that returns one.
    let return_at = typed
        .func
        .blocks
        .iter()
        .find(|b| {
            matches!(b.term, oxjit_core::ir::Terminator::Return(v)
                if matches!(typed.ty(v), Type::Closure(..) | Type::UserFunction(_) | Type::Tuple(_)))
        })
        .map(|b| b.term_range)
        .unwrap_or_default();
    crate::boxing::check_returned(session, &typed.return_type, |m| {
        Diagnostic::unsupported(m, return_at).with_source(&typed.source)
    })?;
    if for_cache && crate::boxing::returns_function(&typed.return_type) {
        return Err(Diagnostic::unsupported(
            "cache=True: a function that returns a function or a closure cannot be cached (the \
             value names a function of this process); drop cache=True",
            return_at,
        )
        .with_source(&typed.source));
    }
    let objmode_at = typed
        .func
        .values
        .iter()
        .find(|d| matches!(d.inst, oxjit_core::ir::Inst::ObjMode { .. }));
    if let (true, Some(block)) = (for_cache, objmode_at) {
        return Err(Diagnostic::unsupported(
            "cache=True: a function with a 'with objmode' block cannot be cached yet (the \
             block is found through a dispatcher of this process); drop cache=True",
            block.range,
        )
        .with_source(&typed.source));
    }
    Ok(())
}

/// Links the optimised `module` into the JIT as an object file, kept for the on-disk cache: its
/// exported symbols tagged for this compile, its global arrays defined at this process's frozen
/// copies. Returns the entry's (tagged) name and the code.
fn add_object_code(
    c: &mut Compiler,
    module: &oxjit_codegen::Module<'static>,
    machine: &oxjit_codegen::TargetMachine,
    entry_name: &str,
    typed: &TypedFunction,
) -> Result<(String, ObjectCode), Diagnostic> {
    let entry = oxjit_codegen::tag_exported(module, entry_name, &unique_tag());
    let code = oxjit_codegen::object_code(module, machine).map_err(Diagnostic::internal)?;
    let mut symbols = Vec::new();
    let mut origins = Vec::new();
    for (symbol, is_object, frozen) in oxjit_codegen::array_symbols(module) {
        // The code holds the ndarray's address tagged with 1 (see the runtime's nrt).
        let address = if is_object {
            frozen | 1
        } else {
            array_data(frozen)
        };
        symbols.push((symbol.clone(), address));
        let original = crate::host::original_of_frozen(frozen).unwrap_or(0);
        origins.push((symbol, is_object, original));
    }
    c.jit
        .define_absolute(&symbols)
        .map_err(Diagnostic::internal)?;
    c.jit.add_object(&code).map_err(Diagnostic::internal)?;
    let object = ObjectCode {
        object: code,
        entry: entry.clone(),
        native_return: typed.return_type.clone(),
        lapack: typed.lapack.is_some(),
        arrays: origins,
        dynamic_globals: false,
    };
    Ok((entry, object))
}

/// `OXJIT_TIMINGS`: the time of each stage of one compile (`steps`: the elapsed time after
/// typing, lowering, optimisation and machine code), then of each pass.
fn print_timings(c: &mut Compiler, name: &str, steps: [std::time::Duration; 4]) {
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let [typed, lowered, optimized, total] = steps;
    eprintln!(
        "oxjit: compiled {} in {:.2} ms (typing {:.2}, lowering {:.2}, LLVM O3 {:.2}, machine code {:.2})",
        name,
        ms(total),
        ms(typed),
        ms(lowered - typed),
        ms(optimized - lowered),
        ms(total - optimized)
    );
    // The typing time above includes the passes of every function typed for this call.
    for t in c.session.take_pass_timings() {
        eprintln!(
            "oxjit:   pass {} of {}: {:.3} ms",
            t.pass,
            t.function,
            ms(t.time)
        );
    }
}

fn make_spec(
    func_id: FuncId,
    arg_types: &[Type],
    native_return: &Type,
    entry: EntryFn,
    options: Options,
) -> Spec {
    let fast_key = fastpath::fast_key(arg_types);
    Spec {
        arg_types: arg_types.to_vec(),
        native_return: native_return.clone(),
        declared_return: None,
        entry,
        typed: None,
        options,
        func_id,
        fast_packed: fast_key.as_deref().map(fastpath::pack_key),
        fast_key,
        return_size: oxjit_core::types::size_align(native_return).0,
        wrapper: 0,
    }
}

/// The data address of the frozen global array (a live ndarray the host keeps) at `object`.
fn array_data(object: usize) -> usize {
    // SAFETY: `object` is a frozen copy the host keeps alive for the whole process.
    unsafe {
        (*numpy::npyffi::objects::_PyArray_GET_ITEM_DATA(
            object as *mut numpy::npyffi::objects::PyArrayObject,
        ))
        .data as usize
    }
}

/// A suffix for the symbols of an object file that no other process's file has.
fn unique_tag() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    if let Ok(t) = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        h.write_u128(t.as_nanos());
    }
    format!("c{:016x}", h.finish())
}

/// The specialization of `func_id` for `arg_types` from an object file the cache kept: linked
/// into the JIT (once per process), BLAS/LAPACK installed first where the code calls it.
pub fn load_object(
    py: Python<'_>,
    func_id: FuncId,
    arg_types: &[Type],
    declared: Option<&Type>,
    options: Options,
    code: &ObjectCode,
    arrays: &Symbols,
) -> PyResult<Spec> {
    if code.lapack {
        crate::linalg::install(py).map_err(|m| internal(py, m))?;
    }
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    let mut guard = acquire(py, lock);
    let c = &mut *guard;
    if let Some(d) = declared {
        c.session.declare(func_id, arg_types, Some(d.clone()));
    }
    let addr = match c.loaded.get(&code.entry) {
        Some(addr) => *addr,
        None => {
            c.jit.define_absolute(arrays).map_err(|e| internal(py, e))?;
            c.jit
                .add_object(&code.object)
                .map_err(|e| internal(py, e))?;
            let addr = c.jit.lookup(&code.entry).map_err(|e| internal(py, e))?;
            c.loaded.insert(code.entry.clone(), addr);
            addr
        }
    };
    // SAFETY: the symbol is an entry wrapper `compile` emitted with exactly this signature (the
    // cache checks that the file is one oxjit wrote, for these argument types).
    let entry: EntryFn = unsafe { std::mem::transmute::<usize, EntryFn>(addr) };
    Ok(make_spec(
        func_id,
        arg_types,
        &code.native_return,
        entry,
        options,
    ))
}

/// The text of one stage of a compiled specialization (`inspect_llvm`, `inspect_asm`, ...).
pub fn dump(py: Python<'_>, spec: &Spec, stage: &str) -> PyResult<String> {
    let lock = compiler().map_err(|e| internal(py, e))?;
    let mut guard = acquire(py, lock);
    let c = &mut *guard;
    let mut host = PyHost { py };
    let result: Result<String, Diagnostic> = (|| match stage {
        "ast" => Ok(format!(
            "{:#?}",
            c.session.function(&mut host, spec.func_id)?.syntax
        )),
        "ssa" => Ok(c.session.function(&mut host, spec.func_id)?.ssa.to_string()),
        "typed" => Ok(typed_of(c, &mut host, spec)?.dump()),
        "parallel" => {
            typed_of(c, &mut host, spec)?;
            Ok(c.session
                .parallel_notes(spec.func_id, &spec.arg_types)
                .map(|notes| notes.join("\n"))
                .unwrap_or_default())
        }
        "llvm" | "asm" => {
            let typed = typed_of(c, &mut host, spec)?;
            let cx = oxjit_codegen::new_context();
            let session = &mut c.session;
            let mut fetch = |f: FuncId, args: &[Type]| session.typed(&mut host, f, args);
            let (module, _) = oxjit_codegen::build_module(
                &cx,
                (spec.func_id, spec.arg_types.clone()),
                typed,
                &mut fetch,
                spec.options,
            )?;
            let machine = oxjit_codegen::host_machine().map_err(Diagnostic::internal)?;
            oxjit_codegen::optimize(&module, &machine).map_err(Diagnostic::internal)?;
            if stage == "llvm" {
                Ok(module.print_to_string().to_string())
            } else {
                oxjit_codegen::assembly(&module, &machine).map_err(Diagnostic::internal)
            }
        }
        other => Err(Diagnostic::internal(format!(
            "unknown stage '{other}' (ast, ssa, typed, llvm, asm)"
        ))),
    })();
    result.map_err(|d| diagnostic_to_pyerr(py, &d))
}

/// The typed IR of `spec`, typed again where it was loaded from the cache.
fn typed_of(
    c: &mut Compiler,
    host: &mut PyHost<'_>,
    spec: &Spec,
) -> Result<Arc<TypedFunction>, Diagnostic> {
    match &spec.typed {
        Some(typed) => Ok(typed.clone()),
        None => c.session.typed(host, spec.func_id, &spec.arg_types),
    }
}

/// Runs `build` with the session (under the compiler lock), a host, and a fetch of typed callees;
/// a panic is reported as an internal error. For back ends other than the JIT's (`cuda.rs`).
pub fn with_session<T>(
    py: Python<'_>,
    func_id: FuncId,
    arg_types: &[Type],
    build: impl FnOnce(Arc<TypedFunction>, &mut oxjit_codegen::Fetch<'_>) -> Result<T, Diagnostic>,
) -> PyResult<T> {
    let lock = compiler().map_err(|e| internal(py, format!("cannot start the JIT: {e}")))?;
    let mut guard = acquire(py, lock);
    let c = &mut *guard;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut host = PyHost { py };
        let typed = c.session.typed(&mut host, func_id, arg_types)?;
        let session = &mut c.session;
        let mut fetch = |f: FuncId, args: &[Type]| session.typed(&mut host, f, args);
        build(typed, &mut fetch)
    }));
    match result {
        Ok(r) => r.map_err(|d| diagnostic_to_pyerr(py, &d)),
        Err(_) => {
            c.session.forget(func_id);
            Err(internal(py, "compiler panic while compiling a CUDA kernel"))
        }
    }
}
