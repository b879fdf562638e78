"""An empty list passed from Python (`f([])`), which Numba cannot type: its item type comes from
the function's uses of it (as an empty `[]` display's does), `int64` where nothing adds an item
to it; mutations are reflected back to the caller's list as for any list argument."""

import pytest
from conftest import assert_same, jitted
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


def appends(x):
    x.append(1)
    x.append(2)
    return x


def appends_floats(x):
    x.append(1.0)
    x.append(2.5)
    return len(x)


def length(x):
    return len(x)


def total(xs):
    s = 0
    for v in xs:
        s += v
    return s, sum(xs)


def extends(a, b):
    a.extend(b)
    return a


def rows(out, n):
    for i in range(n):
        out.append([i, i * 2])
    return out


def concat(x):
    return x + [1.5], x


def compares(a, b):
    return a < b, a == b


def nested(x):
    x[0].append(3.5)
    return x


@pytest.mark.parametrize(
    ("fn", "args"),
    [
        (appends, ([],)),
        (appends_floats, ([],)),
        (length, ([],)),
        (total, ([],)),
        (extends, ([], [1, 2])),
        (extends, ([1], [])),
        (extends, ([], [])),
        (rows, ([], 3)),
        (concat, ([],)),
        (compares, ([], [[1]])),
        (compares, ([], [])),
        (nested, ([[]],)),
    ],
)
def test_matches_cpython(fn, args):
    assert_same(fn, *args)


def test_after_a_typed_call():
    f = jitted(appends)
    assert f([5]) == [5, 1, 2]
    arg = []
    assert f(arg) == [1, 2] and arg == [1, 2]
    g = jitted(appends_floats)
    g([1.5])
    arg = []
    assert g(arg) == 2 and arg == [1.0, 2.5] and type(arg[0]) is float


def test_no_leak():
    assert_no_leak(rows, [], 4)
    assert_no_leak(concat, [])
