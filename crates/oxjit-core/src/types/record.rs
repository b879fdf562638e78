//! NumPy structured dtypes (Numba's `Record`): named fields of numbers (or fixed-size sub-arrays
//! of numbers) at byte offsets inside an item of `size` bytes, aligned or packed as the dtype
//! says.
//!
//! Two types carry a record's layout: `Type::RecordDtype`, the dtype of an array of records (its
//! size and alignment are the item's: array code computes strides and allocations from it), and
//! `Type::Record`, a record scalar: `a[i]`, `for r in a`, an `np.void` argument. As in Numba,
//! a record scalar is a reference into the memory it was read from, so `r.x = v` writes the
//! array; its native form is `{meminfo, data}` (the block owner of the array it came from, so
//! that the record keeps that memory alive as a view does, and the address of the item).

use std::fmt;
use std::sync::Arc;

use super::parse::TypeParser;
use super::{Attribute, Type, TypeKind};
use crate::types::{ArrayTy, Layout};

/// One field of a structured dtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordField {
    pub name: Arc<str>,
    /// A number type (the item type of a sub-array field).
    pub dtype: Type,
    /// Byte offset inside the record.
    pub offset: usize,
    /// The shape of a sub-array field (`('v', 'f8', (3,))`); empty for a scalar field.
    pub shape: Vec<usize>,
}

/// A structured dtype's layout, as NumPy's `dtype.fields` and `itemsize` give it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordTy {
    pub fields: Vec<RecordField>,
    /// `dtype.itemsize`.
    pub size: usize,
    /// `dtype.isalignedstruct`.
    pub aligned: bool,
}

impl RecordTy {
    pub fn field(&self, name: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| &*f.name == name)
    }

    /// The alignment of an item: the largest field alignment for an aligned struct, 1 for a
    /// packed one (NumPy's `dtype.alignment`).
    pub fn alignment(&self) -> usize {
        if !self.aligned {
            return 1;
        }
        self.fields
            .iter()
            .map(|f| super::size_align(&f.dtype).1)
            .max()
            .unwrap_or(1)
    }

    /// The names of the fields, for messages: `('x', 'y')`.
    pub fn names_text(&self) -> String {
        let names: Vec<String> = self
            .fields
            .iter()
            .map(|f| format!("'{}'", f.name))
            .collect();
        if names.len() == 1 {
            return format!("({},)", names[0]);
        }
        format!("({})", names.join(", "))
    }
}

impl RecordField {
    /// The type `r.name` reads: the number, or a C-contiguous view of a sub-array field.
    pub fn value_type(&self) -> Type {
        if self.shape.is_empty() {
            return self.dtype.clone();
        }
        Type::Array(Arc::new(ArrayTy {
            dtype: self.dtype.clone(),
            ndim: self.shape.len() as u8,
            layout: Layout::C,
            readonly: false,
        }))
    }
}

/// The type of `a['name']` / `a.name` for an array of records: a view of the field in every
/// item (strided by the record's size), a sub-array field adding its dimensions.
pub fn field_view_type(arr: &ArrayTy, rec: &RecordTy, name: &str) -> Result<Type, String> {
    let field = rec.field(name).ok_or_else(|| no_field(rec, name))?;
    Ok(Type::Array(Arc::new(ArrayTy {
        dtype: field.dtype.clone(),
        ndim: arr.ndim + field.shape.len() as u8,
        layout: Layout::A,
        readonly: arr.readonly,
    })))
}

/// Numba's message for a missing field.
pub fn no_field(rec: &RecordTy, name: &str) -> String {
    format!(
        "Field '{name}' was not found in record with fields {}",
        rec.names_text()
    )
}

/// The field `r[index]` names: a constant string, or a constant position (Numba's rule).
pub fn field_at<'r>(
    rec: &'r RecordTy,
    index: &Type,
    constant: Option<i64>,
) -> Result<&'r RecordField, String> {
    match (index, constant) {
        (Type::StrLiteral(name), _) => rec.field(name).ok_or_else(|| no_field(rec, name)),
        (Type::Int(_), Some(k)) => usize::try_from(k)
            .ok()
            .and_then(|k| rec.fields.get(k))
            .ok_or_else(|| format!("Requested index {k} is out of range")),
        _ => Err(format!(
            "a record is indexed by a constant field name or position, not {index}"
        )),
    }
}

fn write_record(rec: &RecordTy, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "Record(")?;
    for (k, field) in rec.fields.iter().enumerate() {
        if k > 0 {
            write!(f, ",")?;
        }
        write!(f, "{}[type=", field.name)?;
        if field.shape.is_empty() {
            write!(f, "{}", field.dtype)?;
        } else {
            let dims: Vec<String> = field.shape.iter().map(|n| n.to_string()).collect();
            let comma = if dims.len() == 1 { "," } else { "" };
            write!(
                f,
                "nestedarray({}, ({}{comma}))",
                field.dtype,
                dims.join(", ")
            )?;
        }
        write!(f, ";offset={}]", field.offset)?;
    }
    let aligned = if rec.aligned { "True" } else { "False" };
    write!(f, ";{};{aligned})", rec.size)
}

