"""`np.fft` compiled, compared with NumPy exactly (`assert_same`: dtype, shape, layout flags and
every bit of every value): the runtime is a port of NumPy 2's pocketfft that follows its plans,
twiddles and order of operations, so results are NumPy's bit for bit, for power-of-two sizes,
small primes, the generic pass (primes above 11) and Bluestein's route (large primes). Also:
every input dtype (bools and ints through float64, float32 and complex64 kept single), `n`/`s`
cropping and padding (values known at run time), `axis`/`axes`, the three norms, C/F/strided
layouts, `fftfreq`/`rfftfreq`, `fftshift`/`ifftshift`, NumPy's errors and the refusals."""

import numpy as np
import oxjit
import pytest
from conftest import assert_diagnostic, assert_same, compile_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DTYPES = [np.bool_, np.int8, np.uint8, np.int32, np.int64, np.float32, np.float64,
          np.complex64, np.complex128]  # fmt: skip
REAL_DTYPES = [np.bool_, np.int16, np.uint32, np.int64, np.float32, np.float64]
# Powers of two, products of 2/3/5/7/11, primes above 11 (the generic pass), large primes
# (Bluestein's route: 1009, 4099) and a product with a large prime factor.
SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 16, 17, 22, 30, 49, 64, 77, 97, 100, 121,
         210, 256, 1000, 1009, 2 * 523, 4099]  # fmt: skip


def sample(shape, dtype, seed=0):
    rng = np.random.default_rng(seed)
    if np.dtype(dtype).kind == "c":
        return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)
    if dtype is np.bool_:
        return rng.integers(0, 2, size=shape).astype(dtype)
    if np.dtype(dtype).kind in "iu":
        return rng.integers(0, 50, size=shape).astype(dtype)
    return (rng.standard_normal(shape) * 10).astype(dtype)


def fft(a):
    return np.fft.fft(a)


def ifft(a):
    return np.fft.ifft(a)


def rfft(a):
    return np.fft.rfft(a)


def irfft(a):
    return np.fft.irfft(a)


def fft_n(a, n):
    return np.fft.fft(a, n)


def ifft_n(a, n):
    return np.fft.ifft(a, n=n)


def rfft_n(a, n):
    return np.fft.rfft(a, n)


def irfft_n(a, n):
    return np.fft.irfft(a, n)


def fft_axis0(a):
    return np.fft.fft(a, axis=0)


def rfft_axis0(a, n):
    return np.fft.rfft(a, n, 0)


def irfft_axis0(a):
    return np.fft.irfft(a, axis=-2)


def norms(a):
    return (np.fft.fft(a, norm="backward"), np.fft.fft(a, norm="ortho"),
            np.fft.fft(a, norm="forward"), np.fft.ifft(a, norm="backward"),
            np.fft.ifft(a, norm="ortho"), np.fft.ifft(a, norm="forward"))  # fmt: skip


def real_norms(a):
    return np.fft.rfft(a, norm="ortho"), np.fft.rfft(a, norm="forward"), np.fft.rfft(a, norm=None)


def inverse_real_norms(a):
    return (np.fft.irfft(a, norm="ortho"), np.fft.irfft(a, norm="forward"),
            np.fft.irfft(a, norm=None))  # fmt: skip


def fft2(a):
    return np.fft.fft2(a)


def ifft2(a):
    return np.fft.ifft2(a)


def rfft2(a):
    return np.fft.rfft2(a)


def irfft2(a):
    return np.fft.irfft2(a)


def fftn(a):
    return np.fft.fftn(a)


def ifftn(a):
    return np.fft.ifftn(a)


def rfftn(a):
    return np.fft.rfftn(a)


def irfftn(a):
    return np.fft.irfftn(a)


def fftn_s(a, s0, s1):
    return np.fft.fftn(a, s=(s0, s1), axes=(0, -1), norm="ortho")


def rfftn_s(a, s0, s1):
    return np.fft.rfftn(a, (s0, s1), (1, 0))


def irfftn_s(a, s0, s1):
    return np.fft.irfftn(a, s=(s0, s1), axes=(0, 1), norm="forward")


def fft2_axes(a):
    return np.fft.fft2(a, axes=(0, 2)), np.fft.ifft2(a, s=(3, 4), axes=(1, 0))


def repeated_axes(a):
    return np.fft.fftn(a, s=(4, 6), axes=(0, 0)), np.fft.rfftn(a, s=(5, 8), axes=(1, 1))


ONE_D = [fft, ifft, rfft, irfft]


