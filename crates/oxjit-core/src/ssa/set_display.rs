//! Set displays in CPython's order. CPython compiles a display of three or more constants
//! (after its AST optimizer folds `-1`, `2 * 3`, `(1, 2)`) as `BUILD_SET 0; LOAD_CONST
//! frozenset(...); SET_UPDATE`: the frozenset gets the items one by one, then the set is
//! merged from it (one resize to `2 * len`, where adding them grows the table to `4 * len`),
//! so `list({20, 3, 1, 5, 7})` is `[1, 3, 20, 5, 7]` while the same five added to a set give
//! `[1, 3, 5, 7, 20]`. As the iterable of a `for` or a comprehension the display is the
//! frozenset itself (its items added one by one).

use std::sync::Arc;

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{Inst, Value};
use crate::syntax::ast;

/// Whether CPython's AST optimizer folds `e` to a constant.
pub(super) fn folds_to_constant(e: &ast::Expr) -> bool {
    use ast::Operator::*;
    match e {
        ast::Expr::NumberLiteral(_)
        | ast::Expr::StringLiteral(_)
        | ast::Expr::BytesLiteral(_)
        | ast::Expr::BooleanLiteral(_)
        | ast::Expr::NoneLiteral(_)
        | ast::Expr::EllipsisLiteral(_) => true,
        ast::Expr::UnaryOp(u) => folds_to_constant(&u.operand),
        ast::Expr::Tuple(t) => t.elts.iter().all(folds_to_constant),
        ast::Expr::BinOp(b) => {
            // A division by a literal zero raises at run time: not folded.
            let by_zero = matches!(b.op, Div | FloorDiv | Mod)
                && matches!(&*b.right, ast::Expr::NumberLiteral(n) if is_zero(&n.value));
            folds_to_constant(&b.left) && folds_to_constant(&b.right) && !by_zero
        }
        _ => false,
    }
}

fn is_zero(n: &ast::Number) -> bool {
    match n {
        ast::Number::Int(i) => i.as_u64() == Some(0),
        ast::Number::Float(f) => *f == 0.0,
        ast::Number::Complex { real, imag } => *real == 0.0 && *imag == 0.0,
    }
}

impl Builder {
    /// The iterable of a `for` loop or a comprehension clause.
    pub(super) fn lower_iterable(&mut self, e: &ast::Expr) -> Result<Value> {
        match e {
            ast::Expr::Set(s) => self.lower_set_items(s),
            e => self.lower_expr(e),
        }
    }

    /// `{a, b, ...}` as an expression.
    pub(super) fn lower_set_display(&mut self, d: &ast::ExprSet) -> Result<Value> {
        let set = self.lower_set_items(d)?;
        if d.elts.len() <= 2 || !d.elts.iter().all(folds_to_constant) {
            return Ok(set);
        }
        let func = self.emit(Inst::Global(Arc::from("set")), d.range());
        let call = Inst::Call {
            func,
            args: vec![set],
            kwargs: Vec::new(),
        };
        Ok(self.emit(call, d.range()))
    }
}
