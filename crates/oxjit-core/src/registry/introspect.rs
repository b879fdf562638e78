//! `isinstance(x, classes)` and `type(x)`: answered at compile time from the type of `x`, as
//! Numba does. Compiled code has one type per value, so the answer is a constant (and the
//! branch it decides is left to LLVM to drop).
//!
//! Numbers follow Numba's typing: every integer type is an `int`, every float type a `float`
//! (CPython says `False` for `isinstance(np.int32(1), int)`, and a NumPy `float64` is both a
//! `float` and an `np.float64`); `bool` is also an `int`, as in CPython.

use super::error::CallError;
use super::{Builtin, Registered};
use crate::callee::{ListFn, SetFn, StrFn};
use crate::types::{ModuleKind, Type};

/// The builtin classes `isinstance` can test against, as the builtins they are called as.
const CLASSES: &[Builtin] = &[
    Builtin::Int,
    Builtin::Float,
    Builtin::Complex,
    Builtin::Bool,
];

/// The type of a call of `isinstance` (a bool) or `type` (the class).
pub fn type_call(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    match (f, args) {
        (Builtin::IsInstance, [x, classes]) => isinstance(x, classes).map(|_| Type::Bool),
        (Builtin::IsInstance, _) => Err(CallError::typing(format!(
            "isinstance expected 2 arguments, got {}",
            args.len()
        ))),
        (_, [x]) => type_of(x),
        _ => Err(CallError::unsupported(
            "type() with other than one argument is not supported",
        )),
    }
}

/// Whether a value of type `x` is an instance of `classes` (a class or a tuple of them).
pub fn isinstance(x: &Type, classes: &Type) -> Result<bool, CallError> {
    match classes {
        Type::Tuple(items) => {
            let mut any = false;
            for item in items.iter() {
                any |= isinstance(x, item)?;
            }
            Ok(any)
        }
        Type::Builtin(class) if CLASSES.contains(class) => Ok(matches!(
            (class, x),
            (Builtin::Bool, Type::Bool)
                | (Builtin::Int, Type::Bool | Type::Int(_))
                | (Builtin::Float, Type::Float(_))
                | (Builtin::Complex, Type::Complex(_))
        )),
        // Containers, as Numba's `isinstance` (a named tuple is a tuple; a `**kwargs` struct,
        // a dict in Python, is not).
        Type::Builtin(Builtin::TupleOf) => {
            Ok(matches!(x, Type::Tuple(_)) && crate::types::kwargs_keys(x).is_none())
        }
        Type::Builtin(Builtin::Str(StrFn::Str)) => Ok(matches!(x, Type::Str | Type::StrLiteral(_))),
        Type::Builtin(Builtin::Set(SetFn::New)) => Ok(matches!(x, Type::Set(_))),
        // Compiled code holds a Python list and an `oxjit.typed.List` alike.
        Type::Builtin(Builtin::List(ListFn::New)) => Err(CallError::unsupported(
            "isinstance(x, list) is not supported: compiled code cannot tell a Python list \
             from an oxjit.typed.List (decide it before the call, or test len(x))",
        )),
        other => Err(CallError::unsupported(format!(
            "isinstance() with {other} as its second argument is not supported (the builtin \
             classes int, float, complex, bool, str, tuple and set, and tuples of them, are)"
        ))),
    }
}

/// `type(x)`: the class of a number, as the function that converts to it (`type(x)(2.5)`).
pub fn type_of(x: &Type) -> Result<Type, CallError> {
    let numpy = |name: &str| match super::lookup(ModuleKind::Numpy, name) {
        Some(Registered::Function(b)) => Ok(Type::Builtin(b)),
        _ => Err(CallError::unsupported(format!(
            "type() of a value of type {x}"
        ))),
    };
    match x {
        Type::Bool => Ok(Type::Builtin(Builtin::Bool)),
        Type::Int(t) if *t == crate::types::IntTy::I64 => Ok(Type::Builtin(Builtin::Int)),
        Type::Float(64) => Ok(Type::Builtin(Builtin::Float)),
        Type::Complex(128) => Ok(Type::Builtin(Builtin::Complex)),
        Type::Int(_) | Type::Float(_) | Type::Complex(_) => numpy(&x.to_string()),
        other => Err(CallError::unsupported(format!(
            "type() of a value of type {other} is not supported (numbers are)"
        ))),
    }
}
