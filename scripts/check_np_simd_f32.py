"""Compares compiled float32 NumPy ufuncs with NumPy on all 2^32 float32 bit patterns.

    .venv/bin/python scripts/check_np_simd_f32.py sin cos [--chunks 0:64]

For each ufunc: an array expression (the eight-lane function) and a loop that stops early on an
impossible value (not vectorised: the scalar function), in chunks of 2^26 items, their bits
against NumPy's under np.errstate(all="ignore"). Prints the differences per ufunc; the release
check of oxjit's copies of NumPy's SIMD code (crates/oxjit-runtime/src/vmath/np_simd.rs) is zero.
Not a test: it takes minutes per ufunc."""

import argparse
import sys
import time

import numpy as np
import oxjit

CHUNK = 1 << 26


def compiled(name):
    ufunc = getattr(np, name)

    @oxjit.njit
    def array(a):
        return ufunc(a)

    @oxjit.njit
    def scalar(a, out):
        for i in range(a.shape[0]):
            y = ufunc(a[i])
            out[i] = y
            if y == np.float32(1e30):  # an exit the vectoriser cannot take
                break
        return out

    return array, scalar


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="+")
    parser.add_argument("--chunks", default="0:64")
    args = parser.parse_args()
    first, last = map(int, args.chunks.split(":"))
    features = oxjit._oxjit.host_target()[2].split(",")
    print("npsimd in use:", "+oxjit-npsimd" in features, flush=True)
    for name in args.names:
        array, scalar = compiled(name)
        ufunc = getattr(np, name)
        diffs = {"vector": 0, "scalar": 0}
        start = time.time()
        out = np.empty(CHUNK, dtype=np.float32)
        for k in range(first, last):
            x = np.arange(k * CHUNK, (k + 1) * CHUNK, dtype=np.uint64).astype(np.uint32)
            x = x.view(np.float32)
            with np.errstate(all="ignore"):
                want = ufunc(x).view(np.int32)
                for kind, got in (("vector", array(x)), ("scalar", scalar(x, out))):
                    bad = np.flatnonzero(got.view(np.int32) != want)
                    diffs[kind] += bad.size
                    if bad.size:
                        i = bad[0]
                        print(
                            f"{name} {kind} chunk {k}: {bad.size} differ, first "
                            f"x={x.view(np.uint32)[i]:#010x} got {got.view(np.int32)[i]:#010x} "
                            f"want {want[i]:#010x}",
                            flush=True,
                        )
        print(f"{name}: chunks {first}:{last}, differences {diffs}, {time.time() - start:.0f} s")
        for fn, label in ((array, "vector"), (scalar, "scalar")):
            asm = "\n".join(fn.inspect_asm().values())
            print(f"  {label}: calls the eight-lane function: {f'oxjit_np_v{name}8_f32' in asm}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
