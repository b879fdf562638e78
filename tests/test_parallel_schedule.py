"""How prange loops are cut into chunks: loops whose iterations cost unequal time (triangular,
both ways), loops of few or no iterations, more threads than iterations, and the rule that
makes float reductions deterministic (chunk boundaries fixed by the iteration count and the
settings, partial results combined in chunk order). Results equal CPython's exactly."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, same_value
from oxjit import prange
from test_parallel import assert_parallel_same, par

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles with parallel=True")


def upper_triangle(n):
    # Iteration i does n - i - 1 steps: the first chunks are the costly ones.
    rows = np.zeros(n, np.int64)
    total = 0
    for i in prange(n):
        s = 0
        for j in range(i + 1, n):
            s += (i * j + 3) % 7
        rows[i] = s
        total += s
    return total, rows


def lower_triangle(n):
    # Iteration i does i steps: the last chunks are the costly ones.
    rows = np.zeros(n, np.int64)
    total = 0
    for i in prange(n):
        s = 0
        for j in range(i):
            s += (i ^ j) & 15
        rows[i] = s
        total += s
    return total, rows


def stepped_triangle(start, stop, step):
    # A prange with a start and a negative step, iterations of unequal cost, several reductions.
    count = 0
    biggest = -1
    quarter_sum = 0.0
    for i in prange(start, stop, step):
        for j in range(i % 50):
            count += 1
            quarter_sum += (i + j) % 9 * 0.25  # multiples of 1/4: exact in any order
        biggest = max(biggest, i * 3 % 11)
    return count, biggest, quarter_sum


def float_energy(x):
    # The benchmark's shape: a triangular float sum whose value depends on the order.
    total = 0.0
    for i in prange(x.shape[0]):
        for j in range(i + 1, x.shape[0]):
            d = (x[i] - x[j]) ** 2
            total += 1.0 / (d + 1.0)
    return total


SIZES = [0, 1, 2, 3, 5, 16, 17, 31, 257, 600]


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("fn", [upper_triangle, lower_triangle], ids=lambda f: f.__name__)
def test_triangular_loops_equal_cpython(fn, n):
    assert_parallel_same(fn, n)


@pytest.mark.parametrize(
    "args", [(0, 0, 1), (5, 4, 1), (3, 4, 1), (600, 0, -1), (599, -3, -7), (-40, 700, 13)]
)
def test_stepped_uneven_loops_equal_cpython(args):
    assert_parallel_same(stepped_triangle, *args)


@pytest.mark.parametrize("n", SIZES)
def test_uneven_loops_with_one_thread(n):
    size = oxjit.get_num_threads()
    oxjit.set_num_threads(1)
    try:
        assert_parallel_same(upper_triangle, n)
        assert_parallel_same(lower_triangle, n)
    finally:
        oxjit.set_num_threads(size)


def test_float_sums_are_the_same_on_every_run():
    x = np.random.default_rng(7).random(700)
    f = par(float_energy)
    first = f(x)
    assert all(same_value(f(x), first) for _ in range(30))
    expected = float_energy(x)
    assert abs(first - expected) <= 1e-12 * abs(expected)


def chunked_like_the_runtime(x, size, threads):
    """`float_energy` summed as the runtime does with a chunk size set: equal chunks of `size`
    iterations (at most 256), each summed from 0.0, the partial sums then added to the initial
    value in chunk order; one chunk for one thread."""
    n = x.shape[0]
    chunks = 1 if threads <= 1 or n <= 1 else min(-(-n // size), 256)
    total = 0.0
    for k in range(chunks):
        partial = 0.0
        for i in range(n * k // chunks, n * (k + 1) // chunks):
            for j in range(i + 1, n):
                partial += 1.0 / ((x[i] - x[j]) ** 2 + 1.0)
        total += partial
    return float(total)  # NumPy's scalar arithmetic, returned as the compiled float


@pytest.mark.parametrize("size", [1, 7, 64, 1000])
def test_partial_sums_combine_in_chunk_order(size):
    # Bit for bit the sum in chunk order, however the threads ran the chunks.
    x = np.random.default_rng(size).random(300)
    with oxjit.parallel_chunksize(size):
        got = [par(float_energy)(x) for _ in range(5)]
    expected = chunked_like_the_runtime(x, size, oxjit.get_num_threads())
    assert all(same_value(g, expected) for g in got), (got, expected)


CHILD = textwrap.dedent(
    """
    import numpy as np, oxjit, sys
    sys.path.insert(0, sys.argv[1])
    from test_parallel_schedule import upper_triangle, lower_triangle, stepped_triangle

    assert oxjit.get_num_threads() == 8 and oxjit.parallel.pool_size() == 8
    def check(fn, *args):
        want = fn(*args)
        got = oxjit.njit(parallel=True)(fn)(*args)
        assert repr(got) == repr(want), (fn.__name__, args, got, want)
    # More threads than iterations, then as many, then a few more iterations.
    for n in range(0, 20):
        check(upper_triangle, n)
        check(lower_triangle, n)
    check(stepped_triangle, 7, -2, -3)
    oxjit.set_num_threads(3)
    assert oxjit.get_num_threads() == 3
    for n in (0, 1, 2, 3, 4, 100):
        check(lower_triangle, n)
    print("ok")
    """
)


@pytest.mark.parametrize("var", ["OXJIT_NUM_THREADS", "NUMBA_NUM_THREADS"])
def test_more_threads_than_iterations(var):
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env[var] = "8"
    here = os.path.dirname(os.path.abspath(__file__))
    out = subprocess.run(
        [sys.executable, "-c", CHILD, here],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"
