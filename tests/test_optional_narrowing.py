"""Values that may be None, continued: narrowing after `is not None` / `is None` tests (the
branch where None is ruled out reads the value: a list appended there holds numbers, not
optionals), and ordering comparisons (`<`, `sorted`, `list.sort`, `min`, `max`) where a side
may be None, with CPython's TypeError where one is.

PYTEST_DONT_REWRITE: `asserted` compares its AssertionError with CPython's."""

import pytest
from conftest import assert_same, jitted

TABLE = {1: 5, 2: 3, 4: 9}


def lookup(k):
    return TABLE.get(k)


def return_type(fn):
    return str(jitted(fn).nopython_signatures[-1].return_type)


# -------------------------------------------------------------------------------- narrowing


def append_present(n):
    d = {1: 5, 2: 3, 4: 9}
    out = []
    for i in range(n):
        x = d.get(i)
        if x is not None:
            out.append(x)
    return out


def skip_missing(n):
    d = {1: 5, 2: 3, 4: 9}
    out = []
    for i in range(n):
        x = d.get(i)
        if x is None:
            continue
        out.append(x * 2)
    return out


def early_return(k):
    d = {1: 5, 2: 3}
    x = d.get(k)
    if x is None:
        return -1
    return x * 10


def else_branch(k):
    d = {1: 5, 2: 3}
    x = d.get(k)
    if x is None:
        y = 0
    else:
        y = x + 1
    return y


def walk(start):
    nxt = {0: 1, 1: 2, 2: 3, 5: 7}
    node = start
    total = 0
    seen = []
    while node is not None:
        total += node
        seen.append(node)
        node = nxt.get(node)
    return total, seen


def combined(a, b):
    d = {1: 5, 2: 3}
    x = d.get(a)
    y = d.get(b)
    out = []
    if x is not None and y is not None:
        out.append(x + y)
    if not (x is None or y is None):
        out.append(x * y)
    if x is not None and x > 4:
        out.append(x)
    return out


def truthy(k):
    d = {1: 5, 2: 0}
    x = d.get(k)
    out = []
    if x:
        out.append(x)
    return out


def conditional_expression(k):
    d = {1: 5, 2: 3}
    x = d.get(k)
    return [x if x is not None else -1]


def comprehension_filter(n):
    d = {1: 5, 2: 3, 4: 9}
    xs = [d.get(i) for i in range(n)]
    ys = [v for v in xs if v is not None]
    ys.sort()
    return ys


def asserted(k):
    d = {1: 5, 2: 3}
    x = d.get(k)
    assert x is not None
    out = []
    out.append(x)
    return out


def merged_after_branch(k):
    d = {1: 5, 2: 3}
    x = d.get(k)
    if x is not None:
        x = x + 1
    return x


@pytest.mark.parametrize("n", [0, 3, 6])
def test_append_under_is_not_none(n):
    assert_same(append_present, n)
    assert "Optional" not in return_type(append_present)


@pytest.mark.parametrize("n", [0, 6])
def test_continue_narrows_the_rest(n):
    assert_same(skip_missing, n)
    assert "Optional" not in return_type(skip_missing)


@pytest.mark.parametrize("k", [1, 7])
def test_early_return_and_else(k):
    assert_same(early_return, k)
    assert_same(else_branch, k)
    assert return_type(early_return) == "int64"
    assert return_type(else_branch) == "int64"


@pytest.mark.parametrize("start", [0, 2, 5, 9])
def test_while_is_not_none(start):
    assert_same(walk, start)


@pytest.mark.parametrize("a,b", [(1, 2), (1, 9), (9, 2), (9, 9), (2, 1)])
def test_and_or_not(a, b):
    assert_same(combined, a, b)
    assert "Optional" not in return_type(combined)


@pytest.mark.parametrize("k", [1, 2, 9])
def test_truth_and_conditional_expression(k):
    assert_same(truthy, k)
    assert_same(conditional_expression, k)
    assert "Optional" not in return_type(conditional_expression)


