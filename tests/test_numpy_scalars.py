"""NumPy functions on scalars (np.sqrt(x), np.float32(x), np.pi ...), compared with NumPy's own
results exactly in value; NumPy's float width is kept (float32 in, float32 math)."""

import math

import numpy as np
import pytest
from conftest import jitted, same_value

VALUES = [0.0, -0.0, 0.5, -0.75, 1.0, 2.5, -3.0, 10.0, 1e-300, 1e300, math.inf, -math.inf, math.nan]


def np_sqrt(x):
    return np.sqrt(x)


def np_exp(x):
    return np.exp(x)


def np_sin(x):
    return np.sin(x)


def np_floor(x):
    return np.floor(x)


def np_sign(x):
    return np.sign(x)


def np_isnan(x):
    return np.isnan(x)


def np_abs(x):
    return np.abs(x)


def np_arctan2(x, y):
    return np.arctan2(x, y)


def np_minimum(x, y):
    return np.minimum(x, y)


def np_power(x, y):
    return np.power(x, y)


def np_hypot(x, y):
    return np.hypot(x, y)


def conversions(x):
    return np.float64(x), np.float32(x), np.int64(x), np.int32(x), np.uint8(x)


def constants():
    return np.pi, np.e, np.inf


def as_python(v):
    if isinstance(v, tuple):
        return tuple(as_python(i) for i in v)
    if isinstance(v, np.bool_):
        return bool(v)
    if isinstance(v, np.floating):
        return float(v)
    if isinstance(v, np.integer):
        return int(v)
    return v


def check(fn, *args):
    with np.errstate(all="ignore"):
        expected = as_python(fn(*args))
    # Compiled code returns Python numbers (as Numba boxes NumPy scalars): compare as such.
    got = as_python(jitted(fn)(*args))
    assert same_value(expected, got), (fn.__name__, args, expected, got)


@pytest.mark.parametrize("fn", [np_sqrt, np_exp, np_sin, np_floor, np_sign, np_isnan, np_abs])
@pytest.mark.parametrize("x", VALUES)
def test_unary_float64(fn, x):
    check(fn, x)


# Correctly rounded operations only: NumPy's float32 exp/sin are its own SIMD code, which can
# differ from the C library's in the last bit.
@pytest.mark.parametrize("fn", [np_sqrt, np_floor, np_abs])
@pytest.mark.parametrize("x", [0.5, -1.25, 3.0, 100.0])
def test_unary_float32_stays_float32(fn, x):
    x32 = np.float32(x)
    with np.errstate(all="ignore"):
        expected = float(fn(x32))
    assert same_value(expected, as_python(jitted(fn)(x32)))


@pytest.mark.parametrize("fn", [np_abs, np_sign, np_sqrt, np_isnan])
@pytest.mark.parametrize("x", [0, 5, -7])
def test_unary_int(fn, x):
    check(fn, x)


@pytest.mark.parametrize("fn", [np_arctan2, np_minimum, np_power, np_hypot])
@pytest.mark.parametrize("x", [0.0, -1.5, 2.0, math.nan, math.inf])
@pytest.mark.parametrize("y", [0.5, -2.0, math.nan])
def test_binary(fn, x, y):
    check(fn, x, y)


@pytest.mark.parametrize("x", [0.0, 3.7, 255.9])
def test_conversions(x):
    check(conversions, x)


def test_constants():
    check(constants)
