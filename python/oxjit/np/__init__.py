"""``numba.np`` under oxjit: :mod:`numpy_support <oxjit.np.numpy_support>` (``from_dtype``,
``as_dtype``), :mod:`unsafe.ndarray <oxjit.np.unsafe.ndarray>` (``to_fixed_tuple``) and
:mod:`ufunc <oxjit.np.ufunc>` (``vectorize``, ``guvectorize``, the thread pool's controls).

Each is imported on first use (``numba.np.numpy_support.from_dtype`` after a bare ``import
numba`` works, as in Numba). Numba's array lowering and LAPACK bindings (``numba.np.arrayobj``,
``numba.np.linalg``) are compiler internals oxjit does not have: importing one says so.
"""

import importlib

_SUBMODULES = ("numpy_support", "ufunc", "unsafe")


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
