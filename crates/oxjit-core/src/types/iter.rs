//! The iterables that only exist to be iterated (`enumerate(x)`, `zip(a, b)`, `np.ndindex(shape)`)
//! and their iterators.

use std::fmt;
use std::sync::Arc;

use super::{iter_type, next_type, Type, TypeKind};

/// Writes `types` separated by commas.
fn list(f: &mut fmt::Formatter<'_>, types: &[Type]) -> fmt::Result {
    let texts: Vec<String> = types.iter().map(Type::to_string).collect();
    write!(f, "{}", texts.join(", "))
}

pub(super) struct IterableKind;

impl TypeKind for IterableKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Enumerate(inner) => write!(f, "enumerate({inner})"),
            Type::Zip(inners) => {
                write!(f, "zip(")?;
                list(f, inners)?;
                write!(f, ")")
            }
            Type::NdIndex(n) => write!(f, "ndindex({n}d)"),
            _ => unreachable!("{t:?} is no iterable"),
        }
    }

    fn is_runtime(&self, t: &Type) -> bool {
        match t {
            // Its count is a run-time value even over a tuple of functions.
            Type::Enumerate(_) => true,
            Type::Zip(inners) => inners.iter().any(Type::is_runtime),
            _ => true,
        }
    }

    /// `np.ndindex`'s native form is the shape.
    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::NdIndex(n) => (8 * *n as usize, 8),
            _ => (8, 8),
        }
    }

    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        Ok(match t {
            Type::Enumerate(inner) => Type::EnumerateIter(Arc::new(iter_type(inner)?)),
            Type::Zip(inners) => Type::ZipIter(
                inners
                    .iter()
                    .map(iter_type)
                    .collect::<Result<Vec<_>, _>>()?
                    .into(),
            ),
            Type::NdIndex(n) => Type::NdIndexIter(*n),
            _ => unreachable!("{t:?} is no iterable"),
        })
    }
}

pub(super) struct IteratorKind;

impl TypeKind for IteratorKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::EnumerateIter(inner) => write!(f, "iter(enumerate {inner})"),
            Type::ZipIter(inners) => {
                write!(f, "iter(zip ")?;
                list(f, inners)?;
                write!(f, ")")
            }
            Type::NdIndexIter(n) => write!(f, "iter(ndindex({n}d))"),
            _ => unreachable!("{t:?} is no iterator"),
        }
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        Some(match it {
            Type::NdIndexIter(n) => Type::tuple(vec![Type::I64; *n as usize]),
            Type::EnumerateIter(inner) => Type::tuple(vec![Type::I64, next_type(inner)]),
            Type::ZipIter(inners) => Type::tuple(inners.iter().map(next_type).collect()),
            _ => return None,
        })
    }
}
