"""Bit-for-bit differential tests of `math` and `cmath`: compiled results against CPython's over
many inputs (signed zeros, subnormals, infinities, NaNs, huge and tiny values, gamma's poles,
cmath's branch cuts and special-value tables, random values), comparing the type, the exact value
(NaN equals NaN, -0.0 differs from 0.0) or the exception class and message.

Where CPython's exact integer result does not fit in 64 bits, the compiled function must raise
OverflowError saying so (oxjit integers are int64), never return a wrong value."""

import cmath
import itertools
import math
import random

import pytest
from conftest import JIT_DISABLED, _outcome, compare_outcomes, jitted, pure_python
from test_cmath import (  # the same functions, compiled again here
    c_acos,
    c_acosh,
    c_asin,
    c_asinh,
    c_atan,
    c_atanh,
    c_cos,
    c_cosh,
    c_exp,
    c_isclose,
    c_isfinite,
    c_isinf,
    c_isnan,
    c_log,
    c_log10,
    c_phase,
    c_polar,
    c_rect,
    c_sin,
    c_sinh,
    c_sqrt,
    c_tan,
    c_tanh,
)
from test_math import (  # the same functions, compiled again here
    m_acos,
    m_acosh,
    m_asin,
    m_asinh,
    m_atan,
    m_atan2,
    m_atanh,
    m_cbrt,
    m_ceil,
    m_comb,
    m_copysign,
    m_cos,
    m_cosh,
    m_degrees,
    m_erf,
    m_erfc,
    m_exp,
    m_exp2,
    m_expm1,
    m_fabs,
    m_factorial,
    m_floor,
    m_fmod,
    m_frexp,
    m_gamma,
    m_gcd0,
    m_gcd2,
    m_hypot2,
    m_hypot3,
    m_isclose,
    m_isfinite,
    m_isinf,
    m_isnan,
    m_isqrt,
    m_lcm2,
    m_ldexp,
    m_lgamma,
    m_log,
    m_log1p,
    m_log2,
    m_log10,
    m_modf,
    m_nextafter,
    m_perm1,
    m_pow,
    m_radians,
    m_remainder,
    m_sin,
    m_sinh,
    m_sqrt,
    m_tan,
    m_tanh,
    m_trunc,
    m_ulp,
)

INF = math.inf
NAN = math.nan
I64_MIN = -(2**63)
I64_MAX = 2**63 - 1

# ------------------------------------------------------------------------------------- helpers


def _fits(value):
    if type(value) is int:
        return I64_MIN <= value <= I64_MAX
    if type(value) is tuple:
        return all(_fits(v) for v in value)
    return True


def mismatches(fn, arg_lists, big_ints_overflow=False):
    """Runs `fn` on every argument tuple in CPython and compiled; returns the differences.

    With `big_ints_overflow`, a CPython int result beyond int64 must be an OverflowError that says
    oxjit integers are 64-bit."""
    pure, compiled = pure_python(fn), jitted(fn)
    bad = []
    for args in arg_lists:
        expected = _outcome(pure, args, {})
        got = _outcome(compiled, args, {})
        call = f"{fn.__name__}{args!r}"
        if big_ints_overflow and expected[0] and not _fits(expected[1]) and JIT_DISABLED:
            # Plain Python (the tests checking themselves): compare without printing huge ints.
            if got != expected:
                bad.append(f"{fn.__name__}: different big-int results")
            continue
        if big_ints_overflow and expected[0] and not _fits(expected[1]):
            ok, exc = got
            if ok or type(exc) is not OverflowError or "64-bit" not in str(exc):
                bad.append(f"{call}: CPython {expected[1]!r} (beyond int64), compiled {got!r}")
            continue
        try:
            compare_outcomes(call, expected, got)
        except AssertionError as e:
            bad.append(str(e).splitlines()[0])
    return bad


def check(fn, arg_lists, **kw):
    bad = mismatches(fn, list(arg_lists), **kw)
    assert not bad, f"{len(bad)} mismatches, e.g.:\n" + "\n".join(bad[:15])


RNG = random.Random(20240611)


def random_floats(n, rng=RNG):
    """Floats over the whole range: uniform small ones, log-uniform magnitudes, both signs."""
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.3:
            x = rng.uniform(-10, 10)
        elif kind < 0.5:
            x = rng.uniform(-200, 200)
        elif kind < 0.9:
            x = math.ldexp(rng.random() + 0.5, rng.randint(-1074, 1023))
        else:
            x = rng.choice([0.5, 1.0, 2.0, 10.0]) + rng.choice([-1, 1]) * math.ldexp(
                1, -rng.randint(1, 52)
            )
        out.append(x if rng.random() < 0.5 else -x)
    return out


