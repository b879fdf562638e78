//! Reference counting of arrays' memory blocks (the runtime's NRT): the increfs and decrefs the
//! plan of `oxjit_core::analysis::refcount` places (which values own references, where they die,
//! which are live when an exception leaves), emitted as calls to one inlined `incref`/`decref`
//! per module. The decrefs on the way out of a raise call an out-of-line `decref.cold` instead:
//! a function of many whole-array statements has a raise per broadcast check and allocation, each
//! releasing every live array, and inlining them all made LLVM's time explode (NPBench's vadv:
//! ~2,000 inlined decrefs, seconds of O3 and instruction selection for code that never runs).

use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::module::Linkage;
use inkwell::values::{BasicValueEnum, FunctionValue, PointerValue};
use inkwell::{AddressSpace, AtomicOrdering, AtomicRMWBinOp, IntPredicate};
use oxjit_abi::RuntimeFn;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::{FnGen, Ir, ModuleGen, R};

/// What the plan is made of: in core, an analysis of the typed IR (`RefPlan::to_text` shows it).
pub use oxjit_core::analysis::refcount::{is_ref, RefPlan};

/// The module's reference-counting functions (the device back end empties all three).
pub const INCREF: &str = "oxjit.nrt.incref";
pub const DECREF: &str = "oxjit.nrt.decref";
pub const COLD_DECREF: &str = "oxjit.nrt.decref.cold";

