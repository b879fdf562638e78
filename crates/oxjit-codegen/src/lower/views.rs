//! `np.flip`, `np.fliplr`, `np.flipud` and `np.swapaxes` (core's `registry/views.rs` types
//! them): views of an array's memory with axes reversed (negative strides, from the last item)
//! or exchanged, each a new reference to the array's block.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::types::size_align;

use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.flip(m, axis)` (every axis where `axis` is `None`), `np.fliplr(m)` (axis 1),
    /// `np.flipud(m)` (axis 0): NumPy's `m[..., ::-1, ...]`.
    pub(super) fn lower_flip(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let shape = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        let axes: Vec<usize> = match c.decoded.axis {
            Some(k) => vec![usize::from(k)],
            None => (0..shape.len()).collect(),
        };
        let mut offset = self.i64(0);
        for k in axes {
            // The last item along the axis (the first of an empty axis: nothing is read).
            let last = self.b.build_int_sub(shape[k], self.i64(1), "last").ir()?;
            let last = self.smax(last, self.i64(0))?;
            let term = self.b.build_int_mul(last, strides[k], "term").ir()?;
            offset = self.b.build_int_add(offset, term, "offset").ir()?;
            strides[k] = self.b.build_int_neg(strides[k], "reversed").ir()?;
        }
        let data = ArrayValue(src).data(&self.b)?;
        // SAFETY: inkwell's GEPs are unsafe for out-of-bounds indices; the offset is that of the
        // last item along the flipped axes, inside the array's data (0 where an axis is empty).
        let data = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "flipped")
        }
        .ir()?;
        let view = self.view_of(src, &rt, data, &shape, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }

    /// `np.swapaxes(a, axis1, axis2)`, `a.swapaxes(...)`: the two axes' lengths and strides
    /// exchanged.
    pub(super) fn lower_swapaxes(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let (Some(i), Some(j)) = (c.decoded.axis, c.decoded.axis2) else {
            return Err(Diagnostic::internal("np.swapaxes() is typed with two axes"));
        };
        let mut shape: Vec<IntValue<'ctx>> = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        shape.swap(usize::from(i), usize::from(j));
        strides.swap(usize::from(i), usize::from(j));
        let data = ArrayValue(src).data(&self.b)?;
        let view = self.view_of(src, &rt, data, &shape, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.expand_dims(a, axis)`: a view with an axis of length 1 at `axis` (its stride that of
    /// the axes after it, as NumPy's reshape gives it; it is never stepped along).
    pub(super) fn lower_expand_dims(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let k = c
            .decoded
            .axis
            .map(usize::from)
            .ok_or_else(|| Diagnostic::internal("np.expand_dims() is typed with an axis"))?;
        let mut shape = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        let stride = match (shape.get(k), strides.get(k)) {
            (Some(d), Some(s)) => self.b.build_int_mul(*d, *s, "stride").ir()?,
            _ => self.i64(size_align(&st.dtype).0 as i64),
        };
        shape.insert(k, self.i64(1));
        strides.insert(k, stride);
        let data = ArrayValue(src).data(&self.b)?;
        let view = self.view_of(src, &rt, data, &shape, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }

    /// `np.broadcast_to(array, shape)`: a read-only view of `shape`, strides of 0 where the
    /// array is stretched, after NumPy's checks (non-negative lengths, then each of the array's
    /// lengths the requested one or 1).
    pub(super) fn lower_broadcast_to(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let dims = self.shape_argument(&c.args[1])?;
        let zero = self.i64(0);
        let mut ok = self.cx().bool_type().const_int(1, false);
        for &d in &dims {
            let nonneg = self
                .b
                .build_int_compare(IntPredicate::SGE, d, zero, "nonneg")
                .ir()?;
            ok = self.b.build_and(ok, nonneg, "ok").ir()?;
        }
        self.check(
            ok,
            "ValueError",
            "all elements of broadcast shape must be non-negative",
        )?;
        let shape = self.shape_values(src, &st)?;
        let src_strides = self.array_strides(src, &st)?;
        let (n, m) = (dims.len(), shape.len());
        let mut strides = vec![zero; n];
        let mut ok = self.cx().bool_type().const_int(1, false);
        for j in 0..m {
            let k = n - m + j;
            let same = self
                .b
                .build_int_compare(IntPredicate::EQ, shape[j], dims[k], "same")
                .ir()?;
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, shape[j], self.i64(1), "one")
                .ir()?;
            let fits = self.b.build_or(same, one, "fits").ir()?;
            ok = self.b.build_and(ok, fits, "ok").ir()?;
            strides[k] = self
                .b
                .build_select(same, src_strides[j], zero, "stride")
                .ir()?
                .into_int_value();
        }
        let template = format!(
            "operands could not be broadcast together with remapped shapes \
             [original->remapped]: {}  and requested shape {}",
            tuple_template(0, m),
            tuple_template(m, n)
        );
        let mut ints = shape.clone();
        ints.extend(dims.iter().copied());
        self.check_formatted(ok, "ValueError", &template, &ints)?;
        let data = ArrayValue(src).data(&self.b)?;
        let view = self.view_of(src, &rt, data, &dims, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np._oxjit_as_strided(x, shape, strides, writeable)`: a view of `x`'s memory with these
    /// shape and strides, unchecked (as NumPy's `as_strided`), holding a reference to `x`.
    pub(super) fn lower_as_strided(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, _) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let dims = self.shape_argument(&c.args[1])?;
        let strides = self.shape_argument(&c.args[2])?;
        let data = ArrayValue(src).data(&self.b)?;
        let view = self.view_of(src, &rt, data, &dims, &strides)?;
        self.incref(view.into(), c.result)?;
        Ok(view.into())
    }
}

/// NumPy's text of a shape of `n` lengths, the `k`th the placeholder `{start + k}`: `(3,)`,
/// `(2,4)`, `()`.
fn tuple_template(start: usize, n: usize) -> String {
    let items: Vec<String> = (start..start + n).map(|k| format!("{{{k}}}")).collect();
    match n {
        1 => format!("({},)", items[0]),
        _ => format!("({})", items.join(",")),
    }
}
