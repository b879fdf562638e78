"""Set displays of constants iterate in CPython's order under every string hash key.

CPython builds such a display from a frozenset constant that it makes two or three times
(adding the items, constant merging, interning), and a `.pyc` replays the order of the process
that wrote it; the compiler replays CPython's table against the code object's own frozenset
(`ssa/set_display.rs`). Items are chosen so that their hashes collide often: ints 8 apart,
short strings (a few per table), tuples. Each case is compiled from source in this process
(`exec`), in other processes under other hash keys, and loaded from a `.pyc` written under
another key; the compiled display must iterate, print and pop as CPython's does.
"""

import os
import random
import subprocess
import sys
import textwrap

import oxjit
import oxjit._source
import pytest
from conftest import assert_same

pytestmark = pytest.mark.requires_jit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

WORDS = ["a", "b", "c", "d", "e", "x", "y", "z", "foo", "bar", "baz", "k1", "k2", "k3", "k_4"]
TEXTS = ["a b", "c-d", "e.f", "g h", "i;j", "k l", "m/n", "o p", "q r"]


def random_items(rng, kind):
    n = rng.randint(3, 9)
    if kind == "ints":
        return rng.sample(range(0, 400, 8), n)
    if kind == "words":
        return rng.sample(WORDS, n)
    if kind == "texts":
        return rng.sample(TEXTS, min(n, len(TEXTS)))
    if kind == "tuples":
        return rng.sample([(i, str(i % 3)) for i in range(24)], n)
    return rng.sample([-1, -2, -9, -17, 7, 15, 0, 1, 8, 2**40, -(2**40)], min(n, 11))


def display_source(name, items):
    text = ", ".join(map(repr, items))
    return textwrap.dedent(
        f"""
        def {name}():
            s = {{{text}}}
            looped = [v for v in {{{text}}}]
            first = s.pop()
            return list(s), looped, str({{{text}}}), first
        """
    )


KINDS = ("ints", "words", "texts", "tuples", "negative ints")


def make_cases(seed, count, kinds=KINDS):
    rng = random.Random(seed)
    cases, seen = [], set()
    while len(cases) < count:
        items = random_items(rng, kinds[len(cases) % len(kinds)])
        # CPython shares one frozenset between equal displays of a module (the first one's
        # order): each case's items differ, so each display has its own.
        if frozenset(items) not in seen:
            seen.add(frozenset(items))
            cases.append((f"f{len(cases)}", items))
    return cases


def compiled_here(src, name):
    """Function `name` of `src`, compiled by CPython in this process."""
    namespace = {}
    exec(compile(src, f"<displays {name}>", "exec"), namespace)  # noqa: S102 - compiled here
    oxjit._source.remember(namespace[name], src)
    return namespace[name]


@pytest.mark.parametrize("seed", range(4))
def test_displays_compiled_in_this_process(seed):
    for name, items in make_cases(seed, 25):
        assert_same(compiled_here(display_source(name, items), name))


# Runs in another interpreter: every case compiled and compared; prints the number that differ.
CHECK = """
import sys
import oxjit
import oxjit._source
sys.path.insert(0, sys.argv[1])
import displays

bad = [n for n in dir(displays) if n.startswith("f") and oxjit.njit(getattr(displays, n))()
       != getattr(displays, n)()]
print("differ:", bad)
"""


def write_module(where, cases):
    (where / "displays.py").write_text("".join(display_source(n, items) for n, items in cases))
    return where


@pytest.fixture
def displays_module(tmp_path):
    return write_module(tmp_path, make_cases(99, 60))


def run(code, where, hash_seed, *flags):
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed), PYTHONPATH=os.path.join(ROOT, "python"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # the .pyc case writes one
    out = subprocess.run(
        [sys.executable, *flags, "-c", code, str(where)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


@pytest.mark.parametrize("hash_seed", [3, 22, 30])
def test_displays_under_other_hash_keys(displays_module, hash_seed):
    # -B: compiled from source in that process (no .pyc read or written).
    assert run(CHECK, displays_module, hash_seed, "-B") == "differ: []"


def test_displays_loaded_from_a_pyc_written_under_another_key(tmp_path):
    # Marshal writes a frozenset's items sorted by their own marshalled bytes, which flag an
    # object that something else holds too: for strings that is known (interned), for numbers
    # and tuples other functions of the module can share it, which the compiler cannot see
    # (docs/containers.md): strings here.
    displays_module = write_module(tmp_path, make_cases(99, 60, ("words", "texts")))
    run("import sys; sys.path.insert(0, sys.argv[1]); import displays", displays_module, 11)
    assert list((displays_module / "__pycache__").iterdir())
    for reader in (12, 13):
        assert run(CHECK, displays_module, reader) == "differ: []"


def test_the_cache_keeps_the_order_of_the_process_that_compiled(tmp_path):
    # A cached display of strings is compiled again under another hash key (its frozenset's
    # order is part of the entry), so it still iterates in that process's order.
    (tmp_path / "cached.py").write_text(
        "import oxjit\n\n@oxjit.njit(cache=True)\ndef f():\n"
        "    return list({'b', 'a', 'c', 'k1', 'k2', 'x'})\n"
    )
    code = "import sys; sys.path.insert(0, sys.argv[1]); import cached; print(cached.f() == cached.f.py_func())"
    for hash_seed in (1, 2, 3, 22, 30):
        assert run(code, tmp_path, hash_seed, "-B") == "True"


def test_the_compiled_set_is_cpythons_for_a_display_compiled_here():
    # The literal strings of the set_order test that failed under some hash keys; repeats.
    src = (
        "def g():\n    return list({'b', 'a', 'c'}), str({'x', 'y', 'z', 'w', 'v', 'q'}), "
        "list({'k2', 'a', 'k2', 'b', 'a', 'foo'}), list({8, 0, 16, 8, 24})\n"
    )
    g = compiled_here(src, "g")
    assert oxjit.njit(g)() == g()
