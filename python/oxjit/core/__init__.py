"""``numba.core`` under oxjit: the parts user programs import from it.

``from numba.core import types`` (``errors``, ``config``) are common in Numba programs
(typed containers are declared with ``numba.core.types``); they are oxjit's :mod:`oxjit.types` and
:mod:`oxjit.errors`, the same modules as ``numba.types`` and ``numba.errors``.
"""

import sys

from oxjit import config, errors, types

# `import numba.core.types` finds the module already there, under either name of this package.
sys.modules[__name__ + ".types"] = types
sys.modules[__name__ + ".errors"] = errors
sys.modules.setdefault(__name__ + ".config", config)

__all__ = ["config", "errors", "types"]


def __getattr__(name):
    # `numba.core.extending` (`registry`, `dispatcher`) after `import numba` only.
    if name in ("extending", "registry", "dispatcher"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
