//! Dict and set arguments written back: a Python `dict` or `set` argument is copied into a
//! native one, and where the compiled code changed that copy, the Python object's contents are
//! replaced by the copy's after the call (as lists are, Numba's "reflection"; Numba refuses
//! plain dicts as arguments, and not writing back lost the caller's changes silently).
//!
//! Whether the copy changed is told without boxing: a snapshot of its entry bytes taken when it
//! was made, compared after the call (a string key or value is a pointer, replaced when
//! reassigned), and the dirty flags of lists held as values (`d[k].append(x)`).

use std::cell::RefCell;
use std::collections::HashMap;

use oxjit_core::types::Type;
use oxjit_runtime::dict::{entry, header, oxjit_rt_dict_next};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, oxjit_rt_nrt_incref, MemInfo};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PySet};

/// What a native copy looked like when it was made.
struct Snapshot {
    len: i64,
    used: i64,
    cap: i64,
    entries: Vec<u8>,
}

thread_local! {
    /// By the copy's block: the snapshots of the arguments of the calls in progress.
    static SNAPSHOTS: RefCell<HashMap<usize, Snapshot>> = RefCell::new(HashMap::new());
}

/// The entry bytes of the native dict or set `mi`.
///
/// # Safety
/// `mi` must be a live dict or set block.
unsafe fn entry_bytes<'a>(mi: *mut MemInfo) -> &'a [u8] {
    // SAFETY: the caller's guarantee: a dict has room for `cap` entries; a set (no index
    // table) has a table of `mask + 1`.
    unsafe {
        let h = header(mi);
        let n = if h.indices.is_null() {
            h.mask + 1
        } else {
            h.cap
        };
        std::slice::from_raw_parts(h.entries, (n * h.entry_size) as usize)
    }
}

/// Records the state of the native copy `mi` just made from a Python argument (one the caller
/// releases with [`release`]; a copy without a snapshot counts as changed).
///
/// # Safety
/// `mi` must be a live dict or set block.
pub(super) unsafe fn remember(mi: *mut MemInfo) {
    // SAFETY: the caller's guarantee.
    let snapshot = unsafe {
        let h = header(mi);
        Snapshot {
            len: h.len,
            used: h.used,
            cap: h.cap,
            entries: entry_bytes(mi).to_vec(),
        }
    };
    SNAPSHOTS.with(|s| s.borrow_mut().insert(mi as usize, snapshot));
}

/// Whether the native copy `mi` (whose values are of type `value`) changed since it was made.
///
/// # Safety
/// `mi` must be a live dict or set block that [`remember`] saw (or it counts as changed).
unsafe fn changed(mi: *mut MemInfo, value: Option<&Type>) -> bool {
    let Some(before) = SNAPSHOTS.with(|s| s.borrow_mut().remove(&(mi as usize))) else {
        return true;
    };
    // SAFETY: the caller's guarantee.
    unsafe {
        let h = header(mi);
        if (h.len, h.used, h.cap) != (before.len, before.used, before.cap)
            || entry_bytes(mi) != before.entries.as_slice()
        {
            return true;
        }
        // Lists held as values, changed in place.
        if let Some(Type::List(_)) = value {
            let mut i = oxjit_rt_dict_next(mi, 0);
            while i >= 0 {
                let e = entry(header(mi), i);
                let list = *(e.add(h.val_off as usize) as *const *mut MemInfo);
                if oxjit_runtime::list::header(list).dirty != 0 {
                    return true;
                }
                i = oxjit_rt_dict_next(mi, i + 1);
            }
        }
    }
    false
}

/// After a call: writes the native copy at `slot` back into the Python dict or set `obj` where
/// the compiled code changed it, then gives the copy back.
///
/// # Safety
/// `slot` must hold the native dict or set (of type `t`) that unboxing `obj` made.
pub(super) unsafe fn release(obj: &Bound<'_, PyAny>, t: &Type, slot: *const u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee.
    unsafe {
        let mi = *(slot as *const *mut MemInfo);
        // An `oxjit.typed.Dict` was used in place: nothing to write back.
        if header(mi).typed != 0 {
            oxjit_rt_nrt_decref(mi);
            return Ok(());
        }
        let value = match t {
            Type::Dict(_, v) => Some(&**v),
            _ => None,
        };
        if !changed(mi, value) {
            oxjit_rt_nrt_decref(mi);
            return Ok(());
        }
        write_back(obj, t, slot)
    }
}

/// Writes the native dict or set `mi`, an item of a list argument whose own state was not
/// recorded, back into the Python dict or set `obj` it was made from (the list keeps `mi`).
///
/// # Safety
/// `mi` must be the live native dict or set (of type `t`) that unboxing `obj` made.
pub(super) unsafe fn reflect_item(
    obj: &Bound<'_, PyAny>,
    t: &Type,
    mi: *mut MemInfo,
) -> PyResult<()> {
    // SAFETY: the caller's guarantee.
    unsafe {
        if header(mi).typed != 0 {
            return Ok(());
        }
        // Boxing takes a reference over; the list keeps its own.
        oxjit_rt_nrt_incref(mi);
        write_back(obj, t, &mi as *const *mut MemInfo as *const u8)
    }
}

/// Replaces the contents of `obj` by those of the native dict or set at `slot`, whose
/// reference this call takes over.
///
/// # Safety
/// `slot` must hold a live native dict or set of type `t`.
unsafe fn write_back(obj: &Bound<'_, PyAny>, t: &Type, slot: *const u8) -> PyResult<()> {
    // SAFETY: the caller's guarantee.
    let fresh = unsafe { super::box_value(obj.py(), t, slot)? }.into_bound(obj.py());
    if let Ok(d) = obj.cast::<PyDict>() {
        d.clear();
        d.update(fresh.cast::<pyo3::types::PyMapping>()?)?;
    } else if let Ok(s) = obj.cast::<PySet>() {
        s.clear();
        for x in fresh.try_iter()? {
            s.add(x?)?;
        }
    }
    Ok(())
}
