//! Python's scoping rules for inner functions, as closure conversion needs them: the free
//! variables of a `def` or `lambda` (what it reads from enclosing functions, and what it
//! assigns through `nonlocal`), and which variables of a function must live in cells.
//!
//! A captured variable is copied into the closure (captured by value) when that copy cannot be
//! told apart from CPython's shared cell: the enclosing function binds it once, outside any loop,
//! before the closure is made (or it is a parameter never assigned), and no inner function
//! assigns it. Any other captured variable lives in a cell that the function and its closures
//! share, as in CPython.

use std::collections::{HashMap, HashSet};

use ruff_python_ast::visitor::{self, Visitor};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::syntax::ast;

/// What one inner function reads from the scopes around it.
pub(super) struct FreeNames {
    /// Names it reads (or assigns through `nonlocal`) without binding them, in order of first
    /// use; those the enclosing function binds are its captures, the others globals.
    pub names: Vec<String>,
    /// The free names it (or a function inside it) assigns through `nonlocal`.
    pub nonlocal: HashSet<String>,
}

/// The body of a function: statements (`def`) or one expression (`lambda`).
pub(super) enum Body<'a> {
    Stmts(&'a [ast::Stmt]),
    Expr(&'a ast::Expr),
}

/// The parameter names of `params`.
pub(super) fn parameter_names(params: Option<&ast::Parameters>) -> Vec<String> {
    params
        .map(|p| {
            p.iter_non_variadic_params()
                .map(|p| p.name().id.to_string())
                .chain(p.vararg.iter().map(|v| v.name.id.to_string()))
                .chain(p.kwarg.iter().map(|v| v.name.id.to_string()))
                .collect()
        })
        .unwrap_or_default()
}

/// The free names of the function with `params` and `body`.
pub(super) fn free_names(params: Option<&ast::Parameters>, body: Body<'_>) -> FreeNames {
    let mut walk = Walk::default();
    let mut bound: HashSet<String> = parameter_names(params).into_iter().collect();
    match body {
        Body::Stmts(stmts) => {
            bound.extend(super::assigned_names(stmts));
            for s in stmts {
                walk.visit_stmt(s);
            }
        }
        Body::Expr(e) => walk.visit_expr(e),
    }
    for name in walk.nonlocal.iter().chain(&walk.global) {
        bound.remove(name);
    }
    let mut names = Vec::new();
    let mut seen = HashSet::new();
    let mut nonlocal: HashSet<String> = walk.nonlocal.iter().cloned().collect();
    let mut add = |n: &str, names: &mut Vec<String>| {
        if !bound.contains(n) && seen.insert(n.to_string()) {
            names.push(n.to_string());
        }
    };
    for n in &walk.nonlocal {
        add(n, &mut names);
    }
    for n in &walk.loads {
        add(n, &mut names);
    }
    for inner in &walk.inner {
        let free = inner.free();
        for n in &free.names {
            add(n, &mut names);
        }
        nonlocal.extend(free.nonlocal.into_iter().filter(|n| !bound.contains(n)));
    }
    names.retain(|n| !walk.global.contains(n));
    FreeNames { names, nonlocal }
}

/// An inner function met while walking a body (not entered: its own walk comes later).
enum Inner<'a> {
    Def(&'a ast::StmtFunctionDef),
    Lambda(&'a ast::ExprLambda),
    /// A generator expression stored in a variable (`g = (x + k for x in a)`): it runs when
    /// consumed, so it reads the names of this scope as they are then (CPython's cells).
    StoredGenExpr(&'a ast::ExprGenerator),
}

impl Inner<'_> {
    fn free(&self) -> FreeNames {
        match self {
            Inner::Def(d) => free_names(Some(&d.parameters), Body::Stmts(&d.body)),
            Inner::Lambda(l) => free_names(l.parameters.as_deref(), Body::Expr(&l.body)),
            Inner::StoredGenExpr(g) => {
                // Its first iterable is read where it stands: not free.
                let mut walk = Walk::default();
                walk.comprehension_rest(&g.generators, &[&g.elt]);
                let mut names: Vec<String> = Vec::new();
                let inner = walk.inner.iter().flat_map(|i| i.free().names);
                for n in walk.loads.into_iter().chain(inner) {
                    if !names.contains(&n) {
                        names.push(n);
                    }
                }
                FreeNames {
                    names,
                    nonlocal: HashSet::new(),
                }
            }
        }
    }

    fn start(&self) -> TextSize {
        self.range().start()
    }

    fn range(&self) -> TextRange {
        match self {
            Inner::Def(d) => d.name.range,
            Inner::Lambda(l) => l.range,
            Inner::StoredGenExpr(g) => g.range,
        }
    }
}

/// The names a body reads and declares, and its inner functions, without entering them.
#[derive(Default)]
struct Walk<'a> {
    loads: Vec<String>,
    nonlocal: Vec<String>,
    global: Vec<String>,
    inner: Vec<Inner<'a>>,
    /// Where each name is bound (outside inner functions), and whether inside a loop.
    bindings: HashMap<String, Vec<(TextRange, bool)>>,
    loop_depth: usize,
}

impl<'a> Walk<'a> {
    fn bind(&mut self, name: &str, range: TextRange) {
        let in_loop = self.loop_depth > 0;
        self.bindings
            .entry(name.to_string())
            .or_default()
            .push((range, in_loop));
    }
}

impl<'a> Walk<'a> {
    /// A comprehension: its first iterable is read in this scope; its `for` variables are its
    /// own, so the rest reads this scope's names other than those.
    fn comprehension(&mut self, generators: &'a [ast::Comprehension], elts: &[&'a ast::Expr]) {
        let Some(first) = generators.first() else {
            return;
        };
        self.visit_expr(&first.iter);
        self.comprehension_rest(generators, elts);
    }

    /// A comprehension's reads other than its first iterable.
    fn comprehension_rest(&mut self, generators: &'a [ast::Comprehension], elts: &[&'a ast::Expr]) {
        let mut inner = Walk::default();
        let mut own = Vec::new();
        for (i, clause) in generators.iter().enumerate() {
            own.extend(target_names(&clause.target));
            if i > 0 {
                inner.visit_expr(&clause.iter);
            }
            for cond in &clause.ifs {
                inner.visit_expr(cond);
            }
        }
        for e in elts {
            inner.visit_expr(e);
        }
        self.loads
            .extend(inner.loads.into_iter().filter(|n| !own.contains(n)));
        self.inner.extend(inner.inner);
        for (name, places) in inner.bindings {
            if !own.contains(&name) {
                self.bindings.entry(name).or_default().extend(places);
            }
        }
    }
}

