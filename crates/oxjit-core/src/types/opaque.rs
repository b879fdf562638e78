//! Values that exist only at compile time: modules, builtin and user functions, bound methods,
//! exception classes and instances, string constants, type objects, and `a.ctypes`.

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
    /// A cffi `FFI` object, for its `from_buffer` (see `registry/cffi.rs`).
    Ffi,
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
            ModuleKind::Ffi => "cffi.FFI",
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
    /// Nothing of these values exists at run time: one placeholder byte (codegen's `i8`), so
    /// that a tuple holding one (`(slice(1), ..., None, 1)` passed in) is laid out as LLVM
    /// lays out its struct.
    fn size_align(&self, _t: &Type) -> (usize, usize) {
        (1, 1)
    }

    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            // `...` (Ellipsis), Numba's `ellipsis`.
            Type::StrLiteral(s) if **s == *super::ELLIPSIS => write!(f, "ellipsis"),
            Type::StrLiteral(s) => write!(f, "Literal[str]({s:?})"),
            Type::ArrayCtypes => write!(f, "ctypes"),
            Type::ArrayFlags => write!(f, "flags"),
            Type::Module(m) => write!(f, "Module({})", m.name()),
            Type::PyModule(m) => write!(f, "Module({m})"),
            Type::Builtin(b) => write!(f, "Function({})", b.qualified_name()),
            Type::BoundMethod(b, recv) => write!(f, "BoundMethod({recv}.{})", b.name()),
            Type::UserFunction(id) => write!(f, "Dispatcher(#{id})"),
            Type::UserMethod(id, recv) => write!(f, "BoundFunction({recv}.#{id})"),
            Type::ExceptionClass(name) => write!(f, "ExceptionClass({name})"),
            Type::Exception(name) => write!(f, "Exception({name})"),
            Type::TypeRef(t) => write!(f, "typeref[{t}]"),
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
            (Type::ArrayFlags, name) if FLAGS.contains(&name) => Attribute::of(Type::Bool),
            // `a.dtype.itemsize` (`a.dtype` is NumPy's scalar type in compiled code).
            (Type::Builtin(crate::callee::Builtin::Numpy(f)), "itemsize") => Some(Attribute {
                ty: Type::I64,
                constant: Some(super::size_align(&f.conversion_target()?).0 as i64),
            }),
            // `a.dtype.name`, `.kind`, `.char`, `.str`: NumPy's dtype's, string constants.
            (Type::Builtin(crate::callee::Builtin::Numpy(f)), _) => {
                let text = dtype_text(&f.conversion_target()?, name)?;
                Attribute::of(Type::StrLiteral(text.into()))
            }
            _ => None,
        }
    }
}

/// Attribute `attr` (`name`, `kind`, `char` or `str`) of NumPy's dtype of scalar type `t`.
fn dtype_text(t: &Type, attr: &str) -> Option<String> {
    let (name, kind, ch, code) = match t {
        Type::Bool => ("bool", 'b', '?', "|b1"),
        Type::Int(i) => {
            let chars = if i.signed { "bhil" } else { "BHIL" };
            let k = match i.bits {
                8 => 0,
                16 => 1,
                32 => 2,
                _ => 3,
            };
            let ch = chars.as_bytes()[k] as char;
            let kind = if i.signed { 'i' } else { 'u' };
            let name = match (i.signed, i.bits) {
                (true, 8) => "int8",
                (true, 16) => "int16",
                (true, 32) => "int32",
                (true, _) => "int64",
                (false, 8) => "uint8",
                (false, 16) => "uint16",
                (false, 32) => "uint32",
                (false, _) => "uint64",
            };
            let bytes = i.bits / 8;
            let order = if bytes == 1 { '|' } else { '<' };
            return Some(match attr {
                "name" => name.to_string(),
                "kind" => kind.to_string(),
                "char" => ch.to_string(),
                "str" => format!("{order}{kind}{bytes}"),
                _ => return None,
            });
        }
        Type::Float(16) => ("float16", 'f', 'e', "<f2"),
        Type::Float(32) => ("float32", 'f', 'f', "<f4"),
        Type::Float(_) => ("float64", 'f', 'd', "<f8"),
        Type::Complex(64) => ("complex64", 'c', 'F', "<c8"),
        Type::Complex(_) => ("complex128", 'c', 'D', "<c16"),
        _ => return None,
    };
    Some(match attr {
        "name" => name.to_string(),
        "kind" => kind.to_string(),
        "char" => ch.to_string(),
        "str" => code.to_string(),
        _ => return None,
    })
}

/// The attributes of `a.flags` compiled code reads (NumPy's names).
pub const FLAGS: [&str; 6] = [
    "c_contiguous",
    "f_contiguous",
    "contiguous",
    "forc",
    "fnc",
    "writeable",
];
