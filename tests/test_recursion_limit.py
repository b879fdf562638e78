"""Deep recursion raises RecursionError, as in CPython, instead of overflowing the stack: recursive
compiled functions check the stack pointer against the thread's limit at entry (in the main
thread and in threads with small stacks)."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import oxjit
import pytest
from conftest import assert_same, assert_same_isolated, jitted


@oxjit.njit
def sum_to(n):
    if n == 0:
        return 0
    return n + sum_to(n - 1)


@oxjit.njit
def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


@oxjit.njit
def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


@oxjit.njit
def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


@oxjit.njit
def with_arrays(n):
    a = np.ones(3)
    if n == 0:
        return float(a.sum())
    return float(a[0]) + with_arrays(n - 1)


@oxjit.njit
def array_live_across_the_call(n):
    a = np.ones(3)
    if n == 0:
        return float(a.sum())
    return array_live_across_the_call(n - 1) + float(a[0])


@pytest.mark.parametrize("n", [0, 10, 500])
def test_shallow_recursion_works(n):
    assert_same(sum_to, n)
    assert_same(is_even, n)
    assert_same(with_arrays, n)


def test_fib():
    assert_same(fib, 20)


@pytest.mark.parametrize("n", [10**6, 10**7])
def test_deep_self_recursion_raises_recursion_error(n):
    assert_same_isolated(sum_to, n, timeout=30)


def test_deep_mutual_recursion_raises_recursion_error():
    assert_same_isolated(is_even, 10**7, timeout=30)


@pytest.mark.requires_jit
def test_still_usable_after_the_error_and_nothing_leaks():
    from oxjit.runtime import get_allocation_stats

    f = jitted(with_arrays)
    f(3)
    before = get_allocation_stats()
    with pytest.raises(RecursionError, match="^maximum recursion depth exceeded$"):
        f(10**7)
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free > 0
    assert f(5) == 8.0
    assert jitted(sum_to)(100) == 5050


@pytest.mark.requires_jit
def test_arrays_live_across_the_recursive_call_are_released():
    from oxjit.runtime import get_allocation_stats

    f = jitted(array_live_across_the_call)
    assert f(3) == 6.0
    before = get_allocation_stats()
    with pytest.raises(RecursionError, match="^maximum recursion depth exceeded$"):
        f(10**7)
    after = get_allocation_stats()
    assert after.alloc - before.alloc == after.free - before.free > 0
    assert f(5) == 8.0


@pytest.mark.requires_jit
def test_overflow_jumps_back_only_where_no_frame_holds_a_reference():
    # Scalar recursion jumps straight back to the entry wrapper (no failure path in the
    # recursive calls, so they cost what they did without the check); recursion that holds
    # arrays unwinds frame by frame to release them.
    s = jitted(sum_to)
    s(3)
    assert "_setjmp" in s.inspect_llvm(s.signatures[0])
    w = jitted(with_arrays)
    w(3)
    assert "_setjmp" not in w.inspect_llvm(w.signatures[0])
    with pytest.raises(RecursionError, match="^maximum recursion depth exceeded$"):
        s(10**7)
    assert s(100) == 5050


@pytest.mark.requires_jit
def test_only_recursive_functions_check_the_stack():
    def leaf(x):
        return x + 1

    d = oxjit.njit(leaf)
    d(1)
    assert "oxjit_rt_stack_limit" not in d.inspect_llvm(d.signatures[0])
    s = jitted(sum_to)
    s(3)
    assert "oxjit_rt_stack_limit" in s.inspect_llvm(s.signatures[0])


_THREAD_SCRIPT = textwrap.dedent(
    """
    import sys, threading
    sys.path.insert(0, sys.argv[1])
    import oxjit
    import test_recursion_limit as t

    results = []

    def run(f, n):
        try:
            results.append(("ok", f(n)))
        except RecursionError as e:
            results.append(("RecursionError", str(e)))

    f = t.sum_to
    g = oxjit.njit(nogil=True)(t.is_even.py_func)
    f(1), g(2)
    for size in (256 * 1024, 2 * 1024 * 1024):
        threading.stack_size(size)
        for fn, n in ((f, 10**6), (g, 10**6), (f, 1000)):
            th = threading.Thread(target=run, args=(fn, n))
            th.start()
            th.join()
    print(results)
    """
)


@pytest.mark.requires_jit
def test_threads_with_small_stacks():
    here = os.path.dirname(__file__)
    proc = subprocess.run(
        [sys.executable, "-c", _THREAD_SCRIPT, here],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    err = ("RecursionError", "maximum recursion depth exceeded")
    assert proc.stdout.strip() == str([err, err, ("ok", 500500)] * 2)