@pytest.mark.parametrize("n", SIZES)
def test_sizes_bit_for_bit(n):
    for dtype in (np.float64, np.complex128, np.float32, np.complex64):
        a = sample(n, dtype, seed=n)
        assert_same(fft, a)
        assert_same(ifft, a)
        assert_same(norms, a)
        if a.dtype.kind == "f":
            assert_same(rfft, a)
            assert_same(real_norms, a)
        if n > 1:
            assert_same(irfft, a)
            assert_same(inverse_real_norms, a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_dtypes(dtype):
    for shape in [7, (3, 8), (2, 3, 5)]:
        a = sample(shape, dtype)
        assert_same(fft, a)
        assert_same(ifft, a)
        assert_same(fft2 if np.ndim(a) > 1 else fft, a)
        assert_same(fftn, a)
        assert_same(irfft, a)
        assert_same(irfftn, a)
        if np.dtype(dtype).kind != "c":
            assert_same(rfft, a)
            assert_same(rfftn, a)


def test_n_crops_and_pads():
    a = sample(10, np.complex128)
    r = sample(10, np.float64)
    for n in [1, 2, 5, 10, 11, 16, 17, 40]:
        assert_same(fft_n, a, n)
        assert_same(ifft_n, a, n)
        assert_same(rfft_n, r, n)
        assert_same(irfft_n, a, n)
        assert_same(fft_n, r, n)
    assert_same(fft_n, a, None)
    assert_same(irfft_n, a, None)


def test_axes_and_layouts():
    base = sample((6, 10), np.float64)
    views = [base, np.asfortranarray(base), base.T, base[::2, 1::3], base[::-1, ::2]]
    for a in views:
        assert_same(fft, a)
        assert_same(fft_axis0, a)
        assert_same(rfft_axis0, a, 7)
        assert_same(irfft_axis0, a.astype(np.complex128))
        assert_same(fft2, a)
        assert_same(rfft2, a)
        assert_same(irfft2, a + 1j)
        assert_same(fftn_s, a, 4, 12)
        assert_same(rfftn_s, a, 9, 3)
        assert_same(irfftn_s, a.astype(np.complex64), 5, 6)
    a3 = sample((3, 4, 5), np.complex64)
    for a in [a3, np.asfortranarray(a3), a3.transpose(1, 2, 0)]:
        assert_same(fftn, a)
        assert_same(ifftn, a)
        assert_same(ifft2, a)
        assert_same(fft2_axes, a)
        assert_same(rfftn, a.real)
        assert_same(irfftn, a)
    assert_same(repeated_axes, base)


def test_empty_and_single():
    assert_same(fft, np.zeros((0, 4)))
    assert_same(rfft, np.zeros((3, 0, 4)))
    assert_same(fft_n, np.zeros(0), 3)
    assert_same(fft, np.ones(1))
    assert_same(irfft_n, np.ones(1, np.complex128), 1)


def test_errors():
    # NumPy's ValueError, at run time (n and s are run-time values).
    assert_same(fft_n, np.ones(4), 0)
    assert_same(rfft_n, np.ones(4), -3)
    assert_same(irfft, np.ones(1, np.complex128))
    assert_same(fft, np.zeros(0))
    assert_same(fftn_s, np.ones((3, 3)), 2, 0)
    assert_same(irfftn_s, np.ones((3, 3)), 0, 4)


def fftfreq(n, d):
    return np.fft.fftfreq(n, d)


def rfftfreq(n, d):
    return np.fft.rfftfreq(n, d)


def freq_defaults(n):
    return np.fft.fftfreq(n), np.fft.rfftfreq(n)


def test_freqs():
    for n in [1, 2, 3, 4, 7, 8, 100, 101]:
        for d in [1.0, 0.1, 3, -2.5, 1e-300]:
            assert_same(fftfreq, n, d)
            assert_same(rfftfreq, n, d)
        assert_same(freq_defaults, n)
    assert_same(fftfreq, 0, 1.0)  # ZeroDivisionError
    assert_same(rfftfreq, 4, 0)
    assert_same(fftfreq, -3, 1.0)  # negative dimensions
    assert_same(rfftfreq, -3, 1.0)
    assert_same(rfftfreq, -1, 2)


def fftshift(x):
    return np.fft.fftshift(x)


def ifftshift(x):
    return np.fft.ifftshift(x)


def shifts_axes(x):
    return (np.fft.fftshift(x, axes=0), np.fft.ifftshift(x, -1), np.fft.fftshift(x, (0, 0)),
            np.fft.ifftshift(x, axes=(1, 0)))  # fmt: skip


def test_shifts():
    for dtype in [np.int64, np.float32, np.complex128, np.bool_]:
        for shape in [1, 5, 8, (3, 4), (4, 5), (2, 3, 4)]:
            a = sample(shape, dtype)
            assert_same(fftshift, a)
            assert_same(ifftshift, a)
    a = sample((5, 6), np.float64)
    for v in [a, np.asfortranarray(a), a[::2, ::-1], a.T]:
        assert_same(shifts_axes, v)
        assert_same(fftshift, v)
    assert_same(fftshift, np.zeros((0, 3)))


def roundtrip(x):
    return np.fft.irfft(np.fft.rfft(x), len(x))


@st.composite
def fft_inputs(draw):
    """A 1-3 dimensional array with sides from 1 to 40 (primes among them, some above 11),
    of a float or complex dtype, maybe in F order or a strided view; a transform length."""
    ndim = draw(st.integers(1, 3))
    sides = st.one_of(st.integers(1, 40), st.sampled_from([13, 17, 31, 37, 53, 67, 101, 1031]))
    shape = [draw(st.integers(1, 6)) for _ in range(ndim - 1)] + [draw(sides)]
    dtype = draw(st.sampled_from([np.float64, np.float32, np.complex128, np.complex64]))
    a = sample(tuple(shape), dtype, seed=draw(st.integers(0, 2**16)))
    layout = draw(st.sampled_from(["C", "F", "step"]))
    if layout == "F":
        a = np.asfortranarray(a)
    elif layout == "step" and a.shape[-1] > 2:
        a = a[..., ::-2]
    n = draw(st.one_of(st.none(), st.integers(1, 70), st.sampled_from([97, 1009])))
    return a, n


def fft_any(a, n):
    return (np.fft.fft(a, n), np.fft.ifft(a, n, norm="ortho"), np.fft.irfft(a, n),
            np.fft.fft(a, n, axis=0, norm="forward"))  # fmt: skip


def rfft_any(a, n):
    return np.fft.rfft(a, n), np.fft.rfft(a, n, axis=0, norm="ortho")


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(fft_inputs())
def test_random_shapes_and_sizes(case):
    a, n = case
    if n is None and a.shape[-1] == 1:
        n = 2  # irfft's default length (m - 1) * 2 would be 0 (a ValueError, tested above)
    assert_same(fft_any, a, n)
    if a.dtype.kind == "f":
        assert_same(rfft_any, a, n)
    assert_same(fftn, a)
    assert_same(irfftn, a)


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 3000), st.integers(0, 2**16))
def test_random_lengths_bit_for_bit(n, seed):
    x = sample(n, np.float64, seed)
    assert_same(rfft, x)
    assert_same(fft, x + 0.5j)
    assert_same(roundtrip, x)


