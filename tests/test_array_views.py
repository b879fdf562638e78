"""Views: `a[i]` of an n-d array, slices with any step (negative too), `a[:, j]`, mixed integer and
slice indices; iterating over them, indexing them, and returning them to Python (a NumPy view of
the same memory). Compared with NumPy's own indexing, exactly."""

import numpy as np
import pytest
from conftest import jitted


def slice1(a, b, c, d):
    return a[b:c:d]


def head(a, n):
    return a[:n]


def reverse(a):
    return a[::-1]


def every_other_from_end(a):
    return a[-2::-2]


def row(a, i):
    return a[i]


def column(a, j):
    return a[:, j]


def block(a):
    return a[1:, ::2]


def inner_sum(a):
    s = 0.0
    for x in a[1:-1]:
        s += x
    return s


def row_sums(a, out):
    for i in range(a.shape[0]):
        r = a[i]
        s = 0.0
        for j in range(len(r)):
            s += r[j]
        out[i] = s
    return out


def set_slice(a):
    a[1:3] = 0.0


def fill_column(a, j, x):
    a[:, j] = x


def fill_block(a):
    a[1:, ::2] = -1
    a[0] = 7.5


def copy_into_slice(a, b):
    a[1:3] = b


def layouts(base):
    return {
        "C": np.ascontiguousarray(base),
        "F": np.asfortranarray(base),
        "A": np.repeat(base, 2, axis=0)[::2],
    }


def assert_view(fn, a, *args):
    expected = fn(a, *args)
    got = jitted(fn)(a, *args)
    assert isinstance(got, np.ndarray)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    # The same memory: writing through the view shows in `a` (when `a` is writable).
    if got.size:
        assert np.shares_memory(got, a)


SLICES = [(2, 8, 2), (8, 2, -2), (-3, 100, 1), (0, 0, 1), (5, -1, 1), (-1, -100, -3), (100, 200, 1)]


@pytest.mark.parametrize("b, c, d", SLICES)
def test_slices_1d(b, c, d):
    x = np.arange(10.0)
    assert_view(slice1, x, b, c, d)


@pytest.mark.parametrize("n", [0, 3, 10, 20, -2])
def test_head_and_reverse(n):
    x = np.arange(7, dtype=np.int32)
    assert_view(head, x, n)
    assert_view(reverse, x)
    assert_view(every_other_from_end, x)


@pytest.mark.parametrize("layout", ["C", "F", "A"])
def test_rows_columns_blocks(layout):
    a = layouts(np.arange(20.0).reshape(4, 5))[layout]
    for i in (0, 3, -1):
        assert_view(row, a, i)
    for j in (0, 4, -2):
        assert_view(column, a, j)
    assert_view(block, a)


def test_iterating_and_indexing_views():
    x = np.linspace(0.0, 1.0, 9)
    assert jitted(inner_sum)(x) == inner_sum(x)
    a = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(jitted(row_sums)(a, np.zeros(3)), row_sums(a, np.zeros(3)))


def test_zero_step_raises_value_error():
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        jitted(slice1)(np.arange(3.0), 0, 2, 0)


@pytest.mark.parametrize("layout", ["C", "F", "A"])
def test_filling_views_with_a_number(layout):
    for fn, extra in ((set_slice, ()), (fill_column, (2, 3.25)), (fill_block, ())):
        base = np.arange(20.0).reshape(4, 5) if fn is not set_slice else np.arange(6.0)
        py_arr = layouts(base)[layout] if base.ndim == 2 else base.copy()
        jit_arr = layouts(base)[layout] if base.ndim == 2 else base.copy()
        fn(py_arr, *extra)
        jitted(fn)(jit_arr, *extra)
        np.testing.assert_array_equal(jit_arr, py_arr)


def copy_row(a, i, r):
    a[i] = r


def copy_block(a, b):
    a[1:3, ::2] = b


def run_both(fn, a, *args):
    """Runs fn in CPython and compiled on copies of `a`; returns (outcome, outcome)."""
    out = []
    for f in (fn, jitted(fn)):
        arr = a.copy()
        try:
            f(arr, *args)
            out.append(("ok", arr))
        except (ValueError, NotImplementedError) as e:
            out.append((type(e).__name__, str(e)))
    return out


@pytest.mark.parametrize(
    "b",
    [np.array([5.0, 6.0]), np.array([7]), np.array([1.5, 2.5, 3.5])],
    ids=["same", "broadcast1", "mismatch"],
)
def test_copy_into_slice(b):
    expected, got = run_both(copy_into_slice, np.zeros(4), b)
    assert expected[0] == got[0]
    if expected[0] == "ok":
        np.testing.assert_array_equal(got[1], expected[1])
    else:
        assert got[1] == expected[1]


def test_copy_rows_and_blocks_with_broadcasting_and_casting():
    a = np.zeros((4, 6))
    for r in (np.arange(6.0), np.arange(6, dtype=np.int32), np.array([9.0])):
        expected, got = run_both(copy_row, a, 2, r)
        np.testing.assert_array_equal(got[1], expected[1])
    for b in (np.ones((2, 3)), np.arange(3.0), np.ones((2, 1)) * 4):
        expected, got = run_both(copy_block, a, b)
        np.testing.assert_array_equal(got[1], expected[1])
    expected, got = run_both(copy_block, a, np.ones((3, 3)))
    assert expected == got  # ValueError with NumPy's message


def shift_right(a):
    a[1:] = a[:-1]
    return a


def shift_left(a):
    a[:-1] = a[1:]
    return a


def reverse_in_place(a):
    a[:] = a[::-1]
    return a


def rows_down(a):
    a[1:, :] = a[:-1, :]
    return a


@pytest.mark.parametrize("fn", [shift_right, shift_left, reverse_in_place])
def test_overlapping_copies_go_through_a_temporary(fn):
    # NumPy copies through a temporary where source and destination overlap.
    expected, got = run_both(fn, np.arange(6.0))
    np.testing.assert_array_equal(got[1], expected[1])


def test_overlapping_rows():
    expected, got = run_both(rows_down, np.arange(12.0).reshape(4, 3))
    np.testing.assert_array_equal(got[1], expected[1])


def transposed(a):
    return a.T


def trace_of_transpose(a):
    t = a.T
    s = 0.0
    for i in range(min(t.shape[0], t.shape[1])):
        s += t[i, i] + t[i, 0]
    return s


def real_part(a):
    return a.real


def imag_part(a):
    return a.imag


def double_imag(a):
    im = a.imag
    for i in range(len(im)):
        im[i] *= 2


@pytest.mark.parametrize("layout", ["C", "F", "A"])
def test_transpose(layout):
    a = layouts(np.arange(12.0).reshape(3, 4))[layout]
    assert_view(transposed, a)
    assert jitted(trace_of_transpose)(a) == trace_of_transpose(a)
    assert_view(transposed, np.arange(5.0))


def test_real_and_imag_views():
    z = (np.arange(6.0) + 1j * np.arange(6.0, 12.0)).reshape(2, 3)
    assert_view(real_part, z)
    assert_view(imag_part, z)
    assert_view(real_part, np.arange(4.0))
    w = z[0].copy()
    expected = w.copy()
    double_imag(expected)
    jitted(double_imag)(w)
    np.testing.assert_array_equal(w, expected)
