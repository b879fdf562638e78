//! The standard library's `random` module (CPython 3.11's `_random.Random` and `random.py`),
//! on its own per-thread Mersenne Twister: after `random.seed(n)` in compiled code, `random()`,
//! `randint`, `gauss`... give exactly CPython's stream after the same seed. (Numba keeps a
//! separate generator whose stream differs from CPython's.)

use std::cell::UnsafeCell;

use crate::random::RandomState;

thread_local! {
    // An UnsafeCell rather than a RefCell: no borrow flag to test on every draw (compiled code
    // draws in tight loops), and nothing here can reenter while a draw runs. Initialised
    // constantly (None until the first draw seeds it from entropy): such a thread local, with
    // nothing to drop, costs no lazy-initialisation check nor destructor registration.
    static STATE: UnsafeCell<Option<PyRandom>> = const { UnsafeCell::new(None) };
}

/// A `random.Random`: the generator and `gauss`'s cached second value. C layout, the
/// generator first: compiled code draws from its words (see [`oxjit_rt_pyrandom_state`]).
#[repr(C)]
struct PyRandom {
    mt: RandomState,
    gauss_next: Option<f64>,
}

#[inline(always)]
fn with<T>(f: impl FnOnce(&mut PyRandom) -> T) -> T {
    STATE.with(|s| {
        // SAFETY: the state is this thread's own, and `f` (code of this module) never calls
        // back into `with`, so no other reference to it exists while `f` runs.
        let state = unsafe { &mut *s.get() };
        f(state.get_or_insert_with(|| PyRandom {
            mt: RandomState::from_entropy(),
            gauss_next: None,
        }))
    })
}

/// `random.seed(n)` for an int: `init_by_array` on the 32-bit words of `abs(n)`, least
/// significant first (one zero word for 0); `gauss`'s cache cleared.
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_seed(n: i64) {
    let a = n.unsigned_abs();
    let key: Vec<u32> = if a >> 32 == 0 {
        vec![a as u32]
    } else {
        vec![a as u32, (a >> 32) as u32]
    };
    with(|r| {
        r.mt = RandomState::from_array(&key);
        r.gauss_next = None;
    });
}

/// `random.random()`: `genrand_res53`, a double in [0, 1).
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_random() -> f64 {
    with(|r| r.mt.random_sample())
}

/// `random.getrandbits(k)` for `0 <= k <= 64`: 32-bit words, least significant first, the last
/// one shifted down to what is left.
fn getrandbits(r: &mut PyRandom, k: u32) -> u64 {
    if k == 0 {
        return 0;
    }
    if k <= 32 {
        return (r.mt.next_u32() >> (32 - k)) as u64;
    }
    let low = r.mt.next_u32() as u64;
    let high = (r.mt.next_u32() >> (64 - k)) as u64;
    low | (high << 32)
}

#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_getrandbits(k: i64) -> u64 {
    with(|r| getrandbits(r, k.clamp(0, 64) as u32))
}

/// The calling thread's generator, for draws written out in compiled code: its 624 words of
/// 32 bits, then at byte `oxjit_abi::MT_POS_OFFSET` the position of the next one (624:
/// none left, [`oxjit_rt_pyrandom_refill`] first). Always the same address on one thread.
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_state() -> *mut u8 {
    with(|r| r as *mut PyRandom as *mut u8)
}

/// Refills the words of the generator `state` (from [`oxjit_rt_pyrandom_state`]); the
/// position is 0 after.
///
/// # Safety
/// `state` is what `oxjit_rt_pyrandom_state` returned on this thread.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_pyrandom_refill(state: *mut u8) {
    // SAFETY: the caller's guarantee: this thread's generator, not otherwise borrowed now.
    unsafe { (*(state as *mut PyRandom)).mt.refill() }
}

/// `Random._randbelow(n)` for `n > 0`: `getrandbits(n.bit_length())` until below `n`.
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_randbelow(n: u64) -> u64 {
    let k = 64 - n.leading_zeros();
    with(|r| loop {
        let x = getrandbits(r, k);
        if x < n {
            return x;
        }
    })
}

/// `random.gauss(mu, sigma)`: Box-Muller with the second value kept for the next call.
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_gauss(mu: f64, sigma: f64) -> f64 {
    with(|r| {
        let z = match r.gauss_next.take() {
            Some(z) => z,
            None => {
                let x2pi = r.mt.random_sample() * std::f64::consts::TAU;
                let g2rad = (-2.0 * (1.0 - r.mt.random_sample()).ln()).sqrt();
                r.gauss_next = Some(x2pi.sin() * g2rad);
                x2pi.cos() * g2rad
            }
        };
        mu + z * sigma
    })
}

/// `random.normalvariate(mu, sigma)`: Kinderman and Monahan's ratio method.
#[no_mangle]
pub extern "C" fn oxjit_rt_pyrandom_normalvariate(mu: f64, sigma: f64) -> f64 {
    // NV_MAGICCONST = 4 * exp(-0.5) / sqrt(2.0), as random.py computes it.
    let magic = 4.0 * (-0.5f64).exp() / 2.0f64.sqrt();
    with(|r| loop {
        let u1 = r.mt.random_sample();
        let u2 = 1.0 - r.mt.random_sample();
        let z = magic * (u1 - 0.5) / u2;
        let zz = z * z / 4.0;
        if zz <= -u2.ln() {
            return mu + z * sigma;
        }
    })
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        (
            "oxjit_rt_pyrandom_seed",
            oxjit_rt_pyrandom_seed as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_random",
            oxjit_rt_pyrandom_random as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_state",
            oxjit_rt_pyrandom_state as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_refill",
            oxjit_rt_pyrandom_refill as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_getrandbits",
            oxjit_rt_pyrandom_getrandbits as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_randbelow",
            oxjit_rt_pyrandom_randbelow as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_gauss",
            oxjit_rt_pyrandom_gauss as *const () as usize,
        ),
        (
            "oxjit_rt_pyrandom_normalvariate",
            oxjit_rt_pyrandom_normalvariate as *const () as usize,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_stream_as_cpython() {
        // import random; random.seed(12345); [random.random() for _ in range(3)],
        // random.getrandbits(40), random.randint(1, 6)
        oxjit_rt_pyrandom_seed(12345);
        let xs: Vec<f64> = (0..3).map(|_| oxjit_rt_pyrandom_random()).collect();
        assert_eq!(
            xs,
            [
                0.41661987254534116,
                0.010169169457068361,
                0.8252065092537432
            ]
        );
    }
}
