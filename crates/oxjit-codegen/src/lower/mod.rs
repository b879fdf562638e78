//! Typed IR → LLVM IR. Two functions per Python function (seed 000 §4.6): the native one,
//! `i32 f(ret*, exc*, args...)` returning a status (0 ok, 1 exception raised), and for the root an
//! entry wrapper `i32 f__entry(void **args, void *ret, ExcInfo *exc)` that the dispatcher calls
//! with unboxed arguments. Callees are emitted into the same module (internal), so LLVM can inline.

mod arith;
mod array;
mod arrayexpr;
mod builtins;
mod creation;
mod expr_order;
mod fancy;
mod iter;
mod layout;
mod linalg;
mod math;
mod nonneg;
mod npcomplex;
mod numpy;
mod pyrandom;
mod random;
mod reduce;
mod reduce_axis;
mod reduce_complex;
mod refcount;
mod runtime;
mod stack;
mod types;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use inkwell::basic_block::BasicBlock;
use inkwell::builder::{Builder, BuilderError};
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, StructType};
use inkwell::values::{
    BasicMetadataValueEnum, BasicValueEnum, FunctionValue, IntValue, PointerValue,
};
use inkwell::AddressSpace;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Block, Const, Inst, Terminator, Value};
use oxjit_core::registry::Builtin;
use oxjit_core::typeinfer::{ArgSource, CallTarget, TypedFunction};
use oxjit_core::types::{FuncId, Type};
use ruff_text_size::TextRange;

use crate::{Fetch, Options};

pub(crate) type R<T> = Result<T, Diagnostic>;

/// 2**63, the first float above every int64.
pub(crate) const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

/// Turns inkwell's builder errors into internal compiler errors.
pub(crate) trait Ir<T> {
    fn ir(self) -> R<T>;
}

impl<T> Ir<T> for Result<T, BuilderError> {
    fn ir(self) -> R<T> {
        self.map_err(|e| Diagnostic::internal(format!("LLVM builder: {e}")))
    }
}

type Key = (FuncId, Vec<Type>);

/// Builds the module for `root` and every function it calls; returns it and the entry's name.
pub fn build_module<'ctx>(
    cx: &'ctx Context,
    root_key: (FuncId, Vec<Type>),
    root: Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
    opts: Options,
) -> R<(Module<'ctx>, String)> {
    let module = cx.create_module(&format!("oxjit.{}", root.func.name));
    let (recursive, jump_on_overflow) = stack::recursive_functions(&root_key, &root, fetch)?;
    let mut gen = ModuleGen {
        cx,
        module,
        opts,
        declared: HashMap::new(),
        queue: Vec::new(),
        strings: HashMap::new(),
        recursive,
        jump_on_overflow,
        checked: HashSet::new(),
    };
    let root_fn = gen.declare(root_key, root.clone(), true);
    while let Some((typed, f)) = gen.queue.pop() {
        FnGen::new(&mut gen, &typed, f, fetch).lower()?;
    }
    let entry_name = format!("{}__entry", root_fn.get_name().to_string_lossy());
    gen.entry_wrapper(&root, root_fn, &entry_name)?;
    Ok((gen.module, entry_name))
}

pub(crate) struct ModuleGen<'ctx> {
    pub cx: &'ctx Context,
    pub module: Module<'ctx>,
    pub opts: Options,
    declared: HashMap<Key, FunctionValue<'ctx>>,
    queue: Vec<(Arc<TypedFunction>, FunctionValue<'ctx>)>,
    strings: HashMap<String, PointerValue<'ctx>>,
    /// The functions of the module that may call themselves (directly or not).
    recursive: HashSet<Key>,
    /// Whether a stack overflow in the recursive functions jumps straight back to the entry
    /// wrapper (none of them holds a reference that unwinding frame by frame would release).
    jump_on_overflow: bool,
    /// The native functions that check the stack at entry (those of `recursive`).
    checked: HashSet<FunctionValue<'ctx>>,
}

