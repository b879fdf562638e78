"""The demo's float16: a half-precision image pipeline (normalise, gamma, mean brightness) in one
compiled function, equal to NumPy's result bit for bit (each float16 operation computed in
float32 and rounded back, as NumPy's float16 loops do)."""

import numpy as np
import oxjit


@oxjit.njit
def tone_map(image, gamma):
    lo, hi = image.min(), image.max()
    scaled = (image - lo) / (hi - lo)
    mapped = scaled**gamma
    return mapped, mapped.mean(), mapped.sum()


def demo_float16():
    image = np.random.default_rng(5).uniform(0, 500, (64, 48)).astype(np.float16)
    gamma = np.float16(0.45)
    got = tone_map(image, gamma)
    expected = tone_map.py_func(image, gamma)
    assert got[0].dtype == np.float16 and type(got[1]) is np.float16
    assert np.array_equal(got[0].view(np.uint16), expected[0].view(np.uint16))
    assert got[1].view(np.uint16) == expected[1].view(np.uint16)
    assert got[2].view(np.uint16) == expected[2].view(np.uint16)
    return (
        f"float16: a 64x48 half-precision tone map, mean {got[1]!r}: NumPy's float16 results "
        f"bit for bit (float32 per operation, rounded to nearest even)"
    )
