"""The demo's covariance: `np.cov` and `np.corrcoef` of sensor readings inside one compiled
function, checked against NumPy."""

import numpy as np
import oxjit


@oxjit.njit
def sensor_report(readings, reference):
    c = np.cov(readings)
    r = np.corrcoef(readings, reference)
    return c, r, np.cov(reference, ddof=0)


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
        f"(r = {got[1][0, 4]:.4f}), variance {float(got[2]):.2f}: NumPy's values"
    )
