//! NumPy's own `tanh` for float32 and float64 (numpy/_core/src/umath/
//! loops_hyperbolic.dispatch.cpp.src, `simd_tanh_f32` / `simd_tanh_f64`, the Highway AVX2 path
//! NumPy 2.4 dispatches on X86_V3): on a CPU with AVX2 and FMA but no AVX-512, NumPy's
//! `np.tanh` of float32 and float64 runs this code (Intel SVML's algorithm) instead of the C
//! library's `tanhf`/`tanh`, and rounds differently from them in a third of the items.
//!
//! The algorithm: |x| picks one of 32 (float32) or 16 (float64) intervals from its exponent
//! and top mantissa bits; each has an offset `b` and a polynomial (degree 6 or 16) in
//! `y = |x| - b`, evaluated by Horner's rule with fused multiply-adds; |x| past the last
//! interval, infinities included, give 1; the sign of x is OR-ed in; a NaN gives NumPy's
//! positive quiet NaN (its payload and sign are not kept). NumPy runs the same vector code on
//! one element for strided and overlapping arrays and for the tail, so each lane's result
//! depends on that lane alone: the scalar functions here look the coefficients up directly
//! and run the same multiply-adds.
//!
//! NumPy clears the floating-point flags after the loop, so `np.tanh` never warns: these
//! functions compute infinite and NaN lanes on 0 instead (no invalid flag from `0 * inf` or
//! a signalling NaN). Nothing else raises a flag NumPy checks: a subnormal x is in the first
//! interval, whose polynomial is `y` exactly there (c0 = 0, c1 = 1), so no underflow either.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// NumPy's `NPY_NAN` as float and double: the quiet NaN with a clear sign.
const NAN_F32: u32 = 0x7fc0_0000;
const NAN_F64: u64 = 0x7ff8_0000_0000_0000;

// The exponent-and-mantissa masks, thresholds and interval offsets of `simd_tanh_f32`.
const F32_NDNAN_MASK: i32 = 0x7fe0_0000;
const F32_HUGE: i32 = 0x7f00_0000;
const F32_IDX_BASE: i32 = 0x3d40_0000;
const F32_IDX_MAX: i32 = 0x3e0_0000;
// And of `simd_tanh_f64` (its index is clamped in the upper 32-bit half of each lane).
const F64_NDNAN_MASK: i64 = 0x7ff8_0000_0000_0000;
const F64_HUGE: i64 = 0x7fe0_0000_0000_0000;
const F64_IDX_BASE: i64 = 0x3fc0_0000_0000_0000;
const F64_IDX_MAX: i32 = 0x78_0000;

