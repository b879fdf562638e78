//! The exception record a compiled function fills when it raises (DESIGN.md, "Calling
//! convention"): its layout, the indices generated code writes its fields at, and what its value
//! argument holds.

/// Filled by generated code when a function returns a nonzero status. Strings point to constants
/// that live as long as the generated code, except for `ArgKind::Owned`, whose message is in a
/// runtime block the record owns. Codegen builds the same struct as an LLVM type, field
/// by field in this order ([`exc_field`] names the indices).
#[repr(C)]
#[derive(Debug)]
pub struct ExcInfo {
    pub class_name: *const u8,
    pub class_len: i64,
    pub msg: *const u8,
    pub msg_len: i64,
    /// An [`ArgKind`] code: what `arg_int`/`arg_float`/`ints` hold.
    pub arg_kind: i64,
    pub arg_int: i64,
    pub arg_float: f64,
    pub ints: [i64; 8],
    /// Not part of the exception: the lowest stack address recursive functions may enter at
    /// (see the runtime's `stack.rs`), set by the entry wrapper of modules that have recursive
    /// functions and passed down with the record; 0 (no limit) elsewhere.
    pub stack_limit: usize,
    /// Not part of the exception either: the entry wrapper's `setjmp` buffer, where recursive
    /// functions that hold no references jump on a stack overflow (see codegen's `stack.rs`).
    pub jump: *mut std::ffi::c_void,
}

/// The index of each field of [`ExcInfo`], for generated code's `getelementptr`s.
pub mod exc_field {
    pub const CLASS_NAME: u32 = 0;
    pub const CLASS_LEN: u32 = 1;
    pub const MSG: u32 = 2;
    pub const MSG_LEN: u32 = 3;
    pub const ARG_KIND: u32 = 4;
    pub const ARG_INT: u32 = 5;
    pub const ARG_FLOAT: u32 = 6;
    pub const INTS: u32 = 7;
    pub const STACK_LIMIT: u32 = 8;
    pub const JUMP: u32 = 9;
    /// How many `{k}` placeholders a template message can fill from `ints`.
    pub const INTS_LEN: usize = 8;
}

/// What the exception's value argument is (`ExcInfo::arg_kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum ArgKind {
    /// No value argument: the exception is `class(msg)` (or `class()` for an empty message).
    None = 0,
    /// `class(arg_int)`, an int.
    Int = 1,
    /// `class(arg_float)`, a float.
    Float = 2,
    /// `class(arg_int != 0)`, a bool.
    Bool = 3,
    /// `class(msg)` where `msg` is a template whose `{0}` ... `{7}` are `ints`.
    Template = 4,
    /// An exception with several arguments (raised in a `with objmode` block): `msg` is its
    /// `str()`; Python gets the original object.
    Several = 5,
    /// `class(value)` where `msg` is the `repr` of the value, a Python literal (a tuple of
    /// numbers, strings and tuples: a missing dict key); Python rebuilds the value from it.
    Literal = 6,
    /// `raise E(c1, c2, ...)` of two or more constants: `msg` is the `repr()` of their tuple
    /// (which is also the exception's `str()`), read back by the host as the arguments.
    ConstArgs = 7,
    /// `raise E(a, ...)` with arguments known at run time (a string among them, or several):
    /// `msg` is the exception's `str()`, followed in the same block by the `repr()` of the
    /// arguments' tuple (`ints[0]` bytes, what `e.args` and the host read back). The block is a
    /// runtime memory block the record owns one reference to, its meminfo in `arg_int`: whoever
    /// drops the record gives it back (generated code for a caught exception, the host when the
    /// exception reaches Python).
    Owned = 8,
    /// An exception with a cause (`raise X from e`) or a context (raised inside an `except`
    /// clause): `arg_int` is the meminfo of a runtime block ([`crate::ChainBlock`]) that holds
    /// the exception's own kind and int field and copies of the cause's and context's records;
    /// the record owns one reference to it, as to an `Owned` block.
    Chained = 9,
}

impl ArgKind {
    /// The kind of a code generated code stored (unknown codes read as [`ArgKind::None`]).
    pub fn from_code(code: i64) -> ArgKind {
        match code {
            1 => ArgKind::Int,
            2 => ArgKind::Float,
            3 => ArgKind::Bool,
            4 => ArgKind::Template,
            5 => ArgKind::Several,
            6 => ArgKind::Literal,
            7 => ArgKind::ConstArgs,
            8 => ArgKind::Owned,
            9 => ArgKind::Chained,
            _ => ArgKind::None,
        }
    }

    /// The field of [`ExcInfo`] that holds the value argument of this kind, if one does.
    pub fn value_field(self) -> Option<u32> {
        match self {
            ArgKind::Int | ArgKind::Bool => Some(exc_field::ARG_INT),
            ArgKind::Float => Some(exc_field::ARG_FLOAT),
            ArgKind::None
            | ArgKind::Template
            | ArgKind::Several
            | ArgKind::Literal
            | ArgKind::ConstArgs
            | ArgKind::Owned
            | ArgKind::Chained => None,
        }
    }

