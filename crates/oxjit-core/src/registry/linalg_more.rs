//! `np.linalg.{cholesky, qr, eig, eigvals, pinv, matrix_power, matrix_rank, cond}`, of one matrix
//! or a stack: parameters, typing and constant decoding (the rest of linear algebra is in `linalg.rs`).
//!
//! Result types are NumPy's (`_commonType`: double precision unless every input is single,
//! integers as `float64`) with two choices NumPy makes by value, which compiled code makes by
//! type: `eig`/`eigvals` of a real matrix are real (complex eigenvalues raise a `ValueError` at
//! run time, as in Numba), and `matrix_power` of an integer matrix keeps its type unless the
//! exponent is a negative constant (NumPy's `inv` then makes it `float64`).

use std::sync::Arc;

use super::error::CallError;
use super::linalg_types::{
    array, bool_const, check_dtype, norm_ord, real_type, result_type, stack, vector_or_matrix,
    NormOrd,
};
use super::signature::{Decoded, Param, ParamKind};
use super::CallArgs;
use crate::callee::LinalgFn;
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, Type};

/// `pinv`'s `rtol` when the call leaves it out (NumPy's `_NoValue`: then `rcond` defaults to
/// `1e-15`, while an explicit `rtol=None` means `max(M, N) * eps`).
const NO_VALUE: &str = "<no value>";

/// `qr`'s modes (the runtime's codes).
pub const QR_REDUCED: i64 = 0;
pub const QR_COMPLETE: i64 = 1;
pub const QR_R: i64 = 2;

/// Where `pinv`'s cutoff comes from.
pub const PINV_RCOND: i64 = 0;
pub const PINV_DEFAULT: i64 = 1;
pub const PINV_RTOL: i64 = 2;
pub const PINV_RTOL_NONE: i64 = 3;

/// Which of `matrix_rank`'s `tol` and `rtol` were given (the runtime's codes).
pub const RANK_DEFAULT: i64 = 0;
pub const RANK_TOL: i64 = 1;
pub const RANK_RTOL: i64 = 2;
pub const RANK_BOTH: i64 = 3;
/// Added to the mode for `hermitian=True`.
pub const RANK_HERMITIAN: i64 = 4;

/// Parameters in order, with their defaults.
pub fn params(f: LinalgFn) -> Vec<Param> {
    use LinalgFn::*;
    let req = Param::req;
    let flag = |n, b| Param::opt(n, Const::Bool(b));
    match f {
        Cholesky => vec![req("a"), flag("upper", false).kind(ParamKind::KeywordOnly)],
        Qr => vec![
            req("a"),
            Param::opt("mode", Const::Str(Arc::from("reduced"))),
        ],
        Eig | Eigvals => vec![req("a")],
        Pinv => vec![
            req("a"),
            Param::none("rcond"),
            flag("hermitian", false),
            Param::opt("rtol", Const::Str(Arc::from(NO_VALUE))).kind(ParamKind::KeywordOnly),
        ],
        MatrixPower => vec![req("a"), req("n")],
        MatrixRank => vec![
            req("A"),
            Param::none("tol"),
            flag("hermitian", false),
            Param::none("rtol").kind(ParamKind::KeywordOnly),
        ],
        Cond => vec![req("x"), Param::none("p")],
        _ => unreachable!("{f:?} has its parameters in linalg.rs"),
    }
}

fn qr_mode(c: Option<&Const>) -> Result<i64, CallError> {
    match c {
        Some(Const::Str(s)) => match &**s {
            "reduced" => Ok(QR_REDUCED),
            "complete" => Ok(QR_COMPLETE),
            "r" => Ok(QR_R),
            "raw" | "full" | "f" | "economic" | "e" => Err(CallError::unsupported(format!(
                "np.linalg.qr(): mode='{s}' is not supported ('reduced', 'complete' and 'r' are)"
            ))),
            _ => Err(CallError::typing(format!("Unrecognized mode '{s}'"))),
        },
        _ => Err(CallError::typing(
            "np.linalg.qr(): mode must be a constant string",
        )),
    }
}

/// `cond`'s `p` as the matrix norm it names (`None` is the 2-norm's ratio).
fn cond_p(c: Option<&Const>, complex: bool) -> Result<NormOrd, String> {
    match c {
        Some(Const::None) => Ok(NormOrd::MatTwo),
        c => norm_ord(c, 2, complex)
            .map_err(|m| m.replace("np.linalg.norm(): ord=", "np.linalg.cond(): p=")),
    }
}

fn is_none(t: &Type) -> bool {
    *t == Type::NoneType
}

/// A number or `None` argument (`tol`, `rcond`, ...).
fn number_or_none(name: &str, param: &str, t: &Type) -> Result<(), CallError> {
    if is_none(t) || t.is_real() {
        return Ok(());
    }
    Err(CallError::typing(format!(
        "np.linalg.{name}(): {param} must be a number or None, not {t}"
    )))
}

fn no_hermitian(name: &str, args: &CallArgs) -> Result<(), CallError> {
    if bool_const(name, "hermitian", args, 2)? {
        return Err(CallError::unsupported(format!(
            "np.linalg.{name}(): hermitian=True is not supported yet"
        )));
    }
    Ok(())
}

fn pinv_mode(args: &CallArgs) -> i64 {
    let rtol_absent = matches!(&args.consts[3], Some(Const::Str(s)) if &**s == NO_VALUE);
    match (
        is_none(&args.types[1]),
        rtol_absent,
        is_none(&args.types[3]),
    ) {
        (false, _, _) => PINV_RCOND,
        (true, true, _) => PINV_DEFAULT,
        (true, false, true) => PINV_RTOL_NONE,
        (true, false, false) => PINV_RTOL,
    }
}

