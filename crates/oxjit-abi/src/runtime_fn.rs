//! Every runtime function generated code calls: its symbol name and its C signature, so that
//! codegen declares each from one table and the runtime's symbol list is checked against it.

/// The types of runtime function parameters and results, as LLVM sees them (every pointer is
/// opaque; `usize`/`u64` are `I64`; a Rust `bool` is `I1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Ty {
    I1,
    I8,
    I32,
    I64,
    F32,
    F64,
    Ptr,
}

/// A runtime function's C signature: its parameters and its result (`None`: `void`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Signature {
    pub params: &'static [Ty],
    pub ret: Option<Ty>,
}

/// Single or double precision: the variants of a function family over `float32`/`complex64`
/// and `float64`/`complex128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    Single,
    Double,
}

impl Width {
    fn float(self) -> Ty {
        match self {
            Width::Single => Ty::F32,
            Width::Double => Ty::F64,
        }
    }
}

/// The operations of the sorting family, per element type ([`SortElem`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortOp {
    /// `sort(data, n)`: in place (NaNs last).
    Sort,
    /// `stable_sort(data, n)`: in place, stable.
    StableSort,
    /// `argsort(data, n, stride, out)`: the indices that sort `n` items `stride` bytes apart.
    Argsort,
    /// `unique(data, n) -> kept`: the first of each run of equal items of a sorted buffer.
    Unique,
    /// `median(data, n, skip_nan) -> f64`: of a copy, sorted in place (`quantile.rs`).
    Median,
    /// `quantile(data, n, q, nq, weak, percent, out) -> status`: of a copy, sorted in place.
    Quantile,
    /// `setop(op, x, nx, y, ny, out) -> count`: `np.union1d` and the other set functions of
    /// two scratch copies (`setops.rs`; `op` one of `SETOP_*`).
    SetOp,
    /// `isin(x, nx, y, ny, invert, out)`: whether each item of `x` is in `y` (a scratch copy).
    Isin,
    /// `unique_all(x, n, equal_nan, values, index, inverse, counts) -> count`: `np.unique` with
    /// its `return_*` arrays (null where not asked for).
    UniqueAll,
    /// `intersect_indices(x, nx, y, ny, assume_unique, out, i1, i2) -> count`:
    /// `np.intersect1d(..., return_indices=True)`.
    IntersectIndices,
    /// `unique_axis(x, pre, n, post, values, index, inverse, counts) -> count`:
    /// `np.unique(..., axis=k)` of a C copy seen as `(pre, n, post)` (`unique_axis.rs`).
    UniqueAxis,
}

/// `RuntimeFn::FftAxis`'s transforms and normalisations (`np.fft`, `fft/` in the runtime).
pub mod fft {
    /// Complex to complex, forward (`np.fft.fft`).
    pub const C2C_FORWARD: i32 = 0;
    /// Complex to complex, backward (`np.fft.ifft`).
    pub const C2C_BACKWARD: i32 = 1;
    /// Real to the `n//2 + 1` complex (`np.fft.rfft`).
    pub const R2C: i32 = 2;
    /// Hermitian complex to `n` reals (`np.fft.irfft`).
    pub const C2R: i32 = 3;
    /// `norm="backward"` (or `None`).
    pub const NORM_BACKWARD: i32 = 0;
    pub const NORM_ORTHO: i32 = 1;
    pub const NORM_FORWARD: i32 = 2;
    /// float64/complex128 arrays.
    pub const DOUBLE: i32 = 0;
    /// float32/complex64 arrays as NumPy's ufunc takes them: computed in single precision
    /// where the transform is scaled, else in double (NumPy's factor is then the Python int 1,
    /// which selects its double loop).
    pub const SINGLE: i32 = 1;
    /// A float32 array made complex64 for a complex transform: NumPy's ufunc casts it to
    /// complex128 (its first loop that takes it), so computed in double, scaled by the single
    /// precision factor.
    pub const SINGLE_CAST: i32 = 2;
}

/// `SortOp::SetOp`'s operations: `np.union1d`, `np.intersect1d`, `np.setdiff1d`, `np.setxor1d`
/// (the `_ASSUMED` forms take `assume_unique=True`).
pub mod setop {
    pub const UNION: i32 = 0;
    pub const INTERSECT: i32 = 1;
    pub const INTERSECT_ASSUMED: i32 = 2;
    pub const DIFF: i32 = 3;
    pub const DIFF_ASSUMED: i32 = 4;
    pub const XOR: i32 = 5;
    pub const XOR_ASSUMED: i32 = 6;
}

