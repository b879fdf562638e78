//! Strings (`unicode_type`): blocks in CPython's PEP 393 form (see `oxjit_abi::StrHead`), their
//! construction, and the `oxjit_rt_str_*` functions generated code calls, by family: `ops.rs`
//! (concatenation, indexing, slicing, comparison, hashing), `convert.rs` (`str`/`repr`/`int`/
//! `float`/`ord`/`chr`), `methods.rs` and `case.rs` (the `str` methods), `format.rs` and
//! `floatfmt.rs` (the format mini-language, `%`, CPython's float repr).
//!
//! A function that fails records the exception in a per-thread slot and returns null (or a
//! status); generated code then calls `oxjit_rt_str_raise`, which points the exception record at
//! that slot's text, valid until the thread's next error.

mod case;
mod chars;
mod convert;
pub mod floatfmt;
mod format;
mod hash;
mod methods;
mod ops;
mod percent;
mod split;
mod split_iter;

use std::cell::RefCell;

use oxjit_abi::{ExcInfo, MemInfo, StrHead, STR_UNITS_OFFSET};

pub use convert::repr_text;
pub use hash::{oxjit_rt_str_hash, set_hash_secret};
pub use ops::{is_str_key_eq, oxjit_rt_str_compare, oxjit_rt_str_key_eq};

/// A string's code points, borrowed from its block.
#[derive(Clone, Copy)]
pub enum Units<'a> {
    L1(&'a [u8]),
    L2(&'a [u16]),
    L4(&'a [u32]),
}

impl<'a> Units<'a> {
    pub fn len(&self) -> usize {
        match self {
            Units::L1(s) => s.len(),
            Units::L2(s) => s.len(),
            Units::L4(s) => s.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    #[inline]
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Units::L1(s) => s[i] as u32,
            Units::L2(s) => s[i] as u32,
            Units::L4(s) => s[i],
        }
    }

    /// The code points, as a vector (the general path of the methods).
    pub fn to_vec(&self) -> Vec<u32> {
        match self {
            Units::L1(s) => s.iter().map(|&c| c as u32).collect(),
            Units::L2(s) => s.iter().map(|&c| c as u32).collect(),
            Units::L4(s) => s.to_vec(),
        }
    }

    /// The text as UTF-8 (a lone surrogate, which Rust's `str` cannot hold, becomes U+FFFD).
    pub fn to_string_lossy(&self) -> String {
        match self {
            Units::L1(s) if s.is_ascii() => {
                // SAFETY: ASCII bytes are valid UTF-8.
                unsafe { std::str::from_utf8_unchecked(s) }.to_string()
            }
            _ => (0..self.len()).map(|i| to_char(self.get(i))).collect(),
        }
    }

    /// The text as UTF-8, borrowed where it is ASCII (no copy), else converted.
    pub fn text(&self) -> std::borrow::Cow<'a, str> {
        match self {
            Units::L1(s) if s.is_ascii() => {
                // SAFETY: ASCII bytes are valid UTF-8.
                std::borrow::Cow::Borrowed(unsafe { std::str::from_utf8_unchecked(s) })
            }
            _ => std::borrow::Cow::Owned(self.to_string_lossy()),
        }
    }

    /// The raw bytes of the code units (what CPython hashes).
    pub fn bytes(&self) -> &'a [u8] {
        // SAFETY: reinterpreting initialised integers as their bytes.
        unsafe {
            match self {
                Units::L1(s) => s,
                Units::L2(s) => std::slice::from_raw_parts(s.as_ptr() as *const u8, s.len() * 2),
                Units::L4(s) => std::slice::from_raw_parts(s.as_ptr() as *const u8, s.len() * 4),
            }
        }
    }
}

/// A code point as a Rust `char` (surrogates, which it cannot be, as U+FFFD).
pub fn to_char(c: u32) -> char {
    char::from_u32(c).unwrap_or('\u{FFFD}')
}

