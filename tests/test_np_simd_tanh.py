"""Compiled np.tanh of float32 and float64 against NumPy, bit for bit, and its (absent) warnings.

On a CPU with AVX2 and FMA but no AVX-512, NumPy's float32 and float64 tanh run its own SIMD
code (loops_hyperbolic.dispatch.cpp.src, Intel SVML's table of polynomials), not the C
library's tanhf/tanh, and round differently from them in about a third of the items. oxjit calls
a copy of that code (crates/oxjit-runtime/src/vmath/np_tanh.rs) where a self-check at import
found it equal to this NumPy; elsewhere it calls the C library, which is what NumPy does there.
Either way the results must be NumPy's. math.tanh stays the C library's, as in CPython."""

import math
import warnings

import numpy as np
import pytest
from conftest import JIT_DISABLED, jitted

F32, F64 = np.float32, np.float64
INT = {F32: np.int32, F64: np.int64}


def np_tanh(a):
    return np.tanh(a)


def tanh_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.tanh(a[i])
    return out


def tanh_scalar(x):
    return np.tanh(x)


def tanh_expr(a):
    return np.tanh(a * a) - np.tanh(a) * a


def math_tanh(x):
    return math.tanh(x)


SPECIAL_BITS = {
    F32: [
        0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
        0xFFC00000, 0x7F800001, 0xFFA00000, 0x7FC12345, 0x00000001, 0x80000001, 0x007FFFFF,
        0x00800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x7EFFFFFF, 0x7F000000, 0x7F200000, 0x41200000,
        0x411FFFFF, 0x41100000, 0x3D700000, 0x3D6FFFFF, 0x3D400000, 0x3D3FFFFF, 0x33800000,
    ],
    F64: [
        0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000,
        0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000,
        0x7FF0000000000001, 0xFFF4000000000000, 0x7FF8DEADBEEF0000, 0x0000000000000001,
        0x8000000000000001, 0x000FFFFFFFFFFFFF, 0x0010000000000000, 0x7FEFFFFFFFFFFFFF,
        0x7FDFFFFFFFFFFFFF, 0x7FE0000000000000, 0x4038000000000000, 0x4037FFFFFFFFFFFF,
        0x4034000000000000, 0x3FC0000000000000, 0x3FBFFFFFFFFFFFFF, 0x3E40000000000000,
    ],
}  # fmt: skip


def interval_edges(dtype):
    """The offsets of NumPy's intervals (|x| at 0.1175 * 2^k steps) and their neighbours."""
    ints = INT[dtype]
    if dtype is F32:
        starts = [0x3D700000 + (k << 21) for k in range(30)]
    else:
        starts = [0x3FCC000000000000 + (k << 51) for k in range(14)]
    edges = np.array(starts, dtype=ints)
    bits = np.concatenate([edges - 1, edges, edges + 1])
    x = bits.view(dtype)
    return np.concatenate([x, -x])


def inputs(dtype, seed, n=1 << 15):
    """Special values, the interval edges, tanh's whole range, tiny and subnormal values,
    and random bit patterns."""
    rng = np.random.default_rng(seed)
    ints = INT[dtype]
    uints = np.uint32 if dtype is F32 else np.uint64
    width = 32 if dtype is F32 else 64
    parts = [np.array(SPECIAL_BITS[dtype] * 3, dtype=uints).view(dtype), interval_edges(dtype)]
    parts.append(rng.uniform(-20, 20, n).astype(dtype))
    parts.append(rng.uniform(-1, 1, n).astype(dtype))
    parts.append((rng.uniform(-1, 1, n) * 1e-6).astype(dtype))
    mantissa = (1 << 23) if dtype is F32 else (1 << 52)
    subnormal = rng.integers(0, mantissa, n).astype(ints).view(dtype)
    parts += [subnormal, -subnormal]
    parts.append(rng.integers(0, 1 << 63, 4 * n, dtype=np.uint64).astype(uints).view(dtype))
    if width == 64:
        parts.append((rng.integers(0, 1 << 63, 4 * n, dtype=np.uint64) * 2).view(dtype))
    return np.concatenate(parts)


def same_bits(got, want):
    assert got.dtype == want.dtype
    ints = INT[want.dtype.type]
    g, w = got.view(ints), want.view(ints)
    bad = np.flatnonzero(g != w)
    assert bad.size == 0, (
        f"{bad.size} of {w.size} differ; first at index {int(bad[0])}: "
        f"{got.flat[bad[0]]!r} ({g.flat[bad[0]]:#x}) != {want.flat[bad[0]]!r} ({w.flat[bad[0]]:#x})"
    )


DTYPES = pytest.mark.parametrize("dtype", [F32, F64], ids=["float32", "float64"])


