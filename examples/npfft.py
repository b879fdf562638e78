"""The demo's spectrum: `np.fft` inside one compiled function (a windowed real FFT, the
frequencies of its bins, a 2-d transform and its inverse), checked bit for bit against NumPy."""

import numpy as np
import oxjit


@oxjit.njit
def spectrum(signal, rate, image):
    # A triangular (Bartlett) window, then the power of each bin.
    window = 1.0 - np.abs(2.0 * np.arange(signal.size) / (signal.size - 1) - 1.0)
    spec = np.fft.rfft(signal * window, norm="ortho")
    power = spec.real**2 + spec.imag**2
    freqs = np.fft.rfftfreq(signal.size, 1.0 / rate)
    peak = freqs[np.argmax(power[1:]) + 1]
    # Low-pass an image: zero the high frequencies of its centred 2-d spectrum, then back.
    f = np.fft.fftshift(np.fft.fft2(image))
    rows = image.shape[0]
    f[: rows // 4, :] = 0
    f[rows - rows // 4 :, :] = 0
    smooth = np.fft.ifft2(np.fft.ifftshift(f)).real
    return power, freqs, peak, smooth


def demo_fft():
    rate = 1000.0
    t = np.arange(1009) / rate  # a prime length: pocketfft's Bluestein route
    signal = np.sin(2 * np.pi * 50.0 * t) + 0.3 * np.sin(2 * np.pi * 120.0 * t)
    image = np.random.default_rng(3).standard_normal((48, 40))
    got = spectrum(signal, rate, image)
    expected = spectrum.py_func(signal, rate, image)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e), (g, e)
    return (
        f"np.fft: a windowed rfft of 1009 samples peaks at {got[2]:.1f} Hz, a 2-d low-pass "
        f"with fft2/fftshift/ifft2: NumPy's values bit for bit (a port of its pocketfft)"
    )
