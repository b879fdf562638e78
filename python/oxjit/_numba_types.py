"""The rest of ``numba.core.types`` that libraries name: type classes that ``@overload`` typing
functions test with ``isinstance`` (``types.NumberClass``, ``types.TypeRef``, ``types.Bytes``...),
Numba's singletons (``pyobject``, ``slice2_type``, ``range_state64_type``...) and the domains
(``integer_domain``...), each named as Numba names it (``str()``).

oxjit compiles none of these kinds of values except those :mod:`oxjit.types` already gives: a
signature naming one of the others is refused where it is compiled, with the type's name.
Re-exported by :mod:`oxjit.types`; imports nothing heavy.
"""

from oxjit.types import (
    Buffer,
    DispatcherType,
    IterableType,
    Opaque,
    Sequence,
    Type,
    complex64,
    complex128,
    float32,
    float64,
    int8,
    int16,
    int32,
    int64,
    uint8,
    uint16,
    uint32,
    uint64,
)

# Numba's abstract kinds of types not in oxjit.types.


class Dummy(Type):
    """Abstract: types with no data (Numba's ``Dummy``)."""


class Hashable(Type):
    """Abstract: hashable types (Numba's ``Hashable``)."""


class Callable(Type):
    """Abstract: callable types (Numba's ``Callable``)."""


class Sized(Type):
    """Abstract: types with a ``len()`` (Numba's ``Sized``)."""


class ConstSized(Sized):
    """Abstract: types whose ``len()`` is known at compile time (Numba's ``ConstSized``)."""


class Container(Sized, IterableType):
    """Abstract: containers (Numba's ``Container``)."""


class IteratorType(IterableType):
    """Abstract: iterators (Numba's ``IteratorType``)."""


class SimpleIterableType(IterableType):
    """An iterable whose iterator type is known (Numba's ``SimpleIterableType``)."""


class SimpleIteratorType(IteratorType):
    """An iterator yielding one type (Numba's ``SimpleIteratorType``)."""


# Type classes, each named as Numba names its instances.


class _DummyOpaque(Dummy, Opaque):
    """Numba's ``Opaque``: a type with no data (``code_type``, ``ffi_forced_object``...)."""


class Phantom(Dummy):
    """Numba's ``Phantom``: the type of ``Any``."""


class PyObject(Dummy):
    """A Python object in object mode (Numba's ``pyobject``)."""


class Undefined(Dummy):
    """Numba's ``undefined``."""


class EllipsisType(_DummyOpaque):
    """The type of ``...`` (Numba's ``ellipsis``)."""


class BaseFunction(Callable):
    """Abstract: function types (Numba's ``BaseFunction``)."""


class Function(BaseFunction, Opaque):
    """The type of a global function (Numba's ``types.Function``, made from a typing template)."""

    def __init__(self, template):
        self.templates = (template,)
        self.typing_key = getattr(template, "key", template)
        super().__init__(f"Function({self.typing_key})")


class ExternalFunction(Function):
    """A C function declared by its symbol (Numba's ``types.ExternalFunction``)."""

    def __init__(self, symbol, sig):
        self.symbol = symbol
        self.sig = sig
        Type.__init__(self, f"ExternalFunction({symbol!r}, {sig})")


class FunctionType(Type):
    """A first-class function of one signature (Numba's ``types.FunctionType(sig)``, named
    ``FunctionType[float64(float64)]``). oxjit types such values itself (``FunctionsType``); a
    signature naming this type is refused where it is compiled."""

    def __init__(self, signature):
        self.signature = signature
        super().__init__(f"FunctionType[{_sig_name(signature)}]")


def _sig_name(sig):
    args = ", ".join(str(a) for a in getattr(sig, "args", ()))
    return f"{getattr(sig, 'return_type', sig)}({args})"


Dispatcher = DispatcherType


class NumberClass(Callable, _DummyOpaque):
    """The type of a number class used as a value (``np.int64`` passed around): Numba's
    ``NumberClass``, named ``class(int64)``; ``instance_type`` is the number type."""

    def __init__(self, instance_type):
        self.instance_type = instance_type
        Type.__init__(self, f"class({instance_type})")


class TypeRef(Dummy):
    """A reference to a type (Numba's ``TypeRef``, named ``typeref[int64]``)."""

    def __init__(self, instance_type):
        self.instance_type = instance_type
        super().__init__(f"typeref[{instance_type}]")


class DType(_DummyOpaque):
    """A NumPy dtype as a value (Numba's ``DType``, named ``dtype(int64)``)."""

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(f"dtype({dtype})")


class _TimeUnit(Type):
    def __init__(self, unit, kind):
        self.unit = unit
        super().__init__(f"{kind}[{unit}]" if unit else kind)


class NPDatetime(_TimeUnit):
    """NumPy's ``datetime64`` of a unit (``NPDatetime('ns')``, named ``datetime64[ns]``)."""

    def __init__(self, unit):
        super().__init__(unit, "datetime64")


class NPTimedelta(_TimeUnit):
    """NumPy's ``timedelta64`` of a unit (``NPTimedelta('s')``, named ``timedelta64[s]``)."""

    def __init__(self, unit):
        super().__init__(unit, "timedelta64")


class Bytes(Buffer):
    """``bytes`` (Numba's ``Bytes(uint8, 1, 'C')``, named ``bytes(uint8, 1d, C)``)."""

    def __init__(self, dtype, ndim, layout, readonly=False):
        self.dtype, self.ndim, self.layout, self.readonly = dtype, ndim, layout, readonly
        prefix = "readonly " if readonly else ""
        super().__init__(f"{prefix}bytes({dtype}, {ndim}d, {layout})")


