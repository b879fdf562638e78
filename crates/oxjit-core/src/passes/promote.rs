//! Inserts the conversions that typing implies (the Numba IR specification's `Promote`): where a
//! value meets a phi or a return of a wider type, a `Cast` converts it in the predecessor block.

use crate::ir::{Inst, Terminator, Value};
use crate::ssa::FORWARDED;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::Type;

pub(super) fn insert_casts(typed: &mut TypedFunction) {
    super::narrow::lower_narrowings(typed);
    unwrap_optionals(typed);
    super::guards::isolate_raises(typed);
    let order = typed.func.reverse_postorder();
    for &b in &order {
        let insts = typed.func.block(b).insts.clone();
        for v in insts {
            let Inst::Phi(incoming) = typed.func.inst(v).clone() else {
                continue;
            };
            let target = typed.ty(v).clone();
            let mut changed = false;
            let mut new_incoming = Vec::new();
            for (pred, op) in incoming {
                if typed.ty(op) != &target && order.contains(&pred) {
                    let cast = add_cast(typed, pred, op, &target);
                    new_incoming.push((pred, cast));
                    changed = true;
                } else {
                    new_incoming.push((pred, op));
                }
            }
            if changed {
                typed.func.values[v.index()].inst = Inst::Phi(new_incoming);
            }
        }
        if let Terminator::Return(v) = typed.func.block(b).term.clone() {
            // A generator's `return` ends it: its value (`None`, or StopIteration.value of
            // the items' type) is no result.
            let target = match typed.return_type.clone() {
                Type::Generator(_)
                    if typed.func.is_generator() && *typed.ty(v) == Type::NoneType =>
                {
                    continue
                }
                Type::Generator(item) if typed.func.is_generator() => (*item).clone(),
                t => t,
            };
            if typed.ty(v) != &target {
                let cast = add_cast(typed, b, v, &target);
                typed.func.blocks[b.index()].term = Terminator::Return(cast);
            }
        }
    }
}

fn add_cast(typed: &mut TypedFunction, block: crate::ir::Block, v: Value, target: &Type) -> Value {
    let range = typed.func.range(v);
    let inst = match typed.func.inst(v).clone() {
        // An unassigned variable has no value to convert: it is undefined in the wider type too.
        Inst::Undef(name) => Inst::Undef(name),
        _ => Inst::Cast(v, target.clone()),
    };
    let cast = typed.func.make_value(inst, range);
    typed.types.push(target.clone());
    typed.consts.push(None);
    let data = &mut typed.func.blocks[block.index()];
    // A guard block's last instruction may raise, and its handler's phis read the values from
    // before it: the conversion goes before it (it converts a value defined earlier).
    let at = match data.term {
        Terminator::Guard { .. } => data.insts.len().saturating_sub(1),
        _ => data.insts.len(),
    };
    data.insts.insert(at, cast);
    cast
}

/// Where an optional value is used as an operand (not merged, returned, put in a tuple, tested
/// against `None` or for truth), inserts the unwrapping `Cast` before the use; it raises `TypeError` on `None`.
fn unwrap_optionals(typed: &mut TypedFunction) {
    use crate::ir::CmpOp;
    let order = typed.func.reverse_postorder();
    // Method lookups whose object was unwrapped: (the getattr, the optional, the unwrapped).
    let mut receivers: Vec<(Value, Value, Value)> = Vec::new();
    for &b in &order {
        let insts = typed.func.block(b).insts.clone();
        let mut new_insts = Vec::with_capacity(insts.len());
        for v in insts {
            let inst = typed.func.inst(v).clone();
            // A named tuple's field holds a value that may be `None` as it is.
            let builds_named = matches!(
                typed.calls.get(&v),
                Some(crate::typeinfer::CallTarget::NamedTuple { .. })
            );
            let keeps_optional = builds_named
                || matches!(
                    inst,
                    Inst::Phi(_)
                        | Inst::Truth(_)
                        | Inst::Cast(..)
                        | Inst::BuildTuple(_)
                        | Inst::Compare(CmpOp::Is | CmpOp::IsNot, _, _)
                );
            if !keeps_optional {
                let kept = kept_optional(typed, v, &inst);
                let mut rewritten = inst.clone();
                let mut unwrapped = Vec::new();
                for op in inst.operands() {
                    if kept.contains(&op) {
                        continue;
                    }
                    if let Type::Optional(inner) = typed.ty(op).clone() {
                        let range = typed.func.range(op);
                        let cast = typed
                            .func
                            .make_value(Inst::Cast(op, (*inner).clone()), range);
                        typed.types.push((*inner).clone());
                        typed.consts.push(None);
                        unwrapped.push((op, cast));
                    }
                }
                if !unwrapped.is_empty() {
                    crate::ir::rewrite_operands(&mut rewritten, |x| {
                        unwrapped
                            .iter()
                            .find(|(o, _)| *o == x)
                            .map_or(x, |(_, c)| *c)
                    });
                    new_insts.extend(unwrapped.iter().map(|(_, c)| *c));
                    if let (Inst::GetAttr(old, _), Inst::GetAttr(new, _)) = (&inst, &rewritten) {
                        receivers.push((v, *old, *new));
                    }
                    typed.func.values[v.index()].inst = rewritten;
                }
            }
            new_insts.push(v);
        }
        typed.func.blocks[b.index()].insts = new_insts;
    }
    redirect_receivers(typed, &receivers);
}

