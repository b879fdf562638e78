//! The header of the runtime's reference-counted memory blocks (Numba's NRT `MemInfo`), which
//! generated code reads and updates inline: the count is the first field (incremented and
//! decremented atomically), the data pointer the second.

use std::sync::atomic::AtomicI64;

/// The header of a block (`oxjit-runtime/src/nrt.rs` allocates it in front of the data).
#[repr(C)]
pub struct MemInfo {
    pub refcount: AtomicI64,
    pub data: *mut u8,
    /// Bytes of data; with [`MEMINFO_HAS_DTOR`] set where `dtor` is to be called.
    pub size: usize,
    /// Called when the count drops to zero, before the block is freed (a list releases its
    /// items), where `size` has [`MEMINFO_HAS_DTOR`]. Arrays have none: the flag, not this
    /// word, says so, since an unchecked `a[-1]` of an empty array writes this word.
    pub dtor: Option<unsafe extern "C" fn(*mut MemInfo)>,
}

/// The bit of [`MemInfo::size`] that says the block has a destructor.
pub const MEMINFO_HAS_DTOR: usize = 1 << 63;

/// The index of each field of [`MemInfo`], in 64-bit words, for generated code's `getelementptr`s.
pub mod meminfo_field {
    pub const REFCOUNT: u32 = 0;
    pub const DATA: u32 = 1;
    pub const SIZE: u32 = 2;
    pub const DTOR: u32 = 3;
}

/// An array's meminfo word with this bit set is no block but the NumPy array object it came
/// from (an argument or a global): generated code neither counts nor frees it.
pub const MEMINFO_PYOBJECT_TAG: usize = 1;

#[cfg(test)]
mod tests {
    use super::*;
    use std::mem::{offset_of, size_of};

    #[test]
    fn fields_are_words_in_order() {
        assert_eq!(
            offset_of!(MemInfo, refcount),
            8 * meminfo_field::REFCOUNT as usize
        );
        assert_eq!(offset_of!(MemInfo, data), 8 * meminfo_field::DATA as usize);
        assert_eq!(offset_of!(MemInfo, size), 8 * meminfo_field::SIZE as usize);
        assert_eq!(offset_of!(MemInfo, dtor), 8 * meminfo_field::DTOR as usize);
        // The runtime's block header is 32 bytes.
        assert_eq!(size_of::<MemInfo>(), 32);
    }
}
