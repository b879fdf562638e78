//! Operators and ufuncs applied to arrays, element by element, with NumPy's rules: operands
//! broadcast (the result has the most dimensions), dtypes promote as NumPy 2 promotes them, and a
//! scalar operand is "weak" (NEP 50): it takes the array's dtype unless it is of a higher kind
//! (`float32_array * 2.0` is float32, `int8_array * 1.5` is float64).
//!
//! oxjit cannot tell a Python float from a `np.float64` scalar (both are float64), so both are
//! treated as Python numbers are.

use super::error::CallError;
use std::sync::Arc;

use super::NpFn;
use crate::ir::{BinOp, CmpOp, UnaryOp};
use crate::types::unify;
use crate::types::{ArrayTy, IntTy, Layout, Type};

/// Whether any operand is an array (the operation is then elementwise).
pub fn any_array(types: &[&Type]) -> bool {
    types.iter().any(|t| matches!(t, Type::Array(_)))
}

fn kind(t: &Type) -> u8 {
    match t {
        Type::Bool => 0,
        Type::Int(_) => 1,
        Type::Float(_) => 2,
        _ => 3,
    }
}

/// The dtype a scalar of type `scalar` acts as next to arrays of dtype `dtype` (NEP 50).
pub fn weak(scalar: &Type, dtype: &Type) -> Type {
    // NumPy's float16 and float32 scalars are typed as no Python number is: next to float16
    // items they promote as arrays do (`float16_array + np.float32(1)` is float32).
    let half = Type::Float(16);
    if *scalar == half || (*scalar == Type::Float(32) && *dtype == half) {
        return unify(scalar, dtype).unwrap_or_else(|| dtype.clone());
    }
    if kind(scalar) <= kind(dtype) {
        return dtype.clone();
    }
    match scalar {
        Type::Int(_) => Type::I64,
        Type::Float(_) => Type::F64,
        Type::Complex(_) if matches!(dtype, Type::Float(16 | 32)) => Type::Complex(64),
        _ => Type::C128,
    }
}

/// The element types the operands act as, and the result's number of dimensions.
pub fn operands(types: &[&Type]) -> Result<(Vec<Type>, u8), String> {
    let mut array_dtype: Option<Type> = None;
    let mut ndim = 0;
    for t in types {
        match t {
            Type::Array(a) => {
                if !a.dtype.is_numeric() {
                    return Err(format!("arrays of {} are not supported here", a.dtype));
                }
                ndim = ndim.max(a.ndim);
                array_dtype = Some(match array_dtype {
                    None => a.dtype.clone(),
                    Some(d) => unify(&d, &a.dtype).expect("numeric dtypes unify"),
                });
            }
            t if t.is_numeric() => {}
            t => return Err(format!("{t} cannot be combined with an array")),
        }
    }
    let dtype = array_dtype.ok_or("no array operand")?;
    let elems = types
        .iter()
        .map(|t| match t {
            Type::Array(a) => a.dtype.clone(),
            t => weak(t, &dtype),
        })
        .collect();
    Ok((elems, ndim))
}

/// A new C-contiguous array.
pub fn array(dtype: Type, ndim: u8) -> Type {
    Type::Array(Arc::new(ArrayTy {
        dtype,
        ndim,
        layout: Layout::C,
        readonly: false,
    }))
}

const INT8: Type = Type::Int(IntTy {
    bits: 8,
    signed: true,
});

/// The element type of `x op y` on NumPy scalars of these element types.
pub fn binop_element(op: BinOp, x: &Type, y: &Type) -> Result<Type, String> {
    let p = unify(x, y).ok_or_else(|| format!("cannot combine {x} and {y}"))?;
    let bad = || {
        Err(format!(
            "operator '{}' is not supported for arrays of {x} and {y}",
            op.symbol()
        ))
    };
    Ok(match op {
        BinOp::Add | BinOp::Mul => p,
        BinOp::Sub if p == Type::Bool => {
            return Err("numpy boolean subtract, the `-` operator, is not supported".into())
        }
        BinOp::Sub => p,
        BinOp::Div => match p {
            Type::Bool | Type::Int(_) => Type::F64,
            t => t,
        },
        BinOp::FloorDiv | BinOp::Mod | BinOp::Pow => match p {
            Type::Complex(_) if op != BinOp::Pow => return bad(),
            Type::Bool => INT8,
            t => t,
        },
        BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor => match p {
            Type::Bool | Type::Int(_) => p,
            _ => return bad(),
        },
        BinOp::LShift | BinOp::RShift => match p {
            Type::Int(_) => p,
            Type::Bool => INT8,
            _ => return bad(),
        },
    })
}

/// `a op b` with an array operand.
pub fn binop(op: BinOp, a: &Type, b: &Type) -> Result<Type, String> {
    let (elems, ndim) = operands(&[a, b])?;
    Ok(array(binop_element(op, &elems[0], &elems[1])?, ndim))
}

