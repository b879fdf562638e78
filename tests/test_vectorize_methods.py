"""The ufunc methods of `@vectorize` functions: from Python they are NumPy's (a static
`@vectorize([...])` is a NumPy ufunc; a dynamic one a `DUFunc` that compiles a loop for the
types seen, `tests/test_vectorize.py`); in compiled code, where a `@vectorize` function is its
kernel called on numbers, its methods are refused at compile time with a clear error naming
the attribute (not yet compiled), never with a misleading "no attribute" message."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error


@oxjit.vectorize
def dyn_add(x, y):
    return x + y


@oxjit.vectorize(["float64(float64, float64)", "int64(int64, int64)"], identity=0)
def static_add(x, y):
    return x + y


def call_reduce(a):
    return dyn_add.reduce(a)


def call_accumulate(a):
    return dyn_add.accumulate(a)


def call_outer(a):
    return static_add.outer(a, a)


def call_at(a):
    static_add.at(a, [0, 1], 1.0)


def read_identity(a):
    return static_add.identity


@pytest.mark.parametrize(
    "fn,snippet,name",
    [(call_reduce, "dyn_add.reduce", "reduce"), (call_accumulate, "dyn_add.accumulate",
     "accumulate"), (call_outer, "static_add.outer", "outer"), (call_at, "static_add.at", "at"),
     (read_identity, "static_add.identity", "identity")],
)  # fmt: skip
def test_methods_in_compiled_code_are_refused_clearly(fn, snippet, name):
    exc = compile_error(fn, np.arange(4.0))
    msg = assert_diagnostic(exc, fn, snippet, oxjit.errors.UnsupportedError)
    assert f"'{name}' of a @vectorize ufunc" in msg
    assert "from Python" in msg


@pytest.mark.parametrize("u", [dyn_add, static_add])
def test_methods_from_python_are_numpys(u):
    a = np.arange(12.0).reshape(3, 4)
    for got, expected in [
        (u.reduce(a), np.add.reduce(a)),
        (u.reduce(a, axis=1), np.add.reduce(a, axis=1)),
        (u.accumulate(a), np.add.accumulate(a)),
        (u.outer(a[0], a[1]), np.add.outer(a[0], a[1])),
        (u.reduceat(a[0], [0, 2]), np.add.reduceat(a[0], [0, 2])),
    ]:
        assert got.dtype == expected.dtype and np.array_equal(got, expected)
    b, e = np.zeros(3), np.zeros(3)
    u.at(b, [0, 0, 1], 1.0)
    np.add.at(e, [0, 0, 1], 1.0)
    assert np.array_equal(b, e)
    assert u.nin == 2 and u.nout == 1
    assert static_add.identity == 0 and dyn_add.identity is None
