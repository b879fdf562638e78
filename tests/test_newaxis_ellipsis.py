"""np.newaxis / None and ... in subscripts: views with added axes of length 1, `...` standing for
every axis not indexed; reading, writing and broadcasting through them. Compared with NumPy."""

import numpy as np
import pytest
from conftest import assert_same


def new_axes(a):
    return a[:, None], a[None, :], a[np.newaxis], a[None], a[..., None]


def outer_by_broadcasting(a, b):
    return a[:, np.newaxis] * b[np.newaxis, :]


def ellipsis_views(m):
    return m[...], m[..., 0], m[0, ...], m[..., 1:], m[1, ..., 2]


def ellipsis_item(v):
    return float(v[..., 3])


def fill_all(m):
    m = m.copy()
    m[...] = 7.0
    return m


def set_column(m, x):
    m = m.copy()
    m[..., 1] = x
    return m


def test_new_axes():
    assert_same(new_axes, np.arange(4.0))
    assert_same(outer_by_broadcasting, np.arange(3.0), np.arange(4.0) + 1)


@pytest.mark.parametrize(
    "m", [np.arange(24.0).reshape(2, 3, 4), np.asfortranarray(np.arange(24.0).reshape(2, 3, 4))]
)
def test_ellipsis(m):
    assert_same(ellipsis_views, m)
    assert_same(fill_all, m)
    assert_same(set_column, m, -1.0)


def test_ellipsis_item():
    assert_same(ellipsis_item, np.arange(5.0))
