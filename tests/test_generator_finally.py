"""`yield` inside `try/finally` and closing a generator (issue 9 part 3): the `finally` body runs
when the generator finishes, when it raises, and when it is closed or dropped half-consumed
(CPython raises `GeneratorExit` at the `yield` where it is suspended, so `except GeneratorExit`
and bare `except:` clauses run too). `close()` from Python and from compiled code, as CPython's:
an exception raised while closing comes out of it, a generator that yields again is CPython's
RuntimeError. Differential against CPython, leak-checked."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same
from test_nrt import assert_no_leak

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


@oxjit.njit
def logged(n, log):
    try:
        for i in range(n):
            yield i * 2
    finally:
        log.append(-1)


@oxjit.njit
def nested_finally(n, log):
    try:
        try:
            for i in range(n):
                yield i * 10
        finally:
            log.append(-1)
    finally:
        log.append(-2)


@oxjit.njit
def catches_exit(n, log):
    try:
        for i in range(n):
            yield i * 2
    except GeneratorExit:
        log.append(-5)
        raise


@oxjit.njit
def bare_except(n, log):
    for i in range(n):
        try:
            yield i
        except:  # noqa: E722 (catches GeneratorExit, as CPython)
            log.append(100 + i)
            return


@oxjit.njit
def except_exception(n, log):
    try:
        for i in range(n):
            yield i * 2
    except Exception:  # noqa: BLE001 (the clause under test)
        log.append(-7)  # GeneratorExit is no Exception: never runs
    finally:
        log.append(-8)


@oxjit.njit
def raises_inside(n, log):
    try:
        for i in range(n):
            if i == 2:
                raise ValueError("two")
            yield i
    finally:
        log.append(-3)


@oxjit.njit
def yield_in_finally(n):
    try:
        for i in range(n):
            yield i * 2
    finally:
        yield 99


@oxjit.njit
def with_array(n, log):
    a = np.arange(n) * 1.5
    try:
        for x in a:
            yield x + 1.0
    finally:
        log.append(float(a.size))


# One consumer per generator (the reference run swaps each module-level generator for its
# Python function by name): a loop that stops at `k`, then a mark after the loop. CPython drops
# the generator as the loop ends, so its `finally` runs before the mark.
def until_logged(n, k):
    log = [0]
    for x in logged(n, log):
        log.append(x)
        if x >= k:
            break
    log.append(1000)
    return log


def until_nested(n, k):
    log = [0]
    for x in nested_finally(n, log):
        log.append(x)
        if x >= k:
            break
    log.append(1000)
    return log


def until_catches_exit(n, k):
    log = [0]
    for x in catches_exit(n, log):
        log.append(x)
        if x >= k:
            break
    log.append(1000)
    return log


def until_bare_except(n, k):
    log = [0]
    for x in bare_except(n, log):
        log.append(x)
        if x >= k:
            break
    log.append(1000)
    return log


def until_except_exception(n, k):
    log = [0]
    for x in except_exception(n, log):
        log.append(x)
        if x >= k:
            break
    log.append(1000)
    return log


def logs_before_break(n, k):
    # The loop holds the generator until it ends: its finally runs after this append.
    log = [0]
    for x in logged(n, log):
        if x >= k:
            log.append(x)
            break
    log.append(1000)
    return log


def enumerated_break(n, k):
    log = [0]
    for i, x in enumerate(logged(n, log)):
        if x >= k:
            log.append(i)
            break
    log.append(1000)
    return log


CONSUMERS = (
    logs_before_break,
    enumerated_break,
    until_logged,
    until_nested,
    until_catches_exit,
    until_bare_except,
    until_except_exception,
)


def test_finally_when_finished_and_when_dropped():
    for consumer in CONSUMERS:
        for n, k in ((0, 9), (3, 9), (5, 2), (5, 0), (5, 40)):
            assert_same(consumer, n, k)


def raise_caught(n):
    log = [0]
    try:
        for x in raises_inside(n, log):
            log.append(x + 1)
    except ValueError as e:
        log.append(len(str(e)))
    return log


def test_raise_runs_finally():
    assert_same(raise_caught, 5)
    assert_same(raise_caught, 1)


def listed_with_finally(n):
    return list(yield_in_finally(n))


def first_with_finally(n):
    g = yield_in_finally(n)
    return next(g)


# CPython prints the RuntimeError of its own generator that ignores GeneratorExit when dropped
# (the reference run); the compiled one is closed without running its handlers again.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_yield_inside_finally():
    assert_same(listed_with_finally, 3)
    assert_same(listed_with_finally, 0)
    assert_same(first_with_finally, 2)
    assert_same(first_with_finally, 0)


def test_python_close():
    for gen in (logged.py_func, logged):
        log = [0]
        g = gen(5, log)
        assert next(g) == 0
        g.close()
        with pytest.raises(StopIteration):
            next(g)
        g.close()  # closing again does nothing


def _close_outcome(gen, *args):
    g = gen(*args)
    first = next(g)
    try:
        g.close()
    except Exception as e:  # noqa: BLE001 (compared by class and message)
        # A generator that ignored the GeneratorExit goes on: finish it.
        return first, type(e), str(e), _rest(g)
    return first, None, None, _rest(g)


def _rest(g):
    """The rest of `g`, or the class of what it raised (GeneratorExit too, as CPython's
    generator that yielded in a `finally` body while closing raises it when resumed)."""
    try:
        return list(g)
    except BaseException as e:  # noqa: BLE001 (compared by class)
        return type(e)


@oxjit.njit
def ignores_exit(n):
    for i in range(n):
        try:
            yield i
        except GeneratorExit:
            pass


@oxjit.njit
def raises_on_close(n):
    try:
        for i in range(n):
            yield i * 2
    finally:
        raise KeyError("closing")


def test_python_close_outcomes():
    for gen in (ignores_exit, raises_on_close, yield_in_finally):
        assert _close_outcome(gen, 5) == _close_outcome(gen.py_func, 5)
    # After an ignored GeneratorExit the generator goes on, as CPython's.
    g, h = ignores_exit(4), ignores_exit.py_func(4)
    for it in (g, h):
        next(it)
        with pytest.raises(RuntimeError, match="generator ignored GeneratorExit"):
            it.close()
    assert list(g) == list(h)


def dropped_with_array(n):
    log = [0.0]
    for x in with_array(n, log):
        if x > 2:
            break
    return log


def ignored_when_dropped(n):
    g = ignores_exit(n)
    t = 0
    for x in g:
        t += x
        if x == 1:
            break
    return t


# CPython prints the RuntimeError of its own generator that ignores GeneratorExit when dropped
# (the reference run); the compiled one is closed without running its handlers again.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_no_leaks():
    assert_same(dropped_with_array, 6)
    assert_same(ignored_when_dropped, 5)
    assert_no_leak(dropped_with_array, 6)
    assert_no_leak(ignored_when_dropped, 5)
    assert_no_leak(until_nested, 4, 1)
    assert_no_leak(until_bare_except, 4, 1)


def closed_in_compiled_code(n):
    log = [0]
    g = logged(n, log)
    log.append(next(g))
    g.close()
    log.append(next(g, -100))
    g.close()
    return log


def close_unstarted(n):
    log = [0]
    g = nested_finally(n, log)
    g.close()
    return log, next(g, -1)


def close_raises(n):
    g = raises_on_close(n)
    a = next(g)
    try:
        g.close()
    except KeyError as e:
        return a, str(e)
    return a, ""


def close_ignored(n):
    g = ignores_exit(n)
    a = next(g)
    try:
        g.close()
    except RuntimeError as e:
        return a, str(e), list(g)
    return a, "", list(g)


def close_uncaught(n):
    g = raises_on_close(n)
    next(g)
    g.close()
    return 1


def test_close_in_compiled_code():
    for n in (0, 1, 4):
        assert_same(closed_in_compiled_code, n)
        assert_same(close_unstarted, n)
    assert_same(close_raises, 3)
    assert_same(close_ignored, 4)
    assert_same(close_uncaught, 3)
    assert_no_leak(closed_in_compiled_code, 3)
    assert_no_leak(close_ignored, 4)


@oxjit.njit
def with_result(n):
    t = 0
    for i in range(n):
        t += i
        yield i
    if t > 100:
        return -1
    return t


def listed_result(n):
    return list(with_result(n))


def looped_result(n):
    s = 0
    for x in with_result(n):
        s += x * 10
    return s, next(with_result(0), -5)


@oxjit.njit
def returns_in_finally(n, log):
    try:
        for i in range(n):
            if i == 2:
                return 42
            yield i
    finally:
        log.append(1)
    return 0


def finally_then_result(n):
    log = [0]
    out = list(returns_in_finally(n, log))
    return out, log


def test_return_value():
    # Compiled consumers drop the value, as CPython's `for` and `list()`.
    for n in (0, 3, 20):
        assert_same(listed_result, n)
        assert_same(looped_result, n)
    assert_same(finally_then_result, 5)
    assert_same(finally_then_result, 1)
    # From Python: StopIteration.value, once (then a plain StopIteration), as CPython's.
    for gen in (with_result, with_result.py_func):
        g = gen(4)
        assert [next(g) for _ in range(4)] == [0, 1, 2, 3]
        with pytest.raises(StopIteration) as info:
            next(g)
        assert info.value.value == 6 and type(info.value.value) is int
        with pytest.raises(StopIteration) as info:
            next(g)
        assert info.value.value is None
    for gen in (returns_in_finally, returns_in_finally.py_func):
        g = gen(5, [0])
        assert (next(g), next(g)) == (0, 1)
        with pytest.raises(StopIteration) as info:
            next(g)
        assert info.value.value == 42


def returns_from_loop(n, k):
    # The return value is made before the generator the loop holds is closed.
    log = [0]
    for x in logged(n, log):
        if x >= k:
            log.append(x)
            return log
    log.append(1000)
    return log


def test_return_inside_the_loop():
    for n, k in ((5, 2), (5, 0), (2, 9)):
        assert_same(returns_from_loop, n, k)
    assert_no_leak(returns_from_loop, 5, 2)


@oxjit.njit
def array_finally_raises(n):
    a = np.ones(n)
    try:
        for i in range(n):
            yield a[i] + i
    finally:
        raise ValueError("while closing")


def dropped_while_raising(n):
    # Dropped half-consumed: the ValueError its finally raises while closing is dropped
    # (CPython prints it as unraisable); what the generator held is given back.
    t = 0.0
    for x in array_finally_raises(n):
        t += x
        if x > 1.5:
            break
    return t


def test_raise_while_dropped_is_dropped_without_leak():
    assert oxjit.njit(dropped_while_raising)(5) == 3.0
    assert_no_leak(dropped_while_raising, 5)
    # From Python: close() raises it, and nothing leaks either.
    g = array_finally_raises(4)
    assert next(g) == 1.0
    with pytest.raises(ValueError, match="while closing"):
        g.close()
    assert next(g, "done") == "done"
