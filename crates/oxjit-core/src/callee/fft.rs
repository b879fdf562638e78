//! The ids of `np.fft`'s functions.

macro_rules! fft_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A function of `np.fft`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum FftFn { $($variant,)* }

        impl FftFn {
            pub const ALL: &'static [FftFn] = &[$(FftFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(FftFn::$variant => $name,)* }
            }
        }
    };
}

fft_functions! {
    Fft => "fft", Ifft => "ifft", Rfft => "rfft", Irfft => "irfft",
    Fft2 => "fft2", Ifft2 => "ifft2", Fftn => "fftn", Ifftn => "ifftn",
    Rfft2 => "rfft2", Irfft2 => "irfft2", Rfftn => "rfftn", Irfftn => "irfftn",
    Fftfreq => "fftfreq", Rfftfreq => "rfftfreq", Fftshift => "fftshift", Ifftshift => "ifftshift",
}

/// Which transform a function applies along its axes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FftKind {
    /// Complex forward (`fft`, `fft2`, `fftn`).
    Forward,
    /// Complex backward (`ifft`...).
    Backward,
    /// Real input, the last axis halved (`rfft`...).
    Real,
    /// Back to real output along the last axis (`irfft`...).
    InverseReal,
}

impl FftFn {
    /// The transform and whether it is n-dimensional (`s`/`axes`), for the transforms.
    pub fn transform(self) -> Option<(FftKind, bool)> {
        use FftFn::*;
        use FftKind::*;
        Some(match self {
            Fft => (Forward, false),
            Ifft => (Backward, false),
            Rfft => (Real, false),
            Irfft => (InverseReal, false),
            Fft2 | Fftn => (Forward, true),
            Ifft2 | Ifftn => (Backward, true),
            Rfft2 | Rfftn => (Real, true),
            Irfft2 | Irfftn => (InverseReal, true),
            Fftfreq | Rfftfreq | Fftshift | Ifftshift => return None,
        })
    }
}