/// `lut32x8`: 8 rows (b, c0, ..., c6) of 32 entries, float32 bit patterns.
#[rustfmt::skip]
const LUT_F32: [[u32; 32]; 8] = [
    // b
    [
        0x00000000, 0x3d700000, 0x3d900000, 0x3db00000, 0x3dd00000, 0x3df00000, 0x3e100000,
        0x3e300000, 0x3e500000, 0x3e700000, 0x3e900000, 0x3eb00000, 0x3ed00000, 0x3ef00000,
        0x3f100000, 0x3f300000, 0x3f500000, 0x3f700000, 0x3f900000, 0x3fb00000, 0x3fd00000,
        0x3ff00000, 0x40100000, 0x40300000, 0x40500000, 0x40700000, 0x40900000, 0x40b00000,
        0x40d00000, 0x40f00000, 0x41100000, 0x00000000,
    ],
    // c0
    [
        0x00000000, 0x3d6fb9c9, 0x3d8fc35f, 0x3daf9169, 0x3dcf49ab, 0x3deee849, 0x3e0f0ee8,
        0x3e2e4984, 0x3e4d2f8e, 0x3e6bb32e, 0x3e8c51cd, 0x3ea96163, 0x3ec543f1, 0x3edfd735,
        0x3f028438, 0x3f18abf0, 0x3f2bc480, 0x3f3bec1c, 0x3f4f2e5b, 0x3f613c53, 0x3f6ce37d,
        0x3f743c4f, 0x3f7a5feb, 0x3f7dea85, 0x3f7f3b3d, 0x3f7fb78c, 0x3f7fefd4, 0x3f7ffdd0,
        0x3f7fffb4, 0x3f7ffff6, 0x3f7fffff, 0x3f800000,
    ],
    // c1
    [
        0x3f800000, 0x3f7f1f84, 0x3f7ebd11, 0x3f7e1e5f, 0x3f7d609f, 0x3f7c842d, 0x3f7b00e5,
        0x3f789580, 0x3f75b8ad, 0x3f726fd9, 0x3f6cc59b, 0x3f63fb92, 0x3f59ff97, 0x3f4f11d7,
        0x3f3d7573, 0x3f24f360, 0x3f0cbfe7, 0x3eec1a69, 0x3eb0a801, 0x3e6753a2, 0x3e132f1a,
        0x3db7e7d3, 0x3d320845, 0x3c84d3d4, 0x3bc477b7, 0x3b10d3da, 0x3a01601e, 0x388c1a3b,
        0x3717b0da, 0x35a43bce, 0x338306c6, 0x00000000,
    ],
    // c2
    [
        0xb0343c7b, 0xbd6ee69d, 0xbd8f0da7, 0xbdae477d, 0xbdcd2a1f, 0xbdeba80d, 0xbe0c443b,
        0xbe293cf3, 0xbe44f282, 0xbe5f3651, 0xbe81c7c0, 0xbe96d7ca, 0xbea7fb8e, 0xbeb50e9e,
        0xbec12efe, 0xbec4be92, 0xbebce070, 0xbead510e, 0xbe8ef7d6, 0xbe4b8704, 0xbe083237,
        0xbdaf7449, 0xbd2e1ec4, 0xbc83bf06, 0xbbc3e0b5, 0xbb10aadc, 0xba0157db, 0xb88c18f2,
        0xb717b096, 0xb5a43bae, 0xb383012c, 0x00000000,
    ],
    // c3
    [
        0xbeaaaaa5, 0xbeab0612, 0xbea7f01f, 0xbea4e120, 0xbea387b7, 0xbea15962, 0xbe9d57f7,
        0xbe976b5a, 0xbe90230d, 0xbe880dff, 0xbe7479b3, 0xbe4c3d88, 0xbe212482, 0xbdeb8cba,
        0xbd5e78ad, 0x3c6b5e6e, 0x3d839143, 0x3dc21ee1, 0x3de347af, 0x3dcbec96, 0x3d99ef2d,
        0x3d542ea1, 0x3cdde701, 0x3c2cca67, 0x3b81cb27, 0x3ac073a1, 0x39ac3032, 0x383a94d9,
        0x36ca081d, 0x355abd4c, 0x332b3cb6, 0x00000000,
    ],
    // c4
    [
        0xb76dd6b9, 0xbe1c276d, 0x3c1dcf2f, 0x3dc1a78d, 0x3d96f985, 0x3da2b61b, 0x3dc13397,
        0x3dd2f670, 0x3df48a0a, 0x3e06c5a8, 0x3e1a3aba, 0x3e27c405, 0x3e2e78d0, 0x3e2c3e44,
        0x3e1d3097, 0x3df4a8f4, 0x3da38508, 0x3d31416a, 0x3b562657, 0xbcaeeac9, 0xbcce9419,
        0xbcaaeac4, 0xbc49e7d0, 0xbba71ddd, 0xbb003b0e, 0xba3f9a05, 0xb92c08a7, 0xb7ba9232,
        0xb64a0b0f, 0xb4dac169, 0xb2ab78ac, 0x00000000,
    ],
    // c5
    [
        0x3e0910e9, 0x43761143, 0x4165ecdc, 0xc190f756, 0xc08c097d, 0xc02ba813, 0xbf7f6bda,
        0x3f2b1dc0, 0x3ece105d, 0x3f426a94, 0xbadb0dc4, 0x3da43b17, 0xbd51ab88, 0xbcaea23d,
        0xbd3b6d8d, 0xbd6caaad, 0xbd795bed, 0xbd5fddda, 0xbd038f3b, 0xbc1cad63, 0x3abb4766,
        0x3b95f10b, 0x3b825873, 0x3afaea66, 0x3a49f878, 0x39996bf3, 0x388f3e6c, 0x371bb0e3,
        0x35a8a5e6, 0x34369b17, 0x322487b0, 0x00000000,
    ],
    // c6
    [
        0xbc0e2f66, 0x460bda12, 0x43d638ef, 0xc3e11c3e, 0xc2baa4e9, 0xc249da2d, 0xc1859b82,
        0x40dd5b57, 0x40494640, 0x40c730a8, 0xbf0f160e, 0x3e30e76f, 0xbea81387, 0xbdb26a1c,
        0xbd351e57, 0xbb4c01a0, 0x3c1d7bfb, 0x3c722cd1, 0x3c973f1c, 0x3c33a31b, 0x3b862ef4,
        0x3a27b3d0, 0xba3b5907, 0xba0efc22, 0xb97f9f0f, 0xb8c8af50, 0xb7bdddfb, 0xb64f2950,
        0xb4e085b1, 0xb3731dfa, 0xb15a1f04, 0x00000000,
    ],
];
/// `lut16x18`: 18 rows (b, c0, ..., c16) of 16 entries, float64 bit patterns.
#[rustfmt::skip]
const LUT_F64: [[u64; 16]; 18] = [
    // b
    [
        0x0000000000000000, 0x3fcc000000000000, 0x3fd4000000000000, 0x3fdc000000000000,
        0x3fe4000000000000, 0x3fec000000000000, 0x3ff4000000000000, 0x3ffc000000000000,
        0x4004000000000000, 0x400c000000000000, 0x4014000000000000, 0x401c000000000000,
        0x4024000000000000, 0x402c000000000000, 0x4034000000000000, 0x0000000000000000,
    ],
    // c0
    [
        0x0000000000000000, 0x3fcb8fd0416a7c92, 0x3fd35f98a0ea650e, 0x3fda5729ee488037,
        0x3fe1bf47eabb8f95, 0x3fe686650b8c2015, 0x3feb2523bb6b2dee, 0x3fee1fbf97e33527,
        0x3fef9258260a71c2, 0x3feff112c63a9077, 0x3fefff419668df11, 0x3feffffc832750f2,
        0x3feffffffdc96f35, 0x3fefffffffffcf58, 0x3ff0000000000000, 0x3ff0000000000000,
    ],
    // c1
    [
        0x3ff0000000000000, 0x3fee842ca3f08532, 0x3fed11574af58f1b, 0x3fea945b9c24e4f9,
        0x3fe6284c3374f815, 0x3fe02500a09f8d6e, 0x3fd1f25131e3a8c0, 0x3fbd22ca1c24a139,
        0x3f9b3afe1fba5c76, 0x3f6dd37d19b22b21, 0x3f27ccec13a9ef96, 0x3ecbe6c3f33250ae,
        0x3e41b4865394f75f, 0x3d8853f01bda5f28, 0x3c73953c0197ef58, 0x0000000000000000,
    ],
    // c2
    [
        0xbbf0b3ea3fdfaa19, 0xbfca48aaeb53bc21, 0xbfd19921f4329916, 0xbfd5e0f09bef8011,
        0xbfd893b59c35c882, 0xbfd6ba7cb7576538, 0xbfce7291743d7555, 0xbfbb6d85a01efb80,
        0xbf9addae58c7141a, 0xbf6dc59376c7aa19, 0xbf27cc5e74677410, 0xbecbe6c0e8b4cc87,
        0xbe41b486526b0565, 0xbd8853f01bef63a4, 0xbc73955be519be31, 0x0000000000000000,
    ],
    // c3
    [
        0xbfd5555555555555, 0xbfd183afc292ba11, 0xbfcc1a4b039c9bfa, 0xbfc16e1e6d8d0be6,
        0xbf92426c751e48a2, 0x3fb4f152b2bad124, 0x3fbbba40cbef72be, 0x3fb01ba038be6a3d,
        0x3f916df44871efc8, 0x3f63c6869dfc8870, 0x3f1fb9aef915d828, 0x3ec299d1e27c6e11,
        0x3e379b5ddcca334c, 0x3d8037f57bc62c9a, 0x3c6a2d4b50a2cff7, 0x0000000000000000,
    ],
    // c4
    [
        0xbce6863ee44ed636, 0x3fc04dcd0476c75e, 0x3fc43d3449a80f08, 0x3fc5c26f3699b7e7,
        0x3fc1a686f6ab2533, 0x3faf203c316ce730, 0xbf89c7a02788557c, 0xbf98157e26e0d541,
        0xbf807b55c1c7d278, 0xbf53a18d5843190f, 0xbf0fb6bbc89b1a5b, 0xbeb299c9c684a963,
        0xbe279b5dd4fb3d01, 0xbd7037f57ae72aa6, 0xbc5a2ca2bba78e86, 0x0000000000000000,
    ],
    // c5
    [
        0x3fc1111111112ab5, 0x3fb5c19efdfc08ad, 0x3fa74c98dc34fbac, 0xbf790d6a8eff0a77,
        0xbfac3c021789a786, 0xbfae2196b7326859, 0xbf93a7a011ff8c2a, 0x3f6e4709c7e8430e,
        0x3f67682afa611151, 0x3f3ef2ee77717cbf, 0x3ef95a4482f180b7, 0x3e9dc2c27da3b603,
        0x3e12e2afd9f7433e, 0x3d59f320348679ba, 0x3c44b61d9bbcc940, 0x0000000000000000,
    ],
    // c6
    [
        0xbda1ea19ddddb3b4, 0xbfb0b8df995ce4df, 0xbfb2955cf41e8164, 0xbfaf9d05c309f7c6,
        0xbf987d27ccff4291, 0x3f8b2ca62572b098, 0x3f8f1cf6c7f5b00a, 0x3f60379811e43dd5,
        0xbf4793826f78537e, 0xbf2405695e36240f, 0xbee0e08de39ce756, 0xbe83d709ba5f714e,
        0xbdf92e3fc5ee63e0, 0xbd414cc030f2110e, 0xbc2ba022e8d82a87, 0x0000000000000000,
    ],
    // c7
    [
        0xbfaba1ba1990520b, 0xbf96e37bba52f6fc, 0x3ecff7df18455399, 0x3f97362834d33a4e,
        0x3f9e7f8380184b45, 0x3f869543e7c420d4, 0xbf7326bd4914222a, 0xbf5fc15b0a9d98fa,
        0x3f14cffcfa69fbb6, 0x3f057e48e5b79d10, 0x3ec33b66d7d77264, 0x3e66ac4e578b9b10,
        0x3ddcc74b8d3d5c42, 0x3d23c589137f92b4, 0x3c107f8e2c8707a1, 0x0000000000000000,
    ],
    // c8
    [
        0xbe351ca7f096011f, 0x3f9eaaf3320c3851, 0x3f9cf823fe761fc1, 0x3f9022271754ff1f,
        0xbf731fe77c9c60af, 0xbf84a6046865ec7d, 0xbf4ca3f1f2b9192b, 0x3f4c77dee0afd227,
        0x3f04055bce68597a, 0xbee2bf0cb4a71647, 0xbea31eaafe73efd5, 0xbe46abb02c4368ed,
        0xbdbcc749ca8079dd, 0xbd03c5883836b9d2, 0xbbf07a5416264aec, 0x0000000000000000,
    ],
    // c9
    [
        0x3f9664f94e6ac14e, 0xbf94d3343bae39dd, 0xbf7bc748e60df843, 0xbf8c89372b43ba85,
        0xbf8129a092de747a, 0x3f60c85b4d538746, 0x3f5be9392199ec18, 0xbf2a0c68a4489f10,
        0xbf00462601dc2faa, 0x3eb7b6a219dea9f4, 0x3e80cbcc8d4c5c8a, 0x3e2425bb231a5e29,
        0x3d9992a4beac8662, 0x3ce191ba5ed3fb67, 0x3bc892450bad44c4, 0x0000000000000000,
    ],
    // c10
    [
        0xbea8c4c1fd7852fe, 0xbfccce16b1046f13, 0xbf81a16f224bb7b6, 0xbf62cbf00406bc09,
        0x3f75b29bb02cf69b, 0x3f607df0f9f90c17, 0xbf4b852a6e0758d5, 0xbf0078c63d1b8445,
        0x3eec12eadd55be7a, 0xbe6fa600f593181b, 0xbe5a3c935dce3f7d, 0xbe001c6d95e3ae96,
        0xbd74755a00ea1fd3, 0xbcbc1c6c063bb7ac, 0xbba3be9a4460fe00, 0x0000000000000000,
    ],
    // c11
    [
        0xbf822404577aa9dd, 0x403d8b07f7a82aa3, 0xbf9f44ab92fbab0a, 0x3fb2eac604473d6a,
        0x3f45f87d903aaac8, 0xbf5e104671036300, 0x3f19bc98ddf0f340, 0x3f0d4304bc9246e8,
        0xbed13c415f7b9d41, 0xbe722b8d9720cdb0, 0x3e322666d739bec0, 0x3dd76a553d7e7918,
        0x3d4de0fa59416a39, 0x3c948716cf3681b4, 0x3b873f9f2d2fda99, 0x0000000000000000,
    ],
    // c12
    [
        0xbefdd99a221ed573, 0x4070593a3735bab4, 0xbfccab654e44835e, 0x3fd13ed80037dbac,
        0xbf6045b9076cc487, 0x3f2085ee7e8ac170, 0x3f23524622610430, 0xbeff12a6626911b4,
        0x3eab9008bca408af, 0x3e634df71865f620, 0xbe05bb1bcf83ca73, 0xbdaf2ac143fb6762,
        0xbd23eae52a3dbf57, 0xbc6b5e3e9ca0955e, 0xbb5eca68e2c1ba2e, 0x0000000000000000,
    ],
    // c13
    [
        0x3f6e3be689423841, 0xc0d263511f5baac1, 0x40169f73b15ebe5c, 0xc025c1dd41cd6cb5,
        0xbf58fd89fe05e0d1, 0x3f73f7af01d5af7a, 0xbf1e40bdead17e6b, 0x3ee224cd6c4513e5,
        0xbe24b645e68eeaa3, 0xbe4abfebfb72bc83, 0x3dd51c38f8695ed3, 0x3d8313ac38c6832b,
        0x3cf7787935626685, 0x3c401ffc49c6bc29, 0xbabf0b21acfa52ab, 0x0000000000000000,
    ],
    // c14
    [
        0xbf2a1306713a4f3a, 0xc1045e509116b066, 0x4041fab9250984ce, 0xc0458d090ec3de95,
        0xbf74949d60113d63, 0x3f7c9fd6200d0ade, 0x3f02cd40e0ad0a9f, 0xbe858ab8e019f311,
        0xbe792fa6323b7cf8, 0x3e2df04d67876402, 0xbd95c72be95e4d2c, 0xbd55a89c30203106,
        0xbccad6b3bb9eff65, 0xbc12705ccd3dd884, 0xba8e0a4c47ae75f5, 0x0000000000000000,
    ],
    // c15
    [
        0xbf55d7e76dc56871, 0x41528c38809c90c7, 0xc076d57fb5190b02, 0x4085f09f888f8ada,
        0x3fa246332a2fcba5, 0xbfb29d851a896fcd, 0x3ed9065ae369b212, 0xbeb8e1ba4c98a030,
        0x3e6ffd0766ad4016, 0xbe0c63c29f505f5b, 0xbd7fab216b9e0e49, 0x3d2826b62056aa27,
        0x3ca313e31762f523, 0x3bea37aa21895319, 0x3ae5c7f1fd871496, 0x0000000000000000,
    ],
    // c16
    [
        0x3f35e67ab76a26e7, 0x41848ee0627d8206, 0xc0a216d618b489ec, 0x40a5b89107c8af4f,
        0x3fb69d8374520eda, 0xbfbded519f981716, 0xbef02d288b5b3371, 0x3eb290981209c1a6,
        0xbe567e924bf5ff6e, 0x3de3f7f7de6b0eb6, 0x3d69ed18bae3ebbc, 0xbcf7534c4f3dfa71,
        0xbc730b73f1eaff20, 0xbbba2cff8135d462, 0xbab5a71b5f7d9035, 0x0000000000000000,
    ],
];

