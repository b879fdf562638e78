//! Linear algebra: `np.dot` (and `a.dot(b)`), `np.matmul` (and `@`), `np.outer`, `np.trace`
//! (and `a.trace()`), and `np.linalg.{norm, solve, inv, det, slogdet, eigh, eigvalsh, svd,
//! lstsq}`, with NumPy's parameters, defaults and result types. They run through NumPy's own
//! BLAS/LAPACK (see the runtime's `linalg`), so the answers are NumPy's.
//!
//! Result types follow `numpy/linalg/_linalg.py`: the work is done in double (or complex double)
//! precision and cast back to the "result type": `float32` (`complex64`) when every input is, else
//! `float64` (`complex128`); integers count as `float64`.

use super::error::CallError;
pub use crate::callee::LinalgFn;
use std::sync::Arc;

use super::entry::{Entry, Receiver};
use super::signature::{Decoded, Param, Signature, Style};
use super::{Builtin, CallArgs};
use crate::ir::Const;
use crate::types::unify;
use crate::types::ModuleKind;
use crate::types::{IntTy, Type};

use super::linalg_types::{array, bool_const, check_dtype, matrix, stack, vector_or_matrix};
pub use super::linalg_types::{real_type, result_type, NormOrd};

impl LinalgFn {
    /// Whether compiled code calls NumPy's BLAS/LAPACK for a call with this result type (so the
    /// library must be found before compiling it): integer products, `outer` and `trace` do not.
    pub fn needs_lapack(self, result: &Type) -> bool {
        match self {
            LinalgFn::Dot | LinalgFn::Matmul => inexact_result(result),
            LinalgFn::Outer | LinalgFn::Trace => false,
            _ => true,
        }
    }

    /// Parameters in order, with their defaults (`None`: required); a method's array first.
    fn params(self) -> Vec<Param> {
        use LinalgFn::*;
        let req = Param::req;
        let flag = |n, b| Param::opt(n, Const::Bool(b));
        match self {
            Dot | Outer => vec![req("a"), req("b")],
            Matmul => vec![req("x1"), req("x2")],
            Trace => vec![req("a"), Param::opt("offset", Const::Int(0))],
            Norm => vec![
                req("x"),
                Param::none("ord"),
                Param::none("axis"),
                flag("keepdims", false),
            ],
            Solve => vec![req("a"), req("b")],
            Inv | Det | Slogdet => vec![req("a")],
            Eigh | Eigvalsh => vec![req("a"), Param::opt("UPLO", Const::Str(Arc::from("L")))],
            Svd => vec![
                req("a"),
                flag("full_matrices", true),
                flag("compute_uv", true),
                flag("hermitian", false),
            ],
            Lstsq => vec![req("a"), req("b"), Param::none("rcond")],
            _ => super::linalg_more::params(self),
        }
    }

    /// How a call binds its arguments (a method's array counts as the first).
    pub fn signature(self) -> Signature {
        Signature::new(self.name(), self.params(), Style::Library)
    }
}

/// Whether a product's result (an array or one element) is of a float or complex type.
pub fn inexact_result(result: &Type) -> bool {
    let elem = match result {
        Type::Array(a) => &a.dtype,
        t => t,
    };
    matches!(elem, Type::Float(_) | Type::Complex(_))
}

/// Linear algebra for the table of callables: `np.dot` (`a.dot(b)`), `np.matmul` (also
/// `np.linalg.matmul`), `np.outer`, `np.trace` (`a.trace()`), and the rest of `np.linalg`.
pub fn entries() -> Vec<Entry> {
    use LinalgFn::*;
    LinalgFn::ALL
        .iter()
        .map(|f| {
            let id = Builtin::Linalg(*f);
            let name = f.name();
            match f {
                Dot | Trace => {
                    Entry::function(id, ModuleKind::Numpy, name).method_of(Receiver::Array, name)
                }
                Outer => Entry::function(id, ModuleKind::Numpy, name),
                Matmul => Entry::function(id, ModuleKind::Numpy, name)
                    .alias(ModuleKind::NumpyLinalg, name),
                _ => Entry::function(id, ModuleKind::NumpyLinalg, name),
            }
        })
        .collect()
}

