"""parallel=True and prange: results equal to CPython's (the serial loop), exactly where the
work is integer or ordered, within a stated tolerance for float sums (only the order of the
additions differs); exceptions from iterations, races refused at compile time, the pool's
controls, fork, threads."""

import copy
import math
import os
import sys
import threading

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, same_value
from oxjit import prange

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles with parallel=True")

_PARALLEL = {}


def par(fn):
    """`fn` compiled with parallel=True, once."""
    if fn not in _PARALLEL:
        _PARALLEL[fn] = oxjit.njit(parallel=True)(fn)
    return _PARALLEL[fn]


def assert_parallel_same(fn, *args):
    """The parallel compiled function, the serial one and CPython, each on its own copy of the
    arguments: the same value as CPython's (NumPy scalars there are Python numbers compiled, as
    in Numba), the same value and type as the serial compiled loop, the same changes to the
    arguments."""
    py_args, ser_args, jit_args = (copy.deepcopy(args) for _ in range(3))
    expected = fn(*py_args)
    serial = oxjit.njit(fn)(*ser_args)
    got = par(fn)(*jit_args)
    assert same_value(serial, got), f"{fn.__name__}: {got!r} != {serial!r} (serial)"
    assert equal(expected, got), f"{fn.__name__}: {got!r} != {expected!r} (CPython)"
    for a, b, c in zip(py_args, ser_args, jit_args):
        assert same_value(b, c) and equal(a, c), f"{fn.__name__}: arguments differ"
    return got


def equal(a, b):
    """Equal values (arrays item by item, tuples item by item), whatever their types."""
    if isinstance(a, tuple):
        return isinstance(b, tuple) and len(a) == len(b) and all(map(equal, a, b))
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)
    return a == b


# Integers and floats that add exactly (any order gives the same sum).
INTS = np.arange(-500, 1501, dtype=np.int64) * 7 % 1013
EXACT = (np.arange(5000) % 97).astype(np.float64) * 0.25


def sum_reduction(a):
    s = 0
    for i in prange(a.shape[0]):
        s += a[i]
    return s


def sub_reduction(a):
    s = 10.0
    for i in prange(len(a)):
        s -= a[i]
    return s


def product_reduction(n):
    p = 1
    for i in prange(1, n):
        p *= i % 3 + 1
    return p


def bit_reductions(a):
    o = 0
    x = 0
    n = -1
    for i in prange(a.shape[0]):
        o |= a[i]
        x ^= a[i]
        n &= a[i] | 4096
    return o, x, n


def min_max_reductions(a):
    lo = a[0]
    hi = a[0]
    for i in prange(a.shape[0]):
        lo = min(lo, a[i])
        hi = max(a[i], hi)
    return lo, hi


def bool_or(a):
    found = False
    for i in prange(a.shape[0]):
        found |= a[i] > 1000
    return found


def several_reductions(a):
    total = 0.0
    count = 0
    biggest = -1.0
    for i in prange(a.shape[0]):
        if a[i] > 3.0:
            total += a[i]
            count += 1
            biggest = max(biggest, a[i])
    return total, count, biggest


