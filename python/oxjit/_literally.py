"""``literally``: compiling a function once per value of some of its arguments (Numba's literal
dispatch).

``literally(n)`` in compiled code asks that ``n``, a parameter of the function, be known at
compile time. The first compile of the function finds the parameter is not: the function's
dispatcher switches to ``LiteralDispatcher``, the compile fails, and the call that started
it is made again (``Dispatcher._compile_failed``, from the extension): the dispatcher now binds
the arguments in Python and calls a *clone* of itself made for the values of those parameters
(one compile per value; the clone knows them, see ``_oxjit_literals``). A function called from
compiled code with a constant argument gets the clone for that constant. ``@overload`` typing
functions see such arguments as literal types (``types.Literal``).
"""

import functools
import threading

from oxjit.errors import TypingError

# The marker for "no literal value".
NONE = object()

_STATE = threading.local()


def switched():
    """Whether a dispatcher switched to per-value compiling since the last call (and clears
    it): a compile that failed then is worth trying again."""
    was = getattr(_STATE, "switched", False)
    _STATE.switched = False
    return was


def literal_value(known, caller):
    """The value an argument is known to have at compile time (``known``: what the compiler
    said of it, see ``host.rs``'s ``known_to_py``), or :data:`NONE`."""
    if known is None:
        return NONE
    kind, value = known
    if kind == "const":
        return value
    if kind == "param":
        return getattr(caller, "_oxjit_literals", {}).get(value, NONE)
    return NONE


def wanted(disp):
    """The parameters (indices) ``disp`` compiles per value of (empty for most)."""
    return getattr(disp, "_literal_params", frozenset())


def _param_names(func):
    """Parameter names in the order the compiler numbers them (positional, ``*args``,
    keyword-only, ``**kwargs``), as the extension's ``python_params``."""
    code = func.__code__
    n = code.co_argcount + code.co_kwonlyargcount
    n += bool(code.co_flags & 0x04) + bool(code.co_flags & 0x08)
    names = list(code.co_varnames[: code.co_argcount])
    rest = code.co_varnames[code.co_argcount : n]
    kwonly = rest[: code.co_kwonlyargcount]
    extra = rest[code.co_kwonlyargcount :]
    if code.co_flags & 0x04:
        names.append(extra[0])
        extra = extra[1:]
    return names + list(kwonly) + list(extra)


def request(caller, j):
    """Make ``caller`` (the dispatcher whose parameter ``j`` must be a literal) compile per
    value of it. False where it cannot (not a plain dispatcher)."""
    from oxjit.dispatcher import Dispatcher

    literal_class = literal_dispatcher_class()
    origin = getattr(caller, "_literal_origin", caller)
    if type(origin) not in (Dispatcher, literal_class):
        return False
    with _lock(origin):
        if type(origin) is Dispatcher:
            origin.__class__ = literal_class
            origin._literal_params = frozenset()
        origin._literal_params = origin._literal_params | {j}
        origin._literal_order = tuple(sorted(origin._literal_params))
        origin._literal_clones = {}
        # The number of arguments a call gives when it passes all of them by position (-1
        # where the function takes *args or keyword-only ones).
        code = origin.py_func.__code__
        simple = not code.co_flags & 0x0C and not code.co_kwonlyargcount
        origin._literal_positional = code.co_argcount if simple else -1
    _STATE.switched = True
    return True


_LOCKS = threading.Lock()


def _lock(disp):
    with _LOCKS:
        lock = disp.__dict__.get("_literal_lock")
        if lock is None:
            lock = disp._literal_lock = threading.RLock()
        return lock


def for_call(disp, known, caller, callee):
    """The dispatcher that runs a call of ``disp`` from ``caller``'s compiled code: ``disp``,
    or where it compiles per value, its clone for the arguments' values (known at compile
    time); else a ``TypingError`` (having asked ``caller`` to compile per value where it can)."""
    params = wanted(disp)
    if not params:
        return disp
    values = {}
    names = _param_names(disp.py_func)
    for j in sorted(params):
        k = known[j] if j < len(known) else None
        value = literal_value(k, caller)
        if value is not NONE:
            values[j] = value
            continue
        what = f"argument {names[j]!r} of {callee!r}"
        if k is not None and k[0] == "param" and request(caller, k[1]):
            outer = _param_names(caller.py_func)[k[1]]
            raise TypingError(
                f"{what} must be a literal (numba.literally): "
                f"{caller.py_func.__name__!r} compiles again for each value of its "
                f"parameter {outer!r}"
            )
        raise TypingError(
            f"{what} must be a literal (numba.literally): pass a constant, or a parameter "
            f"of the calling function"
        )
    return disp._clone(values)


