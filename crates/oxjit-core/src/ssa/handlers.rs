//! `try`/`except`/`else`/`finally` and `raise` (the Numba IR specification's exceptions as
//! basic-block terminators).
//!
//! Inside a `try` body, every instruction that may raise ends its block with
//! `Guard { next, handler }`: if it raises, control goes to the handler with the exception
//! pending, and the handler's phis see each variable as it was when the instruction ran (the
//! block ends before its result is assigned). The handler block takes the exception as a value
//! (`CatchException`) and tests the `except` clauses in order (`ExceptionMatches`); none
//! matching raises it again to the enclosing handler. A `finally` body is lowered once per way
//! out of the statement: after the body (and `else`) or a clause, before a `return`, `break` or
//! `continue` that leaves it, and on an exception (then raised again).

use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Block, Const, Inst, Terminator, Value};
use crate::syntax::ast;

/// A `finally` body that every way out of its `try` statement runs.
#[derive(Clone)]
pub(super) struct FinallyScope {
    body: Vec<ast::Stmt>,
    /// How many loops enclosed the `try` statement (a `break` from a deeper loop stays inside).
    loops: usize,
    /// How many handlers enclosed it (the `finally` body's own exceptions go to those).
    handlers: usize,
}

/// Whether an instruction may raise (conservatively: all but those that only build values).
pub(super) fn may_raise(inst: &Inst) -> bool {
    !matches!(
        inst,
        Inst::Arg(_)
            | Inst::Const(_)
            | Inst::Global(_)
            | Inst::Undef(_)
            | Inst::Phi(_)
            | Inst::BuildTuple(_)
            | Inst::BuildSlice(..)
            | Inst::IterNext(_)
            | Inst::CatchException
            | Inst::ExceptionMatches(..)
            | Inst::ChainException { .. }
            | Inst::KeepAlive(_)
            | Inst::Narrow(_)
    )
}

impl Builder {
    /// After an instruction that may raise inside a `try` body: ends the block with a guard
    /// to the innermost handler and continues in a new block.
    pub(super) fn guard_last(&mut self, range: TextRange) {
        let Some(&handler) = self.handlers.last() else {
            return;
        };
        let next = self.new_block();
        self.terminate(Terminator::Guard { next, handler }, range);
        self.seal(next);
        self.switch_to(next);
    }

    /// Raises `exc`: to the innermost enclosing handler, or out of the function.
    pub(super) fn raise_value(&mut self, exc: Value, range: TextRange) {
        let term = match self.handlers.last() {
            Some(&h) => Terminator::RaiseTo(exc, h),
            None => Terminator::Raise(exc),
        };
        self.terminate(term, range);
        self.start_dead_block();
    }

    pub(super) fn lower_raise(&mut self, r: &ast::StmtRaise) -> Result<()> {
        let exc = match (&r.exc, self.caught.last()) {
            (Some(e), _) => self.lower_expr(e)?,
            (None, Some(&caught)) => caught,
            (None, None) => {
                let class = self.emit(Inst::Global(Arc::from("RuntimeError")), r.range);
                let msg = Const::Str(Arc::from("No active exception to reraise"));
                let msg = self.constant(msg, r.range);
                self.emit(
                    Inst::Call {
                        func: class,
                        args: vec![msg],
                        kwargs: vec![],
                    },
                    r.range,
                )
            }
        };
        // `from c` (CPython evaluates the cause after the exception), and, inside an `except`
        // clause (or a `finally` body an exception passes through), the exception handled as
        // the context of a new one; a bare `raise` (or `raise e` of the caught one) keeps the
        // context the exception has.
        let cause = match &r.cause {
            Some(c) => Some(self.lower_expr(c)?),
            None => None,
        };
        let context = match (&r.exc, self.caught.last()) {
            (Some(_), Some(&caught)) if !self.caught.contains(&exc) => Some(caught),
            _ => None,
        };
        let exc = if cause.is_some() || context.is_some() {
            let chain = Inst::ChainException {
                exc,
                cause,
                context,
            };
            self.emit(chain, r.range)
        } else {
            exc
        };
        self.raise_value(exc, r.range);
        Ok(())
    }

