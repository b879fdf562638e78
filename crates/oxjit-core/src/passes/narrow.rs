//! Lowers the refinements typing gave the branches of `None` tests (`Inst::Narrow`, made by
//! `ssa/narrow.rs`): where the variable was optional, the branch reads its value through the
//! unwrapping `Cast` (its test has ruled `None` out, so the check never fails); elsewhere the
//! refinement changed nothing and its uses read the variable itself.

use std::collections::HashMap;

use crate::ir::{Inst, Value};
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

pub(super) fn lower_narrowings(typed: &mut TypedFunction) {
    let mut same: HashMap<Value, Value> = HashMap::new();
    for i in 0..typed.func.values.len() {
        let v = Value(i as u32);
        let Inst::Narrow(a) = *typed.func.inst(v) else {
            continue;
        };
        match typed.ty(a) {
            Type::Optional(_) => {
                let to = typed.ty(v).clone();
                typed.func.values[i].inst = Inst::Cast(a, to);
            }
            _ => {
                same.insert(v, a);
            }
        }
    }
    if same.is_empty() {
        return;
    }
    // Where the branches meet, the variable's phi now merges one value: it is that value.
    loop {
        let before = same.len();
        for block in &typed.func.blocks {
            for &v in &block.insts {
                let Inst::Phi(incoming) = typed.func.inst(v) else {
                    continue;
                };
                if same.contains_key(&v) {
                    continue;
                }
                let mut merged = incoming
                    .iter()
                    .map(|(_, x)| root(&same, *x))
                    .filter(|&x| x != v);
                if let Some(first) = merged.next() {
                    if merged.all(|x| x == first) {
                        same.insert(v, first);
                    }
                }
            }
        }
        if same.len() == before {
            break;
        }
    }
    let root = |x: Value| root(&same, x);
    for block in &mut typed.func.blocks {
        block.insts.retain(|v| !same.contains_key(v));
        if let Some(x) = block.term.operand_mut() {
            *x = root(*x);
        }
    }
    for data in &mut typed.func.values {
        crate::ir::rewrite_operands(&mut data.inst, root);
    }
    for target in typed.calls.values_mut() {
        let receiver = match target {
            CallTarget::Builtin(r) => r.receiver.as_mut(),
            CallTarget::NamedTuple { receiver, .. } => receiver.as_mut(),
            CallTarget::NamedTupleAsDict { receiver } => Some(receiver),
            _ => None,
        };
        if let Some(x) = receiver {
            *x = root(*x);
        }
    }
    for x in typed.ctypes_of.values_mut() {
        *x = root(*x);
    }
}

/// What `x` stands for: followed through the refinements (and phis) that read one value.
fn root(same: &HashMap<Value, Value>, mut x: Value) -> Value {
    while let Some(&y) = same.get(&x) {
        x = y;
    }
    x
}
