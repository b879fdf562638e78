//! Values that exist only at compile time: modules, builtin and user functions, bound methods,
//! exception classes and instances, string constants, and `a.ctypes`.

use std::fmt;

use super::{Attribute, Type, TypeKind};

/// A module whose attributes are resolved at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    Math,
    Cmath,
    Numpy,
    NumpyRandom,
    /// The standard library's `random`.
    PyRandom,
    NumpyLinalg,
    NumpyFft,
    Builtins,
    /// oxjit itself (`oxjit.prange`, `oxjit.get_thread_id`), also imported as `numba`.
    Oxjit,
    /// `oxjit.cuda` (also `numba.cuda`) and its namespaces, for kernels.
    Cuda(crate::callee::CudaNs),
    /// `cuda.threadIdx` and friends: their `.x`, `.y`, `.z` are special registers.
    CudaDim(crate::callee::Dim3),
    /// `oxjit.typed` (also `numba.typed`): `List`, `Dict`.
    Typed,
}

impl ModuleKind {
    pub fn name(self) -> &'static str {
        match self {
            ModuleKind::Math => "math",
            ModuleKind::Cmath => "cmath",
            ModuleKind::Numpy => "numpy",
            ModuleKind::NumpyRandom => "numpy.random",
            ModuleKind::PyRandom => "random",
            ModuleKind::NumpyLinalg => "numpy.linalg",
            ModuleKind::NumpyFft => "numpy.fft",
            ModuleKind::Builtins => "builtins",
            ModuleKind::Oxjit => "oxjit",
            ModuleKind::Typed => "oxjit.typed",
            ModuleKind::Cuda(ns) => match ns {
                crate::callee::CudaNs::Cuda => "oxjit.cuda",
                crate::callee::CudaNs::Shared => "oxjit.cuda.shared",
                crate::callee::CudaNs::Local => "oxjit.cuda.local",
                crate::callee::CudaNs::Atomic => "oxjit.cuda.atomic",
                crate::callee::CudaNs::Const => "oxjit.cuda.const",
            },
            ModuleKind::CudaDim(d) => match d {
                crate::callee::Dim3::ThreadIdx => "oxjit.cuda.threadIdx",
                crate::callee::Dim3::BlockIdx => "oxjit.cuda.blockIdx",
                crate::callee::Dim3::BlockDim => "oxjit.cuda.blockDim",
                crate::callee::Dim3::GridDim => "oxjit.cuda.gridDim",
            },
        }
    }
}

pub(super) struct OpaqueKind;

impl TypeKind for OpaqueKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::StrLiteral(s) => write!(f, "Literal[str]({s:?})"),
            Type::ArrayCtypes => write!(f, "ctypes"),
            Type::Module(m) => write!(f, "Module({})", m.name()),
            Type::PyModule(m) => write!(f, "Module({m})"),
            Type::Builtin(b) => write!(f, "Function({})", b.qualified_name()),
            Type::BoundMethod(b, recv) => write!(f, "BoundMethod({recv}.{})", b.name()),
            Type::UserFunction(id) => write!(f, "Dispatcher(#{id})"),
            Type::UserMethod(id, recv) => write!(f, "BoundFunction({recv}.#{id})"),
            Type::ExceptionClass(name) => write!(f, "ExceptionClass({name})"),
            Type::Exception(name) => write!(f, "Exception({name})"),
            _ => unreachable!("{t:?} exists at run time"),
        }
    }

    fn is_runtime(&self, _t: &Type) -> bool {
        false
    }

    /// Two string constants meet as a string.
    /// Two functions meet as a first-class function (`types/functions.rs`).
    fn unify(&self, a: &Type, b: &Type) -> Option<Type> {
        if let Type::UserFunction(_) = a {
            return super::functions::union(a, b);
        }
        (matches!(a, Type::StrLiteral(_)) && super::is_str(b)).then_some(Type::Str)
    }

    /// A string constant iterates and indexes as a string.
    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            Type::StrLiteral(_) => Ok(Type::StrIter),
            _ => Err(format!("cannot iterate over a value of type {t}")),
        }
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        match t {
            Type::StrLiteral(_) => super::strs::str_item(t, index),
            _ => Err(format!("a value of type {t} cannot be indexed")),
        }
    }

    /// `a.ctypes.data`, the address of the first item; `np.float32.itemsize`.
    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        match (t, name) {
            (Type::ArrayCtypes, "data") => Attribute::of(Type::I64),
            // `a.dtype.itemsize` (`a.dtype` is NumPy's scalar type in compiled code).
            (Type::Builtin(crate::callee::Builtin::Numpy(f)), "itemsize") => Some(Attribute {
                ty: Type::I64,
                constant: Some(super::size_align(&f.conversion_target()?).0 as i64),
            }),
            _ => None,
        }
    }
}
