//! The oxjit type system: scalars, tuples, and the compile-time-only types of globals.
//!
//! The text form of every type is Numba's `str()` of the same type (`int64`, `UniTuple(int64 x 2)`,
//! ...); `Type::parse` reads it back. See `docs/internals.md`.

use std::fmt;
use std::sync::Arc;

use crate::callee::Builtin;

/// Identifies a user function (a dispatcher) known to the host.
pub type FuncId = u64;

/// Width and signedness of an integer type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IntTy {
    pub bits: u8,
    pub signed: bool,
}

impl IntTy {
    pub const I64: IntTy = IntTy {
        bits: 64,
        signed: true,
    };
    pub const U64: IntTy = IntTy {
        bits: 64,
        signed: false,
    };
}

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

/// A module whose attributes are resolved at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModuleKind {
    Math,
    Cmath,
    Numpy,
    NumpyRandom,
    /// The standard library's `random`.
    PyRandom,
    NumpyLinalg,
    Builtins,
}

impl ModuleKind {
    pub fn name(self) -> &'static str {
        match self {
            ModuleKind::Math => "math",
            ModuleKind::Cmath => "cmath",
            ModuleKind::Numpy => "numpy",
            ModuleKind::NumpyRandom => "numpy.random",
            ModuleKind::PyRandom => "random",
            ModuleKind::NumpyLinalg => "numpy.linalg",
            ModuleKind::Builtins => "builtins",
        }
    }
}

/// A type of oxjit's typed IR.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    Bool,
    Int(IntTy),
    /// 32 or 64 bits.
    Float(u8),
    /// 64 (two float32) or 128 (two float64) bits.
    Complex(u8),
    NoneType,
    /// A tuple; homogeneous tuples print as `UniTuple(T x N)`, as Numba does.
    Tuple(Arc<[Type]>),
    /// A value or `None` (`OptionalType(int64)`), where branches returning or assigning `None`
    /// and a value meet. Used as an operand, it is the value (a `None` raises `TypeError`).
    Optional(Arc<Type>),
    /// A NumPy array (native form: meminfo, data, shape[ndim], strides[ndim]).
    Array(Arc<ArrayTy>),
    /// The iterator of a 1-d array.
    ArrayIter(Arc<ArrayTy>),
    /// `enumerate(x)`: the iterable's type (the value is `{start, x}`).
    Enumerate(Arc<Type>),
    /// `zip(a, b, ...)`: the iterables' types.
    Zip(Arc<[Type]>),
    /// The iterator of `enumerate`: the inner iterator's type.
    EnumerateIter(Arc<Type>),
    /// The iterator of `zip`: the inner iterators' types.
    ZipIter(Arc<[Type]>),
    /// A compile-time string constant (exception messages).
    StrLiteral(Arc<str>),
    /// A slice `start:stop:step` (ints or `None`); native form `{start, stop, step}` with
    /// `i64::MIN` for a missing start or stop and 1 for a missing step.
    Slice,
    /// The iterator of a `range`.
    RangeIter,
    /// `np.ndindex(shape)` over `n` dimensions (its value: the shape), and its iterator.
    NdIndex(u8),
    NdIndexIter(u8),
    /// `a.ctypes` (only its `.data`, the address of the first item, is supported).
    ArrayCtypes,
    /// `a.flat` (C order), or `np.nditer(a)` (memory order: `true`), and their iterators.
    Flat(Arc<ArrayTy>, bool),
    FlatIter(Arc<ArrayTy>, bool),
    /// The iterator of a homogeneous tuple.
    TupleIter(Arc<Type>),
    /// A `range` object, before iteration.
    Range,
    /// A module (`math`), a builtin function, a user function, an exception class: values that
    /// exist only at compile time.
    Module(ModuleKind),
    /// A Python module oxjit has no registry for (`sys`): constants are read from it.
    PyModule(Arc<str>),
    Builtin(Builtin),
    /// A method bound to a receiver (`z.conjugate`): the receiver is the call's first argument.
    BoundMethod(Builtin, Arc<Type>),
    UserFunction(FuncId),
    ExceptionClass(Arc<str>),
    /// An exception instance, as built for `raise Cls(args)`.
    Exception(Arc<str>),
}

