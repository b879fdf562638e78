//! `oxjit.typed.List()` and `oxjit.typed.Dict()` without arguments in compiled code: as `[]` and
//! `{}`, their item types come from later uses (`lists.rs`). Codegen marks the blocks typed, so
//! they return to Python as typed containers.

use std::sync::Arc;

use crate::callee::{Builtin, DictFn, ListFn};
use crate::ir::Value;
use crate::typeinfer::solve::Inferer;
use crate::types::Type;

impl Inferer<'_> {
    /// The type of `List()` / `Dict()` (no arguments) made at `v`; `None` for other calls.
    pub(crate) fn untyped_container(
        &mut self,
        v: Value,
        f: Builtin,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Option<Type> {
        if !args.is_empty() || !kwargs.is_empty() {
            return None;
        }
        let t = match f {
            Builtin::List(ListFn::TypedNew) => {
                Type::List(self.resolve(&Type::Undetermined(v.0)).into())
            }
            Builtin::Dict(DictFn::TypedNew) => self.build_dict(v),
            _ => return None,
        };
        self.calls.insert(v, super::calls::positional_call(f, 0));
        Some(t)
    }
}