/// The interval of a float32 `x` (0..=31) and whether NumPy takes the polynomial's value
/// (|x| below 2^127 or so; not an infinity or a NaN).
fn interval_f32(bits: u32) -> (usize, bool) {
    let ndnan = (bits as i32) & F32_NDNAN_MASK;
    let idx = (ndnan - F32_IDX_BASE).clamp(0, F32_IDX_MAX) >> 21;
    (idx as usize, ndnan <= F32_HUGE)
}

/// The interval of a float64 `x` (0..=15) and whether NumPy takes the polynomial's value.
fn interval_f64(bits: u64) -> (usize, bool) {
    let ndnan = (bits as i64) & F64_NDNAN_MASK;
    // NumPy clamps the two 32-bit halves of `ndnan - base`; the low half is always 0.
    let high = ((ndnan - F64_IDX_BASE) >> 32) as i32;
    let idx = high.clamp(0, F64_IDX_MAX) >> 19;
    (idx as usize, ndnan <= F64_HUGE)
}

/// NumPy's float32 `tanh` of `x`: the vector code's arithmetic on one lane.
pub fn tanh_f32(x: f32) -> f32 {
    let bits = x.to_bits();
    let (idx, finite) = interval_f32(bits);
    let c = |k: usize| f32::from_bits(LUT_F32[k][idx]);
    let ax = if finite { x.abs() } else { 0.0 };
    let y = ax - c(0);
    let mut r = c(7).mul_add(y, c(6));
    for k in (1..=5).rev() {
        r = r.mul_add(y, c(k));
    }
    // An integer test: a comparison of a signalling NaN raises the invalid flag.
    if bits & 0x7fff_ffff > 0x7f80_0000 {
        return f32::from_bits(NAN_F32);
    }
    let r = if finite { r } else { 1.0 };
    f32::from_bits(r.to_bits() | (bits & 0x8000_0000))
}

