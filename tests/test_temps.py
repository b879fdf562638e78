"""Small temporary arrays (issue 14): an array made in a loop that does not outlive its iteration
lives in a stack buffer reused by every iteration instead of a runtime block allocated and freed
each time. The results are NumPy's whatever happens to the array; the optimisation shows in the
runtime's allocation counter (never in timings), and an array that escapes (returned, stored in a
container, carried to the next iteration, captured, yielded, passed to a user function...) keeps
its own block, which the results show: arrays sharing one buffer would all hold the last values."""

import gc
import math

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def allocations(fn, *args):
    """Blocks the runtime allocates during one call of the compiled `fn` (after a warm-up call
    that compiles it); every one of them must be freed by the end of the call (or owned by the
    result, which is dropped first)."""
    from oxjit.runtime import get_allocation_stats

    f = jitted(fn)
    f(*args)
    gc.collect()
    before = get_allocation_stats()
    result = f(*args)
    del result
    gc.collect()
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free, (before, after)
    return after.alloc - before.alloc


# --- made and used inside the iteration: on the stack --------------------------------------------


def path_length(points):
    n = points.shape[0]
    total = 0.0
    for i in range(n - 1):
        d = np.empty(3)
        for k in range(3):
            d[k] = points[i + 1, k] - points[i, k]
        total += math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])
    return float(total)


def row_differences(p, q):
    total = 0.0
    for i in range(p.shape[0]):
        d = p[i] - q
        total += np.sqrt((d * d).sum())
    return float(total)


def zeros_of_run_time_size(n, k):
    total = 0.0
    for i in range(n):
        z = np.zeros(k)
        z[i % k] = i
        total += z.sum() + z[0]
    return float(total)


def like_and_full(a):
    total = 0.0
    for i in range(a.shape[0]):
        e = np.empty_like(a[i])
        e[:] = a[i] * 2.0
        z = np.zeros_like(a[i])
        o = np.ones_like(a[i], dtype=np.int32)
        f = np.full(a.shape[1], i, dtype=np.float32)
        g = np.full_like(a[i], 0.5)
        h = np.ones((2, 2))
        total += e.sum() + z.sum() + o.sum() + f.sum() + g.sum() + h.sum()
    return float(total)


def views_used_inside(p):
    total = 0.0
    for i in range(p.shape[0]):
        v = np.empty(4)
        v[:] = p[i]
        w = v[1:][::-1]
        for x in w:
            total += x
        a, b = v[0], v[3]
        total += a * b + v.T[2] + len(v)
    return float(total)


def two_dimensional(p):
    total = 0.0
    for i in range(p.shape[0]):
        m = np.zeros((3, 3))
        for k in range(3):
            m[k, k] = p[i, k]
        total += np.dot(m[1], m[1]) + m[1].sum() + m.T[0, 0]
    return float(total)


def nested_loops(p):
    total = 0.0
    for i in range(p.shape[0]):
        for j in range(p.shape[0]):
            d = p[i] - p[j]
            total += np.dot(d, d)
    return float(total)


STACK_CASES = [
    (path_length, (np.random.default_rng(1).standard_normal((50, 3)),)),
    (
        row_differences,
        (np.random.default_rng(2).standard_normal((40, 3)), np.array([0.5, -1.0, 2.0])),
    ),
    (zeros_of_run_time_size, (30, 5)),
    (like_and_full, (np.arange(12.0).reshape(4, 3),)),
    (views_used_inside, (np.arange(20.0).reshape(5, 4),)),
    (two_dimensional, (np.arange(15.0).reshape(5, 3),)),
    (nested_loops, (np.random.default_rng(3).standard_normal((6, 3)),)),
]


@pytest.mark.parametrize("fn,args", STACK_CASES, ids=[f.__name__ for f, _ in STACK_CASES])
def test_on_the_stack_same_results(fn, args):
    assert_same(fn, *args)


@pytest.mark.parametrize("fn,args", STACK_CASES, ids=[f.__name__ for f, _ in STACK_CASES])
def test_on_the_stack_allocates_nothing(fn, args):
    assert allocations(fn, *args) == 0


def test_large_run_time_size_goes_to_the_heap():
    # 100 float64 do not fit the stack buffer: one block per iteration, each freed.
    assert_same(zeros_of_run_time_size, 30, 100)
    assert allocations(zeros_of_run_time_size, 30, 100) == 30
    # The same code with a small size allocates nothing.
    assert allocations(zeros_of_run_time_size, 30, 3) == 0


