//! Functions and methods that make new arrays (`np.zeros`, `np.arange`, `a.copy()`, ...) or new
//! views of one (`a.reshape`, `a.ravel()`), with NumPy's signatures, defaults and result types.

use super::error::CallError;
pub use crate::callee::ArrayFn;
use std::sync::Arc;

use super::args::dtype_argument;
use super::array_of::{array, check_dtype};
use super::entry::{Entry, Receiver};
use super::signature::{Decoded, Param, ParamKind, Signature, Style};
use super::{Builtin, CallArgs};
use crate::ir::Const;
use crate::types::{ArrayTy, Layout, ModuleKind, Type};

impl ArrayFn {
    /// Parameters in order, with their defaults. Methods start with the array.
    pub fn params(self) -> Vec<Param> {
        use ArrayFn::*;
        let req = Param::req;
        let none = Param::none;
        let int = |n, k| Param::opt(n, Const::Int(k));
        let flag = |n, b| Param::opt(n, Const::Bool(b));
        match self {
            Empty | Zeros | Ones => vec![req("shape"), none("dtype")],
            Full => vec![req("shape"), req("fill_value"), none("dtype")],
            EmptyLike | ZerosLike | OnesLike => vec![req("a"), none("dtype")],
            FullLike => vec![req("a"), req("fill_value"), none("dtype")],
            Arange => vec![req("start"), none("stop"), none("step"), none("dtype")],
            Linspace => vec![
                req("start"),
                req("stop"),
                int("num", 50),
                flag("endpoint", true),
                flag("retstep", false),
                none("dtype"),
            ],
            Eye | Tri => vec![req("N"), none("M"), int("k", 0), none("dtype")],
            Identity => vec![req("n"), none("dtype")],
            Copy | Ascontiguousarray | Asfortranarray | Ravel | Flatten | Nonzero => {
                vec![req("a")]
            }
            Asarray => vec![req("a"), none("dtype")],
            // NumPy's `*arys`: one array makes one array, several (or none) a tuple.
            Atleast1d | Atleast2d | Atleast3d => vec![req("arys").kind(ParamKind::VarPositional)],
            Isscalar => vec![req("element")],
            Iscomplexobj | Isrealobj => vec![req("x")],
            Shape => vec![req("a")],
            // `a.transpose(1, 0, 2)` is `a.transpose((1, 0, 2))`.
            Transpose => vec![req("a"), none("axes").kind(ParamKind::Items)],
            Where => vec![req("condition"), none("x"), none("y")],
            Array => vec![req("object"), none("dtype")],
            Concatenate | Stack => vec![req("arrays"), int("axis", 0)],
            Vstack | Hstack | ColumnStack | Dstack => vec![req("tup")],
            Diag | Diagflat => vec![req("v"), int("k", 0)],
            Triu | Tril => vec![req("m"), int("k", 0)],
            Item => vec![req("a"), none("index")],
            // A `None` bound is none (NumPy's `np.maximum`/`np.minimum`); `out` may be `None`.
            Clip => vec![req("a"), none("a_min"), none("a_max"), none("out")],
            Ndindex => vec![req("shape").kind(ParamKind::VarPositional)],
            Meshgrid => vec![req("x"), req("y")],
            View => vec![req("a"), req("dtype")],
            Nditer => vec![req("op")],
            Ndenumerate => vec![req("arr")],
            Sort | Argsort => vec![
                req("a"),
                int("axis", -1),
                none("kind"),
                none("order"),
                none("stable"),
            ],
            Astype => vec![req("a"), req("dtype")],
            Fill => vec![req("a"), req("value")],
            // `a.reshape(2, 3)` is `a.reshape((2, 3))`.
            Reshape => vec![req("a"), req("shape").kind(ParamKind::Items)],
            Roll | Repeat | Tile => super::rearrange::params(self),
            Average => super::average::params(),
            Diff | Searchsorted | Interp | Bincount => super::series::params(self),
            Flip | Fliplr | Flipud | Swapaxes | ExpandDims | BroadcastTo | Moveaxis => {
                super::views::params(self)
            }
            CountNonzero | ArrayEqual | Ptp | Contains => super::counting::params(self),
            Take => super::take::params(),
            Frexp | Modf => super::ufunc_pair::params(),
            NanToNum => super::nan_to_num::params(),
            Trapezoid => super::trapezoid::params(),
            Append => super::append::params(),
            FillDiagonal => super::fill_diagonal::params(),
            TrilIndices | TriuIndices | TrilIndicesFrom | TriuIndicesFrom => {
                super::tri_indices::params(self)
            }
            Round | Around | Isclose | Allclose => super::rounding::params(self),
            Nansum | Nanprod | Nanmean | Nanmax | Nanmin | Nanargmax | Nanargmin | Nanstd
            | Nanvar | Nancumsum | Nancumprod => super::nanfns::params(self),
            Median | Nanmedian | Percentile | Quantile => super::quantiles::params(self),
            Flatnonzero | Argwhere | Ediff1d | Digitize | Rot90 => super::indices::params(self),
            Cross | Vander => super::vectors::params(self),
            Put => super::put::params(),
            Unique | Union1d | Intersect1d | Setdiff1d | Setxor1d | Isin => {
                super::setops::params(self)
            }
            Convolve | Correlate => super::signal::params(self),
            Histogram => super::histogram::params(),
            Partition | Argpartition => super::partition::params(),
            Cov | Corrcoef => super::cov::params(self),
            Pad => super::pad::params(),
            Einsum => super::einsum::params(),
            Dtype => vec![req("dtype"), flag("align", false), flag("copy", false)],
            AsStrided => vec![req("x"), req("shape"), req("strides"), req("writeable")],
            MakePolynomial => super::polynomial::params(),
            MakeBytes | BytesView => super::bytes::params(self),
        }
    }

