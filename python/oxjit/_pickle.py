"""Pickling of compiled functions, so that ``multiprocessing`` (with ``spawn`` too),
``concurrent.futures``, joblib and Dask can ship them to other processes.

A dispatcher whose module can be imported and holds it under its name is pickled by reference
(``module.qualname``), as Python pickles functions: the receiving process imports the module.
Any other (defined in ``__main__``, inside another function, or renamed) is pickled by value: its
code object, the globals and closure cells it uses, its options, the text of its source file (it
is compiled from source, which the receiving machine may not have), and, where its signatures
were given at decoration, those signatures (compiled again when it is rebuilt, as Numba does).
Plain Python functions it calls are carried by value too when they cannot be imported by name.

Functions are rebuilt in two steps, as ``cloudpickle`` does: an empty skeleton first, then its
globals, defaults and cells, so that functions that refer to each other (or to themselves)
through globals or cells pickle.
"""

import builtins
import importlib
import marshal
import pickle
import sys
import types
import uuid
import weakref

from oxjit import _source

# Dispatchers rebuilt in this process, by the id they were pickled with, so that unpickling the
# same dispatcher twice gives one object (and one set of compiled specializations).
_REBUILT = weakref.WeakValueDictionary()

# Proxies made in this process, one per function, so that a function met twice while pickling is
# written once (pickle's memo is by object identity).
_PROXIES = weakref.WeakKeyDictionary()

# The globals of functions rebuilt by value, one dict per module they came from.
_MODULE_GLOBALS = {}


def reduce_dispatcher(dispatcher):
    """``Dispatcher.__reduce__``: a string (by reference) or a reduce tuple (by value)."""
    func = dispatcher.py_func
    if _importable(dispatcher, func.__module__, dispatcher.__qualname__):
        return dispatcher.__qualname__
    ident = dispatcher.__dict__.setdefault("_pickle_id", uuid.uuid4().hex)
    state = {
        "id": ident,
        "func": _function_proxy(func),
        "options": dict(getattr(dispatcher, "targetoptions", {})),
        "signatures": dispatcher._given_signatures(),
        "source": dispatcher._source_text,
    }
    return _rebuild_dispatcher, (state,)


def _rebuild_dispatcher(state):
    rebuilt = _REBUILT.get(state["id"])
    if rebuilt is not None:
        return rebuilt
    from oxjit.decorators import _make

    func = state["func"]
    if state["source"] is not None:
        _source.remember(func, state["source"])
    dispatcher = _make(func, None, state["options"])
    dispatcher._pickle_id = state["id"]
    if state["signatures"] is not None:
        for args, ret in state["signatures"]:
            dispatcher._compile(list(args), ret)
        dispatcher._lock()
    _REBUILT[state["id"]] = dispatcher
    return dispatcher


def _importable(obj, module_name, qualname):
    """Whether ``obj`` is what importing ``module_name`` and looking up ``qualname`` gives."""
    if module_name in (None, "__main__", "__mp_main__") or "<locals>" in qualname:
        return False
    module = sys.modules.get(module_name)
    if module is None:
        return False
    found = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
    return found is obj


class _ModuleRef:
    """A module among a function's globals: pickled by name, imported when unpickled."""

    def __init__(self, name):
        self.name = name

    def __reduce__(self):
        return importlib.import_module, (self.name,)


class _Checked:
    """A global or cell value, pickled as itself, with an error naming it if it cannot be."""

    def __init__(self, owner, what, value):
        self.owner, self.what, self.value = owner, what, value

    def __reduce_ex__(self, protocol):
        try:
            self.value.__reduce_ex__(protocol)
        except (TypeError, pickle.PicklingError) as exc:
            raise pickle.PicklingError(
                f"cannot pickle the compiled function {self.owner}: {self.what} "
                f"({type(self.value).__name__}) cannot be pickled: {exc}"
            ) from None
        return _identity, (self.value,)


def _identity(value):
    return value


def _carry(owner, what, value):
    """``value`` made ready for pickling as part of a function pickled by value."""
    if isinstance(value, types.ModuleType):
        return _ModuleRef(value.__name__)
    if isinstance(value, types.FunctionType):
        if _importable(value, value.__module__, value.__qualname__):
            return value
        return _function_proxy(value)
    if type(value).__module__ in ("builtins", "numpy") or hasattr(value, "_given_signatures"):
        return value  # numbers, strings, containers, arrays; dispatchers reduce themselves
    return _Checked(owner, what, value)


def _function_proxy(func):
    """The object that pickles the plain function ``func`` by value (one per function)."""
    proxy = _PROXIES.get(func)
    if proxy is None:
        proxy = _FunctionByValue(func)
        _PROXIES[func] = proxy
    return proxy


class _FunctionByValue:
    """Pickles a plain Python function by value: skeleton first, then its state."""

    def __init__(self, func):
        self.func = func

    def __reduce__(self):
        func = self.func
        code = func.__code__
        skeleton = (
            marshal.dumps(code),
            func.__name__,
            func.__qualname__,
            func.__module__,
            len(code.co_freevars),
        )
        return _function_skeleton, skeleton, self._state(), None, None, _fill_function

    def _state(self):
        func = self.func
        owner = repr(func.__qualname__)
        names = _source.global_names(func.__code__)
        globals_used = {
            name: _carry(owner, f"its global {name!r}", func.__globals__[name])
            for name in sorted(names)
            if name in func.__globals__
        }
        cells = []
        for name, cell in zip(func.__code__.co_freevars, func.__closure__ or ()):
            try:
                cells.append(_carry(owner, f"its free variable {name!r}", cell.cell_contents))
            except ValueError:  # an empty cell (a name bound later in the outer function)
                cells.append(_EMPTY)
        return {
            "globals": globals_used,
            "cells": cells,
            "defaults": func.__defaults__,
            "kwdefaults": func.__kwdefaults__,
            "doc": func.__doc__,
            "dict": dict(func.__dict__),
            "source": _source.snapshot(func),
        }


class _Empty:
    """The value of an empty closure cell."""

    def __reduce__(self):
        return "_EMPTY"


_EMPTY = _Empty()


def _function_skeleton(code_bytes, name, qualname, module_name, n_cells):
    code = marshal.loads(code_bytes)
    closure = tuple(types.CellType() for _ in range(n_cells)) or None
    func = types.FunctionType(code, _namespace(module_name), name, None, closure)
    func.__qualname__ = qualname
    return func


def _namespace(module_name):
    """The globals for a function rebuilt from ``module_name``: the module's own where this
    process has imported it (a function defined inside another function of an importable
    module), else one dict shared by the functions rebuilt from that module."""
    module = sys.modules.get(module_name)
    if module is not None and module_name not in ("__main__", "__mp_main__"):
        return module.__dict__
    return _MODULE_GLOBALS.setdefault(
        module_name, {"__name__": module_name, "__builtins__": builtins}
    )


def _fill_function(func, state):
    shared = func.__globals__ is _MODULE_GLOBALS.get(func.__module__)
    for name, value in state["globals"].items():
        if shared:
            func.__globals__[name] = value
        else:  # a real module's globals: its own values stand
            func.__globals__.setdefault(name, value)
    for cell, value in zip(func.__closure__ or (), state["cells"]):
        if value is not _EMPTY:
            cell.cell_contents = value
    func.__defaults__ = state["defaults"]
    func.__kwdefaults__ = state["kwdefaults"]
    func.__doc__ = state["doc"]
    func.__dict__.update(state["dict"])
    if state["source"] is not None:
        _source.remember(func, state["source"])
    return func
