"""``numba.np.ufunc``: ``vectorize``, ``guvectorize`` and the thread pool's controls, as Numba's
package exports them; ``gufunc.GUFunc``, ``dufunc.DUFunc`` (the dynamic ufuncs' classes) and
``parallel`` (the pool) are its submodules. Numba's threading layers (``tbbpool``, ``omppool``,
``workqueue``) are not there: oxjit's pool is its own (:func:`oxjit.threading_layer`), and
importing one raises ``ImportError``, as Numba does where a layer is not installed.
"""

import importlib

from oxjit.np.ufunc.parallel import (
    get_num_threads,
    get_parallel_chunksize,
    get_thread_id,
    set_num_threads,
    set_parallel_chunksize,
    threading_layer,
)
from oxjit.ufunc import guvectorize, vectorize

__all__ = [
    "get_num_threads",
    "get_parallel_chunksize",
    "get_thread_id",
    "guvectorize",
    "set_num_threads",
    "set_parallel_chunksize",
    "threading_layer",
    "vectorize",
]

_SUBMODULES = ("dufunc", "gufunc", "parallel")


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
