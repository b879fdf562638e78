"""oxjit's types, spelled as Numba users write them.

Scalars are module-level singletons (``int64``, ``float64``, ``boolean``, ...); arrays are made by
slicing a scalar type (``float64[:]``, ``float64[:, ::1]``) or with :class:`Array`; tuples with
:class:`UniTuple` and :class:`Tuple`. Calling a type with types makes a :class:`Signature`::

    >>> float64(int64, float64[::1])
    (int64, array(float64, 1d, C)) -> float64

``str()`` of a type is its canonical name, the one the compiled extension uses (see
docs/internals.md, "Type names"), identical to Numba's; two types are equal when their names are.
:func:`parse_type` turns a canonical name back into a type, :func:`parse_signature` normalizes any
form of signature a decorator accepts, and :func:`typeof` gives the type oxjit infers for a value.

This module imports nothing heavy: it is loaded by ``import oxjit``.
"""

import builtins as _builtins
import sys as _sys

# What ``from oxjit.types import *`` (and ``from oxjit import *``) exports: the type names, as
# ``numba.core.types.__all__`` does (with NumPy 2, which includes ``bool``).
__all__ = [
    "b1",
    "bool",
    "bool_",
    "boolean",
    "byte",
    "c8",
    "c16",
    "char",
    "complex64",
    "complex128",
    "double",
    "f4",
    "f8",
    "float32",
    "float64",
    "float_",
    "i1",
    "i2",
    "i4",
    "i8",
    "int8",
    "int16",
    "int32",
    "int64",
    "int_",
    "intc",
    "intp",
    "long_",
    "longlong",
    "none",
    "optional",
    "short",
    "size_t",
    "ssize_t",
    "u1",
    "u2",
    "u4",
    "u8",
    "uchar",
    "uint",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
    "uintc",
    "uintp",
    "ulong",
    "ulonglong",
    "ushort",
    "void",
]
# C pointers, for ``@cfunc`` signatures (``numba.types.CPointer``, ``numba.types.voidptr``).
__all__ += ["CPointer", "voidptr"]
# C functions compiled code calls by their address (ctypes, cffi).
__all__ += ["ExternalFunctionPointer"]
# The types of oxjit.typed's containers (``numba.types.ListType``, ``numba.types.DictType``).
__all__ += ["DictType", "ListType"]
# Lists, sets and dicts of compiled code (``numba.types.List``, ``numba.types.Set``).
__all__ += ["Dict", "List", "Set"]
# Structured dtypes (``numba.types.Record``).
__all__ += ["Record"]
# Named tuples (``numba.types.NamedTuple``, ``numba.types.NamedUniTuple``).
__all__ += ["NamedTuple", "NamedUniTuple"]


# ---------------------------------------------------------------------------------------------
# Type classes


class Type:
    """Base class of all types: a type is its canonical name.

    Types hash and compare by name. ``t[...]`` with slices makes an array of ``t``; ``t(*types)``
    makes a :class:`Signature` returning ``t``; ``t(value)`` with one non-type argument converts
    the value (scalars only), as in Numba.
    """

    def __init__(self, name):
        self.name = name

    def __str__(self):
        return self.name

    def __repr__(self):
        return self.name

    def __eq__(self, other):
        if isinstance(other, Type):
            return self.name == other.name
        return NotImplemented

    def __hash__(self):
        return hash(self.name)

    def __reduce__(self):
        # Pickle (and copy) through the canonical name: scalars come back as the singletons.
        return parse_type, (self.name,)

    def __call__(self, *args):
        if len(args) == 1 and not isinstance(args[0], Type):
            return self.cast_python_value(args[0])
        return Signature(self, args)

    def cast_python_value(self, value):
        """Convert ``value`` to this type (what ``int64(3.5)`` does)."""
        raise TypeError(f"cannot convert a Python value to {self}")

    def __getitem__(self, spec):
        ndim, layout = _array_spec(spec)
        return Array(self, ndim, layout)


# Numba's abstract kinds of types, as typing functions test for them (``isinstance(t,
# types.Buffer)``): the classes below derive from them as Numba's do.


class IterableType(Type):
    """Abstract: the types of values a ``for`` loop iterates over (arrays, lists, sets, dicts,
    strings, tuples of one type)."""


class ArrayCompatible(Type):
    """Abstract: types that behave as arrays (Numba's ``ArrayCompatible``)."""


class Buffer(IterableType, ArrayCompatible):
    """Abstract: array types (Numba's ``Buffer``)."""


