//! Round trips of the canonical text of types.

use super::*;

#[test]
fn parse_round_trips() {
    for text in [
        "bool",
        "int8",
        "uint64",
        "float32",
        "complex128",
        "none",
        "UniTuple(int64 x 3)",
        "Tuple(int64, float64)",
        "Tuple()",
        "Tuple(UniTuple(float64 x 2), bool)",
        "array(float64, 2d, C)",
        "readonly array(int32, 1d, A)",
        "CPointer(float64)",
        "voidptr",
        "ExternalFunctionPointer((float64,) -> float64)",
        "ExternalFunctionPointer((CPointer(int32), voidptr, uint64) -> none)",
        "ExternalFunctionPointer(() -> CPointer(float32))",
        "readonly bytes(uint8, 1d, C)",
        "PolynomialType(array(float64, 1d, C), array(float64, 1d, C), array(float32, 1d, A))",
    ] {
        assert_eq!(Type::parse(text).unwrap().to_string(), text);
    }
}

#[test]
fn parse_rejects_bad_names() {
    assert!(Type::parse("int7").is_err());
    assert!(Type::parse("foo").is_err());
    assert!(Type::parse("Tuple(int64").is_err());
    assert!(Type::parse("CPointer(UniTuple(int64 x 2))").is_err());
    // C functions take numbers, bool and pointers; `void` is a result only.
    assert!(Type::parse("ExternalFunctionPointer((complex128,) -> float64)").is_err());
    assert!(Type::parse("ExternalFunctionPointer((none,) -> float64)").is_err());
    assert!(Type::parse("ExternalFunctionPointer((float64,) -> unicode_type)").is_err());
}

#[test]
fn unify_promotes() {
    assert_eq!(unify(&Type::I64, &Type::F64), Some(Type::F64));
    assert_eq!(unify(&Type::Bool, &Type::I64), Some(Type::I64));
    assert_eq!(unify(&Type::int(64, false), &Type::I64), Some(Type::F64));
    assert_eq!(
        unify(&Type::int(32, false), &Type::int(8, true)),
        Some(Type::I64)
    );
    assert_eq!(unify(&Type::F64, &Type::C128), Some(Type::C128));
    assert_eq!(
        unify(&Type::NoneType, &Type::I64),
        Some(Type::Optional(std::sync::Arc::new(Type::I64)))
    );
    assert_eq!(unify(&Type::Bool, &Type::tuple(vec![])), None);
}
