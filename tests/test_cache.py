"""The on-disk cache (``cache=True``): hits in fresh processes, freshness for each part of the
key, concurrent writers, corrupt files, unwritable places, what is not cached, inspection.

Every scenario runs in fresh interpreters (a cache hit only means something in a new process).
With ``OXJIT_TIMINGS=1`` the compiler prints one ``oxjit: compiled NAME`` line per compilation
to stderr: a hit prints none.
"""

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.requires_jit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CALLEE = """
import oxjit

@oxjit.njit
def weight(x):
    return x * x + 1.0
"""

MAIN = """
import numpy as np
import oxjit
import callee

K = 2.5

@oxjit.njit(cache=True)
def total(a):
    s = 0.0
    for i in range(a.shape[0]):
        s += callee.weight(a[i]) * K
    return s

@oxjit.njit(cache=True)
def norm2(x, y):
    return np.linalg.norm(np.array([x, y]))

@oxjit.njit(cache=True)
def shifted(x, offset=1):
    return x + offset
"""

RUN = """
import sys
import numpy as np
sys.path.insert(0, sys.argv[1])
import main
print(repr((main.total(np.arange(4.0)), main.norm2(3.0, 4.0), main.shifted(2))))
"""


def _run(code, workdir, env=None, check=True):
    """Runs ``code`` (with ``workdir`` as its argv[1]); (stdout, names compiled, stderr)."""
    full_env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), OXJIT_TIMINGS="1")
    full_env.update(env or {})
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(workdir)],
        check=False,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )
    if check:
        assert out.returncode == 0, out.stderr
    compiled = [
        line.split()[2] for line in out.stderr.splitlines() if line.startswith("oxjit: compiled ")
    ]
    return out.stdout, compiled, out.stderr


@pytest.fixture
def project(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "callee.py").write_text(CALLEE)
    (src / "main.py").write_text(MAIN)
    return src


def _env(tmp_path):
    return {"OXJIT_CACHE_DIR": str(tmp_path / "cache")}


def test_second_process_compiles_nothing(project, tmp_path):
    out1, compiled1, _ = _run(RUN, project, _env(tmp_path))
    assert sorted(compiled1) == ["norm2", "shifted", "total"]
    out2, compiled2, _ = _run(RUN, project, _env(tmp_path))
    assert compiled2 == []
    assert out2 == out1
    assert eval(out1) == (2.5 * (1 + 2 + 5 + 10), 5.0, 3)


def test_default_location_is_pycache(project):
    _run(RUN, project)
    names = os.listdir(project / "__pycache__")
    assert any(n.startswith("main.total-") and n.endswith(".oxjitc") for n in names)
    _, compiled, _ = _run(RUN, project)
    assert compiled == []


def test_numba_cache_dir_is_honoured(project, tmp_path):
    env = {"NUMBA_CACHE_DIR": str(tmp_path / "nb")}
    _run(RUN, project, env)
    found = [f for _, _, files in os.walk(tmp_path / "nb") for f in files]
    assert any(f.endswith(".oxjitc") for f in found)
    assert not (project / "__pycache__").exists() or not any(
        n.endswith(".oxjitc") for n in os.listdir(project / "__pycache__")
    )


@pytest.mark.parametrize(
    "change, recompiled, expected",
    [
        # A callee in another module.
        (("callee.py", "x * x + 1.0", "x * x + 2.0"), ["total"], (2.5 * 22, 5.0, 3)),
        # The function's own source.
        (("main.py", "return x + offset", "return x - offset"), None, (45.0, 5.0, 1)),
        # A default argument value.
        (("main.py", "offset=1", "offset=7"), None, (45.0, 5.0, 9)),
        # An option.
        (
            ("main.py", "cache=True)\ndef shifted", "cache=True, fastmath=True)\ndef shifted"),
            None,
            (45.0, 5.0, 3),
        ),
    ],
)
def test_a_change_invalidates(project, tmp_path, change, recompiled, expected):
    env = _env(tmp_path)
    _run(RUN, project, env)
    name, old, new = change
    path = project / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    out, compiled, _ = _run(RUN, project, env)
    assert eval(out) == expected
    if recompiled is not None:
        assert sorted(compiled) == recompiled
    else:  # an edit of the file invalidates every function of the file
        assert sorted(compiled) == ["norm2", "shifted", "total"]
    _, again, _ = _run(RUN, project, env)
    assert again == []


def test_a_changed_global_invalidates(project, tmp_path):
    env = _env(tmp_path)
    _run(RUN, project, env)
    patched = RUN.replace("import main\n", "import main\nmain.K = 0.5\n")
    out, compiled, _ = _run(patched, project, env)
    assert eval(out) == (0.5 * 18, 5.0, 3)
    assert compiled == ["total"]
    _, again, _ = _run(patched, project, env)
    assert again == []
    # And back: the first entry was replaced, so it compiles again.
    out, compiled, _ = _run(RUN, project, env)
    assert eval(out) == (45.0, 5.0, 3) and compiled == ["total"]


