"""The demo's polynomial fit: a `numpy.polynomial.polynomial.Polynomial` passed in, its
coefficients differentiated and evaluated with `polyval`, a new `Polynomial` of the derivative
made in compiled code on the same domain and window and returned to Python as NumPy's class,
compared with NumPy."""

import numpy as np
import oxjit
from numpy.polynomial import polynomial as P


def slope(p, xs):
    c = p.coef
    d = np.empty(max(c.size - 1, 1))
    d[0] = 0.0
    for k in range(1, c.size):
        d[k - 1] = k * c[k]
    return P.Polynomial(d, p.domain, p.window), P.polyval(xs, d)


def demo_polynomial():
    p = P.Polynomial([1.0, -3.0, 0.5, 0.25], domain=[0.0, 4.0], window=[-1.0, 1.0])
    xs = np.linspace(0.0, 4.0, 9)
    got = oxjit.njit(slope)(p, xs)
    expected = slope(p, xs)
    assert type(got[0]) is P.Polynomial and got[0] == expected[0], (got[0], expected[0])
    assert np.array_equal(got[1], expected[1]), (got[1], expected[1])
    return (
        f"Polynomial in and out: derivative coefficients {got[0].coef.tolist()} on domain "
        f"{got[0].domain.tolist()}, slopes at 9 points as NumPy's"
    )


if __name__ == "__main__":
    print(demo_polynomial())
