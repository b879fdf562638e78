"""Compiler errors: unsupported syntax (UnsupportedError), type errors (TypingError), functions
without source; each names file:line:col, shows the source line with a caret, and says what was
inferred. Nothing here may crash the interpreter."""

import importlib.util
import math
import random
import subprocess
import sys
import textwrap

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error, same_value

pytestmark = pytest.mark.requires_jit

UnsupportedError = oxjit.errors.UnsupportedError
TypingError = oxjit.errors.TypingError

# ------------------------------------------------------------------ unsupported syntax


def uses_with(x):
    with open(__file__) as handle:
        x = x + len(handle.name)
    return x


def uses_class(x):
    class Local:
        pass

    return x


def uses_global(x):
    global COUNTER
    COUNTER = x
    return x


def make_nonlocal():
    count = 0

    def bump(x):
        nonlocal count
        count += x
        return count

    return bump


async def uses_async(x):
    return x


def uses_match(x):
    match x:
        case 1:
            return 10
        case _:
            return 0


UNSUPPORTED = [
    (uses_with, "with open(__file__) as handle:", "with"),
    (uses_class, "class Local:", "class"),
    (uses_global, "global COUNTER", "global"),
    (make_nonlocal(), "nonlocal count", "nonlocal"),
    (uses_async, "async def uses_async(x):", "async"),
    (uses_match, "match x:", "match"),
]


@pytest.mark.parametrize(
    "fn, snippet, construct", UNSUPPORTED, ids=lambda v: getattr(v, "__name__", None)
)
def test_unsupported_syntax(fn, snippet, construct):
    exc = compile_error(fn, 3)
    msg = assert_diagnostic(exc, fn, snippet, UnsupportedError)
    # The construct is named in the explanation, not only in the quoted source line.
    explanation = msg.replace(snippet, "").lower()
    words = (construct,) if isinstance(construct, str) else construct
    assert any(word in explanation for word in words), msg


def raises_complex_argument(z):
    if z.real > 0:
        raise ValueError(z)
    return z


def raises_a_list_argument(x):
    if x > 0:
        raise ValueError(x, [x])
    return x


def raises_a_number(x):
    if x > 0:
        raise x
    return x


