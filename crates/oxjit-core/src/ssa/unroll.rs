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
use crate::diagnostics::Result;
use crate::ir::{Const, Inst, Value};
use crate::syntax::ast;

/// The argument of `literal_unroll(...)` when `iter` is such a call.
pub(super) fn unroll_argument(iter: &ast::Expr) -> Option<&ast::Expr> {
    match iter {
        ast::Expr::Call(call) => unroll_call_argument(call),
        _ => None,
    }
}

/// The argument of the call `literal_unroll(arg)`.
fn unroll_call_argument(call: &ast::ExprCall) -> Option<&ast::Expr> {
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

/// The locals that hold a literal list (Numba's `LiteralList`, a list display whose items may
/// have different types, as `l = [1, "a", 2.5]`), by their lengths: assigned once, by a list
/// display without starred items, and read only as `literal_unroll(l)`, `l[<int literal>]` (in
/// range), `len(l)`, `x in l` and `l.count(x)`. Such a list is built as a tuple (Numba turns it
/// into one too), so that each item keeps its type, as in Python; none of these uses can tell
/// the two apart.
pub(super) fn literal_lists(
    body: &[ast::Stmt],
    params: &[std::sync::Arc<str>],
) -> HashMap<String, usize> {
    use ast::visitor::{self, Visitor};
    #[derive(Default)]
    struct Find {
        displays: HashMap<String, usize>,
        bindings: HashMap<String, u32>,
        /// The constant indices each name is read at.
        indices: Vec<(String, i64)>,
        other_use: std::collections::HashSet<String>,
    }
    impl Find {
        fn bind(&mut self, name: &str, times: u32) {
            *self.bindings.entry(name.to_string()).or_default() += times;
        }
    }
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            match expr {
                ast::Expr::Name(n) if n.ctx == ast::ExprContext::Load => {
                    self.other_use.insert(n.id.to_string());
                }
                ast::Expr::Name(n) => self.bind(n.id.as_str(), 1),
                ast::Expr::Call(c) => {
                    if let Some(ast::Expr::Name(_)) = unroll_call_argument(c) {
                        return;
                    }
                    if let (ast::Expr::Name(f), [ast::Expr::Name(_)]) =
                        (&*c.func, &*c.arguments.args)
                    {
                        if f.id.as_str() == "len" && c.arguments.keywords.is_empty() {
                            return;
                        }
                    }
                    // `l.count(x)`: its arguments are uses.
                    if let ast::Expr::Attribute(a) = &*c.func {
                        if matches!(&*a.value, ast::Expr::Name(_)) && a.attr.id.as_str() == "count"
                        {
                            c.arguments.args.iter().for_each(|x| self.visit_expr(x));
                            return;
                        }
                    }
                    visitor::walk_expr(self, expr);
                }
                ast::Expr::Subscript(s) if s.ctx == ast::ExprContext::Load => {
                    match (&*s.value, constant(&s.slice)) {
                        (ast::Expr::Name(n), Some(k)) => self.indices.push((n.id.to_string(), k)),
                        _ => visitor::walk_expr(self, expr),
                    }
                }
                // `x in l`, `x not in l`.
                ast::Expr::Compare(c)
                    if matches!(&*c.ops, [ast::CmpOp::In | ast::CmpOp::NotIn])
                        && matches!(&*c.comparators, [ast::Expr::Name(_)]) =>
                {
                    self.visit_expr(&c.left);
                }
                _ => visitor::walk_expr(self, expr),
            }
        }
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            match stmt {
                ast::Stmt::Assign(a) => {
                    if let ([ast::Expr::Name(n)], ast::Expr::List(l)) = (&*a.targets, &*a.value) {
                        // (`[]` is an empty list whose item type later uses decide.)
                        if !l.elts.is_empty() && !l.elts.iter().any(|e| e.is_starred_expr()) {
                            self.displays.insert(n.id.to_string(), l.elts.len());
                        }
                    }
                }
                // Names bound other than by a Name target: never literal lists.
                ast::Stmt::FunctionDef(d) => self.bind(d.name.id.as_str(), 2),
                ast::Stmt::ClassDef(d) => self.bind(d.name.id.as_str(), 2),
                ast::Stmt::Global(g) => g.names.iter().for_each(|n| self.bind(n.id.as_str(), 2)),
                ast::Stmt::Nonlocal(g) => g.names.iter().for_each(|n| self.bind(n.id.as_str(), 2)),
                ast::Stmt::Import(s) => s
                    .names
                    .iter()
                    .for_each(|a| self.bind(a.asname.as_ref().unwrap_or(&a.name).id.as_str(), 2)),
                ast::Stmt::ImportFrom(s) => s
                    .names
                    .iter()
                    .for_each(|a| self.bind(a.asname.as_ref().unwrap_or(&a.name).id.as_str(), 2)),
                _ => {}
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut find = Find::default();
    for s in body {
        find.visit_stmt(s);
    }
    let Find {
        displays,
        bindings,
        indices,
        other_use,
    } = find;
    displays
        .into_iter()
        .filter(|(n, len)| {
            let len = *len as i64;
            let in_range = |k: i64| (-len..len).contains(&k);
            bindings.get(n) == Some(&1)
                && !other_use.contains(n)
                && !params.iter().any(|p| &**p == n.as_str())
                && indices.iter().all(|(m, k)| m != n || in_range(*k))
        })
        .collect()
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
        self.unroll_lengths.as_ref()?;
        match arg {
            ast::Expr::Tuple(ast::ExprTuple { elts, .. })
            | ast::Expr::List(ast::ExprList { elts, .. })
                if !elts.iter().any(|e| e.is_starred_expr()) =>
            {
                Some(elts.len())
            }
            // A tuple argument, or a local assigned one tuple display.
            ast::Expr::Name(n) => self.tuple_length(n.id.as_str(), &Default::default()),
            // `t[a:b:c]` of such a tuple, its bounds constants.
            ast::Expr::Subscript(s) => {
                let ast::Expr::Slice(sl) = &*s.slice else {
                    return None;
                };
                let len = i64::try_from(self.unroll_length(&s.value)?).ok()?;
                let bound = |e: &Option<Box<ast::Expr>>| -> Option<Option<i64>> {
                    match e.as_deref() {
                        None => Some(None),
                        Some(e) => constant(e).map(Some),
                    }
                };
                let step = bound(&sl.step)?.unwrap_or(1);
                let (lo, hi) = (bound(&sl.lower)?, bound(&sl.upper)?);
                slice_length(len, lo, hi, step)
            }
            _ => None,
        }
    }

    /// The number of items of the tuple a local holds where the loop starts, where its current
    /// definition is a tuple display (a local assigned displays of several lengths, `t = (a,
    /// b)` then `t = (a, b, c)`: each assignment is a value of its own in SSA form).
    fn current_display_length(&mut self, arg: &ast::Expr) -> Option<usize> {
        self.unroll_lengths.as_ref()?;
        let ast::Expr::Name(n) = arg else {
            return None;
        };
        let name = n.id.as_str();
        if self.comp_renamed(name) != name
            || self.renamed(name).is_some()
            || self.cells.contains_key(name)
            || !self.locals.contains(name)
        {
            return None;
        }
        let v = self.read_variable(name, self.current, n.range);
        match self.func.inst(v) {
            Inst::BuildTuple(items) => Some(items.len()),
            Inst::Const(Const::Tuple(items)) => Some(items.len()),
            _ => None,
        }
    }

    /// `literal_unroll(x)` outside a `for` header (`len(literal_unroll(t))`): `x` itself, as
    /// in Python.
    pub(super) fn lower_unroll_value(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        match unroll_call_argument(call) {
            Some(arg) => self.lower_unrolled_items(arg).map(Some),
            None => Ok(None),
        }
    }

    /// The value `literal_unroll(arg)` goes over: a list display is built as a tuple (a
    /// literal list, whose items may have different types).
    fn lower_unrolled_items(&mut self, arg: &ast::Expr) -> Result<Value> {
        match arg {
            ast::Expr::List(l) if !l.elts.iter().any(|e| e.is_starred_expr()) => {
                let items = l
                    .elts
                    .iter()
                    .map(|e| self.lower_expr(e))
                    .collect::<Result<Vec<_>>>()?;
                Ok(self.emit(Inst::BuildTuple(items), arg.range()))
            }
            _ => self.lower_expr(arg),
        }
    }

    /// `l = [...]` where `l` holds a literal list (`literal_lists`): built as a tuple.
    pub(super) fn lower_literal_list_assign(&mut self, a: &ast::StmtAssign) -> Result<bool> {
        let ([target @ ast::Expr::Name(n)], value @ ast::Expr::List(_)) = (&*a.targets, &*a.value)
        else {
            return Ok(false);
        };
        if !self.literal_lists.contains(n.id.as_str()) {
            return Ok(false);
        }
        let items = self.lower_unrolled_items(value)?;
        self.assign_target(target, items)?;
        Ok(true)
    }

    /// Lowers `for target in literal_unroll(arg): body` as one copy of the body per item.
    /// Returns `false` (nothing lowered) where the length of `arg` is not known (or the SSA is
    /// built without argument types).
    pub(super) fn lower_unrolled_for(&mut self, f: &ast::StmtFor, arg: &ast::Expr) -> Result<bool> {
        let Some(n) = self
            .unroll_length(arg)
            .or_else(|| self.current_display_length(arg))
        else {
            // Not a tuple of known length (a list, an array, a range, a local variable): the
            // caller lowers a plain loop over `arg`, as Numba iterates what it cannot unroll.
            return Ok(false);
        };
        let tuple = self.lower_unrolled_items(arg)?;
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

/// An integer literal, negated or not.
fn constant(e: &ast::Expr) -> Option<i64> {
    match e {
        ast::Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.as_i64(),
            _ => None,
        },
        ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => constant(&u.operand)?.checked_neg(),
        _ => None,
    }
}

/// The number of items `seq[lo:hi:step]` has, `seq` of length `len` (Python's
/// `slice.indices`).
fn slice_length(len: i64, lo: Option<i64>, hi: Option<i64>, step: i64) -> Option<usize> {
    if step == 0 {
        return None;
    }
    let clamp = |v: Option<i64>, default: i64| -> i64 {
        match v {
            None => default,
            Some(v) if v < 0 => {
                let v = v + len;
                if v < 0 {
                    if step < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    v
                }
            }
            Some(v) if v >= len => {
                if step < 0 {
                    len - 1
                } else {
                    len
                }
            }
            Some(v) => v,
        }
    };
    let (start, stop) = if step > 0 {
        (clamp(lo, 0), clamp(hi, len))
    } else {
        (clamp(lo, len - 1), clamp(hi, -1))
    };
    let n = if step > 0 {
        if stop > start {
            (stop - start - 1) / step + 1
        } else {
            0
        }
    } else if start > stop {
        (start - stop - 1) / (-step) + 1
    } else {
        0
    };
    usize::try_from(n).ok()
}

#[cfg(test)]
mod tests {
    use super::slice_length;

    #[test]
    fn slice_lengths_as_python() {
        // Python: len(range(5)[lo:hi:step])
        assert_eq!(slice_length(5, None, Some(2), 1), Some(2));
        assert_eq!(slice_length(5, Some(1), None, 1), Some(4));
        assert_eq!(slice_length(5, None, None, -1), Some(5));
        assert_eq!(slice_length(5, Some(-2), None, 1), Some(2));
        assert_eq!(slice_length(5, Some(10), None, 1), Some(0));
        assert_eq!(slice_length(5, None, None, 2), Some(3));
        assert_eq!(slice_length(5, Some(-10), Some(-7), -1), Some(0));
        assert_eq!(slice_length(5, Some(3), Some(0), -2), Some(2));
    }
}
