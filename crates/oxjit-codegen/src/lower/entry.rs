//! The entry wrapper: `i32 f__entry(void **args, void *ret, ExcInfo *exc)`, the C ABI the
//! dispatcher calls with unboxed arguments. It loads each argument from its slot, sets up the
//! stack limit (and the jump buffer) for recursive code, and calls the native function.

use inkwell::module::Linkage;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use inkwell::AddressSpace;
use oxjit_core::typeinfer::TypedFunction;

use super::{Ir, ModuleGen, R};

impl<'ctx> ModuleGen<'ctx> {
    pub(super) fn entry_wrapper(
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
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): slot `i` of
            // the dispatcher's argument array, which holds one pointer per argument.
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
