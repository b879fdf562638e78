//! Whole-array reductions: `a.sum()`, `a.prod()`, `a.min()`/`a.max()` (NaN wins, as in NumPy),
//! `a.argmin()`/`a.argmax()` (first occurrence; the first NaN), `a.all()`/`a.any()`. Float sums use
//! NumPy's pairwise summation (in the runtime) so that they round as NumPy's do.

use inkwell::values::{BasicValueEnum, FunctionValue, IntValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::ReduceOp;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn reduce(
        &mut self,
        op: ReduceOp,
        arr_v: BasicValueEnum<'ctx>,
        arr_t: &Type,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(at) = arr_t else {
            return Err(Diagnostic::internal("a reduction of a non-array"));
        };
        let at = (**at).clone();
        let arr = arr_v.into_struct_value();
        let in_order = matches!(op, ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean);
        if in_order && at.ndim > 1 && at.layout == Layout::A {
            return self.reduce_dense_or_strided(op, arr, &at, result);
        }
        self.reduce_array(op, arr, &at, result)
    }

    /// A sum, product or mean of an array whose layout is known only at run time: where it is
    /// one block of items (a C array with permuted axes), NumPy reduces it as one run in memory
    /// order, so it is reduced here as that run (a 1-d view); otherwise as a strided array.
    fn reduce_dense_or_strided(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let shape = self.shape_values(arr, at)?;
        let strides = self.array_strides(arr, at)?;
        let shape_buf = self.i64_buffer(&shape, "shape")?;
        let strides_buf = self.i64_buffer(&strides, "strides")?;
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let args = [
            self.i64(at.ndim as i64).into(),
            shape_buf.into(),
            strides_buf.into(),
            itemsize.into(),
        ];
        let dense = self
            .call_runtime(RuntimeFn::DenseBlock, &args)?
            .expect("a bool")
            .into_int_value();
        let run_bb = self.cx().append_basic_block(self.f, "reduce.run");
        let strided_bb = self.cx().append_basic_block(self.f, "reduce.strided");
        let done_bb = self.cx().append_basic_block(self.f, "reduce.done");
        self.b
            .build_conditional_branch(dense, run_bb, strided_bb)
            .ir()?;
        self.b.position_at_end(run_bb);
        let n = self.array_size(arr, at)?;
        let flat_t = ArrayTy {
            ndim: 1,
            layout: Layout::C,
            ..at.clone()
        };
        let meminfo = self.b.build_extract_value(arr, 0, "meminfo").ir()?;
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        let flat = self.build_array(&flat_t, meminfo, data, &[n], &[itemsize])?;
        let by_run = self.reduce_array(op, flat, &flat_t, result)?;
        let run_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done_bb).ir()?;
        self.b.position_at_end(strided_bb);
        let by_item = self.reduce_array(op, arr, at, result)?;
        let strided_end = self.b.get_insert_block().expect("positioned");
        self.b.build_unconditional_branch(done_bb).ir()?;
        self.b.position_at_end(done_bb);
        let phi = self.b.build_phi(by_run.get_type(), "reduced").ir()?;
        phi.add_incoming(&[(&by_run, run_end), (&by_item, strided_end)]);
        Ok(phi.as_basic_value())
    }

    /// A whole-array reduction of `arr` as its type describes it.
    fn reduce_array(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let at = at.clone();
        let shape: Vec<IntValue<'ctx>> = (0..at.ndim as u32)
            .map(|k| self.array_shape(arr, k))
            .collect::<R<_>>()?;
        // Float sums are pairwise, in the result's type (NumPy converts through its buffer).
        if op == ReduceOp::Sum && *result == Type::Float(16) {
            return self.half_sum(arr, &at, &shape);
        }
        if op == ReduceOp::Sum && matches!(result, Type::Float(_)) {
            return self.pairwise_sum(arr, &at, &shape, result);
        }
        // Complex sums are pairwise too (NumPy's `CDOUBLE_pairwise_sum`), where NumPy sums the
        // items in one run (contiguous or 1-d arrays).
        if op == ReduceOp::Sum
            && matches!(result, Type::Complex(_))
            && result == &at.dtype
            && (at.ndim == 1 || at.layout != Layout::A)
        {
            let zero = self.cx().i64_type().const_zero();
            return self.cmoments(arr, &at, oxjit_abi::Moment::Sum, zero, result);
        }
        if op == ReduceOp::Mean {
            return self.mean(arr, &at, &shape, result);
        }
        self.reduce_loop(op, arr, &at, &shape, result)
    }

    /// `a.mean()`: the pairwise sum (in float64 for integers), divided by the count in that type.
    fn mean(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if *result == Type::Float(16) {
            return self.half_mean(arr, at, shape);
        }
        let total = self
            .pairwise_sum(arr, at, shape, result)?
            .into_float_value();
        let size = shape
            .iter()
            .try_fold(self.cx().i64_type().const_int(1, false), |n, d| {
                self.b.build_int_mul(n, *d, "size")
            })
            .ir()?;
        let count = self
            .b
            .build_signed_int_to_float(size, total.get_type(), "count")
            .ir()?;
        Ok(self.b.build_float_div(total, count, "mean").ir()?.into())
    }

    /// The reductions that walk the items with an accumulator: sum and product (of integers),
    /// min/max/argmin/argmax, all/any.
    fn reduce_loop(
        &mut self,
        op: ReduceOp,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let acc_t = match op {
            ReduceOp::Min | ReduceOp::Max => at.dtype.clone(),
            ReduceOp::Argmin | ReduceOp::Argmax => at.dtype.clone(),
            ReduceOp::All | ReduceOp::Any => Type::Bool,
            // NumPy's float16 product accumulates in float32 and rounds once (`HALF_multiply`).
            ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean if *result == Type::Float(16) => {
                Type::Float(32)
            }
            ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean => result.clone(),
            ReduceOp::Std | ReduceOp::Var | ReduceOp::Cumsum | ReduceOp::Cumprod => {
                return Err(Diagnostic::internal(format!(
                    "{}() is lowered by reduce_call",
                    op.name()
                )))
            }
        };
        let acc = self.alloca(self.llvm_type(&acc_t), "acc")?;
        let best_idx = self.alloca(i64t.into(), "bestidx")?;
        let counter = self.alloca(i64t.into(), "counter")?;
        self.b.build_store(counter, i64t.const_zero()).ir()?;
        self.b.build_store(best_idx, i64t.const_zero()).ir()?;
        let initial = self.reduce_initial(op, &acc_t, arr, at, shape)?;
        self.b.build_store(acc, initial).ir()?;
        let llvm_acc_t = self.llvm_type(&acc_t);
        let dtype = at.dtype.clone();
        // NumPy walks a Fortran-ordered array in memory order; argmin/argmax count in C order.
        let memory_order =
            at.layout == Layout::F && !matches!(op, ReduceOp::Argmin | ReduceOp::Argmax);
        self.for_each_index_in_order(shape, memory_order, &mut |s: &mut Self, idx| {
            let x = s.array_load(arr, at, idx)?;
            let cur = s.b.build_load(llvm_acc_t, acc, "cur").ir()?;
            let i = s.b.build_load(i64t, counter, "i").ir()?.into_int_value();
            let next: BasicValueEnum<'ctx> = match op {
                ReduceOp::Sum | ReduceOp::Prod => {
                    let xv = s.numpy_cast(x, &dtype, &acc_t)?;
                    s.accumulate(op, cur, xv, &acc_t)?
                }
                ReduceOp::All | ReduceOp::Any => {
                    let t = s.truth(x, &dtype)?;
                    if op == ReduceOp::All {
                        s.b.build_and(cur.into_int_value(), t, "all").ir()?.into()
                    } else {
                        s.b.build_or(cur.into_int_value(), t, "any").ir()?.into()
                    }
                }
                _ => {
                    let better = s.better(op, x, cur, &dtype)?;
                    let idx_now = s.b.build_load(i64t, best_idx, "best").ir()?;
                    let new_idx = s.b.build_select(better, i.into(), idx_now, "newidx").ir()?;
                    s.b.build_store(best_idx, new_idx).ir()?;
                    s.b.build_select(better, x, cur, "pick").ir()?
                }
            };
            s.b.build_store(acc, next).ir()?;
            let i1 = s.b.build_int_add(i, i64t.const_int(1, false), "i1").ir()?;
            s.b.build_store(counter, i1).ir()?;
            Ok(())
        })?;
        match op {
            ReduceOp::Argmin | ReduceOp::Argmax => {
                self.b.build_load(i64t, best_idx, "argbest").ir()
            }
            _ if acc_t != *result => {
                let total = self.b.build_load(llvm_acc_t, acc, "total").ir()?;
                self.cast(total, &acc_t, result)
            }
            _ => self.b.build_load(llvm_acc_t, acc, "result").ir(),
        }
    }

    /// The starting value of a whole-array reduction: the identity of a sum, product, all or any;
    /// the first item for min/max/argmin/argmax (an empty array raises NumPy's ValueError).
    fn reduce_initial(
        &mut self,
        op: ReduceOp,
        acc_t: &Type,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        Ok(match op {
            ReduceOp::Sum => self.llvm_type(acc_t).const_zero(),
            ReduceOp::Prod => self.cast(i64t.const_int(1, false).into(), &Type::I64, acc_t)?,
            ReduceOp::All => self.cx().bool_type().const_int(1, false).into(),
            ReduceOp::Any => self.cx().bool_type().const_zero().into(),
            _ => {
                // min/max/argmin/argmax start from the first element; an empty array raises.
                let size = shape
                    .iter()
                    .try_fold(i64t.const_int(1, false), |n, d| {
                        self.b.build_int_mul(n, *d, "size")
                    })
                    .ir()?;
                let empty = self
                    .b
                    .build_int_compare(IntPredicate::EQ, size, i64t.const_zero(), "empty")
                    .ir()?;
                let ok = self.b.build_not(empty, "ok").ir()?;
                let msg = match op {
                    ReduceOp::Min => {
                        "zero-size array to reduction operation minimum which has no identity"
                    }
                    ReduceOp::Max => {
                        "zero-size array to reduction operation maximum which has no identity"
                    }
                    ReduceOp::Argmin => "attempt to get argmin of an empty sequence",
                    _ => "attempt to get argmax of an empty sequence",
                };
                self.check(ok, "ValueError", msg)?;
                let zeros = vec![i64t.const_zero(); at.ndim as usize];
                self.array_load(arr, at, &zeros)?
            }
        })
    }

    pub(crate) fn accumulate(
        &self,
        op: ReduceOp,
        cur: BasicValueEnum<'ctx>,
        x: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let b = &self.b;
        Ok(match (op, t) {
            (ReduceOp::Sum, Type::Int(_)) => b
                .build_int_add(cur.into_int_value(), x.into_int_value(), "sum")
                .ir()?
                .into(),
            (ReduceOp::Prod, Type::Int(_)) => b
                .build_int_mul(cur.into_int_value(), x.into_int_value(), "prod")
                .ir()?
                .into(),
            (ReduceOp::Sum, Type::Float(_)) => b
                .build_float_add(cur.into_float_value(), x.into_float_value(), "sum")
                .ir()?
                .into(),
            (ReduceOp::Prod, Type::Float(_)) => b
                .build_float_mul(cur.into_float_value(), x.into_float_value(), "prod")
                .ir()?
                .into(),
            (ReduceOp::Sum, Type::Complex(_)) | (ReduceOp::Prod, Type::Complex(_)) => {
                let (a, bi) = self.complex_parts(cur)?;
                let (c, d) = self.complex_parts(x)?;
                let (re, im) = if op == ReduceOp::Sum {
                    (
                        b.build_float_add(a, c, "re").ir()?,
                        b.build_float_add(bi, d, "im").ir()?,
                    )
                } else {
                    let re = b
                        .build_float_sub(
                            b.build_float_mul(a, c, "ac").ir()?,
                            b.build_float_mul(bi, d, "bd").ir()?,
                            "re",
                        )
                        .ir()?;
                    let im = b
                        .build_float_add(
                            b.build_float_mul(a, d, "ad").ir()?,
                            b.build_float_mul(bi, c, "bc").ir()?,
                            "im",
                        )
                        .ir()?;
                    (re, im)
                };
                self.make_complex(re.into(), im.into(), t)?.into()
            }
            _ => return Err(Diagnostic::internal(format!("{}() of {t}", op.name()))),
        })
    }

    /// Whether `x` replaces the current best for min/max/argmin/argmax: strictly better, or the
    /// first NaN (after which nothing replaces it).
    fn better(
        &self,
        op: ReduceOp,
        x: BasicValueEnum<'ctx>,
        cur: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<IntValue<'ctx>> {
        let b = &self.b;
        let max = matches!(op, ReduceOp::Max | ReduceOp::Argmax);
        Ok(match t {
            Type::Float(_) => {
                let (xf, cf) = (x.into_float_value(), cur.into_float_value());
                let pred = if max {
                    FloatPredicate::OGT
                } else {
                    FloatPredicate::OLT
                };
                let strictly = b.build_float_compare(pred, xf, cf, "better").ir()?;
                let x_nan = b
                    .build_float_compare(FloatPredicate::UNO, xf, xf, "xnan")
                    .ir()?;
                let cur_nan = b
                    .build_float_compare(FloatPredicate::UNO, cf, cf, "curnan")
                    .ir()?;
                let cur_ok = b.build_not(cur_nan, "curok").ir()?;
                // NumPy's float16 `maximum`/`minimum` keep the older of two equal values (its
                // `HALF_maximum`), as argmax does: the rule below the `if`.
                if matches!(op, ReduceOp::Min | ReduceOp::Max) && *t != Type::Float(16) {
                    // NumPy's `maximum`/`minimum` keep the newer of two equal values (-0.0 after
                    // 0.0 wins), unless the current one is NaN.
                    let pred = if max {
                        FloatPredicate::OGT
                    } else {
                        FloatPredicate::OLT
                    };
                    let cur_wins = b.build_float_compare(pred, cf, xf, "curwins").ir()?;
                    let keep = b.build_not(cur_wins, "take").ir()?;
                    return b.build_and(cur_ok, keep, "take").ir();
                }
                let first_nan = b.build_and(x_nan, cur_ok, "firstnan").ir()?;
                b.build_or(strictly, first_nan, "take").ir()?
            }
            Type::Complex(_) => return self.complex_better(op, x, cur),
            Type::Int(i) => {
                let pred = match (max, i.signed) {
                    (true, true) => IntPredicate::SGT,
                    (true, false) => IntPredicate::UGT,
                    (false, true) => IntPredicate::SLT,
                    (false, false) => IntPredicate::ULT,
                };
                b.build_int_compare(pred, x.into_int_value(), cur.into_int_value(), "better")
                    .ir()?
            }
            Type::Bool => {
                let pred = if max {
                    IntPredicate::UGT
                } else {
                    IntPredicate::ULT
                };
                b.build_int_compare(pred, x.into_int_value(), cur.into_int_value(), "better")
                    .ir()?
            }
            other => return Err(Diagnostic::internal(format!("{}() of {other}", op.name()))),
        })
    }

    /// NumPy's float sum: pairwise over the data in memory order when it is contiguous (or 1-d),
    /// else row by row along the last axis, each row's pairwise sum added in turn.
    /// `sum_t` is the float type summed in: the dtype for float arrays, float64 when `mean`
    /// converts integers (NumPy then always goes through its casting buffer).
    pub(super) fn pairwise_sum(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        sum_t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let ft = self.llvm_type(sum_t).into_float_type();
        let casting = *sum_t != at.dtype;
        // A parallel function's contiguous sums split NumPy's pairwise tree across the pool
        // (the same result to the bit); rows (below) stay serial.
        let name = match (*sum_t == Type::Float(32), self.typed.parallel) {
            (true, false) => RuntimeFn::PairwiseSumF32,
            (false, false) => RuntimeFn::PairwiseSumF64,
            (true, true) => RuntimeFn::ParallelPairwiseSumF32,
            (false, true) => RuntimeFn::ParallelPairwiseSumF64,
        };
        let f = self.runtime(name);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        let itemsize = i64t.const_int(size_align(sum_t).0 as u64, false);
        // NumPy's additive reduction starts from its identity, +0.0.
        let init = ft.const_float(0.0);
        let nd = at.ndim as usize;
        if nd == 0 {
            return Ok(init.into());
        }
        if !casting && (nd == 1 || at.layout != Layout::A) {
            let n = shape
                .iter()
                .try_fold(i64t.const_int(1, false), |n, d| {
                    self.b.build_int_mul(n, *d, "size")
                })
                .ir()?;
            let stride = if nd == 1 {
                self.b
                    .build_extract_value(
                        self.b
                            .build_extract_value(arr, 3, "strides")
                            .ir()?
                            .into_array_value(),
                        0,
                        "s",
                    )
                    .ir()?
                    .into_int_value()
            } else {
                itemsize
            };
            let stride = if nd == 1 && at.layout != Layout::A {
                itemsize
            } else {
                stride
            };
            let r = self
                .b
                .build_call(
                    f,
                    &[init.into(), data.into(), n.into(), stride.into()],
                    "sum",
                )
                .ir()?;
            return Ok(r.try_as_basic_value().basic().expect("float"));
        }
        if casting {
            return self.pairwise_buffered(arr, at, shape, sum_t, f);
        }
        // A strided array (layout A) of floats, its items in C order (as `pairwise_buffered`
        // takes them): the runtime copies them into NumPy's buffer a row at a time.
        let strides = self.array_strides(arr, at)?;
        let shape_buf = self.i64_buffer(shape, "shape")?;
        let strides_buf = self.i64_buffer(&strides, "strides")?;
        let name = if *sum_t == Type::Float(32) {
            RuntimeFn::BufferedSumF32
        } else {
            RuntimeFn::BufferedSumF64
        };
        let args = [
            self.i64(nd as i64).into(),
            shape_buf.into(),
            strides_buf.into(),
            data.into(),
        ];
        Ok(self.call_runtime(name, &args)?.expect("a float"))
    }

    /// The pairwise sum of an array that is not one contiguous run, or whose items are cast:
    /// NumPy copies the items, in memory order (C order for strided arrays), into a buffer of
    /// 8192 and adds the pairwise sum of each buffer in turn.
    pub(super) fn pairwise_buffered(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        sum_t: &Type,
        f: FunctionValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let ft = self.llvm_type(sum_t).into_float_type();
        let itemsize = i64t.const_int(size_align(sum_t).0 as u64, false);
        let init = ft.const_float(0.0);
        const BUFSIZE: u32 = 8192;
        let buf_t = ft.array_type(BUFSIZE);
        let buf = self.alloca(buf_t.into(), "sumbuf")?;
        let acc = self.alloca(ft.into(), "acc")?;
        self.b.build_store(acc, init).ir()?;
        let fill = self.alloca(i64t.into(), "fill")?;
        self.b.build_store(fill, i64t.const_zero()).ir()?;
        let at2 = at.clone();
        let sum_t2 = sum_t.clone();
        let flush = |s: &mut Self, n: IntValue<'ctx>| -> R<()> {
            let cur = s.b.build_load(ft, acc, "cur").ir()?;
            let r =
                s.b.build_call(
                    f,
                    &[cur.into(), buf.into(), n.into(), itemsize.into()],
                    "bufsum",
                )
                .ir()?;
            s.b.build_store(acc, r.try_as_basic_value().basic().expect("float"))
                .ir()?;
            Ok(())
        };
        // NumPy's iterator takes the items in memory order (K): an F-ordered array's last axis
        // varies slowest.
        let fortran = at.layout == Layout::F;
        self.for_each_index_in_order(shape, fortran, &mut |s: &mut Self, idx| {
            let x = s.array_load(arr, &at2, idx)?;
            let x = s.cast(x, &at2.dtype, &sum_t2)?;
            let k = s.b.build_load(i64t, fill, "k").ir()?.into_int_value();
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `k` is
            // below the buffer's length: it is flushed when full.
            let p = unsafe {
                s.b.build_in_bounds_gep(buf_t, buf, &[i64t.const_zero(), k], "slot")
            }
            .ir()?;
            s.b.build_store(p, x).ir()?;
            let k1 = s.b.build_int_add(k, i64t.const_int(1, false), "k1").ir()?;
            let full =
                s.b.build_int_compare(
                    IntPredicate::EQ,
                    k1,
                    i64t.const_int(BUFSIZE as u64, false),
                    "full",
                )
                .ir()?;
            let flush_bb = s.cx().append_basic_block(s.f, "flush");
            let cont = s.cx().append_basic_block(s.f, "buffered");
            s.b.build_store(fill, k1).ir()?;
            s.b.build_conditional_branch(full, flush_bb, cont).ir()?;
            s.b.position_at_end(flush_bb);
            flush(s, k1)?;
            s.b.build_store(fill, i64t.const_zero()).ir()?;
            s.b.build_unconditional_branch(cont).ir()?;
            s.b.position_at_end(cont);
            Ok(())
        })?;
        let rest = self.b.build_load(i64t, fill, "rest").ir()?.into_int_value();
        flush(self, rest)?;
        self.b.build_load(ft, acc, "sum").ir()
    }
}