/// The header of string `s`.
///
/// # Safety
/// `s` is a live string block.
pub unsafe fn head<'a>(s: *const MemInfo) -> &'a StrHead {
    // SAFETY: the caller's guarantee: the data starts with a header.
    unsafe { &*((*s).data as *const StrHead) }
}

/// The code points of string `s`, borrowed for as long as the caller holds a reference.
pub fn units<'a>(s: *const MemInfo) -> Units<'a> {
    // SAFETY: generated code passes live string blocks, laid out as `StrHead` says.
    unsafe {
        let h = head(s);
        let p = (*s).data.add(STR_UNITS_OFFSET);
        let n = h.len as usize;
        match h.kind {
            1 => Units::L1(std::slice::from_raw_parts(p, n)),
            2 => Units::L2(std::slice::from_raw_parts(p as *const u16, n)),
            _ => Units::L4(std::slice::from_raw_parts(p as *const u32, n)),
        }
    }
}

/// Whether every code point of `s` is ASCII.
pub fn is_ascii(s: *const MemInfo) -> bool {
    // SAFETY: a live string block.
    unsafe { head(s).ascii != 0 }
}

/// A new string block of `len` code points of `kind` bytes, its units uninitialised; null when
/// memory runs out (the error is recorded).
fn allocate(len: usize, kind: usize, ascii: bool) -> *mut MemInfo {
    let Some(bytes) = len
        .checked_mul(kind)
        .and_then(|b| b.checked_add(STR_UNITS_OFFSET))
    else {
        return memory_error();
    };
    let mi = crate::nrt::oxjit_rt_nrt_allocate(bytes as i64);
    if mi.is_null() {
        return memory_error();
    }
    // SAFETY: a fresh block of at least a header's size, 16-byte aligned.
    unsafe {
        ((*mi).data as *mut StrHead).write(StrHead {
            len: len as i64,
            kind: kind as i32,
            ascii: ascii as i32,
            hash: -1,
            reserved: 0,
        });
    }
    mi
}

/// The units of a fresh block, to fill.
fn units_mut<'a, T>(mi: *mut MemInfo) -> &'a mut [T] {
    // SAFETY: `mi` is a fresh block whose header says how many units of T follow.
    unsafe {
        let n = head(mi).len as usize;
        std::slice::from_raw_parts_mut((*mi).data.add(STR_UNITS_OFFSET) as *mut T, n)
    }
}

/// A static string block (never freed: its count starts too high to reach zero).
#[repr(C)]
struct StaticStr {
    mi: MemInfo,
    head: StrHead,
    unit: [u8; 8],
}

/// The empty string and the one-character strings of the code points below 256, made once (as
/// CPython keeps them): indexing, iterating and slicing latin-1 text allocate nothing.
fn small_string(text: &[u8]) -> *mut MemInfo {
    static TABLE: std::sync::OnceLock<Vec<usize>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..257)
            .map(|k: usize| {
                let len = usize::from(k < 256);
                let block = Box::leak(Box::new(StaticStr {
                    mi: MemInfo {
                        refcount: std::sync::atomic::AtomicI64::new(1 << 60),
                        data: std::ptr::null_mut(),
                        size: STR_UNITS_OFFSET + len,
                        dtor: None,
                    },
                    head: StrHead {
                        len: len as i64,
                        kind: 1,
                        ascii: (k < 128 || k == 256) as i32,
                        hash: -1,
                        reserved: 0,
                    },
                    unit: [k as u8, 0, 0, 0, 0, 0, 0, 0],
                }));
                block.mi.data = &mut block.head as *mut StrHead as *mut u8;
                &mut block.mi as *mut MemInfo as usize
            })
            .collect()
    });
    let k = text.first().map_or(256, |&c| c as usize);
    table[k] as *mut MemInfo
}

/// The narrowest kind that holds the code points of `u` (1 for latin-1 text of any kind).
pub fn kind_of_units(u: Units<'_>) -> usize {
    let max = (0..u.len()).map(|i| u.get(i)).max().unwrap_or(0);
    match max {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        _ => 4,
    }
}

