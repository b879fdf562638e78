//! `tuple(<generator expression>)` where the number of items is known when the function is
//! compiled: every `for` clause goes over a tuple argument of the function (not rebound; the
//! function is built again for each specialization, as for `literal_unroll`), a tuple display, a
//! local assigned one tuple display and nothing else, a string literal, or `range()` of integer
//! literals (or of `len()` of such a tuple). A tuple's length is part of its type, so the loops
//! are unrolled: one copy of the item expression per item, each typed for its own item (items of
//! a heterogeneous tuple may give items of different types, as in CPython).
//!
//! An `if` clause, or another iterable (a list, `range(n)` of a variable), makes the length a
//! run-time fact: refused here with a message saying so. Where the function is built again for
//! each specialization, its first build (not typed) holds a placeholder instead.

use std::collections::{HashMap, HashSet};

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Value};
use crate::syntax::ast;

/// The items of one `for` clause, known when the function is built.
enum Known<'a> {
    /// `n` items of the value of this expression (a tuple or a string), read by index.
    Indexed(&'a ast::Expr, usize),
    /// `range(start, stop, step)` of constants: its items.
    Range(Vec<i64>),
}

impl Builder {
    /// `call` lowered as a tuple display if it is `tuple(<generator expression>)` whose length
    /// is known here; `None` leaves it to the ordinary call.
    pub(super) fn lower_tuple_genexpr(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let (ast::Expr::Name(func), [ast::Expr::Generator(g)]) =
            (&*call.func, &*call.arguments.args)
        else {
            return Ok(None);
        };
        if func.id.as_str() != "tuple"
            || !call.arguments.keywords.is_empty()
            || self.env.shadowed.contains("tuple")
            || self.locals.contains("tuple")
            || self.cells.contains_key("tuple")
        {
            return Ok(None);
        }
        if let Some(cond) = g.generators.iter().flat_map(|c| &c.ifs).next() {
            return Err(Diagnostic::unsupported(
                "tuple() of a generator expression with an 'if' clause: a tuple's length is \
                 part of its type in compiled code, and how many items pass the test is only \
                 known at run time (make a list with list(...) or [... for ... if ...])",
                cond.range(),
            ));
        }
        if g.generators.iter().any(|c| c.is_async) {
            return Ok(None);
        }
        // Each copy of a lambda or a generator expression would be an inner function of its
        // own, numbered differently in each specialization's build.
        if let Some(inner) = lifted_inside(g) {
            return Err(Diagnostic::unsupported(
                "a lambda or a generator expression inside tuple(... for ...) is not supported \
                 (the item expression is compiled once per item)",
                inner,
            ));
        }
        // Every clause's length must be known before anything is evaluated (a clause whose
        // iterable names an earlier clause's variable has a length known only per item).
        let mut bound = HashSet::new();
        let mut clauses = Vec::new();
        for clause in &g.generators {
            match self.known_items(&clause.iter, &bound) {
                Some(known) => clauses.push(known),
                // Built again with the lengths of the tuple arguments: a placeholder, never
                // typed, that makes no inner function (as the unrolled build makes none).
                None if self.rebuilt => {
                    return Ok(Some(self.emit(Inst::BuildTuple(vec![]), call.range())))
                }
                None => {
                    return Err(Diagnostic::unsupported(
                        "tuple() of a generator expression whose number of items is only known \
                         at run time: a tuple's length is part of its type in compiled code \
                         (make a list with list(...)); tuple(... for x in t) is compiled where t \
                         is a tuple argument of the function, a tuple display, a local assigned \
                         one tuple display, a string literal, or range() of integer constants",
                        clause.iter.range(),
                    ))
                }
            }
            bound.extend(super::genexpr::target_names(&clause.target));
        }
        let mut items = Vec::new();
        let mut renames = HashMap::new();
        self.unroll_clauses(&g.generators, &clauses, &g.elt, &mut renames, &mut items)?;
        Ok(Some(self.emit(Inst::BuildTuple(items), call.range())))
    }

