//! Instances of `@jitclass` classes: a reference-counted block (`nrt.rs`) whose data pointer
//! points at the fields (laid out as a tuple of them, zeroed when made, so that a reference
//! field not yet set holds null). In front of the fields, inside the same allocation, the block
//! records the byte offsets of the fields' references and their count, which its destructor
//! ([`instance_dtor`]) reads to give them back:
//!
//! ```text
//! [MemInfo] [offs[0] .. offs[nrefs-1]] [nrefs] [fields ...]
//!                                             ^ MemInfo::data
//! ```
//!
//! The block's data follows its header in the same allocation (`nrt.rs`), so generated code
//! finds a field at a constant offset from the block, without loading `data`.

use crate::nrt::{oxjit_rt_nrt_allocate_zeroed, oxjit_rt_nrt_decref, set_dtor, MemInfo};

/// A new instance block with `size` bytes of fields (zeroed), whose references are at the
/// `nrefs` byte offsets at `offs`; null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_instance_new(size: i64, nrefs: i64, offs: *const i64) -> *mut MemInfo {
    if size < 0 || nrefs < 0 {
        return std::ptr::null_mut();
    }
    let head = 8 * (nrefs + 1);
    let mi = oxjit_rt_nrt_allocate_zeroed(head + size);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of `head + size` bytes, 16-aligned; `offs` holds `nrefs` offsets.
    unsafe {
        let base = (*mi).data;
        debug_assert_eq!(base, (mi as *mut u8).add(std::mem::size_of::<MemInfo>()));
        std::ptr::copy_nonoverlapping(offs, base as *mut i64, nrefs as usize);
        (base.add(8 * nrefs as usize) as *mut i64).write(nrefs);
        (*mi).data = base.add(head as usize);
        set_dtor(mi, instance_dtor);
    }
    mi
}

/// Gives back the references the fields hold (the block's destructor).
unsafe extern "C" fn instance_dtor(mi: *mut MemInfo) {
    // SAFETY: called once, by `nrt_free`, on an instance block laid out as above.
    unsafe {
        let data = (*mi).data;
        let nrefs = (data.sub(8) as *const i64).read();
        let offs = data.sub(8 * (nrefs as usize + 1)) as *const i64;
        for k in 0..nrefs as usize {
            let field = data.add(offs.add(k).read() as usize) as *const *mut MemInfo;
            oxjit_rt_nrt_decref(field.read());
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_instance_new]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_sit_at_the_offset_generated_code_uses() {
        let offs = [0i64, 16];
        let mi = oxjit_rt_instance_new(24, 2, offs.as_ptr());
        assert!(!mi.is_null());
        // SAFETY: a live instance block.
        let data = unsafe { (*mi).data };
        let expected = std::mem::size_of::<MemInfo>() + 8 * (offs.len() + 1);
        assert_eq!(data as usize - mi as usize, expected);
        // Zeroed fields: the destructor gives back null references (no-ops).
        oxjit_rt_nrt_decref(mi);
    }
}
