//! `np.linalg.{cholesky, qr, eig, eigvals, pinv, eigh, eigvalsh, svd}` of stacks of matrices (arrays of more than two
//! dimensions): as NumPy's gufuncs loop, each matrix of the stack goes through the same code as a
//! lone one (`decomp`, `derived`), so each result is the one NumPy computes for it, copied into
//! new C-contiguous arrays of the batch shape followed by the core dimensions. An error in any
//! matrix is the call's error, as NumPy raises it for the whole stack.

use super::decomp::{cholesky, eig, finite, qr, QR_COMPLETE, QR_R};
use super::derived::pinv;
use super::lapack::{eigh, real_of, svd_any};
use super::stacks::{for_each_index, put, stacked_square, NdView};
use super::table::C64;
use super::{status, DType, Error, OutArray};
use crate::exceptions::ExcInfo;

/// What [`oxjit_rt_linalg_decomp_nd`] computes for each matrix.
pub const DECOMP_CHOLESKY: i64 = 0;
pub const DECOMP_QR: i64 = 1;
pub const DECOMP_EIG: i64 = 2;
pub const DECOMP_EIGVALS: i64 = 3;
pub const DECOMP_PINV: i64 = 4;
pub const DECOMP_EIGH: i64 = 5;
pub const DECOMP_EIGVALSH: i64 = 6;
/// `svd` with `compute_uv` (`flag`: `full_matrices`), and without (the values only).
pub const DECOMP_SVD: i64 = 7;
pub const DECOMP_SVDVALS: i64 = 8;

/// The per-matrix parameters of a call.
#[derive(Clone, Copy)]
struct Params {
    what: i64,
    /// `upper` of `cholesky`, the mode of `qr`, `per_dim` of `pinv`, `UPLO` of `eigh`,
    /// `full_matrices` of `svd`.
    flag: i64,
    /// `rcond` of `pinv`.
    rcond: f64,
    r: DType,
}

/// The core shapes of the results for an `m`×`n` matrix and their element types (in the
/// order they are returned). A float64 `eig` result is stored (as NumPy's) complex, the real
/// parts handed out as a view.
fn cores(p: Params, m: i64, n: i64) -> Vec<(Vec<i64>, DType)> {
    let mn = m.min(n);
    let r = p.r;
    let eig = if r == DType::F64 { DType::C128 } else { r };
    match p.what {
        DECOMP_CHOLESKY => vec![(vec![n, n], r)],
        DECOMP_QR if p.flag == QR_R => vec![(vec![mn, n], r)],
        DECOMP_QR => {
            // `decomp::qr`'s rule: all m columns of Q for 'complete' when m > n.
            let mc = if p.flag == QR_COMPLETE && m > n {
                m
            } else {
                mn
            };
            vec![(vec![m, mc], r), (vec![mc, n], r)]
        }
        DECOMP_EIG => vec![(vec![n], eig), (vec![n, n], eig)],
        DECOMP_EIGVALS => vec![(vec![n], eig)],
        DECOMP_EIGH => vec![(vec![n], real_of(r)), (vec![n, n], r)],
        DECOMP_EIGVALSH => vec![(vec![n], real_of(r))],
        DECOMP_SVD if p.flag != 0 => vec![(vec![m, m], r), (vec![mn], real_of(r)), (vec![n, n], r)],
        DECOMP_SVD => vec![(vec![m, mn], r), (vec![mn], real_of(r)), (vec![mn, n], r)],
        DECOMP_SVDVALS => vec![(vec![mn], real_of(r))],
        _ => vec![(vec![n, m], r)],
    }
}

/// Whether the results are views of the real parts of complex ones (`eig` of float64).
fn real_parts(p: Params) -> bool {
    matches!(p.what, DECOMP_EIG | DECOMP_EIGVALS) && p.r == DType::F64
}

