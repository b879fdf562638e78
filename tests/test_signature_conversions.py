"""Explicit signatures accept arguments that convert to them, as Numba's do: ints where floats
are declared, any layout where a layout-A array is declared, and (unsafely, as Numba's locked
dispatchers do) floats where ints are declared; never complex numbers to real types."""

import numpy as np
import oxjit
import pytest
from oxjit import float64, int64

pytestmark = pytest.mark.requires_jit


def half(x):
    return x / 2


def total(a):
    t = 0.0
    for x in a:
        t += x
    return t


def test_int_and_bool_arguments_convert_to_a_float_signature():
    f = oxjit.njit(float64(float64))(half)
    assert f(3) == 1.5 and type(f(3)) is float
    assert f(True) == 0.5
    assert f(2.5) == 1.25
    assert len(f.signatures) == 1


def test_lossy_conversions_follow_numba():
    # Numba's locked dispatchers allow unsafe conversions (float64 to int64 truncates: 2.5 -> 2,
    # then 2 / 2 -> 1.0 -> int64 1); complex numbers convert to no real type.
    f = oxjit.njit(int64(int64))(half)
    assert f(2.5) == 1 and type(f(2.5)) is int
    g = oxjit.njit(float64(float64))(half)
    with pytest.raises(TypeError, match="complex128"):
        g(1j)


def test_any_layout_converts_to_a_layout_a_signature():
    f = oxjit.njit("float64(float64[:])")(total)
    data = np.arange(8.0)
    assert f(data) == total(data)
    assert f(data[::2]) == total(data[::2])
    ro = data.copy()
    ro.flags.writeable = False
    with pytest.raises(TypeError, match="readonly"):
        f(ro)
    with pytest.raises(TypeError, match=r"array\(int64, 1d, C\)"):
        f(np.arange(4))


def test_readonly_signature_accepts_writable_arrays():
    f = oxjit.njit(float64(oxjit.types.Array(float64, 1, "A", readonly=True)))(total)
    assert f(np.arange(3.0)) == 3.0