@pytest.mark.parametrize(
    "fn, args",
    [
        (sum_reduction, (INTS,)),
        (sum_reduction, (EXACT,)),
        (sum_reduction, (EXACT[:1],)),
        (sum_reduction, (EXACT[:0],)),
        (sub_reduction, (EXACT,)),
        (product_reduction, (40,)),
        (bit_reductions, (INTS,)),
        (min_max_reductions, (INTS,)),
        (min_max_reductions, (EXACT,)),
        (bool_or, (INTS,)),
        (bool_or, (INTS * 0,)),
        (several_reductions, (EXACT,)),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_reductions_equal_the_serial_loop(fn, args):
    assert_parallel_same(fn, *args)


def test_float_sum_within_rounding_of_the_serial_sum():
    # Chunks add their own partial sums, then the partials are added in chunk order: the result
    # differs from the serial loop by rounding only (a few ulps of the total for these values).
    a = np.random.default_rng(5).random(100_001)
    got = par(sum_reduction)(a)
    assert type(got) is float
    assert math.isclose(got, sum_reduction(a), rel_tol=1e-12)


def write_rows(a):
    out = np.empty(a.shape[0])
    for i in prange(a.shape[0]):
        s = 0.0
        for j in range(a.shape[1]):
            s += a[i, j] ** 2
        out[i] = math.sqrt(s)
    return out


def ranges(start, stop, step):
    out = np.zeros(abs(stop - start) + 1, np.int64)
    n = 0
    for i in prange(start, stop, step):
        out[abs(i - start)] = i
        n += 1
    return out, n


def private_variable(a):
    out = np.empty_like(a)
    for i in prange(a.shape[0]):
        t = a[i] * 2
        if t > 5:
            t = t - 5
        out[i] = t
    return out


def temporaries(a):
    # An array made (and freed) in every iteration.
    out = np.zeros(a.shape[0])
    for i in prange(a.shape[0]):
        row = np.arange(5) * a[i]
        out[i] = row.sum()
    return out


def captured_values(a, scale, offset):
    out = np.empty_like(a)
    k = len(a) // 2
    for i in prange(a.shape[0]):
        out[i] = a[i] * scale + offset + np.sin(k)
    return out


@pytest.mark.parametrize(
    "fn, args",
    [
        (write_rows, (np.arange(60.0).reshape(12, 5),)),
        (ranges, (3, 40, 3)),
        (ranges, (40, 3, -4)),
        (ranges, (5, 5, 1)),
        (ranges, (5, 2, 1)),
        (private_variable, (EXACT[:50],)),
        (temporaries, (EXACT[:300],)),
        (captured_values, (EXACT[:100], 3.0, 1)),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_loops_equal_the_serial_loop(fn, args):
    assert_parallel_same(fn, *args)


def test_arrays_made_in_iterations_are_freed():
    from oxjit.runtime import get_allocation_stats

    par(temporaries)(EXACT)
    before = get_allocation_stats()
    out = par(temporaries)(EXACT)
    after = get_allocation_stats()
    assert out.shape == EXACT.shape
    made = after.alloc - before.alloc
    freed = after.free - before.free
    # The result stays alive: one block more allocated than freed.
    assert made == freed + 1 and made > len(EXACT)


def raise_at(a, bad):
    for i in prange(a.shape[0]):
        if i >= bad:
            raise ValueError(i)
        a[i] = 1.0
    return a


def test_the_first_failing_iteration_raises():
    a = np.zeros(1000)
    with pytest.raises(ValueError) as info:
        par(raise_at)(a, 700)
    assert info.value.args == (700,)
    assert a[:700].sum() == 700.0


def index_error(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += math.sqrt(a[i] - 3)
    return s


def test_an_exception_in_a_reduction_loop():
    with pytest.raises(ValueError, match="math domain error"):
        par(index_error)(np.arange(10.0))


def test_prange_without_parallel_runs_serially():
    got = oxjit.njit(thread_ids)(64)
    assert not got[0].any()  # every iteration on the calling thread


def nested(n):
    s = 0
    for i in prange(n):
        for j in prange(n):
            s += i * j + 1
    return s


parallel_sum = oxjit.njit(parallel=True)(sum_reduction)


def calls_parallel(a):
    return parallel_sum(a) + 1


def test_nested_and_called_parallel_loops():
    assert_parallel_same(nested, 50)
    # A parallel function calling another: the inner loops run in the outer one's chunks.
    outer = oxjit.njit(parallel=True)(calls_parallel)
    assert outer(INTS) == sum_reduction(INTS) + 1


def race(a):
    last = 0.0
    for i in prange(a.shape[0]):
        last = a[i]
    return last


def read_accumulator(a):
    s = 0.0
    for i in prange(a.shape[0]):
        s += a[i]
        a[i] = s
    return s


def breaks(a):
    for i in prange(a.shape[0]):
        if a[i] > 2:
            break
        a[i] = 0
    return a


def returns(a):
    for i in prange(a.shape[0]):
        if a[i] > 2:
            return i
    return -1


def array_accumulator(a):
    acc = np.zeros(3)
    for i in prange(a.shape[0]):
        acc += a[i]
        a[i] = acc[0]
    return acc


def index_after_loop(a):
    i = 0
    for i in prange(a.shape[0]):
        a[i] = 1.0
    return i


@pytest.mark.parametrize(
    "fn, snippet, words",
    [
        (race, "prange(a.shape[0])", "variable 'last' is assigned a new value"),
        (array_accumulator, "prange(a.shape[0])", "variable 'acc' is read in the loop"),
        (index_after_loop, "prange(a.shape[0])", "variable 'i' is assigned a new value"),
        (read_accumulator, "prange(a.shape[0])", "variable 's' is read in the loop"),
        (breaks, "prange(a.shape[0])", "'break' or 'return' inside a prange loop"),
        (returns, "prange(a.shape[0])", "'break' or 'return' inside a prange loop"),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_unsafe_loops_are_compile_errors(fn, snippet, words):
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(parallel=True)(fn)(np.arange(5.0))
    assert words in str(info.value)
    assert_diagnostic(info.value, fn, snippet, oxjit.errors.UnsupportedError)


def thread_ids(n):
    out = np.zeros(n, np.int64)
    for i in prange(n):
        out[i] = oxjit.get_thread_id()
    return out, oxjit.get_num_threads()


def test_thread_controls():
    size = oxjit.parallel.pool_size()
    assert oxjit.get_num_threads() == size
    ids, n = par(thread_ids)(64)
    assert n == size
    assert ids.min() >= 0 and ids.max() <= size
    oxjit.set_num_threads(1)
    try:
        ids, n = par(thread_ids)(64)
        assert n == 1 and not ids.any()  # one thread: the caller runs the whole loop
    finally:
        oxjit.set_num_threads(size)
    with pytest.raises(ValueError, match="between 1 and"):
        oxjit.set_num_threads(size + 1)
    with pytest.raises(TypeError, match="integer"):
        oxjit.set_num_threads(1.5)
    assert oxjit.threading_layer() == "rayon"
    assert oxjit.get_thread_id() == 0


def test_many_python_threads_at_once():
    a = INTS
    expected = sum_reduction(a)
    fn = par(sum_reduction)
    results = []

    def run():
        for _ in range(50):
            results.append(fn(a))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [expected] * 200


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_parallel_code_runs_in_a_forked_child():
    fn = par(sum_reduction)
    fn(INTS)  # the pool exists in the parent
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            ok = fn(INTS) == sum_reduction(INTS) and par(raise_at) is not None
            os.write(w, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(w)
    _, status = os.waitpid(pid, 0)
    assert os.read(r, 1) == b"1" and status == 0
    os.close(r)


def prints(n):
    for i in prange(n):
        print(i)


def test_print_in_a_parallel_loop(capfd):
    par(prints)(6)
    sys.stdout.flush()
    # Each print takes the GIL, but a value and its end are two writes (as in CPython's threads):
    # lines may interleave, the characters are all there.
    out = capfd.readouterr().out
    assert sorted(out.replace("\n", "")) == list("012345") and out.count("\n") == 6


def test_parallel_diagnostics(capsys):
    par(several_reductions)(EXACT)
    par(several_reductions).parallel_diagnostics()
    out = capsys.readouterr().out
    assert "runs in parallel" in out
    assert "reductions: biggest (max), count (+), total (+)" in out
    par(nested)(5)
    par(nested).parallel_diagnostics()
    out = capsys.readouterr().out
    assert out.count("runs in parallel") == 1 and "runs serially: it is nested" in out
    serial = oxjit.njit(sum_reduction)
    serial(INTS)
    serial.parallel_diagnostics()
    assert "not compiled with parallel=True" in capsys.readouterr().out
    with pytest.raises(ValueError):
        par(several_reductions).parallel_diagnostics(level=7)


def test_parallel_option_checks():
    with pytest.raises(oxjit.errors.UnsupportedError, match="dict"):
        oxjit.njit(parallel={"prange": True})(sum_reduction)


def whole_array(a, b, k):
    return np.sqrt(a * a + b * b) * k - 1


def in_place(a, b):
    a += b * 2
    return a


@pytest.mark.parametrize("n", [10, (1 << 15) - 1, 1 << 15, 100_003])
def test_array_expressions_of_a_parallel_function(n):
    # Run in chunks on the pool from 2**15 items: the same items as NumPy's, bit for bit.
    rng = np.random.default_rng(n)
    a, b = rng.random(n), rng.random(n)
    assert same_value(par(whole_array)(a, b, 3.0), whole_array(a, b, 3.0))
    ints = np.arange(n, dtype=np.int32) % 1000
    assert same_value(par(whole_array)(ints, ints, 2), whole_array(ints, ints, 2))
    assert_parallel_same(in_place, a, b)


def test_the_typed_dump_shows_the_outlined_loop(capfd, monkeypatch):
    monkeypatch.setenv("OXJIT_DUMP", "typed")

    def dumped(a):
        s = 0.0
        for i in prange(a.shape[0]):
            s += a[i]
        return s

    oxjit.njit(parallel=True)(dumped)(np.arange(4.0))
    out = capfd.readouterr().out
    assert "# the prange loop called at" in out
    assert "function dumped.prange(lo, hi, step, s, a) -> UniTuple(float64 x 1)" in out
    assert "function dumped.prange.combine(acc, partial)" in out


def inner_fails(a):
    s = 0.0
    for i in prange(a.shape[0]):
        if a[i] < 0:
            raise IndexError(i)
        s += a[i]
    return s


parallel_inner_fails = oxjit.njit(parallel=True)(inner_fails)


def outer_calls_failing(a, rows):
    total = 0.0
    for r in prange(rows):
        total += parallel_inner_fails(a[r])
    return total


def test_a_failing_iteration_in_a_nested_parallel_call():
    a = np.ones((6, 50))
    assert par(outer_calls_failing)(a, 6) == 300.0
    a[4, 7] = -1.0
    a[5, 2] = -1.0
    with pytest.raises(IndexError) as info:
        par(outer_calls_failing)(a, 6)
    assert info.value.args == (7,)  # row 4 comes first in iteration order


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_failing_iteration_in_a_forked_child():
    fn = par(raise_at)
    fn(np.zeros(10), 100)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            try:
                fn(np.zeros(1000), 300)
                os.write(w, b"no error")
            except ValueError as e:
                os.write(w, repr(e.args).encode())
        finally:
            os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    assert os.read(r, 100) == b"(300,)"
    os.close(r)


def test_parallel_code_in_spawned_processes():
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        got = pool.map(_spawned_sum, [10, 1000, 100_000])
    assert got == [sum(range(n)) for n in (10, 1000, 100_000)]


def _spawned_sum(n):
    return par(sum_reduction)(np.arange(n))


def guarded_min_max(a):
    lo = a[0]
    hi = a[0]
    for i in prange(a.shape[0]):
        if a[i] < lo:  # noqa: PLR1730 - the pattern under test
            lo = a[i]
        x = a[i] * 2.0
        if x > hi:  # noqa: PLR1730 - the pattern under test
            hi = x
    return lo, hi


def guarded_reversed(a):
    m = 0
    for i in prange(a.shape[0]):
        v = a[i]
        if m < v:  # noqa: PLR1730 - the pattern under test
            m = v
    return m


@pytest.mark.parametrize("a", [EXACT, EXACT[::-1].copy(), INTS.astype(np.float64)])
def test_comparison_patterns_are_min_max_reductions(a):
    assert_parallel_same(guarded_min_max, a)
    assert_parallel_same(guarded_reversed, INTS)


def not_a_min(a):
    m = a[0]
    for i in prange(a.shape[0]):
        if a[i] <= m:  # noqa: PLR1730 - ties pick the later item: not min()'s rule
            m = a[i]
    return m


def counts_below_the_running_max(a):
    hi = a[0]
    below = 0
    for i in prange(a.shape[0]):
        if a[i] > hi:
            hi = a[i]
        else:
            below += 1  # depends on the order the iterations run in
    return hi, below


def test_other_comparison_patterns_are_races():
    with pytest.raises(oxjit.errors.UnsupportedError, match="variable 'm'"):
        oxjit.njit(parallel=True)(not_a_min)(np.arange(5.0))
    with pytest.raises(oxjit.errors.UnsupportedError, match="variable .hi."):
        oxjit.njit(parallel=True)(counts_below_the_running_max)(np.arange(5.0))


def whole_sums(a, b):
    return a.sum(), np.sum(b), a.mean()


@pytest.mark.parametrize("n", [1000, 1 << 16, 300_001])
def test_whole_array_sums_of_a_parallel_function_are_numpys(n):
    # Above 2**16 items the top levels of NumPy's pairwise tree run on the pool: same bits.
    rng = np.random.default_rng(n)
    a = rng.standard_normal(n) * 1e6
    b = rng.standard_normal(n).astype(np.float32)
    got = par(whole_sums)(a, b)
    expected = tuple(x.item() for x in whole_sums(a, b))
    assert same_value(got, expected)


@pytest.mark.parametrize("size", [1, 3, 100, 10**9])
def test_chunk_sizes_change_nothing_but_the_split(size):
    assert oxjit.get_parallel_chunksize() == 0
    with oxjit.parallel_chunksize(size):
        assert oxjit.get_parallel_chunksize() == size
        assert_parallel_same(sum_reduction, INTS)
        assert_parallel_same(several_reductions, EXACT)
        assert_parallel_same(ranges, 40, 3, -4)
    assert oxjit.get_parallel_chunksize() == 0
    assert oxjit.set_parallel_chunksize(5) == 0
    assert oxjit.set_parallel_chunksize(0) == 5
    with pytest.raises(ValueError):
        oxjit.set_parallel_chunksize(-1)


def inverses(h):
    out = np.zeros(h.shape[0])
    for i in prange(h.shape[0]):
        out[i] = np.linalg.inv(h[i])[0, 0]
    return out


def test_linalg_on_pool_threads_has_stack_enough():
    # LAPACK's work arrays on a pool thread's stack (this crashed with 2 MiB stacks).
    h = np.random.default_rng(4).random((4, 160, 160)) + 160 * np.eye(160)
    assert np.allclose(par(inverses)(h), inverses(h), rtol=1e-12, atol=0)


def fill_and_sum(a, out):
    s = 0
    for i in prange(a.shape[0]):
        out[i] = a[i] * 2
        s += a[i]
    return s


def test_short_loops_called_many_times():
    # The caller runs chunks too, and pool threads that start late find none left: each call's
    # every iteration runs once, whichever thread gets there first.
    fn = par(fill_and_sum)
    for n in [0, 1, 2, 3, 15, 16, 17, 100, 1000]:
        a = INTS[:n]
        for _ in range(50):
            out = np.zeros(n, np.int64)
            assert fn(a, out) == int(a.sum())
            assert np.array_equal(out, a * 2)


def test_the_first_failing_chunk_wins_whichever_thread_runs_it():
    fn = par(raise_at)
    for bad in [0, 1, 7, 63]:
        for _ in range(20):
            with pytest.raises(ValueError) as info:
                fn(np.zeros(64), bad)
            assert info.value.args == (bad,)


def test_a_nogil_function_with_a_parallel_loop():
    # The caller's chunks run with the GIL already given up by the call.
    fn = oxjit.njit(parallel=True, nogil=True)(sum_reduction)
    assert fn(INTS) == sum_reduction(INTS)
    out = []
    threads = [threading.Thread(target=lambda: out.append(fn(INTS))) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert out == [sum_reduction(INTS)] * 4