SPECIAL_FLOATS = [
    0.0, -0.0, INF, -INF, NAN, 5e-324, -5e-324, 1e-320, 2.2250738585072014e-308, 1e-300, 1e-20,
    1e-8, 0.1, 0.5, -0.5, 0.7, 1.0, -1.0, 1.5, 2.0, -2.0, 2.5, 3.0, -3.0, 10.0, -10.5, 23.0,
    24.0, 100.5, 140.5, -140.5, 171.5, 171.62, 171.7, 200.5, -200.5, -1e15 + 0.5, 1e15,
    709.78, 710.0, -745.2, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308,
]  # fmt: skip
FLOATS = SPECIAL_FLOATS + random_floats(300)
INTS = [
    0,
    1,
    -1,
    2,
    -2,
    3,
    7,
    100,
    -100,
    10**15,
    -(10**15),
    2**53 + 1,
    I64_MAX,
    I64_MIN,
    True,
    False,
]

# ------------------------------------------------------------------------------ math, one number


def m_hypot1(x):
    return math.hypot(x)


UNARY = [m_acos, m_acosh, m_asin, m_asinh, m_atan, m_atanh, m_cbrt, m_cos, m_cosh, m_degrees,
         m_erf, m_erfc, m_exp, m_exp2, m_expm1, m_fabs, m_gamma, m_lgamma, m_log, m_log10,
         m_log1p, m_log2, m_radians, m_sin, m_sinh, m_sqrt, m_tan, m_tanh, m_ulp, m_isfinite,
         m_isinf, m_isnan, m_frexp, m_modf, m_hypot1]  # fmt: skip


@pytest.mark.parametrize("fn", UNARY, ids=lambda f: f.__name__)
def test_unary_floats(fn):
    check(fn, [(x,) for x in FLOATS])


@pytest.mark.parametrize("fn", UNARY, ids=lambda f: f.__name__)
def test_unary_ints(fn):
    check(fn, [(x,) for x in INTS])


def test_gamma_near_poles_and_integers():
    xs = []
    for n in range(-30, 40):
        for d in (0.0, 1e-15, -1e-15, 1e-8, -1e-8, 0.5, 0.25):
            xs.append(n + d)
    xs += [-170.5, -171.5, -180.5, -190.25, 1e-21, -1e-21, 1e-310, -1e-310, 1e-300, -1e300]
    check(m_gamma, [(x,) for x in xs])
    check(m_lgamma, [(x,) for x in xs])


def test_gamma_random():
    rng = random.Random(7)
    xs = [rng.uniform(-190, 190) for _ in range(2000)] + [rng.uniform(-5, 5) for _ in range(1000)]
    xs += [
        math.ldexp(rng.random(), rng.randint(-60, 1020)) * rng.choice((-1, 1)) for _ in range(500)
    ]
    check(m_gamma, [(x,) for x in xs])
    check(m_lgamma, [(x,) for x in xs])


@pytest.mark.parametrize("fn", [m_ceil, m_floor, m_trunc], ids=lambda f: f.__name__)
def test_rounding_to_int(fn):
    # Beyond int64 CPython gives a big int; compiled code must raise OverflowError.
    xs = FLOATS + [-9.223372036854775808e18, 9.223372036854775808e18, 9.2233720368547748e18,
                   -9.2233720368547758e18 - 2048.0, 4.5, -4.5, 0.9999999999999999, -0.9999999999999999]  # fmt: skip
    check(fn, [(x,) for x in xs + INTS], big_ints_overflow=True)


# ------------------------------------------------------------------------------ math, two numbers


def m_log_base(x, b):
    return math.log(x, b)


def m_isclose_tols(a, b, r, t):
    return math.isclose(a, b, rel_tol=r, abs_tol=t)


BINARY = [m_atan2, m_copysign, m_fmod, m_pow, m_remainder, m_nextafter, m_hypot2, m_log_base,
          m_isclose]  # fmt: skip
PAIR_VALUES = [0.0, -0.0, 0.5, -0.5, 1.0, -1.0, 2.0, -2.5, 3.0, 1e-310, 1e300, -1e300, INF, -INF,
               NAN, 7, -3]  # fmt: skip


