//! `range` objects and their iterator, and slices (`start:stop:step` in a subscript).

use std::fmt;

use super::{Type, TypeKind};

pub(super) struct RangeKind;

impl TypeKind for RangeKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "range")
    }

    /// Native form: start, stop, step.
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (24, 8)
    }

    fn iter_type(&self, _t: &Type) -> Result<Type, String> {
        Ok(Type::RangeIter)
    }
}

pub(super) struct RangeIterKind;

impl TypeKind for RangeIterKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "range_iter")
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, _it: &Type) -> Option<Type> {
        Some(Type::I64)
    }
}

pub(super) struct SliceKind;

impl TypeKind for SliceKind {
    fn name(&self, _t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "slice")
    }

    /// Native form: start, stop, step (`i64::MIN` for a missing start or stop).
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (24, 8)
    }
}
