//! The typing of `@jitclass` instances (`types/jitclass.rs`): making one (a call of the class
//! runs its `__init__`), reading and writing fields, properties, and method calls, each method
//! a user function called with the instance first (`ArgSource::Receiver`).

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Value};
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::{ArgSource, CallTarget};
use crate::types::{self, ClassTy, FuncId, Type};

/// The sources of a user function's parameters bound with the receiver as the first positional
/// argument: that one becomes `Receiver`, the others move down by one.
pub(crate) fn shift_receiver(sources: Vec<ArgSource>) -> Vec<ArgSource> {
    sources
        .into_iter()
        .map(|s| match s {
            ArgSource::Positional(0) => ArgSource::Receiver,
            ArgSource::Positional(i) => ArgSource::Positional(i - 1),
            ArgSource::Pack(items) => ArgSource::Pack(items.into_iter().map(|i| i - 1).collect()),
            s => s,
        })
        .collect()
}

/// Whether a value of type `from` may be stored in a field of type `to` (numbers convert, as
/// Numba converts them; `None` and values meet an optional field).
pub(crate) fn storable(from: &Type, to: &Type) -> bool {
    if from == to {
        return true;
    }
    match (from, to) {
        (Type::Complex(_), Type::Bool | Type::Int(_) | Type::Float(_)) => false,
        (f, t) if f.is_numeric() && t.is_numeric() => true,
        // Any layout into an `A` field; a read-only array only into a read-only field.
        (Type::Array(a), Type::Array(f)) => {
            a.dtype == f.dtype
                && a.ndim == f.ndim
                && (a.layout == f.layout || f.layout == types::Layout::A)
                && (!a.readonly || f.readonly)
        }
        (Type::Tuple(a), Type::Tuple(f)) => {
            a.len() == f.len() && a.iter().zip(f.iter()).all(|(a, f)| storable(a, f))
        }
        _ => types::unify(from, to).as_ref() == Some(to),
    }
}

