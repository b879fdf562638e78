"""The demo's records: an array of a structured dtype (aligned, with a sub-array field) updated
in place through records that are references into it, as Numba does, checked against the same
loop over NumPy's records."""

import numpy as np
import oxjit

PARTICLE = np.dtype([("pos", "f8", (3,)), ("vel", "f8", (3,)), ("mass", "f4")], align=True)


def step(ps, dt):
    energy = 0.0
    for p in ps:
        for k in range(3):
            p["pos"][k] += dt * p["vel"][k]
        p["vel"][2] -= dt * 9.81
        energy += 0.5 * p["mass"] * (p["vel"] ** 2).sum()
    return float(energy)


def demo_records():
    rng = np.random.default_rng(3)
    ps = np.zeros(10_000, PARTICLE)
    ps["pos"] = rng.normal(size=(ps.size, 3))
    ps["vel"] = rng.normal(size=(ps.size, 3))
    ps["mass"] = rng.uniform(1.0, 2.0, ps.size)
    expected = ps.copy()
    e_py = step(expected, 0.01)
    e_jit = oxjit.njit(step)(ps, 0.01)
    assert np.array_equal(ps, expected) and abs(e_jit - e_py) <= 1e-9 * abs(e_py), (e_jit, e_py)
    return (
        f"records: {ps.size} particles of a structured dtype ({PARTICLE.itemsize} bytes each) "
        f"moved in place through references, energy {e_jit:.3f}: NumPy's records exactly"
    )
