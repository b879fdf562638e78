"""Device functions with signatures (``@cuda.jit("float32(float32)", device=True)``), as in
Numba: kernels calling them convert the arguments to the first signature they fit and get the
declared return type; arguments that fit none are a compile-time typing error. Checked on the
LLVM IR and PTX (``ptxas``) of kernels calling them, without a GPU."""

import re
import subprocess

import pytest

pytestmark = [
    pytest.mark.requires_jit,
    pytest.mark.requires_oxjit,
    pytest.mark.usefixtures("device_mode"),
]


def test_arguments_are_converted_to_the_signature(cuda):
    @cuda.jit("float32(float32)", device=True)
    def twice(x):
        return x * 2

    @cuda.jit
    def k(out, v):
        out[0] = twice(v)

    llvm = k.inspect_llvm("void(float64[::1], int64)")
    # the int64 argument becomes a float32, multiplied as float32, widened for the store
    assert re.search(r"sitofp i64 %\w+ to float", llvm)
    assert re.search(r"fmul float", llvm) or re.search(r"fadd float", llvm)
    assert re.search(r"fpext float %[\w.]+ to double", llvm)
    assert "mul i64" not in llvm


def test_the_first_fitting_signature_is_taken(cuda):
    @cuda.jit(["int32(int32)", "float64(float64)"], device=True)
    def inc(x):
        return x + 1

    @cuda.jit
    def k(out, i, f):
        out[0] = inc(i)
        out[1] = inc(f)

    llvm = k.inspect_llvm("void(float64[::1], int16, float32)")
    assert re.search(r"add (nsw )?i32", llvm)  # int16 -> int32
    assert re.search(r"fadd double", llvm)  # float32 -> float64


def test_arguments_that_fit_no_signature_are_refused(cuda):
    from oxjit.errors import TypingError

    @cuda.jit("float32(float32)", device=True)
    def twice(x):
        return x * 2

    @cuda.jit
    def k(out, a):
        out[0] = twice(a)

    with pytest.raises(TypingError, match=r"No matching definition .*\(array\(float64"):
        k.inspect_asm("void(float64[::1], float64[::1])")


def test_void_signature_and_cuda_intrinsics_in_the_device_function(cuda, tmp_path):
    from oxjit.cuda.ptx import find_ptxas

    @cuda.jit("void(float32[::1], int32)", device=True)
    def put(a, v):
        a[cuda.threadIdx.x] = v

    @cuda.jit
    def k(a):
        put(a, 7)

    ptx = k.inspect_asm("void(float32[::1])")
    assert "%tid.x" in ptx
    ptxas = find_ptxas()
    if ptxas is None:
        pytest.skip("ptxas not found")
    src = tmp_path / "k.ptx"
    src.write_text(ptx)
    out = subprocess.run(
        [ptxas, "-arch=sm_90", str(src), "-o", str(tmp_path / "k.cubin")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def test_signature_device_function_in_the_simulator(cuda, monkeypatch):
    import numpy as np

    monkeypatch.setenv("OXJIT_ENABLE_CUDASIM", "1")

    @cuda.jit("float64(float64)", device=True)
    def half(x):
        return x / 2

    @cuda.jit
    def k(a):
        a[cuda.grid(1)] = half(a[cuda.grid(1)])

    a = np.arange(8.0)
    k[2, 4](a)
    np.testing.assert_array_equal(a, np.arange(8.0) / 2)
