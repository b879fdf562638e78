//! `for w in s.split(...)` without the list: where the list a `str.split` call makes is used
//! only by the `iter` of a loop, and that iterator only to step it (`iter_valid`/`iter_next`,
//! what a `for` statement or a comprehension makes), the call and the iterator become one
//! `Type::StrSplitIter`: lowering makes each word as the loop asks for it (the runtime's
//! `strs/split_iter.rs`), so no list of 10^6 words is built, and each word's block is freed
//! (to the free list of its size) before the next is made.
//!
//! The words, their order and the exceptions are the list's: the split's arguments are
//! evaluated at the call as before, and the first word is made there too, so an empty separator
//! raises at the call. The string (and a separator) stay alive while the iterator is used, as
//! the receiver of any borrowing value does (`analysis::refcount`). A list used elsewhere too
//! (kept in a variable, returned, passed on) is built as before; so is `rsplit`, whose words
//! come from the right. Generators keep the list (their iterators live in the frame).

use crate::ir::{Inst, Value};
use crate::registry::strs::StrFn;
use crate::registry::Builtin;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

pub(super) fn lazy_split(typed: &mut TypedFunction) {
    if typed.func.is_generator() {
        return;
    }
    let mut uses = vec![0u32; typed.func.values.len()];
    for block in &typed.func.blocks {
        for &v in &block.insts {
            for op in typed.func.inst(v).operands() {
                uses[op.index()] += 1;
            }
        }
        if let Some(op) = block.term.operand() {
            uses[op.index()] += 1;
        }
    }
    let mut lazy = Vec::new();
    for block in &typed.func.blocks {
        for &it in &block.insts {
            let Inst::GetIter(list) = *typed.func.inst(it) else {
                continue;
            };
            if uses[list.index()] != 1 || !is_split_call(typed, list) {
                continue;
            }
            if only_stepped(typed, it, uses[it.index()]) {
                lazy.push((list, it));
            }
        }
    }
    for (list, it) in lazy {
        typed.types[list.index()] = Type::StrSplitIter;
        typed.types[it.index()] = Type::StrSplitIter;
    }
}

/// Whether `v` is a call of `str.split` (a string's, resolved by typing) making a list of strings.
fn is_split_call(typed: &TypedFunction, v: Value) -> bool {
    matches!(typed.func.inst(v), Inst::Call { .. })
        && matches!(
            typed.calls.get(&v),
            Some(CallTarget::Builtin(r)) if r.id == Builtin::Str(StrFn::Split) && r.receiver.is_some()
        )
        && matches!(typed.ty(v), Type::List(item) if **item == Type::Str)
}

/// Whether the `n` uses of iterator `it` all step it.
fn only_stepped(typed: &TypedFunction, it: Value, n: u32) -> bool {
    let mut stepping = 0;
    for block in &typed.func.blocks {
        for &v in &block.insts {
            if matches!(typed.func.inst(v), Inst::IterValid(x) | Inst::IterNext(x) if *x == it) {
                stepping += 1;
            }
        }
    }
    stepping == n
}
