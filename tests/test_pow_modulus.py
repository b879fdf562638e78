"""pow(base, exp, modulus) of integers against CPython: values, signs, inverses and errors."""

import itertools

import pytest
from conftest import assert_same


def pow_mod(b, e, m):
    return pow(b, e, m)


def pow_mod_loop(n, m):
    s = 0
    for i in range(n):
        s += pow(i, i, m)
    return s


BASES = [0, 1, 2, 3, 7, -1, -2, -7, 10**9 + 7, -(10**12) - 3, 2**62 + 5, -(2**63)]
EXPS = [0, 1, 2, 5, 63, 10**18, -1, -2, -5]
MODULI = [1, -1, 2, -2, 7, -7, 13, 1000, 2**31 - 1, 2**61 - 1, -(2**61) + 1, 2**63 - 1, -(2**63)]


@pytest.mark.parametrize("m", MODULI)
def test_pow_mod_matches_cpython(m):
    for b, e in itertools.product(BASES, EXPS):
        assert_same(pow_mod, b, e, m)


@pytest.mark.parametrize("b, e", [(2, 10), (0, -1), (3, -1), (4, -1)])
def test_zero_modulus_and_no_inverse_raise_as_cpython(b, e):
    assert_same(pow_mod, b, e, 0)
    assert_same(pow_mod, b, e, 8)


def test_bool_arguments():
    # (NumPy integer scalars have no three-argument pow in CPython; compiled code does not tell
    # them from ints, as in Numba.)
    assert_same(pow_mod, True, 5, 3)
    assert_same(pow_mod, 3, True, 2)


def test_in_a_loop():
    assert_same(pow_mod_loop, 200, 97)
    assert_same(pow_mod_loop, 200, -97)
