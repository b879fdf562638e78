"""Every function of `math` that takes and returns numbers, and its constants, compared with
CPython exactly, domain and range errors included (class and message)."""

import itertools
import math
import sys
from math import sqrt as imported_sqrt

import pytest
from conftest import assert_same

INF = math.inf
NAN = math.nan
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1

# ------------------------------------------------------------------------------ math, one float


def m_acos(x):
    return math.acos(x)


def m_acosh(x):
    return math.acosh(x)


def m_asin(x):
    return math.asin(x)


def m_asinh(x):
    return math.asinh(x)


def m_atan(x):
    return math.atan(x)


def m_atanh(x):
    return math.atanh(x)


def m_cbrt(x):
    return math.cbrt(x)


def m_cos(x):
    return math.cos(x)


def m_cosh(x):
    return math.cosh(x)


def m_degrees(x):
    return math.degrees(x)


def m_erf(x):
    return math.erf(x)


def m_erfc(x):
    return math.erfc(x)


def m_exp(x):
    return math.exp(x)


def m_exp2(x):
    return math.exp2(x)


def m_expm1(x):
    return math.expm1(x)


def m_fabs(x):
    return math.fabs(x)


def m_gamma(x):
    return math.gamma(x)


def m_lgamma(x):
    return math.lgamma(x)


def m_log(x):
    return math.log(x)


def m_log10(x):
    return math.log10(x)


def m_log1p(x):
    return math.log1p(x)


def m_log2(x):
    return math.log2(x)


def m_radians(x):
    return math.radians(x)


def m_sin(x):
    return math.sin(x)


def m_sinh(x):
    return math.sinh(x)


def m_sqrt(x):
    return math.sqrt(x)


def m_tan(x):
    return math.tan(x)


def m_tanh(x):
    return math.tanh(x)


def m_ulp(x):
    return math.ulp(x)


def m_isfinite(x):
    return math.isfinite(x)


def m_isinf(x):
    return math.isinf(x)


def m_isnan(x):
    return math.isnan(x)


def m_ceil(x):
    return math.ceil(x)


def m_floor(x):
    return math.floor(x)


def m_trunc(x):
    return math.trunc(x)


def m_frexp(x):
    return math.frexp(x)


def m_modf(x):
    return math.modf(x)


def imported_sqrt_call(x):
    return imported_sqrt(x)


UNARY = [m_acos, m_acosh, m_asin, m_asinh, m_atan, m_atanh, m_cbrt, m_cos, m_cosh, m_degrees,
         m_erf, m_erfc, m_exp, m_exp2, m_expm1, m_fabs, m_gamma, m_lgamma, m_log, m_log10,
         m_log1p, m_log2, m_radians, m_sin, m_sinh, m_sqrt, m_tan, m_tanh, m_ulp, m_isfinite,
         m_isinf, m_isnan, imported_sqrt_call]  # fmt: skip
UNARY_INPUTS = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, 10.0, -3.7, 1e-300, 5e-324, 710.0, 1e300,
                -1e300, INF, -INF, NAN, 3, -2, 0, True, I64_MAX]  # fmt: skip


def needs(fn):
    """Skip marks for functions newer than the running Python (e.g. cbrt, exp2: 3.11)."""
    missing = fn.__name__.startswith("m_") and not hasattr(math, fn.__name__[2:])
    reason = f"math.{fn.__name__[2:]} is not in Python {sys.version_info[0]}.{sys.version_info[1]}"
    return pytest.param(fn, id=fn.__name__, marks=pytest.mark.skipif(missing, reason=reason))


@pytest.mark.parametrize("fn", [needs(f) for f in UNARY])
@pytest.mark.parametrize("x", UNARY_INPUTS)
def test_math_unary(fn, x):
    # Domain errors (ValueError "math domain error") and range errors (OverflowError) included.
    assert_same(fn, x)


@pytest.mark.parametrize("fn", [m_ceil, m_floor, m_trunc], ids=lambda f: f.__name__)
@pytest.mark.parametrize(
    "x",
    [0.0, -0.0, 0.5, -0.5, 2.5, -2.5, 1e18, -1e18, -9.2e18, 3, -3, True, I64_MIN, INF, -INF, NAN],
)
def test_math_to_int(fn, x):
    # Result is an int; inf and nan raise OverflowError / ValueError as in CPython.
    assert_same(fn, x)


@pytest.mark.parametrize("fn", [m_frexp, m_modf], ids=lambda f: f.__name__)
@pytest.mark.parametrize("x", [0.0, -0.0, 1.0, -3.5, 1e-310, 1e300, INF, -INF, NAN, 8, -1])
def test_math_tuple_results(fn, x):
    assert_same(fn, x)


# ------------------------------------------------------------------------------ math, two args


def m_atan2(y, x):
    return math.atan2(y, x)


def m_copysign(x, y):
    return math.copysign(x, y)


def m_fmod(x, y):
    return math.fmod(x, y)


def m_pow(x, y):
    return math.pow(x, y)


def m_remainder(x, y):
    return math.remainder(x, y)


def m_nextafter(x, y):
    return math.nextafter(x, y)


def m_hypot2(x, y):
    return math.hypot(x, y)


def m_hypot3(x, y, z):
    return math.hypot(x, y, z)


def m_log_base(x, base):
    return math.log(x, base)


def m_isclose(a, b):
    return math.isclose(a, b)


def m_ldexp(x, i):
    return math.ldexp(x, i)


def m_fma(x, y, z):
    return math.fma(x, y, z)


BINARY = [m_atan2, m_copysign, m_fmod, m_pow, m_remainder, m_nextafter, m_hypot2, m_log_base,
          m_isclose]  # fmt: skip
