//! The typing of a `with objmode(...)` block (`ssa/objmode.rs`): its result is the tuple of the
//! declared output types (a string in Numba's syntax or a type object, resolved by the
//! environment); its inputs must be values the interpreter can be given.

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::Value;
use crate::typeinfer::solve::Inferer;
use crate::types::Type;

/// Whether a value of type `t` can cross into the interpreter and back (boxed, unboxed).
fn crosses(t: &Type) -> bool {
    match t {
        Type::Bool
        | Type::Int(_)
        | Type::Float(_)
        | Type::Complex(_)
        | Type::NoneType
        | Type::Array(_)
        | Type::Str
        | Type::List(_)
        | Type::Dict(..)
        | Type::Set(_) => true,
        Type::Tuple(items) => items.iter().all(crosses),
        // An optional output comes back as `None` or as a value of its inner type.
        Type::Optional(inner) => crosses(inner),
        _ => false,
    }
}

impl Inferer<'_> {
    /// `objmode blockN(inputs)`: the tuple of the block's declared outputs.
    pub(crate) fn objmode_result(
        &mut self,
        v: Value,
        block: u32,
        inputs: &[Value],
    ) -> Result<Type> {
        let info = self.func.objmode[block as usize].clone();
        for (name, x) in info.inputs.iter().zip(inputs) {
            let t = self.ty(*x);
            if !crosses(&t) {
                return Err(Diagnostic::unsupported(
                    format!(
                        "the variable '{name}' (of type {t}) cannot be passed into a 'with \
                         objmode' block"
                    ),
                    self.func.range(v),
                ));
            }
        }
        let mut items = Vec::with_capacity(info.outputs.len());
        for (name, ann) in &info.outputs {
            let t = self
                .env
                .objmode_type(&ann.text, ann.is_string)
                .map_err(|m| {
                    self.err(
                        v,
                        format!(
                            "objmode output '{name}': invalid type {:?}: {m}",
                            &*ann.text
                        ),
                    )
                })?;
            if !crosses(&t) {
                return Err(Diagnostic::unsupported(
                    format!("objmode output '{name}': values of type {t} cannot come back from the interpreter"),
                    self.func.range(v),
                ));
            }
            items.push(t);
        }
        Ok(Type::tuple(items))
    }
}