@DTYPES
@pytest.mark.parametrize("fn", [np_tanh, tanh_expr], ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [1, 2])
def test_arrays_equal_numpy(dtype, fn, seed):
    x = inputs(dtype, seed)
    with np.errstate(all="ignore"):
        want = fn(x)
        got = jitted(fn)(x)
    same_bits(got, want)


@DTYPES
def test_strided_and_2d_arrays(dtype):
    x = inputs(dtype, 3, n=4096)
    for a in (
        x[::3],
        x[1::7],
        x[: 64 * 100].reshape(64, 100),
        x[: 64 * 100].reshape(100, 64).T,
        x[: 64 * 100].reshape(8, 8, 100)[:, ::2, 1::3],
    ):
        same_bits(jitted(np_tanh)(a), np.tanh(a))


@DTYPES
@pytest.mark.parametrize("n", [0, 1, 3, 4, 5, 7, 8, 9, 15, 17])
def test_short_arrays(dtype, n):
    x = inputs(dtype, 4, n=64)
    x = x[-n:] if n else x[:0]
    same_bits(jitted(np_tanh)(x), np.tanh(x))


@DTYPES
def test_loops_equal_numpy(dtype):
    x = inputs(dtype, 5)
    same_bits(jitted(tanh_loop)(x, np.empty_like(x)), np.tanh(x))


@DTYPES
def test_scalars_equal_numpy(dtype):
    xs = inputs(dtype, 6, n=64)
    # A float32 result comes back as a Python float (as in Numba): exact, so converted back.
    got = np.array([jitted(tanh_scalar)(x) for x in xs], dtype=dtype)
    want = np.array([tanh_scalar(x) for x in xs], dtype=dtype)
    same_bits(got, want)


def test_python_floats_equal_numpy():
    xs = [float(x) for x in inputs(F64, 7, n=64)]
    got = np.array([jitted(tanh_scalar)(x) for x in xs])
    same_bits(got, np.array([np.tanh(x) for x in xs]))


def test_math_tanh_stays_the_c_librarys():
    # CPython's math.tanh is the C library's tanh, which differs from np.tanh in many items.
    xs = [float(x) for x in inputs(F64, 8, n=256) if math.isfinite(x)]
    got = np.array([jitted(math_tanh)(x) for x in xs])
    same_bits(got, np.array([math.tanh(x) for x in xs]))


def test_float16_is_the_c_librarys_tanhf():
    # NumPy's float16 loop calls tanhf, not the float32 SIMD code (NaN payloads differ).
    x = np.arange(0, 1 << 16, dtype=np.uint32).astype(np.uint16).view(np.float16)
    got, want = jitted(np_tanh)(x), np.tanh(x)
    assert got.dtype == want.dtype
    assert np.array_equal(got.view(np.uint16), want.view(np.uint16))


def test_sampled_bit_patterns_equal_numpy():
    """Every 4099th float32 bit pattern (the release check compared all 2^32)."""
    x = np.arange(0, 1 << 32, 4099, dtype=np.uint64).astype(np.uint32).view(F32)
    same_bits(jitted(np_tanh)(x), np.tanh(x))
    bits = np.arange(0, 1 << 20, dtype=np.uint64) * np.uint64(0x1000_0000_0001) + np.uint64(12345)
    x = bits.view(F64)
    same_bits(jitted(np_tanh)(x), np.tanh(x))


def ufunc_tanh(x):
    return np.tanh(x)


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
@DTYPES
def test_vectorize_warns_as_numpy(dtype):
    """NumPy clears the floating-point flags after its tanh loop: no warning, whatever the input
    (signalling NaNs, infinities, subnormals); a @vectorize ufunc warns no more."""
    import oxjit

    name = "float32" if dtype is F32 else "float64"
    uf = oxjit.vectorize([f"{name}({name})"])(ufunc_tanh)
    values = np.array(SPECIAL_BITS[dtype], dtype=np.uint32 if dtype is F32 else np.uint64)
    for n in (1, 8, 19):  # the scalar path, vectors and a tail
        x = np.resize(values.view(dtype), n * len(values))
        for f in (np.tanh, uf):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with np.errstate(all="warn"):
                    out = f(x)
            assert [str(w.message) for w in caught] == []
            same_bits(out, np.tanh(x))


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
def test_loop_calls_the_vector_functions_where_in_use():
    import oxjit

    features = oxjit._oxjit.host_target()[2].split(",")
    for dtype, vector, flag in (
        (F32, "oxjit_np_vtanh8_f32", "+oxjit-npsimd"),
        (F64, "oxjit_np_vtanh4_f64", "+oxjit-npsimd64"),
    ):
        f = oxjit.njit(np_tanh)
        f(np.arange(16, dtype=dtype))
        asm = next(iter(f.inspect_asm().values()))
        assert (vector in asm) == (flag in features)
