//! The typing of calls: of a function the compiler implements (its arguments bound to its
//! parameters once, its constants decoded: a [`Resolved`]), of a ufunc with `out=`, of a user
//! function, and of an exception class.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Inst, Value};
use crate::registry::signature::{self, Resolved};
use crate::registry::{self, builtins, Builtin, CallArgs};
use crate::typeinfer::solve::{const_type, Inferer};
use crate::typeinfer::{ArgKnown, ArgSource, CallTarget};
use crate::types::{FuncId, Type};

impl Inferer<'_> {
    pub(crate) fn call(
        &mut self,
        v: Value,
        func: Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        if let Some((_, marker)) = kwargs.first().filter(|(n, _)| &**n == crate::ssa::STARRED) {
            return self.star_call(v, args, *marker);
        }
        let callee = self.ty(func);
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        self.check_forwarding(v, &callee, kwargs)?;
        match callee {
            Type::Builtin(b @ (Builtin::Numpy(_) | Builtin::Ufunc(_))) if matches!(kwargs, [(name, _)] if &**name == "out") => {
                self.ufunc_with_out(v, b, &arg_types, kwargs[0].1)
            }
            Type::Builtin(Builtin::Print) if !kwargs.is_empty() => {
                let keywords: Vec<(&str, Type)> =
                    kwargs.iter().map(|(k, a)| (&**k, self.ty(*a))).collect();
                let refs: Vec<(&str, &Type)> = keywords.iter().map(|(k, t)| (*k, t)).collect();
                builtins::print_keywords(&refs).map_err(|m| self.err(v, m))?;
                let consts = vec![None; arg_types.len()];
                let call = CallArgs {
                    types: &arg_types,
                    consts: &consts,
                    method: false,
                };
                let t =
                    registry::type_call(Builtin::Print, &call).map_err(|e| self.call_err(v, e))?;
                // `sep`/`end`/`flush` are read by name where `print` is lowered.
                self.calls
                    .insert(v, positional_call(Builtin::Print, args.len()));
                Ok(Some(t))
            }
            Type::Builtin(b) => {
                // `len(obj)` of a jitclass instance: its `__len__`.
                if let ([a], Some(name)) = (args, super::jitclass::builtin_dunder(b)) {
                    if let Type::JitInstance(c) = self.ty(*a) {
                        // `bool(obj)` without `__bool__` is `len(obj) != 0`, as in Python.
                        let len = (name == "__bool__").then(|| c.method("__len__")).flatten();
                        if let Some(f) = c.method(name).or(len) {
                            let r = self.dunder_call(v, f, args);
                            if name == "__bool__" {
                                return r.map(|t| t.map(|_| Type::Bool));
                            }
                            return r;
                        }
                    }
                }
                self.builtin_call(v, b, None, args, kwargs)
            }
            Type::BoundMethod(b, recv) => {
                // Typing records which value the method is called on.
                let Inst::GetAttr(receiver, _) = *self.func.inst(func) else {
                    return Err(Diagnostic::unsupported(
                        format!(
                            "calling the method {}() other than where it is looked up",
                            b.name()
                        ),
                        self.func.range(v),
                    ));
                };
                self.builtin_call(v, b, Some(((*recv).clone(), receiver)), args, kwargs)
            }
            Type::ExceptionClass(name) => {
                if !kwargs.is_empty() {
                    return Err(self.err(v, format!("{name}() takes no keyword arguments")));
                }
                for (a, t) in args.iter().zip(&arg_types) {
                    if self.consts[a.index()].is_none()
                        && !t.is_numeric()
                        && !crate::types::is_str(t)
                        && *t != Type::NoneType
                    {
                        return Err(Diagnostic::unsupported(
                            format!(
                                "exception arguments must be constants, strings, numbers or None, \
                                 got {t}"
                            ),
                            // The call: an argument's own range may be the function's (a
                            // parameter's value).
                            self.func.range(v),
                        ));
                    }
                }
                self.calls.insert(v, CallTarget::Exception(name.clone()));
                Ok(Some(Type::Exception(name)))
            }
            Type::NamedTupleClass(class) => self.named_tuple_call(v, func, &class, args, kwargs),
            Type::JitClass(class) => self.construct(v, class, args, kwargs),
            Type::JitMethod(class, f) => self.method_call(v, func, class, f, args, kwargs),
            Type::UserMethod(f, recv) => self.user_method_call(v, func, f, &recv, args, kwargs),
            Type::UserFunction(_) if arg_types.iter().any(crate::types::has_undetermined) => {
                // Called again once the lists' item types are known.
                Ok(None)
            }
            Type::UserFunction(f) => {
                let Some((target, ret)) = self.user_target(v, f, args, kwargs, &arg_types)? else {
                    return Ok(None);
                };
                self.calls.insert(v, target);
                Ok(ret)
            }
            Type::Functions(fs) => self.function_value_call(v, &fs, args, kwargs, &arg_types),
            Type::Closure(f, captures) => self.closure_call(v, f, &captures, args, kwargs),
            Type::CFuncPtr(sig) => self.c_function_call(v, func, &sig, args, kwargs),
            t => Err(self.err(v, format!("a value of type {t} is not callable"))),
        }
    }

    /// The call of user function `f` with these arguments: its target and return type (`None`
    /// while an argument's type is not known yet).
    pub(crate) fn user_target(
        &mut self,
        v: Value,
        f: FuncId,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        arg_types: &[Type],
    ) -> Result<Option<(CallTarget, Option<Type>)>> {
        self.user_target_on(v, f, None, args, kwargs, arg_types)
    }

    /// As [`Self::user_target`], for a method of `receiver` (its type), passed first.
    pub(crate) fn user_target_on(
        &mut self,
        v: Value,
        f: FuncId,
        receiver: Option<&Type>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        arg_types: &[Type],
    ) -> Result<Option<(CallTarget, Option<Type>)>> {
        let Some((names, forwarded)) = self.forwarded_split(kwargs) else {
            return Ok(None);
        };
        let offset = receiver.is_some() as usize;
        let mut sources = self
            .env
            .bind_user_call(f, args.len() + offset, &names)
            .map_err(|m| self.binding_err(v, m, forwarded))?;
        if receiver.is_some() {
            sources = super::jitclass::shift_receiver(sources);
        }
        let sources = self.with_forwarded(v, sources, forwarded)?;
        let mut types = Vec::new();
        for s in &sources {
            types.push(match s {
                // A value that may be `None` is passed as it is (the callee tests it).
                ArgSource::Positional(i) => match self.raw_ty(args[*i]) {
                    t @ Type::Optional(_) => t,
                    _ => arg_types[*i].clone(),
                },
                ArgSource::Keyword(i) => match self.keyword_type(kwargs, *i) {
                    Some(t) => t,
                    None => return Ok(None),
                },
                ArgSource::Default(c) => const_type(c),
                ArgSource::Pack(items) => Type::tuple(
                    items
                        .iter()
                        .map(|i| match self.raw_ty(args[*i]) {
                            t @ Type::Optional(_) => t,
                            _ => arg_types[*i].clone(),
                        })
                        .collect(),
                ),
                ArgSource::PackKeywords(items) => match self.kwargs_dict_type(v, items, kwargs)? {
                    Some(t) => t,
                    None => return Ok(None),
                },
                ArgSource::Receiver => match receiver {
                    Some(t) => t.clone(),
                    None => unreachable!("a user function has no receiver"),
                },
            });
        }
        let call_range = self.func.range(v);
        let known = self.arguments_known(&sources, args, kwargs);
        let f = self
            .env
            .specialize_user(f, &types, &known)
            .map_err(|mut d| {
                if d.range.is_none() && d.source.is_none() {
                    d.range = Some(call_range);
                }
                d
            })?;
        let answer = self.env.call_user(f, &types).map_err(|mut d| {
            if d.range.is_none() && d.source.is_none() {
                d.range = Some(call_range);
                return d;
            }
            if let Some(loc) = Diagnostic::typing("", self.func.range(v)).range {
                d.notes.push(format!(
                    "while typing the call at offset {}",
                    u32::from(loc.start())
                ));
            }
            d
        })?;
        self.provisional |= answer.provisional || answer.return_type.is_none();
        if answer.never_returns && !self.noreturn.contains(&v) {
            self.noreturn.push(v);
        }
        let target = CallTarget::User {
            func: f,
            args: sources,
            arg_types: answer.params.unwrap_or(types),
        };
        Ok(Some((target, answer.return_type)))
    }

    /// What is known of each bound argument beyond its type: a constant, a default, or the
    /// function's own parameter (an `@overload` may make code per constant).
    fn arguments_known(
        &self,
        sources: &[ArgSource],
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Vec<ArgKnown> {
        let of = |a: Value| match (&self.consts[a.index()], self.func.inst(a)) {
            (Some(c), _) => ArgKnown::Const(c.clone()),
            (None, Inst::Arg(j)) => ArgKnown::Param(*j as usize),
            _ => ArgKnown::Unknown,
        };
        sources
            .iter()
            .map(|s| match s {
                ArgSource::Positional(i) => of(args[*i]),
                // An item of a `**kw` struct forwarded (`g(**kw)`) is not known as a value.
                ArgSource::Keyword(i) => match kwargs.get(*i) {
                    Some((n, x)) if &**n != crate::ssa::FORWARDED => of(*x),
                    _ => ArgKnown::Unknown,
                },
                ArgSource::Default(c) => ArgKnown::Omitted(c.clone()),
                _ => ArgKnown::Unknown,
            })
            .collect()
    }

    /// `np.add(a, b, out=c)`: computed as without `out`, then written into `c` (NumPy's
    /// `same_kind` casting); the call's value is `c`.
    pub(crate) fn ufunc_with_out(
        &mut self,
        v: Value,
        b: Builtin,
        arg_types: &[Type],
        out: Value,
    ) -> Result<Option<Type>> {
        let computed = registry::type_call(
            b,
            &CallArgs {
                types: arg_types,
                consts: &vec![None; arg_types.len()],
                method: false,
            },
        )
        .map_err(|e| self.call_err(v, e))?;
        let out_t = self.ty(out);
        let (Type::Array(result), Type::Array(target)) = (&computed, &out_t) else {
            return Err(self.err(
                v,
                format!(
                    "{}(..., out=) needs array operands and an array out, not {out_t}",
                    b.qualified_name()
                ),
            ));
        };
        if target.readonly {
            return Err(self.err(v, "out= cannot be a read-only array".to_string()));
        }
        let kind = |t: &Type| match t {
            Type::Bool => 0,
            Type::Int(_) => 1,
            Type::Float(_) => 2,
            _ => 3,
        };
        if kind(&result.dtype) > kind(&target.dtype) {
            return Err(self.err(
                v,
                format!(
                    "Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
                    b.name(),
                    result.dtype,
                    target.dtype
                ),
            ));
        }
        // `out=` is the fused expression's output (`fuse.rs`).
        self.calls.insert(v, positional_call(b, arg_types.len()));
        Ok(Some(out_t))
    }

    /// A call of a function or method the compiler implements: its arguments bound to the
    /// parameters ([`registry::signature`]), then typed by the callee's rule.
    pub(crate) fn builtin_call(
        &mut self,
        v: Value,
        f: Builtin,
        recv: Option<(Type, Value)>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        if let (Some((rt, r)), true) = (&recv, kwargs.is_empty()) {
            if let Some(t) = self.kwargs_method(v, f, (rt, *r), args) {
                return t;
            }
        }
        if let Some(t) = self.untyped_container(v, f, args, kwargs) {
            return Ok(Some(t));
        }
        if f == Builtin::Set(crate::callee::SetFn::New) && args.is_empty() && kwargs.is_empty() {
            // `set()`: its item type comes from later uses, as `[]`'s.
            self.calls.insert(v, positional_call(f, 0));
            let var = Type::Undetermined(v.0);
            return Ok(Some(Type::Set(self.resolve(&var).into())));
        }
        let receiver = recv.as_ref().map(|(_, r)| *r);
        let recv = recv.map(|(t, _)| t);
        let names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
        let offset = recv.is_some() as usize;
        let sig = registry::signature(f, recv.is_some());
        let mut sources =
            signature::bind(&sig, args.len() + offset, &names).map_err(|m| self.err(v, m))?;
        if recv.is_some() {
            sources = signature::with_receiver(sources);
        }
        let mut types = Vec::new();
        let mut consts = Vec::new();
        for s in &sources {
            let (t, c) = match s {
                ArgSource::Receiver => (recv.clone().expect("a method's receiver"), None),
                ArgSource::Positional(i)
                    if stored_item(f, *i, recv.as_ref())
                        || orders_none(f, args.len())
                        || (f == Builtin::IsInstance && *i == 0) =>
                {
                    // Stored in a container whose items may be `None`, ordered where a `None`
                    // raises CPython's `TypeError`, or tested by `isinstance`: as it is.
                    let a = args[*i];
                    (self.raw_ty(a), self.consts[a.index()].clone())
                }
                ArgSource::Positional(i) => {
                    let a = args[*i];
                    (self.ty(a), self.consts[a.index()].clone())
                }
                ArgSource::Keyword(i) => {
                    let a = kwargs[*i].1;
                    (self.ty(a), self.consts[a.index()].clone())
                }
                ArgSource::Default(c) => (const_type(c), Some(c.clone())),
                ArgSource::Pack(_) | ArgSource::PackKeywords(_) => {
                    return Err(Diagnostic::internal("a builtin with *args packed"));
                }
            };
            types.push(t);
            consts.push(c);
        }
        if let Some(message) = super::records::refused_call(f, &types) {
            return Err(self.err(v, message));
        }
        self.list_call_bindings(f, &types);
        let (t, types, consts) =
            self.type_builtin(v, f, (&sig, &sources), types, consts, receiver.is_some())?;
        let bound = CallArgs {
            types: &types,
            consts: &consts,
            method: receiver.is_some(),
        };
        if f == Builtin::Len {
            if let Type::Tuple(items) = &types[0] {
                self.consts[v.index()] = Some(Const::Int(items.len() as i64));
            }
        }
        if f == Builtin::IsInstance {
            use registry::introspect::{Answer, Test};
            let answer = registry::introspect::answer(&types[0], &types[1])
                .map_err(|e| self.call_err(v, e))?;
            self.consts[v.index()] = match answer {
                Answer::Known(b) => Some(Const::Bool(b)),
                // A list that may be a typed List: tested at run time, or (speculating) answered
                // for a Python list, which codegen guards.
                Answer::Test(Test::Typed(typed)) => {
                    self.container_tests = true;
                    self.speculate.then_some(Const::Bool(!typed))
                }
                Answer::Test(_) => None,
            };
        }
        let decoded = registry::decode(f, &bound, &t);
        if decoded.needs_lapack {
            self.lapack.insert(v, f.qualified_name());
        }
        self.calls.insert(
            v,
            CallTarget::Builtin(Resolved {
                id: f,
                args: sources,
                receiver,
                decoded,
            }),
        );
        Ok(Some(t))
    }
}

