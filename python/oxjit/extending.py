"""``numba.extending`` under oxjit: ``overload``, ``overload_method``, ``overload_attribute``,
``register_jitable``, ``is_jitted`` and ``literally`` work; the rest of Numba's extension API is
refused clearly.

``@overload(func)`` gives ``func`` (a Python function, or a NumPy or builtin function oxjit does
not implement) implementations chosen by a *typing function*: compiled code calling ``func``
calls it, at compile time, with :mod:`oxjit.types` objects for the arguments' types; it returns
the implementation (a Python function taking the same parameters, compiled as ``@njit`` would)
or None (the next overload is asked). Python calling ``func`` still runs ``func``. See
docs/extending.md and :mod:`oxjit._overload`.

The rest (``intrinsic``, ``typeof_impl``, data models, boxing...) is written against Numba's
compiler internals (its LLVM IR builders, lowering context), which oxjit does not have: using any
of it raises :class:`oxjit.errors.UnsupportedError` at the decoration, naming the file, line and
column of the user's code, instead of failing later or silently doing something else.
"""

import sys

from oxjit import _overload
from oxjit._literally import literally
from oxjit.decorators import _check_options, njit
from oxjit.errors import UnsupportedError

_WHY = (
    "is part of Numba's extension API, which oxjit does not support: it works on Numba's "
    "compiler internals; write the function in the supported Python subset and decorate it "
    "with @njit (or give it an implementation with @overload) instead"
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


# What to write instead, where there is more to say than _WHY.
_INSTEAD = {
    "intrinsic": (
        "is part of Numba's extension API, which oxjit does not support: an @intrinsic builds "
        "LLVM IR with llvmlite inside Numba's compiler, which oxjit does not have; write the "
        "operation in the supported Python subset as a function decorated with @njit or "
        "@register_jitable (or give a Python function its implementation with @overload) "
        "instead"
    ),
    "typeof_impl": (
        "is part of Numba's extension API, which oxjit does not support: it types a new kind "
        "of Python object for Numba's compiler; a class decorated with @jitclass "
        "(numba.experimental.jitclass) is one compiled code can take, or pass its fields "
        "(arrays, numbers) to an @njit function instead"
    ),
}


def _refuse(name):
    def refused(*args, **kwargs):
        why = _INSTEAD.get(name, _WHY)
        raise UnsupportedError(f"{_where(1)}: unsupported: numba.extending.{name} {why}")

    refused.__name__ = refused.__qualname__ = name
    refused.__doc__ = f"Numba's ``{name}``: refused with an UnsupportedError (see the module)."
    return refused


def is_jitted(function):
    """Whether ``function`` is a function compiled with ``@njit``/``@jit`` (Numba's
    ``numba.extending.is_jitted``)."""
    from oxjit.decorators import _dispatcher_class
    from oxjit.looplift import FallbackDispatcher, ObjModeDispatcher

    return isinstance(function, (_dispatcher_class(), ObjModeDispatcher, FallbackDispatcher))


def register_jitable(*args, **kwargs):
    """Numba's ``register_jitable``: the function compiled with ``njit`` (and these options) so
    compiled code can call it; a call from Python compiles it too, with the same results."""
    if len(args) == 1 and callable(args[0]) and not kwargs:
        return njit(args[0])
    return lambda fn: njit(*args, **kwargs)(fn)


def _check_inline(inline, where):
    if inline not in ("never", "always") and not callable(inline):
        raise ValueError(f"{where}: inline must be 'never', 'always' or a function")


def overload(func, jit_options=None, strict=True, inline="never", prefer_literal=False, **kwargs):
    """Numba's ``@overload(func)``: the decorated *typing function* gives ``func``'s
    implementation for compiled code, per argument types.

    The typing function takes ``func``'s parameters; compiled code calling ``func`` calls it at
    compile time with the arguments' types (:mod:`oxjit.types` objects: ``types.Integer``,
    ``types.Array`` with ``ndim`` and ``dtype``, ``types.Omitted`` for a parameter left to its
    default, ``types.Literal`` where the value is known at compile time and the first answer
    asked for it...). It returns the implementation, a Python function taking the same
    parameters, compiled for these types with ``jit_options`` (``njit``'s options), or None,
    and then the next overload of ``func`` is asked; where none answers, the call is a
    ``TypingError`` naming the function and the types. ``func`` is a Python function (Python
    still runs it) or a NumPy or builtin function oxjit does not implement (oxjit's own
    implementation, where it has one, comes first). ``strict``, ``inline`` and
    ``prefer_literal`` are accepted as Numba's; ``inline='always'`` is left to LLVM.
    """
    _check_inline(inline, "overload")
    if kwargs.get("target", "cpu") not in ("cpu", "generic"):
        raise UnsupportedError(f"{_where(1)}: overload(target={kwargs['target']!r}): only cpu")
    options = dict(jit_options or {})
    _check_options("njit", options)  # jit_options are njit's

    def decorate(typing_fn):
        _overload.overloaded_function(func, options, typing_fn)
        return typing_fn

    return decorate


def overload_method(typ, attr, jit_options=None, strict=True, inline="never", **kwargs):
    """Numba's ``@overload_method(typ, "name")``: ``value.name(...)`` in compiled code, for
    values whose type is ``typ`` (a class of :mod:`oxjit.types`, such as ``types.Array``, or
    one type), where oxjit has no such method. The typing function takes the receiver's type
    first, then the arguments'; the implementation takes the receiver first. oxjit's own
    methods come first."""
    _check_inline(inline, "overload_method")
    options = dict(jit_options or {})
    _check_options("njit", options)

    def decorate(typing_fn):
        _overload.overloaded_method(typ, attr, options, typing_fn)
        return typing_fn

    return decorate


def overload_attribute(typ, attr, **kwargs):
    """Numba's ``@overload_attribute(typ, "name")``: ``value.name`` in compiled code, for values
    whose type is ``typ`` (a class of :mod:`oxjit.types`, or one type), where oxjit has no such
    attribute. The typing function takes the value's type and returns the implementation, a
    function of the value computing the attribute (or None). oxjit's own attributes come first;
    setting the attribute is not supported (nor is it in Numba). ``kwargs`` are
    :func:`overload`'s (``jit_options``...)."""
    _check_inline(kwargs.get("inline", "never"), "overload_attribute")
    options = dict(kwargs.get("jit_options") or {})
    _check_options("njit", options)

    def decorate(typing_fn):
        _overload.overloaded_method(typ, attr, options, typing_fn, _overload._ATTRIBUTES)
        return typing_fn

    return decorate


class _GeneratedJit:
    """What ``generated_jit`` returns: compiled code calls it as an overloaded function; a call
    from Python types the arguments, asks the typing function, and runs the implementation."""

    def __init__(self, typing_fn, options):
        self.py_func = typing_fn
        self._entry = _overload.overloaded_function(self, options, typing_fn)
        self._entry.signature_from = typing_fn
        self.__name__ = typing_fn.__name__
        self.__doc__ = typing_fn.__doc__

    @property
    def _oxjit_dispatcher_(self):
        return self._entry.dispatcher()

    def __call__(self, *args, **kwargs):
        from oxjit import types

        self._entry.dispatcher()  # the stub's signature
        sig = self._entry.stub_signature
        bound = sig.bind(*args, **kwargs)
        names, known, values = [], [], []
        for name, p in sig.parameters.items():
            if name in bound.arguments:
                value = bound.arguments[name]
                names.append(str(types.typeof(value)))
                known.append(None)
            else:
                value = p.default
                names.append(str(types.typeof(value)))
                known.append(("omitted", value))
            values.append(value)
        impl = self._entry.specialize(names, None, known)
        return impl(*values)


def generated_jit(function=None, **options):
    """Numba's deprecated ``generated_jit`` (removed from Numba 0.59): the function is a typing
    function, called with the arguments' types, returning the implementation, as for
    :func:`overload` (write new code with ``overload``). Options are ``njit``'s."""
    options.pop("nopython", None)
    options.pop("target", None)
    if function is None:
        return lambda fn: _GeneratedJit(fn, options)
    return _GeneratedJit(function, options)


def get_cython_function_address(module_name, function_name):
    """The address of ``function_name`` of the Cython module ``module_name`` (from its
    ``__pyx_capi__``), as an int: Numba's ``numba.extending.get_cython_function_address``, with
    its errors. ``ctypes.CFUNCTYPE(restype, *argtypes)(address)`` makes it a function that
    Python and compiled code both call (compiled code through the address)."""
    import ctypes
    import importlib

    capi = importlib.import_module(module_name).__pyx_capi__
    try:
        capsule = capi[function_name]
    except KeyError:
        raise ValueError(
            f"No function {function_name!r} found in __pyx_capi__ of {module_name!r}"
        ) from None
    api = ctypes.pythonapi
    api.PyCapsule_GetName.restype = ctypes.c_char_p
    api.PyCapsule_GetName.argtypes = [ctypes.py_object]
    api.PyCapsule_GetPointer.restype = ctypes.c_void_p
    api.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return api.PyCapsule_GetPointer(capsule, api.PyCapsule_GetName(capsule))


# Numba's names that are refused (through the module's `__getattr__`, so that `from
# numba.extending import intrinsic` works and the use raises).
_REFUSED = frozenset(
    {
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

__all__ = [
    "generated_jit",
    "get_cython_function_address",
    "is_jitted",
    "literally",
    "models",
    "overload",
    "overload_attribute",
    "overload_method",
    "register_jitable",
]
