//! `np.cross` and `np.vander` (core's `registry/vectors.rs` types them), with NumPy's
//! arithmetic in the result's dtype.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::BinOp;
use oxjit_core::types::{ArrayTy, Type};

use super::arrayexpr::Operand;
use super::bound::CallCx;
use super::creation::result_array;
use super::{FnGen, Ir, R};
use crate::models::array::ArrayValue;

/// A shape as Python writes a tuple, `{k}` placeholders from `first`: `(2,)`, `(2, 3)`, `()`.
fn python_shape(ndim: usize, first: usize) -> String {
    let parts: Vec<String> = (first..first + ndim).map(|k| format!("{{{k}}}")).collect();
    match ndim {
        1 => format!("({},)", parts[0]),
        _ => format!("({})", parts.join(", ")),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `x * y` in `t` (NumPy's complex product for complex numbers; integers wrap).
    fn times(
        &mut self,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Complex(_) => self.complex_binop(BinOp::Mul, x, y, t),
            _ => self.mul_values(x, y, t),
        }
    }

    /// `-x` in `t` (NumPy's `negative`: a float's sign flipped, integers wrapping).
    fn negated(&mut self, x: BasicValueEnum<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        Ok(match t {
            Type::Float(_) => self
                .b
                .build_float_neg(x.into_float_value(), "neg")
                .ir()?
                .into(),
            Type::Int(_) => self.b.build_int_neg(x.into_int_value(), "neg").ir()?.into(),
            other => {
                return Err(Diagnostic::internal(format!(
                    "np.cross() negation of {other}"
                )))
            }
        })
    }

    /// The three components of each vector of `arr` (its last axis), as operands over its
    /// other axes.
    fn components(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<(Vec<Operand<'ctx>>, IntValue<'ctx>)> {
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let n = shape.len() - 1;
        let lead = ArrayTy {
            ndim: n as u8,
            layout: oxjit_core::types::Layout::A,
            ..at.clone()
        };
        let data = ArrayValue(arr).data(&self.b)?;
        let mut out = Vec::new();
        // Of a 2-vector the third "component" is the second again (never used, but in bounds).
        let last = self.b.build_int_sub(shape[n], self.i64(1), "last").ir()?;
        for k in 0..3 {
            let beyond = self
                .b
                .build_int_compare(IntPredicate::SGT, self.i64(k), last, "beyond")
                .ir()?;
            let k = self
                .b
                .build_select(beyond, last, self.i64(k), "k")
                .ir()?
                .into_int_value();
            let offset = self.b.build_int_mul(strides[n], k, "off").ir()?;
            // SAFETY: inkwell's GEPs are unsafe for out-of-bounds indices; component `k` exists
            // (at most the last one), the lengths checked 2 or 3 before any item is read.
            let p = unsafe { self.b.build_gep(self.cx().i8_type(), data, &[offset], "c") }.ir()?;
            let view = self.view_of(arr, &lead, p, &shape[..n], &strides[..n])?;
            out.push(Operand::Array {
                arr: view,
                at: lead.clone(),
                shape: shape[..n].to_vec(),
                strides: strides[..n].to_vec(),
            });
        }
        Ok((out, shape[n]))
    }

    /// `np.cross(a, b)` of 3-vectors along the last axes, the other axes broadcast: NumPy's
    /// `a1*b2 - a2*b1`, `a2*b0 - a0*b2`, `a0*b1 - a1*b0` in the common dtype; a 2-vector with a
    /// 3-vector as NumPy's `cross` takes the missing component for 0 (`a1*b2`, `-(a0*b2)`,
    /// ... its products and negations, step for step). Its `ValueError` for vectors of other
    /// lengths; two 2-vectors (deprecated by NumPy, whose result for them has one dimension
    /// fewer, known only at run time) raise `ValueError`, as Numba's `np.cross` does.
    pub(super) fn lower_cross(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (a, at) = self.array_arg(&c.args[0]);
        let (b, bt) = self.array_arg(&c.args[1]);
        let rt = result_array(c)?;
        let (ca, na) = self.components(a, &at)?;
        let (cb, nb) = self.components(b, &bt)?;
        let mut ok = self.cx().bool_type().const_int(1, false);
        let mut three = self.cx().bool_type().const_zero();
        let mut threes = Vec::new();
        for n in [na, nb] {
            let is2 = self
                .b
                .build_int_compare(IntPredicate::EQ, n, self.i64(2), "two")
                .ir()?;
            let is3 = self
                .b
                .build_int_compare(IntPredicate::EQ, n, self.i64(3), "three")
                .ir()?;
            let either = self.b.build_or(is2, is3, "either").ir()?;
            ok = self.b.build_and(ok, either, "ok").ir()?;
            three = self.b.build_or(three, is3, "three").ir()?;
            threes.push(is3);
        }
        let msg = "incompatible dimensions for cross product\n(dimension must be 2 or 3)";
        self.check(ok, "ValueError", msg)?;
        let msg = "np.cross() of 2-vectors is not supported (deprecated by NumPy 2; as in Numba, \
                   use vectors of 3 or a[0] * b[1] - a[1] * b[0])";
        self.check(three, "ValueError", msg)?;
        self.check_vector_stacks(&ca[0], &cb[0])?;
        let mut operands = ca;
        operands.extend(cb);
        let n = rt.ndim as usize - 1;
        let mut shape = self.broadcast_shape(&operands, n, None)?;
        shape.push(self.i64(3));
        let out = self.new_array(&rt, &shape, false)?;
        let (ta, tb, t) = (at.dtype.clone(), bt.dtype.clone(), rt.dtype.clone());
        self.broadcast_each(&operands, &shape[..n], &mut |s, idx, items| {
            let mut x = Vec::new();
            for (k, v) in items.iter().enumerate() {
                let from = if k < 3 { &ta } else { &tb };
                x.push(s.numpy_cast(*v, from, &t)?);
            }
            let (a, b) = (&x[..3], &x[3..]);
            for (k, (i, j)) in [(1, 2), (2, 0), (0, 1)].into_iter().enumerate() {
                let p = s.times(a[i], b[j], &t)?;
                let q = s.times(a[j], b[i], &t)?;
                let d = s.difference(p, q, &t)?;
                // a 2-vector: a2 = 0 (p stands where i = 2, -q where j = 2); b likewise.
                let d = match k {
                    2 => d,
                    _ => {
                        let neg_q = s.negated(q, &t)?;
                        let (a_short, b_short) = if i == 2 { (neg_q, p) } else { (p, neg_q) };
                        let d = s.b.build_select(threes[0], d, a_short, "a2").ir()?;
                        s.b.build_select(threes[1], d, b_short, "b2").ir()?
                    }
                };
                let mut at_k = idx.to_vec();
                at_k.push(s.i64(k as i64));
                let ptr = s.element_ptr(out, &rt, &at_k)?;
                s.b.build_store(ptr, d).ir()?;
            }
            Ok(())
        })?;
        Ok(out.into())
    }

    /// NumPy's `np.broadcast` check of the two stacks of vectors (their shapes without the
    /// last axis), with its message.
    fn check_vector_stacks(&mut self, a: &Operand<'ctx>, b: &Operand<'ctx>) -> R<()> {
        let (Operand::Array { shape: sa, .. }, Operand::Array { shape: sb, .. }) = (a, b) else {
            return Ok(());
        };
        let n = sa.len().max(sb.len());
        let mut ok = self.cx().bool_type().const_int(1, false);
        for k in 0..n {
            let dim = |s: &[IntValue<'ctx>]| (k + s.len()).checked_sub(n).map(|i| s[i]);
            let (Some(x), Some(y)) = (dim(sa), dim(sb)) else {
                continue;
            };
            let mut fine = self
                .b
                .build_int_compare(IntPredicate::EQ, x, y, "eq")
                .ir()?;
            for d in [x, y] {
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, d, self.i64(1), "one")
                    .ir()?;
                fine = self.b.build_or(fine, one, "fine").ir()?;
            }
            ok = self.b.build_and(ok, fine, "ok").ir()?;
        }
        let fail = self.cx().append_basic_block(self.f, "cross.shapes");
        let cont = self.cx().append_basic_block(self.f, "cross.ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let template = format!(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is \
             between arg 0 with shape {} and arg 1 with shape {}.",
            python_shape(sa.len(), 0),
            python_shape(sb.len(), sa.len())
        );
        let mut ints = sa.clone();
        ints.extend(sb.iter().copied());
        self.raise_formatted("ValueError", &template, &ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// `np.vander(x, N, increasing)`: row `i` holds the powers of `x[i]` in the result's dtype,
    /// each the previous one times `x[i]` (NumPy's `multiply.accumulate`), the highest first
    /// unless `increasing`.
    pub(super) fn lower_vander(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (x, xt) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let len = self.array_shape(x, 0)?;
        let n = match &c.args[1].t {
            Type::NoneType => len,
            t => self.cast(c.args[1].v, t, &Type::I64)?.into_int_value(),
        };
        let increasing = self.truth(c.args[2].v, &c.args[2].t)?;
        let out = self.new_array(&rt, &[len, n], false)?;
        let t = rt.dtype.clone();
        let one = self.numpy_cast(self.i64(1).into(), &Type::I64, &t)?;
        let power = self.alloca(self.llvm_type(&t), "power")?;
        let last = self.b.build_int_sub(n, self.i64(1), "last").ir()?;
        self.for_each_index(&[len], &mut |s: &mut Self, i: &[IntValue<'ctx>]| {
            let xi = s.array_load(x, &xt, i)?;
            let xi = s.numpy_cast(xi, &xt.dtype, &t)?;
            s.b.build_store(power, one).ir()?;
            s.for_each_index(&[n], &mut |s: &mut Self, j: &[IntValue<'ctx>]| {
                let p = s.b.build_load(s.llvm_type(&t), power, "p").ir()?;
                let from_end = s.b.build_int_sub(last, j[0], "col").ir()?;
                let col = s.b.build_select(increasing, j[0], from_end, "col").ir()?;
                let ptr = s.element_ptr(out, &rt, &[i[0], col.into_int_value()])?;
                s.b.build_store(ptr, p).ir()?;
                // The first power is `x` itself (NumPy copies it), the others products.
                let first =
                    s.b.build_int_compare(IntPredicate::EQ, j[0], s.i64(0), "first")
                        .ir()?;
                let next = s.times(p, xi, &t)?;
                let next = s.b.build_select(first, xi, next, "next").ir()?;
                s.b.build_store(power, next).ir()?;
                Ok(())
            })
        })?;
        Ok(out.into())
    }
}
