//! `debug=True` kernels report device-side exceptions as Numba's do: the module has a global
//! error record (`__errcode__`, Numba's name for its error word) that the first raising thread
//! claims with an atomic compare-and-swap, filling in its thread and block indices and a copy
//! of the exception (class name, message template, value argument, template ints); it then
//! returns. The host reads the record after the launch (`oxjit/cuda/errcode.py`) and raises the
//! exception with Numba's `tid=[x, y, z] ctaid=[x, y, z]: message` prefix.
//!
//! The strings are copied (clamped to fixed capacities) rather than passed as pointers: they
//! are constants in device memory, which the host cannot read through a device address.

use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::module::Linkage;
use inkwell::types::StructType;
use inkwell::values::{FunctionValue, IntValue, PointerValue};
use inkwell::{AddressSpace, AtomicOrdering, IntPredicate};
use oxjit_abi::exc_field;

use crate::error::{Ir, R};
use crate::lower::ModuleGen;

/// The global's name in the PTX (the host finds it with `cuModuleGetGlobal`).
pub const ERRCODE: &str = "__errcode__";
/// Bytes kept of the exception's class name and of its message template.
pub const CLASS_CAP: u32 = 64;
pub const MSG_CAP: u32 = 312;
/// The record's fields (byte offsets in `oxjit/cuda/errcode.py`): claimed flag, padding,
/// `tid[3]`, `ctaid[3]`, arg kind, int arg, float arg, template ints, class length, message
/// length, class bytes, message bytes; 512 bytes in all.
const FLAG: u32 = 0;
const TID: u32 = 2;
const CTAID: u32 = 3;
const ARG_KIND: u32 = 4;
const INTS: u32 = 7;
const CLASS_LEN: u32 = 8;
const MSG_LEN: u32 = 9;
const CLASS: u32 = 10;
const MSG: u32 = 11;

/// The record's LLVM type.
fn record_type(cx: &Context) -> StructType<'_> {
    let i32t = cx.i32_type();
    let i64t = cx.i64_type();
    cx.struct_type(
        &[
            i32t.into(),
            i32t.into(),
            i32t.array_type(3).into(),
            i32t.array_type(3).into(),
            i64t.into(),
            i64t.into(),
            cx.f64_type().into(),
            i64t.array_type(exc_field::INTS_LEN as u32).into(),
            i64t.into(),
            i64t.into(),
            cx.i8_type().array_type(CLASS_CAP).into(),
            cx.i8_type().array_type(MSG_CAP).into(),
        ],
        false,
    )
}

