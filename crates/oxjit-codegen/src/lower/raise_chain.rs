//! `raise X from c` and a raise inside an `except` clause (core's `Inst::ChainException`):
//! the exception is filled as any raise's, then the runtime chains its record to copies of the
//! cause's and the context's records (`oxjit_abi::ChainBlock`), which it takes references to.

use inkwell::values::PointerValue;
use inkwell::AddressSpace;
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::Value;
use oxjit_core::types::Type;

use super::{FnGen, Ir, R};

impl<'ctx> FnGen<'_, 'ctx> {
    /// Raises `exc` (a class or a new instance) chained to `cause` and `context`.
    pub(super) fn raise_chained(
        &mut self,
        exc: Value,
        cause: Option<Value>,
        context: Option<Value>,
    ) -> R<()> {
        // A kernel reports the exception alone (`nvptx/errcode.rs`): no runtime to chain it.
        if self.target().is_cuda() {
            self.fill_exception(exc)?;
            return self.leave_raised();
        }
        let null = self.cx().ptr_type(AddressSpace::default()).const_null();
        // The cause first, through the record: the exception is filled over it next.
        let cause_record = match cause.map(|c| (c, self.ty(c).clone())) {
            None | Some((_, Type::NoneType)) => null,
            Some((c, Type::CaughtException)) => self.kept_caught(c)?,
            Some((c, Type::ExceptionClass(_) | Type::Exception(_))) => {
                self.fill_exception(c)?;
                let record = self.catch_exception(&Type::CaughtException)?;
                self.stored_record(record)?
            }
            Some((_, t)) => return Err(Diagnostic::internal(format!("a cause of type {t}"))),
        };
        let context_record = match context {
            Some(c) => self.kept_caught(c)?,
            None => null,
        };
        self.fill_exception(exc)?;
        let from = self
            .cx()
            .i64_type()
            .const_int(cause.is_some() as u64, false);
        let args = [
            self.exc_ptr.into(),
            cause_record.into(),
            context_record.into(),
            from.into(),
        ];
        self.call_runtime(RuntimeFn::ExceptionChain, &args)?;
        self.leave_raised()
    }

    /// Raises caught exception `v` again with `context` (a caught exception) as its context,
    /// where it has none and is not `context` itself (the runtime decides).
    pub(super) fn raise_with_context(&mut self, v: Value, context: Value) -> R<()> {
        self.fill_caught(v)?;
        if !self.target().is_cuda() {
            let context_record = self.kept_caught(context)?;
            let args = [self.exc_ptr.into(), context_record.into()];
            self.call_runtime(RuntimeFn::ExceptionAddContext, &args)?;
        }
        self.leave_raised()
    }

    /// A copy in memory of caught exception `c`, with a reference of its own to its block (the
    /// chain takes it).
    fn kept_caught(&mut self, c: Value) -> R<PointerValue<'ctx>> {
        self.incref(self.val(c), &Type::CaughtException)?;
        self.stored_record(self.val(c))
    }

    fn stored_record(&mut self, v: inkwell::values::BasicValueEnum<'ctx>) -> R<PointerValue<'ctx>> {
        let slot = self.alloca(self.llvm_type(&Type::CaughtException), "chained")?;
        self.b.build_store(slot, v).ir()?;
        Ok(slot)
    }
}
