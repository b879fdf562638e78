//! Small temporary arrays on the stack (issue 14): the arrays `oxjit_core::analysis::temps` finds
//! made in a loop and never outliving their iteration get their items in a buffer of the
//! function's frame, one per allocation, reused by every iteration, instead of a runtime block
//! allocated and freed each time (a malloc/free pair costs more than the loop body of a
//! `d = np.empty(3)` kernel). Such an array's meminfo is null, which reference counting already
//! skips (as it skips arrays owned by Python), so nothing is freed on any path, exceptions and
//! early exits included. An array larger than the buffer (a size known only at run time) takes
//! the heap path as before.

use std::collections::HashSet;

use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;

use super::{FnGen, Ir, R};

/// The bytes of one stack buffer: 32 doubles. Larger arrays are not "small" and go to the heap,
/// where a malloc is cheap next to filling them.
pub(super) const STACK_BYTES: u32 = 256;

/// The data alignment of a stack buffer (vector loads and stores, as for a heap block).
const STACK_ALIGN: u32 = 32;

/// Which allocations of the function being lowered take a stack buffer, and whether the
/// instruction being lowered is one of them.
#[derive(Default)]
pub(super) struct StackTemps {
    sites: HashSet<Value>,
    /// Set while a site is lowered; the first array it makes takes the buffer (`take`).
    armed: bool,
}

impl StackTemps {
    pub(super) fn new(sites: HashSet<Value>) -> StackTemps {
        StackTemps {
            sites,
            armed: false,
        }
    }

    /// Arms the buffer for instruction `v` when it is a site (disarms it otherwise).
    pub(super) fn arm(&mut self, v: Value) {
        self.armed = self.sites.contains(&v);
    }

    pub(super) fn disarm(&mut self) {
        self.armed = false;
    }

    /// Whether the array being made takes the buffer; only the first array of a site does.
    pub(super) fn take(&mut self) -> bool {
        std::mem::take(&mut self.armed)
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// The sites of the function being lowered (none for a device, nor in a recursive function,
    /// whose frames stay small, nor under `OXJIT_NO_STACK_TEMPS=1`, which keeps every array on
    /// the heap: for measuring the gain, or ruling the optimisation out when chasing a bug).
    pub(super) fn stack_temps(&self) -> StackTemps {
        if self.target().is_cuda()
            || self.m.checked.contains(&self.f)
            || oxjit_core::env::flag("OXJIT_NO_STACK_TEMPS")
        {
            return StackTemps::default();
        }
        StackTemps::new(oxjit_core::analysis::temps::stack_sites(self.typed))
    }

    /// The block (meminfo, data) of `nbytes` for an array being made: a stack buffer when the
    /// instruction being lowered is a site and the size fits (meminfo null), else `heap`'s.
    pub(super) fn temp_or_heap_block(
        &mut self,
        nbytes: IntValue<'ctx>,
        zeroed: bool,
        heap: &mut dyn FnMut(&mut Self) -> R<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)>,
    ) -> R<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> {
        if !self.temps.take() {
            return heap(self);
        }
        let cx = self.cx();
        let buffer = self.stack_buffer()?;
        let fits = self
            .b
            .build_int_compare(
                IntPredicate::ULE,
                nbytes,
                self.i64(STACK_BYTES as i64),
                "fits",
            )
            .ir()?;
        let on_stack = cx.append_basic_block(self.f, "temp.stack");
        let on_heap = cx.append_basic_block(self.f, "temp.heap");
        let done = cx.append_basic_block(self.f, "temp.done");
        self.b
            .build_conditional_branch(fits, on_stack, on_heap)
            .ir()?;
        self.b.position_at_end(on_stack);
        if zeroed {
            self.b
                .build_memset(buffer, STACK_ALIGN, cx.i8_type().const_zero(), nbytes)
                .ir()?;
        }
        let stack_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(on_heap);
        let (mi, data) = heap(self)?;
        let heap_end = self.b.get_insert_block().expect("block");
        self.b.build_unconditional_branch(done).ir()?;
        self.b.position_at_end(done);
        let ptr = cx.ptr_type(AddressSpace::default());
        let null = ptr.const_null();
        let mi_phi = self.b.build_phi(ptr, "temp.mi").ir()?;
        mi_phi.add_incoming(&[(&null, stack_end), (&mi, heap_end)]);
        let data_phi = self.b.build_phi(ptr, "temp.data").ir()?;
        data_phi.add_incoming(&[(&buffer, stack_end), (&data, heap_end)]);
        Ok((mi_phi.as_basic_value(), data_phi.as_basic_value()))
    }

    /// A buffer of [`STACK_BYTES`] in the entry block (one per site: the frame holds them all).
    fn stack_buffer(&self) -> R<PointerValue<'ctx>> {
        let t = self.cx().i8_type().array_type(STACK_BYTES);
        let p = self.alloca(t.into(), "temp.buffer")?;
        p.as_instruction()
            .expect("an alloca")
            .set_alignment(STACK_ALIGN)
            .map_err(|e| Diagnostic::internal(format!("stack buffer alignment: {e}")))?;
        Ok(p)
    }
}
