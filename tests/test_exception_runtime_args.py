"""Exceptions raised with arguments known only at run time (a message built from values, an
f-string, a key, several values): the exception record owns a runtime block holding them, given
back exactly once on every path (caught in the function, caught in a compiled caller, raised
again, replaced by another exception, or reaching Python, where the exception has CPython's
class, `str()` and `args`). Compared with CPython, values and types; leak checks count blocks."""

import math

import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error, jitted
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.requires_jit


class AppError(ValueError):
    pass


class AppKeyError(KeyError):
    pass


def concatenated(x):
    raise ValueError("bad value: " + str(x))


def formatted(x):
    raise ValueError(f"x={x} out of range")


def key(k):
    raise KeyError(k)


def several(x, y):
    raise ValueError("bad", x, y)


def several_strings(s, k):
    raise AppError(s, k, s + "!", k > 0)


def user_class(s):
    raise AppKeyError(s)


def empty_message(n):
    raise ValueError("" * n)


def quoted(s):
    raise RuntimeError("it's", s, 'say "hi"')


def floats(x):
    raise ArithmeticError(x, x * 2.0, -x, "f")


def outcome(fn, *args):
    """What CPython or the compiled function gives: the exception's class, str() and args."""
    try:
        fn(*args)
    except Exception as e:  # noqa: BLE001 (what the test compares)
        return type(e), str(e), e.args, [type(a) for a in e.args]
    return None


def assert_same_exception(fn, *args):
    expected = outcome(fn, *args)
    assert expected is not None
    assert outcome(jitted(fn), *args) == expected


def test_reaches_python_as_cpython_exception():
    assert_same_exception(concatenated, 3)
    assert_same_exception(concatenated, -2.5)
    assert_same_exception(formatted, 7)
    assert_same_exception(key, "missing")
    assert_same_exception(key, "it's")
    assert_same_exception(key, 12)
    assert_same_exception(several, 1, 2.5)
    assert_same_exception(several, True, -7)
    assert_same_exception(several_strings, "é\n€", 3)
    assert_same_exception(several_strings, "x", -1)
    assert_same_exception(user_class, "k")
    assert_same_exception(empty_message, 0)
    assert_same_exception(quoted, "a'b\"c")
    assert_same_exception(floats, 1e300)
    assert_same_exception(floats, 0.1)


def test_non_finite_floats():
    f = jitted(floats)
    for x in (math.inf, -math.inf):
        with pytest.raises(ArithmeticError) as got:
            f(x)
        with pytest.raises(ArithmeticError) as want:
            floats(x)
        assert got.value.args == want.value.args
        assert str(got.value) == str(want.value)
    with pytest.raises(ArithmeticError) as got:
        f(math.nan)
    assert all(math.isnan(a) for a in got.value.args[:3])
    assert str(got.value) == "(nan, nan, nan, 'f')"


def caught_message(x):
    try:
        raise ValueError(f"x={x} out of range")
    except ValueError as e:
        return str(e), e.args, e.args[0] + "!", len(e.args)


def caught_several(x, s):
    try:
        if x > 0:
            raise KeyError(s, x, x * 0.5, x > 1)
        raise KeyError("none", -1, 0.0, False)
    except LookupError as e:
        return str(e), e.args, e.args[1] + 1, e.args[2] * 2.0, e.args[3], e.args[0] + s


def caught_key(s):
    try:
        raise KeyError(s + "?")
    except KeyError as e:
        return str(e), e.args


def caught_in_a_loop(n):
    out = []
    for i in range(n):
        try:
            if i % 3 == 0:
                raise ValueError("multiple of three: " + str(i))
            if i % 3 == 1:
                raise ValueError(f"{i} is one more")
            out.append(str(i))
        except ValueError as e:
            out.append(e.args[0])
    return out


def unmatched_clause_then_outer(s):
    try:
        try:
            raise ValueError("inner " + s)
        except KeyError:
            return "wrong"
    except ValueError as e:
        return str(e)


def through_finally(s):
    out = []
    try:
        try:
            raise ValueError(s * 2)
        finally:
            out.append(s)
    except ValueError as e:
        out.append(str(e))
    return out


def replaced_in_clause(s):
    try:
        try:
            raise ValueError("first " + s)
        except ValueError as e:
            raise KeyError("second " + str(e))
    except KeyError as e2:
        return str(e2)


