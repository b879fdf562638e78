"""oxjit's type information (py.typed and the .pyi stubs) as a type checker sees it.

mypy (strict, Python 3.10 rules) checks two files: tests/typing/good.py, the public API as users
write it, must pass, with the types it asserts (``assert_type``); tests/typing/bad.py, mistakes
the stubs must catch, must give exactly the errors its ``# E: code`` comments name, on those lines
and no others. stubtest then compares the stubs with the modules they describe, so that the two
cannot drift apart. mypy is installed into the running environment when it is missing
(scripts/setup.sh installs it); the tests skip only if that install fails (no network).
"""

import os
import re
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TYPING = os.path.join(HERE, "typing")
CONFIG = os.path.join(TYPING, "mypy.ini")
STUBBED = ("oxjit.types", "oxjit.decorators", "oxjit.dispatcher")


@pytest.fixture(scope="module")
def mypy():
    """The command that runs mypy in this environment, installing mypy first if needed."""
    try:
        import mypy  # noqa: F401
    except ImportError:
        install = subprocess.run(
            [sys.executable, "-m", "pip", "install", "-q", "mypy", "typing_extensions"],
            check=False,
            capture_output=True,
            text=True,
        )
        if install.returncode != 0:
            pytest.skip(f"mypy is not installed and cannot be: {install.stderr.strip()[-300:]}")
    return [sys.executable, "-m", "mypy", "--config-file", CONFIG, "--no-error-summary"]


def run(cmd):
    env = dict(os.environ, MYPYPATH="")
    return subprocess.run(cmd, check=False, capture_output=True, text=True, cwd=ROOT, env=env)


def errors(output):
    """``{(line, code)}`` of mypy's error lines (notes left out)."""
    found = set()
    for line in output.splitlines():
        m = re.match(r".*?:(\d+): error: .*\[([a-z-]+)\]$", line)
        if m:
            found.add((int(m.group(1)), m.group(2)))
    return found


def test_package_is_marked_typed():
    package = os.path.join(ROOT, "python", "oxjit")
    assert os.path.isfile(os.path.join(package, "py.typed"))
    for module in STUBBED:
        name = module.split(".")[1]
        assert os.path.isfile(os.path.join(package, name + ".pyi")), module


def test_good_example_passes_strict_mypy(mypy):
    result = run([*mypy, os.path.join(TYPING, "good.py")])
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.requires_jit
def test_good_example_runs(mypy):
    """The checked example is real code: it compiles and its asserts hold."""
    result = subprocess.run(
        [sys.executable, os.path.join(TYPING, "good.py")],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_bad_example_gives_exactly_the_marked_errors(mypy):
    path = os.path.join(TYPING, "bad.py")
    expected = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            m = re.search(r"# E: ([a-z-]+)$", line.rstrip())
            if m:
                expected.add((number, m.group(1)))
    assert len(expected) >= 10
    result = run([*mypy, path])
    assert result.returncode == 1, result.stdout + result.stderr
    found = errors(result.stdout)
    assert expected <= found, result.stdout
    # No error on an unmarked line (a line may carry more than one error, e.g. a misspelt option).
    assert {line for line, _ in found} == {line for line, _ in expected}, result.stdout


@pytest.mark.requires_jit
def test_stubs_match_the_modules(mypy):
    """stubtest imports each stubbed module and checks that the stub describes what is there."""
    allowlist = os.path.join(TYPING, "stubtest-allowlist.txt")
    cmd = [sys.executable, "-m", "mypy.stubtest", *STUBBED]
    cmd += ["--mypy-config-file", CONFIG, "--allowlist", allowlist]
    result = run(cmd)
    assert result.returncode == 0, result.stdout + result.stderr
