//! Enums generated code passes to the runtime as integers.

/// Which norm `oxjit_rt_linalg_norm` computes: `np.linalg.norm`'s `ord`, decoded during typing
/// by the number of dimensions (as `numpy/linalg/_linalg.py` branches).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(i64)]
pub enum NormKind {
    /// `ord=None`, `'fro'`/`'f'` (2-d) or `2` (1-d): `sqrt(dot(x, x))`.
    Dot = 0,
    VecOne = 1,
    VecInf = 2,
    VecNegInf = 3,
    VecZero = 4,
    MatTwo = 5,
    MatNegTwo = 6,
    Nuclear = 7,
    /// Matrix norms from the sums of `abs(x)` along axis 0 (1, -1) or 1 (inf, -inf).
    MatOne = 8,
    MatNegOne = 9,
    MatInf = 10,
    MatNegInf = 11,
}

impl NormKind {
    /// The kind generated code passed (unknown codes read as [`NormKind::Dot`]).
    pub fn from_code(code: i64) -> NormKind {
        use NormKind::*;
        match code {
            1 => VecOne,
            2 => VecInf,
            3 => VecNegInf,
            4 => VecZero,
            5 => MatTwo,
            6 => MatNegTwo,
            7 => Nuclear,
            8 => MatOne,
            9 => MatNegOne,
            10 => MatInf,
            11 => MatNegInf,
            _ => Dot,
        }
    }
}

/// Element types of arrays passed to the linear-algebra functions (`a_dt`, `r_dt`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i64)]
pub enum DType {
    Bool = 0,
    I8 = 1,
    U8 = 2,
    I16 = 3,
    U16 = 4,
    I32 = 5,
    U32 = 6,
    I64 = 7,
    U64 = 8,
    F32 = 9,
    F64 = 10,
    C64 = 11,
    C128 = 12,
}

impl DType {
    /// The type generated code passed (unknown codes read as [`DType::C128`]).
    pub fn from_code(code: i64) -> DType {
        use DType::*;
        match code {
            0 => Bool,
            1 => I8,
            2 => U8,
            3 => I16,
            4 => U16,
            5 => I32,
            6 => U32,
            7 => I64,
            8 => U64,
            9 => F32,
            10 => F64,
            11 => C64,
            _ => C128,
        }
    }

    /// The size of one element in bytes.
    pub fn size(self) -> usize {
        use DType::*;
        match self {
            Bool | I8 | U8 => 1,
            I16 | U16 => 2,
            I32 | U32 | F32 => 4,
            I64 | U64 | F64 | C64 => 8,
            C128 => 16,
        }
    }

    pub fn is_complex(self) -> bool {
        matches!(self, DType::C64 | DType::C128)
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::F64)
    }
}

/// What `oxjit_rt_cmoments_*` computes over a complex array (its `what` argument).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Moment {
    /// The mean (both parts).
    Mean = 0,
    /// The variance (in `out[0]`).
    Var = 1,
    /// The standard deviation (in `out[0]`).
    Std = 2,
    /// The pairwise sum (both parts).
    Sum = 3,
}

impl Moment {
    /// The moment generated code asked for (unknown codes read as [`Moment::Std`], as before).
    pub fn from_code(code: i32) -> Moment {
        match code {
            0 => Moment::Mean,
            1 => Moment::Var,
            3 => Moment::Sum,
            _ => Moment::Std,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for code in 0..12 {
            assert_eq!(NormKind::from_code(code) as i64, code);
        }
        for code in 0..13 {
            assert_eq!(DType::from_code(code) as i64, code);
        }
        for code in 0..4 {
            assert_eq!(Moment::from_code(code) as i32, code);
        }
    }
}
