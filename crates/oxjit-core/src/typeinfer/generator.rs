//! The type of a generator function's calls: `generator(T)`, where `T` is what its `yield`s
//! yield, unified as values meet at a merge. Its `return`s end it; a value returned must be a
//! number or bool of type `T` (it travels in the item's place, to become `StopIteration.value`
//! for a Python consumer; compiled consumers drop it as CPython's `for` does).

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Function, Inst, Terminator};
use crate::types::{unify, widen_literal, Type};

/// `Some(generator(T))` for a generator function, from the yields typed so far (a recursive
/// generator's own items are typed from this provisional type, then the solver goes again);
/// `None` for a function that is no generator or where no yield is typed yet.
pub(super) fn return_type(func: &Function, types: &[Option<Type>]) -> Result<Option<Type>> {
    if !func.is_generator() {
        return Ok(None);
    }
    let item = yielded_type(func, types)?;
    for b in func.reverse_postorder() {
        let Terminator::Return(v) = &func.block(b).term else {
            continue;
        };
        let Some(t) = &types[v.index()] else {
            continue;
        };
        let t = widen_literal(t);
        if t == Type::NoneType {
            continue;
        }
        let fits = item.as_ref().is_some_and(|i| *i == t) && t.is_numeric();
        if !fits {
            let items = item
                .as_ref()
                .map_or("nothing".to_string(), |i| i.to_string());
            return Err(Diagnostic::unsupported(
                format!(
                    "'return' with a value in a generator: the value (StopIteration.value) must \
                     be a number or bool of the type the generator yields (it yields {items}, \
                     this returns {t})"
                ),
                func.block(b).term_range,
            ));
        }
    }
    Ok(item.map(|t| Type::Generator(Arc::new(t))))
}

/// The type of the `yield` expression `v`: `None` where its value is not used (CPython's value
/// is dropped) or the generator's items are not numbers; otherwise what `send()` passes in, an
/// optional of the items' type (`None` for `next()`). `Ok(None)` while no item is typed yet.
pub(super) fn sent_value_type(
    func: &Function,
    v: crate::ir::Value,
    types: &[Option<Type>],
) -> Result<Option<Type>> {
    if !func.is_used(v) {
        return Ok(Some(Type::NoneType));
    }
    let Some(item) = yielded_type(func, types)? else {
        return Ok(None);
    };
    if func.is_yield_from(v) {
        return Ok(forwarded_type(func, v, types, &item));
    }
    Ok(match crate::types::generator::sent_type(&item) {
        Some(t) => Some(Type::Optional(Arc::new(t))),
        // The items typed so far (a first `yield None`) may not be all of them.
        None if yielded_values(func)
            .iter()
            .any(|x| types[x.index()].is_none()) =>
        {
            None
        }
        // A coroutine that only receives (`x = yield`): nothing types what it would receive.
        None if item == Type::NoneType => {
            return Err(Diagnostic::unsupported(
                "the value of this yield expression is used, but the generator yields only None: \
                 a compiled generator's yield expressions receive values of the type of its \
                 items (yield a number, such as a running total, to receive numbers)",
                func.range(v),
            ))
        }
        None => Some(Type::NoneType),
    })
}

/// The values the function's reachable `yield`s yield.
pub(super) fn yielded_values(func: &Function) -> Vec<crate::ir::Value> {
    func.reverse_postorder()
        .into_iter()
        .flat_map(|b| func.block(b).insts.iter())
        .filter_map(|&v| match func.inst(v) {
            Inst::Yield(x) => Some(*x),
            _ => None,
        })
        .collect()
}

/// The type of what the generator's `yield`s yield, unified (`None` where none is typed yet).
fn yielded_type(func: &Function, types: &[Option<Type>]) -> Result<Option<Type>> {
    let mut item: Option<Type> = None;
    for b in func.reverse_postorder() {
        for &v in &func.block(b).insts {
            let Inst::Yield(x) = func.inst(v) else {
                continue;
            };
            let Some(t) = &types[x.index()] else {
                continue;
            };
            let t = widen_literal(t);
            if !t.is_runtime() {
                return Err(Diagnostic::unsupported(
                    format!(
                        "a generator can only yield values that exist at run time (this yields \
                         {t})"
                    ),
                    func.range(v),
                ));
            }
            item = Some(match item {
                None => t,
                Some(prev) => unify(&prev, &t).ok_or_else(|| {
                    Diagnostic::typing(
                        format!(
                            "this generator yields {prev} elsewhere but {t} here: a compiled \
                             generator yields one type"
                        ),
                        func.range(v),
                    )
                })?,
            });
        }
    }
    Ok(item)
}

/// The value of the `yield` of a `yield from` (`v`), which passes what is sent on to its
/// iterable: an optional of what the generator's own `yield`s receive where the iterable is a
/// generator receiving the same (`None` where it is something else: a value sent is then
/// refused, as CPython's iterators without `send` refuse it). `None` while not known yet.
fn forwarded_type(
    func: &Function,
    v: crate::ir::Value,
    types: &[Option<Type>],
    item: &Type,
) -> Option<Type> {
    let Inst::Yield(x) = func.inst(v) else {
        return Some(Type::NoneType);
    };
    let Inst::IterNext(it) = func.inst(*x) else {
        return Some(Type::NoneType);
    };
    let Inst::GetIter(iterable) = func.inst(*it) else {
        return Some(Type::NoneType);
    };
    let inner = match types[iterable.index()].as_ref()? {
        Type::Generator(inner) => crate::types::generator::sent_type(inner),
        _ => None,
    };
    let own = crate::types::generator::sent_type(item);
    Some(match (inner, own) {
        (Some(a), Some(b)) if a == b => Type::Optional(Arc::new(a)),
        _ => Type::NoneType,
    })
}
