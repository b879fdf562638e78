//! `np.linalg.{cholesky, qr, eig, eigvals, pinv, matrix_power, matrix_rank, cond}`: one call of
//! the runtime's `linalg::{decomp, derived}` each (`stacks_*` for stacks of matrices), its constants decoded by typing
//! (`registry::linalg_more`).

use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum};
use oxjit_abi::RuntimeFn;
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::linalg::result_type;
use oxjit_core::registry::linalg_more::{QR_R, RANK_RTOL, RANK_TOL};
use oxjit_core::registry::LinalgFn;
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::Type;

use super::bound::Arg;
use super::linalg::{dtype_code, element_type, is_decomp_stack, tuple_items, ArrayArg};
use super::linalg_stacks::mode_of;
use super::{FnGen, R};

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    pub(super) fn linalg_more(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        if is_decomp_stack(f, args) {
            return self.decomp_stack(f, args, d, result);
        }
        if matches!(&args[0].t, Type::Array(a) if a.ndim > 2) {
            return self.derived_stack(f, args, d, result);
        }
        if matches!(
            f,
            LinalgFn::Cholesky | LinalgFn::Pinv | LinalgFn::MatrixPower
        ) {
            return self.one_array_result(f, args, d, result);
        }
        let a = self.spill_array(&args[0])?;
        let exc = BasicMetadataValueEnum::from(self.exc_ptr);
        let a_dt = self.i64(dtype_code(&a.dtype)).into();
        let r = result_type(&[&a.dtype]);
        let r_dt = self.i64(dtype_code(&r)).into();
        let mode = || mode_of(d);
        match f {
            LinalgFn::Qr => {
                let m = mode()?;
                let (q, rr) = if m == QR_R {
                    (self.null(), self.slot(result)?)
                } else {
                    let items = tuple_items(result);
                    (self.slot(&items[0])?, self.slot(&items[1])?)
                };
                let call = vec![
                    exc,
                    q.into(),
                    rr.into(),
                    a.ptr.into(),
                    a_dt,
                    self.i64(m).into(),
                    r_dt,
                ];
                self.call_checked(RuntimeFn::LinalgQr, &call)?;
                if m == QR_R {
                    self.load(rr, result)
                } else {
                    self.tuple_of(&[q, rr], result)
                }
            }
            LinalgFn::Eig | LinalgFn::Eigvals => {
                let items = tuple_items(result);
                let w = self.slot(&items[0])?;
                let v = if f == LinalgFn::Eig {
                    self.slot(&items[1])?
                } else {
                    self.null()
                };
                let rt = self.i64(dtype_code(&element_type(&items[0]))).into();
                let call = vec![exc, w.into(), v.into(), a.ptr.into(), a_dt, rt];
                self.call_checked(RuntimeFn::LinalgEig, &call)?;
                if f == LinalgFn::Eig {
                    self.tuple_of(&[w, v], result)
                } else {
                    self.load(w, result)
                }
            }
            LinalgFn::MatrixRank => {
                let m = mode()?;
                let tol = self.rank_tol(args, m)?;
                let out = self.slot(result)?;
                let call = vec![
                    exc,
                    out.into(),
                    a.ptr.into(),
                    self.i64(a.ndim).into(),
                    a_dt,
                    tol.into(),
                    self.i64(m).into(),
                    r_dt,
                ];
                self.call_checked(RuntimeFn::LinalgMatrixRank, &call)?;
                self.load(out, result)
            }
            LinalgFn::Cond => {
                let p = d
                    .ord
                    .ok_or_else(|| Diagnostic::internal("cond without its decoded p"))?;
                let out = self.slot(result)?;
                let call = vec![
                    exc,
                    out.into(),
                    a.ptr.into(),
                    a_dt,
                    self.i64(p as i64).into(),
                    r_dt,
                ];
                self.call_checked(RuntimeFn::LinalgCond, &call)?;
                self.load(out, result)
            }
            _ => Err(Diagnostic::internal(format!(
                "{f:?} is lowered in linalg.rs"
            ))),
        }
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// `matrix_rank`'s `tol` or `rtol` (whichever `mode` says was given), as a double.
    fn rank_tol(&mut self, args: &[Arg<'ctx>], mode: i64) -> R<BasicValueEnum<'ctx>> {
        Ok(match mode & 3 {
            RANK_TOL => self.cast(args[1].v, &args[1].t, &Type::F64)?,
            RANK_RTOL => self.cast(args[3].v, &args[3].t, &Type::F64)?,
            _ => self.cx().f64_type().const_zero().into(),
        })
    }

    /// `matrix_power`, `matrix_rank` and `cond` of a stack: one call of the runtime's
    /// `stacks_derived`, which loops the one-matrix code over it.
    fn derived_stack(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let zero = self.cx().f64_type().const_zero().into();
        let (what, k, x, r) = match f {
            LinalgFn::MatrixPower => {
                let n = self.cast(args[1].v, &args[1].t, &Type::I64)?;
                (DERIVED_POWER, n, zero, element_type(result))
            }
            LinalgFn::MatrixRank => {
                let m = mode_of(d)?;
                let tol = self.rank_tol(args, m)?;
                (
                    DERIVED_RANK,
                    self.i64(m).into(),
                    tol,
                    result_type(&[&a.dtype]),
                )
            }
            _ => {
                let p = d
                    .ord
                    .ok_or_else(|| Diagnostic::internal("cond without its decoded p"))?;
                let k = self.i64(p as i64).into();
                (DERIVED_COND, k, zero, result_type(&[&a.dtype]))
            }
        };
        let out = self.slot(result)?;
        let call = vec![
            BasicMetadataValueEnum::from(self.exc_ptr),
            out.into(),
            a.ptr.into(),
            self.i64(a.ndim).into(),
            self.i64(dtype_code(&a.dtype)).into(),
            self.i64(what).into(),
            k.into(),
            x.into(),
            self.i64(dtype_code(&r)).into(),
        ];
        self.call_checked(RuntimeFn::LinalgDerivedNd, &call)?;
        self.load(out, result)
    }

    /// `np.linalg.norm` with a pair of axes, or of an array of more than two dimensions.
    pub(super) fn norm_nd(
        &mut self,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let x = self.spill_array(&args[0])?;
        let kind = d
            .ord
            .ok_or_else(|| Diagnostic::internal("a norm without its decoded ord"))?;
        let (row, col) = match (d.axis, d.axis2) {
            (Some(r), Some(c)) => (r as i64, c as i64),
            _ => (-1, -1),
        };
        let out = self.slot(result)?;
        let mut call = vec![BasicMetadataValueEnum::from(self.exc_ptr), out.into()];
        call.extend(self.array_params(&x));
        for v in [kind as i64, row, col, d.keepdims as i64] {
            call.push(self.i64(v).into());
        }
        self.call_checked(RuntimeFn::LinalgNormNd, &call)?;
        self.load(out, result)
    }

    /// `cholesky`, `pinv` and `matrix_power`: one array argument (and a number), one array.
    fn one_array_result(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let exc = BasicMetadataValueEnum::from(self.exc_ptr);
        let a_dt = self.i64(dtype_code(&a.dtype)).into();
        let out = self.slot(result)?;
        let mut call = vec![exc, out.into(), a.ptr.into(), a_dt];
        let rt = self.i64(dtype_code(&element_type(result))).into();
        match f {
            LinalgFn::Cholesky => {
                call.push(self.i64((d.uplo == Some(b'U')) as i64).into());
                call.push(rt);
                self.call_checked(RuntimeFn::LinalgCholesky, &call)?;
            }
            LinalgFn::MatrixPower => {
                call.push(self.cast(args[1].v, &args[1].t, &Type::I64)?.into());
                call.push(rt);
                self.call_checked(RuntimeFn::LinalgMatrixPower, &call)?;
            }
            _ => {
                let (rcond, per_dim) = self.pinv_rcond(args, mode_of(d)?)?;
                call.push(rcond.into());
                call.push(self.i64(per_dim as i64).into());
                call.push(rt);
                self.call_checked(RuntimeFn::LinalgPinv, &call)?;
            }
        }
        self.load(out, result)
    }

    /// `np.linalg.{inv, det, slogdet}` of a stack of matrices.
    pub(super) fn unary_stack(
        &mut self,
        f: LinalgFn,
        args: &[Arg<'ctx>],
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let a = self.spill_array(&args[0])?;
        let r = result_type(&[&a.dtype]);
        let items = tuple_items(result);
        let first = self.slot(&items[0])?;
        let second = if f == LinalgFn::Slogdet {
            self.slot(&items[1])?
        } else {
            self.null()
        };
        let what = match f {
            LinalgFn::Inv => STACK_INV,
            LinalgFn::Det => STACK_DET,
            _ => STACK_SLOGDET,
        };
        let call = vec![
            BasicMetadataValueEnum::from(self.exc_ptr),
            first.into(),
            second.into(),
            a.ptr.into(),
            self.i64(a.ndim).into(),
            self.i64(dtype_code(&a.dtype)).into(),
            self.i64(what).into(),
            self.i64(dtype_code(&r)).into(),
        ];
        self.call_checked(RuntimeFn::LinalgUnaryNd, &call)?;
        if f == LinalgFn::Slogdet {
            self.tuple_of(&[first, second], result)
        } else {
            self.load(first, result)
        }
    }

    /// `np.linalg.solve(a, b)` with a stack on either side.
    pub(super) fn solve_stack(
        &mut self,
        a: &ArrayArg<'ctx>,
        b: &ArrayArg<'ctx>,
        r: &Type,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let out = self.slot(result)?;
        let mut call = vec![BasicMetadataValueEnum::from(self.exc_ptr), out.into()];
        call.extend(self.array_params(a));
        call.extend(self.array_params(b));
        call.push(self.i64(dtype_code(r)).into());
        self.call_checked(RuntimeFn::LinalgSolveNd, &call)?;
        self.load(out, result)
    }
}

/// What the runtime's `derived_nd` computes (its `DERIVED_*` codes).
const DERIVED_POWER: i64 = 0;
const DERIVED_RANK: i64 = 1;
const DERIVED_COND: i64 = 2;

/// What the runtime's `unary_nd` computes (its `STACK_*` codes).
const STACK_INV: i64 = 0;
const STACK_DET: i64 = 1;
const STACK_SLOGDET: i64 = 2;
