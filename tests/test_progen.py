"""A fixed-seed batch of the differential program generator (tests/progen): random, well-typed
programs over scalars, arrays of every numeric dtype and layout, loops, branches, calls and raises,
each run under CPython and compiled, compared exactly; and smaller batches of the `math` and
`scalars` families (tests/progen/families.py). `bash scripts/fuzz.sh N` runs more."""

import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    ("family", "count", "first_seed"),
    # math from 7_300_000 includes 7_300_009: a generator expression in a loop whose cleanup
    # pipeline's instcombine aborted the process (LLVM's fixpoint verification)
    [("general", 150, 0), ("general", 150, 100_000), ("math", 60, 7_300_000),
     ("scalars", 60, 8_400_000)],
)  # fmt: skip
def test_generated_programs_match_cpython(family, count, first_seed):
    proc = subprocess.run(
        [sys.executable, "-m", "progen", str(count), "--seed", str(first_seed), "--family", family],
        cwd=HERE,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-20000:] + proc.stderr[-5000:]
    assert f"{count} programs from seed {first_seed} ({family})" in proc.stdout, proc.stdout
