//! Reductions of an iterable, as Python runs them: a loop over the items through the iterator
//! protocol of the iterable's kind (`iter.rs`): `sum(iterable, start)` adds from `start` in
//! order, `any`/`all` stop at the first true/false item, `min`/`max` keep the first extreme
//! item (`x < m` picks a new minimum, so NaN items are never picked) and raise ValueError for
//! no item at all.

use inkwell::values::{BasicValueEnum, IntValue};
use oxjit_core::ir::{BinOp, CmpOp};
use oxjit_core::registry::Builtin;
use oxjit_core::types::{iter_type, next_type, Type};

use super::{FnGen, Ir, R};

/// What a step of a fold returns: the new accumulators, and a condition to stop on.
type Step<'ctx> = (Vec<BasicValueEnum<'ctx>>, Option<IntValue<'ctx>>);

/// A step of a fold: from the accumulators and an item (with its type), the next [`Step`].
type StepFn<'s, 'a, 'ctx> = dyn FnMut(
        &mut FnGen<'a, 'ctx>,
        &[BasicValueEnum<'ctx>],
        BasicValueEnum<'ctx>,
        &Type,
    ) -> R<Step<'ctx>>
    + 's;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Folds the items of `iterable` (of type `t`) into accumulators starting at `init`.
    fn fold_items(
        &mut self,
        iterable: BasicValueEnum<'ctx>,
        t: &Type,
        init: Vec<BasicValueEnum<'ctx>>,
        step: &mut StepFn<'_, 'a, 'ctx>,
    ) -> R<Vec<BasicValueEnum<'ctx>>> {
        let it_t = iter_type(t).map_err(oxjit_core::diagnostics::Diagnostic::internal)?;
        let item_t = next_type(&it_t);
        let state = self.make_iter(iterable, t)?;
        let before = self.b.get_insert_block().expect("positioned");
        let head = self.cx().append_basic_block(self.f, "fold.head");
        let body = self.cx().append_basic_block(self.f, "fold.body");
        let exit = self.cx().append_basic_block(self.f, "fold.exit");
        self.b.build_unconditional_branch(head).ir()?;
        self.b.position_at_end(head);
        let mut phis = Vec::new();
        for v in &init {
            let phi = self.b.build_phi(v.get_type(), "acc").ir()?;
            phi.add_incoming(&[(v, before)]);
            phis.push(phi);
        }
        let accs: Vec<BasicValueEnum<'ctx>> = phis.iter().map(|p| p.as_basic_value()).collect();
        let valid = self.iter_valid(state, &it_t)?;
        // A step may take blocks of its own (a generator's resume).
        let head_end = self.b.get_insert_block().expect("positioned");
        self.b.build_conditional_branch(valid, body, exit).ir()?;
        self.b.position_at_end(body);
        let item = self.iter_next(state, &it_t)?;
        let (next, stop) = step(self, &accs, item, &item_t)?;
        let end = self.b.get_insert_block().expect("positioned");
        for (phi, v) in phis.iter().zip(&next) {
            phi.add_incoming(&[(v, end)]);
        }
        match stop {
            Some(stop) => self.b.build_conditional_branch(stop, exit, head).ir()?,
            None => self.b.build_unconditional_branch(head).ir()?,
        };
        self.b.position_at_end(exit);
        let mut out = Vec::new();
        for (k, phi) in phis.iter().enumerate() {
            let merged = self.b.build_phi(init[k].get_type(), "folded").ir()?;
            merged.add_incoming(&[(&phi.as_basic_value(), head_end)]);
            if stop.is_some() {
                merged.add_incoming(&[(&next[k], end)]);
            }
            out.push(merged.as_basic_value());
        }
        Ok(out)
    }

    /// `min`, `max` (of several numbers, a tuple or an iterable), `sum`, `any`, `all`.
    pub(super) fn reduction_builtin(
        &mut self,
        b: Builtin,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match b {
            Builtin::Min | Builtin::Max
                if vals.len() == 1 && !matches!(types[0], Type::Tuple(_)) =>
            {
                self.min_max_items(b == Builtin::Min, vals[0], &types[0], result)
            }
            Builtin::Min | Builtin::Max => self.min_max(b == Builtin::Min, vals, types, result),
            Builtin::Sum => {
                let start = vals.get(1).map(|v| (*v, types[1].clone()));
                self.sum_items(vals[0], &types[0], start, result)
            }
            _ => self.any_all_items(vals[0], &types[0], b == Builtin::All),
        }
    }

    /// `sum(iterable, start)`.
    pub(super) fn sum_items(
        &mut self,
        iterable: BasicValueEnum<'ctx>,
        t: &Type,
        start: Option<(BasicValueEnum<'ctx>, Type)>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (start, start_t) = start.unwrap_or((self.i64(0).into(), Type::I64));
        let init = self.cast(start, &start_t, result)?;
        let result_t = result.clone();
        let out = self.fold_items(iterable, t, vec![init], &mut |s, acc, x, xt| {
            let x = s.cast(x, xt, &result_t)?;
            let sum =
                s.binop_values(BinOp::Add, acc[0], &result_t, x, &result_t, &result_t, None)?;
            Ok((vec![sum], None))
        })?;
        Ok(out[0])
    }

    /// `any(iterable)` (`all` with `want_all`).
    pub(super) fn any_all_items(
        &mut self,
        iterable: BasicValueEnum<'ctx>,
        t: &Type,
        want_all: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        let bool_t = self.cx().bool_type();
        let init = bool_t.const_int(want_all as u64, false).into();
        let out = self.fold_items(iterable, t, vec![init], &mut |s, _, x, xt| {
            let truth = s.truth(x, xt)?;
            // any: stop at a true item (result true); all: at a false one (result false).
            let decided = if want_all {
                s.b.build_not(truth, "false_item").ir()?
            } else {
                truth
            };
            Ok((vec![truth.into()], Some(decided)))
        })?;
        Ok(out[0])
    }

    /// `min(iterable)` (`max` unless `is_min`): ValueError when it has no item.
    pub(super) fn min_max_items(
        &mut self,
        is_min: bool,
        iterable: BasicValueEnum<'ctx>,
        t: &Type,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if oxjit_core::types::is_str(t) {
            return self.str_min_max(is_min, iterable, t);
        }
        let bool_t = self.cx().bool_type();
        let init = vec![
            self.llvm_type(result).const_zero(),
            bool_t.const_zero().into(),
        ];
        let result_t = result.clone();
        let op = if is_min { CmpOp::Lt } else { CmpOp::Gt };
        let out = self.fold_items(iterable, t, init, &mut |s, acc, x, xt| {
            let x = s.cast(x, xt, &result_t)?;
            let seen = acc[1].into_int_value();
            // Before the first item the accumulator holds nothing to compare (a null string).
            let best = s.b.build_select(seen, acc[0], x, "best").ir()?;
            // Items that may be `None` are compared from the second on (`min([None])` is
            // `None`; a `None` met later raises CPython's `TypeError`).
            let better = match result_t {
                Type::Optional(_) => s.on_flag(seen, &mut |g| {
                    g.compare_values(op, x, &result_t, best, &result_t)
                })?,
                _ => s.compare_values(op, x, &result_t, best, &result_t)?,
            };
            let first = s.b.build_not(seen, "first").ir()?;
            let take = s.b.build_or(first, better, "take").ir()?;
            let m = s.b.build_select(take, x, acc[0], "extreme").ir()?;
            Ok((vec![m, bool_t.const_int(1, false).into()], None))
        })?;
        let name = if is_min { "min" } else { "max" };
        self.check(
            out[1].into_int_value(),
            "ValueError",
            &format!("{name}() arg is an empty sequence"),
        )?;
        // The item is borrowed from the iterable (strings of a list, keys of a dict); the
        // call's result is a reference of its own.
        self.incref(out[0], result)?;
        Ok(out[0])
    }
}
