"""Compiled float32 np.exp and np.log against NumPy, bit for bit, and their warnings.

On a CPU with AVX2 and FMA but no AVX-512, NumPy's float32 exp/log run its own SIMD code
(loops_exponent_log.dispatch.c.src), not the C library's expf/logf, and round differently from
them in many items. oxjit calls a copy of that code (crates/oxjit-runtime/src/vmath/
np_exp_log_f32.rs) where a self-check at import found it equal to this NumPy; elsewhere it calls
expf/logf, which is what NumPy does there. Either way the results must be NumPy's."""

import numpy as np
import pytest
from conftest import JIT_DISABLED, jitted

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

F32 = np.float32


def np_exp(a):
    return np.exp(a)


def np_log(a):
    return np.log(a)


def exp_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.exp(a[i])
    return out


def log_loop(a, out):
    for i in range(a.shape[0]):
        out[i] = np.log(a[i])
    return out


def exp_scalar(x):
    return np.exp(x)


def log_scalar(x):
    return np.log(x)


def exp_log_expr(a):
    return np.log(np.exp(a) + F32(1.0)) * F32(0.5)


SPECIAL_BITS = [
    0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F800000, 0xFF800000, 0x7FC00000,
    0xFFC00000, 0x7F800001, 0xFFA00000, 0x00000001, 0x80000001, 0x007FFFFF, 0x00800000,
    0x7F7FFFFF, 0xFF7FFFFF, 0x42B17218, 0x42B17217, 0x42B17216, 0xC2CFF1B4, 0xC2CFF1B5,
    0xC2CFF1B3, 0xC2AEAC50, 0xC2AEAC4F, 0xC2FA0000, 0xC2781E37, 0x3F486945, 0x3F3504F3,
    0x3F3504F4, 0x3F3504F2, 0x33800000, 0xB3800000,
]  # fmt: skip


def inputs(seed, n=1 << 16):
    """Special values, exp's whole range, subnormal results, log near 1 and over every binade,
    subnormals, and random bit patterns."""
    rng = np.random.default_rng(seed)
    parts = [np.array(SPECIAL_BITS * 3, dtype=np.uint32).view(F32)]
    parts.append(rng.uniform(-110, 110, n).astype(F32))
    parts.append(rng.uniform(-104, -87, n).astype(F32))
    parts.append(rng.uniform(0.5, 2, n).astype(F32))
    parts.append(rng.integers(0, 1 << 23, n, dtype=np.uint32).view(F32))
    parts.append(rng.integers(0, 1 << 32, 4 * n, dtype=np.uint64).astype(np.uint32).view(F32))
    return np.concatenate(parts)


def same_bits(got, want):
    assert got.dtype == want.dtype == F32
    g, w = got.view(np.int32), want.view(np.int32)
    bad = np.flatnonzero(g != w)
    assert bad.size == 0, (
        f"{bad.size} of {w.size} differ; first x index {int(bad[0])}: "
        f"{got.flat[bad[0]]!r} ({g.flat[bad[0]]:#x}) != {want.flat[bad[0]]!r} ({w.flat[bad[0]]:#x})"
    )


@pytest.mark.parametrize("fn", [np_exp, np_log, exp_log_expr], ids=lambda f: f.__name__)
@pytest.mark.parametrize("seed", [1, 2])
def test_arrays_equal_numpy(fn, seed):
    x = inputs(seed)
    with np.errstate(all="ignore"):
        want = fn(x)
    same_bits(jitted(fn)(x), want)


@pytest.mark.parametrize("fn", [np_exp, np_log], ids=lambda f: f.__name__)
def test_strided_and_2d_arrays(fn):
    x = inputs(3, n=4096)
    with np.errstate(all="ignore"):
        for a in (
            x[::3],
            x[1::7],
            x[: 64 * 100].reshape(64, 100),
            x[: 64 * 100].reshape(100, 64).T,
        ):
            same_bits(jitted(fn)(a), fn(a))


@pytest.mark.parametrize("fn", [np_exp, np_log], ids=lambda f: f.__name__)
@pytest.mark.parametrize("n", [0, 1, 3, 7, 8, 9, 15, 17])
def test_short_arrays(fn, n):
    x = inputs(4, n=64)[-n:] if n else inputs(4, n=64)[:0]
    with np.errstate(all="ignore"):
        same_bits(jitted(fn)(x), fn(x))


@pytest.mark.parametrize("fn", [exp_loop, log_loop], ids=lambda f: f.__name__)
def test_loops_equal_numpy(fn):
    x = inputs(5)
    want = np.exp(x) if fn is exp_loop else np.log(x)
    same_bits(jitted(fn)(x, np.empty_like(x)), want)


@pytest.mark.parametrize("fn", [exp_scalar, log_scalar], ids=lambda f: f.__name__)
def test_scalars_equal_numpy(fn):
    xs = inputs(6, n=64)
    # A float32 result comes back as a Python float (as in Numba): exact, so converted back.
    got = np.array([jitted(fn)(x) for x in xs], dtype=F32)
    with np.errstate(all="ignore"):
        want = np.array([fn(x) for x in xs], dtype=F32)
    same_bits(got, want)


def test_sampled_bit_patterns_equal_numpy():
    """Every 4099th float32 bit pattern (the release check compared all 2^32)."""
    x = np.arange(0, 1 << 32, 4099, dtype=np.uint64).astype(np.uint32).view(F32)
    with np.errstate(all="ignore"):
        same_bits(jitted(np_exp)(x), np.exp(x))
        same_bits(jitted(np_log)(x), np.log(x))


def ufunc_exp(x):
    return np.exp(x)


def ufunc_log(x):
    return np.log(x)


WARN_CASES = [
    ("exp", [1.0, 100.0, 2.0]),  # overflow
    ("exp", [1.0, -120.0]),  # underflow (to zero)
    ("exp", [-95.0, 0.0]),  # underflow (subnormal)
    ("exp", [np.inf, -np.inf, np.nan, 3.0]),  # none
    ("log", [1.0, -1.0]),  # invalid
    ("log", [0.0, 2.0]),  # divide by zero
    ("log", [-0.0, -np.inf]),  # both
    ("log", [np.nan, np.inf, 1e-45]),  # none
]


@pytest.mark.skipif(JIT_DISABLED, reason="needs the compiler")
@pytest.mark.parametrize("name,values", WARN_CASES)
def test_vectorize_warns_as_numpy(name, values):
    """A @vectorize ufunc reports the floating-point flags NumPy's own loop reports."""
    import warnings

    import oxjit

    ref = getattr(np, name)
    uf = oxjit.vectorize(["float32(float32)"])(ufunc_exp if name == "exp" else ufunc_log)
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
    f = jitted(exp_log_expr)
    f(np.arange(16, dtype=F32))
    asm = next(iter(f.inspect_asm().values()))
    if "+oxjit-npsimd" in features:
        assert "oxjit_np_vexp8_f32" in asm and "oxjit_np_vlog8_f32" in asm
    else:
        assert "oxjit_np_vexp8_f32" not in asm
