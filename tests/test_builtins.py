"""Builtins on scalars and tuples: abs, min, max, round, int, float, complex, bool, divmod, pow,
len, and .real/.imag/.conjugate(), compared with CPython exactly."""

import math

import pytest
from conftest import assert_same, assert_same_wrapped

INF = math.inf
NAN = math.nan
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1


def b_abs(x):
    return abs(x)


def b_min2(a, b):
    return min(a, b)


def b_max2(a, b):
    return max(a, b)


def b_min3(a, b, c):
    return min(a, b, c)


def b_max3(a, b, c):
    return max(a, b, c)


def b_min4(a, b, c, d):
    return min(a, b, c, d)


def b_round1(x):
    return round(x)


def b_round2(x, n):
    return round(x, n)


def b_round_neg2_literal(x):
    return round(x, -2)


def b_int(x):
    return int(x)


def b_float(x):
    return float(x)


def b_complex1(x):
    return complex(x)


def b_complex2(a, b):
    return complex(a, b)


def b_bool(x):
    return bool(x)


def b_divmod(a, b):
    return divmod(a, b)


def b_pow2(a, b):
    return pow(a, b)


def b_pow_neg_literal(a):
    return pow(a, -3)


def b_real(x):
    return x.real


def b_imag(x):
    return x.imag


def b_conjugate(x):
    return x.conjugate()


def len_empty():
    return len(())


def len_one(x):
    return len((x,))


def len_mixed(a, b):
    return len((a, b, a + b, (a, b)))


def len_arg(t):
    return len(t)


SCALARS = [0, 7, -7, I64_MAX, 0.0, -0.0, -2.5, INF, -INF, NAN, 0j, 3 - 4j, complex(-INF, NAN),
           True, False]  # fmt: skip


@pytest.mark.parametrize("x", SCALARS)
def test_abs(x):
    assert_same(b_abs, x)


def test_abs_int_min_wraps():
    # abs(-2**63) overflows int64: compared with the 64-bit wrap of CPython's result.
    assert_same_wrapped(b_abs, I64_MIN)


MINMAX_PAIRS = [(1, 2), (2, 1), (-5, -5), (I64_MIN, I64_MAX), (1.5, -2.5), (0.0, -0.0), (-0.0, 0.0),
                (NAN, 1.0), (1.0, NAN), (INF, -INF), (True, False), (False, True)]  # fmt: skip