    /// How a call binds its arguments (NumPy's messages; a method's array is not counted).
    pub fn signature(self, method: bool) -> Signature {
        Signature::new(self.name(), self.params(), Style::Library).hiding(method as usize)
    }
}

/// The types of `kind=`, `order=` and `stable=` of a sort: constants, checked at run time by
/// [`sort_kind`] as NumPy checks them.
fn check_sort_options(args: &CallArgs) -> Result<(), String> {
    for (k, name, what) in [
        (2, "kind", "a string constant"),
        (3, "order", "a string constant"),
        (4, "stable", "a bool constant"),
    ] {
        let ok = match (args.types.get(k), args.consts.get(k)) {
            (None | Some(Type::NoneType), _) => true,
            (Some(Type::StrLiteral(_)), _) => k != 4,
            (Some(Type::Bool), Some(Some(Const::Bool(_)))) => k == 4,
            _ => false,
        };
        if !ok {
            let t = &args.types[k];
            return Err(format!("sort {name} must be {what} or None, not {t}"));
        }
    }
    Ok(())
}

/// Whether a sort with these `kind`, `order` and `stable` arguments (constants, `None` when not
/// given) is stable; or the message of the `ValueError` NumPy raises for them. NumPy reads only
/// the first letter of `kind`, in either case: `q`uicksort and `h`eapsort are not stable,
/// `m`ergesort and `s`table are.
pub fn sort_kind(
    kind: Option<&Const>,
    order: Option<&Const>,
    stable: Option<&Const>,
) -> Result<bool, String> {
    let given = |c: Option<&Const>| !matches!(c, None | Some(Const::None));
    if given(kind) && given(stable) {
        return Err("`kind` and keyword parameters can't be provided at the same time. Use only one of them.".into());
    }
    let stable_sort = match kind {
        Some(Const::Str(s)) => match s.chars().next().map(|c| c.to_ascii_lowercase()) {
            Some('q' | 'h') => false,
            Some('m' | 's') => true,
            _ => {
                return Err(format!(
                    "sort kind must be one of 'quick', 'heap', or 'stable' (got '{s}')"
                ))
            }
        },
        _ => matches!(stable, Some(Const::Bool(true))),
    };
    if given(order) {
        return Err("Cannot specify order when the array has no fields.".into());
    }
    Ok(stable_sort)
}

/// The constant arguments of a call (bound by [`ArrayFn::signature`] and typed by
/// [`type_call`]): a sort's stability, the axis of `concatenate` and `stack`.
pub fn decode(f: ArrayFn, args: &CallArgs) -> Decoded {
    use ArrayFn::*;
    let c = |k: usize| args.consts.get(k).and_then(Option::as_ref);
    match f {
        Sort | Argsort => Decoded {
            stable: Some(sort_kind(c(2), c(3), c(4))),
            // `a.sort()` sorts `a`; `np.sort(a)` a copy.
            in_place: f == Sort && args.method,
            ..Decoded::default()
        },
        Concatenate | Stack => {
            let ndim = arrays_argument(f.name(), &args.types[0]).map_or(0, |(n, _)| n as i64);
            let n = if f == Stack { ndim + 1 } else { ndim };
            let axis = match c(1) {
                Some(Const::Int(k)) if *k < 0 => (k + n) as u8,
                Some(Const::Int(k)) => *k as u8,
                _ => 0,
            };
            Decoded {
                axis: Some(axis),
                ..Decoded::default()
            }
        }
        // `np.cov` and `np.corrcoef` multiply through NumPy's BLAS (`np.dot(X, X.T)`).
        Cov | Corrcoef => Decoded {
            needs_lapack: true,
            ..Decoded::default()
        },
        Roll | Repeat | Tile => super::rearrange::decode(f, args),
        CountNonzero => super::counting::decode(args),
        Average => super::average::decode(args),
        Diff | Searchsorted | Interp | Bincount => super::series::decode(f, args),
        Flip | Fliplr | Flipud | Swapaxes | ExpandDims | BroadcastTo | Moveaxis => {
            super::views::decode(f, args)
        }
        Transpose => Decoded {
            axes: super::views::transpose_axes(args).ok().flatten(),
            ..Decoded::default()
        },
        Nansum | Nanprod | Nanmean | Nanmax | Nanmin | Nanargmax | Nanargmin | Nanstd | Nanvar
        | Nancumsum | Nancumprod => super::nanfns::decode(f, args),
        Rot90 | Digitize => super::indices::decode(f, args),
        Partition | Argpartition => super::partition::decode(f, args),
        _ => Decoded::default(),
    }
}

