//! The type of `e.args` of a caught exception (`except ValueError as e`), from the `raise`
//! statements of the `try` body that reach its handler: the arguments CPython's `e.args` holds
//! (strings, ints, floats and bools, constants or known at run time: what the runtime's
//! exception record carries). Inside an `except` clause, only the raises that clause catches
//! count (`caught_clause.rs`), so clauses may see arguments of different types. Where no such
//! `raise` reaches the handler, the exceptions caught are the runtime's and the callees' (a
//! message: a tuple of one string). Raises of arguments of different types reaching one clause
//! cannot give `e.args` one type: refused here. An exception of another shape met at run time (a
//! callee's) raises TypeError where `e.args` is read (codegen's `exception_values.rs`).

use std::collections::HashSet;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Terminator, Value};
use crate::typeinfer::solve::Inferer;
use crate::types::{self, Type};

impl Inferer<'_> {
    /// The type of `e.args` (`v`) where `e` (`caught`) is a caught exception.
    pub(crate) fn caught_args(&self, v: Value, caught: Value) -> Result<Type> {
        let mut shapes: Vec<Type> = Vec::new();
        self.raised_shapes(v, caught, &mut shapes)?;
        let Some(first) = shapes.first().cloned() else {
            return Ok(Type::tuple(vec![Type::Str]));
        };
        if let Some(other) = shapes.iter().find(|t| **t != first) {
            return Err(Diagnostic::unsupported(
                format!(
                    "e.args cannot be typed: the exceptions this try statement catches are \
                     raised with arguments of different types ({first} by one raise, {other} by \
                     another); compiled code gives e.args one type (catch them in separate try \
                     statements, or read str(e))"
                ),
                self.func.range(v),
            ));
        }
        Ok(first)
    }

    /// The values raised to the handler `caught` was taken in (none where `caught` is not a
    /// caught exception), and to the handlers of the caught exceptions among them (`finally`
    /// bodies and unmatched clauses raise what they caught again).
    pub(crate) fn raised_to(&self, caught: Value) -> Vec<Value> {
        let mut out = Vec::new();
        let mut todo = vec![caught];
        let mut seen = HashSet::new();
        while let Some(c) = todo.pop() {
            if !seen.insert(c) || !matches!(self.func.inst(c), Inst::CatchException) {
                continue;
            }
            let Some(handler) = self.func.blocks.iter().position(|b| b.insts.contains(&c)) else {
                continue;
            };
            for block in &self.func.blocks {
                if let Terminator::RaiseTo(raised, to) = &block.term {
                    if to.index() == handler {
                        // A chained exception is the exception it chains.
                        let raised = match self.func.inst(*raised) {
                            Inst::ChainException { exc, .. } => exc,
                            _ => raised,
                        };
                        out.push(*raised);
                        todo.push(*raised);
                    }
                }
            }
        }
        out
    }

    /// The types of the arguments of each `raise` that reaches the handler `caught` was taken
    /// in (and, where `v` is in the body of one of its `except` clauses, that this clause
    /// catches).
    fn raised_shapes(&self, v: Value, caught: Value, shapes: &mut Vec<Type>) -> Result<()> {
        let clause = self.clause_of(v, caught);
        for raised in self.raised_to(caught) {
            let class = match self.types[raised.index()].as_ref() {
                Some(Type::ExceptionClass(c) | Type::Exception(c)) => Some(c),
                _ => None,
            };
            if let (Some(clause), Some(class)) = (&clause, class) {
                if !clause.catches(class) {
                    continue;
                }
            }
            match (self.types[raised.index()].as_ref(), self.func.inst(raised)) {
                (Some(Type::ExceptionClass(_)), _) => shapes.push(Type::tuple(vec![])),
                (Some(Type::Exception(_)), Inst::Call { args, .. }) => {
                    let shape = self.argument_types(v, raised, args)?;
                    shapes.push(shape);
                }
                // Caught exceptions raised again: their own raises are in the list.
                _ => {}
            }
        }
        Ok(())
    }

    /// `e.args`'s type for an exception raised with `args`: as the runtime's record carries them
    /// (`oxjit_abi::ArgKind`).
    fn argument_types(&self, v: Value, raised: Value, args: &[Value]) -> Result<Type> {
        let refuse = |what: String| {
            Err(Diagnostic::unsupported(
                format!(
                    "e.args of an exception raised with {what} is not supported in compiled code \
                     (e.args holds strings, ints, floats, bools and None; str(e) reads any)"
                ),
                self.func.range(v),
            ))
        };
        let item = |t: Option<&Type>| match t {
            Some(t) if types::is_str(t) => Some(Type::Str),
            Some(Type::Bool) => Some(Type::Bool),
            Some(Type::Int(_)) => Some(Type::I64),
            Some(Type::Float(_)) => Some(Type::F64),
            Some(Type::NoneType) => Some(Type::NoneType),
            _ => None,
        };
        let mut items = Vec::new();
        for a in args {
            let t = item(self.types[a.index()].as_ref());
            match (self.consts[a.index()].as_ref(), t) {
                (
                    Some(
                        Const::Str(_)
                        | Const::Int(_)
                        | Const::Float(_)
                        | Const::Bool(_)
                        | Const::None,
                    )
                    | None,
                    Some(t),
                ) => items.push(t),
                (Some(c), _) => return refuse(format!("the argument {c:?}")),
                // Not typed yet: typing comes back here.
                (None, None) if self.types[a.index()].is_none() => {
                    return Ok(Type::tuple(vec![Type::Str]))
                }
                // As the raise itself is refused (`typeinfer/raises.rs`), before `e.args` is.
                (None, None) => {
                    return Err(Diagnostic::unsupported(
                        "an exception argument of this type is not supported",
                        self.func.range(raised),
                    ))
                }
            }
        }
        Ok(Type::tuple(items))
    }
}