/// A call of `f` with `n` positional arguments and nothing decoded.
pub(super) fn positional_call(f: Builtin, n: usize) -> CallTarget {
    CallTarget::Builtin(Resolved {
        id: f,
        args: (0..n).map(ArgSource::Positional).collect(),
        receiver: None,
        decoded: Default::default(),
    })
}

/// Whether the arguments of `f` (called with `n` of them) are ordered as they are, a `None`
/// raising CPython's `TypeError` (`min(x, y)`, `max(x, y)`). The unwrapping pass
/// (`passes/promote.rs`) asks the same.
pub(crate) fn orders_none(f: Builtin, n: usize) -> bool {
    matches!(f, Builtin::Min | Builtin::Max) && n >= 2
}

/// Whether argument `i` of method `f` is stored as an item of the receiver (`recv`: its type),
/// whose items may be `None` (`types::optional::stores_optional`): `append`, `insert`, `add`.
/// The unwrapping pass (`passes/promote.rs`) asks the same of the typed receiver.
pub(crate) fn stored_item(f: Builtin, i: usize, recv: Option<&Type>) -> bool {
    use crate::callee::{GenFn, ListFn, SetFn};
    // What a `yield from` passes on to its inner generator: `None` too.
    if f == Builtin::Generator(GenFn::Forward) {
        return true;
    }
    let stored = match f {
        Builtin::List(ListFn::Append) | Builtin::Set(SetFn::Add) => i == 0,
        Builtin::List(ListFn::Insert) => i == 1,
        _ => false,
    };
    let item = match recv {
        Some(Type::List(item) | Type::Set(item)) => item,
        _ => return false,
    };
    stored && crate::types::optional::stores_optional(item)
}
