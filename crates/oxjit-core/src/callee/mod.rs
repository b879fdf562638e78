//! The ids of every callable the compiler implements, and Python's operators: the ground that
//! types, the IR, typing and lowering all name, importing nothing from them. What each callable
//! means (its parameters, typing and implementation) lives with its family in `registry/` and in
//! codegen; its names and method aliases in the table (`registry::table`).

mod array;
mod class;
mod cmath;
mod cuda;
mod dict;
mod fft;
mod generator;
mod linalg;
mod list;
mod math;
mod npgen;
mod numpy;
mod ops;
mod pyrandom;
mod random;
mod reduce;
mod set;
mod strs;
mod tuple;
mod ufunc;
mod ufunc_method;

pub use array::ArrayFn;
pub use class::PyClass;
pub use cmath::CmathFn;
pub use cuda::{AtomicOp, CudaFn, CudaNs, Dim3};
pub use dict::DictFn;
pub use fft::{FftFn, FftKind};
pub use generator::{GenFn, FORWARD_SENT, RETURN_VALUE};
pub use linalg::LinalgFn;
pub use list::ListFn;
pub use math::MathFn;
pub use npgen::NpGenFn;
pub use numpy::NpFn;
pub use ops::{BinOp, CmpOp, UnaryOp};
pub use pyrandom::PyRandomFn;
pub use random::RandomFn;
pub use reduce::ReduceOp;
pub use set::SetFn;
pub use strs::StrFn;
pub use tuple::TupleFn;
pub use ufunc::{Logical, UfuncOp, NAMES as UFUNC_NAMES};
pub use ufunc_method::{UfuncMethod, UfuncMethodFn, UfuncRef};

/// A function implemented by the compiler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Abs,
    Min,
    Max,
    Round,
    Int,
    Float,
    Complex,
    Bool,
    DivMod,
    Pow,
    Len,
    Print,
    Enumerate,
    /// `reversed(seq)` of a list, tuple or range (`types/reversed.rs`).
    Reversed,
    Zip,
    Range,
    Sum,
    Any,
    All,
    /// `isinstance(x, classes)`, answered from `x`'s type (`registry/introspect.rs`).
    IsInstance,
    /// `type(x)` of a number: its class, as the function that converts to it.
    TypeOf,
    /// `tuple()` and `tuple(t)` of a tuple (`registry/tuple_of.rs`: other iterables have a
    /// length known only at run time, which a tuple type cannot have).
    TupleOf,
    /// `oxjit.prange`: `range` whose loop a `parallel=True` function runs on the thread pool.
    Prange,
    /// `oxjit.get_num_threads()`.
    GetNumThreads,
    /// `oxjit.get_thread_id()`.
    GetThreadId,
    /// `oxjit.get_parallel_chunksize()`: the calling thread's setting (Numba's).
    GetParallelChunksize,
    /// `oxjit.set_parallel_chunksize(n)`: sets it, returns the previous one.
    SetParallelChunksize,
    /// `oxjit.carray(ptr, shape)`: a C-ordered array view of a `CPointer`'s memory.
    Carray,
    /// `oxjit.farray(ptr, shape)`: the same, Fortran-ordered.
    Farray,
    /// `z.conjugate()` (a method).
    Conjugate,
    /// A call of a C function through its address (`Type::CFuncPtr`): the function's value is
    /// the call's receiver (`typeinfer/rules/cfuncptr.rs`). No name reaches it.
    CFuncCall,
    /// `ffi.from_buffer(a)` of a cffi `FFI` object: a pointer to an array's items.
    FfiFromBuffer,
    /// `x.item()` of a number.
    NumberItem,
    Math(MathFn),
    Cmath(CmathFn),
    Numpy(NpFn),
    /// A reduction of a whole array (`a.sum()`, `np.max(a)`).
    Reduce(ReduceOp),
    /// A function or method that makes an array (`np.zeros`, `a.copy()`).
    Array(ArrayFn),
    /// A function of `np.random`.
    Random(RandomFn),
    /// A function of the standard library's `random`.
    PyRandom(pyrandom::PyRandomFn),
    /// An operator as a NumPy ufunc (`np.add`, `np.less`...).
    Ufunc(ufunc::UfuncOp),
    /// Linear algebra (`np.dot`, `np.linalg.solve`, `a @ b`, ...).
    Linalg(LinalgFn),
    /// A device function of `oxjit.cuda` (kernels only).
    Cuda(CudaFn),
    /// A string builtin (`str`, `ord`...) or a method of `str`.
    Str(StrFn),
    /// A method of a list, `list()` or `sorted()`.
    List(ListFn),
    /// A method of a dict, or `hash()`.
    Dict(DictFn),
    /// A method of a set, or `set()`.
    Set(SetFn),
    /// A method of a tuple (`t.index(x)`, `x in t`).
    Tuple(TupleFn),
    /// A method of a NumPy ufunc (`np.add.reduce`).
    UfuncMethod(UfuncMethodFn),
    /// A function of `np.fft`.
    Fft(FftFn),
    /// A method of a compiled generator.
    Generator(GenFn),
    /// `np.random.default_rng`, or a method of `np.random.Generator`.
    NpGen(NpGenFn),
    /// A class compiled code only tests values against (`isinstance(x, dict)`).
    Class(PyClass),
}

