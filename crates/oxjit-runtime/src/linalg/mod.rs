//! Linear algebra through NumPy's own BLAS and LAPACK, so that compiled code gets NumPy's answers
//! bit for bit: `np.dot`, `@`, `np.outer`, `np.trace` and `np.linalg.{norm, solve, inv, det,
//! slogdet, eigh, eigvalsh, svd, lstsq}`.
//!
//! The library is the one NumPy's wheels ship (`scipy_openblas64_`, ILP64: every integer is 64
//! bits). The Python side finds it and hands the addresses of the functions named in
//! [`table::NAMES`] to [`set_lapack`] before the first compile that needs them; the entry points
//! here only run after that. Each mirrors, step for step, the NumPy code that computes the same
//! thing (`numpy/_core/src/common/cblasfuncs.c` for `np.dot`, `numpy/_core/src/umath/matmul.c.src`
//! for `@`, `numpy/linalg/umath_linalg.cpp` and `numpy/linalg/_linalg.py` for `np.linalg`): the
//! same routines with the same arguments, the same copies, the same scalar loops where NumPy has
//! its own.
//!
//! Arrays come in as pointers to their native form (`{meminfo, data, shape[nd], strides[nd]}`,
//! strides in bytes) with a [`DType`] code; results are new C-contiguous arrays in runtime blocks
//! (a new reference each), written to the caller's slots. Entry points return 0, or 1 after
//! filling the exception record (NumPy's class and message), having freed what they allocated.

pub mod decomp;
pub mod derived;
pub mod elem;
mod factor;
pub mod lapack;
mod lin;
mod matmul;
pub mod norm;
mod out;
pub mod outer;
pub mod product;
pub mod stacks;
pub mod stacks_decomp;
pub mod stacks_derived;
pub mod table;

use crate::exceptions::{ArgKind, ExcInfo};
use crate::nrt::{oxjit_rt_nrt_allocate, oxjit_rt_nrt_decref, MemInfo};

pub use table::{set_lapack, Lapack, NAMES};

/// The exception class NumPy's linear algebra raises (resolved by name when boxed).
pub const LINALG_ERROR: &str = "numpy.linalg.LinAlgError";

/// Element types, as generated code passes them (declared in the ABI crate).
pub use oxjit_abi::DType;

/// Reading and writing elements of a [`DType`] in memory, with NumPy's casts.
pub trait ElemAccess {
    /// Reads one element as a complex double (`(x, 0)` for real types), as NumPy casts.
    ///
    /// # Safety
    /// `p` points to an element of this type.
    unsafe fn load_c128(self, p: *const u8) -> [f64; 2];

    /// Reads one element of a real type as a double (NumPy's cast: round to nearest).
    ///
    /// # Safety
    /// `p` points to an element of this type.
    unsafe fn load_f64(self, p: *const u8) -> f64;

    /// Reads one element of an integer or bool type as an int64 (wrapping, as C casts).
    ///
    /// # Safety
    /// `p` points to an element of this type.
    unsafe fn load_i64(self, p: *const u8) -> i64;

    /// Writes an int64 as an element of an integer or bool type (truncating, as C casts).
    ///
    /// # Safety
    /// `p` points to room for an element of this type.
    unsafe fn store_i64(self, p: *mut u8, v: i64);

    /// Writes a complex double as an element of a float or complex type (NumPy's cast; real
    /// types take the real part).
    ///
    /// # Safety
    /// `p` points to room for an element of this type.
    unsafe fn store_c128(self, p: *mut u8, v: [f64; 2]);
}

impl ElemAccess for DType {
    unsafe fn load_c128(self, p: *const u8) -> [f64; 2] {
        // SAFETY: `p` points to an element of this type (this function's contract).
        unsafe {
            match self {
                DType::C64 => {
                    let v = (p as *const [f32; 2]).read_unaligned();
                    [v[0] as f64, v[1] as f64]
                }
                DType::C128 => (p as *const [f64; 2]).read_unaligned(),
                _ => [self.load_f64(p), 0.0],
            }
        }
    }

