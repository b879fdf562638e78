//! `np.random.Generator` in compiled code: a reference-counted block ([`RngBlock`]) holding
//! NumPy's bit generator interface (`bitgen_t`: the state's address and its `next_uint64`,
//! `next_uint32`, `next_double` functions) and the distributions of
//! `numpy/random/src/distributions/distributions.c` drawn through it, so that every value is
//! NumPy's.
//!
//! A Generator made by `np.random.default_rng(seed)` in compiled code owns its PCG64 state
//! (`pcg64.rs`, seeded through NumPy's `SeedSequence`). A Generator passed in from Python lends
//! its bit generator: the block copies the `bitgen_t` of `bit_generator.capsule`, so draws
//! advance NumPy's own state in place (any bit generator: PCG64, MT19937, Philox, SFC64) and
//! Python continues the stream where compiled code left it. The Python crate keeps the Python
//! object alive while the block lives (`owner`, released by the destructor it sets).
//!
//! Arguments are checked by the caller (codegen raises NumPy's errors first).

use std::ffi::c_void;

use crate::nrt::MemInfo;

mod dist;
pub mod pcg64;
mod tables;

pub use pcg64::Pcg64;

/// NumPy's `bitgen_t` (`numpy/random/bitgen.h`), laid out as in C.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct BitGen {
    pub state: *mut c_void,
    pub next_uint64: extern "C" fn(*mut c_void) -> u64,
    pub next_uint32: extern "C" fn(*mut c_void) -> u32,
    pub next_double: extern "C" fn(*mut c_void) -> f64,
    pub next_raw: extern "C" fn(*mut c_void) -> u64,
}

impl BitGen {
    fn next_u64(&self) -> u64 {
        (self.next_uint64)(self.state)
    }

    fn next_u32(&self) -> u32 {
        (self.next_uint32)(self.state)
    }

    fn next_double(&self) -> f64 {
        (self.next_double)(self.state)
    }

    /// `next_float`: 24 random bits scaled to [0, 1).
    fn next_float(&self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0f32 / 16_777_216.0f32)
    }
}

/// The data of a Generator's block.
#[repr(C)]
pub struct RngBlock {
    pub bitgen: BitGen,
    /// The state of a Generator made in compiled code (`bitgen.state` points here).
    pub pcg: Pcg64,
    /// The Python `np.random.Generator` whose bit generator `bitgen` borrows (a strong
    /// reference), or null.
    pub owner: *mut c_void,
}

/// A new block for a Generator drawing from PCG64 in the given state (reference count one).
pub fn new_pcg64_block(pcg: Pcg64) -> *mut MemInfo {
    let mi = crate::nrt::oxjit_rt_nrt_allocate(std::mem::size_of::<RngBlock>() as i64);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of `size_of::<RngBlock>()` bytes, 16-byte aligned; the state
    // pointer refers to the block's own field, which lives as long as the block.
    unsafe {
        let block = (*mi).data as *mut RngBlock;
        block.write(RngBlock {
            bitgen: BitGen {
                state: std::ptr::null_mut(),
                next_uint64: pcg64::next_uint64,
                next_uint32: pcg64::next_uint32,
                next_double: pcg64::next_double,
                next_raw: pcg64::next_uint64,
            },
            pcg,
            owner: std::ptr::null_mut(),
        });
        (*block).bitgen.state = std::ptr::addr_of_mut!((*block).pcg) as *mut c_void;
    }
    mi
}

/// A new block lending the bit generator `bitgen` of the Python object `owner` (whose reference
/// the block takes over; the caller sets the destructor that gives it back).
///
/// # Safety
/// `bitgen` must point to a live `bitgen_t` that outlives `owner`.
pub unsafe fn new_borrowed_block(bitgen: *const BitGen, owner: *mut c_void) -> *mut MemInfo {
    let mi = crate::nrt::oxjit_rt_nrt_allocate(std::mem::size_of::<RngBlock>() as i64);
    if mi.is_null() {
        return mi;
    }
    // SAFETY: a fresh block of the right size; `bitgen` is valid (the caller's guarantee).
    unsafe {
        ((*mi).data as *mut RngBlock).write(RngBlock {
            bitgen: *bitgen,
            pcg: Pcg64::default(),
            owner,
        });
    }
    mi
}

/// The block data of a Generator's meminfo.
///
/// # Safety
/// `mi` must be a live Generator block.
pub unsafe fn block<'a>(mi: *mut MemInfo) -> &'a mut RngBlock {
    // SAFETY: the caller's guarantee.
    unsafe { &mut *((*mi).data as *mut RngBlock) }
}