/// Reads `Record(name[type=T;offset=N],...;SIZE;ALIGNED)` after the word `Record`.
fn parse_record(p: &mut TypeParser<'_>) -> Result<Type, String> {
    let number = |p: &mut TypeParser<'_>| -> Result<usize, String> {
        let w = p.word();
        w.parse()
            .map_err(|_| format!("expected a number in a record type, found '{w}'"))
    };
    p.expect(b'(')?;
    let mut fields = Vec::new();
    loop {
        let name = p.word();
        p.expect(b'[')?;
        if p.word() != "type" {
            return Err("expected 'type=' in a record type".into());
        }
        p.expect(b'=')?;
        let (dtype, shape) = if p.peek_word() == "nestedarray" {
            p.word();
            p.expect(b'(')?;
            let dtype = p.ty()?;
            p.expect(b',')?;
            p.expect(b'(')?;
            let mut shape = Vec::new();
            while !p.eat(b')') {
                shape.push(number(p)?);
                p.eat(b',');
            }
            p.expect(b')')?;
            (dtype, shape)
        } else {
            (p.ty()?, Vec::new())
        };
        if !dtype.is_numeric() {
            return Err(format!("records of {dtype} fields are not supported"));
        }
        p.expect(b';')?;
        if p.word() != "offset" {
            return Err("expected 'offset=' in a record type".into());
        }
        p.expect(b'=')?;
        let offset = number(p)?;
        p.expect(b']')?;
        fields.push(RecordField {
            name: Arc::from(name.as_str()),
            dtype,
            offset,
            shape,
        });
        if !p.eat(b',') {
            break;
        }
    }
    p.expect(b';')?;
    let size = number(p)?;
    p.expect(b';')?;
    let aligned = match p.word().as_str() {
        "True" => true,
        "False" => false,
        other => {
            return Err(format!(
                "expected True or False in a record type, found '{other}'"
            ))
        }
    };
    p.expect(b')')?;
    Ok(Type::Record(Arc::new(RecordTy {
        fields,
        size,
        aligned,
    })))
}

/// Record scalars and structured dtypes.
pub(super) struct RecordKind;

impl TypeKind for RecordKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::Record(rec) | Type::RecordDtype(rec) => write_record(rec, f),
            _ => unreachable!("{t:?} is no record"),
        }
    }

    /// A dtype exists only at compile time (as `np.empty`'s argument); a record is a value.
    /// A record (inside `array(...)`, the array's structured dtype).
    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        (word == "Record").then(|| parse_record(p))
    }

    fn is_runtime(&self, t: &Type) -> bool {
        matches!(t, Type::Record(_))
    }

    fn may_be_none(&self) -> bool {
        false
    }

    /// A record: `{meminfo, data}`; a dtype: the item's size and alignment.
    fn size_align(&self, t: &Type) -> (usize, usize) {
        match t {
            Type::RecordDtype(rec) => (rec.size, rec.alignment()),
            _ => (16, 8),
        }
    }

    fn item_type(&self, t: &Type, index: &Type, constant: Option<i64>) -> Result<Type, String> {
        match t {
            Type::Record(rec) => field_at(rec, index, constant).map(RecordField::value_type),
            _ => Err(format!("a value of type {t} cannot be indexed")),
        }
    }

    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        match t {
            Type::Record(rec) => Attribute::of(rec.field(name)?.value_type()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record's text (Numba's `str()`) reads back as the same type, alone and as the dtype of
    /// an array (the dispatcher's `signatures` parse it).
    #[test]
    fn record_types_read_back() {
        let rec = Arc::new(RecordTy {
            fields: vec![
                RecordField {
                    name: Arc::from("x"),
                    dtype: Type::int(32, true),
                    offset: 0,
                    shape: vec![],
                },
                RecordField {
                    name: Arc::from("v"),
                    dtype: Type::F64,
                    offset: 8,
                    shape: vec![2, 3],
                },
            ],
            size: 56,
            aligned: true,
        });
        let scalar = Type::Record(rec.clone());
        assert_eq!(
            scalar.to_string(),
            "Record(x[type=int32;offset=0],v[type=nestedarray(float64, (2, 3));offset=8];56;True)"
        );
        assert_eq!(Type::parse(&scalar.to_string()), Ok(scalar));
        let array = Type::Array(Arc::new(ArrayTy {
            dtype: Type::RecordDtype(rec),
            ndim: 2,
            layout: Layout::A,
            readonly: false,
        }));
        assert_eq!(Type::parse(&array.to_string()), Ok(array));
    }
}
