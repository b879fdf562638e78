//! The dict a callee's `**kwargs` receives (`ArgSource::PackKeywords`): a new dict of the
//! call's extra keywords, their names as keys (static strings) in the call's order. The call
//! gives it back when the callee returns (the callee takes its own reference if it keeps it).

use std::sync::Arc;

use inkwell::values::PointerValue;
use inkwell::IntPredicate;
use oxjit_core::ir::Value;
use oxjit_core::ssa::FORWARDED;
use oxjit_core::types::Type;

use super::dict::kv;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A new dict of type `t` holding the keyword arguments `items` of `kwargs`; a forwarded
    /// dict (`g(**kw)`) is copied in, after checking that none of its keys names a parameter
    /// the call binds otherwise (`bound`, of function `name`) or another keyword (CPython's
    /// TypeErrors).
    pub(super) fn kwargs_dict(
        &mut self,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
        t: &Type,
        (name, bound): (&str, &[&str]),
    ) -> R<PointerValue<'ctx>> {
        let (k, v) = kv(t);
        if let Some(&(_, src)) = items
            .iter()
            .map(|i| &kwargs[*i])
            .find(|(n, _)| &**n == FORWARDED)
        {
            let sd = self.val(src).into_pointer_value();
            let (sk, sv) = kv(&self.ty(src).clone());
            let explicit = items
                .iter()
                .map(|i| &*kwargs[*i].0)
                .filter(|n| *n != FORWARDED);
            let checks: Vec<String> = bound
                .iter()
                .map(|p| format!("{p}\0{name}() got multiple values for argument '{p}'"))
                .chain(explicit.map(|p| {
                    format!("{p}\0{name}() got multiple values for keyword argument '{p}'")
                }))
                .collect();
            for check in checks {
                let (key, msg) = check.split_once('\0').expect("two parts");
                let s = self.str_literal(key)?;
                let idx = self.dict_lookup(sd, &sk, s.into(), &Type::Str)?;
                let absent = self
                    .b
                    .build_int_compare(IntPredicate::SLT, idx, self.i64(0), "absent")
                    .ir()?;
                self.check(absent, "TypeError", msg)?;
            }
            let d = self.new_dict(&k, &v)?;
            let view = Type::DictView(
                sk.clone().into(),
                sv.clone().into(),
                oxjit_core::types::ITEMS,
            );
            self.for_each_item(sd.into(), &view, &mut |g, pair, _| {
                let pair = pair.into_struct_value();
                let key = g.b.build_extract_value(pair, 0, "k").ir()?;
                let x = g.b.build_extract_value(pair, 1, "v").ir()?;
                let (idx, found) = g.dict_insert(d, &k, key, &sk)?;
                g.dict_store_value(d, (&k, &v), idx, found, x, &sv)
            })?;
            return self.kwargs_items(d, items, kwargs, (&k, &v));
        }
        let d = self.new_dict(&k, &v)?;
        self.kwargs_items(d, items, kwargs, (&k, &v))
    }

    /// Inserts the explicit keyword arguments `items` of `kwargs` into `d`.
    fn kwargs_items(
        &mut self,
        d: PointerValue<'ctx>,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
        (k, v): (&Type, &Type),
    ) -> R<PointerValue<'ctx>> {
        for i in items {
            let (name, x) = &kwargs[*i];
            if &**name == FORWARDED {
                continue;
            }
            let key = self.str_literal(name)?;
            let (idx, found) = self.dict_insert(d, k, key.into(), &Type::Str)?;
            let from = self.ty(*x).clone();
            self.dict_store_value(d, (k, v), idx, found, self.val(*x), &from)?;
        }
        Ok(d)
    }
}
