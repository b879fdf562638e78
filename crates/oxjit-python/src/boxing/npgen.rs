//! `np.random.Generator` across the boundary. Passed in, a Generator lends its bit generator:
//! the block (`oxjit_runtime::rng::RngBlock`) copies the `bitgen_t` of `bit_generator.capsule`
//! (as Numba reads `bit_generator.ctypes`) and holds a reference to the Python object, given
//! back by the block's destructor, so that draws in compiled code advance NumPy's own state and
//! Python continues the stream. Returned, a block that came from Python gives back its object;
//! one made by `default_rng()` in compiled code becomes a NumPy `Generator(PCG64())` set to its
//! state, and the block then draws from that object's bit generator (both stay one stream).

use std::ffi::c_void;

use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, set_dtor, MemInfo};
use oxjit_runtime::rng::{block, new_borrowed_block, BitGen};
use pyo3::exceptions::PyMemoryError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Whether `obj` is an `np.random.Generator`.
pub fn is_generator(obj: &Bound<'_, PyAny>) -> bool {
    let ty = obj.get_type();
    matches!(
        (ty.module(), ty.name()),
        (Ok(m), Ok(n)) if m == "numpy.random._generator" && n == "Generator"
    )
}

/// The `bitgen_t` of a Generator's bit generator (valid while the Generator lives).
fn bitgen_of(obj: &Bound<'_, PyAny>) -> PyResult<*const BitGen> {
    let capsule = obj.getattr("bit_generator")?.getattr("capsule")?;
    // SAFETY: `capsule` is a live object; a NumPy bit generator's capsule is named
    // "BitGenerator" and points to its `bitgen_t`, a field of the bit generator object.
    let ptr =
        unsafe { pyo3::ffi::PyCapsule_GetPointer(capsule.as_ptr(), c"BitGenerator".as_ptr()) };
    if ptr.is_null() {
        return Err(PyErr::fetch(obj.py()));
    }
    Ok(ptr as *const BitGen)
}

/// The destructor of a block that borrows a Python Generator: gives back its reference.
unsafe extern "C" fn release_owner(mi: *mut MemInfo) {
    // SAFETY: a Generator block being freed; `owner` is the reference it took.
    let owner = unsafe { block(mi).owner };
    if !owner.is_null() {
        Python::attach(|_py| {
            // SAFETY: a strong reference this block owns, given back with the GIL held.
            unsafe { pyo3::ffi::Py_DecRef(owner as *mut pyo3::ffi::PyObject) }
        });
    }
}

/// Writes a new block borrowing the Generator `obj`'s bit generator at `dst`.
///
/// # Safety
/// `dst` must have room for a pointer.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let bitgen = bitgen_of(obj)?;
    let owner = obj.clone().into_ptr() as *mut c_void;
    // SAFETY: `bitgen` lives inside the bit generator that `owner` (now held by the block)
    // keeps alive; the destructor gives `owner` back.
    unsafe {
        let mi = new_borrowed_block(bitgen, owner);
        if mi.is_null() {
            pyo3::ffi::Py_DecRef(owner as *mut pyo3::ffi::PyObject);
            return Err(PyMemoryError::new_err(
                "oxjit: out of memory for a Generator",
            ));
        }
        set_dtor(mi, release_owner);
        (dst as *mut *mut MemInfo).write(mi);
    }
    Ok(())
}

/// Reads the Generator at `src` (taking over its reference) as a NumPy Generator.
///
/// # Safety
/// `src` must hold a live Generator block with a reference for the caller.
pub(super) unsafe fn box_value(py: Python<'_>, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    unsafe {
        let mi = *(src as *const *mut MemInfo);
        let result = to_python(py, mi);
        oxjit_rt_nrt_decref(mi);
        result
    }
}

/// The Python Generator of block `mi`: its owner, or a new PCG64 Generator in its state, which
/// the block then borrows.
///
/// # Safety
/// `mi` must be a live Generator block.
unsafe fn to_python(py: Python<'_>, mi: *mut MemInfo) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    let b = unsafe { block(mi) };
    if !b.owner.is_null() {
        // SAFETY: the block holds a strong reference to its owner.
        return Ok(
            unsafe { Bound::from_borrowed_ptr(py, b.owner as *mut pyo3::ffi::PyObject) }.unbind(),
        );
    }
    let random = py.import("numpy.random")?;
    let bit_generator = random.getattr("PCG64")?.call0()?;
    let join = |x: [u64; 2]| (u128::from(x[0]) << 64) | u128::from(x[1]);
    let inner = PyDict::new(py);
    inner.set_item("state", join(b.pcg.state))?;
    inner.set_item("inc", join(b.pcg.inc))?;
    let state = PyDict::new(py);
    state.set_item("bit_generator", "PCG64")?;
    state.set_item("state", inner)?;
    state.set_item("has_uint32", b.pcg.has_uint32)?;
    state.set_item("uinteger", b.pcg.uinteger)?;
    bit_generator.setattr("state", state)?;
    let generator = random.getattr("Generator")?.call1((bit_generator,))?;
    let bitgen = bitgen_of(&generator)?;
    // SAFETY: from now on the block draws through the new object's bit generator, which it
    // keeps alive by the reference it takes (given back by the destructor).
    unsafe {
        b.bitgen = *bitgen;
        b.owner = generator.clone().into_ptr() as *mut c_void;
        set_dtor(mi, release_owner);
    }
    Ok(generator.unbind())
}

/// After a call: gives back the block made for the argument.
///
/// # Safety
/// `slot` must hold what `unbox` wrote.
pub(super) unsafe fn release(slot: *const u8) {
    // SAFETY: the caller's guarantee.
    unsafe { oxjit_rt_nrt_decref(*(slot as *const *mut MemInfo)) }
}
