//! Making arrays: `np.empty/zeros/ones/full` (+ `_like`), `arange`, `linspace`, `eye`,
//! `identity`, `tri`, copies and conversions (`copy`, `astype`, `asarray`,
//! `ascontiguousarray`), `fill`; and the table of the lowerings of every function that makes an
//! array ([`implementation`]), whose views and reshapes are in `shape.rs`, sorts in `sort.rs` and
//! joins in `join.rs`. New arrays live in runtime blocks (see `refcount`); every result is a new
//! reference, views included.

use inkwell::values::{BasicValueEnum, IntValue, StructValue};
use inkwell::{FloatPredicate, IntPredicate};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::registry::{ArrayFn, Builtin};
use oxjit_core::typeinfer::Decoded;
use oxjit_core::types::{size_align, ArrayTy, Layout, Type};

use super::bound::{Arg, CallCx, Impl};
use super::{FnGen, Ir, R};

/// The implementation of each function that makes an array (see `impls.rs`): one line per
/// callable, its lowering in this file (new arrays), `shape.rs` (views and reshapes),
/// `sort.rs` (sorting and searching) or `join.rs` (arrays made of others).
pub(super) fn implementation<'a, 'ctx>(f: ArrayFn) -> Option<Impl<'a, 'ctx>> {
    use ArrayFn::*;
    let lower: Impl<'a, 'ctx> = match f {
        Empty | Zeros | Ones | Full => |g, c| g.lower_filled(c),
        EmptyLike | ZerosLike | OnesLike | FullLike => |g, c| g.lower_like(c),
        Arange => |g, c| Ok(g.arange(c.args, &result_array(c)?)?.into()),
        Linspace => |g, c| Ok(g.linspace(c.args, &result_array(c)?)?.into()),
        Eye | Identity => |g, c| g.lower_eye(c),
        Tri => |g, c| g.lower_tri(c),
        Copy | Astype => |g, c| g.lower_copy(c),
        Asarray => |g, c| g.lower_asarray(c),
        Ascontiguousarray => |g, c| g.lower_ascontiguous(c),
        Asfortranarray => |g, c| g.lower_asfortran(c),
        Atleast1d | Atleast2d | Atleast3d => |g, c| g.lower_atleast(c),
        Isscalar | Iscomplexobj | Isrealobj => |g, c| g.lower_type_question(c),
        Shape => |g, c| g.lower_shape_of(c),
        Fill => |g, c| g.lower_fill(c),
        Array => |g, c| g.lower_array(c),
        Concatenate | Stack | Vstack | Hstack | ColumnStack | Dstack => |g, c| g.lower_join(c),
        Reshape | Ravel => |g, c| g.lower_reshape(c),
        Flatten => |g, c| g.lower_flatten(c),
        Transpose | Moveaxis => |g, c| g.lower_transpose(c),
        View => |g, c| g.lower_view(c),
        Nditer => |g, c| g.lower_nditer(c),
        Ndindex => |g, c| g.lower_ndindex(c),
        Ndenumerate => |g, c| g.lower_ndenumerate(c),
        Frexp | Modf => |g, c| g.lower_ufunc_pair(c),
        NanToNum => |g, c| g.lower_nan_to_num(c),
        Trapezoid => |g, c| g.lower_trapezoid(c),
        Append => |g, c| g.lower_append(c),
        FillDiagonal => |g, c| g.lower_fill_diagonal(c),
        TrilIndices | TriuIndices | TrilIndicesFrom | TriuIndicesFrom => {
            |g, c| g.lower_tri_indices(c)
        }
        Diag => |g, c| g.lower_diag(c),
        Diagflat => |g, c| g.lower_diagflat(c),
        Triu | Tril => |g, c| g.lower_triangle(c),
        Item => |g, c| g.lower_item(c),
        Meshgrid => |g, c| g.lower_meshgrid(c),
        Sort => |g, c| g.lower_sort(c),
        Argsort => |g, c| g.lower_argsort(c),
        Unique => |g, c| g.lower_unique_all(c),
        Union1d | Intersect1d | Setdiff1d | Setxor1d | Isin => |g, c| g.lower_setop(c),
        Convolve | Correlate => |g, c| g.lower_correlate(c),
        Histogram => |g, c| g.lower_histogram(c),
        Partition | Argpartition => |g, c| g.lower_partition(c),
        Cov | Corrcoef => |g, c| g.lower_cov(c),
        Pad => |g, c| g.lower_pad(c),
        Einsum => |g, c| g.lower_einsum(c),
        // A value known when compiling (`a.dtype` in compiled code): nothing to compute.
        Dtype => |g, c| Ok(g.llvm_type(c.result).const_zero()),
        Where | Nonzero => |g, c| g.lower_nonzero(c),
        Roll => |g, c| g.lower_roll(c),
        Repeat => |g, c| g.lower_repeat(c),
        Tile => |g, c| g.lower_tile(c),
        Average => |g, c| g.lower_average(c),
        Diff => |g, c| g.lower_diff(c),
        Searchsorted => |g, c| g.lower_searchsorted(c),
        Interp => |g, c| g.lower_interp(c),
        Bincount => |g, c| g.lower_bincount(c),
        Flip | Fliplr | Flipud => |g, c| g.lower_flip(c),
        Swapaxes => |g, c| g.lower_swapaxes(c),
        CountNonzero => |g, c| g.lower_count_nonzero(c),
        ArrayEqual => |g, c| g.lower_array_equal(c),
        Contains => |g, c| g.lower_array_contains(c),
        AsStrided => |g, c| g.lower_as_strided(c),
        MakePolynomial => |g, c| g.lower_make_polynomial(c),
        MakeBytes | BytesView => |g, c| g.lower_bytes_cast(c),
        Ptp => |g, c| g.lower_ptp(c),
        ExpandDims => |g, c| g.lower_expand_dims(c),
        BroadcastTo => |g, c| g.lower_broadcast_to(c),
        Take => |g, c| g.lower_take(c),
        Round | Around => |g, c| g.lower_round(c),
        Isclose => |g, c| g.lower_isclose(c),
        Allclose => |g, c| g.lower_allclose(c),
        Nansum | Nanprod | Nanmean | Nanmax | Nanmin | Nanargmax | Nanargmin | Nanstd | Nanvar
        | Nancumsum | Nancumprod => |g, c| g.lower_nanfn(c),
        Median | Nanmedian => |g, c| g.lower_median(c),
        Percentile | Quantile => |g, c| g.lower_quantile(c),
        Flatnonzero => |g, c| g.lower_flatnonzero(c),
        Argwhere => |g, c| g.lower_argwhere(c),
        Ediff1d => |g, c| g.lower_ediff1d(c),
        Digitize => |g, c| g.lower_digitize(c),
        Rot90 => |g, c| g.lower_rot90(c),
        Cross => |g, c| g.lower_cross(c),
        Vander => |g, c| g.lower_vander(c),
        Put => |g, c| g.lower_put(c),
        // An array expression, fused after typing (`passes/fuse.rs`, `arrayexpr.rs`).
        Clip => |_, _| {
            Err(Diagnostic::internal(
                "np.clip() is lowered as an array expression",
            ))
        },
    };
    Some(lower)
}