pub fn unary_element(op: UnaryOp, x: &Type) -> Result<Type, String> {
    match (op, x) {
        (UnaryOp::Neg | UnaryOp::Pos, Type::Bool) => Err(
            "the numpy boolean negative, the `-` operator, is not supported, use the `~` operator or the logical_not function instead"
                .into(),
        ),
        (UnaryOp::Neg | UnaryOp::Pos, t) => Ok(t.clone()),
        (UnaryOp::Invert, t @ (Type::Bool | Type::Int(_))) => Ok(t.clone()),
        (UnaryOp::Not, _) => Err(
            "the truth value of an array with more than one element is ambiguous (use a.any() or a.all())"
                .into(),
        ),
        (op, t) => Err(format!("bad operand type for unary {}: array of {t}", op.symbol())),
    }
}

pub fn unary(op: UnaryOp, a: &Type) -> Result<Type, String> {
    let (elems, ndim) = operands(&[a])?;
    Ok(array(unary_element(op, &elems[0])?, ndim))
}

pub fn compare(op: CmpOp, a: &Type, b: &Type) -> Result<Type, String> {
    // Complex items compare in NumPy's lexicographic order (`lower/compare.rs`).
    let (_, ndim) = operands(&[a, b])?;
    match op {
        CmpOp::Is | CmpOp::IsNot => Err("'is' between arrays is not supported".into()),
        _ => Ok(array(Type::Bool, ndim)),
    }
}

/// A NumPy ufunc with an array argument: the scalar rule on the element types.
pub fn ufunc(f: NpFn, args: &[Type]) -> Result<Type, CallError> {
    let refs: Vec<&Type> = args.iter().collect();
    let (elems, ndim) = operands(&refs)?;
    if f == NpFn::Ldexp {
        // The exponent stays an integer (no common dtype); a number keeps its own type.
        if matches!(args, [x, Type::Array(_)] if x.is_integer_like()) {
            return Err(CallError::unsupported(
                "np.ldexp() of an integer number and an array of exponents is not supported \
                 (NumPy's loop is float16 there): pass a float",
            ));
        }
        let items: Vec<Type> = args
            .iter()
            .map(|t| match t {
                Type::Array(a) => a.dtype.clone(),
                t => t.clone(),
            })
            .collect();
        return Ok(array(super::numpy::type_call(f, &items)?, ndim));
    }
    // NumPy 2's floor, ceil and trunc have integer and boolean loops: the dtype is kept.
    if matches!(f, NpFn::Floor | NpFn::Ceil | NpFn::Trunc)
        && matches!(elems.as_slice(), [t] if t.is_integer_like())
    {
        return Ok(array(elems[0].clone(), ndim));
    }
    let t = super::numpy::type_call(f, &elems)?;
    Ok(array(t, ndim))
}

/// `target op= value` where `target` is an array: computed as `target op value`, written back
/// into `target` with NumPy's `same_kind` casting.
pub fn inplace(op: BinOp, target: &ArrayTy, value: &Type) -> Result<Type, String> {
    if target.readonly {
        return Err("cannot modify a read-only array in place".into());
    }
    let t = Type::Array(Arc::new(target.clone()));
    let Type::Array(result) = binop(op, &t, value)? else {
        unreachable!("an array")
    };
    if kind(&result.dtype) > kind(&target.dtype) {
        return Err(format!(
            "Cannot cast ufunc '{}' output from dtype('{}') to dtype('{}') with casting rule 'same_kind'",
            ufunc_name(op),
            result.dtype,
            target.dtype
        ));
    }
    Ok(t)
}

fn ufunc_name(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "add",
        BinOp::Sub => "subtract",
        BinOp::Mul => "multiply",
        BinOp::Div => "divide",
        BinOp::FloorDiv => "floor_divide",
        BinOp::Mod => "remainder",
        BinOp::Pow => "power",
        BinOp::LShift => "left_shift",
        BinOp::RShift => "right_shift",
        BinOp::BitAnd => "bitwise_and",
        BinOp::BitOr => "bitwise_or",
        BinOp::BitXor => "bitwise_xor",
    }
}

/// The result of an elementwise function computing `dtype` items over `ndim` dimensions into
/// the array `out` (`np.clip(a, lo, hi, out=o)`): `out` itself, where NumPy's `same_kind`
/// casting allows it.
pub fn into_out(name: &str, dtype: Type, ndim: u8, out: &Type) -> Result<Type, CallError> {
    let Type::Array(o) = out else {
        return Err(format!("{name}(): out must be an array, not {out}").into());
    };
    if o.readonly {
        return Err(format!("{name}(): out cannot be a read-only array").into());
    }
    if o.ndim < ndim {
        return Err(format!("{name}(): out has {} dimensions, the result {ndim}", o.ndim).into());
    }
    if kind(&dtype) > kind(&o.dtype) {
        return Err(format!(
            "Cannot cast ufunc '{name}' output from dtype('{dtype}') to dtype('{}') with \
             casting rule 'same_kind'",
            o.dtype
        )
        .into());
    }
    Ok(out.clone())
}
