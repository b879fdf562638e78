//! Which exception classes an `except` clause catches, for generated code: the hierarchy itself
//! (CPython's builtin one and the classes the host registered) is in the ABI crate, which typing
//! also asks (`e.args` typed per clause).

pub use oxjit_abi::exception_classes::{exception_matches, register_exception_class};

/// `exception_matches` for generated code: the class names as (pointer, length) pairs, each
/// that many bytes of UTF-8 (string constants of a live module).
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_matches(
    class: *const u8,
    class_len: i64,
    target: *const u8,
    target_len: i64,
) -> bool {
    let text = |p: *const u8, n: i64| -> &str {
        if p.is_null() || n <= 0 {
            return "";
        }
        // SAFETY: the caller passes `n` bytes of a string constant of a live module.
        let bytes = unsafe { std::slice::from_raw_parts(p, n as usize) };
        std::str::from_utf8(bytes).unwrap_or("")
    };
    exception_matches(text(class, class_len), text(target, target_len))
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_exception_matches]
}
