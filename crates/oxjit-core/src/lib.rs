//! The core of oxjit: everything between a Python function's source and its typed SSA IR, with
//! no knowledge of Python's runtime (PyO3) or of LLVM.
//!
//! Stages: [`syntax`] (parse) → [`ssa`] (normalize + SSA) → [`passes`] before typing →
//! [`typeinfer`] (types) → [`passes`] after typing → typed IR consumed by `oxjit-codegen`. The [`session::Session`] drives them for a call and caches the
//! typed functions, including callees and recursive functions.

pub mod analysis;
pub mod callee;
pub mod convert;
pub mod diagnostics;
pub mod ir;
pub mod numeric;
pub mod passes;
pub mod registry;
pub mod session;
pub mod ssa;
pub mod syntax;
pub mod typeinfer;
pub mod types;