@pytest.mark.parametrize("fn", [b_min2, b_max2], ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", MINMAX_PAIRS)
def test_min_max_two(fn, a, b):
    # Equal values (0.0 and -0.0) and NaN show which argument CPython keeps: the first.
    assert_same(fn, a, b)


@pytest.mark.parametrize("fn", [b_min3, b_max3], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "a, b, c",
    [(3, 1, 2), (1, 3, 2), (2, 2, 1), (-0.0, 0.0, -0.0), (0.5, NAN, -1.0), (1.0, 2.0, NAN)],
)
def test_min_max_three(fn, a, b, c):
    assert_same(fn, a, b, c)


@pytest.mark.parametrize("args", [(4, 3, 2, 1), (1.5, 0.5, 2.5, -0.5)])
def test_min_four(args):
    assert_same(b_min4, *args)


@pytest.mark.parametrize(
    "x",
    [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.675, -0.0, 1e15 + 0.5, 4503599627370497.0,
     -7.5, 7, -7, True, I64_MAX, 9.2e18, -9.2e18],
)  # fmt: skip
def test_round_one_arg(x):
    # Banker's rounding, result an int.
    assert_same(b_round1, x)


@pytest.mark.parametrize("x", [INF, -INF, NAN])
def test_round_one_arg_errors(x):
    # OverflowError / ValueError with CPython's message.
    assert_same(b_round1, x)


@pytest.mark.parametrize(
    "x, n",
    [(2.675, 2), (0.125, 2), (0.375, 2), (-0.5, 0), (0.5, 0), (1.5, 0), (-0.4, 0), (1234.5678, -2),
     (1250.0, -2), (1350.0, -2), (15.0, -1), (25.0, -1), (-25.0, -1), (5.5, -1), (0.1, 1),
     (1e300, 2), (1e300, -300), (1.5, -400), (-1.5, -400), (0.1, 400), (INF, 2), (-INF, -2),
     (NAN, 1), (1e-320, 320), (123456789.123456789, 5), (-0.0, 3)],
)  # fmt: skip
def test_round_float_ndigits(x, n):
    assert_same(b_round2, x, n)


@pytest.mark.parametrize(
    "x, n",
    [(1234, -2), (1250, -2), (1350, -2), (-1250, -2), (-1350, -2), (15, -1), (25, -1), (-25, -1),
     (5, 3), (5, 0), (123, -5), (-123, -3), (0, -2), (I64_MAX, 0), (I64_MIN, 5), (150, -2)],
)  # fmt: skip
def test_round_int_ndigits(x, n):
    assert_same(b_round2, x, n)


@pytest.mark.parametrize("x", [1234, 1250, -1250, 1234.5, 1250.0, -1350.0, 49, 50, 150])
def test_round_negative_literal_ndigits(x):
    assert_same(b_round_neg2_literal, x)


@pytest.mark.parametrize(
    "x", [0, -3, I64_MAX, I64_MIN, 3.7, -3.7, -0.0, 0.999999, 9.2e18, -9.2e18, True, False, 2.0**62]
)
def test_int_conversion(x):
    assert_same(b_int, x)


@pytest.mark.parametrize("x", [INF, -INF, NAN])
def test_int_conversion_errors(x):
    assert_same(b_int, x)


@pytest.mark.parametrize(
    "x", [0, -3, I64_MAX, I64_MIN, 2**53 + 1, -(2**53) - 1, True, False, -0.0, NAN, 1.5]
)
def test_float_conversion(x):
    assert_same(b_float, x)


@pytest.mark.parametrize("x", [0, -3, 2**53 + 1, True, -0.0, 2.5, NAN, 1 - 2j, complex(-0.0, INF)])
def test_complex_one_arg(x):
    assert_same(b_complex1, x)


@pytest.mark.parametrize(
    "a, b",
    [(1, 2), (1.5, -0.0), (-0.0, 0.0), (0, -0.0), (True, 2.5), (INF, NAN), (3, 0), (-2.0, 7)],
)
def test_complex_two_args(a, b):
    assert_same(b_complex2, a, b)


@pytest.mark.parametrize(
    "x", [0, 1, -1, I64_MIN, 0.0, -0.0, 1e-320, NAN, INF, 0j, 1j, complex(0.0, -0.0), True, False]
)
def test_bool_conversion(x):
    assert_same(b_bool, x)


DIVMOD_ARGS = [(7, 2), (-7, 2), (7, -2), (-7, -2), (0, 3), (I64_MAX, 10), (I64_MIN, 7), (7.5, 2.0),
               (-7.5, 2.0), (7.5, -2.0), (-0.0, 3.0), (0.0, -3.0), (1.0, INF), (-1.0, INF),
               (INF, 2.0), (NAN, 1.0), (7, 2.5), (-7.5, 2), (True, 2), (1, 0), (1.0, 0.0), (1, 0.0),
               (1.0, 0), (True, False)]  # fmt: skip


@pytest.mark.parametrize("a, b", DIVMOD_ARGS)
def test_divmod(a, b):
    assert_same(b_divmod, a, b)


@pytest.mark.parametrize(
    "a, b",
    [(2, 10), (-3, 3), (0, 0), (2.0, 0.5), (2, 0.5), (2.0, -1), (4.0, 0.5), (-8.0, 3.0), (0.0, -1.0),
     (1j, 2), (2, 1 + 1j), (True, 3), (1.0, NAN), (NAN, 0)],
)  # fmt: skip
def test_pow_two_args(a, b):
    assert_same(b_pow2, a, b)


@pytest.mark.parametrize("a", [2, -2, 1, 0, 0.5, 1j])
def test_pow_negative_literal(a):
    assert_same(b_pow_neg_literal, a)


@pytest.mark.parametrize("fn", [b_real, b_imag, b_conjugate], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [5, -5, 2.5, -0.0, NAN, 1 - 2j, complex(-0.0, -0.0), True, False])
def test_real_imag_conjugate(fn, x):
    assert_same(fn, x)


def test_len_tuples():
    assert_same(len_empty)
    assert_same(len_one, 1.5)
    assert_same(len_mixed, 1, 2.5)


@pytest.mark.parametrize("t", [(), (1,), (1, 2, 3), (1, 2.5, 3j), ((1, 2), (3.0,))])
def test_len_tuple_argument(t):
    assert_same(len_arg, t)


# Keyword arguments go to their parameter, with the defaults of those before them: typing binds
# them once and lowering reads that binding (it once passed `complex(imag=x)` as `complex(x)`).
def b_complex_imag_only(x):
    return complex(imag=x)


def b_complex_both_keywords(x, y):
    return complex(imag=y, real=x)


def b_isclose_abs_only(a, b):
    return math.isclose(a, b, abs_tol=0.25)


def b_isclose_keywords_reversed(a, b):
    return math.isclose(a, b, abs_tol=0.5, rel_tol=0.0)


@pytest.mark.parametrize("x", [2.0, -1.5, 3, True])
def test_complex_keywords(x):
    assert_same(b_complex_imag_only, x)
    assert_same(b_complex_both_keywords, 0.5, x)


@pytest.mark.parametrize("a, b", [(1.0, 1.3), (1.0, 1.2), (100.0, 100.3), (1.0, 1.6)])
def test_isclose_keywords_bind_by_name(a, b):
    assert_same(b_isclose_abs_only, a, b)
    assert_same(b_isclose_keywords_reversed, a, b)


def b_len_range(start, stop, step):
    r = range(start, stop, step)
    return len(r), len(range(stop)), len(range(start, stop))


@pytest.mark.parametrize(
    "start, stop, step",
    [
        (0, 10, 3),
        (10, 0, -3),
        (5, 5, 1),
        (-7, 8, 2),
        (3, -2, 1),
        (0, 2**62, 2**61 - 1),
        (-(2**63), 2**63 - 1, 2**62),
    ],
)
def test_len_of_range(start, stop, step):
    assert_same(b_len_range, start, stop, step)
