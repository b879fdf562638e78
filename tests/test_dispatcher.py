"""The dispatcher: lazy compilation per signature, explicit signatures, attributes, options,
thread safety, OXJIT_DISABLE_JIT, OXJIT_DUMP, and bad calls."""

import concurrent.futures
import decimal
import fractions
import os
import subprocess
import sys
import textwrap
import threading
import time

import oxjit
import pytest
from conftest import JIT_DISABLED, assert_same, pure_python, same_value


def add(a, b):
    """Adds two numbers."""
    return a + b


def scale(x, n):
    return x * n


def identity(x):
    return x


def mixed(x):
    return x * 2 + 1


def sig_names(disp):
    """`.signatures` as tuples of type names, e.g. [("int64",), ("float64",)]."""
    return [tuple(str(t) for t in sig) for sig in disp.signatures]


# ------------------------------------------------------------------ lazy compilation


@pytest.mark.requires_jit
def test_lazy_compilation_per_signature():
    disp = oxjit.njit(mixed)
    assert sig_names(disp) == []
    assert same_value(disp(1), mixed(1))
    assert sig_names(disp) == [("int64",)]
    assert same_value(disp(1.0), mixed(1.0))
    assert sig_names(disp) == [("int64",), ("float64",)]
    assert same_value(disp(2), mixed(2))  # no new specialization for the same types
    assert same_value(disp(True), mixed(True))
    assert same_value(disp(1j), mixed(1j))
    assert sig_names(disp) == [("int64",), ("float64",), ("bool",), ("complex128",)]


@pytest.mark.requires_jit
def test_tuple_argument_signatures():
    disp = oxjit.njit(identity)
    for value in [(1, 2), (1, 2.5), ((1,), ())]:
        assert same_value(disp(value), identity(value))
    assert sig_names(disp) == [
        ("UniTuple(int64 x 2)",),
        ("Tuple(int64, float64)",),
        ("Tuple(UniTuple(int64 x 1), Tuple())",),
    ]


# ------------------------------------------------------------------ explicit signatures


@pytest.mark.requires_jit
def test_signature_string():
    disp = oxjit.njit("float64(float64, int64)")(scale)
    assert sig_names(disp) == [("float64", "int64")]  # compiled eagerly
    assert same_value(disp(1.5, 3), scale(1.5, 3))
    with pytest.raises(TypeError) as info:
        disp(1j, 3)
    assert "float64, int64" in str(info.value)
    assert sig_names(disp) == [("float64", "int64")]  # no lazy compile after explicit ones


@pytest.mark.requires_jit
def test_signature_return_type_converts():
    disp = oxjit.njit("float64(int64)")(identity)
    assert same_value(disp(3), float(identity(3)))


@pytest.mark.requires_jit
def test_signature_from_type_objects():
    from oxjit.types import f8, float64, i8, int64

    disp = oxjit.njit(float64(int64))(identity)
    assert sig_names(disp) == [("int64",)]
    assert same_value(disp(-4), float(identity(-4)))
    disp2 = oxjit.njit(f8(f8, i8))(scale)
    assert sig_names(disp2) == [("float64", "int64")]
    assert same_value(disp2(0.5, 7), scale(0.5, 7))


@pytest.mark.requires_jit
def test_list_of_signatures_compiled_eagerly():
    disp = oxjit.njit(["int64(int64, int64)", "float64(float64, float64)"])(add)
    assert sig_names(disp) == [("int64", "int64"), ("float64", "float64")]
    assert same_value(disp(2, 3), add(2, 3))
    assert same_value(disp(2.5, 0.25), add(2.5, 0.25))
    with pytest.raises(TypeError) as info:
        disp(1j, 1j)
    msg = str(info.value)
    assert "int64, int64" in msg and "float64, float64" in msg, msg


@pytest.mark.requires_jit
def test_type_objects():
    from oxjit import types

    assert str(types.float64) == "float64" and str(types.int64) == "int64"
    assert types.f8 == types.float64 and types.i8 == types.int64
    # Type names are Numba's str() of the same type (docs/internals.md).
    assert str(types.float64[:]) == "array(float64, 1d, A)"
    assert str(types.float64[:, ::1]) == "array(float64, 2d, C)"
    assert str(types.float64[::1, :]) == "array(float64, 2d, F)"
    assert str(types.int32[::1]) == "array(int32, 1d, C)"
    for name in ["bool", "int8", "int16", "int32", "uint8", "uint64", "float32", "complex64",
                 "complex128"]:  # fmt: skip
        assert str(getattr(types, name)) == name


