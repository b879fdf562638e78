"""Where kernels run: the simulator (``OXJIT_ENABLE_CUDASIM=1``) or the device.

The variable is read at each launch and allocation rather than once at import (Numba reads
``NUMBA_ENABLE_CUDASIM`` once): a test suite can then run the simulator and the no-driver checks
in one process. ``NUMBA_ENABLE_CUDASIM`` is honoured too, so ``import oxjit as numba`` programs
keep their switch.
"""

import numbers
import os

_TRUE_OFF = ("", "0")

# Numba's launch-configuration message, so that code matching on it keeps working.
MISSING_LAUNCH_CONFIG = (
    "Kernel launch configuration was not specified. Use the syntax:\n\n"
    "kernel_function[blockspergrid, threadsperblock](arg0, arg1, ..., argn)"
)


# The environment's own dict (bytes keys, kept in step by ``os.environ[...] = ...``): reading it
# costs a dict lookup, where ``os.environ.get`` encodes and decodes (a launch reads the switch).
_ENVIRON = getattr(os.environ, "_data", None) if os.name == "posix" else None
_KEYS = (b"OXJIT_ENABLE_CUDASIM", b"NUMBA_ENABLE_CUDASIM")


def simulating():
    """True when kernels run in the CPU simulator."""
    if _ENVIRON is not None:
        for key in _KEYS:
            value = _ENVIRON.get(key)
            if value is not None and value not in (b"", b"0"):
                return True
        return False
    for name in ("OXJIT_ENABLE_CUDASIM", "NUMBA_ENABLE_CUDASIM"):
        if os.environ.get(name, "0") not in _TRUE_OFF:
            return True
    return False


def _check_dim(dim, name):
    dims = list(dim) if isinstance(dim, (tuple, list)) else [dim]
    if not 1 <= len(dims) <= 3:
        raise ValueError(f"{name} must be a sequence of 1, 2 or 3 integers, got {dims!r}")
    for v in dims:
        if not isinstance(v, numbers.Integral) or isinstance(v, bool):
            raise TypeError(f"{name} must be a sequence of integers, got {dims!r}")
        if v < 1:
            raise ValueError(f"{name} must be positive, got {dims!r}")
    while len(dims) < 3:
        dims.append(1)
    return tuple(int(v) for v in dims)


def normalize_dims(griddim, blockdim):
    """The grid and block dimensions as 3-tuples of positive integers (Numba's checks)."""
    if griddim is None or blockdim is None:
        raise ValueError(MISSING_LAUNCH_CONFIG)
    return _check_dim(griddim, "griddim"), _check_dim(blockdim, "blockdim")
