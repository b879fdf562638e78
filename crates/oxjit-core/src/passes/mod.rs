//! The pass pipeline: the transforms between the SSA IR and the typed IR that lowering reads, run
//! in the order of two lists, [`BEFORE_TYPING`] and [`AFTER_TYPING`].
//!
//! As in Cranelift's `Context` (every transform ends with `verify_if`) and Numba's
//! `compiler_machinery` (passes registered in order, with dump-after-pass), the [`PassManager`]
//! runs each pass, then optionally verifies the IR ([`crate::ir::verify`] and, once typed,
//! [`crate::ir::verify_typed`]), prints it, and records its time. A new transform (parallel-loop
//! outlining, generators, exception edges) is a module here plus one line in a list.
//!
//! Environment (read once per session, see [`PassOptions::from_env`]):
//! - `OXJIT_DUMP=after:PASS` / `before:PASS` prints the IR after / before that pass of every
//!   function typed (`after:all`, `before:all`: every pass); `OXJIT_DUMP=refcount` prints the
//!   reference-count plan of every function typed (`crate::analysis::refcount`, as lowering will
//!   place it); the other `OXJIT_DUMP` forms (`ast`, `ssa`, `typed`, `llvm-raw`, `llvm`, `asm`) are
//!   read by the extension.
//! - `OXJIT_TIMINGS=1` records each pass's time ([`PassManager::take_timings`]); `0` is off, as for
//!   every switch ([`crate::env::flag`]).
//! - `OXJIT_VERIFY=1` verifies after every pass (always on in debug builds; the test suite sets it).

mod array_like;
mod fuse;
mod fuse_ops;
mod fuse_uses;
mod guards;
mod lazy_split;
mod manager;
mod narrow;
mod parfor;
mod promote;
mod prune;

pub use manager::{PassManager, PassOptions, PassSelection, PassTiming};

use crate::diagnostics::Result;
use crate::ir::Function;
use crate::typeinfer::TypedFunction;
use crate::types::Type;

/// A transform of the untyped SSA IR that may use the argument types of the specialization being
/// typed. It returns the new function, or `None` when it changes nothing.
pub struct UntypedPass {
    pub name: &'static str,
    pub run: fn(&Function, &[Type]) -> Option<Function>,
}

/// What the passes after typing know of the function beyond its IR, and what they report.
#[derive(Default)]
pub struct PassContext {
    /// The function was compiled with `parallel=True`: its `prange` loops run on the pool.
    pub parallel: bool,
    /// What the parallel pass did, one line per `prange` loop (`.parallel_diagnostics()`).
    pub parallel_notes: Vec<String>,
}

/// A transform of the typed IR, in place.
pub struct TypedPass {
    pub name: &'static str,
    pub run: fn(&mut TypedFunction, &mut PassContext) -> Result<()>,
    /// Whether every conversion is an explicit `Cast` once this pass has run (every phi operand
    /// has the phi's type, every returned value the return type): the verifier checks it after
    /// this pass and every later one.
    pub makes_conversions_explicit: bool,
}

/// The passes over the SSA IR before type inference, in order.
pub const BEFORE_TYPING: &[UntypedPass] = &[UntypedPass {
    name: "prune",
    run: prune::prune_none_branches,
}];

/// The passes over the typed IR after type inference, in order.
pub const AFTER_TYPING: &[TypedPass] = &[
    TypedPass {
        name: "promote",
        run: |t, _| {
            // The `np.asarray` of lists and tuples passed where NumPy takes an array, then the
            // casts at merges and returns: the conversions typing implies.
            array_like::insert_conversions(t);
            promote::insert_casts(t);
            promote::drop_keep_alive(t);
            Ok(())
        },
        makes_conversions_explicit: true,
    },
    TypedPass {
        name: "lazy_split",
        run: |t, _| {
            lazy_split::lazy_split(t);
            Ok(())
        },
        makes_conversions_explicit: false,
    },
    TypedPass {
        name: "fuse",
        run: |t, _| {
            fuse::fuse_array_expressions(t);
            Ok(())
        },
        makes_conversions_explicit: false,
    },
    TypedPass {
        name: "parfor",
        run: parfor::outline_prange_loops,
        makes_conversions_explicit: false,
    },
];

/// The names of every pass, in the order they run.
pub fn pass_names() -> impl Iterator<Item = &'static str> {
    BEFORE_TYPING
        .iter()
        .map(|p| p.name)
        .chain(AFTER_TYPING.iter().map(|p| p.name))
}
/// The typed IR's invariants: those of the SSA IR, one type per value, and a resolved call for
/// every call instruction (see [`crate::ir::verify_typed`]); with `explicit_conversions` (after
/// promotion), phi operands of the phi's type and returned values of the return type.
pub fn verify_typed(
    typed: &TypedFunction,
    explicit_conversions: bool,
) -> std::result::Result<(), String> {
    crate::ir::verify(&typed.func)?;
    if typed.consts.len() != typed.func.values.len() {
        return Err(format!(
            "{} values but {} constant slots",
            typed.func.values.len(),
            typed.consts.len()
        ));
    }
    crate::ir::verify_typed(&typed.func, &typed.types, &|v| typed.calls.contains_key(&v))?;
    if explicit_conversions {
        crate::ir::verify_conversions(&typed.func, &typed.types, &typed.return_type)?;
    }
    Ok(())
}
