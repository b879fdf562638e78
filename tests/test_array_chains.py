"""Chains of whole-array statements fused into one loop (intermediates used by several later
statements: `fuse_uses.rs`), the unit-stride row loops over views (`arrayexpr_rows.rs`), and sums
and means along a non-innermost axis by whole slices (`reduce_slices.rs`). Each is compared with
NumPy exactly (values bit for bit, dtype, shape, layout flags, writes into the arguments and
memory sharing) on C, F, strided, negative-stride, broadcast, 0-length and overlapping inputs."""

import numpy as np
import pytest
from conftest import assert_same, jitted


def harris(image):
    dx = (image[1:, :] - image[:-1, :])[:, 1:]
    dy = (image[:, 1:] - image[:, :-1])[1:, :]
    a = dx * dx
    b = dx * dy
    c = dy * dy
    det = a * c - b * b
    tr = a + c
    return det - 0.04 * tr * tr


def shared_chain(x, y):
    s = x + y
    d = x - y
    return s * d + s / 3.0 - d * d


def shared_and_returned(x, y):
    # `s` is returned too: it must exist as an array, and the product still be right.
    s = x * y
    return s, s + s * 2.0


def write_between(a, b):
    # `a` changes between `t`'s statement and its users: t keeps the values from before.
    t = a * 2.0
    a += 1.0
    return t + t * b


def setitem_between(a, b):
    t = a + b
    a[0] = 100.0
    return t * t - a


def inplace_user(a, b):
    t = b * b
    a += t - t / 2.0
    return a


def broadcast_chain(col, row):
    p = col * row
    q = p - col
    return p * q + q


def int_chain(a, b):
    s = a + b
    return s * s - s * b


def mixed_chain(a, b):
    s = a * b
    return s / 2 + s * 0.5


def compare_chain(x, y):
    d = x - y
    return (d > 0) & (d * d < 0.25)


def exp_shared(x):
    # An expensive operation used twice stays one array (recomputing it would cost more).
    e = np.exp(x)
    return e * e + e


RNG = np.random.default_rng(14)


def views_2d(rows, cols):
    """C, F, strided, negative-stride and transposed inputs of the same shape."""
    base = RNG.random((2 * rows + 1, 2 * cols + 1))
    c = np.ascontiguousarray(base[:rows, :cols])
    return {
        "C": c,
        "F": np.asfortranarray(c),
        "strided": base[::2, ::2][:rows, :cols],
        "negative": base[::-2, ::-1][:rows, :cols],
        "rows_view": base[1 : rows + 1, 1 : cols + 1],
        "transposed": np.ascontiguousarray(base[:cols, :rows]).T,
    }


@pytest.mark.parametrize("kind", sorted(views_2d(2, 2)))
@pytest.mark.parametrize("shape", [(9, 13), (1, 7), (7, 1), (2, 2), (0, 5), (5, 0)])
def test_harris_layouts(kind, shape):
    image = views_2d(shape[0] + 1, shape[1] + 1)[kind]
    assert_same(harris, image)


@pytest.mark.parametrize("fn", [shared_chain, mixed_chain, compare_chain, exp_shared])
@pytest.mark.parametrize("kind", sorted(views_2d(2, 2)))
def test_shared_chains_layouts(fn, kind):
    v = views_2d(6, 11)
    x = v[kind]
    y = v["C" if kind != "C" else "negative"]
    if fn is exp_shared:
        assert_same(fn, x)
    else:
        assert_same(fn, x, y)


def test_shared_chain_mixed_orders():
    # Inputs in different memory orders: the result keeps NumPy's order='K' choice.
    v = views_2d(5, 8)
    assert_same(shared_chain, v["F"], v["C"])
    assert_same(shared_chain, v["transposed"], v["F"])


def test_shared_chain_1d_and_0_length():
    x = RNG.random(37)
    assert_same(shared_chain, x, x[::-1])
    assert_same(shared_chain, x[::3], x[1::3])
    assert_same(shared_chain, x[:0], x[:0])
    assert_same(shared_chain, x, 2.5)


def test_shared_chain_same_array_twice():
    x = RNG.random((4, 6))
    assert_same(shared_chain, x, x)
    assert_same(shared_chain, x, x.T.T)


def test_shared_and_returned():
    x, y = RNG.random((3, 5)), RNG.random((3, 5))
    assert_same(shared_and_returned, x, y)


@pytest.mark.parametrize("kind", ["C", "strided", "negative"])
def test_writes_between_statements(kind):
    v = views_2d(4, 6)
    a, b = v[kind], v["rows_view"]
    assert_same(write_between, a, b)
    assert_same(setitem_between, a, b)


