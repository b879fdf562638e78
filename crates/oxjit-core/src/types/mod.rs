//! The oxjit type system: the `Type` enum, and one module per kind of type saying what the front
//! end knows about it (its name and parsing, unification, size, iteration, items, attributes),
//! as Numba's `numba/core/types/` keeps one class per kind. The machine half of each kind (LLVM
//! representation, truth, casts, comparison) is its model in `oxjit-codegen/src/models/`, and
//! boxing is in `oxjit-python/src/boxing/`, both in files of the same names.
//!
//! `kind_of` is the one list: a new kind is a new file here plus one arm there (the match is
//! exhaustive, so a new `Type` variant cannot be forgotten). The text form of every type is
//! Numba's `str()` of the same type (`int64`, `UniTuple(int64 x 2)`, ...); `Type::parse` reads it
//! back. See `docs/internals.md`.

mod advanced_index;
mod array;
mod bytes;
mod caught;
mod cfuncptr;
mod closure;
mod dict;
mod functions;
pub mod generator;
mod iter;
pub mod jitclass;
mod kwargs;
mod list;
mod named;
mod none;
mod npgen;
mod opaque;
pub mod optional;
mod parse;
mod pointer;
mod polynomial;
mod range;
mod reversed;
pub use reversed::is_reversible;
mod record;
mod scalar;
mod strs;
mod tuple;

pub use cfuncptr::{is_c_type, CSignature};
pub use functions::{common_function_type, function_ids};

use std::fmt;
use std::sync::Arc;

use crate::callee::Builtin;

pub use advanced_index::{
    advanced_index, advanced_result, index_dims_position, is_mixed_advanced, AdvancedIndex,
    AdvancedPart,
};
pub use array::{
    index_parts, index_parts_at, index_result as array_index_result, is_ellipsis,
    is_field_attribute, row_type, scalar_of, ArrayTy, IndexPart, Layout, ELLIPSIS,
};
pub use bytes::bytes_array;
pub use dict::{
    is_hashable, key_var, keys_match, part_type, set_entry_layout, set_entry_parts, value_var,
    var_origin, ITEMS, KEYS, SET, VALUES,
};
pub use jitclass::{ClassBody, ClassTy};
pub use kwargs::{kwargs_keys, kwargs_struct, KWARGS_CLASS};
pub use list::{
    display_item, empty_list_argument, fill_unknown_items, has_empty_argument, has_truth,
    has_undetermined, own_argument_vars, ref_offsets, stores_as, EMPTY_ARGUMENT,
};
pub use named::{NamedTupleTy, TupleItems};
pub use opaque::{ModuleKind, FLAGS};
pub use polynomial::{polynomial, polynomial_struct, POLYNOMIAL_FIELDS};
pub use record::{field_at, field_view_type, no_field, RecordField, RecordTy};
pub(crate) use scalar::float_bits;
pub use scalar::{dtype_object, IntTy};
pub use strs::{is_str, widen_literal};
pub use tuple::{constant_slice_parts, field_offsets, slice_positions};

/// Identifies a user function (a dispatcher) known to the host.
pub type FuncId = u64;

