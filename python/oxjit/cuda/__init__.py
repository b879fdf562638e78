"""oxjit's CUDA target, with Numba's ``numba.cuda`` API::

    from oxjit import cuda

    @cuda.jit
    def saxpy(a, x, y, out):
        i = cuda.grid(1)
        if i < out.size:
            out[i] = a * x[i] + y[i]

    saxpy[blocks, threads](2.0, x, y, out)

With ``OXJIT_ENABLE_CUDASIM=1`` (Numba's ``NUMBA_ENABLE_CUDASIM`` works too) kernels run in a
CPU simulator; otherwise they compile to PTX through LLVM's NVPTX back end and run through the
CUDA driver, loaded at the first launch. Importing this module never needs a GPU.
"""

from oxjit.cuda import errors
from oxjit.cuda.api import (
    Event,
    Stream,
    default_stream,
    detect,
    device_array,
    device_array_like,
    event,
    is_available,
    is_cuda_array,
    pinned,
    pinned_array,
    select_device,
    stream,
    synchronize,
    to_device,
)
from oxjit.cuda.devicearray import DeviceNDArray
from oxjit.cuda.dispatcher import jit
from oxjit.cuda.errors import CudaAPIError, CudaDriverError, CudaSimulatorError, CudaSupportError
from oxjit.cuda.intrinsics import (
    activemask,
    all_sync,
    any_sync,
    atomic,
    ballot_sync,
    blockDim,
    blockIdx,
    brev,
    cbrt,
    clz,
    const,
    eq_sync,
    ffs,
    fma,
    grid,
    gridDim,
    gridsize,
    local,
    popc,
    selp,
    shared,
    shfl_down_sync,
    shfl_sync,
    shfl_up_sync,
    shfl_xor_sync,
    syncthreads,
    syncthreads_and,
    syncthreads_count,
    syncthreads_or,
    syncwarp,
    threadfence,
    threadfence_block,
    threadfence_system,
    threadIdx,
    warpsize,
)


def __getattr__(name):
    # ``cuda.laneid`` is read per thread, so it cannot be a module constant.
    if name == "laneid":
        from oxjit.cuda.intrinsics import laneid

        return laneid()
    raise AttributeError(f"module 'oxjit.cuda' has no attribute {name!r}")


__all__ = [
    "CudaAPIError",
    "CudaDriverError",
    "CudaSimulatorError",
    "CudaSupportError",
    "DeviceNDArray",
    "Event",
    "Stream",
    "activemask",
    "all_sync",
    "any_sync",
    "atomic",
    "ballot_sync",
    "blockDim",
    "blockIdx",
    "brev",
    "cbrt",
    "clz",
    "const",
    "default_stream",
    "detect",
    "device_array",
    "device_array_like",
    "eq_sync",
    "errors",
    "event",
    "ffs",
    "fma",
    "grid",
    "gridDim",
    "gridsize",
    "is_available",
    "is_cuda_array",
    "jit",
    "local",
    "pinned",
    "pinned_array",
    "popc",
    "select_device",
    "selp",
    "shared",
    "shfl_down_sync",
    "shfl_sync",
    "shfl_up_sync",
    "shfl_xor_sync",
    "stream",
    "synchronize",
    "syncthreads",
    "syncthreads_and",
    "syncthreads_count",
    "syncthreads_or",
    "syncwarp",
    "threadIdx",
    "threadfence",
    "threadfence_block",
    "threadfence_system",
    "to_device",
    "warpsize",
]
