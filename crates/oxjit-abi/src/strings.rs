//! Strings (`unicode_type`) across the JIT boundary: the layout of a string's block, which
//! generated code reads inline (`len(s)`), and the family of runtime functions that implement
//! the rest (`oxjit_rt_str_*`), with the small enums their selector arguments take.
//!
//! A string value is one pointer: the [`crate::MemInfo`] of a reference-counted block (as an
//! array's meminfo) whose data starts with a [`StrHead`], followed by the code points in
//! CPython's PEP 393 form: 1, 2 or 4 bytes each (latin-1, UCS-2, UCS-4), always the narrowest
//! kind that holds every code point, so that equal strings have equal bytes and hash as CPython's
//! (which hashes those bytes). Indexing by code point is O(1).

use crate::{Signature, Ty};

/// The header at the start of a string block's data.
#[repr(C)]
#[derive(Debug)]
pub struct StrHead {
    /// Length in code points.
    pub len: i64,
    /// Bytes per code point: 1, 2 or 4.
    pub kind: i32,
    /// 1 when every code point is below 128.
    pub ascii: i32,
    /// CPython's `hash(s)`, or -1 until computed (a cache written by the runtime).
    pub hash: i64,
    pub reserved: i64,
}

/// Bytes from the start of a block's data to the first code point.
pub const STR_UNITS_OFFSET: usize = std::mem::size_of::<StrHead>();

/// The index of each field of [`StrHead`] in 64-bit words (`len`, the first, is read inline).
pub mod str_field {
    pub const LEN: u32 = 0;
}

/// Start/end arguments left out (`s.find(x)`): the runtime reads this value as `None`.
pub const STR_NONE: i64 = i64::MIN;

/// `s.upper()` and the other case mappings: the selector of `oxjit_rt_str_case`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum CaseOp {
    Upper = 0,
    Lower = 1,
    Title = 2,
    Capitalize = 3,
    Swapcase = 4,
    Casefold = 5,
}

/// `s.isdigit()` and the other predicates: the selector of `oxjit_rt_str_is`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum StrPred {
    Digit = 0,
    Alpha = 1,
    Space = 2,
    Alnum = 3,
    Upper = 4,
    Lower = 5,
    Decimal = 6,
    Numeric = 7,
    Title = 8,
    Identifier = 9,
    Ascii = 10,
    Printable = 11,
}

/// The selector of `oxjit_rt_str_find`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum FindOp {
    Find = 0,
    Rfind = 1,
    Count = 2,
}

/// The selector of `oxjit_rt_str_pad`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum PadOp {
    Center = 0,
    Ljust = 1,
    Rjust = 2,
    Zfill = 3,
}

/// The selector of `oxjit_rt_str_strip`: which ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum StripSide {
    Both = 0,
    Left = 1,
    Right = 2,
}

macro_rules! str_ret {
    (Void) => {
        None
    };
    ($t:ident) => {
        Some(Ty::$t)
    };
}