/// Appends the code points `y` (of a kind `a`'s holds) to the string `a`, which nothing else
/// references, growing its block geometrically: the block's new address, or null (and `a` as it
/// was) when memory runs out.
fn append_in_place(a: *mut MemInfo, y: Units<'_>) -> *mut MemInfo {
    // SAFETY: `a` is a live heap block with one owner, handed over by the caller.
    unsafe {
        let h = head(a);
        let (len, kind, ascii) = (h.len as usize, h.kind as usize, h.ascii);
        let Some(needed) = (len + y.len())
            .checked_mul(kind)
            .and_then(|b| b.checked_add(STR_UNITS_OFFSET))
        else {
            return memory_error();
        };
        let mut mi = a;
        if needed > (*a).size {
            mi = crate::nrt::reallocate(a, needed.max((*a).size * 2));
            if mi.is_null() {
                return memory_error();
            }
        }
        let units = (*mi).data.add(STR_UNITS_OFFSET);
        for i in 0..y.len() {
            let c = y.get(i);
            match kind {
                1 => *units.add(len + i) = c as u8,
                2 => *(units as *mut u16).add(len + i) = c as u16,
                _ => *(units as *mut u32).add(len + i) = c,
            }
        }
        let h = (*mi).data as *mut StrHead;
        (*h).len = (len + y.len()) as i64;
        (*h).ascii = (ascii != 0 && (0..y.len()).all(|i| y.get(i) < 128)) as i32;
        (*h).hash = -1;
        mi
    }
}

/// A string of latin-1 code points (each below 256).
pub fn from_latin1(s: &[u8]) -> *mut MemInfo {
    if s.len() <= 1 {
        return small_string(s);
    }
    let mi = allocate(s.len(), 1, s.is_ascii());
    if !mi.is_null() {
        units_mut::<u8>(mi).copy_from_slice(s);
    }
    mi
}

/// A string of code points, in the narrowest kind that holds them.
pub fn from_u32s(cps: &[u32]) -> *mut MemInfo {
    from_wide(cps)
}

/// The kind (bytes per code point) of a string's units.
pub fn kind_of(u: Units<'_>) -> usize {
    match u {
        Units::L1(_) => 1,
        Units::L2(_) => 2,
        Units::L4(_) => 4,
    }
}

/// A string of the code units `cps` (of any width), in the narrowest kind that holds them,
/// copied straight into its block (no vector of code points on the way: `split` of wide text
/// makes one block per word, not two).
fn from_wide<T: Copy + Into<u32>>(cps: &[T]) -> *mut MemInfo {
    let max = cps.iter().map(|&c| c.into()).max().unwrap_or(0);
    if cps.len() <= 1 && max < 256 {
        return small_string(cps.first().map(|&c| c.into() as u8).as_slice());
    }
    let kind = match max {
        0..=0xFF => 1,
        0x100..=0xFFFF => 2,
        _ => 4,
    };
    let mi = allocate(cps.len(), kind, max < 128);
    if !mi.is_null() {
        fill(mi, 0, cps);
    }
    mi
}

/// Writes the code units `cps` into the fresh block `mi` from code point `at` on, converted to
/// its kind (which holds them); the index after the last written.
fn fill<T: Copy + Into<u32>>(mi: *mut MemInfo, at: usize, cps: &[T]) -> usize {
    let end = at + cps.len();
    // SAFETY: a live block.
    match unsafe { head(mi).kind } {
        1 if std::mem::size_of::<T>() == 1 => {
            // SAFETY: T is one byte (u8): the same units, copied as bytes.
            let bytes = unsafe { std::slice::from_raw_parts(cps.as_ptr() as *const u8, cps.len()) };
            units_mut::<u8>(mi)[at..end].copy_from_slice(bytes);
        }
        1 => {
            for (d, &c) in units_mut::<u8>(mi)[at..end].iter_mut().zip(cps) {
                *d = c.into() as u8;
            }
        }
        2 => {
            for (d, &c) in units_mut::<u16>(mi)[at..end].iter_mut().zip(cps) {
                *d = c.into() as u16;
            }
        }
        _ => {
            for (d, &c) in units_mut::<u32>(mi)[at..end].iter_mut().zip(cps) {
                *d = c.into();
            }
        }
    }
    end
}

