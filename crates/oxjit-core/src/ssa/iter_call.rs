//! `iter(x)`: the iterator a `for` loop over `x` would make (`Inst::GetIter`), as a value that
//! `next()` steps and a later `for` loop continues (an iterator's own iterator is itself, see
//! `types::iter_type`). The two-argument form (callable, sentinel) is not supported: it is left
//! to the ordinary call path, which refuses it. Also `list()` and `dict()` without arguments:
//! the empty display (`[]`, `{}`), whose item types come from their uses, as Numba infers them.

use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::Result;
use crate::ir::{Inst, Value};
use crate::syntax::ast;

impl Builder {
    /// `iter(x)` with one positional argument, where `iter` is the builtin; `None` leaves any
    /// other call to the ordinary path.
    pub(super) fn lower_iter(&mut self, call: &ast::ExprCall) -> Result<Option<Value>> {
        let ast::Expr::Name(func) = &*call.func else {
            return Ok(None);
        };
        let name = func.id.as_str();
        let args = &call.arguments.args;
        if name != "iter"
            || self.env.shadowed.contains(name)
            || self.locals.contains(name)
            || self.cells.contains_key(name)
            || !call.arguments.keywords.is_empty()
            || args.len() != 1
            || matches!(args[0], ast::Expr::Starred(_))
        {
            return Ok(None);
        }
        let x = self.lower_expr(&args[0])?;
        Ok(Some(self.emit(Inst::GetIter(x), call.range())))
    }

    /// `list()` / `dict()` without arguments, where the name is the builtin: `[]` / `{}`.
    pub(super) fn lower_empty_container(&mut self, call: &ast::ExprCall) -> Option<Value> {
        let ast::Expr::Name(func) = &*call.func else {
            return None;
        };
        let name = func.id.as_str();
        if !matches!(name, "list" | "dict")
            || self.env.shadowed.contains(name)
            || self.locals.contains(name)
            || self.cells.contains_key(name)
            || !call.arguments.args.is_empty()
            || !call.arguments.keywords.is_empty()
        {
            return None;
        }
        let inst = if name == "list" {
            Inst::BuildList(Vec::new())
        } else {
            Inst::BuildDict
        };
        Some(self.emit(inst, call.range()))
    }
}
