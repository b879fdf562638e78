//! `np.fft`: the transforms (`fft`, `ifft`, `rfft`, `irfft` and their `2`/`n` forms) with
//! NumPy's parameters (`n`/`s` at run time; `axis`/`axes` and `norm` constants) and result
//! types (`numpy/fft/_pocketfft.py`: `complex64` from `float32`/`complex64`, else
//! `complex128`; the inverse real transforms give the matching float), `fftfreq`, `rfftfreq`,
//! `fftshift` and `ifftshift`. Lowering is codegen's `lower/fft.rs`; the transforms run in the
//! runtime's port of pocketfft (`oxjit-runtime/src/fft/`).

use std::sync::Arc;

use super::entry::Entry;
use super::error::CallError;
use super::signature::{Param, Signature, Style};
use super::{Builtin, CallArgs};
use crate::callee::{FftFn, FftKind};
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, ModuleKind, Type};
use oxjit_abi::fft::{NORM_BACKWARD, NORM_FORWARD, NORM_ORTHO};

/// Every function of `np.fft`, found in the module `numpy.fft`.
pub fn entries() -> Vec<Entry> {
    FftFn::ALL
        .iter()
        .map(|f| Entry::function(Builtin::Fft(*f), ModuleKind::NumpyFft, f.name()))
        .collect()
}

fn params(f: FftFn) -> Vec<Param> {
    use FftFn::*;
    let norm = Param::none("norm");
    match f {
        Fft | Ifft | Rfft | Irfft => vec![
            Param::req("a"),
            Param::none("n"),
            Param::opt("axis", Const::Int(-1)),
            norm,
        ],
        Fftn | Ifftn | Rfftn | Irfftn => {
            vec![Param::req("a"), Param::none("s"), Param::none("axes"), norm]
        }
        Fft2 | Ifft2 | Rfft2 | Irfft2 => vec![
            Param::req("a"),
            Param::none("s"),
            Param::opt("axes", Const::Tuple(vec![Const::Int(-2), Const::Int(-1)])),
            norm,
        ],
        Fftfreq | Rfftfreq => vec![Param::req("n"), Param::opt("d", Const::Float(1.0))],
        Fftshift | Ifftshift => vec![Param::req("x"), Param::none("axes")],
    }
}

pub fn signature(f: FftFn) -> Signature {
    Signature::new(format!("numpy.fft.{}", f.name()), params(f), Style::Library)
}

/// What lowering needs of a transform, decided at compile time.
#[derive(Clone, Debug, PartialEq)]
pub struct FftPlan {
    pub kind: FftKind,
    /// The axes in NumPy's order of their entries (counted from 0); the transforms run over
    /// them in the order `lower/fft.rs` gives (NumPy's `_raw_fftnd`, `rfftn`, `irfftn`).
    pub axes: Vec<u8>,
    /// Whether `s`/`n` is given (a tuple of `axes.len()` integers for the n-d forms).
    pub sized: bool,
    pub norm: i32,
    /// float32/complex64 work (else float64/complex128).
    pub single: bool,
}

fn norm_code(t: &Type, c: Option<&Const>, inverse: bool) -> Result<i32, CallError> {
    let name: &str = match (t, c) {
        (Type::NoneType, _) => return Ok(NORM_BACKWARD),
        (Type::StrLiteral(s), _) => s,
        (_, Some(Const::Str(s))) => s,
        _ => {
            return Err(CallError::unsupported(format!(
                "norm must be a constant string or None, not {t}"
            )))
        }
    };
    match name {
        "backward" => Ok(NORM_BACKWARD),
        "ortho" => Ok(NORM_ORTHO),
        "forward" => Ok(NORM_FORWARD),
        // NumPy words the inverse transforms' message with a space after the first comma.
        _ if inverse => Err(CallError::typing(format!(
            "Invalid norm value {name}; should be \"backward\", \"ortho\" or \"forward\"."
        ))),
        _ => Err(CallError::typing(format!(
            "Invalid norm value {name}; should be \"backward\",\"ortho\" or \"forward\"."
        ))),
    }
}

fn normalize_axis(k: i64, ndim: u8) -> Result<u8, CallError> {
    let n = ndim as i64;
    if k < -n || k >= n {
        return Err(CallError::axis(k, ndim));
    }
    Ok(if k < 0 { k + n } else { k } as u8)
}

/// The constant axes of an n-d form (`None`: all of them).
fn axes_of(f: FftFn, t: &Type, c: Option<&Const>, ndim: u8) -> Result<Vec<u8>, CallError> {
    let items = match (t, c) {
        (Type::NoneType, _) => return Ok((0..ndim).collect()),
        (_, Some(Const::Tuple(items))) => items,
        _ => {
            return Err(CallError::unsupported(format!(
                "{}(): axes must be a constant tuple of integers or None, not {t}",
                f.name()
            )))
        }
    };
    if items.is_empty() {
        return Err(CallError::unsupported(format!(
            "{}(): an empty tuple of axes is not supported",
            f.name()
        )));
    }
    items
        .iter()
        .map(|i| match i {
            Const::Int(k) => normalize_axis(*k, ndim),
            _ => Err(CallError::unsupported(format!(
                "{}(): axes must be integers",
                f.name()
            ))),
        })
        .collect()
}

