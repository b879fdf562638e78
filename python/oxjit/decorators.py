"""The ``@njit`` and ``@jit`` decorators.

The extension is imported on the first decoration, not when ``oxjit`` is imported.
"""

import os
import sys
import warnings
import weakref

from oxjit.errors import NumbaPerformanceWarning, UnsupportedError
from oxjit.types import Signature


def _env_flag(name):
    """True when the environment variable is set to anything but ``""``, 0, false, no or off."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


# Read once, at import, as Numba reads its configuration.
_DISABLE_JIT = _env_flag("OXJIT_DISABLE_JIT") or _env_flag("NUMBA_DISABLE_JIT")

_KNOWN_OPTIONS = frozenset(
    {
        "nopython",
        "forceobj",
        "cache",
        "fastmath",
        "nogil",
        "error_model",
        "boundscheck",
        "inline",
        "parallel",
        "looplift",
    }
)


def njit(signature_or_function=None, **options):
    """Compile a Python function to native code, in nopython mode.

    Forms::

        @njit                                   # compiled lazily, per argument types
        @njit(fastmath=True)                    # with options
        @njit("float64(float64, int64)")        # compiled now, for this signature only
        @njit(float64(float64, int64))          # the same, with type objects
        @njit(["int64(int64)", "float64(float64)"])   # compiled now, for each signature
        f = njit(func)                          # or njit(lambda x: x + 1)

    A signature is a string, a :class:`oxjit.types.Signature` or a tuple of argument types (see
    :func:`oxjit.types.parse_signature`); a list is several signatures. With signatures, the
    function is compiled at decoration and only for them: a call with other argument types raises
    TypeError.

    Options:

    - ``fastmath`` (bool, default False): let LLVM reorder floating-point operations and assume
      no NaN or infinity. Numba's set-of-flags form is not supported yet.
    - ``error_model`` (``"python"``, default, or ``"numpy"``): whether division by zero raises
      ``ZeroDivisionError`` or gives NumPy's inf/nan (0 for integer ``//`` and ``%``), as in
      Numba; complex division by zero raises under both, as in Numba.
    - ``nogil`` (bool, default False): release the GIL while the compiled code runs.
    - ``boundscheck`` (bool or None, default off as in Numba): check array indices and raise
      NumPy's ``IndexError``. ``None`` follows ``OXJIT_BOUNDSCHECK=1`` (or
      ``NUMBA_BOUNDSCHECK=1``).
    - ``cache`` (bool, default False): keep the machine code of each specialization on disk
      (next to the module, in ``__pycache__``) and load it in later processes while nothing it
      depends on has changed; see :mod:`oxjit.cache`.
    - ``parallel`` (bool, default False): run the function's ``prange`` loops on a pool of
      threads (see :mod:`oxjit.parallel`); ``.parallel_diagnostics()`` lists them.
    - ``inline`` (``"never"`` or ``"always"``): accepted for Numba compatibility but
      ``inline="always"`` **has no effect**: it warns (see :func:`_warn_not_honoured`).
    - ``nopython`` must be True if given to ``njit``. With ``jit``, ``forceobj=True`` runs the
      function in object mode with its loops lifted and compiled, and ``nopython=False`` falls
      back to that (with a warning) where nopython mode fails; see :mod:`oxjit.looplift`.

    Any other keyword raises TypeError. With ``OXJIT_DISABLE_JIT=1`` or ``NUMBA_DISABLE_JIT=1``
    in the environment when oxjit is imported, the decorators return the function unchanged.
    """
    return _decorate("njit", signature_or_function, options)


def jit(signature_or_function=None, **options):
    """Numba's ``@jit``: the same as :func:`njit` (nopython mode, as Numba since 0.59)."""
    return _decorate("jit", signature_or_function, options)


def jit_module(**options):
    """Numba's ``jit_module``: called at the end of a module, compiles each function the module
    defines with :func:`jit` and these options, in the module's namespace (calls between them
    are then compiled calls). Functions it imported from elsewhere are left as they are."""
    import inspect

    _check_options("jit", options)
    module = sys.modules.get(sys._getframe(1).f_globals.get("__name__"))
    if module is None:
        raise RuntimeError("jit_module() must be called at the top level of a module")
    for name, obj in list(module.__dict__.items()):
        if inspect.isfunction(obj) and obj.__module__ == module.__name__:
            module.__dict__[name] = jit(obj, **options)


def _decorate(decorator, target, options):
    targetoptions = _check_options(decorator, options)
    if target is None:
        sigs = None
    elif isinstance(target, list):
        sigs = target
    elif isinstance(target, (str, tuple, Signature)):
        sigs = [target]
    elif callable(target):
        return _make(target, None, targetoptions)
    else:
        raise TypeError(
            f"{decorator}() expects a function, a signature or a list of signatures, got {target!r}"
        )

    def wrapper(func):
        return _make(func, sigs, targetoptions)

    return wrapper


