//! Generators: the value a call of a generator function returns (`generator(int64)`, its
//! yield type). It is its own iterator, as in Python (`next(g)`); a loop borrows it. Its native form is one pointer: a
//! reference-counted block (NRT meminfo) holding the coroutine's frame (codegen's
//! `lower/generator.rs`), so that every generator function yielding the same type shares the
//! type: the frame's resume function knows which body runs.

use std::fmt;

use super::{Type, TypeKind};

pub(super) struct GeneratorKind;

impl TypeKind for GeneratorKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Generator(item) => write!(f, "generator({item})"),
            Type::GeneratorIter(item) => write!(f, "iter(generator({item}))"),
            _ => unreachable!("{t:?} is no generator"),
        }
    }

    /// A generator is shared, not copied: two meet only where they yield the same type.
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        (a == b).then(|| a.clone())
    }

    fn may_be_none(&self) -> bool {
        false
    }

    /// A loop borrows the generator: its iterator holds the frame's address, which LLVM can
    /// follow to the resume function when the generator was made in the same function.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::Generator(item) => Ok(Type::GeneratorIter(item.clone())),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    /// `next(g)` steps the generator itself.
    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::Generator(item) | Type::GeneratorIter(item) => Some((**item).clone()),
            _ => None,
        }
    }
}
