//! A call's keywords collected into the callee's `**kwargs` (`ArgSource::PackKeywords`): a
//! dict of str keys whose values have one type (their types unified, string constants widened),
//! as Numba would type a dict built from them. A call that passes none makes an empty dict of
//! int64 values (nothing is ever read from it as a number).

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Value;
use crate::ssa::FORWARDED;
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::ArgSource;
use crate::types::{self, kwargs_keys, kwargs_struct, Type};

impl Inferer<'_> {
    /// Refuses a dict forwarded with `**` to anything but a compiled function.
    pub(crate) fn check_forwarding(
        &self,
        v: Value,
        callee: &Type,
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<()> {
        let forwards = kwargs.last().is_some_and(|(n, _)| &**n == FORWARDED);
        if forwards && !matches!(callee, Type::UserFunction(_) | Type::Closure(..)) {
            return Err(Diagnostic::unsupported(
                "'**' of a dict whose keys are not known when compiling can only go to a \
                 compiled function with a **kwargs parameter (other calls take a literal dict of \
                 string keys: f(**{\"a\": 1}))",
                self.func.range(v),
            ));
        }
        Ok(())
    }

    /// The keyword names a call binds, and the index of a dict it forwards (`g(**kw)`: the
    /// last entry, made by `ssa/kwargs.rs`). A forwarded `**kwargs` struct (`types/kwargs.rs`)
    /// binds by its keys instead: they follow the call's own keywords, as the keywords
    /// `i + j` of a call whose entry `i` is the struct (see [`Self::keyword_type`]). `None`
    /// while the type of what is forwarded is not known.
    pub(crate) fn forwarded_split(
        &self,
        kwargs: &[(Arc<str>, Value)],
    ) -> Option<(Vec<Arc<str>>, Option<usize>)> {
        let mut names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
        let forwarded = match names.last() {
            Some(n) if &**n == FORWARDED => {
                names.pop();
                Some(names.len())
            }
            _ => None,
        };
        if let Some(i) = forwarded {
            if let Some(keys) = kwargs_keys(self.known(kwargs[i].1)?) {
                names.extend(keys.iter().cloned());
                return Some((names, None));
            }
        }
        Some((names, forwarded))
    }

    /// The type of keyword `i` of a call: past a forwarded struct's entry, its fields.
    pub(crate) fn keyword_type(&self, kwargs: &[(Arc<str>, Value)], i: usize) -> Option<Type> {
        match kwargs.get(i) {
            Some((n, x)) if &**n != FORWARDED => self.known(*x).cloned(),
            _ => {
                let f = kwargs.len() - 1;
                match self.known(kwargs[f].1)? {
                    Type::Tuple(items) => items.get(i - f).cloned(),
                    _ => None,
                }
            }
        }
    }

    /// The error of a call whose arguments do not bind (`message`): where it forwards a dict
    /// with `**`, whose keys are not known when compiling, that is why (a `**kwargs` dict
    /// forwarded to a function that names its parameters).
    pub(crate) fn binding_err(
        &self,
        v: Value,
        message: String,
        forwarded: Option<usize>,
    ) -> Diagnostic {
        if forwarded.is_none() {
            return self.err(v, message);
        }
        Diagnostic::unsupported(
            format!(
                "{message}: a dict forwarded with '**' (such as a **kwargs parameter) has keys \
                 that are not known when compiling, so it can only fill the callee's **kwargs \
                 parameter; pass the arguments by name (f(a=kw[\"a\"])) or a literal dict \
                 (f(**{{\"a\": x}}))"
            ),
            self.func.range(v),
        )
    }

    /// The binding of a call that forwards the dict `kwargs[i]`: its items join the callee's
    /// `**kwargs`. A callee without one, or with a parameter left to its default (a key of the
    /// dict could name it, which is only known at run time), is refused; the parameters bound
    /// otherwise are checked against the dict's keys at run time (`lower/kwargs.rs`).
    pub(crate) fn with_forwarded(
        &self,
        v: Value,
        mut sources: Vec<ArgSource>,
        forwarded: Option<usize>,
    ) -> Result<Vec<ArgSource>> {
        let Some(i) = forwarded else {
            return Ok(sources);
        };
        if sources.iter().any(|s| matches!(s, ArgSource::Default(_))) {
            return Err(Diagnostic::unsupported(
                "a dict forwarded with '**' must go to a function whose parameters the call \
                 gives all (except **kwargs): a key of the dict, known only at run time, could \
                 name a parameter left to its default",
                self.func.range(v),
            ));
        }
        match sources
            .iter_mut()
            .find(|s| matches!(s, ArgSource::PackKeywords(_)))
        {
            Some(ArgSource::PackKeywords(items)) => items.push(i),
            _ => {
                return Err(Diagnostic::unsupported(
                    "a dict forwarded with '**' (whose keys are not known when compiling) can \
                     only go to a compiled function with a **kwargs parameter",
                    self.func.range(v),
                ))
            }
        }
        Ok(sources)
    }

    /// The type of the `**kwargs` made of the call's keywords `items` (`None` while one of
    /// their types is not known yet): a struct of them (`types/kwargs.rs`), or, where a dict
    /// whose keys are known only at run time is forwarded into it, a dict of str keys whose
    /// values have one type (their types unified, string constants widened), as Numba would
    /// type a dict built from them; a call that passes none, an empty dict of int64 values.
    pub(crate) fn kwargs_dict_type(
        &self,
        v: Value,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let forwards_dict = items.iter().any(|i| {
            kwargs.get(*i).is_some_and(|(n, x)| {
                &**n == FORWARDED && self.known(*x).and_then(kwargs_keys).is_none()
            })
        });
        if !forwards_dict {
            let (mut names, mut tys) = (Vec::new(), Vec::new());
            for i in items {
                let Some(t) = self.keyword_type(kwargs, *i) else {
                    return Ok(None);
                };
                names.push(match kwargs.get(*i) {
                    Some((n, _)) if &**n != FORWARDED => n.clone(),
                    _ => {
                        let f = kwargs.len() - 1;
                        let keys = self.known(kwargs[f].1).and_then(kwargs_keys);
                        keys.map(|k| k[*i - f].clone())
                            .ok_or_else(|| Diagnostic::internal("a forwarded keyword"))?
                    }
                });
                tys.push(types::widen_literal(&t));
            }
            return Ok(Some(kwargs_struct(names, tys)));
        }
        let mut value: Option<(Type, &str)> = None;
        for i in items {
            let (name, arg) = &kwargs[*i];
            let Some(t) = self.known(*arg) else {
                return Ok(None);
            };
            let t = match t {
                // A forwarded dict: its values join the others.
                Type::Dict(k, val) if &**name == FORWARDED && **k == Type::Str => (**val).clone(),
                _ if &**name == FORWARDED => {
                    return Err(Diagnostic::unsupported(
                        format!("a dict forwarded with '**' must have str keys, not {t}"),
                        self.func.range(v),
                    ))
                }
                t => types::widen_literal(t),
            };
            value = Some(match value {
                None => (t, name),
                Some((prev, first)) => match types::unify(&prev, &t) {
                    Some(u) => (u, first),
                    None => {
                        return Err(Diagnostic::unsupported(
                            format!(
                                "the keyword arguments collected into **kwargs must have one \
                                 type (compiled code makes a dict of them), and '{first}' is \
                                 {prev} while '{name}' is {t}"
                            ),
                            self.func.range(v),
                        ))
                    }
                },
            });
        }
        let value = value.map_or(Type::I64, |(t, _)| t);
        Ok(Some(Type::Dict(Arc::new(Type::Str), Arc::new(value))))
    }
}
