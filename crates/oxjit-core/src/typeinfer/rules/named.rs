//! The typing of named tuples (`types/named.rs`): a call of the class (`Point(1.0, y=2.0)`, the
//! class's defaults filling what the call leaves out), `p._replace(x=3.0)`, and the attributes
//! of a value (`p.x` is typed by the tuple's kind; `_fields` is a constant here).

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Value};
use crate::registry::signature::{self, Param, ParamKind, Signature, Style};
use crate::typeinfer::solve::{const_type, Inferer};
use crate::typeinfer::{suggest, ArgSource, CallTarget};
use crate::types::{widen_literal, NamedTupleTy, TupleItems, Type};

/// Attributes of named tuples that compiled code does not have (refused by name).
const NOT_COMPILED: &[&str] = &["_field_defaults"];

impl Inferer<'_> {
    /// `Class(args)`, or `p._replace(**fields)` where the callee is `p._replace`.
    pub(crate) fn named_tuple_call(
        &mut self,
        v: Value,
        func: Value,
        class: &Arc<NamedTupleTy>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
        let method = match *self.func.inst(func) {
            Inst::GetAttr(recv, ref name) => Some((recv, name.clone())),
            _ => None,
        };
        let replaced = match &method {
            Some((recv, name)) if &**name == "_replace" => Some(*recv),
            Some((_, name)) if &**name == "_make" => {
                Some(self.make_source(v, class, args, kwargs)?)
            }
            Some((recv, name)) if &**name == "_asdict" => {
                return self.named_tuple_asdict(v, *recv, class, args, kwargs);
            }
            _ => None,
        };
        let sources = match (&method, replaced) {
            (Some((_, name)), Some(_)) if &**name == "_make" => {
                vec![ArgSource::Receiver; class.fields.len()]
            }
            (_, Some(_)) => self.replace_sources(v, class, args.len(), &names)?,
            (_, None) => {
                // CPython's messages count `_cls`, the first parameter of `__new__`.
                let sig = new_signature(class);
                let bound =
                    signature::bind(&sig, args.len() + 1, &names).map_err(|m| self.err(v, m))?;
                signature::with_receiver(bound)
                    .into_iter()
                    .skip(1)
                    .collect()
            }
        };
        let mut items = Vec::with_capacity(sources.len());
        for (k, s) in sources.iter().enumerate() {
            let t = match s {
                ArgSource::Positional(i) => self.known(args[*i]).cloned(),
                ArgSource::Keyword(i) => self.known(kwargs[*i].1).cloned(),
                ArgSource::Default(c) => Some(const_type(c)),
                ArgSource::Receiver => match replaced.and_then(|r| self.known(r).cloned()) {
                    Some(Type::Tuple(old)) => Some(old[k].clone()),
                    // `_make(list)`: every field an item of the list.
                    Some(Type::List(item)) => Some((*item).clone()),
                    _ => None,
                },
                ArgSource::Pack(_) | ArgSource::PackKeywords(_) => {
                    return Err(Diagnostic::internal("a named tuple built from *args"))
                }
            };
            let Some(t) = t else {
                return Ok(None);
            };
            // A value that may be `None` stays optional in its field, as CPython keeps it.
            let t = widen_literal(&t);
            if !t.is_runtime() {
                return Err(self.err(
                    v,
                    format!(
                        "the field '{}' of {} cannot hold a value of type {t}",
                        class.fields[k], class.name
                    ),
                ));
            }
            items.push(t);
        }
        self.calls.insert(
            v,
            CallTarget::NamedTuple {
                args: sources,
                receiver: replaced,
            },
        );
        Ok(Some(Type::Tuple(TupleItems::named(
            items.into(),
            class.clone(),
        ))))
    }

    /// `p._replace(x=...)`: keywords only (CPython's `_replace(self, /, **kwds)`), each a field;
    /// the other fields are the receiver's (`ArgSource::Receiver` at their place).
    fn replace_sources(
        &self,
        v: Value,
        class: &NamedTupleTy,
        positional: usize,
        names: &[Arc<str>],
    ) -> Result<Vec<ArgSource>> {
        if positional > 0 {
            return Err(self.err(
                v,
                format!(
                    "{}._replace() takes 1 positional argument but {} were given",
                    class.name,
                    positional + 1
                ),
            ));
        }
        let mut sources = vec![ArgSource::Receiver; class.fields.len()];
        let mut unknown = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match class.position(name) {
                Some(k) => sources[k] = ArgSource::Keyword(i),
                None => unknown.push(format!("'{name}'")),
            }
        }
        if !unknown.is_empty() {
            return Err(self.err(
                v,
                format!("Got unexpected field names: [{}]", unknown.join(", ")),
            ));
        }
        Ok(sources)
    }

    /// `Class._make(iterable)`: the one argument whose items become the fields, a tuple of as
    /// many items (checked here) or a list of numbers (its length checked at run time, with
    /// CPython's `TypeError`; its items are borrowed, so only items without references).
    fn make_source(
        &self,
        v: Value,
        class: &NamedTupleTy,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Value> {
        let n = class.fields.len();
        if args.len() != 1 || !kwargs.is_empty() {
            return Err(self.err(
                v,
                format!(
                    "{}._make() takes 1 positional argument (an iterable), got {}",
                    class.name,
                    args.len() + kwargs.len()
                ),
            ));
        }
        match self.known(args[0]) {
            Some(Type::Tuple(items)) if items.len() != n => Err(self.err(
                v,
                format!("Expected {n} arguments, got {} (CPython raises TypeError)", items.len()),
            )),
            Some(Type::Tuple(_)) | None => Ok(args[0]),
            Some(Type::List(item)) if !crate::analysis::refcount::is_ref(item) => Ok(args[0]),
            Some(t) => Err(Diagnostic::unsupported(
                format!(
                    "{}._make() of a value of type {t} is not supported (a tuple, or a list of numbers, is)",
                    class.name
                ),
                self.func.range(v),
            )),
        }
    }

    /// `p._asdict()`: a dict from the field names to the values (CPython 3.8+ returns `dict`),
    /// so the fields must have one type (an optional one where some are `None`).
    fn named_tuple_asdict(
        &mut self,
        v: Value,
        recv: Value,
        class: &NamedTupleTy,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        if !args.is_empty() || !kwargs.is_empty() {
            return Err(self.err(
                v,
                format!(
                    "{}._asdict() takes 1 positional argument but {} were given",
                    class.name,
                    args.len() + kwargs.len() + 1
                ),
            ));
        }
        let Some(Type::Tuple(items)) = self.known(recv).cloned() else {
            return Ok(None);
        };
        let items: Vec<Type> = items.iter().map(widen_literal).collect();
        // One value type: items of one type, or of one type and `None`.
        let first = items.first().cloned().unwrap_or(Type::NoneType);
        let value = items.iter().skip(1).try_fold(first, |acc, t| {
            let same = crate::types::optional::strip(&acc) == crate::types::optional::strip(t)
                || matches!(t, Type::NoneType)
                || matches!(acc, Type::NoneType);
            match same {
                true => crate::types::unify(&acc, t),
                false => None,
            }
        });
        let Some(value) = value.filter(Type::is_runtime) else {
            let shown: Vec<String> = items.iter().map(|t| t.to_string()).collect();
            return Err(Diagnostic::unsupported(
                format!(
                    "{}._asdict() of fields of different types ({}): a compiled dict holds values of one type",
                    class.name,
                    shown.join(", ")
                ),
                self.func.range(v),
            ));
        };
        self.calls
            .insert(v, CallTarget::NamedTupleAsDict { receiver: recv });
        Ok(Some(Type::Dict(Type::Str.into(), value.into())))
    }

    /// The attributes of a named tuple that are not its fields: `_fields` (a constant), the
    /// bound `_replace`; `None` where `recv` is no named tuple.
    pub(crate) fn named_tuple_attribute(
        &mut self,
        v: Value,
        recv: &Type,
        name: &str,
    ) -> Option<Result<Type>> {
        let class = match recv {
            Type::Tuple(items) => items.class()?.clone(),
            Type::NamedTupleClass(class) => class.clone(),
            _ => return None,
        };
        let is_class = matches!(recv, Type::NamedTupleClass(_));
        Some(match name {
            // A run-time tuple of strings (made from the constant where it is used).
            "_fields" => {
                let t = widen_literal(&self.constant(v, class.fields_const()));
                Ok(t)
            }
            // Bound methods: the call is typed by `named_tuple_call`, which sees the name.
            "_replace" | "_asdict" if !is_class => Ok(Type::NamedTupleClass(class)),
            "_make" if is_class => Ok(Type::NamedTupleClass(class)),
            _ if NOT_COMPILED.contains(&name) || is_class => Err(Diagnostic::unsupported(
                format!("'{}.{name}' is not supported in compiled code", class.name),
                self.func.range(v),
            )),
            _ => {
                let mut known: Vec<String> = class.fields.iter().map(|f| f.to_string()).collect();
                known.extend(
                    ["_fields", "_replace", "_asdict", "_make", "count", "index"]
                        .iter()
                        .chain(NOT_COMPILED)
                        .map(|s| s.to_string()),
                );
                known.sort();
                let hint = suggest::did_you_mean(name, &[known]);
                Err(self.err(v, format!("{}{hint}", class.no_attribute(name))))
            }
        })
    }
}

/// `Class.__new__(_cls, field, ...)` with the class's defaults, for binding a call as CPython
/// does (and saying what it says when the call does not fit).
fn new_signature(class: &NamedTupleTy) -> Signature {
    let mut params = vec![Param::req("_cls")];
    for (name, default) in class.fields.iter().zip(&class.defaults) {
        params.push(match default {
            None => Param::req(name),
            Some(Some(c)) => Param::new(name, Some(c.clone())),
            Some(None) => Param {
                name: name.clone(),
                default: Some(Const::None),
                kind: ParamKind::OpaqueDefault,
            },
        });
    }
    Signature::new(format!("{}.__new__", class.name), params, Style::Python)
}
