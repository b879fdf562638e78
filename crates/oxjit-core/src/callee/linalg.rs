//! The ids of linear algebra functions (`np.dot`, `np.linalg.solve`).

/// A linear algebra function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinalgFn {
    Dot,
    Matmul,
    Outer,
    Trace,
    Norm,
    Solve,
    Inv,
    Det,
    Slogdet,
    Eigh,
    Eigvalsh,
    Svd,
    Lstsq,
}

impl LinalgFn {
    pub const ALL: [LinalgFn; 13] = [
        LinalgFn::Dot,
        LinalgFn::Matmul,
        LinalgFn::Outer,
        LinalgFn::Trace,
        LinalgFn::Norm,
        LinalgFn::Solve,
        LinalgFn::Inv,
        LinalgFn::Det,
        LinalgFn::Slogdet,
        LinalgFn::Eigh,
        LinalgFn::Eigvalsh,
        LinalgFn::Svd,
        LinalgFn::Lstsq,
    ];

    pub fn name(self) -> &'static str {
        use LinalgFn::*;
        match self {
            Dot => "dot",
            Matmul => "matmul",
            Outer => "outer",
            Trace => "trace",
            Norm => "norm",
            Solve => "solve",
            Inv => "inv",
            Det => "det",
            Slogdet => "slogdet",
            Eigh => "eigh",
            Eigvalsh => "eigvalsh",
            Svd => "svd",
            Lstsq => "lstsq",
        }
    }

    /// `numpy.dot` or `numpy.linalg.solve`, for messages.
    pub fn qualified_name(self) -> String {
        match self {
            LinalgFn::Dot | LinalgFn::Matmul | LinalgFn::Outer | LinalgFn::Trace => {
                format!("numpy.{}", self.name())
            }
            _ => format!("numpy.linalg.{}", self.name()),
        }
    }
}