    unsafe fn load_f64(self, p: *const u8) -> f64 {
        // SAFETY: `p` points to an element of this type (this function's contract).
        unsafe {
            match self {
                DType::Bool => (*p != 0) as u8 as f64,
                DType::I8 => *(p as *const i8) as f64,
                DType::U8 => *p as f64,
                DType::I16 => (p as *const i16).read_unaligned() as f64,
                DType::U16 => (p as *const u16).read_unaligned() as f64,
                DType::I32 => (p as *const i32).read_unaligned() as f64,
                DType::U32 => (p as *const u32).read_unaligned() as f64,
                DType::I64 => (p as *const i64).read_unaligned() as f64,
                DType::U64 => (p as *const u64).read_unaligned() as f64,
                DType::F32 => (p as *const f32).read_unaligned() as f64,
                DType::F64 => (p as *const f64).read_unaligned(),
                DType::C64 => (p as *const f32).read_unaligned() as f64,
                DType::C128 => (p as *const f64).read_unaligned(),
            }
        }
    }

    unsafe fn load_i64(self, p: *const u8) -> i64 {
        // SAFETY: `p` points to an element of this type (this function's contract).
        unsafe {
            match self {
                DType::Bool => (*p != 0) as i64,
                DType::I8 => *(p as *const i8) as i64,
                DType::U8 => *p as i64,
                DType::I16 => (p as *const i16).read_unaligned() as i64,
                DType::U16 => (p as *const u16).read_unaligned() as i64,
                DType::I32 => (p as *const i32).read_unaligned() as i64,
                DType::U32 => (p as *const u32).read_unaligned() as i64,
                DType::I64 | DType::U64 => (p as *const i64).read_unaligned(),
                DType::F32 | DType::C64 => (p as *const f32).read_unaligned() as i64,
                DType::F64 | DType::C128 => (p as *const f64).read_unaligned() as i64,
            }
        }
    }

    unsafe fn store_i64(self, p: *mut u8, v: i64) {
        // SAFETY: `p` points to room for an element of this type (this function's contract).
        unsafe {
            match self {
                DType::Bool => *p = (v != 0) as u8,
                DType::I8 | DType::U8 => *p = v as u8,
                DType::I16 | DType::U16 => (p as *mut u16).write_unaligned(v as u16),
                DType::I32 | DType::U32 => (p as *mut u32).write_unaligned(v as u32),
                _ => (p as *mut i64).write_unaligned(v),
            }
        }
    }

    unsafe fn store_c128(self, p: *mut u8, v: [f64; 2]) {
        // SAFETY: `p` points to room for an element of this type (this function's contract).
        unsafe {
            match self {
                DType::F32 => (p as *mut f32).write_unaligned(v[0] as f32),
                DType::C64 => (p as *mut [f32; 2]).write_unaligned([v[0] as f32, v[1] as f32]),
                DType::C128 => (p as *mut [f64; 2]).write_unaligned(v),
                _ => (p as *mut f64).write_unaligned(v[0]),
            }
        }
    }
}

/// An array argument: its data, shape and byte strides (one or two dimensions).
#[derive(Clone, Copy, Debug)]
pub struct View {
    pub data: *mut u8,
    pub nd: usize,
    pub shape: [i64; 2],
    pub strides: [i64; 2],
    pub dtype: DType,
}

impl View {
    /// Reads the native form of an array of `nd` dimensions at `p`.
    ///
    /// # Safety
    /// `p` points to an array's native form with `nd` (1 or 2) dimensions.
    pub unsafe fn read(p: *const i64, nd: i64, dtype: i64) -> View {
        let nd = nd as usize;
        let mut shape = [1; 2];
        let mut strides = [0; 2];
        // SAFETY: `p` points to an array's native form with `nd` dimensions (this function's
        // contract): meminfo, data, `nd` dimensions, `nd` strides.
        unsafe {
            for k in 0..nd {
                shape[k] = *p.add(2 + k);
                strides[k] = *p.add(2 + nd + k);
            }
            View {
                data: *p.add(1) as *mut u8,
                nd,
                shape,
                strides,
                dtype: DType::from_code(dtype),
            }
        }
    }

    /// A view of memory laid out C-contiguously.
    pub fn contiguous(data: *mut u8, shape: &[i64], dtype: DType) -> View {
        let nd = shape.len();
        let size = dtype.size() as i64;
        let mut s = [1; 2];
        let mut st = [0; 2];
        s[..nd].copy_from_slice(shape);
        if nd == 2 {
            st = [shape[1] * size, size];
        } else if nd == 1 {
            st[0] = size;
        }
        View {
            data,
            nd,
            shape: s,
            strides: st,
            dtype,
        }
    }

    pub fn size(&self) -> i64 {
        self.shape[..self.nd].iter().product()
    }

    /// The address of element `(i, j)` (`j` ignored for one dimension).
    pub fn at(&self, i: i64, j: i64) -> *mut u8 {
        let off = if self.nd == 2 {
            i * self.strides[0] + j * self.strides[1]
        } else {
            i * self.strides[0]
        };
        self.data.wrapping_offset(off as isize)
    }