def test_large_constant_size_goes_to_the_heap():
    def big(n):
        total = 0.0
        for i in range(n):
            a = np.full(64, i * 1.0)
            total += a[63]
        return float(total)

    assert_same(big, 10)
    assert allocations(big, 10) == 10


def test_outside_a_loop_unchanged():
    def once(n):
        a = np.zeros(3)
        a[0] = n
        return float(a.sum())

    assert_same(once, 4)
    assert allocations(once, 4) == 1


# --- escaping arrays keep their own blocks -------------------------------------------------------


def returned_from_the_loop(n):
    for i in range(n):
        d = np.full(3, i * 1.0)
        if i == 4:
            return d
    return np.zeros(3)


def appended_to_a_list(n):
    out = []
    for i in range(n):
        d = np.full(3, i * 1.0)
        out.append(d)
    return out


def view_appended_to_a_list(n):
    out = []
    for i in range(n):
        d = np.full(4, i * 1.0)
        out.append(d[1:3])
    return out


def stored_in_a_dict(n):
    out = {}
    for i in range(n):
        d = np.arange(3.0) + i
        out[i] = d
    return out


def in_a_list_display(n):
    total = []
    for i in range(n):
        d = np.ones(2) * i
        pair = [d, d]
        total.append(pair[0])
    return total


def outer_variable_used_after(n):
    last = np.zeros(3)
    for i in range(n):
        d = np.full(3, i * 1.0)
        if i % 2 == 0:
            last = d
    return last


def carried_to_the_next_iteration(n):
    prev = np.zeros(3)
    total = 0.0
    for i in range(n):
        d = np.full(3, i * 1.0)
        total += (d - prev).sum()
        prev = d
    return float(total), prev


def carried_view(n):
    prev = np.zeros(3)[1:]
    total = 0.0
    for i in range(n):
        d = np.full(3, i * 1.0)
        total += prev.sum()
        prev = d[1:]
    return float(total)


def nested_escape_to_outer_loop(n):
    rows = []
    for i in range(n):
        inner = []
        for j in range(3):
            inner.append(np.full(2, i * 10.0 + j))
        rows.append(inner[0] + inner[2])
        rows.append(inner[1])
    return rows


def in_a_tuple_returned(n):
    best = (0.0, np.zeros(3))
    for i in range(n):
        d = np.full(3, i * 1.0)
        t = (float(d.sum()), d)
        if t[0] > best[0]:
            best = t
    return best


def while_break_returned(n):
    i = 0
    while True:
        d = np.full(3, i * 1.0)
        i += 1
        if i >= n:
            break
    return d


@oxjit.njit
def keep(a):
    return a


def passed_to_a_user_function(n):
    out = []
    for i in range(n):
        d = np.full(2, i * 1.0)
        out.append(keep(d))
    return out


def through_asarray_and_reshape(n):
    out = []
    for i in range(n):
        d = np.full(4, i * 1.0)
        out.append(np.asarray(d).reshape(2, 2))
    return out


def passed_to_a_closure(n):
    out = []

    def f(a):
        return a[1:]

    for i in range(n):
        d = np.full(3, i * 1.0)
        out.append(f(d))
    return out


def while_loop_used_after(n):
    i = 0
    while True:
        d = np.full(3, i * 1.0)
        i += 1
        if i >= n:
            break
    return float(d.sum() + i)


def in_place_alias_kept(n):
    out = []
    for i in range(n):
        d = np.zeros(2)
        d += i
        out.append(d)
    return out


ESCAPE_CASES = [
    (returned_from_the_loop, (9,)),
    (appended_to_a_list, (5,)),
    (view_appended_to_a_list, (5,)),
    (stored_in_a_dict, (4,)),
    (in_a_list_display, (4,)),
    (outer_variable_used_after, (7,)),
    (carried_to_the_next_iteration, (6,)),
    (carried_view, (6,)),
    (nested_escape_to_outer_loop, (3,)),
    (in_a_tuple_returned, (5,)),
    (while_break_returned, (4,)),
    (passed_to_a_user_function, (4,)),
    (through_asarray_and_reshape, (4,)),
    (passed_to_a_closure, (4,)),
    (while_loop_used_after, (7,)),
    (in_place_alias_kept, (4,)),
]


