"""The demo's second part: what happens around the compiled code, each result checked against
CPython's and timed.

- the on-disk cache: a module with ``cache=True`` run in two fresh processes, the second loading
  the machine code instead of compiling;
- other processes: a compiled function defined in ``__main__`` mapped over chunks of an array by
  a ``spawn`` process pool (pickled by value, compiled again in each worker);
- object mode: a function that builds a dict and formats a string around a numeric loop, run with
  ``jit(forceobj=True)``: the loop is lifted and compiled, CPython runs the rest;
- parallel loops: a ``prange`` loop with a reduction under ``parallel=True``, on every core;
- a stencil: heat diffusion on a grid with ``@oxjit.stencil``, called from an ``@njit`` loop,
  against the same steps written with NumPy slices.
- ``@vectorize``: a scalar kernel made a NumPy ufunc, against the same expression in NumPy.
- NaN-aware statistics: ``np.nanmedian``, ``np.nanstd``, ``np.percentile``, ``np.round``,
  ``np.isclose`` on readings with gaps, against NumPy.
- strings: a CSV report parsed with ``str`` methods and formatted with f-strings
  (``text_demo.py``), against CPython's.
- word count: the issue's ``word_counts`` (string dict keys, ``sorted`` with ``key=``)
  (``words_demo.py``), against CPython's.
- a whole-array chain: the Harris corner response, eight statements over strided views, fused
  (``chains_demo.py``), against NumPy.
- small temporary arrays: ``np.empty(3)`` per point in a loop, on the stack (no allocation)
  (``stack_temps.py``), against CPython.
- named tuples: a ``typing.NamedTuple`` class passed in, built with a default, changed with
  ``_replace`` and returned as the user's class (``namedtuple_demo.py``), against CPython.
- generators: a generator pipeline against the loop by hand, and arrays sent into a generator
  of arrays (``generator_pipeline_demo.py``), against CPython.
- a polynomial: a ``numpy.polynomial.Polynomial`` passed in, its derivative made a new one in
  compiled code and returned as NumPy's class (``polynomial_demo.py``), against NumPy.
- calling C: the C library's ``cos`` through ctypes and SciPy's ``ndtr`` by its C address
  (``get_cython_function_address``) inside a compiled loop, and a Numba type held in a global
  naming a typed Dict's values (``ccall_demo.py``), against NumPy and SciPy.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
import time
import warnings
from pathlib import Path

import numpy as np
import oxjit
from chains_demo import demo_chains
from text_demo import demo_text
from words_demo import demo_words

ROOT = Path(__file__).resolve().parent.parent

CACHED_MODULE = """
import oxjit

@oxjit.njit(cache=True)
def collatz_longest(limit):
    best, best_n = 0, 1
    for n in range(1, limit):
        steps, m = 0, n
        while m != 1:
            m = m // 2 if m % 2 == 0 else 3 * m + 1
            steps += 1
        if steps > best:
            best, best_n = steps, n
    return best_n, best
"""

CACHED_RUN = """
import sys, time
import numpy
sys.path.insert(0, sys.argv[1])
import cached_demo
t = time.perf_counter()
result = cached_demo.collatz_longest(3000)
print(repr((result, time.perf_counter() - t)))
"""

POOL_SCRIPT = """
import multiprocessing, sys, time
import numpy as np
import oxjit

@oxjit.njit
def energy(chunk):
    s = 0.0
    for x in chunk:
        s += x * x - 0.5 * x
    return s

if __name__ == "__main__":
    chunks = np.array_split(np.linspace(0.0, 1.0, 4_000_000), 8)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        t = time.perf_counter()
        parallel = pool.map(energy, chunks)
        elapsed = time.perf_counter() - t
    serial = [energy.py_func(c) for c in chunks[:1]]
    print(repr((parallel, serial, elapsed)))
