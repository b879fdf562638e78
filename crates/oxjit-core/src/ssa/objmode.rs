//! `with objmode(x="float64[:]", n="int64"): ...` inside a compiled function (Numba's
//! `numba.objmode`): the block's body is not compiled; it runs in the interpreter as a function
//! of the block's live-in variables that returns its declared outputs (made by the host from
//! the body's source text, see `oxjit-python/src/objmode.rs`). Here the block becomes one
//! `Inst::ObjMode` taking the live-in values, whose result (the tuple of the outputs, typed from
//! their annotations) is unpacked into the output variables.
//!
//! The live-in variables are the names the body reads that the function also binds outside
//! the block (or are its parameters): a name only the block assigns is the block's own. A
//! variable the block assigns without declaring it, and which the function uses elsewhere,
//! is refused (its new value would be lost), as is leaving the block by `return`, `break` or
//! `continue`, and `yield` in it.

use std::collections::HashSet;
use std::sync::Arc;

use ruff_python_ast::{self as ast, visitor, visitor::Visitor};
use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, ObjModeAnnotation, ObjModeBlock};

/// Whether `item` is `objmode(...)` / `numba.objmode(...)` / `oxjit.objmode(...)`, or bare.
pub(super) fn is_objmode(item: &ast::WithItem) -> bool {
    let callee = match &item.context_expr {
        ast::Expr::Call(c) => &*c.func,
        e => e,
    };
    match callee {
        ast::Expr::Name(n) => n.id.as_str() == "objmode",
        ast::Expr::Attribute(a) => a.attr.id.as_str() == "objmode",
        _ => false,
    }
}

/// The names the function reads and assigns outside its `with objmode` blocks (the blocks'
/// live-in variables and the checks on what they assign are decided from them).
#[derive(Default)]
pub(crate) struct OutsideNames {
    loaded: HashSet<String>,
    stored: HashSet<String>,
}

impl OutsideNames {
    /// `None` when the function has no `with objmode` block.
    pub(super) fn of(body: &[ast::Stmt], params: &[Arc<str>]) -> Option<OutsideNames> {
        let mut c = Collect {
            names: OutsideNames::default(),
            found: false,
        };
        for s in body {
            c.visit_stmt(s);
        }
        let mut names = c.found.then_some(c.names)?;
        names.stored.extend(params.iter().map(|p| p.to_string()));
        Some(names)
    }
}

struct Collect {
    names: OutsideNames,
    found: bool,
}

impl<'a> Visitor<'a> for Collect {
    fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
        if let ast::Stmt::With(w) = stmt {
            if w.items.iter().any(is_objmode) {
                self.found = true;
                return;
            }
        }
        visitor::walk_stmt(self, stmt);
    }
    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        if let ast::Expr::Name(n) = expr {
            match n.ctx {
                ast::ExprContext::Load => self.names.loaded.insert(n.id.to_string()),
                _ => self.names.stored.insert(n.id.to_string()),
            };
        }
        visitor::walk_expr(self, expr);
    }
}

/// The names a block's body reads, in order of first use, and those it assigns.
fn body_names(body: &[ast::Stmt]) -> (Vec<String>, HashSet<String>) {
    struct Names(Vec<String>, HashSet<String>);
    impl<'a> Visitor<'a> for Names {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            if let ast::Expr::Name(n) = expr {
                let id = n.id.to_string();
                if matches!(n.ctx, ast::ExprContext::Load) {
                    if !self.0.contains(&id) {
                        self.0.push(id);
                    }
                } else {
                    self.1.insert(id);
                }
            }
            visitor::walk_expr(self, expr);
        }
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            if let ast::Stmt::AugAssign(a) = stmt {
                if let ast::Expr::Name(n) = &*a.target {
                    if !self.0.contains(&n.id.to_string()) {
                        self.0.push(n.id.to_string());
                    }
                }
            }
            visitor::walk_stmt(self, stmt);
        }
    }
    let mut n = Names(Vec::new(), HashSet::new());
    for s in body {
        n.visit_stmt(s);
    }
    (n.0, n.1)
}

