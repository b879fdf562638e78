"""`a.flags` in compiled code: `c_contiguous`, `f_contiguous`, `contiguous`, `forc`, `fnc`
(NumPy's rules: axes of length 1 do not count, an empty array is both) and `writeable`, for
arrays passed in and made in compiled code, every layout; against NumPy."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error


@oxjit.njit
def flag_tuple(a):
    f = a.flags
    return f.c_contiguous, f.f_contiguous, f.contiguous, f.forc, f.fnc, f.writeable


def flags(a):
    return flag_tuple(a)


def flags_of_made(a):
    return (
        flag_tuple(a.T),
        flag_tuple(a[:, ::2]),
        flag_tuple(np.ascontiguousarray(a.T)),
        flag_tuple(a.copy()),
        flag_tuple(np.empty((2, 3))),
    )


SHAPES = [(3, 4), (1, 5), (5, 1), (2, 3, 4), (0, 3), (4,), ()]


@pytest.mark.parametrize("shape", SHAPES)
def test_flags_of_each_layout(shape):
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    assert_same(flags, a)
    assert_same(flags, np.asfortranarray(a))
    if a.ndim:
        assert_same(flags, a[::-1])
        assert_same(flags, a[..., ::2])
    assert_same(flags, a.T)


def test_read_only_and_made_arrays():
    a = np.arange(12.0).reshape(3, 4)
    ro = a.copy()
    ro.flags.writeable = False
    assert_same(flags, ro)
    assert_same(flags, np.broadcast_to(np.arange(3.0), (2, 3)))
    assert_same(flags_of_made, a)


def owndata(a):
    return a.flags.owndata


def test_other_flags_are_refused_at_compile_time():
    assert "a.flags.owndata is not supported" in str(compile_error(owndata, np.ones(2)))