# ------------------------------------------------------------------ attributes


def named_function(x):
    """Docstring of named_function."""
    return x + 1


def inspect_texts(value):
    if isinstance(value, dict):
        return list(value.values())
    return [value]


@pytest.mark.requires_jit
def test_py_func_and_wraps_metadata():
    disp = oxjit.njit(named_function)
    assert disp.py_func is named_function
    assert disp.__name__ == "named_function"
    assert disp.__qualname__ == named_function.__qualname__
    assert disp.__doc__ == "Docstring of named_function."
    assert disp.__module__ == named_function.__module__
    assert disp.__wrapped__ is named_function


@pytest.mark.requires_jit
@pytest.mark.parametrize("method", ["inspect_llvm", "inspect_asm"])
def test_inspect_llvm_asm(method):
    disp = oxjit.njit(named_function)
    disp(1)
    disp(2.0)
    texts = inspect_texts(getattr(disp, method)())
    assert len(texts) == 2
    for text in texts:
        assert isinstance(text, str) and "named_function" in text


@pytest.mark.requires_jit
def test_inspect_types(capsys):
    disp = oxjit.njit(named_function)
    disp(1)
    returned = disp.inspect_types()
    text = capsys.readouterr().out + (returned if isinstance(returned, str) else "")
    assert "named_function" in text and "int64" in text


@pytest.mark.requires_oxjit
@pytest.mark.requires_jit
def test_inspect_types_pretty_warns(capsys):
    disp = oxjit.njit(named_function)
    disp(1)
    with pytest.warns(
        oxjit.errors.NumbaWarning, match=r"pretty=\.\.\., style=\.\.\.\) is not supported"
    ):
        disp.inspect_types(pretty=True)
    assert "named_function" in capsys.readouterr().out


# ------------------------------------------------------------------ options


OPTIONS = [{"nogil": True}, {"nogil": False}, {"fastmath": True}, {"error_model": "python"},
           {"error_model": "numpy"}, {"cache": True}, {"cache": False}, {"boundscheck": True},
           {"boundscheck": False}, {"inline": "always"}, {"inline": "never"},
           {"nogil": True, "fastmath": True, "cache": True}]  # fmt: skip


def options_target(a, b):
    total = 0
    for i in range(a):
        total += i * b
    return total


@pytest.mark.parametrize(
    "options", OPTIONS, ids=lambda o: ",".join(f"{k}={v}" for k, v in o.items())
)
def test_options_accepted(options):
    disp = oxjit.njit(**options)(options_target)
    for args in [(10, 3), (5, 0.5)]:
        assert same_value(disp(*args), options_target(*args))


def test_jit_is_njit():
    for disp in [oxjit.jit(add), oxjit.jit()(add), oxjit.jit(nopython=True)(add)]:
        assert same_value(disp(1, 2.5), add(1, 2.5))


def test_decorator_with_empty_parentheses():
    disp = oxjit.njit()(add)
    assert same_value(disp(3, 4), add(3, 4))


def spin(n):
    total = 0
    for i in range(1, n):
        k = i
        while k != 1:
            k = k // 2 if k % 2 == 0 else 3 * k + 1
            total += 1
    return total


@pytest.mark.requires_jit
def test_nogil_releases_the_gil():
    # While a nogil function runs in a thread, the main thread keeps running Python code: the
    # longest pause it sees is much shorter than the call. (With the GIL held it would stall
    # for the whole call.)
    disp = oxjit.njit(nogil=True)(spin)
    disp(10)  # compile outside the timed calls
    n = 1000
    while True:
        start = time.perf_counter()
        disp(n)
        duration = time.perf_counter() - start
        if duration > 0.2 or n > 10**8:
            break
        n *= 4
    done = threading.Event()
    worker = threading.Thread(target=lambda: (disp(n), done.set()))
    last = time.perf_counter()
    longest = 0.0
    worker.start()
    while not done.is_set():
        now = time.perf_counter()
        longest = max(longest, now - last)
        last = now
    longest = max(longest, time.perf_counter() - last)
    worker.join()
    assert longest < duration / 2, (longest, duration)


# ------------------------------------------------------------------ threads