/// The first `return`, `yield`, or `break`/`continue` leaving the body, if any.
fn leaves_block(body: &[ast::Stmt]) -> Option<(&'static str, TextRange)> {
    struct Find {
        depth: u32,
        found: Option<(&'static str, TextRange)>,
    }
    impl<'a> Visitor<'a> for Find {
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            if self.found.is_some() {
                return;
            }
            match stmt {
                ast::Stmt::Return(r) => self.found = Some(("'return'", r.range)),
                ast::Stmt::Break(b) if self.depth == 0 => self.found = Some(("'break'", b.range)),
                ast::Stmt::Continue(c) if self.depth == 0 => {
                    self.found = Some(("'continue'", c.range))
                }
                ast::Stmt::FunctionDef(_) | ast::Stmt::ClassDef(_) => {}
                ast::Stmt::For(_) | ast::Stmt::While(_) => {
                    self.depth += 1;
                    visitor::walk_stmt(self, stmt);
                    self.depth -= 1;
                }
                _ => visitor::walk_stmt(self, stmt),
            }
        }
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            match expr {
                ast::Expr::Yield(y) => self.found = Some(("'yield'", y.range)),
                ast::Expr::YieldFrom(y) => self.found = Some(("'yield from'", y.range)),
                ast::Expr::Lambda(_) => {}
                _ => visitor::walk_expr(self, expr),
            }
        }
    }
    let mut f = Find {
        depth: 0,
        found: None,
    };
    for s in body {
        f.visit_stmt(s);
    }
    f.found
}

/// An annotation as Python source: a string's contents, or a type expression
/// (`types.float64[:]`, `float64[::1]`) written back as text for the host to evaluate.
fn annotation(e: &ast::Expr) -> Result<ObjModeAnnotation> {
    if let ast::Expr::StringLiteral(s) = e {
        return Ok(ObjModeAnnotation {
            text: Arc::from(s.value.to_str()),
            is_string: true,
        });
    }
    let text = expr_text(e).ok_or_else(|| {
        Diagnostic::unsupported(
            "an objmode output type must be a string (\"float64[:]\") or a type \
             (types.float64[:])",
            e.range(),
        )
    })?;
    Ok(ObjModeAnnotation {
        text: Arc::from(text.as_str()),
        is_string: false,
    })
}

/// `e` as text, for the forms a type is written in: names, attributes, subscripts with slices
/// (`[:]`, `[:, ::1]`) and calls of those with such arguments (`types.UniTuple(types.int64, 2)`).
fn expr_text(e: &ast::Expr) -> Option<String> {
    Some(match e {
        ast::Expr::Name(n) => n.id.to_string(),
        ast::Expr::Attribute(a) => format!("{}.{}", expr_text(&a.value)?, a.attr.id),
        ast::Expr::NumberLiteral(n) => match &n.value {
            ast::Number::Int(i) => i.to_string(),
            _ => return None,
        },
        ast::Expr::Slice(s) => {
            let part = |x: &Option<Box<ast::Expr>>| match x {
                Some(x) => expr_text(x),
                None => Some(String::new()),
            };
            match &s.step {
                Some(_) => format!("{}:{}:{}", part(&s.lower)?, part(&s.upper)?, part(&s.step)?),
                None => format!("{}:{}", part(&s.lower)?, part(&s.upper)?),
            }
        }
        ast::Expr::Tuple(t) => {
            let items: Option<Vec<String>> = t.elts.iter().map(expr_text).collect();
            format!("({},)", items?.join(", "))
        }
        ast::Expr::Subscript(s) => {
            let index = match &*s.slice {
                ast::Expr::Tuple(t) => {
                    let items: Option<Vec<String>> = t.elts.iter().map(expr_text).collect();
                    items?.join(", ")
                }
                other => expr_text(other)?,
            };
            format!("{}[{index}]", expr_text(&s.value)?)
        }
        ast::Expr::Call(c) if c.arguments.keywords.is_empty() => {
            let args: Option<Vec<String>> = c.arguments.args.iter().map(expr_text).collect();
            format!("{}({})", expr_text(&c.func)?, args?.join(", "))
        }
        _ => return None,
    })
}

