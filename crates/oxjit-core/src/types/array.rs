//! NumPy arrays (`array(float64, 2d, C)`, each layout its own specialization), `a.flat` and
//! `np.nditer(a)`, their iterators, and the typing of subscripts and attributes of arrays.

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{dtype_object, size_align, Attribute, Type, TypeKind};

/// The memory layout of an array: C-contiguous, Fortran-contiguous, or any strides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Layout {
    C,
    F,
    A,
}

/// A NumPy array type: `array(float64, 2d, C)`. Each layout is its own specialization.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ArrayTy {
    pub dtype: Type,
    pub ndim: u8,
    pub layout: Layout,
    pub readonly: bool,
}

/// Arrays, and `a.flat`/`np.nditer(a)`.
pub(super) struct ArrayKind;

impl TypeKind for ArrayKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Array(a) => {
                let layout = match a.layout {
                    Layout::C => "C",
                    Layout::F => "F",
                    Layout::A => "A",
                };
                let ro = if a.readonly { "readonly " } else { "" };
                write!(f, "{ro}array({}, {}d, {layout})", a.dtype, a.ndim)
            }
            Type::Flat(a, false) => write!(f, "flatiter({})", Type::Array(a.clone())),
            Type::Flat(a, true) => write!(f, "nditer({})", Type::Array(a.clone())),
            _ => unreachable!("{t:?} is no array"),
        }
    }

    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        match word {
            "readonly" => Some(match p.ty() {
                Ok(Type::Array(a)) => Ok(Type::Array(Arc::new(ArrayTy {
                    readonly: true,
                    ..(*a).clone()
                }))),
                Ok(Type::Bytes) => Ok(Type::Bytes),
                Ok(_) => Err("'readonly' applies to arrays only".into()),
                Err(e) => Err(e),
            }),
            "array" => Some(parse_array(p)),
            _ => None,
        }
    }

    /// Native form: meminfo, data, shape[ndim], strides[ndim].
    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::Array(a) => (16 + 16 * a.ndim as usize, 8),
            _ => (8, 8),
        }
    }

    fn iter_type(&self, t: &Type) -> Result<Type, String> {
        match t {
            // NumPy raises TypeError("iteration over a 0-d array") when it runs.
            Type::Array(arr) if arr.ndim == 0 => Err("iteration over a 0-d array".to_string()),
            Type::Array(arr) => Ok(Type::ArrayIter(arr.clone())),
            Type::Flat(a, k) => Ok(Type::FlatIter(a.clone(), *k)),
            _ => unreachable!("{t:?} is no array"),
        }
    }

    fn item_type(&self, t: &Type, index: &Type, _constant: Option<i64>) -> Result<Type, String> {
        match t {
            Type::Array(arr) => index_result(arr, index),
            Type::Flat(arr, false) if index.is_integer_like() => Ok(arr.dtype.clone()),
            Type::Flat(_, false) => Err(format!("a.flat[] takes one integer here, not {index}")),
            _ => Err(format!("a value of type {t} cannot be indexed")),
        }
    }

    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        match t {
            Type::Array(arr) => array_attribute(arr, name),
            _ => None,
        }
    }
}

fn parse_array(p: &mut TypeParser<'_>) -> Result<Type, String> {
    p.expect(b'(')?;
    let dtype = p.ty()?;
    p.expect(b',')?;
    let nd = p.word();
    let ndim: u8 = nd
        .strip_suffix('d')
        .and_then(|n| n.parse().ok())
        .ok_or("bad array ndim")?;
    p.expect(b',')?;
    let layout = match p.word().as_str() {
        "C" => Layout::C,
        "F" => Layout::F,
        "A" => Layout::A,
        other => return Err(format!("unknown array layout '{other}'")),
    };
    p.expect(b')')?;
    // The items of an array of records are its structured dtype.
    let dtype = match dtype {
        Type::Record(rec) => Type::RecordDtype(rec),
        t => t,
    };
    if !dtype.is_numeric() && !matches!(dtype, Type::RecordDtype(_)) {
        return Err(format!("arrays of {dtype} are not supported"));
    }
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim,
        layout,
        readonly: false,
    })))
}

/// The attributes of an array (its methods are entries of the table of callables); for an array
/// of records, a field name that is no array attribute names the field's view (`a.x`, as Numba
/// gives it; NumPy's `np.recarray`).
fn array_attribute(arr: &ArrayTy, name: &str) -> Option<Attribute> {
    standard_attribute(arr, name).or_else(|| match &arr.dtype {
        Type::RecordDtype(rec) => Attribute::of(super::field_view_type(arr, rec, name).ok()?),
        _ => None,
    })
}

