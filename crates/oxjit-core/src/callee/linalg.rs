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
    Cholesky,
    Qr,
    Eig,
    Eigvals,
    Pinv,
    MatrixPower,
    MatrixRank,
    Cond,
}

impl LinalgFn {
    pub const ALL: [LinalgFn; 21] = [
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
        LinalgFn::Cholesky,
        LinalgFn::Qr,
        LinalgFn::Eig,
        LinalgFn::Eigvals,
        LinalgFn::Pinv,
        LinalgFn::MatrixPower,
        LinalgFn::MatrixRank,
        LinalgFn::Cond,
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
            Cholesky => "cholesky",
            Qr => "qr",
            Eig => "eig",
            Eigvals => "eigvals",
            Pinv => "pinv",
            MatrixPower => "matrix_power",
            MatrixRank => "matrix_rank",
            Cond => "cond",
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
