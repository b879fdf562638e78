"""Code that never runs, inside a loop, does not stop a function from compiling.

A variable assigned only under a branch that is never taken (`if False:`, `if DEBUG:` with a
module flag) and read around a loop leaves the loop with phis that hold no value on any path
that runs; typing treats them as unassigned (`typeinfer/undefined.rs`). The hidden accumulators
of `max(... for ...)`, `min`, `sum` are such variables. Found by the program generator.
"""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

DEBUG = False


def max_of_genexpr_dead(a, f0):
    for _k in range(1):
        if False:
            f0 = f0 + max(float(v) * 0.5 for v in a)
    return float(f0)


def max_of_items_dead(a, f0):
    for _k in range(1):
        if False:
            f0 = f0 + max(v for v in a)
    return float(f0)


def max_under_untaken_condition(a, f0):
    for k in range(1):
        if k > 5:
            f0 = f0 + max(float(v) * 0.5 for v in a)
    return float(f0)


def max_dead_in_while(a, f0):
    while f0 < 0:
        if False:
            f0 = f0 + max(float(v) * 0.5 for v in a)
    return float(f0)


def sum_of_listcomp_dead(a, f0):
    for _k in range(1):
        if False:
            f0 = f0 + sum([float(v) * 0.5 for v in a])
    return float(f0)


def reductions_under_debug_flag(a, f0):
    for _k in range(3):
        if DEBUG:
            f0 = f0 + max(v for v in a) + sum(v for v in a)
            f0 = f0 - min((v for v in a), default=0.0)
            print("debug", f0)
    return float(f0)


def dead_then_live_reductions(a, f0):
    for _k in range(2):
        if DEBUG:
            f0 = f0 + min(v for v in a)
        f0 = f0 + max(v for v in a)
    f0 = f0 + sum(v * 2 for v in a)
    return float(f0)


def nested_loops_dead(a, f0):
    for _i in range(2):
        for _j in range(2):
            if DEBUG:
                f0 = f0 + max(abs(v) for v in a)
            f0 += 1
    return float(f0)


def variable_read_only_in_dead_code(n):
    s = 0.0
    for k in range(n):
        if False:
            y = y + 1.0  # noqa: F821, F841 - never runs
        s += k
    return s


def dead_read_then_conditional_assignment(n):
    for k in range(n):
        if DEBUG:
            y = y + 1.0  # noqa: F821 - never runs
        if k > 1:
            y = 2.0
    return y


def live_read_of_dead_assignment(n):
    s = 0.0
    for _k in range(n):
        if False:
            y = 1.0
        s += y  # y is assigned only in code that never runs
    return s


GENEXPR_CASES = [
    max_of_genexpr_dead,
    max_of_items_dead,
    max_under_untaken_condition,
    max_dead_in_while,
    sum_of_listcomp_dead,
    reductions_under_debug_flag,
    dead_then_live_reductions,
    nested_loops_dead,
]


@pytest.mark.parametrize("fn", GENEXPR_CASES, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a", [np.arange(4.0), np.arange(-3, 5)], ids=["float", "int"])
def test_reductions_in_dead_code(fn, a):
    assert_same(fn, a, 1.0)


@pytest.mark.parametrize("n", [0, 1, 3])
def test_variable_read_only_in_dead_code(n):
    assert_same(variable_read_only_in_dead_code, n)


@pytest.mark.parametrize("n", [0, 2, 3])
def test_dead_read_then_conditional_assignment(n):
    """Unassigned on some paths that run: UnboundLocalError at run time, as in CPython."""
    assert_same(dead_read_then_conditional_assignment, n)


@pytest.mark.requires_jit
def test_live_read_of_a_variable_assigned_only_in_dead_code():
    e = compile_error(live_read_of_dead_assignment, 2)
    assert_diagnostic(e, live_read_of_dead_assignment, "y  #", oxjit.errors.TypingError)
    assert "local variable 'y' may be used before it is assigned" in str(e)
