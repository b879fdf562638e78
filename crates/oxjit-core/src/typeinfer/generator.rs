//! The type of a generator function's calls: `generator(T)`, where `T` is what its `yield`s
//! yield, unified as values meet at a merge. Its `return`s end it and may not carry a value
//! (CPython's `StopIteration.value` is not supported).

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
    for b in func.reverse_postorder() {
        if let Terminator::Return(v) = &func.block(b).term {
            if matches!(&types[v.index()], Some(t) if *t != Type::NoneType) {
                return Err(Diagnostic::unsupported(
                    "'return' with a value in a generator is not supported (its value would be \
                     StopIteration.value)",
                    func.block(b).term_range,
                ));
            }
        }
    }
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
            if !t.is_runtime() || matches!(t, Type::Generator(_)) {
                let what = if t.is_runtime() {
                    "a generator cannot yield another generator yet"
                } else {
                    "a generator can only yield values that exist at run time"
                };
                return Err(Diagnostic::unsupported(
                    format!("{what} (this yields {t})"),
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
    Ok(item.map(|t| Type::Generator(Arc::new(t))))
}
