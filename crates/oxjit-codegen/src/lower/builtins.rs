//! Lowering of Python's builtins (`abs min max round int float complex bool divmod pow len
//! range`, `.conjugate()`) and helpers to call intrinsics, libm and the runtime.

use inkwell::types::{BasicTypeEnum, FunctionType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_abi::{Callback, PrintKind, RuntimeFn};
use oxjit_core::diagnostics::Diagnostic;
use std::sync::Arc;

use oxjit_core::ir::{CmpOp, Value};
use oxjit_core::registry::Builtin;
use oxjit_core::types::Type;

use super::bound::Arg;
use super::{FnGen, Ir, R, TWO_POW_63};
use inkwell::intrinsics::Intrinsic;
use inkwell::module::Linkage;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// A function of the C library's libm, declared on first use (the runtime's functions are
    /// declared from the ABI table by `runtime`).
    pub fn libm_fn(&self, name: &str, ty: FunctionType<'ctx>) -> FunctionValue<'ctx> {
        self.m.module.get_function(name).unwrap_or_else(|| {
            self.m
                .module
                .add_function(name, ty, Some(Linkage::External))
        })
    }

    pub fn call_intrinsic(
        &self,
        name: &str,
        types: &[BasicTypeEnum<'ctx>],
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> R<BasicValueEnum<'ctx>> {
        let intrinsic = Intrinsic::find(name).ok_or_else(|| {
            oxjit_core::diagnostics::Diagnostic::internal(format!("no intrinsic {name}"))
        })?;
        let f = intrinsic
            .get_declaration(&self.m.module, types)
            .ok_or_else(|| {
                oxjit_core::diagnostics::Diagnostic::internal(format!("cannot declare {name}"))
            })?;
        Ok(self
            .b
            .build_call(f, args, name)
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("intrinsic value"))
    }

    /// Calls a libm function of doubles (`sin`, `atan2`, ...). The declaration says it reads and
    /// writes no memory (oxjit never reads `errno`), so LLVM may hoist, merge (`sin`+`cos` into
    /// `sincos`) and vectorise the calls as it does for its own math intrinsics.
    pub fn call_libm(&self, name: &str, args: &[BasicValueEnum<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        self.target().call_math(&self.emit(), name, args)
    }

    /// `v` (of type `t`) as a double.
    pub fn to_f64(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<BasicValueEnum<'ctx>> {
        self.cast(v, t, &Type::F64)
    }

    /// A builtin (or `math`, `cmath`, NumPy scalar function) called with `args`, bound to its
    /// parameters by typing.
    pub fn builtin(
        &mut self,
        b: Builtin,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let mut types: Vec<Type> = args.iter().map(|a| a.t.clone()).collect();
        let mut vals: Vec<BasicValueEnum<'ctx>> = args.iter().map(|a| a.v).collect();
        // The IR values of the arguments, for the rules that lower an instruction of them.
        let values = || -> R<Vec<Value>> {
            args.iter()
                .map(|a| {
                    a.src.ok_or_else(|| {
                        oxjit_core::diagnostics::Diagnostic::internal(
                            "a default where a value is needed",
                        )
                    })
                })
                .collect()
        };
        if oxjit_core::registry::results::converts_items(b) {
            // `float(a)` of a 0-d array converts its item.
            for (v, t) in vals.iter_mut().zip(types.iter_mut()) {
                if let Type::Array(at) = t.clone() {
                    if at.ndim == 0 {
                        *v = self.array_load(v.into_struct_value(), &at, &[])?;
                        *t = at.dtype.clone();
                    }
                }
            }
        }
        match b {
            Builtin::Abs => self.abs(vals[0], &types[0], result),
            Builtin::Min | Builtin::Max | Builtin::Sum | Builtin::Any | Builtin::All => {
                self.reduction_builtin(b, &vals, &types, result)
            }
            Builtin::Round => self.round(&vals, &types, result),
            Builtin::Int => match types.first() {
                None => Ok(self.cx().i64_type().const_zero().into()),
                Some(Type::Float(_)) => self.float_to_int(vals[0].into_float_value()),
                Some(t) => self.cast(vals[0], t, result),
            },
            Builtin::Float => match types.first() {
                None => Ok(self.cx().f64_type().const_zero().into()),
                Some(t) => self.cast(vals[0], t, &Type::F64),
            },
            Builtin::Complex => self.complex_builtin(&vals, &types, result),
            Builtin::Bool => match types.first() {
                None => Ok(self.cx().bool_type().const_zero().into()),
                Some(t) => Ok(self.truth(vals[0], t)?.into()),
            },
            Builtin::DivMod => self.divmod(vals[0], &types[0], vals[1], &types[1], result),
            Builtin::Pow => {
                if args.len() == 3 {
                    return self.pow_mod(&vals, &types);
                }
                let v = values()?;
                self.binop(oxjit_core::ir::BinOp::Pow, v[0], v[1], result)
            }
            Builtin::Len => self.len_of(vals[0], &types[0]),
            Builtin::TupleOf => self.tuple_builtin(&vals, &types, result),
            Builtin::Range | Builtin::Prange => self.range(&vals, &types),
            Builtin::GetNumThreads | Builtin::GetThreadId => self.thread_query(b),
            Builtin::GetParallelChunksize | Builtin::SetParallelChunksize => {
                self.parallel_chunksize(&vals, &types)
            }
            Builtin::Print => self.print(&values()?, &[]),
            Builtin::Enumerate => self.enumerate_builtin(&vals, &types, result),
            Builtin::Reversed => self.reversed_builtin(vals[0], &types[0]),
            Builtin::Zip => self.struct_of(result, vals.iter().copied(), "zip"),
            Builtin::NumberItem => Ok(vals[0]),
            Builtin::Conjugate => match &types[0] {
                Type::Complex(_) => {
                    let (re, im) = self.complex_parts(vals[0])?;
                    let im = self.b.build_float_neg(im, "conj").ir()?;
                    Ok(self.make_complex(re.into(), im.into(), result)?.into())
                }
                t => self.cast(vals[0], t, result),
            },
            Builtin::Math(f) => self.math(f, &vals, &types, result),
            Builtin::Cmath(f) => self.cmath(f, &vals, &types, result),
            // `np.real(x)`, `np.imag(x)`: the attributes (views of an array's parts).
            Builtin::Numpy(f) if f.is_part_view() => {
                let part = self.attribute(values()?[0], f.name(), result)?;
                // A view (or the array itself): it takes its own reference, as the results of
                // calls own one (unowned, it was freed twice).
                self.incref(part, result)?;
                Ok(part)
            }
            // `np.float32(a)` of an array: `np.asarray(a, np.float32)`.
            Builtin::Numpy(f)
                if f.conversion_target().is_some()
                    && matches!(types.first(), Some(Type::Array(_))) =>
            {
                let (Type::Array(st), Type::Array(rt)) = (&types[0], result) else {
                    unreachable!("typing converts an array to an array")
                };
                if st.dtype == rt.dtype {
                    self.incref(vals[0], &types[0])?;
                    return Ok(vals[0]);
                }
                Ok(self.copy_of(vals[0].into_struct_value(), st, rt)?.into())
            }
            Builtin::Numpy(f) => self.numpy(f, &vals, &types, result),
            Builtin::Ufunc(op) => self.ufunc_scalar(op, &vals, &types, result),
            Builtin::Array(_)
            | Builtin::Random(_)
            | Builtin::Reduce(_)
            | Builtin::PyRandom(_)
            | Builtin::Cuda(_)
            | Builtin::Linalg(_)
            | Builtin::Fft(_)
            | Builtin::Str(_)
            | Builtin::List(_)
            | Builtin::Dict(_)
            | Builtin::Set(_)
            | Builtin::Tuple(_)
            | Builtin::UfuncMethod(_)
            | Builtin::Generator(_)
            | Builtin::NpGen(_)
            | Builtin::Carray
            | Builtin::Farray
            | Builtin::CFuncCall
            | Builtin::FfiFromBuffer => {
                unreachable!("lowered with bound arguments")
            }
            // What typing left to run time (a constant answer never reaches here).
            Builtin::IsInstance => self.isinstance(vals[0], &types[0], &types[1]),
            // `type(x)` exists at compile time; a class is never called (typing refuses it).
            Builtin::TypeOf | Builtin::Class(_) => unreachable!("answered by typing"),
        }
    }

    /// `tuple()` (the empty tuple) and `tuple(t)` of a tuple: `t` itself, as CPython returns
    /// it, with a reference of its own (a call's result comes with one).
    fn tuple_builtin(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match (vals.first(), types.first()) {
            (Some(v), Some(t)) => {
                self.incref(*v, t)?;
                Ok(*v)
            }
            _ => Ok(self.llvm_type(result).const_zero()),
        }
    }

    /// `enumerate(iterable, start)`: the start and the iterable, iterated over later.
    fn enumerate_builtin(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let start = match vals.get(1) {
            Some(v) => self.cast(*v, &types[1], &Type::I64)?,
            None => self.cx().i64_type().const_zero().into(),
        };
        let st = self.llvm_type(result).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), start, 0, "enumerate")
            .ir()?;
        Ok(self
            .b
            .build_insert_value(agg, vals[0], 1, "enumerate")
            .ir()?
            .into_struct_value()
            .into())
    }

    /// `complex()`, `complex(x)`, `complex(re, im)`.
    fn complex_builtin(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let zero = self.cx().f64_type().const_zero().into();
        match types.len() {
            0 => Ok(self.make_complex(zero, zero, result)?.into()),
            1 => self.cast(vals[0], &types[0], result),
            _ if types.iter().all(Type::is_real) => {
                let re = self.cast(vals[0], &types[0], &Type::F64)?;
                let im = self.cast(vals[1], &types[1], &Type::F64)?;
                Ok(self.make_complex(re, im, result)?.into())
            }
            _ => {
                // complex(a, b) = a + b*1j, for complex a or b too.
                let a = self.cast(vals[0], &types[0], &Type::C128)?;
                let bv = self.cast(vals[1], &types[1], &Type::C128)?;
                let (ar, ai) = self.complex_parts(a)?;
                let (br, bi) = self.complex_parts(bv)?;
                let re = self.b.build_float_sub(ar, bi, "re").ir()?;
                let im = self.b.build_float_add(ai, br, "im").ir()?;
                Ok(self.make_complex(re.into(), im.into(), result)?.into())
            }
        }
    }

    fn abs(&mut self, v: BasicValueEnum<'ctx>, t: &Type, result: &Type) -> R<BasicValueEnum<'ctx>> {
        match t {
            Type::Bool | Type::Int(_) => {
                let x = self.cast(v, t, result)?.into_int_value();
                if matches!(result, Type::Int(i) if !i.signed) {
                    return Ok(x.into());
                }
                let neg = self
                    .b
                    .build_int_compare(IntPredicate::SLT, x, x.get_type().const_zero(), "neg")
                    .ir()?;
                let minus = self.b.build_int_neg(x, "minus").ir()?;
                self.b.build_select(neg, minus, x, "abs").ir()
            }
            Type::Float(_) => self.call_intrinsic("llvm.fabs", &[self.llvm_type(t)], &[v.into()]),
            Type::Complex(_) => {
                let (re, im) = self.complex_parts(v)?;
                let re = self.to_f64(re.into(), &Type::F64.clone())?;
                let re = if *t == Type::Complex(64) {
                    self.b
                        .build_float_ext(re.into_float_value(), self.cx().f64_type(), "re")
                        .ir()?
                        .into()
                } else {
                    re
                };
                let im = if *t == Type::Complex(64) {
                    self.b
                        .build_float_ext(im, self.cx().f64_type(), "im")
                        .ir()?
                        .into()
                } else {
                    im.into()
                };
                let h = self.call_libm("hypot", &[re, im])?;
                if !self.m.opts.numpy_errors {
                    let inf = self.is_inf(h.into_float_value())?;
                    let fre = self.is_finite(re.into_float_value())?;
                    let fim = self.is_finite(im.into_float_value())?;
                    let both = self.b.build_and(fre, fim, "fin").ir()?;
                    let overflow = self.b.build_and(inf, both, "ovf").ir()?;
                    let ok = self.b.build_not(overflow, "ok").ir()?;
                    self.check(ok, "OverflowError", "absolute value too large")?;
                }
                self.cast(h, &Type::F64, result)
            }
            _ => Err(Diagnostic::internal(format!("abs() of {t}"))),
        }
    }

    /// Python's `min`/`max`: the first of the extreme items (NaN handling follows from `<`).
    pub(super) fn min_max(
        &mut self,
        is_min: bool,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let (items, item_types): (Vec<BasicValueEnum<'ctx>>, Vec<Type>) = if let [v] = vals {
            let Type::Tuple(ts) = &types[0] else {
                return Err(Diagnostic::internal("min()/max() of a non-tuple"));
            };
            let mut out = Vec::new();
            for i in 0..ts.len() {
                out.push(
                    self.b
                        .build_extract_value(v.into_struct_value(), i as u32, "item")
                        .ir()?,
                );
            }
            (out, ts.to_vec())
        } else {
            (vals.to_vec(), types.to_vec())
        };
        let mut acc = self.cast(items[0], &item_types[0], result)?;
        let op = if is_min { CmpOp::Lt } else { CmpOp::Gt };
        for (v, t) in items.iter().zip(&item_types).skip(1) {
            let x = self.cast(*v, t, result)?;
            let better = match result.is_real() {
                true => self.compare_typed(op, x, acc, result)?,
                // Strings, tuples, lists: their models' comparison.
                false => self.compare_values(op, x, result, acc, result)?,
            };
            acc = self.b.build_select(better, x, acc, "minmax").ir()?;
        }
        // A string argument is borrowed; the call's result is a reference of its own.
        self.incref(acc, result)?;
        Ok(acc)
    }

    fn compare_typed(
        &self,
        op: CmpOp,
        x: BasicValueEnum<'ctx>,
        y: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<inkwell::values::IntValue<'ctx>> {
        match t {
            Type::Float(_) => {
                let pred = if op == CmpOp::Lt {
                    FloatPredicate::OLT
                } else {
                    FloatPredicate::OGT
                };
                self.b
                    .build_float_compare(pred, x.into_float_value(), y.into_float_value(), "c")
                    .ir()
            }
            Type::Int(i) => {
                let pred = match (op == CmpOp::Lt, i.signed) {
                    (true, true) => IntPredicate::SLT,
                    (true, false) => IntPredicate::ULT,
                    (false, true) => IntPredicate::SGT,
                    (false, false) => IntPredicate::UGT,
                };
                self.b
                    .build_int_compare(pred, x.into_int_value(), y.into_int_value(), "c")
                    .ir()
            }
            Type::Bool => {
                let pred = if op == CmpOp::Lt {
                    IntPredicate::ULT
                } else {
                    IntPredicate::UGT
                };
                self.b
                    .build_int_compare(pred, x.into_int_value(), y.into_int_value(), "c")
                    .ir()
            }
            _ => Err(Diagnostic::internal(format!(
                "cannot order values of type {t}"
            ))),
        }
    }

    /// `int(x)` of a float: truncation, with CPython's errors for NaN and infinities.
    pub fn float_to_int(
        &mut self,
        x: inkwell::values::FloatValue<'ctx>,
    ) -> R<BasicValueEnum<'ctx>> {
        self.float_to_i64_checked(x, "oxjit: int() of a float outside the int64 range")
    }

    /// A float truncated to int64, with CPython's errors for NaN and infinities, and
    /// `OverflowError(overflow_msg)` where the value does not fit in 64 bits.
    pub fn float_to_i64_checked(
        &mut self,
        x: inkwell::values::FloatValue<'ctx>,
        overflow_msg: &str,
    ) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        let x64 = self.b.build_float_cast(x, f64t, "x").ir()?;
        // [-2**63, 2**63) holds exactly the floats whose truncation fits in int64; NaN fails
        // both (ordered) comparisons. One test on the hot path; the error is told apart after.
        let lo = self
            .b
            .build_float_compare(
                FloatPredicate::OGE,
                x64,
                f64t.const_float(-TWO_POW_63),
                "lo",
            )
            .ir()?;
        let hi = self
            .b
            .build_float_compare(FloatPredicate::OLT, x64, f64t.const_float(TWO_POW_63), "hi")
            .ir()?;
        let in_range = self.b.build_and(lo, hi, "inrange").ir()?;
        let fail = self.cx().append_basic_block(self.f, "int_error");
        let cont = self.cx().append_basic_block(self.f, "int_ok");
        let br = self.b.build_conditional_branch(in_range, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        let nan = self.is_nan(x)?;
        let ok = self.b.build_not(nan, "ok").ir()?;
        self.check(ok, "ValueError", "cannot convert float NaN to integer")?;
        let inf = self.is_inf(x)?;
        let ok = self.b.build_not(inf, "ok").ir()?;
        self.check(
            ok,
            "OverflowError",
            "cannot convert float infinity to integer",
        )?;
        self.raise("OverflowError", overflow_msg, None)?;
        self.b.position_at_end(cont);
        Ok(self
            .b
            .build_float_to_signed_int(x64, self.cx().i64_type(), "int")
            .ir()?
            .into())
    }

    fn round(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let with_digits = types.len() == 2 && types[1] != Type::NoneType;
        match (&types[0], with_digits) {
            (Type::Float(_), false) => {
                let x = vals[0].into_float_value();
                let r = self
                    .call_intrinsic("llvm.roundeven", &[x.get_type().into()], &[x.into()])?
                    .into_float_value();
                self.float_to_int(r)
            }
            (Type::Float(_), true) => {
                let f = self.runtime(RuntimeFn::RoundNdigits);
                let x = self.to_f64(vals[0], &types[0])?;
                let n = self.cast(vals[1], &types[1], &Type::I64)?;
                let r = self
                    .b
                    .build_call(f, &[x.into(), n.into()], "round")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("f64");
                self.cast(r, &Type::F64, result)
            }
            (t, false) => self.cast(vals[0], t, result),
            (t, true) => {
                // round(int, n): unchanged for n >= 0; else to a multiple of 10**-n, half to even.
                let x = self.cast(vals[0], t, &Type::I64)?.into_int_value();
                let n = self.cast(vals[1], &types[1], &Type::I64)?.into_int_value();
                let i64t = self.cx().i64_type();
                let neg_n = self.b.build_int_neg(n, "negn").ir()?;
                let clamped = self
                    .b
                    .build_select(
                        self.b
                            .build_int_compare(
                                IntPredicate::SGT,
                                neg_n,
                                i64t.const_int(18, false),
                                "big",
                            )
                            .ir()?,
                        i64t.const_int(19, false),
                        neg_n,
                        "k",
                    )
                    .ir()?
                    .into_int_value();
                let f = self.runtime(RuntimeFn::Ipow);
                let pow = self
                    .b
                    .build_call(f, &[i64t.const_int(10, false).into(), clamped.into()], "p")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("i64")
                    .into_int_value();
                let (q, r) = self.int_divmod(x, pow, true)?;
                let twice = self
                    .b
                    .build_int_mul(r, i64t.const_int(2, false), "twice")
                    .ir()?;
                let gt = self
                    .b
                    .build_int_compare(IntPredicate::SGT, twice, pow, "gt")
                    .ir()?;
                let eq = self
                    .b
                    .build_int_compare(IntPredicate::EQ, twice, pow, "eq")
                    .ir()?;
                let odd = self.b.build_and(q, i64t.const_int(1, false), "odd").ir()?;
                let odd = self
                    .b
                    .build_int_compare(IntPredicate::NE, odd, i64t.const_zero(), "isodd")
                    .ir()?;
                let tie_up = self.b.build_and(eq, odd, "tieup").ir()?;
                let up = self.b.build_or(gt, tie_up, "up").ir()?;
                let q1 = self
                    .b
                    .build_int_add(q, i64t.const_int(1, false), "q1")
                    .ir()?;
                let q = self.b.build_select(up, q1, q, "q").ir()?.into_int_value();
                let rounded = self.b.build_int_mul(q, pow, "rounded").ir()?;
                let keep = self
                    .b
                    .build_int_compare(IntPredicate::SGE, n, i64t.const_zero(), "keep")
                    .ir()?;
                let big = self
                    .b
                    .build_int_compare(IntPredicate::SGT, neg_n, i64t.const_int(18, false), "huge")
                    .ir()?;
                let r = self
                    .b
                    .build_select(big, i64t.const_zero(), rounded, "r")
                    .ir()?;
                self.b
                    .build_select(keep, x, r.into_int_value(), "round")
                    .ir()
            }
        }
    }

    /// `pow(base, exp, modulus)` of integers (64-bit), CPython's results and errors.
    fn pow_mod(
        &mut self,
        vals: &[BasicValueEnum<'ctx>],
        types: &[Type],
    ) -> R<BasicValueEnum<'ctx>> {
        use oxjit_abi::status::math::{DOMAIN, RANGE};
        let args = vals
            .iter()
            .zip(types)
            .map(|(v, t)| self.cast(*v, t, &Type::I64))
            .collect::<R<Vec<_>>>()?;
        self.rt_call_out(
            oxjit_abi::RuntimeFn::PowMod,
            &args,
            self.cx().i64_type().into(),
            &[
                (DOMAIN, "ValueError", "pow() 3rd argument cannot be 0"),
                (
                    RANGE,
                    "ValueError",
                    "base is not invertible for the given modulus",
                ),
            ],
        )
    }

    fn divmod(
        &mut self,
        x: BasicValueEnum<'ctx>,
        tx: &Type,
        y: BasicValueEnum<'ctx>,
        ty: &Type,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let Type::Tuple(items) = result else {
            unreachable!()
        };
        let t = items[0].clone();
        let x = self.cast(x, tx, &t)?;
        let y = self.cast(y, ty, &t)?;
        let (q, r): (BasicValueEnum, BasicValueEnum) = match &t {
            // Under NumPy's error model a zero divisor raises nothing: (0, 0) for integers,
            // (x / 0.0, nan) for floats, as Numba and NumPy's `divmod` give.
            Type::Int(i) => {
                let yv = y.into_int_value();
                let it = yv.get_type();
                let is_zero = self
                    .b
                    .build_int_compare(IntPredicate::EQ, yv, it.const_zero(), "z")
                    .ir()?;
                let yv = if self.m.opts.numpy_errors {
                    self.b
                        .build_select(is_zero, it.const_int(1, false), yv, "safe")
                        .ir()?
                        .into_int_value()
                } else {
                    let ok = self.b.build_not(is_zero, "ok").ir()?;
                    self.check(
                        ok,
                        "ZeroDivisionError",
                        "integer division or modulo by zero",
                    )?;
                    yv
                };
                let (q, r) = self.int_divmod(x.into_int_value(), yv, i.signed)?;
                if self.m.opts.numpy_errors {
                    let zero = it.const_zero();
                    let q = self.b.build_select(is_zero, zero, q, "q").ir()?;
                    let r = self.b.build_select(is_zero, zero, r, "r").ir()?;
                    (q, r)
                } else {
                    (q.into(), r.into())
                }
            }
            _ => {
                let xv = x.into_float_value();
                let yv = y.into_float_value();
                if !self.m.opts.numpy_errors {
                    let zero = yv.get_type().const_zero();
                    let is_zero = self
                        .b
                        .build_float_compare(FloatPredicate::OEQ, yv, zero, "z")
                        .ir()?;
                    let ok = self.b.build_not(is_zero, "ok").ir()?;
                    self.check(ok, "ZeroDivisionError", "float divmod()")?;
                }
                let (q, r) = self.float_divmod(xv, yv)?;
                (self.floordiv_by_zero(xv, yv, q)?.into(), r.into())
            }
        };
        let st = self.llvm_type(result).into_struct_type();
        let agg = self.b.build_insert_value(st.get_undef(), q, 0, "q").ir()?;
        Ok(self
            .b
            .build_insert_value(agg, r, 1, "r")
            .ir()?
            .into_struct_value()
            .into())
    }

    fn range(&mut self, vals: &[BasicValueEnum<'ctx>], types: &[Type]) -> R<BasicValueEnum<'ctx>> {
        let i64t = self.cx().i64_type();
        let ints: Vec<_> = vals
            .iter()
            .zip(types)
            .map(|(v, t)| self.cast(*v, t, &Type::I64))
            .collect::<R<_>>()?;
        let (start, stop, step) = match ints.len() {
            1 => (
                i64t.const_zero().into(),
                ints[0],
                i64t.const_int(1, false).into(),
            ),
            2 => (ints[0], ints[1], i64t.const_int(1, false).into()),
            _ => (ints[0], ints[1], ints[2]),
        };
        if ints.len() == 3 {
            let zero = self
                .b
                .build_int_compare(
                    IntPredicate::EQ,
                    step.into_int_value(),
                    i64t.const_zero(),
                    "z",
                )
                .ir()?;
            let ok = self.b.build_not(zero, "ok").ir()?;
            self.check(ok, "ValueError", "range() arg 3 must not be zero")?;
        }
        let st = self.llvm_type(&Type::Range).into_struct_type();
        let agg = self
            .b
            .build_insert_value(st.get_undef(), start, 0, "start")
            .ir()?;
        let agg = self.b.build_insert_value(agg, stop, 1, "stop").ir()?;
        Ok(self
            .b
            .build_insert_value(agg, step, 2, "step")
            .ir()?
            .into_struct_value()
            .into())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `print(*args, sep=, end=, flush=)`: the arguments as `{kind, a, b}` records, printed by the
    /// extension through Python's `print` (see `oxjit-python/src/callbacks.rs` for the kinds).
    /// Numbers of Python's own types go as values; other values (float32, tuples, arrays...) go
    /// as a pointer to their native form and the text of their type, and the extension boxes them
    /// as NumPy would hold them, so that they print as in CPython.
    pub fn print(
        &mut self,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let ptr = cx.ptr_type(inkwell::AddressSpace::default());
        let rec = cx.struct_type(&[i64t.into(), i64t.into(), i64t.into()], false);
        let n = args.len() as u32;
        let array_t = rec.array_type(n.max(1));
        let slot = self.alloca(array_t.into(), "print.args")?;
        let mut texts = Vec::new();
        for (k, a) in args.iter().enumerate() {
            let (kind, x, y) = if super::repr::holds_container(self.ty(*a)) {
                // A container prints as its text, made here (a set in its table's order).
                let (v, t) = (self.val(*a), self.ty(*a).clone());
                let text = self.repr_text(v, &t)?;
                texts.push(text);
                self.print_text_record(text)?
            } else {
                self.print_record(*a)?
            };
            for (field, value) in [(0u32, i64t.const_int(kind as u64, false)), (1, x), (2, y)] {
                // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): record
                // `k` (below `n`) and field 0..2 of the records array just allocated.
                let p = unsafe {
                    self.b.build_in_bounds_gep(
                        array_t,
                        slot,
                        &[
                            i64t.const_zero(),
                            i64t.const_int(k as u64, false),
                            cx.i32_type().const_int(field as u64, false),
                        ],
                        "p",
                    )
                }
                .ir()?;
                self.b.build_store(p, value).ir()?;
            }
        }
        // sep and end: a NUL-terminated constant, or null for Python's default; flush: 0 or 1.
        let mut options: Vec<BasicMetadataValueEnum<'ctx>> = Vec::new();
        for name in ["sep", "end"] {
            let text = kwargs
                .iter()
                .find(|(k, _)| &**k == name)
                .and_then(|(_, v)| match self.ty(*v) {
                    Type::StrLiteral(s) => Some(s.clone()),
                    _ => None,
                });
            options.push(match text {
                Some(s) => self.m.string(&self.b, &s)?.into(),
                None => ptr.const_null().into(),
            });
        }
        let flush = match kwargs.iter().find(|(k, _)| &**k == "flush") {
            Some((_, v)) => {
                let t = self.ty(*v).clone();
                self.cast(self.val(*v), &t, &Type::I64)?.into_int_value()
            }
            None => i64t.const_zero(),
        };
        options.push(flush.into());
        let f = self.callback(Callback::Print);
        let mut call_args: Vec<BasicMetadataValueEnum<'ctx>> =
            vec![slot.into(), i64t.const_int(n as u64, false).into()];
        call_args.extend(options);
        self.b.build_call(f, &call_args, "").ir()?;
        for text in texts {
            self.decref(text.into(), &Type::Str)?;
        }
        Ok(cx.i8_type().const_zero().into())
    }

    /// The record printing the string `text` (borrowed for the call).
    fn print_text_record(
        &mut self,
        text: inkwell::values::PointerValue<'ctx>,
    ) -> R<(PrintKind, IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.cx().i64_type();
        let slot = self.alloca(self.ptr_type(), "print.text")?;
        self.b.build_store(slot, text).ir()?;
        let name = self.m.string(&self.b, &Type::Str.to_string())?;
        let value_addr = self.b.build_ptr_to_int(slot, i64t, "value").ir()?;
        let name_addr = self.b.build_ptr_to_int(name, i64t, "type").ir()?;
        Ok((PrintKind::Value, value_addr, name_addr))
    }

    /// The `{kind, a, b}` record of one argument of `print`.
    fn print_record(&mut self, a: Value) -> R<(PrintKind, IntValue<'ctx>, IntValue<'ctx>)> {
        let i64t = self.cx().i64_type();
        let t = self.ty(a).clone();
        let v = self.val(a);
        Ok(match &t {
            Type::NoneType => (PrintKind::None, i64t.const_zero(), i64t.const_zero()),
            Type::Bool => (
                PrintKind::Bool,
                self.cast(v, &t, &Type::I64)?.into_int_value(),
                i64t.const_zero(),
            ),
            Type::Int(i) if !i.signed => (
                PrintKind::Uint,
                self.cast(v, &t, &Type::int(64, false))?.into_int_value(),
                i64t.const_zero(),
            ),
            Type::Int(_) => (
                PrintKind::Int,
                self.cast(v, &t, &Type::I64)?.into_int_value(),
                i64t.const_zero(),
            ),
            Type::Float(64) => {
                let bits = self.b.build_bit_cast(v, i64t, "bits").ir()?;
                (PrintKind::Float, bits.into_int_value(), i64t.const_zero())
            }
            Type::Complex(128) => {
                let (re, im) = self.complex_parts(v)?;
                let re = self.b.build_bit_cast(re, i64t, "re").ir()?.into_int_value();
                let im = self.b.build_bit_cast(im, i64t, "im").ir()?.into_int_value();
                (PrintKind::Complex, re, im)
            }
            Type::StrLiteral(s) => {
                let p = self.m.string(&self.b, s)?;
                let addr = self.b.build_ptr_to_int(p, i64t, "str").ir()?;
                (PrintKind::Str, addr, i64t.const_int(s.len() as u64, false))
            }
            // float32, complex64, tuples, arrays: the native value and its type's text.
            _ => {
                let llvm_t = self.llvm_type(&t);
                let value_slot = self.alloca(llvm_t, "print.value")?;
                self.b.build_store(value_slot, v).ir()?;
                let name = self.m.string(&self.b, &t.to_string())?;
                let value_addr = self.b.build_ptr_to_int(value_slot, i64t, "value").ir()?;
                let name_addr = self.b.build_ptr_to_int(name, i64t, "type").ir()?;
                (PrintKind::Value, value_addr, name_addr)
            }
        })
    }
}
