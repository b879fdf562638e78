//! The IR verifier: every invariant of the SSA IR, checked after each pass in tests and debug
//! builds.

use super::{Function, Inst, Terminator, Value};
use crate::types::Type;

/// Checks the invariants of `func`; returns the first violation found.
///
/// - every block reachable from the entry has a terminator, and its targets exist;
/// - every value is defined in exactly one block (or is unplaced and unused);
/// - phis come first in their block and have exactly one incoming value per predecessor;
/// - every operand is defined, and (except in phis) defined before its use in the same block or in
///   a block that dominates it (checked approximately: defined in a reachable block).
pub fn verify(func: &Function) -> Result<(), String> {
    let n_values = func.values.len();
    let mut def_block = vec![None; n_values];
    for (bi, block) in func.blocks.iter().enumerate() {
        for &v in &block.insts {
            if v.index() >= n_values {
                return Err(format!("block{bi} holds undefined v{}", v.0));
            }
            if def_block[v.index()].is_some() {
                return Err(format!("v{} is placed in two blocks", v.0));
            }
            def_block[v.index()] = Some(bi);
        }
    }
    let reachable = func.reverse_postorder();
    let preds = func.predecessors();
    for &b in &reachable {
        let block = func.block(b);
        match &block.term {
            Terminator::Unfinished => return Err(format!("block{} has no terminator", b.0)),
            Terminator::Guard { .. } if block.insts.is_empty() => {
                return Err(format!("block{} guards no instruction", b.0))
            }
            term => {
                if let Some(v) = term.operand() {
                    check_defined(func, &def_block, v, b.0)?
                }
            }
        }
        for s in block.term.successors() {
            if s.index() >= func.blocks.len() {
                return Err(format!("block{} jumps to missing block{}", b.0, s.0));
            }
        }
        let mut seen_non_phi = false;
        for &v in &block.insts {
            let inst = func.inst(v);
            if let Inst::Phi(incoming) = inst {
                if seen_non_phi {
                    return Err(format!("phi v{} after a non-phi in block{}", v.0, b.0));
                }
                let reachable_preds: Vec<_> = preds[b.index()]
                    .iter()
                    .filter(|p| reachable.contains(p))
                    .collect();
                for p in &reachable_preds {
                    if !incoming.iter().any(|(ib, _)| ib == *p) {
                        return Err(format!(
                            "phi v{} lacks an incoming value from block{}",
                            v.0, p.0
                        ));
                    }
                }
            } else {
                seen_non_phi = true;
            }
            for op in inst.operands() {
                check_defined(func, &def_block, op, b.0)?;
            }
        }
    }
    Ok(())
}

fn check_defined(
    func: &Function,
    def_block: &[Option<usize>],
    v: Value,
    in_block: u32,
) -> Result<(), String> {
    if v.index() >= func.values.len() || def_block[v.index()].is_none() {
        return Err(format!(
            "block{in_block} uses v{} which is not defined in any block",
            v.0
        ));
    }
    Ok(())
}

/// Checks the invariants the typed IR adds to [`verify`]'s (which the caller checks first):
///
/// - every value has a type (`types` is as long as the arena);
/// - a `Cast` has the type it converts to;
/// - every call placed in a reachable block has a resolved target (`resolved`).
pub fn verify_typed(
    func: &Function,
    types: &[Type],
    resolved: &dyn Fn(Value) -> bool,
) -> Result<(), String> {
    if types.len() != func.values.len() {
        return Err(format!(
            "{} values but {} types",
            func.values.len(),
            types.len()
        ));
    }
    for b in func.reverse_postorder() {
        for &v in &func.block(b).insts {
            match func.inst(v) {
                Inst::Cast(_, to) if &types[v.index()] != to => {
                    return Err(format!(
                        "v{} casts to {to} but is typed {}",
                        v.0,
                        types[v.index()]
                    ));
                }
                Inst::Call { .. } if !resolved(v) => {
                    return Err(format!("the call v{} has no resolved target", v.0));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Checks that conversions are explicit (after promotion): an operand of a phi coming from a
/// reachable block has the phi's type, and a returned value has the function's return type.
pub fn verify_conversions(
    func: &Function,
    types: &[Type],
    return_type: &Type,
) -> Result<(), String> {
    let reachable = func.reverse_postorder();
    for &b in &reachable {
        for &v in &func.block(b).insts {
            let Inst::Phi(incoming) = func.inst(v) else {
                continue;
            };
            let t = &types[v.index()];
            for (pred, x) in incoming {
                if reachable.contains(pred) && &types[x.index()] != t {
                    return Err(format!(
                        "phi v{} of type {t} takes v{} of type {} from block{}",
                        v.0,
                        x.0,
                        types[x.index()],
                        pred.0
                    ));
                }
            }
        }
        if let Terminator::Return(v) = &func.block(b).term {
            // A generator's `return` ends it with `None` or a value of its items' type
            // (StopIteration.value); its calls make the generator.
            let ends_generator = matches!(return_type, Type::Generator(item)
                if func.is_generator()
                    && (types[v.index()] == Type::NoneType || types[v.index()] == **item));
            if &types[v.index()] != return_type && !ends_generator {
                return Err(format!(
                    "block{} returns v{} of type {} from a function returning {return_type}",
                    b.0,
                    v.0,
                    types[v.index()]
                ));
            }
        }
    }
    Ok(())
}