/// The constant arguments of a call (bound by its signature and typed by [`type_call`]).
pub fn decode(f: LinalgFn, args: &CallArgs, result: &Type) -> Decoded {
    let c1 = args.consts.get(1).and_then(Option::as_ref);
    if let (LinalgFn::Norm, Some(Type::Array(x))) = (f, args.types.first()) {
        return Decoded {
            needs_lapack: f.needs_lapack(result),
            ..super::linalg_norm::norm_decode(args, x)
        };
    }
    let uplo_side = match f {
        LinalgFn::Eigh | LinalgFn::Eigvalsh => uplo(f.name(), c1).ok(),
        _ => None,
    };
    let more = super::linalg_more::decode(f, args);
    Decoded {
        ord: more.ord,
        uplo: uplo_side.or(more.uplo),
        linalg_mode: more.linalg_mode,
        needs_lapack: f.needs_lapack(result),
        ..Decoded::default()
    }
}

/// The type of `a @ b` (`np.matmul`) with an operand of more than two dimensions: the batch
/// dimensions broadcast, a vector operand loses its core dimension.
fn matmul_stack_type(a: &Type, b: &Type) -> Result<Type, String> {
    let (Type::Array(x), Type::Array(y)) = (a, b) else {
        return Err(format!(
            "np.matmul() of {a} and {b} is not supported (arrays only)"
        ));
    };
    check_dtype("np.matmul", x)?;
    check_dtype("np.matmul", y)?;
    if x.ndim == 0 || y.ndim == 0 {
        return Err("np.matmul(): an operand is a 0-d array".into());
    }
    let dtype = unify(&x.dtype, &y.dtype).ok_or("incompatible element types")?;
    let ndim = match (x.ndim, y.ndim) {
        (1, n) | (n, 1) => n - 1,
        (m, n) => m.max(n),
    };
    Ok(array(dtype, ndim))
}

/// The type of `a @ b` (`np.matmul`) and `np.dot(a, b)` of arrays of one or two dimensions (and
/// of stacks for `np.matmul`).
pub fn product_type(name: &str, a: &Type, b: &Type) -> Result<Type, String> {
    let stacked = |t: &Type| matches!(t, Type::Array(x) if x.ndim > 2);
    if name == "np.matmul" && (stacked(a) || stacked(b)) {
        return matmul_stack_type(a, b);
    }
    let what = "arrays";
    let (x, y) = (
        vector_or_matrix(name, what, a)?,
        vector_or_matrix(name, what, b)?,
    );
    check_dtype(name, &x)?;
    check_dtype(name, &y)?;
    let dtype = unify(&x.dtype, &y.dtype).ok_or("incompatible element types")?;
    let ndim = x.ndim + y.ndim - 2;
    Ok(if ndim == 0 { dtype } else { array(dtype, ndim) })
}

