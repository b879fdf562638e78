"""The demo's binary records: a `bytes` payload read with `np.frombuffer` (a header of int32
counts, then float64 samples at an offset), a moving median over `sliding_window_view`
windows, complex samples sorted in NumPy's order and the nonzero counts per row with
`np.count_nonzero(axis=1)`; and the payload made again in compiled code (`a.tobytes()` of the
samples' transpose, copied in C order) with a checksum over its bytes, compared with NumPy."""

import numpy as np
import oxjit
from numpy.lib.stride_tricks import sliding_window_view


def decode(payload):
    header = np.frombuffer(payload, np.int32, 2)
    rows, cols = header[0], header[1]
    samples = np.frombuffer(payload, np.dtype("f8"), rows * cols, 8).reshape(rows, cols)
    windows = sliding_window_view(samples[0], 3)
    means = windows.sum(axis=-1) / windows.shape[-1]
    spectrum = np.sort(samples[0] + 1j * samples[1])
    return means, spectrum, np.count_nonzero(samples > 0.5, axis=1), samples.dtype.name


def encode(samples):
    body = samples.T.tobytes()
    check = 0
    for k, byte in enumerate(body[:64]):
        check = (check * 31 + byte * (k + 1)) % 1_000_003
    return body, check, len(body), body[:2] == body[8:10]


def demo_np_buffer():
    rng = np.random.default_rng(3)
    samples = rng.random((2, 16))
    payload = np.array([2, 16], np.int32).tobytes() + samples.tobytes()
    got = oxjit.njit(decode)(payload)
    expected = decode(payload)
    for g, e in zip(got[:3], expected[:3]):
        assert np.array_equal(g, e), (g, e)
    assert got[3] == expected[3]
    encoded = oxjit.njit(encode)(samples)
    assert encoded == encode(samples) and type(encoded[0]) is bytes
    return (
        f"np.frombuffer of {len(payload)} bytes, sliding_window_view means, complex np.sort, "
        f"count_nonzero per row {got[2].tolist()}, dtype {got[3]!r}; "
        f"samples.T.tobytes(): {encoded[2]} bytes, checksum {encoded[1]}"
    )


if __name__ == "__main__":
    print(demo_np_buffer())