class Sequence(IterableType):
    """Abstract: lists and tuples of one type (Numba's ``Sequence``)."""


class MutableSequence(Sequence):
    """Abstract: lists (Numba's ``MutableSequence``)."""


class Boolean(Type):
    """The ``bool`` type."""

    def cast_python_value(self, value):
        return _builtins.bool(value)


class Number(Type):
    """Base class of the numeric scalar types; ``bitwidth`` is the size in bits."""

    bitwidth = 0

    def cast_python_value(self, value):
        import numpy

        return getattr(numpy, self.name)(value)


class Integer(Number):
    """A fixed-width integer type: ``int8`` ... ``int64``, ``uint8`` ... ``uint64``."""

    def __init__(self, name):
        super().__init__(name)
        self.signed = not name.startswith("u")
        self.bitwidth = int(name[3:] if self.signed else name[4:])


class Float(Number):
    """A floating-point type: ``float32`` or ``float64``."""

    def __init__(self, name):
        super().__init__(name)
        self.bitwidth = int(name[5:])


class Complex(Number):
    """A complex type: ``complex64`` or ``complex128``; ``underlying_float`` is its part type."""

    def __init__(self, name, underlying_float):
        super().__init__(name)
        self.underlying_float = underlying_float
        self.bitwidth = 2 * underlying_float.bitwidth


class NoneType(Type):
    """The type of ``None``, named ``none``; also the ``void`` return type."""


class CPointer(Type):
    """``CPointer(T)``: a C pointer to numbers of type ``T`` (a ``@cfunc`` argument that
    :func:`oxjit.carray` views as an array). ``voidptr`` is a pointer to anything."""

    def __init__(self, dtype):
        if not isinstance(dtype, (Number, Boolean, NoneType)):
            raise TypeError(f"CPointer takes a scalar type, got {dtype!r}")
        self.dtype = dtype
        super().__init__("voidptr" if isinstance(dtype, NoneType) else f"CPointer({dtype})")


class UnicodeType(IterableType):
    """The type of ``str`` values, named ``unicode_type`` as in Numba."""


class DispatcherType(Type):
    """The type of a compiled function passed as an argument (Numba's ``types.Dispatcher``):
    each function is its own type, named ``Dispatcher(#id)``, so a function taking another is
    specialised on it."""

    def __init__(self, ident):
        super().__init__(f"Dispatcher(#{ident})")
        self.ident = ident


class FunctionsType(Type):
    """A first-class function of one signature (Numba's ``types.FunctionType``): one of a set
    of compiled functions, named ``Functions(#id, ...)``; different functions in a tuple or a
    list, or chosen by a branch, have this type."""

    def __init__(self, idents):
        super().__init__("Functions({})".format(", ".join(f"#{i}" for i in idents)))
        self.idents = tuple(idents)


class ExternalFunctionPointer(Type):
    """A C function compiled code calls by its address (Numba's
    ``types.ExternalFunctionPointer``): a ctypes or cffi function, an ``@cfunc`` passed as an
    argument; ``sig`` is its C signature."""

    def __init__(self, sig):
        self.sig = sig
        super().__init__(f"ExternalFunctionPointer({sig})")


class Optional(Type):
    """``OptionalType(T)``: a value of type ``T`` or ``None``."""

    def __init__(self, type):
        _check_type(type, "Optional")
        self.type = type
        super().__init__(f"OptionalType({type})")

    def __repr__(self):
        return f"Optional({self.type!r})"


class Array(Buffer):
    """A NumPy array type: ``Array(dtype, ndim, layout, readonly=False)``.

    ``layout`` is ``"C"`` (C-contiguous), ``"F"`` (Fortran-contiguous) or ``"A"`` (any strides).
    Named ``array(float64, 2d, C)``, or ``readonly array(float64, 1d, A)``.
    """

    def __init__(self, dtype, ndim, layout, readonly=False):
        if not isinstance(dtype, (Number, Boolean, Record)):
            raise TypeError(f"array dtype must be a scalar type, got {dtype!r}")
        if not isinstance(ndim, int) or ndim < 0:
            raise ValueError(f"array ndim must be a non-negative int, got {ndim!r}")
        if layout not in ("C", "F", "A"):
            raise ValueError(f"array layout must be 'C', 'F' or 'A', got {layout!r}")
        self.dtype = dtype
        self.ndim = ndim
        self.layout = layout
        self.mutable = not readonly
        self.aligned = True
        prefix = "readonly array" if readonly else "array"
        super().__init__(f"{prefix}({dtype}, {ndim}d, {layout})")

    @property
    def readonly(self):
        """True for arrays that compiled code may not write to."""
        return not self.mutable

    @property
    def is_c_contig(self):
        return self.layout == "C" or (self.ndim <= 1 and self.layout == "F")

    @property
    def is_f_contig(self):
        return self.layout == "F" or (self.ndim <= 1 and self.layout == "C")

    def copy(self, dtype=None, ndim=None, layout=None, readonly=None):
        """This array type with some of its parameters replaced."""
        return Array(
            self.dtype if dtype is None else dtype,
            self.ndim if ndim is None else ndim,
            self.layout if layout is None else layout,
            self.readonly if readonly is None else readonly,
        )

    def __repr__(self):
        return f"Array({self.dtype!r}, {self.ndim}, {self.layout!r}, {self.readonly})"