    /// The items of `iter`, where their number is known here; `bound` are the variables of the
    /// earlier clauses (whose values are not).
    fn known_items<'a>(&self, iter: &'a ast::Expr, bound: &HashSet<String>) -> Option<Known<'a>> {
        match iter {
            ast::Expr::Tuple(t) if !t.elts.iter().any(|e| e.is_starred_expr()) => {
                Some(Known::Indexed(iter, t.elts.len()))
            }
            ast::Expr::StringLiteral(s) => {
                Some(Known::Indexed(iter, s.value.to_str().chars().count()))
            }
            ast::Expr::Name(n) => Some(Known::Indexed(
                iter,
                self.tuple_length(n.id.as_str(), bound)?,
            )),
            ast::Expr::Call(c) => {
                let ast::Expr::Name(f) = &*c.func else {
                    return None;
                };
                if f.id.as_str() != "range"
                    || !c.arguments.keywords.is_empty()
                    || self.is_rebound(f.id.as_str())
                {
                    return None;
                }
                let mut args = Vec::new();
                for a in c.arguments.args.iter() {
                    args.push(self.constant_int(a, bound)?);
                }
                let (start, stop, step) = match args[..] {
                    [stop] => (0, stop, 1),
                    [start, stop] => (start, stop, 1),
                    [start, stop, step] if step != 0 => (start, stop, step),
                    _ => return None,
                };
                let mut items = Vec::new();
                let mut k = start;
                while (step > 0 && k < stop) || (step < 0 && k > stop) {
                    items.push(k);
                    k = k.checked_add(step)?;
                }
                Some(Known::Range(items))
            }
            _ => None,
        }
    }

    /// The length of the tuple variable `name` holds wherever it is read, if that is known: a
    /// tuple argument not rebound (in a build for one specialization), or a local assigned one
    /// tuple display and nothing else.
    pub(super) fn tuple_length(&self, name: &str, bound: &HashSet<String>) -> Option<usize> {
        if bound.contains(name) || self.renamed(name).is_some() || self.cells.contains_key(name) {
            return None;
        }
        let argument = self
            .unroll_lengths
            .as_ref()
            .and_then(|l| l.get(name).copied());
        argument.or_else(|| self.fixed_tuples.get(name).copied())
    }

    /// An integer literal (negated or not), or `len()` of a tuple of known length.
    fn constant_int(&self, e: &ast::Expr, bound: &HashSet<String>) -> Option<i64> {
        match e {
            ast::Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64(),
                _ => None,
            },
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::USub => {
                self.constant_int(&u.operand, bound)?.checked_neg()
            }
            ast::Expr::Call(c) => match (&*c.func, &*c.arguments.args) {
                (ast::Expr::Name(f), [arg])
                    if f.id.as_str() == "len"
                        && c.arguments.keywords.is_empty()
                        && !self.is_rebound("len") =>
                {
                    match self.known_items(arg, bound)? {
                        Known::Indexed(_, n) => i64::try_from(n).ok(),
                        Known::Range(items) => i64::try_from(items.len()).ok(),
                    }
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// Whether a builtin's name means something else here.
    fn is_rebound(&self, name: &str) -> bool {
        self.locals.contains(name) || self.cells.contains_key(name) || self.renamed(name).is_some()
    }

    /// The items of the clauses' loops, unrolled: `elt` for each combination of their items.
    fn unroll_clauses(
        &mut self,
        generators: &[ast::Comprehension],
        clauses: &[Known<'_>],
        elt: &ast::Expr,
        renames: &mut HashMap<String, String>,
        items: &mut Vec<Value>,
    ) -> Result<()> {
        let (Some((clause, rest)), Some((known, known_rest))) =
            (generators.split_first(), clauses.split_first())
        else {
            self.renames.push(renames.clone());
            let item = self.lower_expr(elt);
            self.renames.pop();
            items.push(item?);
            return Ok(());
        };
        // The iterable is evaluated once, before the clause's variables are bound.
        self.renames.push(renames.clone());
        let source = match known {
            Known::Indexed(e, _) => Some(self.lower_expr(e)),
            Known::Range(_) => None,
        };
        self.renames.pop();
        let source = source.transpose()?;
        let mut inner = renames.clone();
        for name in super::genexpr::target_names(&clause.target) {
            self.genexpr_count += 1;
            let hidden = format!("{name}@{}", self.genexpr_count);
            self.locals.insert(hidden.clone());
            inner.insert(name, hidden);
        }
        let count = match known {
            Known::Indexed(_, n) => *n,
            Known::Range(r) => r.len(),
        };
        let range = clause.target.range();
        for k in 0..count {
            let item = match (known, source) {
                (Known::Range(r), _) => self.constant(Const::Int(r[k]), range),
                (_, Some(tuple)) => {
                    let index = self.constant(Const::Int(k as i64), range);
                    self.emit(Inst::GetItem(tuple, index), range)
                }
                (Known::Indexed(..), None) => unreachable!("an indexed clause has its value"),
            };
            self.renames.push(inner.clone());
            let assigned = self.assign_target(&clause.target, item);
            self.renames.pop();
            assigned?;
            self.unroll_clauses(rest, known_rest, elt, &mut inner.clone(), items)?;
        }
        Ok(())
    }
}

/// Where the generator expression holds a lambda or a generator expression that is not the
/// argument of a reduction (`sum(... for ...)`, lowered in place).
fn lifted_inside(g: &ast::ExprGenerator) -> Option<ruff_text_size::TextRange> {
    use ast::visitor::{self, Visitor};
    struct Find(Option<ruff_text_size::TextRange>);
    impl<'a> Visitor<'a> for Find {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            match expr {
                ast::Expr::Lambda(_) | ast::Expr::Generator(_) => {
                    self.0.get_or_insert(expr.range());
                }
                ast::Expr::Call(c) => {
                    let reduction = matches!(&*c.func, ast::Expr::Name(f)
                        if super::genexpr::REDUCTIONS.contains(&f.id.as_str()));
                    self.visit_expr(&c.func);
                    for a in c.arguments.args.iter() {
                        match a {
                            ast::Expr::Generator(inner) if reduction => {
                                visitor::walk_expr(self, &ast::Expr::Generator(inner.clone()))
                            }
                            _ => self.visit_expr(a),
                        }
                    }
                    for k in c.arguments.keywords.iter() {
                        self.visit_expr(&k.value);
                    }
                }
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    let mut find = Find(None);
    find.visit_expr(&g.elt);
    for (k, clause) in g.generators.iter().enumerate() {
        // The first iterable is evaluated once, outside the copies.
        if k > 0 {
            find.visit_expr(&clause.iter);
        }
        for cond in &clause.ifs {
            find.visit_expr(cond);
        }
    }
    find.0
}

/// The locals assigned only by `name = (a, b, ...)` (no starred item), each display of the same
/// length, and bound no other way (not a parameter, not `global`/`nonlocal`, not deleted):
/// wherever they are read, they hold a tuple of that length.
pub(super) fn fixed_tuples(
    body: &[ast::Stmt],
    params: &[std::sync::Arc<str>],
) -> HashMap<String, usize> {
    use ast::visitor::{self, Visitor};
    #[derive(Default)]
    struct Count {
        bindings: HashMap<String, u32>,
        /// The length of the displays assigned (`None` where two differ), and their number.
        displays: HashMap<String, (Option<usize>, u32)>,
        matches: bool,
    }
    impl Count {
        fn bind(&mut self, name: &str, times: u32) {
            *self.bindings.entry(name.to_string()).or_default() += times;
        }
    }
    impl<'a> Visitor<'a> for Count {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            if let ast::Expr::Name(n) = expr {
                if n.ctx != ast::ExprContext::Load {
                    self.bind(n.id.as_str(), 1);
                }
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            match stmt {
                ast::Stmt::Assign(a) => {
                    if let ([ast::Expr::Name(n)], ast::Expr::Tuple(t)) = (&*a.targets, &*a.value) {
                        if !t.elts.iter().any(|e| e.is_starred_expr()) {
                            let len = t.elts.len();
                            let entry = self
                                .displays
                                .entry(n.id.to_string())
                                .or_insert((Some(len), 0));
                            if entry.0 != Some(len) {
                                entry.0 = None;
                            }
                            entry.1 += 1;
                        }
                    }
                }
                // Names bound other than by a Name target: never fixed.
                ast::Stmt::FunctionDef(d) => self.bind(d.name.id.as_str(), 2),
                ast::Stmt::ClassDef(d) => self.bind(d.name.id.as_str(), 2),
                ast::Stmt::Global(g) => g.names.iter().for_each(|n| self.bind(n.id.as_str(), 2)),
                ast::Stmt::Nonlocal(g) => g.names.iter().for_each(|n| self.bind(n.id.as_str(), 2)),
                ast::Stmt::Import(s) => s.names.iter().for_each(|a| {
                    let name = a.asname.as_ref().unwrap_or(&a.name).id.as_str();
                    self.bind(name.split('.').next().unwrap_or(name), 2)
                }),
                ast::Stmt::ImportFrom(s) => s
                    .names
                    .iter()
                    .for_each(|a| self.bind(a.asname.as_ref().unwrap_or(&a.name).id.as_str(), 2)),
                ast::Stmt::Try(t) => {
                    for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                        if let Some(name) = &h.name {
                            self.bind(name.id.as_str(), 2);
                        }
                    }
                }
                // Pattern captures are not Name targets.
                ast::Stmt::Match(_) => self.matches = true,
                _ => {}
            }
            // An inner function's body binds its own names.
            if !matches!(stmt, ast::Stmt::FunctionDef(_) | ast::Stmt::ClassDef(_)) {
                visitor::walk_stmt(self, stmt);
            }
        }
    }
    let mut count = Count::default();
    for s in body {
        count.visit_stmt(s);
    }
    if count.matches {
        return HashMap::new();
    }
    count
        .displays
        .into_iter()
        .filter_map(|(n, (len, times))| {
            let only_displays = count.bindings.get(&n) == Some(&times);
            (only_displays && !params.iter().any(|p| **p == *n)).then_some((n, len?))
        })
        .collect()
}
