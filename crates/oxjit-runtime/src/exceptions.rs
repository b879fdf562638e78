//! The exception record a compiled function fills when it raises (DESIGN.md, "Calling
//! convention"). Its layout is declared in the ABI crate; here it is read with Python's `repr`
//! of floats.

pub use oxjit_abi::{ArgKind, ExcInfo};

/// Reading an [`ExcInfo`] as Python would show the exception.
pub trait ReadExc {
    /// The class name and the message, as Python's `str(exc)` would show it.
    ///
    /// # Safety
    /// The pointers must be what generated code stored (constants of a live module) or null.
    unsafe fn read(&self) -> (String, String);
}

impl ReadExc for ExcInfo {
    unsafe fn read(&self) -> (String, String) {
        // SAFETY: the caller's contract is `read_with`'s (and a chained record's block is
        // alive with it).
        unsafe { self.unchained().0.read_with(crate::numbers::float_repr) }
    }
}
