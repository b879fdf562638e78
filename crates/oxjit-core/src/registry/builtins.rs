//! Python builtins: `abs min max round int float complex bool divmod pow len range`, and the
//! methods of numbers.

use super::entry::{Entry, Receiver};
use super::error::CallError;
use super::signature::{Param, ParamKind};
use super::{Builtin, CallArgs};
use crate::callee::{PyClass, StrFn};
use crate::ir::Const;
use crate::numeric::arith_result;
use crate::types::unify;
use crate::types::ModuleKind;
use crate::types::Type;

/// The builtins namespace, in one explicit list.
const BUILTINS: &[(&str, Builtin)] = &[
    ("abs", Builtin::Abs),
    ("min", Builtin::Min),
    ("max", Builtin::Max),
    ("round", Builtin::Round),
    ("int", Builtin::Int),
    ("float", Builtin::Float),
    ("complex", Builtin::Complex),
    ("bool", Builtin::Bool),
    ("divmod", Builtin::DivMod),
    ("pow", Builtin::Pow),
    ("len", Builtin::Len),
    ("print", Builtin::Print),
    ("enumerate", Builtin::Enumerate),
    ("reversed", Builtin::Reversed),
    ("zip", Builtin::Zip),
    ("range", Builtin::Range),
    ("sum", Builtin::Sum),
    ("any", Builtin::Any),
    ("all", Builtin::All),
    ("isinstance", Builtin::IsInstance),
    ("type", Builtin::TypeOf),
    ("tuple", Builtin::TupleOf),
];

/// The builtins and the methods of numbers, for the table of callables.
pub fn entries() -> Vec<Entry> {
    let mut out: Vec<Entry> = BUILTINS
        .iter()
        .map(|(n, b)| Entry::function(*b, ModuleKind::Builtins, n))
        .collect();
    // `x.item()` of a number (the items `np.nditer` yields): the number itself.
    out.push(Entry::method(
        Builtin::Conjugate,
        Receiver::Number,
        "conjugate",
    ));
    out.push(Entry::method(Builtin::NumberItem, Receiver::Number, "item"));
    for b in [
        Builtin::Prange,
        Builtin::GetNumThreads,
        Builtin::GetThreadId,
        Builtin::GetParallelChunksize,
        Builtin::SetParallelChunksize,
    ] {
        out.push(Entry::function(b, ModuleKind::Oxjit, b.name()));
    }
    for b in [Builtin::Carray, Builtin::Farray] {
        out.push(Entry::function(b, ModuleKind::Oxjit, b.name()));
    }
    out.push(Entry::function(
        Builtin::FfiFromBuffer,
        ModuleKind::Ffi,
        "from_buffer",
    ));
    // Classes compiled code tests values against (`isinstance(x, dict)`) but does not call.
    for c in PyClass::BUILTINS {
        out.push(Entry::function(
            Builtin::Class(c),
            ModuleKind::Builtins,
            c.name(),
        ));
    }
    out.push(Entry::function(
        Builtin::Class(PyClass::NdArray),
        ModuleKind::Numpy,
        "ndarray",
    ));
    out
}

/// The parameters of builtin `b` that a call may name (`round(x, ndigits=2)`), in order; the
/// others are positional only, and their number is [`type_call`]'s to check.
pub fn params(b: Builtin) -> Vec<Param> {
    use super::{CmathFn, MathFn};
    let only = |n| Param::req(n).kind(ParamKind::PositionalOnly);
    match b {
        // `int(s, base=16)`; the value has no name to the caller.
        Builtin::Int => vec![only("x"), Param::req("base")],
        Builtin::Str(StrFn::Str) => vec![Param::req("object")],
        Builtin::Round => vec![Param::req("number"), Param::req("ndigits")],
        Builtin::Enumerate => vec![only("iterable"), Param::req("start")],
        Builtin::Reversed => vec![only("sequence")],
        Builtin::Math(MathFn::Isclose) | Builtin::Cmath(CmathFn::Isclose) => vec![
            only("a"),
            only("b"),
            Param::opt("rel_tol", Const::Float(1e-9)),
            Param::opt("abs_tol", Const::Float(0.0)),
        ],
        Builtin::Math(MathFn::Prod) => vec![only("iterable"), Param::req("start")],
        Builtin::Sum => vec![only("iterable"), Param::req("start")],
        Builtin::Any | Builtin::All => vec![only("iterable")],
        Builtin::Complex => vec![Param::opt("real", Const::Float(0.0)), Param::req("imag")],
        Builtin::Carray | Builtin::Farray => vec![Param::req("ptr"), Param::req("shape")],
        // The `str` methods that CPython lets name their arguments.
        Builtin::Str(StrFn::Split | StrFn::Rsplit) => vec![
            only("self"),
            Param::opt("sep", Const::None),
            Param::opt("maxsplit", Const::Int(-1)),
        ],
        Builtin::Str(StrFn::Splitlines) => {
            vec![only("self"), Param::opt("keepends", Const::Bool(false))]
        }
        Builtin::Str(StrFn::Expandtabs) => {
            vec![only("self"), Param::opt("tabsize", Const::Int(8))]
        }
        _ => vec![],
    }
}