/// [`fill`] with the units of a string.
fn fill_units(mi: *mut MemInfo, at: usize, u: Units<'_>) -> usize {
    match u {
        Units::L1(s) => fill(mi, at, s),
        Units::L2(s) => fill(mi, at, s),
        Units::L4(s) => fill(mi, at, s),
    }
}

/// The concatenation of `parts`, each in its narrowest kind (as every string is): the result's
/// kind is the widest of theirs and it is ASCII where they all are, so one block is allocated
/// and each part copied once (`join` of 10^6 words makes no vector of code points).
pub fn concat_parts<'a>(parts: impl Iterator<Item = Units<'a>> + Clone) -> *mut MemInfo {
    let (mut len, mut kind, mut ascii) = (0, 1, true);
    for u in parts.clone() {
        len += u.len();
        kind = kind.max(kind_of(u));
        ascii &= matches!(u, Units::L1(s) if s.is_ascii());
    }
    if len <= 1 {
        let cps: Vec<u32> = parts
            .flat_map(|u| (0..u.len()).map(move |i| u.get(i)))
            .collect();
        return from_u32s(&cps);
    }
    let mi = allocate(len, kind, ascii);
    if !mi.is_null() {
        parts.fold(0, |at, u| fill_units(mi, at, u));
    }
    mi
}

/// A string of Rust text, decoded straight into a block of its narrowest kind: the kind comes
/// from the largest byte (a lead byte from 0xF0 starts a code point above U+FFFF, one from 0xC4
/// one above U+00FF) and the length from the bytes that start a code point, two passes the
/// compiler vectorises, so a 10 MB argument makes no vector of code points.
pub fn from_str(s: &str) -> *mut MemInfo {
    let b = s.as_bytes();
    if b.is_ascii() {
        return from_latin1(b);
    }
    let kind = kind_of_utf8(b);
    // Continuation bytes are 0x80..=0xBF: as `i8`, below -0x40.
    let len = b.iter().filter(|&&c| (c as i8) >= -0x40).count();
    if len <= 1 && kind == 1 {
        return from_u32s(&s.chars().map(|c| c as u32).collect::<Vec<_>>());
    }
    let mi = allocate(len, kind, false);
    if mi.is_null() {
        return mi;
    }
    match kind {
        1 => decode_into(units_mut::<u8>(mi), s, |c| c as u8),
        2 => decode_into(units_mut::<u16>(mi), s, |c| c as u16),
        _ => decode_into(units_mut::<u32>(mi), s, |c| c),
    }
    mi
}

/// The narrowest kind that holds the code points of the UTF-8 text `b`, from its largest byte.
pub fn kind_of_utf8(b: &[u8]) -> usize {
    match b.iter().fold(0u8, |m, &c| m.max(c)) {
        0xF0.. => 4,
        0xC4.. => 2,
        _ => 1,
    }
}

/// A new string of `len` code points of 4 bytes (which must need them: one is above U+FFFF),
/// written by `fill` (false: it failed, the block is given back and null returned).
pub fn from_ucs4_with(len: usize, fill: impl FnOnce(&mut [u32]) -> bool) -> *mut MemInfo {
    let mi = allocate(len, 4, false);
    if !mi.is_null() && !fill(units_mut::<u32>(mi)) {
        crate::nrt::oxjit_rt_nrt_decref(mi);
        return std::ptr::null_mut();
    }
    mi
}

/// Writes the code points of `s` (as many as `out` holds) into `out`.
#[inline(always)]
fn decode_into<T>(out: &mut [T], s: &str, unit: impl Fn(u32) -> T) {
    for (d, c) in out.iter_mut().zip(s.chars()) {
        *d = unit(c as u32);
    }
}