@oxjit.njit
def thread_target(x):
    total = x
    for i in range(50):
        total = total * 0.5 + i
    return total


@pytest.mark.parametrize("round_", range(3))
def test_compile_from_eight_threads(round_):
    def fresh(x):
        return thread_target(x) + x * 2

    disp = oxjit.njit(fresh)
    inputs = [1, 2.5, 3j, True, -7, 0.0, 2j, False]
    barrier = threading.Barrier(len(inputs))

    def call(x):
        barrier.wait()
        return disp(x)

    with concurrent.futures.ThreadPoolExecutor(len(inputs)) as pool:
        results = list(pool.map(call, inputs))
    for x, got in zip(inputs, results):
        expected = pure_python(fresh)(x)
        assert same_value(got, expected), (x, got, expected)
    if not JIT_DISABLED:
        names = sig_names(disp)
        assert sorted(names) == sorted({("int64",), ("float64",), ("complex128",), ("bool",)})


# ------------------------------------------------------------------ bad calls


def two_args(a, b):
    return a - b


@pytest.mark.parametrize(
    "args, kwargs",
    [((1,), {}), ((1, 2, 3), {}), ((), {}), ((1,), {"c": 2}), ((1,), {"a": 2}), ((), {"b": 1})],
)
def test_wrong_argument_count(args, kwargs):
    # TypeError with CPython's message for the same call.
    assert_same(two_args, *args, **kwargs)


@pytest.mark.requires_jit
@pytest.mark.parametrize(
    "value, type_name",
    [
        (object(), "object"),
        (decimal.Decimal("1.5"), "Decimal"),
        (fractions.Fraction(1, 3), "Fraction"),
    ],
)
def test_unsupported_argument_type(value, type_name):
    disp = oxjit.njit(identity)
    with pytest.raises((TypeError, oxjit.errors.TypingError)) as info:
        disp(value)
    assert type_name in str(info.value)
    assert same_value(disp(2), identity(2))  # the dispatcher still works


# ------------------------------------------------------------------ environment


DISABLE_SCRIPT = textwrap.dedent(
    """
    import oxjit

    def f(x):
        return x

    assert oxjit.njit(f) is f
    assert oxjit.njit()(f) is f
    assert oxjit.njit(cache=True, nogil=True)(f) is f
    assert oxjit.njit("int64(int64)")(f) is f
    assert oxjit.njit(["int64(int64)", "float64(float64)"])(f) is f
    assert oxjit.jit(f) is f
    print("disabled ok")
    """
)


def run_script(tmp_path, source, env_extra):
    script = tmp_path / "script.py"
    script.write_text(source)
    env = {
        k: v for k, v in os.environ.items() if k not in ("OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT")
    }
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, str(script)],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.requires_oxjit
@pytest.mark.parametrize("var", ["OXJIT_DISABLE_JIT", "NUMBA_DISABLE_JIT"])
def test_disable_jit_environment(tmp_path, var):
    proc = run_script(tmp_path, DISABLE_SCRIPT, {var: "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "disabled ok"


DUMP_SCRIPT = textwrap.dedent(
    """
    import oxjit

    def dumped_function(a, b):
        return a * b + 1

    print("RESULT", oxjit.njit(dumped_function)(6, 7))
    """
)


@pytest.mark.requires_jit
@pytest.mark.parametrize("stage", ["ast", "ssa", "typed", "llvm", "asm"])
def test_dump_environment(tmp_path, stage):
    quiet = run_script(tmp_path, DUMP_SCRIPT, {})
    proc = run_script(tmp_path, DUMP_SCRIPT, {"OXJIT_DUMP": stage})
    assert quiet.returncode == 0 and proc.returncode == 0, proc.stderr
    assert quiet.stdout.strip() == f"RESULT {6 * 7 + 1}"
    extra = proc.stdout.replace(quiet.stdout.strip(), "")
    assert "dumped_function" in extra, proc.stdout
    if stage == "typed":
        assert "int64" in extra


@pytest.mark.requires_jit
def test_dump_several_stages(tmp_path):
    one = run_script(tmp_path, DUMP_SCRIPT, {"OXJIT_DUMP": "ssa"}).stdout
    two = run_script(tmp_path, DUMP_SCRIPT, {"OXJIT_DUMP": "ssa,llvm"}).stdout
    assert len(two) > len(one) > len(f"RESULT {6 * 7 + 1}\n")