/// NumPy's float64 `tanh` of `x`: the vector code's arithmetic on one lane.
pub fn tanh_f64(x: f64) -> f64 {
    let bits = x.to_bits();
    let (idx, finite) = interval_f64(bits);
    let c = |k: usize| f64::from_bits(LUT_F64[k][idx]);
    let ax = if finite { x.abs() } else { 0.0 };
    let y = ax - c(0);
    let mut r = c(17).mul_add(y, c(16));
    for k in (1..=15).rev() {
        r = r.mul_add(y, c(k));
    }
    if bits & !(1 << 63) > 0x7ff0_0000_0000_0000 {
        return f64::from_bits(NAN_F64);
    }
    let r = if finite { r } else { 1.0 };
    f64::from_bits(r.to_bits() | (bits & (1 << 63)))
}

/// Entry `idx` (0..=31, one per 32-bit lane) of a 32-entry float32 table: four eight-entry
/// permutes and two blends, as Highway's `TwoTablesLookupLanes` twice.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn lookup32(table: &[u32; 32], idx: __m256i, bit3: __m256, bit4: __m256) -> __m256 {
    // SAFETY: each load reads eight of the table's 32 entries.
    let quarter = |q: usize| unsafe { _mm256_loadu_ps(table.as_ptr().add(8 * q).cast::<f32>()) };
    let low = _mm256_blendv_ps(
        _mm256_permutevar8x32_ps(quarter(0), idx),
        _mm256_permutevar8x32_ps(quarter(1), idx),
        bit3,
    );
    let high = _mm256_blendv_ps(
        _mm256_permutevar8x32_ps(quarter(2), idx),
        _mm256_permutevar8x32_ps(quarter(3), idx),
        bit3,
    );
    _mm256_blendv_ps(low, high, bit4)
}

