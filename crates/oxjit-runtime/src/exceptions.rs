//! The exception record a compiled function fills when it raises (DESIGN.md, "Calling convention").

/// Filled by generated code when a function returns a nonzero status. Strings point to constants
/// that live as long as the generated code.
#[repr(C)]
#[derive(Debug)]
pub struct ExcInfo {
    pub class_name: *const u8,
    pub class_len: i64,
    pub msg: *const u8,
    pub msg_len: i64,
    /// 0: no value argument; 1: `arg_int` (int); 2: `arg_float` (float); 3: `arg_int` (bool);
    /// 4: the message is a template whose `{0}` ... `{7}` are `ints`.
    pub arg_kind: i64,
    pub arg_int: i64,
    pub arg_float: f64,
    pub ints: [i64; 8],
    /// Not part of the exception: the lowest stack address recursive functions may enter at
    /// (see `stack.rs`), set by the entry wrapper of modules that have recursive functions and
    /// passed down with the record; 0 (no limit) elsewhere.
    pub stack_limit: usize,
    /// Not part of the exception either: the entry wrapper's `setjmp` buffer, where recursive
    /// functions that hold no references jump on a stack overflow (see codegen's `stack.rs`).
    pub jump: *mut std::ffi::c_void,
}

impl Default for ExcInfo {
    fn default() -> Self {
        ExcInfo {
            class_name: std::ptr::null(),
            class_len: 0,
            msg: std::ptr::null(),
            msg_len: 0,
            arg_kind: 0,
            arg_int: 0,
            arg_float: 0.0,
            ints: [0; 8],
            stack_limit: 0,
            jump: std::ptr::null_mut(),
        }
    }
}

impl ExcInfo {
    /// The class name and the message, as Python's `str(exc)` would show it.
    ///
    /// # Safety
    /// The pointers must be what generated code stored (constants of a live module) or null.
    pub unsafe fn read(&self) -> (String, String) {
        let text = |p: *const u8, n: i64| {
            if p.is_null() || n <= 0 {
                String::new()
            } else {
                String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p, n as usize) })
                    .into_owned()
            }
        };
        let class = text(self.class_name, self.class_len);
        let msg = match self.arg_kind {
            1 => self.arg_int.to_string(),
            2 => crate::numbers::float_repr(self.arg_float),
            3 => (if self.arg_int != 0 { "True" } else { "False" }).to_string(),
            4 => {
                let mut m = text(self.msg, self.msg_len);
                for (k, v) in self.ints.iter().enumerate() {
                    m = m.replace(&format!("{{{k}}}"), &v.to_string());
                }
                m
            }
            _ => text(self.msg, self.msg_len),
        };
        (class, msg)
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![]
}
