"""The compiler's pass pipeline as the environment shows it: OXJIT_DUMP=after:PASS / before:PASS
prints the IR around a pass, OXJIT_TIMINGS lists each pass, and a pass name that does not exist is
reported rather than ignored; programs whose IR the verifier (run after every pass in the tests)
found broken."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import assert_same

SCRIPT = textwrap.dedent(
    """
    import numpy as np
    import oxjit

    def passes_function(a, b):
        return a * b + 1.0

    print("RESULT", oxjit.njit(passes_function)(np.arange(3.0), np.ones(3)).tolist())
    """
)

RESULT = "RESULT [1.0, 2.0, 3.0]"


def run_script(tmp_path, env_extra):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    env = {
        k: v for k, v in os.environ.items() if k not in ("OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT")
    }
    env.pop("OXJIT_DUMP", None)
    env.pop("OXJIT_TIMINGS", None)
    env.update(env_extra)
    proc = subprocess.run(
        [sys.executable, str(script)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert RESULT in proc.stdout
    return proc


@pytest.mark.requires_jit
def test_dump_after_fuse_shows_the_array_expression(tmp_path):
    before = run_script(tmp_path, {"OXJIT_DUMP": "before:fuse"}).stdout
    after = run_script(tmp_path, {"OXJIT_DUMP": "after:fuse"}).stdout
    assert "--- oxjit IR before fuse: passes_function ---" in before
    assert "--- oxjit IR after fuse: passes_function ---" in after
    # Fusion turns `a * b + 1.0` into one array expression.
    assert "arrayexpr" not in before and "arrayexpr" in after


@pytest.mark.requires_jit
def test_dump_all_passes_in_order(tmp_path):
    out = run_script(tmp_path, {"OXJIT_DUMP": "after:all"}).stdout
    headers = [line for line in out.splitlines() if line.startswith("--- oxjit IR after")]
    assert headers == [
        f"--- oxjit IR after {p}: passes_function ---"
        for p in ("prune", "promote", "lazy_split", "fuse", "parfor")
    ]


@pytest.mark.requires_jit
def test_dump_pass_and_stage_together(tmp_path):
    out = run_script(tmp_path, {"OXJIT_DUMP": "typed,after:promote"}).stdout
    assert "--- oxjit IR after promote: passes_function ---" in out
    assert "--- oxjit typed IR: passes_function ---" in out


@pytest.mark.requires_jit
def test_dump_refcount_plan(tmp_path):
    out = run_script(tmp_path, {"OXJIT_DUMP": "refcount,after:fuse"}).stdout
    plan = out.split("--- oxjit refcount plan: passes_function ---\n")[1]
    # The fused expression's result is a fresh array, returned: live at the return, never increfed.
    fused = next(
        line.split(" = ")[0].split(":")[0].strip()
        for line in out.splitlines()
        if "arrayexpr" in line
    )
    assert f"term: live {fused}" in plan
    assert "incref" not in plan


@pytest.mark.requires_jit
def test_dump_unknown_pass_is_reported(tmp_path):
    proc = run_script(tmp_path, {"OXJIT_DUMP": "after:nosuchpass"})
    assert (
        "OXJIT_DUMP: no pass named nosuchpass (the passes: prune, promote, lazy_split, fuse, parfor)"
        in proc.stderr
    )
    assert "--- oxjit IR" not in proc.stdout


@pytest.mark.requires_jit
def test_timings_list_each_pass(tmp_path):
    err = run_script(tmp_path, {"OXJIT_TIMINGS": "1"}).stderr
    assert "oxjit: compiled passes_function in" in err
    for p in ("prune", "promote", "lazy_split", "fuse", "parfor"):
        assert f"oxjit:   pass {p} of passes_function: " in err, err


def fused_then_updated(a, b):
    c = a * b + np.sqrt(a) - 1.0
    c += b
    return c, np.maximum(c, 0.0)


def updated_in_loop(a, n):
    c = a - 1.0
    for _ in range(n):
        c += a * 2.0
    return c


@pytest.mark.parametrize("fn", [fused_then_updated, updated_in_loop])
def test_in_place_update_of_an_array_expression(fn):
    # Fusion used to fold `c`'s expression into `c += b`, leaving no array to write into (the
    # verifier caught it after the fuse pass; it was an InternalError).
    a = np.arange(5.0)
    if fn is fused_then_updated:
        assert_same(fn, a, a + 1.5)
    else:
        assert_same(fn, a, 3)
