//! List comprehensions, desugared as CPython runs them: a new empty list, then one loop per
//! `for` clause (nested in order), the `if` clauses as `continue`s, and an `append` of the
//! element in the innermost body. The list's item type is then the element's, found by typing
//! from the `append` (the empty display's item type comes from its later uses).
//!
//! The clauses' targets live in the comprehension's own scope (Python 3): they are bound under
//! hidden names (`x` becomes `.comp3.x`), so an outer `x` is neither read nor clobbered.

use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Terminator, Value};
use crate::syntax::ast;

impl Builder {
    /// A container display or comprehension.
    pub(super) fn lower_container(&mut self, e: &ast::Expr) -> Result<Value> {
        match e {
            ast::Expr::List(l) => self.lower_list_display(l),
            ast::Expr::ListComp(c) => self.lower_list_comp(c),
            ast::Expr::Dict(d) => self.lower_dict_display(d),
            ast::Expr::DictComp(c) => self.lower_dict_comp(c),
            ast::Expr::Set(s) => self.lower_set_display(s),
            ast::Expr::SetComp(c) => self.lower_set_comp(c),
            _ => unreachable!("a container display or comprehension"),
        }
    }

    /// `[a, b, ...]`.
    fn lower_list_display(&mut self, l: &ast::ExprList) -> Result<Value> {
        let mut items = Vec::new();
        for x in l.elts.iter() {
            if let ast::Expr::Starred(s) = x {
                return Err(Diagnostic::unsupported(
                    "'*' unpacking in a list is not supported",
                    s.range,
                ));
            }
            items.push(self.lower_expr(x)?);
        }
        Ok(self.emit(Inst::BuildList(items), l.range))
    }

    /// `[elt for ... in ... if ...]`.
    fn lower_list_comp(&mut self, c: &ast::ExprListComp) -> Result<Value> {
        let list = self.emit(Inst::BuildList(Vec::new()), c.range);
        let saved = self.comp_renames.clone();
        let result = self.comp_clauses(&c.generators, c.range, &mut |s| {
            let item = s.lower_expr(&c.elt)?;
            s.call_method(list, "append", item, c.elt.range());
            Ok(())
        });
        self.comp_renames = saved;
        result?;
        Ok(list)
    }

    /// `{k: v for ... in ... if ...}`.
    pub(super) fn lower_dict_comp(&mut self, c: &ast::ExprDictComp) -> Result<Value> {
        let dict = self.emit(Inst::BuildDict, c.range);
        let saved = self.comp_renames.clone();
        let result = self.comp_clauses(&c.generators, c.range, &mut |s| {
            let Some(k) = &c.key else {
                return Err(Diagnostic::unsupported(
                    "'**' unpacking in a dict comprehension is not supported",
                    c.range,
                ));
            };
            let key = s.lower_expr(k)?;
            let value = s.lower_expr(&c.value)?;
            s.emit(Inst::SetItem(dict, key, value), c.range);
            Ok(())
        });
        self.comp_renames = saved;
        result?;
        Ok(dict)
    }

    /// An empty set: a call of `set()`.
    pub(super) fn empty_set(&mut self, range: TextRange) -> Value {
        let func = self.emit(Inst::Global(Arc::from("set")), range);
        self.emit(
            Inst::Call {
                func,
                args: Vec::new(),
                kwargs: Vec::new(),
            },
            range,
        )
    }

    /// `{a, b, ...}`: an empty set, then its items added in order (as CPython's BUILD_SET).
    pub(super) fn lower_set_items(&mut self, d: &ast::ExprSet) -> Result<Value> {
        let set = self.empty_set(d.range);
        for x in &d.elts {
            if let ast::Expr::Starred(s) = x {
                return Err(Diagnostic::unsupported(
                    "'*' unpacking in a set display is not supported",
                    s.range,
                ));
            }
            let item = self.lower_expr(x)?;
            self.call_method(set, "add", item, x.range());
        }
        Ok(set)
    }

    /// `{x for ... in ... if ...}`.
    fn lower_set_comp(&mut self, c: &ast::ExprSetComp) -> Result<Value> {
        let set = self.empty_set(c.range);
        let saved = self.comp_renames.clone();
        let result = self.comp_clauses(&c.generators, c.range, &mut |s| {
            let item = s.lower_expr(&c.elt)?;
            s.call_method(set, "add", item, c.elt.range());
            Ok(())
        });
        self.comp_renames = saved;
        result?;
        Ok(set)
    }

