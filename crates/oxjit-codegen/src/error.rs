//! The result type of code generation and the conversion of inkwell's builder errors, shared by
//! lowering, the type models and the targets.

use inkwell::builder::BuilderError;
use oxjit_core::diagnostics::Diagnostic;

pub(crate) type R<T> = Result<T, Diagnostic>;

/// Turns inkwell's builder errors into internal compiler errors.
pub(crate) trait Ir<T> {
    fn ir(self) -> R<T>;
}

impl<T> Ir<T> for Result<T, BuilderError> {
    fn ir(self) -> R<T> {
        self.map_err(|e| Diagnostic::internal(format!("LLVM builder: {e}")))
    }
}
