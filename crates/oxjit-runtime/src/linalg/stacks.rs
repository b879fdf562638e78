//! Linear algebra on stacks of matrices: `a @ b` (`np.matmul`) of arrays of more than two
//! dimensions, and `np.linalg.{solve, inv, det, slogdet}` of them. As NumPy's gufuncs do, the
//! leading (batch) dimensions broadcast, and each matrix (or vector) of the stack goes through the
//! same code as a lone one, so each result is the one NumPy computes for it; results are new
//! C-contiguous arrays of the broadcast batch shape followed by the core dimensions.

use std::collections::BTreeSet;
use std::sync::Mutex;

use super::lapack::{gesv, real_of, slogdet_any, square};
use super::out::Target;
use super::table::C64;
use super::{status, DType, ElemAccess, Error, OutArray, View};
use crate::exceptions::ExcInfo;

/// An array of any number of dimensions.
pub(super) struct NdView {
    pub(super) data: *mut u8,
    pub(super) shape: Vec<i64>,
    pub(super) strides: Vec<i64>,
    pub(super) dtype: DType,
}

impl NdView {
    /// # Safety
    /// `p` points to an array's native form with `nd` dimensions.
    pub(super) unsafe fn read(p: *const i64, nd: i64, dtype: i64) -> NdView {
        let nd = nd as usize;
        // SAFETY: meminfo, data, `nd` dimensions, `nd` strides (this function's contract).
        unsafe {
            NdView {
                data: *p.add(1) as *mut u8,
                shape: (0..nd).map(|k| *p.add(2 + k)).collect(),
                strides: (0..nd).map(|k| *p.add(2 + nd + k)).collect(),
                dtype: DType::from_code(dtype),
            }
        }
    }

    /// The batch dimensions (all but the last `core`).
    pub(super) fn batch(&self, core: usize) -> &[i64] {
        &self.shape[..self.shape.len() - core]
    }

    /// The core (last `core` dimensions) at byte offset `off`, as a 1-d or 2-d view.
    pub(super) fn core_at(&self, core: usize, off: i64) -> View {
        let nd = self.shape.len();
        let mut shape = [1; 2];
        let mut strides = [0; 2];
        shape[..core].copy_from_slice(&self.shape[nd - core..]);
        strides[..core].copy_from_slice(&self.strides[nd - core..]);
        View {
            data: self.data.wrapping_offset(off as isize),
            nd: core,
            shape,
            strides,
            dtype: self.dtype,
        }
    }

    /// The byte offset of the batch element at `index` (of the broadcast `batch` shape).
    pub(super) fn offset(&self, core: usize, batch: &[i64], index: &[i64]) -> i64 {
        let own = self.batch(core);
        let skip = batch.len() - own.len();
        own.iter()
            .zip(&self.strides)
            .zip(&index[skip..])
            .map(|((d, s), i)| if *d == 1 { 0 } else { i * s })
            .sum()
    }
}

/// A message made at run time, kept for the life of the process (interned: one copy each).
pub(super) fn interned(msg: String) -> &'static str {
    static SEEN: Mutex<BTreeSet<&'static str>> = Mutex::new(BTreeSet::new());
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(s) = seen.get(msg.as_str()) {
        return s;
    }
    let s: &'static str = Box::leak(msg.into_boxed_str());
    seen.insert(s);
    s
}

fn tuple_text(shape: &[i64]) -> String {
    let items: Vec<String> = shape.iter().map(i64::to_string).collect();
    if items.len() == 1 {
        format!("({},)", items[0])
    } else {
        format!("({})", items.join(","))
    }
}

/// NumPy's error for batch dimensions that do not broadcast.
fn broadcast_error(ops: &[(&NdView, usize)], out_core: &[i64]) -> Error {
    let mut text = String::from(
        "operands could not be broadcast together with remapped shapes [original->remapped]:",
    );
    for (v, core) in ops {
        let mut remapped: Vec<String> = v.batch(*core).iter().map(i64::to_string).collect();
        remapped.extend((0..*core).map(|_| "newaxis".to_string()));
        let remapped = if remapped.len() == 1 {
            format!("({},)", remapped[0])
        } else {
            format!("({})", remapped.join(","))
        };
        text += &format!(" {}->{}", tuple_text(&v.shape), remapped);
    }
    text += &format!("  and requested shape {}", tuple_text(out_core));
    Error::Value(interned(text))
}

