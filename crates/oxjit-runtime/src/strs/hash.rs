//! `hash(s)` as CPython's: SipHash (1-3 since CPython 3.11, 2-4 before) of the string's code
//! units in their PEP 393 bytes, keyed by the interpreter's `_Py_HashSecret`, which the Python
//! package reads at import and hands over ([`set_hash_secret`]); `Python/pyhash.c`.

use std::sync::atomic::{AtomicU64, Ordering};

use oxjit_abi::MemInfo;

static K0: AtomicU64 = AtomicU64::new(0);
static K1: AtomicU64 = AtomicU64::new(0);
/// Compression rounds: 1 (SipHash-1-3) or 2 (SipHash-2-4).
static C_ROUNDS: AtomicU64 = AtomicU64::new(1);

/// Sets the key and the algorithm (`sys.hash_info.algorithm`: "siphash13" or "siphash24").
pub fn set_hash_secret(k0: u64, k1: u64, siphash24: bool) {
    K0.store(k0, Ordering::Relaxed);
    K1.store(k1, Ordering::Relaxed);
    C_ROUNDS.store(if siphash24 { 2 } else { 1 }, Ordering::Relaxed);
}

#[inline]
fn round(v: &mut [u64; 4]) {
    // CPython's HALF_ROUND(v0,v1,v2,v3,13,16); HALF_ROUND(v2,v1,v0,v3,17,21).
    let [v0, v1, v2, v3] = v;
    *v0 = v0.wrapping_add(*v1);
    *v2 = v2.wrapping_add(*v3);
    *v1 = v1.rotate_left(13) ^ *v0;
    *v3 = v3.rotate_left(16) ^ *v2;
    *v0 = v0.rotate_left(32);
    *v2 = v2.wrapping_add(*v1);
    *v0 = v0.wrapping_add(*v3);
    *v1 = v1.rotate_left(17) ^ *v2;
    *v3 = v3.rotate_left(21) ^ *v0;
    *v2 = v2.rotate_left(32);
}

/// SipHash-c-d of `data` with key (k0, k1), `d = c + 2`.
pub fn siphash(k0: u64, k1: u64, c: u64, data: &[u8]) -> u64 {
    let d = if c == 1 { 3 } else { 4 };
    let mut v = [
        k0 ^ 0x736f6d6570736575,
        k1 ^ 0x646f72616e646f6d,
        k0 ^ 0x6c7967656e657261,
        k1 ^ 0x7465646279746573,
    ];
    let mut chunks = data.chunks_exact(8);
    for chunk in &mut chunks {
        let m = u64::from_le_bytes(chunk.try_into().expect("8 bytes"));
        v[3] ^= m;
        for _ in 0..c {
            round(&mut v);
        }
        v[0] ^= m;
    }
    let mut t = 0u64;
    for (i, &byte) in chunks.remainder().iter().enumerate() {
        t |= (byte as u64) << (8 * i);
    }
    let b = ((data.len() as u64) << 56) | t;
    v[3] ^= b;
    for _ in 0..c {
        round(&mut v);
    }
    v[0] ^= b;
    v[2] ^= 0xff;
    for _ in 0..d {
        round(&mut v);
    }
    (v[0] ^ v[1]) ^ (v[2] ^ v[3])
}

/// CPython's `_Py_HashBytes`: 0 for no bytes, -1 made -2.
pub fn hash_bytes(data: &[u8]) -> i64 {
    if data.is_empty() {
        return 0;
    }
    let h = siphash(
        K0.load(Ordering::Relaxed),
        K1.load(Ordering::Relaxed),
        C_ROUNDS.load(Ordering::Relaxed),
        data,
    ) as i64;
    if h == -1 {
        -2
    } else {
        h
    }
}

/// `hash(s)`, cached in the string's header.
#[no_mangle]
pub extern "C" fn oxjit_rt_str_hash(s: *mut MemInfo) -> i64 {
    // SAFETY: a live string block; the cache is written with the one value it can hold.
    unsafe {
        let head = (*s).data as *mut oxjit_abi::StrHead;
        if (*head).hash != -1 {
            return (*head).hash;
        }
        let h = hash_bytes(super::units(s).bytes());
        (*head).hash = h;
        h
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    sym![oxjit_rt_str_hash]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siphash24_reference_vector() {
        // The SipHash paper's test key 00..0f, message 00..0e: 0xa129ca6149be45e5.
        let k0 = u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]);
        let k1 = u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]);
        let msg: Vec<u8> = (0..15).collect();
        assert_eq!(siphash(k0, k1, 2, &msg), 0xa129ca6149be45e5);
    }
}
