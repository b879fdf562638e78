//! Array expressions (the Numba paper, §4.5.2): after typing, every tree of elementwise array
//! operations (operators, comparisons, NumPy ufuncs) whose intermediate results are used once, in
//! the same block (or several times, when cheap: `fuse_uses.rs`), becomes one `ArrayExpr`
//! instruction: one loop, one output array, no temporaries.
//! `a += expr` on an array becomes an `ArrayExpr` that writes into `a`.

use std::sync::Arc;

use super::fuse_ops::{array_op, clip_call, op_of_call};
use super::fuse_uses::Uses;
use crate::ir::{ExprNode, ExprOp, Inst, Value};
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

/// The element type a ufunc call computes in, ignoring its `out=`.
fn computed_type(typed: &TypedFunction, v: Value, args: &[Value]) -> Option<Type> {
    let b = typed.calls.get(&v).and_then(CallTarget::builtin)?;
    let types: Vec<Type> = args.iter().map(|a| typed.ty(*a).clone()).collect();
    let consts = vec![None; types.len()];
    let t = crate::registry::type_call(
        b,
        &crate::registry::CallArgs {
            types: &types,
            consts: &consts,
            method: false,
        },
    )
    .ok()?;
    Some(element(&t))
}

/// The type `target op= value` computes in: NumPy's `target op value` (float32 `+=` float64
/// adds in float64), rounded once into `target`.
fn inplace_element(
    typed: &TypedFunction,
    op: crate::ir::BinOp,
    target: Value,
    value: Value,
) -> Option<Type> {
    crate::registry::elementwise::binop(op, typed.ty(target), typed.ty(value))
        .ok()
        .map(|t| element(&t))
}

/// The type `np.clip` computes in: its operands' (as its typing rule unifies them).
fn clip_element(typed: &TypedFunction, args: &[Value]) -> Option<Type> {
    let refs: Vec<&Type> = args.iter().map(|a| typed.ty(*a)).collect();
    let (elems, _) = crate::registry::elementwise::operands(&refs).ok()?;
    elems
        .iter()
        .try_fold(elems[0].clone(), |d, e| crate::types::unify(&d, e))
}

/// The element type of a value inside an expression.
fn element(t: &Type) -> Type {
    match t {
        Type::Array(a) => a.dtype.clone(),
        t => t.clone(),
    }
}

pub(super) fn fuse_array_expressions(typed: &mut TypedFunction) {
    let func = &typed.func;
    let order = func.reverse_postorder();
    // Which operations are computed inside their users (`fuse_uses.rs`).
    let uses = Uses::new(typed);
    let inner = |v: Value| uses.inner(v);

    let mut rewrites: Vec<(Value, Inst)> = Vec::new();
    let mut removed: Vec<Value> = Vec::new();
    for &b in &order {
        for &v in &func.block(b).insts {
            let clip = clip_call(typed, v);
            let is_clip = clip.is_some();
            let (root_op, args, out) = match func.inst(v) {
                // `np.clip(a, lo, hi, out=o)`: written into `o` (an `out=None` is no `out`).
                Inst::Call { .. } if is_clip => match clip {
                    Some(c) if c.2.is_some() || !inner(v) => c,
                    _ => continue,
                },
                // `np.add(a, b, out=c)`: written into `c`.
                Inst::Call { args, kwargs, .. } if matches!(kwargs.as_slice(), [(name, _)] if &**name == "out") =>
                {
                    let out = kwargs[0].1;
                    let plain = Inst::Call {
                        func: Value(0),
                        args: args.clone(),
                        kwargs: vec![],
                    };
                    match op_of_call(typed, v, &plain) {
                        Some((op, args)) => (op, args, Some(out)),
                        None => continue,
                    }
                }
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
            // With `out=`, the operation is computed in its own type, then converted.
            let own = match (func.inst(v), out) {
                (Inst::Call { .. }, Some(_)) if is_clip => clip_element(typed, &args),
                (Inst::Call { args, .. }, Some(_)) => computed_type(typed, v, args),
                (Inst::InplaceBinOp(op, target, value), Some(_)) => {
                    inplace_element(typed, *op, *target, *value)
                }
                _ => None,
            };
            let mut inputs = Vec::new();
            let mut children = Vec::new();
            for a in args {
                children.push(build(typed, a, &inner, &mut inputs, &mut removed));
            }
            let elem = own.unwrap_or_else(|| element(typed.ty(v)));
            let expr = ExprNode::Op(root_op, children, elem);
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
