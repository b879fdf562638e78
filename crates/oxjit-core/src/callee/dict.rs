//! The ids of the methods of Python dicts (`d.get(k)`, `d.items()`) and of `hash()`.

/// A method of a dict, or `hash()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DictFn {
    Get,
    SetDefault,
    Pop,
    PopItem,
    Update,
    Items,
    Keys,
    Values,
    Clear,
    Copy,
    /// `k in d` (`d.__contains__(k)`).
    Contains,
    /// `del d[k]` (`d.__delitem__(k)`).
    DelItem,
    /// The builtin `hash(x)`.
    Hash,
    /// `oxjit.typed.Dict()`: a dict boxed as a typed Dict.
    TypedNew,
    /// `oxjit.typed.Dict.empty(key_type, value_type, n_keys=0)`.
    Empty,
}

impl DictFn {
    pub fn name(self) -> &'static str {
        match self {
            DictFn::Get => "get",
            DictFn::SetDefault => "setdefault",
            DictFn::Pop => "pop",
            DictFn::PopItem => "popitem",
            DictFn::Update => "update",
            DictFn::Items => "items",
            DictFn::Keys => "keys",
            DictFn::Values => "values",
            DictFn::Clear => "clear",
            DictFn::Copy => "copy",
            DictFn::Contains => "__contains__",
            DictFn::DelItem => "__delitem__",
            DictFn::Hash => "hash",
            DictFn::TypedNew => "Dict",
            DictFn::Empty => "empty",
        }
    }

    /// The methods, in the order the table lists them.
    pub const METHODS: [DictFn; 12] = [
        DictFn::Get,
        DictFn::SetDefault,
        DictFn::Pop,
        DictFn::PopItem,
        DictFn::Update,
        DictFn::Items,
        DictFn::Keys,
        DictFn::Values,
        DictFn::Clear,
        DictFn::Copy,
        DictFn::Contains,
        DictFn::DelItem,
    ];
}