BINARY_INPUTS = [0.0, -0.0, 1.0, -1.5, 2.0, 1e300, INF, -INF, NAN, 3, -2]


@pytest.mark.parametrize("fn", BINARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("x, y", list(itertools.product(BINARY_INPUTS, repeat=2)))
def test_math_binary(fn, x, y):
    assert_same(fn, x, y)


@pytest.mark.parametrize("x, y, z", [(1.0, 2.0, 2.0), (3, 4, 12), (INF, NAN, 1.0), (1e300, 1e300, 0.0),
                                     (-0.0, 0.0, -0.0), (NAN, 1.0, 1.0)])  # fmt: skip
def test_math_hypot3(x, y, z):
    assert_same(m_hypot3, x, y, z)


@pytest.mark.skipif(not hasattr(math, "fma"), reason="math.fma is new in Python 3.13")
@pytest.mark.parametrize(
    "x, y, z",
    [(2.0, 3.0, 1.0), (0.1, 10.0, -1.0), (1e300, 1e300, -INF), (INF, 0.0, 1.0), (3, 2, 1)],
)
def test_math_fma(x, y, z):
    assert_same(m_fma, x, y, z)


@pytest.mark.parametrize(
    "x, i",
    [(1.0, 1023), (1.0, 1024), (0.5, 1025), (1.0, -1074), (1.0, -1075), (1.0, -2000), (INF, 5),
     (NAN, 1), (-0.0, 10), (3, 2), (1.0, I64_MAX), (1.0, I64_MIN), (0.0, I64_MAX), (-1.5, True)],
)  # fmt: skip
def test_math_ldexp(x, i):
    assert_same(m_ldexp, x, i)


# ------------------------------------------------------------------------------ math, integers


def m_comb(n, k):
    return math.comb(n, k)


def m_perm2(n, k):
    return math.perm(n, k)


def m_perm1(n):
    return math.perm(n)


def m_factorial(n):
    return math.factorial(n)


def m_gcd2(a, b):
    return math.gcd(a, b)


def m_gcd3(a, b, c):
    return math.gcd(a, b, c)


def m_gcd0():
    return math.gcd()


def m_lcm2(a, b):
    return math.lcm(a, b)


def m_lcm3(a, b, c):
    return math.lcm(a, b, c)


def m_isqrt(n):
    return math.isqrt(n)


INT_CASES = [
    (m_comb, (5, 2)), (m_comb, (10, 0)), (m_comb, (0, 0)), (m_comb, (3, 5)), (m_comb, (60, 30)),
    (m_comb, (-1, 2)), (m_comb, (5, -1)), (m_perm2, (5, 2)), (m_perm2, (3, 5)),
    (m_perm2, (20, 20)), (m_perm2, (-1, 1)), (m_perm2, (4, -2)), (m_perm1, (5,)), (m_perm1, (0,)),
    (m_perm1, (-3,)), (m_factorial, (0,)), (m_factorial, (1,)), (m_factorial, (5,)),
    (m_factorial, (20,)), (m_factorial, (-1,)), (m_factorial, (True,)), (m_gcd2, (12, 18)),
    (m_gcd2, (0, 0)), (m_gcd2, (-12, 18)), (m_gcd2, (12, -18)), (m_gcd2, (I64_MIN, 6)),
    (m_gcd2, (I64_MAX, 7)), (m_gcd3, (12, 18, 8)), (m_gcd3, (0, 0, -5)), (m_gcd0, ()),
    (m_lcm2, (4, 6)), (m_lcm2, (0, 5)), (m_lcm2, (-4, 6)), (m_lcm2, (-4, -6)),
    (m_lcm3, (2, 3, 4)), (m_lcm3, (2, 0, 4)), (m_isqrt, (0,)), (m_isqrt, (1,)), (m_isqrt, (15,)),
    (m_isqrt, (16,)), (m_isqrt, (I64_MAX,)), (m_isqrt, (2**62,)), (m_isqrt, (-1,)),
    (m_isqrt, (True,)),
]  # fmt: skip


@pytest.mark.parametrize("fn, args", INT_CASES, ids=lambda v: getattr(v, "__name__", repr(v)))
def test_math_integer_functions(fn, args):
    # Results fit in int64; negative arguments raise ValueError with CPython's message.
    assert_same(fn, *args)


# ------------------------------------------------------------------------------ constants


def k_math_pi():
    return math.pi


def k_math_e():
    return math.e


def k_math_tau():
    return math.tau


def k_math_inf():
    return math.inf


def k_math_nan():
    return math.nan


def k_circle_area(r):
    return math.pi * r * r + math.tau * 0 - math.e**0 + 1


def k_neg_inf():
    return -math.inf


@pytest.mark.parametrize(
    "fn",
    [k_math_pi, k_math_e, k_math_tau, k_math_inf, k_math_nan, k_neg_inf],
    ids=lambda f: f.__name__,
)
def test_constants(fn):
    assert_same(fn)


@pytest.mark.parametrize("r", [0, 1.5, 2])
def test_constants_in_expression(r):
    assert_same(k_circle_area, r)


def test_every_math_function_is_tested():
    # The lists above cover every number-to-number function of the running Python's `math`
    # (the iterable-taking ones, dist fsum prod sumprod, are left to the containers issue).
    iterables = {"dist", "fsum", "prod", "sumprod"}
    constants = {"e", "pi", "tau", "inf", "nan"}
    tested = {f.__name__[2:] for f in UNARY + BINARY} | {
        "ceil", "floor", "trunc", "frexp", "modf", "hypot", "ldexp", "comb", "perm", "factorial",
        "gcd", "lcm", "isqrt", "fma",
    }  # fmt: skip
    names = {n for n in dir(math) if not n.startswith("_")} - iterables - constants
    assert names <= tested, names - tested
