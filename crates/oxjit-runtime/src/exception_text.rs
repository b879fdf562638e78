//! `str(e)` and `e.args` of a caught exception (`except ValueError as e`), from the copy of the
//! exception record compiled code holds (codegen's `models/caught.rs`), as CPython shows them:
//! `str()` of an exception with one argument is `str(arg)` (`repr(arg)` for a `KeyError`), of
//! none `''`. `e.args`, item by item: `exception_args.rs`.

use oxjit_abi::{ArgKind, MemInfo};

use crate::exception_classes::exception_matches;
use crate::strs::{from_str, repr_text, units};

/// The exception part of `ExcInfo` (its first eight fields), as a caught exception holds it.
pub use oxjit_abi::ExcRecord as CaughtRecord;

/// The record's class name and argument text (as `str(arg)`), and whether it has exactly one
/// argument.
///
/// # Safety
/// `r` must point to a caught exception's record (string pointers of live modules or of the
/// objmode callback's kept messages).
pub(crate) unsafe fn read(r: *const CaughtRecord) -> (String, String, bool) {
    // SAFETY: the caller's guarantee (a chained record's block is alive with it).
    let (info, _) = unsafe { (*r).to_info().unchained() };
    // SAFETY: the caller's guarantee.
    let (class, text) = unsafe { info.read_with(crate::numbers::float_repr) };
    // An empty message is an exception raised without arguments (as it reaches Python).
    let one = match info.kind() {
        ArgKind::Several | ArgKind::ConstArgs => false,
        ArgKind::None => !text.is_empty(),
        _ => true,
    };
    (class, text, one)
}

/// `str(e)`: a new string.
#[no_mangle]
pub extern "C" fn oxjit_rt_exception_str(r: *const CaughtRecord) -> *mut MemInfo {
    // SAFETY: generated code passes its caught exception's record.
    let (class, text, one) = unsafe { read(r) };
    // SAFETY: as above.
    let kind = unsafe { (*r).to_info().unchained() }.0.kind();
    let text_arg = matches!(kind, ArgKind::None | ArgKind::Template);
    if one && text_arg && exception_matches(&class, "KeyError") {
        // CPython's KeyError shows the repr of its one argument.
        let block = from_str(&text);
        let quoted = repr_text(units(block));
        crate::nrt::oxjit_rt_nrt_decref(block);
        return from_str(&quoted);
    }
    from_str(&text)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_exception_str]
}