/// What `print` can show (a string constant too, but not inside a tuple).
fn printable(t: &Type) -> bool {
    match t {
        Type::Tuple(items) => items.iter().all(printable),
        Type::Optional(inner) => printable(inner),
        Type::Array(_) | Type::NoneType | Type::Str | Type::StrLiteral(_) => true,
        // Containers print as the text `str()` makes of them.
        t if super::strs::is_container_text(t) => true,
        t => t.is_numeric(),
    }
}

/// Checks the keyword arguments of `print`: `sep` and `end` (string constants or `None`) and
/// `flush` (a bool), as Python's; `file` is not supported.
pub fn print_keywords(keywords: &[(&str, &Type)]) -> Result<(), String> {
    for (name, t) in keywords {
        match *name {
            "sep" | "end" if matches!(t, Type::StrLiteral(_) | Type::NoneType) => {}
            "sep" | "end" => {
                return Err(format!(
                    "print() {name} must be a string constant or None, not {t}"
                ))
            }
            "flush" if matches!(t, Type::Bool) => {}
            "flush" => return Err(format!("print() flush must be a bool, not {t}")),
            "file" => return Err("print(file=...) is not supported".to_string()),
            other => {
                return Err(format!(
                    "print() got an unexpected keyword argument '{other}'"
                ))
            }
        }
    }
    Ok(())
}

/// `carray(ptr, shape)`/`farray(ptr, shape)`: an array of the pointer's item type over its
/// memory (C- or Fortran-ordered), as Numba's; a `voidptr` has no item type to view.
fn pointer_view(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    arity(f.name(), args, 2, 2)?;
    let item = match &args[0] {
        Type::Pointer(to) if **to == Type::NoneType => {
            return Err(CallError::unsupported(format!(
                "{}() of a voidptr (with dtype=) is not supported yet: declare the argument \
                 CPointer(<item type>)",
                f.name()
            )))
        }
        Type::Pointer(to) => (**to).clone(),
        t => {
            return Err(CallError::typing(format!(
                "{}() takes a C pointer (a cfunc argument of type CPointer(...)), not {t}",
                f.name()
            )))
        }
    };
    let ndim = super::creation::shape_ndim(&args[1]).map_err(CallError::typing)?;
    let layout = if f == Builtin::Carray {
        crate::types::Layout::C
    } else {
        crate::types::Layout::F
    };
    Ok(Type::Array(std::sync::Arc::new(crate::types::ArrayTy {
        dtype: item,
        ndim,
        layout,
        readonly: false,
    })))
}

/// `get_num_threads()`, `get_thread_id()`, `get_parallel_chunksize()`: an int;
/// `set_parallel_chunksize(n)`: the previous size, `n` an integer (Numba's message).
fn thread_query_type(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    if f == Builtin::SetParallelChunksize {
        arity(f.name(), args, 1, 1)?;
        if !args[0].is_integer_like() {
            return Err(CallError::typing(
                "The parallel chunksize must be an integer",
            ));
        }
    } else {
        arity(f.name(), args, 0, 0)?;
    }
    Ok(Type::I64)
}

fn arity(name: &str, args: &[Type], min: usize, max: usize) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        let expected = if min == max {
            format!("{min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(format!(
            "{name}() takes {expected} arguments ({} given)",
            args.len()
        ));
    }
    Ok(())
}

fn bad_args(f: Builtin, args: &[Type]) -> String {
    format!(
        "{}() does not accept arguments of types {}",
        f.name(),
        super::describe_args(args)
    )
}

