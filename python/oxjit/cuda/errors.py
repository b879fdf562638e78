"""The exceptions of :mod:`oxjit.cuda`, under Numba's names (``numba.cuda.cudadrv.error``)."""

__all__ = [
    "CudaAPIError",
    "CudaDriverError",
    "CudaSimulatorError",
    "CudaSupportError",
]


class CudaSupportError(ImportError):
    """CUDA cannot be used here: no driver, no device, or a driver too old (Numba's class)."""


class CudaDriverError(Exception):
    """The CUDA driver could not be loaded or initialised (Numba's class)."""


class CudaAPIError(CudaDriverError):
    """A CUDA driver call failed; ``code`` is the ``CUresult`` and ``msg`` says which call."""

    def __init__(self, code, msg):
        self.code = code
        self.msg = msg
        super().__init__(code, msg)

    def __str__(self):
        return f"[{self.code}] {self.msg}"


class CudaSimulatorError(RuntimeError):
    """A simulated kernel cannot go on: its threads wait at barriers that can never open."""
