//! PCG64 (`numpy/random/src/pcg64/pcg64.{h,c}`: PCG-XSL-RR 128/64) and the `SeedSequence` that
//! seeds it (`numpy/random/bit_generator.pyx`), so that `np.random.default_rng(seed)` in compiled
//! code starts where NumPy's does and draws the same words.

use std::ffi::c_void;

/// PCG's default 128-bit multiplier (`PCG_DEFAULT_MULTIPLIER_128`).
const MULTIPLIER: u128 = (2_549_297_995_355_413_924u128 << 64) | 4_865_540_595_714_422_341;

/// The state of `pcg64_state`: the LCG's state and increment (as 64-bit halves, so that the
/// block holding it needs only 8-byte alignment), and the upper half of a 64-bit word kept for
/// the next 32-bit draw.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Pcg64 {
    pub state: [u64; 2],
    pub inc: [u64; 2],
    pub has_uint32: u32,
    pub uinteger: u32,
}

fn join(x: [u64; 2]) -> u128 {
    (u128::from(x[0]) << 64) | u128::from(x[1])
}

fn split(x: u128) -> [u64; 2] {
    [(x >> 64) as u64, x as u64]
}

impl Pcg64 {
    /// `pcg64_set_seed` (`pcg_setseq_128_srandom_r`): the increment made odd, then two steps
    /// around adding the seed.
    pub fn seeded(seed: u128, initseq: u128) -> Pcg64 {
        let inc = (initseq << 1) | 1;
        let mut state: u128 = 0;
        state = state.wrapping_mul(MULTIPLIER).wrapping_add(inc);
        state = state.wrapping_add(seed);
        state = state.wrapping_mul(MULTIPLIER).wrapping_add(inc);
        Pcg64 {
            state: split(state),
            inc: split(inc),
            has_uint32: 0,
            uinteger: 0,
        }
    }

    /// `PCG64(SeedSequence(entropy))`: the seed and increment are the first four 64-bit words
    /// of the sequence's state.
    pub fn from_entropy_words(entropy: &[u32]) -> Pcg64 {
        let words = SeedSequence::new(entropy).generate_u64(4);
        let seed = (u128::from(words[0]) << 64) | u128::from(words[1]);
        let inc = (u128::from(words[2]) << 64) | u128::from(words[3]);
        Pcg64::seeded(seed, inc)
    }

    /// `pcg64_next64`: step, then the XSL-RR output of the new state.
    pub fn next_u64(&mut self) -> u64 {
        let state = join(self.state)
            .wrapping_mul(MULTIPLIER)
            .wrapping_add(join(self.inc));
        self.state = split(state);
        let xored = ((state >> 64) as u64) ^ (state as u64);
        xored.rotate_right((state >> 122) as u32)
    }

    /// `pcg64_next32`: the low half of a 64-bit word, keeping the high half for the next call.
    pub fn next_u32(&mut self) -> u32 {
        if self.has_uint32 != 0 {
            self.has_uint32 = 0;
            return self.uinteger;
        }
        let next = self.next_u64();
        self.has_uint32 = 1;
        self.uinteger = (next >> 32) as u32;
        next as u32
    }
}

/// `bitgen_t.next_uint64` of a [`Pcg64`].
pub extern "C" fn next_uint64(st: *mut c_void) -> u64 {
    // SAFETY: the block's `bitgen.state` points at its own `Pcg64` (set by `RngBlock::seeded`).
    unsafe { (*(st as *mut Pcg64)).next_u64() }
}

/// `bitgen_t.next_uint32` of a [`Pcg64`].
pub extern "C" fn next_uint32(st: *mut c_void) -> u32 {
    // SAFETY: as `next_uint64`.
    unsafe { (*(st as *mut Pcg64)).next_u32() }
}

/// `bitgen_t.next_double` of a [`Pcg64`]: 53 random bits scaled to [0, 1).
pub extern "C" fn next_double(st: *mut c_void) -> f64 {
    (next_uint64(st) >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}

const INIT_A: u32 = 0x43b0_d7e5;
const MULT_A: u32 = 0x931e_8875;
const INIT_B: u32 = 0x8b51_f9dd;
const MULT_B: u32 = 0x58f3_8ded;
const MIX_MULT_L: u32 = 0xca01_f9dd;
const MIX_MULT_R: u32 = 0x4973_f715;
const XSHIFT: u32 = 16;
const POOL_SIZE: usize = 4;

/// NumPy's `SeedSequence` without spawn keys: the entropy mixed into a pool of four words.
pub struct SeedSequence {
    pool: [u32; POOL_SIZE],
}

fn hashmix(value: u32, hash_const: &mut u32) -> u32 {
    let mut value = value ^ *hash_const;
    *hash_const = hash_const.wrapping_mul(MULT_A);
    value = value.wrapping_mul(*hash_const);
    value ^ (value >> XSHIFT)
}

fn mix(x: u32, y: u32) -> u32 {
    let result = MIX_MULT_L
        .wrapping_mul(x)
        .wrapping_sub(MIX_MULT_R.wrapping_mul(y));
    result ^ (result >> XSHIFT)
}

impl SeedSequence {
    /// `SeedSequence.mix_entropy` of the entropy's 32-bit words, least significant first (as
    /// `_coerce_to_uint32_array` splits a Python int).
    pub fn new(entropy: &[u32]) -> SeedSequence {
        let mut hash_const = INIT_A;
        let mut pool = [0u32; POOL_SIZE];
        for (i, p) in pool.iter_mut().enumerate() {
            *p = hashmix(entropy.get(i).copied().unwrap_or(0), &mut hash_const);
        }
        for i_src in 0..POOL_SIZE {
            for i_dst in 0..POOL_SIZE {
                if i_src != i_dst {
                    let h = hashmix(pool[i_src], &mut hash_const);
                    pool[i_dst] = mix(pool[i_dst], h);
                }
            }
        }
        for &word in entropy.iter().skip(POOL_SIZE) {
            for p in pool.iter_mut() {
                let h = hashmix(word, &mut hash_const);
                *p = mix(*p, h);
            }
        }
        SeedSequence { pool }
    }

    /// `generate_state(n, np.uint64)`: `2n` 32-bit words drawn from the pool, paired
    /// little-endian.
    pub fn generate_u64(&self, n: usize) -> Vec<u64> {
        let mut hash_const = INIT_B;
        let words: Vec<u32> = (0..2 * n)
            .map(|i| {
                let mut v = self.pool[i % POOL_SIZE] ^ hash_const;
                hash_const = hash_const.wrapping_mul(MULT_B);
                v = v.wrapping_mul(hash_const);
                v ^ (v >> XSHIFT)
            })
            .collect();
        words
            .chunks(2)
            .map(|w| u64::from(w[0]) | (u64::from(w[1]) << 32))
            .collect()
    }
}

/// The 32-bit words of a non-negative integer, least significant first (`0` is one word).
pub fn int_words(mut x: u64) -> Vec<u32> {
    let mut out = vec![x as u32];
    x >>= 32;
    while x != 0 {
        out.push(x as u32);
        x >>= 32;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `np.random.default_rng(12345).bit_generator.state['state']` (NumPy 2.4).
    #[test]
    fn seeds_as_numpy() {
        let g = Pcg64::from_entropy_words(&int_words(12345));
        assert_eq!(join(g.state), 33261208707367790463622745601869196757);
        assert_eq!(join(g.inc), 268209174141567072605526753992732310247);
    }
}
