# Type information for oxjit.types (the implementation is types.py; keep the two in step:
# tests/test_typing.py runs mypy's stubtest over them).
import builtins
from collections.abc import Iterable, Iterator
from typing import Any, TypeAlias, overload
from typing import Literal as _Lit

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
__all__ += ["CPointer", "voidptr"]
# C functions compiled code calls by their address (ctypes, cffi).
__all__ += ["ExternalFunctionPointer"]
__all__ += ["DictType", "ListType"]
__all__ += ["Dict", "List", "Set"]
__all__ += ["Record"]
__all__ += ["NamedTuple", "NamedUniTuple"]
__all__ += ["deferred_type"]

_Layout: TypeAlias = _Lit["C", "F", "A"]
# What a decorator or Dispatcher.compile accepts as a signature.
_SignatureLike: TypeAlias = builtins.str | Signature | tuple[Type, ...]

class Type:
    name: builtins.str
    def __init__(self, name: builtins.str) -> None: ...
    def __eq__(self, other: object) -> builtins.bool: ...
    def __hash__(self) -> int: ...
    def __reduce__(self) -> tuple[Any, tuple[builtins.str]]: ...
    # float64(int64, float64[:]) is a signature; int64(3.5) converts a value.
    @overload
    def __call__(self, *args: Type) -> Signature: ...
    @overload
    def __call__(self, value: builtins.bool | complex, /) -> Any: ...
    def cast_python_value(self, value: Any) -> Any: ...
    def __getitem__(self, spec: slice | tuple[slice, ...]) -> Array: ...

class IterableType(Type): ...
class ArrayCompatible(Type): ...
class Buffer(IterableType, ArrayCompatible): ...
class Sequence(IterableType): ...
class MutableSequence(Sequence): ...

class Boolean(Type):
    def cast_python_value(self, value: Any) -> builtins.bool: ...

class Number(Type):
    bitwidth: int

class Integer(Number):
    signed: builtins.bool

class Float(Number): ...

class Complex(Number):
    underlying_float: Float
    def __init__(self, name: builtins.str, underlying_float: Float) -> None: ...

class NoneType(Type): ...
class UnicodeType(IterableType): ...

class ExternalFunctionPointer(Type):
    sig: Signature
    def __init__(self, sig: Signature) -> None: ...

class CPointer(Type):
    dtype: Type
    def __init__(self, dtype: Type) -> None: ...

class Optional(Type):
    type: Type
    def __init__(self, type: Type) -> None: ...

class Array(Buffer):
    dtype: Type
    ndim: int
    layout: _Layout
    mutable: builtins.bool
    aligned: builtins.bool
    def __init__(
        self, dtype: Type, ndim: int, layout: _Layout, readonly: builtins.bool = False
    ) -> None: ...
    @property
    def readonly(self) -> builtins.bool: ...
    @property
    def is_c_contig(self) -> builtins.bool: ...
    @property
    def is_f_contig(self) -> builtins.bool: ...
    def copy(
        self,
        dtype: Type | None = None,
        ndim: int | None = None,
        layout: _Layout | None = None,
        readonly: builtins.bool | None = None,
    ) -> Array: ...

class Record(Type):
    fields: dict[builtins.str, tuple[Any, int]]
    size: int
    aligned: builtins.bool
    def __init__(self, fields: Any, size: int, aligned: builtins.bool) -> None: ...

class BaseTuple(Type):
    types: tuple[Type, ...]
    @property
    def count(self) -> int: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Type]: ...
    def __getitem__(self, index: int) -> Type: ...  # type: ignore[override]

class UniTuple(BaseTuple, Sequence):
    dtype: Type
    def __init__(self, dtype: Type, count: int) -> None: ...

class Tuple(BaseTuple):
    # Tuple of equal types is a UniTuple, as in Numba.
    def __new__(cls, types: Iterator[Type] | tuple[Type, ...] | list[Type]) -> BaseTuple: ...  # type: ignore[misc]
    def __init__(self, types: Iterator[Type] | tuple[Type, ...] | list[Type]) -> None: ...