/// 128 bits from the operating system, as NumPy's `SeedSequence()` draws its entropy
/// (`secrets.randbits(128)`); the time and std's random hash keys where `/dev/urandom` cannot be
/// read.
fn os_entropy() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = [0u8; 16];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_err() {
        use std::hash::BuildHasher;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let keys = std::collections::hash_map::RandomState::new();
        for (i, chunk) in bytes.chunks_mut(8).enumerate() {
            chunk.copy_from_slice(&keys.hash_one((i, nanos)).to_le_bytes());
        }
    }
    bytes
        .chunks(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// `np.random.default_rng(seed)` (`seed >= 0`, checked by the caller), or with `entropy`,
/// `default_rng()` seeded from the operating system. Null when memory runs out.
#[no_mangle]
pub extern "C" fn oxjit_rt_rng_new(seed: i64, entropy: bool) -> *mut MemInfo {
    let words = if entropy {
        os_entropy()
    } else {
        pcg64::int_words(seed as u64)
    };
    new_pcg64_block(Pcg64::from_entropy_words(&words))
}

/// The distributions drawn into float64 arrays, by the code codegen passes
/// (`oxjit_abi::RngDist`).
fn draw_f64(g: &BitGen, dist: i32, a: f64, b: f64) -> f64 {
    use oxjit_abi::RngDist as D;
    match D::from_code(dist) {
        D::Random => g.next_double(),
        D::StandardNormal => dist::standard_normal(g),
        D::Normal => a + b * dist::standard_normal(g),
        D::Uniform => a + b * g.next_double(),
        D::StandardExponential => dist::standard_exponential(g),
        D::Exponential => a * dist::standard_exponential(g),
        D::StandardGamma => dist::standard_gamma(g, a),
        D::Gamma => b * dist::standard_gamma(g, a),
        D::Poisson | D::Binomial | D::Zipf => unreachable!("integer distributions"),
    }
}

/// `n` draws of the distribution `dist` (parameters `a`, `b`) into `out`.
///
/// # Safety
/// `mi` must be a live Generator block, `out` must have room for `n` float64.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_rng_fill_f64(
    mi: *mut MemInfo,
    dist: i32,
    a: f64,
    b: f64,
    n: i64,
    out: *mut f64,
) {
    // SAFETY: the caller's guarantee.
    unsafe {
        let g = block(mi).bitgen;
        for i in 0..n.max(0) as usize {
            *out.add(i) = draw_f64(&g, dist, a, b);
        }
    }
}

/// `n` float32 draws of `random`, `standard_normal` or `standard_exponential`
/// (`dtype=np.float32`) into `out`.
///
/// # Safety
/// As [`oxjit_rt_rng_fill_f64`], with room for `n` float32.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_rng_fill_f32(mi: *mut MemInfo, dist: i32, n: i64, out: *mut f32) {
    use oxjit_abi::RngDist as D;
    // SAFETY: the caller's guarantee.
    unsafe {
        let g = block(mi).bitgen;
        for i in 0..n.max(0) as usize {
            *out.add(i) = match D::from_code(dist) {
                D::StandardNormal => dist::standard_normal_f(&g),
                D::StandardExponential => dist::standard_exponential_f(&g),
                _ => g.next_float(),
            };
        }
    }
}

/// `n` draws of the integer distribution `dist` (Poisson: `a` = lam; binomial: `k` = n, `a` = p)
/// into `out`.
///
/// # Safety
/// As [`oxjit_rt_rng_fill_f64`], with room for `n` int64.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_rng_fill_i64(
    mi: *mut MemInfo,
    dist: i32,
    a: f64,
    k: i64,
    n: i64,
    out: *mut i64,
) {
    use oxjit_abi::RngDist as D;
    // SAFETY: the caller's guarantee.
    unsafe {
        let g = block(mi).bitgen;
        for i in 0..n.max(0) as usize {
            *out.add(i) = match D::from_code(dist) {
                D::Poisson => dist::poisson(&g, a),
                D::Zipf => dist::zipf(&g, a),
                _ => dist::binomial(&g, a, k),
            };
        }
    }
}

/// `n` integers in `[off, off + rng]` (wrapping), `bytes` wide each (1, 2, 4 or 8), into `out`:
/// NumPy's `random_bounded_uint{8,16,32,64}_fill` with Lemire's rejection (as `integers` uses).
///
/// # Safety
/// As [`oxjit_rt_rng_fill_f64`], with room for `n` items of `bytes` bytes.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_rng_integers(
    mi: *mut MemInfo,
    off: u64,
    rng: u64,
    bytes: i32,
    n: i64,
    out: *mut u8,
) {
    // SAFETY: the caller's guarantee.
    unsafe {
        let g = block(mi).bitgen;
        dist::bounded_fill(&g, off, rng, bytes, n.max(0) as usize, out);
    }
}

/// `Generator.shuffle` of `n` items (rows) `stride` bytes apart, `itemsize` bytes each: Fisher-
/// Yates from the end, each index from `random_interval`.
///
/// # Safety
/// As [`oxjit_rt_rng_fill_f64`]; `data` must address `n` items of `itemsize` bytes, `stride`
/// apart.
#[no_mangle]
pub unsafe extern "C" fn oxjit_rt_rng_shuffle(
    mi: *mut MemInfo,
    data: *mut u8,
    n: i64,
    stride: i64,
    itemsize: i64,
) {
    // SAFETY: the caller's guarantee; `i` and `j` are below `n`, and the two items differ.
    unsafe {
        let g = block(mi).bitgen;
        for i in (1..n.max(0) as u64).rev() {
            let j = dist::interval(&g, i);
            if i != j {
                let a = data.offset(i as isize * stride as isize);
                let b = data.offset(j as isize * stride as isize);
                std::ptr::swap_nonoverlapping(a, b, itemsize as usize);
            }
        }
    }
}

pub fn symbols() -> Vec<(&'static str, usize)> {
    vec![
        ("oxjit_rt_rng_new", oxjit_rt_rng_new as *const () as usize),
        (
            "oxjit_rt_rng_fill_f64",
            oxjit_rt_rng_fill_f64 as *const () as usize,
        ),
        (
            "oxjit_rt_rng_fill_f32",
            oxjit_rt_rng_fill_f32 as *const () as usize,
        ),
        (
            "oxjit_rt_rng_fill_i64",
            oxjit_rt_rng_fill_i64 as *const () as usize,
        ),
        (
            "oxjit_rt_rng_integers",
            oxjit_rt_rng_integers as *const () as usize,
        ),
        (
            "oxjit_rt_rng_shuffle",
            oxjit_rt_rng_shuffle as *const () as usize,
        ),
    ]
}
