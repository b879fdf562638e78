"""`reversed()` of lists, tuples, strings, ranges, 1-d arrays and dicts in compiled code, against CPython: in `for`
loops, comprehensions, `list()`, `enumerate`/`zip`, `sorted`/`sum`/`max`; a list changed while
it is walked backwards behaves as CPython's `list_reverseiterator` (the current length is
checked at each step); what is refused is a clear compile-time error."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit


def loop_list(xs):
    out = []
    for x in reversed(xs):
        out.append(x)  # noqa: PERF402 (the loop is what is tested)
    return out


def of_tuple(xs):
    t = (xs[0], xs[-1], 7)
    return list(reversed(t)), [v * 2 for v in reversed(t)]


def of_ranges(n, k):
    a = list(reversed(range(n)))
    b = [i for i in reversed(range(-n, n, k))]
    c = list(reversed(range(n, -n, -k)))
    return a, b, c


def of_string(s):
    out = []
    for c in reversed(s):
        out.append(c + "|")
    return out, [c.upper() for c in reversed(s.lower())]


def combined(xs):
    pairs = [(i, x) for i, x in enumerate(reversed(xs))]
    zipped = list(zip(reversed(xs), xs))
    in_order = sorted(reversed(xs))  # noqa: C414 (sorted of the reversed iterator is tested)
    return pairs, zipped, in_order, sum(reversed(xs)), max(reversed(xs))


def nested(xs):
    rows = [[x, x + 1] for x in xs]
    return [len(r) + r[0] for r in reversed(rows)], [w for w in reversed(["a", "bc", "é"])]


def remove_while_walking(xs):
    out = []
    for x in reversed(xs):
        if x % 2 == 0:
            xs.remove(x)
        out.append(x)
    return out, xs


def shrink_while_walking(xs):
    out = []
    for x in reversed(xs):
        out.append(x)
        xs.pop()
        if len(xs) > 2:
            xs.pop()
    return out, xs


def grow_while_walking(xs):
    out = []
    for x in reversed(xs):
        out.append(x)
        if len(xs) < 20:
            xs.append(x * 10)
    return out, xs


def early_exit(xs, stop):
    for x in reversed(xs):
        if x == stop:
            return x
    return -1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-50, 50), min_size=1, max_size=40))
def test_lists(xs):
    for fn in (loop_list, of_tuple, combined, nested, remove_while_walking):
        assert_same(fn, list(xs))
    assert_same(shrink_while_walking, list(xs))
    assert_same(grow_while_walking, list(xs))
    assert_same(early_exit, list(xs), xs[len(xs) // 2])


def test_floats_and_tuples():
    assert_same(loop_list, [1.5, -0.0, float("nan"), 2.0])
    assert_same(loop_list, [(1, 2.0), (3, 4.0)])


@pytest.mark.parametrize("n, k", [(0, 1), (1, 1), (7, 2), (10, 3), (5, 7)])
def test_ranges(n, k):
    assert_same(of_ranges, n, k)


def extreme_ranges():
    big = 2**63 - 1
    return (
        list(reversed(range(-big - 1, big, 2**62))),
        list(reversed(range(big, -big - 1, -(2**62)))),
        list(reversed(range(5, 5))),
    )


def test_extreme_ranges():
    assert_same(extreme_ranges)


@pytest.mark.parametrize("s", ["", "a", "abc", "héllo wörld", "日本語 text"])
def test_strings(s):
    assert_same(of_string, s)


def returns_reversed(xs):
    return reversed(xs)


def of_set(xs):
    return list(reversed(set(xs)))


def of_mixed_tuple(xs):
    return list(reversed((1, 2.5, xs[0])))


def len_of_reversed(xs):
    return len(reversed(xs))


def test_refused_at_compile_time():
    exc = compile_error(of_set, [1, 2])
    assert "'set' object is not reversible" in str(exc)
    assert_diagnostic(exc, of_set, "reversed(set(xs))", oxjit.errors.TypingError)
    exc = compile_error(of_mixed_tuple, [1])
    assert_diagnostic(exc, of_mixed_tuple, "reversed((1, 2.5, xs[0]))", oxjit.errors.TypingError)
    exc = compile_error(len_of_reversed, [1])
    assert_diagnostic(exc, len_of_reversed, "len(reversed(xs))", oxjit.errors.TypingError)


def test_returning_the_iterator_is_refused():
    with pytest.raises(TypeError, match="cannot return a value of type reversed"):
        oxjit.njit(returns_reversed)([1, 2])


def temporaries(n):
    total = 0
    for row in reversed([[i, i + 1] for i in range(n)]):
        total += row[0]
    chars = [c for c in reversed(str(n) + "héllo")]
    for x in reversed([i * 2 for i in range(n)]):
        if x < n:
            break
    return total, len(chars), x


def raise_midway(n):
    for row in reversed([[i] for i in range(n)]):
        if row[0] == 3:
            raise ValueError("three")
    return n


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_same(temporaries, 10)
    assert_no_leak(temporaries, 10)
    assert_same(raise_midway, 10)
    assert_no_leak(raise_midway, 10, expect_raise=ValueError)


def constants():
    a = [c for c in reversed("héllo")]
    b = list(zip(reversed(range(3)), reversed("abc")))
    c = [v for v in reversed((1, 2, 3))]
    d = [(i, v) for i, v in enumerate(reversed((1.5, 2.5)))]
    return a, b, c, d


def test_constants():
    assert_same(constants)


# -------------------------------------------------------------------------------------------
# 1-d arrays and dicts (CPython 3.8+: a dict and its views are reversible)


def of_array(a):
    # Items as Python floats: NumPy's iteration gives NumPy scalars, compiled code numbers.
    out = [float(v) * 2 for v in reversed(a)]
    first = 0.0
    for v in reversed(a[::2]):
        first = float(v)
        break
    return out, [float(v) for v in reversed(a[1:])], first, float(sum(reversed(a)))


def of_dict(n):
    d = {}
    for i in range(n):
        d[i * 3 % 7] = i * 1.5
    if n > 3:
        del d[3 % 7 * 3 % 7]
    keys = list(reversed(d))
    items = [kv for kv in reversed(d.items())]
    values = list(reversed(d.values()))
    return keys, items, values, list(reversed(d.keys()))


def of_dict_with_deletions(n):
    d = {str(i): i for i in range(n)}
    for i in range(0, n, 2):
        del d[str(i)]
    return list(reversed(d)), [v for k, v in reversed(d.items())]


def of_2d_array(a):
    return list(reversed(a))


@pytest.mark.parametrize("n", [0, 1, 5])
def test_arrays(n):
    import numpy as np

    assert_same(of_array, np.arange(n, dtype=np.float64) + 0.5)
    assert_same(of_array, np.arange(n, dtype=np.int32))


@pytest.mark.parametrize("n", [0, 1, 4, 9])
def test_dicts(n):
    assert_same(of_dict, n)
    assert_same(of_dict_with_deletions, n)


def test_2d_array_rows():
    import numpy as np

    # Its rows, from the last, as views of `a` (as NumPy iterates it).
    assert_same(of_2d_array, np.arange(6.0).reshape(3, 2))
    assert_same(of_2d_array, np.zeros((0, 2)))


def test_0d_array_is_refused():
    import numpy as np

    exc = compile_error(of_2d_array, np.zeros(()))
    assert_diagnostic(exc, of_2d_array, "reversed(a)", oxjit.errors.UnsupportedError)


def test_dict_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(of_dict_with_deletions, 9)
