//! The C library's libm, which CPython's `math` and `cmath` modules and NumPy's complex ufuncs
//! call (so that the same libm gives the same results): its foreign declarations, and a safe
//! function for each. The FFI's `unsafe` lives here only.
//!
//! Every function here is a pure function of its arguments apart from `errno`, which is this
//! thread's own: calling one cannot break memory safety, whatever the arguments.

use std::os::raw::c_int;

/// A C99 `double _Complex` / `float _Complex`: the C ABIs pass and return them as this struct
/// of two floats (SysV x86-64: in SSE registers; AAPCS64: as a homogeneous float aggregate).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Cx<T> {
    pub re: T,
    pub im: T,
}

mod ffi {
    use super::Cx;
    use std::os::raw::c_int;

    extern "C" {
        pub fn sin(x: f64) -> f64;
        pub fn cos(x: f64) -> f64;
        pub fn tan(x: f64) -> f64;
        pub fn sinh(x: f64) -> f64;
        pub fn cosh(x: f64) -> f64;
        pub fn tanh(x: f64) -> f64;
        pub fn asinh(x: f64) -> f64;
        pub fn exp(x: f64) -> f64;
        pub fn expm1(x: f64) -> f64;
        pub fn log(x: f64) -> f64;
        pub fn log1p(x: f64) -> f64;
        pub fn atan2(y: f64, x: f64) -> f64;
        pub fn hypot(x: f64, y: f64) -> f64;
        pub fn pow(x: f64, y: f64) -> f64;
        pub fn fmod(x: f64, y: f64) -> f64;
        pub fn nextafter(x: f64, y: f64) -> f64;
        pub fn ldexp(x: f64, e: c_int) -> f64;
        pub fn frexp(x: f64, e: *mut c_int) -> f64;
        pub fn modf(x: f64, ip: *mut f64) -> f64;

        pub fn sinf(x: f32) -> f32;
        pub fn cosf(x: f32) -> f32;
        pub fn expf(x: f32) -> f32;
        pub fn expm1f(x: f32) -> f32;
        pub fn logf(x: f32) -> f32;
        pub fn atan2f(y: f32, x: f32) -> f32;
        pub fn hypotf(x: f32, y: f32) -> f32;

        pub fn csqrt(z: Cx<f64>) -> Cx<f64>;
        pub fn cexp(z: Cx<f64>) -> Cx<f64>;
        pub fn clog(z: Cx<f64>) -> Cx<f64>;
        pub fn csin(z: Cx<f64>) -> Cx<f64>;
        pub fn ccos(z: Cx<f64>) -> Cx<f64>;
        pub fn ctan(z: Cx<f64>) -> Cx<f64>;
        pub fn csinh(z: Cx<f64>) -> Cx<f64>;
        pub fn ccosh(z: Cx<f64>) -> Cx<f64>;
        pub fn ctanh(z: Cx<f64>) -> Cx<f64>;
        pub fn casin(z: Cx<f64>) -> Cx<f64>;
        pub fn cacos(z: Cx<f64>) -> Cx<f64>;
        pub fn catan(z: Cx<f64>) -> Cx<f64>;
        pub fn casinh(z: Cx<f64>) -> Cx<f64>;
        pub fn cacosh(z: Cx<f64>) -> Cx<f64>;
        pub fn catanh(z: Cx<f64>) -> Cx<f64>;
        pub fn cpow(x: Cx<f64>, y: Cx<f64>) -> Cx<f64>;
        pub fn csqrtf(z: Cx<f32>) -> Cx<f32>;
        pub fn cexpf(z: Cx<f32>) -> Cx<f32>;
        pub fn clogf(z: Cx<f32>) -> Cx<f32>;
        pub fn csinf(z: Cx<f32>) -> Cx<f32>;
        pub fn ccosf(z: Cx<f32>) -> Cx<f32>;
        pub fn ctanf(z: Cx<f32>) -> Cx<f32>;
        pub fn csinhf(z: Cx<f32>) -> Cx<f32>;
        pub fn ccoshf(z: Cx<f32>) -> Cx<f32>;
        pub fn ctanhf(z: Cx<f32>) -> Cx<f32>;
        pub fn casinf(z: Cx<f32>) -> Cx<f32>;
        pub fn cacosf(z: Cx<f32>) -> Cx<f32>;
        pub fn catanf(z: Cx<f32>) -> Cx<f32>;
        pub fn casinhf(z: Cx<f32>) -> Cx<f32>;
        pub fn cacoshf(z: Cx<f32>) -> Cx<f32>;
        pub fn catanhf(z: Cx<f32>) -> Cx<f32>;
        pub fn cpowf(x: Cx<f32>, y: Cx<f32>) -> Cx<f32>;
    }

    #[cfg(any(target_os = "macos", target_os = "ios", target_os = "freebsd"))]
    extern "C" {
        #[link_name = "__error"]
        pub fn errno_location() -> *mut c_int;
    }
    #[cfg(not(any(target_os = "macos", target_os = "ios", target_os = "freebsd")))]
    extern "C" {
        #[link_name = "__errno_location"]
        pub fn errno_location() -> *mut c_int;
    }
}

