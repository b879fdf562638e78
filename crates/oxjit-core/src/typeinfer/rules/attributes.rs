//! The typing of attributes: of modules (`np.sqrt`, `math.pi`), of Python modules read at
//! compile time, methods of arrays and numbers (found in the table of callables), an array's
//! attributes (`a.shape`, `a.T`), and the suggestions when an attribute is missing.

use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{Const, Value};
use crate::registry::{self, Registered};
use crate::typeinfer::solve::Inferer;
use crate::typeinfer::{suggest, GlobalValue};
use crate::types::{self, ModuleKind, Type};

impl Inferer<'_> {
    pub(crate) fn attribute(&mut self, v: Value, a: Value, name: &str) -> Result<Type> {
        let recv = self.ty(a);
        if let Some(t) = super::kwargs_struct::kwargs_attribute(&recv, name) {
            return Ok(t);
        }
        if name == crate::callee::FORWARD_SENT {
            let f = crate::callee::Builtin::Generator(crate::callee::GenFn::Forward);
            return Ok(Type::BoundMethod(f, recv.into()));
        }
        if name == crate::callee::RETURN_VALUE {
            let f = crate::callee::Builtin::Generator(crate::callee::GenFn::ReturnValue);
            return Ok(Type::BoundMethod(f, recv.into()));
        }
        if let Some(t) = self.cuda_attribute(v, &recv, name)? {
            return Ok(t);
        }
        if let (Type::Module(ModuleKind::Numpy), "random") = (&recv, name) {
            return Ok(Type::Module(ModuleKind::NumpyRandom));
        }
        if let (Type::Module(ModuleKind::Numpy), "linalg") = (&recv, name) {
            return Ok(Type::Module(ModuleKind::NumpyLinalg));
        }
        if let (Type::Module(ModuleKind::Numpy), "fft") = (&recv, name) {
            return Ok(Type::Module(ModuleKind::NumpyFft));
        }
        if let (Type::CaughtException, "args") = (&recv, name) {
            return self.caught_args(v, a);
        }
        if let (Type::CaughtException, "__cause__" | "__context__" | "__suppress_context__") =
            (&recv, name)
        {
            return Err(Diagnostic::unsupported(
                format!(
                    "e.{name} of a caught exception is not supported in compiled code (the \
                     exception keeps its cause and context: 'raise' raises it again with them, \
                     and Python sees them where it arrives)"
                ),
                self.func.range(v),
            ));
        }
        if let Some(t) = self.jitclass_attribute(v, a, &recv, name) {
            return t;
        }
        if let Some(t) = typed_attribute(&recv, name) {
            return Ok(t);
        }
        // `np.add.reduce`: a method of a ufunc.
        if let Some(t) = registry::ufunc_methods::attribute(&recv, name) {
            return Ok(t);
        }
        // `f.reduce` of a `@vectorize` ufunc: compiled code holds its kernel (a compiled
        // function), whose ufunc methods are not compiled yet; they work from Python.
        if let (Type::UserFunction(_), true) = (&recv, USER_UFUNC_ATTRIBUTES.contains(&name)) {
            return Err(Diagnostic::unsupported(
                format!(
                    "'{name}' of a @vectorize ufunc (or of a compiled function) is not supported                      in compiled code yet: compiled code calls a @vectorize function on                      numbers only; call its ufunc methods (reduce, accumulate, outer, at,                      identity...) from Python"
                ),
                self.func.range(v),
            ));
        }
        if let Type::Module(m) = &recv {
            return match registry::lookup(*m, name) {
                Some(Registered::Function(b)) => Ok(Type::Builtin(b)),
                Some(Registered::Constant(c)) => Ok(self.constant(v, c)),
                None => match self.env.module_attribute(m.name(), name) {
                    // NumPy's constants (np.pi, np.inf, ...) are read from the module.
                    GlobalValue::Const(c) if *m == ModuleKind::Numpy => Ok(self.constant(v, c)),
                    // `except np.linalg.LinAlgError`.
                    GlobalValue::ExceptionClass(c) => Ok(Type::ExceptionClass(c)),
                    // A function a library implements with `@overload`.
                    GlobalValue::UserFunction(f) => Ok(Type::UserFunction(f)),
                    // `np.polynomial`: a submodule compiled code reads at compile time.
                    GlobalValue::PyModule(k) if *m == ModuleKind::Numpy => Ok(Type::PyModule(k)),
                    found => {
                        let exists = !matches!(found, GlobalValue::Missing);
                        let desc = format!("module '{}'", m.name());
                        Err(self
                            .missing_attribute(v, &desc, &[m.name().to_string()], name, exists)
                            .unwrap_or_else(|| {
                                Diagnostic::unsupported(
                                    format!("'{}.{name}' is not supported yet", m.name()),
                                    self.func.range(v),
                                )
                            }))
                    }
                },
            };
        }
        if let Type::PyModule(m) = &recv {
            return match self.env.module_attribute(m, name) {
                GlobalValue::Const(c) => Ok(self.constant(v, c)),
                GlobalValue::Module(k) => Ok(Type::Module(k)),
                GlobalValue::PyModule(k) => Ok(Type::PyModule(k)),
                GlobalValue::Builtin(b) => Ok(Type::Builtin(b)),
                GlobalValue::ExceptionClass(c) => Ok(Type::ExceptionClass(c)),
                GlobalValue::NamedTupleClass(c) => Ok(Type::NamedTupleClass(c)),
                GlobalValue::JitClass(c) => Ok(Type::JitClass(c)),
                GlobalValue::UserFunction(f) => Ok(Type::UserFunction(f)),
                GlobalValue::TypeRef(t) => Ok(Type::TypeRef(t.into())),
                found @ GlobalValue::Tuple(_) => {
                    self.global_value(v, &format!("'{m}.{name}'"), found)
                }
                GlobalValue::Unsupported(what) => Err(self.err(
                    v,
                    format!("'{m}.{name}' cannot be used in compiled code: it is {what}"),
                )),
                GlobalValue::Missing => {
                    Err(self.err(v, format!("module '{m}' has no attribute '{name}'")))
                }
            };
        }
        // Methods of arrays and numbers, found in the table of callables.
        if let Some(m) = registry::table::method(&recv, name) {
            return Ok(Type::BoundMethod(m, Arc::new(recv)));
        }
        // Attributes that are values (`a.shape`, `z.real`, a named tuple's `p.x`), as the
        // receiver's kind says.
        if let Some(attr) = types::attribute(&recv, name) {
            if let Some(k) = attr.constant {
                self.consts[v.index()] = Some(Const::Int(k));
            }
            if attr.ty == Type::ArrayCtypes || attr.ty == Type::ArrayFlags {
                // Lowering reads `a.ctypes.data` and `a.flags.*` from `a`
                // (TypedFunction::ctypes_of).
                self.ctypes_of.insert(v, a);
            }
            return Ok(attr.ty);
        }
        // A method a library added with `@overload_method`, where the compiler has none.
        if let Some(f) = self.env.overloaded_method(&recv, name) {
            return Ok(Type::UserMethod(f, Arc::new(recv)));
        }
        // An attribute a library added with `@overload_attribute`: its function's call.
        if let Some(f) = self.env.overloaded_attribute(&recv, name) {
            return self.overloaded_attribute(v, f, &recv, name);
        }
        if let Some(t) = self.named_tuple_attribute(v, &recv, name) {
            return t;
        }
        if let Some(message) = super::records::missing_field(&recv, name) {
            return Err(self.err(v, message));
        }
        if let Type::Array(_) = &recv {
            let classes = suggest::python_classes(&recv);
            let desc = format!("'{recv}'");
            return Err(self
                .missing_attribute(v, &desc, &classes, name, false)
                .unwrap_or_else(|| {
                    Diagnostic::unsupported(
                        format!("the array attribute '{name}' is not supported yet"),
                        self.func.range(v),
                    )
                }));
        }
        if recv == Type::ArrayCtypes {
            return Err(self.err(v, format!("a.ctypes.{name} is not supported (only .data)")));
        }
        if recv == Type::ArrayFlags {
            let known = types::FLAGS.join(", ");
            return Err(self.err(v, format!("a.flags.{name} is not supported (only {known})")));
        }
        let classes = suggest::python_classes(&recv);
        let desc = format!("'{recv}'");
        Err(self
            .missing_attribute(v, &desc, &classes, name, false)
            .unwrap_or_else(|| match classes.is_empty() {
                true => self.err(
                    v,
                    format!("a value of type {recv} has no attribute '{name}'"),
                ),
                false => Diagnostic::unsupported(
                    format!("the attribute '{name}' of {recv} is not supported yet"),
                    self.func.range(v),
                ),
            }))
    }

    /// Where Python can be asked (`dir()` of `classes`, importable paths) and `name` is neither
    /// there nor `exists` otherwise: the error that `desc` has no attribute `name`, as Python's
    /// `AttributeError` would say it, with CPython's suggestion of the closest name. `None` where
    /// the attribute exists (the caller says it is not supported yet) or Python cannot be asked.
    pub(crate) fn missing_attribute(
        &mut self,
        v: Value,
        desc: &str,
        classes: &[String],
        name: &str,
        exists: bool,
    ) -> Option<Diagnostic> {
        if exists || classes.is_empty() {
            return None;
        }
        let mut names = Vec::new();
        for class in classes {
            names.extend(self.env.attribute_names(class)?);
        }
        if names.iter().any(|n| n == name) {
            return None;
        }
        names.sort();
        names.dedup();
        let hint = suggest::did_you_mean(name, &[names]);
        Some(self.err(v, format!("{desc} has no attribute '{name}'{hint}")))
    }
}

/// `List.empty_list` and `Dict.empty` (`oxjit.typed`): the constructors' class methods.
fn typed_attribute(recv: &Type, name: &str) -> Option<Type> {
    use crate::callee::{Builtin, DictFn, ListFn};
    match (recv, name) {
        (Type::Builtin(Builtin::List(ListFn::TypedNew)), "empty_list") => {
            Some(Type::Builtin(Builtin::List(ListFn::EmptyList)))
        }
        (Type::Builtin(Builtin::Dict(DictFn::TypedNew)), "empty") => {
            Some(Type::Builtin(Builtin::Dict(DictFn::Empty)))
        }
        _ => None,
    }
}

/// The attributes of a NumPy ufunc that a `@vectorize` function has from Python.
const USER_UFUNC_ATTRIBUTES: &[&str] = &[
    "reduce",
    "accumulate",
    "outer",
    "at",
    "reduceat",
    "identity",
    "nin",
    "nout",
    "nargs",
    "ntypes",
    "types",
    "signature",
];
