"""Calls from Python by position only to functions with `*args` (crates/oxjit-python/src/
varargs.rs): bound from the parameters' shape read once, the missing positional ones from
`__defaults__`, keyword-only ones from `__kwdefaults__`, an empty `**kwargs`; then matched by the
arguments' key. Each call is made twice (the second finds the key) and with item types that
share a shape (ints, then floats), so a binding or a key mixing them up gives a wrong value or
type; results and binding errors (class and message) must be CPython's."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same

pytestmark = pytest.mark.requires_jit


def star(*args):
    return len(args), args


def total(*args):
    t = 0
    for a in args:
        t += a
    return t


def first_and_rest(a, *args):
    return a, args


def with_default(a, b=2, *args):
    return a * 10 + b, len(args)


def full(a, b=1, *args, **kw):
    return a + b + len(args) + len(kw)


def kw_read(a, *args, **kw):
    return len(kw) + a, "x" in kw, kw.get("x", 1.5), args


def kw_default(a, *args, k=3):
    return a * k + len(args)


def kw_required(*args, k):
    return len(args) + k


def arrays(*args):
    return float(args[0].sum() + args[-1].sum()), args[0]


CALLS = [
    (star, ()),
    (star, (1,)),
    (star, (1, 2)),
    (star, (1.5, 2)),
    (star, (1, 2.5)),
    (star, (True, 2)),
    (star, (1, 2, 3)),
    (total, (1, 2, 3)),
    (total, (1.5, 2.5)),
    (total, (1, 2, 3)),
    (first_and_rest, (1,)),
    (first_and_rest, (1.5,)),
    (first_and_rest, (1, 2, 3.5)),
    (first_and_rest, (1, (2, 3))),
    (first_and_rest, (1, None)),
    (with_default, (1,)),
    (with_default, (1.5,)),
    (with_default, (1, 5)),
    (with_default, (1, 5.5, 6, 7)),
    (full, (1,)),
    (full, (1, 2)),
    (full, (1.5, 2, 3, 4.5)),
    (kw_read, (1,)),
    (kw_read, (1, 2.5)),
    (kw_default, (2,)),
    (kw_default, (2.5, 1, 1)),
    (arrays, (np.arange(3.0), np.ones((2, 2)))),
]


@pytest.mark.parametrize("fn, args", CALLS, ids=lambda x: getattr(x, "__name__", repr(x)))
def test_positional_calls_match_cpython(fn, args):
    for _ in range(2):
        assert_same(fn, *args)


@pytest.mark.parametrize(
    "fn, args, kwargs",
    [
        (first_and_rest, (), {}),
        (with_default, (), {}),
        (full, (), {}),
        (kw_required, (1, 2), {}),
        (kw_required, (), {}),
        (first_and_rest, (), {"b": 1}),
        (kw_default, (1,), {"a": 2}),
    ],
)
def test_calls_that_do_not_bind_raise_cpythons_error(fn, args, kwargs):
    for _ in range(2):
        assert_same(fn, *args, **kwargs)


def test_keywords_still_bind():
    for _ in range(2):
        assert_same(kw_default, 2, 1, k=5)
        assert_same(kw_required, 1, 2, k=4)
        assert_same(full, 1, 2, 3, x=4.0, y=5)
        assert_same(with_default, 1, b=7)
        # The empty `**kwargs` of calls by position is the dispatcher's one object: calls
        # with keywords in between get their own.
        assert_same(kw_read, 1, 2)
        assert_same(kw_read, 1, 2, x=2.5)
        assert_same(kw_read, 1, 2, y=2)


def test_changed_defaults_are_read_at_each_call():
    def g(a, b=2, *args, k=1):
        return a + b + k + len(args)

    f = oxjit.njit(g)
    assert f(1) == g(1) == 4
    g.__defaults__ = (20,)
    g.__kwdefaults__ = {"k": 300}
    assert f(1) == g(1) == 321
    g.__defaults__ = (2.5,)
    assert f(1) == g(1) and type(f(1)) is float


def test_result_types_follow_the_packed_items():
    f = oxjit.njit(star)
    for args in [(1, 2), (1.0, 2), (1, 2), (1, 2.0), (1, 2)]:
        (n, got), (m, expected) = f(*args), star(*args)
        assert n == m and got == expected
        assert [type(x) for x in got] == [type(x) for x in expected]
