//! A call of a first-class function (`CallTarget::Indirect`, core's `types/functions.rs`): a
//! switch on the value (the function's index in its set) to a direct call of each candidate,
//! their results meeting in a phi.

use std::sync::Arc;

use inkwell::values::BasicValueEnum;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Inst, Value};
use oxjit_core::typeinfer::CallTarget;

use super::{FnGen, Ir, R};

impl<'ctx> FnGen<'_, 'ctx> {
    pub(super) fn indirect_call(
        &mut self,
        v: Value,
        targets: &[CallTarget],
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> R<BasicValueEnum<'ctx>> {
        let Inst::Call { func, .. } = self.typed.func.inst(v) else {
            return Err(Diagnostic::internal("an indirect call that is no call"));
        };
        let index = self.val(*func).into_int_value();
        let cx = self.cx();
        let merge = cx.append_basic_block(self.f, "fcall.merge");
        let unknown = cx.append_basic_block(self.f, "fcall.unknown");
        let cases: Vec<_> = (0..targets.len())
            .map(|k| {
                let block = cx.append_basic_block(self.f, "fcall");
                (cx.i64_type().const_int(k as u64, false), block)
            })
            .collect();
        self.b.build_switch(index, unknown, &cases).ir()?;
        self.b.position_at_end(unknown);
        self.b.build_unreachable().ir()?;
        let mut incoming = Vec::with_capacity(targets.len());
        for (target, (_, block)) in targets.iter().zip(&cases) {
            let CallTarget::User {
                func,
                args: sources,
                arg_types,
            } = target
            else {
                return Err(Diagnostic::internal(
                    "an indirect call of a non-user function",
                ));
            };
            self.b.position_at_end(*block);
            let r = self.user_call(v, *func, sources, arg_types, args, kwargs)?;
            incoming.push((r, self.b.get_insert_block().expect("a block")));
            self.b.build_unconditional_branch(merge).ir()?;
        }
        self.b.position_at_end(merge);
        let t = self.llvm_type(&self.ty(v).clone());
        let phi = self.b.build_phi(t, "fcall.result").ir()?;
        for (r, b) in &incoming {
            phi.add_incoming(&[(r, *b)]);
        }
        Ok(phi.as_basic_value())
    }
}
