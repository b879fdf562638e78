"""Diagnostics: ``python -m oxjit`` (the system report), warnings for options accepted but not
honoured, and the environment variables (OXJIT_TIMINGS=0 is off; Numba's NUMBA_* with an oxjit
meaning). The report's values are checked against what the system says through other means.
"""

import os
import platform
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import oxjit
import pytest

errors = pytest.importorskip("oxjit.errors")  # absent from conftest's stand-in module
NumbaPerformanceWarning = errors.NumbaPerformanceWarning

pytestmark = pytest.mark.requires_jit


def run_python(args, **env):
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("OXJIT_", "NUMBA_"))}
    environ.update(env)
    return subprocess.run(
        [sys.executable, *args], env=environ, capture_output=True, text=True, check=False
    )


def run_script(tmp_path, code, **env):
    """Runs ``code`` from a file (oxjit compiles from source, so not with ``-c``)."""
    script = tmp_path / "script.py"
    script.write_text(code)
    return run_python([str(script)], **env)


def report_rows(**env):
    """``{label: value}`` of ``python -m oxjit``'s output (labels are unique across sections)."""
    result = run_python(["-m", "oxjit"], **env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    rows = {}
    for line in result.stdout.splitlines():
        if " : " in line or line.rstrip().endswith(":"):
            label, _, value = line.partition(":")
            assert label.strip() not in rows, label
            rows[label.strip()] = value.strip()
    return result.stdout, rows


@pytest.fixture(scope="module")
def report():
    return report_rows()


def cpu_flags():
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    pytest.skip("no /proc/cpuinfo flags")


# ------------------------------------------------------------------ python -m oxjit


def test_report_sections(report):
    text, _ = report
    for title in ("oxjit", "Python and NumPy", "Hardware and LLVM", "BLAS", "Threads", "Cache",
                  "GPU", "Environment variables"):  # fmt: skip
        assert f"\n__{title}__\n" in text
    assert "unavailable" not in text and "Traceback" not in text


def test_report_versions(report):
    _, rows = report
    assert rows["oxjit version"] == oxjit.oxjit_version
    assert rows["NumPy"] == np.__version__
    assert rows["Python"] == f"{platform.python_version()} ({platform.python_implementation()})"
    assert rows["interpreter"] == sys.executable
    from oxjit import _oxjit

    assert rows["extension"] == _oxjit.__file__
    llvm = _oxjit.host_target()[3]
    assert llvm.startswith("22.")  # the LLVM the extension is built on (see README)
    assert rows["LLVM"] == f"{llvm} (linked into the extension)"


def test_report_target_and_cpu(report):
    _, rows = report
    assert rows["LLVM target triple"].startswith(platform.machine() + "-")
    assert "linux" in rows["LLVM target triple"]
    assert rows["LLVM CPU name"] not in ("", "generic")
    # LLVM's features and the kernel's flags agree on what matters for speed.
    flags = cpu_flags()
    expected = " / ".join("yes" if f in flags else "no" for f in ("avx2", "avx512f", "fma"))
    assert rows["AVX2 / AVX-512F / FMA"] == expected
    features = rows["CPU features"].split()
    assert ("sse4.2" in features) == ("sse4_2" in flags)
    assert rows["CPU count"].startswith(f"{os.cpu_count()} (usable by this process: ")


def test_report_blas(report):
    from oxjit import _blas

    path, why = _blas.find()
    _, rows = report
    assert rows["NumPy's BLAS/LAPACK"] == (f"found: {path}" if path else f"not found ({why})")


def test_report_is_honest_about_what_is_missing(report):
    _, rows = report
    assert rows["cache directory"].startswith("__pycache__ beside each module; ")
    assert rows["threading layer"].startswith("rayon")
    assert rows["CUDA target"] == "not implemented yet (issue 13)"
    has_gpu = os.path.isdir("/proc/driver/nvidia/gpus") and os.listdir("/proc/driver/nvidia/gpus")
    assert rows["NVIDIA GPUs"].startswith("none found") == (not has_gpu)


def test_report_environment_variables():
    _, rows = report_rows(
        OXJIT_TIMINGS="0", NUMBA_DISABLE_JIT="1", OXJIT_DUMP="typed", NUMBA_OPT="2"
    )
    assert rows["OXJIT_TIMINGS"].startswith("off (OXJIT_TIMINGS='0'): ")
    assert rows["NUMBA_DISABLE_JIT"].startswith("on (NUMBA_DISABLE_JIT='1'): ")
    assert rows["OXJIT_DUMP"].startswith("'typed': ")
    assert rows["OXJIT_BOUNDSCHECK"].startswith("unset: ")
    assert rows["other NUMBA_* set"] == "NUMBA_OPT (no effect in oxjit)"
    _, rows = report_rows()
    assert rows["other NUMBA_* set"] == "none"


def test_report_cache_directory_from_environment(tmp_path):
    """The report and oxjit.cache agree on where cache=True writes."""
    from oxjit import cache

    _, rows = report_rows(NUMBA_CACHE_DIR=str(tmp_path))
    assert rows["cache directory"].startswith(f"{tmp_path} (from the environment)")
    assert rows["NUMBA_CACHE_DIR"].startswith(f"{str(tmp_path)!r}: ")
    old = os.environ.get("NUMBA_CACHE_DIR")
    os.environ["NUMBA_CACHE_DIR"] = str(tmp_path)
    try:
        assert cache.directory(scaled_sum).startswith(str(tmp_path))
    finally:
        if old is None:
            del os.environ["NUMBA_CACHE_DIR"]
        else:
            os.environ["NUMBA_CACHE_DIR"] = old


# ------------------------------------------------------------------ warnings


def scaled_sum(a, k):
    total = 0.0
    for i in oxjit.prange(a.shape[0]):
        total += a[i] * k
    return total


@pytest.mark.parametrize(
    "options, category, issue",
    [
        ({"inline": "always"}, NumbaPerformanceWarning, "LLVM's inliner"),
    ],
)
@pytest.mark.parametrize("decorator", ["njit", "jit"])
def test_option_not_honoured_warns(decorator, options, category, issue):
    with pytest.warns(category) as record:
        disp = getattr(oxjit, decorator)(**options)(scaled_sum)
    assert len(record) == 1
    message = str(record[0].message)
    (key,) = options
    assert message.startswith(f"{decorator}(): {key}=") and issue in message
    assert record[0].filename == __file__  # points at the decorated function, not at oxjit
    a = np.arange(5.0)
    assert disp(a, 2.0) == scaled_sum(a, 2.0)  # and the function still works


def test_option_not_honoured_warns_in_direct_form():
    with pytest.warns(NumbaPerformanceWarning, match="inliner") as record:
        oxjit.njit(scaled_sum, inline="always")
    assert record[0].filename == __file__


@pytest.mark.parametrize(
    "options",
    [{"parallel": False}, {"parallel": True}, {"cache": False}, {"cache": True}, {"inline": "never"}, {"nogil": True},
     {"fastmath": True}, {"boundscheck": True}, {"error_model": "numpy"}, {}],
)  # fmt: skip
def test_honoured_options_do_not_warn(options):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        disp = oxjit.njit(**options)(scaled_sum)
        assert disp(np.ones(3), 1.0) == 3.0


# ------------------------------------------------------------------ environment variables

TIMED = textwrap.dedent(
    """
    import oxjit
    @oxjit.njit
    def timed(x):
        return x + 1
    print(timed(1))
    """
)


@pytest.mark.parametrize(
    "value, on", [("1", True), ("yes", True), ("0", False), ("", False), ("off", False)]
)
def test_timings_switch(tmp_path, value, on):
    result = run_script(tmp_path, TIMED, OXJIT_TIMINGS=value)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "2\n"
    assert ("oxjit: compiled timed in " in result.stderr) == on, result.stderr


BOUNDS = textwrap.dedent(
    """
    import numpy as np, oxjit
    @oxjit.njit
    def get(a, i):
        return a[i]
    a = np.arange(10.0)[:2]  # unchecked, a[5] reads 5.0 from the memory past the view
    try:
        print(get(a, 5))
    except IndexError as e:
        print("IndexError:", e)
    """
)


@pytest.mark.parametrize(
    "env, checked",
    [
        ({"NUMBA_BOUNDSCHECK": "1"}, True),
        ({"OXJIT_BOUNDSCHECK": "1"}, True),
        ({"NUMBA_BOUNDSCHECK": "0"}, False),
        ({"OXJIT_BOUNDSCHECK": "false"}, False),
    ],
)
def test_boundscheck_environment(tmp_path, env, checked):
    result = run_script(tmp_path, BOUNDS, **env)
    assert result.returncode == 0, result.stderr
    if checked:
        assert result.stdout == "IndexError: index 5 is out of bounds for axis 0 with size 2\n"
    else:
        assert result.stdout == "5.0\n"


@pytest.mark.parametrize("var", ["NUMBA_DISABLE_JIT", "OXJIT_DISABLE_JIT"])
@pytest.mark.parametrize("value, disabled", [("1", True), ("0", False), ("no", False)])
def test_disable_jit_switch(tmp_path, var, value, disabled):
    code = "import oxjit\ndef f(x):\n    return x\nprint(oxjit.njit(f) is f)\n"
    result = run_script(tmp_path, code, **{var: value})
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{disabled}\n"
