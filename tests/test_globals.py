"""Globals as compiled code sees them: NumPy scalars frozen as constants of their exact type,
uint64 constants of 2**63 and more (globals, `np.uint64(<literal>)`, bare literals typed uint64
as Numba types them), and global arrays frozen as a copy made at compile time.

CPython computes with NumPy scalars where compiled code returns Python numbers (oxjit and Numba
box a float32 as a float, a uint64 as an int...): `assert_boxed` compares the compiled result with
CPython's converted by `.item()`, the exact value of the NumPy scalar in its Python type."""

import warnings

import numpy as np
import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same, jitted, pure_python, same_value


def boxed(x):
    if isinstance(x, tuple):
        return tuple(boxed(v) for v in x)
    return x.item() if isinstance(x, np.generic) else x


def assert_boxed(fn, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # NumPy's scalar overflow warnings (uint64 products)
        expected = boxed(pure_python(fn)(*args))
        got = jitted(fn)(*args)
    if JIT_DISABLED:
        got = boxed(got)
    assert same_value(expected, got), f"{fn.__name__}{args}: CPython {expected!r}, compiled {got!r}"
    return got


# --------------------------------------------------------------------------------------------
# NumPy scalar globals (item 7)

EPS = np.finfo(np.float64).eps
TINY32 = np.finfo(np.float32).eps
I64 = np.int64(3)
F32 = np.float32(0.1)
B = np.bool_(True)
NB = np.bool_(False)
U8 = np.uint8(200)
I8 = np.int8(-7)
U16 = np.uint16(65535)
I32 = np.int32(-2147483648)
U32 = np.uint32(4294967295)
C64 = np.complex64(0.1 + 0.2j)
C128 = np.complex128(1.5 - 2j)
F64 = np.float64(2.5)


def get_eps():
    return EPS


def one_plus_eps_differs():
    return 1.0 + EPS != 1.0, 1.0 + EPS / 2 != 1.0


def get_f32():
    return F32


def f32_square():
    return F32 * F32


def f32_sum(n):
    s = F32
    for _ in range(n):
        s = s + F32
    return s


def get_tiny32():
    return TINY32


def int_constants():
    return I64 * 2, U8, I8, U16, I32, U32


def bool_constants(x):
    if B and not NB:
        return x
    return -x


def complex64_square():
    return C64 * C64


def complex128_product():
    return C128 * C128 + F64


@pytest.mark.parametrize(
    "fn, args",
    [
        (get_eps, ()),
        (one_plus_eps_differs, ()),
        (get_f32, ()),
        (f32_square, ()),
        (f32_sum, (10,)),
        (get_tiny32, ()),
        (int_constants, ()),
        (bool_constants, (4,)),
        (complex64_square, ()),
        (complex128_product, ()),
    ],
)
def test_numpy_scalar_globals(fn, args):
    assert_boxed(fn, *args)


def f32_is_single_precision():
    # float32 arithmetic stays float32: 0.1f * 3 rounded in single precision differs from double.
    return F32 * np.float32(3.0) == np.float32(0.3)


def test_float32_global_computes_in_single_precision():
    assert_boxed(f32_is_single_precision)


TUPLE_OF_SCALARS = (np.float32(0.5), np.int16(-3))


def tuple_of_scalars():
    a, b = TUPLE_OF_SCALARS
    return a * a, b * b


def test_tuple_of_numpy_scalars():
    assert_boxed(tuple_of_scalars)


# --------------------------------------------------------------------------------------------
# uint64 constants (item 11)

FNV_OFFSET = np.uint64(14695981039346656037)
FNV_PRIME = np.uint64(1099511628211)
BIG_INT = 18446744073709551615


def fnv1a_global(data):
    h = FNV_OFFSET
    for b in data:
        h ^= np.uint64(b)
        h *= FNV_PRIME
    return h


def fnv1a_literal(data):
    h = np.uint64(14695981039346656037)
    for b in data:
        h = (h ^ np.uint64(b)) * np.uint64(1099511628211)
    return h


def fnv_reference(data):
    h = 14695981039346656037
    for b in bytes(data):
        h = ((h ^ b) * 1099511628211) % 2**64
    return h


@pytest.mark.parametrize("text", [b"", b"a", b"hello world", bytes(range(256))])
@pytest.mark.parametrize("fn", [fnv1a_global, fnv1a_literal])
def test_fnv1a_hash(fn, text):
    data = np.frombuffer(text, dtype=np.uint8)
    got = assert_boxed(fn, data)
    assert got == fnv_reference(data)


def uint64_global():
    return FNV_OFFSET


def uint64_literal():
    return 14695981039346656037


def uint64_global_int():
    return BIG_INT


def uint64_compare():
    return FNV_OFFSET > np.uint64(2**63), FNV_OFFSET >> np.uint64(60)


@pytest.mark.parametrize("fn", [uint64_global, uint64_global_int, uint64_compare])
def test_uint64_constants(fn):
    assert_boxed(fn)


def test_bare_uint64_literal():
    # Numba types a literal from 2**63 to 2**64 - 1 as uint64: returned, it is that int.
    assert_same(uint64_literal)


def int64_minimum_literal():
    return -9223372036854775808


def uint64_literal_in_arithmetic(x):
    return 18446744073709551615 & x, x + 9223372036854775808


def test_literals_at_the_64_bit_edges():
    # CPython folds -9223372036854775808 into one int64 constant: so does oxjit (as Numba).
    assert_same(int64_minimum_literal)
    assert_boxed(uint64_literal_in_arithmetic, np.uint64(255))


def too_big_literal():
    return 18446744073709551616


def too_small_literal():
    return -9223372036854775809


@pytest.mark.requires_jit
def test_literal_beyond_uint64_is_a_clear_error():
    from conftest import assert_diagnostic, compile_error

    exc = compile_error(too_big_literal)
    msg = assert_diagnostic(
        exc, too_big_literal, "18446744073709551616", oxjit.errors.UnsupportedError
    )
    assert "does not fit in 64 bits" in msg
    exc = compile_error(too_small_literal)
    msg = assert_diagnostic(
        exc, too_small_literal, "-9223372036854775809", oxjit.errors.UnsupportedError
    )
    assert "does not fit in 64 bits" in msg


# --------------------------------------------------------------------------------------------
# global arrays are frozen at compile time (item 10)

TABLE = np.array([1.0, 2.0, 3.0])
GRID = np.arange(6.0).reshape(2, 3)


def read_table(i):
    return TABLE[i]


def grid_total():
    return GRID.sum()


@pytest.mark.requires_jit
def test_global_array_is_a_copy_made_at_compile_time():
    f = oxjit.njit(read_table)
    g = oxjit.njit(grid_total)
    assert f(0) == 1.0 and g() == 15.0
    saved_table, saved_grid = TABLE.copy(), GRID.copy()
    try:
        TABLE[0] = 42.0
        GRID[:] = 0.0
        # As in Numba: compiled code keeps the values it was compiled with ...
        assert f(0) == 1.0 and g() == 15.0
        # ... including its later specializations (the function's globals are read once).
        assert f(np.int32(0)) == 1.0
        # The Python global itself stays writable.
        assert TABLE.flags.writeable
    finally:
        TABLE[:] = saved_table
        GRID[:] = saved_grid


def write_table(x):
    TABLE[0] = x


@pytest.mark.requires_jit
def test_global_array_is_read_only_in_compiled_code():
    with pytest.raises(oxjit.errors.TypingError, match="read-only|readonly"):
        oxjit.njit(write_table)(1.0)


@pytest.mark.requires_jit
@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
def test_global_masked_array_is_refused():
    masked = np.ma.array([1.0, 2.0], mask=[0, 1])

    def uses_masked():
        return masked.sum()

    with pytest.raises(oxjit.errors.CompilerError, match="MaskedArray"):
        oxjit.njit(uses_masked)()