/// The operands of `inst` (value `v`) that take a value that may be `None` as it is: those
/// of `==`/`!=` where typing compared them so (`types::optional::equality_with_none`), what
/// `print` prints, and the value `str`, `repr`, `format`, `hash` and `bool` take (f-strings call
/// the first three; `bool(None)` is False), and `not`.
fn kept_optional(typed: &TypedFunction, v: Value, inst: &Inst) -> Vec<Value> {
    use crate::callee::{Builtin, DictFn, StrFn};
    use crate::ir::CmpOp;
    match inst {
        Inst::Compare(op, a, b)
            if crate::types::optional::equality_with_none(
                matches!(op, CmpOp::Eq | CmpOp::Ne),
                typed.ty(*a),
                typed.ty(*b),
            ) =>
        {
            vec![*a, *b]
        }
        // `<` where a side is `None` raises CPython's `TypeError`, naming both sides' classes.
        Inst::Compare(op, a, b)
            if crate::types::optional::ordering_with_none(
                matches!(op, CmpOp::Lt | CmpOp::Le | CmpOp::Gt | CmpOp::Ge),
                typed.ty(*a),
                typed.ty(*b),
            ) =>
        {
            vec![*a, *b]
        }
        // `not x`: `None` is false.
        Inst::UnaryOp(crate::ir::UnaryOp::Not, a) => vec![*a],
        // A list display whose items may be `None` holds them as they are.
        Inst::BuildList(items) if matches!(typed.ty(v), Type::List(item) if matches!(**item, Type::Optional(_))) => {
            items.clone()
        }
        // `l[i] = x`, `d[k] = x` where the items (keys, values) may be `None`.
        Inst::SetItem(a, i, x) => {
            use crate::types::optional::stores_optional;
            match typed.ty(*a) {
                Type::List(item) if stores_optional(item) => vec![*x],
                Type::Dict(key, value) => [(key, *i), (value, *x)]
                    .into_iter()
                    .filter(|(t, _)| stores_optional(t))
                    .map(|(_, x)| x)
                    .collect(),
                _ => Vec::new(),
            }
        }
        // `obj.f = x` where field `f` of a jitclass may hold `None`.
        Inst::SetAttr(obj, name, x) if !typed.calls.contains_key(&v) => match typed.ty(*obj) {
            Type::JitInstance(c) if matches!(c.field(name), Some((_, Type::Optional(_)))) => {
                vec![*x]
            }
            _ => Vec::new(),
        },
        Inst::Call { args, .. } => match typed.calls.get(&v) {
            Some(CallTarget::Builtin(r)) if r.receiver.is_some() => {
                let recv = r.receiver.map(|x| typed.ty(x));
                (0..args.len())
                    .filter(|&i| crate::typeinfer::stored_item(r.id, i, recv))
                    .map(|i| args[i])
                    .collect()
            }
            Some(CallTarget::Builtin(r)) => match r.id {
                Builtin::Print => args.clone(),
                f if crate::typeinfer::orders_none(f, args.len()) => args.clone(),
                Builtin::Str(StrFn::Str | StrFn::Repr | StrFn::Format)
                | Builtin::Dict(DictFn::Hash)
                | Builtin::IsInstance
                | Builtin::Bool => args.first().copied().into_iter().collect(),
                _ => Vec::new(),
            },
            Some(target) => user_call_kept(target, args, inst),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The arguments of a call of a user function (a method, a jitclass's `__init__`, each function a
/// first-class value may be) that it was typed to take as values that may be `None`: passed as
/// they are, as Python passes `None` (`g(x)` where `x` may be `None` tests it inside `g`).
fn user_call_kept(target: &CallTarget, args: &[Value], inst: &Inst) -> Vec<Value> {
    use crate::registry::signature::ArgSource;
    match target {
        CallTarget::User {
            args: sources,
            arg_types,
            ..
        } => {
            let Inst::Call { kwargs, .. } = inst else {
                return Vec::new();
            };
            let mut kept = Vec::new();
            // A closure's types start with what it captured.
            let captured = arg_types.len().saturating_sub(sources.len());
            for (source, t) in sources.iter().zip(&arg_types[captured..]) {
                let positional = |i: &usize| args[*i];
                match (source, t) {
                    (ArgSource::Positional(i), Type::Optional(_)) => kept.push(positional(i)),
                    // (Not a field of a forwarded `**kwargs` struct: past the call's own.)
                    (ArgSource::Keyword(i), Type::Optional(_))
                        if kwargs.get(*i).is_some_and(|(n, _)| &**n != FORWARDED) =>
                    {
                        kept.push(kwargs[*i].1)
                    }
                    (ArgSource::Pack(items), Type::Tuple(types)) => kept.extend(
                        items
                            .iter()
                            .zip(types.iter())
                            .filter(|(_, t)| matches!(t, Type::Optional(_)))
                            .map(|(i, _)| positional(i)),
                    ),
                    _ => {}
                }
            }
            kept
        }
        CallTarget::Construct {
            init: Some(init), ..
        } => user_call_kept(init, args, inst),
        // Kept only where every function the value may be takes it so.
        CallTarget::Indirect(targets) => {
            let mut each = targets.iter().map(|t| user_call_kept(t, args, inst));
            let first = each.next().unwrap_or_default();
            let rest: Vec<Vec<Value>> = each.collect();
            first
                .into_iter()
                .filter(|x| rest.iter().all(|r| r.contains(x)))
                .collect()
        }
        _ => Vec::new(),
    }
}

/// A method call records its receiver (typing's resolution): where the receiver was unwrapped
/// from an optional, the call's receiver becomes the unwrapped value, as its getattr's operand did
/// (and so does the array of an `a.ctypes`).
fn redirect_receivers(typed: &mut TypedFunction, receivers: &[(Value, Value, Value)]) {
    if receivers.is_empty() {
        return;
    }
    for &(getattr, old, new) in receivers {
        if typed.ctypes_of.get(&getattr) == Some(&old) {
            typed.ctypes_of.insert(getattr, new);
        }
    }
    let func = &typed.func;
    for (&call, target) in typed.calls.iter_mut() {
        let (Inst::Call { func: method, .. }, CallTarget::Builtin(resolved)) =
            (func.inst(call), target)
        else {
            continue;
        };
        if let Some(&(_, old, new)) = receivers.iter().find(|(g, _, _)| g == method) {
            if resolved.receiver == Some(old) {
                resolved.receiver = Some(new);
            }
        }
    }
}

/// Drops the loop-end markers (`Inst::KeepAlive`) of loops over anything but a generator: they
/// only keep a generator alive to its loop's end, and later passes (`parfor`) rewrite loops
/// without knowing them.
pub(super) fn drop_keep_alive(typed: &mut TypedFunction) {
    let func = &typed.func;
    let dropped: Vec<Value> = (0..func.values.len() as u32)
        .map(Value)
        .filter(|&v| {
            matches!(func.inst(v), Inst::KeepAlive(it)
                if !crate::analysis::refcount::keeps_generator(typed.ty(*it)))
        })
        .collect();
    if dropped.is_empty() {
        return;
    }
    for block in &mut typed.func.blocks {
        block.insts.retain(|v| !dropped.contains(v));
    }
}
