"""The comparison helpers of conftest.py are themselves exact: a helper that accepted too much
would make every differential test unable to fail."""

import math
import pickle

import numpy as np
import oxjit
import pytest
from _argclone import Snapshot, clone_arg
from conftest import (
    assert_diagnostic,
    assert_promoted,
    assert_same,
    assert_same_wrapped,
    compare_outcomes,
    same_value,
    source_position,
    wrap64,
)

NAN = math.nan


@pytest.mark.parametrize(
    "a, b",
    [(0.0, -0.0), (1, True), (1, 1.0), (1.0, 1 + 0j), (complex(0.0, 0.0), complex(0.0, -0.0)),
     (complex(NAN, 1.0), complex(NAN, 2.0)), ((1, 2.0), (1, 2)), ((1, (2,)), (1, (2, 3))),
     ((1,), [1]), (NAN, 1.0), (None, 0), (2**63, -(2**63))],
)  # fmt: skip
def test_same_value_distinguishes(a, b):
    assert not same_value(a, b)
    assert not same_value(b, a)


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, NAN, -NAN, 1, True, 1 + 2j, complex(NAN, -0.0), (1, (2.5, (NAN,))), (), None],
)
def test_same_value_reflexive(value):
    assert same_value(value, value)


@pytest.mark.parametrize(
    "exact, wrapped",
    [(2**63, -(2**63)), (2**64 + 5, 5), (-(2**63) - 1, 2**63 - 1), (7, 7), (-7, -7),
     ((2**63, 1.5), (-(2**63), 1.5))],
)  # fmt: skip
def test_wrap64(exact, wrapped):
    assert same_value(wrap64(exact), wrapped)
    assert wrap64(True) is True


def test_compare_outcomes_checks_exception_class_and_message():
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (False, ValueError("b")))
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (False, TypeError("a")))
    with pytest.raises(AssertionError):
        compare_outcomes("f()", (False, ValueError("a")), (True, None))
    compare_outcomes("f()", (False, KeyError("k")), (False, KeyError("k")))


def sample(x):
    return x & 1.5


def rendered(line, col):
    # The shape of oxjit's diagnostics (crates/oxjit-core/src/diagnostics.rs).
    return (
        f"{__file__}:{line}:{col}: typing error: cannot apply & to int64 and float64\n"
        f"{' ' * len(str(line))} |\n{line} |     return x & 1.5\n"
        f"{' ' * len(str(line))} |            ^^^^^^^"
    )


def test_assert_diagnostic_accepts_a_right_message():
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.TypingError(rendered(line, col))
    assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)


@pytest.mark.parametrize("dline, dcol", [(1, 0), (-1, 0), (0, 20)])
def test_assert_diagnostic_rejects_a_wrong_place(dline, dcol):
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.TypingError(rendered(line + dline, col + dcol))
    with pytest.raises(AssertionError):
        assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)


def test_assert_diagnostic_rejects_a_wrong_class():
    line, col = source_position(sample, "x & 1.5")
    exc = oxjit.errors.UnsupportedError(rendered(line, col))
    with pytest.raises(AssertionError):
        assert_diagnostic(exc, sample, "x & 1.5", oxjit.errors.TypingError)


# --------------------------------------------------------------------------------------------
# independent copies of the arguments (tests/_argclone.py)


def _layouts():
    base = np.arange(24.0).reshape(4, 6)
    readonly = base.copy()
    readonly.flags.writeable = False
    unaligned = np.zeros(8 * 5 + 1, np.uint8)[1:].view(np.float64)
    return {
        "C": base,
        "C, owning": base.copy(),
        "F": np.asfortranarray(base),
        "strided": base[:, ::2],
        "reversed": base[::-1, 1:],
        "transposed": base.T,
        "negative step 1-d": np.arange(5)[::-2],
        "0-d": np.zeros(()),
        "empty": np.empty((0, 3)),
        "broadcast": np.broadcast_to(np.arange(3.0), (4, 3)),
        "length-1 axis": np.ones((4, 1))[::2],
        "C and F": np.ones((1, 4), order="F"),
        "contiguous view": np.arange(6.0)[3:],
        "column": base[:, 1],
        "read-only": readonly,
        "read-only view": readonly[::2],
        "unaligned": unaligned,
        "big-endian": np.arange(6, dtype=">i4"),
        "complex": np.arange(4) * (1 + 2j),
        "bool": np.arange(5) % 2 == 0,
    }


FLAGS = ["C_CONTIGUOUS", "F_CONTIGUOUS", "WRITEABLE", "ALIGNED", "OWNDATA"]