class Record(Type):
    """A NumPy structured dtype (Numba's ``Record``): ``fields`` maps each name to ``(type,
    offset)`` (a sub-array field's type is ``(type, shape)``), in order; ``size`` is the
    itemsize; ``aligned`` whether it is an aligned struct. Named as Numba names it:
    ``Record(x[type=int32;offset=0],y[type=float64;offset=8];16;True)``."""

    def __init__(self, fields, size, aligned):
        self.fields = dict(fields)
        self.size = size
        self.aligned = aligned
        parts = []
        for name, (ty, offset) in self.fields.items():
            if isinstance(ty, tuple):
                item, shape = ty
                dims = ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "")
                ty = f"nestedarray({item}, ({dims}))"
            parts.append(f"{name}[type={ty};offset={offset}]")
        super().__init__(f"Record({','.join(parts)};{size};{aligned})")

    def __repr__(self):
        return f"Record({self.fields!r}, {self.size}, {self.aligned})"


class BaseTuple(Type):
    """Base class of the tuple types; ``types`` holds the element types.

    Like a tuple of types, a tuple type has a length, iterates over its element types, and
    ``t[i]`` is the type of element ``i``.
    """

    types = ()

    @property
    def count(self):
        return len(self.types)

    def __len__(self):
        return len(self.types)

    def __iter__(self):
        return iter(self.types)

    def __getitem__(self, index):
        return self.types[index]


class UniTuple(BaseTuple, Sequence):
    """A tuple of ``count`` elements of type ``dtype``: ``UniTuple(int64 x 3)``."""

    def __init__(self, dtype, count):
        _check_type(dtype, "UniTuple")
        if not isinstance(count, int) or count < 0:
            raise ValueError(f"UniTuple count must be a non-negative int, got {count!r}")
        self.dtype = dtype
        self.types = (dtype,) * count
        super().__init__(f"UniTuple({dtype} x {count})")

    def __repr__(self):
        return f"UniTuple({self.dtype!r}, {self.count})"


class Tuple(BaseTuple):
    """A tuple of elements of the given types: ``Tuple((int64, float64))``.

    As in Numba, ``Tuple`` of one or more equal types gives a :class:`UniTuple`:
    ``Tuple((int64, int64))`` is ``UniTuple(int64 x 2)``. The empty tuple is ``Tuple()``.
    """

    def __new__(cls, types):
        types = tuple(types)
        if types and all(t == types[0] for t in types[1:]):
            return UniTuple(types[0], len(types))
        return super().__new__(cls)

    def __init__(self, types):
        types = tuple(types)
        for t in types:
            _check_type(t, "Tuple")
        self.types = types
        super().__init__("Tuple(" + ", ".join(map(str, types)) + ")")

    def __repr__(self):
        return f"Tuple({self.types!r})"


def _class_name(cls):
    return cls if isinstance(cls, str) else cls.__name__


class NamedUniTuple(UniTuple):
    """A named tuple of ``count`` elements of type ``dtype``, instances of class ``cls``
    (``collections.namedtuple`` or ``typing.NamedTuple``): ``Point(float64 x 2)``. A type read
    back from its name knows the class by name only (``cls`` is then that string)."""

    def __init__(self, dtype, count, cls):
        super().__init__(dtype, count)
        self.instance_class = cls
        Type.__init__(self, f"{_class_name(cls)}({dtype} x {count})")

    def __repr__(self):
        return f"NamedUniTuple({self.dtype!r}, {self.count}, {self.instance_class!r})"


