//! Analyses of the typed IR whose answers lowering reads: where references are taken and given
//! back ([`refcount`]), which integers are never negative ([`nonneg`]), which functions recurse
//! ([`recursion`]), which loop nests to unroll and jam ([`jam`]). They know nothing of LLVM, so
//! they are tested on text (`crates/oxjit-core/tests/stages.rs`).

pub mod jam;
pub mod nonneg;
pub mod recursion;
pub mod refcount;
pub mod temps;
