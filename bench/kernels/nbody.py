"""N-body: direct-sum gravitational forces, symplectic Euler steps, then the total energy."""

import ctypes
import math

from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["nbody", "energy"]

SOFTENING = 0.01
STEPS = 10


def energy(pos, vel, mass):
    """Kinetic plus (softened) potential energy."""
    n = pos.shape[0]
    e = 0.0
    for i in range(n):
        e += 0.5 * mass[i] * (vel[i, 0] ** 2 + vel[i, 1] ** 2 + vel[i, 2] ** 2)
        for j in range(i + 1, n):
            dx = pos[i, 0] - pos[j, 0]
            dy = pos[i, 1] - pos[j, 1]
            dz = pos[i, 2] - pos[j, 2]
            e -= mass[i] * mass[j] / math.sqrt(dx * dx + dy * dy + dz * dz + SOFTENING)
    return e


def nbody(pos, vel, mass, dt, steps):
    """Advance the n bodies (positions and velocities updated in place); return the energy."""
    n = pos.shape[0]
    for _ in range(steps):
        for i in range(n):
            ax = 0.0
            ay = 0.0
            az = 0.0
            for j in range(n):
                if j != i:
                    dx = pos[j, 0] - pos[i, 0]
                    dy = pos[j, 1] - pos[i, 1]
                    dz = pos[j, 2] - pos[i, 2]
                    r2 = dx * dx + dy * dy + dz * dz + SOFTENING
                    s = mass[j] / (r2 * math.sqrt(r2))
                    ax += dx * s
                    ay += dy * s
                    az += dz * s
            vel[i, 0] += dt * ax
            vel[i, 1] += dt * ay
            vel[i, 2] += dt * az
        for i in range(n):
            pos[i, 0] += dt * vel[i, 0]
            pos[i, 1] += dt * vel[i, 1]
            pos[i, 2] += dt * vel[i, 2]
    return energy(pos, vel, mass)


def make_inputs(n):
    g = rng(3)
    pos = g.standard_normal((n, 3))
    vel = 0.1 * g.standard_normal((n, 3))
    mass = g.uniform(0.5, 1.5, n) / n
    return pos, vel, mass, 1e-3, STEPS


def c_call(lib, pos, vel, mass, dt, steps):
    fn = function(lib, "nbody", ctypes.c_double)
    return fn(ptr(pos), ptr(vel), ptr(mass), i64(pos.shape[0]), f64(dt), i64(steps), f64(SOFTENING))


KERNELS = [
    Kernel(
        name="nbody",
        entry="nbody",
        description=f"{STEPS} steps of direct-sum gravity, n bodies, then the energy",
        make_inputs=make_inputs,
        sizes={"quick": (512,), "full": (256, 1024)},
        python_sizes={"quick": 48, "full": 160},
        check_size=16,
        work=lambda n: STEPS * n * n,
        check=close(1e-9),
        check_note="rtol 1e-9 (same operations in the same order; C's libm sqrt may differ)",
        c_call=c_call,
    )
]
