"""NumPy's machine limits in compiled code: ``np.iinfo(t)`` and ``np.finfo(t)``, ``t`` a scalar
type, ``a.dtype`` (which is the scalar type in compiled code), a name or a number: named tuples
of NumPy's numbers, made when compiling (``np.iinfo(np.int32).max``,
``np.finfo(a.dtype).eps``)."""

from collections import namedtuple

import numpy as np

from oxjit import types
from oxjit._np_gen import dtype_name, make
from oxjit.extending import overload

IInfo = namedtuple("iinfo", ["bits", "min", "max"])
FInfo = namedtuple(
    "finfo",
    [
        "bits",
        "eps",
        "epsneg",
        "max",
        "min",
        "tiny",
        "smallest_normal",
        "resolution",
        "precision",
        "iexp",
        "machep",
        "maxexp",
        "minexp",
        "negep",
        "nexp",
        "nmant",
    ],
)


def dtype_of(t):
    """The NumPy dtype a dtype argument's type names (``np.float32``, ``float``, ``a.dtype``,
    ``'f8'``, or a number of that type), or None."""
    if isinstance(t, types.StringLiteral):
        try:
            return np.dtype(t.literal_value)
        except TypeError:
            return None
    if isinstance(t, types.Boolean):
        return np.dtype(np.bool_)
    if isinstance(t, types.IntegerLiteral):
        return np.dtype(np.int64)
    if isinstance(t, types.Number):
        return np.dtype(t.name)
    name = str(t)
    if name.startswith("Function(") and name.endswith(")"):
        inner = name[len("Function(") : -1].split(".")[-1]
        if inner in ("float", "int", "complex", "bool"):
            return np.dtype(inner)
        scalar = getattr(np, inner, None)
        if isinstance(scalar, type) and issubclass(scalar, np.generic):
            return np.dtype(scalar)
    return None


# Raised when called, as NumPy raises it; the named tuple after it types the call as NumPy's
# would be (so that `np.iinfo(t).max` compiles).
_RAISE = (
    "def impl(int_type):\n    for _ in range(1):\n        raise ValueError({!r})\n"
    "    return IInfo(0, 0, 0)\n"
)


@overload(np.iinfo)
def _np_iinfo(int_type):
    dt = dtype_of(int_type)
    if dt is None:
        return None
    if dt.kind not in "iu":
        return make(_RAISE.format(f"Invalid integer data type {dt.kind!r}."), IInfo=IInfo)
    info = np.iinfo(dt)
    return make(
        f"def impl(int_type):\n    return IInfo({info.bits}, {info.min}, {info.max})\n",
        IInfo=IInfo,
    )


def _float_text(x, scalar):
    return f"{scalar}({float(x)!r})"


@overload(np.finfo)
def _np_finfo(dtype):
    dt = dtype_of(dtype)
    if dt is None:
        return None
    if dt.kind not in "fc":
        message = f"data type {dt.type} not inexact"
        zeros = ", ".join(["0"] + ["0.0"] * 7 + ["0"] * 8)
        text = (
            f"def impl(dtype):\n    for _ in range(1):\n        raise ValueError({message!r})\n"
            f"    return FInfo({zeros})\n"
        )
        return make(text, FInfo=FInfo)
    info = np.finfo(dt)
    scalar = dtype_name(info.dtype)
    floats = [info.eps, info.epsneg, info.max, info.min, info.tiny, info.smallest_normal]
    floats.append(info.resolution)
    ints = [info.precision, info.iexp, info.machep, info.maxexp, info.minexp, info.negep]
    ints += [info.nexp, info.nmant]
    args = [str(info.bits)] + [_float_text(x, scalar) for x in floats] + [str(int(k)) for k in ints]
    return make(f"def impl(dtype):\n    return FInfo({', '.join(args)})\n", FInfo=FInfo)
