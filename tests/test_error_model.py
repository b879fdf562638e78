"""`error_model`: with "python" (the default) division by zero raises ZeroDivisionError as in
CPython; with "numpy" scalar `/`, `//`, `%` and `divmod` by zero raise nothing and give what
NumPy's ufuncs give (and Numba under that model): ±inf or nan for floats and true division,
0 for integer `//` and `%`. Complex division by zero raises in both models, as in Numba (whose
complex division ignores the model). Anything but "python" or "numpy" is an error."""

import math
import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_same, same_value


def truediv(a, b):
    return a / b


def floordiv(a, b):
    return a // b


def mod(a, b):
    return a % b


def divmod_(a, b):
    return divmod(a, b)


def ifloordiv(a, b):
    a //= b
    return a


def imod(a, b):
    a %= b
    return a


def complex_div(a, b):
    return a / b


def in_a_loop(xs_scale, n):
    # A zero divisor met in the middle of a loop: under "numpy" the loop goes on.
    total = 0.0
    for i in range(n):
        total += xs_scale / (i - 2) + (i * 1.0) // (i - 3) + (i * 1.0) % (i - 1)
    return total


NAN, INF = math.nan, math.inf
ZERO_DIVISORS = [
    (1, 0), (0, 0), (-5, 0), (True, False), (7, False),
    (1.0, 0.0), (-1.0, 0.0), (0.0, 0.0), (1.0, -0.0), (-2.5, -0.0), (0.0, -0.0),
    (INF, 0.0), (-INF, 0.0), (NAN, 0.0), (1, 0.0), (-3, -0.0), (2.5, 0), (-2.5, False),
]  # fmt: skip
NONZERO = [(7, 2), (-7, 2), (-7.5, 2.0), (7.5, -2), (1e308, 1e-308), (5, True)]
OPS = [truediv, floordiv, mod, divmod_, ifloordiv, imod]


def numpy_reference(op, a, b):
    """What NumPy's ufuncs give for `a op b` on int64/float64 scalars (no exception, no warning),
    as the Python type the compiled function returns: CPython's result type for this op."""
    floats = isinstance(a, float) or isinstance(b, float)
    x, y = (np.float64(a), np.float64(b)) if floats else (np.int64(a), np.int64(b))
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        if op is truediv:
            return float(np.true_divide(x, y))
        convert = float if floats else int
        q, r = np.floor_divide(x, y), np.remainder(x, y)
        if op is divmod_:
            return convert(q), convert(r)
        return convert(q if op in (floordiv, ifloordiv) else r)


@pytest.mark.requires_jit
@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", ZERO_DIVISORS + NONZERO)
def test_numpy_model_gives_numpys_values(op, a, b):
    got = oxjit.njit(error_model="numpy")(op)(a, b)
    expected = numpy_reference(op, a, b)
    assert same_value(got, expected), (op.__name__, a, b, got, expected)
    if b:  # a nonzero divisor: exactly CPython's result, whatever the model
        assert same_value(got, op(a, b))


@pytest.mark.parametrize("op", OPS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, b", ZERO_DIVISORS + NONZERO)
def test_python_model_is_cpython(op, a, b):
    # The default and error_model="python" raise CPython's ZeroDivisionError (its message).
    assert_same(op, a, b)
    assert_same(oxjit.njit(error_model="python")(op), a, b)


@pytest.mark.parametrize("model", ["python", "numpy"])
@pytest.mark.parametrize("a, b", [(1j, 0j), (1j, 0), (1.0, 0j), (0j, 0j), (2 + 1j, -0.0)])
def test_complex_division_by_zero_raises_in_both_models(model, a, b):
    assert_same(oxjit.njit(error_model=model)(complex_div), a, b)


@pytest.mark.requires_jit
def test_numpy_model_inside_a_loop():
    with np.errstate(all="ignore"):
        expected = sum(
            float(np.float64(3.0) / (i - 2))
            + float(np.floor_divide(np.float64(i), i - 3))
            + float(np.remainder(np.float64(i), i - 1))
            for i in range(6)
        )
    assert same_value(oxjit.njit(error_model="numpy")(in_a_loop)(3.0, 6), expected)
    assert_same(in_a_loop, 3.0, 6)  # the python model raises at i == 1


@pytest.mark.requires_jit
def test_the_models_do_not_share_machine_code():
    # Two dispatchers of one function, one per model, called alternately.
    numpy_model = oxjit.njit(error_model="numpy")(floordiv)
    python_model = oxjit.njit(floordiv)
    for _ in range(2):
        assert numpy_model(1.0, 0.0) == INF
        with pytest.raises(ZeroDivisionError):
            python_model(1.0, 0.0)


@pytest.mark.requires_oxjit
@pytest.mark.parametrize("value", ["Numpy", "ieee", "", None, 1, True])
@pytest.mark.parametrize("decorator", [oxjit.njit, oxjit.jit], ids=["njit", "jit"])
def test_invalid_error_model_is_an_error(decorator, value):
    with pytest.raises(ValueError, match="error_model must be 'python' or 'numpy'"):
        decorator(error_model=value)(truediv)


@pytest.mark.requires_jit
@pytest.mark.parametrize("value", ["Numpy", "ieee", 1])
def test_invalid_error_model_is_an_error_in_the_extension(value):
    # The extension's own Dispatcher checks too (docs/internals.md): never the default silently.
    from oxjit import _oxjit

    with pytest.raises(ValueError, match="error_model must be 'python' or 'numpy'"):
        _oxjit.Dispatcher(truediv, {"error_model": value})
    _oxjit.Dispatcher(truediv, {"error_model": "numpy"})
