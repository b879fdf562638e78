"""Whole-array reductions as methods and NumPy functions: sum, prod, min, max, argmin, argmax,
all, any, compared with NumPy's results exactly (float sums use NumPy's pairwise summation)."""

import warnings

import numpy as np
import pytest
from conftest import jitted, same_value


def m_sum(a):
    return a.sum()


def m_prod(a):
    return a.prod()


def m_min(a):
    return a.min()


def m_max(a):
    return a.max()


def m_argmin(a):
    return a.argmin()


def m_argmax(a):
    return a.argmax()


def m_all(a):
    return a.all()


def m_any(a):
    return a.any()


def m_mean(a):
    return a.mean()


def f_mean(a):
    return np.mean(a)


def f_sum(a):
    return np.sum(a)


def f_max(a):
    return np.max(a)


def f_argmax(a):
    return np.argmax(a)


METHODS = [
    m_sum, m_prod, m_min, m_max, m_argmin, m_argmax, m_all, m_any, m_mean, f_sum, f_max, f_argmax,
    f_mean,
]  # fmt: skip


def plain(v):
    return v.item() if isinstance(v, np.generic) else v


def check(fn, a):
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # mean of an empty array warns in NumPy
            expected = ("ok", plain(fn(a)))
    except ValueError as e:
        expected = ("ValueError", str(e))
    try:
        got = ("ok", plain(jitted(fn)(a)))
    except ValueError as e:
        got = ("ValueError", str(e))
    assert expected[0] == got[0], (fn.__name__, a, expected, got)
    if expected[0] == "ok":
        assert same_value(expected[1], got[1]), (fn.__name__, a, expected, got)
    else:
        assert expected[1] == got[1]


def arrays():
    rng = np.random.default_rng(7)
    out = [
        rng.standard_normal(1000),
        rng.standard_normal(129),
        rng.standard_normal(7),
        rng.standard_normal((30, 40)),
        np.asfortranarray(rng.standard_normal((17, 9))),
        rng.standard_normal((20, 12))[::2, ::3],
        rng.standard_normal(301)[::-3],
        rng.standard_normal(5000).astype(np.float32),
        np.array([-0.0, -0.0]),
        np.array([1.0, np.nan, 3.0, np.nan]),
        np.array([3, 1, 4, 1, 5, 9, 2, 6], dtype=np.int32),
        np.arange(1, 15, dtype=np.int64),
        np.array([200, 100, 7], dtype=np.uint8),
        np.array([True, False, True]),
        np.array([], dtype=np.float64),
        np.zeros((0, 3)),
        np.arange(20000, dtype=np.int64).reshape(100, 200) * 7919 % 1000,
        np.random.default_rng(3).standard_normal(20000),
    ]
    return out


@pytest.mark.parametrize("fn", METHODS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("index", range(18))
def test_reductions_match_numpy(fn, index):
    a = arrays()[index]
    if fn in (m_prod,) and a.dtype.kind == "f" and a.size > 50:
        a = a[:50] / 2 + 1  # keep products finite
    check(fn, a)