@pytest.mark.parametrize("fn,args", ESCAPE_CASES, ids=[f.__name__ for f, _ in ESCAPE_CASES])
def test_escaping_arrays_same_results(fn, args):
    assert_same(fn, *args)


@pytest.mark.parametrize("fn,args", ESCAPE_CASES, ids=[f.__name__ for f, _ in ESCAPE_CASES])
def test_escaping_arrays_no_leak(fn, args):
    assert_no_leak(fn, *args)


def test_appended_arrays_keep_their_blocks():
    # One block per array kept (and the list's own block).
    assert allocations(appended_to_a_list, 5) >= 5


@oxjit.njit
def gen_of_arrays(n):
    for i in range(n):
        d = np.full(2, i * 1.0)
        yield d
        d[0] += 1.0
        e = np.zeros(2)
        e[1] = d[0] + d.sum()
        yield e


def test_generator_keeps_heap_blocks():
    def use(n):
        return list(gen_of_arrays(n))

    expected = list(gen_of_arrays.py_func(4))
    got = jitted(use)(4)
    assert len(got) == len(expected)
    for a, b in zip(expected, got):
        assert type(a) is type(b)
        assert np.array_equal(a, b)


# --- exceptions and early exits ------------------------------------------------------------------


def raise_inside_the_loop(n, k):
    total = 0.0
    for i in range(n):
        d = np.zeros(k)
        d[0] = i
        if i == 3:
            raise ValueError("stop")
        total += d[0]
    return float(total)


def caught_inside_the_loop(n, k):
    total = 0.0
    for i in range(n):
        d = np.zeros(k)
        d[0] = i
        try:
            if i % 2 == 1:
                raise ValueError("odd")
            total += d.sum()
        except ValueError:
            total -= d[0]
    return float(total)


def early_return(n, k):
    for i in range(n):
        d = np.ones(k) * i
        if d.sum() > 10:
            return i
    return -1


@pytest.mark.parametrize("k", [3, 100])
def test_exceptions_inside_the_loop(k):
    assert_same(raise_inside_the_loop, 6, k)
    assert_same(caught_inside_the_loop, 6, k)
    assert_same(early_return, 20, k)
    if k > 32:
        # Heap blocks: each freed on every way out.
        assert_no_leak(raise_inside_the_loop, 6, k, expect_raise=ValueError)
        assert_no_leak(caught_inside_the_loop, 6, k)
        assert_no_leak(early_return, 20, k)
    else:
        assert allocations(early_return, 20, k) == 0


def test_caught_exception_allocates_nothing_when_small():
    assert allocations(caught_inside_the_loop, 6, 3) == 0


def test_switched_off_by_the_environment():
    # OXJIT_NO_STACK_TEMPS=1 keeps every array on the heap: one block per iteration.
    import os
    import subprocess
    import sys

    code = (
        "import math, numpy as np, oxjit\n"
        "from oxjit.runtime import get_allocation_stats as s\n"
        "from test_temps import path_length\n"
        "f = oxjit.njit(path_length)\n"
        "p = np.ones((11, 3))\n"
        "f(p)\n"
        "a = s().alloc\n"
        "f(p)\n"
        "print(s().alloc - a)\n"
    )
    here = os.path.dirname(os.path.abspath(__file__))
    for value, expected in [("1", "10"), ("0", "0")]:
        env = {**os.environ, "OXJIT_NO_STACK_TEMPS": value}
        env["PYTHONPATH"] = os.pathsep.join([here, env.get("PYTHONPATH", "")])
        out = subprocess.run(
            [sys.executable, "-c", code],
            check=False,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert out.returncode == 0, out.stderr
        assert out.stdout.split() == [expected]


@oxjit.njit
def recursive_sum(n):
    if n == 0:
        return 0.0
    total = 0.0
    for i in range(3):
        d = np.full(2, n * 1.0 + i)
        total += d.sum()
    return total + recursive_sum(n - 1)


def test_recursive_function_keeps_heap_blocks():
    # A recursive function's frames stay small: its arrays stay on the heap, each freed.
    from oxjit.runtime import get_allocation_stats

    assert recursive_sum(5) == recursive_sum.py_func(5)

    before = get_allocation_stats()
    recursive_sum(5)
    after = get_allocation_stats()
    assert after.alloc - before.alloc == 15
    assert after.free - before.free == 15
