//! Array expressions (seed 000 §4.5.2): after typing, every tree of elementwise array operations
//! (operators, comparisons, NumPy ufuncs) whose intermediate results are used once, in the same
//! block, becomes one `ArrayExpr` instruction: one loop, one output array, no temporaries.
//! `a += expr` on an array becomes an `ArrayExpr` that writes into `a`.

use std::collections::HashMap;
use std::sync::Arc;

use super::{CallTarget, TypedFunction};
use crate::ir::{Block, ExprNode, ExprOp, Inst, Terminator, Value};
use crate::registry::Builtin;
use crate::types::Type;

/// The elementwise operation `v` performs on arrays, with its operands.
fn array_op(typed: &TypedFunction, v: Value) -> Option<(ExprOp, Vec<Value>)> {
    if !matches!(typed.ty(v), Type::Array(_)) {
        return None;
    }
    match typed.func.inst(v) {
        Inst::BinOp(op, a, b) => Some((ExprOp::Bin(*op), vec![*a, *b])),
        Inst::Compare(op, a, b) => Some((ExprOp::Compare(*op), vec![*a, *b])),
        Inst::UnaryOp(op, a) => Some((ExprOp::Unary(*op), vec![*a])),
        Inst::Call { args, kwargs, .. } if kwargs.is_empty() => match typed.calls.get(&v) {
            Some(CallTarget::Builtin(Builtin::Numpy(f))) if f.conversion_target().is_none() => {
                Some((ExprOp::Ufunc(*f), args.clone()))
            }
            Some(CallTarget::Builtin(Builtin::Array(crate::registry::ArrayFn::Where)))
                if args.len() == 3 =>
            {
                Some((ExprOp::Where, args.clone()))
            }
            _ => None,
        },
        _ => None,
    }
}

/// Whether `v` may write to memory (or call out), which fusing must not move past.
fn writes_memory(typed: &TypedFunction, v: Value) -> bool {
    match typed.func.inst(v) {
        Inst::SetItem(..) | Inst::InplaceBinOp(..) => true,
        Inst::Call { .. } => array_op(typed, v).is_none(),
        _ => false,
    }
}

/// The element type of a value inside an expression.
fn element(t: &Type) -> Type {
    match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    }
}

pub fn fuse_array_expressions(typed: &mut TypedFunction) {
    let func = &typed.func;
    let order = func.reverse_postorder();
    // Who uses each value, and in which block.
    let mut uses: HashMap<Value, Vec<Value>> = HashMap::new();
    let mut used_elsewhere: HashMap<Value, usize> = HashMap::new();
    let mut block_of: HashMap<Value, (Block, usize)> = HashMap::new();
    for &b in &order {
        for (k, &v) in func.block(b).insts.iter().enumerate() {
            block_of.insert(v, (b, k));
            for op in func.inst(v).operands() {
                uses.entry(op).or_default().push(v);
            }
        }
        match &func.block(b).term {
            Terminator::Return(x) | Terminator::Raise(x) => {
                *used_elsewhere.entry(*x).or_default() += 1
            }
            Terminator::Branch { cond, .. } => *used_elsewhere.entry(*cond).or_default() += 1,
            _ => {}
        }
    }
    // An operation is inner (fused into its user) when its only use is an operation of the
    // same block, used once there.
    let inner = |v: Value| -> bool {
        if array_op(typed, v).is_none() || used_elsewhere.contains_key(&v) {
            return false;
        }
        match uses.get(&v).map(Vec::as_slice) {
            Some([user]) => {
                let (Some(&(bu, ku)), Some(&(bv, kv))) = (block_of.get(user), block_of.get(&v))
                else {
                    return false;
                };
                // Computed at its user instead: nothing in between may write memory.
                let pure_between = func.block(bv).insts[kv + 1..ku.max(kv + 1)]
                    .iter()
                    .all(|x| !writes_memory(typed, *x));
                bu == bv
                    && pure_between
                    && (array_op(typed, *user).is_some()
                        || matches!(func.inst(*user), Inst::InplaceBinOp(..)))
                    && func
                        .inst(*user)
                        .operands()
                        .iter()
                        .filter(|x| **x == v)
                        .count()
                        == 1
            }
            _ => false,
        }
    };

    let mut rewrites: Vec<(Value, Inst)> = Vec::new();
    let mut removed: Vec<Value> = Vec::new();
    for &b in &order {
        for &v in &func.block(b).insts {
            let (root_op, args, out) = match func.inst(v) {
                Inst::InplaceBinOp(op, target, value)
                    if matches!(typed.ty(*target), Type::Array(_)) =>
                {
                    (ExprOp::Bin(*op), vec![*target, *value], Some(*target))
                }
                _ => match array_op(typed, v) {
                    Some((op, args)) if !inner(v) => (op, args, None),
                    _ => continue,
                },
            };
            let mut inputs = Vec::new();
            let mut children = Vec::new();
            for a in args {
                children.push(build(typed, a, &inner, &mut inputs, &mut removed));
            }
            let expr = ExprNode::Op(root_op, children, element(typed.ty(v)));
            rewrites.push((
                v,
                Inst::ArrayExpr {
                    expr: Arc::new(expr),
                    inputs,
                    out,
                },
            ));
        }
    }
    for (v, inst) in rewrites {
        typed.func.values[v.index()].inst = inst;
    }
    if !removed.is_empty() {
        for block in &mut typed.func.blocks {
            block.insts.retain(|v| !removed.contains(v));
        }
    }
}

/// The expression computing `v`: inner operations inline, anything else an input.
fn build(
    typed: &TypedFunction,
    v: Value,
    inner: &dyn Fn(Value) -> bool,
    inputs: &mut Vec<Value>,
    removed: &mut Vec<Value>,
) -> ExprNode {
    if inner(v) {
        if let Some((op, args)) = array_op(typed, v) {
            removed.push(v);
            let children = args
                .into_iter()
                .map(|a| build(typed, a, inner, inputs, removed))
                .collect();
            return ExprNode::Op(op, children, element(typed.ty(v)));
        }
    }
    let k = match inputs.iter().position(|x| *x == v) {
        Some(k) => k,
        None => {
            inputs.push(v);
            inputs.len() - 1
        }
    };
    ExprNode::Input(k as u32)
}