/// NumPy's float32 `tanh` of each lane of `x`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn tanh8(x: __m256) -> __m256 {
    let bits = _mm256_castps_si256(x);
    let ndnan = _mm256_and_si256(bits, _mm256_set1_epi32(F32_NDNAN_MASK));
    let huge = _mm256_castsi256_ps(_mm256_cmpgt_epi32(ndnan, _mm256_set1_epi32(F32_HUGE)));
    // NaN lanes by integers (comparing a signalling NaN as floats raises invalid).
    let magnitude = _mm256_and_si256(bits, _mm256_set1_epi32(i32::MAX));
    let nan = _mm256_castsi256_ps(_mm256_cmpgt_epi32(
        magnitude,
        _mm256_set1_epi32(0x7f80_0000),
    ));
    let idx = _mm256_sub_epi32(ndnan, _mm256_set1_epi32(F32_IDX_BASE));
    let idx = _mm256_max_epi32(idx, _mm256_setzero_si256());
    let idx = _mm256_min_epi32(idx, _mm256_set1_epi32(F32_IDX_MAX));
    let idx = _mm256_srli_epi32::<21>(idx);
    let bit3 = _mm256_castsi256_ps(_mm256_slli_epi32::<28>(idx));
    let bit4 = _mm256_castsi256_ps(_mm256_slli_epi32::<27>(idx));
    let c = |k: usize| lookup32(&LUT_F32[k], idx, bit3, bit4);

    let sign_bit = _mm256_castsi256_ps(_mm256_set1_epi32(i32::MIN));
    let sign = _mm256_and_ps(x, sign_bit);
    // |x|, and 0 for huge lanes (infinities and NaNs raise no flag).
    let ax = _mm256_andnot_ps(_mm256_or_ps(huge, sign_bit), x);
    let y = _mm256_sub_ps(ax, c(0));
    let mut r = _mm256_fmadd_ps(c(7), y, c(6));
    for k in (1..=5).rev() {
        r = _mm256_fmadd_ps(r, y, c(k));
    }
    let r = _mm256_blendv_ps(r, _mm256_set1_ps(1.0), huge);
    let r = _mm256_or_ps(r, sign);
    _mm256_blendv_ps(
        r,
        _mm256_castsi256_ps(_mm256_set1_epi32(NAN_F32 as i32)),
        nan,
    )
}

