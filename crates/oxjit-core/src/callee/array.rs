//! The ids of NumPy's functions and array methods that make arrays or views (`np.zeros`,
//! `a.reshape`), a function and its method twin being one id.

macro_rules! array_functions {
    ($($variant:ident => $name:literal,)*) => {
        /// A NumPy function or array method that returns an array.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ArrayFn { $($variant,)* }

        impl ArrayFn {
            pub const ALL: &'static [ArrayFn] = &[$(ArrayFn::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(ArrayFn::$variant => $name,)* }
            }
        }
    };
}

array_functions! {
    Empty => "empty", Zeros => "zeros", Ones => "ones", Full => "full",
    EmptyLike => "empty_like", ZerosLike => "zeros_like", OnesLike => "ones_like",
    FullLike => "full_like", Arange => "arange", Linspace => "linspace", Eye => "eye",
    Identity => "identity", Copy => "copy", Asarray => "asarray",
    Ascontiguousarray => "ascontiguousarray",
    Astype => "astype", Fill => "fill", Reshape => "reshape",
    Ravel => "ravel", Flatten => "flatten", Transpose => "transpose",
    Where => "where", Nonzero => "nonzero", Sort => "sort", Argsort => "argsort",
    Unique => "unique", Array => "array", Concatenate => "concatenate", Stack => "stack",
    Vstack => "vstack", Hstack => "hstack", Diag => "diag", Tri => "tri", Triu => "triu",
    Tril => "tril", Item => "item", Clip => "clip", Ndindex => "ndindex",
    Meshgrid => "meshgrid", View => "view", Nditer => "nditer", Ndenumerate => "ndenumerate",
    Frexp => "frexp", Modf => "modf", Asfortranarray => "asfortranarray",
    Atleast1d => "atleast_1d", Atleast2d => "atleast_2d", Atleast3d => "atleast_3d",
    Isscalar => "isscalar", Iscomplexobj => "iscomplexobj", Isrealobj => "isrealobj",
    NanToNum => "nan_to_num", BroadcastTo => "broadcast_to", ColumnStack => "column_stack",
    Dstack => "dstack", Trapezoid => "trapezoid", Moveaxis => "moveaxis",
    TrilIndices => "tril_indices", TriuIndices => "triu_indices",
    TrilIndicesFrom => "tril_indices_from", TriuIndicesFrom => "triu_indices_from",
    Append => "append", Diagflat => "diagflat", FillDiagonal => "fill_diagonal",
    Shape => "shape",
    Roll => "roll", Repeat => "repeat", Tile => "tile", Average => "average",
    Diff => "diff", Searchsorted => "searchsorted", Interp => "interp", Bincount => "bincount",
    Flip => "flip", Fliplr => "fliplr", Flipud => "flipud", Swapaxes => "swapaxes",
    CountNonzero => "count_nonzero", ArrayEqual => "array_equal", Ptp => "ptp",
    ExpandDims => "expand_dims", Take => "take",
    Round => "round", Around => "around", Isclose => "isclose", Allclose => "allclose",
    Nansum => "nansum", Nanprod => "nanprod", Nanmean => "nanmean", Nanmax => "nanmax",
    Nanmin => "nanmin", Nanargmax => "nanargmax", Nanargmin => "nanargmin", Nanstd => "nanstd",
    Nanvar => "nanvar", Nancumsum => "nancumsum", Nancumprod => "nancumprod",
    Median => "median", Nanmedian => "nanmedian", Percentile => "percentile",
    Quantile => "quantile", Flatnonzero => "flatnonzero", Argwhere => "argwhere",
    Ediff1d => "ediff1d", Digitize => "digitize", Rot90 => "rot90", Cross => "cross",
    Vander => "vander", Put => "put",
    Union1d => "union1d", Intersect1d => "intersect1d", Setdiff1d => "setdiff1d",
    Setxor1d => "setxor1d", Isin => "isin",
    Convolve => "convolve", Correlate => "correlate", Histogram => "histogram",
    Partition => "partition", Argpartition => "argpartition",
    Cov => "cov", Corrcoef => "corrcoef", Pad => "pad",
    Einsum => "einsum", Dtype => "dtype",
    Contains => "__contains__",
    // `np._oxjit_as_strided(x, shape, strides, writeable)`: no NumPy function, the primitive
    // `np.lib.stride_tricks.as_strided` is written with (`python/oxjit/_np_strides.py`).
    AsStrided => "_oxjit_as_strided",
    // `np._oxjit_polynomial(coef, domain, window)`: the `Polynomial` of these three 1-d arrays,
    // taken as they are (`numpy.polynomial.polynomial.Polynomial` in `python/oxjit/_np_poly.py`
    // converts and checks them as NumPy does).
    MakePolynomial => "_oxjit_polynomial",
    // `np._oxjit_bytes(a)`: the `bytes` of a 1-d C-contiguous `uint8` array made for them
    // (`a.tobytes()`), and `np._oxjit_bytes_view(b)`: the read-only array of a `bytes`'
    // memory; each the same value under the other type (`python/oxjit/_bytes.py`).
    MakeBytes => "_oxjit_bytes",
    BytesView => "_oxjit_bytes_view",
}

impl ArrayFn {
    /// Whether this is only a method (called on an array), never a function of `numpy`.
    pub fn is_method(self) -> bool {
        use ArrayFn::*;
        matches!(self, Astype | Fill | Flatten | Item | View | Contains)
    }

    /// Whether arrays have it as a method (`a.copy()`; the array is the first argument).
    pub fn has_method(self) -> bool {
        use ArrayFn::*;
        self.is_method()
            || matches!(
                self,
                Copy | Reshape
                    | Ravel
                    | Transpose
                    | Sort
                    | Argsort
                    | Nonzero
                    | Clip
                    | Repeat
                    | Swapaxes
                    | Take
                    | Round
                    | Put
                    | Partition
                    | Argpartition
            )
    }
}
