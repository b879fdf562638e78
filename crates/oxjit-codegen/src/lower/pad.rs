//! `np.pad` (core's `registry/pad.rs` types it): a new array of the padded shape where each
//! item is read from the array at an index found per axis. NumPy pads one axis after another;
//! for 'edge', 'wrap', 'reflect' and 'symmetric' that is the same as mapping each axis's index
//! on its own (clamped; modulo n; modulo 2(n-1) folded; modulo 2n folded), whatever the widths
//! (NumPy repeats its steps where a width exceeds the axis); 'constant' fills every item outside
//! the array with `constant_values` (cast as NumPy's assignment casts).

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::pad::{pad_mode, width_paths, PadMode, WidthPath};
use oxjit_core::types::Type;

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.pad(array, pad_width, mode, constant_values)`.
    pub(super) fn lower_pad(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (arr, at) = self.array_arg(&c.args[0]);
        let ndim = at.ndim as usize;
        let Some(Ok(mode)) = pad_mode(&c.args[2].t, c.args[2].c.as_ref()) else {
            return Err(Diagnostic::internal("pad(): mode not a known constant"));
        };
        let paths = width_paths(&c.args[1].t, ndim)
            .map_err(|_| Diagnostic::internal("pad(): pad_width not typed"))?;
        let mut widths = Vec::with_capacity(ndim);
        let mut negative = self.cx().bool_type().const_zero();
        for (b, a) in paths {
            let b = self.width_at(&c.args[1], b)?;
            let a = self.width_at(&c.args[1], a)?;
            for w in [b, a] {
                let neg = self
                    .b
                    .build_int_compare(IntPredicate::SLT, w, self.i64(0), "neg")
                    .ir()?;
                negative = self.b.build_or(negative, neg, "negative").ir()?;
            }
            widths.push((b, a));
        }
        let ok = self.b.build_not(negative, "ok").ir()?;
        self.check(ok, "ValueError", "index can't contain negative values")?;
        let shape = self.shape_values(arr, &at)?;
        let zero = self.i64(0);
        let mut out_shape = Vec::with_capacity(ndim);
        for (k, (&n, &(b, a))) in shape.iter().zip(&widths).enumerate() {
            if mode != PadMode::Constant {
                let empty = self
                    .b
                    .build_int_compare(IntPredicate::EQ, n, zero, "empty")
                    .ir()?;
                let some = self.b.build_or(b, a, "some").ir()?;
                let padded = self
                    .b
                    .build_int_compare(IntPredicate::NE, some, zero, "padded")
                    .ir()?;
                let bad = self.b.build_and(empty, padded, "bad").ir()?;
                let ok = self.b.build_not(bad, "ok").ir()?;
                let msg = format!(
                    "can't extend empty axis {k} using modes other than 'constant' or 'empty'"
                );
                self.check(ok, "ValueError", &msg)?;
            }
            let d = self.b.build_int_add(n, b, "d").ir()?;
            out_shape.push(self.b.build_int_add(d, a, "d").ir()?);
        }
        let out = self.new_array(&rt, &out_shape, false)?;
        let fill = match &c.args[3].t {
            Type::NoneType => self.numpy_cast(zero.into(), &Type::I64, &rt.dtype)?,
            t => self.numpy_cast(c.args[3].v, t, &rt.dtype)?,
        };
        self.for_each_index(&out_shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let mut inside = s.cx().bool_type().const_int(1, false);
            let mut src = Vec::with_capacity(ndim);
            for k in 0..ndim {
                let j = s.b.build_int_sub(idx[k], widths[k].0, "j").ir()?;
                let (i, ok) = s.pad_index(mode, j, shape[k])?;
                inside = s.b.build_and(inside, ok, "inside").ir()?;
                src.push(i);
            }
            let dst = s.element_ptr(out, &rt, idx)?;
            if mode != PadMode::Constant {
                let v = s.array_load(arr, &at, &src)?;
                s.b.build_store(dst, v).ir()?;
                return Ok(());
            }
            // Read the array only where the index is inside it.
            let read = s.cx().append_basic_block(s.f, "pad_read");
            let fill_b = s.cx().append_basic_block(s.f, "pad_fill");
            let done = s.cx().append_basic_block(s.f, "pad_done");
            s.b.build_conditional_branch(inside, read, fill_b).ir()?;
            s.b.position_at_end(read);
            let v = s.array_load(arr, &at, &src)?;
            s.b.build_store(dst, v).ir()?;
            s.b.build_unconditional_branch(done).ir()?;
            s.b.position_at_end(fill_b);
            s.b.build_store(dst, fill).ir()?;
            s.b.build_unconditional_branch(done).ir()?;
            s.b.position_at_end(done);
            Ok(())
        })?;
        Ok(out.into())
    }

    /// One width of `pad_width` (as an i64) at `path` (see `registry::pad::WidthPath`).
    fn width_at(&self, a: &Arg<'ctx>, path: WidthPath) -> R<IntValue<'ctx>> {
        let Some((i, inner)) = path else {
            return Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value());
        };
        let items = match &a.t {
            Type::Tuple(items) => items.clone(),
            _ => return Err(Diagnostic::internal("pad(): pad_width not a tuple")),
        };
        let x = self
            .b
            .build_extract_value(a.v.into_struct_value(), i as u32, "w")
            .ir()?;
        let Some(j) = inner else {
            return Ok(self.cast(x, &items[i], &Type::I64)?.into_int_value());
        };
        let Type::Tuple(inner_items) = &items[i] else {
            return Err(Diagnostic::internal("pad(): pad_width pair not a tuple"));
        };
        let y = self
            .b
            .build_extract_value(x.into_struct_value(), j as u32, "w")
            .ir()?;
        Ok(self.cast(y, &inner_items[j], &Type::I64)?.into_int_value())
    }

    /// The array's index for index `j` along an axis of length `n` (`j` counted from the
    /// array's first item), and whether `j` is inside the array ('constant' reads only there).
    fn pad_index(
        &mut self,
        mode: PadMode,
        j: IntValue<'ctx>,
        n: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let zero = self.i64(0);
        let one = self.i64(1);
        let yes = self.cx().bool_type().const_int(1, false);
        match mode {
            PadMode::Constant => {
                let ge = self
                    .b
                    .build_int_compare(IntPredicate::SGE, j, zero, "ge")
                    .ir()?;
                let lt = self
                    .b
                    .build_int_compare(IntPredicate::SLT, j, n, "lt")
                    .ir()?;
                Ok((j, self.b.build_and(ge, lt, "in").ir()?))
            }
            PadMode::Edge => {
                let last = self.b.build_int_sub(n, one, "last").ir()?;
                let i = self.smin(j, last)?;
                Ok((self.smax(i, zero)?, yes))
            }
            PadMode::Wrap => Ok((self.floor_mod(j, n)?, yes)),
            PadMode::Reflect => {
                // Period 2(n - 1), folded; an axis of one item repeats it (period 0).
                let nm1 = self.b.build_int_sub(n, one, "nm1").ir()?;
                let p = self.b.build_int_add(nm1, nm1, "p").ir()?;
                let single = self
                    .b
                    .build_int_compare(IntPredicate::EQ, p, zero, "single")
                    .ir()?;
                let p1 = self.b.build_select(single, one, p, "p1").ir()?;
                let k = self.floor_mod(j, p1.into_int_value())?;
                let folded = self.fold(k, n, p)?;
                let i = self.b.build_select(single, zero, folded, "i").ir()?;
                Ok((i.into_int_value(), yes))
            }
            PadMode::Symmetric => {
                let p = self.b.build_int_add(n, n, "p").ir()?;
                let k = self.floor_mod(j, p)?;
                let pm1 = self.b.build_int_sub(p, one, "pm1").ir()?;
                Ok((self.fold(k, n, pm1)?, yes))
            }
        }
    }

    /// `top - k` where `k >= n`, else `k`.
    fn fold(&self, k: IntValue<'ctx>, n: IntValue<'ctx>, top: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let back = self
            .b
            .build_int_compare(IntPredicate::SGE, k, n, "back")
            .ir()?;
        let m = self.b.build_int_sub(top, k, "mirror").ir()?;
        Ok(self.b.build_select(back, m, k, "i").ir()?.into_int_value())
    }

    /// `j mod n` in [0, n) (`n > 0`).
    fn floor_mod(&self, j: IntValue<'ctx>, n: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let r = self.b.build_int_signed_rem(j, n, "r").ir()?;
        let neg = self
            .b
            .build_int_compare(IntPredicate::SLT, r, self.i64(0), "neg")
            .ir()?;
        let up = self.b.build_int_add(r, n, "up").ir()?;
        Ok(self.b.build_select(neg, up, r, "m").ir()?.into_int_value())
    }
}
