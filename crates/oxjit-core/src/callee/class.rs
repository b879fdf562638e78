//! The ids of Python classes compiled code names only as the classes of `isinstance` (and, for
//! `NoneType`, as what `type(None)` is): `dict`, `bytes`, `object`... have no constructor in
//! compiled code, but `isinstance(x, dict)` still has an answer.

/// A class that compiled code can test values against but not call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PyClass {
    Dict,
    Bytes,
    Object,
    FrozenSet,
    /// `type(None)`.
    NoneType,
    /// `np.ndarray`.
    NdArray,
}

impl PyClass {
    pub fn name(self) -> &'static str {
        match self {
            PyClass::Dict => "dict",
            PyClass::Bytes => "bytes",
            PyClass::Object => "object",
            PyClass::FrozenSet => "frozenset",
            PyClass::NoneType => "NoneType",
            PyClass::NdArray => "ndarray",
        }
    }

    /// The builtins among them (registered in the builtins namespace).
    pub const BUILTINS: [PyClass; 4] = [
        PyClass::Dict,
        PyClass::Bytes,
        PyClass::Object,
        PyClass::FrozenSet,
    ];
}