/// The address of the C library's `exp`, `sin`, `cos` or `pow` (for the JIT to call it under
/// another name, see `vmath`).
pub fn address_of(name: &str) -> Option<usize> {
    let unary: unsafe extern "C" fn(f64) -> f64 = match name {
        "exp" => ffi::exp,
        "sin" => ffi::sin,
        "cos" => ffi::cos,
        "pow" => return Some(ffi::pow as unsafe extern "C" fn(f64, f64) -> f64 as usize),
        _ => return None,
    };
    Some(unary as usize)
}

/// Safe functions of the same names and signatures as the pure C functions of [`ffi`].
macro_rules! pure {
    ($($name:ident($($arg:ident: $t:ty),*) -> $ret:ty;)*) => {
        $(
            #[doc = concat!("The C library's `", stringify!($name), "`.")]
            #[inline]
            pub fn $name($($arg: $t),*) -> $ret {
                // SAFETY: a C function of values only (no pointers), which touches no memory
                // but this thread's `errno`.
                unsafe { ffi::$name($($arg),*) }
            }
        )*
    };
}

pure! {
    sin(x: f64) -> f64;
    cos(x: f64) -> f64;
    tan(x: f64) -> f64;
    sinh(x: f64) -> f64;
    cosh(x: f64) -> f64;
    tanh(x: f64) -> f64;
    asinh(x: f64) -> f64;
    exp(x: f64) -> f64;
    expm1(x: f64) -> f64;
    log(x: f64) -> f64;
    log1p(x: f64) -> f64;
    atan2(y: f64, x: f64) -> f64;
    hypot(x: f64, y: f64) -> f64;
    pow(x: f64, y: f64) -> f64;
    fmod(x: f64, y: f64) -> f64;
    nextafter(x: f64, y: f64) -> f64;
    ldexp(x: f64, e: c_int) -> f64;

    sinf(x: f32) -> f32;
    cosf(x: f32) -> f32;
    expf(x: f32) -> f32;
    expm1f(x: f32) -> f32;
    logf(x: f32) -> f32;
    atan2f(y: f32, x: f32) -> f32;
    hypotf(x: f32, y: f32) -> f32;

    csqrt(z: Cx<f64>) -> Cx<f64>;
    cexp(z: Cx<f64>) -> Cx<f64>;
    clog(z: Cx<f64>) -> Cx<f64>;
    csin(z: Cx<f64>) -> Cx<f64>;
    ccos(z: Cx<f64>) -> Cx<f64>;
    ctan(z: Cx<f64>) -> Cx<f64>;
    csinh(z: Cx<f64>) -> Cx<f64>;
    ccosh(z: Cx<f64>) -> Cx<f64>;
    ctanh(z: Cx<f64>) -> Cx<f64>;
    casin(z: Cx<f64>) -> Cx<f64>;
    cacos(z: Cx<f64>) -> Cx<f64>;
    catan(z: Cx<f64>) -> Cx<f64>;
    casinh(z: Cx<f64>) -> Cx<f64>;
    cacosh(z: Cx<f64>) -> Cx<f64>;
    catanh(z: Cx<f64>) -> Cx<f64>;
    cpow(x: Cx<f64>, y: Cx<f64>) -> Cx<f64>;
    csqrtf(z: Cx<f32>) -> Cx<f32>;
    cexpf(z: Cx<f32>) -> Cx<f32>;
    clogf(z: Cx<f32>) -> Cx<f32>;
    csinf(z: Cx<f32>) -> Cx<f32>;
    ccosf(z: Cx<f32>) -> Cx<f32>;
    ctanf(z: Cx<f32>) -> Cx<f32>;
    csinhf(z: Cx<f32>) -> Cx<f32>;
    ccoshf(z: Cx<f32>) -> Cx<f32>;
    ctanhf(z: Cx<f32>) -> Cx<f32>;
    casinf(z: Cx<f32>) -> Cx<f32>;
    cacosf(z: Cx<f32>) -> Cx<f32>;
    catanf(z: Cx<f32>) -> Cx<f32>;
    casinhf(z: Cx<f32>) -> Cx<f32>;
    cacoshf(z: Cx<f32>) -> Cx<f32>;
    catanhf(z: Cx<f32>) -> Cx<f32>;
    cpowf(x: Cx<f32>, y: Cx<f32>) -> Cx<f32>;
}

/// The C library's `frexp`: `(m, e)` with `x = m * 2**e`, `0.5 <= |m| < 1`.
#[inline]
pub fn frexp(x: f64) -> (f64, c_int) {
    let mut e: c_int = 0;
    // SAFETY: `e` is a live local the call writes once.
    let m = unsafe { ffi::frexp(x, &mut e) };
    (m, e)
}

/// The C library's `modf`: `(fractional part, integral part)`, both with `x`'s sign.
#[inline]
pub fn modf(x: f64) -> (f64, f64) {
    let mut ip = 0.0;
    // SAFETY: `ip` is a live local the call writes once.
    let f = unsafe { ffi::modf(x, &mut ip) };
    (f, ip)
}

/// This thread's `errno`.
#[inline]
pub fn errno() -> c_int {
    // SAFETY: the C library returns the address of this thread's `errno`, valid while the
    // thread lives.
    unsafe { *ffi::errno_location() }
}

/// Sets this thread's `errno` (CPython clears it before a libm call whose errors it reads).
#[inline]
pub fn set_errno(v: c_int) {
    // SAFETY: as for [`errno`].
    unsafe { *ffi::errno_location() = v }
}
