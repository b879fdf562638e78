//! Calls of C functions through their address (`Type::CFuncPtr`, see `types/cfuncptr.rs`): the
//! arguments must be as many as the C parameters, each converting to its parameter as Numba
//! converts them (any number, or `bool`, to a number parameter; to a `void *` an address
//! (`a.ctypes.data`), `a.ctypes` or a pointer; to a `T *` a pointer to `T` or `a.ctypes` of an
//! array of `T`). The call is a builtin call (`Builtin::CFuncCall`) whose receiver is the
//! function's value, lowered in codegen's `lower/ccall.rs`.

use std::sync::Arc;

use crate::diagnostics::Result;
use crate::ir::Value;
use crate::registry::signature::Resolved;
use crate::registry::Builtin;
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::{ArgSource, CallTarget, Decoded};
use crate::types::{CSignature, Type};

impl Inferer<'_> {
    /// `f(args)` where `f` is the C function `func` of signature `sig`.
    pub(crate) fn c_function_call(
        &mut self,
        v: Value,
        func: Value,
        sig: &Arc<CSignature>,
        args: &[Value],
        kwargs: &[(Arc<str>, Value)],
    ) -> Result<Option<Type>> {
        let callee = Type::CFuncPtr(sig.clone());
        if !kwargs.is_empty() {
            return Err(self.err(
                v,
                format!("{callee} takes no keyword arguments (a C function's are positional)"),
            ));
        }
        if args.len() != sig.args.len() {
            let s = if sig.args.len() == 1 { "" } else { "s" };
            return Err(self.err(
                v,
                format!(
                    "{callee} takes {} argument{s}, {} given",
                    sig.args.len(),
                    args.len()
                ),
            ));
        }
        for (k, (a, param)) in args.iter().zip(&sig.args).enumerate() {
            let t = self.ty(*a);
            if !self.converts_to_c(*a, &t, param) {
                return Err(self.err(
                    v,
                    format!(
                        "{callee}: argument {} is {t}, which does not convert to the C \
                         parameter's type {param}",
                        k + 1
                    ),
                ));
            }
        }
        let mut sources = vec![ArgSource::Receiver];
        sources.extend((0..args.len()).map(ArgSource::Positional));
        self.calls.insert(
            v,
            CallTarget::Builtin(Resolved {
                id: Builtin::CFuncCall,
                args: sources,
                receiver: Some(func),
                decoded: Decoded::default(),
            }),
        );
        Ok(Some(sig.ret.clone()))
    }

    /// Whether the argument `a` (of type `t`) converts to the C parameter type `param`.
    fn converts_to_c(&self, a: Value, t: &Type, param: &Type) -> bool {
        let number = |t: &Type| matches!(t, Type::Bool | Type::Int(_) | Type::Float(_));
        match param {
            Type::Pointer(to) => match t {
                // `a.ctypes`: a pointer to the array's items.
                Type::ArrayCtypes => {
                    **to == Type::NoneType
                        || self.ctypes_of.get(&a).is_some_and(
                            |arr| matches!(self.ty(*arr), Type::Array(at) if at.dtype == **to),
                        )
                }
                // An address (`a.ctypes.data`) is a `void *`, as in Numba.
                Type::Int(_) => **to == Type::NoneType,
                Type::Pointer(from) => **to == Type::NoneType || from == to,
                _ => false,
            },
            _ => number(param) && number(t),
        }
    }
}
