"""The demo's odds and ends of NumPy from Numba's list: a float's mantissa and exponent
(`np.frexp`, back with `np.ldexp`), per-channel standard deviations over a tuple of axes,
`np.ndenumerate` and array unpacking, compared with NumPy."""

import numpy as np
import oxjit


def channel_stats(img):
    # img: (height, width, channel); statistics over the pixels of each channel
    spread = img.std(axis=(0, 1))
    mantissa, exponent = np.frexp(spread)
    back = np.ldexp(mantissa, exponent)
    peak = 0.0
    where = (0, 0)
    for (i, j), v in np.ndenumerate(img[:, :, 0]):
        if v > peak:
            peak, where = v, (i, j)
    first, second = img[where[0], where[1], :2]
    return spread, exponent, back, where, float(first), float(second)


def demo_np_more():
    rng = np.random.default_rng(3)
    img = rng.integers(0, 256, (32, 32, 3)).astype(np.float64)
    got = oxjit.njit(channel_stats)(img)
    expected = channel_stats(img)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e), (g, e)
    return (
        f"std over axes (0, 1) {np.round(got[0], 3)}, frexp exponents {got[1].tolist()} "
        f"(dtype {got[1].dtype}), ldexp gives the values back; ndenumerate's peak at {got[3]}"
    )


if __name__ == "__main__":
    print(demo_np_more())
