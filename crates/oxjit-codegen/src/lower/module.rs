//! The module driver: declares one native function per (function, argument types) reached from
//! the root, lowers each in turn, and keeps the module-wide tables (declared functions, string
//! constants, the recursive functions that check the stack).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::{Linkage, Module};
use inkwell::types::BasicMetadataTypeEnum;
use inkwell::values::{FunctionValue, PointerValue};
use inkwell::AddressSpace;
use oxjit_core::typeinfer::TypedFunction;
use oxjit_core::types::{FuncId, Type};

use super::{stack, FnGen, Ir, R};
use crate::target::{self, Target};
use crate::{Fetch, Options};

pub(super) type Key = (FuncId, Vec<Type>);

/// Builds the module for `root` and every function it calls; returns it and the entry's name.
pub fn build_module<'ctx>(
    cx: &'ctx Context,
    root_key: (FuncId, Vec<Type>),
    root: Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
    opts: Options,
) -> R<(Module<'ctx>, String)> {
    let (mut gen, root_fn) = lower_all(cx, root_key, root.clone(), fetch, opts, &target::CPU)?;
    let entry_name = format!("{}__entry", root_fn.get_name().to_string_lossy());
    gen.entry_wrapper(&root, root_fn, &entry_name)?;
    let entry_fn = gen.module.get_function(&entry_name).expect("entry wrapper");
    let extra = crate::wrapper_name(&entry_name, opts.wrapper);
    match opts.wrapper {
        crate::Wrapper::None => {}
        crate::Wrapper::UfuncLoop => gen.ufunc_loop(&root, entry_fn, &extra)?,
        crate::Wrapper::CFunc => gen.cfunc_wrapper(&root, entry_fn, &extra)?,
    }
    Ok((gen.module, entry_name))
}

/// Lowers `root` and every function it calls for `target` into a new module; returns the
/// module generator and `root`'s native function (the caller adds the wrappers it needs).
pub(crate) fn lower_all<'ctx>(
    cx: &'ctx Context,
    root_key: (FuncId, Vec<Type>),
    root: Arc<TypedFunction>,
    fetch: &mut Fetch<'_>,
    opts: Options,
    target: &'static dyn Target,
) -> R<(ModuleGen<'ctx>, FunctionValue<'ctx>)> {
    let module = cx.create_module(&format!("oxjit.{}", root.func.name));
    let recursion = stack::recursion(&root_key, &root, fetch)?;
    let mut gen = ModuleGen {
        cx,
        module,
        opts,
        target,
        declared: HashMap::new(),
        queue: Vec::new(),
        strings: HashMap::new(),
        recursive: recursion.recursive,
        jump_on_overflow: recursion.jump_on_overflow,
        jump_on_raise: recursion.jump_on_raise,
        direct: HashMap::new(),
        direct_next: HashMap::new(),
        direct_of: HashMap::new(),
        checked: HashSet::new(),
        line_info: None,
    };
    if opts.lineinfo {
        gen.enable_line_info(&root.source.filename);
    }
    let root_fn = gen.declare(root_key, root, true)?;
    while let Some((typed, f)) = gen.queue.pop() {
        // Lowering's errors point into this function's source.
        FnGen::new(&mut gen, &typed, f, fetch)
            .lower()
            .map_err(|e| e.with_source(&typed.source))?;
    }
    Ok((gen, root_fn))
}

pub(crate) struct ModuleGen<'ctx> {
    pub cx: &'ctx Context,
    pub module: Module<'ctx>,
    pub opts: Options,
    /// The machine the code is for: allocation, exception records, the math library.
    pub target: &'static dyn Target,
    pub(super) declared: HashMap<Key, FunctionValue<'ctx>>,
    pub(super) queue: Vec<(Arc<TypedFunction>, FunctionValue<'ctx>)>,
    pub(super) strings: HashMap<String, PointerValue<'ctx>>,
    /// The functions of the module that may call themselves (directly or not).
    pub(super) recursive: HashSet<Key>,
    /// Whether a stack overflow in the recursive functions jumps straight back to the entry
    /// wrapper (none of them holds a reference that unwinding frame by frame would release).
    pub(super) jump_on_overflow: bool,
    /// Whether every exception may jump back to the entry wrapper: the recursive functions
    /// then return their value directly (`direct.rs`).
    pub(super) jump_on_raise: bool,
    /// A recursive function's first direct-return copy, by its status-returning function.
    pub(super) direct: HashMap<FunctionValue<'ctx>, FunctionValue<'ctx>>,
    /// Each direct-return copy's next (where the function calls itself).
    pub(super) direct_next: HashMap<FunctionValue<'ctx>, FunctionValue<'ctx>>,
    /// Each direct-return copy's status-returning function.
    pub(super) direct_of: HashMap<FunctionValue<'ctx>, FunctionValue<'ctx>>,
    /// The native functions that check the stack at entry (those of `recursive`).
    pub(super) checked: HashSet<FunctionValue<'ctx>>,
    /// The line tables of a `lineinfo=True` CUDA kernel (`lineinfo.rs`).
    pub(crate) line_info: Option<super::lineinfo::LineInfo<'ctx>>,
}

impl<'ctx> ModuleGen<'ctx> {
    /// The native function for `key`, declared (and queued for lowering) on first use.
    pub(super) fn declare(
        &mut self,
        key: Key,
        typed: Arc<TypedFunction>,
        exported: bool,
    ) -> R<FunctionValue<'ctx>> {
        if let Some(f) = self.declared.get(&key) {
            return Ok(*f);
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
        if typed.func.is_generator() {
            // LLVM's coroutine passes split it (`lower/generator.rs`). The functions split off
            // keep `alwaysinline` (LLVM never inlines before the split): the resume function,
            // grown by send/throw's checks past the inliner's threshold, was left a call in every
            // consumer's loop (bench/functions.py's generator pipeline: 4x the hand loop).
            for attr in ["presplitcoroutine", "alwaysinline"] {
                let kind = inkwell::attributes::Attribute::get_named_enum_kind_id(attr);
                f.add_attribute(
                    inkwell::attributes::AttributeLoc::Function,
                    self.cx.create_enum_attribute(kind, 0),
                );
            }
        }
        if self.returns_directly(&key, &typed) {
            self.declare_direct(&key, typed, f)?;
            self.declared.insert(key, f);
            return Ok(f);
        }
        if self.recursive.contains(&key) {
            self.checked.insert(f);
        }
        self.declared.insert(key, f);
        self.queue.push((typed, f));
        Ok(f)
    }

    /// Whether a function of the module may call itself (and checks the stack at entry).
    pub(crate) fn has_recursion(&self) -> bool {
        !self.checked.is_empty()
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
}

#[cfg(test)]
impl<'ctx> ModuleGen<'ctx> {
    /// A module generator with nothing declared, for the models' unit tests.
    pub(crate) fn for_tests(cx: &'ctx Context) -> ModuleGen<'ctx> {
        ModuleGen {
            cx,
            module: cx.create_module("test"),
            opts: Options::default(),
            target: &target::CPU,
            declared: HashMap::new(),
            queue: Vec::new(),
            strings: HashMap::new(),
            recursive: HashSet::new(),
            jump_on_overflow: false,
            jump_on_raise: false,
            direct: HashMap::new(),
            direct_next: HashMap::new(),
            direct_of: HashMap::new(),
            checked: HashSet::new(),
            line_info: None,
        }
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
