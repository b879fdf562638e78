"""Valued `yield` expressions (`x = yield v`): what `send(v)` passes in, from Python and from
compiled code (`g.send(v)`, `g.throw(E, msg)`, `g.close()`, `next(g)` inside a compiled
function), compared with CPython: each value and its type, each exception's class and message.
The value of a `yield` expression has the type of the generator's items (a number, a bool, a
string, or a tuple of those), or is `None` (`next()`); leak checks count the generator's block on every way out."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


@oxjit.njit
def averager():
    total = 0.0
    count = 0
    average = 0.0
    while True:
        term = yield average
        if term is None:
            continue
        total += term
        count += 1
        average = total / count


@oxjit.njit
def doubler(n):
    x = yield n
    while x is not None:
        x = yield x * 2
    yield -1


@oxjit.njit
def accumulate(start):
    total = start
    while True:
        try:
            x = yield total
        except ValueError as e:
            total = -len(str(e))
            continue
        if x is not None:
            total += x


@oxjit.njit
def flags():
    seen = 0
    while True:
        b = yield seen > 2
        if b:
            seen += 1


@oxjit.njit
def none_first():
    x = yield None
    while True:
        x = yield (0 if x is None else x + 1)


@oxjit.njit
def sink():
    total = 0
    while True:
        x = yield
        if x is not None:
            total += x


@oxjit.njit
def walker(x, y):
    while True:
        step = yield (x, y)
        if step is not None:
            dx, dy = step
            x += dx
            y += dy


@oxjit.njit
def echo(prefix):
    out = prefix
    while True:
        got = yield out
        if got is not None:
            out = prefix + got


@oxjit.njit
def tagged():
    tag, n = "start", 0
    while True:
        got = yield (tag, n)
        if got is not None:
            tag, n = got


def tag_all(k):
    g = tagged()
    next(g)
    return [g.send(("t" + str(i), i)) for i in range(k)]


@oxjit.njit
def delegating(n):
    yield -1
    yield from doubler(n)
    yield 100


@oxjit.njit
def delegating_strings():
    yield "a"
    yield from echo("<")
    yield "z"


def delegate_all(n):
    g = delegating(5)
    out = [next(g), next(g)]
    for i in range(n):
        out.append(g.send(i + 1))
    return out


def echo_all(n):
    g = echo(">")
    next(g)
    return [g.send(str(i) * 2) for i in range(n)]


def walk(n):
    g = walker(0.5, 0)
    next(g)
    out = []
    for i in range(n):
        out.append(g.send((i, 1)))
    return out


def steps(g, ops):
    """What each step gives: the item, or the exception's class, message and args."""
    out = []
    for op in ops:
        try:
            if op == "next":
                item = next(g)
            elif op == "close":
                item = g.close()
            elif op[0] == "send":
                item = g.send(op[1])
            else:
                item = g.throw(*op[1:])
            out.append((item, type(item).__name__))
        except BaseException as e:  # noqa: BLE001 (what the test compares)
            out.append((type(e).__name__, str(e), e.args))
    return out


CASES = [
    (averager, (), ["next", ("send", 10.0), ("send", 20.0), ("send", 0.5), "next", ("send", 1.5)]),
    (averager, (), [("send", 1.0)]),
    (averager, (), ["next", ("send", 3), ("send", True)]),
    (doubler, (5,), ["next", ("send", 3), ("send", -4), "next", "next"]),
    (doubler, (5,), ["next", ("send", 3), ("send", None), ("send", 7)]),
    (accumulate, (1,), ["next", ("send", 2), ("throw", ValueError, "abc"), ("send", 10), "close"]),
    (accumulate, (1,), ["next", ("throw", KeyError, "k"), "next"]),
    (flags, (), ["next", ("send", True), ("send", False), ("send", True), ("send", True)]),
    (none_first, (), ["next", ("send", 3), ("send", None), ("send", 5), "next"]),
    # Items that are tuples of numbers receive such tuples.
    (walker, (0, 0), ["next", ("send", (1, 2)), ("send", (3, -1)), "next", ("send", (0, 5))]),
    (walker, (0.5, 1), ["next", ("send", (1, 2)), ("send", (True, 2)), ("send", None)]),
    # Items that are strings receive strings.
    (echo, (">",), ["next", ("send", "a"), ("send", "bc"), "next", ("send", None), ("send", "")]),
    (echo, ("é",), [("send", "x")]),
    (tagged, (), ["next", ("send", ("ab", 3)), "next", ("send", ("", -1))]),
    # `yield from` passes what is sent on to its inner generator.
    (delegating, (5,), ["next", "next", ("send", 3), ("send", 4), "next", "next", "next"]),
    (delegating, (5,), ["next", ("send", None), ("send", 7), ("send", 8), ("send", None)]),
    (delegating_strings, (), ["next", "next", ("send", "x"), ("send", "yz"), "next", "next"]),
]


@pytest.mark.parametrize("fn, args, ops", CASES)
def test_sent_from_python(fn, args, ops):
    assert steps(fn(*args), ops) == steps(fn.py_func(*args), ops)


def test_generator_yielding_only_none_refused():
    # Its `yield` expressions are typed from its items, which are only None.
    with pytest.raises(oxjit.errors.UnsupportedError) as info:
        sink()
    msg = assert_diagnostic(info.value, sink.py_func, "yield", oxjit.errors.UnsupportedError)
    assert "the generator yields only None" in msg


def closure_generator(n):
    def gen():
        v = yield n
        yield (v * 2) if v is not None else -1

    g = gen()
    a = next(g)
    return a, g.send(5)


def test_closure_generator_receives():
    assert_same(closure_generator, 3)


