"""Explicit signatures as Numba applies them: the declared return type is what is returned
(converted with Numba's casts: int to a smaller int wraps, float to int truncates as C does on
x86-64, float64 to float32 rounds), for the Python caller and for compiled callers alike; the
arguments of a locked dispatcher convert to the best of its signatures (Numba's overload ratings:
exact, then promotions, then safe, then unsafe conversions; ties are ambiguous).

Expected values come from NumPy's casts (`np.array(x).astype(T)`), boxed as oxjit and Numba box
each type (bool, int, float, complex). These tests need the compiler: with the JIT disabled there
is no signature to apply."""

import math
import warnings

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.requires_jit

SCALARS = [
    "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
    "float32", "float64", "complex64", "complex128",
]  # fmt: skip

# Values of each kind, made into each source dtype where they fit exactly (ints) or as NumPy
# rounds them (floats): overflow, wrap-around, negative to unsigned, NaN and infinities included.
VALUES = {
    "b": [False, True],
    "i": [0, 1, -1, 127, -128, 200, 300, -129, 65535, -32769, 2**31 - 1, -(2**31), 2**32 + 5,
          2**62, -(2**63), 2**63 - 1],
    "u": [0, 1, 127, 128, 200, 255, 256, 65535, 65536, 2**31, 2**32 - 1, 2**32, 2**63,
          2**64 - 1],
    "f": [0.0, -0.0, 0.1, 2.5, -2.5, 300.7, -1.0, -1.5, 1e3, 3e9, -3e9, 1e19, -1e19, 1.8e19,
          4e38, 1e300, math.nan, math.inf, -math.inf, 65535.9, -32768.9],
    "c": [0j, 1 + 2j, 0.1 - 0.2j, complex(math.inf, 1), complex(math.nan, 0), 3e40 + 1j],
}  # fmt: skip


def values_of(dtype):
    """Test values as NumPy scalars of `dtype` (those that fit, for integer dtypes)."""
    dt = np.dtype(dtype)
    out = []
    for v in VALUES[dt.kind]:
        if dt.kind in "iu" and not np.iinfo(dt).min <= v <= np.iinfo(dt).max:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(np.array(v).astype(dt)[()])
    return out


