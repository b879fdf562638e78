//! Sets: the runtime's CPython set table (`set_table.rs`, `oxjit-runtime/src/settable.rs`),
//! with the methods and operators of Python's sets built on it: `add discard remove pop clear
//! copy update union intersection difference symmetric_difference issubset issuperset
//! isdisjoint`, `in`, `| & - ^` (and their in-place forms), `== != <= < >= >`. Each builds its
//! result as CPython's setobject.c does (which operand it iterates, when it resizes), so that
//! the result iterates in CPython's order. The other operand of a method may be any iterable
//! of fitting items.

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
        let s = g.new_set(&k)?;
        if let Some(a) = c.args.first().filter(|a| a.t != Type::NoneType) {
            g.while_live(s.into(), c.result, |g| g.set_update(s, &k, a.v, &a.t))?;
        }
        return Ok(s.into());
    }
    let s = c.args[0].v.into_pointer_value();
    let k = item_of(&c.args[0].t);
    let arg = c.args.get(1);
    match f {
        SetFn::Add => {
            let a = arg.expect("elem");
            g.set_add(s, &k, a.v, &a.t)?;
            Ok(none)
        }
        SetFn::Discard | SetFn::Remove => {
            let a = arg.expect("elem");
            g.set_remove(s, &k, a.v, &a.t, f == SetFn::Remove)?;
            Ok(none)
        }
        SetFn::Pop => {
            // CPython's `set_pop`: the first item from the finger on.
            let idx = g
                .call_runtime(RuntimeFn::SetPop, &[s.into()])?
                .expect("an index")
                .into_int_value();
            let ok =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "nonempty")
                    .ir()?;
            g.check(ok, "KeyError", "pop from an empty set")?;
            let x = g.set_load(s, &k, idx)?;
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
        SetFn::Copy => Ok(g.set_copy(s, &k)?.into()),
        SetFn::Update => {
            for a in &c.args[1..] {
                g.set_update(s, &k, a.v, &a.t)?;
            }
            Ok(none)
        }
        SetFn::Union | SetFn::Intersection | SetFn::Difference | SetFn::SymmetricDifference => {
            Ok(g.set_operation_multi(f, s, &c.args[0].t, &c.args[1..])?
                .into())
        }
        SetFn::IntersectionUpdate | SetFn::DifferenceUpdate | SetFn::SymmetricDifferenceUpdate => {
            let op = match f {
                SetFn::IntersectionUpdate => SetFn::Intersection,
                SetFn::DifferenceUpdate => SetFn::Difference,
                _ => SetFn::SymmetricDifference,
            };
            let t = c.args[0].t.clone();
            if c.args.len() == 1 {
                // `s.intersection_update()`: CPython swaps in a copy of `s` (its table rebuilt).
                if f == SetFn::IntersectionUpdate {
                    let out = g.set_copy(s, &k)?;
                    g.call_runtime(RuntimeFn::SetSwap, &[s.into(), out.into()])?;
                    g.decref(out.into(), &t)?;
                }
                return Ok(none);
            }
            // One after the other, as CPython's `set_difference_update`; the intersection of
            // each in turn is what `set_intersection_multi` swaps in.
            for a in &c.args[1..] {
                g.set_inplace(op, s, &t, a.v, &a.t)?;
            }
            Ok(none)
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
            Ok(g.set_contains(s, &k, a.v, &a.t)?.into())
        }
        SetFn::New => unreachable!("handled above"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `s.discard(x)`, or `s.remove(x)` (KeyError where missing): the entry becomes a dummy.
    fn set_remove(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        x: BasicValueEnum<'ctx>,
        xt: &Type,
        remove: bool,
    ) -> R<()> {
        let idx = self.set_lookup(s, k, x, xt)?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "found")
            .ir()?;
        if remove {
            self.check_key(found, x, xt)?;
        }
        self.if_then(found, &mut |g| {
            let args = [s.into(), idx.into(), g.i64(3).into()];
            g.call_runtime(RuntimeFn::DictRemove, &args).map(|_| ())
        })
    }

    /// `s.copy()`: CPython's `set_merge` into a new set.
    fn set_copy(&mut self, s: PointerValue<'ctx>, k: &Type) -> R<PointerValue<'ctx>> {
        let eq = self.key_eq_arg(k)?;
        self.set_runtime_new(RuntimeFn::SetCopy, &[s.into(), eq])
    }

    /// Whether `t` is a set of exactly `k` items (whose entries the runtime can take over).
    fn same_set(t: &Type, k: &Type) -> bool {
        matches!(t, Type::Set(x) if **x == *k)
    }

    /// Adds every item of the iterable `v` (of type `t`) to the set `s` of `k` items, one by
    /// one.
    fn set_add_all(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        let k = k.clone();
        self.for_each_item(v, t, &mut |g, x, xt| g.set_add(s, &k, x, xt))
    }

    /// CPython's `set_update_internal`: a set merged (one resize up front, its table copied
    /// where it fits), a dict's keys added after one resize, any other iterable's items added.
    fn set_update(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        if Self::same_set(t, k) {
            let eq = self.key_eq_arg(k)?;
            return self.set_runtime_status(RuntimeFn::SetMerge, &[s.into(), v.into(), eq]);
        }
        if let Type::Dict(..) = t {
            let n = self.dict_len(v.into_pointer_value())?;
            self.set_runtime_status(RuntimeFn::SetPresize, &[s.into(), n.into()])?;
        }
        self.set_add_all(s, k, v, t)
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
        let s = self.new_set(k)?;
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
            let idx = g.set_lookup(b, &kk, x, xt)?;
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

    /// A new set: `s` combined with the items of `v` by `f`, built as setobject.c builds it.
    fn set_operation(
        &mut self,
        f: SetFn,
        s: PointerValue<'ctx>,
        st: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let k = item_of(st);
        let both_sets = Self::same_set(t, &k);
        let eq = self.key_eq_arg(&k)?;
        let out = match f {
            // `set_union`: a copy of `s`, updated.
            SetFn::Union => {
                let out = self.set_copy(s, &k)?;
                self.while_live(out.into(), st, |g| g.set_update(out, &k, v, t))?;
                out
            }
            SetFn::Intersection if both_sets => {
                let args = [s.into(), v.into(), eq];
                self.set_runtime_new(RuntimeFn::SetIntersection, &args)?
            }
            // `set_intersection` of an iterable: its items found in `s`, in its order.
            SetFn::Intersection => {
                let out = self.new_set(&k)?;
                self.while_live(out.into(), st, |g| {
                    g.for_each_item(v, t, &mut |g, x, xt| {
                        let idx = g.set_lookup(s, &k, x, xt)?;
                        let keep =
                            g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "keep")
                                .ir()?;
                        g.if_then(keep, &mut |g| g.set_add(out, &k, x, xt))
                    })
                })?;
                out
            }
            SetFn::Difference if both_sets => {
                let args = [s.into(), v.into(), eq];
                self.set_runtime_new(RuntimeFn::SetDifference, &args)?
            }
            // `set_copy_and_difference`: a copy of `s`, the iterable's items discarded, then
            // the dummies resized away where over a quarter.
            SetFn::Difference => {
                let out = self.set_copy(s, &k)?;
                self.while_live(out.into(), st, |g| {
                    g.set_discard_all(out, &k, v, t)?;
                    g.set_runtime_status(RuntimeFn::SetPurge, &[out.into()])
                })?;
                out
            }
            // `set_symmetric_difference`: `set(other)`, then `s`'s items toggled in it.
            _ => {
                let out = match both_sets {
                    true => self.set_copy(v.into_pointer_value(), &k)?,
                    false => {
                        let out = self.new_set(&k)?;
                        self.while_live(out.into(), st, |g| g.set_add_all(out, &k, v, t))?;
                        out
                    }
                };
                let args = [out.into(), s.into(), eq];
                self.while_live(out.into(), st, |g| {
                    g.set_runtime_status(RuntimeFn::SetSymdiffUpdate, &args)
                })?;
                out
            }
        };
        Ok(out)
    }

    /// `s.union(*others)`, `s.intersection(*others)`, `s.difference(*others)` (a new set), as
    /// setobject.c's `set_union`, `set_intersection_multi` and `set_difference_multi`: a copy of
    /// `s` where there are no others; else the first operation, then the others in turn
    /// (`union`: updates of the copy; `intersection`: a new intersection each; `difference`:
    /// differences in place).
    fn set_operation_multi(
        &mut self,
        f: SetFn,
        s: PointerValue<'ctx>,
        st: &Type,
        others: &[super::bound::Arg<'ctx>],
    ) -> R<PointerValue<'ctx>> {
        let k = item_of(st);
        let Some((first, rest)) = others.split_first() else {
            return self.set_copy(s, &k);
        };
        let mut out = self.set_operation(f, s, st, first.v, &first.t)?;
        for a in rest {
            self.extra_live.push((out.into(), st.clone()));
            match f {
                SetFn::Union => self.set_update(out, &k, a.v, &a.t)?,
                SetFn::Difference => self.set_inplace(f, out, st, a.v, &a.t)?,
                _ => {
                    let next = self.set_operation(f, out, st, a.v, &a.t)?;
                    self.extra_live.pop();
                    self.decref(out.into(), st)?;
                    out = next;
                    continue;
                }
            }
            self.extra_live.pop();
        }
        Ok(out)
    }

    /// Discards every item of the iterable `v` from the set `s`.
    fn set_discard_all(
        &mut self,
        s: PointerValue<'ctx>,
        k: &Type,
        v: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<()> {
        let k = k.clone();
        self.for_each_item(v, t, &mut |g, x, xt| {
            let idx = g.set_lookup(s, &k, x, xt)?;
            let found =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                    .ir()?;
            g.if_then(found, &mut |g| {
                let args = [s.into(), idx.into(), g.i64(3).into()];
                g.call_runtime(RuntimeFn::DictRemove, &args).map(|_| ())
            })
        })
    }

    /// Runs `body` where `cond` holds.
    pub(super) fn if_then(
        &mut self,
        cond: IntValue<'ctx>,
        body: &mut dyn FnMut(&mut Self) -> R<()>,
    ) -> R<()> {
        let yes = self.cx().append_basic_block(self.f, "then");
        let done = self.cx().append_basic_block(self.f, "done");
        self.b.build_conditional_branch(cond, yes, done).ir()?;
        self.b.position_at_end(yes);
        body(self)?;
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        Ok(())
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
        if !inplace {
            return Ok(self.set_operation(f, s, &st, v, &vt)?.into());
        }
        self.set_inplace(f, s, &st, v, &vt)?;
        Ok(s.into())
    }

    /// `s op= v` (and `s.intersection_update(v)`...): `s` changed in place.
    fn set_inplace(
        &mut self,
        f: SetFn,
        s: PointerValue<'ctx>,
        st: &Type,
        v: BasicValueEnum<'ctx>,
        vt: &Type,
    ) -> R<()> {
        let (st, vt) = (st.clone(), vt.clone());
        let k = item_of(&st);
        // In place, as CPython's `set_ior`/`set_iand`/`set_isub`/`set_ixor`.
        let eq = self.key_eq_arg(&k)?;
        let same = Self::same_set(&vt, &k);
        match f {
            SetFn::Union => self.set_update(s, &k, v, &vt)?,
            SetFn::Difference if same => {
                let args = [s.into(), v.into(), eq];
                self.set_runtime_status(RuntimeFn::SetDifferenceUpdate, &args)?
            }
            SetFn::Difference => {
                self.set_discard_all(s, &k, v, &vt)?;
                self.set_runtime_status(RuntimeFn::SetPurge, &[s.into()])?
            }
            SetFn::SymmetricDifference if same => {
                let args = [s.into(), v.into(), eq];
                self.set_runtime_status(RuntimeFn::SetSymdiffUpdate, &args)?
            }
            SetFn::SymmetricDifference => {
                // `set(other)` first, then its items toggled in `s`.
                let other = self.new_set(&k)?;
                self.while_live(other.into(), &st, |g| {
                    g.set_add_all(other, &k, v, &vt)?;
                    let args = [s.into(), other.into(), eq];
                    g.set_runtime_status(RuntimeFn::SetSymdiffUpdate, &args)
                })?;
                self.decref(other.into(), &st)?;
            }
            _ => {
                // `set_intersection_update`: the intersection's table swapped in.
                let out = self.set_operation(f, s, &st, v, &vt)?;
                self.call_runtime(RuntimeFn::SetSwap, &[s.into(), out.into()])?;
                self.decref(out.into(), &st)?;
            }
        }
        Ok(())
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