impl Type {
    pub const I64: Type = Type::Int(IntTy::I64);
    pub const F64: Type = Type::Float(64);
    pub const C128: Type = Type::Complex(128);

    pub fn int(bits: u8, signed: bool) -> Type {
        Type::Int(IntTy { bits, signed })
    }

    pub fn tuple(items: Vec<Type>) -> Type {
        Type::Tuple(items.into())
    }

    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_)
        )
    }

    pub fn is_integer_like(&self) -> bool {
        matches!(self, Type::Bool | Type::Int(_))
    }

    pub fn is_real(&self) -> bool {
        matches!(self, Type::Bool | Type::Int(_) | Type::Float(_))
    }

    /// Whether a value of this type exists at run time (and so has a machine representation).
    pub fn is_runtime(&self) -> bool {
        match self {
            Type::Bool | Type::Int(_) | Type::Float(_) | Type::Complex(_) | Type::NoneType => true,
            Type::RangeIter | Type::TupleIter(_) | Type::Range | Type::Slice => true,
            Type::NdIndex(_) | Type::NdIndexIter(_) => true,
            Type::Flat(..) | Type::FlatIter(..) => true,
            Type::Array(_) | Type::ArrayIter(_) => true,
            Type::Optional(t) => t.is_runtime(),
            Type::Enumerate(t) => t.is_runtime(),
            Type::Zip(ts) => ts.iter().all(Type::is_runtime),
            Type::EnumerateIter(_) | Type::ZipIter(_) => true,
            Type::Tuple(items) => items.iter().all(Type::is_runtime),
            _ => false,
        }
    }

    /// The element type when all items of a tuple have the same type.
    pub fn uniform_item(&self) -> Option<&Type> {
        match self {
            Type::Tuple(items) if !items.is_empty() && items.iter().all(|t| t == &items[0]) => {
                Some(&items[0])
            }
            _ => None,
        }
    }

    /// Parses the canonical text of a type (see `docs/internals.md`).
    pub fn parse(text: &str) -> Result<Type, String> {
        let mut p = TypeParser {
            s: text.as_bytes(),
            pos: 0,
        };
        let ty = p.ty()?;
        p.skip_ws();
        if p.pos != p.s.len() {
            return Err(format!("unexpected text after type in {text:?}"));
        }
        Ok(ty)
    }
}

struct TypeParser<'a> {
    s: &'a [u8],
    pos: usize,
}

