//! `RecursionError` instead of a stack overflow: recursive functions compare the stack pointer
//! with the thread's limit at entry (see `oxjit-runtime/src/stack.rs`). Only functions on a cycle
//! of the call graph get the check; the entry wrapper of their module reads the limit once per
//! call from Python and passes it down in the exception record.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use inkwell::builder::Builder;
use inkwell::intrinsics::Intrinsic;
use inkwell::values::PointerValue;
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::typeinfer::{CallTarget, TypedFunction};

use super::{FnGen, Ir, Key, ModuleGen, R};
use crate::Fetch;

/// The index of `stack_limit` in `ExcInfo`.
const LIMIT_FIELD: u32 = 8;

/// The functions reachable from `root` that can reach themselves through calls.
pub(super) fn recursive_functions(
    root_key: &Key,
    root: &Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
) -> R<HashSet<Key>> {
    let mut graph: HashMap<Key, Vec<Key>> = HashMap::new();
    let mut todo = vec![(root_key.clone(), root.clone())];
    while let Some((key, typed)) = todo.pop() {
        if graph.contains_key(&key) {
            continue;
        }
        let mut callees: Vec<Key> = typed
            .calls
            .values()
            .filter_map(|c| match c {
                CallTarget::User {
                    func, arg_types, ..
                } => Some((*func, arg_types.clone())),
                _ => None,
            })
            .collect();
        callees.sort_by_key(|k| k.0);
        callees.dedup();
        for callee in &callees {
            if !graph.contains_key(callee) {
                todo.push((callee.clone(), fetch(callee.0, &callee.1)?));
            }
        }
        graph.insert(key, callees);
    }
    Ok(graph
        .keys()
        .filter(|k| reaches(&graph, k, k))
        .cloned()
        .collect())
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

impl<'ctx> ModuleGen<'ctx> {
    /// In the entry wrapper: this thread's stack limit into the exception record.
    pub(super) fn store_stack_limit(
        &self,
        b: &Builder<'ctx>,
        exc_ptr: PointerValue<'ctx>,
    ) -> R<()> {
        let i64t = self.cx.i64_type();
        let f = self
            .module
            .get_function("oxjit_rt_stack_limit")
            .unwrap_or_else(|| {
                self.module
                    .add_function("oxjit_rt_stack_limit", i64t.fn_type(&[], false), None)
            });
        let limit = b
            .build_call(f, &[], "limit")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i64");
        let p = b
            .build_struct_gep(self.exc_info_type(), exc_ptr, LIMIT_FIELD, "limit.p")
            .ir()?;
        b.build_store(p, limit).ir()?;
        Ok(())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// At entry: `RecursionError` where the stack pointer is below the limit.
    pub(super) fn check_stack(&mut self) -> R<()> {
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let i64t = self.cx().i64_type();
        let stacksave = Intrinsic::find("llvm.stacksave")
            .and_then(|i| i.get_declaration(&self.m.module, &[ptr.into()]))
            .ok_or_else(|| oxjit_core::diagnostics::Diagnostic::internal("no llvm.stacksave"))?;
        let sp = self
            .b
            .build_call(stacksave, &[], "sp")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("ptr")
            .into_pointer_value();
        let sp = self.b.build_ptr_to_int(sp, i64t, "sp").ir()?;
        let p = self
            .b
            .build_struct_gep(self.m.exc_info_type(), self.exc_ptr, LIMIT_FIELD, "limit.p")
            .ir()?;
        let limit = self.b.build_load(i64t, p, "limit").ir()?.into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::UGE, sp, limit, "stack.ok")
            .ir()?;
        self.check(ok, "RecursionError", "maximum recursion depth exceeded")
    }
}
