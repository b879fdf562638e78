//! The discrete distributions (`poisson`, `binomial`, `geometric`, `zipf`, `hypergeometric`,
//! `negative_binomial`, `logseries`), draw for draw.

use super::*;

#[test]
fn poisson() {
    // [np.random.poisson(3.0) for _ in range(10)]
    check_i64(0, |r| r.poisson(3.0), &[5, 6, 2, 0, 7, 3, 3, 1, 6, 1]);
    check_i64(42, |r| r.poisson(3.0), &[4, 1, 3, 3, 2, 3, 2, 3, 0, 2]);
    // [np.random.poisson(25.0) for _ in range(10)]
    check_i64(
        0,
        |r| r.poisson(25.0),
        &[26, 26, 24, 24, 38, 30, 26, 16, 24, 18],
    );
    check_i64(
        42,
        |r| r.poisson(25.0),
        &[23, 29, 19, 26, 31, 20, 22, 24, 27, 22],
    );
    // [np.random.poisson(1000000.0) for _ in range(10)]
    check_i64(
        0,
        |r| r.poisson(1000000.0),
        &[
            1000137, 1000293, 999784, 999824, 1000914, 1000192, 998156, 1000861, 999892, 998629,
        ],
    );
    check_i64(
        42,
        |r| r.poisson(1000000.0),
        &[
            999640, 1000696, 998852, 997926, 1000288, 1001090, 998975, 999424, 999808, 1000319,
        ],
    );
}

#[test]
fn binomial() {
    // [np.random.binomial(10, 0.5) for _ in range(10)]
    check_i64(0, |r| r.binomial(10, 0.5), &[5, 6, 5, 5, 5, 6, 5, 7, 8, 5]);
    check_i64(42, |r| r.binomial(10, 0.5), &[4, 8, 6, 5, 3, 3, 3, 7, 5, 6]);
    // [np.random.binomial(0, 0.5) for _ in range(10)]
    check_i64(0, |r| r.binomial(0, 0.5), &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    check_i64(42, |r| r.binomial(0, 0.5), &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    // [np.random.binomial(1000, 0.3) for _ in range(10)]
    check_i64(
        0,
        |r| r.binomial(1000, 0.3),
        &[303, 310, 300, 293, 298, 301, 277, 330, 298, 287],
    );
    check_i64(
        42,
        |r| r.binomial(1000, 0.3),
        &[289, 286, 302, 278, 306, 273, 307, 303, 298, 310],
    );
    // [np.random.binomial(1000, 0.7) for _ in range(10)]
    check_i64(
        0,
        |r| r.binomial(1000, 0.7),
        &[697, 690, 700, 707, 702, 699, 723, 670, 702, 713],
    );
    check_i64(
        42,
        |r| r.binomial(1000, 0.7),
        &[711, 714, 698, 722, 694, 727, 693, 697, 702, 690],
    );
    // [np.random.binomial(1000000, 0.5) for _ in range(10)]
    check_i64(
        0,
        |r| r.binomial(1000000, 0.5),
        &[
            500012, 500277, 499907, 499658, 498686, 499810, 500008, 499117, 499814, 499471,
        ],
    );
    check_i64(
        42,
        |r| r.binomial(1000000, 0.5),
        &[
            499502, 500406, 500055, 499135, 500096, 498967, 499739, 500063, 499866, 500307,
        ],
    );
}

#[test]
fn geometric() {
    // [np.random.geometric(0.5) for _ in range(10)]
    check_i64(0, |r| r.geometric(0.5), &[2, 2, 2, 2, 1, 2, 1, 4, 5, 1]);
    check_i64(42, |r| r.geometric(0.5), &[1, 5, 2, 2, 1, 1, 1, 3, 2, 2]);
    // [np.random.geometric(0.1) for _ in range(10)]
    check_i64(0, |r| r.geometric(0.1), &[8, 12, 9, 8, 6, 10, 6, 22, 32, 5]);
    check_i64(
        42,
        |r| r.geometric(0.1),
        &[5, 29, 13, 9, 2, 2, 1, 20, 9, 12],
    );
}

#[test]
fn zipf() {
    // [np.random.zipf(2.0) for _ in range(10)]
    check_i64(0, |r| r.zipf(2.0), &[2, 2, 1, 1, 27, 4, 1, 1, 1, 1]);
    check_i64(42, |r| r.zipf(2.0), &[1, 3, 1, 1, 2, 1, 5, 1, 1, 1]);
    // [np.random.zipf(1.5) for _ in range(10)]
    check_i64(0, |r| r.zipf(1.5), &[6, 3, 757, 23, 1, 1, 1, 1, 4, 1]);
    check_i64(42, |r| r.zipf(1.5), &[13, 1, 1, 1, 35, 1, 2, 3, 6, 1]);
}

#[test]
fn hypergeometric() {
    // [np.random.hypergeometric(10, 20, 5) for _ in range(10)]
    check_i64(
        0,
        |r| r.hypergeometric(10, 20, 5),
        &[1, 2, 2, 3, 3, 1, 1, 2, 2, 1],
    );
    check_i64(
        42,
        |r| r.hypergeometric(10, 20, 5),
        &[2, 2, 2, 0, 0, 1, 2, 2, 1, 0],
    );
    // [np.random.hypergeometric(100, 200, 50) for _ in range(10)]
    check_i64(
        0,
        |r| r.hypergeometric(100, 200, 50),
        &[19, 17, 19, 22, 16, 17, 21, 20, 24, 16],
    );
    check_i64(
        42,
        |r| r.hypergeometric(100, 200, 50),
        &[18, 19, 15, 17, 14, 13, 14, 21, 17, 13],
    );
    // [np.random.hypergeometric(200, 100, 150) for _ in range(10)]
    check_i64(
        0,
        |r| r.hypergeometric(200, 100, 150),
        &[97, 99, 97, 93, 101, 100, 94, 96, 95, 91],
    );
    check_i64(
        42,
        |r| r.hypergeometric(200, 100, 150),
        &[99, 97, 103, 99, 104, 105, 104, 95, 99, 104],
    );
}

#[test]
fn negative_binomial() {
    // [np.random.negative_binomial(3.5, 0.3) for _ in range(10)]
    check_i64(
        0,
        |r| r.negative_binomial(3.5, 0.3),
        &[18, 10, 12, 11, 6, 8, 1, 5, 4, 7],
    );
    check_i64(
        42,
        |r| r.negative_binomial(3.5, 0.3),
        &[7, 5, 1, 5, 4, 7, 27, 10, 4, 0],
    );
}

#[test]
fn logseries() {
    // [np.random.logseries(0.5) for _ in range(10)]
    check_i64(0, |r| r.logseries(0.5), &[1, 1, 1, 1, 1, 2, 1, 2, 1, 1]);
    check_i64(42, |r| r.logseries(0.5), &[2, 1, 1, 1, 4, 1, 1, 6, 1, 1]);
    // [np.random.logseries(0.99) for _ in range(10)]
    check_i64(
        0,
        |r| r.logseries(0.99),
        &[16, 6, 17, 50, 1, 3, 40, 3, 179, 14],
    );
    check_i64(
        42,
        |r| r.logseries(0.99),
        &[78, 5, 3, 153, 14, 337, 1, 4, 13, 3],
    );
}