/// The functions and methods that make arrays, for the table of callables: the NumPy function
/// (`np.sort`) and the method (`a.sort()`) are one entry.
pub fn entries() -> Vec<Entry> {
    ArrayFn::ALL
        .iter()
        .map(|f| {
            let id = Builtin::Array(*f);
            let e = if f.is_method() {
                Entry::method(id, Receiver::Array, f.name())
            } else {
                Entry::function(id, ModuleKind::Numpy, f.name())
            };
            if f.has_method() && !f.is_method() {
                e.method_of(Receiver::Array, f.name())
            } else {
                e
            }
        })
        .collect()
}

/// The number of dimensions a shape argument gives: an integer is 1, a tuple of integers its
/// length.
pub fn shape_ndim(t: &Type) -> Result<u8, String> {
    match t {
        t if t.is_integer_like() && *t != Type::Bool => Ok(1),
        Type::Tuple(items)
            if items
                .iter()
                .all(|t| t.is_integer_like() && *t != Type::Bool) =>
        {
            Ok(items.len() as u8)
        }
        t => Err(format!(
            "a shape must be an integer or a tuple of integers, not {t}"
        )),
    }
}

/// The dtype NumPy gives an array filled from a Python or NumPy scalar of type `t`.
pub fn scalar_dtype(t: &Type) -> Option<Type> {
    t.is_numeric().then(|| t.clone())
}

/// The result type of `f` called with `args` (bound in parameter order by its signature).
pub fn type_call(f: ArrayFn, args: &CallArgs) -> Result<Type, CallError> {
    use ArrayFn::*;
    let c = Checks {
        t: args.types,
        name: f.name(),
    };
    match f {
        Empty | Zeros | Ones | Full | EmptyLike | ZerosLike | OnesLike | FullLike | Arange
        | Linspace | Eye | Identity | Tri | Meshgrid => type_new(f, args, &c),
        Copy | Flatten | Asarray | Ascontiguousarray | Asfortranarray | Astype | Fill | Clip
        | Array => type_copy(f, args, &c),
        Atleast1d | Atleast2d | Atleast3d => {
            let n = match f {
                Atleast1d => 1,
                Atleast2d => 2,
                _ => 3,
            };
            // Axes of length 1 added to a C (F) array leave it C (F).
            let at_least = |k: usize| -> Result<Type, CallError> {
                let a = c.arr(k)?;
                Ok(Type::Array(Arc::new(ArrayTy {
                    ndim: a.ndim.max(n),
                    ..a.clone()
                })))
            };
            match args.types.len() {
                1 => at_least(0),
                k => Ok(Type::tuple((0..k).map(at_least).collect::<Result<_, _>>()?)),
            }
        }
        MakePolynomial => super::polynomial::type_call(args),
        MakeBytes | BytesView => super::bytes::type_call(f, args),
        // A view of `x`'s memory with the given shape and strides, read-only unless both
        // `x` and `writeable` allow writing (`writeable` a constant).
        AsStrided => {
            let a = c.arr(0)?;
            let n = shape_ndim(&args.types[1])?;
            if shape_ndim(&args.types[2])? != n {
                return Err(CallError::typing(
                    "as_strided(): shape and strides must have the same length",
                ));
            }
            let writeable = match args.consts.get(3) {
                Some(Some(Const::Bool(b))) => *b,
                _ => {
                    return Err(CallError::unsupported(
                        "as_strided(): writeable must be a constant bool",
                    ))
                }
            };
            Ok(Type::Array(Arc::new(ArrayTy {
                ndim: n,
                layout: Layout::A,
                readonly: a.readonly || !writeable,
                ..a.clone()
            })))
        }
        // `np.dtype(x)`: what `a.dtype` is in compiled code (NumPy's scalar type, or the
        // structured dtype), known when compiling.
        Dtype => match dtype_argument(&args.types[0]) {
            Ok(Some(d)) => crate::types::dtype_object(&d).ok_or_else(|| {
                CallError::unsupported(format!("np.dtype() of {d} is not supported"))
            }),
            _ => Err(CallError::typing(format!(
                "data type {} not understood",
                describe_dtype(&args.types[0])
            ))),
        },
        // Answered by the type: a number is a scalar, an array (0-d too) or a tuple is not.
        Isscalar | Iscomplexobj | Isrealobj => Ok(Type::Bool),
        // `a.shape` of an array, `()` of a number.
        Shape => match &args.types[0] {
            Type::Array(a) => Ok(Type::tuple(vec![Type::I64; usize::from(a.ndim)])),
            t if t.is_numeric() => Ok(Type::tuple(vec![])),
            t => Err(CallError::unsupported(format!(
                "shape() of {t} is not supported (arrays and numbers)"
            ))),
        },
        Reshape | Ravel | Transpose | View | Diag | Diagflat | Triu | Tril | Item | Ndindex
        | Nditer | Ndenumerate => type_view(f, args, &c),
        Where | Nonzero | Sort | Argsort | Concatenate | Stack | Vstack | Hstack | ColumnStack
        | Dstack => type_search(f, args, &c),
        Roll | Repeat | Tile => super::rearrange::type_call(f, args),
        Average => super::average::type_call(args),
        Diff | Searchsorted | Interp | Bincount => super::series::type_call(f, args),
        Flip | Fliplr | Flipud | Swapaxes | ExpandDims | BroadcastTo | Moveaxis => {
            super::views::type_call(f, args)
        }
        CountNonzero | ArrayEqual | Ptp | Contains => super::counting::type_call(f, args),
        Take => super::take::type_call(args),
        Frexp | Modf => super::ufunc_pair::type_call(f, args),
        NanToNum => super::nan_to_num::type_call(args),
        Trapezoid => super::trapezoid::type_call(args),
        Append => super::append::type_call(args),
        FillDiagonal => super::fill_diagonal::type_call(args),
        TrilIndices | TriuIndices | TrilIndicesFrom | TriuIndicesFrom => {
            super::tri_indices::type_call(f, args)
        }
        Round | Around | Isclose | Allclose => super::rounding::type_call(f, args),
        Nansum | Nanprod | Nanmean | Nanmax | Nanmin | Nanargmax | Nanargmin | Nanstd | Nanvar
        | Nancumsum | Nancumprod => super::nanfns::type_call(f, args),
        Median | Nanmedian | Percentile | Quantile => super::quantiles::type_call(f, args),
        Flatnonzero | Argwhere | Ediff1d | Digitize | Rot90 => super::indices::type_call(f, args),
        Cross | Vander => super::vectors::type_call(f, args),
        Put => super::put::type_call(args),
        Unique | Union1d | Intersect1d | Setdiff1d | Setxor1d | Isin => {
            super::setops::type_call(f, args)
        }
        Convolve | Correlate => super::signal::type_call(f, args),
        Histogram => super::histogram::type_call(args),
        Partition | Argpartition => super::partition::type_call(f, args),
        Cov | Corrcoef => super::cov::type_call(f, args),
        Pad => super::pad::type_call(args),
        Einsum => super::einsum::type_call(args),
    }
}

