//! The typing of closures (`ssa/closure.rs`): making one (its type names the lifted function
//! and the types of what it captured), calling one (the lifted function, specialised on the
//! captured values' types and the arguments' like any user function), and the cells that
//! closures share with the function that defines them.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Value};
use crate::typeinfer::solve::{const_type, Inferer};
use crate::typeinfer::{ArgSource, CallTarget};
use crate::types::{unify, FuncId, Type};

impl Inferer<'_> {
    /// `make_closure innerN(captures)`.
    pub(crate) fn make_closure(&mut self, v: Value, func: u32, captures: &[Value]) -> Result<Type> {
        let id = self
            .env
            .inner_function(func)
            .ok_or_else(|| Diagnostic::internal(format!("inner function {func} has no id")))?;
        let types: Vec<Type> = captures
            .iter()
            .map(|c| self.known(*c).cloned().expect("captures typed first"))
            .collect();
        let _ = v;
        Ok(Type::Closure(id, types.into()))
    }

    /// The values stored into the cell `cell` in this function.
    pub(crate) fn cell_stores(&self, cell: Value) -> Vec<Value> {
        self.func
            .values
            .iter()
            .filter_map(|d| match d.inst {
                Inst::CellStore(c, x) if c == cell => Some(x),
                _ => None,
            })
            .collect()
    }

    /// A cell made here holds the values stored into it, unified as at a merge.
    pub(crate) fn cell_new(&mut self, v: Value) -> Result<Option<Type>> {
        let mut acc: Option<Type> = None;
        for x in self.cell_stores(v) {
            let Some(t) = self.known(x).cloned() else {
                continue;
            };
            acc = Some(match acc {
                None => t,
                Some(prev) => unify(&prev, &t).ok_or_else(|| {
                    self.err(
                        x,
                        format!(
                            "cannot unify {prev} and {t} for '{}': a variable must keep one type",
                            self.func.values[v.index()].name.as_deref().unwrap_or("?")
                        ),
                    )
                })?,
            });
        }
        if let Some(t) = &acc {
            if crate::analysis::refcount::is_ref(t) {
                return Err(Diagnostic::unsupported(
                    format!(
                        "'{}' holds {t} and is shared with a closure that may see it change \
                         (it is assigned again, in a loop, after the closure is made, or with \
                         'nonlocal'): not supported yet for arrays; assign it once, before the \
                         closure",
                        self.func.values[v.index()].name.as_deref().unwrap_or("?")
                    ),
                    self.func.range(v),
                ));
            }
        }
        Ok(acc.map(|t| Type::Cell(Arc::new(t))))
    }

    pub(crate) fn cell_load(&mut self, v: Value, cell: Value) -> Result<Type> {
        match self.known(cell) {
            Some(Type::Cell(t)) => Ok((**t).clone()),
            other => Err(self.err(v, format!("cell_load of {other:?}"))),
        }
    }

    /// `x = value` of a variable in a cell: the value must convert to the cell's type without
    /// loss (in the function that made the cell it does, by construction).
    pub(crate) fn cell_store(&mut self, v: Value, cell: Value, x: Value) -> Result<Type> {
        let (Some(Type::Cell(content)), Some(t)) = (self.known(cell), self.known(x)) else {
            return Err(Diagnostic::internal("cell_store of untyped values"));
        };
        if unify(content, t).as_ref() != Some(&**content) {
            let name = self.func.values[cell.index()]
                .name
                .as_deref()
                .unwrap_or("?");
            return Err(self.err(
                v,
                format!(
                    "'{name}' is {content} in the enclosing function, assigned {t} here: a \
                     variable shared with a closure keeps one type"
                ),
            ));
        }
        Ok(Type::NoneType)
    }

    /// A call of a closure: of its lifted function, with the captured values first.
    pub(crate) fn closure_call(
        &mut self,
        v: Value,
        f: FuncId,
        captures: &[Type],
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let Some((names, forwarded)) = self.forwarded_split(kwargs) else {
            return Ok(None);
        };
        let sources = self
            .env
            .bind_inner_call(f, captures.len(), args.len(), &names)
            .map_err(|m| self.binding_err(v, m, forwarded))?;
        let sources = self.with_forwarded(v, sources, forwarded)?;
        let mut types: Vec<Type> = captures.to_vec();
        for s in &sources {
            types.push(match s {
                // A value that may be `None` is passed as it is (the closure tests it).
                ArgSource::Positional(i) => self.raw_ty(args[*i]),
                ArgSource::Keyword(i) => match self.keyword_type(kwargs, *i) {
                    Some(t) => t,
                    None => return Ok(None),
                },
                ArgSource::Default(c) => const_type(c),
                ArgSource::Pack(items) => {
                    Type::tuple(items.iter().map(|i| self.raw_ty(args[*i])).collect())
                }
                ArgSource::PackKeywords(items) => match self.kwargs_dict_type(v, items, kwargs)? {
                    Some(t) => t,
                    None => return Ok(None),
                },
                ArgSource::Receiver => unreachable!("a closure has no receiver"),
            });
        }
        let call_range = self.func.range(v);
        let answer = self.env.call_user(f, &types).map_err(|mut d| {
            if d.range.is_none() && d.source.is_none() {
                d.range = Some(call_range);
            }
            d
        })?;
        self.provisional |= answer.provisional || answer.return_type.is_none();
        if answer.never_returns && !self.noreturn.contains(&v) {
            self.noreturn.push(v);
        }
        self.calls.insert(
            v,
            CallTarget::User {
                func: f,
                args: sources,
                arg_types: types,
            },
        );
        Ok(answer.return_type)
    }
}
