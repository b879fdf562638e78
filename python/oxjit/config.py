"""``numba.config`` under oxjit: the settings Numba programs read, from the same environment
variables (``NUMBA_NUM_THREADS``...). Setting them here changes nothing: oxjit reads the
environment when it starts, as Numba does."""

import os
import platform
import struct
import sys

from oxjit.decorators import _DISABLE_JIT

IS_WIN32 = sys.platform.startswith("win32")
IS_OSX = sys.platform.startswith("darwin")
MACHINE_BITS = struct.calcsize("P") * 8
IS_32BITS = MACHINE_BITS == 32
PYVERSION = sys.version_info[:2]
DISABLE_JIT = int(_DISABLE_JIT)
BOUNDSCHECK = (
    None if os.environ.get("NUMBA_BOUNDSCHECK", "") == "" else int(os.environ["NUMBA_BOUNDSCHECK"])
)
NUMBA_DEFAULT_NUM_THREADS = max(
    1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
)
THREADING_LAYER = "default"
CPU_NAME = os.environ.get("NUMBA_CPU_NAME")
MACHINE = platform.machine()


def __getattr__(name):
    # The pool's size is the extension's (loaded on first use, as oxjit's import is cheap).
    if name == "NUMBA_NUM_THREADS":
        from oxjit.parallel import pool_size

        return pool_size()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
