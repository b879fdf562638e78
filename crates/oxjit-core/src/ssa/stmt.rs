//! Statements: assignment (with unpacking), augmented assignment, `if`/`elif`/`else`, `while` and
//! `for` (with `else`, `break`, `continue`), `return`, `assert`, `pass` (`raise` and `try` are in
//! `handlers.rs`).

use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::{Builder, LoopTargets};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Terminator, Value};
use crate::syntax::ast;

impl Builder {
    pub(super) fn lower_body(&mut self, body: &[ast::Stmt]) -> Result<()> {
        for stmt in body {
            self.lower_stmt(stmt)?;
        }
        Ok(())
    }

    fn lower_stmt(&mut self, stmt: &ast::Stmt) -> Result<()> {
        use ast::Stmt;
        match stmt {
            // `yield from g` as a statement: its value (the inner generator's return value)
            // is not used (used, it is refused: `lower_expr`).
            Stmt::Expr(e) => match &*e.value {
                ast::Expr::YieldFrom(y) => {
                    self.lower_yield_from(y, false)?;
                }
                value => {
                    self.lower_expr(value)?;
                }
            },
            Stmt::Assign(a) => {
                if let ([ast::Expr::Name(n)], ast::Expr::Generator(g)) = (&a.targets[..], &*a.value)
                {
                    let name = n.id.as_str();
                    if !self.value_names.contains(name) && !self.cells.contains_key(name) {
                        return self.lower_generator_assignment(n.id.as_str(), g);
                    }
                }
                if self.lower_literal_list_assign(a)? {
                    return Ok(());
                }
                let value = self.lower_expr(&a.value)?;
                for target in &a.targets {
                    self.assign_target(target, value)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let value = self.lower_expr(v)?;
                    self.assign_target(&a.target, value)?;
                }
            }
            Stmt::AugAssign(a) => self.lower_aug_assign(a)?,
            Stmt::Pass(_) => {}
            Stmt::With(w) => self.lower_with(w)?,
            Stmt::Return(r) => {
                let value = match &r.value {
                    Some(v) => self.lower_expr(v)?,
                    None => self.constant(Const::None, r.range),
                };
                self.run_finally_bodies(false)?;
                // The loops it leaves hold their generators until after the value is made,
                // as CPython's frame does.
                for it in self.loop_iters.clone() {
                    self.emit(Inst::KeepAlive(it), r.range);
                }
                self.terminate(Terminator::Return(value), r.range);
                self.start_dead_block();
            }
            Stmt::If(s) => self.lower_if(&s.test, &s.body, &s.elif_else_clauses)?,
            Stmt::While(w) => self.lower_while(w)?,
            Stmt::For(f) => self.lower_for(f)?,
            Stmt::Break(b) => {
                let target = self.loops.last().map(|l| l.break_to);
                let target = target
                    .ok_or_else(|| Diagnostic::unsupported("'break' outside a loop", b.range))?;
                self.run_finally_bodies(true)?;
                self.jump(target, b.range);
                self.start_dead_block();
            }
            Stmt::Continue(c) => {
                let target = self.loops.last().map(|l| l.continue_to);
                let target = target
                    .ok_or_else(|| Diagnostic::unsupported("'continue' outside a loop", c.range))?;
                self.run_finally_bodies(true)?;
                self.jump(target, c.range);
                self.start_dead_block();
            }
            Stmt::Raise(r) => self.lower_raise(r)?,
            Stmt::Try(t) => self.lower_try(t)?,
            Stmt::Import(s) => self.lower_import(s)?,
            Stmt::ImportFrom(s) => self.lower_import_from(s)?,
            Stmt::Delete(s) => self.lower_delete(s)?,
            Stmt::Assert(a) => self.lower_assert(a)?,
            Stmt::FunctionDef(def) => self.lower_inner_def(def)?,
            Stmt::Nonlocal(n) => self.check_nonlocal(n)?,
            other => return Err(unsupported_stmt(other)),
        }
        Ok(())
    }

    /// Binds `value` to an assignment target: a name, or a tuple/list of targets (unpacking).
    pub(super) fn assign_target(&mut self, target: &ast::Expr, value: Value) -> Result<()> {
        match target {
            ast::Expr::Name(n) => {
                let name = self.comp_renamed(n.id.as_str());
                self.assign(&name, value);
                Ok(())
            }
            ast::Expr::Tuple(ast::ExprTuple { elts, range, .. })
            | ast::Expr::List(ast::ExprList { elts, range, .. }) => {
                if let Some(star) = elts.iter().find(|e| e.is_starred_expr()) {
                    return Err(Diagnostic::unsupported(
                        "starred assignment targets are not supported",
                        star.range(),
                    ));
                }
                let count = elts.len() as u32;
                for (i, elt) in elts.iter().enumerate() {
                    let item = self.emit(Inst::UnpackItem(value, i as u32, count), *range);
                    self.assign_target(elt, item)?;
                }
                Ok(())
            }
            ast::Expr::Subscript(s) => {
                let target = self.lower_expr(&s.value)?;
                let index = self.lower_index(&s.slice)?;
                self.emit(Inst::SetItem(target, index, value), s.range);
                Ok(())
            }
            // `r.x = v`: typing accepts it for records' fields only.
            ast::Expr::Attribute(a) => {
                let target = self.lower_expr(&a.value)?;
                let name: Arc<str> = Arc::from(a.attr.id.as_str());
                self.emit(Inst::SetAttr(target, name, value), a.range);
                Ok(())
            }
            other => Err(Diagnostic::unsupported(
                "this assignment target is not supported",
                other.range(),
            )),
        }
    }

