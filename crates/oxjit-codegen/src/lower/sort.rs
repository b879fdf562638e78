//! Sorting and searching: `np.sort`/`a.sort()`, `argsort`, `unique`, `nonzero` and
//! `np.where(condition)`, through the runtime's sorts (NumPy's orders, stable where asked).

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::IntPredicate;
use oxjit_abi::{RuntimeFn, SortElem, SortOp};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{ArrayTy, IntTy, Layout, Type};

use super::bound::{Arg, CallCx};
use super::creation::result_array;
use super::{FnGen, Ir, R};

/// The element type of the runtime's sorting functions for `dtype` (booleans and uint8 share one).
pub(super) fn sort_elem(dtype: &Type) -> SortElem {
    match dtype {
        // uint8 sorts as bytes, as bool does.
        Type::Bool
        | Type::Int(IntTy {
            bits: 8,
            signed: false,
        }) => SortElem::Bool,
        Type::Int(IntTy { bits: 8, .. }) => SortElem::Int8,
        Type::Int(IntTy {
            bits: 16,
            signed: true,
        }) => SortElem::Int16,
        Type::Int(IntTy {
            bits: 32,
            signed: true,
        }) => SortElem::Int32,
        Type::Int(IntTy {
            bits: 64,
            signed: true,
        }) => SortElem::Int64,
        Type::Int(IntTy { bits: 16, .. }) => SortElem::Uint16,
        Type::Int(IntTy { bits: 32, .. }) => SortElem::Uint32,
        Type::Int(IntTy { bits: 64, .. }) => SortElem::Uint64,
        Type::Float(32) => SortElem::Float32,
        Type::Float(64) => SortElem::Float64,
        t => unreachable!("typing sorts no {t}"),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.sort(a)` (a sorted copy, in `a`'s memory order) and `a.sort()` (in place).
    pub(super) fn lower_sort(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let stable = self.sort_kind(c.decoded)?;
        let (src, st) = self.array_arg(&c.args[0]);
        if c.decoded.in_place {
            self.sort_rows(src, &st, stable)?;
            return Ok(self.cx().i8_type().const_zero().into());
        }
        let rt = result_array(c)?;
        if rt.layout != Layout::C {
            return Ok(self.sorted_keeping_order(src, &st, &rt, stable)?.into());
        }
        let copy = self.copy_of(src, &st, &rt)?;
        self.extra_live.push((copy.into(), c.result.clone()));
        let sorted = self.sort_rows(copy, &rt, stable);
        self.extra_live.pop();
        sorted?;
        Ok(copy.into())
    }

    /// `np.argsort(a)`, `a.argsort()`: always stable (see `oxjit-runtime/src/sort.rs`); the
    /// kind is still checked. Each row (along the last axis) is sorted into the same row of a
    /// new C array of indices.
    pub(super) fn lower_argsort(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        self.sort_kind(c.decoded)?;
        let rt = result_array(c)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let shape = self.shape_values(src, &st)?;
        let out = self.new_array(&rt, &shape, false)?;
        let last = shape.len() - 1;
        let (n, stride) = (shape[last], self.array_strides(src, &st)?[last]);
        let f = self.runtime(match st.dtype {
            Type::Complex(64) => RuntimeFn::ArgsortComplex64,
            Type::Complex(_) => RuntimeFn::ArgsortComplex128,
            ref t => RuntimeFn::Sort(SortOp::Argsort, sort_elem(t)),
        });
        let zero = self.i64(0);
        self.for_each_index(
            &shape[..last],
            &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                // The first item of the row (an address only: the row may be empty).
                let at = [idx, &[zero]].concat();
                let data = s.element_ptr(src, &st, &at)?;
                let out_data = s.element_ptr(out, &rt, &at)?;
                s.b.build_call(
                    f,
                    &[data.into(), n.into(), stride.into(), out_data.into()],
                    "",
                )
                .ir()?;
                Ok(())
            },
        )?;
        Ok(out.into())
    }

    /// `np.unique(a)`: a sorted copy of all the items, runs of equal items kept once: the
    /// first `k` items of the copy's block are the result.
    pub(super) fn lower_unique(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let rt = result_array(c)?;
        let (src, st) = self.array_arg(&c.args[0]);
        let flat_t = ArrayTy {
            ndim: st.ndim,
            ..rt.clone()
        };
        let copy = self.copy_of(src, &st, &flat_t)?;
        let size = self.array_size(copy, &flat_t)?;
        let data = self.b.build_extract_value(copy, 1, "data").ir()?;
        let elem = sort_elem(&st.dtype);
        let sort = self.runtime(RuntimeFn::Sort(SortOp::Sort, elem));
        self.b
            .build_call(sort, &[data.into(), size.into()], "")
            .ir()?;
        let unique = self.runtime(RuntimeFn::Sort(SortOp::Unique, elem));
        let k = self
            .b
            .build_call(unique, &[data.into(), size.into()], "k")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("count")
            .into_int_value();
        Ok(self.reshaped(copy, &flat_t, &rt, &[k])?.into())
    }

    /// `np.nonzero(a)`, `a.nonzero()` and `np.where(condition)`; `np.where(c, x, y)` is an
    /// array expression (fused after typing).
    pub(super) fn lower_nonzero(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        if c.args.len() == 3 && c.args[1].t != Type::NoneType {
            return Err(Diagnostic::internal(
                "np.where(c, x, y) is lowered as an array expression",
            ));
        }
        self.nonzero(&c.args[0], c.result)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Whether a sort's `kind`/`order`/`stable` arguments ask for a stable sort; where NumPy
    /// raises `ValueError` for them, the call raises it.
    pub(super) fn sort_kind(&mut self, d: &Decoded) -> R<bool> {
        match &d.stable {
            Some(Ok(stable)) => Ok(*stable),
            Some(Err(msg)) => {
                let never = self.cx().bool_type().const_zero();
                self.check(never, "ValueError", msg)?;
                Ok(false)
            }
            None => Err(Diagnostic::internal("a sort without its decoded kind")),
        }
    }

    /// Sorts each row (along the last axis) of a C-contiguous array in place.
    pub(super) fn sort_rows(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        stable: bool,
    ) -> R<()> {
        let shape = self.shape_values(arr, at)?;
        let last = *shape.last().expect("an array has dimensions");
        let size = self.array_size(arr, at)?;
        let nonempty = self
            .b
            .build_int_compare(IntPredicate::SGT, last, self.i64(0), "nonempty")
            .ir()?;
        let safe_last = self
            .b
            .build_select(nonempty, last, self.i64(1), "len")
            .ir()?
            .into_int_value();
        let rows = self.b.build_int_signed_div(size, safe_last, "rows").ir()?;
        let elem_t = self.llvm_type(&at.dtype);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        let op = if stable {
            SortOp::StableSort
        } else {
            SortOp::Sort
        };
        // Complex items sort through one function per width, told whether to be stable.
        let complex = match at.dtype {
            Type::Complex(64) => Some(RuntimeFn::SortComplex64),
            Type::Complex(_) => Some(RuntimeFn::SortComplex128),
            _ => None,
        };
        let sort =
            self.runtime(complex.unwrap_or_else(|| RuntimeFn::Sort(op, sort_elem(&at.dtype))));
        let stable_flag = self.cx().bool_type().const_int(u64::from(stable), false);
        self.for_each_index(&[rows], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let start = s.b.build_int_mul(idx[0], last, "start").ir()?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): the offset
            // of row `idx` (below the length) of the array: inside its data.
            let row = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[start], "row") }.ir()?;
            if complex.is_some() {
                s.b.build_call(sort, &[row.into(), last.into(), stable_flag.into()], "")
                    .ir()?;
            } else {
                s.b.build_call(sort, &[row.into(), last.into()], "").ir()?;
            }
            Ok(())
        })
    }

    /// `np.nonzero(a)` (and `np.where(a)`): for each dimension, the indices of the nonzero items
    /// in C order, counted first, then filled.
    pub(super) fn nonzero(&mut self, a: &Arg<'ctx>, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_arg(a);
        let shape = self.shape_values(arr, &at)?;
        let counter = self.alloca(self.cx().i64_type().into(), "count")?;
        self.b.build_store(counter, self.i64(0)).ir()?;
        let dtype = at.dtype.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(arr, &at, idx)?;
            let t = s.truth(x, &dtype)?;
            let one = s.b.build_int_z_extend(t, s.cx().i64_type(), "one").ir()?;
            let c =
                s.b.build_load(s.cx().i64_type(), counter, "c")
                    .ir()?
                    .into_int_value();
            let c = s.b.build_int_add(c, one, "c").ir()?;
            s.b.build_store(counter, c).ir()?;
            Ok(())
        })?;
        let n = self
            .b
            .build_load(self.cx().i64_type(), counter, "n")
            .ir()?
            .into_int_value();
        let idx_t = ArrayTy {
            dtype: Type::I64,
            ndim: 1,
            layout: if at.ndim > 1 { Layout::A } else { Layout::C },
            readonly: false,
        };
        // As NumPy: one (n, ndim) block, whose columns are the results (each holds a reference).
        let nd = at.ndim as usize;
        let block_t = ArrayTy {
            ndim: 2,
            layout: Layout::C,
            ..idx_t.clone()
        };
        let block = self.new_array(&block_t, &[n, self.i64(nd as i64)], false)?;
        let meminfo = self.b.build_extract_value(block, 0, "meminfo").ir()?;
        let data = self
            .b
            .build_extract_value(block, 1, "data")
            .ir()?
            .into_pointer_value();
        let row = self.i64(8 * nd as i64);
        let mut outs = Vec::new();
        for k in 0..nd {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k < nd`:
            // column `k` of the `n` x `nd` block of indices just allocated.
            let column = unsafe {
                self.b
                    .build_in_bounds_gep(self.cx().i64_type(), data, &[self.i64(k as i64)], "col")
            }
            .ir()?;
            let out = self.build_array(&idx_t, meminfo, column.into(), &[n], &[row])?;
            if k > 0 {
                self.incref(out.into(), &Type::Array(idx_t.clone().into()))?;
            }
            outs.push(out);
        }
        self.b.build_store(counter, self.i64(0)).ir()?;
        let outs2 = outs.clone();
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(arr, &at, idx)?;
            let t = s.truth(x, &dtype)?;
            let store = s.cx().append_basic_block(s.f, "nz.store");
            let next = s.cx().append_basic_block(s.f, "nz.next");
            s.b.build_conditional_branch(t, store, next).ir()?;
            s.b.position_at_end(store);
            let c =
                s.b.build_load(s.cx().i64_type(), counter, "c")
                    .ir()?
                    .into_int_value();
            for (k, out) in outs2.iter().enumerate() {
                let p = s.element_ptr(*out, &idx_t, &[c])?;
                s.b.build_store(p, idx[k]).ir()?;
            }
            let c1 = s.b.build_int_add(c, s.i64(1), "c1").ir()?;
            s.b.build_store(counter, c1).ir()?;
            s.b.build_unconditional_branch(next).ir()?;
            s.b.position_at_end(next);
            Ok(())
        })?;
        self.struct_of(result, outs, "nonzero")
    }
}