impl Builder {
    /// `with ...:`: an `objmode` block; any other context manager is refused.
    pub(super) fn lower_with(&mut self, w: &ast::StmtWith) -> Result<()> {
        let Some(item) = w.items.iter().find(|i| is_objmode(i)) else {
            // Context managers made by `contextlib.contextmanager` (`with_cm.rs`).
            return self.lower_with_generators(w);
        };
        if w.items.len() > 1 || item.optional_vars.is_some() || w.is_async {
            return Err(Diagnostic::unsupported(
                "'with objmode(...)' takes no 'as' target, no other context manager and no \
                 'async'",
                w.range,
            ));
        }
        let outputs = self.objmode_outputs(&item.context_expr)?;
        if let Some((what, range)) = leaves_block(&w.body) {
            return Err(Diagnostic::unsupported(
                format!("{what} inside a 'with objmode' block is not supported"),
                range,
            ));
        }
        let outside = self.objmode_names.take().unwrap_or_default();
        let (read, assigned) = body_names(&w.body);
        let declared: HashSet<&str> = outputs.iter().map(|(n, _)| &**n).collect();
        let mut lost: Vec<&String> = assigned
            .iter()
            .filter(|n| !declared.contains(n.as_str()) && outside.loaded.contains(*n))
            .collect();
        lost.sort();
        if let Some(name) = lost.first() {
            self.objmode_names = Some(outside);
            return Err(Diagnostic::unsupported(
                format!(
                    "'{name}' is assigned inside the 'with objmode' block and used outside it: \
                     declare it as an output (objmode({name}=\"<type>\"))"
                ),
                w.range,
            ));
        }
        let inputs: Vec<String> = read
            .into_iter()
            .filter(|n| self.locals.contains(n) && outside.stored.contains(n))
            .collect();
        self.objmode_names = Some(outside);
        let mut values = Vec::with_capacity(inputs.len());
        for name in &inputs {
            values.push(self.lower_name(name, w.range)?);
        }
        let body = TextRange::new(
            w.body.first().map_or(w.range.end(), |s| s.start()),
            w.body.last().map_or(w.range.end(), |s| s.end()),
        );
        let index = self.func.objmode.len() as u32;
        let n = outputs.len() as u32;
        let names: Vec<Arc<str>> = outputs.iter().map(|(n, _)| n.clone()).collect();
        self.func.objmode.push(Arc::new(ObjModeBlock {
            body,
            inputs: inputs.iter().map(|n| Arc::from(n.as_str())).collect(),
            outputs,
        }));
        let result = self.emit(
            Inst::ObjMode {
                block: index,
                inputs: values,
            },
            w.range,
        );
        for (i, name) in names.iter().enumerate() {
            let item = self.emit(Inst::UnpackItem(result, i as u32, n), w.range);
            self.assign(name, item);
        }
        Ok(())
    }

    /// The declared outputs of `objmode(x="float64[:]", ...)`, in order.
    fn objmode_outputs(&self, e: &ast::Expr) -> Result<Vec<(Arc<str>, ObjModeAnnotation)>> {
        let ast::Expr::Call(call) = e else {
            return Ok(Vec::new());
        };
        if let Some(a) = call.arguments.args.first() {
            return Err(Diagnostic::typing(
                "objmode() takes its outputs as keyword arguments (objmode(x=\"float64[:]\"))",
                a.range(),
            ));
        }
        let mut out = Vec::new();
        for k in call.arguments.keywords.iter() {
            let Some(name) = &k.arg else {
                return Err(Diagnostic::unsupported(
                    "objmode(**...) is not supported: name each output",
                    k.range,
                ));
            };
            out.push((Arc::from(name.id.as_str()), annotation(&k.value)?));
        }
        Ok(out)
    }
}