def test_sent_value_of_another_type_refused():
    g = doubler(5)
    next(g)
    with pytest.raises(TypeError, match="receives int64 values"):
        g.send(2.5)
    with pytest.raises(TypeError, match="receives int64 values"):
        g.send("a")
    # The generator goes on.
    assert g.send(4) == 8


def test_tuples_sent():
    assert_same(walk, 3)
    assert_no_leak(walk, 3)
    g = walker(0, 0)
    next(g)
    # Not a tuple of the items' length and types: refused, the generator left as it was.
    for bad in [5, (1, 2, 3), (1, "a")]:
        with pytest.raises(TypeError, match="receives UniTuple\\(int64 x 2\\) values"):
            g.send(bad)
    assert g.send((1, 1)) == (1, 1)


def test_sent_through_yield_from():
    assert_same(delegate_all, 3)
    assert_no_leak(delegate_all, 3)


def test_strings_sent():
    assert_same(echo_all, 3)
    assert_no_leak(echo_all, 3)
    assert_same(tag_all, 3)
    assert_no_leak(tag_all, 3)
    g = echo(">")
    next(g)
    with pytest.raises(TypeError, match="receives unicode_type values"):
        g.send(5)
    # The strings made for the body are given back (the body keeps its own reference).
    from test_nrt import stats

    g.send("warm")
    before = stats()
    for i in range(20):
        assert g.send("x" * i) == ">" + "x" * i
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free


def drive_averager(xs):
    g = averager()
    next(g)
    out = []
    for x in xs:
        out.append(g.send(x))
    return out


def drive_doubler(n, xs):
    g = doubler(n)
    out = [next(g)]
    for x in xs:
        out.append(g.send(x))
    out.append(g.send(None))
    return out


def drive_to_the_end(n):
    g = doubler(n)
    out = [next(g), g.send(1), g.send(None)]
    try:
        g.send(3)
    except StopIteration:
        out.append(-99)
    return out


def thrown_and_caught(n):
    g = accumulate(n)
    a = next(g)
    b = g.send(5)
    c = g.throw(ValueError, "four")
    d = g.send(1)
    g.close()
    return a, b, c, d


def thrown_through(n):
    g = accumulate(n)
    next(g)
    try:
        g.throw(KeyError, "key")
    except KeyError as e:
        return str(e)
    return "not raised"


def thrown_at_once(n):
    g = doubler(n)
    try:
        g.throw(ValueError)
    except ValueError:
        pass
    try:
        next(g)
    except StopIteration:
        return -1
    return 0


def thrown_with_a_number(n):
    g = accumulate(0)
    next(g)
    return g.throw(ValueError, n)


def sent_to_a_new_generator(n):
    g = doubler(n)
    try:
        g.send(2)
    except TypeError as e:
        return str(e)
    return "sent"


def sent_ints_to_floats(n):
    g = averager()
    next(g)
    for i in range(n):
        g.send(i)
    return g.send(n)


def bools(n):
    g = flags()
    out = [next(g)]
    for i in range(n):
        out.append(g.send(i % 2 == 0))
    return out


def test_driven_from_compiled_code():
    assert_same(drive_averager, [1.0, 2.0, 4.5])
    assert_same(drive_doubler, 3, [1, 2, -3])
    assert_same(drive_to_the_end, 4)
    assert_same(thrown_and_caught, 2)
    assert_same(thrown_through, 2)
    assert_same(thrown_at_once, 2)
    assert_same(thrown_with_a_number, 12345)
    assert_same(sent_to_a_new_generator, 1)
    assert_same(sent_ints_to_floats, 4)
    assert_same(bools, 7)


def test_driven_from_compiled_code_frees_the_generator():
    assert_no_leak(drive_doubler, 3, [1, 2, -3])
    assert_no_leak(drive_to_the_end, 4)
    assert_no_leak(thrown_and_caught, 2)
    assert_no_leak(thrown_through, 2)
    assert_no_leak(thrown_at_once, 2)


def sends_a_float(n):
    g = doubler(n)
    next(g)
    return g.send(2.5)


def sends_to_arrays(a):
    g = yields_arrays(a)
    next(g)
    return g.send(1)


@oxjit.njit
def yields_arrays(a):
    x = yield a
    yield a if x is None else a + 1


def throws_an_instance(n):
    g = doubler(n)
    next(g)
    return g.throw(ValueError("x"))


def test_refused_at_compile_time():
    import numpy as np

    e = compile_error(sends_a_float, 3)
    assert_diagnostic(e, sends_a_float, "g.send(2.5)", oxjit.errors.TypingError)
    assert "receive values of type int64" in str(e)
    e = compile_error(sends_to_arrays, np.arange(3))
    assert_diagnostic(e, sends_to_arrays, "g.send(1)", oxjit.errors.TypingError)
    assert "receive values of type array(int64, 1d, C)" in str(e)
    e = compile_error(throws_an_instance, 3)
    assert_diagnostic(e, throws_an_instance, 'g.throw(ValueError("x"))', oxjit.errors.TypingError)


def test_driven_from_python_frees_the_generator():
    from test_nrt import stats

    def run():
        g = accumulate(1)
        next(g)
        g.send(2)
        g.throw(ValueError, "abc")
        g.send(3)
        del g  # suspended: closed by its destructor
        g = doubler(2)
        next(g)
        g.send(1)
        g.send(None)
        with pytest.raises(StopIteration):
            g.send(None)

    run()
    before = stats()
    for _ in range(10):
        run()
    after = stats()
    assert after.alloc - before.alloc > 0
    assert after.alloc - before.alloc == after.free - before.free, (before, after)