class CharSeq(Type):
    """NumPy's ``S<n>`` items (Numba's ``CharSeq(n)``, named ``[char x n]``)."""

    def __init__(self, count):
        self.count = count
        super().__init__(f"[char x {count}]")


class UnicodeCharSeq(Type):
    """NumPy's ``U<n>`` items (Numba's ``UnicodeCharSeq(n)``, named ``[unichr x n]``)."""

    def __init__(self, count):
        self.count = count
        super().__init__(f"[unichr x {count}]")


class EnumClass(_DummyOpaque):
    """The type of an ``enum.Enum`` class (Numba's ``EnumClass``, named
    ``Enum class<float64>(Color)``)."""

    basename = "Enum class"

    def __init__(self, cls, dtype):
        self.instance_class, self.dtype = cls, dtype
        Type.__init__(self, f"{self.basename}<{dtype}>({cls.__name__})")


class IntEnumClass(EnumClass):
    """The type of an ``enum.IntEnum`` class (Numba's ``IntEnumClass``)."""

    basename = "IntEnum class"


class EnumMember(Opaque):
    """The type of an ``enum.Enum`` member (Numba's ``EnumMember``, named
    ``Enum<float64>(Color)``)."""

    basename = "Enum"

    def __init__(self, cls, dtype):
        self.instance_class, self.dtype = cls, dtype
        Type.__init__(self, f"{self.basename}<{dtype}>({cls.__name__})")


class IntEnumMember(EnumMember):
    """The type of an ``enum.IntEnum`` member (Numba's ``IntEnumMember``)."""

    basename = "IntEnum"


class RangeType(SimpleIterableType):
    """A ``range`` (Numba's ``RangeType``, named ``range_state_int64``)."""

    def __init__(self, dtype):
        self.dtype = dtype
        super().__init__(f"range_state_{dtype}")


class RangeIteratorType(SimpleIteratorType):
    """The iterator of a ``range`` (Numba's ``RangeIteratorType``, named ``range_iter_int64``)."""

    def __init__(self, dtype):
        self.yield_type = dtype
        super().__init__(f"range_iter_{dtype}")


class SliceType(Type):
    """A ``slice`` (Numba's ``SliceType``: ``slice2_type`` is ``slice<a:b>``, ``slice3_type``
    ``slice<a:b:c>``)."""

    def __init__(self, name, members):
        self.members = members
        super().__init__(name)


class BoundFunction(Callable, Opaque):
    """A method bound to its receiver (Numba's ``BoundFunction``)."""


class Generator(SimpleIteratorType):
    """A generator (Numba's ``Generator``)."""


class LiteralList(Sequence):
    """A list display of several types (Numba's ``LiteralList``)."""


Any = Phantom("any")
pyobject = PyObject("pyobject")
ffi_forced_object = _DummyOpaque("ffi_forced_object")
ffi = _DummyOpaque("ffi")
unknown = Dummy("unknown")
undefined = Undefined("undefined")
ellipsis = EllipsisType("...")
code_type = _DummyOpaque("code")
pyfunc_type = _DummyOpaque("pyfunc")
py2_string_type = _DummyOpaque("str")
slice2_type = SliceType("slice<a:b>", 2)
slice3_type = SliceType("slice<a:b:c>", 3)
range_state32_type = RangeType(int32)
range_state64_type = RangeType(int64)
unsigned_range_state64_type = RangeType(uint64)
range_iter32_type = RangeIteratorType(int32)
range_iter64_type = RangeIteratorType(int64)
unsigned_range_iter64_type = RangeIteratorType(uint64)

# The domains typing functions test membership in (``t in types.integer_domain``).
signed_domain = frozenset([int8, int16, int32, int64])
unsigned_domain = frozenset([uint8, uint16, uint32, uint64])
integer_domain = signed_domain | unsigned_domain
real_domain = frozenset([float32, float64])
complex_domain = frozenset([complex64, complex128])
number_domain = real_domain | integer_domain | complex_domain

# What oxjit.types re-exports (not in its own `__all__`, as Numba's are not).
__all__ = [
    "Any",
    "BaseFunction",
    "BoundFunction",
    "Bytes",
    "Callable",
    "CharSeq",
    "ConstSized",
    "Container",
    "DType",
    "Dispatcher",
    "Dummy",
    "EllipsisType",
    "EnumClass",
    "EnumMember",
    "ExternalFunction",
    "Function",
    "FunctionType",
    "Generator",
    "Hashable",
    "IntEnumClass",
    "IntEnumMember",
    "IteratorType",
    "LiteralList",
    "NPDatetime",
    "NPTimedelta",
    "NumberClass",
    "Phantom",
    "PyObject",
    "RangeIteratorType",
    "RangeType",
    "SimpleIterableType",
    "SimpleIteratorType",
    "Sized",
    "SliceType",
    "TypeRef",
    "Undefined",
    "UnicodeCharSeq",
    "code_type",
    "complex_domain",
    "ellipsis",
    "ffi",
    "ffi_forced_object",
    "integer_domain",
    "number_domain",
    "py2_string_type",
    "pyfunc_type",
    "pyobject",
    "range_iter32_type",
    "range_iter64_type",
    "range_state32_type",
    "range_state64_type",
    "real_domain",
    "signed_domain",
    "slice2_type",
    "slice3_type",
    "undefined",
    "unknown",
    "unsigned_domain",
    "unsigned_range_iter64_type",
    "unsigned_range_state64_type",
]
