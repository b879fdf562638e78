"""Explicit signatures accept arguments that convert to them without loss, as Numba's do: ints
where floats are declared, any layout where a layout-A array is declared; nothing else."""

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


def test_lossy_conversions_are_refused():
    f = oxjit.njit(int64(int64))(half)
    with pytest.raises(TypeError, match=r"No matching definition.*\(float64\).*\(int64\)"):
        f(2.5)
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
