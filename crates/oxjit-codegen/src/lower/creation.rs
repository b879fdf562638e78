//! Making arrays: `np.empty/zeros/ones/full` (+ `_like`), `arange`, `linspace`, `eye`,
//! `identity`, copies and conversions (`copy`, `astype`, `flatten`, `ascontiguousarray`), and new
//! views (`reshape`, `ravel`, `transpose`). New arrays live in runtime blocks (see `refcount`);
//! every result is a new reference, views included.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Const, Value};
use oxjit_core::registry::ArrayFn;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::{FnGen, Ir, R};

/// One argument of a call, bound to its parameter (a default is a constant).
#[derive(Clone)]
pub struct Arg<'ctx> {
    pub v: BasicValueEnum<'ctx>,
    pub t: Type,
    pub c: Option<Const>,
    /// The IR value it is, where it is one (not a default).
    pub src: Option<Value>,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn array_fn(
        &mut self,
        f: ArrayFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        use ArrayFn::*;
        match f {
            Where | Nonzero | NonzeroMethod => {
                if args.len() == 3 && args[1].t != Type::NoneType {
                    return Err(self.err("np.where(c, x, y) is lowered as an array expression"));
                }
                return self.nonzero(&args[0], result);
            }
            SortMethod => {
                let stable = self.sort_kind(d)?;
                let (arr, at) = self.array_arg(&args[0]);
                self.sort_rows(arr, &at, stable)?;
                return Ok(self.cx().i8_type().const_zero().into());
            }
            Item => return self.item(&args[0], &args[1]),
            Meshgrid => return self.meshgrid(&args[0], &args[1], result),
            // Iterates over the array (which it borrows, like an iterator).
            Nditer => return Ok(args[0].v),
            View => {
                // The same memory read as another dtype of the same size: a new reference.
                self.incref(args[0].v, &args[0].t)?;
                return Ok(args[0].v);
            }
            Ndindex => {
                let dims: Vec<IntValue<'ctx>> = match args {
                    [one] if matches!(one.t, Type::Tuple(_)) => self.shape_argument(one)?,
                    _ => args
                        .iter()
                        .map(|a| Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value()))
                        .collect::<R<_>>()?,
                };
                let st = self.llvm_type(result).into_struct_type();
                let mut agg = st.get_undef();
                for (k, d) in dims.into_iter().enumerate() {
                    agg = self
                        .b
                        .build_insert_value(agg, d, k as u32, "shape")
                        .ir()?
                        .into_struct_value();
                }
                return Ok(agg.into());
            }
            _ => {}
        }
        let Type::Array(rt) = result else {
            // fill() is the one that returns None.
            if f == Fill {
                let (arr, at) = self.array_arg(&args[0]);
                let value = self.numpy_cast(args[1].v, &args[1].t, &at.dtype)?;
                let shape = self.shape_values(arr, &at)?;
                self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let p = s.element_ptr(arr, &at, idx)?;
                    s.b.build_store(p, value).ir()?;
                    Ok(())
                })?;
                return Ok(self.cx().i8_type().const_zero().into());
            }
            return Err(self.err(format!("{}() cannot be lowered", f.name())));
        };
        let rt = (**rt).clone();
        Ok(match f {
            Empty | Zeros | Ones | Full => {
                let shape = self.shape_argument(&args[0])?;
                let arr = self.new_array(&rt, &shape, f == Zeros)?;
                match f {
                    Ones => self.fill_new(arr, &rt, &Type::I64, self.i64(1).into())?,
                    Full => self.fill_new(arr, &rt, &args[1].t, args[1].v)?,
                    _ => {}
                }
                arr.into()
            }
            EmptyLike | ZerosLike | OnesLike | FullLike => {
                let (src, st) = self.array_arg(&args[0]);
                let arr = self.new_like(src, &st, &rt)?;
                match f {
                    ZerosLike => self.fill_new(arr, &rt, &Type::I64, self.i64(0).into())?,
                    OnesLike => self.fill_new(arr, &rt, &Type::I64, self.i64(1).into())?,
                    FullLike => self.fill_new(arr, &rt, &args[1].t, args[1].v)?,
                    _ => {}
                }
                arr.into()
            }
            Arange => self.arange(args, &rt)?.into(),
            Linspace => self.linspace(args, &rt)?.into(),
            Eye | Identity => {
                let n = self
                    .cast(args[0].v, &args[0].t, &Type::I64)?
                    .into_int_value();
                let (m, k) = if f == Eye {
                    let m = match &args[1].t {
                        Type::NoneType => n,
                        t => self.cast(args[1].v, t, &Type::I64)?.into_int_value(),
                    };
                    (
                        m,
                        self.cast(args[2].v, &args[2].t, &Type::I64)?
                            .into_int_value(),
                    )
                } else {
                    (n, self.i64(0))
                };
                self.eye(&rt, n, m, k)?.into()
            }
            Copy | CopyMethod | Astype => {
                let (src, st) = self.array_arg(&args[0]);
                self.copy_of(src, &st, &rt)?.into()
            }
            Flatten => {
                let (src, st) = self.array_arg(&args[0]);
                let copy_t = ArrayTy {
                    ndim: st.ndim,
                    ..rt.clone()
                };
                let copy = self.copy_of(src, &st, &copy_t)?;
                let size = self.array_size(copy, &copy_t)?;
                self.reshaped(copy, &copy_t, &rt, &[size])?.into()
            }
            Asarray => {
                self.incref(args[0].v, &args[0].t)?;
                args[0].v
            }
            Ascontiguousarray => {
                let (src, st) = self.array_arg(&args[0]);
                if st.layout == Layout::C {
                    self.incref(args[0].v, &args[0].t)?;
                    args[0].v
                } else {
                    self.copy_of(src, &st, &rt)?.into()
                }
            }
            Transpose => {
                let (src, st) = self.array_arg(&args[0]);
                let t = self.transposed(src, &st, &rt)?;
                self.incref(t.into(), result)?;
                t.into()
            }
            Reshape | Ravel => {
                let (src, st) = self.array_arg(&args[0]);
                let (shape, template) = if f == Ravel {
                    (vec![self.i64(-1)], "()".to_string())
                } else if args.len() > 2 {
                    self.reshape_target(&args[1..])?
                } else {
                    self.reshape_target(std::slice::from_ref(&args[1]))?
                };
                self.reshape(src, &st, &rt, &shape, &template, f == Reshape)?
                    .into()
            }
            Sort if rt.layout != Layout::C => {
                let stable = self.sort_kind(d)?;
                let (src, st) = self.array_arg(&args[0]);
                self.sorted_keeping_order(src, &st, &rt, stable)?.into()
            }
            Sort => {
                let stable = self.sort_kind(d)?;
                let (src, st) = self.array_arg(&args[0]);
                let copy = self.copy_of(src, &st, &rt)?;
                self.extra_live.push((copy.into(), result.clone()));
                let sorted = self.sort_rows(copy, &rt, stable);
                self.extra_live.pop();
                sorted?;
                copy.into()
            }
            Argsort | ArgsortMethod => {
                // Always stable (see `oxjit-runtime/src/sort.rs`); the kind is still checked.
                self.sort_kind(d)?;
                let (src, st) = self.array_arg(&args[0]);
                let n = self.array_shape(src, 0)?;
                let out = self.new_array(&rt, &[n], false)?;
                let stride = self.array_strides(src, &st)?[0];
                let data = self.b.build_extract_value(src, 1, "data").ir()?;
                let out_data = self.b.build_extract_value(out, 1, "out").ir()?;
                let ptr = self.cx().ptr_type(AddressSpace::default());
                let i64t = self.cx().i64_type();
                let name = format!("oxjit_rt_argsort_{}", sort_suffix(&st.dtype));
                let f = self.runtime_fn(
                    &name,
                    self.cx()
                        .void_type()
                        .fn_type(&[ptr.into(), i64t.into(), i64t.into(), ptr.into()], false),
                );
                self.b
                    .build_call(
                        f,
                        &[data.into(), n.into(), stride.into(), out_data.into()],
                        "",
                    )
                    .ir()?;
                out.into()
            }
            Unique => {
                // Sorted copy of all the items, runs of equal items kept once: the first `k`
                // items of the copy's block are the result.
                let (src, st) = self.array_arg(&args[0]);
                let flat_t = ArrayTy {
                    ndim: st.ndim,
                    ..rt.clone()
                };
                let copy = self.copy_of(src, &st, &flat_t)?;
                let size = self.array_size(copy, &flat_t)?;
                let data = self.b.build_extract_value(copy, 1, "data").ir()?;
                let ptr = self.cx().ptr_type(AddressSpace::default());
                let i64t = self.cx().i64_type();
                let suffix = sort_suffix(&st.dtype);
                let sort = self.runtime_fn(
                    &format!("oxjit_rt_sort_{suffix}"),
                    self.cx()
                        .void_type()
                        .fn_type(&[ptr.into(), i64t.into()], false),
                );
                self.b
                    .build_call(sort, &[data.into(), size.into()], "")
                    .ir()?;
                let unique = self.runtime_fn(
                    &format!("oxjit_rt_unique_{suffix}"),
                    i64t.fn_type(&[ptr.into(), i64t.into()], false),
                );
                let k = self
                    .b
                    .build_call(unique, &[data.into(), size.into()], "k")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("count")
                    .into_int_value();
                self.reshaped(copy, &flat_t, &rt, &[k])?.into()
            }
            Array => match &args[0].t {
                Type::Array(_) => {
                    let (src, st) = self.array_arg(&args[0]);
                    self.copy_of(src, &st, &rt)?.into()
                }
                t if t.is_numeric() => {
                    let arr = self.new_array(&rt, &[], false)?;
                    self.fill_new(arr, &rt, t, args[0].v)?;
                    arr.into()
                }
                t => self.array_from_sequence(args[0].v, t, &rt)?.into(),
            },
            Concatenate | Stack | Vstack | Hstack => {
                let Type::Tuple(items) = &args[0].t else {
                    unreachable!("typed as a tuple of arrays")
                };
                let tuple = args[0].v.into_struct_value();
                let mut arrays = Vec::new();
                for (k, item) in items.iter().enumerate() {
                    let Type::Array(at) = item else {
                        unreachable!("typed as arrays")
                    };
                    let v = self
                        .b
                        .build_extract_value(tuple, k as u32, "item")
                        .ir()?
                        .into_struct_value();
                    arrays.push((v, (**at).clone()));
                }
                let ndim = arrays[0].1.ndim as i64;
                // The axis of `concatenate` and `stack`, decoded by typing.
                let axis = d.axis.unwrap_or(0) as usize;
                let stacked = match f {
                    Stack => Some(axis),
                    Vstack if ndim == 1 => Some(0),
                    _ => None,
                };
                match stacked {
                    Some(k) => self.stack(&arrays, k, &rt)?.into(),
                    None => {
                        let k = match f {
                            Concatenate => axis,
                            Hstack if ndim > 1 => 1,
                            _ => 0,
                        };
                        self.concatenate(&arrays, k, &rt)?.into()
                    }
                }
            }
            Diag => {
                let (src, st) = self.array_arg(&args[0]);
                let k = self
                    .cast(args[1].v, &args[1].t, &Type::I64)?
                    .into_int_value();
                let out = self.diag(src, &st, k, &rt)?;
                if st.ndim == 2 {
                    // A view: it takes its own reference, as the results of calls own one.
                    self.incref(out.into(), result)?;
                }
                out.into()
            }
            Tri => {
                let n = self
                    .cast(args[0].v, &args[0].t, &Type::I64)?
                    .into_int_value();
                let m = match &args[1].t {
                    Type::NoneType => n,
                    t => self.cast(args[1].v, t, &Type::I64)?.into_int_value(),
                };
                let k = self
                    .cast(args[2].v, &args[2].t, &Type::I64)?
                    .into_int_value();
                let out = self.new_array(&rt, &[n, m], false)?;
                let one = self.numpy_cast(self.i64(1).into(), &Type::I64, &rt.dtype)?;
                let zero = self.numpy_cast(self.i64(0).into(), &Type::I64, &rt.dtype)?;
                // tri: ones where j <= i + k.
                self.for_each_index(&[n, m], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    let lim = s.b.build_int_add(idx[0], k, "lim").ir()?;
                    let lower =
                        s.b.build_int_compare(IntPredicate::SLE, idx[1], lim, "lower")
                            .ir()?;
                    let x = s.b.build_select(lower, one, zero, "x").ir()?;
                    let p = s.element_ptr(out, &rt, idx)?;
                    s.b.build_store(p, x).ir()?;
                    Ok(())
                })?;
                out.into()
            }
            Triu | Tril => {
                let (src, st) = self.array_arg(&args[0]);
                let k = self
                    .cast(args[1].v, &args[1].t, &Type::I64)?
                    .into_int_value();
                let shape = self.shape_values(src, &st)?;
                let out = self.new_array(&rt, &shape, false)?;
                let zero = self.numpy_cast(self.i64(0).into(), &Type::I64, &rt.dtype)?;
                let upper = f == Triu;
                self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
                    // triu keeps j >= i + k; tril keeps j <= i + k.
                    let lim = s.b.build_int_add(idx[0], k, "lim").ir()?;
                    let pred = if upper {
                        IntPredicate::SGE
                    } else {
                        IntPredicate::SLE
                    };
                    let keep = s.b.build_int_compare(pred, idx[1], lim, "keep").ir()?;
                    let x = s.array_load(src, &st, idx)?;
                    let x = s.b.build_select(keep, x, zero, "x").ir()?;
                    let p = s.element_ptr(out, &rt, idx)?;
                    s.b.build_store(p, x).ir()?;
                    Ok(())
                })?;
                out.into()
            }
            Clip | ClipMethod => {
                return Err(self.err("np.clip() is lowered as an array expression"));
            }
            Fill | Where | Nonzero | NonzeroMethod | SortMethod | Item | Ndindex | Meshgrid
            | View | Nditer => {
                unreachable!("handled above")
            }
        })
    }

    /// NumPy's conversion of one element to another dtype (`astype`, `full(..., dtype=)`):
    /// floats to integers truncate as C does on x86-64 (where out of range or NaN gives the
    /// lowest integer, as `cvttsd2si` does), complex numbers drop their imaginary part.
    pub fn numpy_cast(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match (from, to) {
            (Type::Complex(bits), Type::Int(_) | Type::Float(_)) => {
                let re = self
                    .b
                    .build_extract_value(v.into_struct_value(), 0, "re")
                    .ir()?;
                self.numpy_cast(re, &Type::Float(bits / 2), to)
            }
            (Type::Float(_), Type::Int(it)) => {
                let x = self.cast(v, from, &Type::F64)?.into_float_value();
                let f64t = self.cx().f64_type();
                // Through int32 for targets it holds (then truncated: uint8 and uint16 too, as
                // NumPy's and Numba's casts give 0 for 3e9 to uint16), else int64.
                let (wide, bits) = if it.bits < 32 || (it.bits == 32 && it.signed) {
                    (Type::int(32, true), 32)
                } else {
                    (Type::I64, 64)
                };
                let int_t = super::types::int_type(self.cx(), bits);
                let limit = 2f64.powi(bits as i32 - 1);
                let lo = self
                    .b
                    .build_float_compare(FloatPredicate::OGE, x, f64t.const_float(-limit), "lo")
                    .ir()?;
                let hi = self
                    .b
                    .build_float_compare(FloatPredicate::OLT, x, f64t.const_float(limit), "hi")
                    .ir()?;
                let inside = self.b.build_and(lo, hi, "inside").ir()?;
                let safe = self
                    .b
                    .build_select(inside, x, f64t.const_zero(), "safe")
                    .ir()?
                    .into_float_value();
                let mut n = self.b.build_float_to_signed_int(safe, int_t, "n").ir()?;
                if it.bits == 64 && !it.signed {
                    // [2**63, 2**64): subtract 2**63 first, put the top bit back after.
                    let big = self
                        .b
                        .build_float_compare(FloatPredicate::OGE, x, f64t.const_float(limit), "big")
                        .ir()?;
                    let shifted = self
                        .b
                        .build_float_sub(x, f64t.const_float(limit), "shifted")
                        .ir()?;
                    let m = self.b.build_float_to_signed_int(shifted, int_t, "m").ir()?;
                    let m = self
                        .b
                        .build_xor(m, int_t.const_int(1 << 63, false), "m")
                        .ir()?;
                    n = self.b.build_select(big, m, n, "n").ir()?.into_int_value();
                    let fine = self.b.build_or(inside, big, "fine").ir()?;
                    return self.numpy_cast_finish(fine, n, int_t, &wide, to);
                }
                self.numpy_cast_finish(inside, n, int_t, &wide, to)
            }
            _ => self.cast(v, from, to),
        }
    }

    fn numpy_cast_finish(
        &self,
        inside: IntValue<'ctx>,
        n: IntValue<'ctx>,
        int_t: inkwell::types::IntType<'ctx>,
        wide: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let min = int_t.const_int(1u64 << (int_t.get_bit_width() - 1), false);
        let n = self.b.build_select(inside, n, min, "n").ir()?;
        let wide = match (wide, to) {
            (Type::Int(w), Type::Int(t)) if w.bits == 64 && !t.signed => Type::int(64, false),
            _ => wide.clone(),
        };
        self.cast(n, &wide, to)
    }

    pub fn i64(&self, x: i64) -> IntValue<'ctx> {
        self.cx().i64_type().const_int(x as u64, true)
    }

    fn array_arg(&self, a: &Arg<'ctx>) -> (StructValue<'ctx>, ArrayTy) {
        match &a.t {
            Type::Array(at) => (a.v.into_struct_value(), (**at).clone()),
            t => panic!("expected an array, got {t}"),
        }
    }

    /// The shape of an array, one value per dimension.
    pub fn shape_values(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        (0..at.ndim as u32)
            .map(|k| self.array_shape(arr, k))
            .collect()
    }

    pub fn array_size(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> R<IntValue<'ctx>> {
        let mut n = self.i64(1);
        for d in self.shape_values(arr, at)? {
            n = self.b.build_int_mul(n, d, "size").ir()?;
        }
        Ok(n)
    }

    /// A shape argument: an integer or a tuple of them.
    fn shape_argument(&self, a: &Arg<'ctx>) -> R<Vec<IntValue<'ctx>>> {
        match &a.t {
            Type::Tuple(items) => items
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let x = self
                        .b
                        .build_extract_value(a.v.into_struct_value(), k as u32, "dim")
                        .ir()?;
                    Ok(self.cast(x, t, &Type::I64)?.into_int_value())
                })
                .collect(),
            t => Ok(vec![self.cast(a.v, t, &Type::I64)?.into_int_value()]),
        }
    }

    /// A new array of type `at` (C or F order) and `shape` in a runtime block, zeroed or not.
    /// Raises NumPy's errors for negative dimensions and sizes that overflow.
    pub fn new_array(
        &mut self,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        zeroed: bool,
    ) -> R<StructValue<'ctx>> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let mut negative = cx.bool_type().const_zero();
        let mut overflow = cx.bool_type().const_zero();
        let mut nbytes = itemsize;
        for &d in shape {
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, d, self.i64(0), "neg")
                .ir()?;
            negative = self.b.build_or(negative, neg, "negative").ir()?;
            let prod = self
                .call_intrinsic(
                    "llvm.smul.with.overflow",
                    &[i64t.into()],
                    &[nbytes.into(), d.into()],
                )?
                .into_struct_value();
            nbytes = self
                .b
                .build_extract_value(prod, 0, "nbytes")
                .ir()?
                .into_int_value();
            let o = self
                .b
                .build_extract_value(prod, 1, "overflow")
                .ir()?
                .into_int_value();
            overflow = self.b.build_or(overflow, o, "overflow").ir()?;
        }
        let ok = self.b.build_not(negative, "ok").ir()?;
        self.check(ok, "ValueError", "negative dimensions are not allowed")?;
        let ok = self.b.build_not(overflow, "ok").ir()?;
        self.check(
            ok,
            "ValueError",
            "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        )?;
        let mi = self.target().allocate(self, nbytes, zeroed)?;
        let got = self.b.build_is_not_null(mi, "allocated").ir()?;
        let fail = cx.append_basic_block(self.f, "nomem");
        let cont = cx.append_basic_block(self.f, "allocated");
        self.b.build_conditional_branch(got, cont, fail).ir()?;
        self.b.position_at_end(fail);
        self.raise_formatted(
            "MemoryError",
            "Unable to allocate {0} bytes for an array",
            &[nbytes],
        )?;
        self.b.position_at_end(cont);
        let data = self.target().block_data(self, mi)?;
        let strides = self.contiguous_strides(at, shape)?;
        self.build_array(at, mi.into(), data, shape, &strides)
    }

    /// The strides of a C- or F-contiguous array of `shape`.
    fn contiguous_strides(&self, at: &ArrayTy, shape: &[IntValue<'ctx>]) -> R<Vec<IntValue<'ctx>>> {
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let n = shape.len();
        let mut strides = vec![itemsize; n];
        if at.layout == Layout::F {
            for k in 1..n {
                strides[k] = self
                    .b
                    .build_int_mul(strides[k - 1], shape[k - 1], "stride")
                    .ir()?;
            }
        } else {
            for k in (0..n.saturating_sub(1)).rev() {
                strides[k] = self
                    .b
                    .build_int_mul(strides[k + 1], shape[k + 1], "stride")
                    .ir()?;
            }
        }
        Ok(strides)
    }

    /// Stores `value` (of type `t`) into every element of a new array (its items fill its block,
    /// in whatever order).
    fn fill_new(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        t: &Type,
        value: BasicValueEnum<'ctx>,
    ) -> R<()> {
        let value = self.numpy_cast(value, t, &at.dtype)?;
        let n = self.array_size(arr, at)?;
        let elem_t = self.llvm_type(&at.dtype);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })
    }

    /// A new array of type `rt` (C or F order) with the elements of `src`.
    pub fn copy_array(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        self.copy_of(src, st, rt)
    }

    /// A new array of type `rt` (see `new_like`) with the elements of `src` converted to its
    /// dtype.
    pub(super) fn copy_of(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let shape = self.shape_values(src, st)?;
        let dst = self.new_like(src, st, rt)?;
        let (from, to) = (st.dtype.clone(), rt.dtype.clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let x = s.numpy_cast(x, &from, &to)?;
            let p = s.element_ptr(dst, rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(dst)
    }

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
    fn reshaped(
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
    fn reshape_target(&self, items: &[Arg<'ctx>]) -> R<(Vec<IntValue<'ctx>>, String)> {
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
    fn reshape(
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

    /// Whether a strided array's memory is C-contiguous (dimensions of size 1 do not count).
    fn is_c_contiguous(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> R<IntValue<'ctx>> {
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

    /// `np.arange(start, stop, step)` as NumPy fills it: the first two values are `start` and
    /// `start + step`, the rest `start + i * delta` with `delta` the difference of those two, in
    /// the result's dtype.
    fn arange(&mut self, args: &[Arg<'ctx>], rt: &ArrayTy) -> R<StructValue<'ctx>> {
        let (start, stop, step) = match (&args[1].t, &args[2].t) {
            (Type::NoneType, _) => (None, &args[0], None),
            (_, Type::NoneType) => (Some(&args[0]), &args[1], None),
            _ => (Some(&args[0]), &args[1], Some(&args[2])),
        };
        let float = [Some(stop), start, step]
            .iter()
            .flatten()
            .any(|a| matches!(a.t, Type::Float(_)));
        if matches!(rt.dtype, Type::Complex(_)) {
            return Err(self.err("arange() with a complex dtype is not supported"));
        }
        let ct = if float { Type::F64 } else { Type::I64 };
        let get = |s: &Self, a: Option<&Arg<'ctx>>, default: i64| -> R<BasicValueEnum<'ctx>> {
            match a {
                Some(a) => s.cast(a.v, &a.t, &ct),
                None => s.cast(s.i64(default).into(), &Type::I64, &ct),
            }
        };
        let start_v = get(self, start, 0)?;
        let stop_v = get(self, Some(stop), 0)?;
        let step_v = get(self, step, 1)?;
        let zero = get(self, None, 0)?;
        let step_zero = self.equal_values(step_v, zero, &ct, true)?;
        let ok = self.b.build_not(step_zero, "ok").ir()?;
        let msg = if float {
            "float division by zero"
        } else {
            "division by zero"
        };
        self.check(ok, "ZeroDivisionError", msg)?;
        let n = if float {
            let span = self
                .b
                .build_float_sub(
                    stop_v.into_float_value(),
                    start_v.into_float_value(),
                    "span",
                )
                .ir()?;
            let q = self
                .b
                .build_float_div(span, step_v.into_float_value(), "q")
                .ir()?;
            let c =
                self.call_intrinsic("llvm.ceil", &[self.cx().f64_type().into()], &[q.into()])?;
            let positive = self
                .b
                .build_float_compare(
                    FloatPredicate::OGT,
                    c.into_float_value(),
                    self.cx().f64_type().const_zero(),
                    "pos",
                )
                .ir()?;
            let len = self
                .b
                .build_float_to_signed_int(c.into_float_value(), self.cx().i64_type(), "len")
                .ir()?;
            self.b
                .build_select(positive, len, self.i64(0), "n")
                .ir()?
                .into_int_value()
        } else {
            let span = self
                .b
                .build_int_sub(stop_v.into_int_value(), start_v.into_int_value(), "span")
                .ir()?;
            let q = self.ceil_div(span, step_v.into_int_value())?;
            let positive = self
                .b
                .build_int_compare(IntPredicate::SGT, q, self.i64(0), "pos")
                .ir()?;
            self.b
                .build_select(positive, q, self.i64(0), "n")
                .ir()?
                .into_int_value()
        };
        let arr = self.new_array(rt, &[n], false)?;
        let second = self.add_or_sub(start_v, step_v, &ct, true)?;
        let dt = rt.dtype.clone();
        let first = self.numpy_cast(start_v, &ct, &dt)?;
        let second = self.numpy_cast(second, &ct, &dt)?;
        let delta = self.add_or_sub(second, first, &dt, false)?;
        let elem_t = self.llvm_type(&dt);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.cast(idx[0].into(), &Type::I64, &dt)?;
            let scaled = s.mul_values(i, delta, &dt)?;
            let general = s.add_or_sub(first, scaled, &dt, true)?;
            let is_one =
                s.b.build_int_compare(IntPredicate::EQ, idx[0], s.i64(1), "one")
                    .ir()?;
            let value = s.b.build_select(is_one, second, general, "v").ir()?;
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// Ceiling division of integers (`-(-a // b)`).
    fn ceil_div(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let q = self.b.build_int_signed_div(a, b, "q").ir()?;
        let r = self.b.build_int_signed_rem(a, b, "r").ir()?;
        let inexact = self
            .b
            .build_int_compare(IntPredicate::NE, r, self.i64(0), "inexact")
            .ir()?;
        // Truncation rounded toward zero: one more where the exact quotient is positive.
        let a_pos = self
            .b
            .build_int_compare(IntPredicate::SGT, a, self.i64(0), "apos")
            .ir()?;
        let b_pos = self
            .b
            .build_int_compare(IntPredicate::SGT, b, self.i64(0), "bpos")
            .ir()?;
        let same_sign = self
            .b
            .build_int_compare(IntPredicate::EQ, a_pos, b_pos, "same")
            .ir()?;
        let bump = self.b.build_and(inexact, same_sign, "bump").ir()?;
        let bump = self
            .b
            .build_int_z_extend(bump, self.cx().i64_type(), "bump")
            .ir()?;
        self.b.build_int_add(q, bump, "ceil").ir()
    }

    /// `a == b` for two numbers of type `t` (ints or floats).
    fn equal_values(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        equal: bool,
    ) -> R<IntValue<'ctx>> {
        if matches!(t, Type::Float(_)) {
            let p = if equal {
                FloatPredicate::OEQ
            } else {
                FloatPredicate::UNE
            };
            self.b
                .build_float_compare(p, a.into_float_value(), b.into_float_value(), "cmp")
                .ir()
        } else {
            let p = if equal {
                IntPredicate::EQ
            } else {
                IntPredicate::NE
            };
            self.b
                .build_int_compare(p, a.into_int_value(), b.into_int_value(), "cmp")
                .ir()
        }
    }

    /// `a + b` (or `a - b`) of numbers of type `t`, wrapping for integers as NumPy does.
    fn add_or_sub(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        add: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(match t {
            Type::Float(_) if add => self
                .b
                .build_float_add(a.into_float_value(), b.into_float_value(), "add")
                .ir()?
                .into(),
            Type::Float(_) => self
                .b
                .build_float_sub(a.into_float_value(), b.into_float_value(), "sub")
                .ir()?
                .into(),
            _ if add => self
                .b
                .build_int_add(a.into_int_value(), b.into_int_value(), "add")
                .ir()?
                .into(),
            _ => self
                .b
                .build_int_sub(a.into_int_value(), b.into_int_value(), "sub")
                .ir()?
                .into(),
        })
    }

    fn mul_values(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(match t {
            Type::Float(_) => self
                .b
                .build_float_mul(a.into_float_value(), b.into_float_value(), "mul")
                .ir()?
                .into(),
            _ => self
                .b
                .build_int_mul(a.into_int_value(), b.into_int_value(), "mul")
                .ir()?
                .into(),
        })
    }

    /// `np.linspace(start, stop, num, endpoint)` with NumPy's arithmetic: `i * step + start`
    /// (or `i / div * delta + start` where the step underflows to zero), the last value `stop`.
    fn linspace(&mut self, args: &[Arg<'ctx>], rt: &ArrayTy) -> R<StructValue<'ctx>> {
        let num = self
            .cast(args[2].v, &args[2].t, &Type::I64)?
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, num, self.i64(0), "ok")
            .ir()?;
        self.check_formatted(
            ok,
            "ValueError",
            "Number of samples, {0}, must be non-negative.",
            &[num],
        )?;
        // The computation's dtype: float32 for float32 ends, else float64.
        let ct = if args[..2].iter().any(|a| a.t == Type::Float(32)) {
            Type::Float(32)
        } else {
            Type::F64
        };
        let ft = self.llvm_type(&ct).into_float_type();
        let start = self.cast(args[0].v, &args[0].t, &ct)?.into_float_value();
        let stop = self.cast(args[1].v, &args[1].t, &ct)?.into_float_value();
        let endpoint = self
            .cast(args[3].v, &args[3].t, &Type::Bool)?
            .into_int_value();
        let minus = self
            .b
            .build_int_z_extend(endpoint, self.cx().i64_type(), "e")
            .ir()?;
        let div_i = self.b.build_int_sub(num, minus, "div").ir()?;
        let div = self.b.build_signed_int_to_float(div_i, ft, "divf").ir()?;
        let delta = self.b.build_float_sub(stop, start, "delta").ir()?;
        let step = self.b.build_float_div(delta, div, "step").ir()?;
        let div_positive = self
            .b
            .build_int_compare(IntPredicate::SGT, div_i, self.i64(0), "divpos")
            .ir()?;
        let step_zero = self
            .b
            .build_float_compare(FloatPredicate::OEQ, step, ft.const_zero(), "stepzero")
            .ir()?;
        let use_step = self
            .b
            .build_and(
                div_positive,
                self.b.build_not(step_zero, "nz").ir()?,
                "usestep",
            )
            .ir()?;
        let arr = self.new_array(rt, &[num], false)?;
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        let elem_t = self.llvm_type(&rt.dtype);
        let dt = rt.dtype.clone();
        let last = self.b.build_int_sub(num, self.i64(1), "last").ir()?;
        let integer = !matches!(dt, Type::Float(_) | Type::Complex(_));
        self.for_each_index(&[num], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.b.build_signed_int_to_float(idx[0], ft, "i").ir()?;
            let by_step = s.b.build_float_mul(i, step, "ys").ir()?;
            let frac = s.b.build_float_div(i, div, "f").ir()?;
            let by_delta_frac = s.b.build_float_mul(frac, delta, "yd").ir()?;
            let by_delta = s.b.build_float_mul(i, delta, "yn").ir()?;
            let y =
                s.b.build_select(div_positive, by_delta_frac, by_delta, "y")
                    .ir()?;
            let y =
                s.b.build_select(use_step, by_step, y.into_float_value(), "y")
                    .ir()?;
            let y = s.b.build_float_add(y.into_float_value(), start, "y").ir()?;
            let at_end =
                s.b.build_int_compare(IntPredicate::EQ, idx[0], last, "atend")
                    .ir()?;
            let pin = s.b.build_and(at_end, endpoint, "pin").ir()?;
            let pin =
                s.b.build_and(
                    pin,
                    s.b.build_int_compare(IntPredicate::SGT, num, s.i64(1), "many")
                        .ir()?,
                    "pin",
                )
                .ir()?;
            let mut y: BasicValueEnum<'ctx> = s.b.build_select(pin, stop, y, "y").ir()?;
            if integer {
                y = s.call_intrinsic("llvm.floor", &[ft.into()], &[y.into()])?;
            }
            let v = s.numpy_cast(y, &ct, &dt)?;
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// `np.eye(n, m, k)`: zeros with ones on the `k`th diagonal.
    fn eye(
        &mut self,
        rt: &ArrayTy,
        n: IntValue<'ctx>,
        m: IntValue<'ctx>,
        k: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let arr = self.new_array(rt, &[n, m], true)?;
        let one = self.cast(self.i64(1).into(), &Type::I64, &rt.dtype)?;
        // Rows max(0, -k) .. min(n, m - k).
        let neg_k = self.b.build_int_neg(k, "negk").ir()?;
        let lo = self.smax(self.i64(0), neg_k)?;
        let m_minus_k = self.b.build_int_sub(m, k, "mk").ir()?;
        let hi = self.smin(n, m_minus_k)?;
        let count = self.b.build_int_sub(hi, lo, "count").ir()?;
        let count = self.smax(count, self.i64(0))?;
        self.for_each_index(&[count], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let row = s.b.build_int_add(lo, idx[0], "row").ir()?;
            let col = s.b.build_int_add(row, k, "col").ir()?;
            let p = s.element_ptr(arr, rt, &[row, col])?;
            s.b.build_store(p, one).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// `|x|` of an int64.
    pub fn iabs(&self, x: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let neg = self.b.build_int_neg(x, "neg").ir()?;
        let lt = self
            .b
            .build_int_compare(IntPredicate::SLT, x, self.i64(0), "lt")
            .ir()?;
        Ok(self
            .b
            .build_select(lt, neg, x, "abs")
            .ir()?
            .into_int_value())
    }

    pub fn smax(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let gt = self
            .b
            .build_int_compare(IntPredicate::SGT, a, b, "gt")
            .ir()?;
        Ok(self.b.build_select(gt, a, b, "max").ir()?.into_int_value())
    }

    fn smin(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let lt = self
            .b
            .build_int_compare(IntPredicate::SLT, a, b, "lt")
            .ir()?;
        Ok(self.b.build_select(lt, a, b, "min").ir()?.into_int_value())
    }
}

/// The name part of the runtime's sorting functions for `dtype` (booleans and uint8 share one).
fn sort_suffix(dtype: &Type) -> String {
    match dtype {
        Type::Bool => "bool".to_string(),
        Type::Int(i) if i.bits == 8 && !i.signed => "bool".to_string(),
        t => t.to_string(),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Whether a sort's `kind`/`order`/`stable` arguments ask for a stable sort; where NumPy
    /// raises `ValueError` for them, the call raises it.
    fn sort_kind(&mut self, d: &Decoded) -> R<bool> {
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
        let ptr = self.cx().ptr_type(AddressSpace::default());
        let i64t = self.cx().i64_type();
        let sort = self.runtime_fn(
            &format!(
                "oxjit_rt_{}sort_{}",
                if stable { "stable_" } else { "" },
                sort_suffix(&at.dtype)
            ),
            self.cx()
                .void_type()
                .fn_type(&[ptr.into(), i64t.into()], false),
        );
        self.for_each_index(&[rows], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let start = s.b.build_int_mul(idx[0], last, "start").ir()?;
            let row = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[start], "row") }.ir()?;
            s.b.build_call(sort, &[row.into(), last.into()], "").ir()?;
            Ok(())
        })
    }

    /// `np.nonzero(a)` (and `np.where(a)`): for each dimension, the indices of the nonzero items
    /// in C order, counted first, then filled.
    fn nonzero(&mut self, a: &Arg<'ctx>, result: &Type) -> R<BasicValueEnum<'ctx>> {
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
        let st = self.llvm_type(result).into_struct_type();
        let mut agg = st.get_undef();
        for (k, out) in outs.into_iter().enumerate() {
            agg = self
                .b
                .build_insert_value(agg, out, k as u32, "nonzero")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Copies every item of `src` into `dst` at the index `place` maps its index to.
    #[allow(clippy::type_complexity)]
    fn copy_placed(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        dst: StructValue<'ctx>,
        dt: &ArrayTy,
        place: &dyn Fn(&Self, &[IntValue<'ctx>]) -> R<Vec<IntValue<'ctx>>>,
    ) -> R<()> {
        let shape = self.shape_values(src, st)?;
        let (from, to) = (st.dtype.clone(), dt.dtype.clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let x = s.numpy_cast(x, &from, &to)?;
            let at = place(s, idx)?;
            let p = s.element_ptr(dst, dt, &at)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })
    }

    /// Raises NumPy's ValueError unless `got == want`.
    fn check_dim(
        &mut self,
        got: IntValue<'ctx>,
        want: IntValue<'ctx>,
        template: &str,
        extra: &[IntValue<'ctx>],
    ) -> R<()> {
        let same = self
            .b
            .build_int_compare(IntPredicate::EQ, got, want, "same")
            .ir()?;
        let fail = self.cx().append_basic_block(self.f, "shape_error");
        let cont = self.cx().append_basic_block(self.f, "shape_ok");
        self.b.build_conditional_branch(same, cont, fail).ir()?;
        self.b.position_at_end(fail);
        let mut ints = vec![want, got];
        ints.extend_from_slice(extra);
        self.raise_formatted("ValueError", template, &ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// `np.concatenate(arrays, axis)`.
    fn concatenate(
        &mut self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        axis: usize,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let first = self.shape_values(arrays[0].0, &arrays[0].1)?;
        let mut total = self.i64(0);
        for (k, (a, at)) in arrays.iter().enumerate() {
            let shape = self.shape_values(*a, at)?;
            for (d, (&x, &y)) in shape.iter().zip(&first).enumerate() {
                if d != axis {
                    self.check_dim(
                        x,
                        y,
                        &format!("all the input array dimensions except for the concatenation axis must match exactly, but along dimension {d}, the array at index 0 has size {{0}} and the array at index {k} has size {{1}}"),
                        &[],
                    )?;
                }
            }
            total = self.b.build_int_add(total, shape[axis], "total").ir()?;
        }
        let mut out_shape = first.clone();
        out_shape[axis] = total;
        let inputs = self.shapes_and_strides(arrays, None)?;
        let out = self.new_array_keep_order(rt, &out_shape, &inputs)?;
        let mut offset = self.i64(0);
        for (a, at) in arrays {
            let off = offset;
            self.copy_placed(*a, at, out, rt, &|s: &Self, idx: &[IntValue<'ctx>]| {
                let mut at_idx = idx.to_vec();
                at_idx[axis] = s.b.build_int_add(idx[axis], off, "i").ir()?;
                Ok(at_idx)
            })?;
            let n = self.array_shape(*a, axis as u32)?;
            offset = self.b.build_int_add(offset, n, "offset").ir()?;
        }
        Ok(out)
    }

    /// `np.stack(arrays, axis)`: a new axis of length `len(arrays)` at `axis`.
    fn stack(
        &mut self,
        arrays: &[(StructValue<'ctx>, ArrayTy)],
        axis: usize,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let first = self.shape_values(arrays[0].0, &arrays[0].1)?;
        for (a, at) in &arrays[1..] {
            let shape = self.shape_values(*a, at)?;
            for (&x, &y) in shape.iter().zip(&first) {
                self.check_dim(x, y, "all input arrays must have the same shape", &[])?;
            }
        }
        let mut out_shape = first.clone();
        out_shape.insert(axis, self.i64(arrays.len() as i64));
        let inputs = self.shapes_and_strides(arrays, Some(axis))?;
        let out = self.new_array_keep_order(rt, &out_shape, &inputs)?;
        for (k, (a, at)) in arrays.iter().enumerate() {
            self.copy_placed(*a, at, out, rt, &|s: &Self, idx: &[IntValue<'ctx>]| {
                let mut at_idx = idx.to_vec();
                at_idx.insert(axis, s.i64(k as i64));
                Ok(at_idx)
            })?;
        }
        Ok(out)
    }

    /// `np.array(t)` for a (nested) tuple of numbers or arrays: its shape is the nesting's (and
    /// the arrays'), every item converted to the dtype.
    fn array_from_sequence(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        // The shape: tuple lengths down the first items, then the first leaf array's shape.
        let mut shape = Vec::new();
        let mut cur_t = t.clone();
        let mut cur_v = v;
        while let Type::Tuple(items) = cur_t.clone() {
            shape.push(self.i64(items.len() as i64));
            if items.is_empty() {
                break;
            }
            cur_v = self
                .b
                .build_extract_value(cur_v.into_struct_value(), 0, "first")
                .ir()?;
            cur_t = items[0].clone();
        }
        if let Type::Array(at) = &cur_t {
            shape.extend(self.shape_values(cur_v.into_struct_value(), at)?);
        }
        let out = self.new_array(rt, &shape, false)?;
        self.extra_live
            .push((out.into(), Type::Array(rt.clone().into())));
        let stored = self.store_sequence(v, t, out, rt, &shape, &mut Vec::new());
        self.extra_live.pop();
        stored?;
        Ok(out)
    }

    fn store_sequence(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        out: StructValue<'ctx>,
        rt: &ArrayTy,
        shape: &[IntValue<'ctx>],
        prefix: &mut Vec<IntValue<'ctx>>,
    ) -> R<()> {
        match t {
            Type::Tuple(items) => {
                for (k, item) in items.iter().enumerate() {
                    let x = self
                        .b
                        .build_extract_value(v.into_struct_value(), k as u32, "item")
                        .ir()?;
                    prefix.push(self.i64(k as i64));
                    self.store_sequence(x, item, out, rt, shape, prefix)?;
                    prefix.pop();
                }
                Ok(())
            }
            Type::Array(at) => {
                let src = v.into_struct_value();
                let own = self.shape_values(src, at)?;
                for (k, &d) in own.iter().enumerate() {
                    self.check_dim(
                        d,
                        shape[prefix.len() + k],
                        "setting an array element with a sequence: the arrays differ in shape",
                        &[],
                    )?;
                }
                let prefix = prefix.clone();
                self.copy_placed(src, at, out, rt, &|_s: &Self, idx: &[IntValue<'ctx>]| {
                    let mut full = prefix.clone();
                    full.extend_from_slice(idx);
                    Ok(full)
                })
            }
            t => {
                let x = self.numpy_cast(v, t, &rt.dtype)?;
                let p = self.element_ptr(out, rt, prefix)?;
                self.b.build_store(p, x).ir()?;
                Ok(())
            }
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.diag(v, k)`: a 1-d `v` on the `k`th diagonal of a square matrix, or the `k`th
    /// diagonal of a matrix as a read-only view of it (NumPy's `a.diagonal(k)`).
    fn diag(
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
    fn item(&mut self, a: &Arg<'ctx>, index: &Arg<'ctx>) -> R<BasicValueEnum<'ctx>> {
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
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.meshgrid(x, y)` (NumPy's default `indexing='xy'`): `X[i, j] = x[j]`, `Y[i, j] =
    /// y[i]`, both of shape `(len(y), len(x))`, new arrays.
    fn meshgrid(&mut self, x: &Arg<'ctx>, y: &Arg<'ctx>, result: &Type) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = result else {
            return Err(self.err("meshgrid() makes a tuple"));
        };
        let (Type::Array(xt_out), Type::Array(yt_out)) = (&items[0], &items[1]) else {
            return Err(self.err("meshgrid() makes arrays"));
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
