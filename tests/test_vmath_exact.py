"""Compiled np.exp, np.sin, np.cos and np.power of float64 arrays against NumPy, bit for bit.

NumPy computes them with the C library's exp/sin/cos/pow item by item on CPUs without AVX-512
(the reference of every test, see conftest.py). oxjit's loops call four-lane versions of the same
algorithms where the CPU has AVX2 and FMA (crates/oxjit-runtime/src/vmath/), which must give the
same bits: large random arrays over the ranges where the algorithms branch, random bit patterns,
and the special values (signed zeros, subnormals, infinities, NaNs, the overflow thresholds)."""

import math

import numpy as np
import pytest
from conftest import JIT_DISABLED, jitted

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")


def np_exp(a):
    return np.exp(a)


def np_sin(a):
    return np.sin(a)


def np_cos(a):
    return np.cos(a)


def gauss_sin(x):
    return np.exp(-x * x) * np.sin(x)


def exp_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.exp(a[i])
    return out


def sin_cos_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.sin(a[i]) + np.cos(a[i])
    return out


def math_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = math.exp(a[i]) + math.sin(a[i]) * math.cos(a[i])
    return out


def numpy_math_loop(a, out):
    # math_loop as NumPy computes it (math's functions are the C library's, as NumPy's here)
    out[:] = np.exp(a) + np.sin(a) * np.cos(a)
    return out


SPECIAL = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    math.inf,
    -math.inf,
    math.nan,
    -math.nan,
    5e-324,
    -5e-324,
    2.2250738585072014e-308,
    1e-310,
    1.7976931348623157e308,
    -1.7976931348623157e308,
    709.782712893384,
    709.7827128933841,
    -745.1332191019411,
    -745.1332191019412,
    -708.3964185322641,
    512.0,
    -512.0,
    2.0**-54,
    -(2.0**-54),
    2.0**-26,
    2.0**-27,
    0.126,
    0.85546875,
    2.426265,
    105414350.0,
    105414349.0,
    1e22,
    math.pi,
    math.pi / 2,
    -math.pi / 2,
]


def inputs(seed, n=1 << 18):
    """Special values, then random values in each range where exp, sin or cos branch, values
    next to multiples of pi/4 and of ln2/256, and random bit patterns."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL * 4)]
    for scale in (1e-17, 1e-6, 0.13, 0.86, 1.0, 2.43, 3.0, 10.0, 100.0, 750.0, 1e5, 1.1e8):
        parts.append(rng.uniform(-scale, scale, n))
    for step in (math.pi / 4, math.log(2) / 256):
        k = rng.integers(-(10**6), 10**6, n).astype(np.float64)
        near = (k * step).view(np.int64) + rng.integers(-3, 4, n)
        parts.append(near.view(np.float64))
    parts.append(rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64).view(np.float64))
    return np.concatenate(parts)


def same_bits(got, want, any_nan=False):
    """Equal as bit patterns (NaNs included), with the index of the first difference. With
    `any_nan`, a NaN equals any NaN: the sign of a NaN that arithmetic on two NaNs gives is not
    the C library's business (NumPy and LLVM order the operands of `*` and `+` as they like)."""
    g, w = got.view(np.int64), want.view(np.int64)
    differ = g != w
    if any_nan:
        differ &= ~(np.isnan(got) & np.isnan(want))
    bad = np.flatnonzero(differ)
    assert bad.size == 0, (
        f"{bad.size} of {w.size} differ; first at x={int(bad[0])}: {got[bad[0]]!r} != {want[bad[0]]!r}"
    )


@pytest.mark.parametrize("fn", [np_exp, np_sin, np_cos, gauss_sin], ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [1, 2])
def test_array_functions_equal_numpy(fn, seed):
    x = inputs(seed)
    same_bits(jitted(fn)(x), fn(x), any_nan=fn is gauss_sin)


@pytest.mark.parametrize("fn", [exp_loop, sin_cos_loop], ids=lambda f: f.__name__)
def test_loops_equal_numpy(fn):
    x = inputs(3)
    same_bits(jitted(fn)(x, np.empty_like(x)), fn(x, np.empty_like(x)), any_nan=fn is sin_cos_loop)


