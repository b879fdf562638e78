"""`e.args` of an exception raised and caught in compiled code, compared with CPython (values
and types): typed from the `raise` statements that reach the handler (constant arguments of any
number, or strings, bools, ints and floats known at run time), through `finally` and nested
`try` statements; `len(e.args)`, `e.args[i]` and `str(e)` follow. Where no `raise` reaches the handler (runtime
errors), `e.args` is a tuple of the message. Raises of arguments of different types reaching one
handler are refused at compile time; an exception of another form met at run time (raised by a
callee) raises TypeError where `e.args` is read."""

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


def several():
    try:
        raise ValueError("a", 1)
    except ValueError as e:
        return e.args


def mixed_constants():
    try:
        raise ValueError("a", 1, -2.5, True, "it's", "é\n")
    except ValueError as e:
        return e.args, len(e.args), e.args[2], str(e)


def indexed(k):
    try:
        raise KeyError("key", 10)
    except LookupError as e:
        return e.args[0] * 2, e.args[1] + k, len(e.args)


def no_arguments(k):
    try:
        if k:
            raise ValueError
        raise ValueError()
    except ValueError as e:
        return e.args, len(e.args), str(e)


def one_runtime(x):
    try:
        raise ValueError(x)
    except ValueError as e:
        return e.args, e.args[0], str(e)


def user_class(k):
    try:
        if k:
            raise AppError("app", 2)
        raise AppError("zero", 0)
    except ValueError as e:
        return e.args


def same_shape_two_raises(k):
    try:
        if k == 0:
            raise ValueError("first", 1)
        raise AppError("second", 2)
    except ValueError as e:
        return e.args


def through_finally(k):
    out = 0
    try:
        try:
            raise ValueError("in", 7)
        finally:
            out += k
    except ValueError as e:
        return e.args[0], e.args[1] + out


def unmatched_inner(k):
    try:
        try:
            raise ValueError(4, 0.5)
        except KeyError:
            return (-1, -1.0)
    except ValueError as e:
        return e.args


def in_a_loop(n):
    total = 0
    for i in range(n):
        try:
            if i % 2:
                raise ValueError("odd", 3)
            total += 1
        except ValueError as e:
            total += e.args[1]
    return total


def runtime_error_message(b):
    try:
        return (str(1 // b),)
    except ZeroDivisionError as e:
        return e.args


def missing_key(k):
    d = {"a": 1}
    try:
        return (str(d[k]),)
    except KeyError as e:
        return e.args


def missing_int_key(k):
    d = {1: 1}
    try:
        return (str(d[k]),)
    except KeyError as e:
        return e.args


def args_in_loop_kept(n):
    out = []
    for i in range(n):
        try:
            if i % 2:
                raise ValueError("odd", 1)
            raise ValueError("even", 0)
        except ValueError as e:
            out.append(e.args[0] + str(e.args[1]))
    return out


def test_constant_arguments():
    assert_same(several)
    assert_same(mixed_constants)
    assert_same(indexed, 5)
    assert_same(no_arguments, 0)
    assert_same(no_arguments, 1)
    assert_same(user_class, 3)
    assert_same(user_class, 0)


def test_runtime_scalar_argument():
    assert_same(one_runtime, 3)
    assert_same(one_runtime, -2.5)
    assert_same(one_runtime, True)


def test_several_raises_of_one_shape():
    assert_same(same_shape_two_raises, 0)
    assert_same(same_shape_two_raises, 1)
    assert_same(in_a_loop, 7)


def test_nested_try_statements():
    assert_same(through_finally, 2)
    assert_same(unmatched_inner, 4)


def test_runtime_errors_keep_their_message():
    assert_same(runtime_error_message, 0)
    assert_same(runtime_error_message, 2)
    assert_same(missing_key, "a")
    assert_same(missing_key, "zz")
    assert_same(missing_int_key, 1)
    # A missing int key is not the message-string form typing gave e.args.
    with pytest.raises(TypeError, match="compiled code typed e.args as"):
        oxjit.njit(missing_int_key)(5)


def test_strings_freed():
    assert_same(args_in_loop_kept, 4)
    assert_no_leak(args_in_loop_kept, 5)
    assert_no_leak(mixed_constants)


def different_shapes(k):
    try:
        if k:
            raise ValueError("a", 1)
        raise ValueError("b")
    except ValueError as e:
        return len(e.args)


def different_shapes_str_ok(k):
    try:
        if k:
            raise ValueError("a", 1)
        raise ValueError("b")
    except ValueError as e:
        return str(e)


def test_different_shapes_refused():
    exc = compile_error(different_shapes, 1)
    msg = assert_diagnostic(exc, different_shapes, "e.args", oxjit.errors.UnsupportedError)
    assert "e.args cannot be typed" in msg
    assert "arguments of different types" in msg
    # str(e) reads any of them.
    assert_same(different_shapes_str_ok, 0)
    assert_same(different_shapes_str_ok, 1)


def none_argument():
    try:
        raise ValueError("a", None)
    except ValueError as e:
        return len(e.args), e.args, e.args[1] is None


def tuple_argument():
    try:
        raise ValueError("a", (1, 2))
    except ValueError as e:
        return len(e.args)


def several_runtime(k):
    try:
        raise ValueError("k", k)
    except ValueError as e:
        return e.args[1]


def test_unsupported_argument_refused():
    # Several arguments known at run time are typed as CPython's.
    assert_same(several_runtime, 1)
    assert_same(several_runtime, 2.5)
    assert_same(none_argument)
    exc = compile_error(tuple_argument)
    msg = assert_diagnostic(exc, tuple_argument, "e.args", oxjit.errors.UnsupportedError)
    assert "e.args of an exception raised with" in msg


@oxjit.njit
def callee(k):
    if k:
        raise ValueError("from the callee", 1)
    return k


def caught_from_callee(k):
    try:
        callee(k)
    except ValueError as e:
        return e.args
    return ("none",)


def test_callee_exception_of_another_form_is_a_run_time_type_error():
    f = oxjit.njit(caught_from_callee)
    assert f(0) == ("none",)
    with pytest.raises(TypeError, match="compiled code typed e.args as"):
        f(1)
