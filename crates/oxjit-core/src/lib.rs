//! The core of oxjit: everything between a Python function's source and its typed SSA IR, with
//! no knowledge of Python's runtime (PyO3) or of LLVM.
//!
//! Stages: [`syntax`] (parse) → [`ssa`] (normalize + SSA) → [`passes`] before typing →
//! [`typeinfer`] (types) → [`passes`] after typing → typed IR consumed by `oxjit-codegen`; the
//! [`analysis`] of the typed IR (reference counts, non-negative indices, recursion) is what
//! lowering reads. The [`session::Session`] drives them for a call and caches the typed functions,
//! including callees and recursive functions.
//!
//! Comments cite two documents by name: "the Numba paper" (Lam, Pitrou and Seibert, "Numba: A
//! LLVM-based Python JIT Compiler", LLVM-HPC 2015) and "the Numba IR specification" ("Numba
//! Intermediate Representation Specification", its stages and IR forms).

pub mod analysis;
pub mod callee;
pub mod convert;
pub mod diagnostics;
pub mod env;
pub mod ir;
pub mod numeric;
pub mod passes;
pub mod registry;
pub mod session;
pub mod ssa;
pub mod syntax;
pub mod typeinfer;
pub mod types;
