//! The ids of the functions of `math`.

macro_rules! math_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A function of the `math` module.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum MathFn { $($variant,)* }

        impl MathFn {
            pub const ALL: &'static [MathFn] = &[$(MathFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(MathFn::$variant => $name,)* }
            }
        }
    };
}

math_functions! {
    Acos => "acos", Acosh => "acosh", Asin => "asin", Asinh => "asinh", Atan => "atan",
    Atan2 => "atan2", Atanh => "atanh", Cbrt => "cbrt", Ceil => "ceil", Comb => "comb",
    Copysign => "copysign", Cos => "cos", Cosh => "cosh", Degrees => "degrees", Dist => "dist",
    Erf => "erf", Erfc => "erfc", Exp => "exp", Exp2 => "exp2", Expm1 => "expm1", Fabs => "fabs",
    Factorial => "factorial", Floor => "floor", Fmod => "fmod", Frexp => "frexp", Fsum => "fsum",
    Gamma => "gamma", Gcd => "gcd", Hypot => "hypot", Isclose => "isclose", Isfinite => "isfinite",
    Isinf => "isinf", Isnan => "isnan", Isqrt => "isqrt", Lcm => "lcm", Ldexp => "ldexp",
    Lgamma => "lgamma", Log => "log", Log10 => "log10", Log1p => "log1p", Log2 => "log2",
    Modf => "modf", Nextafter => "nextafter", Perm => "perm", Pow => "pow", Prod => "prod",
    Radians => "radians", Remainder => "remainder", Sin => "sin", Sinh => "sinh", Sqrt => "sqrt",
    Sumprod => "sumprod", Tan => "tan", Tanh => "tanh", Trunc => "trunc", Ulp => "ulp",
}
