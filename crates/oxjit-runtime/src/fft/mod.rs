//! `np.fft`: a port of pocketfft as NumPy 2 vendors it (`numpy/fft/pocketfft/pocketfft_hdronly.h`,
//! the C++ pocketfft by Martin Reinecke, BSD-3-Clause), called the way NumPy's
//! `_pocketfft_umath.cpp` calls it, so that results are NumPy's bit for bit: the same plans
//! (Cooley-Tukey passes of radix 2, 3, 4, 5, 7, 8 and 11, a generic pass for larger primes,
//! Bluestein's algorithm where pocketfft's cost estimate picks it), the same twiddle factors
//! and the same order of every operation.
//!
//! Generated code calls [`oxjit_rt_fft_axis`] once per transformed axis (NumPy's n-dimensional
//! transforms are one-dimensional ones axis after axis); the checks NumPy makes in Python (`n`
//! at least 1, axes in range) are made by generated code before.

// pocketfft's constants are kept as its source writes them (34 digits), so that a reader can
// check them against it; their rounding to f64 is what C++ gives them.
#![allow(clippy::excessive_precision, clippy::approx_constant)]

mod blue;
mod cache;
mod cfftp;
mod cpass;
mod num;
mod radb;
mod radf;
mod rfftp;
mod rgen;
mod twiddle;

use blue::{PlanC, PlanR};
use num::{Cmplx, Real};
use oxjit_abi::fft::{
    C2C_BACKWARD, C2C_FORWARD, C2R, DOUBLE, NORM_FORWARD, NORM_ORTHO, R2C, SINGLE_CAST,
};

/// Whether NumPy's `_raw_fft` leaves this transform unscaled: its factor is then the Python
/// int 1, which makes NumPy's ufunc pick its double precision loop even for complex64 and
/// float32 arrays (computing in double and rounding the result); a scaled transform passes a
/// factor of the array's precision, and runs in it.
fn unscaled(norm: i32, forward: bool) -> bool {
    match norm {
        NORM_ORTHO => false,
        NORM_FORWARD => !forward,
        _ => forward,
    }
}

/// The factor NumPy's `_raw_fft` scales by: 1, `1/sqrt(n)` or `1/n`, in the transform's
/// precision (`reciprocal(sqrt(n, dtype=real_dtype))`).
fn factor<F: Real>(norm: i32, forward: bool, n: usize) -> F {
    if unscaled(norm, forward) {
        F::one()
    } else if norm == NORM_ORTHO {
        F::of_usize(n).sqrt().recip()
    } else {
        F::of_usize(n).recip()
    }
}

/// The type arrays store (`S`) as the type a transform computes in (`F`).
trait Stored<F>: Copy {
    fn widen(self) -> F;
    fn narrow(x: F) -> Self;
}

impl<F: Real> Stored<F> for F {
    fn widen(self) -> F {
        self
    }
    fn narrow(x: F) -> F {
        x
    }
}

impl Stored<f64> for f32 {
    fn widen(self) -> f64 {
        self as f64
    }
    fn narrow(x: f64) -> f32 {
        x as f32
    }
}

impl<F: Real, S: Stored<F>> Stored<Cmplx<F>> for Cmplx<S> {
    fn widen(self) -> Cmplx<F> {
        Cmplx::new(self.r.widen(), self.i.widen())
    }
    fn narrow(x: Cmplx<F>) -> Self {
        Cmplx {
            r: S::narrow(x.r),
            i: S::narrow(x.i),
        }
    }
}

/// The lines a transform runs along: every index of the other axes, as the byte offsets of
/// its first item in the input and in the output, and the axis's byte strides.
struct Lines {
    starts: Vec<(isize, isize)>,
    nin: usize,
    step_in: isize,
    step_out: isize,
}

