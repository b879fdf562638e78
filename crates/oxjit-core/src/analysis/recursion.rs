//! Which functions of a call graph are recursive: those on a cycle of calls get a stack check at
//! entry (`RecursionError` instead of a stack overflow; codegen's `lower/stack.rs` emits it).
//! When none of them holds a reference-counted value, an overflow may jump straight back to the
//! entry wrapper, since no frame has anything to release.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::Result;
use crate::typeinfer::{CallTarget, TypedFunction};
use crate::types::{FuncId, Type};

/// The keys of outlined `prange` bodies start here (`passes/parfor`); dispatchers' are below.
pub const PARALLEL_KEYS: FuncId = 1 << 62;

/// A typed specialization: the function and its argument types.
pub type Key = (FuncId, Vec<Type>);

/// The typed function `f` for arguments of types `args` (typing it if needed).
pub type Fetch<'s> = dyn FnMut(FuncId, &[Type]) -> Result<Arc<TypedFunction>> + 's;

/// The functions reachable from `root` that can reach themselves through calls, and whether
/// none of them holds a reference-counted value (then an overflow may jump straight back to the
/// entry wrapper: no frame has anything to release).
pub fn recursive_functions(
    root_key: &Key,
    root: &Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
) -> Result<(HashSet<Key>, bool)> {
    let r = recursion(root_key, root, fetch)?;
    Ok((r.recursive, r.jump_on_overflow))
}

/// What [`recursion`] finds in a call graph.
pub struct Recursion {
    /// The functions reachable from the root that can reach themselves through calls.
    pub recursive: HashSet<Key>,
    /// None of them holds a reference-counted value: a stack overflow may jump straight back
    /// to the entry wrapper.
    pub jump_on_overflow: bool,
    /// No function of the graph holds a reference, catches an exception or is a generator:
    /// every exception may jump straight back to the entry wrapper as an overflow does (no
    /// frame it skips has anything to release or a handler to run). The recursive functions
    /// then return their value directly (no status, no result slot), which lets LLVM turn
    /// `return f(n - 1) + f(n - 2)` into a loop and one call (codegen's `lower/direct.rs`).
    pub jump_on_raise: bool,
}

/// The recursive functions reachable from `root` and how their exceptions may leave them.
pub fn recursion(
    root_key: &Key,
    root: &Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
) -> Result<Recursion> {
    // Whether some function of the graph catches exceptions or is a generator.
    let mut catches = false;
    let mut graph: HashMap<Key, Vec<Key>> = HashMap::new();
    let mut holds_refs: HashMap<Key, bool> = HashMap::new();
    let mut todo = vec![(root_key.clone(), root.clone())];
    // Worker threads' exception records have no jump buffer: with parallel loops, an overflow
    // unwinds frame by frame.
    let mut parallel = false;
    while let Some((key, typed)) = todo.pop() {
        if graph.contains_key(&key) {
            continue;
        }
        let mut callees: Vec<Key> = Vec::new();
        for c in typed.calls.values() {
            match c {
                CallTarget::User {
                    func, arg_types, ..
                } => callees.push((*func, arg_types.clone())),
                CallTarget::Indirect(targets) => {
                    for t in targets {
                        if let CallTarget::User {
                            func, arg_types, ..
                        } = t
                        {
                            callees.push((*func, arg_types.clone()));
                        }
                    }
                }
                CallTarget::Construct {
                    init: Some(init), ..
                } => {
                    if let CallTarget::User {
                        func, arg_types, ..
                    } = &**init
                    {
                        callees.push((*func, arg_types.clone()));
                    }
                }
                CallTarget::Parallel(lp) => {
                    parallel = true;
                    let body_key = (lp.key, lp.body.arg_types.clone());
                    callees.push(body_key.clone());
                    if !graph.contains_key(&body_key) {
                        todo.push((body_key, lp.body.clone()));
                    }
                }
                _ => {}
            }
        }
        callees.sort_by_key(|k| k.0);
        callees.dedup();
        for callee in &callees {
            if !graph.contains_key(callee) && callee.0 < PARALLEL_KEYS {
                todo.push((callee.clone(), fetch(callee.0, &callee.1)?));
            }
        }
        catches |= typed.func.is_generator()
            || typed.func.blocks.iter().any(|b| {
                matches!(
                    b.term,
                    crate::ir::Terminator::Guard { .. } | crate::ir::Terminator::RaiseTo(..)
                )
            });
        holds_refs.insert(key.clone(), typed.types.iter().any(super::refcount::is_ref));
        graph.insert(key, callees);
    }
    let recursive: HashSet<Key> = graph
        .keys()
        .filter(|k| reaches(&graph, k, k))
        .cloned()
        .collect();
    let jump = !parallel && !recursive.is_empty() && recursive.iter().all(|k| !holds_refs[k]);
    let jump_on_raise = jump && !catches && holds_refs.values().all(|h| !h);
    Ok(Recursion {
        recursive,
        jump_on_overflow: jump,
        jump_on_raise,
    })
}

/// Whether a path of one call or more leads from `from` to `to`.
fn reaches(graph: &HashMap<Key, Vec<Key>>, from: &Key, to: &Key) -> bool {
    let mut seen: HashSet<&Key> = HashSet::new();
    let mut todo: Vec<&Key> = graph[from].iter().collect();
    while let Some(k) = todo.pop() {
        if k == to {
            return true;
        }
        if seen.insert(k) {
            todo.extend(graph.get(k).into_iter().flatten());
        }
    }
    false
}
