//! The ids of the reductions (`np.sum`, `a.sum()`).

/// A reduction over all the elements of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReduceOp {
    Sum,
    Prod,
    Min,
    Max,
    Argmin,
    Argmax,
    All,
    Any,
    Mean,
    Std,
    Var,
    Cumsum,
    Cumprod,
}

impl ReduceOp {
    pub fn name(self) -> &'static str {
        match self {
            ReduceOp::Sum => "sum",
            ReduceOp::Prod => "prod",
            ReduceOp::Min => "min",
            ReduceOp::Max => "max",
            ReduceOp::Argmin => "argmin",
            ReduceOp::Argmax => "argmax",
            ReduceOp::All => "all",
            ReduceOp::Any => "any",
            ReduceOp::Mean => "mean",
            ReduceOp::Std => "std",
            ReduceOp::Var => "var",
            ReduceOp::Cumsum => "cumsum",
            ReduceOp::Cumprod => "cumprod",
        }
    }

    pub const ALL: [ReduceOp; 13] = [
        ReduceOp::Sum,
        ReduceOp::Prod,
        ReduceOp::Min,
        ReduceOp::Max,
        ReduceOp::Argmin,
        ReduceOp::Argmax,
        ReduceOp::All,
        ReduceOp::Any,
        ReduceOp::Mean,
        ReduceOp::Std,
        ReduceOp::Var,
        ReduceOp::Cumsum,
        ReduceOp::Cumprod,
    ];
}