/// The result type of a call (arguments bound by [`bind`]).
pub fn type_call(f: LinalgFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    let name = f.name();
    match f {
        LinalgFn::Dot => Ok(product_type("np.dot", &t[0], &t[1])?),
        LinalgFn::Matmul => Ok(product_type("np.matmul", &t[0], &t[1])?),
        LinalgFn::Outer => {
            let (x, y) = (
                vector_or_matrix("np.outer", "arrays", &t[0])?,
                vector_or_matrix("np.outer", "arrays", &t[1])?,
            );
            check_dtype("np.outer", &x)?;
            check_dtype("np.outer", &y)?;
            Ok(array(
                unify(&x.dtype, &y.dtype).ok_or("incompatible element types")?,
                2,
            ))
        }
        LinalgFn::Trace => trace_type(t),
        LinalgFn::Norm => super::linalg_norm::norm_type(args),
        LinalgFn::Solve => {
            let a = stack(name, &t[0])?;
            let b = match &t[1] {
                Type::Array(b) if b.ndim >= 1 => b.clone(),
                t => {
                    return Err(CallError::unsupported(format!(
                        "np.linalg.solve() of {t} is not supported (right-hand sides of one or more dimensions only)"
                    )))
                }
            };
            check_dtype(name, &a)?;
            check_dtype(name, &b)?;
            // NumPy 2: `b` is a vector only when it has one dimension.
            let ndim = if b.ndim == 1 {
                a.ndim - 1
            } else {
                a.ndim.max(b.ndim)
            };
            Ok(array(result_type(&[&a.dtype, &b.dtype]), ndim))
        }
        LinalgFn::Inv | LinalgFn::Det | LinalgFn::Slogdet => {
            let a = stack(name, &t[0])?;
            check_dtype(name, &a)?;
            let r = result_type(&[&a.dtype]);
            let batch = |t: Type| if a.ndim == 2 { t } else { array(t, a.ndim - 2) };
            Ok(match f {
                LinalgFn::Inv => array(r, a.ndim),
                LinalgFn::Det => batch(r),
                _ => Type::tuple(vec![batch(r.clone()), batch(real_type(&r))]),
            })
        }
        LinalgFn::Eigh | LinalgFn::Eigvalsh => {
            let a = stack(name, &t[0])?;
            check_dtype(name, &a)?;
            uplo(name, args.consts[1].as_ref())?;
            let r = result_type(&[&a.dtype]);
            let w = array(real_type(&r), a.ndim - 1);
            Ok(if f == LinalgFn::Eigh {
                Type::tuple(vec![w, array(r, a.ndim)])
            } else {
                w
            })
        }
        LinalgFn::Svd => svd_type(args, t, name),
        LinalgFn::Cholesky
        | LinalgFn::Qr
        | LinalgFn::Eig
        | LinalgFn::Eigvals
        | LinalgFn::Pinv
        | LinalgFn::MatrixPower
        | LinalgFn::MatrixRank
        | LinalgFn::Cond => super::linalg_more::type_call(f, args),
        LinalgFn::Lstsq => {
            // NumPy's `lstsq` takes no stacks: its `LinAlgError` for another number of
            // dimensions is raised at run time (lowering), as NumPy raises it.
            let a = match &t[0] {
                Type::Array(a) if a.ndim >= 1 => a.clone(),
                t => matrix(name, t)?,
            };
            let b = match &t[1] {
                Type::Array(b) if b.ndim >= 1 => b.clone(),
                t => vector_or_matrix("np.linalg.lstsq", "right-hand sides", t)?,
            };
            check_dtype(name, &a)?;
            check_dtype(name, &b)?;
            if !(t[2] == Type::NoneType || t[2].is_real()) {
                return Err(CallError::typing(format!(
                    "np.linalg.lstsq(): rcond must be a number or None, not {}",
                    t[2]
                )));
            }
            let r = result_type(&[&a.dtype, &b.dtype]);
            let real = real_type(&r);
            Ok(Type::tuple(vec![
                array(r, b.ndim.min(2)),
                array(real.clone(), 1),
                Type::int(32, true),
                array(real, 1),
            ]))
        }
    }
}

/// `np.trace(a, offset)`, `a.trace()`.
fn trace_type(t: &[Type]) -> Result<Type, CallError> {
    let a = match &t[0] {
        Type::Array(a) if a.ndim == 2 => a.clone(),
        t => {
            return Err(CallError::unsupported(format!(
                "np.trace() of {t} is not supported (2d arrays only)"
            )))
        }
    };
    if !t[1].is_integer_like() {
        return Err(CallError::typing(format!(
            "np.trace(): offset must be an integer, not {}",
            t[1]
        )));
    }
    Ok(match &a.dtype {
        Type::Float(b) => Type::Float(*b),
        Type::Complex(b) => Type::Complex(*b),
        Type::Int(IntTy { signed: false, .. }) => Type::Int(IntTy::U64),
        Type::Int(_) | Type::Bool => Type::I64,
        d => {
            return Err(CallError::unsupported(format!(
                "np.trace() of an array of {d} is not supported yet"
            )))
        }
    })
}