fn rank_mode(t: &[Type]) -> i64 {
    match (is_none(&t[1]), is_none(&t[3])) {
        (true, true) => RANK_DEFAULT,
        (false, true) => RANK_TOL,
        (true, false) => RANK_RTOL,
        (false, false) => RANK_BOTH,
    }
}

/// An `eig` result: NumPy's float64 results are views of the real parts of its complex ones
/// (`w.real`, not copied by `astype(float64, copy=False)`), so of any layout.
fn eig_array(r: &Type, ndim: u8) -> Type {
    let t = array(r.clone(), ndim);
    match (&t, r) {
        (Type::Array(a), Type::Float(64)) => Type::Array(Arc::new(ArrayTy {
            layout: Layout::A,
            ..(**a).clone()
        })),
        _ => t,
    }
}

/// The result type of a call.
pub fn type_call(f: LinalgFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = f.name();
    if f == LinalgFn::MatrixRank {
        let a = match &t[0] {
            Type::Array(a) if a.ndim > 2 => a.clone(),
            t => vector_or_matrix("np.linalg.matrix_rank", "arrays", t)?,
        };
        check_dtype(name, &a)?;
        number_or_none(name, "tol", &t[1])?;
        number_or_none(name, "rtol", &t[3])?;
        bool_const(name, "hermitian", args, 2)?;
        // One count per matrix of a stack (NumPy's `count_nonzero(..., axis=-1)`).
        return Ok(if a.ndim > 2 {
            array(Type::I64, a.ndim - 2)
        } else {
            Type::I64
        });
    }
    // Every function here takes stacks (more than two dimensions) and loops over them
    // (`stacks_decomp`, `stacks_derived`).
    let a = stack(name, &t[0])?;
    check_dtype(name, &a)?;
    let r = result_type(&[&a.dtype]);
    let nd = a.ndim;
    match f {
        LinalgFn::Cholesky => {
            bool_const(name, "upper", args, 1)?;
            Ok(array(r, nd))
        }
        LinalgFn::Qr => Ok(match qr_mode(args.consts[1].as_ref())? {
            QR_R => array(r, nd),
            _ => Type::tuple(vec![array(r.clone(), nd), array(r, nd)]),
        }),
        LinalgFn::Eig => Ok(Type::tuple(vec![eig_array(&r, nd - 1), eig_array(&r, nd)])),
        LinalgFn::Eigvals => Ok(eig_array(&r, nd - 1)),
        LinalgFn::Pinv => {
            number_or_none(name, "rcond", &t[1])?;
            no_hermitian(name, args)?;
            let mode = pinv_mode(args);
            if mode == PINV_RCOND
                && !matches!(&args.consts[3], Some(Const::Str(s)) if &**s == NO_VALUE)
            {
                return Err(CallError::typing("`rtol` and `rcond` can't be both set."));
            }
            if mode == PINV_RTOL {
                number_or_none(name, "rtol", &t[3])?;
            }
            if mode == PINV_RTOL_NONE && !matches!(a.dtype, Type::Float(_) | Type::Complex(_)) {
                return Err(CallError::typing(format!(
                    "np.linalg.pinv(): rtol=None takes the machine epsilon of the array's type, and {} is not inexact (NumPy: data type not inexact)",
                    a.dtype
                )));
            }
            Ok(array(r, nd))
        }
        LinalgFn::MatrixPower => {
            if !t[1].is_integer_like() || t[1] == Type::Bool {
                return Err(CallError::typing(format!(
                    "exponent must be an integer (np.linalg.matrix_power() of {})",
                    t[1]
                )));
            }
            let negative = matches!(args.consts[1], Some(Const::Int(n)) if n < 0);
            Ok(match &a.dtype {
                d @ (Type::Float(_) | Type::Complex(_)) => array(d.clone(), nd),
                _ if negative => array(r, nd),
                d => array(d.clone(), nd),
            })
        }
        LinalgFn::Cond => {
            // An `ord` that `norm` does not take (yet) is a missing feature, not a bad program.
            cond_p(args.consts[1].as_ref(), matches!(r, Type::Complex(_)))
                .map_err(CallError::unsupported)?;
            // One number per matrix of a stack.
            Ok(if nd > 2 {
                array(real_type(&r), nd - 2)
            } else {
                real_type(&r)
            })
        }
        _ => unreachable!("{f:?} is typed in linalg.rs"),
    }
}

/// The constant arguments of a call (already checked by [`type_call`]).
pub fn decode(f: LinalgFn, args: &CallArgs) -> Decoded {
    let c1 = args.consts.get(1).and_then(Option::as_ref);
    let mut d = Decoded::default();
    match f {
        LinalgFn::Cholesky => {
            let upper = matches!(c1, Some(Const::Bool(true)) | Some(Const::Int(1)));
            d.uplo = Some(if upper { b'U' } else { b'L' });
        }
        LinalgFn::Qr => d.linalg_mode = qr_mode(c1).ok(),
        LinalgFn::Pinv => d.linalg_mode = Some(pinv_mode(args)),
        LinalgFn::MatrixRank => {
            let hermitian = bool_const(f.name(), "hermitian", args, 2) == Ok(true);
            let flag = if hermitian { RANK_HERMITIAN } else { 0 };
            d.linalg_mode = Some(rank_mode(args.types) | flag);
        }
        LinalgFn::Cond => {
            let complex = matches!(args.types.first(), Some(Type::Array(a)) if matches!(a.dtype, Type::Complex(_)));
            d.ord = cond_p(c1, complex).ok();
        }
        _ => {}
    }
    d
}
