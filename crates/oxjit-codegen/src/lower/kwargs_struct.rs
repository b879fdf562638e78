//! The `**kwargs` struct a callee receives where its caller names every keyword
//! (`types/kwargs.rs`): built from the call's keywords, forwarded field by field (`g(**kw)`),
//! and read by constant keys (`kw.get("a", d)`; `kw["a"]` is a tuple's item, `"a" in kw` and
//! `len(kw)` constants). `kw.copy()` makes the dict of a function that needs one.

use std::sync::Arc;

use inkwell::values::BasicValueEnum;
use oxjit_core::callee::DictFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Value};
use oxjit_core::registry::Builtin;
use oxjit_core::ssa::FORWARDED;
use oxjit_core::typeinfer::Resolved;
use oxjit_core::types::{kwargs_keys, Type};

use super::bound::Arg;
use super::dict::kv;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Keyword `i` of a call and its type: past a forwarded struct's entry, its field.
    pub(super) fn keyword_operand(
        &mut self,
        kwargs: &[(Arc<str>, Value)],
        i: usize,
    ) -> R<(BasicValueEnum<'ctx>, Type)> {
        if let Some((_, x)) = kwargs.get(i).filter(|(n, _)| &**n != FORWARDED) {
            return Ok((self.val(*x), self.ty(*x).clone()));
        }
        let f = kwargs.len() - 1;
        let s = kwargs[f].1;
        let Type::Tuple(items) = self.ty(s).clone() else {
            return Err(Diagnostic::internal("a keyword past the call's own"));
        };
        let k = i - f;
        let x = self
            .b
            .build_extract_value(self.val(s).into_struct_value(), k as u32, "kw")
            .ir()?;
        Ok((x, items[k].clone()))
    }

    /// The `**kwargs` struct of type `t` holding the call's keywords `items` (borrowed, as a
    /// packed `*args` tuple is).
    pub(super) fn kwargs_struct(
        &mut self,
        items: &[usize],
        kwargs: &[(Arc<str>, Value)],
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(fields) = t else {
            return Err(Diagnostic::internal(format!("**kwargs packed as {t}")));
        };
        let mut agg = self.llvm_type(t).into_struct_type().get_undef();
        for (k, (i, to)) in items.iter().zip(fields.iter()).enumerate() {
            let (x, from) = self.keyword_operand(kwargs, *i)?;
            let x = self.cast(x, &from, to)?;
            agg = self
                .b
                .build_insert_value(agg, x, k as u32, "kwargs")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// `kw.get(key[, default])` and `kw.copy()` of a `**kwargs` struct (`None` for other
    /// calls); the result comes with its reference, as a call's does.
    pub(super) fn kwargs_method(
        &mut self,
        r: &Resolved,
        bound: &[Arg<'ctx>],
        result: &Type,
    ) -> Option<R<BasicValueEnum<'ctx>>> {
        let Builtin::Dict(m) = r.id else { return None };
        let recv = bound.first()?;
        let keys: Vec<Arc<str>> = kwargs_keys(&recv.t)?.to_vec();
        let Type::Tuple(items) = recv.t.clone() else {
            return None;
        };
        Some((|| {
            let st = recv.v.into_struct_value();
            match m {
                DictFn::Copy => {
                    let (k, vt) = kv(result);
                    let d = self.new_dict(&k, &vt)?;
                    for (j, (name, from)) in keys.iter().zip(items.iter()).enumerate() {
                        let x = self.b.build_extract_value(st, j as u32, "kw").ir()?;
                        let key = self.str_literal(name)?;
                        let (idx, found) = self.dict_insert(d, &k, key.into(), &Type::Str)?;
                        self.dict_store_value(d, (&k, &vt), idx, found, x, from)?;
                    }
                    Ok(d.into())
                }
                DictFn::Get | DictFn::Contains => {
                    let key = match bound.get(1).and_then(|a| a.c.as_ref()) {
                        Some(Const::Str(key)) => key.clone(),
                        _ => return Err(Diagnostic::internal("a **kwargs key not constant")),
                    };
                    let found = keys.iter().position(|n| *n == key);
                    if m == DictFn::Contains {
                        return self.constant(&Const::Bool(found.is_some()), &Type::Bool);
                    }
                    let (x, from) = match (found, bound.get(2)) {
                        (Some(j), _) => (
                            self.b.build_extract_value(st, j as u32, "kw").ir()?,
                            items[j].clone(),
                        ),
                        (None, Some(d)) => (d.v, d.t.clone()),
                        (None, None) => return self.constant(&Const::None, result),
                    };
                    let x = self.cast(x, &from, result)?;
                    self.incref(x, result)?;
                    Ok(x)
                }
                _ => Err(Diagnostic::internal("a **kwargs method")),
            }
        })())
    }
}
