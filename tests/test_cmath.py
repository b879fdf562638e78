"""Every function of `cmath` and its constants, compared with CPython exactly: special values
for infinities and NaNs, branch cuts (signed zeros), domain and range errors (class and message)."""

import cmath
import math

import pytest
from conftest import assert_same

INF = math.inf
NAN = math.nan

# ------------------------------------------------------------------------------ cmath


def c_acos(z):
    return cmath.acos(z)


def c_acosh(z):
    return cmath.acosh(z)


def c_asin(z):
    return cmath.asin(z)


def c_asinh(z):
    return cmath.asinh(z)


def c_atan(z):
    return cmath.atan(z)


def c_atanh(z):
    return cmath.atanh(z)


def c_cos(z):
    return cmath.cos(z)


def c_cosh(z):
    return cmath.cosh(z)


def c_exp(z):
    return cmath.exp(z)


def c_log(z):
    return cmath.log(z)


def c_log10(z):
    return cmath.log10(z)


def c_sin(z):
    return cmath.sin(z)


def c_sinh(z):
    return cmath.sinh(z)


def c_sqrt(z):
    return cmath.sqrt(z)


def c_tan(z):
    return cmath.tan(z)


def c_tanh(z):
    return cmath.tanh(z)


def c_phase(z):
    return cmath.phase(z)


def c_polar(z):
    return cmath.polar(z)


def c_isfinite(z):
    return cmath.isfinite(z)


def c_isinf(z):
    return cmath.isinf(z)


def c_isnan(z):
    return cmath.isnan(z)


def c_rect(r, phi):
    return cmath.rect(r, phi)


def c_log_base(z, base):
    return cmath.log(z, base)


def c_isclose(a, b):
    return cmath.isclose(a, b)


CMATH_UNARY = [c_acos, c_acosh, c_asin, c_asinh, c_atan, c_atanh, c_cos, c_cosh, c_exp, c_log,
               c_log10, c_sin, c_sinh, c_sqrt, c_tan, c_tanh, c_phase, c_polar, c_isfinite,
               c_isinf, c_isnan]  # fmt: skip
COMPLEX_INPUTS = [0j, complex(-0.0, 0.0), complex(0.0, -0.0), 1 + 1j, -1 + 0j, complex(-1.0, -0.0),
                  0.5 - 2j, 1j, complex(1e300, 1e300), complex(1000.0, 1.0), complex(INF, 0.0),
                  complex(-INF, 1.0), complex(1.0, INF), complex(NAN, 0.0), complex(0.0, NAN),
                  complex(INF, NAN), 2.0, -2.0, -0.0, 3, -1]  # fmt: skip


@pytest.mark.parametrize("fn", CMATH_UNARY, ids=lambda f: f.__name__)
@pytest.mark.parametrize("z", COMPLEX_INPUTS)
def test_cmath_unary(fn, z):
    # cmath's special values for infinities and NaNs, and its domain/range errors.
    assert_same(fn, z)


@pytest.mark.parametrize(
    "r, phi", [(1.0, 0.0), (2, 1.5), (1.0, math.pi), (INF, 0.0), (INF, 1.0), (0.0, INF), (-1.0, 0.5),
               (NAN, 0.0), (1e308, 0.7), (-0.0, -0.0)]
)  # fmt: skip
def test_cmath_rect(r, phi):
    assert_same(c_rect, r, phi)


@pytest.mark.parametrize(
    "z, base", [(8 + 0j, 2), (1j, 1j), (1 + 1j, 10.0), (0j, 2), (2, 1), (100.0, 10), (1j, 0j)]
)
def test_cmath_log_base(z, base):
    assert_same(c_log_base, z, base)


@pytest.mark.parametrize(
    "a, b", [(1j, 1j), (1 + 1e-10j, 1 + 0j), (1 + 1e-8j, 1), (complex(INF, 0), complex(INF, 0)),
             (complex(NAN, 0), complex(NAN, 0)), (0j, 1e-300j)]
)  # fmt: skip
def test_cmath_isclose(a, b):
    assert_same(c_isclose, a, b)


# ------------------------------------------------------------------------------ constants


def k_cmath_pi():
    return cmath.pi


def k_cmath_e():
    return cmath.e


def k_cmath_tau():
    return cmath.tau


def k_cmath_inf():
    return cmath.inf


def k_cmath_nan():
    return cmath.nan


def k_cmath_infj():
    return cmath.infj


def k_cmath_nanj():
    return cmath.nanj


CONSTANTS = [k_cmath_pi, k_cmath_e, k_cmath_tau, k_cmath_inf, k_cmath_nan, k_cmath_infj,
             k_cmath_nanj]  # fmt: skip


@pytest.mark.parametrize("fn", CONSTANTS, ids=lambda f: f.__name__)
def test_constants(fn):
    assert_same(fn)


def test_every_cmath_function_is_tested():
    constants = {"e", "pi", "tau", "inf", "nan", "infj", "nanj"}
    tested = {f.__name__[2:] for f in CMATH_UNARY} | {"rect", "log", "isclose"}
    names = {n for n in dir(cmath) if not n.startswith("_")} - constants
    assert names <= tested, names - tested


@pytest.mark.parametrize(
    "z",
    [complex(700.0, 1.0), complex(700.0, -3.0), complex(math.nextafter(700.0, INF), 1.0),
     complex(709.7, 0.5), complex(710.0, 0.0), complex(710.0, 2.0), complex(-1.7976931348623157e308, 1.0),
     complex(-745.2, 1.0), complex(-INF, -2.0), complex(-INF, NAN), complex(1.0, 1e300),
     complex(1.0, -0.0), complex(-0.0, 0.0), complex(NAN, NAN), complex(5.0, -INF)],
)  # fmt: skip
def test_cmath_exp_at_the_edges_of_its_inline_formula(z):
    # Real parts up to 700 run CPython's formula inline; beyond, and for infinities and NaNs,
    # the port of cmath_exp_impl (its special values, its OverflowError).
    assert_same(c_exp, z)