def random_pairs(n, seed):
    rng = random.Random(seed)
    xs = random_floats(n, rng)
    ys = random_floats(n, rng)
    pairs = list(zip(xs, ys))
    # Same-magnitude pairs exercise fmod/remainder/hypot/atan2 more than random exponents do.
    pairs += [(rng.uniform(-50, 50), rng.uniform(-10, 10)) for _ in range(n)]
    pairs += [(rng.uniform(0, 3), rng.uniform(-400, 400)) for _ in range(n // 2)]
    return pairs


@pytest.mark.parametrize("fn", BINARY, ids=lambda f: f.__name__)
def test_binary(fn):
    pairs = list(itertools.product(PAIR_VALUES, repeat=2)) + random_pairs(
        300, hash(fn.__name__) % 1000
    )
    check(fn, pairs)


def test_isclose_tolerances():
    cases = [(1.0, 1.0 + 1e-10, 1e-9, 0.0), (1.0, 1.1, 0.2, 0.0), (0.0, 1e-12, 0.0, 1e-10),
             (1.0, 2.0, -1.0, 0.0), (1.0, 2.0, 0.0, -1.0), (INF, INF, 0.0, 0.0),
             (INF, -INF, 1.0, INF), (NAN, NAN, 1.0, INF), (1, 2, 1, 0)]  # fmt: skip
    check(m_isclose_tols, cases)


def test_ldexp():
    xs = [0.0, -0.0, 1.0, -1.5, 0.75, 5e-324, 1e-310, 1.7976931348623157e308, INF, -INF, NAN, 3]
    es = [0, 1, -1, 52, -1022, -1074, -1075, -1076, 1023, 1024, 2000, -2000, 2**31, -(2**31),
          I64_MAX, I64_MIN, True]  # fmt: skip
    check(m_ldexp, list(itertools.product(xs, es)))


# ------------------------------------------------------------------------------ hypot, dist, fsum


def m_hypot0():
    return math.hypot()


def m_hypot5(a, b, c, d, e):
    return math.hypot(a, b, c, d, e)


def test_hypot_many_args():
    rng = random.Random(3)
    check(m_hypot0, [()])
    three = list(itertools.product([0.0, -0.0, 1.0, 3, 1e-320, 1e308, INF, NAN], repeat=3))
    three += [tuple(random_floats(3, rng)) for _ in range(300)]
    three += [tuple(rng.uniform(-10, 10) for _ in range(3)) for _ in range(300)]
    check(m_hypot3, three)
    five = [tuple(random_floats(5, rng)) for _ in range(200)]
    five += [
        tuple(rng.uniform(-1, 1) * 10.0 ** rng.randint(-300, 300) for _ in range(5))
        for _ in range(200)
    ]
    five += [tuple(math.ldexp(rng.random(), -1070) for _ in range(5)) for _ in range(50)]
    check(m_hypot5, five)


def test_hypot_two_args_random():
    # CPython 3.8+ computes hypot(x, y) with its own vector_norm, not libm's hypot.
    rng = random.Random(11)
    pairs = [(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(2000)]
    pairs += [tuple(random_floats(2, rng)) for _ in range(1000)]
    check(m_hypot2, pairs)


def m_dist(p, q):
    return math.dist(p, q)


def test_dist():
    rng = random.Random(5)
    cases = [((), ()), ((1.0,), (4.0,)), ((0.0, 0.0), (3.0, 4.0)), ((1, 2, 3), (4, 5, 6)),
             ((INF, 0.0), (INF, 1.0)), ((NAN, 1.0), (0.0, INF)), ((1e308, -1e308), (-1e308, 1e308))]  # fmt: skip
    for n in range(1, 6):
        for _ in range(60):
            cases.append((tuple(random_floats(n, rng)), tuple(random_floats(n, rng))))
            cases.append(
                (
                    tuple(rng.uniform(-5, 5) for _ in range(n)),
                    tuple(rng.uniform(-5, 5) for _ in range(n)),
                )
            )
    for p, q in cases:
        check(m_dist, [(p, q)])


def m_fsum(t):
    return math.fsum(t)


def test_fsum():
    rng = random.Random(9)
    cases = [(), (0.0,), (-0.0,), (-0.0, -0.0), (1e-16, 1.0, 1e16), (0.1,) * 10, (1e308, 1e308),
             (1e308, 1e308, -1e308), (1e308, -1e308, 1e308), (INF, -INF), (INF, 1.0), (-INF, NAN),
             (NAN, 1.0), (INF, INF), (1, 2, 3), (2**53, 1, 1), (1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50),
             (1.7976931348623157e308, 1.7976931348623157e308, -1.7976931348623157e308),
             (2.0**53, -0.5, -2.0**-54), (2.0**53, 1.0, 2.0**-100), (5e-324, 5e-324, -1e-323)]  # fmt: skip
    for n in (2, 3, 5, 8, 20, 40):
        for _ in range(25):
            cases.append(tuple(random_floats(n, rng)))
            cases.append(tuple(rng.uniform(-1, 1) * 10.0 ** rng.randint(-20, 20) for _ in range(n)))
            big = [rng.uniform(-1, 1) * 10.0 ** rng.randint(0, 300) for _ in range(n // 2)]
            cases.append(tuple(big + [-x for x in big] + [rng.random()]))
    for t in cases:
        check(m_fsum, [(t,)])


# ------------------------------------------------------------------------------ prod, sumprod


def m_prod(t):
    return math.prod(t)


def m_prod_start(t, s):
    return math.prod(t, start=s)


def test_prod():
    cases = [(), (2, 3, 4), (1.5, 2, -0.0), (2, 3.5), (True, 5), (0, 2**40, 2**40), (2**31, 2**31),
             (2**32, 2**31), (-(2**32), 2**31), (2**40, 2**40, 0.5), (-2, 2**62), (3, 2**62),
             (1e200, 1e200), (INF, 0.0), (NAN, 1), (1e-200, 1e-200, 1e300), (2**62, 4, 2**62, 1.5),
             (-(2**63),) * 17 + (0.5,), (-(2**63),) * 16 + (-0.5, 3), (3**20, 3**20, 1.0)]  # fmt: skip
    for t in cases:
        check(m_prod, [(t,)], big_ints_overflow=True)
    starts = [((2, 3), 5), ((2, 3), 0.5), ((1.5,), 2), ((), 7), ((), 2.5), ((2**40,), 2**40),
              ((2, 3), 1j), ((0.5, 2), 1 + 2j)]  # fmt: skip
    for t, s in starts:
        check(m_prod_start, [(t, s)], big_ints_overflow=True)


# ------------------------------------------------------------------------------ integers


def m_perm(n, k):
    return math.perm(n, k)


def m_perm_none(n):
    return math.perm(n, None)


def m_gcd1(a):
    return math.gcd(a)


def m_gcd4(a, b, c, d):
    return math.gcd(a, b, c, d)


def m_lcm0():
    return math.lcm()


def m_lcm1(a):
    return math.lcm(a)


def m_lcm4(a, b, c, d):
    return math.lcm(a, b, c, d)


def test_factorial_and_perm1():
    ns = list(range(-3, 26)) + [100, 1000, I64_MIN, True, False]
    check(m_factorial, [(n,) for n in ns], big_ints_overflow=True)
    check(m_perm1, [(n,) for n in ns], big_ints_overflow=True)
    check(m_perm_none, [(n,) for n in ns], big_ints_overflow=True)


def test_comb_perm_grid():
    pairs = [(n, k) for n in range(-2, 72) for k in range(-2, n + 3)]
    check(m_comb, pairs, big_ints_overflow=True)
    check(m_perm, pairs, big_ints_overflow=True)


def test_comb_perm_large_n():
    ns = [10**6, 2**31, 2**32 + 1, 3037000500, 10**18, I64_MAX]
    ks = [0, 1, 2, 3, 4, 5, 10, 20, 1000]
    pairs = [(n, k) for n in ns for k in ks]
    pairs += [(I64_MIN, 1), (5, I64_MIN), (True, True), (False, True), (3, I64_MAX)]
    check(
        m_comb,
        pairs + [(n, n - k) for n in ns for k in ks] + [(I64_MAX, I64_MAX)],
        big_ints_overflow=True,
    )
    # (CPython cannot compute perm(n, n - small) for huge n: too many digits.)
    check(m_perm, pairs + [(30, 25), (25, 21), (21, 20), (20, 20)], big_ints_overflow=True)


def test_isqrt():
    rng = random.Random(1)
    ns = [0, 1, 2, 3, 4, 5, 8, 9, 10, 15, 16, 17, -1, I64_MIN, I64_MAX, True, False]
    for r in [3, 2**26, 2**26 + 1, 94906265, 2**31, 3037000499]:
        ns += [r * r - 1, r * r, r * r + 1]
    ns += [rng.randint(0, I64_MAX) for _ in range(500)] + [
        rng.randint(0, 2**40) for _ in range(300)
    ]
    check(m_isqrt, [(n,) for n in ns])


def test_gcd_lcm():
    rng = random.Random(2)
    vals = [0, 1, -1, 2, -6, 12, 18, 35, 2**31, 2**32 - 1, 2**62, 3 * 2**61, I64_MAX, I64_MIN]
    check(m_gcd0, [()])
    check(m_lcm0, [()])
    check(m_gcd1, [(v,) for v in vals], big_ints_overflow=True)
    check(m_lcm1, [(v,) for v in vals], big_ints_overflow=True)
    pairs = list(itertools.product(vals, repeat=2))
    pairs += [(rng.randint(-(10**9), 10**9), rng.randint(-(10**9), 10**9)) for _ in range(300)]
    pairs += [(rng.randint(I64_MIN, I64_MAX), rng.randint(I64_MIN, I64_MAX)) for _ in range(100)]
    check(m_gcd2, pairs, big_ints_overflow=True)
    check(m_lcm2, pairs, big_ints_overflow=True)
    quads = [tuple(rng.choice(vals) for _ in range(4)) for _ in range(300)]
    quads += [tuple(rng.randint(-1000, 1000) for _ in range(4)) for _ in range(300)]
    quads += [(2**62, 3, 0, 5), (2**40, 3**20, 0, 1), (I64_MIN, 0, 0, 0), (I64_MIN, 0, 2, 0)]
    check(m_gcd4, quads, big_ints_overflow=True)
    check(m_lcm4, quads, big_ints_overflow=True)


# ------------------------------------------------------------------------------ cmath


CMATH_UNARY = [c_acos, c_acosh, c_asin, c_asinh, c_atan, c_atanh, c_cos, c_cosh, c_exp, c_log,
               c_log10, c_sin, c_sinh, c_sqrt, c_tan, c_tanh, c_phase, c_polar, c_isfinite,
               c_isinf, c_isnan]  # fmt: skip

# One representative of each of the 7 kinds of the special-value tables (and a few more finite
# values: branch points, huge and tiny), combined as real and imaginary parts.
PARTS = [-INF, -2.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, INF, NAN, 1e-310, -1e-310, 1e300,
         -1e300, 1.7e308, 710.0, -710.0, 1e-160]  # fmt: skip
GRID = [complex(a, b) for a in PARTS for b in PARTS]


def random_complexes(n, seed):
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.4:
            z = complex(rng.uniform(-3, 3), rng.uniform(-3, 3))
        elif kind < 0.6:
            # Near the unit circle (c_log's log1p branch) and the branch points +-1, +-1j.
            r, t = 1 + rng.uniform(-0.3, 0.3), rng.uniform(-math.pi, math.pi)
            z = cmath.rect(r, t)
        elif kind < 0.8:
            # On and next to the branch cuts, with both signs of zero.
            x = rng.choice([rng.uniform(-5, 5), rng.uniform(1, 5), -rng.uniform(1, 5)])
            y = rng.choice([0.0, -0.0, 1e-300, -1e-300])
            z = complex(x, y) if rng.random() < 0.5 else complex(y, x)
        else:
            a, b = random_floats(2, rng)
            z = complex(a, b)
        out.append(z)
    return out


@pytest.mark.parametrize("fn", CMATH_UNARY, ids=lambda f: f.__name__)
def test_cmath_special_grid(fn):
    check(fn, [(z,) for z in GRID])


@pytest.mark.parametrize("fn", CMATH_UNARY, ids=lambda f: f.__name__)
def test_cmath_random(fn):
    check(fn, [(z,) for z in random_complexes(600, hash(fn.__name__) % 1000)])


@pytest.mark.parametrize("fn", CMATH_UNARY, ids=lambda f: f.__name__)
def test_cmath_real_arguments(fn):
    # Floats and ints are converted to complex, as CPython does.
    check(fn, [(x,) for x in SPECIAL_FLOATS + [0, 1, -1, 2, -5, True]])


def c_log_base(z, b):
    return cmath.log(z, b)


def test_cmath_log_base():
    rng = random.Random(4)
    values = [0j, 1 + 0j, 2 + 0j, -1 + 0j, 1j, -1j, complex(0.0, -0.0), complex(INF, 0),
              complex(NAN, 1), 8, 2.0, 10, 0, 1, 1e-310 + 0j]  # fmt: skip
    cases = list(itertools.product(values, repeat=2))
    cases += [
        (complex(*random_floats(2, rng)), complex(rng.uniform(0, 5), rng.uniform(-5, 5)))
        for _ in range(300)
    ]
    check(c_log_base, cases)


def test_cmath_rect():
    values = [-INF, -2.0, -0.0, 0.0, 1.0, 2.5, INF, NAN, 1e308, math.pi, -math.pi / 2, 3]
    rng = random.Random(6)
    cases = list(itertools.product(values, repeat=2))
    cases += [(rng.uniform(-10, 10), rng.uniform(-10, 10)) for _ in range(300)]
    cases += [tuple(random_floats(2, rng)) for _ in range(300)]
    check(c_rect, cases)


def c_isclose_tols(a, b, r, t):
    return cmath.isclose(a, b, rel_tol=r, abs_tol=t)


def test_cmath_isclose():
    values = [0j, 1j, 1 + 1e-10j, 1 + 1e-8j, complex(INF, 0), complex(INF, 1), complex(NAN, 0),
              complex(1e308, 1e308), complex(-1e308, -1e308), 1e-300j, 1, 2.0]  # fmt: skip
    check(c_isclose, list(itertools.product(values, repeat=2)))
    tols = [(1j, 1.1j, 0.2, 0.0), (0j, 1e-12j, 0.0, 1e-10), (1j, 2j, -1.0, 0.0), (1j, 2j, 0.0, -0.5),
            (complex(1e308, 1e308), complex(-1e308, -1e308), 1.0, 0.0)]  # fmt: skip
    check(c_isclose_tols, tols)


# ------------------------------------------------------------------------------ constant arguments
# LLVM knows libm: it would fold calls with constant arguments and rewrite pow(x, 2.0) as x*x or
# pow(x, -1.0) as 1/x, which can differ from libm in the last bit. Compiled code must call libm.


def k_pow_x_2(x):
    return math.pow(x, 2.0)


def k_pow_x_m1(x):
    return math.pow(x, -1.0)


def k_pow_x_half(x):
    return math.pow(x, 0.5)


def k_pow_2_x(x):
    return math.pow(2.0, x)


def k_pow_10_x(x):
    return math.pow(10.0, x)


def k_sin_neg(x):
    return math.sin(-x)


def k_exp2_int(n):
    return math.exp2(n)


def k_constants():
    return (math.gamma(0.5), math.lgamma(-2.5), math.pow(1.1, 2.0), math.sin(1e22), math.exp(1e-5),
            math.hypot(3.0, 4.0, 12.0), math.fsum((0.1, 0.2, 0.3)), math.atan2(1.0, -0.0),
            cmath.sqrt(-1.0), cmath.exp(1j), math.log(8.0, 2.0), math.erfc(10.0))  # fmt: skip  # noqa: FURB163


@pytest.mark.parametrize(
    "fn",
    [k_pow_x_2, k_pow_x_m1, k_pow_x_half, k_pow_2_x, k_pow_10_x, k_sin_neg],
    ids=lambda f: f.__name__,
)
def test_libm_calls_are_not_rewritten(fn):
    rng = random.Random(12)
    xs = SPECIAL_FLOATS + [rng.uniform(-30, 30) for _ in range(3000)] + random_floats(1000, rng)
    check(fn, [(x,) for x in xs])


def test_constant_arguments():
    check(k_exp2_int, [(n,) for n in range(-1100, 1100, 7)])
    check(k_constants, [()])


def test_remainder_is_cpythons_not_libms():
    # glibc's remainder() gives -0.0 here; CPython's own m_remainder gives 0.0.
    rng = random.Random(13)
    pairs = [(1.76510918666005e-278, 2.5e-323), (-1.76510918666005e-278, 2.5e-323), (6.0, 4.0), (-6.0, 4.0),
             (5.0, 2.0), (7.0, 2.0), (-7.0, -2.0), (1e308, 1e-308), (5e-324, 1e-323), (1e-323, 5e-324)]  # fmt: skip
    for _ in range(3000):
        y = math.ldexp(rng.random() + 0.5, rng.randint(-1074, -1000))
        pairs.append(
            (math.ldexp(rng.random() + 0.5, rng.randint(-1074, 1023)) * rng.choice((1, -1)), y)
        )
    check(m_remainder, pairs)