    /// Whether a record of this kind owns a runtime block (its meminfo in `arg_int`).
    pub fn owns_block(self) -> bool {
        matches!(self, ArgKind::Owned | ArgKind::Chained)
    }
}

impl Default for ExcInfo {
    fn default() -> Self {
        ExcInfo {
            class_name: std::ptr::null(),
            class_len: 0,
            msg: std::ptr::null(),
            msg_len: 0,
            arg_kind: ArgKind::None as i64,
            arg_int: 0,
            arg_float: 0.0,
            ints: [0; exc_field::INTS_LEN],
            stack_limit: 0,
            jump: std::ptr::null_mut(),
        }
    }
}

impl ExcInfo {
    /// The kind of the value argument.
    pub fn kind(&self) -> ArgKind {
        ArgKind::from_code(self.arg_kind)
    }

    /// The class name and the message, as Python's `str(exc)` would show it; floats are shown
    /// by `float_repr` (the runtime's port of Python's `repr`).
    ///
    /// # Safety
    /// The pointers must be what generated code stored (constants of a live module) or null.
    pub unsafe fn read_with(&self, float_repr: fn(f64) -> String) -> (String, String) {
        let text = |p: *const u8, n: i64| {
            if p.is_null() || n <= 0 {
                String::new()
            } else {
                // SAFETY: generated code stores a pointer to `n` bytes of a string constant of
                // a live module (the caller's contract).
                String::from_utf8_lossy(unsafe { std::slice::from_raw_parts(p, n as usize) })
                    .into_owned()
            }
        };
        let class = text(self.class_name, self.class_len);
        let msg = match self.kind() {
            ArgKind::Int => self.arg_int.to_string(),
            ArgKind::Float => float_repr(self.arg_float),
            ArgKind::Bool => (if self.arg_int != 0 { "True" } else { "False" }).to_string(),
            ArgKind::Template => {
                let mut m = text(self.msg, self.msg_len);
                for (k, v) in self.ints.iter().enumerate() {
                    // `{k:f}`: the int holds a float's bits, shown as Python's repr.
                    m = m.replace(
                        &format!("{{{k}:f}}"),
                        &float_repr(f64::from_bits(*v as u64)),
                    );
                    m = m.replace(&format!("{{{k}}}"), &v.to_string());
                }
                m
            }
            ArgKind::None
            | ArgKind::Several
            | ArgKind::Literal
            | ArgKind::ConstArgs
            | ArgKind::Owned
            | ArgKind::Chained => text(self.msg, self.msg_len),
        };
        (class, msg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    /// The indices in [`exc_field`] follow the fields of the `repr(C)` struct, which codegen
    /// mirrors as an LLVM struct of pointers, i64s, a double, `[8 x i64]`, an i64 and a pointer.
    #[test]
    fn layout_matches_the_field_indices() {
        let offsets = [
            offset_of!(ExcInfo, class_name),
            offset_of!(ExcInfo, class_len),
            offset_of!(ExcInfo, msg),
            offset_of!(ExcInfo, msg_len),
            offset_of!(ExcInfo, arg_kind),
            offset_of!(ExcInfo, arg_int),
            offset_of!(ExcInfo, arg_float),
            offset_of!(ExcInfo, ints),
            offset_of!(ExcInfo, stack_limit),
            offset_of!(ExcInfo, jump),
        ];
        for (field, offset) in offsets.into_iter().enumerate() {
            let expected = if field <= exc_field::INTS as usize {
                8 * field
            } else {
                8 * (field + exc_field::INTS_LEN - 1)
            };
            assert_eq!(offset, expected, "field {field}");
        }
        assert_eq!(exc_field::JUMP, 9);
        assert_eq!(size_of::<ExcInfo>(), 8 * (10 + exc_field::INTS_LEN - 1));
    }

    #[test]
    fn value_arguments_read_as_python_shows_them() {
        let repr = |x: f64| format!("{x:?}");
        let mut e = ExcInfo {
            arg_kind: ArgKind::Bool as i64,
            arg_int: 1,
            ..ExcInfo::default()
        };
        // SAFETY: null strings.
        assert_eq!(unsafe { e.read_with(repr) }.1, "True");
        e.arg_kind = ArgKind::Int as i64;
        e.arg_int = -3;
        // SAFETY: null strings.
        assert_eq!(unsafe { e.read_with(repr) }.1, "-3");
        let template = "{0} out of {1}";
        e.arg_kind = ArgKind::Template as i64;
        e.msg = template.as_ptr();
        e.msg_len = template.len() as i64;
        e.ints[0] = 7;
        e.ints[1] = 5;
        // SAFETY: `msg` points to `template`, alive here.
        assert_eq!(unsafe { e.read_with(repr) }.1, "7 out of 5");
        assert_eq!(ArgKind::Float.value_field(), Some(exc_field::ARG_FLOAT));
        assert_eq!(ArgKind::from_code(10), ArgKind::None);
    }
}