/// The checks of a call's (bound) arguments, with NumPy's messages.
struct Checks<'a> {
    t: &'a [Type],
    name: &'static str,
}

impl Checks<'_> {
    /// Argument `k`, an array.
    fn arr(&self, k: usize) -> Result<&ArrayTy, String> {
        match &self.t[k] {
            Type::Array(a) => Ok(a),
            other => Err(format!(
                "{}() of {other} is not supported (arrays only)",
                self.name
            )),
        }
    }

    /// The dtype argument `k` names, or `default`.
    fn dtype_or(&self, k: usize, default: Type) -> Result<Type, String> {
        let d = dtype_argument(&self.t[k])?.unwrap_or(default);
        check_dtype(&d)?;
        Ok(d)
    }

    /// Argument `k` (`what`) is a number.
    fn number(&self, k: usize, what: &str) -> Result<(), String> {
        if self.t[k].is_numeric() {
            Ok(())
        } else {
            Err(format!(
                "{}(): {what} must be a number, not {}",
                self.name, self.t[k]
            ))
        }
    }

    /// Argument `k` (`what`) is an integer.
    fn integer(&self, k: usize, what: &str) -> Result<(), String> {
        if self.t[k].is_integer_like() {
            Ok(())
        } else {
            Err(format!(
                "{}(): {what} must be an integer, not {}",
                self.name, self.t[k]
            ))
        }
    }
}