impl Inferer<'_> {
    /// `obj.name` of an instance, `Class.name` of a class; `None` for other receivers.
    pub(crate) fn jitclass_attribute(
        &mut self,
        v: Value,
        a: Value,
        recv: &Type,
        name: &str,
    ) -> Option<Result<Type>> {
        match recv {
            Type::JitInstance(c) => Some(self.instance_attribute(v, a, c, name)),
            Type::JitClass(c) => Some(match c.static_method(name) {
                Some(f) => Ok(Type::UserFunction(f)),
                None => Err(self.err(
                    v,
                    format!("type object '{}' has no attribute '{name}'", c.name),
                )),
            }),
            _ => None,
        }
    }

    fn instance_attribute(
        &mut self,
        v: Value,
        a: Value,
        c: &Arc<ClassTy>,
        name: &str,
    ) -> Result<Type> {
        if let Some((_, t)) = c.field(name) {
            return Ok(t.clone());
        }
        if let Some(f) = c.method(name) {
            return Ok(Type::JitMethod(c.clone(), f));
        }
        if let Some(f) = c.static_method(name) {
            return Ok(Type::UserFunction(f));
        }
        if let Some((getter, _)) = c.property(name) {
            // The getter's call, made where the attribute is read (its receiver: `a`).
            let recv = Type::JitInstance(c.clone());
            let found = self.user_target_on(v, getter, Some(&recv), &[], &[], &[])?;
            let Some((target, Some(ret))) = found else {
                return Err(Diagnostic::unsupported(
                    format!(
                        "the property '{name}' of {} returns a value whose type depends on \
                         itself (a recursive property)",
                        c.name
                    ),
                    self.func.range(v),
                ));
            };
            let _ = a;
            self.calls.insert(v, target);
            return Ok(ret);
        }
        Err(self.err(v, c.no_attribute(name)))
    }

    /// `x.name` where an `@overload_attribute` implements `name` for `x`'s type: the call of its
    /// function with `x`, made where the attribute is read (as a jitclass property's getter).
    pub(crate) fn overloaded_attribute(
        &mut self,
        v: Value,
        f: FuncId,
        recv: &Type,
        name: &str,
    ) -> Result<Type> {
        let Some((target, Some(ret))) = self.user_target_on(v, f, Some(recv), &[], &[], &[])?
        else {
            return Err(Diagnostic::unsupported(
                format!(
                    "the attribute '{name}' of {recv} (an @overload_attribute) returns a value \
                     whose type depends on itself"
                ),
                self.func.range(v),
            ));
        };
        self.calls.insert(v, target);
        Ok(ret)
    }

    /// `obj.name = x`: a field (the value converted to its type), or a property's setter.
    pub(crate) fn set_jitclass_field(
        &mut self,
        v: Value,
        _target: Value,
        c: Arc<ClassTy>,
        name: &str,
        x: Value,
    ) -> Result<Type> {
        let tx = self.raw_ty(x);
        if let Some((_, ft)) = c.field(name) {
            let plain = self.ty(x);
            if !storable(&tx, ft) && !storable(&plain, ft) {
                return Err(self.err(
                    v,
                    format!(
                        "cannot assign a value of type {tx} to the field '{name}' of {} \
                         (declared as {ft})",
                        c.name
                    ),
                ));
            }
            return Ok(Type::NoneType);
        }
        if let Some((getter, setter)) = c.property(name) {
            let Some(setter) = setter else {
                let _ = getter;
                return Err(self.err(
                    v,
                    format!(
                        "cannot set the property '{name}' of '{}' object: it has no setter",
                        c.name
                    ),
                ));
            };
            let recv = Type::JitInstance(c.clone());
            let plain = self.ty(x);
            if let Some((target, _)) =
                self.user_target_on(v, setter, Some(&recv), &[x], &[], &[plain])?
            {
                self.calls.insert(v, target);
            }
            return Ok(Type::NoneType);
        }
        Err(self.err(v, c.no_attribute(name)))
    }

    /// `Class(args)`: a new instance, given to `__init__` with the arguments.
    pub(crate) fn construct(
        &mut self,
        v: Value,
        class: Arc<ClassTy>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        if arg_types.iter().any(types::has_undetermined) {
            return Ok(None);
        }
        let inst = Type::JitInstance(class.clone());
        let init = match class.method("__init__") {
            Some(f) => {
                let Some((target, ret)) =
                    self.user_target_on(v, f, Some(&inst), args, kwargs, &arg_types)?
                else {
                    return Ok(None);
                };
                if let Some(t) = ret.filter(|t| *t != Type::NoneType) {
                    return Err(self.err(v, format!("__init__() should return None, not '{t}'")));
                }
                Some(Box::new(target))
            }
            None if !args.is_empty() || !kwargs.is_empty() => {
                return Err(self.err(v, format!("{}() takes no arguments", class.name)));
            }
            None => None,
        };
        self.calls.insert(v, CallTarget::Construct { class, init });
        Ok(Some(inst))
    }

    /// `obj.method(args)`: the method's function with `obj` first.
    pub(crate) fn method_call(
        &mut self,
        v: Value,
        func: Value,
        class: Arc<ClassTy>,
        f: FuncId,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        if !matches!(self.func.inst(func), Inst::GetAttr(..)) {
            return Err(Diagnostic::unsupported(
                format!(
                    "a method of {} called other than where it is looked up (call obj.method(...) \
                     directly)",
                    class.name
                ),
                self.func.range(v),
            ));
        }
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        if arg_types.iter().any(types::has_undetermined) {
            return Ok(None);
        }
        let recv = Type::JitInstance(class);
        let Some((target, ret)) =
            self.user_target_on(v, f, Some(&recv), args, kwargs, &arg_types)?
        else {
            return Ok(None);
        };
        self.calls.insert(v, target);
        Ok(ret)
    }
}

impl Inferer<'_> {
    /// `a.name(args)` where an `@overload_method` implements `name` for `a`'s type: the
    /// implementation called with `a` first.
    pub(crate) fn user_method_call(
        &mut self,
        v: Value,
        func: Value,
        f: FuncId,
        recv: &Type,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        if !matches!(self.func.inst(func), Inst::GetAttr(..)) {
            return Err(Diagnostic::unsupported(
                format!(
                    "a method of {recv} called other than where it is looked up (call \
                     obj.method(...) directly)"
                ),
                self.func.range(v),
            ));
        }
        let arg_types: Vec<Type> = args.iter().map(|a| self.ty(*a)).collect();
        if arg_types.iter().any(types::has_undetermined) {
            return Ok(None);
        }
        let Some((target, ret)) =
            self.user_target_on(v, f, Some(recv), args, kwargs, &arg_types)?
        else {
            return Ok(None);
        };
        self.calls.insert(v, target);
        Ok(ret)
    }
}