/// The broadcast of the operands' batch dimensions.
fn broadcast(ops: &[(&NdView, usize)], out_core: &[i64]) -> Result<Vec<i64>, Error> {
    let nd = ops
        .iter()
        .map(|(v, c)| v.shape.len() - c)
        .max()
        .unwrap_or(0);
    let mut shape = vec![1i64; nd];
    for (v, core) in ops {
        let own = v.batch(*core);
        for (k, d) in own.iter().enumerate() {
            let slot = &mut shape[nd - own.len() + k];
            if *d != 1 {
                if *slot != 1 && *slot != *d {
                    return Err(broadcast_error(ops, out_core));
                }
                *slot = *d;
            }
        }
    }
    Ok(shape)
}

/// Calls `each` with every index of `batch`, in C order, and the running count.
pub(super) fn for_each_index(
    batch: &[i64],
    mut each: impl FnMut(&[i64], i64) -> Result<(), Error>,
) -> Result<(), Error> {
    let total: i64 = batch.iter().product();
    let mut index = vec![0i64; batch.len()];
    for k in 0..total {
        each(&index, k)?;
        for d in (0..batch.len()).rev() {
            index[d] += 1;
            if index[d] < batch[d] {
                break;
            }
            index[d] = 0;
        }
    }
    Ok(())
}

/// Copies a C-contiguous block of `n` elements of `r` into the result at item `k`.
pub(super) fn put(out: &OutArray, k: i64, n: i64, src: *const u8) {
    let size = out.dtype.size() as i64;
    // SAFETY: the result holds the batch's items of `n` elements each; `src` holds `n`.
    unsafe {
        std::ptr::copy_nonoverlapping(
            src,
            out.block.data.offset((k * n * size) as isize),
            (n * size) as usize,
        )
    };
}

fn target_data(t: &mut Target) -> *const u8 {
    t.data() as *const u8
}

fn matmul_nd(a: &NdView, b: &NdView, r: DType) -> Result<OutArray, Error> {
    let (ca, cb) = (a.shape.len().min(2), b.shape.len().min(2));
    let k_a = a.shape[a.shape.len() - 1];
    let k_b = b.shape[b.shape.len() - cb];
    if k_a != k_b {
        return Err(Error::ValueFormatted(
            super::product::MATMUL_MISMATCH,
            vec![k_b, k_a],
        ));
    }
    let mut core = Vec::new();
    if ca == 2 {
        core.push(a.shape[a.shape.len() - 2]);
    }
    if cb == 2 {
        core.push(b.shape[b.shape.len() - 1]);
    }
    let batch = broadcast(&[(a, ca), (b, cb)], &core)?;
    let mut shape = batch.clone();
    shape.extend(&core);
    let out = OutArray::new(&shape, r, false)?;
    let n: i64 = core.iter().product();
    for_each_index(&batch, |index, k| {
        let x = a.core_at(ca, a.offset(ca, &batch, index));
        let y = b.core_at(cb, b.offset(cb, &batch, index));
        let mut t = super::product::product_target(&x, &y, r)?;
        put(&out, k, n, target_data(&mut t));
        Ok(())
    })?;
    Ok(out)
}

