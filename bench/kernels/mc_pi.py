"""Monte-Carlo pi: the example of Numba's front page (``random.random`` in a loop), seeded."""

import math
import random

from harness.spec import Kernel, pi_sigma, within_sigma

JIT = ["monte_carlo_pi"]


def monte_carlo_pi(nsamples, seed):
    """4 x the fraction of nsamples uniform points of the unit square inside the quarter disc."""
    random.seed(seed)
    acc = 0
    for i in range(nsamples):
        x = random.random()
        y = random.random()
        if (x**2 + y**2) < 1.0:
            acc += 1
    return 4.0 * acc / nsamples


def make_inputs(n):
    return n, 12345


def reference(n, seed):
    return math.pi


KERNELS = [
    Kernel(
        name="mc_pi",
        entry="monte_carlo_pi",
        description="pi from n random points (random.random), seeded in the function",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 22,), "full": (1 << 24,)},
        python_sizes={"quick": 1 << 17, "full": 1 << 21},
        check_size=1 << 16,
        work=lambda n: n,
        check=within_sigma(math.pi, pi_sigma),
        check_note="within 5 sigma of pi (each system has its own random stream, so their "
        "results are not compared with each other); no C reference for the same reason",
        reference=reference,
    )
]