    pub(super) fn lower_try(&mut self, t: &ast::StmtTry) -> Result<()> {
        if t.is_star {
            return Err(Diagnostic::unsupported(
                "'try' with 'except*' (exception groups) is not supported",
                t.range,
            ));
        }
        // The body starts a block of its own: a guard block holds only instructions of the
        // region its handler covers (codegen checks that no other one raises).
        let body = self.new_block();
        self.jump(body, t.range);
        self.seal(body);
        self.switch_to(body);
        let finally = (!t.finalbody.is_empty()).then(|| {
            let h = self.new_block();
            self.handlers.push(h);
            self.finally_scopes.push(FinallyScope {
                body: t.finalbody.to_vec(),
                loops: self.loops.len(),
                handlers: self.handlers.len() - 1,
            });
            h
        });
        let after = self.new_block();
        let result = self.lower_try_except(t, after);
        if let Some(h) = finally {
            self.handlers.pop();
            self.finally_scopes.pop();
            result?;
            self.seal(after);
            self.switch_to(after);
            self.lower_body(&t.finalbody)?;
            let cont = self.current;
            // The exceptional way out: the `finally` body, then the exception again.
            self.seal(h);
            self.switch_to(h);
            let pending = self.emit(Inst::CatchException, t.range);
            self.lower_handling(&t.finalbody, pending, t.range)?;
            self.raise_value(pending, t.range);
            self.switch_to(cont);
        } else {
            result?;
            self.seal(after);
            self.switch_to(after);
        }
        Ok(())
    }

    /// The body, `else` and `except` clauses of `t`, all leaving to `after`.
    fn lower_try_except(&mut self, t: &ast::StmtTry, after: Block) -> Result<()> {
        if t.handlers.is_empty() {
            self.lower_body(&t.body)?;
            self.jump(after, t.range);
            return Ok(());
        }
        let dispatch = self.new_block();
        self.handlers.push(dispatch);
        let body = self.lower_body(&t.body);
        self.handlers.pop();
        body?;
        self.lower_body(&t.orelse)?;
        self.jump(after, t.range);
        self.seal(dispatch);
        self.switch_to(dispatch);
        let caught = self.emit(Inst::CatchException, t.range);
        for handler in &t.handlers {
            let ast::ExceptHandler::ExceptHandler(clause) = handler;
            let Some(class) = &clause.type_ else {
                // A bare `except:` (the last clause) catches everything.
                return self.lower_clause(clause, caught, after);
            };
            let class_value = self.lower_expr(class)?;
            let matches = self.emit(Inst::ExceptionMatches(caught, class_value), class.range());
            let then_block = self.new_block();
            let else_block = self.new_block();
            self.terminate(
                Terminator::Branch {
                    cond: matches,
                    then_block,
                    else_block,
                },
                class.range(),
            );
            self.seal(then_block);
            self.seal(else_block);
            self.switch_to(then_block);
            self.lower_clause(clause, caught, after)?;
            self.switch_to(else_block);
        }
        self.raise_value(caught, t.range);
        Ok(())
    }

    fn lower_clause(
        &mut self,
        clause: &ast::ExceptHandlerExceptHandler,
        caught: Value,
        after: Block,
    ) -> Result<()> {
        if let Some(name) = &clause.name {
            self.assign(name.id.as_str(), caught);
        }
        self.lower_handling(&clause.body, caught, clause.range)?;
        self.jump(after, clause.range);
        Ok(())
    }

    /// `body` of an `except` clause (or a `finally` body an exception passes through) while
    /// `handled` is handled: a `raise` in it raises again `handled`, and an exception leaving it
    /// gets `handled` as its context where it has none yet (CPython's implicit chaining: the
    /// statements' raises chain themselves, `lower_raise`; the runtime's and the callees' are
    /// chained by a handler around the body, which costs nothing until one is raised).
    fn lower_handling(
        &mut self,
        body: &[ast::Stmt],
        handled: Value,
        range: TextRange,
    ) -> Result<()> {
        // The body starts a block of its own (a guard block holds only its handler's region).
        let start = self.new_block();
        self.jump(start, range);
        self.seal(start);
        self.switch_to(start);
        let h = self.new_block();
        self.handlers.push(h);
        self.caught.push(handled);
        let result = self.lower_body(body);
        self.caught.pop();
        self.handlers.pop();
        let cont = self.current;
        self.seal(h);
        self.switch_to(h);
        let pending = self.emit(Inst::CatchException, range);
        let chained = Inst::ChainException {
            exc: pending,
            cause: None,
            context: Some(handled),
        };
        let chained = self.emit(chained, range);
        self.raise_value(chained, range);
        self.switch_to(cont);
        result
    }

    /// Before a `return` (`to_loop` false) or a `break`/`continue` (true): the `finally` bodies
    /// of the `try` statements it leaves, innermost first, each with the handlers outside it.
    pub(super) fn run_finally_bodies(&mut self, to_loop: bool) -> Result<()> {
        let scopes = self.finally_scopes.clone();
        for (k, scope) in scopes.iter().enumerate().rev() {
            if to_loop && scope.loops < self.loops.len() {
                break;
            }
            let handlers = std::mem::take(&mut self.handlers);
            self.handlers = handlers[..scope.handlers].to_vec();
            let inner = self.finally_scopes.split_off(k);
            let result = self.lower_body(&scope.body);
            self.finally_scopes.extend(inner);
            self.handlers = handlers;
            result?;
        }
        Ok(())
    }
}