impl<'ctx> ModuleGen<'ctx> {
    /// The `__errcode__` global (zero: no exception), in global memory (address space 1).
    fn errcode_global(&self) -> PointerValue<'ctx> {
        let ty = record_type(self.cx);
        let g = self.module.get_global(ERRCODE).unwrap_or_else(|| {
            let g = self
                .module
                .add_global(ty, Some(AddressSpace::from(1u16)), ERRCODE);
            g.set_linkage(Linkage::External);
            g.set_initializer(&ty.const_zero());
            g.set_alignment(8);
            g
        });
        g.as_pointer_value()
    }

    /// A special register (`tid.x`, `ctaid.y`...).
    fn special_register(&self, b: &Builder<'ctx>, name: &str) -> R<IntValue<'ctx>> {
        let name = format!("llvm.nvvm.read.ptx.sreg.{name}");
        let i32t = self.cx.i32_type();
        let f = self.module.get_function(&name).unwrap_or_else(|| {
            self.module
                .add_function(&name, i32t.fn_type(&[], false), Some(Linkage::External))
        });
        let v = b.build_call(f, &[], "sreg").ir()?.try_as_basic_value();
        Ok(v.basic().expect("i32").into_int_value())
    }

    /// After the kernel's function returned `status` (non-zero: it raised, `exc` holds the
    /// exception): the first raising thread of the launch copies it into `__errcode__`.
    pub(super) fn report_exception(
        &self,
        b: &Builder<'ctx>,
        f: FunctionValue<'ctx>,
        status: IntValue<'ctx>,
        exc: PointerValue<'ctx>,
    ) -> R<()> {
        let cx = self.cx;
        let raised = cx.append_basic_block(f, "raised");
        let first = cx.append_basic_block(f, "first");
        let done = cx.append_basic_block(f, "done");
        let zero = status.get_type().const_zero();
        let failed = b
            .build_int_compare(IntPredicate::NE, status, zero, "failed")
            .ir()?;
        b.build_conditional_branch(failed, raised, done).ir()?;
        b.position_at_end(raised);
        let ty = record_type(cx);
        let rec = self.errcode_global();
        let flag = b.build_struct_gep(ty, rec, FLAG, "flag").ir()?;
        let i32t = cx.i32_type();
        let order = AtomicOrdering::SequentiallyConsistent;
        let pair = b
            .build_cmpxchg(
                flag,
                i32t.const_zero(),
                i32t.const_int(1, false),
                order,
                order,
            )
            .ir()?;
        let won = b.build_extract_value(pair, 1, "won").ir()?;
        b.build_conditional_branch(won.into_int_value(), first, done)
            .ir()?;
        b.position_at_end(first);
        self.store_position(b, ty, rec)?;
        self.copy_exception(b, ty, rec, exc)?;
        b.build_unconditional_branch(done).ir()?;
        b.position_at_end(done);
        Ok(())
    }

    /// The raising thread's `tid` and `ctaid` into the record.
    fn store_position(
        &self,
        b: &Builder<'ctx>,
        ty: StructType<'ctx>,
        rec: PointerValue<'ctx>,
    ) -> R<()> {
        let i32t = self.cx.i32_type();
        for (field, reg) in [(TID, "tid"), (CTAID, "ctaid")] {
            let arr = b.build_struct_gep(ty, rec, field, reg).ir()?;
            for (k, axis) in ["x", "y", "z"].into_iter().enumerate() {
                let v = self.special_register(b, &format!("{reg}.{axis}"))?;
                let at = [i32t.const_zero(), i32t.const_int(k as u64, false)];
                // SAFETY: `at` indexes the three-element array within its length.
                let p =
                    unsafe { b.build_in_bounds_gep(i32t.array_type(3), arr, &at, axis) }.ir()?;
                b.build_store(p, v).ir()?;
            }
        }
        Ok(())
    }

    /// The exception record's argument kind, values, ints and (clamped) strings into `rec`.
    fn copy_exception(
        &self,
        b: &Builder<'ctx>,
        ty: StructType<'ctx>,
        rec: PointerValue<'ctx>,
        exc: PointerValue<'ctx>,
    ) -> R<()> {
        let exc_t = self.exc_info_type();
        let i64t = self.cx.i64_type();
        // arg kind, int arg, float arg: three consecutive words in both records.
        let src = b
            .build_struct_gep(exc_t, exc, exc_field::ARG_KIND, "src")
            .ir()?;
        let dst = b.build_struct_gep(ty, rec, ARG_KIND, "dst").ir()?;
        b.build_memcpy(dst, 8, src, 8, i64t.const_int(24, false))
            .ir()?;
        let src = b
            .build_struct_gep(exc_t, exc, exc_field::INTS, "ints")
            .ir()?;
        let dst = b.build_struct_gep(ty, rec, INTS, "ints.dst").ir()?;
        let nints = 8 * exc_field::INTS_LEN as u64;
        b.build_memcpy(dst, 8, src, 8, i64t.const_int(nints, false))
            .ir()?;
        let strings = [
            (
                exc_field::CLASS_NAME,
                exc_field::CLASS_LEN,
                CLASS,
                CLASS_LEN,
                CLASS_CAP,
            ),
            (exc_field::MSG, exc_field::MSG_LEN, MSG, MSG_LEN, MSG_CAP),
        ];
        let ptr_t = self.cx.ptr_type(AddressSpace::default());
        for (ptr_field, len_field, bytes_field, out_len_field, cap) in strings {
            let p = b.build_struct_gep(exc_t, exc, ptr_field, "s").ir()?;
            let text = b.build_load(ptr_t, p, "text").ir()?.into_pointer_value();
            let p = b.build_struct_gep(exc_t, exc, len_field, "n").ir()?;
            let len = b.build_load(i64t, p, "len").ir()?.into_int_value();
            let cap = i64t.const_int(cap as u64, false);
            let over = b
                .build_int_compare(IntPredicate::UGT, len, cap, "over")
                .ir()?;
            let len = b
                .build_select(over, cap, len, "kept")
                .ir()?
                .into_int_value();
            let out = b.build_struct_gep(ty, rec, out_len_field, "len.dst").ir()?;
            b.build_store(out, len).ir()?;
            let out = b.build_struct_gep(ty, rec, bytes_field, "bytes").ir()?;
            b.build_memcpy(out, 1, text, 1, len).ir()?;
        }
        Ok(())
    }
}