/// The arrays made from nothing or from numbers: `empty`/`zeros`/`ones`/`full` (+ `_like`),
/// `arange`, `linspace`, `eye`, `identity`, `tri`, `meshgrid`.
fn type_new(f: ArrayFn, args: &CallArgs, c: &Checks) -> Result<Type, CallError> {
    use ArrayFn::*;
    let t = args.types;
    let name = f.name();
    Ok(match f {
        // `np.empty` makes arrays of records too (its items are not initialised).
        Empty if matches!(dtype_argument(&t[1])?, Some(Type::RecordDtype(_))) => {
            let d = dtype_argument(&t[1])?.expect("a record dtype");
            array(d, shape_ndim(&t[0])?, Layout::C)
        }
        Empty | Zeros | Ones => array(c.dtype_or(1, Type::F64)?, shape_ndim(&t[0])?, Layout::C),
        Full => {
            c.number(1, "fill_value")?;
            let default = scalar_dtype(&t[1]).expect("a number");
            array(c.dtype_or(2, default)?, shape_ndim(&t[0])?, Layout::C)
        }
        EmptyLike | ZerosLike | OnesLike | FullLike => {
            let a = c.arr(0)?;
            let dtype_at = if f == FullLike {
                c.number(1, "fill_value")?;
                2
            } else {
                1
            };
            // order='K': the memory order of `a`.
            let layout = super::results::keep_order_layout(&[&t[0]]);
            array(c.dtype_or(dtype_at, a.dtype.clone())?, a.ndim, layout)
        }
        Arange => {
            let mut parts = vec![t[0].clone()];
            for k in [1, 2] {
                if t[k] != Type::NoneType {
                    parts.push(t[k].clone());
                }
            }
            for (k, p) in parts.iter().enumerate() {
                if !p.is_real() {
                    return Err(CallError::typing(format!(
                        "arange(): argument {} must be a real number, not {p}",
                        k + 1
                    )));
                }
            }
            // NumPy computes in Python numbers: any float gives float64, else int64.
            let default = if parts.iter().any(|p| matches!(p, Type::Float(_))) {
                Type::F64
            } else {
                Type::I64
            };
            let dtype = c.dtype_or(3, default)?;
            if matches!(dtype, Type::Complex(_)) {
                return Err(CallError::unsupported(
                    "arange() with a complex dtype is not supported",
                ));
            }
            array(dtype, 1, Layout::C)
        }
        Linspace => {
            c.number(0, "start")?;
            c.number(1, "stop")?;
            c.integer(2, "num")?;
            if matches!(t[0], Type::Complex(_)) || matches!(t[1], Type::Complex(_)) {
                return Err(CallError::unsupported(
                    "linspace() of complex numbers is not supported yet",
                ));
            }
            if args.consts.get(4) != Some(&Some(Const::Bool(false))) {
                return Err(CallError::unsupported(
                    "linspace(retstep=True) is not supported yet",
                ));
            }
            // NEP 50: a float32 end point keeps float32 (the other is taken as a Python number).
            let default = if t[..2].contains(&Type::Float(32)) {
                Type::Float(32)
            } else {
                Type::F64
            };
            array(c.dtype_or(5, default)?, 1, Layout::C)
        }
        Eye => {
            c.integer(0, "N")?;
            if t[1] != Type::NoneType {
                c.integer(1, "M")?;
            }
            c.integer(2, "k")?;
            array(c.dtype_or(3, Type::F64)?, 2, Layout::C)
        }
        Identity => {
            c.integer(0, "n")?;
            array(c.dtype_or(1, Type::F64)?, 2, Layout::C)
        }
        // np.copy keeps the memory order (order='K'), a.copy() makes a C array.
        Tri => {
            c.integer(0, "N")?;
            if t[1] != Type::NoneType {
                c.integer(1, "M")?;
            }
            c.integer(2, "k")?;
            array(c.dtype_or(3, Type::F64)?, 2, Layout::C)
        }
        Meshgrid => {
            let (x, y) = (c.arr(0)?, c.arr(1)?);
            if x.ndim != 1 || y.ndim != 1 {
                return Err(CallError::unsupported(
                    "meshgrid() of arrays other than 1-d is not supported yet",
                ));
            }
            Type::tuple(vec![
                array(x.dtype.clone(), 2, Layout::C),
                array(y.dtype.clone(), 2, Layout::C),
            ])
        }
        _ => unreachable!("{name}() is typed by another group"),
    })
}

/// Copies and conversions: `copy`, `array`, `flatten`, `asarray`, `ascontiguousarray`,
/// `astype`, `fill`, `clip`.
fn type_copy(f: ArrayFn, args: &CallArgs, c: &Checks) -> Result<Type, CallError> {
    use ArrayFn::*;
    let t = args.types;
    let name = f.name();
    Ok(match f {
        Copy if args.method => {
            let a = c.arr(0)?;
            array(a.dtype.clone(), a.ndim, Layout::C)
        }
        Copy => {
            let a = c.arr(0)?;
            let layout = super::results::keep_order_layout(&[&t[0]]);
            array(a.dtype.clone(), a.ndim, layout)
        }
        Flatten => array(c.arr(0)?.dtype.clone(), 1, Layout::C),
        // The array itself, or a copy in another dtype (in the array's memory order); a
        // number, tuple or list makes a new array, as `np.array` does (NumPy's and Numba's).
        Asarray if !matches!(t[0], Type::Array(_)) => {
            super::array_of::new_array_of(name, &t[0], dtype_argument(&t[1])?)?
        }
        Asarray => {
            let a = c.arr(0)?;
            match dtype_argument(&t[1])? {
                Some(d) if d != a.dtype => {
                    check_dtype(&d)?;
                    array(d, a.ndim, super::results::keep_order_layout(&[&t[0]]))
                }
                _ => Type::Array(Arc::new(a.clone())),
            }
        }
        Ascontiguousarray => {
            let a = c.arr(0)?;
            array(a.dtype.clone(), a.ndim, Layout::C)
        }
        Asfortranarray => {
            let a = c.arr(0)?;
            let layout = if a.ndim > 1 { Layout::F } else { Layout::C };
            array(a.dtype.clone(), a.ndim, layout)
        }
        Astype => {
            let a = c.arr(0)?;
            let d = dtype_argument(&t[1])?.ok_or_else(|| "astype() needs a dtype".to_string())?;
            check_dtype(&d)?;
            array(d, a.ndim, super::results::keep_order_layout(&[&t[0]]))
        }
        Fill => {
            c.arr(0)?;
            c.number(1, "value")?;
            if c.arr(0)?.readonly {
                return Err("fill() of a read-only array".into());
            }
            Type::NoneType
        }
        Clip => {
            // The bounds that are there (NumPy clips by the one given, copies without either).
            let refs: Vec<&Type> = t[..3].iter().filter(|x| **x != Type::NoneType).collect();
            if !super::elementwise::any_array(&refs) {
                return Err(CallError::unsupported(
                    "np.clip() of numbers is not supported (arrays only)",
                ));
            }
            let (elems, ndim) = super::elementwise::operands(&refs)?;
            let mut d = elems[0].clone();
            for e in &elems[1..] {
                d = crate::types::unify(&d, e).ok_or("clip(): values that do not combine")?;
            }
            if matches!(d, Type::Complex(_)) {
                return Err(CallError::unsupported(
                    "clip() of complex values is not supported",
                ));
            }
            match &t[3] {
                Type::NoneType => array(d, ndim, Layout::C),
                out => super::elementwise::into_out("clip", d, ndim, out)?,
            }
        }
        Array => {
            let d = dtype_argument(&t[1])?;
            match &t[0] {
                Type::Array(a) => array(
                    d.unwrap_or_else(|| a.dtype.clone()),
                    a.ndim,
                    super::results::keep_order_layout(&[&t[0]]),
                ),
                other => super::array_of::new_array_of(name, other, d)?,
            }
        }
        _ => unreachable!("{name}() is typed by another group"),
    })
}

