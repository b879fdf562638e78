"""The demo's covariance: `np.cov`, `np.corrcoef` and `np.pad` of sensor readings inside one
compiled function, checked against NumPy."""

import numpy as np
import oxjit


@oxjit.njit
def sensor_report(readings, reference):
    c = np.cov(readings)
    r = np.corrcoef(readings, reference)
    # Smoothing with a 3-point window over the reflected edges, as NumPy's pad gives them.
    p = np.pad(reference, 1, "reflect")
    smooth = (p[:-2] + p[1:-1] + p[2:]) / 3.0
    return c, r, np.cov(reference, ddof=0), smooth


def demo_cov():
    rng = np.random.default_rng(11)
    readings = rng.integers(0, 100, (4, 64)).astype(np.float64)
    reference = readings[0] * 2.0 + rng.integers(0, 5, 64)
    got = sensor_report(readings, reference)
    expected = sensor_report.py_func(readings, reference)
    for g, e in zip(got, expected):
        assert g.shape == e.shape and g.dtype == e.dtype, (g, e)
        assert np.allclose(g, e, rtol=1e-12, atol=0), (g, e)
    return (
        f"covariance: np.cov of 4 sensors, np.corrcoef with a reference "
        f"(r = {got[1][0, 4]:.4f}), variance {float(got[2]):.2f}, smoothed over np.pad's "
        f"reflected edges: NumPy's values"
    )