/// A string of the code points of `u` from `start` to `stop` (a slice of one kind, narrowed).
pub fn from_units(u: Units<'_>, start: usize, stop: usize) -> *mut MemInfo {
    match u {
        Units::L1(s) => from_latin1(&s[start..stop]),
        Units::L2(s) => from_wide(&s[start..stop]),
        Units::L4(s) => from_wide(&s[start..stop]),
    }
}

thread_local! {
    /// The last error of this thread: (class, message).
    static ERROR: RefCell<(String, String)> = const { RefCell::new((String::new(), String::new())) };
}

/// Records `class(msg)` as this thread's error.
pub fn set_error(class: &str, msg: String) {
    ERROR.with(|e| *e.borrow_mut() = (class.to_string(), msg));
}

/// Records `class(msg)` and returns null.
pub fn fail(class: &str, msg: String) -> *mut MemInfo {
    set_error(class, msg);
    std::ptr::null_mut()
}

fn memory_error() -> *mut MemInfo {
    fail("MemoryError", String::new())
}

/// Fills the exception record with this thread's last error (its text stays in the slot until
/// the thread's next error: the record is read before then).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_raise(exc: &mut ExcInfo) {
    ERROR.with(|e| {
        let e = e.borrow();
        exc.class_name = e.0.as_ptr();
        exc.class_len = e.0.len() as i64;
        exc.msg = e.1.as_ptr();
        exc.msg_len = e.1.len() as i64;
        exc.arg_kind = oxjit_abi::ArgKind::None as i64;
    });
}

/// Fills the exception record with `KeyError(key)`, a missing string key: the key's text is
/// the one argument (kept in this thread's error slot, as [`oxjit_rt_str_raise`]'s).
#[no_mangle]
pub extern "C" fn oxjit_rt_str_key_error(exc: &mut ExcInfo, key: *mut MemInfo) {
    set_error("KeyError", units(key).to_string_lossy());
    oxjit_rt_str_raise(exc);
    // `KeyError('')` has one argument, where an empty message with no value argument would
    // make `KeyError()`: a template holding no placeholder is the message as it is.
    if units(key).is_empty() {
        exc.arg_kind = oxjit_abi::ArgKind::Template as i64;
    }
}

/// Fills the exception record with `KeyError(key)` where `text` is the key's `repr` (a tuple
/// key): Python rebuilds the key from it (`ArgKind::Literal`), and `str()` of the exception is
/// that text, as CPython's.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_key_error_repr(exc: &mut ExcInfo, text: *mut MemInfo) {
    set_error("KeyError", units(text).to_string_lossy());
    oxjit_rt_str_raise(exc);
    exc.arg_kind = oxjit_abi::ArgKind::Literal as i64;
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = sym![
        oxjit_rt_str_raise,
        oxjit_rt_str_key_error,
        oxjit_rt_str_key_error_repr
    ];
    out.extend(ops::symbols());
    out.extend(hash::symbols());
    out.extend(convert::symbols());
    out.extend(methods::symbols());
    out.extend(case::symbols());
    out.extend(format::symbols());
    out.extend(percent::symbols());
    out.extend(split::symbols());
    out.extend(split_iter::symbols());
    out
}

#[cfg(test)]
pub(crate) mod testing {
    use super::*;

    /// A string block of `s` (the tests' constructor).
    pub fn s(text: &str) -> *mut MemInfo {
        from_str(text)
    }

    /// The text of a string block, which the test then releases.
    pub fn text(mi: *mut MemInfo) -> String {
        assert!(!mi.is_null(), "null string: {:?}", last_error());
        let t = units(mi).to_string_lossy();
        crate::nrt::oxjit_rt_nrt_decref(mi);
        t
    }

    pub fn last_error() -> (String, String) {
        ERROR.with(|e| e.borrow().clone())
    }
}