/// The names an assignment target binds.
fn target_names(target: &ast::Expr) -> Vec<String> {
    match target {
        ast::Expr::Name(n) => vec![n.id.to_string()],
        ast::Expr::Tuple(t) => t.elts.iter().flat_map(target_names).collect(),
        ast::Expr::List(l) => l.elts.iter().flat_map(target_names).collect(),
        _ => Vec::new(),
    }
}

impl<'a> Visitor<'a> for Walk<'a> {
    fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
        match stmt {
            ast::Stmt::FunctionDef(def) => {
                self.bind(def.name.id.as_str(), def.range);
                self.inner.push(Inner::Def(def));
            }
            ast::Stmt::Nonlocal(n) => {
                self.nonlocal
                    .extend(n.names.iter().map(|i| i.id.to_string()));
            }
            ast::Stmt::Global(g) => {
                self.global.extend(g.names.iter().map(|i| i.id.to_string()));
            }
            ast::Stmt::For(f) => {
                self.visit_expr(&f.iter);
                self.loop_depth += 1;
                self.visit_expr(&f.target);
                self.visit_body(&f.body);
                self.loop_depth -= 1;
                self.visit_body(&f.orelse);
            }
            ast::Stmt::Assign(ast::StmtAssign { value, .. })
                if matches!(**value, ast::Expr::Generator(_)) =>
            {
                if let ast::Expr::Generator(g) = &**value {
                    self.inner.push(Inner::StoredGenExpr(g));
                }
                visitor::walk_stmt(self, stmt);
            }
            ast::Stmt::While(w) => {
                self.loop_depth += 1;
                self.visit_expr(&w.test);
                self.visit_body(&w.body);
                self.loop_depth -= 1;
                self.visit_body(&w.orelse);
            }
            _ => visitor::walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        match expr {
            ast::Expr::Name(n) => match n.ctx {
                ast::ExprContext::Load => self.loads.push(n.id.to_string()),
                _ => self.bind(n.id.as_str(), n.range),
            },
            ast::Expr::Lambda(l) => self.inner.push(Inner::Lambda(l)),
            ast::Expr::Generator(g) => self.comprehension(&g.generators, &[&g.elt]),
            ast::Expr::ListComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            ast::Expr::SetComp(c) => self.comprehension(&c.generators, &[&c.elt]),
            _ => visitor::walk_expr(self, expr),
        }
    }
}

/// The free names of each inner `def` of `body` (not nested deeper), by its name.
pub(super) fn inner_defs(body: &[ast::Stmt]) -> HashMap<String, Vec<String>> {
    let mut walk = Walk::default();
    for s in body {
        walk.visit_stmt(s);
    }
    walk.inner
        .iter()
        .filter_map(|i| match i {
            Inner::Def(d) => Some((d.name.id.to_string(), i.free().names)),
            Inner::Lambda(_) | Inner::StoredGenExpr(_) => None,
        })
        .collect()
}

/// The variables of a function (with `params` and `body`, binding `locals`) that its inner
/// functions capture and that must live in cells (see the module's comment), each with the
/// range of the first inner function that needs it there.
pub(super) fn cell_variables(
    params: &[String],
    body: &[ast::Stmt],
    locals: &HashSet<String>,
) -> HashMap<String, TextRange> {
    let mut walk = Walk::default();
    for s in body {
        walk.visit_stmt(s);
    }
    let mut cells = HashMap::new();
    for inner in &walk.inner {
        let free = inner.free();
        let start = inner.start();
        for name in &free.names {
            if !locals.contains(name) {
                continue;
            }
            let bindings = walk.bindings.get(name).map(Vec::as_slice).unwrap_or(&[]);
            let is_param = params.iter().any(|p| p == name);
            let by_value = !free.nonlocal.contains(name)
                && match (is_param, bindings) {
                    (true, []) => true,
                    (false, [(range, false)]) => range.end() <= start,
                    _ => false,
                };
            if !by_value {
                cells.entry(name.clone()).or_insert_with(|| inner.range());
            }
        }
    }
    cells
}
