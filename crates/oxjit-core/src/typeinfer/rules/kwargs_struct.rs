//! The operations on a `**kwargs` struct (`types/kwargs.rs`), by constant keys: `kw["a"]` (its
//! value), `kw.get("a", d)` (the value, or `d` where the call has no such keyword), `"a" in kw`
//! (a constant: the branch it decides is pruned), `len(kw)` (the tuple's), and `kw.copy()`,
//! the dict a function that uses its `**kwargs` otherwise makes (`ssa/kwargs_use.rs`).

use crate::callee::{Builtin, DictFn};
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::registry::signature::Resolved;
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::{ArgSource, CallTarget};
use crate::types::{self, kwargs_keys, Type};

/// The method `kw.name` of a `**kwargs` struct, as the dict method it stands for.
pub(crate) fn kwargs_attribute(recv: &Type, name: &str) -> Option<Type> {
    kwargs_keys(recv)?;
    let f = match name {
        "get" => DictFn::Get,
        "copy" => DictFn::Copy,
        "__contains__" => DictFn::Contains,
        _ => return None,
    };
    Some(Type::BoundMethod(Builtin::Dict(f), recv.clone().into()))
}

impl Inferer<'_> {
    /// The constant key of `kw[key]`, `kw.get(key)` or `key in kw`, and its position in `keys`
    /// (`None` where the call has no such keyword).
    fn struct_key(
        &self,
        v: Value,
        keys: &[std::sync::Arc<str>],
        key: Value,
    ) -> Result<Option<usize>> {
        match &self.consts[key.index()] {
            Some(Const::Str(k)) => Ok(keys.iter().position(|n| n == k)),
            _ => Err(Diagnostic::unsupported(
                "a **kwargs parameter holding values of different types is read by constant \
                 keys (kw[\"a\"], kw.get(\"a\", default), \"a\" in kw)",
                self.func.range(v),
            )),
        }
    }

    /// `kw[key]` of a `**kwargs` struct (`None` for other receivers).
    pub(crate) fn kwargs_item(&mut self, v: Value, ta: &Type, key: Value) -> Option<Result<Type>> {
        let keys = kwargs_keys(ta)?;
        let Type::Tuple(items) = ta else { return None };
        Some(match self.struct_key(v, keys, key) {
            Ok(Some(k)) => Ok(items[k].clone()),
            Ok(None) => Err(Diagnostic::typing(
                format!(
                    "KeyError: {}: no keyword of this name is passed (its keywords: {})",
                    quoted(&self.consts[key.index()]),
                    keys.join(", ")
                ),
                self.func.range(v),
            )),
            Err(e) => Err(e),
        })
    }

    /// A method call on a `**kwargs` struct (`recv`, the value `receiver`), `None` where `f` is
    /// not one of its methods.
    pub(crate) fn kwargs_method(
        &mut self,
        v: Value,
        f: Builtin,
        (recv, receiver): (&Type, Value),
        args: &[Value],
    ) -> Option<Result<Option<Type>>> {
        let keys = kwargs_keys(recv)?;
        let Type::Tuple(items) = recv else {
            return None;
        };
        let Builtin::Dict(m) = f else { return None };
        let t = match (m, args) {
            (DictFn::Copy, []) => self.kwargs_dict(v, keys, items),
            (DictFn::Contains, [key]) => self.struct_key(v, keys, *key).map(|k| {
                self.consts[v.index()] = Some(Const::Bool(k.is_some()));
                Type::Bool
            }),
            (DictFn::Get, [key, rest @ ..]) if rest.len() <= 1 => {
                self.struct_key(v, keys, *key).map(|k| match (k, rest) {
                    (Some(k), _) => items[k].clone(),
                    (None, [default]) => types::widen_literal(&self.raw_ty(*default)),
                    (None, _) => Type::NoneType,
                })
            }
            _ => Err(Diagnostic::unsupported(
                format!("{}() of a **kwargs parameter", m.name()),
                self.func.range(v),
            )),
        };
        let t = match t {
            Ok(t) => t,
            Err(e) => return Some(Err(e)),
        };
        let mut sources = vec![ArgSource::Receiver];
        sources.extend((0..args.len()).map(ArgSource::Positional));
        self.calls.insert(
            v,
            CallTarget::Builtin(Resolved {
                id: f,
                args: sources,
                receiver: Some(receiver),
                decoded: Default::default(),
            }),
        );
        Some(Ok(Some(t)))
    }

    /// The dict `kw.copy()` makes of a `**kwargs` struct: its values must have one type.
    fn kwargs_dict(&self, v: Value, keys: &[std::sync::Arc<str>], items: &[Type]) -> Result<Type> {
        let mut value: Option<Type> = None;
        for (k, t) in items.iter().enumerate() {
            let t = types::widen_literal(t);
            value = Some(match value {
                None => t,
                Some(prev) => types::unify(&prev, &t).ok_or_else(|| {
                    Diagnostic::unsupported(
                        format!(
                            "this **kwargs parameter is used as a dict (iterated, changed, passed \
                             on or returned, or read by a key known only at run time), so its \
                             values must have one type, and '{}' is {prev} while '{}' is {t}; read it by \
                             constant keys (kw[\"a\"], kw.get(\"a\", default), \"a\" in kw, \
                             len(kw)) or forward it (g(**kw)) to keep values of different types",
                            keys[0], keys[k]
                        ),
                        self.func.range(v),
                    )
                })?,
            });
        }
        Ok(Type::Dict(
            Type::Str.into(),
            value.unwrap_or(Type::I64).into(),
        ))
    }
}

fn quoted(c: &Option<Const>) -> String {
    match c {
        Some(Const::Str(s)) => format!("'{s}'"),
        _ => "?".into(),
    }
}
