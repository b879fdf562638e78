"""np.random.Generator in compiled code: `np.random.default_rng(seed)` made inside gives NumPy's
stream for the same seed, value for value (PCG64 seeded through NumPy's SeedSequence, NumPy's
ziggurat tables and bounded-integer algorithms), and a Generator passed in from Python is drawn
from in place: Python then continues NumPy's own stream."""

import numpy as np
import oxjit
import pytest
from conftest import assert_same, compile_error, jitted, same_value

pytestmark = pytest.mark.requires_jit

SEEDS = [0, 1, 12345, 2**40 + 7, 2**63 - 1]


def scalars(seed):
    g = np.random.default_rng(seed)
    return (
        g.random(),
        g.standard_normal(),
        g.normal(1.5, 2.0),
        g.normal(),
        g.uniform(-3.0, 2.0),
        g.uniform(),
        g.standard_exponential(),
        g.exponential(3.0),
        g.gamma(2.5),
        g.standard_gamma(0.5),
        np.full(1, g.integers(0, 100)),
        np.full(1, g.integers(7)),
        np.full(1, g.integers(-(2**40), 2**40)),
        g.poisson(4.0),
        g.binomial(10, 0.3),
    )


def arrays(seed):
    g = np.random.default_rng(seed)
    return (
        g.random(5),
        g.random((2, 3)),
        g.standard_normal(7),
        g.normal(0.5, 3.0, (2, 2)),
        g.normal(size=4),
        g.uniform(0.0, 10.0, size=4),
        g.standard_exponential((3, 2)),
        g.exponential(0.5, 6),
        g.integers(0, 5, size=8),
        g.integers(3, size=(2, 2)),
        g.poisson(2.5, 5),
        g.binomial(7, 0.9, size=(2, 3)),
        g.gamma(3.0, 2.0, 4),
    )


def empty_sizes(seed):
    g = np.random.default_rng(seed)
    return g.random(0), g.standard_normal((2, 0)), g.integers(5, 3, size=0), g.random(2)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("fn", [scalars, arrays, empty_sizes])
def test_same_seed_same_stream(fn, seed):
    assert_same(fn, seed)


def many(seed, n):
    """Long runs reach the ziggurats' tails and the rejection paths."""
    g = np.random.default_rng(seed)
    return (
        g.standard_normal(n),
        g.standard_exponential(n),
        g.normal(-2.0, 0.25, n),
        g.random(n),
    )


def test_long_runs():
    assert_same(many, 2024, 200_000)


def many_float32(seed, n):
    g = np.random.default_rng(seed)
    return (
        g.standard_normal(n, dtype=np.float32),
        g.standard_exponential(n, dtype=np.float32),
        g.random(n, dtype=np.float32),
        g.standard_normal(dtype=np.float32),
        g.standard_exponential(dtype="f4"),
        g.standard_normal(3),
    )


@pytest.mark.parametrize("seed", [0, 2024])
def test_float32_streams(seed):
    r = assert_same(many_float32, seed, 200_000)
    assert r[0].dtype == np.float32 and r[1].dtype == np.float32


def gammas(seed, shape, n):
    g = np.random.default_rng(seed)
    return g.gamma(shape, 1.5, n), g.standard_gamma(shape, n)


@pytest.mark.parametrize("shape", [0.0, 0.3, 1.0, 2.5, 40.0])
def test_gamma(shape):
    assert_same(gammas, 5, shape, 2000)


def poissons(seed, lam, n):
    return np.random.default_rng(seed).poisson(lam, n)


@pytest.mark.parametrize("lam", [0.0, 0.5, 9.99, 10.0, 77.7, 1e6])
def test_poisson(lam):
    assert_same(poissons, 11, lam, 2000)


def binomials(seed, n, p, size):
    return np.random.default_rng(seed).binomial(n, p, size)


@pytest.mark.parametrize(
    "n, p", [(0, 0.5), (10, 0.0), (10, 1.0), (20, 0.3), (1000, 0.4), (1000, 0.97), (5, 0.5)]
)
def test_binomial(n, p):
    assert_same(binomials, 3, n, p, 2000)


def ints(seed, low, high, n):
    g = np.random.default_rng(seed)
    return g.integers(low, high, n), g.integers(low, high, n, endpoint=True)


