"""`hex()`, `oct()`, `bin()` of integers and `repr()` of NumPy integers narrower than 64 bits
(NumPy 2's `np.int8(-5)`), compared with CPython/NumPy (value and type)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error


def hex_of(x):
    return hex(x)


def oct_of(x):
    return oct(x)


def bin_of(x):
    return bin(x)


def all_three(x):
    return hex(x) + " " + oct(x) + " " + bin(x)


INTS = [0, 1, -1, 255, -255, 7, 2**62, -(2**63), 2**63 - 1]


@pytest.mark.parametrize("x", INTS)
@pytest.mark.parametrize("fn", [hex_of, oct_of, bin_of])
def test_int_text(fn, x):
    assert_same(fn, x)


@pytest.mark.parametrize(
    "x", [True, False, np.int8(-5), np.uint8(200), np.int16(-300), np.uint32(4000000000)]
)
def test_other_integers(x):
    assert_same(all_three, x)


def test_uint64():
    assert_same(all_three, np.uint64(2**64 - 1))


def test_float_refused():
    e = compile_error(hex_of, 1.5)
    assert "cannot be interpreted as an integer" in assert_diagnostic(
        e, hex_of, "hex(x)", oxjit.errors.TypingError
    )


def repr_of(x):
    return repr(x)


def repr_in_fstring(x):
    return f"<{x!r}>"


NARROW = [
    np.int8(-5),
    np.int8(127),
    np.uint8(200),
    np.int16(-32768),
    np.uint16(65535),
    np.int32(-7),
    np.uint32(4000000000),
]


@pytest.mark.parametrize("x", NARROW)
def test_repr_narrow(x):
    assert_same(repr_of, x)
    assert_same(repr_in_fstring, x)


def repr_of_item(a):
    return repr(a[0])


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint16, np.int32, np.uint32])
def test_repr_array_item(dtype):
    assert_same(repr_of_item, np.array([3, 4], dtype=dtype))


def test_repr_python_int_unchanged():
    assert_same(repr_of, 5)
    assert_same(repr_of, np.int64(5).item())
