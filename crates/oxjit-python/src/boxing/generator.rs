//! A generator returned to Python: an `oxjit._oxjit.Generator`, a Python iterator whose
//! `__next__` runs the compiled body to its next `yield`. It owns one reference to the
//! generator's block (its coroutine frame, see codegen's `lower/generator.rs`); dropping it
//! gives that back, and the block's destructor closes an unfinished generator (the body gives
//! back what it holds) before the frame is freed.
//!
//! The frame starts with the resume and destroy function pointers, then the promise (aligned to
//! 8): `{i32 state, i32 closing, step, ExcInfo, item, sent, i32 receives}`, where `step` is the
//! compiled `i32 step(frame)` that resumes the body and returns its state, `sent` the optional
//! value `send()` passes in (`{i1, sent_type(item)}`) and `receives` what the body does with it.

use oxjit_core::types::generator::{refused_send, sent_type, SENT_RECEIVED, SENT_UNUSED};
use oxjit_core::types::Type;
use oxjit_runtime::exceptions::{ExcInfo, ReadExc};
use oxjit_runtime::nrt::{oxjit_rt_nrt_decref, MemInfo};
use pyo3::exceptions::{PyStopIteration, PyTypeError};
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
/// `throw()`: the exception in the promise's record is raised at the `yield`.
const THROW: i32 = 3;
/// The state before the body first runs.
const NEW: i32 = 5;