    fn lower_aug_assign(&mut self, a: &ast::StmtAugAssign) -> Result<()> {
        if let ast::Expr::Subscript(sub) = &*a.target {
            // `a[i] += v`: the container and the index are evaluated once, and the item is
            // updated in place where it can be, as Python's `__iadd__` is (an array in a dict or
            // a list, a row of a matrix: the same array, as its other references see it).
            let target = self.lower_expr(&sub.value)?;
            let index = self.lower_index(&sub.slice)?;
            let current = self.emit(Inst::GetItem(target, index), sub.range);
            let rhs = self.lower_expr(&a.value)?;
            let op = super::expr::binop(a.op, a.range)?;
            let result = self.emit(Inst::InplaceBinOp(op, current, rhs), a.range);
            self.emit(Inst::SetItem(target, index, result), a.range);
            return Ok(());
        }
        if let ast::Expr::Attribute(attr) = &*a.target {
            // `r.x += v` (a record's field): the record is evaluated once.
            let target = self.lower_expr(&attr.value)?;
            let name: Arc<str> = Arc::from(attr.attr.id.as_str());
            let current = self.emit(Inst::GetAttr(target, name.clone()), attr.range);
            let rhs = self.lower_expr(&a.value)?;
            let op = super::expr::binop(a.op, a.range)?;
            let result = self.emit(Inst::BinOp(op, current, rhs), a.range);
            self.emit(Inst::SetAttr(target, name, result), a.range);
            return Ok(());
        }
        let ast::Expr::Name(name) = &*a.target else {
            return Err(Diagnostic::unsupported(
                "augmented assignment to this target is not supported",
                a.target.range(),
            ));
        };
        let current = self.lower_expr(&a.target)?;
        let rhs = self.lower_expr(&a.value)?;
        let op = super::expr::binop(a.op, a.range)?;
        let result = self.emit(Inst::InplaceBinOp(op, current, rhs), a.range);
        self.assign(name.id.as_str(), result);
        Ok(())
    }