@pytest.mark.skipif(JIT_DISABLED, reason="error_model='numpy' needs the compiler")
def test_math_functions_without_error_checks():
    """With error_model='numpy' nothing checks math.exp's result: its loop vectorises too."""
    import oxjit

    x = inputs(6)
    with np.errstate(all="ignore"):
        want = numpy_math_loop(x, np.empty_like(x))
    got = oxjit.njit(error_model="numpy")(math_loop)(x, np.empty_like(x))
    same_bits(got, want, any_nan=True)


@pytest.mark.parametrize("fn", [np_exp, np_sin, np_cos], ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [0, 1, 3, 5, 7, 8, 13])
def test_short_and_strided_arrays(fn, n):
    x = inputs(4, n=64)[: n * 3]
    same_bits(jitted(fn)(x[::3]), fn(x[::3]))


def test_numpy_is_the_c_library_here():
    """The reference: NumPy's float64 exp/sin/cos equal the C library's (math's) item by item."""
    x = inputs(5, n=4096)
    for f, g in ((np.exp, math.exp), (np.sin, math.sin), (np.cos, math.cos)):
        with np.errstate(all="ignore"):
            want = f(x)
        scalar = []
        for v in x:
            try:
                scalar.append(g(v))
            except (OverflowError, ValueError):
                scalar.append(f(v))  # math raises where libm gives inf or NaN
        same_bits(want, np.array(scalar))


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
def test_loop_calls_the_four_lane_functions_where_available():
    """With AVX2 and FMA (and the self-check passed) the loop calls the four-lane variants."""
    import oxjit

    features = oxjit._oxjit.host_target()[2]
    f = jitted(gauss_sin)
    f(np.arange(8.0))
    asm = next(iter(f.inspect_asm().values()))
    if "+oxjit-vmath" in features.split(","):
        assert "oxjit_vexp4_f64" in asm and "oxjit_vsin4_f64" in asm
    else:
        assert "oxjit_vexp4_f64" not in asm


def np_power(a, b):
    return np.power(a, b)


def cube(a):
    return a**3


def square_cube(a):
    # the benchmark's kernel (bench/kernels/np_histogram.py)
    return a**2.0, a**3


def power_by(a, y):
    return a**y


def power_loop(a, b, out):
    for i in range(a.shape[0]):
        out[i] = a[i] ** b[i]
    return out


def math_pow_loop(a, b, out):
    for i in range(a.shape[0]):
        out[i] = math.pow(a[i], b[i])
    return out


def cube_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = a[i] ** 3
    return out


SPECIAL_Y = [0.0, -0.0, 1.0, -1.0, 2.0, 3.0, -3.0, 0.5, -0.5, 1.5, math.inf, -math.inf, math.nan]
SPECIAL_Y += [5e-324, 2.0**-65, 2.0**-66, 2.0**63, 2.0**63 - 1024, 2.0**53, 2.0**52 + 1, 1e300]


def pow_inputs(seed, n=1 << 17):
    """Pairs (x, y): every pair of special values, then x near 1, of any exponent, negative,
    subnormal and random bit patterns, against the y of common code, integers, random y, tiny
    and huge y, and y that put y log x near the limits of exp's table, overflow and underflow."""
    rng = np.random.default_rng(seed)
    sx = np.array(SPECIAL + [2.0, -2.0, 0.5, -3.0, 10.0])
    sy = np.array(SPECIAL_Y)
    xs, ys = [np.repeat(sx, sy.size)], [np.tile(sy, sx.size)]
    x_parts = [
        1.0 + rng.uniform(-1, 1, n) * 2.0 ** -rng.integers(1, 60, n),
        np.ldexp(rng.uniform(1, 2, n), rng.integers(-1021, 1024, n)),
        -np.ldexp(rng.uniform(1, 2, n), rng.integers(-16, 16, n)),
        rng.integers(0, 2**52, n, dtype=np.int64).view(np.float64),
        rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64).view(np.float64),
        rng.standard_normal(n),
        rng.uniform(0, 1000, n),
    ]
    for x in x_parts:
        kind = rng.integers(0, 6, n)
        common = rng.choice([2.0, 3.0, 0.5, -1.0, 1.5, -2.0, 4.0], n)
        ints = rng.integers(-100, 101, n).astype(np.float64)
        uniform = rng.uniform(-10, 10, n)
        with np.errstate(all="ignore"):
            limit = rng.choice([512.0, -512.0, 709.78, -708.4, -745.13, 1024.0, -1075.0], n)
            near = (limit / np.log(np.abs(x))).view(np.int64) + rng.integers(-3, 4, n)
        tiny_huge = rng.uniform(-1, 1, n) * 2.0 ** rng.choice([-70, -64, 52, 60, 62], n)
        y = np.select(
            [kind == 0, kind == 1, kind == 2, kind == 3, kind == 4],
            [common, ints, uniform, near.view(np.float64), tiny_huge],
            rng.integers(-(2**63), 2**63 - 1, n, dtype=np.int64).view(np.float64),
        )
        xs.append(x)
        ys.append(y)
    return np.concatenate(xs), np.concatenate(ys)


