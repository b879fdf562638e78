//! A caught exception (`except ValueError as e`): a copy of the exception record that was
//! pending when the `try` statement's handler took it, so that a bare `raise` (or `raise e`)
//! raises it again, even after other exceptions were raised and caught in between.

use std::fmt;

use super::{Attribute, Type, TypeKind};

pub(super) struct CaughtKind;

impl TypeKind for CaughtKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CaughtException")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    /// The exception part of the runtime's `ExcInfo` record (`oxjit_abi::ExcInfo` without the
    /// two fields that are not part of the exception): two (pointer, length) pairs, the
    /// argument's kind, an int, a float and the template's eight ints.
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (7 * 8 + 8 * 8, 8)
    }

    /// `e.args`, a tuple of one string (a message) by default; typing gives it the types of
    /// the arguments of the exceptions raised to the handler (`typeinfer/rules/caught_args.rs`).
    fn attribute(&self, _t: &Type, name: &str) -> Option<Attribute> {
        (name == "args").then(|| Attribute {
            ty: Type::tuple(vec![Type::Str]),
            constant: None,
        })
    }
}
