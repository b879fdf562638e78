//! CUDA barriers, fences and warp intrinsics as NVVM intrinsics (LLVM 22's names:
//! `llvm.nvvm.barrier.cta.*` replaced `llvm.nvvm.barrier0` and its `popc`/`and`/`or` variants).
//! 64-bit shuffles move two 32-bit halves, as CUDA's `__shfl_sync` does.

use inkwell::values::{BasicValueEnum, IntValue};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::CudaFn;
use oxjit_core::types::Type;

use super::bound::CallCx;
use super::{FnGen, Ir, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    fn i32_const(&self, v: u64) -> BasicValueEnum<'ctx> {
        self.cx().i32_type().const_int(v, false).into()
    }

    /// An argument as an `i32` (a mask, a lane, a delta).
    fn as_i32(&self, c: &CallCx<'_, 'ctx>, k: usize) -> R<IntValue<'ctx>> {
        let i32t = Type::int(32, true);
        Ok(self
            .cast(c.args[k].v, &c.args[k].t, &i32t)?
            .into_int_value())
    }

    /// An argument's truth as an `i1`.
    fn as_pred(&mut self, c: &CallCx<'_, 'ctx>, k: usize) -> R<IntValue<'ctx>> {
        Ok(self
            .cast(c.args[k].v, &c.args[k].t, &Type::Bool)?
            .into_int_value())
    }

    pub(super) fn cuda_sync(&mut self, f: CudaFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let i32t = self.cx().i32_type();
        let none = || -> BasicValueEnum<'ctx> { self.cx().i8_type().const_zero().into() };
        let bar0 = self.i32_const(0);
        match f {
            CudaFn::Syncthreads => {
                self.nvvm("llvm.nvvm.barrier.cta.sync.aligned.all", None, &[bar0])?;
                Ok(none())
            }
            CudaFn::SyncthreadsCount => {
                let p = self.as_pred(c, 0)?.into();
                let name = "llvm.nvvm.barrier.cta.red.popc.aligned.all";
                Ok(self
                    .nvvm(name, Some(i32t.into()), &[bar0, p])?
                    .expect("i32"))
            }
            CudaFn::SyncthreadsAnd | CudaFn::SyncthreadsOr => {
                let p = self.as_pred(c, 0)?.into();
                let name = if f == CudaFn::SyncthreadsAnd {
                    "llvm.nvvm.barrier.cta.red.and.aligned.all"
                } else {
                    "llvm.nvvm.barrier.cta.red.or.aligned.all"
                };
                let bit = self.cx().bool_type().into();
                let r = self.nvvm(name, Some(bit), &[bar0, p])?.expect("i1");
                Ok(self
                    .b
                    .build_int_z_extend(r.into_int_value(), i32t, "r")
                    .ir()?
                    .into())
            }
            CudaFn::Threadfence | CudaFn::ThreadfenceBlock => {
                let name = if f == CudaFn::Threadfence {
                    "llvm.nvvm.membar.gl"
                } else {
                    "llvm.nvvm.membar.cta"
                };
                self.nvvm(name, None, &[])?;
                Ok(none())
            }
            CudaFn::Syncwarp => {
                let mask = self.as_i32(c, 0)?.into();
                self.nvvm("llvm.nvvm.bar.warp.sync", None, &[mask])?;
                Ok(none())
            }
            CudaFn::BallotSync | CudaFn::AllSync | CudaFn::AnySync => self.vote(f, c),
            CudaFn::ShflSync | CudaFn::ShflUpSync | CudaFn::ShflDownSync | CudaFn::ShflXorSync => {
                self.warp_shuffle(f, c)
            }
            _ => Err(Diagnostic::internal(format!(
                "{f:?} is not a sync intrinsic"
            ))),
        }
    }

    fn vote(&mut self, f: CudaFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let mask = self.as_i32(c, 0)?.into();
        let p = self.as_pred(c, 1)?.into();
        let (name, ret) = match f {
            CudaFn::BallotSync => ("llvm.nvvm.vote.ballot.sync", self.cx().i32_type().into()),
            CudaFn::AllSync => ("llvm.nvvm.vote.all.sync", self.cx().bool_type().into()),
            _ => ("llvm.nvvm.vote.any.sync", self.cx().bool_type().into()),
        };
        let r = self.nvvm(name, Some(ret), &[mask, p])?.expect("vote");
        // `all_sync`/`any_sync` are booleans (`i8` in oxjit's native form).
        self.cast(r, &Type::Bool, c.result).or(Ok(r))
    }

    /// `shfl_*_sync(mask, value, lane/delta)`: the mode's intrinsic, and its clamp value (PTX's
    /// `c` operand: 0x1f for idx/down/bfly, 0 for up).
    fn warp_shuffle(&mut self, f: CudaFn, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (mode, clamp) = match f {
            CudaFn::ShflSync => ("idx", 0x1f),
            CudaFn::ShflUpSync => ("up", 0),
            CudaFn::ShflDownSync => ("down", 0x1f),
            _ => ("bfly", 0x1f),
        };
        let mask = self.as_i32(c, 0)?;
        let lane = self.as_i32(c, 2)?;
        let value = self.cast(c.args[1].v, &c.args[1].t, c.result)?;
        let i32t = self.cx().i32_type();
        let i64t = self.cx().i64_type();
        let shfl = |g: &Self, v: IntValue<'ctx>| -> R<IntValue<'ctx>> {
            let name = format!("llvm.nvvm.shfl.sync.{mode}.i32");
            let args = [mask.into(), v.into(), lane.into(), g.i32_const(clamp)];
            Ok(g.nvvm(&name, Some(i32t.into()), &args)?
                .expect("i32")
                .into_int_value())
        };
        let bits = match c.result {
            Type::Int(i) => i.bits,
            Type::Float(b) => *b,
            _ => return Err(Diagnostic::internal("shuffle of a non-number")),
        };
        // The value as an integer of its width, shuffled in 32-bit words.
        let int_t = if bits == 32 { i32t } else { i64t };
        let as_int = self
            .b
            .build_bit_cast(value, int_t, "bits")
            .ir()?
            .into_int_value();
        let moved = if bits == 32 {
            shfl(self, as_int)?
        } else {
            let lo = self.b.build_int_truncate(as_int, i32t, "lo").ir()?;
            let hi = self
                .b
                .build_right_shift(as_int, i64t.const_int(32, false), false, "hi")
                .ir()?;
            let hi = self.b.build_int_truncate(hi, i32t, "hi").ir()?;
            let lo = self
                .b
                .build_int_z_extend(shfl(self, lo)?, i64t, "lo")
                .ir()?;
            let hi = self
                .b
                .build_int_z_extend(shfl(self, hi)?, i64t, "hi")
                .ir()?;
            let hi = self
                .b
                .build_left_shift(hi, i64t.const_int(32, false), "hi")
                .ir()?;
            self.b.build_or(hi, lo, "v").ir()?
        };
        self.b
            .build_bit_cast(moved, self.llvm_type(c.result), "v")
            .ir()
    }
}
