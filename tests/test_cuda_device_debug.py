"""debug=True kernels, device-function signatures and opt=False on a real GPU, compared with the
simulator's messages and NumPy (skipped without a CUDA driver and device: scripts/gpu_check.sh
runs these on a GPU machine)."""

import numpy as np
import pytest

pytestmark = [pytest.mark.requires_jit, pytest.mark.requires_oxjit]


@pytest.fixture(scope="module")
def cuda(gpu):
    return gpu


def test_index_error_on_the_device(cuda):
    @cuda.jit(debug=True)
    def k(a):
        i = cuda.grid(1)
        if i == 37:
            a[i + 100] = 1.0
        elif i < a.size:
            a[i] = 2.0

    d = cuda.to_device(np.zeros(64))
    with pytest.raises(IndexError) as info:
        k[2, 32](d)
    assert str(info.value) == (
        "tid=[5, 0, 0] ctaid=[1, 0, 0]: index 137 is out of bounds for axis 0 with size 64"
    )
    k2 = cuda.jit(k.py_func)  # the same kernel without debug: nothing reported
    k2[1, 32](d)
    k[1, 32](d)  # the record was cleared: a clean launch raises nothing
    want = np.zeros(64)
    want[:32] = 2.0
    want[32:37] = 2.0
    want[38:64] = 2.0
    np.testing.assert_array_equal(d.copy_to_host(), want)


def test_explicit_raise_and_first_thread_wins(cuda):
    @cuda.jit(debug=True)
    def k(a):
        i = cuda.grid(1)
        if a[i] < 0:
            raise ValueError("negative value")

    a = np.zeros(128)
    a[[3, 70, 100]] = -1
    with pytest.raises(ValueError) as info:
        k[4, 32](a)
    msg = str(info.value)
    assert msg in (
        "tid=[3, 0, 0] ctaid=[0, 0, 0]: negative value",
        "tid=[6, 0, 0] ctaid=[2, 0, 0]: negative value",
        "tid=[4, 0, 0] ctaid=[3, 0, 0]: negative value",
    )


def test_device_signature_and_opt_false(cuda):
    @cuda.jit("float32(float32)", device=True)
    def third(x):
        return x / 3

    @cuda.jit(opt=False)
    def k(out, n):
        out[cuda.grid(1)] = third(n)

    out = np.zeros(32)
    k[1, 32](out, 1)
    np.testing.assert_array_equal(out, np.full(32, np.float64(np.float32(1) / np.float32(3))))