class _Identity:
    """The compiled ``literally`` (made on first use): its argument."""

    disp = None


def _identity(x):
    return x


def literally_dispatcher(names, caller, known):
    """``literally(x)`` from ``caller``'s compiled code: the identity where ``x`` is known at
    compile time; else a ``TypingError`` (having asked ``caller`` to compile per value of
    ``x`` where ``x`` is its parameter)."""
    k = known[0] if known else None
    if literal_value(k, caller) is not NONE:
        if _Identity.disp is None:
            from oxjit import decorators

            _Identity.disp = decorators._dispatcher_class()(_identity, {})
            _Identity.disp.targetoptions = {}
        return _Identity.disp
    if k is not None and k[0] == "param" and request(caller, k[1]):
        outer = _param_names(caller.py_func)[k[1]]
        raise TypingError(
            f"literally({outer}): {caller.py_func.__name__!r} compiles again for each value of "
            f"{outer!r}"
        )
    raise TypingError(
        f"numba.literally() needs a value known at compile time: a constant or a parameter of "
        f"the function, not a computed value of type {names[0] if names else '?'}"
    )


_PROXY = []


def proxy():
    """The proxy dispatcher compiled code calls for ``literally`` (as ``_overload`` makes for
    overloaded functions), made on first use."""
    with _LOCKS:
        if not _PROXY:
            from oxjit.dispatcher import Dispatcher
            from oxjit.stencil import _define

            class _LiterallyProxy(Dispatcher):
                def _oxjit_specialize(self, names, caller, kernel_return, known=None):
                    return literally_dispatcher(list(names), caller, list(known or ()))

            stub = _define("def literally(obj):\n    pass\n", "<oxjit literally>", {})
            disp = _LiterallyProxy(stub, {})
            disp.targetoptions = {}
            _PROXY.append(disp)
        return _PROXY[0]


def literally(obj):
    """Numba's ``literally``: in Python, ``obj``; in compiled code, ``obj`` too, but the
    function is compiled for its value (``obj`` must be a parameter of the function or a
    constant), so that ``@overload`` typing functions see a literal type."""
    return obj


_CLASS = []


def literal_dispatcher_class():
    """:class:`LiteralDispatcher` (made on first use: it needs the extension)."""
    if not _CLASS:
        _CLASS.append(_literal_dispatcher_class())
    return _CLASS[0]


def _literal_dispatcher_class():
    from oxjit.dispatcher import Dispatcher

    class LiteralDispatcher(Dispatcher):
        """A dispatcher that compiles per value of some parameters (``_literal_params``):
        calls bind the arguments in Python and go to the clone made for those values."""

        def __call__(self, *args, **kwargs):
            # All arguments by position: the clone for their values, found without binding.
            if not kwargs and len(args) == self._literal_positional:
                order = self._literal_order
                clone = self._literal_clones.get(tuple((j, type(args[j]), args[j]) for j in order))
                if clone is not None:
                    return clone(*args)
            values = self._bound_values(args, kwargs)
            return self._clone(values)(*args, **kwargs)

        def _bound_values(self, args, kwargs):
            sig = self.__dict__.get("_literal_signature")
            if sig is None:
                import inspect

                sig = self._literal_signature = inspect.signature(self.py_func)
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            names = _param_names(self.py_func)
            return {j: bound.arguments[names[j]] for j in sorted(self._literal_params)}

        def _oxjit_specialize(self, names, caller, kernel_return, known=None):
            return for_call(self, list(known or ()), caller, self.py_func.__name__)

        def _clone(self, values):
            for j, v in values.items():
                if type(v) not in (int, bool, str):
                    name = _param_names(self.py_func)[j]
                    raise TypingError(
                        f"{self.py_func.__name__}: parameter {name!r} must be a literal "
                        f"(numba.literally), and a value of type {type(v).__name__} cannot be "
                        f"one (int, bool and str can)"
                    )
            key = tuple((j, type(v), v) for j, v in sorted(values.items()))
            with _lock(self):
                clone = self._literal_clones.get(key)
                if clone is None:
                    clone = _make_clone(self, values)
                    self._literal_clones[key] = clone
            return clone

    return LiteralDispatcher


def _make_clone(origin, values):
    from oxjit.dispatcher import Dispatcher

    options = dict(getattr(origin, "targetoptions", {}))
    # Possibly made while the compiler runs: a parallel dispatcher would wait for it.
    options.pop("parallel", None)
    clone = Dispatcher(origin.py_func, dict(options))
    functools.update_wrapper(clone, origin.py_func)
    clone.targetoptions = options
    clone._oxjit_literals = dict(values)
    clone._literal_origin = origin
    return clone


__all__ = ["literally"]
