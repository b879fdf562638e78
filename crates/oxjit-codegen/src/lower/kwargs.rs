//! The dict a callee's `**kwargs` receives (`ArgSource::PackKeywords`): a new dict of the
//! call's extra keywords, their names as keys (static strings) in the call's order. The call
//! gives it back when the callee returns (the callee takes its own reference if it keeps it).

use std::sync::Arc;

use inkwell::values::PointerValue;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::dict::kv;
use super::{FnGen, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A new dict of type `t` holding the keyword arguments `items` of `kwargs`.
    pub(super) fn kwargs_dict(
        &mut self,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
        t: &Type,
    ) -> R<PointerValue<'ctx>> {
        let (k, v) = kv(t);
        let d = self.new_dict(&k, &v)?;
        for i in items {
            let (name, x) = &kwargs[*i];
            let key = self.str_literal(name)?;
            let (idx, found) = self.dict_insert(d, &k, key.into(), &Type::Str)?;
            let from = self.ty(*x).clone();
            self.dict_store_value(d, (&k, &v), idx, found, self.val(*x), &from)?;
        }
        Ok(d)
    }
}