class NamedUniTuple(UniTuple):
    instance_class: type | builtins.str
    def __init__(self, dtype: Type, count: int, cls: type | builtins.str) -> None: ...

class NamedTuple(BaseTuple):
    instance_class: type | builtins.str
    # NamedTuple of equal types is a NamedUniTuple, as in Numba.
    def __new__(  # type: ignore[misc]
        cls,
        types: Iterator[Type] | tuple[Type, ...] | list[Type],
        instance_class: type | builtins.str,
    ) -> BaseTuple: ...
    def __init__(
        self,
        types: Iterator[Type] | tuple[Type, ...] | list[Type],
        instance_class: type | builtins.str,
    ) -> None: ...

class ListType(IterableType):
    item_type: Type
    dtype: Type
    def __init__(self, item_type: Type) -> None: ...

class DictType(IterableType):
    key_type: Type
    value_type: Type
    def __init__(self, key_type: Type, value_type: Type) -> None: ...

class Kwargs(Type):
    fields: tuple[tuple[str, Type], ...]
    def __init__(self, fields: Iterable[tuple[str, Type]]) -> None: ...

class List(MutableSequence):
    dtype: Type
    reflected: builtins.bool
    def __init__(self, dtype: Type, reflected: builtins.bool = False) -> None: ...

class Set(IterableType):
    dtype: Type
    reflected: builtins.bool
    def __init__(self, dtype: Type, reflected: builtins.bool = False) -> None: ...

class Dict(Type):
    key_type: Type
    value_type: Type
    def __init__(self, key_type: Type, value_type: Type) -> None: ...

class Signature:
    return_type: Type | None
    args: tuple[Type, ...]
    def __init__(
        self, return_type: Type | None, args: Iterator[Type] | tuple[Type, ...]
    ) -> None: ...
    def __eq__(self, other: object) -> builtins.bool: ...
    def __hash__(self) -> int: ...

def signature(return_type: Type | None, *args: Type) -> Signature: ...
def parse_type(name: builtins.str) -> Type: ...
def parse_signature(sig: _SignatureLike) -> tuple[tuple[Type, ...], Type | None]: ...
def typeof(value: object) -> Type: ...
def from_dtype(dtype: object) -> Type: ...

boolean: Boolean
bool_: Boolean
b1: Boolean
bool: Boolean

int8: Integer
i1: Integer
char: Integer
int16: Integer
i2: Integer
short: Integer
int32: Integer
i4: Integer
intc: Integer
int64: Integer
i8: Integer
longlong: Integer
uint8: Integer
u1: Integer
byte: Integer
uchar: Integer
uint16: Integer
u2: Integer
ushort: Integer
uint32: Integer
u4: Integer
uintc: Integer
uint64: Integer
u8: Integer
ulonglong: Integer
intp: Integer
int_: Integer
ssize_t: Integer
uintp: Integer
uint: Integer
size_t: Integer
long_: Integer
ulong: Integer

float16: Float
f2: Float
float32: Float
f4: Float
float64: Float
f8: Float
double: Float
float_: Float

complex64: Complex
c8: Complex
complex128: Complex
c16: Complex

none: NoneType
void: NoneType
voidptr: CPointer
unicode_type: UnicodeType
string: UnicodeType
optional = Optional

def deferred_type() -> Type: ...

class Literal(Type):
    literal_value: Any
    literal_type: Type
    def __init__(self, value: Any, literal_type: Type) -> None: ...

class IntegerLiteral(Literal, Integer):
    def __init__(self, value: int) -> None: ...

class BooleanLiteral(Literal, Boolean):
    def __init__(self, value: builtins.bool) -> None: ...

class StringLiteral(Literal, UnicodeType):
    def __init__(self, value: builtins.str) -> None: ...

def literal(value: int | builtins.str) -> Literal: ...
def unliteral(t: Type) -> Type: ...

class Omitted(Type):
    value: Any
    def __init__(self, value: Any) -> None: ...

class Opaque(Type): ...

class WrapperAddressProtocol:
    def __wrapper_address__(self) -> int: ...
    def signature(self) -> Signature: ...
