"""Names and attributes that do not exist are reported as Python would (AttributeError's and
NameError's wording, with CPython's "Did you mean"), at compile time with file:line:col and a caret;
names that exist but oxjit does not support yet say so instead."""

import math
import random

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error

pytestmark = pytest.mark.requires_jit

TypingError = oxjit.errors.TypingError
UnsupportedError = oxjit.errors.UnsupportedError


def np_typo(x):
    return np.sqr(x)


def math_typo(x):
    return math.sqr(x)


def array_attr_typo(a):
    return a.shpe


def array_method_typo(a):
    return a.summ()


def random_typo():
    return np.random.randnn()


def missing_global(x):
    return x + undefined_helpr(x)  # noqa: F821


def float_attr_typo(x):
    return x.reall


def no_suggestion(a):
    return a.zzzqqqxxx


def np_unsupported(x):
    return np.busday_count(x, x)


def random_unsupported(x):
    return random.choices((x, x))


def array_unsupported(a):
    return a.tolist()


def float_unsupported(x):
    return x.hex()


def undefined_helper(x):
    return x


@pytest.mark.parametrize(
    "fn,args,snippet,message",
    [
        (np_typo, (1.0,), "np.sqr", "module 'numpy' has no attribute 'sqr'. Did you mean: 'sqrt'?"),
        (
            math_typo,
            (1.0,),
            "math.sqr",
            "module 'math' has no attribute 'sqr'. Did you mean: 'sqrt'?",
        ),
        (
            array_attr_typo,
            (np.zeros(3),),
            "a.shpe",
            "'array(float64, 1d, C)' has no attribute 'shpe'. Did you mean: 'shape'?",
        ),
        (
            array_method_typo,
            (np.zeros((2, 2), np.int32),),
            "a.summ",
            "'array(int32, 2d, C)' has no attribute 'summ'. Did you mean: 'sum'?",
        ),
        (
            random_typo,
            (),
            "np.random.randnn",
            "module 'numpy.random' has no attribute 'randnn'. Did you mean: 'randn'?",
        ),
        (
            missing_global,
            (1,),
            "undefined_helpr",
            "name 'undefined_helpr' is not defined. Did you mean: 'undefined_helper'?",
        ),
        (
            float_attr_typo,
            (1.5,),
            "x.reall",
            "'float64' has no attribute 'reall'. Did you mean: 'real'?",
        ),
    ],
)
def test_names_that_do_not_exist(fn, args, snippet, message):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, TypingError)
    assert message in msg
    assert "not supported" not in msg


def test_no_suggestion_when_nothing_is_close():
    exc = compile_error(no_suggestion, np.zeros(2))
    msg = assert_diagnostic(exc, no_suggestion, "a.zzzqqqxxx", TypingError)
    assert "'array(float64, 1d, C)' has no attribute 'zzzqqqxxx'" in msg
    assert "Did you mean" not in msg


@pytest.mark.parametrize(
    "fn,args,snippet,name",
    [
        (np_unsupported, (1,), "np.busday_count", "numpy.busday_count"),
        (random_unsupported, (1.0,), "random.choices", "random.choices"),
        (array_unsupported, (np.zeros(2),), "a.tolist", "tolist"),
        (float_unsupported, (1.5,), "x.hex", "hex"),
    ],
)
def test_names_that_exist_but_are_not_supported(fn, args, snippet, name):
    owner = {"numpy": np, "random": random}.get(name.split(".")[0], np.ndarray)
    assert hasattr(owner if name != "hex" else float, name.split(".")[-1])
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, UnsupportedError)
    assert name in msg and "not supported" in msg
    assert "has no attribute" not in msg