macro_rules! sort_elems {
    ($($elem:ident => $suffix:literal,)*) => {
        /// The element types the sorting functions exist for (bool is a byte).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum SortElem {
            $($elem,)*
        }

        impl SortElem {
            pub const ALL: &[SortElem] = &[$(SortElem::$elem,)*];
        }

        fn sort_name(op: SortOp, elem: SortElem) -> &'static str {
            match (op, elem) {
                $(
                    (SortOp::Sort, SortElem::$elem) => concat!("oxjit_rt_sort_", $suffix),
                    (SortOp::StableSort, SortElem::$elem) => {
                        concat!("oxjit_rt_stable_sort_", $suffix)
                    }
                    (SortOp::Argsort, SortElem::$elem) => concat!("oxjit_rt_argsort_", $suffix),
                    (SortOp::Unique, SortElem::$elem) => concat!("oxjit_rt_unique_", $suffix),
                    (SortOp::Median, SortElem::$elem) => concat!("oxjit_rt_median_", $suffix),
                    (SortOp::Quantile, SortElem::$elem) => {
                        concat!("oxjit_rt_quantile_", $suffix)
                    }
                    (SortOp::SetOp, SortElem::$elem) => concat!("oxjit_rt_setop_", $suffix),
                    (SortOp::Isin, SortElem::$elem) => concat!("oxjit_rt_isin_", $suffix),
                    (SortOp::UniqueAll, SortElem::$elem) => {
                        concat!("oxjit_rt_unique_all_", $suffix)
                    }
                    (SortOp::IntersectIndices, SortElem::$elem) => {
                        concat!("oxjit_rt_intersect_indices_", $suffix)
                    }
                    (SortOp::UniqueAxis, SortElem::$elem) => {
                        concat!("oxjit_rt_unique_axis_", $suffix)
                    }
                )*
            }
        }
    };
}

sort_elems! {
    Bool => "bool",
    Int8 => "int8",
    Int16 => "int16",
    Int32 => "int32",
    Int64 => "int64",
    Uint16 => "uint16",
    Uint32 => "uint32",
    Uint64 => "uint64",
    Float32 => "float32",
    Float64 => "float64",
}

fn sort_signature(op: SortOp) -> Signature {
    use Ty::*;
    match op {
        SortOp::Sort | SortOp::StableSort => Signature {
            params: &[Ptr, I64],
            ret: None,
        },
        SortOp::Argsort => Signature {
            params: &[Ptr, I64, I64, Ptr],
            ret: None,
        },
        SortOp::Unique => Signature {
            params: &[Ptr, I64],
            ret: Some(I64),
        },
        SortOp::Median => Signature {
            params: &[Ptr, I64, I1],
            ret: Some(F64),
        },
        SortOp::Quantile => Signature {
            params: &[Ptr, I64, Ptr, I64, I1, I1, Ptr],
            ret: Some(I32),
        },
        SortOp::SetOp => Signature {
            params: &[I32, Ptr, I64, Ptr, I64, Ptr],
            ret: Some(I64),
        },
        SortOp::Isin => Signature {
            params: &[Ptr, I64, Ptr, I64, I1, Ptr],
            ret: None,
        },
        SortOp::UniqueAll => Signature {
            params: &[Ptr, I64, I1, Ptr, Ptr, Ptr, Ptr],
            ret: Some(I64),
        },
        SortOp::IntersectIndices => Signature {
            params: &[Ptr, I64, Ptr, I64, I1, Ptr, Ptr, Ptr],
            ret: Some(I64),
        },
        SortOp::UniqueAxis => Signature {
            params: &[Ptr, I64, I64, I64, Ptr, Ptr, Ptr, Ptr],
            ret: Some(I64),
        },
    }
}

macro_rules! npc_ops {
    ($($op:ident => $name:literal,)*) => {
        /// NumPy's complex functions (`npy_cpow`, `nc_sqrt`, ... of `funcs.inc.src`), per width:
        /// `f(re, im, out)` writes the result's two parts to `out` (`power` takes two complex
        /// numbers).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum NpcOp {
            $($op,)*
        }

        impl NpcOp {
            pub const ALL: &[NpcOp] = &[$(NpcOp::$op,)*];

            /// The ufunc's NumPy name.
            pub fn name(self) -> &'static str {
                match self {
                    $(NpcOp::$op => $name,)*
                }
            }
        }

        fn npc_name(op: NpcOp, width: Width) -> &'static str {
            match (op, width) {
                $(
                    (NpcOp::$op, Width::Double) => concat!("oxjit_rt_npc_", $name),
                    (NpcOp::$op, Width::Single) => concat!("oxjit_rt_npc_", $name, "f"),
                )*
            }
        }
    };
}

