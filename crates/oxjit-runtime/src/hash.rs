//! Python's `hash()` of numbers and tuples, exactly as CPython computes it (Python/pyhash.c,
//! Objects/longobject.c, Objects/tupleobject.c of 3.8+), so dicts and sets made in compiled code
//! hash as CPython's and `hash(x)` agrees. A NaN hashes to 0 (CPython 3.10+ hashes a NaN by its
//! object's identity, which compiled code does not have).

const BITS: u32 = 61;
const MODULUS: u64 = (1 << BITS) - 1;
const INF: i64 = 314_159;

/// `hash(x)` of an int64.
#[no_mangle]
pub extern "C" fn oxjit_rt_hash_int(x: i64) -> i64 {
    let h = (x.unsigned_abs() % MODULUS) as i64;
    let h = if x < 0 { -h } else { h };
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(x)` of a uint64.
#[no_mangle]
pub extern "C" fn oxjit_rt_hash_uint(x: u64) -> i64 {
    (x % MODULUS) as i64
}

/// `hash(x)` of a float (`_Py_HashDouble`).
#[no_mangle]
pub extern "C" fn oxjit_rt_hash_float(v: f64) -> i64 {
    if !v.is_finite() {
        return if v.is_nan() {
            0
        } else if v > 0.0 {
            INF
        } else {
            -INF
        };
    }
    let (mut m, mut e) = frexp(v);
    let mut sign: i64 = 1;
    if m < 0.0 {
        sign = -1;
        m = -m;
    }
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & MODULUS) | (x >> (BITS - 28));
        m *= 268_435_456.0;
        e -= 28;
        let y = m as u64;
        m -= y as f64;
        x += y;
        if x >= MODULUS {
            x -= MODULUS;
        }
    }
    let e = if e >= 0 {
        e % BITS as i32
    } else {
        BITS as i32 - 1 - ((-1 - e) % BITS as i32)
    } as u32;
    x = ((x << e) & MODULUS) | (x >> (BITS - e));
    let h = (x as i64).wrapping_mul(sign);
    if h == -1 {
        -2
    } else {
        h
    }
}

/// C's `frexp`: `v = m * 2**e` with `0.5 <= |m| < 1` (v finite, not 0: m = 0, e = 0).
fn frexp(v: f64) -> (f64, i32) {
    if v == 0.0 {
        return (v, 0);
    }
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(v * f64::from_bits(0x4350_0000_0000_0000)); // 2**54
        return (m, e - 54);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

const XXPRIME_1: u64 = 11_400_714_785_074_694_791;
const XXPRIME_2: u64 = 14_029_467_366_897_019_727;
const XXPRIME_5: u64 = 2_870_177_450_012_600_261;

/// `hash(t)` of a tuple whose items hash to the `n` values at `lanes` (CPython 3.8+'s
/// xxHash-based `tuplehash`).
#[no_mangle]
pub extern "C" fn oxjit_rt_hash_tuple(lanes: *const i64, n: i64) -> i64 {
    let mut acc = XXPRIME_5;
    for k in 0..n as usize {
        // SAFETY: `n` hashes at `lanes`.
        let lane = unsafe { *lanes.add(k) } as u64;
        acc = acc.wrapping_add(lane.wrapping_mul(XXPRIME_2));
        acc = acc.rotate_left(31);
        acc = acc.wrapping_mul(XXPRIME_1);
    }
    acc = acc.wrapping_add((n as u64) ^ (XXPRIME_5 ^ 3_527_539));
    if acc == u64::MAX {
        return 1_546_275_796;
    }
    acc as i64
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![
        oxjit_rt_hash_float,
        oxjit_rt_hash_int,
        oxjit_rt_hash_tuple,
        oxjit_rt_hash_uint,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_cpythons() {
        // Values from CPython 3.11.
        assert_eq!(oxjit_rt_hash_int(-1), -2);
        assert_eq!(oxjit_rt_hash_int(i64::MIN), -4);
        assert_eq!(oxjit_rt_hash_int((1 << 61) - 1), 0);
        assert_eq!(oxjit_rt_hash_float(1.5), 1_152_921_504_606_846_977);
        assert_eq!(oxjit_rt_hash_float(-1.0), -2);
        assert_eq!(oxjit_rt_hash_float(2.0), 2);
        assert_eq!(oxjit_rt_hash_float(f64::INFINITY), 314_159);
        assert_eq!(oxjit_rt_hash_float(0.1), 230_584_300_921_369_408);
        let lanes = [1i64, 2];
        assert_eq!(
            oxjit_rt_hash_tuple(lanes.as_ptr(), 2),
            -3_550_055_125_485_641_917
        );
    }
}