def numpy_cast(x, dtype):
    """`x` cast by NumPy to `dtype`, boxed as oxjit returns a scalar of that dtype."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.array(x).astype(dtype)[()].item()


def same(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, complex):
        return same(a.real, b.real) and same(a.imag, b.imag)
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b and (not isinstance(a, float) or math.copysign(1, a) == math.copysign(1, b))


def identity(x):
    return x


def converts(src, dst):
    """Whether Numba converts `src` to `dst` (complex numbers convert only to complex)."""
    return not src.startswith("complex") or dst.startswith("complex")


# --------------------------------------------------------------------------------------------
# the return type (item 1)


@pytest.mark.parametrize("dst", SCALARS)
@pytest.mark.parametrize("src", SCALARS)
def test_every_scalar_return_conversion(src, dst):
    sig = f"{dst}({src})"
    if not converts(src, dst):
        with pytest.raises(oxjit.errors.TypingError, match=f"No conversion from {src} to {dst}"):
            oxjit.njit(sig)(identity)
        return
    f = oxjit.njit(sig)(identity)
    for x in values_of(src):
        got, expected = f(x), numpy_cast(x, dst)
        assert same(got, expected), f"{sig} of {x!r}: got {got!r}, NumPy casts to {expected!r}"


def test_narrowing_examples():
    assert oxjit.njit("int8(int64)")(lambda x: x * 1000)(1000) == 64
    r = oxjit.njit("float32(float64)")(lambda x: x)(0.1)
    assert type(r) is float and r == float(np.float32(0.1))
    to_u8 = oxjit.njit("uint8(float64)")(identity)
    assert to_u8(300.7) == 44 and to_u8(-1.0) == 255


@settings(max_examples=60, deadline=None)
@given(st.integers(-(2**63), 2**63 - 1), st.sampled_from(["int8", "uint16", "int32", "uint64"]))
def test_int64_narrowing_wraps_like_numpy(x, dst):
    f = _identity_for(f"{dst}(int64)")
    assert same(f(x), numpy_cast(np.int64(x), dst))


@settings(max_examples=60, deadline=None)
@given(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.sampled_from(["int8", "uint8", "int16", "uint32", "int64", "uint64", "float32", "bool"]),
)
def test_float64_conversions_match_numpy(x, dst):
    f = _identity_for(f"{dst}(float64)")
    assert same(f(x), numpy_cast(np.float64(x), dst))


_IDENTITIES = {}


def _identity_for(sig):
    if sig not in _IDENTITIES:
        _IDENTITIES[sig] = oxjit.njit(sig)(identity)
    return _IDENTITIES[sig]


def double_it(a):
    return a * 2.0


def test_array_return_of_another_dtype_is_a_typing_error():
    with pytest.raises(oxjit.errors.TypingError) as info:
        oxjit.njit("float32[:](float64[:])")(double_it)
    msg = assert_diagnostic(info.value, double_it, "return a * 2.0", oxjit.errors.TypingError)
    assert "No conversion from array(float64, 1d, C) to array(float32, 1d, A)" in msg


def test_array_return_converts_to_layout_a():
    f = oxjit.njit("float64[:](float64[:])")(double_it)
    data = np.arange(4.0)
    out = f(data)
    assert out.dtype == np.float64 and np.array_equal(out, data * 2.0)
    assert f.nopython_signatures[0].return_type == oxjit.types.float64[:]


def returns_int_or_float(flag):
    if flag:
        return 1
    return 2.5


def test_each_return_converts_to_the_declared_type():
    f = oxjit.njit("int16(boolean)")(returns_int_or_float)
    assert f(True) == 1 and f(False) == 2 and type(f(False)) is int


def returns_complex(z):
    return z * 2


def test_complex_to_real_return_is_refused():
    with pytest.raises(oxjit.errors.TypingError) as info:
        oxjit.njit("float64(complex128)")(returns_complex)
    msg = assert_diagnostic(info.value, returns_complex, "return z * 2", oxjit.errors.TypingError)
    assert "No conversion from complex128 to float64" in msg


small = oxjit.njit("int8(int64)")(lambda x: x * 100)
rounded = oxjit.njit("float32(float64)")(lambda x: x)


def calls_small(x):
    y = small(x)
    return y, y * 2


def calls_rounded(x):
    return rounded(x) * 3.0


def test_compiled_callers_see_the_declared_return_type():
    caller = oxjit.njit(calls_small)
    # small(3) is 300 wrapped to int8 (44); int8 * int64 is int64 in Numba's typing.
    assert caller(3) == (44, 88)
    assert oxjit.njit(calls_rounded)(0.1) == float(np.float32(0.1)) * 3.0


def factorial(n):
    if n <= 1:
        return 1
    return n * factorial(n - 1)


def test_recursive_function_with_a_declared_return_type():
    global factorial
    plain = factorial
    try:
        # Bound first, then compiled for the signature, so that the recursive call finds it.
        factorial = oxjit.njit(plain)
        factorial.compile("int8(int64)")
        expected = 1
        for k in range(2, 7):
            expected = numpy_cast(np.int64(k * expected), "int8")
        assert factorial(6) == expected == -48
    finally:
        factorial = plain


# --------------------------------------------------------------------------------------------
# argument conversions (item 9)


def unboxed_as(x, dst):
    """What Numba's boundary makes of argument `x` for a `dst` parameter: Python's own
    conversion (`int()` truncates; NaN and infinities raise), checked against the 64-bit range,
    then cast to `dst` (ints wrap, floats and complex numbers round)."""
    kind = np.dtype(dst).kind
    if kind == "b":
        return bool(x)
    if kind in "iu":
        v = int(x)
        lo, hi = (-(2**63), 2**63 - 1) if kind == "i" else (0, 2**64 - 1)
        if not lo <= v <= hi:
            raise OverflowError(v)
        return numpy_cast(np.array(v, dtype=np.int64 if kind == "i" else np.uint64), dst)
    if kind == "f":
        return numpy_cast(np.float64(float(x)), dst)
    return numpy_cast(np.complex128(complex(x)), dst)


def outcome(fn, *args):
    try:
        return True, fn(*args)
    except (ValueError, OverflowError) as exc:
        return False, type(exc)


@pytest.mark.parametrize("dst", SCALARS)
@pytest.mark.parametrize("src", SCALARS)
def test_every_scalar_argument_conversion(src, dst):
    f = _identity_for(f"{dst}({dst})")
    for x in values_of(src):
        if not converts(src, dst):
            with pytest.raises(TypeError, match=rf"No matching definition.*\({src}\)"):
                f(x)
            continue
        ok, expected = outcome(unboxed_as, x, dst)
        got_ok, got = outcome(f, x)
        assert (
            (ok, got_ok) == (True, True)
            and same(got, expected)
            or (ok, expected)
            == (
                got_ok,
                got,
            )
        ), f"{dst}({dst}) called with {x!r}: got {got!r}, expected {expected!r}"


def test_python_int_converts_to_an_int32_signature():
    f = oxjit.njit("int32(int32)")(lambda x: x + 1)
    assert f(5) == 6 and type(f(5)) is int
    assert f(np.int64(7)) == 8
    assert f(2**40) == 1  # int64 to int32 wraps (to 0), as Numba's conversion does


def test_best_signature_is_chosen():
    f = oxjit.njit(["int32(int32)", "float64(float64)"])(identity)
    # int64 -> float64 is safe, int64 -> int32 unsafe: the float64 signature wins (as in Numba).
    assert f(5) == 5.0 and type(f(5)) is float
    assert f(2.5) == 2.5
    g = oxjit.njit(["int64(int64)", "float64(float64)"])(identity)
    assert type(g(5)) is int and type(g(2.5)) is float and type(g(np.int8(3))) is int
    assert g(np.float32(0.1)) == float(np.float32(0.1))


def test_equally_good_signatures_are_ambiguous():
    f = oxjit.njit(["float32(float32)", "int16(int16)"])(identity)
    with pytest.raises(TypeError, match=r"Ambiguous overloading.*\(int64\)"):
        f(5)
    assert f(np.float32(1.5)) == 1.5


def test_floats_convert_to_int_signatures_as_numba_does():
    f = oxjit.njit("int32(int32)")(identity)
    assert f(2.7) == 2 and f(-2.7) == -2 and f(np.float32(3.5)) == 3
    with pytest.raises(ValueError):
        f(math.nan)


def test_conversions_that_do_not_exist_are_refused():
    f = oxjit.njit("float64(float64)")(identity)
    with pytest.raises(TypeError, match=r"No matching definition.*\(complex128\)"):
        f(1j)
    g = oxjit.njit("float64(float64[:])")(lambda a: a[0])
    with pytest.raises(TypeError, match=r"array\(int64, 1d, C\)"):
        g(np.arange(3))


def test_out_of_range_python_ints_raise_as_numba():
    with pytest.raises(OverflowError):
        oxjit.njit("uint8(uint8)")(identity)(-1)
    assert oxjit.njit("int8(int8)")(identity)(300) == 44


plus_one = oxjit.njit("int32(int32)")(lambda x: x + 1)
as_float = oxjit.njit(["int32(int32)", "float64(float64)"])(identity)
only_float = oxjit.njit("float64(float64)")(identity)


def calls_plus_one(x):
    return plus_one(x)


def calls_as_float(x):
    return as_float(x)


def passes_complex(z):
    return only_float(z)


def test_compiled_callers_convert_arguments_to_a_signature():
    caller = oxjit.njit(calls_plus_one)
    assert caller(2.7) == 3  # float64 -> int32 truncates, then + 1
    assert caller(2**40) == 1
    assert oxjit.njit(calls_as_float)(5) == 5.0


def test_compiled_caller_without_a_matching_signature():
    with pytest.raises(oxjit.errors.TypingError) as info:
        oxjit.njit(passes_complex)(1j)
    msg = assert_diagnostic(info.value, passes_complex, "only_float(z)", oxjit.errors.TypingError)
    assert "No matching definition for argument type(s) (complex128)" in msg


def containers(xs, s, d):
    return len(xs) + len(s) + len(d)


def test_signatures_of_container_arguments():
    # Lists, sets and dicts are named as compiled code names them, and read back the same.
    f = oxjit.njit(containers)
    assert f([1.5], {"a"}, {"k": [1]}) == 3
    (sig,) = f.signatures
    assert [str(t) for t in sig] == [
        "list(float64)",
        "set(unicode_type)",
        "dict(unicode_type, list(int64))",
    ]
    assert isinstance(sig[0], oxjit.types.List) and sig[0].dtype == oxjit.types.float64
    assert isinstance(sig[1], oxjit.types.Set) and isinstance(sig[2], oxjit.types.Dict)
    for text in ("reflected list(int64)", "list(UniTuple(int64 x 2))", "dict(int64, set(float64))"):
        assert str(oxjit.types.parse_type(text)) == text