/// Entry `idx` (0..=15, one per 64-bit lane) of a 16-entry float64 table: the index's two
/// 32-bit halves select the entry's two halves in four eight-float permutes, and two blends.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn lookup16(table: &[u64; 16], halves: __m256i, bit2: __m256d, bit3: __m256d) -> __m256d {
    // SAFETY: each load reads four of the table's 16 entries.
    let quarter = |q: usize| unsafe {
        let v = _mm256_loadu_ps(table.as_ptr().add(4 * q).cast::<f32>());
        _mm256_castps_pd(_mm256_permutevar8x32_ps(v, halves))
    };
    let low = _mm256_blendv_pd(quarter(0), quarter(1), bit2);
    let high = _mm256_blendv_pd(quarter(2), quarter(3), bit2);
    _mm256_blendv_pd(low, high, bit3)
}

/// NumPy's float64 `tanh` of each lane of `x`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn tanh4(x: __m256d) -> __m256d {
    let bits = _mm256_castpd_si256(x);
    let ndnan = _mm256_and_si256(bits, _mm256_set1_epi64x(F64_NDNAN_MASK));
    let huge = _mm256_castsi256_pd(_mm256_cmpgt_epi64(ndnan, _mm256_set1_epi64x(F64_HUGE)));
    let magnitude = _mm256_and_si256(bits, _mm256_set1_epi64x(i64::MAX));
    let nan = _mm256_castsi256_pd(_mm256_cmpgt_epi64(
        magnitude,
        _mm256_set1_epi64x(0x7ff0_0000_0000_0000),
    ));
    let idx = _mm256_sub_epi64(ndnan, _mm256_set1_epi64x(F64_IDX_BASE));
    // 32-bit max/min as NumPy (the low halves stay 0).
    let idx = _mm256_max_epi32(idx, _mm256_setzero_si256());
    let idx = _mm256_min_epi32(idx, _mm256_set1_epi32(F64_IDX_MAX));
    let idx = _mm256_srli_epi64::<51>(idx);
    // Lane i's float halves within a quarter: 2 (i & 3) and 2 (i & 3) + 1.
    let pair = _mm256_slli_epi64::<1>(_mm256_and_si256(idx, _mm256_set1_epi64x(3)));
    let halves = _mm256_or_si256(pair, _mm256_slli_epi64::<32>(pair));
    let halves = _mm256_add_epi32(halves, _mm256_setr_epi32(0, 1, 0, 1, 0, 1, 0, 1));
    let bit2 = _mm256_castsi256_pd(_mm256_slli_epi64::<61>(idx));
    let bit3 = _mm256_castsi256_pd(_mm256_slli_epi64::<60>(idx));
    let c = |k: usize| lookup16(&LUT_F64[k], halves, bit2, bit3);

    let sign_bit = _mm256_castsi256_pd(_mm256_set1_epi64x(i64::MIN));
    let sign = _mm256_and_pd(x, sign_bit);
    let ax = _mm256_andnot_pd(_mm256_or_pd(huge, sign_bit), x);
    let y = _mm256_sub_pd(ax, c(0));
    let mut r = _mm256_fmadd_pd(c(17), y, c(16));
    for k in (1..=15).rev() {
        r = _mm256_fmadd_pd(r, y, c(k));
    }
    let r = _mm256_blendv_pd(r, _mm256_set1_pd(1.0), huge);
    let r = _mm256_or_pd(r, sign);
    _mm256_blendv_pd(
        r,
        _mm256_castsi256_pd(_mm256_set1_epi64x(NAN_F64 as i64)),
        nan,
    )
}

