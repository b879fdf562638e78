"""A float compared with an int constant (`x >= 4`, `d < 0`, `0 > x`), as Python compares them:
exactly. A constant that is a float exactly (|c| <= 2**53) compares as that float, one
instruction; a larger one keeps the exact steps (`2**53 + 1 > 2.0**53`). Every operator, the
constant on either side, constants either side of 2**53 and at the ends of int64, against floats
next to them, NaN, infinities and signed zeros."""

import math

import oxjit
import oxjit._source
import pytest
from conftest import assert_same

CONSTANTS = [0, 4, -3, 2**53, -(2**53), 2**53 + 1, -(2**53) - 1, 2**62, 2**63 - 1, -(2**63)]
OPS = ["<", "<=", ">", ">=", "==", "!="]


def floats_near(c):
    f = float(c)
    return [f, math.nextafter(f, math.inf), math.nextafter(f, -math.inf), f + 2.0, f - 2.0]


SPECIALS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 3.999999, 4.000001, 5e-324, 1e300]


def comparisons(c):
    """`f(x)`: each operator with `c` on the right, then on the left, as a tuple of bools."""
    terms = [f"x {op} {c}" for op in OPS] + [f"{c} {op} x" for op in OPS]
    src = "def f(x):\n    return (" + ", ".join(terms) + ",)\n"
    namespace = {}
    exec(compile(src, f"<compare {c}>", "exec"), namespace)  # noqa: S102 - compiled here
    oxjit._source.remember(namespace["f"], src)
    return namespace["f"]


@pytest.mark.parametrize("c", CONSTANTS)
def test_float_against_int_constant(c):
    f = comparisons(c)
    for x in SPECIALS + floats_near(c):
        assert_same(f, x)


def test_in_a_loop_exit_test():
    # The shape of the benchmark's mandelbrot: a sum of squares against an int in a loop.
    def escape(cr, ci):
        zr, zi = 0.0, 0.0
        for i in range(100):
            zr, zi = zr * zr - zi * zi + cr, 2.0 * zr * zi + ci
            if zr * zr + zi * zi >= 4:
                return i
        return 100

    for cr, ci in [(0.0, 0.0), (-0.75, 0.1), (0.3, 0.5), (-2.0, 0.0), (2.0, 0.0), (0.25, 0.0)]:
        assert_same(escape, cr, ci)
