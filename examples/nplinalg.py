"""The demo's linear algebra: a least-squares fit by QR, a Cholesky solve, the spectrum and
conditioning of a matrix, a pseudo-inverse and a batch of small systems solved at once (stacks
of matrices), inside compiled functions, checked against NumPy bit for bit."""

import numpy as np
import oxjit


@oxjit.njit
def fit_and_analyse(x, y, k):
    # Least squares for a polynomial of degree k-1: the Vandermonde matrix, then Q R = V.
    v = np.empty((x.size, k))
    for j in range(k):
        v[:, j] = x**j
    q, r = np.linalg.qr(v)
    coef = np.linalg.solve(r, q.T @ y)
    g = v.T @ v
    chol = np.linalg.cholesky(g)
    rank = np.linalg.matrix_rank(v)
    return coef, chol, np.linalg.eigvals(g), np.linalg.cond(g), rank, np.linalg.pinv(v)


@oxjit.njit
def batch_solve(a, b):
    # One solve per 3x3 matrix of the stack, b broadcast over the batch.
    return np.linalg.solve(a, b), np.linalg.det(a), a @ np.linalg.inv(a)


@oxjit.njit
def batch_factor(s, a):
    # Factorizations of every matrix of a stack (s: symmetric positive definite ones).
    q, r = np.linalg.qr(a)
    return np.linalg.cholesky(s), q, r, np.linalg.eigvals(s), np.linalg.pinv(a)


@oxjit.njit
def batch_measures(a):
    # Per-matrix measures of a stack: powers, ranks, condition numbers and matrix norms.
    return (
        np.linalg.matrix_power(a, 3),
        np.linalg.matrix_rank(a),
        np.linalg.cond(a, "fro"),
        np.linalg.norm(a, 2, axis=(-2, -1)),
    )


def demo_linalg():
    rng = np.random.default_rng(5)
    x = np.linspace(-1.0, 1.0, 50)
    y = 1.0 - 2.0 * x + 0.5 * x**3 + rng.normal(0.0, 0.01, x.size)
    got = fit_and_analyse(x, y, 4)
    expected = fit_and_analyse.py_func(x, y, 4)
    for g, e in zip(got, expected):
        assert np.array_equal(g, e), (g, e)
    a = rng.normal(size=(1000, 3, 3)) + 3.0 * np.eye(3)
    b = rng.normal(size=(1000, 3, 2))
    solved = batch_solve(a, b)
    for g, e in zip(solved, batch_solve.py_func(a, b)):
        assert g.dtype == e.dtype and np.array_equal(g, e), (g, e)
    s = a @ np.swapaxes(a, 1, 2) + 3.0 * np.eye(3)
    factored = batch_factor(s, b)
    for g, e in zip(factored, batch_factor.py_func(s, b)):
        assert g.dtype == e.dtype and np.array_equal(g, e), (g, e)
    measured = batch_measures(a)
    for g, e in zip(measured, batch_measures.py_func(a)):
        assert g.dtype == e.dtype and np.array_equal(g, e), (g, e)
    return (
        f"linear algebra: cubic fit by np.linalg.qr (coefficients "
        f"{', '.join(f'{c:.2f}' for c in got[0])}), cholesky, eigvals, cond "
        f"{got[3]:.1f}, matrix_rank {got[4]}, pinv; solve/det/inv/cholesky/qr/eigvals/pinv/matrix_power/"
        f"matrix_rank/cond/norm of 1000 stacked "
        f"3x3 systems: "
        f"NumPy's values bit for bit"
    )
