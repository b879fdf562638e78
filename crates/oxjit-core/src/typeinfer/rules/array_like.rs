//! Lists and tuples of numbers where a NumPy function takes an array: NumPy converts every
//! array-like argument with `np.asarray`, and Numba's implementations accept lists and tuples
//! for most of them. Rather than teach each typing rule and each implementation about
//! sequences, a call that does not type with its sequences is typed again with each sequence of
//! numbers replaced by the array `np.asarray` makes of it; where that types, the call records
//! the conversions ([`ArrayLikeArg`]) and the `array_like` pass inserts the `np.asarray` calls
//! before it (`passes/array_like.rs`), so that lowering and reference counting see an ordinary
//! call of `np.asarray` and an ordinary array argument.

use crate::callee::ArrayFn;
use crate::diagnostics::Result as Typed;
use crate::ir::{Const, Value};
use crate::registry::signature::{self, Resolved, Signature};
use crate::registry::{self, Builtin, CallArgs, CallError};
use crate::typeinfer::solve::{const_type, Inferer};
use crate::typeinfer::ArgSource;
use crate::types::Type;

/// One argument of a call converted by `np.asarray` before the call (see the module's text).
#[derive(Clone, Debug, PartialEq)]
pub struct ArrayLikeArg {
    /// The call's argument converted: `Positional(i)` or `Keyword(i)`.
    pub operand: ArgSource,
    /// The array `np.asarray` makes of it.
    pub array: Type,
    /// The call of `np.asarray` that converts it, as typing resolves one.
    pub resolved: Resolved,
}

/// Parameters whose tuples are not array-likes (shapes, axes, sizes, per-axis pairs), kept as
/// they are even where the call does not type.
const NOT_ARRAY_LIKE: &[&str] = &[
    "shape",
    "newshape",
    "new_shape",
    // np.fft's output lengths
    "s",
    "axis",
    "axes",
    "reps",
    "shift",
    "pad_width",
    "constant_values",
    "size",
    "dtype",
    "order",
    "source",
    "destination",
    "indices_or_sections",
    "out",
    "range",
    "dims",
    "fill_value",
];

/// Parameters where NumPy converts a number too (`np.isin(3, a)`: a 0-d result;
/// `np.isin(a, 3)`).
const NUMBER_ARRAY_LIKE: &[&str] = &["element", "test_elements"];

impl Inferer<'_> {
    /// Types the call `v` of `f` with its bound arguments; where it does not type and is a
    /// NumPy function's with lists or tuples of numbers, types it again with them converted
    /// (recording the conversions). The result type, and the argument types and constants the
    /// call was typed with.
    pub(crate) fn type_builtin(
        &mut self,
        v: Value,
        f: Builtin,
        (sig, sources): (&Signature, &[ArgSource]),
        types: Vec<Type>,
        consts: Vec<Option<Const>>,
        method: bool,
    ) -> Typed<(Type, Vec<Type>, Vec<Option<Const>>)> {
        self.array_like.remove(&v);
        let bound = CallArgs {
            types: &types,
            consts: &consts,
            method,
        };
        let e = match registry::type_call(f, &bound) {
            Ok(t) => return Ok((t, types, consts)),
            Err(e) => e,
        };
        if method {
            return Err(self.call_err(v, e));
        }
        match retype(f, sig, sources, &types, &consts) {
            Some(Ok(r)) => {
                self.array_like.insert(v, r.conversions);
                Ok((r.result, r.types, r.consts))
            }
            Some(Err(converted)) => Err(self.call_err(v, converted)),
            None => Err(self.call_err(v, e)),
        }
    }
}

/// A call typed again with its sequences of numbers converted.
struct Retyped {
    pub result: Type,
    /// The bound arguments' types and constants after the conversions.
    pub types: Vec<Type>,
    pub consts: Vec<Option<Const>>,
    pub conversions: Vec<ArrayLikeArg>,
}

/// The call typed again with its sequences of numbers converted (see the module's text);
/// `None` where no argument converts. Where the converted call does not type either, its error
/// is the answer (NumPy converts first, then checks the rest: an axis out of range is its
/// `AxisError`, a 1-d list given to `fliplr` the error of a 1-d array).
fn retype(
    f: Builtin,
    sig: &Signature,
    sources: &[ArgSource],
    types: &[Type],
    consts: &[Option<Const>],
) -> Option<Result<Retyped, CallError>> {
    // `np.array`/`np.asarray` are the conversion: their own refusals stand (a complex list
    // given a float dtype is NumPy's TypeError, not a converted array's cast).
    let converter = matches!(f, Builtin::Array(ArrayFn::Array | ArrayFn::Asarray));
    if !f.qualified_name().starts_with("numpy.") || converter {
        return None;
    }
    let mut converted = types.to_vec();
    let mut new_consts = consts.to_vec();
    let mut args = Vec::new();
    for (k, source) in sources.iter().enumerate() {
        if !matches!(source, ArgSource::Positional(_) | ArgSource::Keyword(_)) {
            continue;
        }
        let name = sig.params.get(k).map(|p| &*p.name).unwrap_or("");
        let number = NUMBER_ARRAY_LIKE.contains(&name) && types[k].is_numeric();
        if NOT_ARRAY_LIKE.contains(&name) || !(numbers_only(&types[k]) || number) {
            continue;
        }
        let Some((array, resolved)) = asarray_of(&types[k]) else {
            continue;
        };
        converted[k] = array.clone();
        new_consts[k] = None;
        args.push(ArrayLikeArg {
            operand: source.clone(),
            array,
            resolved,
        });
    }
    if args.is_empty() {
        return None;
    }
    let bound = CallArgs {
        types: &converted,
        consts: &new_consts,
        method: false,
    };
    match registry::type_call(f, &bound) {
        Ok(result) => Some(Ok(Retyped {
            result,
            types: converted,
            consts: new_consts,
            conversions: args,
        })),
        Err(e) => Some(Err(e)),
    }
}

/// A (nested) list or a non-empty tuple of numbers, what `np.asarray` makes an array of.
fn numbers_only(t: &Type) -> bool {
    fn items(t: &Type) -> bool {
        match t {
            Type::List(item) => items(item),
            Type::Tuple(list) => !list.is_empty() && list.iter().all(items),
            t => t.is_numeric(),
        }
    }
    matches!(t, Type::List(_) | Type::Tuple(_)) && items(t)
}

/// `np.asarray(x)` typed and resolved, as typing would for that call written out.
fn asarray_of(x: &Type) -> Option<(Type, Resolved)> {
    let f = Builtin::Array(ArrayFn::Asarray);
    let sig = registry::signature(f, false);
    let sources = signature::bind(&sig, 1, &[]).ok()?;
    let (types, consts): (Vec<Type>, Vec<_>) = sources
        .iter()
        .map(|s| match s {
            ArgSource::Default(c) => (const_type(c), Some(c.clone())),
            _ => (x.clone(), None),
        })
        .unzip();
    let bound = CallArgs {
        types: &types,
        consts: &consts,
        method: false,
    };
    let array = registry::type_call(f, &bound).ok()?;
    let decoded = registry::decode(f, &bound, &array);
    let resolved = Resolved {
        id: f,
        args: sources,
        receiver: None,
        decoded,
    };
    Some((array, resolved))
}
