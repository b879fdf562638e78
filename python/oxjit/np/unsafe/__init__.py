"""``numba.np.unsafe``: :func:`ndarray.to_fixed_tuple <oxjit.np.unsafe.ndarray.to_fixed_tuple>`."""

import importlib


def __getattr__(name):
    if name == "ndarray":
        return importlib.import_module(f"{__name__}.ndarray")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
