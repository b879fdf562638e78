//! Lowering of calls: of a function the compiler implements, as typing resolved it (its
//! arguments bound to the parameters, the receiver of a method, the constants decoded: a
//! [`Resolved`]), of a user function (a dispatcher), and of an exception class.
//!
//! Nothing here binds arguments or decodes constants again: the bound arguments are handed to
//! the family's lowering in parameter order, with the decoded constants beside them.

use std::sync::Arc;

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::registry::Builtin;
use oxjit_core::typeinfer::{ArgSource, CallTarget, Resolved};
use oxjit_core::types::{FuncId, Type};

use super::bound::{Arg, CallCx};
use super::impls::implementation;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn call(
        &mut self,
        v: Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let target = self
            .typed
            .calls
            .get(&v)
            .cloned()
            .ok_or_else(|| Diagnostic::internal("a call without a resolved target"))?;
        match target {
            CallTarget::Builtin(Resolved {
                id: Builtin::Print, ..
            }) => self.print(args, kwargs),
            CallTarget::Builtin(r) => self.builtin_call(v, &r, args, kwargs),
            CallTarget::Exception(_) => Ok(self.cx().i8_type().const_zero().into()),
            CallTarget::NamedTuple {
                args: sources,
                receiver,
            } => self.named_tuple(v, &sources, receiver, args, kwargs),
            CallTarget::User {
                func,
                args: sources,
                arg_types,
            } => self.user_call(v, func, &sources, &arg_types, args, kwargs),
            CallTarget::NamedTupleAsDict { receiver } => self.named_tuple_asdict(v, receiver),
            CallTarget::Construct { class, init } => {
                self.construct(v, &class, init.as_deref(), args, kwargs)
            }
            CallTarget::Parallel(lp) => self.parallel_loop(v, &lp, args),
            CallTarget::Indirect(targets) => self.indirect_call(v, &targets, args, kwargs),
        }
    }

    /// The arguments of a resolved call in parameter order: each with its value, type and
    /// constant (defaults become constants).
    fn bound_args(
        &mut self,
        r: &Resolved,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<Vec<Arg<'ctx>>> {
        let mut bound = Vec::with_capacity(r.args.len());
        for s in &r.args {
            let x = match s {
                ArgSource::Receiver => r
                    .receiver
                    .ok_or_else(|| Diagnostic::internal("a method call without its receiver"))?,
                ArgSource::Positional(i) => args[*i],
                ArgSource::Keyword(i) => kwargs[*i].1,
                ArgSource::Default(c) => {
                    let t = oxjit_core::typeinfer::const_type(c);
                    bound.push(Arg {
                        v: self.constant(c, &t)?,
                        t,
                        c: Some(c.clone()),
                        src: None,
                    });
                    continue;
                }
                ArgSource::Pack(_) | ArgSource::PackKeywords(_) => {
                    return Err(Diagnostic::internal("a builtin call with *args packed"))
                }
            };
            bound.push(Arg {
                v: self.val(x),
                t: self.ty(x).clone(),
                c: self.typed.constant(x).cloned(),
                src: Some(x),
            });
        }
        Ok(bound)
    }

    /// A call of a function the compiler implements: the family's lowering of `r.id`.
    fn builtin_call(
        &mut self,
        v: Value,
        r: &Resolved,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let bound = self.bound_args(r, args, kwargs)?;
        let result = self.ty(v).clone();
        if let Some(x) = self.kwargs_method(r, &bound, &result) {
            return x;
        }
        let lower = implementation(r.id).ok_or_else(|| {
            Diagnostic::internal(format!(
                "{} has no CPU implementation",
                r.id.qualified_name()
            ))
        })?;
        let cx = CallCx {
            id: r.id,
            args: &bound,
            decoded: &r.decoded,
            result: &result,
        };
        lower(self, &cx)
    }

    /// A call of a user function (compiled separately, or this one recursively): its status is
    /// checked, and a failure returns from this function after releasing what it holds.
    pub(super) fn user_call(
        &mut self,
        v: Value,
        func: FuncId,
        sources: &[ArgSource],
        arg_types: &[Type],
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        // A jitclass method's receiver: the value it was looked up on.
        let receiver = match sources.contains(&ArgSource::Receiver) {
            true => Some(self.method_receiver(v)?),
            false => None,
        };
        let want = self.ty(v).clone();
        let call = UserCall {
            func,
            sources,
            arg_types,
            receiver,
        };
        self.user_call_on(v, &call, args, kwargs, &want)
    }

    /// A call of a user function with `receiver` for its `ArgSource::Receiver` (a jitclass
    /// method's instance), its result converted to `want`.
    pub(super) fn user_call_on(
        &mut self,
        v: Value,
        call: &UserCall<'_, 'ctx>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        want: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let UserCall {
            func,
            sources,
            arg_types,
            receiver,
        } = *call;
        let typed = (self.fetch)(func, arg_types)?;
        let callee = self
            .m
            .declare((func, arg_types.to_vec()), typed.clone(), false)?;
        let ret_t = self.llvm_type(&typed.return_type);
        // A callee that never returns has the bottom type: where the call's type is another
        // (a first-class function's candidates), its result is a placeholder never reached.
        let bottom = typed.never_returns() && typed.return_type != *want;
        let direct = self.direct_callee(callee);
        // A direct-return callee has no result slot (`direct.rs`).
        let slot = match direct {
            Some(_) => self.cx().ptr_type(Default::default()).const_null(),
            None => self.alloca(ret_t, "ret")?,
        };
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![slot.into(), self.exc_ptr.into()];
        // A closure's captured values come first (its lifted function's first parameters).
        let captured = self.captured_arguments(v)?;
        let n_captured = captured.len();
        call_args.extend(captured.into_iter().map(BasicMetadataValueEnum::from));
        // The `**kwargs` dicts made for the call, given back once it returns.
        let mut made = Vec::new();
        for (s, t) in sources.iter().zip(&arg_types[n_captured..]) {
            // A locked callee's signature may differ from the arguments' types: they convert
            // to it (Numba's overload resolution chose it).
            let operand = match s {
                ArgSource::Positional(i) => args[*i],
                ArgSource::Keyword(i) => {
                    let (x, from) = self.keyword_operand(kwargs, *i)?;
                    call_args.push(self.cast(x, &from, t)?.into());
                    continue;
                }
                ArgSource::PackKeywords(items) if oxjit_core::types::kwargs_keys(t).is_some() => {
                    call_args.push(self.kwargs_struct(items, kwargs, t)?.into());
                    continue;
                }
                ArgSource::Pack(items) => {
                    let items: Vec<Value> = items.iter().map(|i| args[*i]).collect();
                    call_args.push(self.pack_tuple(&items, t)?.into());
                    continue;
                }
                ArgSource::PackKeywords(items) => {
                    // The parameters bound otherwise, which a forwarded dict must not name.
                    let bound: Vec<&str> = sources
                        .iter()
                        .zip(&typed.func.params[n_captured..])
                        .filter(|(s, _)| {
                            matches!(s, ArgSource::Positional(_) | ArgSource::Keyword(_))
                        })
                        .map(|(_, p)| &**p)
                        .collect();
                    let d = self.kwargs_dict(items, kwargs, t, (&typed.func.name, &bound))?;
                    call_args.push(d.into());
                    made.push((d, t.clone()));
                    continue;
                }
                ArgSource::Default(c) => {
                    call_args.push(self.constant(c, t)?.into());
                    continue;
                }
                ArgSource::Receiver => {
                    let r = receiver.ok_or_else(|| {
                        Diagnostic::internal("a user function call without its receiver")
                    })?;
                    call_args.push(r.into());
                    continue;
                }
            };
            let value = self.cast(self.val(operand), &self.ty(operand).clone(), t)?;
            call_args.push(value.into());
        }
        if let Some(d) = direct {
            // Its raises jump back to the entry wrapper: no status to test.
            let result = self.call_direct(d, &mut call_args)?;
            for (d, t) in made {
                self.decref(d.into(), &t)?;
            }
            if bottom {
                return Ok(self.llvm_type(want).const_zero());
            }
            return self.cast(result, &typed.return_type, want);
        }
        let status = self
            .b
            .build_call(callee, &call_args, "status")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("status")
            .into_int_value();
        for (d, t) in made {
            self.decref(d.into(), &t)?;
        }
        let ok = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::EQ,
                status,
                self.cx().i32_type().const_zero(),
                "ok",
            )
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "propagate");
        let cont = self.cx().append_basic_block(self.f, "returned");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        self.leave_raised()?;
        self.b.position_at_end(cont);
        if bottom {
            return Ok(self.llvm_type(want).const_zero());
        }
        let result = self.b.build_load(ret_t, slot, "result").ir()?;
        self.cast(result, &typed.return_type, want)
    }
}