pub fn type_call(f: Builtin, call: &CallArgs) -> Result<Type, CallError> {
    let args = call.types;
    match f {
        Builtin::Abs => {
            arity("abs", args, 1, 1)?;
            match &args[0] {
                Type::Bool => Ok(Type::I64),
                Type::Int(_) | Type::Float(_) => Ok(args[0].clone()),
                Type::Complex(bits) => Ok(Type::Float(bits / 2)),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Min | Builtin::Max => min_max(f, args),
        Builtin::Sum | Builtin::Any | Builtin::All => super::iterables::type_call(f, args),
        Builtin::Round => round_type(f, args),
        Builtin::Int => {
            arity("int", args, 0, 1)?;
            match args.first() {
                None => Ok(Type::I64),
                // A uint64 stays one: its values from 2**63 are no int64 (`int(np.uint64(2**64
                // - 8))` is 18446744073709551608 in CPython, returned to Python as an int).
                Some(t @ Type::Int(crate::types::IntTy::U64)) => Ok(t.clone()),
                Some(t) if t.is_real() => Ok(Type::I64),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Float => {
            arity("float", args, 0, 1)?;
            match args.first() {
                None => Ok(Type::F64),
                Some(t) if t.is_real() => Ok(Type::F64),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Complex => {
            arity("complex", args, 0, 2)?;
            if args.iter().all(Type::is_numeric) {
                Ok(Type::C128)
            } else {
                Err(CallError::typing(bad_args(f, args)))
            }
        }
        Builtin::Bool => {
            arity("bool", args, 0, 1)?;
            match args.first() {
                None => Ok(Type::Bool),
                Some(t) if crate::types::has_truth(t) => Ok(Type::Bool),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::DivMod => {
            arity("divmod", args, 2, 2)?;
            match arith_result(&args[0], &args[1]) {
                Some(t @ (Type::Int(_) | Type::Float(_))) => Ok(Type::tuple(vec![t.clone(), t])),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Pow => pow_type(f, args, call),
        Builtin::Len => {
            arity("len", args, 1, 1)?;
            match &args[0] {
                Type::Tuple(_) | Type::Array(_) | Type::List(_) | Type::Dict(..) => Ok(Type::I64),
                Type::DictView(..) | Type::Set(_) | Type::Range | Type::Bytes => Ok(Type::I64),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Enumerate => enumerate_type(args),
        Builtin::Reversed => reversed_type(args),
        Builtin::IsInstance | Builtin::TypeOf => super::introspect::type_call(f, args),
        Builtin::Class(_) if f.name() == "dict" => Err(CallError::unsupported(
            "dict(d) of a mapping is not supported in compiled code: use d.copy() (dict(), and \
             dict() of zip(...), enumerate(...) or a display or comprehension of pairs, are)"
                .to_string(),
        )),
        Builtin::Class(_) => Err(CallError::unsupported(format!(
            "{}() is not supported in compiled code (the class is, as the second argument of \
             isinstance)",
            f.qualified_name().trim_start_matches("builtins.")
        ))),
        Builtin::TupleOf => super::tuple_of::type_call(args),
        Builtin::Zip => zip_type(args),
        Builtin::Print => print_type(args),
        Builtin::Range | Builtin::Prange => range_type(args),
        Builtin::GetNumThreads
        | Builtin::GetThreadId
        | Builtin::GetParallelChunksize
        | Builtin::SetParallelChunksize => thread_query_type(f, args),
        Builtin::Carray | Builtin::Farray => pointer_view(f, args),
        Builtin::FfiFromBuffer => super::cffi::from_buffer_type(args),
        Builtin::NumberItem => {
            arity("item", &args[1..], 0, 0)?;
            Ok(args[0].clone())
        }
        Builtin::Conjugate => {
            arity("conjugate", &args[1..], 0, 0)?;
            match &args[0] {
                Type::Bool => Ok(Type::I64),
                t if t.is_numeric() => Ok(t.clone()),
                _ => Err(CallError::typing(bad_args(f, args))),
            }
        }
        Builtin::Math(_)
        | Builtin::Cmath(_)
        | Builtin::Numpy(_)
        | Builtin::Reduce(_)
        | Builtin::Array(_)
        | Builtin::Random(_)
        | Builtin::PyRandom(_)
        | Builtin::Cuda(_)
        | Builtin::Ufunc(_)
        | Builtin::Linalg(_)
        | Builtin::Fft(_)
        | Builtin::Str(_)
        | Builtin::List(_)
        | Builtin::Dict(_)
        | Builtin::Set(_)
        | Builtin::Tuple(_)
        | Builtin::UfuncMethod(_)
        | Builtin::Generator(_)
        | Builtin::NpGen(_) => {
            unreachable!("typed by their own registries")
        }
        Builtin::CFuncCall => unreachable!("typed by typeinfer/rules/cfuncptr.rs"),
    }
}

/// `zip(a, b, ...)` of iterables.
fn zip_type(args: &[Type]) -> Result<Type, CallError> {
    if let Some(bad) = args.iter().find(|t| !crate::types::is_iterable(t)) {
        return Err(CallError::typing(format!(
            "zip() of a value of type {bad} (not iterable here)"
        )));
    }
    zip_of_strings(args)?;
    Ok(Type::Zip(args.to_vec().into()))
}

/// `print(*args)`: what it can show.
fn print_type(args: &[Type]) -> Result<Type, CallError> {
    if let Some(bad) = args
        .iter()
        .find(|t| !(matches!(t, Type::StrLiteral(_)) || printable(t)))
    {
        return Err(CallError::unsupported(format!("print() of a value of type {bad} is not supported yet (numbers, None, strings, arrays and tuples of those are)")));
    }
    Ok(Type::NoneType)
}

/// A `zip` over a string yields new one-character strings; other items that hold references
/// (arrays, strings of a tuple) are borrowed, and one tuple cannot be both.
fn zip_of_strings(args: &[Type]) -> Result<(), CallError> {
    use crate::analysis::refcount::{is_ref, yields_new_strings};
    let iters: Vec<Type> = args
        .iter()
        .filter_map(|t| crate::types::iter_type(t).ok())
        .collect();
    let fresh = iters.iter().any(yields_new_strings);
    let borrowed = iters
        .iter()
        .any(|it| !yields_new_strings(it) && is_ref(&crate::types::next_type(it)));
    if fresh && borrowed {
        return Err(CallError::unsupported(
            "zip() of a string with arrays or tuples of strings is not supported yet",
        ));
    }
    Ok(())
}

/// `round(x)`, `round(x, ndigits)`.
fn round_type(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    arity("round", args, 1, 2)?;
    if args.len() == 2 && !args[1].is_integer_like() && args[1] != Type::NoneType {
        return Err(CallError::typing(bad_args(f, args)));
    }
    let with_digits = args.len() == 2 && args[1] != Type::NoneType;
    match (&args[0], with_digits) {
        (Type::Float(_), false) => Ok(Type::I64),
        (Type::Float(_), true) => Ok(args[0].clone()),
        (Type::Int(_) | Type::Bool, _) => Ok(Type::I64),
        _ => Err(CallError::typing(bad_args(f, args))),
    }
}

/// `range(stop)`, `range(start, stop[, step])` of integers.
fn range_type(args: &[Type]) -> Result<Type, CallError> {
    arity("range", args, 1, 3)?;
    if args.iter().all(Type::is_integer_like) {
        Ok(Type::Range)
    } else {
        Err(CallError::typing(format!(
            "range() arguments must be integers, got {}",
            super::describe_args(args)
        )))
    }
}

/// `reversed(seq)`: of a list, a tuple whose items share a type, a string or a range. Of a set
/// (no order) CPython raises `TypeError`; here that is a compile-time error, as are the
/// sequences not supported yet (arrays of more dimensions).
fn reversed_type(args: &[Type]) -> Result<Type, CallError> {
    arity("reversed", args, 1, 1)?;
    let t = &args[0];
    if crate::types::is_str(t) {
        // A string constant is reversed as the string it stands for.
        return reversed_iter(Type::Str);
    }
    if crate::types::is_reversible(t) {
        return reversed_iter(t.clone());
    }
    let message = format!("reversed() of a value of type {t} is not supported");
    match t {
        Type::Set(_) => Err(CallError::typing(format!(
            "'set' object is not reversible: {message}"
        ))),
        Type::Tuple(_) => Err(CallError::typing(format!(
            "{message} (its items differ in type)"
        ))),
        _ => Err(CallError::unsupported(message)),
    }
}

/// `reversed(x)` is an iterator, as in CPython (`next()` steps it; a `for` loop over it
/// continues): the iterator of the `Type::Reversed` iterable (`types/reversed.rs`).
fn reversed_iter(seq: Type) -> Result<Type, CallError> {
    crate::types::iter_type(&Type::Reversed(std::sync::Arc::new(seq))).map_err(CallError::typing)
}

/// `enumerate(iterable, start)`.
fn enumerate_type(args: &[Type]) -> Result<Type, CallError> {
    arity("enumerate", args, 1, 2)?;
    if args.len() == 2 && !args[1].is_integer_like() {
        return Err(CallError::typing(format!(
            "enumerate() start must be an integer, not {}",
            args[1]
        )));
    }
    if !crate::types::is_iterable(&args[0]) {
        return Err(CallError::typing(format!(
            "enumerate() of a value of type {} (not iterable here)",
            args[0]
        )));
    }
    Ok(Type::Enumerate(std::sync::Arc::new(args[0].clone())))
}

/// `pow(x, y)` (the operator's type); `pow(x, y, m)` of integers is an int64.
fn pow_type(f: Builtin, args: &[Type], call: &CallArgs) -> Result<Type, CallError> {
    arity("pow", args, 2, 3)?;
    if args.len() == 3 {
        if args.iter().all(Type::is_integer_like) {
            return Ok(Type::I64);
        }
        return Err(CallError::typing(
            "pow() 3rd argument not allowed unless all arguments are integers",
        ));
    }
    Ok(power_result(
        &args[0],
        &args[1],
        call.consts.get(1).and_then(|c| c.as_ref()),
    )
    .ok_or_else(|| bad_args(f, args))?)
}

/// `min`/`max` of numbers, or of one tuple of numbers. Of two or more arguments where some may
/// be `None`: the optional of the values' result (a `None` raises when compared).
fn min_max(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    use crate::types::optional::{may_be_none, strip};
    if args.len() >= 2 && args.iter().any(may_be_none) {
        let values: Vec<Type> = args.iter().map(strip).collect();
        if values.contains(&Type::NoneType) {
            return Err(CallError::typing(bad_args(f, args)));
        }
        let t = min_max(f, &values)?;
        if !super::iterables::orderable(&t) {
            return Err(CallError::typing(bad_args(f, args)));
        }
        return Ok(Type::Optional(std::sync::Arc::new(t)));
    }
    let items: Vec<Type> = match args {
        [t @ Type::Tuple(items)] => match t.uniform_item() {
            Some(_) => items.to_vec(),
            None if items.is_empty() => {
                return Err(CallError::typing(format!(
                    "{}() arg is an empty sequence",
                    f.name()
                )))
            }
            None => items.to_vec(),
        },
        _ if args.len() >= 2 => args.to_vec(),
        [one] if crate::types::is_iterable(one) => {
            return super::iterables::min_max_of_iterable(f, one);
        }
        _ => {
            return Err(CallError::typing(format!(
                "{}() expects 2 or more numbers, or one tuple",
                f.name()
            )))
        }
    };
    // Strings compare with strings only (by code points).
    if items.iter().all(crate::types::is_str) {
        return Ok(Type::Str);
    }
    // Tuples and lists: items of one type that `<` orders (lexicographically).
    let first = crate::types::widen_literal(&items[0]);
    if !first.is_real() {
        let same = items
            .iter()
            .all(|t| crate::types::widen_literal(t) == first);
        return match same && super::iterables::orderable(&first) {
            true => Ok(first),
            false => Err(CallError::typing(bad_args(f, args))),
        };
    }
    let mut acc = items[0].clone();
    for t in &items[1..] {
        if !t.is_real() || !acc.is_real() {
            return Err(CallError::typing(bad_args(f, args)));
        }
        acc = unify(&acc, t).ok_or_else(|| bad_args(f, args))?;
    }
    if !acc.is_real() {
        return Err(CallError::typing(bad_args(f, args)));
    }
    Ok(acc)
}

/// The type of `base ** exp`. An integer raised to an integer is an integer, except where the
/// exponent is a negative constant, which makes it a float as in Python; a negative exponent only
/// known at run time raises there (never a silently wrong integer).
pub fn power_result(base: &Type, exp: &Type, exp_const: Option<&Const>) -> Option<Type> {
    let t = arith_result(base, exp)?;
    if let (Type::Int(_), Some(Const::Int(e))) = (&t, exp_const) {
        if *e < 0 {
            return Some(Type::F64);
        }
    }
    Some(t)
}