/// Whether `a.name` is the view of a field of an array of records (not an array attribute).
pub fn is_field_attribute(arr: &ArrayTy, name: &str) -> bool {
    matches!(&arr.dtype, Type::RecordDtype(rec) if rec.field(name).is_some())
        && standard_attribute(arr, name).is_none()
}

fn standard_attribute(arr: &ArrayTy, name: &str) -> Option<Attribute> {
    let nd = arr.ndim as usize;
    let ty = match name {
        "shape" | "strides" => Type::tuple(vec![Type::I64; nd]),
        "ndim" => {
            return Some(Attribute {
                ty: Type::I64,
                constant: Some(nd as i64),
            })
        }
        "itemsize" => {
            return Some(Attribute {
                ty: Type::I64,
                constant: Some(size_align(&arr.dtype).0 as i64),
            })
        }
        "size" | "nbytes" => Type::I64,
        "dtype" => dtype_object(&arr.dtype)?,
        "ctypes" => Type::ArrayCtypes,
        "flags" => Type::ArrayFlags,
        "flat" if arr.dtype.is_numeric() => Type::Flat(Arc::new(arr.clone()), false),
        // Views: the transpose, and the parts of a complex array.
        "T" => {
            let layout = match arr.layout {
                Layout::C if nd > 1 => Layout::F,
                Layout::F => Layout::C,
                l => l,
            };
            Type::Array(Arc::new(ArrayTy {
                layout,
                ..arr.clone()
            }))
        }
        "real" | "imag" => match arr.dtype {
            Type::Complex(bits) => Type::Array(Arc::new(ArrayTy {
                dtype: Type::Float(bits / 2),
                layout: Layout::A,
                ..arr.clone()
            })),
            _ if name == "real" => Type::Array(Arc::new(arr.clone())),
            _ => return None,
        },
        _ => return None,
    };
    Attribute::of(ty)
}

/// The type of `arr[index]`: the element for one integer per dimension, else a view (integers
/// drop a dimension, slices keep one, missing trailing indices mean `:`); a boolean mask or an
/// integer array selects a copy (NumPy's advanced indexing).
pub fn index_result(arr: &ArrayTy, index: &Type) -> Result<Type, String> {
    if let (Type::RecordDtype(rec), Type::StrLiteral(name)) = (&arr.dtype, index) {
        // `a['x']` names a field; `a[...]` (the Ellipsis constant) is an ordinary index.
        if &**name != super::ELLIPSIS {
            return super::field_view_type(arr, rec, name);
        }
    }
    if super::is_mixed_advanced(arr, index) {
        return super::advanced_result(arr, index);
    }
    if let Type::Array(ix) = index {
        if matches!(arr.dtype, Type::RecordDtype(_)) {
            return Err(format!(
                "indexing an array of records with an array ({index}) is not supported: index the fields' arrays (a['x'][idx])"
            ));
        }
        let ok = match &ix.dtype {
            Type::Bool => ix.ndim == arr.ndim,
            Type::Int(_) => true,
            _ => false,
        };
        if !ok {
            return Err(format!(
                "indexing {} with {index} is not supported (a boolean mask of the same dimensions, or integers into a 1d array)",
                Type::Array(Arc::new(arr.clone()))
            ));
        }
        // A mask selects items; integers select items of a 1-d array, rows of an n-d one.
        let ndim = if ix.dtype == Type::Bool {
            1
        } else {
            ix.ndim + arr.ndim - 1
        };
        return Ok(Type::Array(Arc::new(ArrayTy {
            dtype: arr.dtype.clone(),
            ndim,
            layout: Layout::C,
            readonly: false,
        })));
    }
    let parts = index_parts(index, arr.ndim)?;
    let ints = parts.iter().filter(|p| **p == IndexPart::Int).count();
    let ndim = parts.len() - ints;
    // An item, unless the subscript holds `...` (then a 0-d view, as NumPy gives).
    let ellipsis = match index {
        Type::Tuple(items) => items.iter().any(is_ellipsis),
        t => is_ellipsis(t),
    };
    if ndim == 0 && !ellipsis {
        return Ok(scalar_of(&arr.dtype));
    }
    // A C array indexed by leading integers only (whole axes after them) stays C; anything
    // else may be strided (`m[..., 0]` is a column).
    let first_axis = parts
        .iter()
        .position(|p| *p != IndexPart::Int)
        .unwrap_or(parts.len());
    let leading_ints = parts[first_axis..].iter().all(|p| *p == IndexPart::All);
    let layout = match arr.layout {
        Layout::C if leading_ints => Layout::C,
        _ => Layout::A,
    };
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype: arr.dtype.clone(),
        ndim: ndim as u8,
        layout,
        readonly: arr.readonly,
    })))
}