impl<'ctx> ModuleGen<'ctx> {
    /// `oxjit.nrt.incref(ptr meminfo)` / `decref`: one definition per module, inlined. A meminfo
    /// is a block when it is neither null nor tagged (lowest bit set: a Python object).
    pub(super) fn refcount_fn(&mut self, decref: bool) -> R<FunctionValue<'ctx>> {
        let name = if decref { DECREF } else { INCREF };
        self.refcount_fn_named(name, decref, &["alwaysinline", "nounwind"])
    }

    /// The decref of exception paths: the same body, kept out of line and marked cold.
    fn cold_decref_fn(&mut self) -> R<FunctionValue<'ctx>> {
        self.refcount_fn_named(COLD_DECREF, true, &["noinline", "cold", "nounwind"])
    }

    fn refcount_fn_named(
        &mut self,
        name: &str,
        decref: bool,
        attrs: &[&str],
    ) -> R<FunctionValue<'ctx>> {
        if let Some(f) = self.module.get_function(name) {
            return Ok(f);
        }
        let cx = self.cx;
        let ptr = cx.ptr_type(AddressSpace::default());
        let i64t = cx.i64_type();
        let f = self.module.add_function(
            name,
            cx.void_type().fn_type(&[ptr.into()], false),
            Some(Linkage::Internal),
        );
        for attr in attrs {
            let kind = Attribute::get_named_enum_kind_id(attr);
            f.add_attribute(AttributeLoc::Function, cx.create_enum_attribute(kind, 0));
        }
        let b = cx.create_builder();
        let entry = cx.append_basic_block(f, "entry");
        let act = cx.append_basic_block(f, "block");
        let done = cx.append_basic_block(f, "done");
        b.position_at_end(entry);
        let mi = f.get_nth_param(0).expect("meminfo").into_pointer_value();
        let bits = b.build_ptr_to_int(mi, i64t, "bits").ir()?;
        let tag_bit = i64t.const_int(oxjit_abi::MEMINFO_PYOBJECT_TAG as u64, false);
        let tag = b.build_and(bits, tag_bit, "tag").ir()?;
        let untagged = b
            .build_int_compare(IntPredicate::EQ, tag, i64t.const_zero(), "untagged")
            .ir()?;
        let nonnull = b
            .build_int_compare(IntPredicate::NE, bits, i64t.const_zero(), "nonnull")
            .ir()?;
        let is_block = b.build_and(untagged, nonnull, "is_block").ir()?;
        b.build_conditional_branch(is_block, act, done).ir()?;
        b.position_at_end(act);
        let one = i64t.const_int(1, false);
        if decref {
            let old = b
                .build_atomicrmw(AtomicRMWBinOp::Sub, mi, one, AtomicOrdering::AcquireRelease)
                .ir()?;
            let last = b
                .build_int_compare(IntPredicate::EQ, old, one, "last")
                .ir()?;
            let free = cx.append_basic_block(f, "free");
            b.build_conditional_branch(last, free, done).ir()?;
            b.position_at_end(free);
            let free_fn = self.runtime(RuntimeFn::NrtFree);
            b.build_call(free_fn, &[mi.into()], "").ir()?;
        } else {
            b.build_atomicrmw(AtomicRMWBinOp::Add, mi, one, AtomicOrdering::Monotonic)
                .ir()?;
        }
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(done);
        b.build_return(None).ir()?;
        Ok(f)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The meminfo pointers a value of type `t` holds (null for an absent optional).
    fn meminfos(&self, v: BasicValueEnum<'ctx>, t: &Type) -> R<Vec<PointerValue<'ctx>>> {
        Ok(match t {
            Type::Str | Type::List(_) | Type::Dict(..) | Type::Set(_) | Type::Generator(_) => {
                vec![v.into_pointer_value()]
            }
            Type::NpGenerator | Type::JitInstance(_) => vec![v.into_pointer_value()],
            Type::CaughtException => vec![self.caught_block(v)?],
            Type::Array(_) | Type::Record(_) | Type::Bytes => vec![self
                .b
                .build_extract_value(v.into_struct_value(), 0, "meminfo")
                .ir()?
                .into_pointer_value()],
            // A closure holds its captured values as a tuple holds its items.
            Type::Tuple(_) | Type::Closure(..) | Type::Polynomial(_) => {
                let items: &[Type] = match t {
                    Type::Tuple(items) => items,
                    Type::Closure(_, items) => items,
                    Type::Polynomial(parts) => &parts[..],
                    _ => unreachable!(),
                };
                let mut out = Vec::new();
                for (k, item) in items.iter().enumerate() {
                    if is_ref(item) {
                        let x = self
                            .b
                            .build_extract_value(v.into_struct_value(), k as u32, "item")
                            .ir()?;
                        out.extend(self.meminfos(x, item)?);
                    }
                }
                out
            }
            Type::Optional(inner) if is_ref(inner) => {
                let sv = v.into_struct_value();
                let present = self.b.build_extract_value(sv, 0, "present").ir()?;
                let x = self.b.build_extract_value(sv, 1, "value").ir()?;
                let null = self.cx().ptr_type(AddressSpace::default()).const_null();
                let mut out = Vec::new();
                for mi in self.meminfos(x, inner)? {
                    out.push(
                        self.b
                            .build_select(present.into_int_value(), mi, null, "mi")
                            .ir()?
                            .into_pointer_value(),
                    );
                }
                out
            }
            _ => vec![],
        })
    }

    fn refcount(&mut self, v: BasicValueEnum<'ctx>, t: &Type, decref: bool) -> R<()> {
        let f = self.m.refcount_fn(decref)?;
        for mi in self.meminfos(v, t)? {
            self.b.build_call(f, &[mi.into()], "").ir()?;
        }
        Ok(())
    }

    /// Takes a reference to every block `v` holds.
    pub fn incref(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<()> {
        self.refcount(v, t, false)
    }

    /// Gives back a reference to every block `v` holds.
    pub fn decref(&mut self, v: BasicValueEnum<'ctx>, t: &Type) -> R<()> {
        self.refcount(v, t, true)
    }

    /// Decrefs the IR values `vs`.
    pub fn release(&mut self, vs: &[Value]) -> R<()> {
        for &x in vs {
            let t = self.ty(x).clone();
            self.decref(self.val(x), &t)?;
        }
        Ok(())
    }

    /// Before an exception leaves the function: gives back what the live values own, through
    /// the out-of-line cold decref (these paths are many and never hot).
    pub fn release_live(&mut self) -> R<()> {
        let cold = self.m.cold_decref_fn()?;
        let mut owned: Vec<(BasicValueEnum<'ctx>, Type)> = Vec::new();
        for &x in &self.live_now {
            owned.push((self.val(x), self.ty(x).clone()));
        }
        owned.extend(self.extra_live.iter().cloned());
        for (v, t) in owned {
            for mi in self.meminfos(v, &t)? {
                self.b.build_call(cold, &[mi.into()], "").ir()?;
            }
        }
        Ok(())
    }
}