/// The plan of a transform's call (arguments bound in parameter order).
pub fn plan(f: FftFn, types: &[Type], consts: &[Option<Const>]) -> Result<FftPlan, CallError> {
    let Some((kind, nd)) = f.transform() else {
        return Err(CallError::typing(format!(
            "{} is not a transform",
            f.name()
        )));
    };
    let a = match &types[0] {
        Type::Array(a) if a.ndim >= 1 && a.dtype.is_numeric() => a,
        t => {
            return Err(CallError::unsupported(format!(
                "{}() of {t} is not supported (an array of numbers with dimensions)",
                f.name()
            )))
        }
    };
    let single = match &a.dtype {
        Type::Float(16) => {
            return Err(CallError::unsupported(format!(
                "{}() of float16 is not supported",
                f.name()
            )))
        }
        Type::Complex(_) if kind == FftKind::Real => {
            return Err(CallError::typing(format!(
                "{}() of {}: NumPy's real transforms take real input (TypeError)",
                f.name(),
                a.dtype
            )))
        }
        Type::Float(32) | Type::Complex(64) => true,
        _ => false,
    };
    let c = |k: usize| consts.get(k).and_then(Option::as_ref);
    let inverse = matches!(kind, FftKind::Backward | FftKind::InverseReal);
    let norm = norm_code(&types[3], c(3), inverse)?;
    let int_like = |t: &Type| t.is_integer_like();
    let (axes, sized) = if nd {
        let axes = axes_of(f, &types[2], c(2), a.ndim)?;
        let sized = match &types[1] {
            Type::NoneType => false,
            Type::Tuple(items) if items.iter().all(int_like) => {
                if matches!(types[2], Type::NoneType) {
                    return Err(CallError::unsupported(format!(
                        "{}(): s without axes is deprecated by NumPy 2.0; pass axes too",
                        f.name()
                    )));
                }
                if items.len() != axes.len() {
                    return Err(CallError::typing("Shape and axes have different lengths."));
                }
                true
            }
            t => {
                return Err(CallError::unsupported(format!(
                    "{}(): s must be a tuple of integers or None, not {t}",
                    f.name()
                )))
            }
        };
        (axes, sized)
    } else {
        let axis = match c(2) {
            Some(Const::Int(k)) => normalize_axis(*k, a.ndim)?,
            _ => {
                return Err(CallError::unsupported(format!(
                    "{}(): axis must be a constant integer",
                    f.name()
                )))
            }
        };
        let sized = match &types[1] {
            Type::NoneType => false,
            t if int_like(t) => true,
            t => {
                return Err(CallError::typing(format!(
                    "{}(): n must be an integer or None, not {t}",
                    f.name()
                )))
            }
        };
        (vec![axis], sized)
    };
    Ok(FftPlan {
        kind,
        axes,
        sized,
        norm,
        single,
    })
}

fn array(dtype: Type, ndim: u8, layout: Layout) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim,
        layout,
        readonly: false,
    }))
}

/// The result type of a call (arguments bound in parameter order).
pub fn type_call(f: FftFn, args: &CallArgs) -> Result<Type, CallError> {
    let t = args.types;
    match f {
        FftFn::Fftfreq | FftFn::Rfftfreq => {
            if !t[0].is_integer_like() {
                return Err(CallError::typing("n should be an integer"));
            }
            if !(t[1] == Type::F64 || t[1].is_integer_like()) {
                return Err(CallError::unsupported(format!(
                    "{}(): d of {} is not supported (a Python int or float)",
                    f.name(),
                    t[1]
                )));
            }
            Ok(array(Type::F64, 1, Layout::C))
        }
        FftFn::Fftshift | FftFn::Ifftshift => {
            let a = shift_array(f, &t[0])?;
            shift_axes(f, &t[1], args.consts[1].as_ref(), a.ndim)?;
            let layout = super::results::keep_order_layout(&[&t[0]]);
            Ok(array(a.dtype.clone(), a.ndim, layout))
        }
        _ => {
            let p = plan(f, t, args.consts)?;
            let Type::Array(a) = &t[0] else {
                unreachable!("plan() checked the array");
            };
            let dtype = match (p.kind, p.single) {
                (FftKind::InverseReal, true) => Type::Float(32),
                (FftKind::InverseReal, false) => Type::F64,
                (_, true) => Type::Complex(64),
                (_, false) => Type::Complex(128),
            };
            let layout = super::results::keep_order_layout(&[&t[0]]);
            Ok(array(dtype, a.ndim, layout))
        }
    }
}

fn shift_array(f: FftFn, t: &Type) -> Result<&ArrayTy, CallError> {
    match t {
        Type::Array(a) if a.ndim >= 1 && a.dtype.is_numeric() => Ok(a),
        t => Err(CallError::unsupported(format!(
            "{}() of {t} is not supported (an array of numbers with dimensions)",
            f.name()
        ))),
    }
}

/// `fftshift`'s axes: `None` (all), a constant integer or a constant tuple of them.
pub fn shift_axes(f: FftFn, t: &Type, c: Option<&Const>, ndim: u8) -> Result<Vec<u8>, CallError> {
    match (t, c) {
        (Type::NoneType, _) => Ok((0..ndim).collect()),
        (_, Some(Const::Int(k))) => Ok(vec![normalize_axis(*k, ndim)?]),
        (_, Some(Const::Tuple(items))) => items
            .iter()
            .map(|i| match i {
                Const::Int(k) => normalize_axis(*k, ndim),
                _ => Err(CallError::unsupported("axes must be integers")),
            })
            .collect(),
        _ => Err(CallError::unsupported(format!(
            "{}(): axes must be a constant integer, a constant tuple of them or None, not {t}",
            f.name()
        ))),
    }
}
