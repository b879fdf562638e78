//! Calls of first-class functions (`Type::Functions`, see `types/functions.rs`): each candidate
//! is typed for the call's arguments like a direct call; they must bind the arguments alike and
//! return the same type (functions of one signature), else the call is refused naming both. A
//! candidate that never returns (`typeinfer/noreturn.rs`) agrees with any return type.

use std::sync::Arc;

use crate::diagnostics::Result;
use crate::ir::Value;
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::CallTarget;
use crate::types::{FuncId, Type};

impl Inferer<'_> {
    /// `f(args)` where `f` is one of the functions `fs`.
    pub(crate) fn function_value_call(
        &mut self,
        v: Value,
        fs: &[FuncId],
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
        arg_types: &[Type],
    ) -> Result<Option<Type>> {
        let mut targets = Vec::with_capacity(fs.len());
        let mut result: Option<(FuncId, Option<Type>)> = None;
        // The call never returns only where no candidate does (`typeinfer/noreturn.rs`).
        let mut never = true;
        let mut fallback: Option<Type> = None;
        for &f in fs {
            let found = self.user_target(v, f, args, kwargs, arg_types)?;
            let bottom = self.noreturn.contains(&v);
            never &= bottom;
            self.noreturn.retain(|x| *x != v);
            let Some((target, ret)) = found else {
                return Ok(None);
            };
            // A candidate that never returns agrees with any return type (the bottom type).
            let ret = match bottom {
                true => {
                    fallback = fallback.or(ret);
                    None
                }
                false => ret,
            };
            if let (Some((g, first)), CallTarget::User { args: a, .. }) = (&result, &target) {
                let same_binding =
                    matches!(&targets[0], CallTarget::User { args: b, .. } if a == b);
                if !same_binding || (first.is_some() && ret.is_some() && *first != ret) {
                    let show = |r: &Option<Type>| r.as_ref().map_or("?".into(), |t| t.to_string());
                    return Err(self.err(
                        v,
                        format!(
                            "the functions this value may hold have different signatures: \
                             function #{g} returns {} and function #{f} returns {} for these \
                             arguments (or binds them differently); first-class functions must \
                             share one signature",
                            show(first),
                            show(&ret)
                        ),
                    ));
                }
            }
            if result.as_ref().is_none_or(|(_, r)| r.is_none()) {
                result = Some((f, ret));
            }
            targets.push(target);
        }
        if never && !fs.is_empty() {
            self.noreturn.push(v);
        }
        self.calls.insert(v, CallTarget::Indirect(targets));
        Ok(result.and_then(|(_, r)| r).or(fallback))
    }
}