    /// The address of the `k`th element in C order.
    pub fn at_flat(&self, k: i64) -> *mut u8 {
        if self.nd == 2 {
            let cols = self.shape[1].max(1);
            self.at(k / cols, k % cols)
        } else {
            self.at(k, 0)
        }
    }

    /// NumPy's C-contiguity flag (dimensions of length 1 may have any stride).
    pub fn is_c_contiguous(&self) -> bool {
        let mut sd = self.dtype.size() as i64;
        let mut ok = true;
        for k in (0..self.nd).rev() {
            let dim = self.shape[k];
            if dim == 0 {
                return true;
            }
            if dim != 1 {
                if self.strides[k] != sd {
                    ok = false;
                }
                sd *= dim;
            }
        }
        ok
    }

    /// NumPy's Fortran-contiguity flag.
    pub fn is_f_contiguous(&self) -> bool {
        let mut sd = self.dtype.size() as i64;
        let mut ok = true;
        for k in 0..self.nd {
            let dim = self.shape[k];
            if dim == 0 {
                return true;
            }
            if dim != 1 {
                if self.strides[k] != sd {
                    ok = false;
                }
                sd *= dim;
            }
        }
        ok
    }
}

/// Memory that an entry point owns while it runs: freed when dropped, unless handed out.
pub struct Block {
    mi: *mut MemInfo,
    pub data: *mut u8,
}

impl Block {
    /// A new runtime block of `size` bytes, or `None` when the memory cannot be had.
    pub fn new(size: usize) -> Option<Block> {
        let mi = oxjit_rt_nrt_allocate(size as i64);
        if mi.is_null() {
            return None;
        }
        // SAFETY: a fresh block.
        let data = unsafe { (*mi).data };
        Some(Block { mi, data })
    }

    /// A new zeroed block.
    pub fn zeroed(size: usize) -> Option<Block> {
        let b = Block::new(size)?;
        // SAFETY: the block has `size` bytes of data.
        unsafe { std::ptr::write_bytes(b.data, 0, size) };
        Some(b)
    }

    /// Gives up ownership: the block's reference goes to whoever receives the meminfo.
    pub fn into_meminfo(self) -> *mut MemInfo {
        let mi = self.mi;
        std::mem::forget(self);
        mi
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        oxjit_rt_nrt_decref(self.mi);
    }
}

/// A result array being built: a block and the C-contiguous shape it will have.
pub struct OutArray {
    pub block: Block,
    pub shape: Vec<i64>,
    pub dtype: DType,
}

impl OutArray {
    /// An array of `shape`, zeroed if asked (uninitialised otherwise).
    pub fn new(shape: &[i64], dtype: DType, zeroed: bool) -> Result<OutArray, Error> {
        let n: i64 = shape.iter().product();
        let size = (n.max(0) as usize) * dtype.size();
        let block = if zeroed {
            Block::zeroed(size)
        } else {
            Block::new(size)
        }
        .ok_or(Error::NoMemory(size as i64))?;
        Ok(OutArray {
            block,
            shape: shape.to_vec(),
            dtype,
        })
    }

    pub fn view(&self) -> View {
        View::contiguous(self.block.data, &self.shape, self.dtype)
    }

    /// Writes the array's native form to `out` and hands it its block.
    ///
    /// # Safety
    /// `out` points to room for an array of `self.shape.len()` dimensions.
    pub unsafe fn emit(self, out: *mut u8) {
        let item = self.dtype.size() as i64;
        // SAFETY: the contract of this function.
        unsafe { self.emit_with_item(out, item) }
    }

    /// C-ordered byte strides of this shape for elements `item` bytes apart.
    fn strides(&self, item: i64) -> Vec<i64> {
        let mut strides = vec![0; self.shape.len()];
        let mut step = item;
        for k in (0..self.shape.len()).rev() {
            strides[k] = step;
            step *= self.shape[k].max(1);
        }
        strides
    }

    /// # Safety
    /// As [`OutArray::emit`]; `item` is the element size or, for a view of real parts, twice it.
    unsafe fn emit_with_item(self, out: *mut u8, item: i64) {
        let strides = self.strides(item);
        let nd = self.shape.len();
        let w = out as *mut i64;
        // SAFETY: `out` is room for the native form of an array of this many dimensions (this
        // function's contract).
        unsafe {
            *w.add(1) = self.block.data as i64;
            for (k, (dim, stride)) in self.shape.iter().zip(&strides).enumerate() {
                *w.add(2 + k) = *dim;
                *w.add(2 + nd + k) = *stride;
            }
            *w = self.block.into_meminfo() as i64;
        }
    }
}