/// A type of oxjit's typed IR.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int(IntTy),
    /// 32 or 64 bits.
    Float(u8),
    /// 64 (two float32) or 128 (two float64) bits.
    Complex(u8),
    NoneType,
    /// A tuple; homogeneous tuples print as `UniTuple(T x N)`, as Numba does. A named tuple
    /// is a tuple whose items name its class (`types/named.rs`).
    Tuple(TupleItems),
    /// A named tuple class (`collections.namedtuple`, `typing.NamedTuple`), as a global: calling
    /// it builds a named tuple.
    NamedTupleClass(Arc<NamedTupleTy>),
    /// A value or `None` (`OptionalType(int64)`), where branches returning or assigning `None`
    /// and a value meet. Used as an operand, it is the value (a `None` raises `TypeError`).
    Optional(Arc<Type>),
    /// A NumPy array (native form: meminfo, data, shape[ndim], strides[ndim]).
    Array(Arc<ArrayTy>),
    /// The iterator of a 1-d array.
    ArrayIter(Arc<ArrayTy>),
    /// `enumerate(x)`: the iterable's type (the value is `{start, x}`).
    Enumerate(Arc<Type>),
    /// `zip(a, b, ...)`: the iterables' types.
    Zip(Arc<[Type]>),
    /// The iterator of `enumerate`: the inner iterator's type.
    EnumerateIter(Arc<Type>),
    /// The iterator of `zip`: the inner iterators' types.
    ZipIter(Arc<[Type]>),
    /// A compile-time string constant (exception messages).
    StrLiteral(Arc<str>),
    /// A slice `start:stop:step` (ints or `None`); native form `{start, stop, step}` with
    /// `i64::MIN` for a missing part.
    Slice,
    /// The iterator of a `range`.
    RangeIter,
    /// `np.ndindex(shape)` over `n` dimensions (its value: the shape), and its iterator.
    NdIndex(u8),
    NdIndexIter(u8),
    /// `a.ctypes` (only its `.data`, the address of the first item, is supported).
    ArrayCtypes,
    /// `a.flags`: its contiguity and writeability, read from `a` (as `a.ctypes`).
    ArrayFlags,
    /// `a.flat` (C order), or `np.nditer(a)` (memory order: `true`), and their iterators.
    Flat(Arc<ArrayTy>, bool),
    FlatIter(Arc<ArrayTy>, bool),
    /// The iterator of a homogeneous tuple.
    TupleIter(Arc<Type>),
    /// `reversed(x)` of a list or tuple (the value is `x`), and its iterator (holding the
    /// forward iterator type of `x`, whose state it walks backwards); see `types/reversed.rs`.
    Reversed(Arc<Type>),
    ReversedIter(Arc<Type>),
    /// A `range` object, before iteration.
    Range,
    /// A module (`math`), a builtin function, a user function, an exception class: values that
    /// exist only at compile time.
    Module(ModuleKind),
    /// A Python module oxjit has no registry for (`sys`): constants are read from it.
    PyModule(Arc<str>),
    Builtin(Builtin),
    /// A method bound to a receiver (`z.conjugate`): the receiver is the call's first argument.
    BoundMethod(Builtin, Arc<Type>),
    UserFunction(FuncId),
    ExceptionClass(Arc<str>),
    /// An exception instance, as built for `raise Cls(args)`.
    Exception(Arc<str>),
    /// A C pointer to numbers of the given type (`CPointer(float64)`), or to anything
    /// (`voidptr`: a pointer to `NoneType`), as `@cfunc` callbacks take them.
    Pointer(Arc<Type>),
    /// A C function called through its address (Numba's `ExternalFunctionPointer`): its C
    /// signature; the value is the address (see `types/cfuncptr.rs`).
    CFuncPtr(Arc<CSignature>),
    /// The exception an `except` clause caught (`except E as e`), to raise again.
    CaughtException,
    /// A closure: the lifted inner function's id and the types of the values it captured (see
    /// `types/closure.rs`).
    Closure(FuncId, Arc<[Type]>),
    /// A first-class function: one of these compiled functions (see `types/functions.rs`).
    Functions(Arc<[FuncId]>),
    /// A variable shared with closures (`nonlocal`), holding values of the given type.
    Cell(Arc<Type>),
    /// A string (`unicode_type`): a reference-counted block of code points (see
    /// `oxjit_abi::StrHead`).
    Str,
    /// The iterator of a string (its items are one-character strings).
    StrIter,
    /// The words of `for w in s.split(...)`, made one at a time (no list; see
    /// `passes/lazy_split.rs`).
    StrSplitIter,
    /// A Python list (native form: the pointer to its runtime block).
    List(Arc<Type>),
    /// The iterator of a list of the given item type.
    ListIter(Arc<Type>),
    /// The item type of an empty display (`[]`), made at the value of that number, not known
    /// yet: later uses of the list decide it (`typeinfer`); none survives typing.
    Undetermined(u32),
    /// A Python dict: key and value types (native form: the pointer to its runtime block).
    Dict(Arc<Type>, Arc<Type>),
    /// `d.keys()`, `d.values()`, `d.items()` (`dict::KEYS`...): the dict, borrowed.
    DictView(Arc<Type>, Arc<Type>, u8),
    /// The iterator of a dict or of one of its views.
    DictIter(Arc<Type>, Arc<Type>, u8),
    /// A Python set (native form: a dict block whose values are `None`).
    Set(Arc<Type>),
    /// A generator (a call of a function with `yield`): the type of what it yields.
    Generator(Arc<Type>),
    /// A `for` loop's iterator over a generator (the generator, borrowed).
    GeneratorIter(Arc<Type>),
    /// `np.random.Generator` (native form: the pointer to its runtime block).
    NpGenerator,
    /// `numpy.polynomial.polynomial.Polynomial`: its `coef`, `domain` and `window` arrays
    /// (native form: a tuple of them; see `types/polynomial.rs`).
    Polynomial(Arc<[Type; 3]>),
    /// `bytes`: laid out as `readonly array(uint8, 1d, C)` (see `types/bytes.rs`), and its
    /// iterator (of ints).
    Bytes,
    BytesIter,
    /// A record scalar (an item of an array of records, an `np.void` argument): a reference
    /// into the memory it was read from (native form: `{meminfo, data}`; see `types/record.rs`).
    Record(Arc<RecordTy>),
    /// A structured dtype, as the dtype of an array of records (its size is the item's).
    RecordDtype(Arc<RecordTy>),
    /// An instance of a `@jitclass` (native form: the pointer to its runtime block; see
    /// `types/jitclass.rs`).
    JitInstance(Arc<ClassTy>),
    /// A `@jitclass` itself, as a global: calling it makes an instance.
    JitClass(Arc<ClassTy>),
    /// A jitclass method looked up on an instance (`obj.method`), before its call: the class
    /// and the method's compiled function.
    JitMethod(Arc<ClassTy>, FuncId),
    /// A method an `@overload_method` implements, looked up on a value of the given type
    /// (`a.name`), before its call: the function that takes the receiver first.
    UserMethod(FuncId, Arc<Type>),
    /// A type object held as a value (Numba's `TypeRef`: `float_array = types.float64[:]` used
    /// in compiled code as `Dict.empty(..., value_type=float_array)`); compile time only.
    TypeRef(Arc<Type>),
}

