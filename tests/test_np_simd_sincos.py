"""Compiled float32 np.sin and np.cos against NumPy, bit for bit, and their warnings.

On a CPU with AVX2 and FMA but no AVX-512, NumPy's float32 sin/cos run its own SIMD code
(loops_trigonometric.dispatch.cpp: a Cody-Waite reduction by pi/2 and two polynomials, the C
library's sinf/cosf for |x| beyond 117435.992 (sin) or 71476.0625 (cos)), which rounds
differently from sinf/cosf in many items. oxjit calls a copy of that code
(crates/oxjit-runtime/src/vmath/np_sincos_f32.rs) where a self-check at import found it equal to
this NumPy; elsewhere it calls sinf/cosf, which is what NumPy does there. Either way the results
must be NumPy's."""

import warnings

import numpy as np
import pytest
from conftest import JIT_DISABLED, jitted

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

F32 = np.float32


def np_sin(a):
    return np.sin(a)


def np_cos(a):
    return np.cos(a)


def sin_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.sin(a[i])
    return out


def cos_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.cos(a[i])
    return out


def sin_scalar(x):
    return np.sin(x)


def cos_scalar(x):
    return np.cos(x)


def sin_cos_expr(a):
    return np.sin(a) * np.cos(a * F32(0.5)) + F32(1.0)


def np_sinc(a):
    return np.sinc(a)


# Zeros, ones, infinities, NaNs of both signs and payloads, subnormals, the largest floats,
# multiples of pi/4, NumPy's own reduction thresholds and their neighbours, 1e-20 and 1e-30
# (whose squares underflow), 2^24 and 1e18 (the C library's reduction).
SPECIAL_BITS = [
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
    0xFFC00000, 0x7F800001, 0xFFA00000, 0x00000001, 0x80000001, 0x007FFFFF, 0x00800000,
    0x7F7FFFFF, 0xFF7FFFFF, 0x3FC90FDB, 0x3F490FDB, 0x40490FDB, 0x40C90FDB, 0x4096CBE4,
    0x47E55DFF, 0x47E55E00, 0x47E55DFE, 0xC7E55DFF, 0xC7E55E00, 0x478B9A08, 0x478B9A09,
    0x478B9A07, 0xC78B9A08, 0xC78B9A09, 0x1E3CE508, 0x0DA24260, 0x4B800000, 0x5D5E0B6B,
]  # fmt: skip


def inputs(seed, n=1 << 16):
    """Special values, the reduced range, both thresholds' surroundings, values near multiples
    of pi/2, tiny values, subnormals and random bit patterns."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL_BITS * 3, dtype=np.uint32).view(F32)]
    parts.append(rng.uniform(-10, 10, n).astype(F32))
    parts.append(rng.uniform(-130000, 130000, n).astype(F32))
    parts.append((rng.integers(-40000, 40000, n) * (np.pi / 2)).astype(F32))
    parts.append(rng.uniform(-1e-3, 1e-3, n).astype(F32))
    parts.append(rng.integers(0, 1 << 23, n, dtype=np.uint32).view(F32))
    parts.append(rng.integers(0, 1 << 32, 4 * n, dtype=np.uint64).astype(np.uint32).view(F32))
    return np.concatenate(parts)


def same_bits(got, want):
    assert got.dtype == want.dtype == F32
    g, w = got.view(np.int32), want.view(np.int32)
    bad = np.flatnonzero(g != w)
    assert bad.size == 0, (
        f"{bad.size} of {w.size} differ; first at index {int(bad[0])}: "
        f"{got.flat[bad[0]]!r} ({g.flat[bad[0]]:#x}) != {want.flat[bad[0]]!r} ({w.flat[bad[0]]:#x})"
    )


@pytest.mark.parametrize("fn", [np_sin, np_cos, sin_cos_expr], ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [1, 2])
def test_arrays_equal_numpy(fn, seed):
    x = inputs(seed)
    with np.errstate(all="ignore"):
        want = fn(x)
    same_bits(jitted(fn)(x), want)


@pytest.mark.parametrize("fn", [np_sin, np_cos], ids=lambda f: f.__name__)
def test_strided_and_2d_arrays(fn):
    x = inputs(3, n=4096)
    with np.errstate(all="ignore"):
        for a in (
            x[::3],
            x[1::7],
            x[::-1],
            x[: 64 * 100].reshape(64, 100),
            x[: 64 * 100].reshape(100, 64).T,
            x[: 64 * 100].reshape(64, 100)[::2, 1::3],
        ):
            same_bits(jitted(fn)(a), fn(a))


@pytest.mark.parametrize("fn", [np_sin, np_cos], ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [0, 1, 3, 7, 8, 9, 15, 17])
def test_short_arrays(fn, n):
    x = inputs(4, n=64)[-n:] if n else inputs(4, n=64)[:0]
    with np.errstate(all="ignore"):
        same_bits(jitted(fn)(x), fn(x))


@pytest.mark.parametrize("fn", [sin_loop, cos_loop], ids=lambda f: f.__name__)
def test_loops_equal_numpy(fn):
    x = inputs(5)
    with np.errstate(all="ignore"):
        want = np.sin(x) if fn is sin_loop else np.cos(x)
    same_bits(jitted(fn)(x, np.empty_like(x)), want)


@pytest.mark.parametrize("fn", [sin_scalar, cos_scalar], ids=lambda f: f.__name__)
def test_scalars_equal_numpy(fn):
    xs = inputs(6, n=64)
    # A float32 result comes back as a Python float (as in Numba): exact, so converted back.
    got = np.array([jitted(fn)(x) for x in xs], dtype=F32)
    with np.errstate(all="ignore"):
        want = np.array([fn(x) for x in xs], dtype=F32)
    same_bits(got, want)


def test_large_arguments_take_the_c_library_as_numpy():
    """Beyond NumPy's thresholds NumPy calls sinf/cosf: huge values, and both sides of each
    threshold in one array (lanes of one vector going either way)."""
    rng = np.random.default_rng(8)
    big = rng.uniform(7e4, 3e38, 4096).astype(F32) * rng.choice([-1, 1], 4096).astype(F32)
    thresholds = np.array([0x47E55DFF, 0x478B9A08], dtype=np.int64)[:, None]
    near = (thresholds + np.arange(-40, 40)).astype(np.uint32).view(F32)
    x = np.concatenate([big, near.ravel(), -near.ravel()])
    rng.shuffle(x)
    for fn in (np_sin, np_cos):
        same_bits(jitted(fn)(x), fn(x))


def test_sinc_equals_numpy():
    """np.sinc of float32 calls np.sin, NumPy's SIMD code."""
    x = inputs(9, n=4096)
    with np.errstate(all="ignore"):
        same_bits(jitted(np_sinc)(x), np.sinc(x))


