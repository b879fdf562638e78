"""boundscheck=True (or OXJIT_BOUNDSCHECK=1) raises NumPy's IndexError for an index outside its
axis; negative indices count from the end as in NumPy. Off by default, as in Numba."""

import os
import subprocess
import sys
import textwrap

import numpy as np
import oxjit
import pytest

pytestmark = pytest.mark.requires_jit


def get(a, i):
    return a[i]


def get2(a, i, j):
    return a[i, j]


def put(a, i, x):
    a[i] = x


def numpy_error(fn, *args):
    with pytest.raises(IndexError) as info:
        fn(*args)
    return str(info.value)


@pytest.mark.parametrize("i", [3, 10, -4, -100])
def test_out_of_bounds_read_matches_numpy(i):
    a = np.arange(3.0)
    f = oxjit.njit(boundscheck=True)(get)
    with pytest.raises(IndexError) as info:
        f(a, i)
    assert str(info.value) == numpy_error(lambda: a[i])


def test_in_bounds_and_negative_indices_work():
    a = np.arange(5.0)
    f = oxjit.njit(boundscheck=True)(get)
    assert [f(a, i) for i in (0, 4, -1, -5)] == [0.0, 4.0, 4.0, 0.0]


def test_second_axis_and_writes():
    b = np.zeros((2, 3))
    g = oxjit.njit(boundscheck=True)(get2)
    with pytest.raises(IndexError) as info:
        g(b, 1, 3)
    assert str(info.value) == numpy_error(lambda: b[1, 3])
    p = oxjit.njit(boundscheck=True)(put)
    with pytest.raises(IndexError, match="index 7 is out of bounds for axis 0 with size 3"):
        p(np.zeros(3), 7, 1.0)


def test_environment_variable_turns_it_on(tmp_path):
    script = tmp_path / "bc.py"
    script.write_text(
        textwrap.dedent(
            """
            import numpy as np, oxjit
            @oxjit.njit
            def get(a, i):
                return a[i]
            try:
                get(np.zeros(2), 5)
            except IndexError as e:
                print("IndexError:", e)
            """
        )
    )
    env = dict(os.environ, OXJIT_BOUNDSCHECK="1")
    out = subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "IndexError: index 5 is out of bounds for axis 0 with size 2"
