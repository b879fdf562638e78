//! `yield` in a generator function: one `Inst::Yield` per `yield` expression (its value is what
//! `send` passes in, typed by `typeinfer/generator.rs`). Inside a `try` body a `yield` may raise (`may_raise`):
//! closing the generator while it is suspended there raises `GeneratorExit` at it, as
//! CPython, so the `finally` bodies and the `except` clauses that match run. Codegen lowers a function with one as a coroutine
//! (`lower/generator.rs`); typing gives its calls the type `generator(T)`
//! (`typeinfer/generator.rs`).

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::Result;
use std::sync::Arc;

use crate::ir::{Const, Inst, Terminator, Value};
use crate::syntax::ast;

impl Builder {
    pub(super) fn lower_yield(&mut self, y: &ast::ExprYield) -> Result<Value> {
        let range = y.range();
        let value = match &y.value {
            Some(e) => self.lower_expr(e)?,
            None => self.constant(Const::None, range),
        };
        Ok(self.emit(Inst::Yield(value), range))
    }

    /// `yield from it`: a loop yielding each item of `it`. Its value (`used`: `x = yield from
    /// g`) is the inner generator's return value once exhausted, or `None`. Closing the
    /// generator while it is suspended there gives back the inner generator, whose destructor
    /// closes it.
    pub(super) fn lower_yield_from(&mut self, y: &ast::ExprYieldFrom, used: bool) -> Result<Value> {
        let range = y.range();
        let iterable = self.lower_expr(&y.value)?;
        let iter = self.emit(Inst::GetIter(iterable), range);
        let header = self.new_block();
        let body = self.new_block();
        let exit = self.new_block();
        self.jump(header, range);
        self.switch_to(header);
        let valid = self.emit(Inst::IterValid(iter), range);
        self.terminate(
            Terminator::Branch {
                cond: valid,
                then_block: body,
                else_block: exit,
            },
            range,
        );
        self.seal(body);
        self.switch_to(body);
        let item = self.emit(Inst::IterNext(iter), range);
        let sent = self.emit(Inst::Yield(item), range);
        // What is sent to this generator goes on to an inner generator, as in CPython.
        let forward = Arc::from(crate::callee::FORWARD_SENT);
        let forward = self.emit(Inst::GetAttr(iterable, forward), range);
        let call = Inst::Call {
            func: forward,
            args: vec![sent],
            kwargs: Vec::new(),
        };
        self.emit(call, range);
        self.jump(header, range);
        self.seal(header);
        self.seal(exit);
        self.switch_to(exit);
        if !used {
            return Ok(self.constant(Const::None, range));
        }
        let name = Arc::from(crate::callee::RETURN_VALUE);
        let func = self.emit(Inst::GetAttr(iterable, name), range);
        let call = Inst::Call {
            func,
            args: Vec::new(),
            kwargs: Vec::new(),
        };
        Ok(self.emit(call, range))
    }
}

impl Builder {
    /// `next(g)` and `next(g, default)` of a generator: one step of it; when it is exhausted,
    /// `StopIteration` (or the default, evaluated first as CPython evaluates arguments).
    /// `None` leaves any other call to the ordinary path.
    pub(super) fn lower_next(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let name = func.id.as_str();
        let args = &call.arguments.args;
        if name != "next"
            || self.env.shadowed.contains(name)
            || self.locals.contains(name)
            || self.cells.contains_key(name)
            || !call.arguments.keywords.is_empty()
            || !(1..=2).contains(&args.len())
        {
            return Ok(None);
        }
        let range = call.range();
        let g = self.lower_expr(&args[0])?;
        let default = match args.get(1) {
            Some(d) => Some(self.lower_expr(d)?),
            None => None,
        };
        let valid = self.emit(Inst::IterValid(g), range);
        if let Some(d) = default {
            return self
                .branch_merge(
                    valid,
                    range,
                    |s| Ok(s.emit(Inst::IterNext(g), range)),
                    |_| Ok(d),
                )
                .map(Some);
        }
        let ok = self.new_block();
        let exhausted = self.new_block();
        self.terminate(
            Terminator::Branch {
                cond: valid,
                then_block: ok,
                else_block: exhausted,
            },
            range,
        );
        self.seal(ok);
        self.seal(exhausted);
        self.switch_to(exhausted);
        let class = self.emit(Inst::Global(Arc::from("StopIteration")), range);
        let exc = self.emit(
            Inst::Call {
                func: class,
                args: vec![],
                kwargs: vec![],
            },
            range,
        );
        self.raise_value(exc, range);
        self.switch_to(ok);
        Ok(Some(self.emit(Inst::IterNext(g), range)))
    }
}
