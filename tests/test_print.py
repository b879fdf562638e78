"""print() in compiled code writes what CPython's print writes (it calls Python's print)."""

import pytest
from conftest import jitted


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
