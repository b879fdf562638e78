//! The one ordered table of every callable the compiler implements: one [`Entry`] per function
//! (a builtin, a `math`/`cmath`/`random` function, a NumPy function and its method twin), with
//! the names it is found by and the methods it is. Each family module lists its own entries
//! (`creation::entries`, `reduce::entries`...); lookups by module name and by method name go
//! through this table, so a new function is one line in its family's list.
//!
//! An entry's parameters are [`Entry::signature`] and its typing rule [`Entry::type_call`]; its
//! implementation for the CPU is found by its id in codegen's table (`oxjit-codegen`'s
//! `lower/impls.rs`), whose test walks [`entries`].
//!
//! The order matters where two families know one name: the first entry wins (NumPy's ufuncs
//! before its scalar functions, as `np.abs` is the ufunc).

use std::sync::OnceLock;

pub use super::entry::{Entry, Receiver};
use super::Builtin;
use crate::types::{ModuleKind, Type};

/// Every callable, in lookup order.
pub fn entries() -> &'static [Entry] {
    static TABLE: OnceLock<Vec<Entry>> = OnceLock::new();
    TABLE.get_or_init(|| {
        [
            super::builtins::entries(),
            super::math::entries(),
            super::cmath::entries(),
            super::ufunc::entries(),
            super::creation::entries(),
            super::reduce::entries(),
            super::numpy::entries(),
            super::linalg::entries(),
            super::fft::entries(),
            super::random::entries(),
            super::pyrandom::entries(),
            super::cuda::entries(),
            super::strs::entries(),
            super::list::entries(),
            super::dict::entries(),
            super::set::entries(),
            super::tuple::entries(),
            super::generator::entries(),
            super::npgen::entries(),
        ]
        .concat()
    })
}

/// The function called `name` in `module`.
pub fn function(module: ModuleKind, name: &str) -> Option<Builtin> {
    entries()
        .iter()
        .find(|e| e.names.iter().any(|(m, n)| *m == module && *n == name))
        .map(|e| e.id)
}

/// The method `name` of a value of type `recv`.
pub fn method(recv: &Type, name: &str) -> Option<Builtin> {
    let receiver = match recv {
        Type::Array(_) => Receiver::Array,
        Type::List(_) => Receiver::List,
        Type::Dict(..) => Receiver::Dict,
        Type::Set(_) => Receiver::Set,
        Type::Tuple(_) => Receiver::Tuple,
        Type::Generator(_) => Receiver::Generator,
        Type::NpGenerator => Receiver::NpGenerator,
        t if t.is_numeric() => Receiver::Number,
        t if crate::types::is_str(t) => Receiver::Str,
        _ => return None,
    };
    let id = entries()
        .iter()
        .find(|e| e.methods.contains(&(receiver, name)))?
        .id;
    if matches!(
        receiver,
        Receiver::List
            | Receiver::Dict
            | Receiver::Set
            | Receiver::Tuple
            | Receiver::Generator
            | Receiver::NpGenerator
    ) {
        return Some(id);
    }
    Some(super::numpy::method_for(recv, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_has_a_name_and_a_signature() {
        for e in entries() {
            assert!(
                !e.names.is_empty() || !e.methods.is_empty(),
                "{e:?} cannot be found"
            );
            // The signature is whole: every parameter named once.
            let sig = e.signature(false);
            for (k, p) in sig.params.iter().enumerate() {
                assert_eq!(sig.position(&p.name), Some(k), "{e:?}: {}", p.name);
            }
        }
    }

    #[test]
    fn twins_are_one_entry() {
        use crate::registry::ArrayFn;
        let sort = Builtin::Array(ArrayFn::Sort);
        assert_eq!(function(ModuleKind::Numpy, "sort"), Some(sort));
        let arr = Type::Array(std::sync::Arc::new(crate::types::ArrayTy {
            dtype: Type::F64,
            ndim: 1,
            layout: crate::types::Layout::C,
            readonly: false,
        }));
        assert_eq!(method(&arr, "sort"), Some(sort));
        assert_eq!(
            function(ModuleKind::Numpy, "amin"),
            method(&arr, "min"),
            "np.amin is a.min()"
        );
        assert_eq!(method(&arr, "amin"), None);
    }
}
