//! `with cm(args) as x: body` where `cm` is a `contextlib.contextmanager` generator function:
//! lowered as the statements `contextlib`'s `_GeneratorContextManager` runs, on the compiled
//! generator the decorated function wraps (the global `cm.__wrapped__`, which the host resolves
//! only for such functions, and refuses for any other value with a message naming it):
//!
//! ```text
//! g = cm.__wrapped__(args)
//! try:
//!     v = next(g)                    # enter: run to the first `yield`
//! except StopIteration:
//!     raise RuntimeError("generator didn't yield") from None
//! x = v
//! raised = False
//! try:
//!     body
//! except:                            # an exception in the body: the generator is closed at
//!     raised = True                  # its `yield` (its `finally` runs), then the exception
//!     g.close()                      # goes on
//!     raise
//! finally:
//!     if not raised:                 # exit (also by return/break/continue): run it to its end
//!         for _ in g:
//!             raise RuntimeError("generator didn't stop")
//! ```
//!
//! CPython throws the body's exception into the generator at its `yield`; closing it raises
//! `GeneratorExit` there instead, which is the same for a generator whose `yield` is in no `try`
//! with `except` clauses (a `finally` runs either way, and the exception goes on). The host
//! refuses the others at compile time: they could catch the exception and suppress it.

use ruff_python_ast::visitor::transformer::{walk_stmt, Transformer};
use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::syntax::ast;

/// The statements above, for the `n`th `with` of the function (`CM()` and `pass` are replaced).
fn template(n: usize) -> String {
    format!(
        "__oxjit_cm_g{n} = CM()\n\
         try:\n    __oxjit_cm_v{n} = next(__oxjit_cm_g{n})\n\
         except StopIteration:\n    raise RuntimeError(\"generator didn't yield\") from None\n\
         __oxjit_cm_raised{n} = False\n\
         try:\n    pass\n\
         except:\n    __oxjit_cm_raised{n} = True\n    __oxjit_cm_g{n}.close()\n    raise\n\
         finally:\n    if not __oxjit_cm_raised{n}:\n        \
         for __oxjit_cm_x{n} in __oxjit_cm_g{n}:\n            \
         raise RuntimeError(\"generator didn't stop\")\n"
    )
}

/// Gives every node of the template the range of the `with` statement (its own offsets mean
/// nothing in the user's file).
struct Relocate(TextRange);

impl Transformer for Relocate {
    fn visit_stmt(&self, stmt: &mut ast::Stmt) {
        match stmt {
            ast::Stmt::Assign(s) => s.range = self.0,
            ast::Stmt::Expr(s) => s.range = self.0,
            ast::Stmt::Try(s) => s.range = self.0,
            ast::Stmt::If(s) => s.range = self.0,
            ast::Stmt::For(s) => s.range = self.0,
            ast::Stmt::Raise(s) => s.range = self.0,
            ast::Stmt::Pass(s) => s.range = self.0,
            _ => {}
        }
        walk_stmt(self, stmt);
    }

    fn visit_expr(&self, expr: &mut ast::Expr) {
        ruff_python_ast::relocate::relocate_expr(expr, self.0);
    }

    fn visit_except_handler(&self, handler: &mut ast::ExceptHandler) {
        let ast::ExceptHandler::ExceptHandler(h) = handler;
        h.range = self.0;
        ruff_python_ast::visitor::transformer::walk_except_handler(self, handler);
    }
}

/// `cm` or `module.cm` (`numba.parallel_chunksize`), as the host looks it up.
fn dotted_name(e: &ast::Expr) -> Option<String> {
    match e {
        ast::Expr::Name(n) => Some(n.id.to_string()),
        ast::Expr::Attribute(a) => Some(format!("{}.{}", dotted_name(&a.value)?, a.attr.id)),
        _ => None,
    }
}

impl Builder {
    /// `with` of context managers that are not `objmode`: each a call of a contextmanager
    /// function, entered in order (the later ones inside the earlier ones' bodies).
    pub(super) fn lower_with_generators(&mut self, w: &ast::StmtWith) -> Result<()> {
        if w.is_async {
            return Err(Diagnostic::unsupported(
                "'async with' is not supported",
                w.range,
            ));
        }
        let (first, rest) = w.items.split_first().expect("a with statement has an item");
        let body: Vec<ast::Stmt> = if rest.is_empty() {
            w.body.to_vec()
        } else {
            vec![ast::Stmt::With(ast::StmtWith {
                node_index: Default::default(),
                range: w.range,
                is_async: false,
                items: rest.to_vec(),
                body: w.body.clone(),
            })]
        };
        let stmts = self.desugared(first, body, w.range)?;
        self.lower_body(&stmts)
    }

    /// The statements of the module comment for one `with` item.
    fn desugared(
        &mut self,
        item: &ast::WithItem,
        body: Vec<ast::Stmt>,
        range: TextRange,
    ) -> Result<Vec<ast::Stmt>> {
        let refuse = || {
            Diagnostic::unsupported(
                "the 'with' statement takes objmode(...) or a call of a \
                 contextlib.contextmanager generator function named by a global \
                 (with cm(...) as x:, with module.cm(...):); other context managers cannot be used in compiled code",
                item.context_expr.range(),
            )
        };
        let ast::Expr::Call(call) = &item.context_expr else {
            return Err(refuse());
        };
        let Some(name) = dotted_name(&call.func) else {
            return Err(refuse());
        };
        let n = self.with_count;
        self.with_count += 1;
        let text = template(n);
        let parsed = ruff_python_parser::parse_module(&text)
            .map_err(|e| Diagnostic::internal(format!("the with template: {e}")))?;
        let mut stmts: Vec<ast::Stmt> = parsed.into_syntax().body.to_vec();
        let relocate = Relocate(range);
        for s in stmts.iter_mut() {
            relocate.visit_stmt(s);
        }
        // `g = cm.__wrapped__(args)`, the arguments as written.
        let mut wrapped = call.clone();
        wrapped.func = Box::new(ast::Expr::Name(ast::ExprName {
            node_index: Default::default(),
            range: call.func.range(),
            id: format!("{name}.__wrapped__").into(),
            ctx: ast::ExprContext::Load,
        }));
        let ast::Stmt::Assign(first) = &mut stmts[0] else {
            return Err(Diagnostic::internal("the with template's first statement"));
        };
        *first.value = ast::Expr::Call(wrapped);
        // The body inside the second `try`.
        let ast::Stmt::Try(guarded) = &mut stmts[3] else {
            return Err(Diagnostic::internal("the with template's second try"));
        };
        guarded.body = body.into();
        if let Some(target) = &item.optional_vars {
            let value = ast::Expr::Name(ast::ExprName {
                node_index: Default::default(),
                range,
                id: format!("__oxjit_cm_v{n}").into(),
                ctx: ast::ExprContext::Load,
            });
            let bind = ast::Stmt::Assign(ast::StmtAssign {
                node_index: Default::default(),
                range: target.range(),
                targets: vec![(**target).clone()],
                value: Box::new(value),
            });
            stmts.insert(2, bind);
        }
        for v in ["g", "v", "raised", "x"] {
            self.locals.insert(format!("__oxjit_cm_{v}{n}"));
        }
        Ok(stmts)
    }
}
