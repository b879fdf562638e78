//! New views and reshaped arrays: `reshape`, `ravel`, `flatten`, `transpose`, `view`, `diag`,
//! `triu`/`tril`, `item`, `meshgrid`, `ndindex` and `nditer`. Views share the array's block and
//! take their own reference, as every result of a call owns one.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Const;
use oxjit_core::registry::ArrayFn;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::bound::{Arg, CallCx};
use super::creation::{array_fn, result_array};
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `a.reshape(shape)`, `a.reshape(2, 3)`, `np.ravel(a)`: views where the strides allow.
    pub(super) fn lower_reshape(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (f, args, rt) = (array_fn(c)?, c.args, result_array(c)?);
        let (src, st) = self.array_arg(&args[0]);
        let (shape, template) = if f == ArrayFn::Ravel {
            (vec![self.i64(-1)], "()".to_string())
        } else if args.len() > 2 {
            self.reshape_target(&args[1..])?
        } else {
            self.reshape_target(std::slice::from_ref(&args[1]))?
        };
        Ok(self
            .reshape(src, &st, &rt, &shape, &template, f == ArrayFn::Reshape)?
            .into())
    }

    /// `a.flatten()`: a C copy, reshaped to one dimension.
    pub(super) fn lower_flatten(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let copy_t = ArrayTy {
            ndim: st.ndim,
            ..rt.clone()
        };
        let copy = self.copy_of(src, &st, &copy_t)?;
        let size = self.array_size(copy, &copy_t)?;
        Ok(self.reshaped(copy, &copy_t, &rt, &[size])?.into())
    }

    /// `a.transpose()`, `np.transpose(a)`: a view with the axes reversed; `np.transpose(a,
    /// axes)`, `a.transpose(*axes)`: with axis `k` of the view axis `axes[k]` of `a`.
    pub(super) fn lower_transpose(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let t = match &c.decoded.axes {
            Some(perm) => {
                let shape = self.shape_values(src, &st)?;
                let strides = self.array_strides(src, &st)?;
                let pick = |v: &[IntValue<'ctx>]| -> Vec<IntValue<'ctx>> {
                    perm.iter().map(|&k| v[usize::from(k)]).collect()
                };
                let data = crate::models::array::ArrayValue(src).data(&self.b)?;
                self.view_of(src, &rt, data, &pick(&shape), &pick(&strides))?
            }
            None => self.transposed(src, &st, &rt)?,
        };
        self.incref(t.into(), c.result)?;
        Ok(t.into())
    }

    /// `a.view(dtype)`: the same memory read as another dtype of the same size (a new
    /// reference).
    pub(super) fn lower_view(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        let (old, new) = (
            size_align(&st.dtype).0 as i64,
            size_align(&rt.dtype).0 as i64,
        );
        if old == new {
            self.incref(c.args[0].v, &c.args[0].t)?;
            return Ok(c.args[0].v);
        }
        // NumPy's rules (`array_descr_set`): the last axis, contiguous unless of length 1 or
        // the array empty, rescaled to the new item size.
        let mut shape = self.shape_values(src, &st)?;
        let mut strides = self.array_strides(src, &st)?;
        let last = shape.len() - 1;
        let (n, stride) = (shape[last], strides[last]);
        let eq = |s: &Self, a: IntValue<'ctx>, b: IntValue<'ctx>| {
            s.b.build_int_compare(IntPredicate::EQ, a, b, "eq").ir()
        };
        let size = self.array_size(src, &st)?;
        let one = eq(self, n, self.i64(1))?;
        let empty = eq(self, size, self.i64(0))?;
        let contiguous = eq(self, stride, self.i64(old))?;
        let ok = self.b.build_or(one, empty, "ok").ir()?;
        let ok = self.b.build_or(ok, contiguous, "ok").ir()?;
        self.check(
            ok,
            "ValueError",
            "To change to a dtype of a different size, the last axis must be contiguous",
        )?;
        let bytes = self.b.build_int_mul(n, self.i64(old), "bytes").ir()?;
        if new > old {
            let rem = self
                .b
                .build_int_signed_rem(bytes, self.i64(new), "rem")
                .ir()?;
            let whole = eq(self, rem, self.i64(0))?;
            self.check(
                whole,
                "ValueError",
                "When changing to a larger dtype, its size must be a divisor of the total size in bytes of the last axis of the array.",
            )?;
        }
        shape[last] = self
            .b
            .build_int_signed_div(bytes, self.i64(new), "n")
            .ir()?;
        strides[last] = self.i64(new);
        // The view takes its own reference, once nothing can raise.
        self.incref(c.args[0].v, &c.args[0].t)?;
        let arr = src;
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        Ok(self
            .build_array(&rt, meminfo, data, &shape, &strides)?
            .into())
    }

    /// `np.nditer(a)`: iterates over the array, which it borrows (like an iterator).
    pub(super) fn lower_nditer(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        if matches!(c.args[0].t, Type::Tuple(_)) {
            return self.lower_nditer_several(c);
        }
        Ok(c.args[0].v)
    }

    /// `np.ndenumerate(a)`: `zip(np.ndindex(a.shape), a.flat)`, borrowing the array.
    pub(super) fn lower_ndenumerate(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(at) = &c.args[0].t else {
            return Err(Diagnostic::internal("np.ndenumerate of a non-array"));
        };
        let arr = c.args[0].v.into_struct_value();
        let st = self.llvm_type(c.result).into_struct_type();
        let shape_t = self.llvm_type(&Type::NdIndex(at.ndim)).into_struct_type();
        let mut shape = shape_t.get_undef();
        for (k, d) in self.shape_values(arr, at)?.into_iter().enumerate() {
            shape = self
                .b
                .build_insert_value(shape, d, k as u32, "shape")
                .ir()?
                .into_struct_value();
        }
        let agg = self
            .b
            .build_insert_value(st.get_undef(), shape, 0, "ndenumerate")
            .ir()?;
        let agg = self.b.build_insert_value(agg, arr, 1, "ndenumerate").ir()?;
        Ok(agg.into_struct_value().into())
    }

    /// `np.ndindex(*shape)`: the shape, iterated over later.
    pub(super) fn lower_ndindex(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let dims: Vec<IntValue<'ctx>> = match c.args {
            [one] if matches!(one.t, Type::Tuple(_)) => self.shape_argument(one)?,
            _ => c
                .args
                .iter()
                .map(|a| Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value()))
                .collect::<R<_>>()?,
        };
        self.struct_of(c.result, dims, "shape")
    }

    /// `np.diagflat(v, k)`: `np.diag` of `v` flattened in C order (a 1-d `v` as it is, others
    /// copied first).
    pub(super) fn lower_diagflat(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (args, rt) = (c.args, result_array(c)?);
        let (src, st) = self.array_arg(&args[0]);
        let k = self
            .cast(args[1].v, &args[1].t, &Type::I64)?
            .into_int_value();
        if st.ndim == 1 {
            return Ok(self.diag(src, &st, k, &rt)?.into());
        }
        let flat_t = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            readonly: false,
            ..st.clone()
        };
        let copy_t = ArrayTy {
            layout: Layout::C,
            readonly: false,
            ..st.clone()
        };
        let copy = self.copy_of(src, &st, &copy_t)?;
        let size = self.array_size(copy, &copy_t)?;
        let flat = self.reshaped(copy, &copy_t, &flat_t, &[size])?;
        let flat_type = Type::Array(flat_t.clone().into());
        self.extra_live.push((flat.into(), flat_type.clone()));
        let out = self.diag(flat, &flat_t, k, &rt);
        self.extra_live.pop();
        let out = out?;
        self.decref(flat.into(), &flat_type)?;
        Ok(out.into())
    }

    /// `np.diag(v, k)`.
    pub(super) fn lower_diag(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (args, rt) = (c.args, result_array(c)?);
        let (src, st) = self.array_arg(&args[0]);
        let k = self
            .cast(args[1].v, &args[1].t, &Type::I64)?
            .into_int_value();
        let out = self.diag(src, &st, k, &rt)?;
        if st.ndim == 2 {
            // A view: it takes its own reference, as the results of calls own one.
            self.incref(out.into(), c.result)?;
        }
        Ok(out.into())
    }

    /// `np.triu(m, k)`, `np.tril(m, k)`: a copy with the items below (above) the `k`th
    /// diagonal zeroed.
    pub(super) fn lower_triangle(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (args, rt) = (c.args, result_array(c)?);
        let (src, st) = self.array_arg(&args[0]);
        let k = self
            .cast(args[1].v, &args[1].t, &Type::I64)?
            .into_int_value();
        let mut shape = self.shape_values(src, &st)?;
        if st.ndim == 1 {
            shape.insert(0, shape[0]);
        }
        let nd = shape.len();
        // NumPy's operands: the (rows, cols) bool mask, C-contiguous, and `m`.
        let mask = (shape[nd - 2..].to_vec(), vec![shape[nd - 1], self.i64(1)]);
        let m = (shape.clone(), self.array_strides(src, &st)?);
        let out = match st.ndim {
            1 => self.new_array(&rt, &shape, false)?,
            _ => self.new_array_keep_order(&rt, &shape, &[mask, m])?,
        };
        let zero = self.numpy_cast(self.i64(0).into(), &Type::I64, &rt.dtype)?;
        let upper = array_fn(c)? == ArrayFn::Triu;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            // Over the last two axes, triu keeps j >= i + k; tril keeps j <= i + k.
            let (i, j) = (idx[nd - 2], idx[nd - 1]);
            let lim = s.b.build_int_add(i, k, "lim").ir()?;
            let pred = if upper {
                IntPredicate::SGE
            } else {
                IntPredicate::SLE
            };
            let keep = s.b.build_int_compare(pred, j, lim, "keep").ir()?;
            let at = if st.ndim == 1 { &idx[1..] } else { idx };
            let x = s.array_load(src, &st, at)?;
            let x = s.b.build_select(keep, x, zero, "x").ir()?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `a.item()`, `a.item(k)`.
    pub(super) fn lower_item(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        self.item(&c.args[0], &c.args[1])
    }

    /// `np.meshgrid(x, y)`.
    pub(super) fn lower_meshgrid(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        self.meshgrid(&c.args[0], &c.args[1], c.result)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The transpose of `arr`, a view (no new reference).
    pub fn transposed(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        tt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let strides = self.array_strides(arr, at)?;
        let shape = self.shape_values(arr, at)?;
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        let rshape: Vec<IntValue<'ctx>> = shape.into_iter().rev().collect();
        let rstrides: Vec<IntValue<'ctx>> = strides.into_iter().rev().collect();
        self.build_array(tt, meminfo, data, &rshape, &rstrides)
    }

    /// A C-contiguous array's data under another shape, a view (no new reference).
    pub(super) fn reshaped(
        &self,
        arr: StructValue<'ctx>,
        _at: &ArrayTy,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<StructValue<'ctx>> {
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        let strides = self.contiguous_strides(rt, shape)?;
        self.build_array(rt, meminfo, data, shape, &strides)
    }

    /// The shape `reshape` is asked for, and NumPy's way of writing it in its error message
    /// (`(4,newaxis)` for `(4, -1)`).
    pub(super) fn reshape_target(&self, items: &[Arg<'ctx>]) -> R<(Vec<IntValue<'ctx>>, String)> {
        let (values, consts): (Vec<IntValue<'ctx>>, Vec<Option<Const>>) = match items {
            [one] if matches!(one.t, Type::Tuple(_)) => {
                let consts = match &one.c {
                    Some(Const::Tuple(cs)) => cs.iter().cloned().map(Some).collect(),
                    _ => vec![None; self.shape_argument(one)?.len()],
                };
                (self.shape_argument(one)?, consts)
            }
            _ => (
                items
                    .iter()
                    .map(|a| Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value()))
                    .collect::<R<_>>()?,
                items.iter().map(|a| a.c.clone()).collect(),
            ),
        };
        // NumPy's `convert_shape_to_string`: leading unknown (negative) dimensions are left out,
        // later ones are written `newaxis`; a 1-tuple keeps its comma.
        let negative = |c: &Option<Const>| matches!(c, Some(Const::Int(x)) if *x < 0);
        let first = consts.iter().take_while(|c| negative(c)).count();
        let template = if first == consts.len() {
            "()".to_string()
        } else {
            let parts: Vec<String> = (first..consts.len())
                .map(|k| {
                    if negative(&consts[k]) {
                        "newaxis".to_string()
                    } else {
                        format!("{{{}}}", k + 1)
                    }
                })
                .collect();
            let comma = if consts.len() == 1 { "," } else { "" };
            format!("({}{comma})", parts.join(","))
        };
        Ok((values, template))
    }

    /// `arr.reshape(shape)` (one `-1` is inferred): a view of a C-contiguous array; of another
    /// array a view wherever NumPy's `_attempt_nocopy_reshape` finds strides for one (`strided`;
    /// `ravel` asks for C-contiguous memory instead), else a C-ordered copy.
    pub(super) fn reshape(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        template: &str,
        strided: bool,
    ) -> R<StructValue<'ctx>> {
        let size = self.array_size(arr, at)?;
        let minus_one = self.i64(-1);
        let (inferred, ok) = self.reshape_fits(shape, size)?;
        let fail = self.cx().append_basic_block(self.f, "bad_shape");
        let cont = self.cx().append_basic_block(self.f, "shape_ok");
        self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let mut ints = vec![size];
        ints.extend(shape.iter().copied());
        self.raise_formatted(
            "ValueError",
            &format!("cannot reshape array of size {{0}} into shape {template}"),
            &ints,
        )?;
        self.b.position_at_end(cont);
        let new_shape: Vec<IntValue<'ctx>> = shape
            .iter()
            .map(|&d| {
                let is_unknown = self
                    .b
                    .build_int_compare(IntPredicate::EQ, d, minus_one, "unknown")
                    .ir()?;
                Ok(self
                    .b
                    .build_select(is_unknown, inferred, d, "dim")
                    .ir()?
                    .into_int_value())
            })
            .collect::<R<_>>()?;
        let c_src = ArrayTy {
            layout: Layout::C,
            ..at.clone()
        };
        match at.layout {
            Layout::C => {
                let view = self.reshaped(arr, at, rt, &new_shape)?;
                self.incref(view.into(), &Type::Array(rt.clone().into()))?;
                Ok(view)
            }
            Layout::F if at.ndim > 1 && !strided => {
                let copy = self.copy_of(arr, at, &c_src)?;
                self.reshaped(copy, &c_src, rt, &new_shape)
            }
            _ => {
                // Strided (or 1-d F): a view where the memory allows one.
                let (contiguous, view_strides) = if strided {
                    let (ok, strides) = self.nocopy_strides(arr, at, &new_shape)?;
                    (ok, Some(strides))
                } else {
                    (self.is_c_contiguous(arr, at)?, None)
                };
                let view_bb = self.cx().append_basic_block(self.f, "reshape.view");
                let copy_bb = self.cx().append_basic_block(self.f, "reshape.copy");
                let done = self.cx().append_basic_block(self.f, "reshape.done");
                self.b
                    .build_conditional_branch(contiguous, view_bb, copy_bb)
                    .ir()?;
                self.b.position_at_end(view_bb);
                let view = match view_strides {
                    Some(strides) => {
                        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
                        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
                        self.build_array(rt, meminfo, data, &new_shape, &strides)?
                    }
                    None => self.reshaped(arr, at, rt, &new_shape)?,
                };
                self.incref(view.into(), &Type::Array(rt.clone().into()))?;
                let view_end = self.b.get_insert_block().expect("block");
                self.b.build_unconditional_branch(done).ir()?;
                self.b.position_at_end(copy_bb);
                let copy = self.copy_of(arr, at, &c_src)?;
                let copied = self.reshaped(copy, &c_src, rt, &new_shape)?;
                let copy_end = self.b.get_insert_block().expect("block");
                self.b.build_unconditional_branch(done).ir()?;
                self.b.position_at_end(done);
                let phi = self
                    .b
                    .build_phi(self.m.array_struct_type(rt), "reshaped")
                    .ir()?;
                phi.add_incoming(&[(&view, view_end), (&copied, copy_end)]);
                Ok(phi.as_basic_value().into_struct_value())
            }
        }
    }

    /// Whether `shape` (one `-1` at most, inferred) fits an array of `size` items: the inferred
    /// dimension and the condition (NumPy's `ValueError` for more than one unknown is raised).
    fn reshape_fits(
        &mut self,
        shape: &[IntValue<'ctx>],
        size: IntValue<'ctx>,
    ) -> R<(IntValue<'ctx>, IntValue<'ctx>)> {
        let minus_one = self.i64(-1);
        let mut unknown = self.i64(0);
        let mut known = self.i64(1);
        for &d in shape {
            let is_unknown = self
                .b
                .build_int_compare(IntPredicate::EQ, d, minus_one, "unknown")
                .ir()?;
            let count = self
                .b
                .build_int_z_extend(is_unknown, self.cx().i64_type(), "n")
                .ir()?;
            unknown = self.b.build_int_add(unknown, count, "unknowns").ir()?;
            let factor = self
                .b
                .build_select(is_unknown, self.i64(1), d, "factor")
                .ir()?
                .into_int_value();
            known = self.b.build_int_mul(known, factor, "known").ir()?;
        }
        let at_most_one = self
            .b
            .build_int_compare(IntPredicate::ULE, unknown, self.i64(1), "one")
            .ir()?;
        self.check(
            at_most_one,
            "ValueError",
            "can only specify one unknown dimension",
        )?;
        // The inferred dimension (when there is one): size / known, which must divide exactly.
        let known_nonzero = self
            .b
            .build_int_compare(IntPredicate::NE, known, self.i64(0), "nz")
            .ir()?;
        let safe_known = self
            .b
            .build_select(known_nonzero, known, self.i64(1), "k")
            .ir()?
            .into_int_value();
        let inferred = self
            .b
            .build_int_signed_div(size, safe_known, "inferred")
            .ir()?;
        let has_unknown = self
            .b
            .build_int_compare(IntPredicate::EQ, unknown, self.i64(1), "has")
            .ir()?;
        let total = self
            .b
            .build_select(
                has_unknown,
                self.b.build_int_mul(inferred, known, "t").ir()?,
                known,
                "total",
            )
            .ir()?
            .into_int_value();
        let fits = self
            .b
            .build_int_compare(IntPredicate::EQ, total, size, "fits")
            .ir()?;
        let fits_any = self.b.build_and(fits, known_nonzero, "fits").ir()?;
        let ok = self
            .b
            .build_select(has_unknown, fits_any, fits, "ok")
            .ir()?
            .into_int_value();
        Ok((inferred, ok))
    }

    /// Whether a strided array's memory is C-contiguous (dimensions of size 1 do not count).
    pub(super) fn is_c_contiguous(
        &self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
    ) -> R<IntValue<'ctx>> {
        let strides = self.array_strides(arr, at)?;
        let shape = self.shape_values(arr, at)?;
        let mut expected = self.i64(size_align(&at.dtype).0 as i64);
        let mut ok = self.cx().bool_type().const_int(1, false);
        for k in (0..shape.len()).rev() {
            let same = self
                .b
                .build_int_compare(IntPredicate::EQ, strides[k], expected, "same")
                .ir()?;
            let one = self
                .b
                .build_int_compare(IntPredicate::EQ, shape[k], self.i64(1), "one")
                .ir()?;
            let fine = self.b.build_or(same, one, "fine").ir()?;
            ok = self.b.build_and(ok, fine, "contiguous").ir()?;
            expected = self.b.build_int_mul(expected, shape[k], "expected").ir()?;
        }
        Ok(ok)
    }

    /// `np.diag(v, k)`: a 1-d `v` on the `k`th diagonal of a square matrix, or the `k`th
    /// diagonal of a matrix as a read-only view of it (NumPy's `a.diagonal(k)`).
    pub(super) fn diag(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        k: IntValue<'ctx>,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let neg_k = self.b.build_int_neg(k, "negk").ir()?;
        let row0 = self.smax(self.i64(0), neg_k)?;
        let col0 = self.smax(self.i64(0), k)?;
        if st.ndim == 1 {
            let n = self.array_shape(src, 0)?;
            let abs_k = self.smax(k, neg_k)?;
            let size = self.b.build_int_add(n, abs_k, "size").ir()?;
            let out = self.new_array(rt, &[size, size], true)?;
            self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                let x = s.array_load(src, st, idx)?;
                let r = s.b.build_int_add(row0, idx[0], "r").ir()?;
                let c = s.b.build_int_add(col0, idx[0], "c").ir()?;
                let p = s.element_ptr(out, rt, &[r, c])?;
                s.b.build_store(p, x).ir()?;
                Ok(())
            })?;
            return Ok(out);
        }
        // As NumPy's `a.diagonal(k)`: a read-only view (the result type says read-only) of
        // min(rows - row0, cols - col0) items, at least 0, one row and one column apart.
        let rows = self.array_shape(src, 0)?;
        let cols = self.array_shape(src, 1)?;
        let a = self.b.build_int_sub(rows, row0, "a").ir()?;
        let b = self.b.build_int_sub(cols, col0, "b").ir()?;
        let len = self.smin(a, b)?;
        let len = self.smax(len, self.i64(0))?;
        let strides = self.stored_strides(src, st)?;
        let step = self.b.build_int_add(strides[0], strides[1], "step").ir()?;
        // NumPy moves to the diagonal's start only when it lies within the array (on its edge
        // included); a diagonal past the edge is empty and starts at the array's data.
        let row_out = self
            .b
            .build_int_compare(IntPredicate::SGT, row0, rows, "rowout")
            .ir()?;
        let col_out = self
            .b
            .build_int_compare(IntPredicate::SGT, col0, cols, "colout")
            .ir()?;
        let outside = self.b.build_or(row_out, col_out, "outside").ir()?;
        let r_off = self.b.build_int_mul(row0, strides[0], "roff").ir()?;
        let c_off = self.b.build_int_mul(col0, strides[1], "coff").ir()?;
        let offset = self.b.build_int_add(r_off, c_off, "offset").ir()?;
        let offset = self
            .b
            .build_select(outside, self.i64(0), offset, "offset")
            .ir()?
            .into_int_value();
        let data = self
            .b
            .build_extract_value(src, 1, "data")
            .ir()?
            .into_pointer_value();
        // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the offset of
        // the diagonal's first item, inside the array's data (the diagonal is empty otherwise, and
        // never read).
        let data = unsafe {
            self.b
                .build_gep(self.cx().i8_type(), data, &[offset], "diagdata")
        }
        .ir()?;
        let meminfo = self.b.build_extract_value(src, 0, "meminfo").ir()?;
        self.build_array(rt, meminfo, data.into(), &[len], &[step])
    }

    /// `a.item()` (a one-item array) or `a.item(i)` (the `i`th item in C order; negative from
    /// the end), with NumPy's errors.
    pub(super) fn item(&mut self, a: &Arg<'ctx>, index: &Arg<'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_arg(a);
        let size = self.array_size(arr, &at)?;
        let flat = match &index.t {
            Type::NoneType => {
                let one = self
                    .b
                    .build_int_compare(IntPredicate::EQ, size, self.i64(1), "one")
                    .ir()?;
                self.check(
                    one,
                    "ValueError",
                    "can only convert an array of size 1 to a Python scalar",
                )?;
                self.i64(0)
            }
            t => {
                let i = self.cast(index.v, t, &Type::I64)?.into_int_value();
                // NumPy names the axis only for 1-d arrays.
                let template = if at.ndim == 1 {
                    "index {0} is out of bounds for axis 0 with size {1}"
                } else {
                    "index {0} is out of bounds for size {1}"
                };
                self.checked_index_with(i, size, template)?
            }
        };
        let idx = self.unravel(arr, &at, flat, false)?;
        self.array_load(arr, &at, &idx)
    }

    /// `np.meshgrid(x, y)` (NumPy's default `indexing='xy'`): `X[i, j] = x[j]`, `Y[i, j] =
    /// y[i]`, both of shape `(len(y), len(x))`, new arrays.
    pub(super) fn meshgrid(
        &mut self,
        x: &Arg<'ctx>,
        y: &Arg<'ctx>,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = result else {
            return Err(Diagnostic::internal("meshgrid() makes a tuple"));
        };
        let (Type::Array(xt_out), Type::Array(yt_out)) = (&items[0], &items[1]) else {
            return Err(Diagnostic::internal("meshgrid() makes arrays"));
        };
        let (xs, xt) = self.array_arg(x);
        let (ys, yt) = self.array_arg(y);
        let shape = [self.array_shape(ys, 0)?, self.array_shape(xs, 0)?];
        let gx = self.new_array(xt_out, &shape, false)?;
        self.extra_live.push((gx.into(), items[0].clone()));
        let gy = self.new_array(yt_out, &shape, false);
        self.extra_live.pop();
        let gy = gy?;
        let (xo, yo) = ((**xt_out).clone(), (**yt_out).clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let xv = s.array_load(xs, &xt, &[idx[1]])?;
            let yv = s.array_load(ys, &yt, &[idx[0]])?;
            let p = s.element_ptr(gx, &xo, idx)?;
            s.b.build_store(p, xv).ir()?;
            let q = s.element_ptr(gy, &yo, idx)?;
            s.b.build_store(q, yv).ir()?;
            Ok(())
        })?;
        let st = self.llvm_type(result).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), gx, 0, "grid")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, gy, 1, "grid")
            .ir()?
            .into_struct_value()
            .into())
    }
}
