"""``numba.extending`` under oxjit: ``register_jitable`` works; the rest is refused clearly.

Numba's extension API (``overload``, ``intrinsic``, ``typeof_impl``, data models, boxing...) is
written against Numba's own compiler internals (its type classes, LLVM IR builders, lowering
context), which oxjit does not have. Using any of it raises :class:`oxjit.errors.UnsupportedError`
at the decoration, naming the file, line and column of the user's code, instead of failing later
or silently doing something else.
"""

import sys

from oxjit.decorators import njit
from oxjit.errors import UnsupportedError

_WHY = (
    "is part of Numba's extension API, which oxjit does not support: it works on Numba's "
    "compiler internals; write the function in the supported Python subset and decorate it "
    "with @njit instead"
)


def _where(depth):
    """``file:line:col`` of the caller ``depth`` frames up (the user's decorator line)."""
    frame = sys._getframe(depth + 1)
    code, lasti = frame.f_code, frame.f_lasti
    col = None
    for k, pos in enumerate(code.co_positions()):
        if k == lasti // 2:
            col = pos[2]
            break
    return f"{code.co_filename}:{frame.f_lineno}:{(col or 0) + 1}"


def _refuse(name):
    def refused(*args, **kwargs):
        raise UnsupportedError(f"{_where(1)}: unsupported: numba.extending.{name} {_WHY}")

    refused.__name__ = refused.__qualname__ = name
    refused.__doc__ = f"Numba's ``{name}``: refused with an UnsupportedError (see the module)."
    return refused


def register_jitable(*args, **kwargs):
    """Numba's ``register_jitable``: the function compiled with ``njit`` (and these options) so
    compiled code can call it; a call from Python compiles it too, with the same results."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return njit(args[0])
    return lambda fn: njit(*args, **kwargs)(fn)


# Numba's names that are refused (through the module's `__getattr__`, so that `from
# numba.extending import overload` works and the use raises).
_REFUSED = frozenset(
    {
        "overload",
        "overload_method",
        "overload_attribute",
        "overload_classmethod",
        "intrinsic",
        "typeof_impl",
        "type_callable",
        "register_model",
        "make_attribute_wrapper",
        "lower_builtin",
        "lower_getattr",
        "lower_getattr_generic",
        "lower_setattr",
        "lower_setattr_generic",
        "lower_cast",
        "box",
        "unbox",
        "reflect",
        "infer",
        "infer_global",
        "infer_getattr",
        "as_numba_type",
        "get_cython_function_address",
        "include_path",
        "sentry_literal_args",
        "SentryLiteralArgs",
        "BoundLiteralArgs",
        "NativeValue",
    }
)


def __getattr__(name):
    if name in _REFUSED:
        return _refuse(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Models:
    """``numba.extending.models``: any of its data models is refused where it is used."""

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise UnsupportedError(f"{_where(1)}: unsupported: numba.extending.models.{name} {_WHY}")


models = _Models()

__all__ = ["models", "register_jitable"]