/// What the front end knows about one kind of type.
pub(crate) trait TypeKind: Sync {
    /// Writes the canonical text of `t` (Numba's `str()` of the same type).
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// Reads a type of this kind whose text starts with `word`; `None` where `word` does not
    /// name one.
    fn parse(&self, _word: &str, _p: &mut parse::TypeParser<'_>) -> Option<Result<Type, String>> {
        None
    }

    /// Whether a value of type `t` exists at run time (and so has a machine representation).
    fn is_runtime(&self, _t: &Type) -> bool {
        true
    }

    /// Whether a value of this kind and `None` meet as an optional (`x = None` on one path).
    fn may_be_none(&self) -> bool {
        true
    }

    /// The type that `a` (of this kind) and `b` both convert to where they meet, where this kind
    /// says; `None` where it does not (the other's kind is asked next).
    fn unify(&self, _a: &Type, _b: &Type) -> Option<Type> {
        None
    }

    /// Size and alignment in bytes of a value in memory (C layout, as LLVM lays out the same
    /// struct on the host).
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (8, 8)
    }

    /// The iterator type of `for x in t`.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        Err(format!("cannot iterate over a value of type {t}"))
    }

    /// The type of the items the iterator `it` yields; `None` where `it` is no iterator.
    fn next_type(&self, _it: &Type) -> Option<Type> {
        None
    }

    /// The type of `t[index]`, given the index's value where it is a constant integer.
    fn item_type(&self, t: &Type, _index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        Err(format!("a value of type {t} cannot be indexed"))
    }

    /// The attribute `t.name` of a value (not a method), or `None` where it has none.
    fn attribute(&self, _t: &Type, _name: &str) -> Option<Attribute> {
        None
    }
}

