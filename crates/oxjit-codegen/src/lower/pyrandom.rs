//! The standard library's `random` functions: CPython 3.11's formulas over the runtime's
//! generator (`random()`, `getrandbits`, `_randbelow`), with its errors.

use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use oxjit_abi::RuntimeFn;
use oxjit_core::registry::pyrandom::PyRandomFn;
use oxjit_core::types::Type;

use super::bound::Arg;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub fn pyrandom_fn(&mut self, f: PyRandomFn, args: &[Arg<'ctx>]) -> R<BasicValueEnum<'ctx>> {
        let f64t = self.cx().f64_type();
        let float = |s: &Self, k: usize| -> R<BasicValueEnum<'ctx>> {
            s.cast(args[k].v, &args[k].t, &Type::F64)
        };
        let int = |s: &Self, k: usize| -> R<IntValue<'ctx>> {
            Ok(s.cast(args[k].v, &args[k].t, &Type::I64)?.into_int_value())
        };
        let call = |s: &mut Self, f: RuntimeFn, params: &[BasicValueEnum<'ctx>]| {
            let func = s.runtime(f);
            let values: Vec<_> = params.iter().map(|p| (*p).into()).collect();
            s.b.build_call(func, &values, "draw")
                .ir()
                .map(|c| c.try_as_basic_value().basic().expect("a value"))
        };
        Ok(match f {
            PyRandomFn::Seed => {
                let n = int(self, 0)?;
                let func = self.runtime(RuntimeFn::PyrandomSeed);
                self.b.build_call(func, &[n.into()], "").ir()?;
                self.cx().i8_type().const_zero().into()
            }
            PyRandomFn::Random => call(self, RuntimeFn::PyrandomRandom, &[])?,
            PyRandomFn::Uniform => {
                // a + (b - a) * random()
                let (a, b) = (
                    float(self, 0)?.into_float_value(),
                    float(self, 1)?.into_float_value(),
                );
                let u = call(self, RuntimeFn::PyrandomRandom, &[])?.into_float_value();
                let span = self.b.build_float_sub(b, a, "span").ir()?;
                let scaled = self.b.build_float_mul(span, u, "scaled").ir()?;
                self.b.build_float_add(a, scaled, "uniform").ir()?.into()
            }
            PyRandomFn::Gauss | PyRandomFn::Normalvariate => {
                let name = if f == PyRandomFn::Gauss {
                    RuntimeFn::PyrandomGauss
                } else {
                    RuntimeFn::PyrandomNormalvariate
                };
                let (mu, sigma) = (float(self, 0)?, float(self, 1)?);
                call(self, name, &[mu, sigma])?
            }
            PyRandomFn::Expovariate => {
                // -log(1.0 - random()) / lambd
                let lambd = float(self, 0)?.into_float_value();
                let zero = self
                    .b
                    .build_float_compare(
                        inkwell::FloatPredicate::OEQ,
                        lambd,
                        f64t.const_zero(),
                        "z",
                    )
                    .ir()?;
                let ok = self.b.build_not(zero, "ok").ir()?;
                self.check(ok, "ZeroDivisionError", "float division by zero")?;
                let u = call(self, RuntimeFn::PyrandomRandom, &[])?.into_float_value();
                let one_minus = self.b.build_float_sub(f64t.const_float(1.0), u, "v").ir()?;
                let log = self
                    .call_libm("log", &[one_minus.into()])?
                    .into_float_value();
                let neg = self.b.build_float_neg(log, "neg").ir()?;
                self.b.build_float_div(neg, lambd, "expo").ir()?.into()
            }
            PyRandomFn::Getrandbits => {
                let k = int(self, 0)?;
                let ok = self
                    .b
                    .build_int_compare(IntPredicate::SGE, k, self.i64(0), "ok")
                    .ir()?;
                self.check(ok, "ValueError", "number of bits must be non-negative")?;
                let fits = self
                    .b
                    .build_int_compare(IntPredicate::SLE, k, self.i64(63), "fits")
                    .ir()?;
                self.check(
                    fits,
                    "OverflowError",
                    "oxjit: getrandbits(k) with k > 63 does not fit in a 64-bit integer",
                )?;
                match args[0].c {
                    Some(oxjit_core::ir::Const::Int(bits @ 1..=32)) => {
                        self.getrandbits_inline(bits as u32)?.into()
                    }
                    _ => call(self, RuntimeFn::PyrandomGetrandbits, &[k.into()])?,
                }
            }
            PyRandomFn::Randint => {
                // randrange(a, b + 1)
                let a = int(self, 0)?;
                let b = int(self, 1)?;
                let stop = self.b.build_int_add(b, self.i64(1), "stop").ir()?;
                self.randrange(a, Some(stop), self.i64(1), true)?.into()
            }
            PyRandomFn::Randrange => {
                let start = int(self, 0)?;
                let stop = match &args[1].t {
                    Type::NoneType => None,
                    _ => Some(int(self, 1)?),
                };
                let step = int(self, 2)?;
                self.randrange(
                    start,
                    stop,
                    step,
                    matches!(args[2].c, Some(oxjit_core::ir::Const::Int(1))),
                )?
                .into()
            }
        })
    }

    /// `random.getrandbits(bits)` for a constant `1 <= bits <= 32`: one word of the thread's
    /// Mersenne Twister drawn here (CPython's `genrand_uint32` and its tempering), the words
    /// refilled by the runtime when none is left. The state's address comes from a call LLVM
    /// may hoist out of loops (it reads no memory of the caller's), so a loop of draws costs
    /// what Numba's inline generator does, not a runtime call and a thread-local lookup each.
    fn getrandbits_inline(&mut self, bits: u32) -> R<IntValue<'ctx>> {
        use inkwell::attributes::{Attribute, AttributeLoc};
        let (cx, f) = (self.cx(), self.f);
        let (i32t, i64t, i8t) = (cx.i32_type(), cx.i64_type(), cx.i8_type());
        let state_fn = self.runtime(RuntimeFn::PyrandomState);
        for (name, value) in [("memory", 0), ("nounwind", 0), ("willreturn", 0)] {
            let kind = Attribute::get_named_enum_kind_id(name);
            state_fn.add_attribute(
                AttributeLoc::Function,
                cx.create_enum_attribute(kind, value),
            );
        }
        let state = self
            .b
            .build_call(state_fn, &[], "mt")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("a pointer")
            .into_pointer_value();
        // SAFETY: the position lies at this offset of the state (asserted by the runtime).
        let pos_p = unsafe {
            self.b.build_gep(
                i8t,
                state,
                &[i64t.const_int(oxjit_abi::MT_POS_OFFSET, false)],
                "mt.pos",
            )
        }
        .ir()?;
        let pos = self.b.build_load(i64t, pos_p, "pos").ir()?.into_int_value();
        let words = i64t.const_int(oxjit_abi::MT_WORDS, false);
        let empty = self
            .b
            .build_int_compare(IntPredicate::UGE, pos, words, "empty")
            .ir()?;
        let here = self.b.get_insert_block().expect("positioned");
        let refill = cx.append_basic_block(f, "mt.refill");
        let draw = cx.append_basic_block(f, "mt.draw");
        self.b.build_conditional_branch(empty, refill, draw).ir()?;
        self.b.position_at_end(refill);
        let refill_fn = self.runtime(RuntimeFn::PyrandomRefill);
        self.b.build_call(refill_fn, &[state.into()], "").ir()?;
        self.b.build_unconditional_branch(draw).ir()?;
        self.b.position_at_end(draw);
        let at = self.b.build_phi(i64t, "at").ir()?;
        at.add_incoming(&[(&pos, here), (&i64t.const_zero(), refill)]);
        let at = at.as_basic_value().into_int_value();
        // SAFETY: `at < 624`: a word of the state.
        let word_p = unsafe { self.b.build_gep(i32t, state, &[at], "mt.word") }.ir()?;
        let mut y = self.b.build_load(i32t, word_p, "y").ir()?.into_int_value();
        let next = self
            .b
            .build_int_add(at, i64t.const_int(1, false), "next")
            .ir()?;
        self.b.build_store(pos_p, next).ir()?;
        let c = |v: u64| i32t.const_int(v, false);
        // y ^= y >> 11; y ^= (y << 7) & 0x9d2c5680; y ^= (y << 15) & 0xefc60000; y ^= y >> 18
        let t = self.b.build_right_shift(y, c(11), false, "t").ir()?;
        y = self.b.build_xor(y, t, "y").ir()?;
        let t = self.b.build_left_shift(y, c(7), "t").ir()?;
        let t = self.b.build_and(t, c(0x9d2c_5680), "t").ir()?;
        y = self.b.build_xor(y, t, "y").ir()?;
        let t = self.b.build_left_shift(y, c(15), "t").ir()?;
        let t = self.b.build_and(t, c(0xefc6_0000), "t").ir()?;
        y = self.b.build_xor(y, t, "y").ir()?;
        let t = self.b.build_right_shift(y, c(18), false, "t").ir()?;
        y = self.b.build_xor(y, t, "y").ir()?;
        let y = self
            .b
            .build_right_shift(y, c(32 - bits as u64), false, "bits")
            .ir()?;
        self.b.build_int_z_extend(y, i64t, "getrandbits").ir()
    }

    /// CPython 3.11's `randrange(start, stop, step)` over `_randbelow`.
    fn randrange(
        &mut self,
        start: IntValue<'ctx>,
        stop: Option<IntValue<'ctx>>,
        step: IntValue<'ctx>,
        unit_step: bool,
    ) -> R<IntValue<'ctx>> {
        let below = self.runtime(RuntimeFn::PyrandomRandbelow);
        let Some(stop) = stop else {
            let ok = self
                .b
                .build_int_compare(IntPredicate::SGT, start, self.i64(0), "ok")
                .ir()?;
            self.check(ok, "ValueError", "empty range for randrange()")?;
            return Ok(self
                .b
                .build_call(below, &[start.into()], "r")
                .ir()?
                .try_as_basic_value()
                .basic()
                .expect("int")
                .into_int_value());
        };
        let width = self.b.build_int_sub(stop, start, "width").ir()?;
        let n = if unit_step {
            let ok = self
                .b
                .build_int_compare(IntPredicate::SGT, width, self.i64(0), "ok")
                .ir()?;
            self.check_formatted(
                ok,
                "ValueError",
                "empty range for randrange() ({0}, {1}, {2})",
                &[start, stop, width],
            )?;
            width
        } else {
            // n = (width + step - 1) // step, or (width + step + 1) // step for a negative step.
            let zero = self
                .b
                .build_int_compare(IntPredicate::EQ, step, self.i64(0), "zero")
                .ir()?;
            let ok = self.b.build_not(zero, "ok").ir()?;
            self.check(ok, "ValueError", "zero step for randrange()")?;
            let positive = self
                .b
                .build_int_compare(IntPredicate::SGT, step, self.i64(0), "pos")
                .ir()?;
            let adjust = self
                .b
                .build_select(positive, self.i64(-1), self.i64(1), "adj")
                .ir()?
                .into_int_value();
            let num = self.b.build_int_add(width, step, "num").ir()?;
            let num = self.b.build_int_add(num, adjust, "num").ir()?;
            let (q, _) = self.int_divmod(num, step, true)?;
            let ok = self
                .b
                .build_int_compare(IntPredicate::SGT, q, self.i64(0), "ok")
                .ir()?;
            self.check(ok, "ValueError", "empty range for randrange()")?;
            q
        };
        let r = self
            .b
            .build_call(below, &[n.into()], "r")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("int")
            .into_int_value();
        let scaled = self.b.build_int_mul(step, r, "scaled").ir()?;
        self.b.build_int_add(start, scaled, "rand").ir()
    }
}
