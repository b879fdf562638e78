//! `isinstance(x, classes)` and `type(x)`: answered at compile time from the type of `x`, as
//! Numba does. Compiled code has one type per value, so the answer is mostly a constant, and
//! typing does not type the branch it rules out (`typeinfer/decided.rs`).
//!
//! Where one type holds objects of several classes, the answer is a test made at run time
//! ([`Test`]): a list (dict) is a Python `list` or an `oxjit.typed.List` as its block's header
//! says, a caught exception has its class, a value that may be `None` is tested for it. The
//! answer is then what CPython says of the same objects.
//!
//! Numbers follow Numba's typing: every integer type is an `int`, every float type a `float`
//! (CPython says `False` for `isinstance(np.int32(1), int)`, and a NumPy `float64` is both a
//! `float` and an `np.float64`); `bool` is also an `int`, as in CPython.

use std::sync::Arc;

use oxjit_abi::exception_classes::exception_matches;

use super::error::CallError;
use super::{Builtin, Registered};
use crate::callee::{DictFn, ListFn, PyClass, SetFn, StrFn};
use crate::types::{ModuleKind, Type};

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

/// What `isinstance(x, classes)` is for a value of `x`'s type: a constant, or a test compiled
/// code makes at run time where one type holds objects of several classes.
#[derive(Clone, Debug, PartialEq)]
pub enum Answer {
    Known(bool),
    Test(Test),
}

/// A test made at run time (`lower/isinstance.rs`).
#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    /// A list or dict is an `oxjit.typed` container (`true`) or a Python one (`false`): one type
    /// holds both, and the block's header says which Python will see.
    Typed(bool),
    /// A caught exception is an instance of one of these classes.
    Caught(Vec<Arc<str>>),
    /// A value that may be `None`: the answer for its value, and for `None`.
    Optional { some: Box<Answer>, none: bool },
}

impl Answer {
    /// `self or other`, for the classes of a tuple.
    fn or(self, other: Answer) -> Answer {
        use Answer::{Known, Test as T};
        match (self, other) {
            (Known(true), _) | (_, Known(true)) => Known(true),
            (Known(false), a) | (a, Known(false)) => a,
            (T(Test::Typed(a)), T(Test::Typed(b))) if a != b => Known(true),
            (T(Test::Caught(mut a)), T(Test::Caught(b))) => {
                a.extend(b);
                T(Test::Caught(a))
            }
            (a, _) => a,
        }
    }
}

/// Whether a value of type `x` is an instance of `classes` (a class or a tuple of them), where
/// typing knows it (`None` where compiled code tests it at run time).
pub fn isinstance(x: &Type, classes: &Type) -> Result<Option<bool>, CallError> {
    Ok(match answer(x, classes)? {
        Answer::Known(b) => Some(b),
        Answer::Test(_) => None,
    })
}

/// What `isinstance(x, classes)` is for a value of type `x`.
pub fn answer(x: &Type, classes: &Type) -> Result<Answer, CallError> {
    if let Type::Optional(inner) = x {
        let some = answer(inner, classes)?;
        let none = answer(&Type::NoneType, classes)? == Answer::Known(true);
        return Ok(match some {
            Answer::Known(b) if b == none => Answer::Known(b),
            some => Answer::Test(Test::Optional {
                some: Box::new(some),
                none,
            }),
        });
    }
    match classes {
        Type::Tuple(items) => {
            let mut any = Answer::Known(false);
            for item in items.iter() {
                any = any.or(answer(x, item)?);
            }
            Ok(any)
        }
        Type::Builtin(class) => builtin_class(x, *class),
        Type::ExceptionClass(class) => Ok(match x {
            Type::Exception(own) => Answer::Known(exception_matches(own, class)),
            Type::CaughtException => Answer::Test(Test::Caught(vec![class.clone()])),
            _ => Answer::Known(false),
        }),
        Type::JitClass(class) => Ok(Answer::Known(
            matches!(x, Type::JitInstance(own) if own.handle == class.handle),
        )),
        Type::NamedTupleClass(class) => Ok(Answer::Known(matches!(
            x,
            Type::Tuple(items) if items.class().is_some_and(|own| own.class == class.class)
        ))),
        other => Err(unsupported_class(other)),
    }
}