impl Lines {
    fn new(shape: &[i64], in_strides: &[i64], out_strides: &[i64], axis: usize) -> Self {
        let others: Vec<usize> = (0..shape.len()).filter(|&d| d != axis).collect();
        let count: usize = others.iter().map(|&d| shape[d] as usize).product();
        let mut starts = Vec::with_capacity(count);
        for mut idx in 0..count {
            let (mut a, mut b) = (0isize, 0isize);
            for &d in others.iter().rev() {
                let n = shape[d] as usize;
                let k = (idx % n) as isize;
                idx /= n;
                a += k * in_strides[d] as isize;
                b += k * out_strides[d] as isize;
            }
            starts.push((a, b));
        }
        Lines {
            starts,
            nin: shape[axis] as usize,
            step_in: in_strides[axis] as isize,
            step_out: out_strides[axis] as isize,
        }
    }
}

/// Strided items of one type at a base address.
#[derive(Clone, Copy)]
struct At<T> {
    base: *mut u8,
    _t: std::marker::PhantomData<T>,
}

impl<T: Copy> At<T> {
    fn new(base: *const u8) -> Self {
        At {
            base: base as *mut u8,
            _t: std::marker::PhantomData,
        }
    }

    /// # Safety
    /// `off` is the byte offset of an item of the array.
    unsafe fn get<U>(self, off: isize) -> U
    where
        T: Stored<U>,
    {
        // SAFETY: the caller's contract; NumPy's items are aligned.
        unsafe { (*(self.base.offset(off) as *const T)).widen() }
    }

    /// # Safety
    /// `off` is the byte offset of an item of the array.
    unsafe fn set<U>(self, off: isize, v: U)
    where
        T: Stored<U>,
    {
        // SAFETY: the caller's contract.
        unsafe { *(self.base.offset(off) as *mut T) = T::narrow(v) }
    }
}

/// # Safety
/// `input` and `out` are arrays of complex items laid out as `l` says.
unsafe fn c2c<F: Real, S: Stored<F>>(
    l: &Lines,
    n: usize,
    fwd: bool,
    fct: F,
    x: At<Cmplx<S>>,
    y: At<Cmplx<S>>,
) {
    let plan = cache::plan(n, PlanC::<F>::new);
    let mut buf = vec![Cmplx::<F>::default(); n];
    let used = l.nin.min(n);
    for &(a, b) in &l.starts {
        for (k, v) in buf.iter_mut().enumerate() {
            *v = if k < used {
                // SAFETY: `k < nin` is inside the input's line.
                unsafe { x.get(a + k as isize * l.step_in) }
            } else {
                Cmplx::default()
            };
        }
        plan.exec(&mut buf, fct, fwd);
        for (k, v) in buf.iter().enumerate() {
            // SAFETY: the output's line has `n` items.
            unsafe { y.set(b + k as isize * l.step_out, *v) };
        }
    }
}

/// # Safety
/// `x` is an array of reals, `y` of complex items, laid out as `l` says.
unsafe fn r2c<F: Real, S: Stored<F>>(l: &Lines, n: usize, fct: F, x: At<S>, y: At<Cmplx<S>>) {
    let plan = cache::plan(n, PlanR::<F>::new);
    let mut buf = vec![F::zero(); n];
    let used = l.nin.min(n);
    for &(a, b) in &l.starts {
        for (k, v) in buf.iter_mut().enumerate() {
            *v = if k < used {
                // SAFETY: `k < nin` is inside the input's line.
                unsafe { x.get(a + k as isize * l.step_in) }
            } else {
                F::zero()
            };
        }
        plan.exec(&mut buf, fct, true);
        // FFTPACK's order R0, R1, I1, ..., unpacked as NumPy's loop does.
        // SAFETY: the output's line has `n/2 + 1` items.
        let out = |k: usize, v: Cmplx<F>| unsafe { y.set(b + k as isize * l.step_out, v) };
        out(0, Cmplx::new(buf[0], F::zero()));
        let (mut i, mut ii) = (1, 1);
        while i + 1 < n {
            out(ii, Cmplx::new(buf[i], buf[i + 1]));
            i += 2;
            ii += 1;
        }
        if i < n {
            out(ii, Cmplx::new(buf[i], F::zero()));
        }
    }
}

