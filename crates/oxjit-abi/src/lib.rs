//! Everything that crosses the boundary between generated code and the runtime, declared once
//! (in the spirit of Cranelift's `ir/libcall.rs`, whose `LibCall` names the runtime library's
//! functions so that the code generator does not have to know the embedding's naming):
//!
//! - [`RuntimeFn`]: every function of `oxjit-runtime` that generated code calls, with its symbol
//!   name and C signature ([`Signature`] in a small type vocabulary, [`Ty`]). Codegen declares
//!   each from here; the runtime's symbol table is checked against [`RuntimeFn::all`].
//! - [`Callback`]: the Python extension's functions generated code calls back into, and the
//!   records they take ([`PrintArg`], [`PrintKind`]).
//! - [`ExcInfo`]: the exception record a compiled function fills when it raises, its field
//!   indices ([`exc_field`]) and the kinds of its value argument ([`ArgKind`]).
//! - [`MemInfo`]: the header of the runtime's reference-counted blocks, its field indices
//!   ([`meminfo_field`]) and the tag of a meminfo word that holds a Python object.
//! - [`status`]: the status codes runtime functions return.
//! - Enums passed as integers: [`NormKind`] (`np.linalg.norm`'s `ord`), [`DType`] (element
//!   types of the linear-algebra functions), [`Moment`] (complex `mean`/`var`/`std`/`sum`).
//!
//! This crate has no dependencies, so that core, codegen, runtime and the Python crate can all
//! use it.

mod callback;
mod exception;
mod exception_chain;
pub mod exception_classes;
mod meminfo;
mod rng;
mod runtime_fn;
pub mod status;
mod strings;
mod values;

pub use callback::{Callback, PrintArg, PrintKind};
pub use exception::{exc_field, ArgKind, ExcInfo};
pub use exception_chain::{ChainBlock, ExcRecord, CHAIN_CAUSE, CHAIN_CONTEXT, CHAIN_FROM};
pub use meminfo::{meminfo_field, MemInfo, MEMINFO_HAS_DTOR, MEMINFO_PYOBJECT_TAG};
pub use rng::{RngDist, MT_POS_OFFSET, MT_WORDS};
pub use runtime_fn::fft;
pub use runtime_fn::setop;
pub use runtime_fn::{NpcOp, RuntimeFn, Signature, SortElem, SortOp, Ty, Width};
pub use strings::{
    str_field, CaseOp, FindOp, PadOp, StrHead, StrOp, StrPred, StripSide, STR_NONE,
    STR_UNITS_OFFSET,
};
pub use values::{DType, Moment, NormKind};