/// A compiled generator, iterated from Python.
#[pyclass(name = "Generator", module = "oxjit._oxjit", unsendable)]
pub struct Generator {
    meminfo: usize,
    item: Type,
    finished: bool,
    /// Whether the body ran (to its first `yield` at least): `send` and `throw` differ before.
    started: bool,
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
        self.step(py, 0)
    }

    /// `send(value)`, as CPython's: the value of the `yield` expression where the body is
    /// suspended, converted to the type it receives (`sent_type`: the items' type). A body that
    /// reads no `yield` expression drops it, as CPython; one whose `yield` expressions are typed
    /// `None` (its items are not numbers), or that has a `yield from`, refuses a value other
    /// than `None`.
    fn send(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        if self.finished {
            return Err(PyStopIteration::new_err(()));
        }
        if value.is_none() {
            return self.step(py, 0);
        }
        if !self.started() {
            return Err(PyTypeError::new_err(
                "can't send non-None value to a just-started generator",
            ));
        }
        let layout = SentLayout::of(&self.item);
        // SAFETY: the frame's promise, laid out as above (`SentLayout`).
        unsafe {
            let promise = (*(self.meminfo as *const MemInfo)).data.add(PROMISE);
            match *(promise.add(layout.receives) as *const i32) {
                SENT_UNUSED => {}
                SENT_RECEIVED => {
                    let t = sent_type(&self.item).expect("a generator receiving values");
                    check_sent(value, &t)?;
                    let slot = promise.add(layout.value);
                    super::unbox(value, &t, slot)?;
                    *promise.add(layout.flag) = 1;
                    if super::needs_release(&t) {
                        // A string made for the body, which takes its own reference where it
                        // reads it (and empties the slot): given back once the body suspends.
                        let size = oxjit_core::types::size_align(&t).0;
                        let mut copy = vec![0u64; size.div_ceil(8)];
                        std::ptr::copy_nonoverlapping(slot, copy.as_mut_ptr() as *mut u8, size);
                        let result = self.step(py, 0);
                        super::release_arg(value, &t, copy.as_ptr() as *const u8)?;
                        return result;
                    }
                }
                _ => return Err(PyTypeError::new_err(refused_send(&self.item))),
            }
        }
        self.step(py, 0)
    }

    /// `throw(exc)` / `throw(ExcClass[, value])`, as CPython's: the exception is raised at the
    /// `yield` where the body is suspended (its handlers may catch it and yield again: that
    /// item is returned); a just-started or finished generator raises it at once (and is
    /// finished).
    #[pyo3(signature = (typ, val=None, _tb=None))]
    fn throw(
        &mut self,
        py: Python<'_>,
        typ: &Bound<'_, PyAny>,
        val: Option<&Bound<'_, PyAny>>,
        _tb: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let err = thrown(py, typ, val)?;
        if self.done() || !self.started() {
            self.finished = true;
            return Err(err);
        }
        // SAFETY: as in `step`: the frame's promise holds the body's exception record.
        unsafe {
            let frame = (*(self.meminfo as *const MemInfo)).data;
            let record = frame.add(PROMISE + EXC) as *mut ExcInfo;
            crate::objmode::store_exception(py, err, &mut *record);
        }
        self.step(py, THROW)
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

impl Generator {
    /// Whether the body ran, here or in compiled code it was passed to: its promise's state is
    /// no longer `NEW`.
    fn started(&self) -> bool {
        // SAFETY: the frame's promise, whose first field is the state (see the module's doc).
        self.started || unsafe { *(self.frame().add(PROMISE) as *const i32) != NEW }
    }

    /// Whether the body finished, here or in compiled code: the coroutine's resume pointer (the
    /// frame's first word) is null once it is suspended for good (`llvm.coro.done`).
    fn done(&self) -> bool {
        // SAFETY: the frame starts with the resume function's pointer.
        self.finished || unsafe { *(self.frame() as *const usize) == 0 }
    }

    fn frame(&self) -> *mut u8 {
        // SAFETY: this object holds a reference to the block, whose data is the frame.
        unsafe { (*(self.meminfo as *const MemInfo)).data }
    }

    /// Resumes the body with `closing` set to `closing` (0, or `THROW` with the exception in
    /// the promise's record) and gives what it left: the next item, `StopIteration` or its
    /// exception.
    fn step(&mut self, py: Python<'_>, closing: i32) -> PyResult<Py<PyAny>> {
        self.started = true;
        // SAFETY: this object holds a reference to the block, whose data is the frame the
        // compiled ramp laid out as described above; `step` is the compiled function it stored.
        unsafe {
            let frame = (*(self.meminfo as *const MemInfo)).data;
            let promise = frame.add(PROMISE);
            let closing_p = promise.add(CLOSING) as *mut i32;
            *closing_p = closing;
            let step = *(promise.add(8) as *const unsafe extern "C" fn(*mut u8) -> i32);
            let state = step(frame);
            *closing_p = 0;
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
}

/// Where the promise keeps what `send()` passes in: the optional's flag and value, and the
/// `receives` field (codegen's `promise_type`, laid out as LLVM lays out that struct).
struct SentLayout {
    flag: usize,
    value: usize,
    receives: usize,
}

impl SentLayout {
    fn of(item: &Type) -> SentLayout {
        let (item_size, item_align) = oxjit_core::types::size_align(item);
        let item_at = (EXC + std::mem::size_of::<ExcInfo>()).next_multiple_of(item_align.max(1));
        let slot = sent_type(item).unwrap_or(Type::Bool);
        let (size, align) = oxjit_core::types::size_align(&slot);
        let align = align.max(1);
        let flag = (item_at + item_size).next_multiple_of(align);
        let value = flag + align;
        let receives = (value + size).next_multiple_of(align).next_multiple_of(4);
        SentLayout {
            flag,
            value,
            receives,
        }
    }
}

/// Refuses a value `send()` could only pass in by changing it (a float to a generator of ints):
/// ints go to ints and floats, numbers to floats, bools to bools.
fn check_sent(value: &Bound<'_, PyAny>, t: &Type) -> PyResult<()> {
    let py_t = super::typeof_value(value).ok();
    if let Type::Tuple(items) = t {
        // A tuple of numbers: each item fits its own.
        let got = value.cast::<pyo3::types::PyTuple>().ok();
        if let Some(got) = got.filter(|g| g.len() == items.len()) {
            let mut ok = true;
            for (x, it) in got.iter().zip(items.iter()) {
                ok &= check_sent(&x, it).is_ok();
            }
            if ok {
                return Ok(());
            }
        }
    }
    // An array of the items' dtype and dimensions (any layout where they are `A`), a list of
    // the items' type: what the body reads as it reads its items.
    let container = match (t, &py_t) {
        (Type::Array(want), Some(Type::Array(got))) => {
            want.dtype == got.dtype
                && want.ndim == got.ndim
                && (want.layout == got.layout || want.layout == oxjit_core::types::Layout::A)
                && (want.readonly || !got.readonly)
        }
        (Type::List(_), Some(got)) => got == t,
        _ => false,
    };
    let fits = container
        || matches!(
            (t, &py_t),
            (Type::Bool, Some(Type::Bool))
                | (Type::Str, Some(Type::Str))
                | (Type::Int(_), Some(Type::Int(_) | Type::Bool))
                | (
                    Type::Float(_),
                    Some(Type::Int(_) | Type::Float(_) | Type::Bool)
                )
                | (
                    Type::Complex(_),
                    Some(Type::Int(_) | Type::Float(_) | Type::Complex(_) | Type::Bool)
                )
        );
    if fits {
        return Ok(());
    }
    Err(PyTypeError::new_err(format!(
        "oxjit: this compiled generator receives {t} values (the type it yields): send() of {}",
        value.get_type().name()?
    )))
}

/// The exception `throw(typ, val)` raises, as CPython builds it.
fn thrown(
    py: Python<'_>,
    typ: &Bound<'_, PyAny>,
    val: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyErr> {
    let base = py.get_type::<pyo3::exceptions::PyBaseException>();
    let val = val.filter(|v| !v.is_none());
    if let Ok(cls) = typ.cast::<pyo3::types::PyType>() {
        if cls.is_subclass(&base)? {
            let value = match val {
                Some(v) if v.is_instance(cls)? => v.clone(),
                Some(v) if v.is_instance_of::<pyo3::types::PyTuple>() => {
                    cls.call1(v.cast::<pyo3::types::PyTuple>()?.clone())?
                }
                Some(v) => cls.call1((v,))?,
                None => cls.call0()?,
            };
            return Ok(PyErr::from_value(value));
        }
    } else if typ.is_instance(&base)? {
        if val.is_some() {
            return Err(PyTypeError::new_err(
                "instance exception may not have a separate value",
            ));
        }
        return Ok(PyErr::from_value(typ.clone()));
    }
    Err(PyTypeError::new_err(format!(
        "exceptions must be classes or instances deriving from BaseException, not {}",
        typ.get_type().name()?
    )))
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
        started: false,
        keep: None,
    };
    Ok(Py::new(py, g)?.into_any())
}

/// The type of a compiled generator passed back to compiled code (`generator(T)`), `None` for
/// anything else.
pub(super) fn typeof_generator(obj: &Bound<'_, PyAny>) -> Option<Type> {
    let g = obj.cast_exact::<Generator>().ok()?;
    let item = g.borrow().item.clone();
    Some(Type::Generator(std::sync::Arc::new(item)))
}

/// Writes the block of the compiled generator `obj` at `dst`: borrowed for the call, as an
/// array argument is (the Python object keeps its reference, and the arguments the generator
/// was made with, alive). Compiled code may step it, finish it or close it: the Python side
/// reads where it stands from the frame (`Generator::started`, `done`).
///
/// # Safety
/// `dst` must have room for a pointer.
pub(super) unsafe fn unbox(obj: &Bound<'_, PyAny>, dst: *mut u8) -> PyResult<()> {
    let g = obj.cast_exact::<Generator>()?;
    // SAFETY: the caller's guarantee.
    unsafe { (dst as *mut usize).write_unaligned(g.borrow().meminfo) };
    Ok(())
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
