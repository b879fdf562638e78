"""Python lists in compiled code, against CPython: displays, comprehensions, `list()`, every
method, indexing and slicing (get, set, del), operators, iteration, nesting, lists passed in
from Python (reflected: the caller sees the changes) and returned, the item type of an empty
`[]` taken from later uses, and the errors (CPython's classes and messages)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_promoted, assert_same, compile_error, jitted


def floats(xs):
    """A list of numbers as the unified list of float64 holds them (as Numba unifies them)."""
    return [float(x) for x in xs]


pytestmark = pytest.mark.requires_jit


# --- displays, comprehensions, list() ------------------------------------------------------


def display_ints():
    return [1, 2, 3]


def display_mixed():
    return [1, 2.5, True]


def display_tuples():
    return [(1, 2.0), (3, 4.5)]


def display_nested():
    return [[1, 2], [3], []]


def comprehension(n):
    return [i * i for i in range(n) if i % 3 != 1]


def comprehension_nested(n):
    return [(i, j) for i in range(n) for j in range(i) if (i + j) % 2 == 0]


def comprehension_of_lists(n):
    return [[j for j in range(i)] for i in range(n)]


def comprehension_scope(n):
    i = 100
    xs = [i for i in range(n)]
    return xs, i


def list_of_iterables(n):
    return list(range(n)), list((1, 2, 3)), list([4, 5])  # noqa: C410 - list() of each iterable


def list_of_array(n):
    return list(np.arange(n) * 0.5)


@pytest.mark.parametrize(
    "fn", [display_ints, display_tuples, display_nested], ids=lambda f: f.__name__
)
def test_displays(fn):
    assert_same(fn)


def test_numbers_of_several_types_unify():
    assert_promoted(display_mixed, floats)


@pytest.mark.parametrize("n", [0, 1, 7])
@pytest.mark.parametrize(
    "fn",
    [comprehension, comprehension_nested, comprehension_of_lists, comprehension_scope],
    ids=lambda f: f.__name__,
)
def test_comprehensions(fn, n):
    assert_same(fn, n)


def test_list_of_iterables():
    assert_same(list_of_iterables, 5)
    # CPython's items are NumPy scalars; compiled code returns Python floats, as Numba does.
    got = jitted(list_of_array)(3)
    assert got == [0.0, 0.5, 1.0] and all(type(x) is float for x in got)


# --- empty lists typed from later uses -------------------------------------------------------


def append_later(n):
    x = []
    for i in range(n):
        x.append(i * 1.5)
    return x


def widen_later(n):
    x = []
    x.append(1)
    x.append(2.5)
    return x


def adjacency(edges, n):
    adj = [[] for _ in range(n)]
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    return adj


def extend_later():
    x = []
    x.extend((1, 2))
    y = []
    y += [3.5]
    z = []
    z.insert(0, (1, 2))
    return x, y, z


def merged_later(c):
    x = []
    if c:
        x = [1, 2]
    return x


def test_empty_lists_take_their_item_type_from_later_uses():
    assert_same(append_later, 4)
    assert_promoted(widen_later, floats, 0)
    assert_same(adjacency, [(0, 1), (1, 2), (2, 0), (3, 1)], 4)
    assert_same(extend_later)
    assert_same(merged_later, True)
    assert_same(merged_later, False)


def never_filled():
    x = []
    return len(x)


def test_an_empty_list_never_filled_is_an_error():
    exc = compile_error(never_filled)
    msg = assert_diagnostic(exc, never_filled, "[]", oxjit.errors.TypingError)
    assert "cannot infer the item type of the empty list 'x'" in msg


def mixed_items():
    return [1, (2, 3)]


def test_items_that_do_not_unify_are_an_error():
    exc = compile_error(mixed_items)
    msg = assert_diagnostic(exc, mixed_items, "[1, (2, 3)]", oxjit.errors.TypingError)
    assert "int64, UniTuple(int64 x 2)" in msg


def append_float_to_ints():
    x = [1]
    x.append(2.5)
    return x


def test_narrowing_append_is_an_error():
    exc = compile_error(append_float_to_ints)
    msg = assert_diagnostic(exc, append_float_to_ints, "x.append(2.5)", oxjit.errors.TypingError)
    assert "float64" in msg and "list(int64)" in msg


# --- methods --------------------------------------------------------------------------------


def methods(xs):
    a = list(xs)
    a.append(7)
    a.insert(1, -3)
    a.insert(-1, 8)
    a.insert(100, 9)
    a.insert(-100, 10)
    p = a.pop()
    q = a.pop(0)
    r = a.pop(-2)
    a.remove(7)
    a.extend([1, 2, 1])
    i = a.index(1)
    j = a.index(1, i + 1)
    k = a.index(1, -3, -1)
    c = a.count(1)
    b = a.copy()
    b.reverse()
    d = a.copy()
    d.sort()
    e = a.copy()
    e.sort(reverse=True)
    f = sorted(a)
    g = sorted(a, reverse=True)
    h = a.copy()
    h.clear()
    return a, p, q, r, i, j, k, c, b, d, e, f, g, h


def float_methods(xs):
    a = list(xs)
    a.append(1.5)
    a.insert(0, -0.5)
    a.extend([1.0, 2.0])
    a.remove(2.0)
    a.sort()
    return a, a.index(1.5), a.count(1.0), a.pop(1), 1.0 in a, 3 in a


def test_methods():
    assert_same(methods, [5, 3, 1, 4])
    assert_same(methods, [1, 1, 1, 1, 7])
    assert_same(float_methods, [2.5, -1.0, 1.0, 0.0])


def mixed_extend(xs):
    a = list(xs)
    a.extend([1, 2])
    b = a + [3]
    a[1:2] = [4, 5]
    return a, b


def test_ints_extend_a_list_of_floats():
    assert_promoted(mixed_extend, lambda r: tuple(floats(x) for x in r), [0.5, 1.5])


def sort_tuples(xs):
    ys = list(xs)
    ys.sort()
    zs = sorted(xs, reverse=True)
    return ys, zs


def test_sort_is_stable_and_keeps_equal_items_in_order_when_reversed():
    # -0.0 and 0.0 are equal: their order shows the stability.
    assert_same(sort_tuples, [(1, 0.0), (0, 5.0), (1, -0.0), (0, 2.0), (1, 0.0)])
    assert_same(sort_tuples, [(0.0, 1), (-0.0, 2), (0.0, 3)])


def pop_empty(n):
    a = [1.0] * n
    a.pop()
    return a.pop()


def pop_out_of_range(i):
    return [1, 2].pop(i)


def remove_missing(x):
    a = [1, 2, 3]
    a.remove(x)
    return a


def index_missing(x):
    return [1, 2, 3].index(x)


def index_missing_bool(x):
    return [5, 6].index(x)


def index_missing_float(x):
    return [5.0, 6.0].index(x)


def test_method_errors():
    assert_same(pop_empty, 1)
    assert_same(pop_empty, 2)
    assert_same(pop_out_of_range, 2)
    assert_same(pop_out_of_range, -3)
    assert_same(pop_out_of_range, -2)
    assert_same(remove_missing, 4)
    assert_same(remove_missing, 2)
    assert_same(index_missing, 4)
    assert_same(index_missing, -7)
    assert_same(index_missing, 3)
    assert_same(index_missing_bool, True)
    assert_same(index_missing_bool, False)


def test_index_of_a_missing_float_names_no_value():
    # CPython says "7.5 is not in list"; the value of a float is not in the message here.
    f = jitted(index_missing_float)
    with pytest.raises(ValueError, match="is not in list"):
        f(7.5)
    assert f(6.0) == 1


# --- indexing, slicing, del -----------------------------------------------------------------


def getitem(xs, i):
    a = list(xs)
    return a[i]


def setitem(xs, i, v):
    a = list(xs)
    a[i] = v
    return a


def slices(n):
    a = list(range(n))
    return a[1:4], a[::-2], a[-3:], a[5:1:-1], a[100:], a[:-100], a[::3]


def slice_assign(n):
    a = list(range(n))
    a[1:3] = [10, 11, 12, 13]
    b = list(range(n))
    b[::2] = [7] * len(b[::2])
    c = list(range(n))
    c[2:2] = c
    d = list(range(n))
    d[3:] = []
    return a, b, c, d


def slice_assign_wrong_size(n):
    a = list(range(n))
    a[::2] = [1]
    return a


def delete(n):
    a = list(range(n))
    del a[1]
    del a[-1]
    b = list(range(n))
    del b[::2]
    c = list(range(n))
    del c[1:3]
    d = list(range(n))
    del d[::-3]
    return a, b, c, d


def delete_out_of_range(i):
    a = [1, 2]
    del a[i]
    return a


def slice_step_zero(n):
    return list(range(n))[::0]


def test_indexing():
    for i in [0, 2, -1, -3, 3, -4]:
        assert_same(getitem, [1, 2, 3], i)
        assert_same(setitem, [1.5, 2.5, 3.5], i, 9.0)


def test_slicing():
    for n in [0, 1, 6, 9]:
        assert_same(slices, n)
        assert_same(slice_assign, n)
        assert_same(delete, n)
    assert_same(slice_assign_wrong_size, 5)
    assert_same(delete_out_of_range, 2)
    assert_same(delete_out_of_range, -3)
    assert_same(slice_step_zero, 3)


# --- operators, builtins, iteration ---------------------------------------------------------


def operators(xs, ys):
    a = list(xs)
    b = list(ys)
    c = a + b
    d = a * 2
    e = 3 * b
    f = a * -1
    a += b
    return c, d, e, f, a, len(a), 2 in b, 9 in b, 9 not in b


def comparisons(xs, ys):
    a = list(xs)
    b = list(ys)
    return a == b, a != b, a < b, a <= b, a > b, a >= b


def builtins(xs):
    a = list(xs)
    total = 0.0
    for k, x in enumerate(a):
        total += k * x
    pairs = [(x, y) for x, y in zip(a, a[1:])]  # noqa: RUF007
    return sum(a), min(a), max(a), total, pairs, bool(a), bool([x for x in a if x > 100])


def iterate_while_appending(n):
    a = [1, 2]
    seen = 0
    for x in a:
        seen += x
        if len(a) < n:
            a.append(x * 2)
    return seen, a


def test_operators():
    assert_same(operators, [1, 2], [2, 3])
    for xs, ys in [([1, 2], [1, 2]), ([1, 2], [1, 3]), ([1], [1, 0]), ([3], [1, 2]), ([2.5], [2])]:
        assert_same(comparisons, xs, ys)


def test_builtins_and_iteration():
    assert_same(builtins, [3.0, -1.5, 2.0, 8.25])
    assert_same(iterate_while_appending, 6)


# --- nesting, arrays, Python lists ----------------------------------------------------------


def nested(n):
    grid = [[0] * n for _ in range(n)]
    for i in range(n):
        grid[i][i] = i
        grid[i].append(-i)
    deep = [[[1.0]], [[2.0, 3.0]]]
    deep[1][0].append(4.0)
    return grid, deep, grid[1:][0]


def list_of_arrays(n):
    arrs = [np.arange(i) * 1.0 for i in range(n)]
    arrs.append(np.ones(2))
    total = 0.0
    for a in arrs:
        total += a.sum()
    return total, arrs[-1], len(arrs)


def test_nesting():
    assert_same(nested, 3)


def test_lists_of_arrays():
    total, last, n = jitted(list_of_arrays)(4)
    assert (total, n) == (6.0, 5)
    assert last.tolist() == [1.0, 1.0]


def mutate(xs):
    xs.append(4)
    xs[0] = 10
    return len(xs)


def mutate_nested(xss):
    xss[1].append(9)
    return 0


def read_only(xs):
    return xs[0]


def sum_arrays(arrs):
    s = 0.0
    for a in arrs:
        s += a.sum()
    return s


def test_python_lists_are_reflected():
    assert_same(mutate, [1, 2, 3])
    assert_same(mutate_nested, [[1], [2, 3]])
    xs = [1, 2, 3]
    inner = [[1], [2]]
    jitted(read_only)(xs)
    jitted(mutate_nested)(inner)
    assert inner == [[1], [2, 9]]


def test_python_list_arguments():
    assert_promoted(read_only, float, [1, 2.5])
    assert jitted(sum_arrays)([np.ones(3), np.arange(4.0)]) == 9.0


def test_python_list_argument_errors():
    # An empty list is typed from its uses (tests/test_empty_list_arg.py): CPython's IndexError.
    assert_same(read_only, [])
    with pytest.raises(TypeError, match="int64 and UniTuple"):
        jitted(read_only)([1, (2, 3)])


# --- memory ---------------------------------------------------------------------------------


def test_no_leak():
    from test_nrt import assert_no_leak

    assert_no_leak(comprehension_of_lists, 6)
    assert_no_leak(list_of_arrays, 4)
    assert_no_leak(methods, [5, 3, 1, 4])
    assert_no_leak(slice_assign, 6)
    assert_no_leak(delete, 6)
    assert_no_leak(pop_empty, 1, expect_raise=IndexError)
    assert_no_leak(nested, 3)
    assert_no_leak(mutate_nested, [[1], [2, 3]])
    assert_no_leak(adjacency, [(0, 1), (1, 2)], 3)


def pop_xor(n):
    # Numba's benchmark (bench_lists.list_pop): pops from the end until empty.
    lst = list(range(n))
    v = 0
    while len(lst) > 0:
        v = v ^ lst.pop()
    return v


def pop_places(lst):
    a = lst.pop()
    b = lst.pop(0)
    c = lst.pop(-2)
    d = lst.pop(len(lst) - 1)
    e = lst.pop(1) if len(lst) > 1 else a
    lst.append(a)
    return a, b, c, d, e, lst, len(lst)


def pop_strings(lst):
    last = lst.pop()
    lst.append(last + "!")
    return lst.pop(), lst.pop(), lst


@pytest.mark.parametrize("n", [0, 1, 2, 7, 1000])
def test_pop_from_the_end(n):
    assert_same(pop_xor, n)


def test_pop_positions_reflected():
    # The caller's list sees each pop (the list is reflected), at the end and inside.
    assert_same(pop_places, [1, 2, 3, 4, 5, 6, 7])
    assert_same(pop_places, [1.5, 2.5, 3.5, 4.5])
    assert_same(pop_strings, ["a", "bb", "ccc"])
    assert_same(pop_places, [1, 2, 3])
