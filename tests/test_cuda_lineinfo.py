"""``@cuda.jit(lineinfo=True)``: the PTX carries the Python source lines (``.file`` and ``.loc``
directives, from LLVM debug locations in a ``LineTablesOnly`` compile unit), as Numba's does;
checked on the PTX text and with ``ptxas``. No GPU needed."""

import inspect
import re

import pytest
from cuda_fixtures import assemble

pytestmark = [
    pytest.mark.requires_jit,
    pytest.mark.requires_oxjit,
    pytest.mark.usefixtures("device_mode"),
]


def scale(a, x):
    i = 0
    while i < a.size:
        a[i] = a[i] * x
        i += 1


def clamp(v):
    if v > 1.0:
        return 1.0
    return v


def calls_device(a):
    from oxjit import cuda

    i = cuda.grid(1)
    if i < a.size:
        a[i] = dev_clamp(a[i])


dev_clamp = None


def lines_of(ptx):
    """The (file index -> name) table and the source lines `.loc` names."""
    files = dict(re.findall(r'\.file\s+(\d+)\s+"([^"]+)"', ptx))
    locs = {(f, int(n)) for f, n in re.findall(r"\.loc\s+(\d+)\s+(\d+)\s+\d+", ptx)}
    return files, locs


def body_lines(fn):
    src, first = inspect.getsourcelines(fn)
    return set(range(first, first + len(src)))


@pytest.mark.parametrize("options", [{}, {"opt": False}, {"debug": True}])
def test_loc_directives_name_the_kernel_lines(options, ptxas, tmp_path):
    from oxjit import cuda

    ptx = cuda.jit(lineinfo=True, **options)(scale).inspect_asm("void(float64[::1], float64)")
    files, locs = lines_of(ptx)
    ours = {k for k, name in files.items() if name.endswith("test_cuda_lineinfo.py")}
    assert ours, files
    # line 0: code the optimiser merged from several lines (LLVM's convention)
    lines = {n for f, n in locs if f in ours} - {0}
    body = body_lines(scale)
    assert lines and lines <= body
    mul_line = inspect.getsourcelines(scale)[1] + 3  # a[i] = a[i] * x
    assert mul_line in lines
    assemble(ptxas, ptx, tmp_path, "-lineinfo")


def test_device_function_lines_are_kept(ptxas, tmp_path):
    from oxjit import cuda

    global dev_clamp
    dev_clamp = cuda.jit(device=True)(clamp)
    try:
        k = cuda.jit(lineinfo=True, opt=False)(calls_device)
        ptx = k.inspect_asm("void(float64[::1])")
    finally:
        dev_clamp = None
    _, locs = lines_of(ptx)
    lines = {n for _, n in locs}
    assert lines & body_lines(clamp) and lines & body_lines(calls_device)
    assemble(ptxas, ptx, tmp_path, "-lineinfo")


def test_without_lineinfo_there_are_no_loc_directives():
    from oxjit import cuda

    ptx = cuda.jit(scale).inspect_asm("void(float64[::1], float64)")
    assert ".loc" not in ptx and ".file" not in ptx