impl OutArray {
    /// Writes the native form of a view of the real parts of this complex double array (NumPy's
    /// `z.real`: `float64` elements 16 bytes apart) to `out` and hands it the block.
    ///
    /// # Safety
    /// `out` points to room for an array of `self.shape.len()` dimensions; `self` is `C128`.
    pub unsafe fn emit_real_part(self, out: *mut u8) {
        let item = self.dtype.size() as i64;
        // SAFETY: the contract of this function.
        unsafe { self.emit_with_item(out, item) }
    }
}

/// Why an entry point failed: the exception NumPy raises.
#[derive(Debug)]
pub enum Error {
    /// `numpy.linalg.LinAlgError(msg)`.
    LinAlg(&'static str),
    /// `ValueError(msg)`.
    Value(&'static str),
    /// `ValueError(template)` with `{0}`... replaced by the numbers.
    ValueFormatted(&'static str, Vec<i64>),
    /// `MemoryError` for an allocation of this many bytes.
    NoMemory(i64),
}

impl Error {
    /// Fills the exception record; returns the status generated code expects (1).
    pub fn raise(self, exc: &mut ExcInfo) -> i32 {
        let (class, msg, ints): (&'static str, &'static str, Vec<i64>) = match self {
            Error::LinAlg(m) => (LINALG_ERROR, m, vec![]),
            Error::Value(m) => ("ValueError", m, vec![]),
            Error::ValueFormatted(m, ints) => ("ValueError", m, ints),
            Error::NoMemory(n) => (
                "MemoryError",
                "Unable to allocate {0} bytes for an array",
                vec![n],
            ),
        };
        let e = exc;
        e.class_name = class.as_ptr();
        e.class_len = class.len() as i64;
        e.msg = msg.as_ptr();
        e.msg_len = msg.len() as i64;
        if ints.is_empty() {
            e.arg_kind = ArgKind::None as i64;
        } else {
            e.arg_kind = ArgKind::Template as i64;
            for (slot, v) in e.ints.iter_mut().zip(ints) {
                *slot = v;
            }
        }
        oxjit_abi::status::RAISED
    }
}

/// Turns an entry point's result into its status.
pub fn status(r: Result<(), Error>, exc: &mut ExcInfo) -> i32 {
    match r {
        Ok(()) => oxjit_abi::status::OK,
        Err(e) => e.raise(exc),
    }
}

/// Scratch memory for LAPACK and for copies (freed on drop).
pub fn scratch<T: Copy + Default>(n: usize) -> Result<Vec<T>, Error> {
    let mut v = Vec::new();
    v.try_reserve_exact(n)
        .map_err(|_| Error::NoMemory((n * std::mem::size_of::<T>()) as i64))?;
    v.resize(n, T::default());
    Ok(v)
}

/// Every runtime function of this module, for the JIT's symbol table.
pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = product::symbols();
    out.extend(outer::symbols());
    out.extend(lapack::symbols());
    out.extend(norm::symbols());
    out.extend(decomp::symbols());
    out.extend(derived::symbols());
    out.extend(stacks::symbols());
    out.extend(stacks_decomp::symbols());
    out.extend(stacks_derived::symbols());
    out
}

/// Native arrays over test data, for the unit tests of this module.
#[cfg(test)]
pub(crate) mod testing {
    use crate::nrt::oxjit_rt_nrt_decref;

    /// The native form of a C-contiguous array over `data`.
    pub fn native<T>(data: &mut [T], shape: &[i64]) -> Vec<i64> {
        let size = std::mem::size_of::<T>() as i64;
        let mut v = vec![0, data.as_mut_ptr() as i64];
        v.extend_from_slice(shape);
        if shape.len() == 2 {
            v.extend([shape[1] * size, size]);
        } else {
            v.push(size);
        }
        v
    }

    /// Reads a result array's elements, then gives its block back.
    pub fn take<T: Copy>(out: &[i64], n: usize) -> Vec<T> {
        let data = out[1] as *const T;
        // SAFETY: `out` is the native form of a contiguous array of at least `n` items of `T`,
        // made by the function under test.
        let values = (0..n).map(|k| unsafe { *data.add(k) }).collect();
        oxjit_rt_nrt_decref(out[0] as *mut crate::nrt::MemInfo);
        values
    }
}