/// The results for one matrix.
fn one(x: &super::View, p: Params) -> Result<Vec<OutArray>, Error> {
    let complex = p.r.is_complex();
    Ok(match p.what {
        DECOMP_CHOLESKY if complex => vec![cholesky::<C64>(x, p.flag != 0, p.r)?],
        DECOMP_CHOLESKY => vec![cholesky::<f64>(x, p.flag != 0, p.r)?],
        DECOMP_QR => {
            let (q, r) = if complex {
                qr::<C64>(x, p.flag, p.r)?
            } else {
                qr::<f64>(x, p.flag, p.r)?
            };
            q.into_iter().chain(std::iter::once(r)).collect()
        }
        DECOMP_EIG | DECOMP_EIGVALS => {
            let vectors = p.what == DECOMP_EIG;
            let (w, v) = if x.dtype.is_complex() {
                eig::<C64>(x, vectors, p.r)?
            } else {
                eig::<f64>(x, vectors, p.r)?
            };
            std::iter::once(w).chain(v).collect()
        }
        DECOMP_EIGH | DECOMP_EIGVALSH => {
            let vectors = p.what == DECOMP_EIGH;
            let (w, v) = if complex {
                eigh::<C64>(x, p.flag as u8, vectors, p.r)?
            } else {
                eigh::<f64>(x, p.flag as u8, vectors, p.r)?
            };
            std::iter::once(w).chain(v).collect()
        }
        DECOMP_SVD | DECOMP_SVDVALS => {
            let jobz = match (p.what == DECOMP_SVD, p.flag != 0) {
                (false, _) => b'N',
                (true, true) => b'A',
                (true, false) => b'S',
            };
            let (u, s, vh) = svd_any(x, jobz, p.r)?;
            u.into_iter().chain(std::iter::once(s)).chain(vh).collect()
        }
        _ => vec![pinv(x, p.rcond, p.flag != 0, p.r)?],
    })
}

fn decomp_nd(a: &NdView, p: Params) -> Result<Vec<OutArray>, Error> {
    let nd = a.shape.len();
    let (m, n) = (a.shape[nd - 2], a.shape[nd - 1]);
    let batch = a.batch(2).to_vec();
    let square = [
        DECOMP_CHOLESKY,
        DECOMP_EIG,
        DECOMP_EIGVALS,
        DECOMP_EIGH,
        DECOMP_EIGVALSH,
    ];
    if square.contains(&p.what) {
        stacked_square(a)?;
    }
    if matches!(p.what, DECOMP_EIG | DECOMP_EIGVALS) {
        // NumPy's `_assert_finite` looks at the whole stack before computing anything.
        for_each_index(&batch, |index, _| {
            finite(&a.core_at(2, a.offset(2, &batch, index)))
        })?;
    }
    let cores = cores(p, m, n);
    let outs = cores
        .iter()
        .map(|(core, dtype)| {
            let mut shape = batch.clone();
            shape.extend(core);
            OutArray::new(&shape, *dtype, false)
        })
        .collect::<Result<Vec<_>, _>>()?;
    for_each_index(&batch, |index, k| {
        let x = a.core_at(2, a.offset(2, &batch, index));
        for ((out, (core, _)), r) in outs.iter().zip(&cores).zip(one(&x, p)?) {
            put(out, k, core.iter().product(), r.block.data);
        }
        Ok(())
    })?;
    Ok(outs)
}

/// `np.linalg.{cholesky, qr, eig, eigvals, pinv, eigh, eigvalsh, svd}` (`what`) of a stack: the
/// results, in the order NumPy returns them, to `out`, `out2` and `out3`.
#[no_mangle]
#[allow(clippy::too_many_arguments)]
pub extern "C" fn oxjit_rt_linalg_decomp_nd(
    exc: &mut ExcInfo,
    out: *mut u8,
    out2: *mut u8,
    out3: *mut u8,
    a: *const i64,
    a_nd: i64,
    a_dt: i64,
    what: i64,
    flag: i64,
    rcond: f64,
    r_dt: i64,
) -> i32 {
    // SAFETY: an array as generated code describes it.
    let a = unsafe { NdView::read(a, a_nd, a_dt) };
    let r = DType::from_code(r_dt);
    let p = Params {
        what,
        flag,
        rcond,
        r,
    };
    let result = decomp_nd(&a, p).map(|outs| {
        for (x, slot) in outs.into_iter().zip([out, out2, out3]) {
            // SAFETY: `out`, `out2` and `out3` are the room generated code passed for the results.
            unsafe {
                if real_parts(p) {
                    x.emit_real_part(slot)
                } else {
                    x.emit(slot)
                }
            }
        }
    });
    status(result, exc)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![(
        "oxjit_rt_linalg_decomp_nd",
        oxjit_rt_linalg_decomp_nd as *const () as usize,
    )]
}
