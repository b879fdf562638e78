//! The ids of the methods of tuples (`t.index(x)`, `t.count(x)`, `x in t`).

/// A method of a tuple.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TupleFn {
    /// `x in t` (`t.__contains__(x)`).
    Contains,
    /// `t.index(x, start=0, stop=sys.maxsize)`.
    Index,
    /// `t.count(x)`.
    Count,
    /// `x in {c1, c2, ...}` of a set display of constants, asked of the tuple of its items
    /// (`ssa/expr.rs`): the same answer without building the set, `x` required hashable as a
    /// set lookup requires it.
    ContainsHashable,
}

impl TupleFn {
    pub fn name(self) -> &'static str {
        match self {
            TupleFn::Contains => "__contains__",
            TupleFn::Index => "index",
            TupleFn::Count => "count",
            TupleFn::ContainsHashable => "__contains_hashable__",
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [TupleFn; 4] = [
        TupleFn::Contains,
        TupleFn::Index,
        TupleFn::Count,
        TupleFn::ContainsHashable,
    ];
}
