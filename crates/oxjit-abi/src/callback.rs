//! Functions of the Python extension that generated code calls back into (they take the GIL):
//! their names and signatures, and the records they take.

use crate::runtime_fn::{Signature, Ty};

/// A callback into the Python extension (`oxjit-python/src/callbacks.rs`), which the JIT
/// defines next to the runtime's functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Callback {
    /// `oxjit_py_print(args: *const PrintArg, n: i64, sep: *const c_char, end: *const c_char,
    /// flush: i64)`: Python's `print` of `n` records ([`PrintArg`]); `sep`/`end` are
    /// NUL-terminated, or null for the default.
    Print,
    /// `oxjit_py_ufunc_error(exc: *const ExcInfo)`: a ufunc's inner loop met an exception in its
    /// kernel: it becomes the pending Python exception (the loop goes on, as Numba's does).
    UfuncError,
    /// `oxjit_py_cfunc_error(exc: *const ExcInfo)`: a `@cfunc` callback raised; C has no way to
    /// take the exception, so it is reported as "unraisable" (as Numba's cfunc does).
    CfuncError,
    /// `oxjit_py_objmode(func: i64, filename: *const c_char, source: *const c_char, outputs:
    /// *const c_char, args: *const PrintArg, n: i64, out: *mut u8, out_type: *const c_char,
    /// exc: *mut ExcInfo) -> i32`: runs a `with objmode(...)` block in the interpreter. `source`
    /// defines the block as a Python function of its live-in variables (in the globals of
    /// dispatcher `func`), `args` are their values ([`PrintKind::Value`] records, each holding a
    /// reference the callee takes over), `outputs` the comma-separated names of the declared
    /// outputs, written at `out` as a tuple of type `out_type`. Returns 0, or 1 with the
    /// exception in `exc`.
    ObjMode,
    /// `oxjit_py_hash_none() -> i64`: CPython's `hash(None)` (before 3.12 `None`'s address, so
    /// only the interpreter knows it).
    HashNone,
    /// `oxjit_py_own_borrowed(meminfo: *mut MemInfo) -> *mut MemInfo`: an array stored into a
    /// container that may outlive the call: a borrowed meminfo (the ndarray object, tagged)
    /// becomes a block owning a reference to the object, with a count of 0 (the store's incref
    /// takes the container's or jitclass field's reference); any other meminfo comes back
    /// unchanged.
    OwnBorrowed,
}

impl Callback {
    pub const ALL: &[Callback] = &[
        Callback::Print,
        Callback::UfuncError,
        Callback::CfuncError,
        Callback::ObjMode,
        Callback::HashNone,
        Callback::OwnBorrowed,
    ];

    /// The symbol generated code calls.
    pub fn name(self) -> &'static str {
        match self {
            Callback::Print => "oxjit_py_print",
            Callback::UfuncError => "oxjit_py_ufunc_error",
            Callback::CfuncError => "oxjit_py_cfunc_error",
            Callback::ObjMode => "oxjit_py_objmode",
            Callback::HashNone => "oxjit_py_hash_none",
            Callback::OwnBorrowed => "oxjit_py_own_borrowed",
        }
    }

    /// The C signature the extension defines it with.
    pub fn signature(self) -> Signature {
        use Ty::*;
        match self {
            Callback::Print => Signature {
                params: &[Ptr, I64, Ptr, Ptr, I64],
                ret: None,
            },
            Callback::UfuncError | Callback::CfuncError => Signature {
                params: &[Ptr],
                ret: None,
            },
            Callback::ObjMode => Signature {
                params: &[I64, Ptr, Ptr, Ptr, Ptr, I64, Ptr, Ptr, Ptr],
                ret: Some(I32),
            },
            Callback::HashNone => Signature {
                params: &[],
                ret: Some(I64),
            },
            Callback::OwnBorrowed => Signature {
                params: &[Ptr],
                ret: Some(Ptr),
            },
        }
    }
}

/// One argument of `print`, as generated code lays it out: a [`PrintKind`] and two words.
#[repr(C)]
pub struct PrintArg {
    pub kind: i64,
    pub a: i64,
    pub b: i64,
}

/// What a [`PrintArg`]'s words hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum PrintKind {
    None = 0,
    /// `a`: 0 or 1.
    Bool = 1,
    /// `a`: an int64.
    Int = 2,
    /// `a`: a uint64's bits.
    Uint = 3,
    /// `a`: a float64's bits.
    Float = 4,
    /// `a`, `b`: a complex128's parts' bits.
    Complex = 5,
    /// `a`, `b`: a string constant's address and length.
    Str = 6,
    /// Any other value: `a` the address of its native form, `b` that of the NUL-terminated text
    /// of its type.
    Value = 7,
}

impl PrintKind {
    /// The kind generated code stored (`None` for an unknown code).
    pub fn from_code(code: i64) -> PrintKind {
        match code {
            1 => PrintKind::Bool,
            2 => PrintKind::Int,
            3 => PrintKind::Uint,
            4 => PrintKind::Float,
            5 => PrintKind::Complex,
            6 => PrintKind::Str,
            7 => PrintKind::Value,
            _ => PrintKind::None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_kinds_round_trip() {
        for code in 0..8 {
            assert_eq!(PrintKind::from_code(code) as i64, code);
        }
        assert_eq!(Callback::Print.signature().params.len(), 5);
    }
}
