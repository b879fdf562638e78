//! The generator's state: the Gaussian cache, seeding (int and array), draws consumed by
//! degenerate arguments, `shuffle`, and the entry points' symbols.

use super::*;

/// The Gaussian cache through the C entry points: `randn` keeps its second value across other
/// draws, gamma and t consume from it, and `seed` clears it.
#[test]
fn gauss_cache_interleaved_and_reset() {
    // np.random.seed(3); [randn(), random(), randn(), randn(), gamma(2.5), randn(),
    //                     standard_t(3.0), randn()]
    let expected: [f64; 8] = [
        1.7886284734303186,
        0.2909047389129443,
        0.43650985051198943,
        0.9805538702908831,
        2.206681458507481,
        -0.27738820251439905,
        -0.4181729917781835,
        -0.6270006768238473,
    ];
    rt::oxjit_rt_random_seed(3);
    let got = [
        rt::oxjit_rt_random_standard_normal(),
        rt::oxjit_rt_random_sample(),
        rt::oxjit_rt_random_standard_normal(),
        rt::oxjit_rt_random_standard_normal(),
        rt::oxjit_rt_random_gamma(2.5, 1.0),
        rt::oxjit_rt_random_standard_normal(),
        rt::oxjit_rt_random_standard_t(3.0),
        rt::oxjit_rt_random_standard_normal(),
    ];
    for (g, e) in got.iter().zip(&expected) {
        assert_eq!(g.to_bits(), e.to_bits(), "{g:?} != {e:?}");
    }
    // One randn leaves a cached value; seeding again must drop it.
    rt::oxjit_rt_random_seed(3);
    rt::oxjit_rt_random_standard_normal();
    rt::oxjit_rt_random_seed(3);
    assert_eq!(
        rt::oxjit_rt_random_standard_normal().to_bits(),
        expected[0].to_bits()
    );
}

/// `randint` on a one-value range and `weibull(0)` draw nothing; `binomial(0, p)` still draws.
#[test]
fn draws_consumed_by_degenerate_arguments() {
    // np.random.seed(11); [randint(5, 6), random(), weibull(0.0), random(), binomial(0, 0.3),
    //                      random()]
    let mut rs = RandomState::new(11);
    assert_eq!(rs.randint(5, 6), 5);
    assert_eq!(rs.random_sample(), 0.1802696888767692);
    assert_eq!(rs.weibull(0.0), 0.0);
    assert_eq!(rs.random_sample(), 0.019475241487624584);
    assert_eq!(rs.binomial(0, 0.3), 0);
    assert_eq!(rs.random_sample(), 0.7249339291921478);
}

/// `np.random.seed` with an array (`init_by_array`) and with the largest int seed.
#[test]
fn seed_array_and_max_seed() {
    // np.random.seed([1, 2, 3]); [np.random.random() for _ in range(5)]
    rt::oxjit_rt_random_seed_array([1, 2, 3u32].as_ptr(), 3);
    for e in [
        0.6098612722867289,
        0.8866970434146851,
        0.47633673750662764,
        0.8976583215326422,
        0.02946595498664617,
    ] {
        assert_eq!(rt::oxjit_rt_random_sample().to_bits(), f64::to_bits(e));
    }
    // np.random.seed([0]); [np.random.random() for _ in range(5)]
    rt::oxjit_rt_random_seed_array([0u32].as_ptr(), 1);
    for e in [
        0.8444218515250481,
        0.7579544029403025,
        0.420571580830845,
        0.25891675029296335,
        0.5112747213686085,
    ] {
        assert_eq!(rt::oxjit_rt_random_sample().to_bits(), f64::to_bits(e));
    }
    // np.random.seed([4294967295, 5, 7, 11, 13]); [np.random.random() for _ in range(5)]
    rt::oxjit_rt_random_seed_array([4294967295, 5, 7, 11, 13u32].as_ptr(), 5);
    for e in [
        0.4292983340188813,
        0.29945387929393474,
        0.2831047836050421,
        0.2978862016534818,
        0.04054052585026058,
    ] {
        assert_eq!(rt::oxjit_rt_random_sample().to_bits(), f64::to_bits(e));
    }
    // np.random.seed(2**32 - 1); [np.random.random() for _ in range(3)]
    check_f64(
        u32::MAX,
        |r| r.random_sample(),
        &[0.0976320289940138, 0.9123828453026218, 0.78903530185164],
    );
}