def test_an_option_is_part_of_the_key(project, tmp_path):
    env = _env(tmp_path)
    _run(RUN, project, env)
    patched = RUN.replace(
        "import main\n",
        "import oxjit\nimport main\n"
        "main.shifted = oxjit.njit(cache=True, error_model='numpy')(main.shifted.py_func)\n",
    )
    _, compiled, _ = _run(patched, project, env)
    assert compiled == ["shifted"]
    _, again, _ = _run(patched, project, env)
    assert again == []


def test_concurrent_writers(project, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"), **_env(tmp_path))
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(RUN), str(project)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(8)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert all(p.returncode == 0 for p in procs), [e for _, e in outs]
    assert len({o for o, _ in outs}) == 1
    leftovers = [f for _, _, files in os.walk(tmp_path / "cache") for f in files if ".tmp" in f]
    assert leftovers == []
    out, compiled, _ = _run(RUN, project, _env(tmp_path))
    assert compiled == []
    assert out == outs[0][0]


def _entries(folder):
    return [
        os.path.join(d, f)
        for d, _, files in os.walk(folder)
        for f in files
        if f.endswith(".oxjitc")
    ]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip"])
def test_damaged_files_are_rewritten(project, tmp_path, damage):
    env = _env(tmp_path)
    out1, _, _ = _run(RUN, project, env)
    for path in _entries(tmp_path / "cache"):
        with open(path, "rb") as f:
            data = f.read()
        if damage == "truncate":
            data = data[: len(data) // 2]
        elif damage == "garbage":
            data = b"not a cache file" * 10
        else:
            data = data[:-10] + bytes(b ^ 0xFF for b in data[-10:])
        with open(path, "wb") as f:
            f.write(data)
    out2, compiled, _ = _run(RUN, project, env)
    assert out2 == out1
    assert sorted(compiled) == ["norm2", "shifted", "total"]
    _, again, _ = _run(RUN, project, env)
    assert again == []


def test_unwritable_pycache_falls_back_to_the_user_cache(project, tmp_path):
    (project / "__pycache__").write_text("a file where the folder would be")
    env = {"XDG_CACHE_HOME": str(tmp_path / "xdg")}
    out1, _, err = _run(RUN, project, env)
    assert "cache=True" not in err
    assert _entries(tmp_path / "xdg" / "oxjit")
    out2, compiled, _ = _run(RUN, project, env)
    assert compiled == [] and out2 == out1


def test_unwritable_cache_dir_warns_and_runs(project, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    out, _, err = _run(RUN, project, {"OXJIT_CACHE_DIR": str(blocker / "cache")})
    assert eval(out) == (45.0, 5.0, 3)
    assert "cache=True" in err and "cannot write" in err


SPECIAL = """
import numpy as np
import oxjit

TABLE = np.array([1.0, 2.0, 4.0])

@oxjit.njit(cache=True)
def lookup(i):
    return TABLE[i]

def make(k):
    @oxjit.njit(cache=True)
    def scaled(x):
        return x * k
    return scaled

scaled = make(3.0)

@oxjit.njit("float64(float64)", cache=True)
def eager(x):
    return x / 4
"""

RUN_SPECIAL = """
import sys, warnings
sys.path.insert(0, sys.argv[1])
warnings.simplefilter("always")
import special
print(repr((special.lookup(2), special.scaled(2.0), special.eager(2.0))))
"""


def test_what_is_not_cached_warns_and_still_runs(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "special.py").write_text(SPECIAL)
    env = _env(tmp_path)
    out, _, err = _run(RUN_SPECIAL, src, env)
    assert eval(out) == (4.0, 6.0, 0.5)
    assert "lookup: not cached" not in err
    assert "scaled: not cached: it is defined inside another function" in err
    out2, compiled2, _ = _run(RUN_SPECIAL, src, env)
    assert out2 == out
    # The closure compiles again; the array reader loads from the cache, and the explicit
    # signature at decoration.
    assert compiled2 == ["scaled"]


ARRAYS = """
import numpy as np
import oxjit

TABLE = np.array([1.0, 2.0, 4.0, 8.0])
GRID = np.asfortranarray(np.arange(6.0).reshape(2, 3))
STEP = np.arange(10)[::3]

@oxjit.njit(cache=True)
def lookup(i, j):
    return TABLE[i] + GRID[i % 2, j] + STEP[j] + GRID.sum()
"""

RUN_ARRAYS = """
import sys
sys.path.insert(0, sys.argv[1])
import arrays
first = arrays.lookup(1, 2)
arrays.TABLE[1] = 100.0  # written after the first compile or load: not seen (frozen)
print(repr((first, arrays.lookup(1, 2), float(arrays.lookup.py_func(1, 2)))))
"""


def test_global_arrays_are_cached_and_frozen(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "arrays.py").write_text(ARRAYS)
    env = _env(tmp_path)
    out, compiled, _ = _run(RUN_ARRAYS, src, env)
    expected = 2.0 + 5.0 + 6.0 + 15.0
    assert eval(out) == (expected, expected, 100.0 + 5.0 + 6.0 + 15.0)
    assert compiled == ["lookup"]
    out2, compiled2, _ = _run(RUN_ARRAYS, src, env)
    assert out2 == out and compiled2 == []
    # Other contents: compiled again.
    (src / "arrays.py").write_text(ARRAYS)  # same text, so only the contents below differ
    patched = RUN_ARRAYS.replace("import arrays\n", "import arrays\narrays.TABLE[1] = 3.0\n")
    out3, compiled3, _ = _run(patched, src, env)
    assert eval(out3)[0] == expected + 1.0 and compiled3 == ["lookup"]


def test_entries_and_clear(project, tmp_path):
    env = _env(tmp_path)
    code = """
    import sys
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    import main
    from oxjit import cache
    main.total(np.arange(3.0)); main.total(np.arange(3))
    found = cache.entries(main.total)
    print(sorted(tuple(e["args"]) for e in found))
    print(cache.clear(main.total), cache.entries(main.total))
    """
    out, _, _ = _run(code, project, env)
    lines = out.splitlines()
    assert eval(lines[0]) == [("array(float64, 1d, C)",), ("array(int64, 1d, C)",)]
    assert lines[1] == "2 []"


def test_code_from_the_cache_can_be_inspected(project, tmp_path):
    env = _env(tmp_path)
    _run(RUN, project, env)
    code = """
    import io, sys
    import numpy as np
    sys.path.insert(0, sys.argv[1])
    import main
    print(main.total(np.arange(4.0)))
    buf = io.StringIO()
    main.total.inspect_types(file=buf)
    print("arrayexpr" in buf.getvalue() or "total" in buf.getvalue())
    print("define" in next(iter(main.total.inspect_llvm().values())))
    """
    out, compiled, _ = _run(code, project, env)
    assert compiled == []
    assert out.split() == ["45.0", "True", "True"]


OBJMODE = """
import numpy as np
import oxjit

@oxjit.jit(forceobj=True, cache=True)
def labelled(a, label):
    info = {"label": label}
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * 2.0
    return info["label"], s
"""

RUN_OBJMODE = """
import sys, warnings
import numpy as np
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
import objmode_mod
print(repr(objmode_mod.labelled(np.arange(4.0), "x")))
"""


def test_lifted_loops_of_object_mode_are_cached(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "objmode_mod.py").write_text(OBJMODE)
    env = _env(tmp_path)
    out, compiled, _ = _run(RUN_OBJMODE, src, env)
    assert eval(out) == ("x", 12.0) and compiled == ["__oxjit_loop_0"]
    out2, compiled2, _ = _run(RUN_OBJMODE, src, env)
    assert out2 == out and compiled2 == []


TWICE_MODULE = """
import numpy as np
import oxjit
from main import total

def no_op(x):
    return x

# The same function under several cache=True dispatchers in one process (Numba's benchmark
# suite does this): the first compiles and writes the file, the others load that file, whose
# code the JIT already holds.
fs = [oxjit.jit("int32(int32)", cache=True, nopython=True)(no_op) for _ in range(3)]
gs = [oxjit.njit(cache=True)(total.py_func) for _ in range(2)]
RESULT = ([f(i) for i, f in enumerate(fs)], [g(np.arange(3.0)) for g in gs])
"""

TWICE = """
import sys
sys.path.insert(0, sys.argv[1])
import twice
print(repr(twice.RESULT))
"""


def test_one_function_cached_by_several_dispatchers(project, tmp_path):
    (project / "twice.py").write_text(TWICE_MODULE)
    out1, compiled1, _ = _run(TWICE, project, _env(tmp_path))
    assert compiled1.count("no_op") == 1 and compiled1.count("total") == 1
    out2, compiled2, _ = _run(TWICE, project, _env(tmp_path))
    assert compiled2 == []
    assert out1 == out2
    assert eval(out1) == ([0, 1, 2], [2.5 * (1 + 2 + 5)] * 2)


def test_key_names_the_build():
    # Machine code from another build of the same version (a development build) must not load:
    # the key holds a hash of the sources the extension was built from.
    from oxjit import cache
    from oxjit._oxjit import build_id

    key = cache._host_key()
    assert key["build"] == build_id()
    assert len(build_id()) == 16 and int(build_id(), 16) >= 0
