"""Closures and lambdas inside compiled functions (issue 9, part 1): inner `def` and `lambda`
reading variables of the enclosing function, `nonlocal` writes through shared cells, closures
called inside, passed to other compiled functions, and returned to Python as callables.
Differential against CPython; refusals are compile-time errors with line and column."""

import os
import subprocess
import sys

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, assert_same, compile_error

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


# --- reading captured variables --------------------------------------------------------------


def lambda_reads(x, n):
    k = 3
    g = lambda y: y * k + n
    return g(x) + g(1)


def def_reads_array(a):
    s = 0.0

    def twice(i):
        return float(a[i]) * 2

    for i in range(a.shape[0]):
        s += twice(i)
    return s


def several_closures(x):
    def f(y):
        return y + 1

    def g(y):
        return f(y) * 2  # a closure capturing a closure

    return g(x) + f(x)


def nested_closures(n):
    def outer(a):
        def inner(b):
            return a + b + n

        return inner(1)

    return outer(10)


def defaults_and_keywords(n):
    def g(a, b=2):
        return a * 10 + b

    return g(n) + g(n, 5) + g(b=1, a=n)


def immediate_lambda(x):
    return (lambda y, z: y - z)(x, 1.5)  # noqa: PLC3002


def capture_of_tuple(t, x):
    return (lambda i: t[i] * x)(1)  # noqa: PLC3002


def lambda_with_genexpr(a, c):
    f = lambda t: sum(x * t for x in a)
    return f(c)


def genexpr_variable_shadows(a, x):
    f = lambda t: x + sum(x * t for x in a)  # the generator's x is its own
    return f(2)


def closure_in_genexpr(n):
    inc = lambda v: v + 1
    return max((inc(i) for i in range(n)), default=0)


@pytest.mark.parametrize(
    "fn, args",
    [
        (lambda_with_genexpr, ((1, 2, 3), 2)),
        (genexpr_variable_shadows, ((1, 2, 3), 10)),
        (closure_in_genexpr, (4,)),
        (lambda_reads, (2, 5)),
        (lambda_reads, (2.5, -1)),
        (def_reads_array, (np.arange(5.0),)),
        (several_closures, (4,)),
        (nested_closures, (100,)),
        (defaults_and_keywords, (3,)),
        (immediate_lambda, (4,)),
        (capture_of_tuple, ((1, 2, 3), 2.5)),
    ],
)
def test_closures_read_the_enclosing_variables(fn, args):
    assert_same(fn, *args)


# --- cells: variables that change after the closure is made, nonlocal ------------------------


def reassigned_after(n):
    x = n
    g = lambda: x
    x = n + 1
    return g()  # CPython reads the variable when called: n + 1


def loop_variable(n):
    total = 0
    for i in range(n):
        g = lambda: i * 2  # noqa: B023 (called in the same iteration)
        total += g()
    return total


def nonlocal_counter(n):
    total = 0

    def add(d):
        nonlocal total
        total += d

    for i in range(n):
        add(i)
    return total


def nonlocal_two_levels(n):
    t = 0

    def outer():
        def inner():
            nonlocal t
            t += n

        inner()
        inner()

    outer()
    return t


def defined_before_assigned(n):
    def g():
        return y * 2

    y = n + 1
    return g()


def float_cell(x):
    acc = 0.0

    def add(v):
        nonlocal acc
        acc = acc + v * x

    add(1.0)
    add(2.5)
    return acc


@pytest.mark.parametrize(
    "fn, args",
    [
        (reassigned_after, (3,)),
        (loop_variable, (5,)),
        (nonlocal_counter, (10,)),
        (nonlocal_two_levels, (7,)),
        (defined_before_assigned, (4,)),
        (float_cell, (2.0,)),
    ],
)
def test_cells_follow_cpython(fn, args):
    assert_same(fn, *args)


# --- closures passed to compiled functions ---------------------------------------------------


@oxjit.njit
def apply(f, x):
    return f(x)


@oxjit.njit
def midpoint(f, a, b, n):
    h = (b - a) / n
    s = 0.0
    for i in range(n):
        s += f(a + (i + 0.5) * h)
    return h * s


def passes_lambda(x, c):
    return apply(lambda y: y + c, x)


def integrates_closure(p, n):
    return midpoint(lambda x: x**p, 0.0, 1.0, n)


def passes_nonlocal_writer(n):
    count = 0

    def tick(x):
        nonlocal count
        count += 1
        return x

    for i in range(n):
        apply(tick, i)
    return count


@pytest.mark.parametrize(
    "fn, args",
    [(passes_lambda, (1.5, 2)), (integrates_closure, (2, 100)), (passes_nonlocal_writer, (6,))],
)
def test_closures_passed_to_compiled_functions(fn, args):
    assert_same(fn, *args)


# --- closures returned to Python --------------------------------------------------------------


def make_adder(c):
    return lambda y: y + c


def make_scaler(a, k):
    def scale(x, m=2):
        return x * k * m + a.sum()

    return scale


def test_a_returned_closure_is_a_callable():
    add = oxjit.njit(make_adder)(2)
    assert add(3) == 5 and add(1.5) == 3.5
    scale = oxjit.njit(make_scaler)(np.ones(3), 4)
    assert scale(1.0) == make_scaler(np.ones(3), 4)(1.0)
    assert scale(1.0, 3) == make_scaler(np.ones(3), 4)(1.0, 3)
    assert scale(x=2.0, m=1) == make_scaler(np.ones(3), 4)(x=2.0, m=1)
    # Each closure keeps its own values; the inner function is compiled once for both.
    add10 = oxjit.njit(make_adder)(10)
    assert add10(1) == 11 and add(1) == 3