    fn lower_if(
        &mut self,
        test: &ast::Expr,
        body: &[ast::Stmt],
        clauses: &[ast::ElifElseClause],
    ) -> Result<()> {
        let cond = self.lower_condition(test)?;
        let then_block = self.new_block();
        let else_block = self.new_block();
        let merge = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            },
            test.range(),
        );
        self.seal(then_block);
        self.seal(else_block);
        self.switch_to(then_block);
        self.narrow_branch(test, true);
        self.lower_body(body)?;
        self.jump(merge, test.range());
        self.switch_to(else_block);
        self.narrow_branch(test, false);
        if let Some((first, rest)) = clauses.split_first() {
            match &first.test {
                Some(elif_test) => self.lower_if(elif_test, &first.body, rest)?,
                None => self.lower_body(&first.body)?,
            }
        }
        self.jump(merge, test.range());
        self.seal(merge);
        self.switch_to(merge);
        Ok(())
    }

    /// Evaluates an expression and converts it to a bool for a branch. `a and b`, `a or b` and
    /// `not` of them are taken as truth values throughout: a branch needs only their truth, so
    /// their operands need not share a type (`if items and items[0] > 0:` with a list).
    pub(crate) fn lower_condition(&mut self, test: &ast::Expr) -> Result<Value> {
        match test {
            ast::Expr::BoolOp(b) => {
                let mut acc = self.lower_condition(&b.values[0])?;
                for (k, operand) in b.values.iter().enumerate().skip(1) {
                    let left = acc;
                    // As in a value's `and`/`or`: an operand is evaluated where those before it
                    // were all true (`and`) or all false (`or`), narrowed there.
                    let then = |s: &mut Self| {
                        s.narrow_bool_op(b.op, &b.values[..k]);
                        s.lower_condition(operand)
                    };
                    acc = match b.op {
                        ast::BoolOp::And => self.branch_merge(left, b.range, then, |_| Ok(left))?,
                        ast::BoolOp::Or => self.branch_merge(left, b.range, |_| Ok(left), then)?,
                    };
                }
                Ok(acc)
            }
            ast::Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => {
                let v = self.lower_condition(&u.operand)?;
                Ok(self.emit(Inst::UnaryOp(crate::ir::UnaryOp::Not, v), test.range()))
            }
            _ => {
                let v = self.lower_expr(test)?;
                Ok(self.emit(Inst::Truth(v), test.range()))
            }
        }
    }

    fn lower_while(&mut self, w: &ast::StmtWhile) -> Result<()> {
        let header = self.new_block();
        let body = self.new_block();
        let orelse = self.new_block();
        let exit = self.new_block();
        self.jump(header, w.range);
        self.switch_to(header);
        let cond = self.lower_condition(&w.test)?;
        self.terminate(
            Terminator::Branch {
                cond,
                then_block: body,
                else_block: orelse,
            },
            w.test.range(),
        );
        self.seal(body);
        self.seal(orelse);
        self.switch_to(body);
        self.narrow_branch(&w.test, true);
        self.loop_body(body, header, exit, &w.body, w.range)?;
        self.seal(header);
        self.switch_to(orelse);
        self.narrow_branch(&w.test, false);
        self.lower_body(&w.orelse)?;
        self.jump(exit, w.range);
        self.seal(exit);
        self.switch_to(exit);
        Ok(())
    }

    pub(super) fn loop_body(
        &mut self,
        body: crate::ir::Block,
        header: crate::ir::Block,
        exit: crate::ir::Block,
        stmts: &[ast::Stmt],
        range: TextRange,
    ) -> Result<()> {
        self.switch_to(body);
        self.loops.push(LoopTargets {
            continue_to: header,
            break_to: exit,
        });
        let result = self.lower_body(stmts);
        self.loops.pop();
        result?;
        self.jump(header, range);
        Ok(())
    }

    fn lower_for(&mut self, f: &ast::StmtFor) -> Result<()> {
        if f.is_async {
            return Err(Diagnostic::unsupported(
                "'async for' is not supported",
                f.range,
            ));
        }
        // `literal_unroll(x)` of what is not a tuple of known length (a list, an array, a
        // range): a plain loop over `x`, as Numba's.
        let mut iter_expr = &*f.iter;
        if let Some(arg) = super::unroll::unroll_argument(&f.iter) {
            if self.lower_unrolled_for(f, arg)? {
                return Ok(());
            }
            iter_expr = arg;
        }
        if self.lower_for_over_generator(f)? || self.lower_for_over_callable(f)? {
            return Ok(());
        }
        let iterable = self.lower_iterable(iter_expr)?;
        let iter = self.emit(Inst::GetIter(iterable), f.iter.range());
        let header = self.new_block();
        let body = self.new_block();
        let orelse = self.new_block();
        let exit = self.new_block();
        self.jump(header, f.range);
        self.switch_to(header);
        let valid = self.emit(Inst::IterValid(iter), f.iter.range());
        self.terminate(
            Terminator::Branch {
                cond: valid,
                then_block: body,
                else_block: orelse,
            },
            f.iter.range(),
        );
        self.seal(body);
        self.seal(orelse);
        self.switch_to(body);
        let item = self.emit(Inst::IterNext(iter), f.target.range());
        self.assign_target(&f.target, item)?;
        self.loop_iters.push(iter);
        let looped = self.loop_body(body_after(self), header, exit, &f.body, f.range);
        self.loop_iters.pop();
        looped?;
        self.seal(header);
        self.switch_to(orelse);
        self.lower_body(&f.orelse)?;
        self.jump(exit, f.range);
        self.seal(exit);
        self.switch_to(exit);
        self.emit(Inst::KeepAlive(iter), f.range);
        Ok(())
    }

    fn lower_assert(&mut self, a: &ast::StmtAssert) -> Result<()> {
        let cond = self.lower_condition(&a.test)?;
        let ok = self.new_block();
        let fail = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond,
                then_block: ok,
                else_block: fail,
            },
            a.range,
        );
        self.seal(ok);
        self.seal(fail);
        self.switch_to(fail);
        let class = self.emit(Inst::Global(Arc::from("AssertionError")), a.range);
        let args = match &a.msg {
            Some(m) => vec![self.lower_expr(m)?],
            None => vec![],
        };
        let exc = self.emit(
            Inst::Call {
                func: class,
                args,
                kwargs: vec![],
            },
            a.range,
        );
        self.raise_value(exc, a.range);
        self.switch_to(ok);
        self.narrow_branch(&a.test, true);
        Ok(())
    }
}

/// The block the loop body continues in after binding the target (the current one).
fn body_after(b: &Builder) -> crate::ir::Block {
    b.current
}

fn unsupported_stmt(stmt: &ast::Stmt) -> Diagnostic {
    use ast::Stmt;
    let what = match stmt {
        Stmt::FunctionDef(_) => "a nested function definition ('def')",
        Stmt::ClassDef(_) => "a class definition",
        Stmt::TypeAlias(_) => "a 'type' alias",
        Stmt::With(_) => "the 'with' statement",
        Stmt::Match(_) => "the 'match' statement",
        Stmt::Global(_) => "the 'global' statement (globals are frozen at compile time)",
        Stmt::Nonlocal(_) => "the 'nonlocal' statement",
        Stmt::IpyEscapeCommand(_) => "an IPython escape command",
        _ => "this statement",
    };
    Diagnostic::unsupported(format!("{what} is not supported"), stmt.range())
}
