"""The demo's extension API: a library function given compiled implementations with
``@overload`` (chosen by the arguments' types at compile time), a method added to arrays with
``@overload_method``, and ``literally`` compiling once per value, checked against CPython."""

import numpy as np
import oxjit
from oxjit import types
from oxjit.extending import overload, overload_method


def smooth(x, width=3):
    """A library's Python function: a moving average of an array, or the number itself."""
    if isinstance(x, np.ndarray):
        return np.convolve(x, np.ones(width) / width, "valid")
    return float(x)


@overload(smooth)
def _ol_smooth(x, width=3):
    if isinstance(x, types.Array) and x.ndim == 1:

        def impl(x, width=3):
            out = np.empty(x.shape[0] - width + 1)
            for i in range(out.shape[0]):
                s = 0.0
                for j in range(width):
                    s += x[i + j]
                out[i] = s / width
            return out

        return impl
    if isinstance(x, (types.Integer, types.Float)):
        return lambda x, width=3: float(x)
    return None


@overload_method(types.Array, "peak_to_peak")
def _ol_ptp(a):
    return lambda a: a.max() - a.min()


def repeat_text(s, n):
    return s * n


@overload(repeat_text)
def _ol_repeat(s, n):
    # Only for a count known at compile time: the loop is written out for it.
    if isinstance(n, types.IntegerLiteral) and n.literal_value == 2:
        return lambda s, n: s + s
    if isinstance(n, types.IntegerLiteral):
        return lambda s, n: s * n
    return lambda s, n: oxjit.literally(n)


@oxjit.njit
def report(x, label, n):
    return smooth(x, 5).sum(), smooth(2), x.peak_to_peak(), repeat_text(label, n)


def demo_extending():
    x = np.sin(np.linspace(0.0, 6.0, 1000))
    got = report(x, "ab", 2), report(x, "ab", 3)
    expected = [
        (smooth(x, 5).sum(), smooth(2), x.max() - x.min(), repeat_text("ab", n)) for n in (2, 3)
    ]
    for g, e in zip(got, expected):
        assert abs(g[0] - e[0]) <= 1e-9 * abs(e[0]) and g[1:] == e[1:], (g, e)
    return (
        f"@overload: a library's smooth() compiled per argument types (array: "
        f"{got[0][0]:.6f}, number: {got[0][1]}), a.peak_to_peak() by @overload_method, "
        f"literally(n): {got[0][3]!r} and {got[1][3]!r}, one compile per n"
    )