/// `a @ b` with an operand of more than two dimensions.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_matmul_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: arrays as generated code describes them.
    let (a, b) = unsafe { (NdView::read(a, a_nd, a_dt), NdView::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result array.
    status(matmul_nd(&a, &b, r).map(|x| unsafe { x.emit(out) }), exc)
}

/// NumPy's `_assert_stacked_square` of a stack.
pub(super) fn stacked_square(a: &NdView) -> Result<i64, Error> {
    let nd = a.shape.len();
    if a.shape[nd - 1] != a.shape[nd - 2] {
        return Err(Error::LinAlg(
            "Last 2 dimensions of the array must be square",
        ));
    }
    Ok(a.shape[nd - 1])
}

fn solve_nd(a: &NdView, b: &NdView, r: DType) -> Result<OutArray, Error> {
    let m = stacked_square(a)?;
    // NumPy 2: `b` is a vector (`solve1`) only when it has one dimension.
    let cb = if b.shape.len() == 1 { 1 } else { 2 };
    let rows = b.shape[b.shape.len() - cb];
    if rows != m {
        let template = if cb == 1 {
            "solve1: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m)->(m) (size {0} is different from {1})"
        } else {
            "solve: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (m,m),(m,n)->(m,n) (size {0} is different from {1})"
        };
        return Err(Error::ValueFormatted(template, vec![rows, m]));
    }
    let core = b.shape[b.shape.len() - cb..].to_vec();
    let batch = broadcast(&[(a, 2), (b, cb)], &core)?;
    let mut shape = batch.clone();
    shape.extend(&core);
    let out = OutArray::new(&shape, r, false)?;
    let n: i64 = core.iter().product();
    for_each_index(&batch, |index, k| {
        let x = a.core_at(2, a.offset(2, &batch, index));
        let y = b.core_at(cb, b.offset(cb, &batch, index));
        let s = if r.is_complex() {
            gesv::<C64>(&x, Some(&y), r)?
        } else {
            gesv::<f64>(&x, Some(&y), r)?
        };
        put(&out, k, n, s.block.data);
        Ok(())
    })?;
    Ok(out)
}

/// `np.linalg.solve(a, b)` of stacks (NumPy 2's rule for `b`: a vector only when 1-d).
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_solve_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    b: *const i64,
    b_nd: i64,
    b_dt: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: arrays as generated code describes them.
    let (a, b) = unsafe { (NdView::read(a, a_nd, a_dt), NdView::read(b, b_nd, b_dt)) };
    let r = DType::from_code(r_dt);
    // SAFETY: `out` is the room generated code passed for the result array.
    status(solve_nd(&a, &b, r).map(|x| unsafe { x.emit(out) }), exc)
}

/// What [`oxjit_rt_linalg_unary_nd`] computes for each matrix.
pub const STACK_INV: i64 = 0;
pub const STACK_DET: i64 = 1;
pub const STACK_SLOGDET: i64 = 2;

fn unary_nd(a: &NdView, what: i64, r: DType, outs: [*mut u8; 2]) -> Result<(), Error> {
    let n = stacked_square(a)?;
    let batch = a.batch(2).to_vec();
    let core = if what == STACK_INV {
        vec![n, n]
    } else {
        vec![]
    };
    let mut shape = batch.clone();
    shape.extend(&core);
    let first = OutArray::new(&shape, r, false)?;
    let second = OutArray::new(&batch, real_of(r), false)?;
    let items: i64 = core.iter().product();
    for_each_index(&batch, |index, k| {
        let x = a.core_at(2, a.offset(2, &batch, index));
        if what == STACK_INV {
            square(&x)?;
            let inv = if r.is_complex() {
                gesv::<C64>(&x, None, r)?
            } else {
                gesv::<f64>(&x, None, r)?
            };
            put(&first, k, items, inv.block.data);
            return Ok(());
        }
        let (sign, logdet) = slogdet_any(&x, r)?;
        // SAFETY: item `k` of both results (C-ordered over the batch).
        unsafe {
            let at = |v: &OutArray| v.block.data.offset((k * v.dtype.size() as i64) as isize);
            if what == STACK_DET {
                r.store_c128(at(&first), super::lapack::det_of(sign, logdet, r));
            } else {
                r.store_c128(at(&first), sign);
                real_of(r).store_c128(at(&second), [logdet, 0.0]);
            }
        }
        Ok(())
    })?;
    // SAFETY: `outs` are the room generated code passed for the results.
    unsafe {
        first.emit(outs[0]);
        if what == STACK_SLOGDET {
            second.emit(outs[1]);
        }
    }
    Ok(())
}

/// `np.linalg.inv`, `det` (`what`) of a stack: the result to `out`; `slogdet`: the signs to
/// `out`, the logarithms to `out2`.
#[no_mangle]
pub extern "C" fn oxjit_rt_linalg_unary_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    out2: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    what: i64,
    r_dt: i64,
) -> i32 {
    // SAFETY: an array as generated code describes it.
    let a = unsafe { NdView::read(a, a_nd, a_dt) };
    let r = DType::from_code(r_dt);
    status(unary_nd(&a, what, r, [out, out2]), exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_linalg_matmul_nd",
            oxjit_rt_linalg_matmul_nd as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_solve_nd",
            oxjit_rt_linalg_solve_nd as *const () as usize,
        ),
        (
            "oxjit_rt_linalg_unary_nd",
            oxjit_rt_linalg_unary_nd as *const () as usize,
        ),
    ]
}
