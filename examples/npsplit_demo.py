"""The demo's NumPy helpers that Numba users reach for: a signal cut into frames (`np.split`,
views of the array), a Hann window over each, the loudest frame picked with `np.select`, and
`np.finfo` of the array's own dtype, compared with NumPy."""

import numpy as np
import oxjit


def frame_energy(signal, frames):
    window = np.hanning(signal.size // frames)
    energy = np.zeros(frames, signal.dtype)
    for k, part in enumerate(np.split(signal, frames)):
        energy[k] = ((part * window) ** 2).sum()
    floor = np.finfo(signal.dtype).eps * energy.max()
    level = np.select([energy > 0.5 * energy.max(), energy > floor], [2, 1], 0)
    return energy, level, signal.dtype == np.float64


def demo_np_split():
    t = np.linspace(0.0, 1.0, 4096)
    signal = np.sin(2 * np.pi * 50 * t) * np.exp(-3 * t)
    got = oxjit.njit(frame_energy)(signal, 8)
    expected = frame_energy(signal, 8)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e), (g, e)
    return (
        f"np.split into 8 frames, np.hanning, np.select levels {got[1].tolist()}, "
        f"np.finfo(a.dtype).eps, a.dtype == np.float64: {got[2]}"
    )


if __name__ == "__main__":
    print(demo_np_split())
