//! The hot path of a CUDA launch (`oxjit/cuda/launcher.py`): packing a kernel's parameters
//! and calling `cuLaunchKernel`, which Python's `ctypes` made cost several microseconds (a
//! conversion object per argument). The driver stays loaded by `oxjit/cuda/driver.py`
//! (`dlopen` at the first use, so the package imports without one); the launcher looks its
//! `cuLaunchKernel` up in that library handle with `dlsym`, once per compiled kernel.

use std::ffi::c_void;

use pyo3::exceptions::{PyOverflowError, PyRuntimeError, PyTypeError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// `CUresult cuLaunchKernel(CUfunction, gx, gy, gz, bx, by, bz, shared, CUstream, void **params,
/// void **extra)`.
type LaunchKernel = unsafe extern "C" fn(
    *mut c_void,
    u32,
    u32,
    u32,
    u32,
    u32,
    u32,
    u32,
    *mut c_void,
    *mut *mut c_void,
    *mut *mut c_void,
) -> i32;

/// How one kernel argument is passed: an array as its data pointer, shape and byte strides
/// (one 8-byte parameter each), a number in its type's bytes (in an 8-byte slot).
#[derive(Clone, Copy, Debug)]
enum Param {
    Array(u8),
    Bool,
    Int(u8, bool),
    F32,
    F64,
}

impl Param {
    fn parse(kind: &str, n: u8) -> PyResult<Param> {
        Ok(match kind {
            "array" => Param::Array(n),
            "bool" => Param::Bool,
            "float32" => Param::F32,
            "float64" => Param::F64,
            k if k.starts_with("int") || k.starts_with("uint") => {
                Param::Int(n, k.starts_with("int"))
            }
            other => {
                return Err(PyTypeError::new_err(format!(
                    "cannot pass a kernel argument of type {other}"
                )))
            }
        })
    }

    /// The parameter's 8-byte words.
    fn words(self) -> usize {
        match self {
            Param::Array(ndim) => 1 + 2 * ndim as usize,
            _ => 1,
        }
    }
}

/// An integer in `bytes` bytes (signed or not), as the low bytes of a word; an
/// `OverflowError` when it does not fit, as `struct.pack` would raise.
fn int_word(arg: &Bound<'_, PyAny>, bytes: u8, signed: bool) -> PyResult<u64> {
    let bits = 8 * bytes as u32;
    let fits = |lo: i128, hi: i128, v: i128| (lo..=hi).contains(&v);
    let v: i128 = arg.extract()?;
    let (lo, hi) = if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    if !fits(lo, hi, v) {
        return Err(PyOverflowError::new_err(format!(
            "kernel argument {v} does not fit in {}int{bits}",
            if signed { "" } else { "u" }
        )));
    }
    let mask = if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    Ok((v as u64) & mask)
}

/// A float32's bits; an `OverflowError` for a finite value out of its range, as
/// `struct.pack("f", ...)` raises.
fn f32_bits(arg: &Bound<'_, PyAny>) -> PyResult<u32> {
    let v: f64 = arg.extract()?;
    let f = v as f32;
    if f.is_infinite() && v.is_finite() {
        return Err(PyOverflowError::new_err(format!(
            "kernel argument {v} is too large for float32"
        )));
    }
    Ok(f.to_bits())
}

/// The words of an array argument (a `DeviceNDArray` or a CUDA Array Interface wrapper).
fn push_array(out: &mut Vec<u64>, arg: &Bound<'_, PyAny>, ndim: u8) -> PyResult<()> {
    let py = arg.py();
    out.push(
        arg.getattr(intern!(py, "device_ctypes_pointer"))?
            .extract()?,
    );
    for name in [intern!(py, "shape"), intern!(py, "strides")] {
        let dims = arg.getattr(name)?;
        let dims = dims.cast::<PyTuple>()?;
        if dims.len() != ndim as usize {
            return Err(PyTypeError::new_err(format!(
                "a kernel argument of {ndim} dimensions got an array of {}",
                dims.len()
            )));
        }
        for d in dims.iter() {
            out.push(d.extract::<i64>()? as u64);
        }
    }
    Ok(())
}

/// One compiled kernel's launcher: its `CUfunction`, the driver's `cuLaunchKernel`, and how
/// its arguments are packed.
#[pyclass(frozen, module = "oxjit._oxjit")]
pub struct CudaLauncher {
    launch: LaunchKernel,
    function: usize,
    params: Vec<Param>,
    words: usize,
}

#[pymethods]
impl CudaLauncher {
    /// `library`: the driver's `dlopen` handle (ctypes' `CDLL._handle`); `function`: the
    /// `CUfunction`; `params`: the compiled kernel's `("array", ndim)` or `(type, size)`.
    #[new]
    fn new(library: usize, function: usize, params: Vec<(String, u8)>) -> PyResult<Self> {
        // SAFETY: `library` is a live handle from dlopen (the driver module keeps it loaded
        // for the process's life); dlsym reads a NUL-terminated name.
        let sym = unsafe { libc::dlsym(library as *mut c_void, c"cuLaunchKernel".as_ptr()) };
        if sym.is_null() {
            return Err(PyRuntimeError::new_err(
                "the CUDA driver has no cuLaunchKernel",
            ));
        }
        // SAFETY: cuLaunchKernel has this signature in every CUDA driver (cuda.h).
        let launch = unsafe { std::mem::transmute::<*mut c_void, LaunchKernel>(sym) };
        let params = params
            .iter()
            .map(|(kind, n)| Param::parse(kind, *n))
            .collect::<PyResult<Vec<_>>>()?;
        let words = params.iter().map(|p| p.words()).sum();
        Ok(CudaLauncher {
            launch,
            function,
            params,
            words,
        })
    }

    /// Launches with `args` on `stream` (a `CUstream` handle, 0 for the default stream);
    /// the driver's result code (0: launched).
    fn __call__(
        &self,
        args: &Bound<'_, PyTuple>,
        grid: (u32, u32, u32),
        block: (u32, u32, u32),
        shared: u32,
        stream: usize,
    ) -> PyResult<i32> {
        if args.len() != self.params.len() {
            return Err(PyTypeError::new_err(format!(
                "the kernel takes {} arguments, not {}",
                self.params.len(),
                args.len()
            )));
        }
        let mut words: Vec<u64> = Vec::with_capacity(self.words.max(1));
        for (param, arg) in self.params.iter().zip(args.iter()) {
            match *param {
                Param::Array(ndim) => push_array(&mut words, &arg, ndim)?,
                Param::Bool => words.push(u64::from(arg.is_truthy()?)),
                Param::Int(bytes, signed) => words.push(int_word(&arg, bytes, signed)?),
                Param::F32 => words.push(u64::from(f32_bits(&arg)?)),
                Param::F64 => words.push(arg.extract::<f64>()?.to_bits()),
            }
        }
        // One pointer per PTX parameter, each to its 8-byte word (a number sits in the word's
        // low bytes: little-endian, as the GPU reads it).
        let mut pointers: Vec<*mut c_void> = words
            .iter_mut()
            .map(|w| w as *mut u64 as *mut c_void)
            .collect();
        // SAFETY: `launch` is the driver's cuLaunchKernel; `pointers` holds one valid pointer
        // per kernel parameter, alive for the call (the driver copies the values).
        let code = unsafe {
            (self.launch)(
                self.function as *mut c_void,
                grid.0,
                grid.1,
                grid.2,
                block.0,
                block.1,
                block.2,
                shared,
                stream as *mut c_void,
                pointers.as_mut_ptr(),
                std::ptr::null_mut(),
            )
        };
        Ok(code)
    }
}
