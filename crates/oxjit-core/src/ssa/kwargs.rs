//! `f(**{"a": 1, "b": x})`: a literal dict with string keys spread into a call is its items as
//! keyword arguments (evaluated in order; a key repeated in the dict keeps its last value, as
//! the dict does). Any other `**` argument is refused: its keys are not known when compiling.

use std::sync::Arc;

use ruff_python_ast as ast;
use ruff_text_size::Ranged;

use super::Builder;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Value;

/// The name of the keyword entry that holds a dict forwarded with `**` (`g(**kw)`).
pub const FORWARDED: &str = "**";

impl Builder {
    /// Appends the items of `**value` to a call's keyword arguments.
    pub(super) fn lower_double_star(
        &mut self,
        value: &ast::Expr,
        module_call: bool,
        kwargs: &mut Vec<(Arc<str>, Value)>,
    ) -> Result<()> {
        let ast::Expr::Dict(d) = value else {
            // `g(**kw)`: forwarded to a compiled function's `**kwargs` (typing checks the
            // callee), as the entry `**`, kept last.
            if kwargs.iter().any(|(n, _)| &**n == FORWARDED) {
                return Err(Diagnostic::unsupported(
                    "a call takes one '**' argument that is not a literal dict",
                    value.range(),
                ));
            }
            let v = match module_call {
                true => self.lower_argument(value)?,
                false => self.lower_expr(value)?,
            };
            kwargs.push((Arc::from(FORWARDED), v));
            return Ok(());
        };
        let mut spread: Vec<(Arc<str>, Value)> = Vec::new();
        for item in &d.items {
            let Some(ast::Expr::StringLiteral(key)) = &item.key else {
                let range = item.key.as_ref().map_or(item.value.range(), |k| k.range());
                return Err(Diagnostic::unsupported(
                    "a dict spread into a call ('**') must have string literal keys",
                    range,
                ));
            };
            let v = match module_call {
                true => self.lower_argument(&item.value)?,
                false => self.lower_expr(&item.value)?,
            };
            let name: Arc<str> = Arc::from(key.value.to_str());
            spread.retain(|(n, _)| *n != name);
            spread.push((name, v));
        }
        for (name, v) in spread {
            check_repeated(kwargs, &name, value)?;
            kwargs.push((name, v));
        }
        Ok(())
    }
}

/// Moves a forwarded dict (`g(**kw, a=1)`) to the end of a call's keywords: binding leaves it
/// out, and typing finds it there.
pub(super) fn forwarded_last(kwargs: &mut Vec<(Arc<str>, Value)>) {
    if let Some(i) = kwargs.iter().position(|(n, _)| &**n == FORWARDED) {
        let forwarded = kwargs.remove(i);
        kwargs.push(forwarded);
    }
}

/// CPython's TypeError for a keyword given twice (`f(a=1, **{"a": 2})`), found when compiling.
pub(super) fn check_repeated(
    kwargs: &[(Arc<str>, Value)],
    name: &str,
    at: &ast::Expr,
) -> Result<()> {
    if kwargs.iter().any(|(n, _)| &**n == name) {
        return Err(Diagnostic::typing(
            format!("got multiple values for keyword argument '{name}'"),
            at.range(),
        ));
    }
    Ok(())
}
