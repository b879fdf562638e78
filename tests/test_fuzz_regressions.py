"""Reproducers found by the program generator (tests/progen), shrunk, kept as differential tests."""

import numpy as np
import pytest
from conftest import assert_same


def fused_inner_value_used_after_a_loop(a, x):
    t = np.where(np.maximum(a, a) > a, np.maximum(a, a), 0.0)
    w = 0
    while w < round(x % 1000.0) % 6:
        w += 1
    return t, w


def test_fusion_with_a_user_in_another_block():
    # typing panicked: the fusion check indexed one block with a position in another
    assert_same(fused_inner_value_used_after_a_loop, np.array([874, 285, 300], np.uint64), 3.0)


def abs_of(a):
    return np.abs(a)


def abs_inside_expression(a, b):
    return np.multiply(np.abs(b), a), np.abs(np.add(b, b)) / b


def abs_of_item(a):
    return int(np.abs(a[0])), int(np.absolute(a[1])), int(np.sign(a[0]))


def sign_of(a):
    return np.sign(a)


UNSIGNED = ["uint8", "uint16", "uint32", "uint64"]


@pytest.mark.parametrize("dtype", UNSIGNED)
def test_abs_and_sign_of_unsigned_arrays(dtype):
    # np.abs negated the upper half of the unsigned range (a signed test); np.sign gave -1 there
    top = np.iinfo(dtype).max
    a = np.array([top, top // 2 + 1, 200, 1, 0], dtype=dtype)
    assert_same(abs_of, a)
    assert_same(sign_of, a)
    assert_same(abs_inside_expression, np.array([-235, 7, 3, 1, 2], np.int16), a)
    assert_same(abs_of_item, a[2:])  # int() of a uint64 past 2**63 wraps, as in Numba