/// NumPy's float32 `tanh` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
// Generated code passes and receives `<8 x float>` in a ymm register: the C ABI of `__m256`
// with AVX, which the target feature gives this function.
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vtanh8_f32(x: __m256) -> __m256 {
    tanh8(x)
}

/// NumPy's float64 `tanh` of each lane of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[allow(improper_ctypes_definitions)]
pub unsafe extern "C" fn oxjit_np_vtanh4_f64(x: __m256d) -> __m256d {
    tanh4(x)
}

/// NumPy's float32 `tanh` of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA (the multiply-adds are fused either way).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_tanh_f32(x: f32) -> f32 {
    tanh_f32(x)
}

/// NumPy's float64 `tanh` of `x`.
///
/// # Safety
///
/// The CPU must have AVX2 and FMA (the multiply-adds are fused either way).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe extern "C" fn oxjit_np_tanh_f64(x: f64) -> f64 {
    tanh_f64(x)
}

/// NumPy's float32 `tanh` of `xs` by the eight-lane function (`vector`, a tail padded with
/// zeros) or the scalar one; `None` where the CPU lacks AVX2/FMA.
pub fn apply_f32(xs: &[f32], vector: bool) -> Option<Vec<f32>> {
    #[cfg(target_arch = "x86_64")]
    if super::cpu_supported() {
        // SAFETY: the CPU has AVX2 and FMA (checked above).
        return Some(unsafe { apply_f32_avx2(xs, vector) });
    }
    let _ = (xs, vector);
    None
}