def _check_options(decorator, options):
    """The options dict for the extension's Dispatcher; raises on unknown or invalid options."""
    for key in options:
        if key not in _KNOWN_OPTIONS:
            raise TypeError(f"{decorator}() got an unexpected keyword argument {key!r}")
    out = {}
    if options.get("forceobj", False) or not options.get("nopython", True):
        if decorator == "njit":
            raise TypeError(
                "njit() compiles in nopython mode: for object mode use "
                "jit(forceobj=True) or jit(nopython=False)"
            )
        out["objmode"] = "force" if options.get("forceobj", False) else "fallback"
        out["looplift"] = bool(options.get("looplift", True))
    elif "looplift" in options:
        raise TypeError(f"{decorator}(): looplift applies to object mode (jit(forceobj=True))")
    _warn_not_honoured(decorator, options)
    for key in ("nogil", "cache"):
        if key in options:
            out[key] = bool(options[key])
    if "parallel" in options:
        value = options["parallel"]
        if isinstance(value, dict):
            raise UnsupportedError(
                f"{decorator}(parallel=...) with a dict of passes is not supported; "
                "use parallel=True"
            )
        out["parallel"] = bool(value)
    if "fastmath" in options:
        value = options["fastmath"]
        if isinstance(value, (set, frozenset, dict)):
            raise UnsupportedError(
                "fastmath with a set of flags is not supported yet; use fastmath=True"
            )
        out["fastmath"] = bool(value)
    if "error_model" in options:
        out["error_model"] = _choice(decorator, "error_model", options, ("python", "numpy"))
    if "inline" in options:
        out["inline"] = _choice(decorator, "inline", options, ("never", "always"))
    if "boundscheck" in options:
        value = options["boundscheck"]
        out["boundscheck"] = None if value is None else bool(value)
    return out


# Options that are accepted, so that Numba programs run, but not (yet) honoured: what happens
# instead, and the warning class Numba uses where it falls back the same way.
_NOT_HONOURED = {
    "inline": (
        "always",
        NumbaPerformanceWarning,
        (
            "inline='always' is not honoured: oxjit does not inline calls itself, LLVM's inliner "
            "decides"
        ),
    ),
}


def _warn_not_honoured(decorator, options):
    """One warning per option given a value oxjit accepts but does not act on."""
    for key, (value, category, message) in _NOT_HONOURED.items():
        if key not in options:
            continue
        given = options[key]
        # Boolean options count as given when truthy, as the decorator reads them (bool()).
        if bool(given) if value is True else given == value:
            # stacklevel: this function, _check_options, _decorate, njit/jit, the user's line.
            warnings.warn(f"{decorator}(): {message}", category, stacklevel=5)


def _choice(decorator, key, options, allowed):
    value = options[key]
    if value not in allowed:
        expected = " or ".join(repr(a) for a in allowed)
        raise ValueError(f"{decorator}(): {key} must be {expected}, got {value!r}")
    return value


_ARGUMENT_DISPATCHERS = weakref.WeakKeyDictionary()


def _as_argument(func):
    """The dispatcher a plain Python function passed to a compiled function is compiled by (one
    per function, as if decorated with ``@njit``): the callee is specialised on it."""
    disp = _ARGUMENT_DISPATCHERS.get(func)
    if disp is None:
        disp = _make(func, None, {})
        _ARGUMENT_DISPATCHERS[func] = disp
    return disp


def _make(func, sigs, targetoptions):
    """The Dispatcher for ``func``, compiled now for ``sigs`` if given."""
    if _DISABLE_JIT:
        return func
    if not hasattr(func, "__code__"):
        raise UnsupportedError(
            f"cannot compile {func!r}: it is not a Python function "
            f"(builtins, C functions and classes cannot be compiled)"
        )
    mode = targetoptions.get("objmode")
    if mode is not None:
        return _make_objmode(func, sigs, targetoptions, mode)
    import functools

    dispatcher = _dispatcher_class()(func, dict(targetoptions))
    functools.update_wrapper(dispatcher, func)
    dispatcher.targetoptions = targetoptions
    if sigs is not None:
        for sig in sigs:
            dispatcher.compile(sig)
        dispatcher._lock()
    return dispatcher


def _make_objmode(func, sigs, targetoptions, mode):
    """``jit(forceobj=True)`` or ``jit(nopython=False)`` (see :mod:`oxjit.looplift`)."""
    from oxjit import looplift as objmode

    if mode == "force":
        dispatcher = objmode.ObjModeDispatcher(func, targetoptions)
        if sigs is not None:
            # As Numba: the function is compiled (rewritten) now; object mode then calls it with
            # any arguments, returning what Python returns (the signatures convert nothing),
            # and its lifted loops compile for the types they meet.
            dispatcher._ensure(stacklevel=6)
        return dispatcher
    nopython = _make(func, sigs, {k: v for k, v in targetoptions.items() if k != "objmode"})
    return objmode.FallbackDispatcher(nopython, targetoptions)


def _dispatcher_class():
    try:
        from oxjit.dispatcher import Dispatcher
    except ImportError as exc:
        if exc.name != "oxjit._oxjit":
            raise
        raise ImportError(
            "oxjit's compiled extension (oxjit._oxjit) is missing: install oxjit from a wheel, "
            "or build it in place with `maturin develop`"
        ) from exc
    return Dispatcher
