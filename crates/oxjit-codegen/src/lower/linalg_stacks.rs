//! `np.linalg.{cholesky, qr, eig, eigvals, pinv, eigh, eigvalsh, svd}` of stacks of matrices (arrays of more than two
//! dimensions): one call of the runtime's `linalg::stacks_decomp`, which loops the one-matrix
//! code over the stack.

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, IntValue};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::linalg::result_type;
use oxjit_core::registry::linalg_more::{PINV_DEFAULT, PINV_RCOND, PINV_RTOL, PINV_RTOL_NONE};
use oxjit_core::registry::LinalgFn;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::Type;

use super::bound::Arg;
use super::linalg::{dtype_code, element_type, tuple_items};
use super::{FnGen, R};

/// What the runtime's `decomp_nd` computes (its `DECOMP_*` codes).
const DECOMP_CHOLESKY: i64 = 0;
const DECOMP_QR: i64 = 1;
const DECOMP_EIG: i64 = 2;
const DECOMP_EIGVALS: i64 = 3;
const DECOMP_PINV: i64 = 4;
const DECOMP_EIGH: i64 = 5;
const DECOMP_EIGVALSH: i64 = 6;
const DECOMP_SVD: i64 = 7;
const DECOMP_SVDVALS: i64 = 8;

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `pinv`'s cutoff as NumPy chooses it, and whether it scales by `max(M, N)` (`rtol=None`).
    pub(super) fn pinv_rcond(
        &mut self,
        args: &[Arg<'ctx>],
        mode: i64,
    ) -> R<(BasicValueEnum<'ctx>, bool)> {
        let rcond = match mode {
            PINV_RCOND => self.cast(args[1].v, &args[1].t, &Type::F64)?,
            PINV_RTOL => self.cast(args[3].v, &args[3].t, &Type::F64)?,
            PINV_DEFAULT => self.cx().f64_type().const_float(1e-15).into(),
            _ => self.cx().f64_type().const_float(1.0).into(),
        };
        Ok((rcond, mode == PINV_RTOL_NONE))
    }

    /// `f` of a stack of matrices (see `linalg::is_decomp_stack`).
    pub(super) fn decomp_stack(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let r = result_type(&[&a.dtype]);
        let items = tuple_items(result);
        let (what, flag, rcond) = self.decomp_params(f, args, d, items.len())?;
        let mut slots = items.iter().map(|t| self.slot(t)).collect::<R<Vec<_>>>()?;
        let nulls = 3 - slots.len();
        slots.extend((0..nulls).map(|_| self.null()));
        let rcond = rcond.unwrap_or_else(|| self.cx().f64_type().const_zero().into());
        // `eig` of a real matrix: its results' element type, not the input's `result_type`.
        let r = if matches!(f, LinalgFn::Eig | LinalgFn::Eigvals) {
            element_type(&items[0])
        } else {
            r
        };
        let call = vec![
            BasicMetadataValueEnum::from(self.exc_ptr),
            slots[0].into(),
            slots[1].into(),
            slots[2].into(),
            a.ptr.into(),
            self.i64(a.ndim).into(),
            self.i64(dtype_code(&a.dtype)).into(),
            self.i64(what).into(),
            flag.into(),
            rcond.into(),
            self.i64(dtype_code(&r)).into(),
        ];
        self.call_checked(RuntimeFn::LinalgDecompNd, &call)?;
        if items.len() > 1 {
            self.tuple_of(&slots[..items.len()], result)
        } else {
            self.load(slots[0], result)
        }
    }

    /// The runtime's `what`, `flag` and `rcond` for `f` (`results`: how many it returns).
    fn decomp_params(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        results: usize,
    ) -> R<(i64, IntValue<'ctx>, Option<BasicValueEnum<'ctx>>)> {
        let uplo = || {
            d.uplo
                .ok_or_else(|| Diagnostic::internal("eigh without its decoded UPLO"))
        };
        Ok(match f {
            LinalgFn::Cholesky => (
                DECOMP_CHOLESKY,
                self.i64((d.uplo == Some(b'U')) as i64),
                None,
            ),
            LinalgFn::Qr => (DECOMP_QR, self.i64(mode_of(d)?), None),
            LinalgFn::Eig => (DECOMP_EIG, self.i64(0), None),
            LinalgFn::Eigvals => (DECOMP_EIGVALS, self.i64(0), None),
            LinalgFn::Eigh => (DECOMP_EIGH, self.i64(uplo()? as i64), None),
            LinalgFn::Eigvalsh => (DECOMP_EIGVALSH, self.i64(uplo()? as i64), None),
            LinalgFn::Svd => {
                // `full_matrices` may come at run time.
                let full = self
                    .cast(args[1].v, &args[1].t, &Type::I64)?
                    .into_int_value();
                let what = if results == 3 {
                    DECOMP_SVD
                } else {
                    DECOMP_SVDVALS
                };
                (what, full, None)
            }
            _ => {
                let (rcond, per_dim) = self.pinv_rcond(args, mode_of(d)?)?;
                (DECOMP_PINV, self.i64(per_dim as i64), Some(rcond))
            }
        })
    }
}

pub(super) fn mode_of(d: &Decoded) -> R<i64> {
    d.linalg_mode
        .ok_or_else(|| Diagnostic::internal("a linalg call without its decoded mode"))
}