@pytest.mark.parametrize("seed", [1, 2])
def test_power_equals_numpy(seed):
    x, y = pow_inputs(seed)
    with np.errstate(all="ignore"):
        want = np_power(x, y)
    same_bits(jitted(np_power)(x, y), want)


@pytest.mark.parametrize("y", [3.0, 1.5, -1.0, 0.25, 7.0, -2.5, 1e-20])
def test_power_by_a_scalar_equals_numpy(y):
    x, _ = pow_inputs(3, n=1 << 14)
    with np.errstate(all="ignore"):
        want = power_by(x, y)
    same_bits(jitted(power_by)(x, y), want)


def test_cube_equals_numpy():
    """`a ** 3`: the double-double cube, with the four-lane `pow` for the items near a tie."""
    rng = np.random.default_rng(7)
    x, _ = pow_inputs(4, n=1 << 14)
    x = np.concatenate([x, rng.standard_normal(1 << 20), rng.uniform(-1e6, 1e6, 1 << 18)])
    with np.errstate(all="ignore"):
        want = cube(x)
    same_bits(jitted(cube)(x), want)
    # a scalar `x ** 3` raises OverflowError where the cube overflows
    small = x[np.abs(x) < 1e100]
    same_bits(jitted(cube_loop)(small, np.empty_like(small)), cube(small))
    square, cubed = jitted(square_cube)(x)
    same_bits(square, x**2.0)
    same_bits(cubed, want)


@pytest.mark.skipif(JIT_DISABLED, reason="error_model='numpy' needs the compiler")
@pytest.mark.parametrize("fn", [power_loop, math_pow_loop], ids=lambda f: f.__name__)
def test_pow_loops_without_error_checks(fn):
    """With error_model='numpy' no check follows `**` or math.pow: their loops vectorise."""
    import oxjit

    x, y = pow_inputs(5, n=1 << 14)
    with np.errstate(all="ignore"):
        want = np_power(x, y)
    got = oxjit.njit(error_model="numpy")(fn)(x, y, np.empty_like(x))
    same_bits(got, want)


def test_numpy_power_is_the_c_library_here():
    """The reference: NumPy's float64 power equals the C library's (math.pow's) item by item,
    NaN operands aside (NumPy's `power(1.0, nan)` is NaN, the C library's 1.0)."""
    x, y = pow_inputs(6, n=512)
    x, y = x[~np.isnan(x) & ~np.isnan(y)], y[~np.isnan(x) & ~np.isnan(y)]
    with np.errstate(all="ignore"):
        want = np.power(x, y)
    scalar = []
    for a, b in zip(x, y):
        try:
            scalar.append(math.pow(a, b))
        except (OverflowError, ValueError):
            scalar.append(np.nan)  # math raises where libm gives inf or NaN
    scalar = np.array(scalar)
    checked = ~np.isnan(scalar)
    same_bits(want[checked], scalar[checked])


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
def test_power_loops_call_the_four_lane_pow_where_available():
    """np.power's loop calls the four-lane pow, and `a ** 3`'s loop its masked variant."""
    import oxjit

    vmath = "+oxjit-vmath" in oxjit._oxjit.host_target()[2].split(",")
    for fn, args, name in (
        (np_power, (np.arange(8.0), np.arange(8.0)), "oxjit_vpow4_f64"),
        (cube, (np.arange(8.0),), "oxjit_vpow4_f64.masked"),
    ):
        f = jitted(fn)
        f(*args)
        asm = next(iter(f.inspect_asm().values()))
        assert (name in asm) == vmath, name