/// `np.random.shuffle` of `np.arange(n)` (int64) for several seeds and lengths.
#[test]
fn shuffle_arange() {
    let cases: &[(u32, &[i64])] = &[
        // np.random.seed(0); a = np.arange(0); np.random.shuffle(a)
        (0, &[]),
        // np.random.seed(0); a = np.arange(1); np.random.shuffle(a)
        (0, &[0]),
        // np.random.seed(0); a = np.arange(2); np.random.shuffle(a)
        (0, &[1, 0]),
        // np.random.seed(0); a = np.arange(5); np.random.shuffle(a)
        (0, &[2, 0, 1, 3, 4]),
        // np.random.seed(0); a = np.arange(17); np.random.shuffle(a)
        (
            0,
            &[1, 6, 8, 9, 13, 4, 2, 14, 10, 7, 16, 11, 3, 0, 5, 15, 12],
        ),
        // np.random.seed(0); a = np.arange(100); np.random.shuffle(a)
        (
            0,
            &[
                26, 86, 2, 55, 75, 93, 16, 73, 54, 95, 53, 92, 78, 13, 7, 30, 22, 24, 33, 8, 43,
                62, 3, 71, 45, 48, 6, 99, 82, 76, 60, 80, 90, 68, 51, 27, 18, 56, 63, 74, 1, 61,
                42, 41, 4, 15, 17, 40, 38, 5, 91, 59, 0, 34, 28, 50, 11, 35, 23, 52, 10, 31, 66,
                57, 79, 85, 32, 84, 14, 89, 19, 29, 49, 97, 98, 69, 20, 94, 72, 77, 25, 37, 81, 46,
                39, 65, 58, 12, 88, 70, 87, 36, 21, 83, 9, 96, 67, 64, 47, 44,
            ],
        ),
        // np.random.seed(1); a = np.arange(0); np.random.shuffle(a)
        (1, &[]),
        // np.random.seed(1); a = np.arange(1); np.random.shuffle(a)
        (1, &[0]),
        // np.random.seed(1); a = np.arange(2); np.random.shuffle(a)
        (1, &[0, 1]),
        // np.random.seed(1); a = np.arange(5); np.random.shuffle(a)
        (1, &[2, 1, 4, 0, 3]),
        // np.random.seed(1); a = np.arange(17); np.random.shuffle(a)
        (
            1,
            &[3, 13, 7, 2, 6, 10, 4, 1, 14, 0, 16, 15, 9, 8, 12, 11, 5],
        ),
        // np.random.seed(1); a = np.arange(10); np.random.shuffle(a)
        (1, &[2, 9, 6, 4, 0, 3, 1, 7, 8, 5]),
        // np.random.seed(42); a = np.arange(0); np.random.shuffle(a)
        (42, &[]),
        // np.random.seed(42); a = np.arange(1); np.random.shuffle(a)
        (42, &[0]),
        // np.random.seed(42); a = np.arange(2); np.random.shuffle(a)
        (42, &[1, 0]),
        // np.random.seed(42); a = np.arange(5); np.random.shuffle(a)
        (42, &[1, 4, 2, 0, 3]),
        // np.random.seed(42); a = np.arange(17); np.random.shuffle(a)
        (
            42,
            &[0, 1, 5, 15, 11, 14, 8, 13, 2, 9, 16, 4, 7, 10, 12, 3, 6],
        ),
        // np.random.seed(42); a = np.arange(10); np.random.shuffle(a)
        (42, &[8, 1, 5, 0, 7, 2, 9, 4, 3, 6]),
    ];
    for &(seed, expected) in cases {
        let mut a: Vec<i64> = (0..expected.len() as i64).collect();
        rt::oxjit_rt_random_seed(seed);
        rt::oxjit_rt_random_shuffle(a.as_mut_ptr().cast(), a.len() as i64, 8, 8);
        assert_eq!(a, expected, "seed {seed}");
    }
}

