"""Release check of oxjit's copy of NumPy's SIMD np.tanh (vmath/np_tanh.rs) against this NumPy.

    .venv/bin/python scripts/check_np_tanh.py [--f64-items N] [--skip-f32]

float32: all 2^32 bit patterns, in chunks of 2^26, through a compiled array function (the
eight-lane function and the scalar tail), a compiled loop that does not vectorise (the scalar
function alone) and a @vectorize ufunc under np.errstate(all="raise") (no floating-point flag).
float64: N (default 10^8) random and special inputs the same three ways. Prints the number of
items compared and of differences per path; exits 1 on any difference.
"""

import argparse
import sys
import time

import numpy as np
import oxjit


def np_tanh(a):
    return np.tanh(a)


def scalar_loop(a, out):
    # The early exit keeps LLVM from vectorising: every item goes through the scalar function.
    for i in range(a.shape[0]):
        out[i] = np.tanh(a[i])
        if out[i] == 2.0:
            break
    return out


def ufunc_tanh(x):
    return np.tanh(x)


ARRAY = oxjit.njit(np_tanh)
LOOP = oxjit.njit(scalar_loop)
UFUNCS = {
    np.float32: oxjit.vectorize(["float32(float32)"])(ufunc_tanh),
    np.float64: oxjit.vectorize(["float64(float64)"])(ufunc_tanh),
}


def compare(x, counts):
    ints = np.int32 if x.dtype == np.float32 else np.int64
    want = np.tanh(x).view(ints)
    counts["items"] += x.size
    counts["array"] += int(np.count_nonzero(ARRAY(x).view(ints) != want))
    counts["scalar"] += int(np.count_nonzero(LOOP(x, np.empty_like(x)).view(ints) != want))
    with np.errstate(all="raise"):
        try:
            got = UFUNCS[x.dtype.type](x)
        except FloatingPointError:
            counts["flags"] += 1
            got = UFUNCS[x.dtype.type](x)
    counts["ufunc"] += int(np.count_nonzero(got.view(ints) != want))


def f64_inputs(rng, n):
    """Random bit patterns, [-20, 20], [-1, 1], tiny, subnormal, the interval edges +- a few
    ulps, and special values (NaN payloads of both signs)."""
    parts = [rng.integers(0, 1 << 64, n, dtype=np.uint64).view(np.float64)]
    parts.append(rng.uniform(-20, 20, n))
    parts.append(rng.uniform(-1, 1, n))
    parts.append(rng.uniform(-1, 1, n) * 10.0 ** rng.uniform(-320, -1, n))
    sub = rng.integers(0, 1 << 52, n, dtype=np.uint64)
    sub |= rng.integers(0, 2, n, dtype=np.uint64) << np.uint64(63)
    parts.append(sub.view(np.float64))
    edges = np.array([0x3FCC000000000000 + (k << 51) for k in range(15)], dtype=np.int64)
    near = edges[rng.integers(0, edges.size, n)] + rng.integers(-64, 65, n)
    sign = rng.integers(0, 2, n).astype(np.int64) << 63
    parts.append((near | sign).view(np.float64))
    return np.concatenate(parts)


F64_SPECIALS = np.array(
    [0, 1, 0xFFFFFFFFFFFFF, 0x10000000000000, 0x7FEFFFFFFFFFFFFF, 0x7FE0000000000000,
     0x7FDFFFFFFFFFFFFF, 0x7FF0000000000000, 0x7FF0000000000001, 0x7FF4000000000000,
     0x7FF8000000000000, 0x7FF8DEADBEEF0001, 0x7FFFFFFFFFFFFFFF],
    dtype=np.uint64,
)  # fmt: skip


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--f64-items", type=float, default=1e8)
    parser.add_argument("--skip-f32", action="store_true")
    args = parser.parse_args()
    features = oxjit._oxjit.host_target()[2].split(",")
    print("in use:", [f for f in features if f.startswith("+oxjit")])
    bad = 0
    if not args.skip_f32:
        counts = dict.fromkeys(["items", "array", "scalar", "ufunc", "flags"], 0)
        start = time.time()
        chunk = 1 << 26
        for k in range((1 << 32) // chunk):
            bits = np.arange(k * chunk, (k + 1) * chunk, dtype=np.uint64).astype(np.uint32)
            compare(bits.view(np.float32), counts)
        print(f"float32 all bit patterns: {counts} ({time.time() - start:.0f} s)")
        bad += sum(v for k, v in counts.items() if k != "items")
    counts = dict.fromkeys(["items", "array", "scalar", "ufunc", "flags"], 0)
    start = time.time()
    specials = np.concatenate([F64_SPECIALS, F64_SPECIALS | np.uint64(1 << 63)]).view(np.float64)
    compare(specials, counts)
    rng = np.random.default_rng(2026)
    while counts["items"] < args.f64_items:
        compare(f64_inputs(rng, 1 << 21), counts)
    print(f"float64 random and special: {counts} ({time.time() - start:.0f} s)")
    bad += sum(v for k, v in counts.items() if k != "items")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
