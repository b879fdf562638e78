"""Black-Scholes European option prices: Numba's example, one loop over the options."""

import math

import numpy as np
from harness.cref import f64, function, i64, ptr
from harness.spec import Kernel, close, rng

JIT = ["cnd", "black_scholes"]

RISKFREE = 0.02
VOLATILITY = 0.30
A1 = 0.31938153
A2 = -0.356563782
A3 = 1.781477937
A4 = -1.821255978
A5 = 1.330274429
RSQRT2PI = 0.39894228040143267794


def cnd(d):
    """The cumulative normal distribution (the polynomial approximation of Numba's example)."""
    K = 1.0 / (1.0 + 0.2316419 * math.fabs(d))
    ret_val = (
        RSQRT2PI * math.exp(-0.5 * d * d) * (K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5)))))
    )
    if d > 0:
        ret_val = 1.0 - ret_val
    return ret_val


def black_scholes(stock_price, option_strike, option_years, riskfree, volatility):
    """Call and put prices of each option, in two new arrays."""
    n = stock_price.shape[0]
    call_result = np.empty(n)
    put_result = np.empty(n)
    S = stock_price
    X = option_strike
    T = option_years
    R = riskfree
    V = volatility
    for i in range(n):
        sqrtT = math.sqrt(T[i])
        d1 = (math.log(S[i] / X[i]) + (R + 0.5 * V * V) * T[i]) / (V * sqrtT)
        d2 = d1 - V * sqrtT
        cndd1 = cnd(d1)
        cndd2 = cnd(d2)
        expRT = math.exp((-1.0 * R) * T[i])
        call_result[i] = S[i] * cndd1 - X[i] * expRT * cndd2
        put_result[i] = X[i] * expRT * (1.0 - cndd2) - S[i] * (1.0 - cndd1)
    return call_result, put_result


def make_inputs(n):
    g = rng(4)
    return (
        g.uniform(5.0, 30.0, n),
        g.uniform(1.0, 100.0, n),
        g.uniform(0.25, 10.0, n),
        RISKFREE,
        VOLATILITY,
    )


def _cnd(d):
    K = 1.0 / (1.0 + 0.2316419 * np.abs(d))
    poly = K * (A1 + K * (A2 + K * (A3 + K * (A4 + K * A5))))
    ret = RSQRT2PI * np.exp(-0.5 * d * d) * poly
    return np.where(d > 0, 1.0 - ret, ret)


def reference(S, X, T, R, V):
    """The same formulas, vectorised with NumPy."""
    sqrtT = np.sqrt(T)
    d1 = (np.log(S / X) + (R + 0.5 * V * V) * T) / (V * sqrtT)
    d2 = d1 - V * sqrtT
    cndd1, cndd2 = _cnd(d1), _cnd(d2)
    expRT = np.exp(-R * T)
    return S * cndd1 - X * expRT * cndd2, X * expRT * (1.0 - cndd2) - S * (1.0 - cndd1)


def c_call(lib, S, X, T, R, V):
    call, put = np.empty_like(S), np.empty_like(S)
    args = (ptr(S), ptr(X), ptr(T), f64(R), f64(V), ptr(call), ptr(put), i64(S.shape[0]))
    function(lib, "black_scholes")(*args)
    return call, put


KERNELS = [
    Kernel(
        name="black_scholes",
        entry="black_scholes",
        description="call and put prices of n options (math.exp, log, sqrt), two new arrays",
        make_inputs=make_inputs,
        sizes={"quick": (1 << 18,), "full": (1 << 20,)},
        python_sizes={"quick": 1 << 14, "full": 1 << 18},
        check_size=1000,
        work=lambda n: n,
        check=close(1e-9, atol=1e-9),
        check_note="rtol 1e-9, atol 1e-9 (NumPy's vectorised exp and log differ from libm's "
        "in the last bits; prices near 0 lose relative precision)",
        reference=reference,
        c_call=c_call,
        tags=("alloc",),
    )
]
