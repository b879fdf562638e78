"""print() in compiled code writes what CPython's print writes (it calls Python's print)."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, compile_error, jitted


def shows(n, x, z, flag):
    print("n =", n, "x:", x, z, flag, None, -0.0, 1e16, 2.5e-5)
    print()
    return n + 1


def prints_in_loop(n):
    for i in range(n):
        print(i, i * 0.5)


@pytest.mark.parametrize("args", [(3, 0.1, 1.5 + 2j, True), (-7, float("nan"), -1j, False)])
def test_print_matches_cpython(capsys, args):
    expected_result = shows(*args)
    expected = capsys.readouterr().out
    result = jitted(shows)(*args)
    assert result == expected_result
    assert capsys.readouterr().out == expected


def test_print_in_a_loop(capsys):
    prints_in_loop(4)
    expected = capsys.readouterr().out
    jitted(prints_in_loop)(4)
    assert capsys.readouterr().out == expected


# --------------------------------------------------------------------------------------------
# float32, tuples, arrays, sep/end/flush


def same_output(capsys, fn, *args):
    """`fn(*args)` prints the same text compiled as in CPython, and returns the same."""
    expected_result = fn(*args)
    expected = capsys.readouterr().out
    result = jitted(fn)(*args)
    got = capsys.readouterr().out
    assert got == expected
    assert type(result) is type(expected_result)
    return got


def prints_float32(x):
    y = np.float32(x)
    print(y, y * np.float32(3.0), np.float32(0.1))
    z = np.complex64(x + 2j)
    print(z)


def prints_narrow_items(a):
    print(a[0], a[1], a[0] + a[1])


def prints_tuples(n, x):
    t = (n, x)
    print(t, (1, 2.5, (3, 4.0)), (x,), ())
    print((True, None, 1j, -0.0))
    print((np.float32(0.1), np.int32(7)))


def prints_array(a):
    print(a)
    print("a:", a, "end")


def prints_made_arrays(n):
    a = np.arange(n)
    print(a)
    b = np.linspace(0.0, 1.0, n)
    print(b)
    print(b.reshape((2, n // 2)))
    print(a > 2, (a * 1j)[:3])
    print(a[::2], a[1:1])


def prints_with_options(n):
    print(1, 2.5, (3, 4.0), sep="--")
    print(n, end="")
    print(" after", end="!\n")
    print(n, n, sep="", end="")
    print()
    print("x", n, sep=None, end=None)
    print(n, flush=True)
    print(end="|\n")


@pytest.mark.parametrize("x", [0.1, 1.0 / 3.0, 1e20, -2.5e-8, float("inf"), 16777217.0])
def test_print_float32_as_numpy(capsys, x):
    same_output(capsys, prints_float32, x)


@pytest.mark.parametrize(
    "a",
    [
        np.array([0.1, 0.7], np.float32),
        np.array([3, -4], np.int32),
        np.array([25, 7], np.uint8),
        np.array([1 + 2j, 0.5j], np.complex64),
    ],
)
def test_print_array_items(capsys, a):
    same_output(capsys, prints_narrow_items, a)


@pytest.mark.parametrize("n,x", [(3, 0.25), (-1, float("nan"))])
def test_print_tuples(capsys, n, x):
    same_output(capsys, prints_tuples, n, x)


@pytest.mark.parametrize(
    "a",
    [
        np.arange(5),
        np.arange(12).reshape(3, 4),
        np.linspace(-1.0, 1.0, 7),
        np.array([[0.1, 1e-9], [12345.678, -0.0]]),
        np.array([1e20, 1.0]),
        np.array([np.nan, np.inf, -np.inf]),
        np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
        np.array([True, False, True]),
        np.array([1 + 2j, -0.5j, 3.0]),
        np.array([1, 200], np.uint8),
        np.arange(2000.0),
        np.arange(24).reshape(2, 3, 4),
        np.zeros((0, 3)),
        np.arange(20).reshape(4, 5)[::2, 1::2],
        np.asfortranarray(np.arange(6.0).reshape(2, 3)),
    ],
)
def test_print_arrays_as_numpy_str(capsys, a):
    same_output(capsys, prints_array, a)


@pytest.mark.parametrize("n", [4, 6])
def test_print_arrays_made_in_compiled_code(capsys, n):
    same_output(capsys, prints_made_arrays, n)


def test_print_sep_end_flush(capsys):
    same_output(capsys, prints_with_options, 5)


def prints_to_file(x):
    print(x, file=None)


def prints_variable_sep(x):
    print(x, x, sep=x)


@pytest.mark.requires_jit
def test_print_file_is_an_error():
    exc = compile_error(prints_to_file, 1)
    msg = assert_diagnostic(exc, prints_to_file, "print(x, file=None)", oxjit.errors.TypingError)
    assert "print(file=...) is not supported" in msg


@pytest.mark.requires_jit
def test_print_sep_must_be_a_constant():
    exc = compile_error(prints_variable_sep, 1)
    msg = assert_diagnostic(
        exc, prints_variable_sep, "print(x, x, sep=x)", oxjit.errors.TypingError
    )
    assert "sep must be a string constant or None, not int64" in msg