class NamedTuple(BaseTuple):
    """A named tuple of elements of the given types, instances of class ``cls``:
    ``Particle(unicode_type, float64)``; of one or more equal types, a :class:`NamedUniTuple`."""

    def __new__(cls, types, instance_class):
        types = tuple(types)
        if types and all(t == types[0] for t in types[1:]):
            return NamedUniTuple(types[0], len(types), instance_class)
        return super().__new__(cls)

    def __init__(self, types, instance_class):
        types = tuple(types)
        for t in types:
            _check_type(t, "NamedTuple")
        self.types = types
        self.instance_class = instance_class
        inner = ", ".join(map(str, types))
        super().__init__(f"{_class_name(instance_class)}({inner})")

    def __repr__(self):
        return f"NamedTuple({self.types!r}, {self.instance_class!r})"


class ListType(IterableType):
    """The type of an :class:`oxjit.typed.List` of ``item_type`` items, named as Numba names
    it: ``ListType[int64]`` (a list inside compiled code)."""

    def __init__(self, item_type):
        _check_type(item_type, "ListType")
        self.item_type = self.dtype = item_type
        super().__init__(f"ListType[{item_type}]")


class DictType(IterableType):
    """The type of an :class:`oxjit.typed.Dict`: ``DictType[int64,float64]<iv=None>``."""

    def __init__(self, key_type, value_type):
        _check_type(key_type, "DictType")
        _check_type(value_type, "DictType")
        self.key_type = key_type
        self.value_type = value_type
        super().__init__(f"DictType[{key_type},{value_type}]<iv=None>")


class Kwargs(Type):
    """The ``**kwargs`` of a function whose calls name every keyword: the keywords' names and
    their values' types, ``**kwargs(a=int64, c=unicode_type)`` (compiled code only; Numba has
    no such type, it cannot compile ``**kwargs``)."""

    def __init__(self, fields):
        self.fields = tuple((str(name), ty) for name, ty in fields)
        for _, ty in self.fields:
            _check_type(ty, "Kwargs")
        items = ", ".join(f"{name}={ty}" for name, ty in self.fields)
        super().__init__(f"**kwargs({items})")


class List(MutableSequence):
    """A Python list as compiled code holds it: ``list(int64)`` (``reflected list(int64)``, a
    list argument whose changes the caller sees, as Numba names it)."""

    def __init__(self, dtype, reflected=False):
        _check_type(dtype, "List")
        self.dtype = dtype
        self.reflected = bool(reflected)
        super().__init__(f"{'reflected ' if reflected else ''}list({dtype})")


class Set(IterableType):
    """A Python set as compiled code holds it: ``set(int64)``."""

    def __init__(self, dtype, reflected=False):
        _check_type(dtype, "Set")
        self.dtype = dtype
        self.reflected = bool(reflected)
        super().__init__(f"{'reflected ' if reflected else ''}set({dtype})")


class Dict(Type):
    """A Python dict as compiled code holds it: ``dict(unicode_type, int64)``."""

    def __init__(self, key_type, value_type):
        _check_type(key_type, "Dict")
        _check_type(value_type, "Dict")
        self.key_type = key_type
        self.value_type = value_type
        super().__init__(f"dict({key_type}, {value_type})")


class Signature:
    """A function signature: ``return_type`` and ``args`` (a tuple of types).

    ``return_type`` is None when only the argument types are given (the compiler infers it).
    Made by calling a type, ``float64(int64, int64)``, or by :func:`parse_signature`.
    """

    def __init__(self, return_type, args):
        self.return_type = return_type
        self.args = tuple(args)
        for t in self.args:
            _check_type(t, "a signature")

    def __str__(self):
        return f"{_format_args(self.args)} -> {self.return_type}"

    __repr__ = __str__

    def __eq__(self, other):
        if isinstance(other, Signature):
            return self.args == other.args and self.return_type == other.return_type
        return NotImplemented

    def __hash__(self):
        return hash((self.args, self.return_type))


def signature(return_type, *args):
    """``Signature(return_type, args)``, as ``numba.core.typing.signature``."""
    return Signature(return_type, args)


def _check_type(value, where):
    if not isinstance(value, Type):
        raise TypeError(f"{where} expects oxjit types, got {value!r}")


def _format_args(args):
    """``(int64, float64)``; ``(int64,)`` for one argument, as Python prints a tuple."""
    if len(args) == 1:
        return f"({args[0]},)"
    return "(" + ", ".join(map(str, args)) + ")"


