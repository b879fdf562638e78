//! What a `raise` may raise, checked once typing is done, so that lowering never meets a raise
//! it cannot compile: an exception class, a caught exception (raised again), or an instance of
//! one whose arguments are constants (any number of them) or strings, ints, floats, bools and
//! `None` known at run time (which the runtime copies into a block the exception record owns).

use super::TypedFunction;
use crate::diagnostics::{Diagnostic, Result};
use ruff_text_size::TextRange;

use crate::ir::{Const, Inst, Terminator, Value};
use crate::types::{is_str, Type};

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
    if let Inst::ChainException { exc, cause, .. } = typed.func.inst(v) {
        if let Some(c) = cause {
            check_cause(typed, *c, range)?;
        }
        return check_raise(typed, *exc);
    }
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
    // Arguments known at run time: the runtime copies them into a block the record owns
    // (`oxjit_abi::ArgKind::Owned`), as strings, ints, floats, bools and `None`.
    for a in args {
        let t = typed.ty(*a);
        let storable = match typed.constant(*a) {
            Some(c) => matches!(
                c,
                Const::Str(_) | Const::Int(_) | Const::Float(_) | Const::Bool(_) | Const::None
            ),
            None => {
                matches!(
                    t,
                    Type::Bool | Type::Int(_) | Type::Float(_) | Type::NoneType
                ) || is_str(t)
            }
        };
        if !storable {
            return Err(Diagnostic::unsupported(
                format!(
                    "an exception argument of type {t} is not supported with arguments known \
                     only at run time (strings, ints, floats, bools and None are)"
                ),
                range,
            ));
        }
    }
    Ok(())
}

/// The cause of `raise ... from cause`: `None`, an exception class, a new instance (whose
/// arguments are checked as a raise's) or a caught exception, as CPython takes.
fn check_cause(typed: &TypedFunction, c: Value, range: TextRange) -> Result<()> {
    match typed.ty(c) {
        Type::NoneType | Type::ExceptionClass(_) | Type::CaughtException => Ok(()),
        Type::Exception(_) => check_raise(typed, c),
        t => Err(Diagnostic::typing(
            format!("exception causes must derive from BaseException, not {t}"),
            range,
        )),
    }
}