def test_frees_what_it_makes():
    from test_nrt import assert_no_leak

    a = sample((4, 6), np.int32)
    assert_no_leak(oxjit.njit(fftn), a)
    assert_no_leak(oxjit.njit(irfftn), a)
    assert_no_leak(oxjit.njit(rfftn_s), a.astype(np.float32), 5, 3)
    assert_no_leak(oxjit.njit(shifts_axes), a)


def test_refusals():
    def rfft_complex(a):
        return np.fft.rfft(a)

    def bad_norm(a):
        return np.fft.fft(a, norm="bogus")

    def bad_inverse_norm(a):
        return np.fft.ifft(a, norm="bogus")

    def runtime_norm(a, m):
        return np.fft.fft(a, norm=m)

    def axis_out_of_range(a):
        return np.fft.fft(a, axis=2)

    def fft2_of_1d(a):
        return np.fft.fft2(a)

    def s_without_axes(a):
        return np.fft.fftn(a, s=(2, 2))

    def s_axes_lengths(a):
        return np.fft.fftn(a, s=(2, 2), axes=(0,))

    def runtime_axis(a, k):
        return np.fft.fft(a, axis=k)

    def float_n(a):
        return np.fft.fft(a, 2.5)

    def float_freq(a):
        return np.fft.fftfreq(2.5)

    def out_arg(a):
        return np.fft.fft(a, out=a)

    c = np.ones(4, np.complex128)
    cases = [
        (rfft_complex, (c,), "np.fft.rfft(a)", oxjit.errors.TypingError, "real input"),
        (bad_norm, (c,), 'np.fft.fft(a, norm="bogus")', oxjit.errors.TypingError,
         'Invalid norm value bogus; should be "backward","ortho" or "forward".'),
        (bad_inverse_norm, (c,), 'np.fft.ifft(a, norm="bogus")', oxjit.errors.TypingError,
         'Invalid norm value bogus; should be "backward", "ortho" or "forward".'),
        (runtime_norm, (c, "ortho"), "np.fft.fft(a, norm=m)", oxjit.errors.UnsupportedError,
         "norm must be a constant string"),
        (axis_out_of_range, (c,), "np.fft.fft(a, axis=2)", oxjit.errors.TypingError,
         "axis 2 is out of bounds for array of dimension 1"),
        (fft2_of_1d, (c,), "np.fft.fft2(a)", oxjit.errors.TypingError,
         "axis -2 is out of bounds for array of dimension 1"),
        (s_without_axes, (np.ones((2, 2)),), "np.fft.fftn(a, s=(2, 2))",
         oxjit.errors.UnsupportedError, "pass axes too"),
        (s_axes_lengths, (np.ones((2, 2)),), "np.fft.fftn(a, s=(2, 2), axes=(0,))",
         oxjit.errors.TypingError, "Shape and axes have different lengths."),
        (runtime_axis, (c, 0), "np.fft.fft(a, axis=k)", oxjit.errors.UnsupportedError,
         "axis must be a constant integer"),
        (float_n, (c,), "np.fft.fft(a, 2.5)", oxjit.errors.TypingError,
         "n must be an integer or None"),
        (float_freq, (c,), "np.fft.fftfreq(2.5)", oxjit.errors.TypingError,
         "n should be an integer"),
        (out_arg, (c,), "np.fft.fft(a, out=a)", oxjit.errors.TypingError, "out"),
    ]  # fmt: skip
    for fn, args, snippet, cls, text in cases:
        msg = assert_diagnostic(compile_error(fn, *args), fn, snippet, cls)
        assert text in msg, msg