/// Views and reshapes: `reshape`, `ravel`, `transpose`, `view`, `diag`, `triu`/`tril`,
/// `item`, `ndindex`, `nditer`.
fn type_view(f: ArrayFn, args: &CallArgs, c: &Checks) -> Result<Type, CallError> {
    use ArrayFn::*;
    let t = args.types;
    let name = f.name();
    Ok(match f {
        Reshape => {
            let a = c.arr(0)?;
            let ndim = if t.len() > 2 {
                for k in 1..t.len() {
                    c.integer(k, "a shape item")?;
                }
                (t.len() - 1) as u8
            } else {
                shape_ndim(&t[1])?
            };
            // Of a C-contiguous array a C-contiguous view; of another, a view with whatever
            // strides fit (NumPy's no-copy reshape) or a C copy: decided at run time.
            let layout = if a.layout == Layout::C {
                Layout::C
            } else {
                Layout::A
            };
            Type::Array(Arc::new(ArrayTy {
                ndim,
                layout,
                ..a.clone()
            }))
        }
        Ravel => {
            let a = c.arr(0)?;
            Type::Array(Arc::new(ArrayTy {
                ndim: 1,
                layout: Layout::C,
                ..a.clone()
            }))
        }
        Nditer => super::nditer::type_call(&t[0])?,
        // `zip(np.ndindex(a.shape), a.flat)`: the same items in the same (C) order.
        Ndenumerate => {
            let a = c.arr(0)?;
            if !a.dtype.is_numeric() {
                return Err(CallError::unsupported(format!(
                    "ndenumerate() of an array of {} is not supported",
                    a.dtype
                )));
            }
            let items = vec![
                Type::NdIndex(a.ndim),
                Type::Flat(Arc::new(a.clone()), false),
            ];
            Type::Zip(items.into())
        }
        View => {
            let a = c.arr(0)?;
            let d = dtype_argument(&t[1])?.ok_or("view() needs a dtype")?;
            check_dtype(&d)?;
            if crate::types::size_align(&d).0 == crate::types::size_align(&a.dtype).0 {
                return Ok(Type::Array(Arc::new(ArrayTy {
                    dtype: d,
                    ..a.clone()
                })));
            }
            // Another item size rescales the last axis, which must be contiguous (checked at
            // run time): a C array stays C, others are strided.
            if a.ndim == 0 {
                return Err(CallError::typing(
                    "Changing the dtype of a 0d array is only supported if the itemsize is unchanged",
                ));
            }
            Type::Array(Arc::new(ArrayTy {
                dtype: d,
                layout: if a.layout == Layout::C {
                    Layout::C
                } else {
                    Layout::A
                },
                ..a.clone()
            }))
        }
        Ndindex => {
            let n = match t {
                [one @ Type::Tuple(_)] => shape_ndim(one)?,
                _ => {
                    if let Some(bad) = t.iter().find(|x| !x.is_integer_like()) {
                        return Err(CallError::typing(format!(
                            "ndindex() takes integers, not {bad}"
                        )));
                    }
                    t.len() as u8
                }
            };
            Type::NdIndex(n)
        }
        // `np.diag` of the array flattened: a new matrix.
        Diagflat => {
            let a = c.arr(0)?;
            c.integer(1, "k")?;
            array(a.dtype.clone(), 2, Layout::C)
        }
        Diag => {
            let a = c.arr(0)?;
            c.integer(1, "k")?;
            match a.ndim {
                1 => array(a.dtype.clone(), 2, Layout::C),
                // NumPy returns `a.diagonal(k)`: a read-only strided view.
                2 => Type::Array(Arc::new(ArrayTy {
                    dtype: a.dtype.clone(),
                    ndim: 1,
                    layout: Layout::A,
                    readonly: true,
                })),
                _ => return Err("Input must be 1- or 2-d.".into()),
            }
        }
        Triu | Tril => {
            let a = c.arr(0)?;
            c.integer(1, "k")?;
            // NumPy's `where(tri(*m.shape[-2:]), m, 0)`: the last two axes, a 1-d `m` as the
            // rows of an (n, n) result.
            if a.ndim == 0 {
                return Err(CallError::unsupported(format!(
                    "{name}() of a 0d array is not supported"
                )));
            }
            // NumPy's `where` keeps the memory order of `m` and the mask (order='K'), which
            // above two dimensions is known only at run time.
            let layout = if a.ndim > 2 { Layout::A } else { Layout::C };
            array(a.dtype.clone(), a.ndim.max(2), layout)
        }
        Item => {
            let a = c.arr(0)?;
            if t[1] != Type::NoneType {
                c.integer(1, "index")?;
            }
            a.dtype.clone()
        }
        Transpose => {
            let a = c.arr(0)?;
            let n = usize::from(a.ndim);
            let perm =
                super::views::transpose_axes(args)?.unwrap_or_else(|| (0..a.ndim).rev().collect());
            let same = perm.iter().enumerate().all(|(k, &j)| usize::from(j) == k);
            let reversed = perm
                .iter()
                .enumerate()
                .all(|(k, &j)| usize::from(j) == n - 1 - k);
            // Axes kept keep the layout; reversed, C and F trade places; other orders of more
            // than one axis are strided.
            let layout = match a.layout {
                l if same => l,
                Layout::C if reversed => Layout::F,
                Layout::F if reversed => Layout::C,
                _ => Layout::A,
            };
            Type::Array(Arc::new(ArrayTy {
                layout,
                ..a.clone()
            }))
        }
        _ => unreachable!("{name}() is typed by another group"),
    })
}