/// Shuffles of a negatively strided view, of rows, of bytes, and `permutation`.
#[test]
fn shuffle_layouts() {
    // np.random.seed(5); a = np.arange(20.0); np.random.shuffle(a[::-2])
    let mut a: Vec<f64> = (0..20).map(f64::from).collect();
    rt::oxjit_rt_random_seed(5);
    // SAFETY: 19 is the last of the 20 items of `a`.
    let last = unsafe { a.as_mut_ptr().add(19) };
    rt::oxjit_rt_random_shuffle(last.cast(), 10, -16, 8);
    assert_eq!(
        a,
        [
            0.0, 13.0, 2.0, 7.0, 4.0, 3.0, 6.0, 19.0, 8.0, 17.0, 10.0, 5.0, 12.0, 11.0, 14.0, 15.0,
            16.0, 9.0, 18.0, 1.0
        ]
    );

    // np.random.seed(6); b = np.arange(24, dtype=np.int32).reshape(8, 3); np.random.shuffle(b)
    let mut b: Vec<i32> = (0..24).collect();
    rt::oxjit_rt_random_seed(6);
    rt::oxjit_rt_random_shuffle(b.as_mut_ptr().cast(), 8, 12, 12);
    assert_eq!(
        b,
        [0, 1, 2, 15, 16, 17, 18, 19, 20, 21, 22, 23, 12, 13, 14, 9, 10, 11, 3, 4, 5, 6, 7, 8]
    );

    // np.random.seed(7); c = np.arange(9, dtype=np.int8); np.random.shuffle(c); np.random.random()
    let mut c: Vec<i8> = (0..9).collect();
    rt::oxjit_rt_random_seed(7);
    rt::oxjit_rt_random_shuffle(c.as_mut_ptr().cast(), 9, 1, 1);
    assert_eq!(c, [2, 7, 0, 8, 5, 3, 6, 1, 4]);
    assert_eq!(rt::oxjit_rt_random_sample(), 0.5384958704104337);

    // np.random.seed(8); np.random.permutation(12)
    let mut p: Vec<i64> = (0..12).collect();
    rt::oxjit_rt_random_seed(8);
    rt::oxjit_rt_random_shuffle(p.as_mut_ptr().cast(), 12, 8, 8);
    assert_eq!(p, [7, 9, 10, 8, 6, 11, 0, 2, 5, 1, 4, 3]);
}

/// `random_interval` is what shuffle draws: index i - 1 down to 1 of a shuffle of n items.
#[test]
fn interval_matches_shuffle_indices() {
    let mut a = RandomState::new(9);
    let mut b = RandomState::new(9);
    let mut v: Vec<i64> = (0..50).collect();
    // SAFETY: `v` holds 50 items of 8 bytes, 8 bytes apart.
    unsafe { a.shuffle(v.as_mut_ptr().cast(), 50, 8, 8) };
    let mut w: Vec<i64> = (0..50).collect();
    for i in (1..50).rev() {
        w.swap(i, b.interval(i as u64) as usize);
    }
    assert_eq!(v, w);
    assert_eq!(b.interval(0), 0);
    assert_eq!(a.random_sample(), b.random_sample());
}

/// Unseeded threads start from different (entropy) states, and every entry point is exported.
#[test]
fn entropy_and_symbols() {
    let draw = || {
        std::thread::spawn(|| rt::oxjit_rt_random_randint(0, i64::MAX))
            .join()
            .unwrap()
    };
    assert_ne!(draw(), draw());
    let names: Vec<&str> = rt::symbols().iter().map(|s| s.0).collect();
    assert!(names.contains(&"oxjit_rt_random_shuffle"));
    assert!(names.iter().all(|n| n.starts_with("oxjit_rt_random_")));
    assert!(oxjit_runtime::symbols().len() > names.len());
}
