//! A generator returned to Python: an `oxjit._oxjit.Generator`, a Python iterator whose
//! `__next__` runs the compiled body to its next `yield`. It owns one reference to the
//! generator's block (its coroutine frame, see codegen's `lower/generator.rs`); dropping it
//! gives that back, and the block's destructor closes an unfinished generator (the body gives
//! back what it holds) before the frame is freed.
//!
//! The frame starts with the resume and destroy function pointers, then the promise (aligned to
//! 8): `{i32 state, i32 closing, step, ExcInfo, item}`, where `step` is the compiled
//! `i32 step(frame)` that resumes the body and returns its state.

use oxjit_core::types::Type;
use oxjit_runtime::exceptions::{ExcInfo, ReadExc};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, MemInfo};
use pyo3::exceptions::PyStopIteration;
use pyo3::prelude::*;

/// The promise's place in the frame: after the two function pointers.
const PROMISE: usize = 16;
/// The promise's fields before the exception record: state, closing, step.
const EXC: usize = 16;
/// The states the body leaves in the promise (codegen's `lower/generator.rs`).
const YIELDED: i32 = 0;
const RAISED: i32 = 1;
/// Returned with a value, left in the item's place (`StopIteration.value`).
const RETURNED_VALUE: i32 = 4;
/// The promise's `closing` field and its value asking the body to finish (`GeneratorExit`
/// raised at its `yield`).
const CLOSING: usize = 4;
const CLOSE: i32 = 1;

/// A compiled generator, iterated from Python.
#[pyclass(name = "Generator", module = "oxjit._oxjit", unsendable)]
pub struct Generator {
    meminfo: usize,
    item: Type,
    finished: bool,
    /// The arguments of the call that made it: the frame reads arrays that came from Python
    /// (their memory is NumPy's, not counted by the runtime), so they must outlive it.
    keep: Option<Py<PyAny>>,
}

#[pymethods]
impl Generator {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&mut self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        if self.finished {
            return Err(PyStopIteration::new_err(()));
        }
        // SAFETY: this object holds a reference to the block, whose data is the frame the
        // compiled ramp laid out as described above; `step` is the compiled function it stored.
        unsafe {
            let frame = (*(self.meminfo as *const MemInfo)).data;
            let promise = frame.add(PROMISE);
            let step = *(promise.add(8) as *const unsafe extern "C" fn(*mut u8) -> i32);
            let state = step(frame);
            let (_, align) = oxjit_core::types::size_align(&self.item);
            let at = (EXC + std::mem::size_of::<ExcInfo>()).next_multiple_of(align.max(1));
            let item = promise.add(at);
            match state {
                YIELDED => {
                    // The frame keeps its reference until the next step: boxing takes over one
                    // of its own.
                    super::list::incref_item(&self.item, item);
                    super::box_value(py, &self.item, item)
                }
                RETURNED_VALUE => {
                    // A number (typing allows no other): StopIteration.value.
                    self.finished = true;
                    let value = super::box_value(py, &self.item, item)?;
                    Err(PyStopIteration::new_err((value,)))
                }
                RAISED => {
                    self.finished = true;
                    Err(crate::errors::raised(
                        py,
                        &*(promise.add(EXC) as *const ExcInfo),
                    ))
                }
                _ => {
                    self.finished = true;
                    Err(PyStopIteration::new_err(()))
                }
            }
        }
    }

    /// `close()`, as CPython's: `GeneratorExit` raised at the `yield` where the body is
    /// suspended (its `finally` bodies run); an exception it raises instead comes out of here,
    /// and yielding again is CPython's RuntimeError (the generator stays suspended).
    fn close(&mut self, py: Python<'_>) -> PyResult<()> {
        if self.finished {
            return Ok(());
        }
        // SAFETY: as in `__next__`: the frame's promise, and the compiled `step`, which resumes
        // an unfinished body (here with `closing` set) and returns its state.
        unsafe {
            let frame = (*(self.meminfo as *const MemInfo)).data;
            let promise = frame.add(PROMISE);
            let closing = promise.add(CLOSING) as *mut i32;
            *closing = CLOSE;
            let step = *(promise.add(8) as *const unsafe extern "C" fn(*mut u8) -> i32);
            let state = step(frame);
            if state == YIELDED {
                *closing = 0;
                return Err(pyo3::exceptions::PyRuntimeError::new_err(
                    "generator ignored GeneratorExit",
                ));
            }
            self.finished = true;
            if state == RAISED {
                let exc = &*(promise.add(EXC) as *const ExcInfo);
                // The GeneratorExit raised at the `yield` leaving the body: closed.
                if exc.read().0 == "GeneratorExit" {
                    crate::errors::release(exc);
                    return Ok(());
                }
                return Err(crate::errors::raised(py, exc));
            }
        }
        Ok(())
    }
}

impl Drop for Generator {
    fn drop(&mut self) {
        oxjit_rt_nrt_decref(self.meminfo as *mut MemInfo);
    }
}

/// Boxes the generator at `src`, taking over its reference.
///
/// # Safety
/// `src` must hold a generator's block.
pub(super) unsafe fn box_value(py: Python<'_>, item: &Type, src: *const u8) -> PyResult<Py<PyAny>> {
    // SAFETY: the caller's guarantee.
    let mi = unsafe { *(src as *const usize) };
    let g = Generator {
        meminfo: mi,
        item: item.clone(),
        finished: false,
        keep: None,
    };
    Ok(Py::new(py, g)?.into_any())
}

/// After a call of a generator function from Python: the generator keeps the call's arguments
/// (`args()`) alive.
pub fn keep_arguments(
    py: Python<'_>,
    result: PyResult<Py<PyAny>>,
    returns: &Type,
    args: impl FnOnce() -> Py<PyAny>,
) -> PyResult<Py<PyAny>> {
    if !matches!(returns, Type::Generator(_)) {
        return result;
    }
    let out = result?;
    if let Ok(g) = out.bind(py).cast::<Generator>() {
        g.borrow_mut().keep = Some(args());
    }
    Ok(out)
}