@pytest.mark.parametrize("n", [0, 3, 6])
def test_comprehension_condition(n):
    assert_same(comprehension_filter, n)


@pytest.mark.parametrize("k", [1, 9])
def test_assert_narrows(k):
    assert_same(asserted, k)


@pytest.mark.parametrize("k", [1, 9])
def test_branches_meet_optional_again(k):
    assert_same(merged_after_branch, k)
    assert return_type(merged_after_branch) == "OptionalType(int64)"


# -------------------------------------------------------------------------------- ordering


def less(a, b):
    x = a if a > 0 else None
    y = b if b > 0 else None
    return x < y, x <= y, x > y, x >= y


def less_than_int(a, b):
    x = a if a > 0 else None
    return x < b


def int_greater(a, b):
    x = a if a > 0 else None
    return b > x


def float_le(a, b):
    x = a * 0.5 if a > 0 else None
    return x <= b


@pytest.mark.parametrize("a,b", [(1, 2), (3, 2), (-1, 2), (1, -2), (-1, -2)])
def test_ordering_messages(a, b):
    assert_same(less, a, b)
    assert_same(less_than_int, a, b)
    assert_same(int_greater, a, b)
    assert_same(float_le, a, 1.5)


def sorted_present(n):
    d = {1: 5, 2: 3, 4: 9}
    return sorted([d.get(i) for i in range(1, n)])


def sort_in_place(keys, reverse):
    d = {1: 5, 2: 3, 4: 9, 5: 1}
    xs = [d.get(k) for k in keys]
    xs.sort(reverse=reverse)
    return xs


def sorted_by_key(keys):
    d = {1: 5, 2: 3, 4: 9, 5: 1}
    return sorted(keys, key=lambda k: d.get(k))


def extremes(keys):
    d = {1: 5, 2: 3, 4: 9, 5: 1}
    xs = [d.get(k) for k in keys]
    return min(xs), max(xs)


def only_min(keys):
    d = {1: 5, 2: 3, 4: 9, 5: 1}
    return min([d.get(k) for k in keys])


@pytest.mark.parametrize("n", [1, 2, 3])
def test_sorted_without_none(n):
    assert_same(sorted_present, n)


@pytest.mark.parametrize(
    "keys",
    [[1, 2, 4, 5], [5, 4, 2, 1], [1, 3], [3, 1], [3, 7], [1, 2, 3, 4, 5], [3], [], [2, 2, 9, 1]],
)
@pytest.mark.parametrize("reverse", [False, True])
def test_sort_meets_none(keys, reverse):
    assert_same(sort_in_place, keys, reverse)


@pytest.mark.parametrize("keys", [[1, 2, 4], [1, 3, 2], [3, 1], [3, 7], [3]])
def test_sort_key_may_be_none(keys):
    assert_same(sorted_by_key, keys)


@pytest.mark.parametrize("keys", [[1, 2, 4], [4, 5, 3], [3, 1], [3], [3, 3], [1, 3, 9]])
def test_min_max_meet_none(keys):
    assert_same(extremes, keys)
    assert_same(only_min, keys)


def test_min_of_empty_optionals():
    assert_same(extremes, [])


def test_narrowed_list_is_typed_ints():
    # The narrowed list is a list of int64 (sum, arithmetic and sorting work on it directly).
    def f(n):
        d = {1: 5, 2: 3}
        out = []
        for i in range(n):
            x = d.get(i)
            if x is not None:
                out.append(x)
        out.sort()
        return sum(out) + out[0]

    assert_same(f, 4)
    assert return_type(f) == "int64"


def min_max_arguments(a, b):
    d = {1: 5, 2: 3}
    x = d.get(a)
    y = d.get(b)
    return min(x, 4), max(4, x), min(x, y, 9), max(2, y)


@pytest.mark.parametrize("a,b", [(1, 2), (2, 1), (7, 1), (1, 7), (7, 7)])
def test_min_max_of_arguments_meet_none(a, b):
    assert_same(min_max_arguments, a, b)
