//! `@jitclass` instances (`oxjit_core::types::jitclass`): making one (a runtime block, then
//! `__init__`), reading and writing its fields in the block, properties and methods (user
//! calls with the instance as the receiver).
//!
//! A field is read borrowed (the refcount plan takes a reference where the value is kept) and
//! written as a list item is: the new value's reference taken, the old one given back.

use inkwell::values::{BasicValueEnum, PointerValue};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Value};
use oxjit_core::typeinfer::{ArgSource, CallTarget};
use oxjit_core::types::{ClassTy, FuncId, Type};

use super::call::UserCall;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The instructions on jitclass instances: `obj.name` (a field or a property) and
    /// `obj.name = x` (`None` for others).
    pub(super) fn jitclass_value(
        &mut self,
        v: Value,
        inst: &Inst,
    ) -> Option<R<BasicValueEnum<'ctx>>> {
        match *inst {
            Inst::GetAttr(a, ref name) => {
                let c = self.instance_class(a)?;
                Some(self.instance_getattr(v, a, &c, name))
            }
            Inst::SetAttr(a, ref name, x) => {
                let c = self.instance_class(a)?;
                Some(self.instance_setattr(v, a, &c, name, x))
            }
            Inst::GetItem(a, _)
            | Inst::SetItem(a, ..)
            | Inst::BinOp(_, a, _)
            | Inst::InplaceBinOp(_, a, _)
            | Inst::Compare(_, a, _)
            | Inst::UnaryOp(_, a)
            | Inst::Truth(a) => {
                self.instance_class(a)?;
                let (func, sources, arg_types) = self.typed_user_call(v)?;
                // A dunder method's call (typing chose it): the operands are its arguments.
                let operands = inst.operands();
                let call = UserCall {
                    func,
                    sources: &sources,
                    arg_types: &arg_types,
                    receiver: None,
                };
                let want = self.ty(v).clone();
                Some(self.user_call_on(v, &call, &operands, &[], &want))
            }
            _ => None,
        }
    }

    /// The compiled function typing made `v` a call of, with its argument sources and types.
    fn typed_user_call(&self, v: Value) -> Option<(FuncId, Vec<ArgSource>, Vec<Type>)> {
        match self.typed.calls.get(&v)? {
            CallTarget::User {
                func,
                args,
                arg_types,
            } => Some((*func, args.clone(), arg_types.clone())),
            _ => None,
        }
    }

    /// The class of `a`, where it is a jitclass instance (or an optional one, used as its value).
    fn instance_class(&self, a: Value) -> Option<std::sync::Arc<ClassTy>> {
        match self.ty(a) {
            Type::JitInstance(c) => Some(c.clone()),
            Type::Optional(inner) => match &**inner {
                Type::JitInstance(c) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    /// The instance `a` as its block pointer (an optional one checked not to be `None`).
    fn instance_ptr(&mut self, a: Value) -> R<PointerValue<'ctx>> {
        let t = self.ty(a).clone();
        let x = self.val(a);
        Ok(match &t {
            Type::Optional(inner) => self.unwrap_checked(x, &t, inner)?,
            _ => x,
        }
        .into_pointer_value())
    }

    /// The address of field `k` of the instance `mi`: at a constant offset from the block, as
    /// the runtime lays it out (`oxjit-runtime`'s `instance.rs`: the header, the reference
    /// offsets and their count, then the fields), so that no load stands between a loop of
    /// field stores and LLVM.
    fn instance_field_ptr(
        &self,
        mi: PointerValue<'ctx>,
        c: &ClassTy,
        k: usize,
    ) -> R<PointerValue<'ctx>> {
        let head = std::mem::size_of::<oxjit_abi::MemInfo>() + 8 * (c.ref_offsets().len() + 1);
        let off = self.i64((head + c.offsets()[k]) as i64);
        // SAFETY: the offset of a field within the instance's block.
        unsafe { self.b.build_gep(self.cx().i8_type(), mi, &[off], "fieldp") }.ir()
    }

    fn field_of(c: &ClassTy, name: &str) -> R<(usize, Type)> {
        c.field(name)
            .map(|(k, t)| (k, t.clone()))
            .ok_or_else(|| Diagnostic::internal(c.no_attribute(name)))
    }

    /// A property's getter or setter on instance `a`, where typing made the attribute access `v`
    /// a call (`None`: `v` reads or writes a field).
    fn property_call(
        &mut self,
        v: Value,
        a: Value,
        args: &[Value],
        want: &Type,
    ) -> R<Option<BasicValueEnum<'ctx>>> {
        let Some(CallTarget::User {
            func,
            args: sources,
            arg_types,
        }) = self.typed.calls.get(&v).cloned()
        else {
            return Ok(None);
        };
        let recv = self.instance_ptr(a)?;
        let call = UserCall {
            func,
            sources: &sources,
            arg_types: &arg_types,
            receiver: Some(recv.into()),
        };
        self.user_call_on(v, &call, args, &[], want).map(Some)
    }

    /// `x.name` that typing made the call of an `@overload_attribute`'s function with `x`.
    pub(super) fn overloaded_attribute(
        &mut self,
        v: Value,
        a: Value,
        want: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Some((func, sources, arg_types)) = self.typed_user_call(v) else {
            return Err(Diagnostic::internal("an attribute read typed as no call"));
        };
        let recv = self.val(a);
        let call = UserCall {
            func,
            sources: &sources,
            arg_types: &arg_types,
            receiver: Some(recv),
        };
        self.user_call_on(v, &call, &[], &[], want)
    }

    fn instance_getattr(
        &mut self,
        v: Value,
        a: Value,
        c: &ClassTy,
        name: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        let want = self.ty(v).clone();
        if let Some(got) = self.property_call(v, a, &[], &want)? {
            return Ok(got);
        }
        let (k, t) = Self::field_of(c, name)?;
        let mi = self.instance_ptr(a)?;
        let p = self.instance_field_ptr(mi, c, k)?;
        self.b.build_load(self.llvm_type(&t), p, name).ir()
    }

    fn instance_setattr(
        &mut self,
        v: Value,
        a: Value,
        c: &ClassTy,
        name: &str,
        x: Value,
    ) -> R<BasicValueEnum<'ctx>> {
        let none: BasicValueEnum<'ctx> = self.cx().i8_type().const_zero().into();
        if self.property_call(v, a, &[x], &Type::NoneType)?.is_some() {
            return Ok(none);
        }
        let (k, t) = Self::field_of(c, name)?;
        let value = self.cast(self.val(x), &self.ty(x).clone(), &t)?;
        let mi = self.instance_ptr(a)?;
        let p = self.instance_field_ptr(mi, c, k)?;
        // The new reference is taken before the old one is given back (`obj.x = obj.x`).
        let value = self.owned_for_field(value, &t)?;
        let old = self.b.build_load(self.llvm_type(&t), p, "old").ir()?;
        self.b.build_store(p, value).ir()?;
        self.decref(old, &t)?;
        Ok(none)
    }

    /// `value` (of type `t`) with a reference of its own for a field to keep: an array that
    /// came from Python (its meminfo the tagged array object, borrowed for the call), alone or
    /// in a tuple, gets a block owning a reference to the object, as a container item does.
    fn owned_for_field(
        &mut self,
        value: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let value = self.own_borrowed(value, t)?;
        self.incref(value, t)?;
        Ok(value)
    }

    /// The instance a method call's callee was looked up on (`obj` of `obj.method(...)`).
    pub(super) fn method_receiver(&mut self, v: Value) -> R<BasicValueEnum<'ctx>> {
        let Inst::Call { func, .. } = self.typed.func.inst(v) else {
            return Err(Diagnostic::internal("a method call that is no call"));
        };
        let Inst::GetAttr(recv, _) = *self.typed.func.inst(*func) else {
            return Err(Diagnostic::internal(
                "a method called apart from its lookup",
            ));
        };
        // An `@overload_method`'s receiver is any value: passed as it is (unwrapped where it
        // may be `None`).
        if let Type::UserMethod(_, want) = self.ty(*func).clone() {
            let t = self.ty(recv).clone();
            let x = self.val(recv);
            return match &t {
                Type::Optional(_) if !matches!(*want, Type::Optional(_)) => {
                    self.unwrap_checked(x, &t, &want)
                }
                _ => Ok(x),
            };
        }
        Ok(self.instance_ptr(recv)?.into())
    }

    /// `Class(args)`: a new block with zeroed fields, given to `__init__`.
    pub(super) fn construct(
        &mut self,
        v: Value,
        c: &ClassTy,
        init: Option<&CallTarget>,
        args: &[Value],
        kwargs: &[(std::sync::Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let offsets = c.ref_offsets();
        let offs = self.offsets_array(&offsets)?;
        let mi = self
            .call_runtime(
                RuntimeFn::InstanceNew,
                &[
                    self.i64(c.payload_size() as i64).into(),
                    self.i64(offsets.len() as i64).into(),
                    offs.into(),
                ],
            )?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(mi, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        if let Some(CallTarget::User {
            func,
            args: sources,
            arg_types,
        }) = init
        {
            debug_assert!(sources.contains(&ArgSource::Receiver));
            let call = UserCall {
                func: *func,
                sources,
                arg_types,
                receiver: Some(mi.into()),
            };
            // The new instance is given back if `__init__` raises.
            let inst_t = self.ty(v).clone();
            self.extra_live.push((mi.into(), inst_t));
            let done = self.user_call_on(v, &call, args, kwargs, &Type::NoneType);
            self.extra_live.pop();
            done?;
        }
        Ok(mi.into())
    }
}
