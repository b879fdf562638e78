"""oxjit under Numba's name: ``sys.modules["numba"] = oxjit`` and ``import numba.X`` is oxjit's
own ``oxjit.X``, one module under two names.

A program runs a library written for Numba on oxjit, unchanged, by putting oxjit in
``sys.modules["numba"]`` before the library is imported. The library then imports Numba's
submodules by their full names (``from numba.np.numpy_support import from_dtype``, ``from
numba.core.errors import TypingError``). Python's import system would find ``numba.errors`` as
``oxjit/errors.py`` and run that file again as a second module, whose classes are not the ones
oxjit raises (``except numba.errors.TypingError`` would catch nothing), and whose name the
compiler does not know (``numba.typed``). This finder, first on ``sys.meta_path``, answers such a
name with the module already imported as ``oxjit.X``.

A Numba module oxjit has no counterpart of (its compiler internals: ``numba.core.cgutils``,
``numba.core.imputils``, the data models...) raises ``ModuleNotFoundError`` (an ``ImportError``,
as the fallbacks libraries write expect) saying what it is and what to write instead, under
either name (``import numba.core.cgutils``, ``from numba.core import cgutils``).
"""

import sys

# importlib's ModuleSpec, from the import system's own module (always loaded; importing
# `importlib` here would cost milliseconds on every `import oxjit`, `importlib.abc` tens).
from _frozen_importlib import ModuleSpec

_ROOT = __name__.rpartition(".")[0]

_INTERNALS = (
    "Numba's compiler internals, which oxjit does not have (it generates code with its own "
    "compiler, in Rust): write the function in the supported Python subset with @njit, "
    "@register_jitable or numba.extending.overload instead"
)
_THREADS = (
    "one of Numba's threading layers; oxjit's parallel loops run on its own thread pool "
    "(Rayon's: numba.threading_layer() is 'rayon')"
)
# Numba's modules a library may import that oxjit has no counterpart of: what they are.
_MISSING = {
    "core.cgutils": f"Numba's LLVM IR helpers, part of {_INTERNALS}",
    "core.imputils": f"Numba's lowering registry, part of {_INTERNALS}",
    "core.datamodel": f"Numba's data models, part of {_INTERNALS}",
    "core.typing": f"Numba's typing templates, part of {_INTERNALS}",
    "core.base": f"Numba's target context, part of {_INTERNALS}",
    "core.ir": f"Numba's IR, part of {_INTERNALS}",
    "np.arrayobj": f"Numba's array lowering, part of {_INTERNALS}",
    "np.linalg": (
        f"Numba's LAPACK bindings, part of {_INTERNALS}; np.linalg's functions compile in "
        f"@njit code"
    ),
    "np.ufunc.tbbpool": _THREADS,
    "np.ufunc.omppool": _THREADS,
    "np.ufunc.workqueue": _THREADS,
    "cpython": f"Numba's lowering of Python's builtins, part of {_INTERNALS}",
    "pycc": "Numba's (deprecated) ahead-of-time compiler, which oxjit does not have",
}


# Names under those above that oxjit has.
_PRESENT = frozenset({"core.typing", "core.typing.cffi_utils"})


def _why(rest):
    if rest in _PRESENT:
        return None
    for name, why in _MISSING.items():
        if rest == name or rest.startswith(name + "."):
            return why
    return None


class _Existing:
    """Gives the import system a module that is already loaded (nothing runs again)."""

    def __init__(self, module):
        self.module = module

    def create_module(self, spec):
        return self.module

    def exec_module(self, module):
        pass


class _AliasFinder:
    """``P.rest`` where ``sys.modules[P]`` is oxjit (P not ``oxjit``): ``oxjit.rest``."""

    def find_spec(self, fullname, path=None, target=None):
        head, dot, rest = fullname.partition(".")
        if not dot:
            return None
        if head == _ROOT:
            # `from numba.core import cgutils` imports `oxjit.core.cgutils` (the package's own
            # name): one of Numba's internals says what it is, where Python would only say
            # "cannot import name" (the error names the module as Numba does, so that the
            # import statement passes it on).
            why = _why(rest)
            if why is None:
                return None
            raise ModuleNotFoundError(
                f"No module named 'numba.{rest}': {why}", name=f"numba.{rest}"
            )
        root = sys.modules.get(head)
        if root is None or root is not sys.modules.get(_ROOT):
            return None
        real = f"{_ROOT}.{rest}"
        try:
            __import__(real)
            module = sys.modules[real]
        except ModuleNotFoundError as exc:
            if exc.name is None or not (real == exc.name or real.startswith(exc.name + ".")):
                raise  # one of Numba's internals, or a module the real one imports
            why = "oxjit has no such module (docs/migrating.md lists Numba's names it has)"
            raise ModuleNotFoundError(f"No module named {fullname!r}: {why}", name=real) from None
        return ModuleSpec(fullname, _Existing(module), is_package=hasattr(module, "__path__"))


def install():
    """Puts the finder first on ``sys.meta_path`` (once)."""
    if not any(isinstance(f, _AliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _AliasFinder())
