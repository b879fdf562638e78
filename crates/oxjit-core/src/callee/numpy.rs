//! The ids of NumPy's functions of numbers and its scalar types (`np.sqrt`, `np.float32`).

macro_rules! numpy_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A NumPy function applied to scalars.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum NpFn { $($variant,)* }

        impl NpFn {
            pub const ALL: &'static [NpFn] = &[$(NpFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(NpFn::$variant => $name,)* }
            }
        }
    };
}

numpy_functions! {
    Sqrt => "sqrt", Exp => "exp", Exp2 => "exp2", Expm1 => "expm1", Log => "log", Log2 => "log2",
    Log10 => "log10", Log1p => "log1p", Sin => "sin", Cos => "cos", Tan => "tan",
    Arcsin => "arcsin", Arccos => "arccos", Arctan => "arctan", Sinh => "sinh", Cosh => "cosh",
    Tanh => "tanh", Arcsinh => "arcsinh", Arccosh => "arccosh", Arctanh => "arctanh",
    Cbrt => "cbrt", Floor => "floor", Ceil => "ceil", Trunc => "trunc", Rint => "rint",
    Fabs => "fabs", Abs => "abs", Absolute => "absolute", Arctan2 => "arctan2", Hypot => "hypot",
    Power => "power", Minimum => "minimum", Maximum => "maximum", Fmin => "fmin", Fmax => "fmax",
    Copysign => "copysign", Isnan => "isnan", Isinf => "isinf", Isfinite => "isfinite",
    Sign => "sign", Deg2rad => "deg2rad", Rad2deg => "rad2deg", Reciprocal => "reciprocal",
    Conj => "conj", Conjugate => "conjugate", Real => "real", Imag => "imag", Fmod => "fmod",
    Float64 => "float64", Float32 => "float32", Int64 => "int64", Int32 => "int32",
    Int16 => "int16", Int8 => "int8", Uint64 => "uint64", Uint32 => "uint32", Uint16 => "uint16",
    Uint8 => "uint8", Bool => "bool_", Complex128 => "complex128", Complex64 => "complex64",
    Float16 => "float16", Ldexp => "ldexp", Signbit => "signbit", Logaddexp => "logaddexp",
    Logaddexp2 => "logaddexp2", Nextafter => "nextafter", Spacing => "spacing",
    FloatPower => "float_power", Gcd => "gcd", Lcm => "lcm", Isposinf => "isposinf",
    Isneginf => "isneginf", Sinc => "sinc", Iscomplex => "iscomplex", Isreal => "isreal",
}