@pytest.mark.parametrize(
    "low, high",
    [
        (0, 1),
        (0, 10),
        (-5, 5),
        (0, 2**32 - 1),
        (0, 2**32),
        (0, 2**32 + 1),
        (-(2**62), 2**62),
        (-(2**63), 2**63 - 1),
        (10, 11),
    ],
)
def test_integers_int64(low, high):
    assert_same(ints, 9, low, high, 500)


def typed_ints(seed, n):
    g = np.random.default_rng(seed)
    return (
        g.integers(0, 10, n, dtype=np.int8),
        g.integers(-128, 128, n, dtype=np.int8),
        g.integers(0, 256, n, dtype=np.uint8),
        g.integers(3, 200, n, dtype=np.uint8),
        g.integers(-1000, 1000, n, dtype=np.int16),
        g.integers(0, 65536, n, dtype=np.uint16),
        g.integers(0, 65535, n, dtype=np.uint16, endpoint=True),
        g.integers(-(2**31), 2**31, n, dtype=np.int32),
        g.integers(0, 17, n, dtype=np.int32),
        g.integers(0, 2**32, n, dtype=np.uint32),
        g.integers(5, 2**40, n, dtype=np.uint64),
        np.full(1, g.integers(0, 100, dtype=np.int8)),
        np.full(1, g.integers(0, 100, dtype=np.uint32)),
    )


def test_integers_dtypes():
    assert_same(typed_ints, 77, 101)


def interleaved(seed):
    """32-bit draws keep half of a 64-bit word for the next one: mixing them with 64-bit draws
    must keep NumPy's order."""
    g = np.random.default_rng(seed)
    a = g.integers(0, 10, 3, dtype=np.int32)
    b = g.random(2)
    c = g.integers(0, 10, 1, dtype=np.int32)
    d = g.random(np.int64(3), dtype=np.float32)
    e = g.integers(0, 1000, 3, dtype=np.int16)
    f = g.standard_normal(2)
    return a, b, c, d, e, f, g.random(dtype=np.float32)


def test_interleaved_widths():
    r = assert_same(interleaved, 31)
    assert r[3].dtype == np.float32


def shuffles(seed):
    g = np.random.default_rng(seed)
    a = np.arange(10.0)
    g.shuffle(a)
    m = np.arange(12).reshape(4, 3)
    g.shuffle(m)
    v = np.arange(20)[::3]
    g.shuffle(v)
    return a, m, v, g.permutation(9), g.permutation(np.arange(6.0)), g.permutation(m)


@pytest.mark.parametrize("seed", [0, 8, 99])
def test_shuffle_and_permutation(seed):
    assert_same(shuffles, seed)


def shuffle_arg(seed, x):
    np.random.default_rng(seed).shuffle(x)


def test_shuffle_writes_back():
    assert_same(shuffle_arg, 4, np.arange(30).reshape(10, 3))
    assert_same(shuffle_arg, 4, np.linspace(0, 1, 13))


def test_default_rng_without_seed():
    def fresh():
        g = np.random.default_rng()
        return g.random(4)

    f = jitted(fresh)
    a, b = f(), f()
    assert a.dtype == np.float64 and np.all((a >= 0) & (a < 1))
    assert not np.array_equal(a, b)

    def none_seed():
        return np.random.default_rng(None).integers(0, 2**62, 3)

    assert not np.array_equal(jitted(none_seed)(), jitted(none_seed)())


# --- a Generator passed in from Python ---


def same_state(a, b):
    """Two bit generators' states (dicts of ints and, for MT19937, arrays) are equal."""
    sa, sb = a.bit_generator.state, b.bit_generator.state

    def flat(s):
        if isinstance(s, dict):
            return {k: flat(v) for k, v in s.items()}
        return s.tolist() if isinstance(s, np.ndarray) else s

    return flat(sa) == flat(sb)


def draw_some(g, n):
    return g.random(n), g.standard_normal(n), g.integers(0, 7, n, dtype=np.int32), g.normal()


BIT_GENERATORS = [
    np.random.PCG64,
    np.random.PCG64DXSM,
    np.random.MT19937,
    np.random.Philox,
    np.random.SFC64,
]


