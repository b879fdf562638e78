//! Functions that generated code calls through the C ABI, compiled once into the extension.
//!
//! Each is registered by name in [`symbols`], which the JIT defines as absolute symbols (the
//! extension's own symbols are not visible to the dynamic linker, as Python loads it locally).
//!
//! The functions are C ABI entry points for generated code, which always passes valid pointers;
//! marking each `unsafe` would only move the same contract into every Rust test.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

/// The (name, address) pairs of C entry points, for a module's `symbols()`.
macro_rules! sym {
    ($($f:ident),* $(,)?) => {
        vec![$((stringify!($f), $f as *const () as usize)),*]
    };
}

pub mod choice;
pub mod cmathfns;
pub mod creduce;
pub mod dict;
pub mod dict_header;
pub mod einsum;
pub mod einsum_simd;
pub mod exception_args;
pub mod exception_chain;
pub mod exception_classes;
pub mod exception_text;
pub mod exceptions;
pub mod fft;
pub mod half;
pub mod hash;
pub mod histogram;
#[cfg(target_arch = "x86_64")]
mod histogram_blocks;
mod histogram_row;
pub mod instance;
pub mod layout;
pub mod libm;
pub mod linalg;
pub mod list;
pub mod listsort;
pub mod mathfns;
pub mod npcomplex;
pub mod nrt;
mod nrt_cache;
mod nrt_small;
pub mod numbers;
pub mod order_fault;
pub mod parallel;
pub mod pyrandom;
pub mod quantile;
pub mod random;
pub mod reduce;
pub mod reduce_buffered;
pub mod rng;
pub mod rounding;
pub mod setops;
pub mod settable;
pub mod sort;
pub mod sort_complex;
pub mod sort_keyed;
pub mod sort_tuples;
pub mod stack;
pub mod strided;
pub mod strs;
pub mod unique_axis;
pub mod vmath;

/// The (name, address) of every runtime function, for the JIT's symbol table: exactly the
/// functions of [`oxjit_abi::RuntimeFn`] (a test checks it both ways).
pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = numbers::symbols();
    out.extend(mathfns::symbols());
    out.extend(cmathfns::symbols());
    out.extend(npcomplex::symbols());
    out.extend(creduce::symbols());
    out.extend(reduce::symbols());
    out.extend(reduce_buffered::symbols());
    out.extend(nrt::symbols());
    out.extend(instance::symbols());
    out.extend(random::symbols());
    out.extend(rng::symbols());
    out.extend(sort::symbols());
    out.extend(sort_complex::symbols());
    out.extend(quantile::symbols());
    out.extend(fft::symbols());
    out.extend(einsum::symbols());
    out.extend(setops::symbols());
    out.extend(unique_axis::symbols());
    out.extend(histogram::symbols());
    out.extend(rounding::symbols());
    out.extend(choice::symbols());
    out.extend(stack::symbols());
    out.extend(pyrandom::symbols());
    out.extend(linalg::symbols());
    out.extend(layout::symbols());
    out.extend(parallel::symbols());
    out.extend(exception_classes::symbols());
    out.extend(exception_text::symbols());
    out.extend(exception_args::symbols());
    out.extend(exception_chain::symbols());
    out.extend(strs::symbols());
    out.extend(list::symbols());
    out.extend(dict::symbols());
    out.extend(settable::symbols());
    out.extend(hash::symbols());
    out.extend(order_fault::symbols());
    out.extend(half::symbols());
    out
}

#[cfg(test)]
mod tests {
    use oxjit_abi::RuntimeFn;
    use std::collections::BTreeSet;

    /// Every function of the ABI table is defined here under its name, and every function
    /// defined here is in the table (so that codegen can declare it).
    #[test]
    fn symbols_are_the_abi_table() {
        let defined: Vec<&str> = super::symbols().iter().map(|(name, _)| *name).collect();
        let defined_set: BTreeSet<&str> = defined.iter().copied().collect();
        assert_eq!(
            defined.len(),
            defined_set.len(),
            "a symbol is registered twice"
        );
        let declared: BTreeSet<&str> = RuntimeFn::all().iter().map(|f| f.name()).collect();
        let missing: Vec<_> = declared.difference(&defined_set).collect();
        let undeclared: Vec<_> = defined_set.difference(&declared).collect();
        assert!(
            missing.is_empty(),
            "in the ABI table, not in the runtime: {missing:?}"
        );
        assert!(
            undeclared.is_empty(),
            "in the runtime, not in the ABI table: {undeclared:?}"
        );
        assert!(super::symbols().iter().all(|(_, address)| *address != 0));
    }
}
