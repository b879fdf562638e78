//! The arithmetic the FFT passes are written in: a real type `F` (`f32` or `f64`, pocketfft's
//! `T0`) and its complex pair [`Cmplx`], with exactly pocketfft's operations (`cmplx`,
//! `special_mul`, `PM`, `ROTX90` of `pocketfft_hdronly.h`), so that each result is rounded in
//! the same order as NumPy's.

use std::ops::{Add, AddAssign, Mul, MulAssign, Neg, Sub, SubAssign};

/// `f32` or `f64`.
pub trait Real:
    'static
    + Copy
    + PartialEq
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Neg<Output = Self>
    + AddAssign
    + SubAssign
    + MulAssign
    + Default
{
    /// A constant written in double precision (pocketfft's `T0(0.86602540378...L)`).
    fn of(x: f64) -> Self;
    fn zero() -> Self {
        Self::default()
    }
    fn one() -> Self {
        Self::of(1.0)
    }
    /// `sqrt` in this precision (NumPy's `sqrt(n, dtype=...)`).
    fn sqrt(self) -> Self;
    /// `1 / self` in this precision.
    fn recip(self) -> Self;
    /// An integer converted to this precision (round to nearest).
    fn of_usize(n: usize) -> Self;
}

impl Real for f64 {
    fn of(x: f64) -> Self {
        x
    }
    fn sqrt(self) -> Self {
        f64::sqrt(self)
    }
    fn recip(self) -> Self {
        1.0 / self
    }
    fn of_usize(n: usize) -> Self {
        n as f64
    }
}

impl Real for f32 {
    fn of(x: f64) -> Self {
        x as f32
    }
    fn sqrt(self) -> Self {
        f32::sqrt(self)
    }
    fn recip(self) -> Self {
        1.0 / self
    }
    fn of_usize(n: usize) -> Self {
        n as f32
    }
}

/// A complex number as two reals (NumPy's complex layout).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[repr(C)]
pub struct Cmplx<F> {
    pub r: F,
    pub i: F,
}

impl<F: Real> Cmplx<F> {
    pub fn new(r: F, i: F) -> Self {
        Cmplx { r, i }
    }

    /// `self * conj(w)` forward, `self * w` backward (pocketfft's `special_mul<fwd>`).
    #[inline(always)]
    pub fn special_mul(self, w: Cmplx<F>, fwd: bool) -> Self {
        if fwd {
            Cmplx::new(self.r * w.r + self.i * w.i, self.i * w.r - self.r * w.i)
        } else {
            Cmplx::new(self.r * w.r - self.i * w.i, self.r * w.i + self.i * w.r)
        }
    }

    /// Multiplication by `-i` forward, `i` backward (`ROTX90<fwd>`).
    #[inline(always)]
    pub fn rotx90(self, fwd: bool) -> Self {
        if fwd {
            Cmplx::new(self.i, -self.r)
        } else {
            Cmplx::new(-self.i, self.r)
        }
    }

    #[inline(always)]
    pub fn scale(self, f: F) -> Self {
        Cmplx::new(self.r * f, self.i * f)
    }
}

impl<F: Real> Add for Cmplx<F> {
    type Output = Self;
    #[inline(always)]
    fn add(self, o: Self) -> Self {
        Cmplx::new(self.r + o.r, self.i + o.i)
    }
}

impl<F: Real> Sub for Cmplx<F> {
    type Output = Self;
    #[inline(always)]
    fn sub(self, o: Self) -> Self {
        Cmplx::new(self.r - o.r, self.i - o.i)
    }
}

impl<F: Real> AddAssign for Cmplx<F> {
    #[inline(always)]
    fn add_assign(&mut self, o: Self) {
        self.r += o.r;
        self.i += o.i;
    }
}

/// `(c + d, c - d)` (pocketfft's `PM(a, b, c, d)`).
#[inline(always)]
pub fn pm<T: Copy + Add<Output = T> + Sub<Output = T>>(c: T, d: T) -> (T, T) {
    (c + d, c - d)
}
