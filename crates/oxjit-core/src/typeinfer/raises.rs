//! What a `raise` may raise, checked once typing is done, so that lowering never meets a raise
//! it cannot compile: an exception class, a caught exception (raised again), or an instance of
//! one whose arguments are constants
//! (any number of them) or a single runtime bool, int or float (the runtime's exception record
//! carries one value).

use super::TypedFunction;
use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Inst, Terminator, Value};
use crate::types::Type;

/// Every reachable `raise` of `typed` is one codegen can lower.
pub(super) fn check_raises(typed: &TypedFunction) -> Result<()> {
    let func = &typed.func;
    for b in func.reverse_postorder() {
        if let Terminator::Raise(v) | Terminator::RaiseTo(v, _) = &func.block(b).term {
            check_raise(typed, *v).map_err(|d| d.with_source(&typed.source))?;
        }
    }
    Ok(())
}

fn check_raise(typed: &TypedFunction, v: Value) -> Result<()> {
    let range = typed.func.range(v);
    let args = match (typed.ty(v), typed.func.inst(v)) {
        (Type::ExceptionClass(_) | Type::CaughtException, _) => return Ok(()),
        (Type::Exception(_), Inst::Call { args, .. }) => args,
        (t, _) => {
            return Err(Diagnostic::typing(
                format!("exceptions must derive from BaseException, not {t}"),
                range,
            ))
        }
    };
    if args.iter().all(|a| typed.constant(*a).is_some()) {
        return Ok(());
    }
    match args.as_slice() {
        [a] => match typed.ty(*a) {
            Type::Bool | Type::Int(_) | Type::Float(_) => Ok(()),
            t => Err(Diagnostic::unsupported(
                format!("an exception argument of type {t} is not supported"),
                range,
            )),
        },
        _ => Err(Diagnostic::unsupported(
            "an exception with several arguments must have constant arguments",
            range,
        )),
    }
}
