//! `range` objects and their iterator, and slices (`start:stop:step` in a subscript).

use std::fmt;
use std::sync::Arc;

use super::{Attribute, Type, TypeKind};

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

    /// Native form: start, stop, step (`i64::MIN` for a missing part).
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (24, 8)
    }

    /// `s.start`, `s.stop`, `s.step`: an int, or `None` where the part is missing, as CPython's
    /// (Numba fills in the defaults `slice.indices` would use: 0, `sys.maxsize`, 1).
    fn attribute(&self, _t: &Type, name: &str) -> Option<Attribute> {
        matches!(name, "start" | "stop" | "step")
            .then(|| Attribute::of(Type::Optional(Arc::new(Type::I64))))
            .flatten()
    }
}