/// An attribute's type, and its value where typing knows it (`a.ndim`).
pub struct Attribute {
    pub ty: Type,
    pub constant: Option<i64>,
}

impl Attribute {
    fn of(ty: Type) -> Option<Attribute> {
        Some(Attribute { ty, constant: None })
    }
}

/// The kind of `t`: one arm per kind of type.
pub(crate) fn kind_of(t: &Type) -> &'static dyn TypeKind {
    match t {
        Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_) => &scalar::ScalarKind,
        Type::NoneType => &none::NoneKind,
        Type::Tuple(_) => &tuple::TupleKind,
        Type::Optional(_) => &optional::OptionalKind,
        Type::Array(_) | Type::Flat(..) => &array::ArrayKind,
        Type::Range => &range::RangeKind,
        Type::Slice => &range::SliceKind,
        Type::Pointer(_) => &pointer::PointerKind,
        Type::CFuncPtr(_) => &cfuncptr::CFuncPtrKind,
        Type::CaughtException => &caught::CaughtKind,
        Type::Functions(_) => &functions::FunctionsKind,
        Type::Closure(..) | Type::Cell(_) => &closure::ClosureKind,
        Type::List(_) | Type::Undetermined(_) => &list::ListKind,
        Type::ListIter(_) => &list::ListIterKind,
        Type::Dict(..) | Type::DictView(..) | Type::DictIter(..) | Type::Set(_) => &dict::DictKind,
        Type::RangeIter => &range::RangeIterKind,
        Type::TupleIter(_) => &tuple::TupleIterKind,
        Type::ArrayIter(_) => &array::ArrayIterKind,
        Type::FlatIter(..) => &array::FlatIterKind,
        Type::Enumerate(_) | Type::Zip(_) | Type::NdIndex(_) => &iter::IterableKind,
        Type::EnumerateIter(_) | Type::ZipIter(_) | Type::NdIndexIter(_) => &iter::IteratorKind,
        Type::Str => &strs::StrKind,
        Type::Generator(_) | Type::GeneratorIter(_) => &generator::GeneratorKind,
        Type::StrIter => &strs::StrIterKind,
        Type::StrSplitIter => &strs::StrSplitIterKind,
        Type::Reversed(_) | Type::ReversedIter(_) => &reversed::ReversedKind,
        Type::NpGenerator => &npgen::NpGeneratorKind,
        Type::Polynomial(_) => &polynomial::PolynomialKind,
        Type::Bytes => &bytes::BytesKind,
        Type::BytesIter => &bytes::BytesIterKind,
        Type::Record(_) | Type::RecordDtype(_) => &record::RecordKind,
        Type::NamedTupleClass(_) => &named::NamedTupleClassKind,
        Type::JitInstance(_) | Type::JitClass(_) | Type::JitMethod(..) => &jitclass::JitClassKind,
        Type::StrLiteral(_)
        | Type::ArrayCtypes
        | Type::ArrayFlags
        | Type::Module(_)
        | Type::PyModule(_)
        | Type::Builtin(_)
        | Type::BoundMethod(..)
        | Type::UserFunction(_)
        | Type::UserMethod(..)
        | Type::ExceptionClass(_)
        | Type::Exception(_)
        | Type::TypeRef(_) => &opaque::OpaqueKind,
    }
}

