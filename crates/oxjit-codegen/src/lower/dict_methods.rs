//! The methods of dicts and `hash()`, with CPython's semantics and messages
//! (Objects/dictobject.c): `get`/`pop` with defaults, `setdefault`, `popitem` (the last item),
//! `update`, the views, `clear`, `copy`, `in`, `del`.

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::callee::DictFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::Builtin;
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::dict::kv;
use super::{FnGen, Ir, R};

/// The implementation of every callable of the dict family.
pub(super) fn dict_call<'a, 'ctx: 'a>(
    g: &mut FnGen<'a, 'ctx>,
    c: &CallCx<'_, 'ctx>,
) -> R<BasicValueEnum<'ctx>> {
    let Builtin::Dict(f) = c.id else {
        return Err(Diagnostic::internal(format!(
            "{:?} is no dict method",
            c.id
        )));
    };
    if f == DictFn::Hash {
        return Ok(g.hash_value(c.args[0].v, &c.args[0].t)?.into());
    }
    if matches!(f, DictFn::TypedNew | DictFn::Empty) {
        // `typed.Dict()`, `Dict(pairs)`, `Dict.empty(k, v, n_keys)` (a capacity hint: the
        // table grows).
        let (k, v) = kv(c.result);
        let d = match c.args.first() {
            Some(pairs) if f == DictFn::TypedNew => g.dict_of_pairs(pairs, c.result)?,
            _ => g.new_dict(&k, &v)?,
        };
        g.mark_typed(d, super::typed::DICT_TYPED_WORD)?;
        return Ok(d.into());
    }
    let d = c.args[0].v.into_pointer_value();
    let (k, v) = kv(&c.args[0].t);
    let none = g.cx().i8_type().const_zero().into();
    match f {
        DictFn::Get => g.dict_get(d, (&k, &v), &c.args[1], &c.args[2], c.result),
        DictFn::SetDefault => {
            let (idx, found) = g.dict_insert(d, &k, c.args[1].v, &c.args[1].t)?;
            let new_bb = g.cx().append_basic_block(g.f, "setdefault.new");
            let done = g.cx().append_basic_block(g.f, "setdefault.done");
            g.b.build_conditional_branch(found, done, new_bb).ir()?;
            g.b.position_at_end(new_bb);
            g.dict_store_value(d, (&k, &v), idx, found, c.args[2].v, &c.args[2].t)?;
            g.b.build_unconditional_branch(done).ir()?;
            g.b.position_at_end(done);
            // The call's result is a reference of its own.
            let x = g.dict_load(d, &k, &v, idx, 2)?;
            g.incref(x, &v)?;
            Ok(x)
        }
        DictFn::Pop => g.dict_pop(d, (&k, &v), &c.args[1], &c.args[2], c.result),
        DictFn::PopItem => {
            let idx = g
                .call_runtime(RuntimeFn::DictLast, &[d.into()])?
                .expect("an index")
                .into_int_value();
            let ok =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "nonempty")
                    .ir()?;
            g.check(ok, "KeyError", "popitem(): dictionary is empty")?;
            let key = g.dict_load(d, &k, &v, idx, 1)?;
            let x = g.dict_load(d, &k, &v, idx, 2)?;
            // Key and value leave with their references.
            g.call_runtime(
                RuntimeFn::DictRemove,
                &[d.into(), idx.into(), g.i64(0).into()],
            )?;
            let st = g.llvm_type(c.result).into_struct_type();
            let pair = g.b.build_insert_value(st.get_undef(), key, 0, "k").ir()?;
            let pair = g.b.build_insert_value(pair, x, 1, "kv").ir()?;
            Ok(pair.into_struct_value().into())
        }
        DictFn::Update => {
            let src = c.args[1].v;
            let st = c.args[1].t.clone();
            let (sk, sv) = kv(&st);
            let view = Type::DictView(
                sk.clone().into(),
                sv.clone().into(),
                oxjit_core::types::ITEMS,
            );
            g.for_each_item(src, &view, &mut |g, pair, _| {
                let pair = pair.into_struct_value();
                let key = g.b.build_extract_value(pair, 0, "k").ir()?;
                let x = g.b.build_extract_value(pair, 1, "v").ir()?;
                let (idx, found) = g.dict_insert(d, &k, key, &sk)?;
                g.dict_store_value(d, (&k, &v), idx, found, x, &sv)
            })?;
            Ok(none)
        }
        // A view is the dict itself, borrowed.
        DictFn::Items | DictFn::Keys | DictFn::Values => Ok(d.into()),
        DictFn::Clear => {
            g.call_runtime(RuntimeFn::DictClear, &[d.into()])?;
            Ok(none)
        }
        DictFn::Copy => {
            let out = g
                .call_runtime(RuntimeFn::DictCopy, &[d.into()])?
                .expect("a pointer")
                .into_pointer_value();
            let ok = g.b.build_is_not_null(out, "ok").ir()?;
            g.check(ok, "MemoryError", "")?;
            Ok(out.into())
        }
        DictFn::Contains => {
            let idx = g.dict_lookup(d, &k, c.args[1].v, &c.args[1].t)?;
            Ok(g.b
                .build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                .ir()?
                .into())
        }
        DictFn::DelItem => {
            let idx = g.dict_lookup(d, &k, c.args[1].v, &c.args[1].t)?;
            let found =
                g.b.build_int_compare(IntPredicate::SGE, idx, g.i64(0), "found")
                    .ir()?;
            g.check_key(found, c.args[1].v, &c.args[1].t)?;
            g.call_runtime(
                RuntimeFn::DictRemove,
                &[d.into(), idx.into(), g.i64(3).into()],
            )?;
            Ok(none)
        }
        DictFn::Hash | DictFn::TypedNew | DictFn::Empty => unreachable!("handled above"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The value of entry `idx` where it is found (a reference of its own), else `default`,
    /// as a value of type `result`.
    fn found_or_default(
        &mut self,
        found: IntValue<'ctx>,
        present: &mut dyn FnMut(&mut Self) -> R<(BasicValueEnum<'ctx>, Type)>,
        default: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let yes = self.cx().append_basic_block(self.f, "found");
        let no = self.cx().append_basic_block(self.f, "default");
        let done = self.cx().append_basic_block(self.f, "done");
        self.b.build_conditional_branch(found, yes, no).ir()?;
        self.b.position_at_end(yes);
        let (x, t) = present(self)?;
        let x = if t == *result {
            x
        } else {
            self.cast(x, &t, result)?
        };
        let yes_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(no);
        let dv = if default.t == *result {
            default.v
        } else {
            self.cast(default.v, &default.t, result)?
        };
        // The default is the argument's (borrowed): the result takes a reference.
        self.incref(dv, result)?;
        let no_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let phi = self.b.build_phi(self.llvm_type(result), "got").ir()?;
        phi.add_incoming(&[(&x, yes_end), (&dv, no_end)]);
        Ok(phi.as_basic_value())
    }

    /// `d.get(key, default=None)`.
    fn dict_get(
        &mut self,
        d: PointerValue<'ctx>,
        (k, v): (&Type, &Type),
        key: &Arg<'ctx>,
        default: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let idx = self.dict_lookup(d, k, key.v, &key.t)?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "found")
            .ir()?;
        let (k, v) = (k.clone(), v.clone());
        self.found_or_default(
            found,
            &mut |g| {
                let x = g.dict_load(d, &k, &v, idx, 2)?;
                g.incref(x, &v)?;
                Ok((x, v.clone()))
            },
            default,
            result,
        )
    }

    /// `d.pop(key[, default])`: the value leaves the dict with its reference.
    fn dict_pop(
        &mut self,
        d: PointerValue<'ctx>,
        (k, v): (&Type, &Type),
        key: &Arg<'ctx>,
        default: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let idx = self.dict_lookup(d, k, key.v, &key.t)?;
        let found = self
            .b
            .build_int_compare(IntPredicate::SGE, idx, self.i64(0), "found")
            .ir()?;
        let (k, v) = (k.clone(), v.clone());
        let mut take = |g: &mut Self| -> R<(BasicValueEnum<'ctx>, Type)> {
            let x = g.dict_load(d, &k, &v, idx, 2)?;
            // The key is released, the value handed to the caller.
            g.call_runtime(
                RuntimeFn::DictRemove,
                &[d.into(), idx.into(), g.i64(1).into()],
            )?;
            Ok((x, v.clone()))
        };
        if matches!(default.t, Type::StrLiteral(_)) {
            self.check_key(found, key.v, &key.t)?;
            return Ok(take(self)?.0);
        }
        self.found_or_default(found, &mut take, default, result)
    }
}

impl<'ctx> FnGen<'_, 'ctx> {
    /// `Dict(pairs)`: a new dict of type `result` filled with the (key, value) pairs of an
    /// iterable, in order (a later key replaces the value of an earlier equal one, as in
    /// `dict(pairs)`).
    fn dict_of_pairs(&mut self, pairs: &Arg<'ctx>, result: &Type) -> R<PointerValue<'ctx>> {
        let (k, v) = kv(result);
        let d = self.new_dict(&k, &v)?;
        // The new dict is released if hashing a key raises.
        self.extra_live.push((d.into(), result.clone()));
        self.for_each_item(pairs.v, &pairs.t, &mut |g, pair, t| {
            let Type::Tuple(items) = t else {
                return Err(Diagnostic::internal(format!("Dict() of items of type {t}")));
            };
            let pair = pair.into_struct_value();
            let key = g.b.build_extract_value(pair, 0, "key").ir()?;
            let value = g.b.build_extract_value(pair, 1, "value").ir()?;
            let (idx, found) = g.dict_insert(d, &k, key, &items[0])?;
            g.dict_store_value(d, (&k, &v), idx, found, value, &items[1])
        })?;
        self.extra_live.pop();
        Ok(d)
    }
}
