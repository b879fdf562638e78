"""float16 (`np.float16`, `'f2'`, `np.half`) arrays and scalars against NumPy, bit for bit.

NumPy converts float16 with round-to-nearest-even (a float64 rounds once, not through float32),
keeps a NaN's payload in conversions, and computes each float16 operation in float32, rounding
the result back; compiled code does the same (`oxjit-runtime/src/half.rs`). Results are compared
by their bits (`.view(np.uint16)`): signs of zeros and NaN payloads count. NumPy warns on
overflow and invalid operations; compiled code does not (the reference runs with warnings off).
"""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import compile_error, jitted, pure_python
from hypothesis import given, settings
from hypothesis import strategies as st

ALL_BITS = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
ALL_HALVES = ALL_BITS.view(np.float16)
SPECIALS = np.array(
    [0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x3C00, 0xBC00, 0x3C01, 0x7BFF, 0xFBFF,
     0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7C01, 0x7D55, 0x3555, 0x4248, 0x5640],
    dtype=np.uint16,
).view(np.float16)  # fmt: skip


def reference(fn, *args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return pure_python(fn)(*args)


def same_bits(got, expected, payloads=True):
    """The same type and the same bits (float16 items by their 16 bits, others exactly); with
    `payloads=False` a NaN equals any NaN."""
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected)
        for g, e in zip(got, expected):
            same_bits(g, e, payloads)
        return
    if not payloads and isinstance(expected, np.float16) and np.isnan(expected):
        assert type(got) is np.float16 and np.isnan(got)
        return
    if isinstance(expected, np.generic) and not isinstance(expected, np.float16):
        expected = expected.item()  # compiled code returns other NumPy scalars as Python's
    assert type(got) is type(expected), (type(got), type(expected))
    if isinstance(expected, np.ndarray):
        assert got.dtype == expected.dtype and got.shape == expected.shape, (got, expected)
        if expected.dtype == np.float16:
            np.testing.assert_array_equal(got.view(np.uint16), expected.view(np.uint16))
        elif expected.dtype.kind in "fc":
            np.testing.assert_array_equal(got, expected)
            np.testing.assert_array_equal(np.signbit(got.real), np.signbit(expected.real))
        else:
            np.testing.assert_array_equal(got, expected)
    elif isinstance(expected, np.float16):
        assert got.view(np.uint16) == expected.view(np.uint16), (got, expected)
    elif isinstance(expected, float) and np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == expected


def check(fn, *args):
    """The compiled `fn` gives NumPy's result, bit for bit."""
    expected = reference(fn, *args)
    got = jitted(fn)(*args)
    same_bits(got, expected)
    return got


# ---- conversions -----------------------------------------------------------------------------


def widen32(a):
    return a.astype(np.float32)


def widen64(a):
    return a.astype(np.float64)


def narrow(a):
    return a.astype(np.float16)


def test_every_half_widens_exactly():
    for fn in (widen32, widen64):
        got = jitted(fn)(ALL_HALVES)
        expected = reference(fn, ALL_HALVES)
        wide = np.uint32 if fn is widen32 else np.uint64
        np.testing.assert_array_equal(got.view(wide), expected.view(wide))


def test_every_half_round_trips():
    same_bits(jitted(narrow)(ALL_HALVES.astype(np.float32)), ALL_HALVES.copy())
    same_bits(jitted(narrow)(ALL_HALVES.astype(np.float64)), ALL_HALVES.copy())


def test_narrowing_rounds_ties_to_even_and_overflows():
    values = [65504.0, 65519.0, 65520.0, 1e6, -1e6, 2049.0, 2051.0, 2.0**-25, 2.0**-25 * 1.5,
              2.0**-24, 2.0**-14 - 2.0**-25, 1 + 2.0**-11, 1 + 3 * 2.0**-11, np.inf, -np.inf,
              np.nan, -0.0, 5e-324]  # fmt: skip
    for dtype in (np.float32, np.float64):
        check(narrow, np.array(values, dtype))


def test_double_rounds_once():
    # 1 + 2^-11 + 2^-40: just above a tie between two halves; rounding to float32 first would
    # land on the tie and round down.
    x = np.array([1 + 2.0**-11 + 2.0**-40, -(1 + 2.0**-11 + 2.0**-40)])
    assert narrow(x).view(np.uint16).tolist() == [0x3C01, 0xBC01]
    check(narrow, x)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40))
