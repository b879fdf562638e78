"""`math.sqrt` compiles to the CPU's square root instruction (`llvm.sqrt`), with CPython's domain
error tested on the argument (`x < 0`), instead of a call to libm's `sqrt` per item: the results
are bit for bit CPython's (both are IEEE 754's correctly rounded root), errors included, in loops
over arrays of every layout (see docs/performance.md)."""

import math

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same, jitted


def path_length(points):
    """The benchmark's `alloc_loop`: a temporary 3-vector per segment, its length by math.sqrt."""
    n = points.shape[0]
    total = 0.0
    for i in range(n - 1):
        d = np.empty(3)
        for k in range(3):
            d[k] = points[i + 1, k] - points[i, k]
        total += math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])
    return total


def roots_into(x, out):
    """Each root written into `out` (which may be `x` itself)."""
    for i in range(x.shape[0]):
        out[i] = math.sqrt(x[i])
    return out


def roots_sum(x):
    s = 0.0
    for v in x:
        s += math.sqrt(v)
    return s


def roots_of_ints(n):
    s = 0.0
    for i in range(n):
        s += math.sqrt(i)
    return s


def _sqrt(x):
    return math.sqrt(x)


def partial_then_error(x, out):
    """Writes the roots up to the first negative item, which raises."""
    for i in range(x.shape[0]):
        out[i] = math.sqrt(x[i])
    return out


def _points(n, seed=3):
    return np.random.default_rng(seed).standard_normal((n, 3))


@pytest.mark.parametrize("n", [0, 1, 2, 3, 100])
def test_path_length_sizes(n):
    assert_same(path_length, _points(n))


@pytest.mark.parametrize(
    "view",
    [
        lambda p: p[::-1],  # negative row stride
        lambda p: p[:, ::-1],  # negative item stride
        lambda p: p[::3],  # strided rows
        lambda p: np.asfortranarray(p),  # column-major
        lambda p: p.T.copy().T,  # another F-order copy
        lambda p: p[5:5],  # empty view
    ],
    ids=["rows-reversed", "items-reversed", "rows-strided", "fortran", "fortran-copy", "empty"],
)
def test_path_length_layouts(view):
    assert_same(path_length, view(_points(60)))


EDGE = [0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1e-300, 0.25, 2.0, 3.0, 1e300,
        1.7976931348623157e308, math.inf, math.nan]  # fmt: skip


def test_roots_bit_for_bit():
    rng = np.random.default_rng(11)
    # Random bit patterns of positive doubles (every exponent, subnormals included) and edges.
    bits = rng.integers(0, 0x7FF0000000000000, 5000, dtype=np.int64)
    x = np.concatenate([bits.view(np.float64), np.array(EDGE)])
    got = jitted(roots_into)(x, np.empty_like(x))
    want = np.array([math.sqrt(v) for v in x])
    assert got.view(np.int64).tolist() == want.view(np.int64).tolist()
    assert_same(roots_sum, x[:500])


def test_roots_views_and_aliasing():
    x = np.abs(np.random.default_rng(5).standard_normal(64))
    assert_same(roots_into, x[::-2], np.empty(32))  # negative stride in
    assert_same(roots_into, x[::2], np.zeros(64)[::-2])  # negative stride out
    assert_same(roots_into, x, x)  # in place: output is the input
    assert_same(roots_into, x[:0], np.empty(0))  # empty


@pytest.mark.parametrize("n", [0, 1, 17])
def test_roots_of_ints(n):
    assert_same(roots_of_ints, n)


@pytest.mark.parametrize("bad", [-1.0, -5e-324, -math.inf])
def test_domain_error_in_loop(bad):
    # ValueError("math domain error") at the first negative item, the roots before it written.
    x = np.array([4.0, 2.0, bad, 9.0])
    assert_same(partial_then_error, x, np.zeros(4))


@pytest.mark.parametrize("x", [-0.0, math.nan, -math.nan, math.inf, -math.inf, -2.0, -1e-300, 7])
def test_scalar_edges(x):
    assert_same(_sqrt, x)


@pytest.mark.requires_jit
def test_numpy_error_model_gives_nan():
    f = oxjit.njit(error_model="numpy")(_sqrt)
    assert math.isnan(f(-1.0)) and math.isnan(f(-math.inf))
    assert f(4.0) == 2.0 and math.copysign(1.0, f(-0.0)) == -1.0


@pytest.mark.requires_jit
@pytest.mark.skipif(JIT_DISABLED, reason="inspects the compiled code")
def test_no_libm_call_in_the_loop():
    f = jitted(roots_sum)
    f(np.ones(4))
    (ir,) = f.inspect_llvm().values()
    assert "@llvm.sqrt.f64" in ir
    assert "@sqrt(" not in ir