@pytest.mark.parametrize(
    "fn, arg, snippet, cls, words",
    [
        (
            raises_complex_argument,
            0j,
            "ValueError(z)",
            UnsupportedError,
            "an exception argument of type complex128 is not supported",
        ),
        (
            raises_a_list_argument,
            0,
            "ValueError(x, [x])",
            UnsupportedError,
            "exception arguments must be constants, strings, numbers or None, got list(int64)",
        ),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_unsupported_raise_is_rejected_by_typing(fn, arg, snippet, cls, words):
    """What a raise may carry is checked during typing (the raise is never reached here)."""
    exc = compile_error(fn, arg)
    msg = assert_diagnostic(exc, fn, snippet, cls)
    assert words in msg, msg


def test_raise_of_a_non_exception_is_a_typing_error():
    exc = compile_error(raises_a_number, 0)
    assert isinstance(exc, TypingError), exc
    assert "exceptions must derive from BaseException, not int64" in str(exc)


# ------------------------------------------------------------------ typing errors


def add_tuple_int(x):
    t = (1, 2)
    return t + x


def bitwise_float(a, b):
    return a & b


def shift_float(a):
    return a << 2


def order_complex(a, b):
    return a < b


def undefined_global(x):
    return x + undefined_thing  # noqa: F821


def plain_helper(x):
    return x + 1


def calls_plain_python(x):
    return plain_helper(x) * 2


def bad_attribute(x):
    return x.no_such_attribute


def cannot_unify_returns(x):
    if x > 0:
        return (1, 2)
    return 1.5


@oxjit.njit
def one_arg(x):
    return x


def wrong_arity_call(x):
    return one_arg(x, x)


def sqrt_of_tuple(t):
    return math.sqrt(t)


def dynamic_index_heterogeneous(t, i):
    return t[i]


@oxjit.njit
def bad_callee(x):
    return x & 1.5


def calls_bad_callee(x):
    return bad_callee(x) + 1


TYPING = [
    (add_tuple_int, (5,), "t + x", ["UniTuple(int64 x 2)", "int64"]),
    (bitwise_float, (1.5, 2.5), "a & b", ["float64"]),
    (shift_float, (1.5,), "a << 2", ["float64"]),
    (order_complex, (1j, 2j), "a < b", ["complex128"]),
    (undefined_global, (1,), "undefined_thing", ["undefined_thing"]),
    (calls_plain_python, (1,), "plain_helper(x)", ["plain_helper", "function"]),
    (bad_attribute, (1,), "x.no_such_attribute", ["no_such_attribute", "int64"]),
    (
        cannot_unify_returns,
        (1,),
        ("return (1, 2)", "return 1.5"),
        ["UniTuple(int64 x 2)", "float64"],
    ),
    (wrong_arity_call, (1,), "one_arg(x, x)", ["one_arg"]),
    (sqrt_of_tuple, ((1, 2),), "math.sqrt(t)", ["sqrt", "UniTuple(int64 x 2)"]),
    (dynamic_index_heterogeneous, ((1, 2.5), 0), "t[i]", ["Tuple(int64, float64)"]),
]


@pytest.mark.parametrize(
    "fn, args, snippet, inferred", TYPING, ids=[case[0].__name__ for case in TYPING]
)
def test_typing_error(fn, args, snippet, inferred):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, TypingError)
    for text in inferred:
        assert text in msg, f"{text!r} missing from:\n{msg}"


def test_typing_error_in_callee_points_into_callee():
    exc = compile_error(calls_bad_callee, 1)
    msg = assert_diagnostic(exc, bad_callee.py_func, "x & 1.5", TypingError)
    assert "float64" in msg and "int64" in msg


def test_dispatcher_usable_after_typing_error():
    disp = oxjit.njit(bitwise_float)
    for _ in range(2):  # the error is raised again, not cached as a success
        with pytest.raises(TypingError):
            disp(1.5, 2.5)
    assert same_value(disp(6, 3), bitwise_float(6, 3))


# ------------------------------------------------------------------ syntax of newer Pythons

NEWER_SYNTAX = [
    (
        (3, 11),
        textwrap.dedent(
            """
            def uses_except_star(x):
                try:
                    x = x + 1
                except* ValueError:
                    x = 0
                return x
            """
        ),
        "uses_except_star",
        "try:",
        "try",
    ),
    (
        (3, 12),
        textwrap.dedent(
            """
            def uses_type_alias(x):
                type Alias = int
                return x
            """
        ),
        "uses_type_alias",
        "type Alias = int",
        "type",
    ),
]


@pytest.mark.parametrize(
    "version, source, name, snippet, construct", NEWER_SYNTAX, ids=[c[2] for c in NEWER_SYNTAX]
)
def test_newer_syntax_is_parsed_and_rejected(tmp_path, version, source, name, snippet, construct):
    # Syntax of every Python from 3.10 is parsed; what is not supported is named. The module is
    # written at test time so that this file still imports on older Pythons.
    if sys.version_info < version:
        pytest.skip(f"needs Python {version[0]}.{version[1]} to create the function")
    path = tmp_path / f"newer_syntax_{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fn = getattr(module, name)
    msg = assert_diagnostic(compile_error(fn, 1), fn, snippet, UnsupportedError)
    assert construct in msg.replace(snippet, "").lower(), msg


# ------------------------------------------------------------------ functions without source


def test_eval_lambda_without_source():
    fn = eval("lambda x: x + 1")
    with pytest.raises(UnsupportedError) as info:
        oxjit.njit(fn)(1)
    assert "source" in str(info.value).lower()


def test_exec_function_without_source():
    namespace = {}
    exec(  # noqa: S102 - a function whose source inspect cannot find
        "def made_by_exec(x):\n    return x * 2\n", namespace
    )
    with pytest.raises(UnsupportedError) as info:
        oxjit.njit(namespace["made_by_exec"])(1)
    msg = str(info.value)
    assert "source" in msg.lower() and "made_by_exec" in msg


# ------------------------------------------------------------------ error classes, no crash


@pytest.mark.requires_oxjit
def test_error_class_hierarchy():
    errors = oxjit.errors
    assert issubclass(errors.CompilerError, Exception)
    assert issubclass(errors.TypingError, errors.CompilerError)
    assert issubclass(errors.UnsupportedError, errors.CompilerError)
    assert issubclass(errors.InternalError, Exception)
    assert not issubclass(errors.TypingError, errors.UnsupportedError)


SURVIVE_SCRIPT = textwrap.dedent(
    """
    import oxjit

    def unsupported(x):
        with open(__file__) as fh:
            return x

    def badly_typed(a, b):
        return a & b

    def two(a, b):
        return a + b

    def deep(n):
        total = 0
        for i in range(n):
            total += i
        return total

    outcomes = []
    for fn, args in [(unsupported, (1,)), (badly_typed, (1.5, 2.5)), (two, (1,)),
                     (two, (object(), 1)), (eval("lambda x: x"), (1,)), (deep, (10**6,))]:
        try:
            oxjit.njit(fn)(*args)
            outcomes.append("ok")
        except Exception as exc:
            outcomes.append(type(exc).__name__)
    print(" ".join(outcomes))
    """
)


def test_bad_input_never_crashes_the_interpreter(tmp_path):
    script = tmp_path / "survive.py"
    script.write_text(SURVIVE_SCRIPT)
    proc = subprocess.run(
        [sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr}"
    outcomes = proc.stdout.split()
    assert outcomes[:3] == ["UnsupportedError", "TypingError", "TypeError"], outcomes
    assert outcomes[3] in ("TypeError", "TypingError"), outcomes
    assert outcomes[4:] == ["UnsupportedError", "ok"], outcomes


# Typing errors of calls carry their kind: what oxjit does not support (yet) is an
# UnsupportedError, raised while typing (lowering never refuses a call); a call that cannot
# type is a TypingError.
def pow_float_modulus(a, b, m):
    return pow(a, b, m)


def arange_complex(n):
    return np.arange(n, dtype=np.complex128)


def test_call_errors_carry_their_kind():
    exc = compile_error(pow_float_modulus, 2.0, 10, 7)
    msg = assert_diagnostic(exc, pow_float_modulus, "pow(a, b, m)", TypingError)
    assert "pow() 3rd argument not allowed unless all arguments are integers" in msg
    exc = compile_error(arange_complex, 3)
    msg = assert_diagnostic(
        exc, arange_complex, "np.arange(n, dtype=np.complex128)", UnsupportedError
    )
    assert "arange() with a complex dtype is not supported" in msg


# The typing rules of NumPy's scalar functions and of the random modules give their errors a
# kind too: a missing feature ("not supported") is an UnsupportedError, arguments that do not
# fit are a TypingError.
def floor_of_complex_scalar(z):
    return np.floor(z)


def sqrt_of_two(x):
    return np.sqrt(x, x)


def permutation_of_float(x):
    return np.random.permutation(x)


def choice_replace_float(a):
    return np.random.choice(a, 2, 1.5)


def seed_none():
    random.seed(None)


@pytest.mark.parametrize(
    "fn, args, snippet, cls, words",
    [
        (
            floor_of_complex_scalar,
            (1 + 2j,),
            "np.floor(z)",
            UnsupportedError,
            "np.floor() of complex numbers is not supported",
        ),
        (sqrt_of_two, (2.0,), "np.sqrt(x, x)", TypingError, "np.sqrt() takes 1 argument here"),
        (
            permutation_of_float,
            (1.5,),
            "np.random.permutation(x)",
            UnsupportedError,
            "np.random.permutation() of float64 is not supported",
        ),
        (
            choice_replace_float,
            (np.arange(3),),
            "np.random.choice(a, 2, 1.5)",
            TypingError,
            "replace must be a bool, not float64",
        ),
        (
            seed_none,
            (),
            "random.seed(None)",
            UnsupportedError,
            "None, strings and bytes are not supported yet",
        ),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_scalar_and_random_errors_carry_their_kind(fn, args, snippet, cls, words):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, cls)
    assert words in msg, msg


# Typing refuses what lowering does not do (lowering's errors are internal errors): a comparison
# no model implements, an array assigned to the rows an index array picks, a multi-dimensional
# array assigned through an index array.
def compare_ranges(n):
    return range(n) == range(n)


def compare_tuples_of_ranges(n):
    return (range(n), 1) != (range(n), 1)


def assign_2d_through_index_array(a, idx, b):
    a[idx] = b


@pytest.mark.parametrize(
    "fn, args, snippet, words",
    [
        (compare_ranges, (3,), "range(n) == range(n)", "cannot compare values of type range"),
        (
            compare_tuples_of_ranges,
            (3,),
            "(range(n), 1) != (range(n), 1)",
            "cannot compare values of type Tuple(range",
        ),
        (
            assign_2d_through_index_array,
            (np.arange(4.0), np.array([[0, 1], [2, 3]]), np.ones((2, 2))),
            "a[idx] = b",
            "assigning a multi-dimensional array through a mask or an index array is not supported",
        ),
    ],
    ids=lambda v: getattr(v, "__name__", None),
)
def test_typing_refuses_what_lowering_does_not_do(fn, args, snippet, words):
    exc = compile_error(fn, *args)
    msg = assert_diagnostic(exc, fn, snippet, UnsupportedError)
    assert words in msg, msg