def test_float32_bit_patterns_narrow(bits):
    check(narrow, np.array(bits, np.uint32).view(np.float32))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=40))
def test_float64_bit_patterns_narrow(bits):
    check(narrow, np.array(bits, np.uint64).view(np.float64))


def test_integers_to_half_and_back():
    ints = np.array([0, 1, -1, 2049, 2051, 65504, 65519, 65520, 10**6, -(10**6)], np.int64)
    check(narrow, ints)
    check(narrow, ints.astype(np.int32))
    check(narrow, np.array([0, 7, 200, 255], np.uint8))
    check(lambda a: a.astype(np.int64), np.array([1.5, -2.5, 7.9, 65504.0], np.float16))
    check(lambda a: a.astype(np.int8), np.array([1.5, -2.5, 7.9, 100.0], np.float16))


def test_scalar_conversions():
    def conv(x):
        return np.float16(x)

    for x in [0.1, 1e-8, 65519.0, 65520.0, -0.0, np.inf, 2049.0, np.float16(2.5)]:
        check(conv, x)
    check(conv, 3)
    check(lambda x: float(x), np.float16(0.1))
    check(lambda x: int(x), np.float16(-7.9))
    check(lambda x: np.float32(x), np.float16(0.1))
    check(lambda: (np.float16(), np.half(1.5)))


# ---- arguments, results, items ---------------------------------------------------------------


def ident(a):
    return a


def get(a, i):
    return a[i]


def put(a, i, x):
    a[i] = x
    return a


def test_arrays_in_and_out_in_any_layout():
    a = (np.arange(24, dtype=np.float16) * np.float16(0.37)).reshape(4, 6)
    for v in (a, np.asfortranarray(a), a[:, ::2], a.T, a[1:, 1:]):
        got = jitted(ident)(v)
        same_bits(got, v)
        assert np.shares_memory(got, v)


def test_items_read_and_written():
    a = SPECIALS.copy()
    for i in range(len(a)):
        check(get, a, i)
    for x in [0.1, 1e-8, 65520.0, np.float16(0.5), 2049, np.float32(0.1)]:
        check(put, a.copy(), 3, x)


def test_scalar_arguments_and_results_are_float16():
    got = jitted(ident)(np.float16(0.1))
    assert type(got) is np.float16 and got == np.float16(0.1)
    for h in SPECIALS:
        check(ident, h)


def test_creation():
    def make(n):
        return (np.zeros(n, dtype=np.float16), np.ones((n, 2), np.float16),
                np.full(n, 0.1, dtype=np.float16), np.zeros(n, "f2"), np.ones(n, np.half),
                np.full(n, 70000, dtype="e"), np.zeros_like(np.ones(n, np.float16)))  # fmt: skip

    check(make, 3)
    assert jitted(lambda n: np.empty(n, np.float16))(4).dtype == np.float16


# ---- arithmetic ------------------------------------------------------------------------------


def pairs():
    rng = np.random.default_rng(7)
    x = np.concatenate([np.repeat(SPECIALS, len(SPECIALS)), rng.integers(0, 1 << 16, 3000).astype(np.uint16).view(np.float16)])  # fmt: skip
    y = np.concatenate([np.tile(SPECIALS, len(SPECIALS)), rng.integers(0, 1 << 16, 3000).astype(np.uint16).view(np.float16)])  # fmt: skip
    return x, y


def operators(a, b):
    return a + b, a - b, a * b, a / b, a // b, a**b


def remainder(a, b):
    return a % b


def comparisons(a, b):
    return a < b, a <= b, a == b, a != b, a > b, a >= b


def test_array_operators_over_bit_patterns():
    x, y = pairs()
    check(operators, x, y)
    check(comparisons, x, y)
    # `%` of two NaNs: which payload survives is the float32 remainder's choice (oxjit's keeps
    # the dividend's, as for float32 arrays); everything else bit for bit.
    both_nan = np.isnan(x) & np.isnan(y)
    got = jitted(remainder)(x, y)
    expected = reference(remainder, x, y)
    assert np.isnan(got[both_nan]).all()
    same_bits(got[~both_nan], expected[~both_nan])