npc_ops! {
    Sqrt => "sqrt",
    Exp => "exp",
    Log => "log",
    Sin => "sin",
    Cos => "cos",
    Tan => "tan",
    Sinh => "sinh",
    Cosh => "cosh",
    Tanh => "tanh",
    Arcsin => "arcsin",
    Arccos => "arccos",
    Arctan => "arctan",
    Arcsinh => "arcsinh",
    Arccosh => "arccosh",
    Arctanh => "arctanh",
    Log10 => "log10",
    Log2 => "log2",
    Exp2 => "exp2",
    Expm1 => "expm1",
    Log1p => "log1p",
    Sign => "sign",
    Reciprocal => "reciprocal",
    Power => "power",
}

fn npc_signature(op: NpcOp, width: Width) -> Signature {
    use Ty::*;
    let params: &'static [Ty] = match (op, width) {
        (NpcOp::Power, Width::Single) => &[F32, F32, F32, F32, Ptr],
        (NpcOp::Power, Width::Double) => &[F64, F64, F64, F64, Ptr],
        (_, Width::Single) => &[F32, F32, Ptr],
        (_, Width::Double) => &[F64, F64, Ptr],
    };
    debug_assert_eq!(params[0], width.float());
    Signature { params, ret: None }
}

/// The result type of a table entry: `Void` or a [`Ty`].
macro_rules! ret {
    (Void) => {
        None
    };
    ($t:ident) => {
        Some(Ty::$t)
    };
}

macro_rules! runtime_fns {
    ($($fn:ident = $name:literal ($($param:ident),*) -> $ret:ident;)*) => {
        /// A function of the runtime that generated code calls (Cranelift's `LibCall`): the
        /// variant names it, [`RuntimeFn::name`] gives its symbol and [`RuntimeFn::signature`]
        /// its C signature. Families over element types or widths carry which one.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum RuntimeFn {
            $(#[doc = concat!("`", $name, "`.")] $fn,)*
            /// `oxjit_rt_{sort,stable_sort,argsort,unique,median,quantile}_<dtype>`.
            Sort(SortOp, SortElem),
            /// `oxjit_rt_npc_<name>` (double) / `oxjit_rt_npc_<name>f` (single).
            NpComplex(NpcOp, Width),
            /// `oxjit_rt_str_<name>`: strings.
            Str(crate::strings::StrOp),
        }

        impl RuntimeFn {
            /// The symbol generated code calls.
            pub fn name(self) -> &'static str {
                match self {
                    $(RuntimeFn::$fn => $name,)*
                    RuntimeFn::Sort(op, elem) => sort_name(op, elem),
                    RuntimeFn::NpComplex(op, width) => npc_name(op, width),
                    RuntimeFn::Str(op) => op.name(),
                }
            }

            /// The C signature the runtime defines it with.
            pub fn signature(self) -> Signature {
                #[allow(unused_imports)]
                use Ty::*;
                match self {
                    $(RuntimeFn::$fn => Signature { params: &[$($param),*], ret: ret!($ret) },)*
                    RuntimeFn::Sort(op, _) => sort_signature(op),
                    RuntimeFn::NpComplex(op, width) => npc_signature(op, width),
                    RuntimeFn::Str(op) => op.signature(),
                }
            }

            /// Every runtime function, each family member included.
            pub fn all() -> Vec<RuntimeFn> {
                let mut all = vec![$(RuntimeFn::$fn,)*];
                for &elem in SortElem::ALL {
                    for op in [
                        SortOp::Sort,
                        SortOp::StableSort,
                        SortOp::Argsort,
                        SortOp::Unique,
                        SortOp::Median,
                        SortOp::Quantile,
                        SortOp::SetOp,
                        SortOp::Isin,
                        SortOp::UniqueAll,
                        SortOp::IntersectIndices,
                        SortOp::UniqueAxis,
                    ] {
                        all.push(RuntimeFn::Sort(op, elem));
                    }
                }
                for &op in NpcOp::ALL {
                    for width in [Width::Double, Width::Single] {
                        all.push(RuntimeFn::NpComplex(op, width));
                    }
                }
                all.extend(crate::strings::StrOp::ALL.iter().map(|op| RuntimeFn::Str(*op)));
                all
            }
        }
    };
}

