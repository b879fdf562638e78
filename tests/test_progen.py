"""A fixed-seed batch of the differential program generator (tests/progen): random, well-typed
programs over scalars, arrays of every numeric dtype and layout, loops, branches, calls and raises,
each run under CPython and compiled, compared exactly. `bash scripts/fuzz.sh N` runs more."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.requires_jit
@pytest.mark.parametrize("first_seed", [0, 100_000])
def test_generated_programs_match_cpython(first_seed):
    proc = subprocess.run(
        [sys.executable, "-m", "progen", "150", "--seed", str(first_seed)],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    assert f"150 programs from seed {first_seed}" in proc.stdout, proc.stdout