def test_array_operators_in_any_layout():
    x, y = pairs()
    a = x[:2400].reshape(40, 60)
    b = np.asfortranarray(y[:2400].reshape(40, 60))
    check(operators, a, b)
    check(operators, a[::2, 1::3], b.T[1::3, ::2].T)
    check(remainder, a, np.full_like(b, 0.7))


def test_unary_and_ufuncs():
    def unary(a):
        return (-a, np.abs(a), np.negative(a), np.sqrt(a), np.exp(a), np.log(a),
                np.sin(a), np.cos(a), np.tanh(a), np.floor(a), np.ceil(a), np.rint(a),
                np.isnan(a), np.isinf(a), np.isfinite(a), np.sign(a), np.square(a))  # fmt: skip

    check(unary, ALL_HALVES)

    def binary(a, b):
        return (np.maximum(a, b), np.minimum(a, b), np.fmax(a, b), np.fmin(a, b),
                np.arctan2(a, b), np.power(a, b), np.copysign(a, b), np.hypot(a, b))  # fmt: skip

    check(binary, *pairs())


@pytest.mark.parametrize(
    "other",
    [
        np.int8,
        np.uint8,
        np.int16,
        np.uint16,
        np.int32,
        np.int64,
        np.uint64,
        np.float32,
        np.float64,
        np.bool_,
    ],
)
def test_promotion_with_arrays(other):
    a = np.array([0.1, 1.5, -2.0, 65504.0], np.float16)
    b = np.array([1, 0, 1, 1]).astype(other)
    check(lambda a, b: (a + b, b * a, a / b, a - b), a, b)


def test_python_scalars_are_weak():
    a = np.array([0.1, 1.5, -2.0, 2048.0, 65504.0], np.float16)
    check(lambda a: (a + 1, a * 2.5, a - 2049, 1.5 / a, a + 1j, a > 1), a)
    check(lambda a, x: (a + x, x * a), a, np.float32(1.5))
    check(lambda a, x: (a + x, x * a), a, np.float16(1.5))
    check(lambda a, x: (a + x, x * a), np.arange(3, dtype=np.int8), np.float16(1.5))


def scalar_math(x, y):
    return x + y, x - y, x * y, x / y, x < y, x == y, -x, abs(x), max(x, y)


def test_scalar_division_by_zero_raises():
    # As for every float in compiled code (error_model="python"): NumPy's scalar gives inf.
    with pytest.raises(ZeroDivisionError):
        jitted(scalar_math)(np.float16(1), np.float16(0))


def test_scalar_math():
    for x in SPECIALS[:12]:
        for y in SPECIALS[2:14]:
            check(scalar_math, x, y)
    h = np.float16(0.1)
    check(lambda x: (x + 1, x * 2.0, x - 2049, x + np.int8(3)), h)
    check(lambda x: (x + np.float32(1), x * np.int16(3), x + np.int32(3)), h)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_scalar_math_over_bit_patterns(xb, yb):
    x, y = np.array([xb, yb], np.uint16).view(np.float16)
    if y == 0:
        return  # raises, see above
    check(scalar_math, x, y)


def test_item_loop():
    def dot(a, b):
        acc = np.float16(0)
        for i in range(a.shape[0]):
            acc += a[i] * b[i]
        return acc

    x, y = pairs()
    check(dot, x[500:600], y[500:600])


# ---- reductions ------------------------------------------------------------------------------


def reductions(a):
    return (a.sum(), np.sum(a), a.mean(), a.min(), a.max(), a.argmin(), a.argmax(),
            np.prod(a[:20]), np.cumsum(a), a.any(), a.all())  # fmt: skip


@pytest.mark.parametrize("n", [1, 7, 8, 100, 129, 1000, 9000, 20000])
def test_reductions(n):
    rng = np.random.default_rng(n)
    a = rng.uniform(-1, 3, n).astype(np.float16)
    check(reductions, a)
    check(reductions, a[::3])


def whole_array_reductions(a):
    return a.sum(), a.mean(), a.min(), a.max(), a.argmin(), a.argmax(), a.any(), a.all()


def test_reductions_of_2d_layouts():
    rng = np.random.default_rng(3)
    a = rng.uniform(0, 1, (300, 200)).astype(np.float16)
    for v in (a, np.asfortranarray(a), a[:, ::2], a.T[::2], a[1:, 1:]):
        check(whole_array_reductions, v)
    check(lambda a: np.prod(a), np.asfortranarray(a[:4, :5]))


