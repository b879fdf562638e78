"""oxjit: a just-in-time compiler for numeric Python, in Rust on LLVM, compatible with Numba.

Decorate a function with :func:`njit`; its first call with new argument types compiles a native
version for them, and later calls run it::

    import oxjit

    @oxjit.njit
    def add(a, b):
        return a + b

``import oxjit as numba`` keeps Numba programs working: the decorators (:func:`njit`,
:func:`jit`), :func:`typeof`, :data:`prange`, the type names (``oxjit.float64``, ...), the
:mod:`oxjit.types` and :mod:`oxjit.errors` modules and the error classes are here under Numba's
names.

A library written for Numba runs on oxjit unchanged once ``sys.modules["numba"] = oxjit`` is
set before it is imported: ``import numba.core.errors`` (and every ``numba.X`` oxjit has) is then
oxjit's own module (:mod:`oxjit._alias`).

Importing oxjit is cheap: the compiled extension is loaded on the first ``@njit``.
"""

from oxjit import _alias, _strings, errors, types  # noqa: F401  (_strings: the hash key)
from oxjit._literally import literally
from oxjit.cfunc import carray, cfunc, farray
from oxjit.decorators import jit, jit_module, njit
from oxjit.errors import *  # the error classes, as ``numba`` exports them
from oxjit.parallel import (
    get_num_threads,
    get_parallel_chunksize,
    get_thread_id,
    parallel_chunksize,
    prange,
    set_num_threads,
    set_parallel_chunksize,
    threading_layer,
)
from oxjit.stencil import stencil
from oxjit.types import *  # the type names, as ``numba`` exports them
from oxjit.types import from_dtype, typeof
from oxjit.ufunc import guvectorize, vectorize
from oxjit.unroll import literal_unroll
from oxjit.withobjmode import objmode

# oxjit's own version (the package's, the cache's key).
oxjit_version = "0.1.0"
# What `numba.__version__` is under `import oxjit as numba`: the Numba release whose behaviour
# oxjit is compared with, three plain numbers, so that version checks written for Numba
# (`Version(numba.__version__) >= Version("0.57")`, `tuple(map(int, v.split(".")))`) accept it.
__version__ = "0.68.1"

_alias.install()

__all__ = [
    "errors",
    "from_dtype",
    "get_num_threads",
    "get_parallel_chunksize",
    "get_thread_id",
    "jit",
    "jit_module",
    "njit",
    "parallel_chunksize",
    "prange",
    "set_num_threads",
    "set_parallel_chunksize",
    "stencil",
    "threading_layer",
    "typeof",
    "types",
]
__all__ += ["carray", "cfunc", "farray", "guvectorize", "vectorize"]
__all__ += ["literal_unroll", "literally"]
__all__ += ["objmode"]
__all__ += types.__all__
__all__ += errors.__all__


def __getattr__(name):
    # `oxjit.typed` (Numba's `numba.typed`) loads the compiled extension: imported on first use,
    # so that importing oxjit stays cheap; Numba's other subpackages likewise.
    if name in ("typed", "core", "extending", "config", "np", "misc", "cuda"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    # Numba's `pndindex` is `np.ndindex` outside a parallel function; in compiled code it is
    # `np.ndindex` too (its loop runs on one thread).
    if name == "pndindex":
        import numpy

        return numpy.ndindex
    # Numba's deprecated `generated_jit` (see oxjit.extending).
    if name == "generated_jit":
        from oxjit.extending import generated_jit

        return generated_jit
    # `oxjit.experimental.jitclass`, and `oxjit.jitclass` as old Numba code imports it.
    if name in ("experimental", "jitclass"):
        import importlib

        module = importlib.import_module("oxjit.experimental")
        return module if name == "experimental" else module.jitclass
    raise AttributeError(f"module 'oxjit' has no attribute {name!r}")