/// NumPy's float64 `tanh` of `xs` by the four-lane function (`vector`) or the scalar one.
pub fn apply_f64(xs: &[f64], vector: bool) -> Option<Vec<f64>> {
    #[cfg(target_arch = "x86_64")]
    if super::cpu_supported() {
        // SAFETY: the CPU has AVX2 and FMA (checked above).
        return Some(unsafe { apply_f64_avx2(xs, vector) });
    }
    let _ = (xs, vector);
    None
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply_f32_avx2(xs: &[f32], vector: bool) -> Vec<f32> {
    if !vector {
        // SAFETY: AVX2 and FMA are enabled here.
        return xs
            .iter()
            .map(|&x| unsafe { oxjit_np_tanh_f32(x) })
            .collect();
    }
    let mut out = Vec::with_capacity(xs.len() + 7);
    for chunk in xs.chunks(8) {
        let mut lanes = [0.0f32; 8];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let mut ys = [0.0f32; 8];
        // SAFETY: eight floats are read and written; the function needs AVX2 and FMA.
        unsafe {
            let y = oxjit_np_vtanh8_f32(_mm256_loadu_ps(lanes.as_ptr()));
            _mm256_storeu_ps(ys.as_mut_ptr(), y);
        }
        out.extend_from_slice(&ys[..chunk.len()]);
    }
    out
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn apply_f64_avx2(xs: &[f64], vector: bool) -> Vec<f64> {
    if !vector {
        // SAFETY: AVX2 and FMA are enabled here.
        return xs
            .iter()
            .map(|&x| unsafe { oxjit_np_tanh_f64(x) })
            .collect();
    }
    let mut out = Vec::with_capacity(xs.len() + 3);
    for chunk in xs.chunks(4) {
        let mut lanes = [0.0f64; 4];
        lanes[..chunk.len()].copy_from_slice(chunk);
        let mut ys = [0.0f64; 4];
        // SAFETY: four doubles are read and written; the function needs AVX2 and FMA.
        unsafe {
            let y = oxjit_np_vtanh4_f64(_mm256_loadu_pd(lanes.as_ptr()));
            _mm256_storeu_pd(ys.as_mut_ptr(), y);
        }
        out.extend_from_slice(&ys[..chunk.len()]);
    }
    out
}

/// The (name, address) of the float32 functions, for the JIT's symbol table.
pub fn symbols_f32() -> Vec<(&'static str, usize)> {
    #[cfg(target_arch = "x86_64")]
    return vec![
        ("oxjit_np_tanh_f32", oxjit_np_tanh_f32 as *const () as usize),
        (
            "oxjit_np_vtanh8_f32",
            oxjit_np_vtanh8_f32 as *const () as usize,
        ),
    ];
    #[cfg(not(target_arch = "x86_64"))]
    Vec::new()
}

/// The (name, address) of the float64 functions, for the JIT's symbol table.
pub fn symbols_f64() -> Vec<(&'static str, usize)> {
    #[cfg(target_arch = "x86_64")]
    return vec![
        ("oxjit_np_tanh_f64", oxjit_np_tanh_f64 as *const () as usize),
        (
            "oxjit_np_vtanh4_f64",
            oxjit_np_vtanh4_f64 as *const () as usize,
        ),
    ];
    #[cfg(not(target_arch = "x86_64"))]
    Vec::new()
}

/// Float32 inputs of the self-check: every interval's edges (and their neighbours), then `n`
/// pseudo-random values over the polynomial range, tiny values and random bits.
pub fn check_inputs_f32(n: usize, seed: u64) -> Vec<f32> {
    let mut xs = Vec::with_capacity(n + 32 * 6 + 8);
    // Infinities, NaNs (a signalling one, payloads), subnormals, the last finite interval.
    let specials = [
        0x7f80_0000,
        0x7fc0_0000,
        0x7fa0_0001,
        0x7fc1_2345,
        1,
        0x007f_ffff,
    ];
    let more = [
        0x7eff_ffff,
        0x7f00_0000,
        0x7f7f_ffff,
        0x4120_0000,
        0x411f_ffff,
    ];
    for bits in specials.into_iter().chain(more) {
        xs.push(f32::from_bits(bits));
        xs.push(-f32::from_bits(bits));
    }
    for b in LUT_F32[0] {
        for bits in [b.wrapping_sub(1), b, b + 1] {
            xs.push(f32::from_bits(bits));
            xs.push(-f32::from_bits(bits));
        }
    }
    let mut next = super::check_stream(seed);
    let unit = |u: u64| (u >> 40) as f32 / (1u64 << 24) as f32;
    for i in 0..n {
        let u = next();
        xs.push(match i % 4 {
            0 => f32::from_bits((u >> 32) as u32),
            1 | 2 => (2.0 * unit(u) - 1.0) * 12.0,
            _ => f32::from_bits((u >> 32) as u32 & 0xbf7f_ffff) * 1e-20,
        });
    }
    xs
}

/// Float64 inputs of the self-check, as [`check_inputs_f32`].
pub fn check_inputs_f64(n: usize, seed: u64) -> Vec<f64> {
    let mut xs = Vec::with_capacity(n + 16 * 6 + 8);
    let specials = [
        0x7ff0_0000_0000_0000,
        0x7ff8_0000_0000_0000,
        0x7ff4_0000_0000_0001,
        0x7ff8_dead_beef_0000,
        1,
        0x000f_ffff_ffff_ffff,
        0x7fdf_ffff_ffff_ffff,
        0x7fe0_0000_0000_0000,
        0x7fef_ffff_ffff_ffff,
        0x4038_0000_0000_0000,
        0x4037_ffff_ffff_ffff,
    ];
    for bits in specials {
        xs.push(f64::from_bits(bits));
        xs.push(-f64::from_bits(bits));
    }
    for b in LUT_F64[0] {
        for bits in [b.wrapping_sub(1), b, b + 1] {
            xs.push(f64::from_bits(bits));
            xs.push(-f64::from_bits(bits));
        }
    }
    let mut next = super::check_stream(seed);
    let unit = |u: u64| (u >> 11) as f64 / (1u64 << 53) as f64;
    for i in 0..n {
        let u = next();
        xs.push(match i % 4 {
            0 => f64::from_bits(u),
            1 | 2 => (2.0 * unit(u) - 1.0) * 25.0,
            _ => (2.0 * unit(u) - 1.0) * 1e-300,
        });
    }
    xs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_and_scalar_functions_agree() {
        let mut xs = check_inputs_f32(1 << 14, 7);
        xs.extend(
            (0..1u64 << 32)
                .step_by(65_537)
                .map(|b| f32::from_bits(b as u32)),
        );
        let (Some(v), Some(s)) = (apply_f32(&xs, true), apply_f32(&xs, false)) else {
            return; // no AVX2/FMA
        };
        for ((x, a), b) in xs.iter().zip(&v).zip(&s) {
            assert_eq!(a.to_bits(), b.to_bits(), "tanh({x:e}) as float32");
        }
        let ys = check_inputs_f64(1 << 14, 7);
        let (v, s) = (
            apply_f64(&ys, true).unwrap(),
            apply_f64(&ys, false).unwrap(),
        );
        for ((x, a), b) in ys.iter().zip(&v).zip(&s) {
            assert_eq!(a.to_bits(), b.to_bits(), "tanh({x:e}) as float64");
        }
    }

    #[test]
    fn special_values_are_numpys() {
        for (x, want) in [
            (0.0f64, 0.0f64),
            (-0.0, -0.0),
            (f64::INFINITY, 1.0),
            (f64::NEG_INFINITY, -1.0),
            (1e300, 1.0),
            (-30.0, -1.0),
            (f64::from_bits(1), f64::from_bits(1)),
        ] {
            assert_eq!(tanh_f64(x).to_bits(), want.to_bits(), "tanh({x:e})");
            let (x, want) = (x as f32, want as f32);
            assert_eq!(tanh_f32(x).to_bits(), want.to_bits(), "tanh({x:e})");
        }
        // NaNs, signalling or with a payload or a sign, become NumPy's positive quiet NaN.
        assert_eq!(
            tanh_f64(f64::from_bits(0xfff4_0000_0000_0001)).to_bits(),
            NAN_F64
        );
        assert_eq!(tanh_f32(f32::from_bits(0xffa0_0001)).to_bits(), NAN_F32);
    }
}