def test_inplace_user_overlapping():
    base = RNG.random(20)
    assert_same(inplace_user, base[:10], base[5:15])
    assert_same(inplace_user, base[:10], base[:10])
    assert_same(inplace_user, base[:10], base[::-2])


def test_broadcast_chain():
    col, row = RNG.random((6, 1)), RNG.random(9)
    assert_same(broadcast_chain, col, row)
    assert_same(broadcast_chain, col[::-1], row[::2])
    assert_same(broadcast_chain, np.asfortranarray(RNG.random((6, 9))), row)
    assert_same(broadcast_chain, RNG.random((0, 1)), row)


def test_broadcast_chain_bad_shapes():
    assert_same(broadcast_chain, RNG.random((3, 2)), RNG.random(5))


def test_int_chains_wrap():
    a = RNG.integers(-(2**62), 2**62, (4, 5))
    b = RNG.integers(-(2**40), 2**40, (4, 5))
    assert_same(int_chain, a, b)
    assert_same(int_chain, a.astype(np.int32), b.astype(np.int8))
    assert_same(int_chain, a[:, ::-2].astype(np.uint16), b[:, 1::2].astype(np.uint8))


def allocations(fn, *args):
    """Blocks the compiled `fn` allocates and frees in one call (after compiling it)."""
    import gc

    from oxjit.runtime import get_allocation_stats

    f = jitted(fn)
    f(*args)
    gc.collect()
    before = get_allocation_stats()
    result = f(*args)
    after = get_allocation_stats()
    del result
    return after.alloc - before.alloc, after.free - before.free


@pytest.mark.requires_jit
def test_chains_make_no_temporaries():
    # harris: dx's and dy's differences and the result; a, b, c, det, tr are never arrays.
    assert allocations(harris, RNG.random((6, 7))) == (3, 2)
    x, y = RNG.random(8), RNG.random(8)
    assert allocations(shared_chain, x, y) == (1, 0)
    # An array written between a statement and its users is not fused past: t is an array.
    assert allocations(write_between, x.copy(), y) == (2, 1)
    # exp is not recomputed: e is an array of its own.
    assert allocations(exp_shared, x) == (2, 1)
    # Returned: s is an array, and the second result another.
    assert allocations(shared_and_returned, x, y) == (2, 0)


# ------------------------------------------------------------------ unit-stride rows of views


def sub_views(a, b):
    return a[1:, :-1] * 2.0 + b[:-1, 1:]


def add_into_view(x, y, out):
    np.add(x, y, out=out[1:, 1:])
    return out


def iadd_view(a, b):
    a[1:, 1:] += b[:-1, :-1]
    return a


def shift_assign(a):
    a[1:] = a[:-1] + 1
    return a


def shift_assign_2d(a):
    a[1:, 1:] = a[:-1, :-1] * 2.0 + a[1:, 1:]
    return a


def stencil(u):
    return 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])


def stencil_into(u, v):
    v[1:-1, 1:-1] = 0.25 * (u[:-2, 1:-1] + u[2:, 1:-1] + u[1:-1, :-2] + u[1:-1, 2:])
    return v


def scale_3d(a, b):
    return a[:, 1:, :-1] * b[:, :-1, 1:] - 1.5


@pytest.mark.parametrize("kind", sorted(views_2d(2, 2)))
def test_sub_views(kind):
    v = views_2d(7, 10)
    assert_same(sub_views, v[kind], v["C"])
    assert_same(sub_views, v["C"], v[kind])
    assert_same(stencil, v[kind])


@pytest.mark.parametrize("dtype", [np.float32, np.int64, np.int16, np.complex128])
def test_sub_views_dtypes(dtype):
    a = (RNG.random((5, 9)) * 50).astype(dtype)
    b = (RNG.random((5, 9)) * 50).astype(dtype)
    assert_same(sub_views, a, b)
    assert_same(sub_views, a, b.real.astype(np.float64))


def test_out_view_and_inplace_view():
    x, y = RNG.random((4, 6)), RNG.random((4, 6))
    assert_same(add_into_view, x[1:, 1:], y[:-1, :-1], RNG.random((4, 6)))
    assert_same(iadd_view, RNG.random((5, 7)), RNG.random((5, 7)))
    # Overlapping: the right-hand side is read before any item is written (NumPy's temporary).
    a = RNG.random((5, 7))
    assert_same(iadd_view, a, a)


@pytest.mark.parametrize("n", [0, 1, 2, 17])
def test_overlapping_shift(n):
    assert_same(shift_assign, np.arange(float(n)))
    assert_same(shift_assign, np.arange(n))
    a = RNG.random((n, n + 2))
    assert_same(shift_assign_2d, a)
    assert_same(shift_assign_2d, np.asfortranarray(a))