"""


def _fresh(code, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    return eval(out.stdout)  # our own repr of numbers and lists


def demo_cache():
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "cached_demo.py").write_text(CACHED_MODULE)
        first, t_first = _fresh(CACHED_RUN, tmp)
        second, t_second = _fresh(CACHED_RUN, tmp)
    namespace = {}
    exec(CACHED_MODULE.replace("@oxjit.njit(cache=True)", ""), namespace)  # noqa: S102 - our text
    expected = namespace["collatz_longest"](3000)
    assert first == second == expected, (first, second, expected)
    return (
        f"cache=True: collatz_longest(3000) = {first}; first call in a first process (compiles) "
        f"{t_first * 1e3:.1f} ms, in a second process (loads the cache) {t_second * 1e3:.1f} ms"
    )


def demo_pool():
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp, "pool_demo.py")
        script.write_text(POOL_SCRIPT)
        env = dict(os.environ, PYTHONPATH=str(ROOT / "python"))
        out = subprocess.run(
            [sys.executable, str(script)], check=True, capture_output=True, text=True, env=env
        )
        parallel, serial, elapsed = eval(out.stdout)
    assert abs(parallel[0] - serial[0]) <= 1e-9 * abs(serial[0]), (parallel[0], serial[0])
    return (
        f"multiprocessing (spawn, 2 workers): a __main__ function pickled by value, "
        f"8 chunks of 4,000,000 floats in {elapsed * 1e3:.0f} ms, chunk 0 = CPython's"
    )


def lifted(a, name):
    meta = {"name": name, "size": a.shape[0]}  # a dict and str methods: the interpreter
    s = 0.0
    for i in range(a.shape[0]):  # lifted and compiled
        x = a[i]
        s += x * x - 0.5 * x
    return f"{meta['name'].upper()}: {s:.6f}"


def demo_objmode():
    a = np.linspace(0.0, 1.0, 1_000_000)
    compiled = oxjit.jit(forceobj=True)(lifted)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = compiled(a, "energy")
    expected = lifted(a, "energy")
    assert got == expected, (got, expected)
    t = time.perf_counter()
    lifted(a, "energy")
    t_python = time.perf_counter() - t
    t = time.perf_counter()
    compiled(a, "energy")
    t_compiled = time.perf_counter() - t
    return (
        f"jit(forceobj=True): a dict and an f-string around a loop over 10^6 floats, "
        f"{t_python * 1e3:.0f} ms in CPython, {t_compiled * 1e3:.2f} ms with the loop lifted "
        f"({t_python / t_compiled:.0f}x)"
    )


def pairwise_energy(x, y):
    # Every pair of points once: the outer loop's rows differ in cost, the sum is a reduction.
    total = 0.0
    for i in oxjit.prange(x.shape[0]):
        for j in range(i + 1, x.shape[0]):
            d = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2
            total += 1.0 / (d + 1.0)
    return total


def demo_parallel():
    rng = np.random.default_rng(3)
    x, y = rng.random(4000), rng.random(4000)
    serial = oxjit.njit(pairwise_energy)
    parallel = oxjit.njit(parallel=True)(pairwise_energy)
    small = x[:300], y[:300]
    expected = pairwise_energy(*small)
    assert abs(parallel(*small) - expected) <= 1e-12 * expected, (parallel(*small), expected)
    assert abs(parallel(x, y) - serial(x, y)) <= 1e-12 * serial(x, y)
    times = []
    for f in (serial, parallel):
        t = time.perf_counter()
        f(x, y)
        times.append(time.perf_counter() - t)
    return (
        f"parallel=True: a prange loop over 8 million pairs with a sum, "
        f"{times[0] * 1e3:.0f} ms serially, {times[1] * 1e3:.0f} ms on "
        f"{oxjit.get_num_threads()} threads ({times[0] / times[1]:.1f}x; CPython's result "
        f"on 300 points to 1e-12)"
    )


@oxjit.stencil
def heat_step(u, k):
    return u[0, 0] + k * (u[-1, 0] + u[1, 0] + u[0, -1] + u[0, 1] - 4.0 * u[0, 0])


@oxjit.njit
def diffuse(u, k, steps):
    for _ in range(steps):
        u = heat_step(u, k)
    return u


def diffuse_numpy(u, k, steps):
    for _ in range(steps):
        v = np.zeros_like(u)
        c = u[1:-1, 1:-1]
        v[1:-1, 1:-1] = c + k * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:] - 4.0 * c)
        u = v
    return u


def demo_stencil():
    u = np.zeros((1000, 1000))
    u[400:600, 400:600] = 100.0
    got = diffuse(u, 0.2, 20)
    expected = diffuse_numpy(u, 0.2, 20)
    assert np.array_equal(got, expected) and got.dtype == expected.dtype
    t = time.perf_counter()
    diffuse_numpy(u, 0.2, 20)
    t_numpy = time.perf_counter() - t
    t = time.perf_counter()
    diffuse(u, 0.2, 20)
    t_compiled = time.perf_counter() - t
    return (
        f"@stencil: 20 heat-diffusion steps on a 1000x1000 grid from an @njit loop, "
        f"{t_compiled * 1e3:.1f} ms ({t_numpy * 1e3:.1f} ms with NumPy slices, same bits)"
    )


DEMOS = [demo_cache, demo_pool, demo_objmode, demo_parallel, demo_stencil]


def rel_diff(x, y):
    return abs(x - y) / max(abs(x), abs(y), 1)


def demo_vectorize():
    ufunc = oxjit.vectorize(["float64(float64, float64)"])(rel_diff)
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=1_000_000), rng.normal(size=1_000_000)
    got = ufunc(x, y)
    assert all(got[i] == rel_diff(float(x[i]), float(y[i])) for i in range(0, 1_000_000, 9973))
    t = time.perf_counter()
    expected = np.abs(x - y) / np.maximum(np.maximum(np.abs(x), np.abs(y)), 1.0)
    t_numpy = time.perf_counter() - t
    assert np.array_equal(got, expected)
    t = time.perf_counter()
    ufunc(x, y)
    t_ufunc = time.perf_counter() - t
    return (
        f"@vectorize: a real numpy.ufunc from a scalar kernel, 10^6 pairs in "
        f"{t_ufunc * 1e3:.2f} ms (the same expression with NumPy's ufuncs: "
        f"{t_numpy * 1e3:.2f} ms); reduce/outer/out= as for np.add"
    )


DEMOS.append(demo_vectorize)


class ConfigError(ValueError):
    pass


@oxjit.njit
def parse_ratio(a, b):
    try:
        return a / b
    except ZeroDivisionError as e:
        raise ConfigError("bad ratio", a) from e


def demo_raise_from():
    try:
        parse_ratio(3.0, 0.0)
    except ConfigError as e:
        cause = e.__cause__
        assert type(cause) is ZeroDivisionError and e.__context__ is cause
        return (
            f"raise ... from e: {type(e).__name__}{e.args} reaches Python with "
            f"__cause__ {type(cause).__name__}({str(cause)!r}), as CPython chains them"
        )
    raise AssertionError("no exception")


DEMOS.append(demo_raise_from)


@oxjit.njit
def bad_pair(x):
    raise ValueError("no pair for " + str(x))


@oxjit.njit
def pair_sum(x):
    # bad_pair never returns: its call's value unpacks as anything, as in Numba.
    if x < 0:
        a, b = bad_pair(x)
        return a + b
    return x + 1


def demo_noreturn():
    try:
        pair_sum(-2)
    except ValueError as e:
        return (
            f"a function that only raises: pair_sum(3) = {pair_sum(3)}, pair_sum(-2) raises "
            f"ValueError({str(e)!r}) (its call's value is never used)"
        )
    raise AssertionError("no exception")


DEMOS.append(demo_noreturn)


def demo_cuda():
    sys.path.insert(0, str(ROOT / "examples"))
    from cuda_saxpy import run

    where, elapsed = run(1024)
    return (
        f"@cuda.jit saxpy kernel, 1024 float32 {where}, equal to NumPy's ({elapsed * 1e3:.0f} ms)"
    )


DEMOS.append(demo_cuda)


def demo_cuda_debug():
    sys.path.insert(0, str(ROOT / "examples"))
    from cuda_saxpy import device_exception

    return f"@cuda.jit(debug=True): a store past the end raises IndexError({device_exception()!r})"


DEMOS.append(demo_cuda_debug)


@oxjit.njit
def sensor_summary(readings, reference):
    """Statistics of readings with gaps (NaN), as a data-cleaning step would compute them."""
    centre = np.nanmedian(readings)
    spread = np.nanstd(readings)
    bounds = np.percentile(reference, np.array([5.0, 95.0]))
    lo, hi = bounds[0], bounds[1]
    agree = np.isclose(np.round(readings, 1), np.round(reference, 1), atol=0.05, equal_nan=True)
    return centre, spread, lo, hi, np.count_nonzero(agree), np.nanargmax(readings)


def demo_statistics():
    rng = np.random.default_rng(1)
    reference = rng.normal(20.0, 2.0, 100_000)
    readings = reference + rng.normal(0.0, 0.03, reference.size)
    readings[rng.integers(0, reference.size, 500)] = np.nan
    got = sensor_summary(readings, reference)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        expected = sensor_summary.py_func(readings, reference)
    assert all(type(g)(e) == g for g, e in zip(got, expected)), (got, expected)
    return (
        f"nan-aware statistics: nanmedian {got[0]:.4f}, nanstd {got[1]:.4f}, percentiles "
        f"[{got[2]:.3f}, {got[3]:.3f}], {got[4]} of 10^5 readings close after np.round: "
        f"NumPy's values bit for bit"
    )


DEMOS.append(demo_statistics)

from npsets import demo_sets

DEMOS.append(demo_sets)

from npcov import demo_cov

DEMOS.append(demo_cov)

from npufunc import demo_ufunc_methods

DEMOS.append(demo_ufunc_methods)

from npfft import demo_fft

DEMOS.append(demo_fft)


from containers import demo_containers

DEMOS.append(demo_containers)
DEMOS.append(demo_text)

from rng_demo import demo_rng

DEMOS.append(demo_rng)

from typed_demo import demo_typed

DEMOS.append(demo_typed)
DEMOS.append(demo_words)
DEMOS.append(demo_chains)


def with_objmode_block(x):
    y = x * 2.0
    with oxjit.objmode(label="unicode_type", peak="int64"):
        # Plain Python inside a compiled function: a dict and str formatting.
        stats = {"n": len(y), "max": float(y.max())}
        label = "{n} values, max {max:.1f}".format(**stats)
        peak = int(y.argmax())
    return label, peak, y.sum()


def demo_with_objmode():
    x = np.arange(10.0)
    got = oxjit.njit(with_objmode_block)(x)
    assert got == with_objmode_block(x), got
    return f"with objmode(label=..., peak=...): {got[0]!r}, peak at {got[1]}, inside @njit"


DEMOS.append(demo_with_objmode)

from nplinalg import demo_linalg

DEMOS.append(demo_linalg)

from generators_demo import demo_generators

DEMOS.append(demo_generators)

from calls_demo import demo_calls

DEMOS.append(demo_calls)

from set_order import demo_set_order

DEMOS.append(demo_set_order)

from sort_order import demo_sort_order

DEMOS.append(demo_sort_order)

from records_demo import demo_records

DEMOS.append(demo_records)

from npeinsum import demo_einsum

DEMOS.append(demo_einsum)

from container_leftovers import demo_container_leftovers

DEMOS.append(demo_container_leftovers)

from half_demo import demo_float16

DEMOS.append(demo_float16)

from stack_temps import demo_stack_temps

DEMOS.append(demo_stack_temps)

from iter_next import demo_iter_next

DEMOS.append(demo_iter_next)

from namedtuple_demo import demo_namedtuple

DEMOS.append(demo_namedtuple)

from membership_demo import demo_membership

DEMOS.append(demo_membership)

from prange_histogram import demo_parallel_histogram

DEMOS.append(demo_parallel_histogram)

from optional_demo import demo_optional

DEMOS.append(demo_optional)

from exceptions_demo import demo_exceptions

DEMOS.append(demo_exceptions)

from axes_demo import demo_axes

DEMOS.append(demo_axes)

from coroutine_demo import demo_coroutine

DEMOS.append(demo_coroutine)

from jitclass_demo import demo_jitclass

DEMOS.append(demo_jitclass)

from extending_demo import demo_extending

DEMOS.append(demo_extending)

from kwargs_demo import demo_kwargs

DEMOS.append(demo_kwargs)

from npmore_demo import demo_np_more

DEMOS.append(demo_np_more)

from namespace_demo import demo_namespace

DEMOS.append(demo_namespace)

from npsplit_demo import demo_np_split

DEMOS.append(demo_np_split)

from npselect_demo import demo_np_select

DEMOS.append(demo_np_select)

from generator_pipeline_demo import demo_generator_pipeline

DEMOS.append(demo_generator_pipeline)

from isinstance_demo import demo_isinstance
from npbuffer_demo import demo_np_buffer

DEMOS.append(demo_isinstance)
DEMOS.append(demo_np_buffer)

from polynomial_demo import demo_polynomial

DEMOS.append(demo_polynomial)

from ccall_demo import demo_ccall

DEMOS.append(demo_ccall)
