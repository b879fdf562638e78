//! Narrowing on `None` tests: on the branch where a test rules `None` out for a local variable
//! (`x is not None`, `x is None` on its false side, `x` itself where it is true, and those
//! combined by `not`, `and`, `or`), the variable is rebound to `Inst::Narrow` of its value,
//! which typing types as the optional's value. So `if x is not None: out.append(x)` appends
//! an int, `while node is not None:` walks with an int, and after `if x is None: return` (or
//! `continue`) the rest of the body reads the value: the branch that did not leave is the only
//! way there. Where the branches meet again, the variable's phi is optional as before.

use ruff_text_size::TextRange;

use super::Builder;
use crate::ir::Inst;
use crate::syntax::ast;

/// The variables (with where they are named) that `test` being `when` proves not `None`.
fn not_none<'a>(test: &'a ast::Expr, when: bool, out: &mut Vec<(&'a str, TextRange)>) {
    match test {
        ast::Expr::Compare(c) if c.ops.len() == 1 => {
            let is_not = match c.ops[0] {
                ast::CmpOp::IsNot => true,
                ast::CmpOp::Is => false,
                _ => return,
            };
            if is_not != when {
                return;
            }
            let named = match (&*c.left, &c.comparators[0]) {
                (x, ast::Expr::NoneLiteral(_)) | (ast::Expr::NoneLiteral(_), x) => x,
                _ => return,
            };
            if let Some(name) = variable(named) {
                out.push(name);
            }
        }
        ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => not_none(&u.operand, !when, out),
        // All of an `and` held, or none of an `or`.
        ast::Expr::BoolOp(b) if (b.op == ast::BoolOp::And) == when => {
            for x in &b.values {
                not_none(x, when, out);
            }
        }
        // `None` is false.
        _ if when => out.extend(variable(test)),
        _ => {}
    }
}

/// The variable `e` reads (`x`, or `(x := ...)`).
fn variable(e: &ast::Expr) -> Option<(&str, TextRange)> {
    match e {
        ast::Expr::Name(n) => Some((n.id.as_str(), n.range)),
        ast::Expr::Named(n) => variable(&n.target),
        _ => None,
    }
}

impl Builder {
    /// In the block just entered on the `when` side of `test`: rebinds the variables the test
    /// proves not `None` to their narrowed values.
    pub(super) fn narrow_branch(&mut self, test: &ast::Expr, when: bool) {
        let mut names = Vec::new();
        not_none(test, when, &mut names);
        for (name, range) in names {
            self.narrow_variable(name, range);
        }
    }

    /// The operands of a boolean operation evaluated after `done` (those of `values` before
    /// it) were all true (`and`) or all false (`or`).
    pub(super) fn narrow_bool_op(&mut self, op: ast::BoolOp, done: &[ast::Expr]) {
        for x in done {
            self.narrow_branch(x, op == ast::BoolOp::And);
        }
    }

    fn narrow_variable(&mut self, name: &str, range: TextRange) {
        let name = self.comp_renamed(name);
        let var = match self.renamed(&name) {
            Some(inner) => inner,
            // A cell is read anew at each use (a closure may assign it); a global is frozen.
            None if self.cells.contains_key(&name) || !self.locals.contains(&name) => return,
            None => name,
        };
        let v = self.read_variable(&var, self.current, range);
        // A generator expression held by the variable is consumed where it is read.
        if self.pending_gens.contains_key(&v) || matches!(self.func.inst(v), Inst::Undef(_)) {
            return;
        }
        let narrowed = self.emit(Inst::Narrow(v), range);
        self.func.values[narrowed.index()].name = self.func.values[v.index()].name.clone();
        self.write_variable(&var, self.current, narrowed);
    }
}