macro_rules! str_ops {
    ($($(#[doc = $doc:literal])* $op:ident = $name:literal ($($param:ident),*) -> $ret:ident;)*) => {
        /// A runtime function on strings, `oxjit_rt_str_<name>`. A string is a `Ptr` (its
        /// meminfo); a function that makes one returns a new reference, or null after recording
        /// the exception to raise (`raise` then fills the exception record from it).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum StrOp {
            $($(#[doc = $doc])* $op,)*
        }

        impl StrOp {
            pub const ALL: &[StrOp] = &[$(StrOp::$op,)*];

            /// The symbol.
            pub fn name(self) -> &'static str {
                match self {
                    $(StrOp::$op => concat!("oxjit_rt_str_", $name),)*
                }
            }

            /// The C signature.
            pub fn signature(self) -> Signature {
                #[allow(unused_imports)]
                use Ty::*;
                match self {
                    $(StrOp::$op => Signature { params: &[$($param),*], ret: str_ret!($ret) },)*
                }
            }
        }
    };
}

str_ops! {
    /// `raise(exc)`: fills the exception record with the error the last failing call recorded.
    Raise = "raise" (Ptr) -> Void;
    /// `key_error(exc, key)`: fills the exception record with `KeyError(key)` (a missing
    /// string key).
    KeyError = "key_error" (Ptr, Ptr) -> Void;
    /// `key_error_repr(exc, text)`: fills the exception record with `KeyError(key)` where
    /// `text` is the key's `repr`, a Python literal (a tuple key).
    KeyErrorRepr = "key_error_repr" (Ptr, Ptr) -> Void;
    Concat = "concat" (Ptr, Ptr) -> Ptr;
    /// `append(a, b)`: `a + b` taking over the reference to `a` (whose block grows in place when
    /// nothing else references it); null, and `a` left as it was, on failure.
    Append = "append" (Ptr, Ptr) -> Ptr;
    /// `repeat(s, n)`: `s * n`.
    Repeat = "repeat" (Ptr, I64) -> Ptr;
    /// `getitem(s, i)`: `s[i]`, negative `i` counted from the end.
    GetItem = "getitem" (Ptr, I64) -> Ptr;
    /// `slice(s, start, stop, step)`: [`STR_NONE`] for a missing start or stop.
    Slice = "slice" (Ptr, I64, I64, I64) -> Ptr;
    /// `compare(a, b)`: -1, 0 or 1 by code points.
    Compare = "compare" (Ptr, Ptr) -> I64;
    Eq = "eq" (Ptr, Ptr) -> I1;
    /// `key_eq(a, b)`: `==` of the strings at addresses `a` and `b`, the key equality of
    /// dicts and sets of strings (their probes compare with it inline).
    KeyEq = "key_eq" (Ptr, Ptr) -> I1;
    /// `contains(haystack, needle)`: `needle in haystack`.
    Contains = "contains" (Ptr, Ptr) -> I1;
    Hash = "hash" (Ptr) -> I64;
    /// `min_max(s, is_max)`: `min(s)` or `max(s)`, a character of `s` (null and ValueError
    /// when `s` is empty).
    MinMax = "min_max" (Ptr, I1) -> Ptr;
    /// `ord(s)`: -1 (and an error) unless `len(s) == 1`.
    Ord = "ord" (Ptr) -> I64;
    Chr = "chr" (I64) -> Ptr;
    FromInt = "from_int" (I64) -> Ptr;
    FromUint = "from_uint" (I64) -> Ptr;
    /// `from_float(x)`: `repr(x)` (CPython's shortest repr).
    FromFloat = "from_float" (F64) -> Ptr;
    FromBool = "from_bool" (I1) -> Ptr;
    Repr = "repr" (Ptr) -> Ptr;
    /// `to_int(s, base, out) -> status`: `int(s, base)`.
    ToInt = "to_int" (Ptr, I64, Ptr) -> I32;
    /// `to_float(s, out) -> status`: `float(s)`.
    ToFloat = "to_float" (Ptr, Ptr) -> I32;
    /// `strip(s, chars or null, side)`.
    Strip = "strip" (Ptr, Ptr, I64) -> Ptr;
    /// `find(s, sub, start, end, op)`: find, rfind or count.
    Find = "find" (Ptr, Ptr, I64, I64, I64) -> I64;
    /// `startswith(s, prefix, start, end, at_end)`.
    Startswith = "startswith" (Ptr, Ptr, I64, I64, I1) -> I1;
    /// `replace(s, old, new, count)`.
    Replace = "replace" (Ptr, Ptr, Ptr, I64) -> Ptr;
    Case = "case" (Ptr, I64) -> Ptr;
    Is = "is" (Ptr, I64) -> I1;
    /// `pad(s, width, fill or null, op)`.
    Pad = "pad" (Ptr, I64, Ptr, I64) -> Ptr;
    Expandtabs = "expandtabs" (Ptr, I64) -> Ptr;
    /// `partition(s, sep, from_right, out[3]) -> status`.
    Partition = "partition" (Ptr, Ptr, I1, Ptr) -> I32;
    /// `join(sep, items, n)`: `items` points to `n` strings.
    Join = "join" (Ptr, Ptr, I64) -> Ptr;
    /// `join_list(sep, list)`: `sep.join(list)` of a list of strings.
    JoinList = "join_list" (Ptr, Ptr) -> Ptr;
    /// `split(s, sep or null, maxsplit, from_right)`: a new list of strings.
    Split = "split" (Ptr, Ptr, I64, I1) -> Ptr;
    Splitlines = "splitlines" (Ptr, I1) -> Ptr;
    /// `split_iter_valid(state)`: whether `for w in s.split(...)` has another word (1), is done
    /// (0) or raised (-1); `state` is the runtime's `SplitIter`.
    SplitIterValid = "split_iter_valid" (Ptr) -> I64;
    /// `split_iter_next(state)`: the word `split_iter_valid` made, a new reference.
    SplitIterNext = "split_iter_next" (Ptr) -> Ptr;
    /// `format_int(x, kind, spec)`: `format(x, spec)`; kind 0 int64, 1 uint64, 2 bool.
    FormatInt = "format_int" (I64, I64, Ptr) -> Ptr;
    FormatFloat = "format_float" (F64, Ptr) -> Ptr;
    FormatStr = "format_str" (Ptr, Ptr) -> Ptr;
    /// `percent(template, values, kinds, n)`: `template % values` (values are 8-byte words, the
    /// kinds as `format_int`'s, 3 a float's bits, 4 a string).
    Percent = "percent" (Ptr, Ptr, Ptr, I64) -> Ptr;
}