/// Sorting, searching and joining: `sort`, `argsort`, `unique`, `nonzero`, `where`,
/// `concatenate`/`stack`/`vstack`/`hstack`.
fn type_search(f: ArrayFn, args: &CallArgs, c: &Checks) -> Result<Type, CallError> {
    use ArrayFn::*;
    let t = args.types;
    let name = f.name();
    Ok(match f {
        Where => where_type(t)?,
        Concatenate | Stack | Vstack | Hstack | ColumnStack | Dstack => {
            let (ndim, dtype) = arrays_argument(name, &t[0])?;
            if f == Dstack && ndim < 1 {
                return Err(CallError::unsupported(
                    "dstack() of 0-d arrays is not supported yet",
                ));
            }
            let (out_ndim, axis_limit) = match f {
                Concatenate => (ndim, ndim),
                Stack => (ndim + 1, ndim + 1),
                Vstack => (ndim.max(2), 1),
                // 1-d arrays are the columns (stacked), others joined along their axis 1.
                ColumnStack => (ndim.max(2), 1),
                // 2-d arrays stacked along a new axis 2, others joined along their axis 2.
                Dstack => (ndim.max(3), 1),
                _ => (ndim, 1),
            };
            if matches!(f, Concatenate | Stack) {
                let axis = match args.consts.get(1) {
                    Some(Some(Const::Int(k))) => *k,
                    _ => {
                        return Err(CallError::typing(format!(
                            "{name}(): axis must be a constant integer"
                        )))
                    }
                };
                let n = axis_limit as i64;
                if axis < -n || axis >= n {
                    return Err(CallError::axis(axis, n));
                }
            }
            array(dtype, out_ndim, joined_layout(f, &t[0], ndim))
        }
        Nonzero => {
            let a = c.arr(0)?;
            Type::tuple(vec![nonzero_item(a.ndim); a.ndim as usize])
        }
        Sort | Argsort => {
            let a = c.arr(0)?;
            if !matches!(
                a.dtype,
                Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_)
            ) {
                return Err(CallError::unsupported(format!(
                    "{name}() of {} arrays is not supported yet",
                    a.dtype
                )));
            }
            let last_axis = match args.consts.get(1) {
                // The last axis, however it is spelt (`axis=1` of a 2-d array too).
                Some(Some(Const::Int(k))) => *k == -1 || *k == i64::from(a.ndim) - 1,
                _ => false,
            };
            if !last_axis {
                return Err(CallError::unsupported(format!(
                    "{name}() along an axis other than the last is not supported yet"
                )));
            }
            check_sort_options(args)?;
            match f {
                Sort if !args.method => array(
                    a.dtype.clone(),
                    a.ndim,
                    super::results::keep_order_layout(&[&t[0]]),
                ),
                Sort => {
                    if a.readonly || a.layout != Layout::C {
                        return Err(CallError::unsupported(
                            "a.sort() of a read-only or non-contiguous array is not supported yet",
                        ));
                    }
                    Type::NoneType
                }
                _ => array(Type::I64, a.ndim, Layout::C),
            }
        }
        Unique => {
            let a = c.arr(0)?;
            if !matches!(a.dtype, Type::Bool | Type::Int(_) | Type::Float(_)) {
                return Err(CallError::unsupported(format!(
                    "unique() of {} arrays is not supported yet",
                    a.dtype
                )));
            }
            array(a.dtype.clone(), 1, Layout::C)
        }
        _ => unreachable!("{name}() is typed by another group"),
    })
}

