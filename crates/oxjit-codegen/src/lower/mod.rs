//! Typed IR → LLVM IR. Two functions per Python function (the Numba paper, §4.6): the native one,
//! `i32 f(ret*, exc*, args...)` returning a status (0 ok, 1 exception raised), and for the root an
//! entry wrapper `i32 f__entry(void **args, void *ret, ExcInfo *exc)` that the dispatcher calls
//! with unboxed arguments. Callees are emitted into the same module (internal), so LLVM can inline.
//!
//! The files split the work by IR construct, as rustc's `rustc_codegen_ssa/src/mir/` does:
//! `module.rs` (the module driver), `entry.rs` (the entry wrapper's ABI), `function.rs` (the
//! block walk), `value.rs` (instructions), `terminator.rs`, `raise.rs` (exceptions),
//! `constant.rs`, `attribute.rs`, `tuple.rs`, `arith.rs`/`cast.rs`/`complex.rs`/`compare.rs`
//! (scalars), `array.rs`/`layout.rs`/`fancy.rs`/`arrayexpr.rs` (arrays), `iter.rs`; the library
//! families (NumPy functions, builtins, `math`...) each have their own file. Calls stay here.

mod append;
mod arith;
mod array;
mod arrayexpr;
mod arrayexpr_rows;
mod atleast;
mod attribute;
mod average;
mod bound;
mod builtins;
mod bytes;
mod call;
mod carray;
mod cast;
mod ccall;
mod closeness;
mod closure;
mod compare;
mod complex;
mod constant;
mod counting;
mod cov;
mod creation;
mod cube;
mod cuda;
mod cuda_sync;
mod dict;
mod dict_compare;
mod dict_methods;
mod dict_probe;
mod direct;
mod einsum;
mod entry;
mod exception_values;
mod expr_order;
mod fancy;
mod fancy_mixed;
mod fancy_select;
mod fft;
mod fill_diagonal;
mod function;
mod funcvalues;
mod generator;
mod generator_close;
mod generator_send;
mod half;
mod half_reduce;
mod handlers;
mod histogram;
mod impls;
mod indices;
mod isinstance;
mod iter;
mod iterable;
mod jam;
mod jitclass;
mod join;
mod kwargs;
mod kwargs_struct;
mod layout;
mod linalg;
mod linalg_more;
mod linalg_stacks;
mod lineinfo;
mod list;
mod list_methods;
mod math;
mod module;
mod nan_to_num;
mod nanfns;
mod nditer;
mod nditer_order;
mod nested_array;
mod np_simd_math;
mod npcomplex;
mod npgen;
mod npgen_ints;
mod numpy;
mod objmode;
mod own;
mod pad;
mod parallel;
mod parallel_expr;
mod partition;
mod polynomial;
mod put;
mod pyrandom;
mod quantiles;
mod raise;
mod raise_chain;
mod random;
mod rearrange;
mod records;
mod reduce;
mod reduce_axes;
mod reduce_axis;
mod reduce_complex;
mod reduce_run_time_axis;
mod reduce_slices;
pub(crate) mod refcount;
mod repr;
mod rounding;
mod runtime;
mod series;
mod set;
mod set_table;
mod setops;
mod shape;
mod signal;
mod sort;
mod stack;
mod str_literal_eq;
mod strs;
mod strs_methods;
mod strs_split;
mod take;
mod temps;
mod terminator;
mod trapezoid;
mod tri_indices;
mod tuple_methods;
mod typed;
mod types;
mod ufunc_loop;
mod ufunc_methods;
mod ufunc_pair;
mod unique_axis;
mod unpack;
mod value;
mod vector_math;
mod vectors;
mod views;

use std::collections::HashMap;

use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue, PointerValue};
use oxjit_core::analysis::nonneg;
use oxjit_core::ir::{Block, Value};
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::Type;

pub(crate) use compare::Sides;
pub(crate) use fancy::flat_is_linear;
pub(crate) use jam::JAM_MARKER;
pub use module::build_module;
pub(crate) use module::lower_all;
pub(crate) use module::ModuleGen;
pub(crate) use vector_math::MASKED_VECTOR_MARKER;

pub(crate) use crate::error::{Ir, R};
use crate::target::{Emit, Target};
use crate::Fetch;

