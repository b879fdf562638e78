//! The ids of the functions of `cmath`.

macro_rules! cmath_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A function of the `cmath` module.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum CmathFn { $($variant,)* }

        impl CmathFn {
            pub const ALL: &'static [CmathFn] = &[$(CmathFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(CmathFn::$variant => $name,)* }
            }
        }
    };
}

cmath_functions! {
    Acos => "acos", Acosh => "acosh", Asin => "asin", Asinh => "asinh", Atan => "atan",
    Atanh => "atanh", Cos => "cos", Cosh => "cosh", Exp => "exp", Isclose => "isclose",
    Isfinite => "isfinite", Isinf => "isinf", Isnan => "isnan", Log => "log", Log10 => "log10",
    Phase => "phase", Polar => "polar", Rect => "rect", Sin => "sin", Sinh => "sinh", Sqrt => "sqrt",
    Tan => "tan", Tanh => "tanh",
}
