//! The items of an array of any dtype, dimensions and strides, read in C order as float64
//! where they lie: no copy. Generated code spills the array's native form (meminfo, data,
//! shape, strides) to the stack and passes its address, dimensions and dtype code.

use oxjit_abi::DType;

/// An item type read as float64.
pub(crate) trait AsF64: Copy {
    fn f64(self) -> f64;
}

macro_rules! as_f64 {
    ($($t:ty),*) => {$(
        impl AsF64 for $t {
            #[inline(always)]
            fn f64(self) -> f64 {
                self as f64
            }
        }
    )*};
}
as_f64!(i8, u8, i16, u16, i32, u32, i64, u64, f32, f64);

/// Runs `$body` with `$t` the Rust type of the items of dtype `$dt` (complex: unreachable,
/// generated code passes real dtypes only).
macro_rules! with_item_type {
    ($dt:expr, $t:ident, $body:expr) => {
        match $dt {
            DType::Bool | DType::U8 => {
                type $t = u8;
                $body
            }
            DType::I8 => {
                type $t = i8;
                $body
            }
            DType::I16 => {
                type $t = i16;
                $body
            }
            DType::U16 => {
                type $t = u16;
                $body
            }
            DType::I32 => {
                type $t = i32;
                $body
            }
            DType::U32 => {
                type $t = u32;
                $body
            }
            DType::I64 => {
                type $t = i64;
                $body
            }
            DType::U64 => {
                type $t = u64;
                $body
            }
            DType::F32 => {
                type $t = f32;
                $body
            }
            DType::F64 | DType::C64 | DType::C128 => {
                type $t = f64;
                $body
            }
        }
    };
}

/// An array argument of any number of dimensions.
pub(crate) struct Items {
    data: *const u8,
    shape: Vec<usize>,
    strides: Vec<isize>,
    dtype: DType,
}

/// The `j`-th item of a row starting at `p`, `step` bytes apart.
///
/// # Safety
/// The item lies in the array.
#[inline(always)]
unsafe fn at<T: AsF64>(p: *const u8, j: usize, step: isize) -> f64 {
    // SAFETY: the caller's promise; NumPy arrays may be unaligned.
    unsafe { (p.offset(j as isize * step) as *const T).read_unaligned() }.f64()
}

impl Items {
    /// Reads the native form of an array of `nd` dimensions at `p`.
    ///
    /// # Safety
    /// `p` points to an array's native form with `nd` dimensions (meminfo, data, `nd` sizes,
    /// `nd` byte strides) whose items have the real dtype `dtype`.
    pub(crate) unsafe fn read(p: *const i64, nd: i64, dtype: i64) -> Items {
        let nd = nd as usize;
        // SAFETY: the caller's promise.
        unsafe {
            Items {
                data: *p.add(1) as *const u8,
                shape: (0..nd).map(|k| *p.add(2 + k) as usize).collect(),
                strides: (0..nd).map(|k| *p.add(2 + nd + k) as isize).collect(),
                dtype: DType::from_code(dtype),
            }
        }
    }

    /// The number of items.
    pub(crate) fn len(&self) -> usize {
        self.shape.iter().product()
    }

    /// Calls `row(k, p, q, len)` for each innermost row in C order: `k` the C index of its
    /// first item, `p` its address here and `q` in `other` (an array of the same shape, or
    /// null).
    #[inline(always)]
    fn rows(&self, other: Option<&Items>, mut row: impl FnMut(usize, *const u8, *const u8, usize)) {
        let nd = self.shape.len();
        if self.len() == 0 {
            return;
        }
        let q0 = other.map_or(std::ptr::null(), |o| o.data);
        if nd == 0 {
            return row(0, self.data, q0, 1);
        }
        let inner = self.shape[nd - 1];
        let mut idx = vec![0usize; nd - 1];
        let (mut p, mut q) = (self.data, q0);
        let mut k = 0;
        loop {
            row(k, p, q, inner);
            k += inner;
            let mut d = nd - 1;
            loop {
                if d == 0 {
                    return;
                }
                d -= 1;
                idx[d] += 1;
                // `wrapping_offset`: the address past the last row is never read.
                p = p.wrapping_offset(self.strides[d]);
                if let Some(o) = other {
                    q = q.wrapping_offset(o.strides[d]);
                }
                if idx[d] < self.shape[d] {
                    break;
                }
                idx[d] = 0;
                p = p.wrapping_offset(-(self.shape[d] as isize) * self.strides[d]);
                if let Some(o) = other {
                    q = q.wrapping_offset(-(self.shape[d] as isize) * o.strides[d]);
                }
            }
        }
    }

    /// The items as one row of float64 (address, count, byte step) where they are float64 in a
    /// single row (one axis, or C-contiguous); `None` otherwise. A loop over it keeps its state
    /// in registers, where one in a closure given to `fold` loads each capture again at every
    /// item once it stores through a pointer (a histogram's counts).
    pub(crate) fn f64_row(&self) -> Option<(*const u8, usize, isize)> {
        if self.dtype != DType::F64 {
            return None;
        }
        let item = std::mem::size_of::<f64>() as isize;
        if self.shape.len() == 1 {
            return Some((self.data, self.shape[0], self.strides[0]));
        }
        let mut expected = item;
        for (&n, &stride) in self.shape.iter().zip(&self.strides).rev() {
            if n != 1 && stride != expected {
                return None;
            }
            expected *= n as isize;
        }
        Some((self.data, self.len(), item))
    }

    /// The byte step of the innermost axis (0 for no axes).
    fn step(&self) -> isize {
        self.strides.last().copied().unwrap_or(0)
    }

    /// Calls `f(x)` for each item in C order.
    #[inline(always)]
    pub(crate) fn for_each(&self, mut f: impl FnMut(f64)) {
        self.fold((), |(), x| f(x))
    }

    /// `f(...f(f(init, x0), x1)..., xn)` over the items in C order. The state is a local of
    /// each row's loop (kept in registers, where a captured `&mut` would be stored and loaded
    /// again at every item).
    #[inline(always)]
    pub(crate) fn fold<S: Copy>(&self, init: S, mut f: impl FnMut(S, f64) -> S) -> S {
        let step = self.step();
        let mut acc = init;
        with_item_type!(self.dtype, T, {
            let unit = step == std::mem::size_of::<T>() as isize;
            self.rows(None, |_, p, _, len| {
                let mut s = acc;
                // Two loops so that the contiguous one steps by a constant.
                if unit {
                    for j in 0..len {
                        // SAFETY: `j` is within the row.
                        s = f(s, unsafe {
                            at::<T>(p, j, std::mem::size_of::<T>() as isize)
                        });
                    }
                } else {
                    for j in 0..len {
                        // SAFETY: `j` is within the row.
                        s = f(s, unsafe { at::<T>(p, j, step) });
                    }
                }
                acc = s;
            })
        });
        acc
    }

    /// Calls `f(k, x, w)` for each item `x` in C order, `k` its C index and `w` the item of
    /// `weights` (an array of the same shape) at the same place.
    pub(crate) fn for_each_weighted(&self, weights: &Items, mut f: impl FnMut(usize, f64, f64)) {
        let (sx, sw) = (self.step(), weights.step());
        with_item_type!(self.dtype, T, {
            with_item_type!(weights.dtype, W, {
                self.rows(Some(weights), |k, p, q, len| {
                    for j in 0..len {
                        // SAFETY: `j` is within both rows (the arrays have one shape).
                        let (x, w) = unsafe { (at::<T>(p, j, sx), at::<W>(q, j, sw)) };
                        f(k + j, x, w);
                    }
                })
            })
        })
    }
}