/// `isinstance(x, class)` of a builtin class (or a NumPy scalar type).
fn builtin_class(x: &Type, class: Builtin) -> Result<Answer, CallError> {
    let known = |b| Ok(Answer::Known(b));
    match class {
        Builtin::Bool => known(matches!(x, Type::Bool)),
        Builtin::Int => known(matches!(x, Type::Bool | Type::Int(_))),
        Builtin::Float => known(matches!(x, Type::Float(_))),
        Builtin::Complex => known(matches!(x, Type::Complex(_))),
        // A named tuple is a tuple; a `**kwargs` struct, a dict in Python, is not.
        Builtin::TupleOf => {
            known(matches!(x, Type::Tuple(_)) && crate::types::kwargs_keys(x).is_none())
        }
        Builtin::Str(StrFn::Str) => known(matches!(x, Type::Str | Type::StrLiteral(_))),
        Builtin::Set(SetFn::New) => known(matches!(x, Type::Set(_))),
        Builtin::Range => known(matches!(x, Type::Range)),
        // One type holds a Python list and an `oxjit.typed.List` (likewise dicts).
        Builtin::List(ListFn::New) => Ok(container(matches!(x, Type::List(_)), false)),
        Builtin::List(ListFn::TypedNew) => Ok(container(matches!(x, Type::List(_)), true)),
        Builtin::Class(PyClass::Dict) => Ok(container(matches!(x, Type::Dict(..)), false)),
        Builtin::Dict(DictFn::TypedNew) => Ok(container(matches!(x, Type::Dict(..)), true)),
        Builtin::Class(PyClass::NdArray) => known(matches!(x, Type::Array(_))),
        Builtin::Class(PyClass::NoneType) => known(matches!(x, Type::NoneType)),
        Builtin::Class(PyClass::Object) => known(true),
        Builtin::Class(PyClass::Bytes) => known(matches!(x, Type::Bytes)),
        // Compiled code holds no frozenset.
        Builtin::Class(PyClass::FrozenSet) => known(false),
        // A NumPy scalar type, as Numba answers it: of the type it converts to (an `int`
        // argument is an `int64`).
        Builtin::Numpy(f) => match f.conversion_target() {
            Some(t) => known(*x == t),
            None => Err(unsupported_class(&Type::Builtin(class))),
        },
        _ => Err(unsupported_class(&Type::Builtin(class))),
    }
}

/// A list or dict class: `typed` says which of the two containers of one type it is.
fn container(is_container: bool, typed: bool) -> Answer {
    if is_container {
        Answer::Test(Test::Typed(typed))
    } else {
        Answer::Known(false)
    }
}

fn unsupported_class(class: &Type) -> CallError {
    CallError::unsupported(format!(
        "isinstance() with {class} as its second argument is not supported (the builtin \
         classes int float complex bool str tuple list dict set range bytes object, \
         np.ndarray, NumPy scalar types, typed.List, typed.Dict, exception classes, \
         jitclasses and named tuple classes, and tuples of them, are)"
    ))
}

/// `type(x)`: the class of a number, as the function that converts to it (`type(x)(2.5)`), or
/// of a string, tuple, set, range, array, `None`, exception, jitclass instance or named tuple.
/// Not of a list or dict: which class Python sees (`list` or `typed.List`) is known only at run
/// time.
pub fn type_of(x: &Type) -> Result<Type, CallError> {
    let numpy = |name: &str| match super::lookup(ModuleKind::Numpy, name) {
        Some(Registered::Function(b)) => Ok(Type::Builtin(b)),
        _ => Err(CallError::unsupported(format!(
            "type() of a value of type {x}"
        ))),
    };
    let class = |b| Ok(Type::Builtin(b));
    match x {
        Type::Bool => class(Builtin::Bool),
        Type::NoneType => class(Builtin::Class(PyClass::NoneType)),
        Type::Int(t) if *t == crate::types::IntTy::I64 => class(Builtin::Int),
        Type::Float(64) => class(Builtin::Float),
        Type::Complex(128) => class(Builtin::Complex),
        Type::Int(_) | Type::Float(_) | Type::Complex(_) => numpy(&x.to_string()),
        Type::Str | Type::StrLiteral(_) => class(Builtin::Str(StrFn::Str)),
        Type::Tuple(items) => match items.class() {
            Some(named) => Ok(Type::NamedTupleClass(named.clone())),
            None if crate::types::kwargs_keys(x).is_none() => class(Builtin::TupleOf),
            None => Err(CallError::unsupported("type() of a **kwargs dict")),
        },
        Type::Set(_) => class(Builtin::Set(SetFn::New)),
        Type::Range => class(Builtin::Range),
        Type::Array(_) => class(Builtin::Class(PyClass::NdArray)),
        Type::Exception(name) => Ok(Type::ExceptionClass(name.clone())),
        Type::JitInstance(c) => Ok(Type::JitClass(c.clone())),
        Type::List(_) | Type::Dict(..) => Err(CallError::unsupported(format!(
            "type() of a value of type {x} is not supported: it is a Python container or an \
             oxjit.typed one, as only run time tells (isinstance(x, list) tells them apart)"
        ))),
        other => Err(CallError::unsupported(format!(
            "type() of a value of type {other} is not supported (numbers, strings, tuples, \
             sets, ranges, arrays, None, exceptions and jitclass instances are)"
        ))),
    }
}

/// Whether two classes known when compiling are the same one (`type(x) is int`); `None` where
/// either is no class.
pub fn same_class(a: &Type, b: &Type) -> Option<bool> {
    (is_class(a) && is_class(b)).then(|| a == b)
}

/// Whether `t` is a class compiled code knows (what `type(x)` gives, or `isinstance` takes).
fn is_class(t: &Type) -> bool {
    match t {
        Type::ExceptionClass(_) | Type::JitClass(_) | Type::NamedTupleClass(_) => true,
        Type::Builtin(b) => matches!(
            b,
            Builtin::Int
                | Builtin::Float
                | Builtin::Complex
                | Builtin::Bool
                | Builtin::TupleOf
                | Builtin::Range
                | Builtin::Str(StrFn::Str)
                | Builtin::Set(SetFn::New)
                | Builtin::List(ListFn::New | ListFn::TypedNew)
                | Builtin::Dict(DictFn::TypedNew)
                | Builtin::Class(_)
        ),
        _ => false,
    }
}