def replaced_in_finally(s):
    try:
        try:
            raise ValueError("first " + s)
        finally:
            raise RuntimeError("second " + s)
    except RuntimeError as e:
        return str(e)


def test_caught_in_the_function():
    assert_same(caught_message, 4)
    assert_same(caught_several, 3, "k")
    assert_same(caught_several, 0, "k")
    assert_same(caught_key, "k")
    assert_same(caught_in_a_loop, 7)
    assert_same(unmatched_clause_then_outer, "x")
    assert_same(through_finally, "ab")
    assert_same(replaced_in_clause, "s")
    assert_same(replaced_in_finally, "s")


def test_caught_paths_free_the_block():
    assert_no_leak(caught_message, 4)
    assert_no_leak(caught_several, 3, "k")
    assert_no_leak(caught_key, "k")
    assert_no_leak(caught_in_a_loop, 7)
    assert_no_leak(unmatched_clause_then_outer, "x")
    assert_no_leak(through_finally, "ab")
    assert_no_leak(replaced_in_clause, "s")
    assert_no_leak(replaced_in_finally, "s")


def test_paths_to_python_free_the_block():
    assert_no_leak(concatenated, 3, expect_raise=ValueError)
    assert_no_leak(several, 1, 2.5, expect_raise=ValueError)
    assert_no_leak(key, "k", expect_raise=KeyError)
    assert_no_leak(several_strings, "é", 2, expect_raise=AppError)


def reraised(s):
    try:
        raise ValueError("again " + s)
    except ValueError:  # noqa: TRY203 - the construct under test
        raise


def reraised_by_name(s, k):
    try:
        raise ValueError("again", s, k)
    except ValueError as e:
        if k > 0:
            raise e  # noqa: TRY201 - the construct under test
        return len(e.args)


def test_raised_again_to_python():
    assert_same_exception(reraised, "x")
    assert_same_exception(reraised_by_name, "x", 2)
    assert_same(reraised_by_name, "x", 0)
    assert_no_leak(reraised, "x", expect_raise=ValueError)
    assert_no_leak(reraised_by_name, "x", 2, expect_raise=ValueError)
    assert_no_leak(reraised_by_name, "x", 0)


@oxjit.njit
def check_positive(x):
    if x <= 0:
        raise ValueError(f"{x} is not positive")
    return x


@oxjit.njit
def check_pair(x, s):
    if x <= 0:
        raise ValueError(s, x)
    return x


def caught_from_callee(x):
    try:
        return str(check_positive(x))
    except ValueError as e:
        return str(e) + " / " + e.args[0]


def caught_pair_from_callee(x):
    try:
        return str(check_pair(x, "neg"))
    except ValueError as e:
        return str(e)


def propagated_from_callee(x):
    return check_positive(x) + 1


def test_raised_by_a_compiled_callee():
    assert_same(caught_from_callee, 3)
    assert_same(caught_from_callee, -3)
    assert_same(caught_pair_from_callee, -3)
    assert_same_exception(propagated_from_callee, -1)
    assert_no_leak(caught_from_callee, -3)
    assert_no_leak(caught_pair_from_callee, -3)
    assert_no_leak(propagated_from_callee, -1, expect_raise=ValueError)


def callee_pair_args(x):
    try:
        check_pair(x, "neg")
    except ValueError as e:
        return e.args
    return ("none",)


def test_callee_arguments_of_another_form_are_a_run_time_type_error():
    # No raise of this function reaches the handler: e.args is typed as a message.
    f = oxjit.njit(callee_pair_args)
    assert f(1) == ("none",)
    with pytest.raises(TypeError, match="compiled code typed e.args as"):
        f(-1)


def generator(n):
    for i in range(n):
        if i == 2:
            raise ValueError(f"stopped at {i}")
        yield i


def consume(n):
    out = []
    try:
        for x in generator_jit(n):
            out.append(x)  # noqa: PERF402 (the loop over the generator is what is tested)
    except ValueError as e:
        out.append(len(str(e)))
    return out


generator_jit = oxjit.njit(generator)


def test_raised_in_a_generator():
    assert list(generator(2)) == list(generator_jit(2))
    with pytest.raises(ValueError, match="^stopped at 2$"):
        list(generator_jit(5))
    f = oxjit.njit(consume)
    assert f(5) == [0, 1, len("stopped at 2")]
    assert_no_leak(consume, 5)