runtime_fns! {
    Cdiv = "oxjit_rt_cdiv" (F64, F64, F64, F64, Ptr) -> I1;
    CmathAcos = "oxjit_rt_cmath_acos" (F64, F64, Ptr) -> I32;
    CmathAcosh = "oxjit_rt_cmath_acosh" (F64, F64, Ptr) -> I32;
    CmathAsin = "oxjit_rt_cmath_asin" (F64, F64, Ptr) -> I32;
    CmathAsinh = "oxjit_rt_cmath_asinh" (F64, F64, Ptr) -> I32;
    CmathAtan = "oxjit_rt_cmath_atan" (F64, F64, Ptr) -> I32;
    CmathAtanh = "oxjit_rt_cmath_atanh" (F64, F64, Ptr) -> I32;
    CmathCos = "oxjit_rt_cmath_cos" (F64, F64, Ptr) -> I32;
    CmathCosh = "oxjit_rt_cmath_cosh" (F64, F64, Ptr) -> I32;
    CmathExp = "oxjit_rt_cmath_exp" (F64, F64, Ptr) -> I32;
    CmathIsclose = "oxjit_rt_cmath_isclose" (F64, F64, F64, F64, F64, F64) -> I32;
    CmathLog = "oxjit_rt_cmath_log" (F64, F64, Ptr) -> I32;
    CmathLog10 = "oxjit_rt_cmath_log10" (F64, F64, Ptr) -> I32;
    CmathLogBase = "oxjit_rt_cmath_log_base" (F64, F64, F64, F64, Ptr) -> I32;
    CmathPhase = "oxjit_rt_cmath_phase" (F64, F64, Ptr) -> I32;
    CmathPolar = "oxjit_rt_cmath_polar" (F64, F64, Ptr) -> I32;
    CmathRect = "oxjit_rt_cmath_rect" (F64, F64, Ptr) -> I32;
    CmathSin = "oxjit_rt_cmath_sin" (F64, F64, Ptr) -> I32;
    CmathSinh = "oxjit_rt_cmath_sinh" (F64, F64, Ptr) -> I32;
    CmathSqrt = "oxjit_rt_cmath_sqrt" (F64, F64, Ptr) -> I32;
    CmathTan = "oxjit_rt_cmath_tan" (F64, F64, Ptr) -> I32;
    CmathTanh = "oxjit_rt_cmath_tanh" (F64, F64, Ptr) -> I32;
    CmomentsF32 = "oxjit_rt_cmoments_f32" (Ptr, I64, I64, I64, I32, Ptr) -> Void;
    CmomentsF64 = "oxjit_rt_cmoments_f64" (Ptr, I64, I64, I64, I32, Ptr) -> Void;
    Comb = "oxjit_rt_comb" (I64, I64, Ptr) -> I32;
    Cpow = "oxjit_rt_cpow" (F64, F64, F64, F64, Ptr) -> I32;
    DictClear = "oxjit_rt_dict_clear" (Ptr) -> Void;
    DictCopy = "oxjit_rt_dict_copy" (Ptr) -> Ptr;
    DictInsert = "oxjit_rt_dict_insert" (Ptr, Ptr, I64, Ptr) -> I64;
    DictLast = "oxjit_rt_dict_last" (Ptr) -> I64;
    DictLookup = "oxjit_rt_dict_lookup" (Ptr, Ptr, I64, Ptr) -> I64;
    DictNew = "oxjit_rt_dict_new" (I64, I64, I64, I64, I64, I64, Ptr) -> Ptr;
    DictNext = "oxjit_rt_dict_next" (Ptr, I64) -> I64;
    DictPrev = "oxjit_rt_dict_prev" (Ptr, I64) -> I64;
    DictRemove = "oxjit_rt_dict_remove" (Ptr, I64, I64) -> Void;
    SetCopy = "oxjit_rt_set_copy" (Ptr, Ptr) -> Ptr;
    SetDifference = "oxjit_rt_set_difference" (Ptr, Ptr, Ptr) -> Ptr;
    SetDifferenceUpdate = "oxjit_rt_set_difference_update" (Ptr, Ptr, Ptr) -> I32;
    SetGrow = "oxjit_rt_set_grow" (Ptr) -> I32;
    SetIntersection = "oxjit_rt_set_intersection" (Ptr, Ptr, Ptr) -> Ptr;
    SetMerge = "oxjit_rt_set_merge" (Ptr, Ptr, Ptr) -> I32;
    SetNew = "oxjit_rt_set_new" (I64, I64, I64, I64, I64, Ptr) -> Ptr;
    SetPop = "oxjit_rt_set_pop" (Ptr) -> I64;
    SetPresize = "oxjit_rt_set_presize" (Ptr, I64) -> I32;
    SetPurge = "oxjit_rt_set_purge" (Ptr) -> I32;
    SetSwap = "oxjit_rt_set_swap" (Ptr, Ptr) -> Void;
    SetSymdiffUpdate = "oxjit_rt_set_symdiff_update" (Ptr, Ptr, Ptr) -> I32;
    DenseBlock = "oxjit_rt_dense_block" (I64, Ptr, Ptr, I64) -> I1;
    Dist = "oxjit_rt_dist" (Ptr, Ptr, I64) -> F64;
    SortComplex64 = "oxjit_rt_sort_complex64" (Ptr, I64, I1) -> Void;
    SortComplex128 = "oxjit_rt_sort_complex128" (Ptr, I64, I1) -> Void;
    ArgsortComplex64 = "oxjit_rt_argsort_complex64" (Ptr, I64, I64, Ptr) -> Void;
    ArgsortComplex128 = "oxjit_rt_argsort_complex128" (Ptr, I64, I64, Ptr) -> Void;
    Einsum = "oxjit_rt_einsum" (I64, I64, I64, Ptr, Ptr, Ptr) -> Void;
    ExceptionMatches = "oxjit_rt_exception_matches" (Ptr, I64, Ptr, I64) -> I1;
    ExceptionStr = "oxjit_rt_exception_str" (Ptr) -> Ptr;
    ExceptionArgsLen = "oxjit_rt_exception_args_len" (Ptr) -> I64;
    ExceptionArgAt = "oxjit_rt_exception_arg_at" (Ptr, I64, I64, Ptr) -> I1;
    ExceptionSetArgs = "oxjit_rt_exception_set_args" (Ptr, Ptr, Ptr, I64) -> I32;
    ExceptionChain = "oxjit_rt_exception_chain" (Ptr, Ptr, Ptr, I64) -> I32;
    ExceptionAddContext = "oxjit_rt_exception_add_context" (Ptr, Ptr) -> I32;
    Factorial = "oxjit_rt_factorial" (I64, Ptr) -> I32;
    Fdivmod = "oxjit_rt_fdivmod" (F64, F64, Ptr) -> F64;
    FftAxis = "oxjit_rt_fft_axis" (I32, I32, I32, I64, Ptr, Ptr, Ptr, I64, I64, Ptr, Ptr) -> Void;
    Frexp = "oxjit_rt_frexp" (F64, Ptr) -> F64;
    Fsum = "oxjit_rt_fsum" (Ptr, I64, Ptr) -> I32;
    Gamma = "oxjit_rt_gamma" (F64, Ptr) -> I32;
    Gcd = "oxjit_rt_gcd" (Ptr, I64, Ptr) -> I32;
    HashFloat = "oxjit_rt_hash_float" (F64) -> I64;
    HashInt = "oxjit_rt_hash_int" (I64) -> I64;
    HashTuple = "oxjit_rt_hash_tuple" (Ptr, I64) -> I64;
    HashUint = "oxjit_rt_hash_uint" (I64) -> I64;
    HistogramEdges = "oxjit_rt_histogram_edges" (Ptr, I64, I64, Ptr, I64, I64, Ptr, I64, Ptr, Ptr) -> I32;
    HistogramUniform = "oxjit_rt_histogram_uniform" (Ptr, I64, I64, Ptr, I64, I64, I64, I32, F64, F64, I1, Ptr, Ptr, Ptr, Ptr) -> I32;
    Hypot = "oxjit_rt_hypot" (Ptr, I64) -> F64;
    Ipow = "oxjit_rt_ipow" (I64, I64) -> I64;
    Isqrt = "oxjit_rt_isqrt" (I64, Ptr) -> I32;
    PowMod = "oxjit_rt_pow_mod" (I64, I64, I64, Ptr) -> I32;
    KeepOrderStrides = "oxjit_rt_keep_order_strides" (I64, I64, Ptr, Ptr, I64, Ptr) -> Void;
    Lcm = "oxjit_rt_lcm" (Ptr, I64, Ptr) -> I32;
    Ldexp = "oxjit_rt_ldexp" (F64, I64, Ptr) -> I32;
    Lgamma = "oxjit_rt_lgamma" (F64, Ptr) -> I32;
    LinalgDet = "oxjit_rt_linalg_det" (Ptr, Ptr, Ptr, I64, I64) -> I32;
    LinalgCholesky = "oxjit_rt_linalg_cholesky" (Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgQr = "oxjit_rt_linalg_qr" (Ptr, Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgEig = "oxjit_rt_linalg_eig" (Ptr, Ptr, Ptr, Ptr, I64, I64) -> I32;
    LinalgMatrixPower = "oxjit_rt_linalg_matrix_power" (Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgPinv = "oxjit_rt_linalg_pinv" (Ptr, Ptr, Ptr, I64, F64, I64, I64) -> I32;
    LinalgMatrixRank = "oxjit_rt_linalg_matrix_rank" (Ptr, Ptr, Ptr, I64, I64, F64, I64, I64) -> I32;
    LinalgCond = "oxjit_rt_linalg_cond" (Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgMatmulNd = "oxjit_rt_linalg_matmul_nd" (Ptr, Ptr, Ptr, I64, I64, Ptr, I64, I64, I64) -> I32;
    LinalgSolveNd = "oxjit_rt_linalg_solve_nd" (Ptr, Ptr, Ptr, I64, I64, Ptr, I64, I64, I64) -> I32;
    LinalgUnaryNd = "oxjit_rt_linalg_unary_nd" (Ptr, Ptr, Ptr, Ptr, I64, I64, I64, I64) -> I32;
    LinalgDecompNd = "oxjit_rt_linalg_decomp_nd" (Ptr, Ptr, Ptr, Ptr, Ptr, I64, I64, I64, I64, F64, I64) -> I32;
    LinalgDerivedNd = "oxjit_rt_linalg_derived_nd" (Ptr, Ptr, Ptr, I64, I64, I64, I64, F64, I64) -> I32;
    LinalgNormNd = "oxjit_rt_linalg_norm_nd" (Ptr, Ptr, Ptr, I64, I64, I64, I64, I64, I64) -> I32;
    LinalgNot2d = "oxjit_rt_linalg_not_2d" (Ptr, I64) -> I32;
    LinalgDot = "oxjit_rt_linalg_dot" (Ptr, Ptr, Ptr, I64, I64, Ptr, I64, I64, I64, I64) -> I32;
    LinalgVdot = "oxjit_rt_linalg_vdot" (Ptr, Ptr, Ptr, Ptr, I64, I64) -> I32;
    LinalgEigh = "oxjit_rt_linalg_eigh" (Ptr, Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgInv = "oxjit_rt_linalg_inv" (Ptr, Ptr, Ptr, I64, I64) -> I32;
    LinalgLstsq = "oxjit_rt_linalg_lstsq" (Ptr, Ptr, Ptr, Ptr, Ptr, Ptr, I64, Ptr, I64, I64, F64, I64, I64) -> I32;
    LinalgNorm = "oxjit_rt_linalg_norm" (Ptr, Ptr, Ptr, I64, I64, I64) -> I32;
    LinalgOuter = "oxjit_rt_linalg_outer" (Ptr, Ptr, Ptr, I64, I64, Ptr, I64, I64, I64) -> I32;
    LinalgSlogdet = "oxjit_rt_linalg_slogdet" (Ptr, Ptr, Ptr, Ptr, I64, I64) -> I32;
    LinalgSolve = "oxjit_rt_linalg_solve" (Ptr, Ptr, Ptr, I64, Ptr, I64, I64, I64) -> I32;
    LinalgSvd = "oxjit_rt_linalg_svd" (Ptr, Ptr, Ptr, Ptr, Ptr, I64, I64, I64, I64) -> I32;
    LinalgTrace = "oxjit_rt_linalg_trace" (Ptr, Ptr, I64, I64, I64) -> Void;
    Monotonicity = "oxjit_rt_monotonicity" (Ptr, I64) -> I32;
    ListAssignSlice = "oxjit_rt_list_assign_slice" (Ptr, I64, I64, I64, I64, Ptr) -> I32;
    ListClear = "oxjit_rt_list_clear" (Ptr) -> Void;
    ListClose = "oxjit_rt_list_close" (Ptr, I64, I64) -> Void;
    ListDelete = "oxjit_rt_list_delete" (Ptr, I64, I64, I64) -> Void;
    ListExtend = "oxjit_rt_list_extend" (Ptr, Ptr) -> I32;
    ListNew = "oxjit_rt_list_new" (I64, I64, I64, Ptr) -> Ptr;
    InstanceNew = "oxjit_rt_instance_new" (I64, I64, Ptr) -> Ptr;
    ListOpen = "oxjit_rt_list_open" (Ptr, I64, I64) -> I32;
    ListRepeat = "oxjit_rt_list_repeat" (Ptr, I64) -> Ptr;
    ListReserve = "oxjit_rt_list_reserve" (Ptr, I64) -> I32;
    ListReverse = "oxjit_rt_list_reverse" (Ptr) -> Void;
    ListSlice = "oxjit_rt_list_slice" (Ptr, I64, I64, I64) -> Ptr;
    ListSort = "oxjit_rt_list_sort" (Ptr, Ptr, I1, I64) -> I32;
    ListSortByKeys = "oxjit_rt_list_sort_by_keys" (Ptr, Ptr, Ptr, I1, I64) -> I32;
    Modf = "oxjit_rt_modf" (F64, Ptr) -> F64;
    NocopyReshape = "oxjit_rt_nocopy_reshape" (I64, Ptr, Ptr, I64, Ptr, Ptr, I64) -> I8;
    NrtAllocate = "oxjit_rt_nrt_allocate" (I64) -> Ptr;
    NrtAllocateZeroed = "oxjit_rt_nrt_allocate_zeroed" (I64) -> Ptr;
    NrtFree = "oxjit_rt_nrt_free" (Ptr) -> Void;
    BufferedSumF32 = "oxjit_rt_buffered_sum_f32" (I64, Ptr, Ptr, Ptr) -> F32;
    BufferedSumF64 = "oxjit_rt_buffered_sum_f64" (I64, Ptr, Ptr, Ptr) -> F64;
    OrderFaultSet = "oxjit_rt_order_fault_set" (I32) -> Void;
    OrderFaultTake = "oxjit_rt_order_fault_take" () -> I32;
    PairwiseSumF32 = "oxjit_rt_pairwise_sum_f32" (F32, Ptr, I64, I64) -> F32;
    PairwiseSumF64 = "oxjit_rt_pairwise_sum_f64" (F64, Ptr, I64, I64) -> F64;
    ParallelChunks = "oxjit_rt_parallel_chunks" (I64) -> I64;
    ParallelChunksPrivate = "oxjit_rt_parallel_chunks_private" (I64) -> I64;
    ParallelChunkSize = "oxjit_rt_parallel_chunk_size" () -> I64;
    ParallelSetChunkSize = "oxjit_rt_parallel_set_chunk_size" (I64) -> I64;
    ParallelFor = "oxjit_rt_parallel_for" (Ptr, Ptr, I64, I64, Ptr) -> I32;
    ParallelForEqual = "oxjit_rt_parallel_for_equal" (Ptr, Ptr, I64, I64, Ptr) -> I32;
    ParallelNumThreads = "oxjit_rt_parallel_num_threads" () -> I64;
    ParallelPairwiseSumF32 = "oxjit_rt_parallel_pairwise_sum_f32" (F32, Ptr, I64, I64) -> F32;
    ParallelPairwiseSumF64 = "oxjit_rt_parallel_pairwise_sum_f64" (F64, Ptr, I64, I64) -> F64;
    ParallelThreadId = "oxjit_rt_parallel_thread_id" () -> I64;
    Perm = "oxjit_rt_perm" (I64, I64, Ptr) -> I32;
    PowerOfTen = "oxjit_rt_power_of_ten" (I64) -> F64;
    PairwiseSumF16 = "oxjit_rt_pairwise_sum_f16" (F32, Ptr, I64, I64) -> F32;
    HalfFromF32 = "oxjit_rt_half_from_f32" (F32) -> I32;
    HalfFromF64 = "oxjit_rt_half_from_f64" (F64) -> I32;
    HalfToF32 = "oxjit_rt_half_to_f32" (I32) -> F32;
    HalfToF64 = "oxjit_rt_half_to_f64" (I32) -> F64;
    ProdIntsToFloat = "oxjit_rt_prod_ints_to_float" (Ptr, I64, Ptr) -> I32;
    PyrandomGauss = "oxjit_rt_pyrandom_gauss" (F64, F64) -> F64;
    PyrandomGetrandbits = "oxjit_rt_pyrandom_getrandbits" (I64) -> I64;
    PyrandomNormalvariate = "oxjit_rt_pyrandom_normalvariate" (F64, F64) -> F64;
    PyrandomRandbelow = "oxjit_rt_pyrandom_randbelow" (I64) -> I64;
    PyrandomRandom = "oxjit_rt_pyrandom_random" () -> F64;
    PyrandomRefill = "oxjit_rt_pyrandom_refill" (Ptr) -> Void;
    PyrandomSeed = "oxjit_rt_pyrandom_seed" (I64) -> Void;
    PyrandomState = "oxjit_rt_pyrandom_state" () -> Ptr;
    RandomBeta = "oxjit_rt_random_beta" (F64, F64) -> F64;
    RandomBinomial = "oxjit_rt_random_binomial" (I64, F64) -> I64;
    RandomChisquare = "oxjit_rt_random_chisquare" (F64) -> F64;
    RandomChoiceNext = "oxjit_rt_random_choice_next" () -> I64;
    RandomChoicePrepare = "oxjit_rt_random_choice_prepare" (I64, I1, I64, I1, I1, Ptr, I64, I64, I64) -> I32;
    RandomExponential = "oxjit_rt_random_exponential" (F64) -> F64;
    RandomF = "oxjit_rt_random_f" (F64, F64) -> F64;
    RandomGamma = "oxjit_rt_random_gamma" (F64, F64) -> F64;
    RandomGeometric = "oxjit_rt_random_geometric" (F64) -> I64;
    RandomGumbel = "oxjit_rt_random_gumbel" (F64, F64) -> F64;
    RandomHypergeometric = "oxjit_rt_random_hypergeometric" (I64, I64, I64) -> I64;
    RandomInterval = "oxjit_rt_random_interval" (I64) -> I64;
    RandomLaplace = "oxjit_rt_random_laplace" (F64, F64) -> F64;
    RandomLogistic = "oxjit_rt_random_logistic" (F64, F64) -> F64;
    RandomLognormal = "oxjit_rt_random_lognormal" (F64, F64) -> F64;
    RandomLogseries = "oxjit_rt_random_logseries" (F64) -> I64;
    RandomNegativeBinomial = "oxjit_rt_random_negative_binomial" (F64, F64) -> I64;
    RandomNoncentralChisquare = "oxjit_rt_random_noncentral_chisquare" (F64, F64) -> F64;
    RandomNoncentralF = "oxjit_rt_random_noncentral_f" (F64, F64, F64) -> F64;
    RandomNormal = "oxjit_rt_random_normal" (F64, F64) -> F64;
    RandomPareto = "oxjit_rt_random_pareto" (F64) -> F64;
    RandomPoisson = "oxjit_rt_random_poisson" (F64) -> I64;
    RandomPower = "oxjit_rt_random_power" (F64) -> F64;
    RandomRandint = "oxjit_rt_random_randint" (I64, I64) -> I64;
    RandomRayleigh = "oxjit_rt_random_rayleigh" (F64) -> F64;
    RandomSample = "oxjit_rt_random_sample" () -> F64;
    RandomSeed = "oxjit_rt_random_seed" (I32) -> Void;
    RandomSeedArray = "oxjit_rt_random_seed_array" (Ptr, I64) -> Void;
    RandomShuffle = "oxjit_rt_random_shuffle" (Ptr, I64, I64, I64) -> Void;
    RandomStandardCauchy = "oxjit_rt_random_standard_cauchy" () -> F64;
    RandomStandardExponential = "oxjit_rt_random_standard_exponential" () -> F64;
    RandomStandardGamma = "oxjit_rt_random_standard_gamma" (F64) -> F64;
    RandomStandardNormal = "oxjit_rt_random_standard_normal" () -> F64;
    RandomStandardT = "oxjit_rt_random_standard_t" (F64) -> F64;
    RandomTriangular = "oxjit_rt_random_triangular" (F64, F64, F64) -> F64;
    RandomUniform = "oxjit_rt_random_uniform" (F64, F64) -> F64;
    RandomVonmises = "oxjit_rt_random_vonmises" (F64, F64) -> F64;
    RandomWald = "oxjit_rt_random_wald" (F64, F64) -> F64;
    RandomWeibull = "oxjit_rt_random_weibull" (F64) -> F64;
    RandomZipf = "oxjit_rt_random_zipf" (F64) -> I64;
    Remainder = "oxjit_rt_remainder" (F64, F64) -> F64;
    RngFillF32 = "oxjit_rt_rng_fill_f32" (Ptr, I32, I64, Ptr) -> Void;
    RngFillF64 = "oxjit_rt_rng_fill_f64" (Ptr, I32, F64, F64, I64, Ptr) -> Void;
    RngFillI64 = "oxjit_rt_rng_fill_i64" (Ptr, I32, F64, I64, I64, Ptr) -> Void;
    RngIntegers = "oxjit_rt_rng_integers" (Ptr, I64, I64, I32, I64, Ptr) -> Void;
    RngNew = "oxjit_rt_rng_new" (I64, I1) -> Ptr;
    RngShuffle = "oxjit_rt_rng_shuffle" (Ptr, Ptr, I64, I64, I64) -> Void;
    RoundNdigits = "oxjit_rt_round_ndigits" (F64, I64) -> F64;
    StackLimit = "oxjit_rt_stack_limit" () -> I64;
    Sumprod = "oxjit_rt_sumprod" (Ptr, Ptr, I64, Ptr) -> I32;
    Ulp = "oxjit_rt_ulp" (F64) -> F64;
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_prefixed() {
        let all = RuntimeFn::all();
        let names: HashSet<&str> = all.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), all.len());
        assert!(names.iter().all(|n| n.starts_with("oxjit_rt_")));
    }

    #[test]
    fn families_name_and_type_each_member() {
        let argsort = RuntimeFn::Sort(SortOp::Argsort, SortElem::Float64);
        assert_eq!(argsort.name(), "oxjit_rt_argsort_float64");
        assert_eq!(argsort.signature().params.len(), 4);
        let power = RuntimeFn::NpComplex(NpcOp::Power, Width::Single);
        assert_eq!(power.name(), "oxjit_rt_npc_powerf");
        assert_eq!(
            power.signature().params,
            &[Ty::F32, Ty::F32, Ty::F32, Ty::F32, Ty::Ptr]
        );
        assert_eq!(RuntimeFn::Gamma.signature().ret, Some(Ty::I32));
        assert_eq!(RuntimeFn::NrtFree.signature().ret, None);
    }
}