def _array_spec(spec):
    """``(ndim, layout)`` from the subscript of ``dtype[...]``, read as Numba reads it.

    Every slice must be a bare ``:`` or ``::1`` (Numba also lets other steps through, as A). One
    slice: 1d, ``::1`` is C. A tuple of slices: ``::1`` first is F (even in 1d, as in Numba),
    ``::1`` last is C, else A.
    """

    def is_bare(s):
        return isinstance(s, slice) and s.start is None and s.stop is None

    if isinstance(spec, tuple) and spec and all(map(is_bare, spec)):
        steps = [s.step for s in spec]
        if any(step not in (None, 1) for step in steps):
            raise KeyError(f"array slices take no step but ::1, got {spec}")
        layout = "F" if steps[0] == 1 else "C" if steps[-1] == 1 else "A"
        return len(spec), layout
    if is_bare(spec) and spec.step in (None, 1):
        return 1, "C" if spec.step == 1 else "A"
    # KeyError, as Numba, so that collection constructors do not swallow it.
    raise KeyError(f"can only index oxjit types with slices with no start or stop, got {spec}")


# ---------------------------------------------------------------------------------------------
# The types


boolean = bool_ = b1 = Boolean("bool")
# Numba (with NumPy 2) exports ``bool``; this module uses ``_builtins.bool`` for the builtin.
bool = boolean

int8 = i1 = char = Integer("int8")
int16 = i2 = short = Integer("int16")
int32 = i4 = intc = Integer("int32")
int64 = i8 = longlong = Integer("int64")
uint8 = u1 = byte = uchar = Integer("uint8")
uint16 = u2 = ushort = Integer("uint16")
uint32 = u4 = uintc = Integer("uint32")
uint64 = u8 = ulonglong = Integer("uint64")

_BITS64 = _sys.maxsize > 2**32
intp = int_ = ssize_t = int64 if _BITS64 else int32
uintp = uint = size_t = uint64 if _BITS64 else uint32
# C ``long`` is 32 bits on Windows and on 32-bit platforms.
long_ = int64 if _BITS64 and _sys.platform != "win32" else int32
ulong = uint64 if _BITS64 and _sys.platform != "win32" else uint32

# NumPy's half precision (not in Numba's `types.__all__` either: `numba.types.float16`).
float16 = f2 = Float("float16")
float32 = f4 = Float("float32")
float64 = f8 = double = Float("float64")
# Numba's ``float_`` is float32 (NumPy's ``float_`` was float64; Numba with NumPy 2 drops it).
float_ = float32

complex64 = c8 = Complex("complex64", float32)
complex128 = c16 = Complex("complex128", float64)

none = void = NoneType("none")
voidptr = CPointer(none)
unicode_type = string = UnicodeType("unicode_type")
optional = Optional


# ---------------------------------------------------------------------------------------------
# Types an ``@overload``'s typing function sees (oxjit.extending): literal values, omitted
# arguments, and types that have no name Python can read back.


class Literal(Type):
    """The type of a value known at compile time (Numba's ``types.Literal``): ``literal_value``
    is the value, ``literal_type`` the type of such values. Made by :func:`literal`."""

    def __init__(self, value, literal_type):
        self.literal_value = value
        self.literal_type = literal_type
        Type.__init__(self, f"Literal[{type(value).__name__}]({value!r})")


class IntegerLiteral(Literal, Integer):
    """An int known at compile time: ``Literal[int](3)``; also an :class:`Integer` (int64)."""

    def __init__(self, value):
        Integer.__init__(self, "int64")
        Literal.__init__(self, value, int64)


class BooleanLiteral(Literal, Boolean):
    """A bool known at compile time: ``Literal[bool](True)``; also a :class:`Boolean`."""

    def __init__(self, value):
        Literal.__init__(self, value, boolean)


class StringLiteral(Literal, UnicodeType):
    """A str known at compile time: ``Literal[str](abc)``; also a :class:`UnicodeType`."""

    def __init__(self, value):
        Literal.__init__(self, value, unicode_type)


def literal(value):
    """The literal type of ``value`` (an int, a bool or a str), as ``numba.types.literal``;
    raises :class:`oxjit.errors.UnsupportedError` for other values."""
    kind = {_builtins.bool: BooleanLiteral, int: IntegerLiteral, str: StringLiteral}
    cls = kind.get(type(value))
    if cls is None:
        from oxjit.errors import UnsupportedError

        raise UnsupportedError(
            f"oxjit has no literal type for a value of type {type(value).__name__}: only int, "
            f"bool and str values can be literals"
        )
    return cls(value)


