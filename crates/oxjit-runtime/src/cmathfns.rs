//! The `cmath` module, ported from CPython 3.11's `Modules/cmathmodule.c`: C99 Annex G special
//! values from 7x7 tables indexed by the kind of the real and imaginary parts, and CPython's
//! algorithms (rescaling to avoid spurious overflow and underflow, `log1p` near |z| = 1, ...), so
//! that results and errors match CPython bit for bit on the same libm.
//!
//! Each function writes its complex result to `out` and returns a status: 0, [`DOMAIN`]
//! (`ValueError("math domain error")`) or [`RANGE`] (`OverflowError("math range error")`), which
//! is what CPython's `errno` says after the call.

// Called from generated code, which always passes valid pointers.
#![allow(clippy::not_unsafe_ptr_arg_deref)]

use crate::libm;
use crate::mathfns::{errno, set_errno, DOMAIN, EDOM, ERANGE, OK, RANGE};

type C = (f64, f64);

const PI: f64 = std::f64::consts::PI;
const E: f64 = std::f64::consts::E;
const LN2: f64 = std::f64::consts::LN_2;
const LN10: f64 = std::f64::consts::LN_10;
const DBL_MIN: f64 = f64::MIN_POSITIVE;
const DBL_MANT_DIG: i32 = 53;

/// Beyond this, sqrt, log and the inverse functions rescale to avoid spurious overflow.
const CM_LARGE_DOUBLE: f64 = f64::MAX / 4.0;
/// 2**CM_SCALE_UP turns a subnormal into a normal; CM_SCALE_DOWN is -(CM_SCALE_UP+1)/2.
const CM_SCALE_UP: i32 = 2 * (DBL_MANT_DIG / 2) + 1;
const CM_SCALE_DOWN: i32 = -(CM_SCALE_UP + 1) / 2;

fn cm_sqrt_large_double() -> f64 {
    CM_LARGE_DOUBLE.sqrt()
}

fn cm_log_large_double() -> f64 {
    libm::log(CM_LARGE_DOUBLE)
}

fn cm_sqrt_dbl_min() -> f64 {
    DBL_MIN.sqrt()
}

// Special-value tables ------------------------------------------------------------------------

const P: f64 = PI;
const P14: f64 = 0.25 * PI;
const P12: f64 = 0.5 * PI;
const P34: f64 = 0.75 * PI;
const INF: f64 = f64::INFINITY;
const N: f64 = f64::NAN;
/// Placeholder for the finite x finite entries, which the tables never answer.
#[allow(clippy::excessive_precision)]
const U: f64 = -9.5426319407711027e33;
const UU: C = (U, U);

type Table = [[C; 7]; 7];

/// The kind of a double, the index into the tables: -inf, negative, -0.0, +0.0, positive, +inf,
/// NaN.
fn special_type(d: f64) -> usize {
    if d.is_finite() {
        match (d != 0.0, d.is_sign_positive()) {
            (true, true) => 4,
            (true, false) => 1,
            (false, true) => 3,
            (false, false) => 2,
        }
    } else if d.is_nan() {
        6
    } else if d > 0.0 {
        5
    } else {
        0
    }
}

fn lookup(table: &Table, z: C) -> C {
    table[special_type(z.0)][special_type(z.1)]
}

/// CPython's SPECIAL_VALUE: the table's answer where a part is infinite or NaN.
fn special_value(table: &Table, z: C) -> Option<C> {
    if !z.0.is_finite() || !z.1.is_finite() {
        Some(lookup(table, z))
    } else {
        None
    }
}

#[rustfmt::skip]
static ACOS_SV: Table = [
    [(P34, INF), (P, INF), (P, INF), (P, -INF), (P, -INF), (P34, -INF), (N, INF)],
    [(P12, INF), UU, UU, UU, UU, (P12, -INF), (N, N)],
    [(P12, INF), UU, (P12, 0.), (P12, -0.), UU, (P12, -INF), (P12, N)],
    [(P12, INF), UU, (P12, 0.), (P12, -0.), UU, (P12, -INF), (P12, N)],
    [(P12, INF), UU, UU, UU, UU, (P12, -INF), (N, N)],
    [(P14, INF), (0., INF), (0., INF), (0., -INF), (0., -INF), (P14, -INF), (N, INF)],
    [(N, INF), (N, N), (N, N), (N, N), (N, N), (N, -INF), (N, N)],
];

