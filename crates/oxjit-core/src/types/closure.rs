//! Closures and cells (closure conversion, `ssa/closure.rs`). A closure is a lifted inner
//! function together with the values it captured: at run time, the struct of those values (as a
//! tuple of them). A cell is a variable shared by a function and its closures: at run time, the
//! address of the variable's slot in the defining function's frame.

use std::fmt;

use super::{size_align, Type, TypeKind};

pub(super) struct ClosureKind;

impl TypeKind for ClosureKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Closure(id, captures) => {
                let caps: Vec<String> = captures.iter().map(|c| c.to_string()).collect();
                write!(f, "Closure(#{id}, ({}))", caps.join(", "))
            }
            Type::Cell(content) => write!(f, "Cell({content})"),
            _ => unreachable!("{t:?} is no closure"),
        }
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::Closure(_, captures) => size_align(&Type::Tuple(captures.clone().into())),
            _ => (8, 8),
        }
    }
}