@pytest.mark.parametrize("bitgen", BIT_GENERATORS)
def test_passed_in_generator_advances_in_place(bitgen):
    mine, numpys = np.random.Generator(bitgen(42)), np.random.Generator(bitgen(42))
    f = jitted(draw_some)
    for n in (1, 5, 1000):
        assert same_value(f(mine, n), draw_some(numpys, n))
        assert same_state(mine, numpys)
    # Python continues NumPy's stream where compiled code left it.
    assert same_value(mine.random(3), numpys.random(3))
    assert same_value(
        mine.integers(0, 5, 7, dtype=np.int16), numpys.integers(0, 5, 7, dtype=np.int16)
    )


def returns_it(g):
    g.random(3)
    return g


def test_passed_in_generator_returned_is_the_same_object():
    g = np.random.default_rng(3)
    assert jitted(returns_it)(g) is g
    ref = np.random.default_rng(3)
    ref.random(3)
    assert same_state(g, ref)


def made_inside(seed, n):
    g = np.random.default_rng(seed)
    g.random(n)
    g.integers(0, 10, dtype=np.int32)  # leaves half a word in the buffer
    return g


def test_generator_made_inside_returned_continues():
    g = jitted(made_inside)(17, 5)
    ref = made_inside(17, 5)
    assert type(g) is np.random.Generator
    assert same_state(g, ref)
    assert same_value(g.integers(0, 10, 4, dtype=np.int32), ref.integers(0, 10, 4, dtype=np.int32))
    assert same_value(g.standard_normal(5), ref.standard_normal(5))


def helper_draw(g):
    return g.random()


def caller(g):
    return helper_draw(g) + helper_draw(g)


def test_generator_passed_between_compiled_functions():
    helper = oxjit.njit(helper_draw)
    caller.__globals__["helper_draw"] = helper
    try:
        a, b = np.random.default_rng(8), np.random.default_rng(8)
        assert oxjit.njit(caller)(a) == b.random() + b.random()
    finally:
        caller.__globals__["helper_draw"] = helper_draw


# --- NumPy's errors ---


def call(seed, what, x, y):
    """One draw, as a float64 array (one return type for every branch)."""
    g = np.random.default_rng(seed)
    if what == 10:
        return g.random(int(x))
    if what == 0:
        v = float(g.integers(int(x), int(y)))
    elif what == 1:
        v = float(g.integers(int(x)))
    elif what == 2:
        v = float(g.integers(int(x), int(y), endpoint=True))
    elif what == 3:
        v = g.normal(x, y)
    elif what == 4:
        v = g.exponential(x)
    elif what == 5:
        v = g.uniform(x, y)
    elif what == 6:
        v = g.gamma(x, y)
    elif what == 7:
        v = float(g.poisson(x))
    elif what == 8:
        v = float(g.binomial(int(x), y))
    else:
        v = g.standard_gamma(x)
    return np.full(1, v)


@pytest.mark.parametrize(
    "what, x, y",
    [
        (0, 5, 5),
        (0, 5, 3),
        (0, 0, 0),
        (0, 0, -3),
        (1, 0, 0),
        (1, -1, 0),
        (2, 0, -1),
        (2, 3, 1),
        (2, 3, 3),
        (3, 0.0, -1.0),
        (3, 0.0, -0.0),
        (3, 0.0, float("nan")),
        (4, -1.0, 0.0),
        (4, -0.0, 0.0),
        (5, 0.0, float("inf")),
        (5, float("nan"), 1.0),
        (5, 1.0, 0.0),
        (5, 2.0, 2.0),
        (6, -1.0, 1.0),
        (6, 1.0, -1.0),
        (6, float("nan"), 1.0),
        (7, -1.0, 0.0),
        (7, -0.0, 0.0),
        (7, float("nan"), 0.0),
        (7, 1e20, 0.0),
        (8, -1.0, 0.5),
        (8, 3.0, 1.5),
        (8, 3.0, float("nan")),
        (8, -1.0, 2.0),
        (9, -1.0, 0.0),
        (10, -1.0, 0.0),
    ],
)
def test_numpy_errors(what, x, y):
    assert_same(call, 1, what, x, y)