impl Builtin {
    /// The name the function is called by.
    pub fn name(self) -> &'static str {
        match self {
            Builtin::Abs => "abs",
            Builtin::Min => "min",
            Builtin::Max => "max",
            Builtin::Round => "round",
            Builtin::Int => "int",
            Builtin::Float => "float",
            Builtin::Complex => "complex",
            Builtin::Bool => "bool",
            Builtin::DivMod => "divmod",
            Builtin::Pow => "pow",
            Builtin::Len => "len",
            Builtin::Print => "print",
            Builtin::Enumerate => "enumerate",
            Builtin::Reversed => "reversed",
            Builtin::Zip => "zip",
            Builtin::Range => "range",
            Builtin::Sum => "sum",
            Builtin::Any => "any",
            Builtin::All => "all",
            Builtin::IsInstance => "isinstance",
            Builtin::TypeOf => "type",
            Builtin::TupleOf => "tuple",
            Builtin::Prange => "prange",
            Builtin::GetNumThreads => "get_num_threads",
            Builtin::GetThreadId => "get_thread_id",
            Builtin::GetParallelChunksize => "get_parallel_chunksize",
            Builtin::SetParallelChunksize => "set_parallel_chunksize",
            Builtin::Carray => "carray",
            Builtin::Farray => "farray",
            Builtin::Conjugate => "conjugate",
            Builtin::CFuncCall => "ExternalFunctionPointer",
            Builtin::FfiFromBuffer => "from_buffer",
            Builtin::NumberItem => "item",
            Builtin::Math(f) => f.name(),
            Builtin::Cmath(f) => f.name(),
            Builtin::Numpy(f) => f.name(),
            Builtin::Reduce(r) => r.name(),
            Builtin::Array(f) => f.name(),
            Builtin::Random(f) => f.name(),
            Builtin::PyRandom(f) => f.name(),
            Builtin::Ufunc(f) => f.name(),
            Builtin::Linalg(f) => f.name(),
            Builtin::Cuda(f) => f.name(),
            Builtin::Str(f) => f.name(),
            Builtin::List(f) => f.name(),
            Builtin::Dict(f) => f.name(),
            Builtin::Set(f) => f.name(),
            Builtin::Tuple(f) => f.name(),
            Builtin::UfuncMethod(m) => m.method.name(),
            Builtin::Fft(f) => f.name(),
            Builtin::Generator(f) => f.name(),
            Builtin::NpGen(f) => f.name(),
            Builtin::Class(c) => c.name(),
        }
    }

    /// `module.name`, for messages.
    pub fn qualified_name(self) -> String {
        match self {
            Builtin::Math(f) => format!("math.{}", f.name()),
            Builtin::Cmath(f) => format!("cmath.{}", f.name()),
            Builtin::Numpy(f) => format!("numpy.{}", f.name()),
            Builtin::Reduce(r) => format!("numpy.{}", r.name()),
            Builtin::Array(f) if f.is_method() => format!("ndarray.{}", f.name()),
            Builtin::Array(f) => format!("numpy.{}", f.name()),
            Builtin::Random(f) => format!("numpy.random.{}", f.name()),
            Builtin::NpGen(NpGenFn::DefaultRng) => "numpy.random.default_rng".to_string(),
            Builtin::NpGen(f) => format!("Generator.{}", f.name()),
            Builtin::PyRandom(f) => format!("random.{}", f.name()),
            Builtin::Ufunc(f) => format!("numpy.{}", f.name()),
            Builtin::UfuncMethod(m) => format!("numpy.{}.{}", m.ufunc.name(), m.method.name()),
            Builtin::Linalg(f) => f.qualified_name(),
            Builtin::Fft(f) => format!("numpy.fft.{}", f.name()),
            Builtin::Cuda(f) => f.qualified_name(),
            Builtin::List(f) if f.is_method() => format!("list.{}", f.name()),
            Builtin::Dict(f) if f != crate::callee::DictFn::Hash => format!("dict.{}", f.name()),
            Builtin::Set(f) if f != crate::callee::SetFn::New => format!("set.{}", f.name()),
            Builtin::Generator(f) => format!("generator.{}", f.name()),
            Builtin::Tuple(f) => format!("tuple.{}", f.name()),
            Builtin::Class(PyClass::NdArray) => "numpy.ndarray".to_string(),
            Builtin::Prange
            | Builtin::GetNumThreads
            | Builtin::GetThreadId
            | Builtin::GetParallelChunksize
            | Builtin::SetParallelChunksize => {
                format!("oxjit.{}", self.name())
            }
            Builtin::Carray | Builtin::Farray => format!("oxjit.{}", self.name()),
            Builtin::FfiFromBuffer => "cffi.FFI.from_buffer".to_string(),
            Builtin::Str(f) if !f.is_builtin() => format!("str.{}", f.name()),
            _ => format!("builtins.{}", self.name()),
        }
    }
}