def unliteral(t):
    """The type of ``t``'s values where ``t`` is a :class:`Literal` (or :class:`Omitted`: the
    default's type), else ``t``, as ``numba.types.unliteral``."""
    if isinstance(t, Literal):
        return t.literal_type
    return t


class Omitted(Type):
    """An argument left out of a call, the parameter taking its default ``value`` (Numba's
    ``types.Omitted``), as an ``@overload``'s typing function sees it."""

    def __init__(self, value):
        self.value = value
        super().__init__(f"omitted(default={value!r})")


class Opaque(Type):
    """A type oxjit names but whose name this module cannot read back (iterators, functions,
    jitclass instances...), as an ``@overload``'s typing function sees it."""


class WrapperAddressProtocol:
    """Numba's protocol for a C function compiled code calls by its address: a subclass gives
    ``__wrapper_address__()`` (the address, an int) and ``signature()`` (its C signature,
    ``float64(float64, float64)``), as numba-stats wraps SciPy's ``cython_special``. An instance
    is called from compiled code through the address (see ``oxjit._cfuncptr``), as Numba does."""

    def __wrapper_address__(self):
        raise NotImplementedError(f"{type(self).__qualname__}.__wrapper_address__()")

    def signature(self):
        raise NotImplementedError(f"{type(self).__qualname__}.signature()")


def deferred_type():
    """A type named before it is defined, for a jitclass field holding the class's own instances
    (``node_type.define(Node.class_type.instance_type)``)."""
    from oxjit._jitclass import DeferredType

    return DeferredType()


__all__ += ["deferred_type"]

# Canonical name -> singleton, for parse_type.
_SCALARS = {
    t.name: t
    for t in (
        boolean,
        *(int8, int16, int32, int64, uint8, uint16, uint32, uint64),
        *(float16, float32, float64, complex64, complex128),
        none,
        unicode_type,
    )
}


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_type(name):
    """The type whose canonical name (``str()``) is ``name``.

    Accepts the names of docs/internals.md: scalars (``int64``, ``bool``, ...), ``none``,
    ``unicode_type``, ``UniTuple(T x N)``, ``Tuple(T, ...)``, ``array(T, Nd, L)``,
    ``readonly array(T, Nd, L)`` and ``OptionalType(T)``, nested freely. Scalars come back as the
    module's singletons. Raises ValueError on anything else (aliases such as ``i8`` are not
    canonical names; use :func:`parse_signature` for the forms users write).
    """
    parser = _TypeParser(name)
    result = parser.type()
    parser.expect_end()
    return result


