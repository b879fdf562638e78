"""Generator functions (`yield`, issue 9 part 3): compiled as coroutines, consumed in compiled
code by `for`, `next`, the builtins that take iterables, passed to other compiled functions,
nested; returned to Python as iterators. Differential against CPython (values, types,
exceptions by class and message); leak checks on every way a generator ends."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_diagnostic, assert_promoted, assert_same, compile_error
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="compiles")


@oxjit.njit
def count_up(n):
    i = 0
    while i < n:
        yield i * 2
        i += 1


@oxjit.njit
def positives(a):
    for x in a:
        if x > 0:
            yield x


@oxjit.njit
def three_values():
    yield 1
    yield 2.5
    yield 4


@oxjit.njit
def stop_early(n):
    for i in range(n):
        if i == 3:
            return
        yield i


@oxjit.njit
def bare_yields(n):
    for _ in range(n):
        yield


@oxjit.njit
def failing(n):
    for i in range(n):
        if i == 3:
            raise ValueError("three is too many")
        yield i


@oxjit.njit
def squares_of(g):
    for x in g:
        yield x * x


@oxjit.njit
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


@oxjit.njit
def rows(a):
    for i in range(a.shape[0]):
        yield a[i]


@oxjit.njit
def consume(g):
    t = 0
    for x in g:
        t += x
    return t


def loop_sum(n):
    s = 0
    for x in count_up(n):
        s += x
    return s


def loop_over_array(a):
    t = 0.0
    for x in positives(a):
        t += x
    return float(t)


def mixed_types():
    out = []
    for x in three_values():
        out.append(x + 0)
    return out


def early_return(n):
    for i in range(n):
        if i == 3:
            return 100
    for x in count_up(n):
        if x > 4:
            return x
    return -1


def with_return(n):
    return list(stop_early(n))


def nones(n):
    k = 0
    for x in bare_yields(n):
        if x is None:
            k += 1
    return k


def test_for_loops():
    for n in (0, 1, 5, 100):
        assert_same(loop_sum, n)
        assert_same(early_return, n)
        assert_same(with_return, n)
        assert_same(nones, n)
    assert_same(loop_over_array, np.array([1.5, -2.0, 3.0, 0.0]))
    assert_same(loop_over_array, np.zeros(0))
    assert_promoted(mixed_types, lambda v: [float(x) for x in v])


def with_next(n):
    g = count_up(n)
    a = next(g)
    b = next(g)
    return a + b


def next_default(n):
    g = count_up(n)
    out = []
    for _ in range(n + 2):
        out.append(next(g, -1))
    return out


def exhausted_stays_exhausted(n):
    g = count_up(n)
    first = 0
    for x in g:
        first += x
    second = 0
    for x in g:
        second += x
    return first, second, next(g, -7)


def test_next():
    assert_same(with_next, 5)
    assert_same(with_next, 1)  # StopIteration
    assert_same(with_next, 0)
    assert_same(next_default, 3)
    assert_same(exhausted_stays_exhausted, 4)


def builtins_over(n):
    return (
        list(count_up(n)),
        sum(count_up(n)),
        min(count_up(n + 1)),
        max(count_up(n + 1)),
        any(count_up(n)),
        all(count_up(n)),
        sorted(count_up(n)),
    )


def zipped(n):
    out = []
    for i, (a, b) in enumerate(zip(count_up(n), fib())):
        out.append((i, a, b))
    return out


def test_builtins():
    for n in (0, 1, 6):
        assert_same(builtins_over, n)
        assert_same(zipped, n)


def passed_on(n):
    return consume(count_up(n))


def pipeline(n):
    return consume(squares_of(count_up(n)))


def genexpr_over_generator(n):
    return sum(x + 1 for x in count_up(n))


def first_fibs(n):
    out = []
    for x in fib():
        if x > n:
            break
        out.append(x)
    return out


def array_rows(a):
    t = 0.0
    for r in rows(a):
        t += r.sum()
    return float(t)


def test_generators_as_values():
    assert_same(passed_on, 10)
    assert_same(pipeline, 10)
    assert_same(genexpr_over_generator, 10)
    assert_same(first_fibs, 1000)
    assert_same(array_rows, np.arange(12.0).reshape(4, 3))


def yield_in_closure(n, k):
    def scaled(m):
        for i in range(m):
            yield i * k

    t = 0
    for x in scaled(n):
        t += x
    return t


def test_yield_in_a_closure():
    assert_same(yield_in_closure, 5, 3)


def caught(n):
    out = 0
    try:
        for x in failing(n):
            out += x
    except ValueError:
        out = -out
    return out


def uncaught(n):
    return list(failing(n))


def test_exceptions():
    assert_same(caught, 2)
    assert_same(caught, 10)
    assert_same(uncaught, 10)
    assert_same(uncaught, 3)


def half_consumed(n):
    t = 0.0
    for x in positives(np.arange(n) + 1.0):
        t += x
        break
    return float(t)


def never_started(n):
    g = positives(np.arange(n) + 1.0)
    return n + (g is None)


def new_array_generator(n):
    t = 0.0
    for x in positives(np.arange(n) - 2.0):
        t += x
    return t


def rows_listed(n):
    return len(list(rows(np.ones((n, 2)))))


def raised_and_caught(n):
    a = np.ones(n)
    out = 0
    try:
        for x in failing(n):
            out += x
    except ValueError:
        out = -1
    return out + a.size


def test_no_leaks():
    assert_no_leak(new_array_generator, 6)
    assert_no_leak(half_consumed, 5)
    assert_no_leak(never_started, 5)
    assert_no_leak(rows_listed, 3)
    assert_no_leak(raised_and_caught, 6)
    assert_same(half_consumed, 5)
    assert_same(raised_and_caught, 6)


def test_python_iteration():
    g = count_up(4)
    assert iter(g) is g
    assert list(g) == [0, 2, 4, 6]
    assert next(g, "done") == "done"  # exhausted stays exhausted
    assert [type(x) for x in three_values()] == [float, float, float]
    h = failing(5)
    assert [next(h), next(h), next(h)] == [0, 1, 2]
    with pytest.raises(ValueError, match="three is too many"):
        next(h)
    with pytest.raises(StopIteration):
        next(h)
    # Arrays in and out, and a half-consumed generator dropped: no leak.
    out = list(rows(np.arange(6.0).reshape(3, 2)))
    assert all(isinstance(r, np.ndarray) for r in out)
    assert [r.tolist() for r in out] == [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]

    def drop_half(n):
        g = positives(np.arange(n) + 1.0)
        next(g)
        del g

    drop_half(4)
    before = stats()
    for _ in range(10):
        drop_half(4)
    after = stats()
    assert after.alloc - before.alloc == after.free - before.free > 0


@oxjit.njit
def guarded(n):
    for i in range(n):
        try:
            yield 10 // (i - 2)
        except ZeroDivisionError:
            yield -1


@oxjit.njit
def make(n):
    return count_up(n)


@oxjit.njit
def words(s):
    for w in s.split(" "):
        yield w.upper()


@oxjit.njit
def pairs(n):
    for i in range(n):
        yield i, i * 0.5


@oxjit.njit
def inner_next(n):
    g = count_up(n)
    while True:
        yield next(g)


@oxjit.njit
def walk(n):
    if n > 0:
        yield from walk(n - 1)
    yield n


@oxjit.njit
def leaves(a, lo, hi):
    # The items of a[lo:hi] in order, by halves: a recursive generator holding an array.
    if hi - lo == 1:
        yield a[lo]
    elif hi > lo:
        mid = (lo + hi) // 2
        yield from leaves(a, lo, mid)
        yield from leaves(a, mid, hi)


def recursive(n):
    return list(walk(n))


def recursive_halves(n):
    a = np.arange(n) * 1.5
    return [float(x) for x in leaves(a, 0, n)]


def yield_in_try(n):
    return list(guarded(n))


def returned_generator(n):
    return sum(make(n))


def list_of_generators(n):
    gs = [positives(np.arange(n) + 1.0), positives(np.arange(n + 1) - 1.0)]
    return float(sum(sum(g) for g in gs))


def unconsumed_list(n):
    gs = [positives(np.arange(n) + 1.0), positives(np.arange(n + 1) - 1.0)]
    return len(gs)


def upper_words(s):
    return list(words(s))


def tuple_items(n):
    return [a + b for a, b in pairs(n)]


def until_stop(n):
    g = count_up(n)
    s = 0
    try:
        while True:
            s += next(g)
    except StopIteration:
        return s


def stop_iteration_in_body(n):
    return list(inner_next(n))


def test_more_forms():
    assert_same(yield_in_try, 5)
    assert_same(returned_generator, 4)
    assert_same(list_of_generators, 3)
    assert_same(upper_words, "ab cd ef")
    assert_same(tuple_items, 3)
    assert_same(until_stop, 4)
    assert_same(recursive, 0)
    assert_same(recursive, 5)
    assert_same(recursive_halves, 7)
    assert_no_leak(recursive_halves, 7)
    # PEP 479: a StopIteration leaving a generator's body is a RuntimeError.
    assert_same(stop_iteration_in_body, 2)
    assert_no_leak(list_of_generators, 3)
    assert_no_leak(unconsumed_list, 3)
    assert list(words("x y")) == ["X", "Y"]
    assert list(pairs(2)) == [(0, 0.0), (1, 0.5)]
    with pytest.raises(RuntimeError, match="generator raised StopIteration"):
        list(inner_next(1))


@oxjit.njit
def chained(a, n):
    yield from a
    yield from count_up(n)
    yield from [7.5, 8.5]


def yield_from_forms(n):
    return list(chained(np.arange(3) * 1.0, n))


def closed_inside_yield_from(n):
    t = 0.0
    for x in chained(np.arange(n) * 1.0, n):
        t += x
        if t > 2:
            break
    return float(t)


def test_yield_from():
    assert_promoted(yield_from_forms, lambda v: [float(x) for x in v], 3)
    assert_same(closed_inside_yield_from, 3)
    assert_no_leak(closed_inside_yield_from, 3)


def returns_value(n):
    yield n
    return "done"


def next_of_list(a):
    return next(a)


def sends(n):
    g = count_up(n)
    return g.send(None)


def test_refused():
    e = compile_error(returns_value, 3)
    assert_diagnostic(e, returns_value, 'return "done"', oxjit.errors.UnsupportedError)
    e = compile_error(next_of_list, [1, 2])
    assert_diagnostic(e, next_of_list, "next(a)", oxjit.errors.TypingError)


def test_send_none_in_compiled_code_is_next():
    assert_same(sends, 3)
