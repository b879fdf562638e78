//! The attributes of `oxjit.cuda` that are not functions: its namespaces (`cuda.shared`,
//! `cuda.atomic`...), the thread index triples (`cuda.threadIdx`), their `.x`/`.y`/`.z` (special
//! registers, read by the kernel: codegen's `lower/cuda.rs`), and `cuda.warpsize`/`cuda.laneid`.

use crate::diagnostics::Result;
use crate::ir::{Const, Value};
use crate::registry::cuda::{self, SREG};
use crate::typeinfer::solve::Inferer;
use crate::types::{ModuleKind, Type};

impl Inferer<'_> {
    /// The type of `recv.name` where `recv` is part of `oxjit.cuda` and the attribute is not a
    /// function of the table; `None` to let the other rules decide.
    pub(crate) fn cuda_attribute(
        &mut self,
        v: Value,
        recv: &Type,
        name: &str,
    ) -> Result<Option<Type>> {
        match recv {
            Type::Module(ModuleKind::Cuda(ns)) => {
                if let Some(sub) = cuda::attribute(*ns, name) {
                    return Ok(Some(Type::Module(sub)));
                }
                match name {
                    "warpsize" => Ok(Some(self.constant(v, Const::Int(32)))),
                    "laneid" => Ok(Some(SREG)),
                    _ => Ok(None),
                }
            }
            Type::Module(ModuleKind::CudaDim(d)) => match name {
                "x" | "y" | "z" => Ok(Some(SREG)),
                _ => Err(self.err(
                    v,
                    format!("cuda.{} has no attribute '{name}' (only x, y, z)", d.name()),
                )),
            },
            _ => Ok(None),
        }
    }
}