/// The array function a call calls.
pub(super) fn array_fn(c: &CallCx) -> R<ArrayFn> {
    match c.id {
        Builtin::Array(f) => Ok(f),
        other => Err(Diagnostic::internal(format!(
            "{other:?} is not an array function"
        ))),
    }
}

/// The array type a call makes.
pub(super) fn result_array(c: &CallCx) -> R<ArrayTy> {
    match c.result {
        Type::Array(rt) => Ok((**rt).clone()),
        other => Err(Diagnostic::internal(format!(
            "{:?} makes {other}, not an array",
            c.id
        ))),
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Lowers array function `f` with arguments bound to its parameters (for the families that
    /// make arrays as a step: `np.random.permutation`).
    pub fn array_fn(
        &mut self,
        f: ArrayFn,
        args: &[Arg<'ctx>],
        d: &Decoded,
        result: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let lower = implementation(f)
            .ok_or_else(|| Diagnostic::internal(format!("{}() has no lowering", f.name())))?;
        let c = CallCx {
            id: Builtin::Array(f),
            args,
            decoded: d,
            result,
        };
        lower(self, &c)
    }

    /// `np.empty`, `np.zeros`, `np.ones`, `np.full`.
    pub(super) fn lower_filled(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (f, args, rt) = (array_fn(c)?, c.args, result_array(c)?);
        let shape = self.shape_argument(&args[0])?;
        let arr = self.new_array(&rt, &shape, f == ArrayFn::Zeros)?;
        match f {
            ArrayFn::Ones => self.fill_new(arr, &rt, &Type::I64, self.i64(1).into())?,
            ArrayFn::Full => self.fill_new(arr, &rt, &args[1].t, args[1].v)?,
            _ => {}
        }
        Ok(arr.into())
    }

    /// `np.empty_like`, `np.zeros_like`, `np.ones_like`, `np.full_like` (order='K').
    pub(super) fn lower_like(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (f, args, rt) = (array_fn(c)?, c.args, result_array(c)?);
        let (src, st) = self.array_arg(&args[0]);
        let arr = self.new_like(src, &st, &rt)?;
        match f {
            ArrayFn::ZerosLike => self.fill_new(arr, &rt, &Type::I64, self.i64(0).into())?,
            ArrayFn::OnesLike => self.fill_new(arr, &rt, &Type::I64, self.i64(1).into())?,
            ArrayFn::FullLike => self.fill_new(arr, &rt, &args[1].t, args[1].v)?,
            _ => {}
        }
        Ok(arr.into())
    }

    /// `np.eye(N, M, k)`, `np.identity(n)`.
    pub(super) fn lower_eye(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (f, args, rt) = (array_fn(c)?, c.args, result_array(c)?);
        let n = self
            .cast(args[0].v, &args[0].t, &Type::I64)?
            .into_int_value();
        let (m, k) = if f == ArrayFn::Eye {
            let m = match &args[1].t {
                Type::NoneType => n,
                t => self.cast(args[1].v, t, &Type::I64)?.into_int_value(),
            };
            let k = self.cast(args[2].v, &args[2].t, &Type::I64)?;
            (m, k.into_int_value())
        } else {
            (n, self.i64(0))
        };
        Ok(self.eye(&rt, n, m, k)?.into())
    }

    /// `np.tri(N, M, k)`: ones where `j <= i + k`.
    pub(super) fn lower_tri(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (args, rt) = (c.args, result_array(c)?);
        let n = self
            .cast(args[0].v, &args[0].t, &Type::I64)?
            .into_int_value();
        let m = match &args[1].t {
            Type::NoneType => n,
            t => self.cast(args[1].v, t, &Type::I64)?.into_int_value(),
        };
        let k = self
            .cast(args[2].v, &args[2].t, &Type::I64)?
            .into_int_value();
        // NumPy builds it from `arange(N)` and `arange(-k, M - k)`: a negative size is 0.
        let mut sizes = [n, m];
        for size in &mut sizes {
            let negative = self
                .b
                .build_int_compare(IntPredicate::SLT, *size, self.i64(0), "neg")
                .ir()?;
            *size = self
                .b
                .build_select(negative, self.i64(0), *size, "size")
                .ir()?
                .into_int_value();
        }
        let [n, m] = sizes;
        let out = self.new_array(&rt, &[n, m], false)?;
        let one = self.numpy_cast(self.i64(1).into(), &Type::I64, &rt.dtype)?;
        let zero = self.numpy_cast(self.i64(0).into(), &Type::I64, &rt.dtype)?;
        self.for_each_index(&[n, m], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let lim = s.b.build_int_add(idx[0], k, "lim").ir()?;
            let lower =
                s.b.build_int_compare(IntPredicate::SLE, idx[1], lim, "lower")
                    .ir()?;
            let x = s.b.build_select(lower, one, zero, "x").ir()?;
            let p = s.element_ptr(out, &rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(out.into())
    }

    /// `np.copy(a)`, `a.copy()`, `a.astype(dtype)`: a new array (its layout is the result
    /// type's).
    pub(super) fn lower_copy(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        Ok(self.copy_of(src, &st, &result_array(c)?)?.into())
    }

    /// `np.asarray(a, dtype=None)`: `a` itself, with a new reference, or a copy in `dtype`
    /// where that is another.
    pub(super) fn lower_asarray(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        if !matches!(c.args[0].t, Type::Array(_)) {
            return self.lower_array(c); // a number, tuple or list: a new array
        }
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        if rt.dtype != st.dtype {
            return Ok(self.copy_of(src, &st, &rt)?.into());
        }
        self.incref(c.args[0].v, &c.args[0].t)?;
        Ok(c.args[0].v)
    }

    /// `np.ascontiguousarray(a)`: `a` itself when C-contiguous, else a C copy.
    pub(super) fn lower_ascontiguous(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        if st.layout == Layout::C {
            self.incref(c.args[0].v, &c.args[0].t)?;
            return Ok(c.args[0].v);
        }
        Ok(self.copy_of(src, &st, &result_array(c)?)?.into())
    }

    /// `np.asfortranarray(a)`: `a` itself where its type says F-ordered (or C and at most 1-d),
    /// else an F copy (a view typed A that is F-contiguous at run time is copied too).
    pub(super) fn lower_asfortran(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (src, st) = self.array_arg(&c.args[0]);
        let rt = result_array(c)?;
        if st.layout == rt.layout {
            self.incref(c.args[0].v, &c.args[0].t)?;
            return Ok(c.args[0].v);
        }
        Ok(self.copy_of(src, &st, &rt)?.into())
    }

    /// `np.atleast_1d/2d/3d(a)`: `a` itself where it has the dimensions, else a view with axes
    /// of length 1 put where NumPy puts them (`a[None, :]`, `a[None, :, None]`, `a[:, :, None]`;
    /// a 0-d array reshaped).
    /// `np.shape(a)`: the array's shape, `()` for a number.
    pub(super) fn lower_shape_of(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let dims = match &c.args[0].t {
            Type::Array(at) => self.shape_values(c.args[0].v.into_struct_value(), at)?,
            _ => Vec::new(),
        };
        self.struct_of(c.result, dims, "shape")
    }

    /// `np.isscalar`, `np.iscomplexobj`, `np.isrealobj`: answered by the argument's type.
    pub(super) fn lower_type_question(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let t = &c.args[0].t;
        // NumPy asks `asarray(x).dtype`: complex if any item is.
        fn complex(t: &Type) -> bool {
            match t {
                Type::Array(a) => matches!(a.dtype, Type::Complex(_)),
                Type::Tuple(items) => items.iter().any(complex),
                Type::List(item) => complex(item),
                t => matches!(t, Type::Complex(_)),
            }
        }
        let complex = complex(t);
        let answer = match c.id {
            Builtin::Array(ArrayFn::Isscalar) => t.is_numeric() || oxjit_core::types::is_str(t),
            Builtin::Array(ArrayFn::Iscomplexobj) => complex,
            _ => !complex,
        };
        Ok(self
            .cx()
            .bool_type()
            .const_int(u64::from(answer), false)
            .into())
    }

    /// `a.fill(value)`: every item set to `value` (NumPy's cast); `None`.
    pub(super) fn lower_fill(&mut self, c: &CallCx<'_, 'ctx>) -> R<BasicValueEnum<'ctx>> {
        let (arr, at) = self.array_arg(&c.args[0]);
        let value = self.numpy_cast(c.args[1].v, &c.args[1].t, &at.dtype)?;
        let shape = self.shape_values(arr, &at)?;
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let p = s.element_ptr(arr, &at, idx)?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })?;
        Ok(self.cx().i8_type().const_zero().into())
    }

    /// NumPy's conversion of one element to another dtype (`astype`, `full(..., dtype=)`):
    /// floats to integers truncate as C does on x86-64 (where out of range or NaN gives the
    /// lowest integer, as `cvttsd2si` does), complex numbers drop their imaginary part.
    pub fn numpy_cast(
        &self,
        v: BasicValueEnum<'ctx>,
        from: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        match (from, to) {
            (Type::Complex(bits), Type::Int(_) | Type::Float(_)) => {
                let re = self
                    .b
                    .build_extract_value(v.into_struct_value(), 0, "re")
                    .ir()?;
                self.numpy_cast(re, &Type::Float(bits / 2), to)
            }
            (Type::Float(_), Type::Int(it)) => {
                let x = self.cast(v, from, &Type::F64)?.into_float_value();
                let f64t = self.cx().f64_type();
                // Through int32 for targets it holds (then truncated: uint8 and uint16 too, as
                // NumPy's and Numba's casts give 0 for 3e9 to uint16), else int64.
                let (wide, bits) = if it.bits < 32 || (it.bits == 32 && it.signed) {
                    (Type::int(32, true), 32)
                } else {
                    (Type::I64, 64)
                };
                let int_t = super::types::int_type(self.cx(), bits);
                let limit = 2f64.powi(bits as i32 - 1);
                let lo = self
                    .b
                    .build_float_compare(FloatPredicate::OGE, x, f64t.const_float(-limit), "lo")
                    .ir()?;
                let hi = self
                    .b
                    .build_float_compare(FloatPredicate::OLT, x, f64t.const_float(limit), "hi")
                    .ir()?;
                let inside = self.b.build_and(lo, hi, "inside").ir()?;
                let safe = self
                    .b
                    .build_select(inside, x, f64t.const_zero(), "safe")
                    .ir()?
                    .into_float_value();
                let mut n = self.b.build_float_to_signed_int(safe, int_t, "n").ir()?;
                if it.bits == 64 && !it.signed {
                    // [2**63, 2**64): subtract 2**63 first, put the top bit back after.
                    let big = self
                        .b
                        .build_float_compare(FloatPredicate::OGE, x, f64t.const_float(limit), "big")
                        .ir()?;
                    let shifted = self
                        .b
                        .build_float_sub(x, f64t.const_float(limit), "shifted")
                        .ir()?;
                    let m = self.b.build_float_to_signed_int(shifted, int_t, "m").ir()?;
                    let m = self
                        .b
                        .build_xor(m, int_t.const_int(1 << 63, false), "m")
                        .ir()?;
                    n = self.b.build_select(big, m, n, "n").ir()?.into_int_value();
                    let fine = self.b.build_or(inside, big, "fine").ir()?;
                    return self.numpy_cast_finish(fine, n, int_t, &wide, to);
                }
                self.numpy_cast_finish(inside, n, int_t, &wide, to)
            }
            _ => self.cast(v, from, to),
        }
    }

    pub(super) fn numpy_cast_finish(
        &self,
        inside: IntValue<'ctx>,
        n: IntValue<'ctx>,
        int_t: inkwell::types::IntType<'ctx>,
        wide: &Type,
        to: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        let min = int_t.const_int(1u64 << (int_t.get_bit_width() - 1), false);
        let n = self.b.build_select(inside, n, min, "n").ir()?;
        let wide = match (wide, to) {
            (Type::Int(w), Type::Int(t)) if w.bits == 64 && !t.signed => Type::int(64, false),
            _ => wide.clone(),
        };
        self.cast(n, &wide, to)
    }

    pub fn i64(&self, x: i64) -> IntValue<'ctx> {
        self.cx().i64_type().const_int(x as u64, true)
    }

    pub(super) fn array_arg(&self, a: &Arg<'ctx>) -> (StructValue<'ctx>, ArrayTy) {
        match &a.t {
            Type::Array(at) => (a.v.into_struct_value(), (**at).clone()),
            t => panic!("expected an array, got {t}"),
        }
    }

    /// The shape of an array, one value per dimension.
    pub fn shape_values(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> R<Vec<IntValue<'ctx>>> {
        (0..at.ndim as u32)
            .map(|k| self.array_shape(arr, k))
            .collect()
    }

    pub fn array_size(&self, arr: StructValue<'ctx>, at: &ArrayTy) -> R<IntValue<'ctx>> {
        let mut n = self.i64(1);
        for d in self.shape_values(arr, at)? {
            n = self.b.build_int_mul(n, d, "size").ir()?;
        }
        Ok(n)
    }

    /// A shape argument: an integer or a tuple of them.
    pub(super) fn shape_argument(&self, a: &Arg<'ctx>) -> R<Vec<IntValue<'ctx>>> {
        match &a.t {
            Type::Tuple(items) => items
                .iter()
                .enumerate()
                .map(|(k, t)| {
                    let x = self
                        .b
                        .build_extract_value(a.v.into_struct_value(), k as u32, "dim")
                        .ir()?;
                    Ok(self.cast(x, t, &Type::I64)?.into_int_value())
                })
                .collect(),
            t => Ok(vec![self.cast(a.v, t, &Type::I64)?.into_int_value()]),
        }
    }

    /// A new array of type `at` (C or F order) and `shape` in a runtime block, zeroed or not.
    /// Raises NumPy's errors for negative dimensions and sizes that overflow.
    pub fn new_array(
        &mut self,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
        zeroed: bool,
    ) -> R<StructValue<'ctx>> {
        let cx = self.cx();
        let i64t = cx.i64_type();
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let mut negative = cx.bool_type().const_zero();
        let mut overflow = cx.bool_type().const_zero();
        let mut nbytes = itemsize;
        for &d in shape {
            let neg = self
                .b
                .build_int_compare(IntPredicate::SLT, d, self.i64(0), "neg")
                .ir()?;
            negative = self.b.build_or(negative, neg, "negative").ir()?;
            let prod = self
                .call_intrinsic(
                    "llvm.smul.with.overflow",
                    &[i64t.into()],
                    &[nbytes.into(), d.into()],
                )?
                .into_struct_value();
            nbytes = self
                .b
                .build_extract_value(prod, 0, "nbytes")
                .ir()?
                .into_int_value();
            let o = self
                .b
                .build_extract_value(prod, 1, "overflow")
                .ir()?
                .into_int_value();
            overflow = self.b.build_or(overflow, o, "overflow").ir()?;
        }
        let ok = self.b.build_not(negative, "ok").ir()?;
        self.check(ok, "ValueError", "negative dimensions are not allowed")?;
        let ok = self.b.build_not(overflow, "ok").ir()?;
        self.check(
            ok,
            "ValueError",
            "array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.",
        )?;
        // A small temporary of a loop takes a stack buffer (`temps.rs`).
        let (mi, data) = self.temp_or_heap_block(nbytes, zeroed, &mut |s: &mut Self| {
            s.heap_block(nbytes, zeroed)
        })?;
        let strides = self.contiguous_strides(at, shape)?;
        self.build_array(at, mi, data, shape, &strides)
    }

    /// A runtime block of `nbytes` (meminfo, data), raising MemoryError when there is none.
    fn heap_block(
        &mut self,
        nbytes: IntValue<'ctx>,
        zeroed: bool,
    ) -> R<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> {
        let cx = self.cx();
        let mi = self.target().allocate(&self.emit(), nbytes, zeroed)?;
        let got = self.b.build_is_not_null(mi, "allocated").ir()?;
        let fail = cx.append_basic_block(self.f, "nomem");
        let cont = cx.append_basic_block(self.f, "allocated");
        self.b.build_conditional_branch(got, cont, fail).ir()?;
        self.b.position_at_end(fail);
        self.raise_formatted(
            "MemoryError",
            "Unable to allocate {0} bytes for an array",
            &[nbytes],
        )?;
        self.b.position_at_end(cont);
        let data = self.target().block_data(&self.emit(), mi)?;
        Ok((mi.into(), data))
    }

    /// The strides of a C- or F-contiguous array of `shape`.
    pub(super) fn contiguous_strides(
        &self,
        at: &ArrayTy,
        shape: &[IntValue<'ctx>],
    ) -> R<Vec<IntValue<'ctx>>> {
        let itemsize = self.i64(size_align(&at.dtype).0 as i64);
        let n = shape.len();
        let mut strides = vec![itemsize; n];
        if at.layout == Layout::F {
            for k in 1..n {
                strides[k] = self
                    .b
                    .build_int_mul(strides[k - 1], shape[k - 1], "stride")
                    .ir()?;
            }
        } else {
            for k in (0..n.saturating_sub(1)).rev() {
                strides[k] = self
                    .b
                    .build_int_mul(strides[k + 1], shape[k + 1], "stride")
                    .ir()?;
            }
        }
        Ok(strides)
    }

    /// Stores `value` (of type `t`) into every element of a new array (its items fill its block,
    /// in whatever order).
    pub(super) fn fill_new(
        &mut self,
        arr: StructValue<'ctx>,
        at: &ArrayTy,
        t: &Type,
        value: BasicValueEnum<'ctx>,
    ) -> R<()> {
        let value = self.numpy_cast(value, t, &at.dtype)?;
        let n = self.array_size(arr, at)?;
        let elem_t = self.llvm_type(&at.dtype);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `idx[0]`
            // runs below the array's length (the loop's bound), so the item is inside its data.
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })
    }

    /// A new array of type `rt` (C or F order) with the elements of `src`.
    pub fn copy_array(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        self.copy_of(src, st, rt)
    }

    /// A new array of type `rt` (see `new_like`) with the elements of `src` converted to its
    /// dtype.
    pub(super) fn copy_of(
        &mut self,
        src: StructValue<'ctx>,
        st: &ArrayTy,
        rt: &ArrayTy,
    ) -> R<StructValue<'ctx>> {
        let shape = self.shape_values(src, st)?;
        let dst = self.new_like(src, st, rt)?;
        let (from, to) = (st.dtype.clone(), rt.dtype.clone());
        self.for_each_index(&shape, &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let x = s.array_load(src, st, idx)?;
            let x = s.numpy_cast(x, &from, &to)?;
            let p = s.element_ptr(dst, rt, idx)?;
            s.b.build_store(p, x).ir()?;
            Ok(())
        })?;
        Ok(dst)
    }

    /// `np.arange(start, stop, step)` as NumPy fills it: the first two values are `start` and
    /// `start + step`, the rest `start + i * delta` with `delta` the difference of those two, in
    /// the result's dtype.
    pub(super) fn arange(&mut self, args: &[Arg<'ctx>], rt: &ArrayTy) -> R<StructValue<'ctx>> {
        let (start, stop, step) = match (&args[1].t, &args[2].t) {
            // `np.arange(stop)`, `np.arange(stop, step=s)`: the one number is the stop.
            (Type::NoneType, Type::NoneType) => (None, &args[0], None),
            (Type::NoneType, _) => (None, &args[0], Some(&args[2])),
            (_, Type::NoneType) => (Some(&args[0]), &args[1], None),
            _ => (Some(&args[0]), &args[1], Some(&args[2])),
        };
        let float = [Some(stop), start, step]
            .iter()
            .flatten()
            .any(|a| matches!(a.t, Type::Float(_)));
        if matches!(rt.dtype, Type::Complex(_)) {
            return Err(Diagnostic::internal(
                "arange() with a complex dtype is not supported",
            ));
        }
        let ct = if float { Type::F64 } else { Type::I64 };
        let get = |s: &Self, a: Option<&Arg<'ctx>>, default: i64| -> R<BasicValueEnum<'ctx>> {
            match a {
                Some(a) => s.cast(a.v, &a.t, &ct),
                None => s.cast(s.i64(default).into(), &Type::I64, &ct),
            }
        };
        let start_v = get(self, start, 0)?;
        let stop_v = get(self, Some(stop), 0)?;
        let step_v = get(self, step, 1)?;
        let zero = get(self, None, 0)?;
        let step_zero = self.equal_values(step_v, zero, &ct, true)?;
        let ok = self.b.build_not(step_zero, "ok").ir()?;
        let msg = if float {
            "float division by zero"
        } else {
            "division by zero"
        };
        self.check(ok, "ZeroDivisionError", msg)?;
        let n = if float {
            let span = self
                .b
                .build_float_sub(
                    stop_v.into_float_value(),
                    start_v.into_float_value(),
                    "span",
                )
                .ir()?;
            let q = self
                .b
                .build_float_div(span, step_v.into_float_value(), "q")
                .ir()?;
            let c =
                self.call_intrinsic("llvm.ceil", &[self.cx().f64_type().into()], &[q.into()])?;
            let positive = self
                .b
                .build_float_compare(
                    FloatPredicate::OGT,
                    c.into_float_value(),
                    self.cx().f64_type().const_zero(),
                    "pos",
                )
                .ir()?;
            let len = self
                .b
                .build_float_to_signed_int(c.into_float_value(), self.cx().i64_type(), "len")
                .ir()?;
            self.b
                .build_select(positive, len, self.i64(0), "n")
                .ir()?
                .into_int_value()
        } else {
            let span = self
                .b
                .build_int_sub(stop_v.into_int_value(), start_v.into_int_value(), "span")
                .ir()?;
            let q = self.ceil_div(span, step_v.into_int_value())?;
            let positive = self
                .b
                .build_int_compare(IntPredicate::SGT, q, self.i64(0), "pos")
                .ir()?;
            self.b
                .build_select(positive, q, self.i64(0), "n")
                .ir()?
                .into_int_value()
        };
        let arr = self.new_array(rt, &[n], false)?;
        let second = self.add_or_sub(start_v, step_v, &ct, true)?;
        let dt = rt.dtype.clone();
        let first = self.numpy_cast(start_v, &ct, &dt)?;
        let second = self.numpy_cast(second, &ct, &dt)?;
        let delta = self.add_or_sub(second, first, &dt, false)?;
        let elem_t = self.llvm_type(&dt);
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        self.for_each_index(&[n], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.cast(idx[0].into(), &Type::I64, &dt)?;
            let scaled = s.mul_values(i, delta, &dt)?;
            let general = s.add_or_sub(first, scaled, &dt, true)?;
            let is_one =
                s.b.build_int_compare(IntPredicate::EQ, idx[0], s.i64(1), "one")
                    .ir()?;
            let value = s.b.build_select(is_one, second, general, "v").ir()?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `idx[0]`
            // runs below the array's length (the loop's bound), so the item is inside its data.
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, value).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// Ceiling division of integers (`-(-a // b)`).
    pub(super) fn ceil_div(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let q = self.b.build_int_signed_div(a, b, "q").ir()?;
        let r = self.b.build_int_signed_rem(a, b, "r").ir()?;
        let inexact = self
            .b
            .build_int_compare(IntPredicate::NE, r, self.i64(0), "inexact")
            .ir()?;
        // Truncation rounded toward zero: one more where the exact quotient is positive.
        let a_pos = self
            .b
            .build_int_compare(IntPredicate::SGT, a, self.i64(0), "apos")
            .ir()?;
        let b_pos = self
            .b
            .build_int_compare(IntPredicate::SGT, b, self.i64(0), "bpos")
            .ir()?;
        let same_sign = self
            .b
            .build_int_compare(IntPredicate::EQ, a_pos, b_pos, "same")
            .ir()?;
        let bump = self.b.build_and(inexact, same_sign, "bump").ir()?;
        let bump = self
            .b
            .build_int_z_extend(bump, self.cx().i64_type(), "bump")
            .ir()?;
        self.b.build_int_add(q, bump, "ceil").ir()
    }

    /// `a == b` for two numbers of type `t` (ints or floats).
    pub(super) fn equal_values(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        equal: bool,
    ) -> R<IntValue<'ctx>> {
        if matches!(t, Type::Float(_)) {
            let p = if equal {
                FloatPredicate::OEQ
            } else {
                FloatPredicate::UNE
            };
            self.b
                .build_float_compare(p, a.into_float_value(), b.into_float_value(), "cmp")
                .ir()
        } else {
            let p = if equal {
                IntPredicate::EQ
            } else {
                IntPredicate::NE
            };
            self.b
                .build_int_compare(p, a.into_int_value(), b.into_int_value(), "cmp")
                .ir()
        }
    }

    /// `a + b` (or `a - b`) of numbers of type `t`, wrapping for integers as NumPy does.
    pub(super) fn add_or_sub(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
        add: bool,
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(match t {
            Type::Float(_) if add => self
                .b
                .build_float_add(a.into_float_value(), b.into_float_value(), "add")
                .ir()?
                .into(),
            Type::Float(_) => self
                .b
                .build_float_sub(a.into_float_value(), b.into_float_value(), "sub")
                .ir()?
                .into(),
            _ if add => self
                .b
                .build_int_add(a.into_int_value(), b.into_int_value(), "add")
                .ir()?
                .into(),
            _ => self
                .b
                .build_int_sub(a.into_int_value(), b.into_int_value(), "sub")
                .ir()?
                .into(),
        })
    }

    pub(super) fn mul_values(
        &self,
        a: BasicValueEnum<'ctx>,
        b: BasicValueEnum<'ctx>,
        t: &Type,
    ) -> R<BasicValueEnum<'ctx>> {
        Ok(match t {
            Type::Float(_) => self
                .b
                .build_float_mul(a.into_float_value(), b.into_float_value(), "mul")
                .ir()?
                .into(),
            _ => self
                .b
                .build_int_mul(a.into_int_value(), b.into_int_value(), "mul")
                .ir()?
                .into(),
        })
    }

    /// `np.linspace(start, stop, num, endpoint)` with NumPy's arithmetic: `i * step + start`
    /// (or `i / div * delta + start` where the step underflows to zero), the last value `stop`.
    pub(super) fn linspace(&mut self, args: &[Arg<'ctx>], rt: &ArrayTy) -> R<StructValue<'ctx>> {
        let num = self
            .cast(args[2].v, &args[2].t, &Type::I64)?
            .into_int_value();
        let ok = self
            .b
            .build_int_compare(IntPredicate::SGE, num, self.i64(0), "ok")
            .ir()?;
        self.check_formatted(
            ok,
            "ValueError",
            "Number of samples, {0}, must be non-negative.",
            &[num],
        )?;
        // The computation's dtype: float32 for float32 ends, else float64.
        let ct = if args[..2].iter().any(|a| a.t == Type::Float(32)) {
            Type::Float(32)
        } else {
            Type::F64
        };
        let ft = self.llvm_type(&ct).into_float_type();
        let start = self.cast(args[0].v, &args[0].t, &ct)?.into_float_value();
        let stop = self.cast(args[1].v, &args[1].t, &ct)?.into_float_value();
        let endpoint = self
            .cast(args[3].v, &args[3].t, &Type::Bool)?
            .into_int_value();
        let minus = self
            .b
            .build_int_z_extend(endpoint, self.cx().i64_type(), "e")
            .ir()?;
        let div_i = self.b.build_int_sub(num, minus, "div").ir()?;
        let div = self.b.build_signed_int_to_float(div_i, ft, "divf").ir()?;
        let delta = self.b.build_float_sub(stop, start, "delta").ir()?;
        let step = self.b.build_float_div(delta, div, "step").ir()?;
        let div_positive = self
            .b
            .build_int_compare(IntPredicate::SGT, div_i, self.i64(0), "divpos")
            .ir()?;
        let step_zero = self
            .b
            .build_float_compare(FloatPredicate::OEQ, step, ft.const_zero(), "stepzero")
            .ir()?;
        let use_step = self
            .b
            .build_and(
                div_positive,
                self.b.build_not(step_zero, "nz").ir()?,
                "usestep",
            )
            .ir()?;
        let arr = self.new_array(rt, &[num], false)?;
        let data = self
            .b
            .build_extract_value(arr, 1, "data")
            .ir()?
            .into_pointer_value();
        let elem_t = self.llvm_type(&rt.dtype);
        let dt = rt.dtype.clone();
        let last = self.b.build_int_sub(num, self.i64(1), "last").ir()?;
        let integer = !matches!(dt, Type::Float(_) | Type::Complex(_));
        self.for_each_index(&[num], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let i = s.b.build_signed_int_to_float(idx[0], ft, "i").ir()?;
            let by_step = s.b.build_float_mul(i, step, "ys").ir()?;
            let frac = s.b.build_float_div(i, div, "f").ir()?;
            let by_delta_frac = s.b.build_float_mul(frac, delta, "yd").ir()?;
            let by_delta = s.b.build_float_mul(i, delta, "yn").ir()?;
            let y =
                s.b.build_select(div_positive, by_delta_frac, by_delta, "y")
                    .ir()?;
            let y =
                s.b.build_select(use_step, by_step, y.into_float_value(), "y")
                    .ir()?;
            let y = s.b.build_float_add(y.into_float_value(), start, "y").ir()?;
            let at_end =
                s.b.build_int_compare(IntPredicate::EQ, idx[0], last, "atend")
                    .ir()?;
            let pin = s.b.build_and(at_end, endpoint, "pin").ir()?;
            let pin =
                s.b.build_and(
                    pin,
                    s.b.build_int_compare(IntPredicate::SGT, num, s.i64(1), "many")
                        .ir()?,
                    "pin",
                )
                .ir()?;
            let mut y: BasicValueEnum<'ctx> = s.b.build_select(pin, stop, y, "y").ir()?;
            if integer {
                y = s.call_intrinsic("llvm.floor", &[ft.into()], &[y.into()])?;
            }
            let v = s.numpy_cast(y, &ct, &dt)?;
            // SAFETY: in bounds (inkwell's GEPs are unsafe for out-of-bounds indices): `idx[0]`
            // runs below the array's length (the loop's bound), so the item is inside its data.
            let p = unsafe { s.b.build_in_bounds_gep(elem_t, data, &[idx[0]], "p") }.ir()?;
            s.b.build_store(p, v).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// `np.eye(n, m, k)`: zeros with ones on the `k`th diagonal.
    pub(super) fn eye(
        &mut self,
        rt: &ArrayTy,
        n: IntValue<'ctx>,
        m: IntValue<'ctx>,
        k: IntValue<'ctx>,
    ) -> R<StructValue<'ctx>> {
        let arr = self.new_array(rt, &[n, m], true)?;
        let one = self.cast(self.i64(1).into(), &Type::I64, &rt.dtype)?;
        // Rows max(0, -k) .. min(n, m - k).
        let neg_k = self.b.build_int_neg(k, "negk").ir()?;
        let lo = self.smax(self.i64(0), neg_k)?;
        let m_minus_k = self.b.build_int_sub(m, k, "mk").ir()?;
        let hi = self.smin(n, m_minus_k)?;
        let count = self.b.build_int_sub(hi, lo, "count").ir()?;
        let count = self.smax(count, self.i64(0))?;
        self.for_each_index(&[count], &mut |s: &mut Self, idx: &[IntValue<'ctx>]| {
            let row = s.b.build_int_add(lo, idx[0], "row").ir()?;
            let col = s.b.build_int_add(row, k, "col").ir()?;
            let p = s.element_ptr(arr, rt, &[row, col])?;
            s.b.build_store(p, one).ir()?;
            Ok(())
        })?;
        Ok(arr)
    }

    /// `|x|` of an int64.
    pub fn iabs(&self, x: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let neg = self.b.build_int_neg(x, "neg").ir()?;
        let lt = self
            .b
            .build_int_compare(IntPredicate::SLT, x, self.i64(0), "lt")
            .ir()?;
        Ok(self
            .b
            .build_select(lt, neg, x, "abs")
            .ir()?
            .into_int_value())
    }

    pub fn smax(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let gt = self
            .b
            .build_int_compare(IntPredicate::SGT, a, b, "gt")
            .ir()?;
        Ok(self.b.build_select(gt, a, b, "max").ir()?.into_int_value())
    }

    pub(super) fn smin(&self, a: IntValue<'ctx>, b: IntValue<'ctx>) -> R<IntValue<'ctx>> {
        let lt = self
            .b
            .build_int_compare(IntPredicate::SLT, a, b, "lt")
            .ir()?;
        Ok(self.b.build_select(lt, a, b, "min").ir()?.into_int_value())
    }
}
