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


def by_powers_of_two(x):
    # An arithmetic shift and a mask: Python's floor semantics for either sign.
    return (x % 4, x // 4, x % 8, x // 1024, divmod(x, 16), x % 2**32, x // 2**32, x // 2**61)


@pytest.mark.parametrize("x", EXTREMES + [-3, -5, -1023, -1024, -1025, 2**32 + 1, -(2**32) - 1])
def test_powers_of_two(x):
    assert_same(by_powers_of_two, x)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1))
def test_powers_of_two_random(x):
    assert_same(by_powers_of_two, x)


def collatz_signed(n):
    # The benchmark's loop shape (`m % 2 == 0` then `m // 2`), over negative starts too, whose
    # chains end in cycles: a step count capped instead.
    total = 0
    for start in range(-n, n):
        m = start
        steps = 0
        while m != 1 and steps < 200:
            if m % 2 == 0:
                m = m // 2
            else:
                m = 3 * m + 1
            steps += 1
        total += steps * 1000 + m
    return total


def test_collatz_shape():
    assert_same(collatz_signed, 300)


def narrow_powers(x):
    a = np.int8(x % 256 - 128)
    b = np.int16(x % 65536 - 32768)
    return int(a % np.int8(4)), int(a // np.int8(2)), int(b % np.int16(256)), int(b // np.int16(8))


@pytest.mark.parametrize("x", [0, 1, 127, 128, 129, 255, 32767, 32768, 65535, 7919])
def test_narrow_powers_of_two(x):
    assert_same(narrow_powers, x)
