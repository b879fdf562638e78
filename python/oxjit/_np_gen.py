"""Helpers of the NumPy functions oxjit implements in Python (``_np_split``, ``_np_series``):
``@overload``s of NumPy functions the compiler has no entry for, loaded the first time the
compiler asks for an overload of a NumPy function (``_overload.dispatcher_for``), so that
``import oxjit`` does not pay for them.

An implementation whose text depends on the types (an axis known at compile time, a number of
dimensions) is generated as source text here and compiled like any function (its text is
remembered for the compiler); each text is made once."""

import numpy as np

from oxjit import types
from oxjit.errors import TypingError

_MADE = {}


def make(text, **names):
    """The function ``impl`` defined by ``text``, with ``np`` and ``names`` as its globals
    (made once per text and globals)."""
    from oxjit.stencil import _define

    key = (text, tuple(sorted((k, id(v)) for k, v in names.items())))
    func = _MADE.get(key)
    if func is None:
        func = _define(text, "<oxjit numpy>", {"np": np, **names}, "impl")
        _MADE[key] = func
    return func


def omitted_or_none(t):
    """Whether an argument is left to its default or is None."""
    return t is None or isinstance(t, (types.Omitted, types.NoneType))


def const_int(t, name):
    """The value of an integer argument known at compile time (a default, a constant); a
    ``TypingError`` otherwise (the literal value is then asked for)."""
    if isinstance(t, types.Omitted) and isinstance(t.value, int):
        return t.value
    if isinstance(t, types.IntegerLiteral):
        return t.literal_value
    raise TypingError(f"'{name}' must be an integer known when compiling, not {t}")


def is_int(t):
    return isinstance(t, types.Integer) and not isinstance(t, types.Boolean)


def is_real(t):
    return isinstance(t, (types.Integer, types.Float, types.Boolean))


def int_sequence(t):
    """Whether ``t`` is a list, tuple or array of integers."""
    if isinstance(t, types.Array):
        return is_int(t.dtype)
    if isinstance(t, types.BaseTuple):
        return all(is_int(x) for x in t.types)
    if isinstance(t, (types.List, types.ListType)):
        return is_int(t.dtype)
    return False


def array_like(t):
    """``(ndim, item type)`` of what ``np.asarray(t)`` makes of an array, a (nested) list or
    homogeneous tuple of numbers, or a number; None for anything else."""
    ndim = 0
    while True:
        if isinstance(t, types.Array):
            return ndim + t.ndim, t.dtype
        if isinstance(t, (types.List, types.UniTuple)):
            ndim, t = ndim + 1, t.dtype
            continue
        return (ndim, t) if isinstance(t, types.Number) else None


def np_dtype(t):
    """NumPy's dtype of a scalar type (``types.float32`` -> ``np.dtype('float32')``)."""
    if isinstance(t, types.Boolean):
        return np.dtype(np.bool_)
    if isinstance(t, types.IntegerLiteral):
        return np.dtype(np.int64)
    if isinstance(t, types.Number):
        return np.dtype(t.name)
    raise TypingError(f"{t} has no NumPy dtype")


def dtype_name(dt):
    """The name of NumPy's scalar type of a dtype in generated text (``np.float64``)."""
    dt = np.dtype(dt)
    return "np.bool_" if dt == np.bool_ else f"np.{dt.name}"


def index(ndim, axis, item):
    """``[:, :, item]`` with ``item`` at ``axis`` of ``ndim`` dimensions, as text."""
    parts = [":"] * ndim
    parts[axis] = item
    return "[" + ", ".join(parts) + "]"


def own_signature(func):
    """Calls of NumPy's ``func`` take the typing function's parameters and defaults, not
    ``func``'s own (a default such as ``dtype=int`` is no constant compiled code holds)."""
    from oxjit import _overload

    _overload._FUNCTIONS[func].signature_from = None
