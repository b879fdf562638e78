"""`f(**{"a": 1, "b": x})`: a literal dict of string keys spread into a call, between compiled
functions and into builtins, compared with CPython; other `**` forms are refused with a clear
error."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error

pytestmark = pytest.mark.requires_jit

# ruff: noqa: PIE804 (spreading literal dicts is what these tests test)


@oxjit.njit
def scaled(x, scale=1.0, shift=0.0):
    return x * scale + shift


def spread_literal(x):
    return scaled(x, **{"scale": 2.0, "shift": 1.0})


def spread_with_values(x, s):
    return scaled(**{"x": x, "shift": s})


def spread_and_keywords(x):
    return scaled(x, shift=3.0, **{"scale": -1.0})


def spread_repeated_key(x):
    return scaled(x, **{"scale": 2.0, "scale": 5.0})  # noqa: F601, PLE1132 (the last is kept)


def spread_into_numpy(n):
    return int(np.ones(**{"shape": n, "dtype": np.int32}).sum())


def spread_empty(x):
    return scaled(x, **{})


def twice(x):
    return scaled(x, scale=2.0, **{"scale": 3.0})  # noqa: PLE1132 (the error tested)


def not_literal(x, d):
    return scaled(x, **d)


def non_string_key(x):
    return scaled(x, **{1: 2.0})


def kwargs_param(**kw):
    return kw


def test_literal_dicts():
    assert_same(spread_literal, 2.0)
    assert_same(spread_with_values, 3.0, 0.5)
    assert_same(spread_and_keywords, 2.0)
    assert_same(spread_repeated_key, 2.0)
    assert_same(spread_empty, 4.0)
    assert_same(spread_into_numpy, 4)


def test_refused():
    exc = compile_error(twice, 1.0)
    assert_diagnostic(exc, twice, '{"scale": 3.0}', oxjit.errors.TypingError)
    assert "got multiple values for keyword argument 'scale'" in str(exc)
    with pytest.raises(TypeError, match="multiple values for keyword argument 'scale'"):
        twice(1.0)
    exc = compile_error(non_string_key, 1.0)
    assert_diagnostic(exc, non_string_key, "1", oxjit.errors.UnsupportedError)
    # `**kwargs` parameters are supported (test_kwargs_param.py): an empty one returns {}.
    assert_same(kwargs_param)


def test_non_literal_refused():
    # A dict whose keys are not known when compiling can only be forwarded to a **kwargs
    # parameter, with every other parameter given (test_kwargs_param.py).
    with pytest.raises(oxjit.errors.CompilerError) as info:
        oxjit.njit(not_literal)(1.0, (1.0,))
    assert_diagnostic(info.value, not_literal, "scaled(x, **d)", oxjit.errors.UnsupportedError)
    assert "could name a parameter left to its default" in str(info.value)


def _trailing_defaults(a, b=2, c=None):
    if c is None:
        return a + b
    return a + b + c


def test_trailing_defaults_by_position():
    # Calls that leave trailing parameters to their defaults take the dispatcher's short path
    # (no general binding); the defaults are read at each call, as Python does.
    f = oxjit.njit(_trailing_defaults)
    for args in [(1,), (1, 5), (1, 5, 7), (1.5,), (1, 2.5)]:
        assert_same(_trailing_defaults, *args)
        assert f(*args) == _trailing_defaults(*args)
    _trailing_defaults.__defaults__ = (10, 100)
    try:
        assert f(1) == 111 == _trailing_defaults(1)
        assert f(1, 2) == 103
    finally:
        _trailing_defaults.__defaults__ = (2, None)
    with pytest.raises(TypeError, match="missing 1 required positional argument: 'a'"):
        f()
    with pytest.raises(TypeError):
        _trailing_defaults()
