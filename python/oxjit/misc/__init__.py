"""``numba.misc``: :mod:`special <oxjit.misc.special>` (``prange``, ``literal_unroll``,
``literally``, ``typeof``), as Numba's ``numba.misc.special`` exports them."""

import importlib


def __getattr__(name):
    if name == "special":
        return importlib.import_module(f"{__name__}.special")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
