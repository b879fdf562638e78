"""np.random.Generator's blocks are given back: made by `default_rng()` in compiled code, passed
in from Python (the block also gives back its reference to the Python object), returned, or
alive when an error is raised."""

import sys

import numpy as np
import pytest
from conftest import jitted
from test_nrt import assert_no_leak, stats

pytestmark = pytest.mark.requires_jit


def make_and_draw(seed, n):
    g = np.random.default_rng(seed)
    return g.random(n).sum() + g.integers(0, 9, n).sum()


def make_unused(seed):
    np.random.default_rng(seed)
    return 1


def make_in_loop(n):
    total = 0.0
    for i in range(n):
        g = np.random.default_rng(i)
        total += g.standard_normal()
    return total


def make_and_raise(seed):
    g = np.random.default_rng(seed)
    a = g.random(3)
    return g.normal(a[0], -1.0)


def make_and_return(seed):
    g = np.random.default_rng(seed)
    g.random(2)
    return g


def make_in_tuple(seed):
    g = np.random.default_rng(seed)
    return (g, g.random(2))


@pytest.mark.parametrize(
    "fn, args",
    [
        (make_and_draw, (1, 10)),
        (make_unused, (2,)),
        (make_in_loop, (5,)),
        (make_and_return, (3,)),
        (make_in_tuple, (4,)),
    ],
)
def test_no_leak(fn, args):
    assert_no_leak(fn, *args)


def test_no_leak_when_raising():
    assert_no_leak(make_and_raise, 1, expect_raise=ValueError)


def draw_from(g, n):
    return g.random(n)


def draw_and_raise(g):
    g.random(2)
    return g.exponential(-1.0)


def pass_back(g):
    return g


def test_passed_in_generator_gives_back_its_blocks_and_references():
    g = np.random.default_rng(0)
    for fn, args, raises in [
        (draw_from, (5,), None),
        (draw_and_raise, (), ValueError),
        (pass_back, (), None),
    ]:
        f = jitted(fn)
        try:
            f(g, *args)
        except ValueError:
            pass
        refs = sys.getrefcount(g)
        before = stats()
        for _ in range(20):
            if raises is None:
                r = f(g, *args)
                del r
            else:
                with pytest.raises(raises):
                    f(g, *args)
        after = stats()
        assert after.alloc - before.alloc > 0
        assert after.alloc - before.alloc == after.free - before.free, (fn, before, after)
        assert sys.getrefcount(g) == refs, fn


def test_returned_generator_keeps_drawing_after_its_block_is_gone():
    g = jitted(make_and_return)(9)
    ref = make_and_return(9)
    assert np.array_equal(g.random(3), ref.random(3))
    assert sys.getrefcount(g) == 2


def generators_in_a_list(n):
    gs = [np.random.default_rng(i) for i in range(n)]
    total = 0.0
    for g in gs:
        total += g.random()
    return total


def list_of_generators(n):
    return [np.random.default_rng(i) for i in range(n)]


def test_generators_in_lists():
    assert jitted(generators_in_a_list)(4) == generators_in_a_list(4)
    assert_no_leak(generators_in_a_list, 4)
    assert_no_leak(list_of_generators, 3)
    got = jitted(list_of_generators)(3)
    assert [g.random() for g in got] == [g.random() for g in list_of_generators(3)]


def first_two(gs):
    return gs[0].random() + gs[1].random()


def test_list_of_generators_passed_in_advances_them():
    gs = [np.random.default_rng(1), np.random.default_rng(2)]
    ref = [np.random.default_rng(1), np.random.default_rng(2)]
    assert jitted(first_two)(gs) == first_two(ref)
    assert [g.random() for g in gs] == [g.random() for g in ref]
    assert_no_leak(first_two, gs)