    /// `{k: v, ...}`: an empty dict, then its items set in order.
    fn lower_dict_display(&mut self, d: &ast::ExprDict) -> Result<Value> {
        let dict = self.emit(Inst::BuildDict, d.range);
        for item in &d.items {
            let Some(k) = &item.key else {
                return Err(Diagnostic::unsupported(
                    "'**' unpacking in a dict display is not supported",
                    item.value.range(),
                ));
            };
            let key = self.lower_expr(k)?;
            let value = self.lower_expr(&item.value)?;
            self.emit(Inst::SetItem(dict, key, value), d.range);
        }
        Ok(dict)
    }

    /// The loops of clauses `gens`, `body` in the innermost one.
    fn comp_clauses(
        &mut self,
        gens: &[ast::Comprehension],
        range: TextRange,
        inner: &mut dyn FnMut(&mut Self) -> Result<()>,
    ) -> Result<()> {
        let Some((g, rest)) = gens.split_first() else {
            return inner(self);
        };
        if g.is_async {
            return Err(Diagnostic::unsupported(
                "'async for' in a comprehension is not supported",
                g.range,
            ));
        }
        let iterable = self.lower_iterable(&g.iter)?;
        let iter = self.emit(Inst::GetIter(iterable), g.iter.range());
        let header = self.new_block();
        let body = self.new_block();
        let exit = self.new_block();
        self.jump(header, range);
        self.switch_to(header);
        let valid = self.emit(Inst::IterValid(iter), g.iter.range());
        self.terminate(
            Terminator::Branch {
                cond: valid,
                then_block: body,
                else_block: exit,
            },
            g.iter.range(),
        );
        self.seal(body);
        self.switch_to(body);
        let item = self.emit(Inst::IterNext(iter), g.target.range());
        self.hide_targets(&g.target);
        self.assign_target(&g.target, item)?;
        for cond in &g.ifs {
            let test = self.lower_condition(cond)?;
            let next = self.new_block();
            self.terminate(
                Terminator::Branch {
                    cond: test,
                    then_block: next,
                    else_block: header,
                },
                cond.range(),
            );
            self.seal(next);
            self.switch_to(next);
            self.narrow_branch(cond, true);
        }
        self.comp_clauses(rest, range, inner)?;
        self.jump(header, range);
        self.seal(header);
        self.seal(exit);
        self.switch_to(exit);
        Ok(())
    }

    /// `del a[i]`, `del a[i:j]`: the container's `__delitem__` (lists').
    pub(super) fn delete_item(&mut self, s: &ast::ExprSubscript) -> Result<()> {
        let target = self.lower_expr(&s.value)?;
        let index = self.lower_index(&s.slice)?;
        self.call_method(target, "__delitem__", index, s.range);
        Ok(())
    }

    /// `container.name(arg)`: the special methods `del` and `in` stand for.
    pub(super) fn call_method(
        &mut self,
        target: Value,
        name: &str,
        arg: Value,
        range: TextRange,
    ) -> Value {
        let method = self.emit(Inst::GetAttr(target, Arc::from(name)), range);
        self.emit(
            Inst::Call {
                func: method,
                args: vec![arg],
                kwargs: Vec::new(),
            },
            range,
        )
    }

    /// Binds the names of a clause's target under fresh hidden names from here on.
    fn hide_targets(&mut self, target: &ast::Expr) {
        match target {
            ast::Expr::Name(n) => {
                self.comp_count += 1;
                let hidden = format!(".comp{}.{}", self.comp_count, n.id);
                self.locals.insert(hidden.clone());
                self.comp_renames.insert(n.id.to_string(), hidden);
            }
            ast::Expr::Tuple(t) => t.elts.iter().for_each(|e| self.hide_targets(e)),
            ast::Expr::List(l) => l.elts.iter().for_each(|e| self.hide_targets(e)),
            _ => {}
        }
    }

    /// The name a variable is bound under here (its hidden name inside a comprehension).
    pub(super) fn comp_renamed(&self, name: &str) -> String {
        self.comp_renames
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}