impl TypeParser<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.s.len() && self.s[self.pos] == b' ' {
            self.pos += 1;
        }
    }

    fn word(&mut self) -> String {
        self.skip_ws();
        let start = self.pos;
        while self.pos < self.s.len()
            && (self.s[self.pos].is_ascii_alphanumeric() || self.s[self.pos] == b'_')
        {
            self.pos += 1;
        }
        String::from_utf8_lossy(&self.s[start..self.pos]).into_owned()
    }

    fn eat(&mut self, c: u8) -> bool {
        self.skip_ws();
        if self.pos < self.s.len() && self.s[self.pos] == c {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected '{}' at offset {}", c as char, self.pos))
        }
    }

    fn ty(&mut self) -> Result<Type, String> {
        let w = self.word();
        Ok(match w.as_str() {
            "bool" => Type::Bool,
            "none" => Type::NoneType,
            "float32" => Type::Float(32),
            "float64" => Type::Float(64),
            "complex64" => Type::Complex(64),
            "complex128" => Type::Complex(128),
            "readonly" => match self.ty()? {
                Type::Array(a) => Type::Array(Arc::new(ArrayTy {
                    readonly: true,
                    ..(*a).clone()
                })),
                _ => return Err("'readonly' applies to arrays only".into()),
            },
            "array" => {
                self.expect(b'(')?;
                let dtype = self.ty()?;
                self.expect(b',')?;
                let nd = self.word();
                let ndim: u8 = nd
                    .strip_suffix('d')
                    .and_then(|n| n.parse().ok())
                    .ok_or("bad array ndim")?;
                self.expect(b',')?;
                let layout = match self.word().as_str() {
                    "C" => Layout::C,
                    "F" => Layout::F,
                    "A" => Layout::A,
                    other => return Err(format!("unknown array layout '{other}'")),
                };
                self.expect(b')')?;
                if !dtype.is_numeric() {
                    return Err(format!("arrays of {dtype} are not supported"));
                }
                Type::Array(Arc::new(ArrayTy {
                    dtype,
                    ndim,
                    layout,
                    readonly: false,
                }))
            }
            "OptionalType" => {
                self.expect(b'(')?;
                let inner = self.ty()?;
                self.expect(b')')?;
                Type::Optional(Arc::new(inner))
            }
            "UniTuple" => {
                self.expect(b'(')?;
                let item = self.ty()?;
                if self.word() != "x" {
                    return Err("expected 'x' in UniTuple".into());
                }
                let n: usize = self.word().parse().map_err(|_| "bad UniTuple count")?;
                self.expect(b')')?;
                Type::tuple(vec![item; n])
            }
            "Tuple" => {
                self.expect(b'(')?;
                let mut items = Vec::new();
                if !self.eat(b')') {
                    loop {
                        items.push(self.ty()?);
                        if self.eat(b')') {
                            break;
                        }
                        self.expect(b',')?;
                    }
                }
                Type::tuple(items)
            }
            _ => {
                if let Some(bits) = w.strip_prefix("uint").and_then(|b| b.parse::<u8>().ok()) {
                    check_int_bits(bits)?;
                    Type::int(bits, false)
                } else if let Some(bits) = w.strip_prefix("int").and_then(|b| b.parse::<u8>().ok())
                {
                    check_int_bits(bits)?;
                    Type::int(bits, true)
                } else if w.is_empty() {
                    return Err(format!("expected a type at offset {}", self.pos));
                } else {
                    return Err(format!("unknown or unsupported type '{w}'"));
                }
            }
        })
    }
}