@pytest.mark.parametrize("name", list(_layouts()))
def test_clone_arg_keeps_the_kind_of_array(name):
    a = _layouts()[name]
    c = clone_arg(a)
    assert type(c) is type(a) and c.dtype == a.dtype
    assert c.shape == a.shape and c.strides == a.strides
    assert [c.flags[f] for f in FLAGS] == [a.flags[f] for f in FLAGS]
    assert np.array_equal(c, a) and not np.shares_memory(c, a)
    assert (c.base is None) == (a.base is None)
    if a.base is not None:  # a view of a fresh buffer at the same address modulo 64
        assert c.ctypes.data % 64 == a.ctypes.data % 64


def test_clone_arg_copies_containers():
    a = np.arange(4.0)
    t = clone_arg((a, (1, a[::2]), [a], {"k": a}))
    assert same_value(t[0], a) and t[0] is not a
    assert t[1][1].base is t[0] and t[2][0] is t[0] and t[3]["k"] is t[0]


def test_copies_share_memory_as_the_arguments_do():
    a = np.arange(10.0)
    other = np.arange(3)
    (x, y, z, w, o), _ = Snapshot((a, a[1:], a, a[::3], other), {}).materialize()
    assert x is z and x.flags.owndata and x is not a
    assert y.base is x and w.base is x and not np.shares_memory(o, x)
    x[1] = 99.0
    assert y[0] == 99.0 and a[1] == 1.0
    (p, q), _ = Snapshot((a[2:], a[:5]), {}).materialize()  # overlap, no argument owns it
    p[0] = -1.0
    assert q[2] == -1.0 and a[2] == 2.0


def test_snapshots_pickle_with_their_layouts():
    base = np.arange(24.0).reshape(4, 6).copy()
    snapshot = pickle.loads(pickle.dumps(Snapshot((base[::2, ::-3], base.T), {"k": base})))
    (v, t), kw = snapshot.materialize()
    assert v.strides == (96, -24) and t.flags.f_contiguous and kw["k"].flags.c_contiguous
    assert v.base is kw["k"] and t.base is kw["k"] and np.array_equal(t, base.T)


# --------------------------------------------------------------------------------------------
# the differential helpers see writes into arguments and memory sharing


class FakeDispatcher:
    """Stands in for a compiled function: `conftest.jitted` takes any object with a `py_func` as
    the compiled version, so `impl` plays the compiler's part and `py_func` CPython's."""

    def __init__(self, py_func, impl):
        self.py_func = py_func
        self.impl = impl
        self.__name__ = py_func.__name__

    def __call__(self, *args, **kwargs):
        return self.impl(*args, **kwargs)


def fill_and_return(a):
    a[0] = 1.0
    return a


def fill_wrongly(a):
    a[0] = 2.0
    return a


def copy_of(a):
    return a.copy()


def view_of(a):
    return a[:]


def scale_in_place(a, out):
    out[:] = a * 2
    return out[0]


def pair(a):
    return a, a


def pair_copied(a):
    return a, a.copy()


@pytest.mark.parametrize(
    "py_func, impl",
    [
        (fill_and_return, fill_wrongly),  # same object on both sides before: compared nothing
        (copy_of, view_of),  # a copy that returns its input
        (view_of, copy_of),  # a view that copies
        (pair, pair_copied),  # results sharing memory with each other
        (copy_of, fill_and_return),  # a write into an argument
    ],
    ids=lambda f: f.__name__,
)
def test_assert_same_sees_writes_and_sharing(py_func, impl):
    a = np.arange(4.0)
    with pytest.raises(AssertionError):
        assert_same(FakeDispatcher(py_func, impl), a)
    with pytest.raises(AssertionError):
        assert_same_wrapped(FakeDispatcher(py_func, impl), a)
    with pytest.raises(AssertionError):
        assert_promoted(FakeDispatcher(py_func, impl), lambda x: x, a)
    assert a.tolist() == [0.0, 1.0, 2.0, 3.0]  # the caller's array is never written
    assert_same(FakeDispatcher(py_func, py_func), a)


def test_assert_same_compares_keyword_arguments_after_the_call():
    a, out = np.arange(3.0), np.zeros(3)
    assert_same(FakeDispatcher(scale_in_place, scale_in_place), a, out=out)
    with pytest.raises(AssertionError, match="argument 1 after the call"):
        assert_same(FakeDispatcher(scale_in_place, lambda a, out: out[0]), a, out=out)


def test_each_side_gets_the_layout_of_the_argument():
    seen = []

    def record(a):
        seen.append((a.strides, a.flags.f_contiguous, a.flags.writeable))
        return a.sum()

    a = np.asfortranarray(np.arange(6.0).reshape(2, 3))[:, ::2]
    a.flags.writeable = False
    assert_same(FakeDispatcher(record, record), a)
    assert seen == [(a.strides, a.flags.f_contiguous, False)] * 2
