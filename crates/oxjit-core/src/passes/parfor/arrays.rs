//! Reductions into arrays in a `prange` loop, which each chunk accumulates into a private array
//! started from the operation's identity (`np.zeros_like`, `np.ones_like` of the array), the
//! private arrays then combined into the result in chunk order:
//!
//! - *whole-array* reductions: an array variable of the function updated in every iteration by
//!   `A += x`, `A -= x`, `A *= x` (in place: the result is the original array, updated), or
//!   `A = A + x`, `A = A - x`, `A = A * x` (a new array, as the serial loop makes);
//! - *indirect* updates: an array the loop only updates item by item, `a[k] += x` (`-=`, `*=`,
//!   also written `a[k] = a[k] + x`), at an index `k` that is not the loop's variable (a
//!   histogram): iterations may update the same item, a race if they shared the array.

use std::collections::HashSet;

use super::reduction::Combine;
use super::PrangeLoop;
use crate::ir::{BinOp, ExprNode, ExprOp, Inst, Terminator, Value};
use crate::typeinfer::TypedFunction;
use crate::types::Type;

/// How a whole-array reduction combines, and whether it updates the array in place.
pub(super) fn classify_array(
    typed: &TypedFunction,
    lp: &PrangeLoop,
    phi: Value,
) -> Result<(Combine, bool), String> {
    let func = &typed.func;
    let ty = typed.ty(phi).clone();
    let mut derived: HashSet<Value> = HashSet::from([phi]);
    let mut kinds: HashSet<(Combine, bool)> = HashSet::new();
    loop {
        let mut grew = false;
        for &b in &lp.blocks {
            for &v in &func.block(b).insts {
                if derived.contains(&v) {
                    continue;
                }
                if !func.inst(v).operands().iter().any(|o| derived.contains(o)) {
                    continue;
                }
                if let Some(kind) = array_step(typed, v, &derived, &ty)? {
                    kinds.insert(kind);
                }
                derived.insert(v);
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    for &b in &lp.blocks {
        if func
            .block(b)
            .term
            .operand()
            .is_some_and(|v| derived.contains(&v))
        {
            return Err("is read by a condition or a raise in the loop".into());
        }
    }
    for &d in &derived {
        if let Inst::Phi(incoming) = func.inst(d) {
            // Every incoming value is the accumulator's, or (the header's) its initial value.
            let initial = |pred: &crate::ir::Block| d == phi && *pred == lp.preheader;
            let kept = incoming
                .iter()
                .all(|(pred, x)| derived.contains(x) || initial(pred));
            if !kept {
                return Err("is assigned a new value in the loop".into());
            }
        }
    }
    let kinds: Vec<(Combine, bool)> = kinds.into_iter().collect();
    match kinds.as_slice() {
        [k] => Ok(*k),
        [] => Err("is carried through the loop unchanged".into()),
        [(a, _), (b, _)] if a == b => Err(
            "is updated both in place (A += x) and by assignment (A = A + x) in the loop".into(),
        ),
        _ => Err("is combined by more than one kind of operation".into()),
    }
}

/// How instruction `v`, which reads the array reduction's value, continues it: `(combine, in
/// place)`, or `None` where it passes it on (a phi, a conversion).
fn array_step(
    typed: &TypedFunction,
    v: Value,
    derived: &HashSet<Value>,
    ty: &Type,
) -> Result<Option<(Combine, bool)>, String> {
    let is = |x: &Value| derived.contains(x);
    let read = || Err("is read in the loop".to_string());
    let same_type = |t: &Type| match (t, ty) {
        (Type::Array(a), Type::Array(b)) => a.dtype == b.dtype && a.ndim == b.ndim,
        _ => false,
    };
    if !same_type(typed.ty(v)) {
        return read();
    }
    match typed.func.inst(v) {
        Inst::Phi(_) | Inst::Cast(..) => Ok(None),
        Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b) => {
            let inplace = matches!(typed.func.inst(v), Inst::InplaceBinOp(..));
            let left = is(a) && !is(b);
            let right = is(b) && !is(a) && !inplace;
            match combine_of(*op, left, right) {
                Some(c) => Ok(Some((c, inplace))),
                None => read(),
            }
        }
        Inst::ArrayExpr { expr, inputs, out } => {
            let mine: Vec<usize> = (0..inputs.len()).filter(|k| is(&inputs[*k])).collect();
            let [k] = mine.as_slice() else {
                return read();
            };
            let inplace = match out {
                None => false,
                Some(o) if is(o) => true,
                Some(_) => return read(),
            };
            let ExprNode::Op(ExprOp::Bin(op), args, _) = &**expr else {
                return read();
            };
            let [l, r] = args.as_slice() else {
                return read();
            };
            let input = |n: &ExprNode| matches!(n, ExprNode::Input(i) if *i as usize == *k);
            let left = input(l) && !mentions(r, *k);
            let right = input(r) && !mentions(l, *k) && !inplace;
            match combine_of(*op, left, right) {
                Some(c) => Ok(Some((c, inplace))),
                None => read(),
            }
        }
        _ => read(),
    }
}

/// `+` and `*` on either side of the accumulator, `-` on its right (`A - x`).
fn combine_of(op: BinOp, left: bool, right: bool) -> Option<Combine> {
    match op {
        BinOp::Add if left || right => Some(Combine::Add),
        BinOp::Sub if left => Some(Combine::Add),
        BinOp::Mul if left || right => Some(Combine::Mul),
        _ => None,
    }
}

fn mentions(n: &ExprNode, k: usize) -> bool {
    match n {
        ExprNode::Input(i) => *i as usize == k,
        ExprNode::Op(_, args, _) => args.iter().any(|a| mentions(a, k)),
    }
}

/// The arrays of the function (defined before the loop) that the loop only updates by
/// `a[k] op= x` at indices other than the loop's variable, with how each combines.
pub(super) fn indirect_updates(typed: &TypedFunction, lp: &PrangeLoop) -> Vec<(Value, Combine)> {
    let func = &typed.func;
    let inside: HashSet<Value> = lp
        .blocks
        .iter()
        .flat_map(|b| func.block(*b).insts.iter().copied())
        .collect();
    let loop_var = lp.blocks.iter().find_map(|b| {
        func.block(*b)
            .insts
            .iter()
            .copied()
            .find(|v| matches!(func.inst(*v), Inst::IterNext(it) if *it == lp.iter))
    });
    let mut arrays: Vec<Value> = Vec::new();
    for &v in &inside {
        if let Inst::SetItem(a, _, _) = func.inst(v) {
            let outside = !inside.contains(a) && matches!(typed.ty(*a), Type::Array(_));
            if outside && !arrays.contains(a) {
                arrays.push(*a);
            }
        }
    }
    arrays.sort();
    arrays
        .into_iter()
        .filter_map(|a| updates_of(typed, lp, &inside, loop_var, a).map(|c| (a, c)))
        .collect()
}

/// How the loop updates array `a`, where every use of it in the loop is an indirect
/// read-modify-write of one kind.
fn updates_of(
    typed: &TypedFunction,
    lp: &PrangeLoop,
    inside: &HashSet<Value>,
    loop_var: Option<Value>,
    a: Value,
) -> Option<Combine> {
    let func = &typed.func;
    let strip = |mut v: Value| {
        while let Inst::Cast(inner, _) = func.inst(v) {
            v = *inner;
        }
        v
    };
    let uses = |x: Value| -> Vec<Value> {
        inside
            .iter()
            .copied()
            .filter(|u| func.inst(*u).operands().contains(&x))
            .collect()
    };
    let mut kinds = HashSet::new();
    let mut paired: HashSet<Value> = HashSet::new();
    let mut users = uses(a);
    users.sort();
    for &u in &users {
        let Inst::SetItem(arr, idx, val) = func.inst(u) else {
            continue;
        };
        if *arr != a || strip(*val) == a || strip(*idx) == a {
            return None;
        }
        let by_loop_var = |i: Value| Some(strip(i)) == loop_var;
        let on_own_item = match func.inst(strip(*idx)) {
            Inst::BuildTuple(items) => items.iter().any(|i| by_loop_var(*i)),
            _ => by_loop_var(*idx),
        };
        if on_own_item {
            // `a[i] += x`: no other iteration touches the item.
            return None;
        }
        let (op, x, y) = match func.inst(strip(*val)) {
            Inst::BinOp(op, x, y) | Inst::InplaceBinOp(op, x, y) => (*op, strip(*x), strip(*y)),
            _ => return None,
        };
        let read = |g: Value| match func.inst(g) {
            Inst::GetItem(r, i) => *r == a && same_index(typed, *i, *idx),
            _ => false,
        };
        let (left, right) = (read(x), read(y));
        let g = if left { x } else { y };
        if left == right || !inside.contains(&g) {
            return None;
        }
        // The item read, and the value computed from it, feed only this store.
        let binop = strip(*val);
        if !kept_exact(typed, a, binop) {
            return None;
        }
        if sole_user(func, &uses, g) != Some(binop) || sole_user(func, &uses, binop) != Some(u) {
            return None;
        }
        if !term_free(typed, lp, g) || !term_free(typed, lp, binop) {
            return None;
        }
        kinds.insert(combine_of(op, left, right)?);
        paired.insert(g);
        paired.insert(u);
    }
    let all_paired = users.iter().all(|u| paired.contains(u));
    let mut kinds = kinds.into_iter();
    match (kinds.next(), kinds.next()) {
        (Some(k), None) if all_paired && term_free(typed, lp, a) => Some(k),
        _ => None,
    }
}

/// Whether two index values are the same: one value, or the same computation twice
/// (`h[b[i]] = h[b[i]] + w`, where `b[i]` is read twice) from the same values, without calls.
fn same_index(typed: &TypedFunction, x: Value, y: Value) -> bool {
    if x == y {
        return true;
    }
    let (f, g) = (typed.func.inst(x), typed.func.inst(y));
    let same = |p: &Value, q: &Value| same_index(typed, *p, *q);
    let item = |v: &Value| matches!(typed.ty(*v), Type::Array(_) | Type::Tuple(_));
    match (f, g) {
        (Inst::Const(_), Inst::Const(_)) => {
            typed.constant(x).is_some() && typed.constant(x) == typed.constant(y)
        }
        (Inst::Cast(p, s), Inst::Cast(q, t)) => s == t && same(p, q),
        (Inst::BinOp(o, p1, p2), Inst::BinOp(r, q1, q2)) => o == r && same(p1, q1) && same(p2, q2),
        (Inst::UnaryOp(o, p), Inst::UnaryOp(r, q)) => o == r && same(p, q),
        (Inst::GetItem(p1, p2), Inst::GetItem(q1, q2)) => item(p1) && p1 == q1 && same(p2, q2),
        (Inst::BuildTuple(ps), Inst::BuildTuple(qs)) => {
            ps.len() == qs.len() && ps.iter().zip(qs).all(|(p, q)| same(p, q))
        }
        _ => false,
    }
}

/// Whether storing `binop`'s value into `a` keeps the update a sum (product) of the updates: an
/// integer array stores an integer (wrapping to its width, which commutes with `+` and `*`),
/// not a float it truncates (`h[k] += 0.5`: `int(h[k] + 0.5)`); a boolean array a boolean;
/// float and complex arrays store any number (rounded).
fn kept_exact(typed: &TypedFunction, a: Value, binop: Value) -> bool {
    let dtype = |t: &Type| match t {
        Type::Array(x) => x.dtype.clone(),
        t => t.clone(),
    };
    let (item, computed) = (dtype(typed.ty(a)), dtype(typed.ty(binop)));
    match item {
        Type::Int(_) => matches!(computed, Type::Int(_)),
        Type::Float(_) | Type::Complex(_) => computed.is_numeric(),
        _ => item == computed,
    }
}

/// The one instruction that uses `v`, through conversions.
fn sole_user(
    func: &crate::ir::Function,
    uses: &dyn Fn(Value) -> Vec<Value>,
    mut v: Value,
) -> Option<Value> {
    loop {
        let [u] = uses(v)[..] else {
            return None;
        };
        match func.inst(u) {
            Inst::Cast(..) => v = u,
            _ => return Some(u),
        }
    }
}

/// Whether no terminator of the loop reads `v`.
fn term_free(typed: &TypedFunction, lp: &PrangeLoop, v: Value) -> bool {
    lp.blocks.iter().all(|b| {
        let term: &Terminator = &typed.func.block(*b).term;
        term.operand() != Some(v)
    })
}
