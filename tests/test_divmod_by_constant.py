"""`x // c`, `x % c` and `divmod(x, c)` of a signed int by a positive constant, which compiled
code computes in unsigned arithmetic (no sign fix-ups): Python's floor semantics for every
int64, the extremes included, and for the narrow NumPy ints."""

import numpy as np
import pytest
from conftest import assert_same
from hypothesis import given, settings
from hypothesis import strategies as st

EXTREMES = [0, 1, -1, 2, -2, 6, -6, 7, -7, 100002, -100003, 2**62, -(2**62)]
EXTREMES += [2**63 - 1, -(2**63), -(2**63) + 1, 2**63 - 2]


def by_constants(x):
    return (
        x % 1,
        x // 1,
        x % 2,
        x // 2,
        x % 7,
        x // 7,
        x % 100003,
        x // 100003,
        divmod(x, 10),
        x % 4611686018427387904,
        x // 4611686018427387904,
        x % 9223372036854775807,
        x // 9223372036854775807,
    )


@pytest.mark.parametrize("x", EXTREMES)
def test_extremes(x):
    assert_same(by_constants, x)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1))
def test_random_int64(x):
    assert_same(by_constants, x)


def loop_of_mods(n):
    s = 0
    for i in range(-n, n):
        s += (i * 7919) % 100003 - (i * 31) // 9
    return s


def test_in_a_loop():
    assert_same(loop_of_mods, 1000)


def narrow(x):
    a = np.int8(x % 256 - 128)
    b = np.int16(x % 65536 - 32768)
    c = np.int32(x % 4294967296 - 2147483648)
    # Compiled code returns narrow ints as Python ints (as Numba): compared as ints.
    return (
        int(a % np.int8(7)),
        int(a // np.int8(7)),
        int(b % np.int16(300)),
        int(b // np.int16(300)),
        int(c % np.int32(100003)),
        int(c // np.int32(100003)),
    )


@pytest.mark.parametrize(
    "x", [0, 1, 127, 128, 129, 255, 32767, 32768, 65535, 2**31, 2**31 + 5, 7919]
)
def test_narrow_ints(x):
    assert_same(narrow, x)