def cumsum(a):
    return np.cumsum(a)


def test_reductions_with_specials():
    # The first NaN met wins min/max (its bits kept), of equal zeros the first: NumPy's
    # `HALF_maximum`. Which payload `NaN + NaN` keeps is the compiler's choice of operand order
    # (NumPy's C and LLVM differ): sums over several NaNs are compared as NaN.
    def no_cumsum(a):
        return (a.sum(), np.sum(a), a.mean(), a.min(), a.max(), a.argmin(), a.argmax(),
                np.prod(a[:20]), a.any(), a.all())  # fmt: skip

    same_bits(jitted(no_cumsum)(SPECIALS), reference(no_cumsum, SPECIALS), payloads=False)
    first_nan = SPECIALS[:14]
    check(no_cumsum, first_nan[np.array([0, 1, 2, 3, 4, 13, 5, 6])])  # one NaN: its bits
    for v in (SPECIALS, SPECIALS[::-1]):
        got, expected = jitted(cumsum)(v), reference(cumsum, v)
        np.testing.assert_array_equal(got, expected)  # NaN equal to NaN
        assert got.dtype == expected.dtype
    for zeros in ([0.0, -0.0, 1.0], [-0.0, 0.0], [-0.0, -0.0], [1.0, 0.0, -0.0]):
        check(reductions, np.array(zeros, np.float16))
    check(lambda a: (a.sum(), a.mean()), np.full(3000, 30.0, np.float16))


# ---- what is refused -------------------------------------------------------------------------


def test_unsupported_functions_are_refused():
    a = np.ones(4, np.float16)
    for fn in (lambda a: np.sort(a), lambda a: np.dot(a, a), lambda a: np.median(a),
               lambda a: np.fft.fft(a), lambda a: a.std(), lambda a: a.reshape(2, 2).sum(axis=0),
               lambda a: np.arange(0.0, 1.0, 0.1, dtype=np.float16), lambda a: a.item(0),
               lambda a: np.add.reduce(a)):  # fmt: skip
        err = compile_error(fn, a)
        assert "float16" in str(err)
        assert isinstance(err, oxjit.errors.UnsupportedError)


def test_product_of_strided_2d_is_refused():
    err = compile_error(lambda a: np.prod(a), np.ones((4, 6), np.float16)[:, ::2])
    assert "float16" in str(err)


def test_str_of_a_float16_is_refused():
    err = compile_error(lambda x: str(x), np.float16(1))
    assert "float16" in str(err)


# ---- the on-disk cache -----------------------------------------------------------------------

CACHED = """
import numpy as np
import oxjit

@oxjit.njit(cache=True)
def halves(a, x):
    out = (a * x + np.float16(0.1)).astype(np.float64).astype(np.float16)
    return out, out.sum(), np.float16(x * 3.0)
"""

CACHED_RUN = """
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import cached
out, total, x = cached.halves(np.arange(5, dtype=np.float16) / np.float16(3), np.float16(1.7))
print(repr((out.view(np.uint16).tolist(), int(total.view(np.uint16)), int(x.view(np.uint16)),
            type(x).__name__)))
"""


@pytest.mark.requires_jit
def test_cached_code_converts_in_a_fresh_process(tmp_path):
    """Code loaded from the cache finds the conversions (and LLVM's half libcalls) too."""
    import os
    import subprocess
    import sys
    import textwrap

    src = tmp_path / "src"
    src.mkdir()
    (src / "cached.py").write_text(CACHED)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.path.join(root, "python"), OXJIT_TIMINGS="1")
    env["OXJIT_CACHE_DIR"] = str(tmp_path / "cache")

    def run():
        out = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(CACHED_RUN), str(src)],
            capture_output=True, text=True, env=env, timeout=300, check=False,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr
        return out.stdout, "oxjit: compiled halves" in out.stderr

    first, compiled = run()
    assert compiled
    second, compiled_again = run()
    assert not compiled_again and second == first
    a, x = np.arange(5, dtype=np.float16) / np.float16(3), np.float16(1.7)
    out = (a * x + np.float16(0.1)).astype(np.float64).astype(np.float16)
    expected = (out.view(np.uint16).tolist(), int(out.sum().view(np.uint16)),
                int(np.float16(x * 3.0).view(np.uint16)), "float16")  # fmt: skip
    assert eval(first) == expected
