//! The ids of the methods of Python sets (`s.add(x)`, `s.union(t)`) and of `set()`.

/// A method of a set, or `set(iterable)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SetFn {
    Add,
    Discard,
    Remove,
    Pop,
    Clear,
    Copy,
    Update,
    Union,
    Intersection,
    Difference,
    SymmetricDifference,
    IsSubset,
    IsSuperset,
    IsDisjoint,
    /// `x in s` (`s.__contains__(x)`).
    Contains,
    IntersectionUpdate,
    DifferenceUpdate,
    SymmetricDifferenceUpdate,
    /// `set()`, `set(iterable)`.
    New,
}

impl SetFn {
    pub fn name(self) -> &'static str {
        match self {
            SetFn::Add => "add",
            SetFn::Discard => "discard",
            SetFn::Remove => "remove",
            SetFn::Pop => "pop",
            SetFn::Clear => "clear",
            SetFn::Copy => "copy",
            SetFn::Update => "update",
            SetFn::Union => "union",
            SetFn::Intersection => "intersection",
            SetFn::Difference => "difference",
            SetFn::SymmetricDifference => "symmetric_difference",
            SetFn::IsSubset => "issubset",
            SetFn::IsSuperset => "issuperset",
            SetFn::IsDisjoint => "isdisjoint",
            SetFn::Contains => "__contains__",
            SetFn::IntersectionUpdate => "intersection_update",
            SetFn::DifferenceUpdate => "difference_update",
            SetFn::SymmetricDifferenceUpdate => "symmetric_difference_update",
            SetFn::New => "set",
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [SetFn; 18] = [
        SetFn::Add,
        SetFn::Discard,
        SetFn::Remove,
        SetFn::Pop,
        SetFn::Clear,
        SetFn::Copy,
        SetFn::Update,
        SetFn::Union,
        SetFn::Intersection,
        SetFn::Difference,
        SetFn::SymmetricDifference,
        SetFn::IsSubset,
        SetFn::IsSuperset,
        SetFn::IsDisjoint,
        SetFn::Contains,
        SetFn::IntersectionUpdate,
        SetFn::DifferenceUpdate,
        SetFn::SymmetricDifferenceUpdate,
    ];
}