def test_sampled_bit_patterns_equal_numpy():
    """Every 4099th float32 bit pattern (the release check compared all 2^32)."""
    x = np.arange(0, 1 << 32, 4099, dtype=np.uint64).astype(np.uint32).view(F32)
    with np.errstate(all="ignore"):
        same_bits(jitted(np_sin)(x), np.sin(x))
        same_bits(jitted(np_cos)(x), np.cos(x))


def ufunc_sin(x):
    return np.sin(x)


def ufunc_cos(x):
    return np.cos(x)


WARN_CASES = [
    [1.0, np.inf, 2.0],  # invalid (the C library's sinf/cosf of inf)
    [-np.inf, 0.5],  # invalid
    [1e-20, 1.0],  # underflow (the square of the reduced x)
    [1e-40, -1e-30],  # underflow
    [np.nan, -np.nan, 3.0],  # none: NaNs pass without a flag
    [1e6, 3e38, -2e5, 4.0],  # none: the C library on large values
]


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
@pytest.mark.parametrize("name", ["sin", "cos"])
@pytest.mark.parametrize("values", WARN_CASES)
def test_vectorize_warns_as_numpy(name, values):
    """A @vectorize ufunc reports the floating-point flags NumPy's own loop reports."""
    import oxjit

    ref = getattr(np, name)
    uf = oxjit.vectorize(["float32(float32)"])(ufunc_sin if name == "sin" else ufunc_cos)
    for n in (1, 8, 19):  # the scalar path, one vector, vectors and a tail
        x = np.resize(np.array(values, dtype=F32), n * len(values))
        got, want = [], []
        for f, record in ((uf, got), (ref, want)):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with np.errstate(all="warn"):
                    out = f(x)
            record.extend(sorted(str(w.message).split(" encountered")[0] for w in caught))
            record.append(out)
        same_bits(got.pop(), want.pop())
        assert got == want


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
def test_loop_calls_the_eight_lane_functions_where_in_use():
    import oxjit

    features = oxjit._oxjit.host_target()[2].split(",")
    f = jitted(sin_cos_expr)
    f(np.arange(16, dtype=F32))
    asm = next(iter(f.inspect_asm().values()))
    if "+oxjit-npsimd" in features:
        assert "oxjit_np_vsin8_f32" in asm and "oxjit_np_vcos8_f32" in asm
    else:
        assert "oxjit_np_vsin8_f32" not in asm


def half_sin_cos(a):
    return np.sin(a), np.cos(a)


def test_float16_calls_sinf_cosf_as_numpy():
    """NumPy's half loops call sinf/cosf, not its float32 SIMD code."""
    x = inputs(10, n=4096).astype(np.float16)
    with np.errstate(all="ignore"):
        got, want = jitted(half_sin_cos)(x), half_sin_cos(x)
    for g, w in zip(got, want):
        assert g.dtype == w.dtype == np.float16
        assert np.array_equal(g.view(np.int16), w.view(np.int16))
