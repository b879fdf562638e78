"""``numba.config`` under oxjit: the settings Numba programs read, from the same environment
variables (``NUMBA_NUM_THREADS``...), with Numba's defaults. Setting them here changes nothing:
oxjit reads the environment when it starts, as Numba does (libraries that set
``numba.config.THREADING_LAYER`` only change what they read back).

``THREADING_LAYER`` and ``THREADING_LAYER_PRIORITY`` are what the environment asks of Numba's
layers; oxjit's pool is one of its own, whatever they say (:func:`oxjit.threading_layer` is
``'rayon'``).
"""

import os
import platform
import struct
import sys
import warnings

from oxjit.decorators import _DISABLE_JIT


def _env(name, convert, default):
    """The variable ``name`` converted, or ``default`` where it is unset or empty, or does not
    convert (with Numba's RuntimeWarning, as its ``_readenv``)."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return convert(value)
    except ValueError:
        warnings.warn(
            f"Environment variable '{name}' is defined but its associated value '{value}' "
            f"could not be parsed.",
            RuntimeWarning,
            stacklevel=2,
        )
        return default


IS_WIN32 = sys.platform.startswith("win32")
IS_OSX = sys.platform.startswith("darwin")
MACHINE_BITS = struct.calcsize("P") * 8
IS_32BITS = MACHINE_BITS == 32
PYVERSION = sys.version_info[:2]
DISABLE_JIT = int(_DISABLE_JIT)
BOUNDSCHECK = _env("NUMBA_BOUNDSCHECK", int, None)
NUMBA_DEFAULT_NUM_THREADS = max(
    1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
)
THREADING_LAYER = _env("NUMBA_THREADING_LAYER", str, "default")
THREADING_LAYER_PRIORITY = _env(
    "NUMBA_THREADING_LAYER_PRIORITY", str.split, ["tbb", "omp", "workqueue"]
)
# Where `cache=True` keeps its files ("": next to the module, in __pycache__).
CACHE_DIR = os.environ.get("OXJIT_CACHE_DIR") or _env("NUMBA_CACHE_DIR", str, "")
# The CUDA simulator's switch (read again at each launch: oxjit.cuda._config).
ENABLE_CUDASIM = int(
    any(
        os.environ.get(n, "0") not in ("", "0")
        for n in ("OXJIT_ENABLE_CUDASIM", "NUMBA_ENABLE_CUDASIM")
    )
)
CPU_NAME = _env("NUMBA_CPU_NAME", str, None)
MACHINE = platform.machine()
DEBUG = _env("NUMBA_DEBUG", int, 0)
DEVELOPER_MODE = _env("NUMBA_DEVELOPER_MODE", int, 0)
DISABLE_PERFORMANCE_WARNINGS = _env("NUMBA_DISABLE_PERFORMANCE_WARNINGS", int, 0)
FULL_TRACEBACKS = _env("NUMBA_FULL_TRACEBACKS", int, DEVELOPER_MODE)
SHOW_HELP = _env("NUMBA_SHOW_HELP", int, 0)
COLOR_SCHEME = _env("NUMBA_COLOR_SCHEME", str, "no_color")


def __getattr__(name):
    # The pool's size is the extension's (loaded on first use, as oxjit's import is cheap).
    if name == "NUMBA_NUM_THREADS":
        from oxjit.parallel import pool_size

        return pool_size()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