class _TypeParser:
    """Recursive descent over a canonical type name.

    Tokens are words (runs of letters, digits and ``_``: ``int64``, ``2d``, ``x``) and the
    punctuation ``(``, ``)``, ``,``; spaces separate tokens.
    """

    def __init__(self, text):
        self.text = text
        self.tokens = []  # (token, position in text)
        i = 0
        while i < len(text):
            c = text[i]
            if c.isspace():
                i += 1
            elif c in "(),#[]<>=;*-":
                self.tokens.append((c, i))
                i += 1
            elif c.isalnum() or c == "_":
                j = i
                while j < len(text) and (text[j].isalnum() or text[j] == "_"):
                    j += 1
                self.tokens.append((text[i:j], i))
                i = j
            else:
                self.fail(f"unexpected character {c!r}", i)
        self.pos = 0

    def fail(self, what, at=None):
        if at is None:
            at = self.tokens[self.pos][1] if self.pos < len(self.tokens) else len(self.text)
        raise ValueError(f"invalid type name {self.text!r}: {what} at position {at}")

    def peek(self):
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def next(self):
        token = self.peek()
        if token is None:
            self.fail("unexpected end")
        self.pos += 1
        return token

    def expect(self, token):
        if self.peek() != token:
            self.fail(f"expected {token!r}")
        self.pos += 1

    def expect_end(self):
        if self.peek() is not None:
            self.fail(f"unexpected {self.peek()!r}")

    def integer(self, suffix=""):
        word = self.peek()
        digits = word[: len(word) - len(suffix)] if word and word.endswith(suffix) else ""
        if not digits.isdigit():
            self.fail(f"expected a number{' followed by ' + repr(suffix) if suffix else ''}")
        self.pos += 1
        return int(digits)

    def type(self):
        word = self.next()
        if word == "readonly" and self.peek() == "bytes":
            self.pos += 1
            return self.bytes()
        if word == "readonly":
            if self.peek() != "array":
                self.fail("expected 'array' after 'readonly'")
            self.pos += 1
            return self.array(readonly=True)
        if word == "array":
            return self.array(readonly=False)
        if word == "UniTuple":
            self.expect("(")
            dtype = self.type()
            self.expect("x")
            count = self.integer()
            self.expect(")")
            return UniTuple(dtype, count)
        if word == "Tuple":
            self.expect("(")
            items = []
            if self.peek() != ")":
                items.append(self.type())
                while self.peek() == ",":
                    self.pos += 1
                    items.append(self.type())
            self.expect(")")
            return Tuple(items)
        if word == "Dispatcher":
            self.expect("(")
            self.expect("#")
            ident = self.integer()
            self.expect(")")
            return DispatcherType(ident)
        if word == "Functions":
            self.expect("(")
            idents = []
            while True:
                self.expect("#")
                idents.append(self.integer())
                if self.peek() != ",":
                    break
                self.pos += 1
            self.expect(")")
            return FunctionsType(idents)
        if word == "OptionalType":
            self.expect("(")
            inner = self.type()
            self.expect(")")
            return Optional(inner)
        if word == "CPointer":
            self.expect("(")
            inner = self.type()
            self.expect(")")
            return CPointer(inner)
        if word == "voidptr":
            return voidptr
        if word == "ExternalFunctionPointer":
            return self.external_function()
        if word == "ListType":
            self.expect("[")
            item = self.type()
            self.expect("]")
            return ListType(item)
        if word == "DictType":
            self.expect("[")
            key = self.type()
            self.expect(",")
            value = self.type()
            self.expect("]")
            if self.peek() == "<":
                for token in ("<", "iv", "=", "None", ">"):
                    self.expect(token)
            return DictType(key, value)
        if word == "Record":
            return self.record()
        if word == "*":
            return self.kwargs()
        reflected = word == "reflected" and self.peek() in ("list", "set")
        if reflected:
            word = self.next()
        if word in ("list", "set") and self.peek() == "(":
            self.expect("(")
            item = self.type()
            self.expect(")")
            return (List if word == "list" else Set)(item, reflected)
        if word == "dict" and self.peek() == "(":
            self.expect("(")
            key = self.type()
            self.expect(",")
            value = self.type()
            self.expect(")")
            return Dict(key, value)
        if word in _SCALARS:
            return _SCALARS[word]
        if self.peek() == "(" and word.isidentifier():
            return self.named_tuple(word)
        self.pos -= 1
        self.fail(f"unknown type {word!r}")

    def external_function(self):
        """``ExternalFunctionPointer((T, ...) -> R)``, after its first word."""
        self.expect("(")
        self.expect("(")
        args = []
        while self.peek() != ")":
            args.append(self.type())
            if self.peek() != ",":
                break
            self.pos += 1
        self.expect(")")
        self.expect("-")
        self.expect(">")
        ret = self.type()
        self.expect(")")
        return ExternalFunctionPointer(Signature(ret, args))

    def named_tuple(self, name):
        """``Name(T x N)`` or ``Name(T, ...)``: a named tuple type, after its class's name."""
        self.expect("(")
        items = [self.type()]
        if self.peek() == "x":
            self.pos += 1
            count = self.integer()
            self.expect(")")
            return NamedUniTuple(items[0], count, name)
        while self.peek() == ",":
            self.pos += 1
            items.append(self.type())
        self.expect(")")
        return NamedTuple(items, name)

    def kwargs(self):
        """``**kwargs(name=T, ...)``, after its first ``*``."""
        for token in ("*", "kwargs", "("):
            self.expect(token)
        fields = []
        while self.peek() != ")":
            if fields:
                self.expect(",")
            name = self.next()
            if not name.isidentifier():
                self.pos -= 1
                self.fail("expected a keyword's name")
            self.expect("=")
            fields.append((name, self.type()))
        self.expect(")")
        return Kwargs(fields)

    def record(self):
        """``Record(name[type=T;offset=N],...;SIZE;ALIGNED)``, after the word ``Record``."""
        self.expect("(")
        fields = []
        while True:
            name = self.next()
            self.expect("[")
            self.expect("type")
            self.expect("=")
            if self.peek() == "nestedarray":
                self.pos += 1
                self.expect("(")
                item = self.type()
                self.expect(",")
                self.expect("(")
                shape = []
                while self.peek() != ")":
                    shape.append(self.integer())
                    if self.peek() == ",":
                        self.pos += 1
                self.expect(")")
                self.expect(")")
                ty = (item, tuple(shape))
            else:
                ty = self.type()
            self.expect(";")
            self.expect("offset")
            self.expect("=")
            fields.append((name, (ty, self.integer())))
            self.expect("]")
            if self.peek() != ",":
                break
            self.pos += 1
        self.expect(";")
        size = self.integer()
        self.expect(";")
        aligned = self.next()
        if aligned not in ("True", "False"):
            self.pos -= 1
            self.fail("expected True or False")
        self.expect(")")
        return Record(fields, size, aligned == "True")

    def array(self, readonly):
        self.expect("(")
        dtype = self.type()
        self.expect(",")
        ndim = self.integer("d")
        self.expect(",")
        layout = self.next()
        if layout not in ("C", "F", "A"):
            self.pos -= 1
            self.fail("expected layout C, F or A")
        self.expect(")")
        try:
            return Array(dtype, ndim, layout, readonly)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"invalid type name {self.text!r}: {exc}") from None

    def bytes(self):
        """``bytes(uint8, 1d, C)`` after ``readonly``: compiled code's ``bytes``."""
        from oxjit._numba_types import Bytes

        self.expect("(")
        dtype = self.type()
        self.expect(",")
        ndim = self.integer("d")
        self.expect(",")
        layout = self.next()
        self.expect(")")
        return Bytes(dtype, ndim, layout, readonly=True)