/// The type of one item of an array of `dtype` as a value: a record (a reference into the
/// array) for an array of records, else the dtype itself.
pub fn scalar_of(dtype: &Type) -> Type {
    match dtype {
        Type::RecordDtype(rec) => Type::Record(rec.clone()),
        t => t.clone(),
    }
}

/// The type of `a[i]` for an n-d array (`None` for 1-d: an element): a view that stays C
/// contiguous for C arrays.
pub fn row_type(a: &ArrayTy) -> Option<ArrayTy> {
    (a.ndim > 1).then(|| ArrayTy {
        ndim: a.ndim - 1,
        layout: match a.layout {
            Layout::C => Layout::C,
            _ => Layout::A,
        },
        ..a.clone()
    })
}

/// The iterator of `for row in a`.
pub(super) struct ArrayIterKind;

impl TypeKind for ArrayIterKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::ArrayIter(a) = t else {
            unreachable!("{t:?} is no array iterator")
        };
        write!(f, "iter({})", Type::Array(a.clone()))
    }

    fn may_be_none(&self) -> bool {
        false
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        let Type::ArrayIter(arr) = it else {
            return None;
        };
        Some(match row_type(arr) {
            Some(row) => Type::Array(Arc::new(row)),
            None => scalar_of(&arr.dtype),
        })
    }
}

/// The iterator of `a.flat` and `np.nditer(a)`.
pub(super) struct FlatIterKind;

impl TypeKind for FlatIterKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Type::FlatIter(a, _) = t else {
            unreachable!("{t:?} is no flat iterator")
        };
        write!(f, "iter(flat {})", Type::Array(a.clone()))
    }

    fn next_type(&self, it: &Type) -> Option<Type> {
        match it {
            Type::FlatIter(a, _) => Some(a.dtype.clone()),
            _ => None,
        }
    }
}

/// How `...` in a subscript is represented: a string constant no source text can spell.
pub const ELLIPSIS: &str = "\u{0}...";

/// Whether `t` is the type of `...` in a subscript.
pub fn is_ellipsis(t: &Type) -> bool {
    matches!(t, Type::StrLiteral(s) if &**s == ELLIPSIS)
}

/// One entry of an array subscript, after `...` is expanded and missing trailing indices are
/// added: an integer (drops its axis), a slice, a whole axis (`:`, `...`, or missing), or
/// `np.newaxis`/`None` (a new axis of length 1, taking no axis of the array).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexPart {
    Int,
    Slice,
    All,
    NewAxis,
}

/// The entries of a subscript of an `ndim`-dimensional array (see [`IndexPart`]), each with the
/// position of the index value it comes from (`None` for added ones).
pub fn index_parts_at(index: &Type, ndim: u8) -> Result<Vec<(IndexPart, Option<usize>)>, String> {
    let items: Vec<Type> = match index {
        Type::Tuple(items) => items.to_vec(),
        t => vec![t.clone()],
    };
    let mut real = 0;
    let mut ellipses = 0;
    for t in &items {
        if t.is_integer_like() || *t == Type::Slice {
            real += 1;
        } else if is_ellipsis(t) {
            ellipses += 1;
        } else if *t != Type::NoneType {
            return Err(format!(
                "an array cannot be indexed by {t} (integers, slices, None and ... only, for now)"
            ));
        }
    }
    if ellipses > 1 {
        return Err("an index can only have a single ellipsis ('...')".into());
    }
    if real > ndim as usize {
        return Err(format!(
            "too many indices for array: array is {ndim}-dimensional, but {real} were indexed"
        ));
    }
    let mut out = Vec::new();
    for (k, t) in items.iter().enumerate() {
        if t.is_integer_like() {
            out.push((IndexPart::Int, Some(k)));
        } else if *t == Type::Slice {
            out.push((IndexPart::Slice, Some(k)));
        } else if is_ellipsis(t) {
            for _ in 0..ndim as usize - real {
                out.push((IndexPart::All, None));
            }
        } else {
            out.push((IndexPart::NewAxis, None));
        }
    }
    if ellipses == 0 {
        for _ in 0..ndim as usize - real {
            out.push((IndexPart::All, None));
        }
    }
    Ok(out)
}

/// [`index_parts_at`] without the positions.
pub fn index_parts(index: &Type, ndim: u8) -> Result<Vec<IndexPart>, String> {
    Ok(index_parts_at(index, ndim)?
        .into_iter()
        .map(|(p, _)| p)
        .collect())
}
