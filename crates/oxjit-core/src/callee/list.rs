//! The ids of the functions and methods of Python lists (`l.append(x)`, `sorted(l)`, `list(x)`).

/// A method of a list, or a builtin that makes one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListFn {
    Append,
    Extend,
    Insert,
    Pop,
    Remove,
    Clear,
    Index,
    Count,
    Reverse,
    Sort,
    Copy,
    /// `x in l` (`l.__contains__(x)`).
    Contains,
    /// `del l[i]`, `del l[a:b]` (`l.__delitem__(i)`).
    DelItem,
    /// `list(iterable)` (and `list()`).
    New,
    /// `sorted(iterable, reverse=False)`.
    Sorted,
    /// `oxjit.typed.List()` / `List(iterable)`: a list boxed as a typed List.
    TypedNew,
    /// `oxjit.typed.List.empty_list(item_type, allocated=0)`.
    EmptyList,
    /// `l.__sort_by_keys__(keys, reverse)`: `l` sorted stably by the list `keys` (one key per
    /// item), what `sorted(xs, key=f)` and `l.sort(key=f)` become (`ssa/sortkey.rs`).
    SortByKeys,
}

impl ListFn {
    pub fn name(self) -> &'static str {
        match self {
            ListFn::Append => "append",
            ListFn::Extend => "extend",
            ListFn::Insert => "insert",
            ListFn::Pop => "pop",
            ListFn::Remove => "remove",
            ListFn::Clear => "clear",
            ListFn::Index => "index",
            ListFn::Count => "count",
            ListFn::Reverse => "reverse",
            ListFn::Sort => "sort",
            ListFn::Copy => "copy",
            ListFn::Contains => "__contains__",
            ListFn::DelItem => "__delitem__",
            ListFn::New => "list",
            ListFn::Sorted => "sorted",
            ListFn::TypedNew => "List",
            ListFn::EmptyList => "empty_list",
            ListFn::SortByKeys => "__sort_by_keys__",
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [ListFn; 14] = [
        ListFn::Append,
        ListFn::Extend,
        ListFn::Insert,
        ListFn::Pop,
        ListFn::Remove,
        ListFn::Clear,
        ListFn::Index,
        ListFn::Count,
        ListFn::Reverse,
        ListFn::Sort,
        ListFn::Copy,
        ListFn::Contains,
        ListFn::DelItem,
        ListFn::SortByKeys,
    ];

    /// Whether it is a method of a list (not a builtin function).
    pub fn is_method(self) -> bool {
        !matches!(
            self,
            ListFn::New | ListFn::Sorted | ListFn::TypedNew | ListFn::EmptyList
        )
    }
}