def small_bounds(lo, hi):
    g = np.random.default_rng(0)
    return g.integers(lo, hi, 2, dtype=np.uint8), g.integers(lo, hi, 2, dtype=np.int16)


@pytest.mark.parametrize("lo, hi", [(-1, 3), (0, 300), (0, 40000), (-40000, 0), (3, 3)])
def test_integer_dtype_bounds(lo, hi):
    assert_same(small_bounds, lo, hi)


def bad_seed(seed):
    return np.random.default_rng(seed).random()


def test_negative_seed():
    assert_same(bad_seed, -1)
    assert_same(bad_seed, 2**63 - 1)


# --- what compiled code refuses, at compile time ---


def array_loc(g, loc):
    return g.normal(loc)


def out_arg(g, a):
    return g.random(out=a)


def float32_gamma(g):
    return g.standard_gamma(2.0, 3, dtype=np.float32)


def axis_one(g, a):
    g.shuffle(a, axis=1)


def float_seed(s):
    return np.random.default_rng(s)


def int_dtype_random(g):
    return g.random(2, dtype=np.int64)


def float_low(g):
    return g.integers(1.5, 3)


@pytest.mark.parametrize(
    "fn, args, cls, text",
    [
        (array_loc, (np.zeros(2),), oxjit.errors.UnsupportedError, "array for 'loc'"),
        (out_arg, (np.zeros(2),), oxjit.errors.UnsupportedError, "out=..."),
        (float32_gamma, (), oxjit.errors.UnsupportedError, "dtype=np.float32"),
        (axis_one, (np.zeros((2, 2)),), oxjit.errors.UnsupportedError, "only axis=0"),
        (
            int_dtype_random,
            (),
            oxjit.errors.TypingError,
            "Unsupported dtype dtype('int64') for random",
        ),
        (float_low, (), oxjit.errors.TypingError, "'low' must be an integer"),
    ],
)
def test_refused_at_compile_time(fn, args, cls, text):
    err = compile_error(fn, np.random.default_rng(0), *args)
    assert isinstance(err, cls), err
    assert text in str(err), err


def test_refused_seed_type():
    err = compile_error(float_seed, 1.5)
    assert isinstance(err, oxjit.errors.UnsupportedError)
    assert "an integer seed or None" in str(err)


def choices(seed, a):
    g = np.random.default_rng(seed)
    return (
        g.choice(a, 6),
        g.choice(a, (2, 3)),
        np.full(1, g.choice(a)),
        g.choice(10, 5),
        g.choice(3, 4, replace=True),
        g.choice(7, 0),
        g.choice(a, 3, shuffle=False),
    )


@pytest.mark.parametrize("a", [np.arange(5.0) * 1.5, np.arange(40)[::3], np.array([7], np.int8)])
def test_choice_with_replacement(a):
    assert_same(choices, 6, a)


def empty_choice(seed, a, n):
    return np.random.default_rng(seed).choice(a, n)


def test_choice_errors():
    assert_same(empty_choice, 1, np.zeros(0), 2)
    assert_same(empty_choice, 1, np.zeros(0), 0)
    assert_same(empty_choice, 1, 0, 3)
    assert_same(empty_choice, 1, -2, 1)
    assert_same(empty_choice, 1, 0, 0)


def choice_no_replace(g):
    return g.choice(5, 2, replace=False)


def choice_p(g, p):
    return g.choice(3, 2, p=p)


def test_choice_refusals():
    err = compile_error(choice_no_replace, np.random.default_rng(0))
    assert isinstance(err, oxjit.errors.UnsupportedError) and "replace=False" in str(err)
    err = compile_error(choice_p, np.random.default_rng(0), np.ones(3) / 3)
    assert isinstance(err, oxjit.errors.UnsupportedError) and "p=" in str(err)


def permute(seed, m):
    return np.random.default_rng(seed).permutation(m)


@pytest.mark.parametrize(
    "m",
    [
        np.asfortranarray(np.arange(12.0).reshape(4, 3)),
        np.arange(24).reshape(4, 6)[:, ::2],
        np.arange(10)[::-1],
        np.zeros((0, 2)),
    ],
)
def test_permutation_of_any_layout(m):
    assert_same(permute, 3, m)
