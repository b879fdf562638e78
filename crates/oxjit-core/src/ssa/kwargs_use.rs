//! Whether a function's `**kwargs` can stay the struct its caller made (`types/kwargs.rs`):
//! where the body only reads it by constant keys (`kw["a"]`, `kw.get("a", d)`, `"a" in kw`,
//! `len(kw)`) and forwards it (`g(**kw)`), here or in the closures that capture it. Any other
//! use (iteration, `items()`, a key known only at run time, a change, passing or returning it)
//! needs a dict: the function makes one first, as `kw = kw.copy()` (its values must then have
//! one type). An inner function's own variable of the same name counts too (a dict made for
//! nothing, never a struct where a dict is needed).

use ruff_python_ast::visitor::{self, Visitor};

use crate::syntax::ast;

/// Whether the uses of `name` in `body` all take a `**kwargs` struct.
pub(super) fn struct_uses_only(body: &[ast::Stmt], name: &str) -> bool {
    let mut uses = Uses { name, other: false };
    for s in body {
        uses.visit_stmt(s);
    }
    !uses.other
}

struct Uses<'n> {
    name: &'n str,
    /// A use that needs a dict was seen.
    other: bool,
}

impl Uses<'_> {
    fn is_it(&self, e: &ast::Expr) -> bool {
        matches!(e, ast::Expr::Name(n) if n.id.as_str() == self.name)
    }

    /// A use of the struct itself, by a constant key or as a whole (`len`, `**`).
    fn struct_use(&self, e: &ast::Expr) -> bool {
        let key = |k: &ast::Expr| matches!(k, ast::Expr::StringLiteral(_));
        match e {
            ast::Expr::Subscript(s) => {
                self.is_it(&s.value) && key(&s.slice) && s.ctx == ast::ExprContext::Load
            }
            ast::Expr::Compare(c) => {
                key(&c.left)
                    && matches!(&*c.ops, [ast::CmpOp::In | ast::CmpOp::NotIn])
                    && c.comparators.len() == 1
                    && self.is_it(&c.comparators[0])
            }
            ast::Expr::Call(c) => match &*c.func {
                ast::Expr::Name(f) if f.id.as_str() == "len" => {
                    matches!(&*c.arguments.args, [a] if self.is_it(a))
                        && c.arguments.keywords.is_empty()
                }
                ast::Expr::Attribute(a) if self.is_it(&a.value) && a.attr.as_str() == "get" => {
                    matches!(&*c.arguments.args, [k] | [k, _] if key(k))
                        && c.arguments.keywords.is_empty()
                }
                _ => false,
            },
            _ => false,
        }
    }
}

impl<'a> Visitor<'a> for Uses<'_> {
    fn visit_expr(&mut self, expr: &'a ast::Expr) {
        if self.struct_use(expr) {
            // Only the operands other than the struct itself (a `get` default).
            if let ast::Expr::Call(c) = expr {
                if let [_, default] = &*c.arguments.args {
                    self.visit_expr(default);
                }
            }
            return;
        }
        if let ast::Expr::Call(c) = expr {
            // `g(**kw)`: forwarded by name.
            self.visit_expr(&c.func);
            for a in &*c.arguments.args {
                self.visit_expr(a);
            }
            for k in &*c.arguments.keywords {
                if !(k.arg.is_none() && self.is_it(&k.value)) {
                    self.visit_expr(&k.value);
                }
            }
            return;
        }
        if self.is_it(expr) {
            self.other = true;
            return;
        }
        visitor::walk_expr(self, expr);
    }
}