def a_none(x):
    raise ValueError("a", x, None)


def a_list(x):
    raise ValueError([x])


def test_other_argument_types_refused():
    exc = compile_error(a_list, 1)
    msg = assert_diagnostic(exc, a_list, "ValueError([x])", oxjit.errors.UnsupportedError)
    assert "exception arguments must be constants, strings, numbers or None" in msg


def stops(n):
    yield n
    raise StopIteration(f"stopped at {n}")  # noqa: PLR1708 - the construct under test


stops_jit = oxjit.njit(stops)


def consume_stops(n):
    out = 0
    try:
        for x in stops_jit(n):
            out += x
    except RuntimeError as e:
        return str(e), out
    return "none", out


def finally_raises(n):
    try:
        for i in range(n):  # noqa: UP028 - a yield inside a loop, as written
            yield i
    finally:
        raise ValueError(f"closing after {n}")


finally_raises_jit = oxjit.njit(finally_raises)


def first_of(n):
    for x in finally_raises_jit(n):
        return x
    return -1


def test_replaced_or_dropped_in_a_generator():
    # PEP 479: the StopIteration (and its message's block) is replaced by a RuntimeError.
    assert oxjit.njit(consume_stops)(3) == ("generator raised StopIteration", 3)
    assert_no_leak(consume_stops, 3)
    # A generator dropped half-consumed: the exception its `finally` raises is dropped.
    assert oxjit.njit(first_of)(3) == 0
    assert_no_leak(first_of, 3)
    # From Python, close() raises it.
    g = finally_raises_jit(3)
    next(g)
    with pytest.raises(ValueError, match="^closing after 3$"):
        g.close()


def prange_raise(n, bad):
    total = 0
    for i in oxjit.prange(n):
        if i >= bad:
            raise ValueError(f"bad index {i}")
        total += i
    return total


def test_prange_drops_the_other_chunks_exceptions():
    # Every chunk from `bad` on raises: the first one's exception is raised, the others' blocks
    # are given back.
    f = oxjit.njit(parallel=True)(prange_raise)
    with pytest.raises(ValueError, match="^bad index 10$"):
        f(1000, 10)
    f(1000, 10_000)
    before = stats()
    for _ in range(10):
        with pytest.raises(ValueError):
            f(1000, 10)
    after = stats()
    assert after.alloc - before.alloc >= 10
    assert after.alloc - before.alloc == after.free - before.free


def checked(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x * 2


def test_raised_by_a_vectorize_kernel():
    import numpy as np

    ufunc = oxjit.vectorize(["float64(float64)"])(checked)
    a = np.array([1.0, -2.0, 3.0])
    with pytest.raises(ValueError) as info:
        ufunc(a)
    with pytest.raises(ValueError) as want:
        [checked(float(x)) for x in a]
    assert info.value.args == want.value.args
    before = stats()
    for _ in range(10):
        with pytest.raises(ValueError):
            ufunc(a)
    after = stats()
    assert after.alloc - before.alloc >= 10
    assert after.alloc - before.alloc == after.free - before.free


def none_after_message(x):
    raise ValueError("bad " + str(x), None)


def none_first(x):
    raise KeyError(None, x)


def none_alone(x):
    if x > 0:
        raise ValueError(None)
    return x


def none_among_constants(x):
    if x > 0:
        raise ValueError("c", None, 2)
    return x


def caught_none(x):
    try:
        raise ValueError(str(x), None, x)
    except ValueError as e:
        return str(e), e.args, e.args[1] is None, e.args[2] + 1


def caught_none_alone(x):
    try:
        if x > 0:
            raise ValueError(None)
        raise ValueError(None)
    except ValueError as e:
        return str(e), e.args, e.args[0] is None


def test_none_among_the_arguments():
    assert_same_exception(none_after_message, 3)
    assert_same_exception(none_first, 2.5)
    assert_same_exception(none_alone, 1)
    assert_same_exception(none_among_constants, 1)
    assert_same_exception(a_none, 1)
    assert_same(caught_none, 4)
    assert_same(caught_none_alone, 1)
    assert_no_leak(caught_none, 4)
    assert_no_leak(none_after_message, 3, expect_raise=ValueError)