/// # Safety
/// `x` is an array of complex items, `y` of reals, laid out as `l` says.
unsafe fn c2r<F: Real, S: Stored<F>>(l: &Lines, n: usize, fct: F, x: At<Cmplx<S>>, y: At<S>) {
    let plan = cache::plan(n, PlanR::<F>::new);
    let mut buf = vec![F::zero(); n];
    for &(a, b) in &l.starts {
        // Items past the input's end are zeros (NumPy pads); the imaginary parts of the first
        // item and of the Nyquist item are not read.
        let item = |k: usize| {
            if k < l.nin {
                // SAFETY: `k < nin` is inside the input's line.
                unsafe { x.get(a + k as isize * l.step_in) }
            } else {
                Cmplx::default()
            }
        };
        buf[0] = item(0).r;
        let (mut i, mut ii) = (1, 1);
        while i + 1 < n {
            let v = item(ii);
            buf[i] = v.r;
            buf[i + 1] = v.i;
            i += 2;
            ii += 1;
        }
        if i < n {
            buf[i] = item(ii).r;
        }
        plan.exec(&mut buf, fct, false);
        for (k, v) in buf.iter().enumerate() {
            // SAFETY: the output's line has `n` items.
            unsafe { y.set(b + k as isize * l.step_out, *v) };
        }
    }
}

/// # Safety
/// See [`oxjit_rt_fft_axis`].
unsafe fn run<F: Real, S: Stored<F>>(
    op: i32,
    fct: F,
    l: &Lines,
    n: usize,
    x: *const u8,
    y: *mut u8,
) {
    if l.starts.is_empty() {
        return;
    }
    // SAFETY: the caller's contract: the arrays hold the types `op` names.
    unsafe {
        match op {
            R2C => r2c(l, n, fct, At::<S>::new(x), At::<Cmplx<S>>::new(y)),
            C2R => c2r(l, n, fct, At::<Cmplx<S>>::new(x), At::<S>::new(y)),
            _ => c2c(
                l,
                n,
                op == C2C_FORWARD,
                fct,
                At::<Cmplx<S>>::new(x),
                At::new(y),
            ),
        }
    }
}

/// The transform `op` (`oxjit_abi::fft`) of length `n >= 1` along `axis` of the array `input`
/// of shape `shape[..ndim]` and byte strides `in_strides`, into the new array `out` of the same
/// shape except `n` (`n/2 + 1` for `R2C`) along `axis`, byte strides `out_strides`: items
/// complex64/float32 unless `precision` is `DOUBLE` (which precision computes: see
/// `oxjit_abi::fft`); `norm` one of `NORM_*`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_fft_axis(
    op: i32,
    precision: i32,
    norm: i32,
    ndim: i64,
    shape: *const i64,
    input: *const u8,
    in_strides: *const i64,
    axis: i64,
    n: i64,
    out: *mut u8,
    out_strides: *const i64,
) {
    // SAFETY: generated code passes `ndim` extents and strides of each array.
    let (shape, si, so) = unsafe {
        (
            std::slice::from_raw_parts(shape, ndim as usize),
            std::slice::from_raw_parts(in_strides, ndim as usize),
            std::slice::from_raw_parts(out_strides, ndim as usize),
        )
    };
    debug_assert!(matches!(op, C2C_FORWARD | C2C_BACKWARD | R2C | C2R) && n >= 1);
    let l = Lines::new(shape, si, so, axis as usize);
    let (n, forward) = (n as usize, op == C2C_FORWARD || op == R2C);
    // SAFETY: the contract above.
    unsafe {
        if precision == DOUBLE {
            run::<f64, f64>(op, factor(norm, forward, n), &l, n, input, out)
        } else if precision == SINGLE_CAST {
            let fct = factor::<f32>(norm, forward, n) as f64;
            run::<f64, f32>(op, fct, &l, n, input, out)
        } else if unscaled(norm, forward) {
            run::<f64, f32>(op, 1.0, &l, n, input, out)
        } else {
            run::<f32, f32>(op, factor(norm, forward, n), &l, n, input, out)
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_fft_axis]
}

#[cfg(test)]
mod tests;