_namespace = None


def parse_signature(sig):
    """Normalize a signature to ``(args, return_type)``: a tuple of types and a type or None.

    Accepts a :class:`Signature`; a tuple of types (argument types only); or a string, evaluated
    as Numba does, in a namespace of this module's public names: ``"float64(float64, int64)"``,
    ``"int64(int64[:])"``, ``"void(float64[::1])"``, or ``"(float64, int64)"`` (no return type).
    ``return_type`` is None when the signature gives none. Raises TypeError otherwise.
    """
    global _namespace
    if isinstance(sig, str):
        if _namespace is None:
            public = {k: v for k, v in globals().items() if not k.startswith("_")}
            _namespace = {"__builtins__": {}, **public}
        try:
            parsed = eval(sig, _namespace)  # as Numba does; the text is the user's own code
        except (SyntaxError, NameError, AttributeError, TypeError, ValueError, KeyError) as exc:
            raise TypeError(f"invalid signature {sig!r}: {exc}") from None
        if isinstance(parsed, Type):
            raise TypeError(
                f"invalid signature {sig!r}: it is the type {parsed}, not a signature; "
                f"write 'return_type(arg, ...)' or '(arg, ...)' (with a comma for one argument)"
            )
        if not isinstance(parsed, (tuple, Signature)):
            raise TypeError(f"invalid signature {sig!r}: it evaluates to {parsed!r}")
        return parse_signature(parsed)
    if isinstance(sig, Signature):
        return sig.args, sig.return_type
    if isinstance(sig, tuple):
        for t in sig:
            if not isinstance(t, Type):
                raise TypeError(f"invalid signature {sig!r}: {t!r} is not an oxjit type")
        return sig, None
    raise TypeError(
        f"invalid signature {sig!r}: expected a string, a Signature or a tuple of types, "
        f"got {type(sig).__name__}"
    )


def typeof(value):
    """The oxjit type of a Python value, as the compiler sees it in an argument.

    Raises TypeError for a value of a type that oxjit does not support.
    """
    from oxjit import _oxjit

    return parse_type(_oxjit.typeof_name(value))


def from_dtype(dtype):
    """The oxjit type of the items of a NumPy dtype (Numba's ``numba.from_dtype``, also
    ``numba.np.numpy_support.from_dtype``): ``from_dtype(np.float32)`` is ``float32``, a
    structured dtype gives its ``Record``.

    Raises ``NumbaNotImplementedError`` (as Numba) for a dtype oxjit has no type for, or a value
    that is not a dtype.
    """
    import numpy as np

    from oxjit.errors import CompilerError, NumbaNotImplementedError

    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise NumbaNotImplementedError(f"from_dtype(): {dtype!r} is not a NumPy dtype") from None
    try:
        return typeof(np.empty(0, dtype=dt)).dtype
    except (TypeError, CompilerError):
        raise NumbaNotImplementedError(
            f"from_dtype(): oxjit does not support the dtype {dt}"
        ) from None


# The rest of Numba's type names that libraries use (``types.NumberClass``, ``types.pyobject``,
# ``types.integer_domain``...): see _numba_types.py. Not in ``__all__``, as in Numba.
from oxjit._numba_types import *
