"""A small library written for Numba (it runs on Numba as it is): the demo runs it on oxjit
with ``sys.modules["numba"] = oxjit`` (examples/namespace_demo.py)."""

import numba
from numba import literal_unroll
from numba.core import types
from numba.core.errors import TypingError  # noqa: F401 (what the demo checks)
from numba.extending import overload_attribute
from numba.np.unsafe.ndarray import to_fixed_tuple
from packaging.version import Version


@overload_attribute(types.Array, "spread")
def _ol_spread(a):
    return lambda a: a.max() - a.min()


@numba.njit
def blocks(data, shape):
    grid = data.reshape(to_fixed_tuple(shape, 2))
    sums = numba.typed.List.empty_list(numba.float64)
    for r in range(grid.shape[0]):
        sums.append(grid[r].sum())
    return sums, grid.spread


# As libraries gate on Numba's version (datashader: Version(numba.__version__) >= "0.57").
NEW_NUMBA = Version(numba.__version__) >= Version("0.57")


@numba.njit
def labels(x):
    # A literal list (items of several types), unrolled: one copy of the body per item.
    out = ""
    for part in literal_unroll(["x=", x, "; scaled=", x * 1.5]):
        out += str(part)
    return out