/// The dunder method an operation on a jitclass instance calls, and its operands in the
/// method's order (`None` where the operation calls none).
fn dunder_of(inst: &Inst) -> Option<(&'static str, Vec<Value>)> {
    use crate::ir::{BinOp, CmpOp, UnaryOp};
    Some(match *inst {
        Inst::GetItem(a, i) => ("__getitem__", vec![a, i]),
        Inst::SetItem(a, i, x) => ("__setitem__", vec![a, i, x]),
        Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b) => {
            let name = match op {
                BinOp::Add => "__add__",
                BinOp::Sub => "__sub__",
                BinOp::Mul => "__mul__",
                BinOp::Div => "__truediv__",
                BinOp::FloorDiv => "__floordiv__",
                BinOp::Mod => "__mod__",
                BinOp::Pow => "__pow__",
                BinOp::LShift => "__lshift__",
                BinOp::RShift => "__rshift__",
                BinOp::BitAnd => "__and__",
                BinOp::BitOr => "__or__",
                BinOp::BitXor => "__xor__",
            };
            (name, vec![a, b])
        }
        Inst::Compare(op, a, b) => {
            let name = match op {
                CmpOp::Eq => "__eq__",
                CmpOp::Ne => "__ne__",
                CmpOp::Lt => "__lt__",
                CmpOp::Le => "__le__",
                CmpOp::Gt => "__gt__",
                CmpOp::Ge => "__ge__",
                CmpOp::Is | CmpOp::IsNot => return None,
            };
            (name, vec![a, b])
        }
        Inst::UnaryOp(UnaryOp::Neg, a) => ("__neg__", vec![a]),
        Inst::UnaryOp(UnaryOp::Pos, a) => ("__pos__", vec![a]),
        Inst::UnaryOp(UnaryOp::Invert, a) => ("__invert__", vec![a]),
        Inst::Truth(a) => ("__bool__", vec![a]),
        _ => return None,
    })
}

/// The dunder method a builtin applied to an instance calls (`len(obj)`).
pub(crate) fn builtin_dunder(b: crate::callee::Builtin) -> Option<&'static str> {
    use crate::callee::Builtin;
    match b {
        Builtin::Len => Some("__len__"),
        Builtin::Dict(crate::callee::DictFn::Hash) => Some("__hash__"),
        Builtin::Bool => Some("__bool__"),
        _ => None,
    }
}

impl Inferer<'_> {
    /// An operation on a jitclass instance that calls one of its dunder methods (`obj[i]`,
    /// `a + b`, `a == b`, `if obj:`): the method's call, recorded as the operation's target.
    pub(crate) fn jitclass_dunder(
        &mut self,
        v: Value,
        inst: &Inst,
    ) -> Option<Result<Option<Type>>> {
        let (mut name, operands) = dunder_of(inst)?;
        let Type::JitInstance(c) = self.ty(operands[0]) else {
            return None;
        };
        if name == "__bool__" && c.method(name).is_none() {
            name = "__len__";
        }
        let Some(f) = c.method(name) else {
            if matches!(inst, Inst::Truth(_)) {
                return None;
            }
            return Some(Err(self.err(
                v,
                format!(
                    "'{}' (a jitclass) defines no {name}, which this operation needs",
                    c.name
                ),
            )));
        };
        let r = self.dunder_call(v, f, &operands);
        if matches!(inst, Inst::Truth(_)) {
            // A truth value, whatever `__bool__`/`__len__` return (lowering converts it).
            return Some(r.map(|t| t.map(|_| Type::Bool)));
        }
        Some(r)
    }

    /// The call of dunder method `f` with `operands` (the instance first).
    pub(crate) fn dunder_call(
        &mut self,
        v: Value,
        f: FuncId,
        operands: &[Value],
    ) -> Result<Option<Type>> {
        let types: Vec<Type> = operands.iter().map(|a| self.ty(*a)).collect();
        if types.iter().any(types::has_undetermined) {
            return Ok(None);
        }
        let Some((target, ret)) = self.user_target(v, f, operands, &[], &types)? else {
            return Ok(None);
        };
        self.calls.insert(v, target);
        Ok(ret)
    }
}
