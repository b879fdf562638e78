//! C pointers (`CPointer(float64)`, `voidptr`), the arguments of `@cfunc` callbacks that C code
//! passes buffers through. Compiled code only hands them to `carray`/`farray`, which view the
//! memory as an array.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{Type, TypeKind};

pub(super) struct PointerKind;

impl TypeKind for PointerKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Pointer(to) if **to == Type::NoneType => write!(f, "voidptr"),
            Type::Pointer(to) => write!(f, "CPointer({to})"),
            _ => unreachable!("{t:?} is no pointer"),
        }
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        match word {
            "voidptr" => Some(Ok(Type::Pointer(Arc::new(Type::NoneType)))),
            "CPointer" => Some((|| {
                p.expect(b'(')?;
                let to = p.ty()?;
                p.expect(b')')?;
                if !to.is_numeric() {
                    return Err(format!("CPointer({to}): a pointer to numbers only"));
                }
                Ok(Type::Pointer(Arc::new(to)))
            })()),
            _ => None,
        }
    }

    fn may_be_none(&self) -> bool {
        false
    }
}
