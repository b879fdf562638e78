"""Calling C from compiled code: a ctypes function of the C library (`cos`) and a SciPy
`cython_special` function found by `get_cython_function_address`, called item by item inside an
`@njit` loop, checked against NumPy and SciPy; and a Numba type held in a global
(`float_array = types.float64[:]`) naming a typed Dict's values."""

import ctypes
import ctypes.util

import numpy as np
import oxjit
from oxjit import types
from oxjit.extending import get_cython_function_address
from oxjit.typed import Dict

libm = ctypes.CDLL(ctypes.util.find_library("m"))
c_cos = libm.cos
c_cos.argtypes = [ctypes.c_double]
c_cos.restype = ctypes.c_double

float_array = types.float64[:]


@oxjit.njit
def cosines(x):
    out = np.empty_like(x)
    for i in range(x.size):
        out[i] = c_cos(x[i])
    return out


@oxjit.njit
def named_columns(x):
    d = Dict.empty(key_type=types.unicode_type, value_type=float_array)
    d["x"] = x
    d["cos"] = cosines(x)
    return d["cos"].sum()


def _ndtr():
    """SciPy's normal CDF through its C address, as numba-stats calls it (None without SciPy)."""
    try:
        address = get_cython_function_address("scipy.special.cython_special", "__pyx_fuse_1ndtr")
    except (ImportError, ValueError):
        return None
    return ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)(address)


def demo_ccall():
    x = np.linspace(-3.0, 3.0, 1001)
    assert np.array_equal(cosines(x), np.cos(x))
    assert named_columns(x) == np.cos(x).sum()
    text = f"ctypes libm cos over {x.size} items == np.cos; a Dict of float64[:] named by a global type"
    ndtr = _ndtr()
    if ndtr is not None:
        import scipy.special

        @oxjit.njit
        def normal_cdf(v):
            out = np.empty_like(v)
            for i in range(v.size):
                out[i] = ndtr(v[i])
            return out

        assert np.array_equal(normal_cdf(x), scipy.special.ndtr(x))
        text += "; SciPy's ndtr by its C address == scipy.special.ndtr"
    return text