/// A user function's call: its id, where each parameter's argument comes from, the parameters'
/// types, and the receiver a jitclass method is called on.
#[derive(Clone, Copy)]
pub(super) struct UserCall<'s, 'ctx> {
    pub func: FuncId,
    pub sources: &'s [ArgSource],
    pub arg_types: &'s [Type],
    pub receiver: Option<BasicValueEnum<'ctx>>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A named tuple built by a call of its class (or `p._replace(...)`): each field from its
    /// argument, its default, or the receiver's item, converted to the field's type.
    fn named_tuple(
        &mut self,
        v: Value,
        sources: &[ArgSource],
        receiver: Option<Value>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let t = self.ty(v).clone();
        let Type::Tuple(item_types) = &t else {
            return Err(Diagnostic::internal(format!("a named tuple typed {t}")));
        };
        let st = self.llvm_type(&t).into_struct_type();
        let mut agg = st.get_undef();
        // `Class._make(list)`: the list's items, as many as there are fields.
        let list = match receiver.map(|r| (r, self.ty(r).clone())) {
            Some((r, Type::List(item))) => {
                let p = self.val(r).into_pointer_value();
                let n = self.list_len(p)?;
                let ok = self
                    .b
                    .build_int_compare(
                        inkwell::IntPredicate::EQ,
                        n,
                        self.i64(item_types.len() as i64),
                        "ok",
                    )
                    .ir()?;
                let (fail, cont) = (
                    self.cx().append_basic_block(self.f, "make.len"),
                    self.cx().append_basic_block(self.f, "make.ok"),
                );
                self.b.build_conditional_branch(ok, cont, fail).ir()?;
                self.b.position_at_end(fail);
                let msg = format!("Expected {} arguments, got {{0}}", item_types.len());
                self.raise_formatted("TypeError", &msg, &[n])?;
                self.b.position_at_end(cont);
                Some((p, (*item).clone()))
            }
            _ => None,
        };
        for (k, (s, to)) in sources.iter().zip(item_types.iter()).enumerate() {
            let x = match s {
                ArgSource::Positional(i) => self.cast_value(args[*i], to)?,
                ArgSource::Keyword(i) => self.cast_value(kwargs[*i].1, to)?,
                ArgSource::Default(c) => self.constant(c, to)?,
                ArgSource::Receiver if list.is_some() => {
                    let (p, item) = list.clone().expect("a list");
                    let x = self.list_load(p, &item, self.i64(k as i64))?;
                    self.cast(x, &item, to)?
                }
                ArgSource::Receiver => {
                    let r = receiver
                        .ok_or_else(|| Diagnostic::internal("_replace without its receiver"))?;
                    self.b
                        .build_extract_value(self.val(r).into_struct_value(), k as u32, "field")
                        .ir()?
                }
                ArgSource::Pack(_) | ArgSource::PackKeywords(_) => {
                    return Err(Diagnostic::internal("a named tuple built from *args"))
                }
            };
            agg = self
                .b
                .build_insert_value(agg, x, k as u32, "named")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// `x` converted to type `to` (an optional checked: `None` raises).
    fn cast_value(&mut self, x: Value, to: &Type) -> R<BasicValueEnum<'ctx>> {
        let from = self.ty(x).clone();
        if matches!(from, Type::Optional(_)) && !matches!(to, Type::Optional(_)) {
            return self.unwrap_checked(self.val(x), &from, to);
        }
        self.cast(self.val(x), &from, to)
    }

    /// `p._asdict()`: a new dict from each field's name to its value.
    fn named_tuple_asdict(&mut self, v: Value, receiver: Value) -> R<BasicValueEnum<'ctx>> {
        let t = self.ty(v).clone();
        let (k, val) = super::dict::kv(&t);
        let Type::Tuple(items) = self.ty(receiver).clone() else {
            return Err(Diagnostic::internal("_asdict of no named tuple"));
        };
        let class = items
            .class()
            .ok_or_else(|| Diagnostic::internal("_asdict of no named tuple"))?
            .clone();
        let d = self.new_dict(&k, &val)?;
        let p = self.val(receiver);
        for (n, it) in items.iter().enumerate() {
            let x = self
                .b
                .build_extract_value(p.into_struct_value(), n as u32, "field")
                .ir()?;
            let name = self.str_literal(&class.fields[n])?;
            let (idx, found) = self.dict_insert(d, &k, name.into(), &Type::Str)?;
            self.dict_store_value(d, (&k, &val), idx, found, x, it)?;
        }
        Ok(d.into())
    }

    /// The tuple `*args` receives: `items` converted to the tuple type `t` the callee takes.
    fn pack_tuple(&mut self, items: &[Value], t: &Type) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(item_types) = t else {
            return Err(Diagnostic::internal(format!("*args packed as {t}")));
        };
        let st = self.llvm_type(t).into_struct_type();
        let mut agg = st.get_undef();
        for (k, (item, to)) in items.iter().zip(item_types.iter()).enumerate() {
            let from = self.ty(*item).clone();
            let x = self.cast(self.val(*item), &from, to)?;
            agg = self
                .b
                .build_insert_value(agg, x, k as u32, "args")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }
}
