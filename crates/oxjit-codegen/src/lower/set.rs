//! Sets: a dict block whose values are `None` (`dict.rs` does the hashing, probing and
//! references), with the methods and operators of Python's sets built on it: `add discard
//! remove pop clear copy update union intersection difference symmetric_difference issubset
//! issuperset isdisjoint`, `in`, `| & - ^` (and their in-place forms), `== != <= < >= >`.
//! The other operand of a method may be any iterable of fitting items (a temporary set is made
//! of it where membership is asked).

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::callee::SetFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{BinOp, CmpOp, Value};
use oxjit_core::registry::Builtin;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::{FnGen, Ir, R};

fn item_of(t: &Type) -> Type {
    match t {
        Type::Set(k) => (**k).clone(),
        _ => unreachable!("{t} is no set"),
    }
}

/// The implementation of every callable of the set family.
pub(super) fn set_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Set(f) = c.id else {
        return Err(Diagnostic::internal(format!("{:?} is no set method", c.id)));
    };
    let none = g.cx().i8_type().const_zero().into();
    if f == SetFn::New {
        let k = item_of(c.result);
        let s = g.new_dict(&k, &Type::NoneType)?;
        if let Some(a) = c.args.first().filter(|a| a.t != Type::NoneType) {
            g.extra_live.push((s.into(), c.result.clone()));
            g.set_add_all(s, &k, a.v, &a.t)?;
            g.extra_live.pop();
        }
        return Ok(s.into());
    }
    let s = c.args[0].v.into_pointer_value();
    let k = item_of(&c.args[0].t);
    let arg = c.args.get(1);
    match f {
        SetFn::Add => {
            let a = arg.expect("elem");
            g.dict_insert(s, &k, a.v, &a.t)?;
            Ok(none)
        }
        SetFn::Discard | SetFn::Remove => {
            let a = arg.expect("elem");
            let idx = g.dict_lookup(s, &k, a.v, &a.t)?;
            let found =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                    .ir()?;
            if f == SetFn::Remove {
                g.check_key(found, a.v, &a.t)?;
                g.call_runtime(
                    RuntimeFn::DictRemove,
                    &[s.into(), idx.into(), g.i64(3).into()],
                )?;
            } else {
                let yes = g.cx().append_basic_block(g.f, "discard");
                let done = g.cx().append_basic_block(g.f, "done");
                g.b.build_conditional_branch(found, yes, done).ir()?;
                g.b.position_at_end(yes);
                g.call_runtime(
                    RuntimeFn::DictRemove,
                    &[s.into(), idx.into(), g.i64(3).into()],
                )?;
                g.b.build_unconditional_branch(done).ir()?;
                g.b.position_at_end(done);
            }
            Ok(none)
        }
        SetFn::Pop => {
            let idx = g
                .call_runtime(RuntimeFn::DictNext, &[s.into(), g.i64(0).into()])?
                .expect("an index")
                .into_int_value();
            let ok =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "nonempty")
                    .ir()?;
            g.check(ok, "KeyError", "pop from an empty set")?;
            let x = g.dict_load(s, &k, &Type::NoneType, idx, 1)?;
            // The item leaves with its reference.
            g.call_runtime(
                RuntimeFn::DictRemove,
                &[s.into(), idx.into(), g.i64(0).into()],
            )?;
            Ok(x)
        }
        SetFn::Clear => {
            g.call_runtime(RuntimeFn::DictClear, &[s.into()])?;
            Ok(none)
        }
        SetFn::Copy => Ok(g.set_copy(s)?.into()),
        SetFn::Update => {
            let a = arg.expect("other");
            g.set_add_all(s, &k, a.v, &a.t)?;
            Ok(none)
        }
        SetFn::Union | SetFn::Intersection | SetFn::Difference | SetFn::SymmetricDifference => {
            let a = arg.expect("other");
            let t = &c.args[0].t;
            Ok(g.set_operation(f, s, t, a.v, &a.t)?.into())
        }
        SetFn::IsSubset | SetFn::IsSuperset | SetFn::IsDisjoint => {
            let a = arg.expect("other");
            let t = c.args[0].t.clone();
            let (other, temp) = g.as_set(a.v, &a.t, &k)?;
            let r = match f {
                SetFn::IsSubset => g.set_subset(s, other, &k)?,
                SetFn::IsSuperset => g.set_subset(other, s, &k)?,
                _ => {
                    let n = g.set_count_in(s, other, &k)?;
                    g.b.build_int_compare(IntPredicate::EQ, n, g.i64(0), "disjoint")
                        .ir()?
                }
            };
            if temp {
                g.decref(other.into(), &t)?;
            }
            Ok(r.into())
        }
        SetFn::Contains => {
            let a = arg.expect("elem");
            let idx = g.dict_lookup(s, &k, a.v, &a.t)?;
            Ok(g.b
                .build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                .ir()?
                .into())
        }
        SetFn::New => unreachable!("handled above"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn set_copy(&mut self, s: PointerValue<'ctx>) -> R<PointerValue<'ctx>> {
        let out = self
            .call_runtime(RuntimeFn::DictCopy, &[s.into()])?
            .expect("a pointer")
            .into_pointer_value();
        let ok = self.b.build_is_not_null(out, "ok").ir()?;
        self.check(ok, "MemoryError", "")?;
        Ok(out)
    }

    /// Adds every item of the iterable `v` (of type `t`) to the set `s` of `k` items.
    fn set_add_all(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        let k = k.clone();
        self.for_each_item(v, t, &mut |g, x, xt| {
            g.dict_insert(s, &k, x, xt)?;
            Ok(())
        })
    }

    /// `v` as a set of `k` items: itself, or a temporary copy of an iterable (then `true`: the
    /// caller gives it back).
    fn as_set(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        k: &Type,
    ) -> R<(PointerValue<'ctx>, bool)> {
        if let Type::Set(_) = t {
            return Ok((v.into_pointer_value(), false));
        }
        let s = self.new_dict(k, &Type::NoneType)?;
        self.set_add_all(s, k, v, t)?;
        Ok((s, true))
    }

    /// How many items of `a` are in `b`.
    fn set_count_in(
        &mut self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        k: &Type,
    ) -> R<IntValue<'ctx>> {
        let acc = self.alloca(self.cx().i64_type().into(), "n")?;
        self.b.build_store(acc, self.i64(0)).ir()?;
        let kk = k.clone();
        let at = Type::Set(k.clone().into());
        self.for_each_item(a.into(), &at, &mut |g, x, xt| {
            let idx = g.dict_lookup(b, &kk, x, xt)?;
            let found =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                    .ir()?;
            let i64t = g.cx().i64_type();
            let n = g.b.build_load(i64t, acc, "n").ir()?.into_int_value();
            let inc = g.b.build_int_z_extend(found, i64t, "inc").ir()?;
            let n = g.b.build_int_add(n, inc, "n").ir()?;
            g.b.build_store(acc, n).ir()?;
            Ok(())
        })?;
        Ok(self
            .b
            .build_load(self.cx().i64_type(), acc, "count")
            .ir()?
            .into_int_value())
    }

    /// Whether every item of `a` is in `b`.
    fn set_subset(
        &mut self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        k: &Type,
    ) -> R<IntValue<'ctx>> {
        let n = self.set_count_in(a, b, k)?;
        let len = self.dict_len(a)?;
        self.b
            .build_int_compare(IntPredicate::EQ, n, len, "subset")
            .ir()
    }

    /// A new set: `s` combined with the items of `v` by `f`.
    fn set_operation(
        &mut self,
        f: SetFn,
        s: PointerValue<'ctx>,
        st: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let k = item_of(st);
        let (other, temp) = self.as_set(v, t, &k)?;
        let out = match f {
            SetFn::Union => {
                let out = self.set_copy(s)?;
                self.set_add_all(out, &k, other.into(), st)?;
                out
            }
            SetFn::SymmetricDifference => {
                let out = self.set_copy(s)?;
                let kk = k.clone();
                self.for_each_item(other.into(), st, &mut |g, x, xt| {
                    let (idx, found) = g.dict_insert(out, &kk, x, xt)?;
                    // Present in both: out.
                    let both = g.cx().append_basic_block(g.f, "both");
                    let done = g.cx().append_basic_block(g.f, "done");
                    let in_s = g.dict_lookup(s, &kk, x, xt)?;
                    let in_s =
                        g.b.build_int_compare(IntPredicate::SGE, in_s, g.i64(0), "ins")
                            .ir()?;
                    let remove = g.b.build_and(found, in_s, "remove").ir()?;
                    g.b.build_conditional_branch(remove, both, done).ir()?;
                    g.b.position_at_end(both);
                    g.call_runtime(
                        RuntimeFn::DictRemove,
                        &[out.into(), idx.into(), g.i64(3).into()],
                    )?;
                    g.b.build_unconditional_branch(done).ir()?;
                    g.b.position_at_end(done);
                    Ok(())
                })?;
                out
            }
            _ => {
                // Intersection and difference: the items of `s` that are (not) in `other`.
                let keep_found = f == SetFn::Intersection;
                let out = self.new_dict(&k, &Type::NoneType)?;
                let kk = k.clone();
                self.for_each_item(s.into(), st, &mut |g, x, xt| {
                    let idx = g.dict_lookup(other, &kk, x, xt)?;
                    let pred = if keep_found {
                        IntPredicate::SGE
                    } else {
                        IntPredicate::SLT
                    };
                    let keep = g.b.build_int_compare(pred, idx, g.i64(0), "keep").ir()?;
                    let yes = g.cx().append_basic_block(g.f, "keep");
                    let done = g.cx().append_basic_block(g.f, "done");
                    g.b.build_conditional_branch(keep, yes, done).ir()?;
                    g.b.position_at_end(yes);
                    g.dict_insert(out, &kk, x, xt)?;
                    g.b.build_unconditional_branch(done).ir()?;
                    g.b.position_at_end(done);
                    Ok(())
                })?;
                out
            }
        };
        if temp {
            self.decref(other.into(), st)?;
        }
        Ok(out)
    }

    /// `a | b`, `a & b`, `a - b`, `a ^ b` (a new set) and their in-place forms (`a` changed).
    pub(crate) fn set_binop(&mut self, op: BinOp, a: Value, b: Value) -> R<BasicValueEnum<'ctx>> {
        let f = oxjit_core::registry::set::operator_method(op)
            .ok_or_else(|| Diagnostic::internal(format!("set {op:?}")))?;
        let inplace = matches!(
            self.typed.func.inst(self.current),
            oxjit_core::ir::Inst::InplaceBinOp(..)
        );
        let (s, st) = (self.val(a).into_pointer_value(), self.ty(a).clone());
        let (v, vt) = (self.val(b), self.ty(b).clone());
        let k = item_of(&st);
        if inplace && f == SetFn::Union {
            self.set_add_all(s, &k, v, &vt)?;
            return Ok(s.into());
        }
        let out = self.set_operation(f, s, &st, v, &vt)?;
        if !inplace {
            return Ok(out.into());
        }
        // In place: `a` gets the result's items.
        self.call_runtime(RuntimeFn::DictClear, &[s.into()])?;
        self.set_add_all(s, &k, out.into(), &st)?;
        self.decref(out.into(), &st)?;
        Ok(s.into())
    }

    /// `a op b` of two sets: equality, and subset tests for the orderings.
    pub(crate) fn compare_sets(
        &mut self,
        op: CmpOp,
        a: BasicValueEnum<'ctx>,
        ta: &Type,
        b: BasicValueEnum<'ctx>,
    ) -> R<IntValue<'ctx>> {
        let k = item_of(ta);
        let (a, b) = (a.into_pointer_value(), b.into_pointer_value());
        let (la, lb) = (self.dict_len(a)?, self.dict_len(b)?);
        let (x, y, lx, ly) = match op {
            CmpOp::Ge | CmpOp::Gt => (b, a, lb, la),
            _ => (a, b, la, lb),
        };
        let sub = self.set_subset(x, y, &k)?;
        use IntPredicate::*;
        let len_rel = match op {
            CmpOp::Eq | CmpOp::Ne => EQ,
            CmpOp::Lt | CmpOp::Gt => SLT,
            _ => SLE,
        };
        let lens = self.b.build_int_compare(len_rel, lx, ly, "lens").ir()?;
        let r = self.b.build_and(sub, lens, "r").ir()?;
        Ok(match op {
            CmpOp::Ne => self.b.build_not(r, "ne").ir()?,
            _ => r,
        })
    }
}