// CPython 3.11's table: acosh(+-0 + nan*j) is nan + nan*j (3.13 changed it to nan + pi/2*j).
#[rustfmt::skip]
static ACOSH_SV: Table = [
    [(INF, -P34), (INF, -P), (INF, -P), (INF, P), (INF, P), (INF, P34), (INF, N)],
    [(INF, -P12), UU, UU, UU, UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, (0., -P12), (0., P12), UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, (0., -P12), (0., P12), UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, UU, UU, UU, (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.), (INF, -0.), (INF, 0.), (INF, 0.), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
static ASINH_SV: Table = [
    [(-INF, -P14), (-INF, -0.), (-INF, -0.), (-INF, 0.), (-INF, 0.), (-INF, P14), (-INF, N)],
    [(-INF, -P12), UU, UU, UU, UU, (-INF, P12), (N, N)],
    [(-INF, -P12), UU, (-0., -0.), (-0., 0.), UU, (-INF, P12), (N, N)],
    [(INF, -P12), UU, (0., -0.), (0., 0.), UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, UU, UU, UU, (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.), (INF, -0.), (INF, 0.), (INF, 0.), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, -0.), (N, 0.), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
static ATANH_SV: Table = [
    [(-0., -P12), (-0., -P12), (-0., -P12), (-0., P12), (-0., P12), (-0., P12), (-0., N)],
    [(-0., -P12), UU, UU, UU, UU, (-0., P12), (N, N)],
    [(-0., -P12), UU, (-0., -0.), (-0., 0.), UU, (-0., P12), (-0., N)],
    [(0., -P12), UU, (0., -0.), (0., 0.), UU, (0., P12), (0., N)],
    [(0., -P12), UU, UU, UU, UU, (0., P12), (N, N)],
    [(0., -P12), (0., -P12), (0., -P12), (0., P12), (0., P12), (0., P12), (0., N)],
    [(0., -P12), (N, N), (N, N), (N, N), (N, N), (0., P12), (N, N)],
];

#[rustfmt::skip]
static COSH_SV: Table = [
    [(INF, N), UU, (INF, 0.), (INF, -0.), UU, (INF, N), (INF, N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(N, 0.), UU, (1., 0.), (1., -0.), UU, (N, 0.), (N, 0.)],
    [(N, 0.), UU, (1., -0.), (1., 0.), UU, (N, 0.), (N, 0.)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(INF, N), UU, (INF, -0.), (INF, 0.), UU, (INF, N), (INF, N)],
    [(N, N), (N, N), (N, 0.), (N, 0.), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
static EXP_SV: Table = [
    [(0., 0.), UU, (0., -0.), (0., 0.), UU, (0., 0.), (0., 0.)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(N, N), UU, (1., -0.), (1., 0.), UU, (N, N), (N, N)],
    [(N, N), UU, (1., -0.), (1., 0.), UU, (N, N), (N, N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(INF, N), UU, (INF, -0.), (INF, 0.), UU, (INF, N), (INF, N)],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
static LOG_SV: Table = [
    [(INF, -P34), (INF, -P), (INF, -P), (INF, P), (INF, P), (INF, P34), (INF, N)],
    [(INF, -P12), UU, UU, UU, UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, (-INF, -P), (-INF, P), UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, (-INF, -0.), (-INF, 0.), UU, (INF, P12), (N, N)],
    [(INF, -P12), UU, UU, UU, UU, (INF, P12), (N, N)],
    [(INF, -P14), (INF, -0.), (INF, -0.), (INF, 0.), (INF, 0.), (INF, P14), (INF, N)],
    [(INF, N), (N, N), (N, N), (N, N), (N, N), (INF, N), (N, N)],
];

#[rustfmt::skip]
static SINH_SV: Table = [
    [(INF, N), UU, (-INF, -0.), (-INF, 0.), UU, (INF, N), (INF, N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(0., N), UU, (-0., -0.), (-0., 0.), UU, (0., N), (0., N)],
    [(0., N), UU, (0., -0.), (0., 0.), UU, (0., N), (0., N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(INF, N), UU, (INF, -0.), (INF, 0.), UU, (INF, N), (INF, N)],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
static SQRT_SV: Table = [
    [(INF, -INF), (0., -INF), (0., -INF), (0., INF), (0., INF), (INF, INF), (N, INF)],
    [(INF, -INF), UU, UU, UU, UU, (INF, INF), (N, N)],
    [(INF, -INF), UU, (0., -0.), (0., 0.), UU, (INF, INF), (N, N)],
    [(INF, -INF), UU, (0., -0.), (0., 0.), UU, (INF, INF), (N, N)],
    [(INF, -INF), UU, UU, UU, UU, (INF, INF), (N, N)],
    [(INF, -INF), (INF, -0.), (INF, -0.), (INF, 0.), (INF, 0.), (INF, INF), (INF, N)],
    [(INF, -INF), (N, N), (N, N), (N, N), (N, N), (INF, INF), (N, N)],
];

// CPython 3.11's table: tanh(+-0 + nan*j) is nan + nan*j (3.13 changed it to +-0 + nan*j).
#[rustfmt::skip]
static TANH_SV: Table = [
    [(-1., 0.), UU, (-1., -0.), (-1., 0.), UU, (-1., 0.), (-1., 0.)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(N, N), UU, (-0., -0.), (-0., 0.), UU, (N, N), (N, N)],
    [(N, N), UU, (0., -0.), (0., 0.), UU, (N, N), (N, N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(1., 0.), UU, (1., -0.), (1., 0.), UU, (1., 0.), (1., 0.)],
    [(N, N), (N, N), (N, -0.), (N, 0.), (N, N), (N, N), (N, N)],
];

#[rustfmt::skip]
static RECT_SV: Table = [
    [(INF, N), UU, (-INF, 0.), (-INF, -0.), UU, (INF, N), (INF, N)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(0., 0.), UU, (-0., 0.), (-0., -0.), UU, (0., 0.), (0., 0.)],
    [(0., 0.), UU, (0., -0.), (0., 0.), UU, (0., 0.), (0., 0.)],
    [(N, N), UU, UU, UU, UU, (N, N), (N, N)],
    [(INF, N), UU, (INF, -0.), (INF, 0.), UU, (INF, N), (INF, N)],
    [(N, N), (N, N), (N, 0.), (N, 0.), (N, N), (N, N), (N, N)],
];

// The functions: each returns its result and the status CPython's errno gives -------------------

fn neg(z: C) -> C {
    (-z.0, -z.1)
}

fn log(x: f64) -> f64 {
    libm::log(x)
}

fn hypot(x: f64, y: f64) -> f64 {
    libm::hypot(x, y)
}

fn atan2(y: f64, x: f64) -> f64 {
    libm::atan2(y, x)
}

fn asinh(x: f64) -> f64 {
    libm::asinh(x)
}

fn sin(x: f64) -> f64 {
    libm::sin(x)
}

fn cos(x: f64) -> f64 {
    libm::cos(x)
}

fn sinh(x: f64) -> f64 {
    libm::sinh(x)
}

fn cosh(x: f64) -> f64 {
    libm::cosh(x)
}

fn exp(x: f64) -> f64 {
    libm::exp(x)
}

fn ldexp(x: f64, e: i32) -> f64 {
    libm::ldexp(x, e)
}

/// CPython's `_Py_log1p` (log1p with the sign of zero kept).
fn m_log1p(x: f64) -> f64 {
    if x == 0.0 {
        x
    } else {
        libm::log1p(x)
    }
}

pub fn c_acos(z: C) -> (C, i32) {
    if let Some(r) = special_value(&ACOS_SV, z) {
        return (r, OK);
    }
    let r = if z.0.abs() > CM_LARGE_DOUBLE || z.1.abs() > CM_LARGE_DOUBLE {
        // Avoid unnecessary overflow for large arguments.
        (
            atan2(z.1.abs(), z.0),
            -(log(hypot(z.0 / 2., z.1 / 2.)) + LN2 * 2.).copysign(z.1),
        )
    } else {
        let s1 = c_sqrt((1. - z.0, -z.1)).0;
        let s2 = c_sqrt((1. + z.0, z.1)).0;
        (2. * atan2(s1.0, s2.0), asinh(s2.0 * s1.1 - s2.1 * s1.0))
    };
    (r, OK)
}

pub fn c_acosh(z: C) -> (C, i32) {
    if let Some(r) = special_value(&ACOSH_SV, z) {
        return (r, OK);
    }
    let r = if z.0.abs() > CM_LARGE_DOUBLE || z.1.abs() > CM_LARGE_DOUBLE {
        (log(hypot(z.0 / 2., z.1 / 2.)) + LN2 * 2., atan2(z.1, z.0))
    } else {
        let s1 = c_sqrt((z.0 - 1., z.1)).0;
        let s2 = c_sqrt((z.0 + 1., z.1)).0;
        (asinh(s1.0 * s2.0 + s1.1 * s2.1), 2. * atan2(s1.1, s2.0))
    };
    (r, OK)
}

/// asin(z) = -i asinh(iz).
pub fn c_asin(z: C) -> (C, i32) {
    let (s, status) = c_asinh((-z.1, z.0));
    ((s.1, -s.0), status)
}

pub fn c_asinh(z: C) -> (C, i32) {
    if let Some(r) = special_value(&ASINH_SV, z) {
        return (r, OK);
    }
    let r = if z.0.abs() > CM_LARGE_DOUBLE || z.1.abs() > CM_LARGE_DOUBLE {
        let re = if z.1 >= 0. {
            (log(hypot(z.0 / 2., z.1 / 2.)) + LN2 * 2.).copysign(z.0)
        } else {
            -(log(hypot(z.0 / 2., z.1 / 2.)) + LN2 * 2.).copysign(-z.0)
        };
        (re, atan2(z.1, z.0.abs()))
    } else {
        let s1 = c_sqrt((1. + z.1, -z.0)).0;
        let s2 = c_sqrt((1. - z.1, z.0)).0;
        (
            asinh(s1.0 * s2.1 - s2.0 * s1.1),
            atan2(z.1, s1.0 * s2.0 - s1.1 * s2.1),
        )
    };
    (r, OK)
}

/// atan(z) = -i atanh(iz).
pub fn c_atan(z: C) -> (C, i32) {
    let (s, status) = c_atanh((-z.1, z.0));
    ((s.1, -s.0), status)
}

pub fn c_atanh(z: C) -> (C, i32) {
    if let Some(r) = special_value(&ATANH_SV, z) {
        return (r, OK);
    }
    // Reduce to z.real >= 0 with atanh(z) = -atanh(-z).
    if z.0 < 0. {
        let (r, status) = c_atanh(neg(z));
        return (neg(r), status);
    }
    let ay = z.1.abs();
    if z.0 > cm_sqrt_large_double() || ay > cm_sqrt_large_double() {
        // atanh(z) ~ 1/z +/- i*pi/2 for large |z|.
        let h = hypot(z.0 / 2., z.1 / 2.); // safe from overflow
        ((z.0 / 4. / h / h, (PI / 2.).copysign(z.1)), OK)
    } else if z.0 == 1. && ay < cm_sqrt_dbl_min() {
        // C99: atanh(1 +/- 0i) is inf +/- 0i.
        if ay == 0. {
            ((INF, z.1), DOMAIN)
        } else {
            let re = -log(ay.sqrt() / hypot(ay, 2.).sqrt());
            let im = (atan2(2., -ay) / 2.).copysign(z.1);
            ((re, im), OK)
        }
    } else {
        let re = m_log1p(4. * z.0 / ((1. - z.0) * (1. - z.0) + ay * ay)) / 4.;
        let im = -atan2(-2. * z.1, (1. - z.0) * (1. + z.0) - ay * ay) / 2.;
        ((re, im), OK)
    }
}

/// cos(z) = cosh(iz).
pub fn c_cos(z: C) -> (C, i32) {
    c_cosh((-z.1, z.0))
}

pub fn c_cosh(z: C) -> (C, i32) {
    if !z.0.is_finite() || !z.1.is_finite() {
        // cosh(+-inf + iy) for finite nonzero y needs the signs of cos(y) and sin(y).
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0. {
            if z.0 > 0. {
                (INF.copysign(cos(z.1)), INF.copysign(sin(z.1)))
            } else {
                (INF.copysign(cos(z.1)), -INF.copysign(sin(z.1)))
            }
        } else {
            lookup(&COSH_SV, z)
        };
        let status = if z.1.is_infinite() && !z.0.is_nan() {
            DOMAIN
        } else {
            OK
        };
        return (r, status);
    }
    let r = if z.0.abs() > cm_log_large_double() {
        // cosh(z.real) overflows where cosh(z) may not.
        let x_minus_one = z.0 - 1f64.copysign(z.0);
        (
            cos(z.1) * cosh(x_minus_one) * E,
            sin(z.1) * sinh(x_minus_one) * E,
        )
    } else {
        (cos(z.1) * cosh(z.0), sin(z.1) * sinh(z.0))
    };
    with_range_status(r)
}

/// `r` computed from a finite argument, with [`RANGE`] where it overflowed (CPython's `errno =
/// ERANGE` after `cosh`, `exp`, `sinh` of finite values).
fn with_range_status(r: C) -> (C, i32) {
    let status = if r.0.is_infinite() || r.1.is_infinite() {
        RANGE
    } else {
        OK
    };
    (r, status)
}

pub fn c_exp(z: C) -> (C, i32) {
    if !z.0.is_finite() || !z.1.is_finite() {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0. {
            if z.0 > 0. {
                (INF.copysign(cos(z.1)), INF.copysign(sin(z.1)))
            } else {
                (0f64.copysign(cos(z.1)), 0f64.copysign(sin(z.1)))
            }
        } else {
            lookup(&EXP_SV, z)
        };
        let status = if z.1.is_infinite() && (z.0.is_finite() || (z.0.is_infinite() && z.0 > 0.)) {
            DOMAIN
        } else {
            OK
        };
        return (r, status);
    }
    let r = if z.0 > cm_log_large_double() {
        let l = exp(z.0 - 1.);
        (l * cos(z.1) * E, l * sin(z.1) * E)
    } else {
        let l = exp(z.0);
        (l * cos(z.1), l * sin(z.1))
    };
    with_range_status(r)
}

pub fn c_log(z: C) -> (C, i32) {
    if let Some(r) = special_value(&LOG_SV, z) {
        return (r, OK);
    }
    let ax = z.0.abs();
    let ay = z.1.abs();
    let re = if ax > CM_LARGE_DOUBLE || ay > CM_LARGE_DOUBLE {
        log(hypot(ax / 2., ay / 2.)) + LN2
    } else if ax < DBL_MIN && ay < DBL_MIN {
        if ax > 0. || ay > 0. {
            // hypot(ax, ay) would be subnormal: rescale.
            log(hypot(ldexp(ax, DBL_MANT_DIG), ldexp(ay, DBL_MANT_DIG))) - DBL_MANT_DIG as f64 * LN2
        } else {
            // log(+-0 +- 0i)
            return ((-INF, atan2(z.1, z.0)), DOMAIN);
        }
    } else {
        let h = hypot(ax, ay);
        if (0.71..=1.73).contains(&h) {
            let am = if ax > ay { ax } else { ay };
            let an = if ax > ay { ay } else { ax };
            m_log1p((am - 1.) * (am + 1.) + an * an) / 2.
        } else {
            log(h)
        }
    };
    ((re, atan2(z.1, z.0)), OK)
}

pub fn c_log10(z: C) -> (C, i32) {
    let (r, status) = c_log(z);
    ((r.0 / LN10, r.1 / LN10), status)
}

/// sin(z) = -i sinh(iz).
pub fn c_sin(z: C) -> (C, i32) {
    let (s, status) = c_sinh((-z.1, z.0));
    ((s.1, -s.0), status)
}

pub fn c_sinh(z: C) -> (C, i32) {
    if !z.0.is_finite() || !z.1.is_finite() {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0. {
            if z.0 > 0. {
                (INF.copysign(cos(z.1)), INF.copysign(sin(z.1)))
            } else {
                (-INF.copysign(cos(z.1)), INF.copysign(sin(z.1)))
            }
        } else {
            lookup(&SINH_SV, z)
        };
        let status = if z.1.is_infinite() && !z.0.is_nan() {
            DOMAIN
        } else {
            OK
        };
        return (r, status);
    }
    let r = if z.0.abs() > cm_log_large_double() {
        let x_minus_one = z.0 - 1f64.copysign(z.0);
        (
            cos(z.1) * sinh(x_minus_one) * E,
            sin(z.1) * cosh(x_minus_one) * E,
        )
    } else {
        (cos(z.1) * sinh(z.0), sin(z.1) * cosh(z.0))
    };
    with_range_status(r)
}

pub fn c_sqrt(z: C) -> (C, i32) {
    if let Some(r) = special_value(&SQRT_SV, z) {
        return (r, OK);
    }
    if z.0 == 0. && z.1 == 0. {
        return ((0., z.1), OK);
    }
    let mut ax = z.0.abs();
    let ay = z.1.abs();
    let s = if ax < DBL_MIN && ay < DBL_MIN {
        // hypot(ax, ay) may be subnormal: rescale.
        ax = ldexp(ax, CM_SCALE_UP);
        ldexp(
            (ax + hypot(ax, ldexp(ay, CM_SCALE_UP))).sqrt(),
            CM_SCALE_DOWN,
        )
    } else {
        ax /= 8.;
        2. * (ax + hypot(ax, ay / 8.)).sqrt()
    };
    let d = ay / (2. * s);
    let r = if z.0 >= 0. {
        (s, d.copysign(z.1))
    } else {
        (d, s.copysign(z.1))
    };
    (r, OK)
}

/// tan(z) = -i tanh(iz).
pub fn c_tan(z: C) -> (C, i32) {
    let (s, status) = c_tanh((-z.1, z.0));
    ((s.1, -s.0), status)
}

pub fn c_tanh(z: C) -> (C, i32) {
    if !z.0.is_finite() || !z.1.is_finite() {
        let r = if z.0.is_infinite() && z.1.is_finite() && z.1 != 0. {
            let im = 0f64.copysign(2. * sin(z.1) * cos(z.1));
            if z.0 > 0. {
                (1.0, im)
            } else {
                (-1.0, im)
            }
        } else {
            lookup(&TANH_SV, z)
        };
        let status = if z.1.is_infinite() && z.0.is_finite() {
            DOMAIN
        } else {
            OK
        };
        return (r, status);
    }
    let r = if z.0.abs() > cm_log_large_double() {
        (
            1f64.copysign(z.0),
            4. * sin(z.1) * cos(z.1) * exp(-2. * z.0.abs()),
        )
    } else {
        let tx = libm::tanh(z.0);
        let ty = libm::tan(z.1);
        let cx = 1. / cosh(z.0);
        let txty = tx * ty;
        let denom = 1. + txty * txty;
        (tx * (1. + ty * ty) / denom, ((ty / denom) * cx) * cx)
    };
    (r, OK)
}

/// CPython 3.11's `_Py_c_quot` (no recovery of infinities from NaN results); `None` for a zero
/// divisor (errno EDOM).
fn c_quot(a: C, b: C) -> Option<C> {
    let abs_breal = b.0.abs();
    let abs_bimag = b.1.abs();
    if abs_breal >= abs_bimag {
        if abs_breal == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_bimag >= abs_breal {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        // A NaN in b.
        Some((N, N))
    }
}

/// `cmath.log(z, base)`: c_log of both, then their quotient. Only the base's status counts (its
/// c_log resets errno), plus a domain error for a zero divisor.
pub fn c_log_base(z: C, base: C) -> (C, i32) {
    let (x, _) = c_log(z);
    let (y, status) = c_log(base);
    match c_quot(x, y) {
        Some(r) => (r, status),
        None => ((0., 0.), DOMAIN),
    }
}

/// CPython 3.11's `c_atan2`: the phase of z, with C99's special cases; the libm call may set
/// errno (glibc reports an underflow to zero as ERANGE, which `cmath.phase` then raises).
fn c_atan2(z: C) -> f64 {
    if z.0.is_nan() || z.1.is_nan() {
        return N;
    }
    if z.1.is_infinite() {
        if z.0.is_infinite() {
            return if z.0.is_sign_positive() {
                (0.25 * PI).copysign(z.1)
            } else {
                (0.75 * PI).copysign(z.1)
            };
        }
        return (0.5 * PI).copysign(z.1);
    }
    if z.0.is_infinite() || z.1 == 0. {
        return if z.0.is_sign_positive() {
            0f64.copysign(z.1)
        } else {
            PI.copysign(z.1)
        };
    }
    atan2(z.1, z.0)
}

fn errno_status() -> i32 {
    match errno() {
        0 => OK,
        EDOM => DOMAIN,
        ERANGE => RANGE,
        _ => DOMAIN,
    }
}

/// CPython's `_Py_c_abs`, with its effect on errno (set to 0 or ERANGE, untouched for a NaN).
fn c_abs(z: C) -> f64 {
    if !z.0.is_finite() || !z.1.is_finite() {
        if z.0.is_infinite() {
            set_errno(0);
            return z.0.abs();
        }
        if z.1.is_infinite() {
            set_errno(0);
            return z.1.abs();
        }
        return N;
    }
    let r = hypot(z.0, z.1);
    set_errno(if r.is_finite() { 0 } else { ERANGE });
    r
}

pub fn c_rect(r: f64, phi: f64) -> (C, i32) {
    if !r.is_finite() || !phi.is_finite() {
        // r = +-inf with finite nonzero phi needs the signs of cos(phi) and sin(phi).
        let z = if r.is_infinite() && phi.is_finite() && phi != 0. {
            if r > 0. {
                (INF.copysign(cos(phi)), INF.copysign(sin(phi)))
            } else {
                (-INF.copysign(cos(phi)), -INF.copysign(sin(phi)))
            }
        } else {
            lookup(&RECT_SV, (r, phi))
        };
        let status = if r != 0. && !r.is_nan() && phi.is_infinite() {
            DOMAIN
        } else {
            OK
        };
        return (z, status);
    }
    if phi == 0.0 {
        return ((r, r * phi), OK);
    }
    ((r * cos(phi), r * sin(phi)), OK)
}

/// `cmath.isclose(a, b, rel_tol, abs_tol)`: 1 or 0, or -1 for a negative tolerance.
pub fn c_isclose(a: C, b: C, rel_tol: f64, abs_tol: f64) -> i32 {
    if rel_tol < 0.0 || abs_tol < 0.0 {
        return -1;
    }
    if a.0 == b.0 && a.1 == b.1 {
        return 1;
    }
    if a.0.is_infinite() || a.1.is_infinite() || b.0.is_infinite() || b.1.is_infinite() {
        return 0;
    }
    let diff = c_abs((a.0 - b.0, a.1 - b.1));
    ((diff <= rel_tol * c_abs(b)) || (diff <= rel_tol * c_abs(a)) || (diff <= abs_tol)) as i32
}

// The C ABI for generated code -------------------------------------------------------------------

fn store(out: &mut [f64; 2], (r, status): (C, i32)) -> i32 {
    *out = [r.0, r.1];
    status
}

macro_rules! unary_entry_points {
    ($($name:ident => $f:ident,)*) => {
        $(
            #[doc = concat!("`cmath` through [`", stringify!($f), "`].")]
            #[no_mangle]
            pub extern "C" fn $name(re: f64, im: f64, out: &mut [f64; 2]) -> i32 {
                store(out, $f((re, im)))
            }
        )*

        fn unary_symbols() -> Vec<(&'static str, usize)> {
            vec![$((stringify!($name), $name as *const () as usize),)*]
        }
    };
}

unary_entry_points! {
    oxjit_rt_cmath_acos => c_acos,
    oxjit_rt_cmath_acosh => c_acosh,
    oxjit_rt_cmath_asin => c_asin,
    oxjit_rt_cmath_asinh => c_asinh,
    oxjit_rt_cmath_atan => c_atan,
    oxjit_rt_cmath_atanh => c_atanh,
    oxjit_rt_cmath_cos => c_cos,
    oxjit_rt_cmath_cosh => c_cosh,
    oxjit_rt_cmath_exp => c_exp,
    oxjit_rt_cmath_log => c_log,
    oxjit_rt_cmath_log10 => c_log10,
    oxjit_rt_cmath_sin => c_sin,
    oxjit_rt_cmath_sinh => c_sinh,
    oxjit_rt_cmath_sqrt => c_sqrt,
    oxjit_rt_cmath_tan => c_tan,
    oxjit_rt_cmath_tanh => c_tanh,
}

/// `cmath.log(z, base)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_cmath_log_base(
    re: f64,
    im: f64,
    base_re: f64,
    base_im: f64,
    out: &mut [f64; 2],
) -> i32 {
    store(out, c_log_base((re, im), (base_re, base_im)))
}

/// `cmath.phase(z)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_cmath_phase(re: f64, im: f64, out: &mut f64) -> i32 {
    set_errno(0);
    let phi = c_atan2((re, im));
    *out = phi;
    errno_status()
}

/// `cmath.polar(z)`: writes (r, phi).
#[no_mangle]
pub extern "C" fn oxjit_rt_cmath_polar(re: f64, im: f64, out: &mut [f64; 2]) -> i32 {
    set_errno(0);
    let phi = c_atan2((re, im));
    let r = c_abs((re, im));
    *out = [r, phi];
    errno_status()
}

/// `cmath.rect(r, phi)`.
#[no_mangle]
pub extern "C" fn oxjit_rt_cmath_rect(r: f64, phi: f64, out: &mut [f64; 2]) -> i32 {
    store(out, c_rect(r, phi))
}

/// `cmath.isclose(a, b, rel_tol=, abs_tol=)`: 1, 0, or -1 for a negative tolerance.
#[no_mangle]
pub extern "C" fn oxjit_rt_cmath_isclose(
    are: f64,
    aim: f64,
    bre: f64,
    bim: f64,
    rel_tol: f64,
    abs_tol: f64,
) -> i32 {
    c_isclose((are, aim), (bre, bim), rel_tol, abs_tol)
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    let mut out = unary_symbols();
    out.extend([
        (
            "oxjit_rt_cmath_log_base",
            oxjit_rt_cmath_log_base as *const () as usize,
        ),
        (
            "oxjit_rt_cmath_phase",
            oxjit_rt_cmath_phase as *const () as usize,
        ),
        (
            "oxjit_rt_cmath_polar",
            oxjit_rt_cmath_polar as *const () as usize,
        ),
        (
            "oxjit_rt_cmath_rect",
            oxjit_rt_cmath_rect as *const () as usize,
        ),
        (
            "oxjit_rt_cmath_isclose",
            oxjit_rt_cmath_isclose as *const () as usize,
        ),
    ]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: C, b: C) -> bool {
        let eq = |x: f64, y: f64| {
            (x.is_nan() && y.is_nan()) || (x == y && x.is_sign_negative() == y.is_sign_negative())
        };
        eq(a.0, b.0) && eq(a.1, b.1)
    }

    #[test]
    fn sqrt_of_negative_reals_and_signed_zeros() {
        assert!(same(c_sqrt((-4.0, 0.0)).0, (0.0, 2.0)));
        assert!(same(c_sqrt((-4.0, -0.0)).0, (0.0, -2.0)));
        assert!(same(c_sqrt((0.0, -0.0)).0, (0.0, -0.0)));
        assert!(same(
            c_sqrt((f64::NEG_INFINITY, f64::NAN)).0,
            (f64::NAN, f64::INFINITY)
        ));
    }

    #[test]
    fn log_special_values_and_errors() {
        assert_eq!(c_log((0.0, 0.0)).1, DOMAIN);
        assert!(same(c_log((-0.0, 0.0)).0, (f64::NEG_INFINITY, PI)));
        assert!(same(
            c_log((f64::INFINITY, f64::NAN)).0,
            (f64::INFINITY, f64::NAN)
        ));
        // log(0, 2): the base's c_log clears errno, the quotient has a NaN imaginary part.
        let (r, status) = c_log_base((0.0, 0.0), (2.0, 0.0));
        assert_eq!(status, OK);
        assert!(r.0 == f64::NEG_INFINITY && r.1.is_nan());
        assert_eq!(c_log_base((2.0, 0.0), (1.0, 0.0)).1, DOMAIN);
    }

    #[test]
    fn errors_of_exp_family() {
        assert_eq!(c_exp((1000.0, 1.0)).1, RANGE);
        assert_eq!(c_exp((1.0, f64::INFINITY)).1, DOMAIN);
        assert_eq!(c_exp((f64::NEG_INFINITY, f64::INFINITY)).1, OK);
        assert_eq!(c_tanh((0.0, f64::INFINITY)).1, DOMAIN);
        assert!(same(c_tanh((-0.0, f64::NAN)).0, (f64::NAN, f64::NAN)));
        assert_eq!(c_atanh((1.0, 0.0)).1, DOMAIN);
    }

    #[test]
    fn phase_reports_glibc_underflow() {
        let mut phi = 0.0;
        assert_eq!(oxjit_rt_cmath_phase(1.0, -0.0, &mut phi), OK);
        assert!(phi == 0.0 && phi.is_sign_negative());
        let mut out = [0.0; 2];
        assert_eq!(oxjit_rt_cmath_polar(1.7e308, 1.7e308, &mut out), RANGE);
        assert_eq!(oxjit_rt_cmath_polar(1e10, 1e-320, &mut out), OK);
    }
}
