//! The result of a product (`np.dot`, `@`, `np.outer`...): a new array of the product's shape,
//! or one element for vector · vector; and reading an element of an operand.

use super::elem::Elem;
use super::{DType, Error, OutArray, View};

/// The result of a product: an array, or one element for vector · vector.
pub(super) enum Target {
    Array(OutArray),
    Scalar([f64; 2]),
}

impl Target {
    pub(super) fn data(&mut self) -> *mut u8 {
        match self {
            Target::Array(a) => a.block.data,
            Target::Scalar(s) => s.as_mut_ptr() as *mut u8,
        }
    }

    /// Hands the result to the caller's slot: an array's native form, or the element.
    ///
    /// # Safety
    /// `out` is the slot of the product's type; a scalar target holds an element of `dtype`.
    pub(super) unsafe fn emit(self, out: *mut u8, dtype: DType) {
        match self {
            // SAFETY: `out` is room for the result (this function's contract).
            Target::Array(a) => unsafe { a.emit(out) },
            // SAFETY: `out` is room for one element of `dtype` (this function's contract), which
            // `s` holds.
            Target::Scalar(s) => unsafe {
                std::ptr::copy_nonoverlapping(s.as_ptr() as *const u8, out, dtype.size())
            },
        }
    }
}

pub(super) fn new_target(shape: &[i64], dtype: DType, zeroed: bool) -> Result<Target, Error> {
    if shape.is_empty() {
        Ok(Target::Scalar([0.0; 2]))
    } else {
        Ok(Target::Array(OutArray::new(shape, dtype, zeroed)?))
    }
}

/// The shape of the product of `a` and `b` (the contracted dimension dropped).
pub(super) fn product_shape(a: &View, b: &View) -> Vec<i64> {
    let mut shape = Vec::new();
    if a.nd == 2 {
        shape.push(a.shape[0]);
    }
    if b.nd == 2 {
        shape.push(b.shape[1]);
    }
    shape
}

/// # Safety
/// `p` points to an element of `T`.
pub(super) unsafe fn read<T: Elem>(p: *const u8) -> T {
    // SAFETY: `p` points to an element of `T` (this function's contract), maybe unaligned.
    unsafe { (p as *const T).read_unaligned() }
}
