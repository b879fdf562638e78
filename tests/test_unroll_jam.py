"""Loop nests whose inner loop sums into a float and whose outer loop stores the sum into a new
array (`out[i] = s`) run four outer iterations at once (LLVM's unroll-and-jam, then one vector
of four sums, each lane its own output's additions in Python's order): the results must stay
CPython's bit for bit, whatever the shapes and trip counts, and nests that store into an array
they read, or into a parameter, keep their plain loops (see docs/performance.md, "Loop kernels
against C")."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same


def convolve(x, w):
    n = x.shape[0]
    m = w.shape[0]
    out = np.zeros(n - m + 1)
    for i in range(n - m + 1):
        s = 0.0
        for j in range(m):
            s += x[i + j] * w[m - 1 - j]
        out[i] = s
    return out


def correlate(x, w):
    n = x.shape[0]
    m = w.shape[0]
    out = np.empty(n - m + 1)
    for i in range(n - m + 1):
        s = 0.0
        for j in range(m):
            s += x[i + j] * w[j]
        out[i] = s
    return out


def stencil_2d(a, k):
    """A 2-d sum of products per output: the nest is the `j` loop around the `dj` loop."""
    r = k.shape[0] // 2
    h, w = a.shape
    out = np.zeros((h - 2 * r, w - 2 * r))
    for i in range(h - 2 * r):
        for j in range(w - 2 * r):
            s = 0.0
            for dj in range(2 * r + 1):
                s += a[i + r, j + dj] * k[r, dj] + a[i, j + dj] * k[0, dj]
            out[i, j] = s
    return out


def row_sums_reversed(a):
    """Outer loop over a negative-step range."""
    n, m = a.shape
    out = np.zeros(n)
    for i in range(n - 1, -1, -1):
        s = 0.0
        for j in range(m):
            s += a[i, j] * a[i, m - 1 - j]
        out[i] = s
    return out


def stepped(x, w, start, stop, step):
    """Outer and inner ranges given at run time: odd trip counts, empty ranges, negative steps."""
    out = np.zeros(x.shape[0])
    for i in range(start, stop, step):
        s = 0.0
        for j in range(w.shape[0] - 1, -1, -1):
            s += x[(i + j) % x.shape[0]] / w[j]
        out[i % x.shape[0]] = s
    return out


def float32_sums(x, w):
    n = x.shape[0] - w.shape[0] + 1
    out = np.zeros(n, dtype=np.float32)
    for i in range(n):
        s = np.float32(0.0)
        for j in range(w.shape[0]):
            s += x[i + j] * w[j]
        out[i] = s
    return out


def prefix_in_place(x, m):
    """Reads the array it stores into: each output depends on earlier outputs."""
    out = np.zeros(x.shape[0])
    out[: x.shape[0]] = x
    for i in range(m, x.shape[0]):
        s = 0.0
        for j in range(1, m + 1):
            s += out[i - j] * 0.5
        out[i] = s + x[i]
    return out


def store_inside(x, m):
    """Stores into the new array inside the inner loop, read again by later outputs."""
    n = x.shape[0]
    out = np.zeros(n + m)
    for i in range(n):
        s = 0.0
        for j in range(m):
            s += x[i] * j
            out[i + j] += s
        out[i] = s
    return out


def into_parameter(x, w, out):
    """Stores into a parameter, which may be `x` itself."""
    m = w.shape[0]
    for i in range(x.shape[0] - m + 1):
        s = 0.0
        for j in range(m):
            s += x[i + j] * w[j]
        out[i] = s
    return out


def bits(a):
    return np.ascontiguousarray(a).view(np.int64 if a.dtype == np.float64 else np.int32)


def same_bits(fn, *args):
    got = assert_same(fn, *args)
    expected = fn(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
    np.testing.assert_array_equal(bits(got), bits(expected))


RNG = np.random.default_rng(7)


@pytest.mark.parametrize("n", [0, 1, 30, 31, 32, 33, 34, 35, 36, 37, 100, 1001])
@pytest.mark.parametrize("m", [1, 2, 3, 5, 31])
def test_convolution_and_correlation(n, m):
    if n < m - 1:
        return
    x = RNG.standard_normal(n)
    w = RNG.standard_normal(m)
    same_bits(convolve, x, w)
    same_bits(correlate, x, w)


def test_cancelling_sums():
    """Sums whose order matters: huge and tiny terms that cancel."""
    x = np.array([1e16, 1.0, -1e16, 1e-3, 3.0, -7e15, 1.5, 2.0**-40, 7e15] * 11)
    w = np.array([1.0, -1.0, 1e-8, 3.0, 1e8])
    same_bits(convolve, x, w)
    same_bits(correlate, x, w)


@pytest.mark.parametrize("shape", [(3, 3), (5, 9), (7, 12), (10, 37)])
def test_stencil_2d(shape):
    a = RNG.standard_normal(shape)
    k = RNG.standard_normal((3, 3))
    same_bits(stencil_2d, a, k)


@pytest.mark.parametrize("shape", [(0, 4), (1, 1), (5, 7), (9, 3)])
def test_negative_step_outer(shape):
    same_bits(row_sums_reversed, RNG.standard_normal(shape))


@pytest.mark.parametrize(
    "start,stop,step",
    [(0, 13, 1), (0, 13, 3), (12, -1, -1), (12, -1, -5), (5, 5, 1), (7, 2, 1), (0, 13, 7)],
)
@pytest.mark.parametrize("m", [0, 1, 4, 9])
def test_run_time_ranges(start, stop, step, m):
    x = RNG.standard_normal(13)
    w = RNG.standard_normal(m) + 3.0
    same_bits(stepped, x, w, start, stop, step)


def test_float32():
    x = RNG.standard_normal(103).astype(np.float32)
    w = RNG.standard_normal(7).astype(np.float32)
    same_bits(float32_sums, x, w)


@pytest.mark.parametrize("n", [0, 5, 6, 17, 64])
def test_nests_left_alone_stay_exact(n):
    x = RNG.standard_normal(n)
    same_bits(prefix_in_place, x, 3)
    same_bits(store_inside, x, 4)


@pytest.mark.parametrize("n", [7, 40])
def test_store_into_parameter(n):
    x = RNG.standard_normal(n)
    w = RNG.standard_normal(3)
    assert_same(into_parameter, x, w, np.zeros(n))
    # The output is the input: each output reads items earlier ones overwrote.
    assert_same(into_parameter, x, w, x)


@pytest.mark.skipif(JIT_DISABLED, reason="inspects the compiled code")
def test_convolution_sums_four_outputs_at_once():
    """The transformation happened: one vector of four sums, added in order, no reassociation."""
    f = oxjit.njit(convolve)
    f(RNG.standard_normal(64), RNG.standard_normal(5))
    (ir,) = f.inspect_llvm().values()
    assert "fadd <4 x double>" in ir
    assert "reassoc" not in ir and "fadd fast" not in ir