def test_a_returned_closure_passed_back_to_compiled_code():
    add = oxjit.njit(make_adder)(2.5)
    assert apply(add, 1.0) == 3.5
    assert midpoint(add, 0.0, 1.0, 4) == midpoint.py_func(make_adder(2.5), 0.0, 1.0, 4)


# --- the capture set in the IR dump ----------------------------------------------------------


def test_the_capture_set_is_in_the_ssa_dump(tmp_path):
    code = (
        "import oxjit\n"
        "@oxjit.njit\n"
        "def f(x, n):\n"
        "    k = 3\n"
        "    g = lambda y: y * k + n\n"
        "    t = 0\n"
        "    def h():\n"
        "        nonlocal t\n"
        "        t += 1\n"
        "    h()\n"
        "    return g(x) + t\n"
        "print(f(1, 2))\n"
    )
    script = tmp_path / "dump_closures.py"
    script.write_text(code)
    env = dict(os.environ, OXJIT_DUMP="ssa")
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "make_closure inner0(" in out
    assert "# inner0 of f: captures [k, n]" in out
    assert "# inner1 of f: captures [t (cell)]" in out
    assert "cell_new" in out
    assert out.strip().endswith("6")


# --- what is refused ---------------------------------------------------------------------------


def recursive_inner(n):
    def fact(k):
        return 1 if k <= 1 else k * fact(k - 1)

    return fact(n)


def mutually_recursive(n):
    def even(k):
        return True if k == 0 else odd(k - 1)

    def odd(k):
        return False if k == 0 else even(k - 1)

    return even(n)


def array_in_cell(a):
    b = a

    def total():
        return b.sum()

    b = a * 2
    return total()


def nonlocal_changes_type(n):
    x = 1

    def g():
        nonlocal x
        x = 2.5

    g()
    return x


def returns_cell_closure(n):
    total = 0

    def inc():
        nonlocal total
        total += 1

    return inc


def default_not_constant(n):
    def g(a, b=n):
        return a + b

    return g(1)


def decorated_inner(n):
    @staticmethod
    def g(a):
        return a

    return g(n)


@pytest.mark.parametrize(
    "fn, args, snippet, cls, words",
    [
        (recursive_inner, (5,), "def fact(k)", oxjit.errors.UnsupportedError, "recursive inner"),
        (mutually_recursive, (4,), "def even(k)", oxjit.errors.UnsupportedError, "each other"),
        (array_in_cell, (np.ones(3),), "def total()", oxjit.errors.UnsupportedError, "'b' holds"),
        (nonlocal_changes_type, (1,), "2.5", oxjit.errors.TypingError, "keeps one type"),
        (returns_cell_closure, (1,), "return inc", oxjit.errors.UnsupportedError, "'total'"),
        (default_not_constant, (1,), "b=n", oxjit.errors.UnsupportedError, "must be a constant"),
        (decorated_inner, (1,), "staticmethod", oxjit.errors.UnsupportedError, "decorators"),
    ],
)
def test_refusals_name_the_place(fn, args, snippet, cls, words):
    exc = compile_error(fn, *args)
    assert_diagnostic(exc, fn, snippet, cls)
    assert words in str(exc)


# --- memory: captured arrays are released on every path -----------------------------------------


def closure_over_new_array(n):
    a = np.arange(float(n))
    b = np.ones(n)
    f = lambda i: a[i] + b[i]
    s = 0.0
    for i in range(n):
        s += f(i)
    return s


def closure_passed_with_array(n):
    a = np.ones(n)
    return midpoint(lambda x: x * a.sum(), 0.0, 1.0, 4)


def closure_returned_with_array(n):
    a = np.ones(n)
    return lambda x: x + a.sum()


def closure_raising(n):
    a = np.ones(n)
    f = lambda i: a[i] / (i - 2)
    s = 0.0
    for i in range(n):
        s += f(i)
    return s


@pytest.mark.requires_jit
def test_no_leak_of_captured_arrays():
    from test_nrt import assert_no_leak

    assert_no_leak(closure_over_new_array, 5)
    assert_no_leak(closure_passed_with_array, 5)
    assert_no_leak(closure_raising, 5, expect_raise=ZeroDivisionError)
    f = oxjit.njit(closure_returned_with_array)
    before = _stats()
    g = f(4)
    assert g(1.0) == 5.0 and g(2.0) == 6.0  # the captured array stays alive in the callable
    del g
    after = _stats()
    assert after.alloc - before.alloc == 1 == after.free - before.free, (before, after)


def _stats():
    import gc

    from oxjit.runtime import get_allocation_stats

    gc.collect()
    return get_allocation_stats()


# --- a function returned from a function -------------------------------------------------------


@oxjit.njit
def square(x):
    return x * x


@oxjit.njit
def get_square():
    return square


def call_what_is_returned(x):
    g = get_square()
    return g(x) + 1


def test_a_function_returned_from_a_function():
    assert get_square() is square
    assert_same(call_what_is_returned, 4)
    assert_same(call_what_is_returned, 1.5)


def test_a_function_returned_is_not_cached():
    with pytest.raises(oxjit.errors.UnsupportedError, match="cannot be cached"):
        oxjit.njit(cache=True)(make_adder)(1)