def test_stencil_into_layouts():
    v = views_2d(9, 12)
    for kind in ("C", "F", "negative"):
        assert_same(stencil_into, v[kind], np.zeros((9, 12)))
        assert_same(stencil_into, v["C"], np.zeros((9, 12)).T.copy().T)
    u = RNG.random((6, 8))
    assert_same(stencil_into, u, u)  # reads and writes the same array: NumPy's temporary


def test_scale_3d_layouts():
    a = RNG.random((3, 5, 7))
    assert_same(scale_3d, a, a)
    assert_same(scale_3d, np.asfortranarray(a), a[::-1])
    assert_same(scale_3d, a[:, :, ::-1], a.transpose(0, 2, 1).copy().transpose(0, 2, 1))
    assert_same(scale_3d, a[:0], a[:0])


def test_row_broadcast_inner_axis():
    # A column broadcast along the innermost axis (stride 0 there): the general loops.
    col = RNG.random((6, 1))
    base = RNG.random((6, 9))
    assert_same(sub_views, base, np.broadcast_to(col, (6, 9)))
    assert_same(sub_views, np.broadcast_to(col, (6, 9)), base)


# ------------------------------------------------------------- sums and means along an axis


def sum0(a):
    return a.sum(axis=0)


def sum1(a):
    return a.sum(axis=1)


def mean0(a):
    return a.mean(axis=0)


def sum_last(a):
    return a.sum(axis=-1)


def np_sum0(a):
    return np.sum(a, axis=0)


def np_mean1(a):
    return np.mean(a, axis=1)


def sum0_keepdims(a):
    return a.sum(axis=0, keepdims=True)


AXIS_FNS = [sum0, sum1, mean0, sum_last, np_sum0, np_mean1, sum0_keepdims]


def arrays_for_axes():
    x = RNG.standard_normal((9, 13)) * 1e3
    x[2, 3] = -0.0
    return {
        "C": x,
        "F": np.asfortranarray(x),
        "strided": x[::2, ::3],
        "negative": x[::-1, ::-2],
        "transposed": x.T,
        "one_row": x[:1],
        "one_col": x[:, :1],
        "empty_rows": x[:0],
        "empty_cols": x[:, :0],
        "float32": x.astype(np.float32),
        "int32": (x * 100).astype(np.int32),
        "uint8": np.abs(x).astype(np.uint8),
        "bool": x > 0,
        "complex": x + 1j * x[::-1],
        "neg_zero": np.full((4, 3), -0.0),
    }


@pytest.mark.parametrize("fn", AXIS_FNS)
@pytest.mark.parametrize("kind", sorted(arrays_for_axes()))
def test_axis_sums(fn, kind):
    a = arrays_for_axes()[kind]
    if kind == "complex" and fn in (mean0, np_mean1):
        a = a.real.copy()
    assert_same(fn, a)


@pytest.mark.parametrize("fn", [sum0, mean0, sum1, sum_last])
def test_axis_sums_3d(fn):
    a = RNG.standard_normal((4, 5, 6))
    for x in (a, np.asfortranarray(a), a.transpose(1, 2, 0), a[:, ::-1, 1::2], a[:, :0]):
        assert_same(fn, x)


def sum_axis1_3d(a):
    return a.sum(axis=1), a.mean(axis=1)


def test_middle_axis_3d():
    a = RNG.standard_normal((3, 7, 5))
    for x in (a, np.asfortranarray(a), a[::-1, :, ::2], a.transpose(2, 1, 0)):
        assert_same(sum_axis1_3d, x)


# ---------------------------------------------------------------- a[mask] without branches


def select(a, mask):
    return a[mask]


def select_twice(a, mask):
    # The selection of a selection, by a mask made in the function.
    b = a[mask]
    return b[b > 0.25]


MASKS = {
    "random": RNG.random(41) < 0.5,
    "all": np.ones(41, dtype=bool),
    "none": np.zeros(41, dtype=bool),
    "leading_false": np.arange(41) > 30,
    "trailing_false": np.arange(41) < 7,
    "last_only": np.arange(41) == 40,
    "first_only": np.arange(41) == 0,
}


@pytest.mark.parametrize("kind", sorted(MASKS))
def test_select_masks(kind):
    mask = MASKS[kind]
    a = RNG.random(41)
    assert_same(select, a, mask)
    assert_same(select, (a * 100).astype(np.int16), mask)
    assert_same(select, a + 1j * a[::-1], mask)
    assert_same(select_twice, a, mask)


def test_select_views_and_empty():
    base = RNG.random(90)
    mask = RNG.random(90) < 0.4
    assert_same(select, base[::2], mask[1::2])
    assert_same(select, base[::-3], mask[::3])
    assert_same(select, base[:0], mask[:0])
    assert_same(select, base[:5], mask[:4])  # NumPy's IndexError
