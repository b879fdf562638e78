//! Inserts the `np.asarray` calls typing decided on (`typeinfer/rules/array_like.rs`): where a
//! NumPy function is given a list or tuple of numbers for an array, the array is made just before
//! the call and passed instead, so that lowering, the reference counts (the new array is a call's
//! fresh result, given back after its last use) and the exception paths treat it as any array.

use crate::callee::ArrayFn;
use crate::ir::{Inst, Value};
use crate::registry::Builtin;
use crate::typeinfer::{ArgSource, ArrayLikeArg, CallTarget, TypedFunction};
use crate::types::Type;

pub(super) fn insert_conversions(typed: &mut TypedFunction) {
    if typed.array_like.is_empty() {
        return;
    }
    let mut calls: Vec<(Value, Vec<ArrayLikeArg>)> = typed.array_like.drain().collect();
    calls.sort_by_key(|(v, _)| *v);
    for (call, conversions) in calls {
        let Some((block, at)) = position(typed, call) else {
            continue; // in a block typing found unreachable
        };
        let mut inserted = Vec::new();
        for conv in conversions {
            let Inst::Call { args, kwargs, .. } = typed.func.inst(call).clone() else {
                unreachable!("a conversion recorded for a value that is no call");
            };
            let operand = match conv.operand {
                ArgSource::Positional(i) => args[i],
                ArgSource::Keyword(i) => kwargs[i].1,
                _ => unreachable!("only positional and keyword arguments are converted"),
            };
            let range = typed.func.range(operand);
            let callee = add(
                typed,
                Inst::Global("numpy.asarray".into()),
                Type::Builtin(Builtin::Array(ArrayFn::Asarray)),
                range,
            );
            let array = add(
                typed,
                Inst::Call {
                    func: callee,
                    args: vec![operand],
                    kwargs: Vec::new(),
                },
                conv.array,
                range,
            );
            typed
                .calls
                .insert(array, CallTarget::Builtin(conv.resolved));
            inserted.extend([callee, array]);
            let Inst::Call { args, kwargs, .. } = &mut typed.func.values[call.index()].inst else {
                unreachable!()
            };
            match conv.operand {
                ArgSource::Positional(i) => args[i] = array,
                ArgSource::Keyword(i) => kwargs[i].1 = array,
                _ => unreachable!(),
            }
        }
        let insts = &mut typed.func.blocks[block.index()].insts;
        insts.splice(at..at, inserted);
    }
}

/// The block holding `v` and its index there.
fn position(typed: &TypedFunction, v: Value) -> Option<(crate::ir::Block, usize)> {
    typed.func.blocks.iter().enumerate().find_map(|(b, data)| {
        let at = data.insts.iter().position(|&x| x == v)?;
        Some((crate::ir::Block(b as u32), at))
    })
}

/// A new value (placed by the caller) of type `ty`.
fn add(typed: &mut TypedFunction, inst: Inst, ty: Type, range: ruff_text_size::TextRange) -> Value {
    let v = typed.func.make_value(inst, range);
    typed.types.push(ty);
    typed.consts.push(None);
    v
}