/// `np.where(condition, x, y)`: elementwise (fused like an operator); the result's dtype is that
/// of `x` and `y` together (NEP 50 for scalars), its dimensions the broadcast of all three.
/// `np.where(condition)` is `np.nonzero(condition)`.
/// An item of `np.nonzero(a)`: NumPy fills one (count, ndim) array and returns its columns, so
/// for more than one dimension they are strided views.
fn nonzero_item(ndim: u8) -> Type {
    array(Type::I64, 1, if ndim > 1 { Layout::A } else { Layout::C })
}

fn where_type(t: &[Type]) -> Result<Type, CallError> {
    if t[1] == Type::NoneType && t[2] == Type::NoneType {
        return match &t[0] {
            Type::Array(a) => Ok(Type::tuple(vec![nonzero_item(a.ndim); a.ndim as usize])),
            other => Err(CallError::unsupported(format!(
                "where() of {other} is not supported (arrays only)"
            ))),
        };
    }
    if t[1] == Type::NoneType || t[2] == Type::NoneType {
        return Err("either both or neither of x and y should be given".into());
    }
    let ndim = t
        .iter()
        .map(|x| match x {
            Type::Array(a) => a.ndim,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    if ndim == 0 {
        return Err(CallError::unsupported(
            "np.where() of three scalars is not supported (it makes a 0-d array)",
        ));
    }
    if !t[0].is_numeric() && !matches!(&t[0], Type::Array(_)) {
        return Err(CallError::typing(format!(
            "where(): the condition cannot be {}",
            t[0]
        )));
    }
    let values: Vec<&Type> = vec![&t[1], &t[2]];
    let dtype = if super::elementwise::any_array(&values) {
        let (elems, _) = super::elementwise::operands(&values)?;
        crate::types::unify(&elems[0], &elems[1]).ok_or("where(): x and y do not combine")?
    } else {
        let default = |x: &Type| match x {
            Type::Bool => Type::Bool,
            Type::Int(_) => Type::I64,
            Type::Float(_) => Type::F64,
            _ => Type::C128,
        };
        crate::types::unify(&default(&t[1]), &default(&t[2]))
            .ok_or("where(): x and y do not combine")?
    };
    Ok(array(dtype, ndim, Layout::C))
}

/// The arrays of `np.concatenate((a, b))`: a tuple of arrays with one number of dimensions;
/// their common dimensions and dtype.
/// The layout of `np.concatenate` (`vstack`, `hstack`) and `np.stack` results: NumPy keeps the
/// memory order of the arrays (order='K', decided at run time for layout A). Stacked arrays
/// gain an axis of length 1 first, which has no say: only C arrays give a C result then.
fn joined_layout(f: ArrayFn, arrays: &Type, ndim: u8) -> Layout {
    let Type::Tuple(items) = arrays else {
        return Layout::C;
    };
    let refs: Vec<&Type> = items.iter().collect();
    let stacked = f == ArrayFn::Stack
        || (f == ArrayFn::Vstack && ndim == 1)
        || (f == ArrayFn::ColumnStack && ndim == 1)
        || (f == ArrayFn::Dstack && ndim == 2);
    match super::results::keep_order_layout(&refs) {
        Layout::C => Layout::C,
        _ if stacked => Layout::A,
        l => l,
    }
}

fn arrays_argument(name: &str, t: &Type) -> Result<(u8, Type), String> {
    let Type::Tuple(items) = t else {
        return Err(format!("{name}() takes a tuple or list of arrays, not {t}"));
    };
    let mut out: Option<(u8, Type)> = None;
    for item in items.iter() {
        let Type::Array(a) = item else {
            return Err(format!("{name}() of {item} is not supported (arrays only)"));
        };
        out = Some(match out {
            None => (a.ndim, a.dtype.clone()),
            Some((n, d)) => {
                if n != a.ndim {
                    return Err(format!(
                        "all the input arrays must have same number of dimensions, but the array at index 0 has {n} dimension(s) and an array has {} dimension(s)",
                        a.ndim
                    ));
                }
                (
                    n,
                    crate::types::unify(&d, &a.dtype).ok_or("dtypes that do not combine")?,
                )
            }
        });
    }
    out.ok_or_else(|| "need at least one array to concatenate".to_string())
}

/// A dtype argument as NumPy's "data type ... not understood" names it (`'xyz'` for a string).
fn describe_dtype(t: &Type) -> String {
    match t {
        Type::StrLiteral(s) => format!("{s:?}").replace('"', "'"),
        t => t.to_string(),
    }
}
