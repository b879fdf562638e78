"""The dispatcher's argument keys (crates/oxjit-python/src/fingerprint.rs): calls off the fast
path (tuples, records, NumPy scalars, keywords, defaults) find their specialization by a key
read from the arguments instead of typing them again. Each test mixes argument types that share
a shape (a tuple of ints and one of floats, two dtypes of equal layout) so that a key mixing
them up gives a wrong value or type; results are compared with CPython's."""

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same

pytestmark = pytest.mark.skipif(JIT_DISABLED, reason="the dispatcher's keys")


def first_and_sum(t):
    return t[0], t[0] + t[1]


def test_tuples_of_different_item_types_in_turn():
    f = oxjit.njit(first_and_sum)
    for t in [(1, 2), (1.5, 2), (1, 2.5), (True, 2), (1, 2), (1.5, 2), (1j, 2)]:
        expected = first_and_sum(t)
        for _ in range(2):  # the second call finds the key
            got = f(t)
            assert got == expected and [type(x) for x in got] == [type(x) for x in expected]


def nested(t):
    (a, b), c = t
    return a * 2 + b, c


def test_nested_tuples_and_arrays():
    f = oxjit.njit(nested)
    x = np.arange(3.0)
    for t in [((1, 2), 3.0), ((1.0, 2), 3), ((x, x), None), ((1, 2), 3.0)]:
        got, expected = f(t), nested(t)
        assert type(got[1]) is type(expected[1])
        np.testing.assert_array_equal(got[0], expected[0])


def scalar_kind(x):
    return x + x


@pytest.mark.parametrize("repeat", [1, 2])
def test_numpy_scalars_keep_their_types(repeat):
    f = oxjit.njit(scalar_kind)
    for x in [np.int32(7), np.float32(1.5), np.int64(7), np.float64(1.5), np.uint8(100)]:
        for _ in range(repeat):
            got = f(x)
            # Numba's: NumPy scalars come back as Python numbers of their kind.
            assert got == x + x and isinstance(got, (int, float))
            assert f(x) == f(x)
    assert len(f.signatures) == 5


A = np.dtype([("a", np.int64), ("b", np.float64)])
B = np.dtype([("a", np.float64), ("b", np.int64)])


def field_sum(r):
    return r["a"] + r["b"]


def test_record_scalars_and_arrays_of_different_dtypes():
    f = oxjit.njit(field_sum)
    ra, rb = np.zeros(2, A), np.zeros(2, B)
    ra[0] = (2, 0.5)
    rb[0] = (2.5, 3)
    for r in [ra[0], rb[0], ra[0], rb[0]]:
        assert f(r) == field_sum(r) and type(f(r)) is float
    g = oxjit.njit(lambda a: a[0]["a"])
    assert type(g(ra)) is int and type(g(rb)) is float and type(g(ra)) is int


def write_record(r, v):
    r["b"] = v


def test_a_record_argument_is_the_arrays_memory():
    a = np.zeros(3, A)
    f = oxjit.njit(write_record)
    for i in range(3):
        f(a[i], i + 0.25)
        f(a[i], i + 0.5)
    assert a["b"].tolist() == [0.5, 1.5, 2.5]


def test_equal_layouts_of_two_dtype_objects():
    # Two dtype objects of one layout, the first freed: the second is typed on its own.
    f = oxjit.njit(field_sum)
    first = np.zeros(1, np.dtype([("a", np.int32), ("b", np.int32)]))
    first[0] = (1, 2)
    assert f(first[0]) == 3
    del first
    second = np.zeros(1, np.dtype([("a", np.int32), ("b", np.int32)]))
    second[0] = (3, 4)
    assert f(second[0]) == 7 and f(second[0]) == 7


def scaled(x, scale=1.0, shift=0):
    return x * scale + shift


@pytest.mark.parametrize(
    "args, kwargs",
    [
        ((2,), {"scale": 3}),
        ((2,), {"shift": 1.5}),
        ((2.0,), {"shift": 1, "scale": 2}),
        ((), {"x": 2, "shift": 1}),
        ((2, 3.0), {"shift": 4}),
        ((2,), {}),
        ((2, 3), {"scale": 1}),  # given twice
        ((), {"scale": 1}),  # x missing
        ((2,), {"other": 1}),  # no such parameter
        ((1, 2, 3, 4), {}),  # too many
    ],
)
def test_keywords_and_defaults(args, kwargs):
    for _ in range(2):
        assert_same(scaled, *args, **kwargs)


def test_changed_defaults_are_read_at_each_call():
    def f(x, y=1):
        return x + y

    g = oxjit.njit(f)
    assert g(1, y=2) == 3 and g(1) == 2
    f.__defaults__ = (10,)
    assert g(1) == 11 and g(x=1) == 11
