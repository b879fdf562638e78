//! `for x in literal_unroll(t)` (Numba's `literal_unroll`): the loop over a tuple whose items
//! have different types is unrolled, one copy of the body per item, each typed for its item.
//!
//! The number of items must be known when the SSA is built: the function is built again for
//! each specialization with the lengths of its tuple arguments (`build_function_unrolled`), or
//! the argument is a tuple display. `break` leaves the unrolled loop, `continue` goes on with
//! the next item's copy, `else` runs when no `break` left it.

use std::collections::HashMap;

use ruff_text_size::Ranged;

use super::{Builder, LoopTargets};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst};
use crate::syntax::ast;

/// The argument of `literal_unroll(...)` when `iter` is such a call.
pub(super) fn unroll_argument(iter: &ast::Expr) -> Option<&ast::Expr> {
    let ast::Expr::Call(call) = iter else {
        return None;
    };
    let named = match &*call.func {
        ast::Expr::Name(n) => n.id.as_str() == "literal_unroll",
        ast::Expr::Attribute(a) => a.attr.id.as_str() == "literal_unroll",
        _ => false,
    };
    match (named, &*call.arguments.args) {
        (true, [arg]) if call.arguments.keywords.is_empty() => Some(arg),
        _ => None,
    }
}

/// Whether the function has a `for ... in literal_unroll(...)` loop or a `tuple()` of a
/// generator expression (it is built again for each specialization, with the lengths of its
/// tuple arguments).
pub fn uses_literal_unroll(body: &[ast::Stmt]) -> bool {
    use ast::visitor::{self, Visitor};
    struct Find(bool);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            if let ast::Expr::Call(c) = expr {
                self.0 |= matches!((&*c.func, &*c.arguments.args),
                    (ast::Expr::Name(f), [ast::Expr::Generator(_)]) if f.id.as_str() == "tuple");
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            if let ast::Stmt::For(f) = stmt {
                self.0 |= unroll_argument(&f.iter).is_some();
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut find = Find(false);
    for s in body {
        find.visit_stmt(s);
    }
    find.0
}

/// The names `literal_unroll(name)` loops go over (a global among them is a constant tuple
/// whose length the session looks up).
pub fn unrolled_names(body: &[ast::Stmt]) -> Vec<String> {
    use ast::visitor::{self, Visitor};
    struct Find(Vec<String>);
    impl<'a> Visitor<'a> for Find {
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            if let ast::Stmt::For(f) = stmt {
                if let Some(ast::Expr::Name(n)) = unroll_argument(&f.iter) {
                    self.0.push(n.id.to_string());
                }
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut find = Find(Vec::new());
    for s in body {
        find.visit_stmt(s);
    }
    find.0
}

impl Builder {
    /// The number of items `literal_unroll(arg)` goes over, where it is known.
    fn unroll_length(&self, arg: &ast::Expr) -> Option<usize> {
        match arg {
            ast::Expr::Tuple(t) => Some(t.elts.len()),
            ast::Expr::Name(n) => self.unroll_lengths.as_ref()?.get(n.id.as_str()).copied(),
            _ => None,
        }
    }

    /// Lowers `for target in literal_unroll(arg): body` as one copy of the body per item.
    /// Returns `false` (nothing lowered) where the SSA is built without argument types.
    pub(super) fn lower_unrolled_for(&mut self, f: &ast::StmtFor, arg: &ast::Expr) -> Result<bool> {
        let Some(n) = self.unroll_length(arg) else {
            if self.unroll_lengths.is_none() {
                return Ok(false);
            }
            return Err(Diagnostic::unsupported(
                "literal_unroll() needs a tuple whose length is known when the function is \
                 compiled: a tuple argument of the function (not reassigned), a global tuple \
                 or a tuple display",
                arg.range(),
            ));
        };
        let tuple = self.lower_expr(arg)?;
        let exit = self.new_block();
        for k in 0..n {
            let next = self.new_block();
            let index = self.constant(Const::Int(k as i64), f.target.range());
            let item = self.emit(Inst::GetItem(tuple, index), f.target.range());
            self.assign_target(&f.target, item)?;
            self.loops.push(LoopTargets {
                continue_to: next,
                break_to: exit,
            });
            let body = self.lower_body(&f.body);
            self.loops.pop();
            body?;
            self.jump(next, f.range);
            self.seal(next);
            self.switch_to(next);
        }
        self.lower_body(&f.orelse)?;
        self.jump(exit, f.range);
        self.seal(exit);
        self.switch_to(exit);
        Ok(true)
    }
}

/// The lengths of the tuple arguments, by parameter name, for `build_function_unrolled`.
pub fn tuple_lengths(
    params: &[std::sync::Arc<str>],
    args: &[crate::types::Type],
) -> HashMap<String, usize> {
    params
        .iter()
        .zip(args)
        .filter_map(|(p, t)| match t {
            crate::types::Type::Tuple(items) => Some((p.to_string(), items.len())),
            _ => None,
        })
        .collect()
}
