//! The Python side of the runtime's memory blocks: the owner object that NumPy arrays made in
//! compiled code keep as their base, and the allocation counters tests read.

use oxjit_runtime::nrt::{allocation_stats, oxjit_rt_nrt_decref, MemInfo};
use pyo3::prelude::*;

/// Owns one reference to a runtime block; the base of arrays returned from compiled code.
#[pyclass(frozen, name = "MemInfo", module = "oxjit._oxjit")]
pub struct MemInfoOwner {
    meminfo: usize,
}

impl MemInfoOwner {
    /// Takes over one reference to the block `meminfo`.
    pub fn new(meminfo: usize) -> MemInfoOwner {
        MemInfoOwner { meminfo }
    }
}

#[pymethods]
impl MemInfoOwner {
    /// The size of the block's data in bytes.
    #[getter]
    fn nbytes(&self) -> usize {
        // SAFETY: this object holds a reference, so the block is alive.
        unsafe { (*(self.meminfo as *const MemInfo)).size & !oxjit_abi::MEMINFO_HAS_DTOR }
    }

    /// The block's current reference count.
    #[getter]
    fn refcount(&self) -> i64 {
        // SAFETY: as above.
        unsafe {
            (*(self.meminfo as *const MemInfo))
                .refcount
                .load(std::sync::atomic::Ordering::Relaxed)
        }
    }
}

impl Drop for MemInfoOwner {
    fn drop(&mut self) {
        oxjit_rt_nrt_decref(self.meminfo as *mut MemInfo);
    }
}

/// (blocks allocated, blocks freed) since the process started.
#[pyfunction]
pub fn nrt_allocation_stats() -> (u64, u64) {
    allocation_stats()
}