/// 2**63, the first float above every int64.
pub(crate) const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Lowers one typed function into its declared LLVM function.
pub(crate) struct FnGen<'a, 'ctx> {
    pub m: &'a mut ModuleGen<'ctx>,
    pub b: Builder<'ctx>,
    pub f: FunctionValue<'ctx>,
    pub typed: &'a TypedFunction,
    fetch: &'a mut Fetch<'a>,
    values: Vec<Option<BasicValueEnum<'ctx>>>,
    blocks: Vec<Option<BasicBlock<'ctx>>>,
    /// The LLVM block each IR block ends in (for phi incoming edges).
    block_ends: Vec<Option<BasicBlock<'ctx>>>,
    entry: BasicBlock<'ctx>,
    ret_ptr: PointerValue<'ctx>,
    pub exc_ptr: PointerValue<'ctx>,
    /// The IR value being lowered (for diagnostics).
    pub current: Value,
    /// Where references to arrays' blocks are taken and given back.
    plan: refcount::RefPlan,
    /// The owned values to give back if the code being emitted raises.
    live_now: Vec<Value>,
    /// Which integer values are known not to be negative (indexing skips the wrap-around).
    nonneg: nonneg::NonNegative,
    /// Values made inside the instruction being lowered, given back if it raises.
    extra_live: Vec<(BasicValueEnum<'ctx>, Type)>,
    /// The LLVM block a CFG edge leaves from, where it has code of its own (for phis).
    edge_ends: HashMap<(Block, Block), BasicBlock<'ctx>>,
    /// Lowering the items of a NumPy ufunc (an array expression, `np.add(x, y)`): NumPy's
    /// values, never an exception, whatever the error model of the function.
    pub in_ufunc: bool,
    /// The exception edge raise sites branch to while a guarded instruction is lowered.
    catch: Option<handlers::Catch<'ctx>>,
    /// Whether the block being lowered ends in a guard (only its last instruction may raise).
    guarded_block: bool,
    /// The coroutine of a generator function (`generator.rs`).
    gen: Option<generator::GenCx<'ctx>>,
    /// The small temporary arrays that live in stack buffers (`temps.rs`).
    temps: temps::StackTemps,
    /// The loop nests to unroll and jam, and the accesses they mark (`jam.rs`).
    jam: jam::JamMarks,
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn new(
        m: &'a mut ModuleGen<'ctx>,
        typed: &'a TypedFunction,
        f: FunctionValue<'ctx>,
        fetch: &'a mut Fetch<'_>,
    ) -> FnGen<'a, 'ctx> {
        let cx = m.cx;
        let b = cx.create_builder();
        let entry = cx.append_basic_block(f, "entry");
        let ret_ptr = f.get_nth_param(0).expect("ret param").into_pointer_value();
        let exc_ptr = f.get_nth_param(1).expect("exc param").into_pointer_value();
        let n_values = typed.func.values.len();
        let n_blocks = typed.func.blocks.len();
        // SAFETY of the lifetime cast: `fetch` outlives this lowering; the shorter lifetime only
        // restricts what it may borrow.
        let fetch: &'a mut Fetch<'a> =
            // SAFETY: a lifetime cast only: `fetch` outlives this lowering; the shorter lifetime
            // only restricts what it may borrow.
            unsafe { std::mem::transmute::<&'a mut Fetch<'_>, &'a mut Fetch<'a>>(fetch) };
        FnGen {
            m,
            b,
            f,
            typed,
            fetch,
            values: vec![None; n_values],
            blocks: vec![None; n_blocks],
            block_ends: vec![None; n_blocks],
            entry,
            ret_ptr,
            exc_ptr,
            current: Value(0),
            plan: refcount::RefPlan::new(typed),
            live_now: Vec::new(),
            extra_live: Vec::new(),
            nonneg: nonneg::NonNegative::default(),
            edge_ends: HashMap::new(),
            in_ufunc: false,
            catch: None,
            guarded_block: false,
            gen: None,
            temps: temps::StackTemps::default(),
            jam: jam::JamMarks::default(),
        }
    }

    pub fn cx(&self) -> &'ctx Context {
        self.m.cx
    }

    /// The machine the code is for.
    pub fn target(&self) -> &'static dyn Target {
        self.m.target
    }

    /// What the target emits into: this function's builder, module and exception record.
    pub fn emit(&self) -> Emit<'_, 'ctx> {
        Emit {
            cx: self.m.cx,
            module: &self.m.module,
            b: &self.b,
            exc_ptr: self.exc_ptr,
        }
    }

    pub fn ty(&self, v: Value) -> &Type {
        self.typed.ty(v)
    }

    pub fn llvm_type(&self, t: &Type) -> BasicTypeEnum<'ctx> {
        self.m.llvm_type(t)
    }

    pub fn val(&self, v: Value) -> BasicValueEnum<'ctx> {
        self.values[v.index()].unwrap_or_else(|| panic!("v{} used before it is lowered", v.0))
    }

    /// An alloca in the entry block (so mem2reg/SROA can promote it).
    pub fn alloca(&self, t: BasicTypeEnum<'ctx>, name: &str) -> R<PointerValue<'ctx>> {
        let tmp = self.cx().create_builder();
        match self.entry.get_first_instruction() {
            Some(i) => tmp.position_before(&i),
            None => tmp.position_at_end(self.entry),
        }
        tmp.build_alloca(t, name).ir()
    }
}
