//! `np.random`: argument checks with NumPy's messages, then the runtime's generator (NumPy's
//! legacy `RandomState`, one per thread); with `size=`, an array filled in C order, one draw per
//! element, which is the order NumPy draws in.

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FloatValue, IntValue};
use inkwell::{AddressSpace, FloatPredicate, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::random::Check;
use oxjit_core::registry::RandomFn;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::bound::Arg;
use super::{FnGen, Ir, R};
use oxjit_core::typeinfer::Decoded;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn random_fn(
        &mut self,
        f: RandomFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let none: BasicValueEnum<'ctx> = self.cx().i8_type().const_zero().into();
        match f {
            RandomFn::Seed => {
                let seed = self
                    .cast(args[0].v, &args[0].t, &Type::I64)?
                    .into_int_value();
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::ULE, seed, self.i64(u32::MAX as i64), "ok")
                    .ir()?;
                self.check(ok, "ValueError", "Seed must be between 0 and 2**32 - 1")?;
                let i32t = self.cx().i32_type();
                let seed = self.b.build_int_truncate(seed, i32t, "seed").ir()?;
                self.call_runtime(RuntimeFn::RandomSeed, &[seed.into()])?;
                Ok(none)
            }
            RandomFn::Rand | RandomFn::Randn => {
                let name = if f == RandomFn::Rand {
                    RuntimeFn::RandomSample
                } else {
                    RuntimeFn::RandomStandardNormal
                };
                let shape: Vec<IntValue<'ctx>> = args
                    .iter()
                    .map(|a| Ok(self.cast(a.v, &a.t, &Type::I64)?.into_int_value()))
                    .collect::<R<_>>()?;
                self.sized(result, Some(shape), &mut |s: &mut Self| {
                    s.draw_f64(name, &[])
                })
            }
            RandomFn::Randint => self.randint(args, result),
            RandomFn::Choice
                if args[3].t != Type::NoneType
                    || !matches!(args[2].c, Some(oxjit_core::ir::Const::Bool(true))) =>
            {
                self.choice_prepared(args, result)
            }
            RandomFn::Choice => self.choice_uniform(args, result),
            RandomFn::Shuffle => {
                let Type::Array(at) = &args[0].t else {
                    unreachable!("typed as an array")
                };
                self.shuffle(args[0].v.into_struct_value(), at)?;
                Ok(none)
            }
            RandomFn::Permutation => self.permutation(args, result),
            _ => {
                let n = f.params().len();
                let ints = f.int_params();
                let mut params: Vec<BasicValueEnum<'ctx>> = Vec::new();
                for (k, a) in args[..n].iter().enumerate() {
                    let to = if ints.contains(&k) {
                        Type::I64
                    } else {
                        Type::F64
                    };
                    params.push(self.cast(a.v, &a.t, &to)?);
                }
                self.check_parameters(f, &params)?;
                let draw = f.runtime().expect("a distribution");
                let size = self.size_argument(&args[n])?;
                self.sized(result, size, &mut |s: &mut Self| {
                    let values: Vec<BasicMetadataValueEnum<'ctx>> =
                        params.iter().map(|p| (*p).into()).collect();
                    Ok(s.call_runtime(draw, &values)?.expect("a draw"))
                })
            }
        }
    }

    /// `np.random.permutation(x)`: a shuffled copy of an array, or of `arange(x)`.
    fn permutation(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let Type::Array(rt) = result else {
            unreachable!("an array")
        };
        let arr = match &args[0].t {
            Type::Array(_) => {
                let bound = [Arg {
                    v: args[0].v,
                    t: args[0].t.clone(),
                    c: None,
                    src: None,
                }];
                let d = Decoded::default();
                self.array_fn(oxjit_core::registry::ArrayFn::Copy, &bound, &d, result)?
            }
            t => {
                let n = Arg {
                    v: self.cast(args[0].v, t, &Type::I64)?,
                    t: Type::I64,
                    c: None,
                    src: None,
                };
                let none_arg = || Arg {
                    v: self.cx().i8_type().const_zero().into(),
                    t: Type::NoneType,
                    c: None,
                    src: None,
                };
                let bound = [n, none_arg(), none_arg(), none_arg()];
                let d = Decoded::default();
                self.array_fn(oxjit_core::registry::ArrayFn::Arange, &bound, &d, result)?
            }
        };
        self.extra_live.push((arr, result.clone()));
        let shuffled = self.shuffle(arr.into_struct_value(), rt);
        self.extra_live.pop();
        shuffled?;
        Ok(arr)
    }

    /// `np.random.choice(a, size)` with replacement and no `p`: uniform indices.
    fn choice_uniform(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let (len, source) = match &args[0].t {
            Type::Array(at) => {
                let arr = args[0].v.into_struct_value();
                (self.array_shape(arr, 0)?, Some((arr, (**at).clone())))
            }
            t => (self.cast(args[0].v, t, &Type::I64)?.into_int_value(), None),
        };
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGT, len, self.i64(0), "ok")
            .ir()?;
        let msg = if source.is_some() {
            "'a' cannot be empty unless no samples are taken"
        } else {
            "a must be greater than 0 unless no samples are taken"
        };
        self.check(ok, "ValueError", msg)?;
        let size = self.size_argument(&args[1])?;
        self.sized(result, size, &mut |s: &mut Self| {
            let k = s.draw_randint(s.i64(0), len)?.into_int_value();
            match &source {
                Some((arr, at)) => s.array_load(*arr, at, &[k]),
                None => Ok(k.into()),
            }
        })
    }

    /// `np.random.randint(low, high, size)`: NumPy's bounded draws, checked `low < high`.
    fn randint(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let (low, high) = if args[1].t == Type::NoneType {
            let high = self
                .cast(args[0].v, &args[0].t, &Type::I64)?
                .into_int_value();
            let ok = self
                .b
                .build_int_compare(IntPredicate::SGT, high, self.i64(0), "ok")
                .ir()?;
            self.check(ok, "ValueError", "high <= 0")?;
            (self.i64(0), high)
        } else {
            let low = self
                .cast(args[0].v, &args[0].t, &Type::I64)?
                .into_int_value();
            let high = self
                .cast(args[1].v, &args[1].t, &Type::I64)?
                .into_int_value();
            let ok = self
                .b
                .build_int_compare(IntPredicate::SLT, low, high, "ok")
                .ir()?;
            self.check(ok, "ValueError", "low >= high")?;
            (low, high)
        };
        let size = self.size_argument(&args[2])?;
        self.sized(result, size, &mut |s: &mut Self| s.draw_randint(low, high))
    }

    fn draw_f64(
        &mut self,
        f: RuntimeFn,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(self.call_runtime(f, args)?.expect("a draw"))
    }

    fn draw_randint(
        &mut self,
        low: IntValue<'ctx>,
        high: IntValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(self
            .call_runtime(RuntimeFn::RandomRandint, &[low.into(), high.into()])?
            .expect("a draw"))
    }

    /// The shape a `size=` argument asks for (`None`: one scalar draw).
    fn size_argument(&self, a: &Arg<'ctx>) -> R<Option<Vec<IntValue<'ctx>>>> {
        match &a.t {
            Type::NoneType => Ok(None),
            Type::Tuple(items) => Ok(Some(
                items
                    .iter()
                    .enumerate()
                    .map(|(k, t)| {
                        let x = self
                            .b
                            .build_extract_value(a.v.into_struct_value(), k as u32, "dim")
                            .ir()?;
                        Ok(self.cast(x, t, &Type::I64)?.into_int_value())
                    })
                    .collect::<R<_>>()?,
            )),
            t => Ok(Some(vec![self.cast(a.v, t, &Type::I64)?.into_int_value()])),
        }
    }

    /// One draw, or (with a shape) a new array of draws in C order.
    fn sized(
        &mut self,
        result: &Type,
        shape: Option<Vec<IntValue<'ctx>>>,
        draw: &mut dyn FnMut(&mut Self) -> R<BasicValueEnum<'ctx>>,
    ) -> R<BasicValueEnum<'ctx>> {
        let (Some(shape), Type::Array(rt)) = (shape, result) else {
            return draw(self);
        };
        let rt: ArrayTy = (**rt).clone();
        let arr = self.new_array(&rt, &shape, false)?;
        let mut size = self.i64(1);
        for &d in &shape {
            size = self.b.build_int_mul(size, d, "size").ir()?;
        }
        let elem_t = self.llvm_type(&rt.dtype);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        self.extra_live.push((arr.into(), result.clone()));
        let filled = self.for_each_index(&[size], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = draw(s)?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `idx[0]`
            // runs below the array's length (the loop's bound), so the item is inside its data.
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        });
        self.extra_live.pop();
        filled?;
        Ok(arr.into())
    }

    /// `np.random.shuffle(a)`: the runtime swaps items (rows of a C-contiguous n-d array) as
    /// NumPy's legacy shuffle does.
    fn shuffle(&mut self, arr: inkwell::values::StructValue<'ctx>, at: &ArrayTy) -> R<()> {
        if at.ndim > 1 && at.layout != Layout::C {
            return Err(Diagnostic::internal(
                "np.random.shuffle() of a non-contiguous multi-dimensional array is not supported yet",
            ));
        }
        let n = self.array_shape(arr, 0)?;
        let strides = self.array_strides(arr, at)?;
        let mut item = self.i64(size_align(&at.dtype).0 as i64);
        for k in 1..at.ndim as u32 {
            item = self
                .b
                .build_int_mul(item, self.array_shape(arr, k)?, "row")
                .ir()?;
        }
        let data = self.b.build_extract_value(arr, 1, "data").ir()?;
        self.call_runtime(
            RuntimeFn::RandomShuffle,
            &[data.into(), n.into(), strides[0].into(), item.into()],
        )?;
        Ok(())
    }

    /// NumPy's ValueErrors for bad parameters, in NumPy's order.
    fn check_parameters(&mut self, f: RandomFn, params: &[BasicValueEnum<'ctx>]) -> R<()> {
        for (k, check) in f.checks() {
            let fail = match params[k] {
                BasicValueEnum::IntValue(x) => {
                    let (pred, msg) = match check {
                        Check::Negative(m) => (IntPredicate::SLT, m),
                        Check::NonPositive(m) => (IntPredicate::SLE, m),
                        other => {
                            return Err(Diagnostic::internal(format!("{other:?} of an integer")))
                        }
                    };
                    let bad = self.b.build_int_compare(pred, x, self.i64(0), "bad").ir()?;
                    (bad, msg)
                }
                BasicValueEnum::FloatValue(x) => self.float_check(x, check)?,
                _ => unreachable!("numbers"),
            };
            let ok = self.b.build_not(fail.0, "ok").ir()?;
            self.check(ok, "ValueError", fail.1)?;
        }
        match f {
            RandomFn::Triangular => {
                let (l, m, r) = (
                    params[0].into_float_value(),
                    params[1].into_float_value(),
                    params[2].into_float_value(),
                );
                for (pred, x, y, msg) in [
                    (FloatPredicate::OGT, l, m, "left > mode"),
                    (FloatPredicate::OGT, m, r, "mode > right"),
                    (FloatPredicate::OEQ, l, r, "left == right"),
                ] {
                    let bad = self.b.build_float_compare(pred, x, y, "bad").ir()?;
                    let ok = self.b.build_not(bad, "ok").ir()?;
                    self.check(ok, "ValueError", msg)?;
                }
            }
            RandomFn::Hypergeometric => {
                let (good, bad, sample) = (
                    params[0].into_int_value(),
                    params[1].into_int_value(),
                    params[2].into_int_value(),
                );
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::SGE, sample, self.i64(1), "ok")
                    .ir()?;
                self.check(ok, "ValueError", "nsample < 1 or nsample is NaN")?;
                let total = self.b.build_int_add(good, bad, "total").ir()?;
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::SGE, total, sample, "ok")
                    .ir()?;
                self.check(ok, "ValueError", "ngood + nbad < nsample")?;
            }
            _ => {}
        }
        Ok(())
    }

    fn float_check(&self, x: FloatValue<'ctx>, check: Check) -> R<(IntValue<'ctx>, &'static str)> {
        use FloatPredicate::*;
        let f64t = self.cx().f64_type();
        let cmp = |pred, c: f64| {
            self.b
                .build_float_compare(pred, x, f64t.const_float(c), "c")
                .ir()
        };
        Ok(match check {
            Check::Negative(m) => (cmp(OLT, 0.0)?, m),
            Check::NonPositive(m) => (cmp(OLE, 0.0)?, m),
            Check::NegativeOrNan(m) => (cmp(ULT, 0.0)?, m),
            Check::Probability(m) => {
                let inside = self
                    .b
                    .build_and(cmp(OGE, 0.0)?, cmp(OLE, 1.0)?, "in")
                    .ir()?;
                (self.b.build_not(inside, "out").ir()?, m)
            }
            Check::OpenProbability(m) => {
                let inside = self
                    .b
                    .build_and(cmp(OGT, 0.0)?, cmp(OLE, 1.0)?, "in")
                    .ir()?;
                (self.b.build_not(inside, "out").ir()?, m)
            }
            Check::ProbabilityBelowOne(m) => {
                let inside = self
                    .b
                    .build_and(cmp(OGE, 0.0)?, cmp(OLT, 1.0)?, "in")
                    .ir()?;
                (self.b.build_not(inside, "out").ir()?, m)
            }
            Check::AtMostOneOrNan(m) => (cmp(ULE, 1.0)?, m),
        })
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `np.random.choice(a, size, replace, p)` with `p=` or a `replace` other than `True`: the
    /// runtime draws every index as NumPy's legacy `choice` does (`oxjit-runtime/src/choice.rs`),
    /// and raises its `ValueError`s; the result takes them in C order.
    fn choice_prepared(&mut self, args: &[Arg<'ctx>], result: &Type) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        let (i32t, i1t) = (cx.i32_type(), cx.bool_type());
        let ptr = cx.ptr_type(AddressSpace::default());
        let (pop, source) = match &args[0].t {
            Type::Array(at) => {
                let arr = args[0].v.into_struct_value();
                (self.array_shape(arr, 0)?, Some((arr, (**at).clone())))
            }
            t => (self.cast(args[0].v, t, &Type::I64)?.into_int_value(), None),
        };
        let size = self.size_argument(&args[1])?;
        // The number of samples, and whether a dimension is negative.
        let (mut total, mut negative) = (self.i64(1), i1t.const_zero());
        for &d in size.iter().flatten() {
            total = self.b.build_int_mul(total, d, "total").ir()?;
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, d, self.i64(0), "neg")
                .ir()?;
            negative = self.b.build_or(negative, neg, "negative").ir()?;
        }
        let replace = self.truth(args[2].v, &args[2].t)?;
        let (p_data, p_len, p_stride, p_itemsize) = match &args[3].t {
            Type::Array(pt) => {
                let p = args[3].v.into_struct_value();
                let data = self.b.build_extract_value(p, 1, "p.data").ir()?;
                let stride = self.array_strides(p, pt)?[0];
                let itemsize = size_align(&pt.dtype).0 as i64;
                (data, self.array_shape(p, 0)?, stride, self.i64(itemsize))
            }
            _ => (
                ptr.const_null().into(),
                self.i64(0),
                self.i64(0),
                self.i64(0),
            ),
        };
        let a_is_array = i1t.const_int(source.is_some() as u64, false);
        let status = self
            .call_runtime(
                RuntimeFn::RandomChoicePrepare,
                &[
                    pop.into(),
                    a_is_array.into(),
                    total.into(),
                    negative.into(),
                    replace.into(),
                    p_data.into(),
                    p_len.into(),
                    p_stride.into(),
                    p_itemsize.into(),
                ],
            )?
            .expect("status")
            .into_int_value();
        for (k, msg) in oxjit_abi::status::choice::MESSAGES.iter().enumerate() {
            let code = i32t.const_int(oxjit_abi::status::choice::status(k) as u64, false);
            let ok = self
                .b
                .build_int_compare(IntPredicate::NE, status, code, "ok")
                .ir()?;
            self.check(ok, "ValueError", msg)?;
        }
        self.sized(result, size, &mut |s: &mut Self| {
            let k = s
                .call_runtime(RuntimeFn::RandomChoiceNext, &[])?
                .expect("index")
                .into_int_value();
            match &source {
                Some((arr, at)) => s.array_load(*arr, at, &[k]),
                None => Ok(k.into()),
            }
        })
    }
}
