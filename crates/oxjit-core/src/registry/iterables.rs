//! Python's reductions of an iterable: `sum(iterable, start=0)`, `any`, `all`, and `min`/`max`
//! of one iterable that is not a tuple (a range, an array, `enumerate`...). The items are those
//! a `for` loop over the iterable sees; the result types follow the arithmetic of the items
//! (`sum`) or are the items' (`min`, `max`).

use super::error::CallError;
use super::Builtin;
use crate::types::{is_iterable, iter_type, next_type, Type};

/// The type of the items a `for` loop over `t` yields, if `t` is iterable.
fn items_of(t: &Type) -> Option<Type> {
    if !is_iterable(t) {
        return None;
    }
    iter_type(t).ok().map(|it| next_type(&it))
}

/// `sum`, `any`, `all` of `args` (the iterable, then `sum`'s start).
pub fn type_call(f: Builtin, args: &[Type]) -> Result<Type, CallError> {
    let name = f.name();
    let Some(iterable) = args.first() else {
        return Err(CallError::typing(format!("{name}() takes an iterable")));
    };
    let item = items_of(iterable).ok_or_else(|| match iterable {
        Type::Tuple(_) => CallError::unsupported(format!(
            "{name}() of a tuple of items of different types ({iterable}) is not supported: \
             its items must have one type"
        )),
        _ => CallError::typing(format!(
            "{name}() of a value of type {iterable}, which is not iterable"
        )),
    })?;
    if !item.is_numeric() {
        return Err(CallError::unsupported(format!(
            "{name}() of items of type {item} is not supported (numbers are)"
        )));
    }
    match f {
        Builtin::Any | Builtin::All => Ok(Type::Bool),
        _ => {
            if matches!(iterable, Type::Tuple(_)) && matches!(item, Type::Float(_)) {
                // CPython 3.12 compensates the rounding of float additions in sum(), earlier
                // versions do not: a tuple's floats may be either version's.
                return Err(CallError::unsupported(
                    "sum() of a tuple of floats is not supported: its rounding differs between \
                     CPython versions (use math.fsum, or a loop)",
                ));
            }
            let start = args.get(1).cloned().unwrap_or(Type::I64);
            if !start.is_numeric() {
                return Err(CallError::typing(format!(
                    "sum() start of type {start} (a number is needed)"
                )));
            }
            let once = crate::numeric::arith_result(&start, &item);
            let twice = once
                .as_ref()
                .and_then(|t| crate::numeric::arith_result(t, &item));
            twice.ok_or_else(|| {
                CallError::typing(format!("sum() of {item} items from a {start} start"))
            })
        }
    }
}

/// `min`/`max` of one iterable that is not a tuple: its items' type.
pub fn min_max_of_iterable(f: Builtin, iterable: &Type) -> Result<Type, CallError> {
    let item = items_of(iterable).ok_or_else(|| {
        CallError::typing(format!(
            "{}() expects 2 or more numbers, or one iterable; got {iterable}",
            f.name()
        ))
    })?;
    if !item.is_real() && !orderable(&item) {
        return Err(CallError::unsupported(format!(
            "{}() of items of type {item} is not supported (numbers, strings, and tuples and \
             lists of those are)",
            f.name()
        )));
    }
    Ok(crate::types::widen_literal(&item))
}

/// Whether values of type `t` compare with `<` to one `bool` (strings, tuples and lists of
/// orderable items; numbers; not arrays, whose `<` is elementwise).
pub fn orderable(t: &Type) -> bool {
    matches!(
        super::operators::compare(crate::ir::CmpOp::Lt, t, t),
        Ok(Type::Bool)
    )
}