impl<'ctx> ModuleGen<'ctx> {
    /// The native function for `key`, declared (and queued for lowering) on first use.
    fn declare(
        &mut self,
        key: Key,
        typed: Arc<TypedFunction>,
        exported: bool,
    ) -> FunctionValue<'ctx> {
        if let Some(f) = self.declared.get(&key) {
            return *f;
        }
        // Names are unique across modules: every module lives in the same JIT dylib.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("oxjit.{}.{}.{n}", sanitize(&typed.func.name), key.0);
        let ptr = self.cx.ptr_type(AddressSpace::default());
        let mut params: Vec<BasicMetadataTypeEnum> = vec![ptr.into(), ptr.into()];
        for t in &typed.arg_types {
            params.push(self.llvm_type(t).into());
        }
        let fn_type = self.cx.i32_type().fn_type(&params, false);
        let linkage = if exported {
            Linkage::External
        } else {
            Linkage::Internal
        };
        let f = self.module.add_function(&name, fn_type, Some(linkage));
        if self.recursive.contains(&key) {
            self.checked.insert(f);
        }
        self.declared.insert(key, f);
        self.queue.push((typed, f));
        f
    }

    /// A constant string's address (deduplicated).
    pub fn string(&mut self, builder: &Builder<'ctx>, text: &str) -> R<PointerValue<'ctx>> {
        if let Some(p) = self.strings.get(text) {
            return Ok(*p);
        }
        let g = builder.build_global_string_ptr(text, "str").ir()?;
        let p = g.as_pointer_value();
        self.strings.insert(text.to_string(), p);
        Ok(p)
    }

    /// `ExcInfo` of the runtime crate: class name, its length, message, its length, arg kind,
    /// int arg, float arg, ints, stack limit, jump buffer.
    pub fn exc_info_type(&self) -> StructType<'ctx> {
        let ptr = self.cx.ptr_type(AddressSpace::default());
        let i64t = self.cx.i64_type();
        self.cx.struct_type(
            &[
                ptr.into(),
                i64t.into(),
                ptr.into(),
                i64t.into(),
                i64t.into(),
                i64t.into(),
                self.cx.f64_type().into(),
                i64t.array_type(8).into(),
                i64t.into(),
                ptr.into(),
            ],
            false,
        )
    }

    fn entry_wrapper(
        &mut self,
        root: &TypedFunction,
        native: FunctionValue<'ctx>,
        name: &str,
    ) -> R<()> {
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let fn_type = cx
            .i32_type()
            .fn_type(&[ptr.into(), ptr.into(), ptr.into()], false);
        let f = self
            .module
            .add_function(name, fn_type, Some(Linkage::External));
        let b = cx.create_builder();
        b.position_at_end(cx.append_basic_block(f, "entry"));
        let args_ptr = f.get_nth_param(0).expect("param").into_pointer_value();
        let ret_ptr = f.get_nth_param(1).expect("param").into_pointer_value();
        let exc_ptr = f.get_nth_param(2).expect("param").into_pointer_value();
        let mut call_args: Vec<BasicMetadataValueEnum> = vec![ret_ptr.into(), exc_ptr.into()];
        for (i, t) in root.arg_types.iter().enumerate() {
            let slot_ptr = unsafe {
                b.build_in_bounds_gep(
                    ptr,
                    args_ptr,
                    &[cx.i64_type().const_int(i as u64, false)],
                    "slot",
                )
            }
            .ir()?;
            let slot = b
                .build_load(ptr, slot_ptr, "argp")
                .ir()?
                .into_pointer_value();
            let v = b.build_load(self.llvm_type(t), slot, "arg").ir()?;
            call_args.push(v.into());
        }
        if !self.checked.is_empty() {
            self.store_stack_limit(&b, exc_ptr)?;
        }
        if self.jump_on_overflow {
            self.set_jump(&b, f, exc_ptr)?;
        }
        let status = b
            .build_call(native, &call_args, "status")
            .ir()?
            .try_as_basic_value()
            .basic()
            .expect("i32");
        b.build_return(Some(&status)).ir()?;
        Ok(())
    }
}

fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

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
        }
    }

    pub fn cx(&self) -> &'ctx Context {
        self.m.cx
    }

    pub fn err(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::unsupported(message, self.source_range()).with_source(&self.typed.source)
    }

    pub fn source_range(&self) -> TextRange {
        self.typed.func.range(self.current)
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

    fn lower(mut self) -> R<()> {
        let func = &self.typed.func;
        let order = func.reverse_postorder();
        for &b in &order {
            self.blocks[b.index()] = Some(
                self.cx()
                    .append_basic_block(self.f, &format!("block{}", b.0)),
            );
        }
        self.b.position_at_end(self.entry);
        if self.m.checked.contains(&self.f) {
            self.check_stack()?;
        }
        self.b
            .build_unconditional_branch(self.blocks[0].expect("entry block"))
            .ir()?;
        // Phis first, so that back edges can refer to them.
        let mut phis = Vec::new();
        for &b in &order {
            self.b
                .position_at_end(self.blocks[b.index()].expect("block"));
            for &v in &func.block(b).insts {
                if let Inst::Phi(_) = func.inst(v) {
                    let phi = self.b.build_phi(self.llvm_type(self.ty(v)), "phi").ir()?;
                    self.values[v.index()] = Some(phi.as_basic_value());
                    phis.push((b, v, phi));
                }
            }
        }
        for &b in &order {
            let bb = self.blocks[b.index()].expect("block");
            self.b.position_at_end(bb);
            if let Some(dead) = self.plan.dead_phis.get(&b).cloned() {
                self.release(&dead)?;
            }
            for &v in &func.block(b).insts {
                if matches!(func.inst(v), Inst::Phi(_)) {
                    continue;
                }
                self.current = v;
                self.live_now = self.plan.live_during.get(&v).cloned().unwrap_or_default();
                let value = self.lower_value(v)?;
                self.values[v.index()] = Some(value);
                if self.plan.incref_after.contains(&v) {
                    let t = self.ty(v).clone();
                    self.incref(value, &t)?;
                }
                if let Some(dead) = self.plan.dies_after.get(&v).cloned() {
                    self.release(&dead)?;
                }
            }
            self.live_now = self.plan.live_at_term[b.index()].clone();
            self.lower_terminator(b)?;
        }
        for (block, v, phi) in phis {
            let Inst::Phi(incoming) = func.inst(v) else {
                unreachable!()
            };
            for (pred, op) in incoming {
                let end = match self.edge_ends.get(&(*pred, block)) {
                    Some(e) => Some(*e),
                    None => self.block_ends[pred.index()],
                };
                if let Some(end) = end {
                    let value = self.val(*op);
                    phi.add_incoming(&[(&value, end)]);
                }
            }
        }
        Ok(())
    }

    fn lower_terminator(&mut self, b: Block) -> R<()> {
        let term = self.typed.func.block(b).term.clone();
        match term {
            Terminator::Jump(t) => {
                self.edge_code(b, t)?;
                self.block_ends[b.index()] = self.b.get_insert_block();
                self.b
                    .build_unconditional_branch(self.blocks[t.index()].expect("target"))
                    .ir()?;
            }
            Terminator::Branch {
                cond,
                then_block,
                else_block,
            } => {
                let c = self.val(cond).into_int_value();
                let mut targets = Vec::new();
                for s in [then_block, else_block] {
                    targets.push(if self.has_edge_code(b, s) {
                        let edge = self.cx().append_basic_block(self.f, "edge");
                        (s, Some(edge), edge)
                    } else {
                        (s, None, self.blocks[s.index()].expect("target"))
                    });
                }
                self.block_ends[b.index()] = self.b.get_insert_block();
                self.b
                    .build_conditional_branch(c, targets[0].2, targets[1].2)
                    .ir()?;
                for (s, edge, _) in targets {
                    if let Some(edge) = edge {
                        self.b.position_at_end(edge);
                        self.edge_code(b, s)?;
                        let end = self.b.get_insert_block().expect("edge block");
                        self.edge_ends.insert((b, s), end);
                        self.b
                            .build_unconditional_branch(self.blocks[s.index()].expect("target"))
                            .ir()?;
                    }
                }
            }
            Terminator::Return(v) => {
                let value = self.val(v);
                let t = self.ty(v).clone();
                // The caller gets a reference: this value's own if it has one, else a new one.
                let mut live = self.live_now.clone();
                match live.iter().position(|x| *x == v) {
                    Some(k) => {
                        live.remove(k);
                    }
                    None if refcount::is_ref(&t) => self.incref(value, &t)?,
                    None => {}
                }
                self.release(&live)?;
                self.b.build_store(self.ret_ptr, value).ir()?;
                self.b
                    .build_return(Some(&self.cx().i32_type().const_zero()))
                    .ir()?;
            }
            Terminator::Raise(v) => {
                self.current = v;
                self.lower_raise(v)?;
            }
            Terminator::Unfinished => {
                return Err(Diagnostic::internal("unfinished block reached lowering"));
            }
        }
        Ok(())
    }

    /// Whether the edge `from -> to` gives back or takes references.
    fn has_edge_code(&self, from: Block, to: Block) -> bool {
        self.plan.dies_on_edge.contains_key(&(from, to))
            || self.typed.func.block(to).insts.iter().any(|&p| {
                matches!(self.typed.func.inst(p), Inst::Phi(_)) && refcount::is_ref(self.ty(p))
            })
    }

    /// On the edge `from -> to`: each phi of `to` takes a reference to its incoming value (or
    /// the value's own, where it dies on this edge), then what dies on the edge is given back.
    fn edge_code(&mut self, from: Block, to: Block) -> R<()> {
        let mut dead = self
            .plan
            .dies_on_edge
            .get(&(from, to))
            .cloned()
            .unwrap_or_default();
        let insts = self.typed.func.block(to).insts.clone();
        for p in insts {
            let Inst::Phi(incoming) = self.typed.func.inst(p) else {
                continue;
            };
            if !refcount::is_ref(self.ty(p)) {
                continue;
            }
            let Some((_, x)) = incoming.iter().find(|(pred, _)| *pred == from) else {
                continue;
            };
            let x = *x;
            match dead.iter().position(|d| *d == x) {
                Some(k) => {
                    dead.remove(k);
                }
                None => {
                    let t = self.ty(x).clone();
                    self.incref(self.val(x), &t)?;
                }
            }
        }
        self.release(&dead)
    }

    /// Fills the exception record and returns status 1.
    pub fn raise(
        &mut self,
        class: &str,
        msg: &str,
        arg: Option<(i64, BasicValueEnum<'ctx>)>,
    ) -> R<()> {
        self.fill_exc(class, msg, arg)?;
        self.release_live()?;
        self.b
            .build_return(Some(&self.cx().i32_type().const_int(1, false)))
            .ir()?;
        Ok(())
    }

    /// Fills the exception record with `class(msg)` and its value argument.
    pub fn fill_exc(
        &mut self,
        class: &str,
        msg: &str,
        arg: Option<(i64, BasicValueEnum<'ctx>)>,
    ) -> R<()> {
        let exc_t = self.m.exc_info_type();
        let i64t = self.cx().i64_type();
        let class_ptr = self.m.string(&self.b, class)?;
        let msg_ptr = self.m.string(&self.b, msg)?;
        let fields: [(u32, BasicValueEnum<'ctx>); 5] = [
            (0, class_ptr.into()),
            (1, i64t.const_int(class.len() as u64, false).into()),
            (2, msg_ptr.into()),
            (3, i64t.const_int(msg.len() as u64, false).into()),
            (
                4,
                i64t.const_int(arg.as_ref().map_or(0, |a| a.0) as u64, false)
                    .into(),
            ),
        ];
        for (i, value) in fields {
            let p = self
                .b
                .build_struct_gep(exc_t, self.exc_ptr, i, "exc.field")
                .ir()?;
            self.b.build_store(p, value).ir()?;
        }
        if let Some((kind, value)) = arg {
            let index = if kind == 2 { 6 } else { 5 };
            let p = self
                .b
                .build_struct_gep(exc_t, self.exc_ptr, index, "exc.arg")
                .ir()?;
            self.b.build_store(p, value).ir()?;
        }
        Ok(())
    }

    /// Raises `class(template)` with `{0}` `{1}` `{2}` of the template replaced by `ints`.
    pub fn raise_formatted(
        &mut self,
        class: &str,
        template: &str,
        ints: &[IntValue<'ctx>],
    ) -> R<()> {
        let exc_t = self.m.exc_info_type();
        let i64t = self.cx().i64_type();
        let class_ptr = self.m.string(&self.b, class)?;
        let msg_ptr = self.m.string(&self.b, template)?;
        let fields: [(u32, BasicValueEnum<'ctx>); 5] = [
            (0, class_ptr.into()),
            (1, i64t.const_int(class.len() as u64, false).into()),
            (2, msg_ptr.into()),
            (3, i64t.const_int(template.len() as u64, false).into()),
            (4, i64t.const_int(4, false).into()),
        ];
        for (i, value) in fields {
            let p = self
                .b
                .build_struct_gep(exc_t, self.exc_ptr, i, "exc.field")
                .ir()?;
            self.b.build_store(p, value).ir()?;
        }
        for (k, v) in ints.iter().take(8).enumerate() {
            let at = [
                i64t.const_zero(),
                self.cx().i32_type().const_int(7, false),
                i64t.const_int(k as u64, false),
            ];
            let p = unsafe {
                self.b
                    .build_in_bounds_gep(exc_t, self.exc_ptr, &at, "exc.int")
            }
            .ir()?;
            self.b.build_store(p, *v).ir()?;
        }
        self.release_live()?;
        self.b
            .build_return(Some(&self.cx().i32_type().const_int(1, false)))
            .ir()?;
        Ok(())
    }

    /// Continues only where `ok` holds; elsewhere raises `class(msg)`.
    pub fn check(&mut self, ok: IntValue<'ctx>, class: &str, msg: &str) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "raise");
        let cont = self.cx().append_basic_block(self.f, "ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        self.raise(class, msg, None)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// Continues only where `ok` holds; elsewhere raises `class(template)` with `{0}`, `{1}`...
    /// of the template replaced by `ints`.
    pub fn check_formatted(
        &mut self,
        ok: IntValue<'ctx>,
        class: &str,
        template: &str,
        ints: &[IntValue<'ctx>],
    ) -> R<()> {
        let fail = self.cx().append_basic_block(self.f, "raise");
        let cont = self.cx().append_basic_block(self.f, "ok");
        let br = self.b.build_conditional_branch(ok, cont, fail).ir()?;
        self.unlikely(br);
        self.b.position_at_end(fail);
        self.raise_formatted(class, template, ints)?;
        self.b.position_at_end(cont);
        Ok(())
    }

    /// Marks a conditional branch whose false side leads to an error as rarely taken, so that
    /// LLVM lays the raise paths out of the hot loop.
    pub fn unlikely(&self, br: inkwell::values::InstructionValue<'ctx>) {
        let cx = self.cx();
        let weights = cx.metadata_node(&[
            cx.metadata_string("branch_weights").into(),
            cx.i32_type().const_int(1 << 20, false).into(),
            cx.i32_type().const_int(1, false).into(),
        ]);
        let _ = br.set_metadata(weights, cx.get_kind_id("prof"));
    }

    fn lower_raise(&mut self, v: Value) -> R<()> {
        let (class, args): (String, Vec<Value>) =
            match (self.ty(v).clone(), self.typed.func.inst(v)) {
                (Type::ExceptionClass(c), _) => (c.to_string(), vec![]),
                (Type::Exception(c), Inst::Call { args, .. }) => (c.to_string(), args.clone()),
                (t, _) => {
                    return Err(Diagnostic::typing(
                        format!("exceptions must derive from BaseException, not {t}"),
                        self.source_range(),
                    )
                    .with_source(&self.typed.source))
                }
            };
        let consts: Vec<Option<&Const>> = args.iter().map(|a| self.typed.constant(*a)).collect();
        if consts.iter().all(Option::is_some) {
            let msg = match consts.as_slice() {
                [] => String::new(),
                [Some(c)] => const_str(c),
                many => format!(
                    "({})",
                    many.iter()
                        .map(|c| const_repr(c.expect("const")))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            return self.raise(&class, &msg, None);
        }
        match args.as_slice() {
            [a] => {
                let value = self.val(*a);
                let (kind, value) = match self.ty(*a) {
                    Type::Bool => (
                        3,
                        self.b
                            .build_int_z_extend(value.into_int_value(), self.cx().i64_type(), "b")
                            .ir()?
                            .into(),
                    ),
                    t @ Type::Int(_) => (1, self.cast(value, t, &Type::I64)?),
                    t @ Type::Float(_) => (2, self.cast(value, t, &Type::F64)?),
                    t => {
                        return Err(self.err(format!(
                            "an exception argument of type {t} is not supported"
                        )))
                    }
                };
                self.raise(&class, "", Some((kind, value)))
            }
            _ => Err(self.err("an exception with several arguments must have constant arguments")),
        }
    }

    fn lower_value(&mut self, v: Value) -> R<BasicValueEnum<'ctx>> {
        let t = self.ty(v).clone();
        if let Some(c) = self.typed.constant(v) {
            // A string constant may come from a global or a closure too (`kind=k`).
            if t.is_runtime() || matches!(t, Type::StrLiteral(_)) {
                return self.constant(c, &t);
            }
        }
        if !t.is_runtime() && !matches!(t, Type::StrLiteral(_)) {
            return Ok(self.cx().i8_type().const_zero().into());
        }
        let inst = self.typed.func.inst(v).clone();
        match inst {
            Inst::Arg(i) => Ok(self.f.get_nth_param(i + 2).expect("argument")),
            Inst::Const(c) => self.constant(&c, &t),
            Inst::Global(_) => Err(Diagnostic::internal(
                "a runtime global without a constant value",
            )),
            Inst::Undef(_) => Ok(self.llvm_type(&t).const_zero()),
            Inst::BinOp(op, a, b) | Inst::InplaceBinOp(op, a, b) => self.binop(op, a, b, &t),
            Inst::MatMul(a, b) => self.matmul(a, b, &t),
            Inst::ArrayExpr {
                ref expr,
                ref inputs,
                out,
            } => self.array_expr(expr, inputs, out, &t),
            Inst::UnaryOp(op, a) => self.unary(op, a, &t),
            Inst::Compare(op, a, b) => self.compare(op, a, b),
            Inst::Truth(a) => Ok(self.truth(self.val(a), &self.ty(a).clone())?.into()),
            Inst::Cast(a, to)
                if matches!(self.ty(a), Type::Optional(_)) && !matches!(to, Type::Optional(_)) =>
            {
                self.unwrap_checked(self.val(a), &self.ty(a).clone(), &to)
            }
            Inst::Cast(a, to) => self.cast(self.val(a), &self.ty(a).clone(), &to),
            Inst::Call {
                func: _,
                ref args,
                ref kwargs,
            } => self.call(v, args, kwargs),
            Inst::GetAttr(a, name) => self.attribute(a, &name, &t),
            Inst::BuildTuple(items) => {
                let st = self.llvm_type(&t).into_struct_type();
                let mut agg = st.get_undef();
                for (i, item) in items.iter().enumerate() {
                    agg = self
                        .b
                        .build_insert_value(agg, self.val(*item), i as u32, "tuple")
                        .ir()?
                        .into_struct_value();
                }
                Ok(agg.into())
            }
            Inst::GetItem(a, i) if matches!(self.ty(a), Type::Array(_)) => {
                self.array_getitem(a, i, &t)
            }
            Inst::GetItem(a, i) if matches!(self.ty(a), Type::Flat(..)) => {
                let Type::Flat(at, _) = self.ty(a).clone() else {
                    unreachable!()
                };
                let p = self.flat_item_ptr(a, &at, i)?;
                self.b.build_load(self.llvm_type(&at.dtype), p, "item").ir()
            }
            Inst::BuildSlice(start, stop, step) => {
                // {start, stop, step}: i64::MIN stands for a missing start or stop, 1 for a
                // missing step (see `slice_indices`).
                let i64t = self.cx().i64_type();
                let part = |s: &Self, x: Value, missing: u64| -> R<BasicValueEnum<'ctx>> {
                    match s.ty(x) {
                        Type::NoneType => Ok(i64t.const_int(missing, true).into()),
                        t => s.cast(s.val(x), &t.clone(), &Type::I64),
                    }
                };
                let st = self.llvm_type(&Type::Slice).into_struct_type();
                let mut agg = st.get_undef();
                for (k, (x, missing)) in
                    [(start, i64::MIN as u64), (stop, i64::MIN as u64), (step, 1)]
                        .into_iter()
                        .enumerate()
                {
                    let value = part(self, x, missing)?;
                    agg = self
                        .b
                        .build_insert_value(agg, value, k as u32, "slice")
                        .ir()?
                        .into_struct_value();
                }
                Ok(agg.into())
            }
            Inst::GetItem(a, i) => self.tuple_getitem(a, i),
            Inst::SetItem(a, i, x) => {
                self.array_setitem(a, i, x)?;
                Ok(self.cx().i8_type().const_zero().into())
            }
            Inst::UnpackItem(a, i, _) => self
                .b
                .build_extract_value(self.val(a).into_struct_value(), i, "item")
                .ir(),
            Inst::GetIter(a) => Ok(self.make_iter(self.val(a), &self.ty(a).clone())?.into()),
            Inst::IterValid(it) => Ok(self
                .iter_valid(self.val(it).into_pointer_value(), &self.ty(it).clone())?
                .into()),
            Inst::IterNext(it) => {
                self.iter_next(self.val(it).into_pointer_value(), &self.ty(it).clone())
            }
            Inst::Phi(_) => unreachable!("phis are created up front"),
        }
    }

    fn attribute(&mut self, a: Value, name: &str, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let recv_t = self.ty(a).clone();
        let recv = self.val(a);
        if let Type::Array(_) = recv_t {
            return self.array_attribute(a, name, t);
        }
        match (&recv_t, name) {
            (Type::ArrayCtypes, "data") => {
                // `a.ctypes.data`: the address of `a`'s first item.
                let Inst::GetAttr(arr, _) = self.typed.func.inst(a) else {
                    return Err(self.err("a.ctypes without its array"));
                };
                let data = self
                    .b
                    .build_extract_value(self.val(*arr).into_struct_value(), 1, "data")
                    .ir()?
                    .into_pointer_value();
                self.b
                    .build_ptr_to_int(data, self.cx().i64_type(), "address")
                    .ir()
                    .map(Into::into)
            }
            (Type::Complex(_), "real") => self
                .b
                .build_extract_value(recv.into_struct_value(), 0, "re")
                .ir(),
            (Type::Complex(_), "imag") => self
                .b
                .build_extract_value(recv.into_struct_value(), 1, "im")
                .ir(),
            (_, "real") => self.cast(recv, &recv_t, t),
            (_, "imag") => Ok(self.llvm_type(t).const_zero()),
            _ => Err(self.err(format!("attribute '{name}' of {recv_t} cannot be lowered"))),
        }
    }

    fn call(
        &mut self,
        v: Value,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let target = self
            .typed
            .calls
            .get(&v)
            .cloned()
            .ok_or_else(|| Diagnostic::internal("a call without a resolved target"))?;
        match target {
            CallTarget::Builtin(
                f @ (Builtin::Array(_)
                | Builtin::Random(_)
                | Builtin::Reduce(_)
                | Builtin::PyRandom(_)
                | Builtin::Linalg(_)),
            ) => {
                let mut positional: Vec<Value> = Vec::new();
                if let Inst::Call { func, .. } = self.typed.func.inst(v) {
                    if let Inst::GetAttr(recv, _) = self.typed.func.inst(*func) {
                        if matches!(self.ty(*func), Type::BoundMethod(..)) {
                            positional.push(*recv);
                        }
                    }
                }
                positional.extend(args);
                let names: Vec<Arc<str>> = kwargs.iter().map(|(k, _)| k.clone()).collect();
                let sources = oxjit_core::registry::bind(f, positional.len(), &names)
                    .expect("a builtin with named parameters")
                    .map_err(|m| self.err(m))?;
                let mut bound = Vec::new();
                for s in sources {
                    let x = match s {
                        ArgSource::Positional(i) => positional[i],
                        ArgSource::Keyword(i) => kwargs[i].1,
                        ArgSource::Default(c) => {
                            let t = oxjit_core::typeinfer::const_type(&c);
                            bound.push(creation::Arg {
                                v: self.constant(&c, &t)?,
                                t,
                                c: Some(c),
                            });
                            continue;
                        }
                    };
                    bound.push(creation::Arg {
                        v: self.val(x),
                        t: self.ty(x).clone(),
                        c: self.typed.constant(x).cloned(),
                    });
                }
                let result = self.ty(v).clone();
                match f {
                    Builtin::Array(f) => self.array_fn(f, &bound, &result),
                    Builtin::Random(f) => self.random_fn(f, &bound, &result),
                    Builtin::Reduce(op) => self.reduce_call(op, &bound, &result),
                    Builtin::PyRandom(f) => self.pyrandom_fn(f, &bound),
                    Builtin::Linalg(f) => self.linalg_fn(f, &bound, &result),
                    _ => unreachable!("matched above"),
                }
            }
            CallTarget::Builtin(Builtin::Print) => self.print(args, kwargs),
            CallTarget::Builtin(b) => {
                let mut all: Vec<Value> = Vec::new();
                if let Inst::Call { func, .. } = self.typed.func.inst(v) {
                    if let Type::BoundMethod(_, _) = self.ty(*func) {
                        if let Inst::GetAttr(recv, _) = self.typed.func.inst(*func) {
                            all.push(*recv);
                        }
                    }
                }
                all.extend(args);
                all.extend(kwargs.iter().map(|(_, v)| *v));
                self.builtin(b, &all, &self.ty(v).clone())
            }
            CallTarget::Exception(_) => Ok(self.cx().i8_type().const_zero().into()),
            CallTarget::User {
                func,
                args: sources,
                arg_types,
            } => {
                let typed = (self.fetch)(func, &arg_types)?;
                let callee = self
                    .m
                    .declare((func, arg_types.clone()), typed.clone(), false);
                let ret_t = self.llvm_type(&typed.return_type);
                let slot = self.alloca(ret_t, "ret")?;
                let mut call_args: Vec<BasicMetadataValueEnum> =
                    vec![slot.into(), self.exc_ptr.into()];
                for (s, t) in sources.iter().zip(&arg_types) {
                    // A locked callee's signature may differ from the arguments' types: they
                    // convert to it (Numba's overload resolution chose it).
                    let operand = match s {
                        ArgSource::Positional(i) => Some(args[*i]),
                        ArgSource::Keyword(i) => Some(kwargs[*i].1),
                        ArgSource::Default(_) => None,
                    };
                    let value = match (s, operand) {
                        (ArgSource::Default(c), _) => self.constant(c, t)?,
                        (_, Some(a)) => self.cast(self.val(a), &self.ty(a).clone(), t)?,
                        (_, None) => unreachable!("positional and keyword arguments have a value"),
                    };
                    call_args.push(value.into());
                }
                let status = self
                    .b
                    .build_call(callee, &call_args, "status")
                    .ir()?
                    .try_as_basic_value()
                    .basic()
                    .expect("status")
                    .into_int_value();
                let ok = self
                    .b
                    .build_int_compare(
                        inkwell::IntPredicate::EQ,
                        status,
                        self.cx().i32_type().const_zero(),
                        "ok",
                    )
                    .ir()?;
                let fail = self.cx().append_basic_block(self.f, "propagate");
                let cont = self.cx().append_basic_block(self.f, "returned");
                self.b.build_conditional_branch(ok, cont, fail).ir()?;
                self.b.position_at_end(fail);
                self.release_live()?;
                self.b.build_return(Some(&status)).ir()?;
                self.b.position_at_end(cont);
                let result = self.b.build_load(ret_t, slot, "result").ir()?;
                let want = self.ty(v).clone();
                self.cast(result, &typed.return_type, &want)
            }
        }
    }

    fn tuple_getitem(&mut self, a: Value, i: Value) -> R<BasicValueEnum<'ctx>> {
        let tuple_t = self.ty(a).clone();
        let Type::Tuple(items) = &tuple_t else {
            return Err(Diagnostic::internal("getitem of a non-tuple"));
        };
        let n = items.len() as i64;
        if let Some(k) = match self.typed.constant(i) {
            Some(Const::Int(k)) => Some(*k),
            Some(Const::Bool(b)) => Some(*b as i64),
            _ => None,
        } {
            let idx = if k < 0 { k + n } else { k };
            return self
                .b
                .build_extract_value(self.val(a).into_struct_value(), idx as u32, "item")
                .ir();
        }
        // A runtime index into a homogeneous tuple: through memory, with Python's bounds check.
        let item_t = self.llvm_type(&items[0]);
        let array_t = item_t.array_type(n as u32);
        let slot = self.alloca(array_t.into(), "tuple.mem")?;
        let tuple = self.val(a).into_struct_value();
        for k in 0..n as u32 {
            let item = self.b.build_extract_value(tuple, k, "it").ir()?;
            let p = unsafe {
                self.b.build_in_bounds_gep(
                    array_t,
                    slot,
                    &[
                        self.cx().i64_type().const_zero(),
                        self.cx().i64_type().const_int(k as u64, false),
                    ],
                    "p",
                )
            }
            .ir()?;
            self.b.build_store(p, item).ir()?;
        }
        let index = self
            .cast(self.val(i), &self.ty(i).clone(), &Type::I64)?
            .into_int_value();
        let len = self.cx().i64_type().const_int(n as u64, true);
        let neg = self
            .b
            .build_int_compare(
                inkwell::IntPredicate::SLT,
                index,
                self.cx().i64_type().const_zero(),
                "neg",
            )
            .ir()?;
        let wrapped = self.b.build_int_add(index, len, "wrapped").ir()?;
        let index = self
            .b
            .build_select(neg, wrapped, index, "index")
            .ir()?
            .into_int_value();
        let in_range = self
            .b
            .build_int_compare(inkwell::IntPredicate::ULT, index, len, "inrange")
            .ir()?;
        self.check(in_range, "IndexError", "tuple index out of range")?;
        let p = unsafe {
            self.b.build_in_bounds_gep(
                array_t,
                slot,
                &[self.cx().i64_type().const_zero(), index],
                "p",
            )
        }
        .ir()?;
        self.b.build_load(item_t, p, "item").ir()
    }

    /// A constant of type `t`.
    pub fn constant(&self, c: &Const, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let cx = self.cx();
        Ok(match (c, t) {
            (Const::Array(a), Type::Array(_)) => {
                let i64t = cx.i64_type();
                let ptr = cx.ptr_type(AddressSpace::default());
                let data = i64t.const_int(a.data as u64, false).const_to_pointer(ptr);
                let dims = |v: &[i64]| {
                    i64t.const_array(
                        &v.iter()
                            .map(|x| i64t.const_int(*x as u64, true))
                            .collect::<Vec<_>>(),
                    )
                };
                // The meminfo of an array from Python is the ndarray, tagged (see the runtime's nrt).
                let object = i64t
                    .const_int(a.object as u64 | 1, false)
                    .const_to_pointer(ptr);
                cx.const_struct(
                    &[
                        object.into(),
                        data.into(),
                        dims(&a.shape).into(),
                        dims(&a.strides).into(),
                    ],
                    false,
                )
                .into()
            }
            (Const::Tuple(items), Type::Tuple(types)) => {
                let values: Vec<BasicValueEnum> = items
                    .iter()
                    .zip(types.iter())
                    .map(|(c, t)| self.constant(c, t))
                    .collect::<R<_>>()?;
                cx.const_struct(&values, false).into()
            }
            (Const::None, _) => cx.i8_type().const_zero().into(),
            (Const::Str(_), _) => cx.i8_type().const_zero().into(),
            // The inner constant built in its exact type (a uint64's bits, a float32's value).
            (Const::Typed(own, inner), t) if own == t => self.constant(inner, t)?,
            (Const::Int(i), Type::Int(it)) => types::int_type(cx, it.bits)
                .const_int(*i as u64, true)
                .into(),
            (Const::Bool(b), Type::Bool) => cx.bool_type().const_int(*b as u64, false).into(),
            (Const::Float(x), Type::Float(32)) => cx.f32_type().const_float(*x).into(),
            (Const::Float(x), Type::Float(_)) => cx.f64_type().const_float(*x).into(),
            (Const::Complex(re, im), Type::Complex(bits)) => {
                let ft = if *bits == 64 {
                    cx.f32_type()
                } else {
                    cx.f64_type()
                };
                cx.const_struct(
                    &[ft.const_float(*re).into(), ft.const_float(*im).into()],
                    false,
                )
                .into()
            }
            // A constant of a narrower type than its use: build it as its own type and convert.
            (c, t) => {
                let own = oxjit_core::typeinfer::const_type(c);
                if &own == t {
                    return Err(Diagnostic::internal(format!("constant {c} of type {t}")));
                }
                let v = self.constant(c, &own)?;
                let tmp = cx.create_builder();
                let _ = tmp;
                return self.const_cast(v, &own, t);
            }
        })
    }

    fn const_cast(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        // Constant folding through the builder: LLVM folds casts of constants.
        self.cast(v, from, to)
    }
}

/// `str()` of a constant, as an exception message shows it.
fn const_str(c: &Const) -> String {
    match c {
        Const::Str(s) => s.to_string(),
        other => const_repr(other),
    }
}

/// `repr()` of a constant.
fn const_repr(c: &Const) -> String {
    match c {
        Const::Int(i) => i.to_string(),
        Const::Float(x) => oxjit_runtime::numbers::float_repr(*x),
        Const::Complex(re, im) => {
            if *re == 0.0 && re.is_sign_positive() {
                format!("{}j", oxjit_runtime::numbers::float_repr(*im))
            } else {
                let sign = if *im < 0.0 || (im.is_sign_negative() && *im == 0.0) {
                    "-"
                } else {
                    "+"
                };
                format!(
                    "({}{sign}{}j)",
                    oxjit_runtime::numbers::float_repr(*re),
                    oxjit_runtime::numbers::float_repr(im.abs())
                )
            }
        }
        Const::Bool(b) => (if *b { "True" } else { "False" }).to_string(),
        Const::None => "None".to_string(),
        Const::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        Const::Array(_) => "<array>".to_string(),
        Const::Typed(t, c) => oxjit_core::ir::print::typed_text(t, c),
        Const::Tuple(items) => {
            let parts: Vec<String> = items.iter().map(const_repr).collect();
            if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            }
        }
    }
}
