//! Sorting with a key function, lowered in place: `sorted(xs, key=f, reverse=r)` and
//! `l.sort(key=f, reverse=r)` become a loop that builds the list of keys (`f` called once per
//! item, in order, as CPython's `list.sort` does) and one call of the list's hidden method
//! `__sort_by_keys__(keys, reverse)`, which sorts the items stably by their keys (codegen's
//! `list_methods.rs`, the runtime's `sort_keyed.rs`). Calling `f` is then an ordinary call of
//! a function value (a lambda, a closure, a compiled function), typed and lowered as any.
//!
//! CPython's order of evaluation is kept: `sorted` consumes the whole iterable into a new list
//! before the first key is computed; a key that raises leaves the list as it was.

use std::collections::HashMap;
use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::callee::ListFn;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Value};
use crate::syntax::ast;

/// A sort with `key=` found in a call.
struct KeyedSort<'a> {
    /// `sorted(xs, ...)`: the iterable; `l.sort(...)`: the list.
    target: &'a ast::Expr,
    /// Whether it is `sorted` (a new list), not `l.sort` (in place).
    makes_list: bool,
}

impl Builder {
    /// `call` lowered here if it is `sorted(...)` or `x.sort(...)` with a `key=` that is not
    /// `None`; `None` leaves it to the ordinary call (which reports bad arguments).
    pub(super) fn lower_keyed_sort(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let Some(sort) = self.keyed_sort(call) else {
            return Ok(None);
        };
        let range = call.range();
        // Python's order: the callee's operand, then the keywords as written.
        let target = match (sort.makes_list, sort.target) {
            (true, ast::Expr::Generator(_)) => None,
            _ => Some(self.lower_expr(sort.target)?),
        };
        let mut key = None;
        let mut reverse = None;
        for kw in call.arguments.keywords.iter() {
            let value = self.lower_expr(&kw.value)?;
            match kw.arg.as_ref().map(|a| a.id.as_str()) {
                Some("key") => key = Some(value),
                _ => reverse = Some(value),
            }
        }
        let key = key.expect("a key= argument");
        let reverse = reverse.unwrap_or_else(|| self.constant(Const::Bool(false), range));
        let list = match (sort.makes_list, target) {
            (false, Some(list)) => list,
            (_, target) => self.collect_items(sort.target, target, range)?,
        };
        // The keys of the items there are now: `l.sort` iterates over a copy, as a key
        // function may append to `l` (CPython then raises "list modified during sort").
        let items = match sort.makes_list {
            true => list,
            false => {
                let none = self.constant(Const::None, range);
                let all = self.emit(Inst::BuildSlice(none, none, none), range);
                self.emit(Inst::GetItem(list, all), range)
            }
        };
        let keys = self.emit(Inst::BuildList(vec![]), range);
        let append = self.emit(Inst::GetAttr(keys, Arc::from("append")), range);
        let iter = self.emit(Inst::GetIter(items), range);
        self.iterate(iter, range, &mut |s, item| {
            let k = s.emit(
                Inst::Call {
                    func: key,
                    args: vec![item],
                    kwargs: vec![],
                },
                range,
            );
            s.emit(
                Inst::Call {
                    func: append,
                    args: vec![k],
                    kwargs: vec![],
                },
                range,
            );
            Ok(())
        })?;
        let method = self.emit(
            Inst::GetAttr(list, Arc::from(ListFn::SortByKeys.name())),
            range,
        );
        let done = self.emit(
            Inst::Call {
                func: method,
                args: vec![keys, reverse],
                kwargs: vec![],
            },
            range,
        );
        Ok(Some(if sort.makes_list { list } else { done }))
    }

    /// What `call` sorts, if it is a sort with a `key=` other than `None` and keywords only
    /// `key` and `reverse` (the builtin `sorted` where the module does not rebind it).
    fn keyed_sort<'a>(&self, call: &'a ast::ExprCall) -> Option<KeyedSort<'a>> {
        let kws = &call.arguments.keywords;
        let named = |k: &str| {
            kws.iter()
                .find(|kw| kw.arg.as_ref().is_some_and(|a| a.id.as_str() == k))
        };
        let key = named("key")?;
        if matches!(key.value, ast::Expr::NoneLiteral(_))
            || kws.iter().any(|kw| {
                !kw.arg
                    .as_ref()
                    .is_some_and(|a| matches!(a.id.as_str(), "key" | "reverse"))
            })
        {
            return None;
        }
        let args = &call.arguments.args;
        match &*call.func {
            ast::Expr::Name(n) if n.id.as_str() == "sorted" && args.len() == 1 => {
                let name = n.id.as_str();
                let builtin = !self.env.shadowed.contains(name)
                    && !self.locals.contains(name)
                    && !self.cells.contains_key(name);
                builtin.then_some(KeyedSort {
                    target: &args[0],
                    makes_list: true,
                })
            }
            ast::Expr::Attribute(a) if a.attr.id.as_str() == "sort" && args.is_empty() => {
                Some(KeyedSort {
                    target: &a.value,
                    makes_list: false,
                })
            }
            _ => None,
        }
    }

    /// A new list of the items of `expr` (already evaluated as `value`, except a generator
    /// expression, whose loops run here).
    fn collect_items(
        &mut self,
        expr: &ast::Expr,
        value: Option<Value>,
        range: TextRange,
    ) -> Result<Value> {
        let list = self.emit(Inst::BuildList(vec![]), range);
        let append = self.emit(Inst::GetAttr(list, Arc::from("append")), range);
        let mut step = |s: &mut Self, item: Value| -> Result<()> {
            s.emit(
                Inst::Call {
                    func: append,
                    args: vec![item],
                    kwargs: vec![],
                },
                range,
            );
            Ok(())
        };
        match (expr, value) {
            (_, Some(v)) => {
                let iter = self.emit(Inst::GetIter(v), range);
                self.iterate(iter, range, &mut step)?;
            }
            (ast::Expr::Generator(g), None) => {
                let mut renames = HashMap::new();
                self.comprehension(&g.generators, &g.elt, &mut renames, None, &mut step)?;
            }
            _ => {
                return Err(Diagnostic::internal(
                    "sorted(key=...) of an iterable not evaluated",
                ))
            }
        }
        Ok(list)
    }
}
