"""`with objmode(x="optional(T)")` blocks: an output declared optional comes back as `None` or
as a value of `T`, as in Numba. numba-stats seeds its random generators this way
(`numba_stats._util._seed`, below as it is written there). Types are given as strings or as type
objects (`types.optional(types.float64)` held in a global, as Numba takes them)."""

import os

import numpy as np
import oxjit
import pytest
from conftest import assert_same, jitted
from oxjit import objmode, types
from test_nrt import assert_no_leak

pytestmark = pytest.mark.requires_jit

optional_float = types.optional(types.float64)


def seed_like_numba_stats(seed):
    # numba_stats/_util.py `_seed`, then a draw to show the seed took.
    if seed is None:
        with objmode(seed="optional(uint8)"):
            seed = np.frombuffer(os.urandom(8), dtype=np.uint64)[0]
    np.random.seed(seed)
    return np.random.random()


def maybe_value(x):
    with objmode(y="optional(int64)"):
        y = None if x < 0 else x * 2
    if y is None:
        return -1
    return y


def maybe_float(x):
    with objmode(y=optional_float):
        y = None if x < 0 else x / 4
    return y


def maybe_array(n):
    with objmode(a="optional(float64[:])"):
        a = None if n < 0 else np.arange(n, dtype=np.float64)
    if a is None:
        return 0.0
    return float(a.sum())


def maybe_string(x):
    with objmode(s="optional(unicode_type)"):
        s = None if x < 0 else "v" + str(x)
    return s


def wrong_inner_type(x):
    with objmode(y="optional(int64)"):
        y = "not a number"
    return y


def test_optional_scalar_outputs():
    for x in (-3, 0, 5):
        assert_same(maybe_value, x)
        assert_same(maybe_float, x)


def test_optional_array_and_string_outputs():
    for n in (-1, 0, 4):
        assert_same(maybe_array, n)
        assert_same(maybe_string, n)


def test_numba_stats_seed_block():
    f = jitted(seed_like_numba_stats)
    # A seed given: the block does not run, the draw is NumPy's for that seed.
    np.random.seed(7)
    assert f(7) == np.random.random()
    # No seed: the block's value (a uint64) comes back as optional(uint8), as Numba unboxes
    # it (its low 8 bits); the draw is one of NumPy's generator seeded with it.
    got = f(None)
    assert isinstance(got, float)
    assert any(got == (np.random.seed(s), np.random.random())[1] for s in range(256))


def test_value_is_truncated_to_the_declared_width_as_numba_does():
    def f(x):
        with objmode(y="optional(uint8)"):
            y = x
        return y

    # Numba 0.68 gives 44 for 300 (the int unboxed into 8 bits).
    assert jitted(f)(300) == 300 % 256
    assert jitted(f)(7) == 7


def test_a_value_of_another_type_names_the_output():
    with pytest.raises(TypeError, match="'y'"):
        jitted(wrong_inner_type)(1)


def test_optional_outputs_do_not_leak():
    assert_no_leak(maybe_array, 3)
    assert_no_leak(maybe_string, 3)


def optional_argument(x, seed):
    if seed is None:
        return -1.0
    return x + seed


seed_block = oxjit.njit(seed_like_numba_stats)


def rvs_like_numba_stats(loc, size, random_state):
    # numba-stats' `_rvs`: an explicit signature whose last parameter is optional(uint64),
    # passed on to the seeding function with the object-mode block.
    seed_block(random_state)
    return loc + np.random.random(size)


def test_optional_argument_of_an_explicit_signature():
    sig = types.float64(types.float64, types.optional(types.uint64))
    f = oxjit.njit(sig)(optional_argument)
    for seed in (None, 3, 0):
        got = f(1.5, seed)
        assert type(got) is float and got == optional_argument(1.5, seed)


def test_numba_stats_rvs_pattern():
    sig = types.float64[:](types.float64, types.uint64, types.optional(types.uint64))
    f = oxjit.njit(sig)(rvs_like_numba_stats)
    np.random.seed(11)
    np.random.random()  # the draw `seed_like_numba_stats` makes after seeding
    expected = 2.0 + np.random.random(4)
    assert np.array_equal(f(2.0, 4, 11), expected)
    assert f(2.0, 3, None).shape == (3,)