fn check_int_bits(bits: u8) -> Result<(), String> {
    if matches!(bits, 8 | 16 | 32 | 64) {
        Ok(())
    } else {
        Err(format!("no integer type of {bits} bits"))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Bool => write!(f, "bool"),
            Type::Int(i) => write!(f, "{}int{}", if i.signed { "" } else { "u" }, i.bits),
            Type::Float(b) => write!(f, "float{b}"),
            Type::Complex(b) => write!(f, "complex{b}"),
            Type::NoneType => write!(f, "none"),
            Type::Tuple(items) => {
                if let Some(item) = self.uniform_item() {
                    write!(f, "UniTuple({item} x {})", items.len())
                } else {
                    write!(f, "Tuple(")?;
                    for (i, t) in items.iter().enumerate() {
                        if i > 0 {
                            write!(f, ", ")?;
                        }
                        write!(f, "{t}")?;
                    }
                    write!(f, ")")
                }
            }
            Type::Array(a) => {
                let layout = match a.layout {
                    Layout::C => "C",
                    Layout::F => "F",
                    Layout::A => "A",
                };
                let ro = if a.readonly { "readonly " } else { "" };
                write!(f, "{ro}array({}, {}d, {layout})", a.dtype, a.ndim)
            }
            Type::ArrayIter(a) => write!(f, "iter({})", Type::Array(a.clone())),
            Type::Optional(t) => write!(f, "OptionalType({t})"),
            Type::Enumerate(t) => write!(f, "enumerate({t})"),
            Type::Zip(ts) => write!(
                f,
                "zip({})",
                ts.iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Type::EnumerateIter(t) => write!(f, "iter(enumerate {t})"),
            Type::ZipIter(ts) => write!(
                f,
                "iter(zip {})",
                ts.iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Type::StrLiteral(s) => write!(f, "Literal[str]({s:?})"),
            Type::RangeIter => write!(f, "range_iter"),
            Type::NdIndex(n) => write!(f, "ndindex({n}d)"),
            Type::NdIndexIter(n) => write!(f, "iter(ndindex({n}d))"),
            Type::ArrayCtypes => write!(f, "ctypes"),
            Type::Flat(a, false) => write!(f, "flatiter({})", Type::Array(a.clone())),
            Type::Flat(a, true) => write!(f, "nditer({})", Type::Array(a.clone())),
            Type::FlatIter(a, _) => write!(f, "iter(flat {})", Type::Array(a.clone())),
            Type::TupleIter(t) => write!(f, "iter({t})"),
            Type::Range => write!(f, "range"),
            Type::Slice => write!(f, "slice"),
            Type::Module(m) => write!(f, "Module({})", m.name()),
            Type::PyModule(m) => write!(f, "Module({m})"),
            Type::Builtin(b) => write!(f, "Function({})", b.qualified_name()),
            Type::BoundMethod(b, recv) => write!(f, "BoundMethod({recv}.{})", b.name()),
            Type::UserFunction(id) => write!(f, "Dispatcher(#{id})"),
            Type::ExceptionClass(name) => write!(f, "ExceptionClass({name})"),
            Type::Exception(name) => write!(f, "Exception({name})"),
        }
    }
}

/// Size and alignment in bytes of a value of type `t` in memory (C layout, as LLVM lays out the
/// same struct on the host): how the extension reads and writes argument and result slots.
pub fn size_align(t: &Type) -> (usize, usize) {
    match t {
        Type::Bool | Type::NoneType => (1, 1),
        Type::Int(i) => ((i.bits / 8) as usize, (i.bits / 8) as usize),
        Type::Float(b) => ((b / 8) as usize, (b / 8) as usize),
        Type::Complex(b) => ((b / 8) as usize, (b / 16) as usize),
        Type::Tuple(items) => {
            let offsets = field_offsets(items);
            let align = items.iter().map(|t| size_align(t).1).max().unwrap_or(1);
            let end = offsets
                .last()
                .map_or(0, |o| o + size_align(items.last().expect("nonempty")).0);
            (end.div_ceil(align) * align, align)
        }
        Type::Range | Type::Slice => (24, 8),
        Type::NdIndex(n) => (8 * *n as usize, 8),
        Type::Array(a) => (16 + 16 * a.ndim as usize, 8),
        Type::Optional(t) => size_align(&Type::tuple(vec![Type::Bool, (**t).clone()])),
        _ => (8, 8),
    }
}

/// The byte offset of each item of a tuple laid out as a C struct.
pub fn field_offsets(items: &[Type]) -> Vec<usize> {
    let mut offset: usize = 0;
    items
        .iter()
        .map(|t| {
            let (size, align) = size_align(t);
            offset = offset.div_ceil(align) * align;
            let here = offset;
            offset += size;
            here
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_round_trips() {
        for text in [
            "bool",
            "int8",
            "uint64",
            "float32",
            "complex128",
            "none",
            "UniTuple(int64 x 3)",
            "Tuple(int64, float64)",
            "Tuple()",
            "Tuple(UniTuple(float64 x 2), bool)",
            "array(float64, 2d, C)",
            "readonly array(int32, 1d, A)",
        ] {
            assert_eq!(Type::parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn parse_rejects_bad_names() {
        assert!(Type::parse("int7").is_err());
        assert!(Type::parse("foo").is_err());
        assert!(Type::parse("Tuple(int64").is_err());
    }
}