/// `np.linalg.svd(a, full_matrices, compute_uv, hermitian)`.
fn svd_type(args: &CallArgs, t: &[Type], name: &str) -> Result<Type, CallError> {
    let a = stack(name, &t[0])?;
    check_dtype(name, &a)?;
    if !t[1].is_integer_like() {
        return Err(CallError::typing(format!(
            "np.linalg.svd(): full_matrices must be a bool, not {}",
            t[1]
        )));
    }
    let compute_uv = bool_const(name, "compute_uv", args, 2)?;
    if bool_const(name, "hermitian", args, 3)? {
        return Err(CallError::unsupported(
            "np.linalg.svd(): hermitian=True is not supported yet",
        ));
    }
    let r = result_type(&[&a.dtype]);
    let s = array(real_type(&r), a.ndim - 1);
    Ok(if compute_uv {
        Type::tuple(vec![array(r.clone(), a.ndim), s, array(r, a.ndim)])
    } else {
        s
    })
}

/// `UPLO` of `eigh`/`eigvalsh` (`'L'` or `'U'`, either case), as the byte LAPACK takes.
pub fn uplo(name: &str, c: Option<&Const>) -> Result<u8, String> {
    match c {
        Some(Const::Str(s)) => match s.to_uppercase().as_str() {
            "L" => Ok(b'L'),
            "U" => Ok(b'U'),
            _ => Err(format!(
                "np.linalg.{name}(): UPLO argument must be 'L' or 'U'"
            )),
        },
        _ => Err(format!(
            "np.linalg.{name}(): UPLO must be a constant string"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::linalg_types::norm_ord;
    use super::*;

    fn arr(dtype: Type, ndim: u8) -> Type {
        array(dtype, ndim)
    }

    fn call(f: LinalgFn, types: &[Type], consts: &[Option<Const>]) -> Result<Type, CallError> {
        type_call(
            f,
            &CallArgs {
                types,
                consts,
                method: false,
            },
        )
    }

    #[test]
    fn result_types_follow_numpy() {
        let f32_ = Type::Float(32);
        assert_eq!(result_type(&[&f32_]), f32_);
        assert_eq!(result_type(&[&f32_, &Type::F64]), Type::F64);
        assert_eq!(result_type(&[&Type::I64]), Type::F64);
        assert_eq!(result_type(&[&f32_, &Type::Complex(64)]), Type::Complex(64));
        assert_eq!(
            result_type(&[&Type::Int(IntTy::I64), &Type::Complex(64)]),
            Type::C128
        );
        let m = arr(f32_.clone(), 2);
        assert_eq!(
            call(LinalgFn::Slogdet, std::slice::from_ref(&m), &[None]),
            Ok(Type::tuple(vec![f32_.clone(), f32_.clone()]))
        );
        assert_eq!(
            call(
                LinalgFn::Dot,
                &[arr(Type::I64, 1), arr(Type::I64, 1)],
                &[None, None]
            ),
            Ok(Type::I64)
        );
        assert_eq!(
            call(
                LinalgFn::Matmul,
                &[m.clone(), arr(Type::F64, 1)],
                &[None, None]
            ),
            Ok(arr(Type::F64, 1))
        );
        assert!(call(LinalgFn::Inv, &[arr(Type::F64, 1)], &[None]).is_err());
        // Stacks: the batch dimensions stay, `det` loses the core ones.
        assert_eq!(
            call(LinalgFn::Inv, &[arr(Type::F64, 3)], &[None]),
            Ok(arr(Type::F64, 3))
        );
        assert_eq!(
            call(LinalgFn::Det, &[arr(Type::I64, 4)], &[None]),
            Ok(arr(Type::F64, 2))
        );
        assert_eq!(
            call(
                LinalgFn::Solve,
                &[arr(Type::F64, 3), arr(Type::Float(32), 1)],
                &[None, None]
            ),
            Ok(arr(Type::F64, 2))
        );
        assert_eq!(
            call(
                LinalgFn::Matmul,
                &[arr(Type::F64, 1), arr(Type::F64, 4)],
                &[None, None]
            ),
            Ok(arr(Type::F64, 3))
        );
        // Decompositions of stacks: the values lose a core dimension, the matrices keep both.
        assert_eq!(
            call(
                LinalgFn::Eigvalsh,
                &[arr(Type::Complex(64), 3), Type::NoneType],
                &[None, Some(Const::Str(Arc::from("L")))]
            ),
            Ok(arr(Type::Float(32), 2))
        );
        assert_eq!(
            call(
                LinalgFn::Cholesky,
                &[arr(Type::I64, 4), Type::Bool],
                &[None, Some(Const::Bool(false))]
            ),
            Ok(arr(Type::F64, 4))
        );
        assert_eq!(
            call(
                LinalgFn::MatrixPower,
                &[arr(Type::F64, 3), Type::I64],
                &[None, None]
            ),
            Ok(arr(Type::F64, 3))
        );
        assert!(call(
            LinalgFn::MatrixPower,
            &[arr(Type::F64, 1), Type::I64],
            &[None, None]
        )
        .is_err());
    }

    #[test]
    fn svd_and_norm_need_constants() {
        let m = arr(Type::F64, 2);
        let svd = |uv: Option<Const>| {
            call(
                LinalgFn::Svd,
                &[m.clone(), Type::Bool, Type::Bool, Type::Bool],
                &[None, None, uv, Some(Const::Bool(false))],
            )
        };
        assert_eq!(svd(Some(Const::Bool(false))), Ok(arr(Type::F64, 1)));
        assert!(matches!(svd(Some(Const::Bool(true))), Ok(Type::Tuple(_))));
        assert!(svd(None).is_err());
        assert_eq!(norm_ord(Some(&Const::None), 2, false), Ok(NormOrd::Dot));
        assert_eq!(
            norm_ord(Some(&Const::Str(Arc::from("nuc"))), 2, false),
            Ok(NormOrd::Nuclear)
        );
        assert_eq!(
            norm_ord(Some(&Const::Float(f64::NEG_INFINITY)), 1, false),
            Ok(NormOrd::VecNegInf)
        );
        assert!(norm_ord(Some(&Const::Int(1)), 1, true).is_err());
        assert!(norm_ord(Some(&Const::Int(3)), 2, false).is_err());
        assert!(norm_ord(None, 1, false).is_err());
    }

    #[test]
    fn binds_as_python_does() {
        use crate::registry::signature::ArgSource;
        let kw = |s: &str| Arc::<str>::from(s);
        let bind =
            |f: LinalgFn, n, k: &[Arc<str>]| crate::registry::signature::bind(&f.signature(), n, k);
        assert_eq!(
            bind(LinalgFn::Lstsq, 2, &[]),
            Ok(vec![
                ArgSource::Positional(0),
                ArgSource::Positional(1),
                ArgSource::Default(Const::None)
            ])
        );
        assert_eq!(
            bind(LinalgFn::Eigh, 1, &[kw("UPLO")]),
            Ok(vec![ArgSource::Positional(0), ArgSource::Keyword(0)])
        );
        assert!(bind(LinalgFn::Inv, 1, &[kw("a")]).is_err());
        assert!(bind(LinalgFn::Solve, 1, &[]).is_err());
        assert!(bind(LinalgFn::Det, 2, &[]).is_err());
    }
}
