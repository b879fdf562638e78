//! Binding a call to a Python function with `**kwargs` (`Signature::python_shaped` with
//! `PythonShape::varkw`): the keywords no other parameter takes go to the dict, in the call's
//! order, and the other errors are CPython's.

use std::sync::Arc;

use oxjit_core::ir::Const;
use oxjit_core::registry::signature::{bind, ArgSource, PythonShape, Signature};

fn names(ns: &[&str]) -> Vec<Arc<str>> {
    ns.iter().map(|n| Arc::from(*n)).collect()
}

/// `def f(a, b=1, *args, c, **kw)`.
fn signature() -> Signature {
    let shape = PythonShape {
        vararg: true,
        kwonly: vec![(Arc::from("c"), None)],
        varkw: true,
    };
    Signature::python_shaped(
        "f",
        &names(&["a", "b", "args", "c", "kw"]),
        &[Some(Const::Int(1))],
        &shape,
    )
}

#[test]
fn extra_keywords_are_packed_in_order() {
    let sources = bind(&signature(), 1, &names(&["z", "c", "y", "b"])).unwrap();
    assert_eq!(
        sources,
        vec![
            ArgSource::Positional(0),
            ArgSource::Keyword(3),
            ArgSource::Pack(vec![]),
            ArgSource::Keyword(1),
            ArgSource::PackKeywords(vec![0, 2]),
        ]
    );
}

#[test]
fn no_extra_keywords_make_an_empty_dict() {
    let sources = bind(&signature(), 3, &names(&["c"])).unwrap();
    assert_eq!(sources[2], ArgSource::Pack(vec![2]));
    assert_eq!(sources[4], ArgSource::PackKeywords(vec![]));
}

#[test]
fn cpython_errors() {
    assert_eq!(
        bind(&signature(), 1, &names(&["a", "c"])).unwrap_err(),
        "f() got multiple values for argument 'a'"
    );
    assert_eq!(
        bind(&signature(), 1, &names(&["x"])).unwrap_err(),
        "f() missing 1 required keyword-only argument: 'c'"
    );
    // The dict's own name is a keyword like any other.
    let sources = bind(&signature(), 1, &names(&["kw", "c"])).unwrap();
    assert_eq!(sources[4], ArgSource::PackKeywords(vec![0]));
}
