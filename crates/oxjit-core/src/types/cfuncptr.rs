//! C functions called through their address (Numba's `types.ExternalFunctionPointer`): a
//! ctypes function with `argtypes`/`restype`, a `CFUNCTYPE(...)(address)` pointer, a cffi
//! function, a `@cfunc` or a `WrapperAddressProtocol` object. The type is the C signature; the
//! value, at run time, the function's address (read from the Python object when compiling a
//! global, when unboxing an argument). A call converts the arguments to the parameters' types
//! as Numba does and calls through the pointer (`lower/ccall.rs`): no GIL, no exceptions.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{Type, TypeKind};

/// A C function's signature: numbers, `bool` and pointers in, a number, `bool`, a pointer or
/// nothing (`none`) out (a ctypes `void *` result is an address, `uint64`, as in Numba).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CSignature {
    pub args: Vec<Type>,
    pub ret: Type,
}

/// Whether C code can take (`as_result` false) or give back a value of type `t` (`void` is
/// a result only).
pub fn is_c_type(t: &Type, as_result: bool) -> bool {
    match t {
        Type::Bool | Type::Int(_) | Type::Float(_) => true,
        Type::NoneType => as_result,
        Type::Pointer(to) => **to == Type::NoneType || to.is_numeric(),
        _ => false,
    }
}

pub(super) struct CFuncPtrKind;

impl TypeKind for CFuncPtrKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::CFuncPtr(sig) = t else {
            unreachable!("{t:?} is no C function")
        };
        let args: Vec<String> = sig.args.iter().map(ToString::to_string).collect();
        // Numba's text: a one-item tuple keeps its comma.
        let comma = if args.len() == 1 { "," } else { "" };
        write!(
            f,
            "ExternalFunctionPointer(({}{comma}) -> {})",
            args.join(", "),
            sig.ret
        )
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        (word == "ExternalFunctionPointer").then(|| {
            p.expect(b'(')?;
            p.expect(b'(')?;
            let mut args = Vec::new();
            while !p.eat(b')') {
                args.push(p.ty()?);
                if !p.eat(b',') {
                    p.expect(b')')?;
                    break;
                }
            }
            p.expect(b'-')?;
            p.expect(b'>')?;
            let ret = p.ty()?;
            p.expect(b')')?;
            if let Some(bad) = args.iter().find(|t| !is_c_type(t, false)) {
                return Err(format!(
                    "ExternalFunctionPointer: {bad} is no C argument type"
                ));
            }
            if !is_c_type(&ret, true) {
                return Err(format!(
                    "ExternalFunctionPointer: {ret} is no C result type"
                ));
            }
            Ok(Type::CFuncPtr(Arc::new(CSignature { args, ret })))
        })
    }

    fn may_be_none(&self) -> bool {
        false
    }
}