/// The kinds that read a type's text, in the order the parser asks them.
const PARSERS: &[&dyn TypeKind] = &[
    &scalar::ScalarKind,
    &none::NoneKind,
    &array::ArrayKind,
    &optional::OptionalKind,
    &tuple::TupleKind,
    &pointer::PointerKind,
    &cfuncptr::CFuncPtrKind,
    &strs::StrKind,
    &list::ListKind,
    &dict::DictKind,
    &functions::FunctionsKind,
    &npgen::NpGeneratorKind,
    &polynomial::PolynomialKind,
    &bytes::BytesKind,
    &record::RecordKind,
    &jitclass::JitClassKind,
];

impl Type {
    pub const I64: Type = Type::Int(IntTy::I64);
    pub const F64: Type = Type::Float(64);
    pub const C128: Type = Type::Complex(128);

    pub fn int(bits: u8, signed: bool) -> Type {
        Type::Int(IntTy { bits, signed })
    }

    pub fn tuple(items: Vec<Type>) -> Type {
        Type::Tuple(items.into())
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_)
        )
    }

    pub fn is_integer_like(&self) -> bool {
        matches!(self, Type::Bool | Type::Int(_))
    }

    pub fn is_real(&self) -> bool {
        matches!(self, Type::Bool | Type::Int(_) | Type::Float(_))
    }

    /// Whether a value of this type exists at run time (and so has a machine representation).
    pub fn is_runtime(&self) -> bool {
        kind_of(self).is_runtime(self)
    }

    /// The element type when all items of a tuple have the same type.
    pub fn uniform_item(&self) -> Option<&Type> {
        match self {
            Type::Tuple(items) if !items.is_empty() && items.iter().all(|t| t == &items[0]) => {
                Some(&items[0])
            }
            _ => None,
        }
    }

    /// Parses the canonical text of a type (see `docs/internals.md`).
    pub fn parse(text: &str) -> Result<Type, String> {
        parse::parse(text)
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        kind_of(self).name(self, f)
    }
}

/// The type both `a` and `b` convert to where they meet (a phi, a return, `min`/`max`): NumPy's
/// promotion for numbers, item by item for tuples, an optional where one is `None` (the Numba
/// paper, §4.4: "coercion with preference to avoid information loss").
pub fn unify(a: &Type, b: &Type) -> Option<Type> {
    if a == b {
        return Some(a.clone());
    }
    kind_of(a).unify(a, b).or_else(|| kind_of(b).unify(b, a))
}

/// Size and alignment in bytes of a value of type `t` in memory (C layout, as LLVM lays out the
/// same struct on the host): how the extension reads and writes argument and result slots.
pub fn size_align(t: &Type) -> (usize, usize) {
    kind_of(t).size_align(t)
}

/// The iterator type of an iterable (`for x in t`).
pub fn iter_type(t: &Type) -> Result<Type, String> {
    if is_iterator(t) {
        return Ok(t.clone());
    }
    kind_of(t).iter_type(t)
}

/// Whether `t` is an iterator object (`iter(x)`): its own iterator, so that a `for` loop over
/// it continues where `next()` left it, as in CPython. A generator is stepped by `next()` too
/// but keeps its own iterator type (`types/generator.rs`).
pub fn is_iterator(t: &Type) -> bool {
    !matches!(t, Type::Generator(_)) && kind_of(t).next_type(t).is_some()
}

/// Whether `for x in <t>` is supported.
pub fn is_iterable(t: &Type) -> bool {
    iter_type(t).is_ok()
}

/// The type of the items an iterator yields.
pub fn next_type(it: &Type) -> Type {
    kind_of(it)
        .next_type(it)
        .unwrap_or_else(|| unreachable!("next() of {it}: GetIter only makes iterators"))
}

/// The type of `t[index]`, given the index's value where it is a constant integer.
pub fn item_type(t: &Type, index: &Type, constant: Option<i64>) -> Result<Type, String> {
    kind_of(t).item_type(t, index, constant)
}

/// The attribute `t.name` (not a method) and its value where typing knows it.
pub fn attribute(t: &Type, name: &str) -> Option<Attribute> {
    kind_of(t).attribute(t, name)
}

#[cfg(test)]
mod tests;
