//! Classes compiled with `@jitclass` (Numba's `numba.experimental.jitclass`): a class whose
//! fields have declared types and whose methods are compiled functions taking the instance as
//! their first argument.
//!
//! An instance (`Type::JitInstance`, Numba's `instance.jitclass.Box#1<x:float64>`) is one
//! pointer to a reference-counted runtime block (`oxjit-runtime`'s `instance.rs`) holding its
//! fields, laid out as a tuple of them; the block records where the fields hold references so
//! that freeing it gives them back. Instances are shared, never copied: a function that changes
//! a field changes it for every holder, as in Python. The class itself, as a global, is
//! `Type::JitClass` (calling it makes an instance and runs `__init__`); `obj.method`, before
//! its call, is `Type::JitMethod`.
//!
//! Classes are registered by the host (`register`) and found again by their handle, which is
//! how a type's text names one (`Type::parse`). A class's body (fields, methods) is given once
//! it is first used (`define`), so that a field may hold the class's own instances (a linked
//! list's `next`, through Numba's `deferred_type`).

use std::cell::Cell;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, OnceLock};

use super::parse::TypeParser;
use super::{field_offsets, size_align, Attribute, FuncId, Type, TypeKind};

/// A jitclass, as the host registered it.
pub struct ClassTy {
    /// Its handle (its index among the registered classes).
    pub handle: u64,
    /// The class's `__name__`.
    pub name: Arc<str>,
    body: OnceLock<ClassBody>,
}

/// What a class holds: its fields (in spec order) and its compiled functions.
#[derive(Clone, Debug, Default)]
pub struct ClassBody {
    pub fields: Vec<(Arc<str>, Type)>,
    /// Ordinary methods (`self` first); dunder methods are among them.
    pub methods: Vec<(Arc<str>, FuncId)>,
    /// `@staticmethod`s.
    pub statics: Vec<(Arc<str>, FuncId)>,
    /// `@property`s: the getter, and the setter where there is one.
    pub properties: Vec<(Arc<str>, FuncId, Option<FuncId>)>,
}

impl ClassTy {
    /// The class's body (empty until defined).
    pub fn body(&self) -> &ClassBody {
        static EMPTY: OnceLock<ClassBody> = OnceLock::new();
        self.body
            .get()
            .unwrap_or_else(|| EMPTY.get_or_init(ClassBody::default))
    }

    pub fn is_defined(&self) -> bool {
        self.body.get().is_some()
    }

    /// Gives the class its body (once; later calls keep the first).
    pub fn define(&self, body: ClassBody) {
        let _ = self.body.set(body);
    }

    /// The position and type of field `name`.
    pub fn field(&self, name: &str) -> Option<(usize, &Type)> {
        let fields = &self.body().fields;
        let k = fields.iter().position(|(f, _)| &**f == name)?;
        Some((k, &fields[k].1))
    }

    fn find(list: &[(Arc<str>, FuncId)], name: &str) -> Option<FuncId> {
        list.iter().find(|(m, _)| &**m == name).map(|(_, f)| *f)
    }

    pub fn method(&self, name: &str) -> Option<FuncId> {
        Self::find(&self.body().methods, name)
    }

    pub fn static_method(&self, name: &str) -> Option<FuncId> {
        Self::find(&self.body().statics, name)
    }

    /// The getter and setter of property `name`.
    pub fn property(&self, name: &str) -> Option<(FuncId, Option<FuncId>)> {
        let p = self.body().properties.iter().find(|p| &*p.0 == name)?;
        Some((p.1, p.2))
    }

    /// The field types, as the tuple the block lays them out as.
    pub fn field_types(&self) -> Vec<Type> {
        self.body().fields.iter().map(|(_, t)| t.clone()).collect()
    }

    /// The byte offset of each field in the block's payload.
    pub fn offsets(&self) -> Vec<usize> {
        field_offsets(&self.field_types())
    }

    /// The payload's size in bytes.
    pub fn payload_size(&self) -> usize {
        size_align(&Type::tuple(self.field_types())).0
    }

    /// The byte offsets, in the payload, of the references the fields hold.
    pub fn ref_offsets(&self) -> Vec<i64> {
        super::ref_offsets(&Type::tuple(self.field_types()))
    }

    /// CPython's and Numba's words for a missing attribute.
    pub fn no_attribute(&self, name: &str) -> String {
        format!("'{}' object has no attribute '{name}'", self.name)
    }
}

// The handle is the identity.
impl PartialEq for ClassTy {
    fn eq(&self, other: &Self) -> bool {
        self.handle == other.handle
    }
}

impl Eq for ClassTy {}

impl Hash for ClassTy {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.handle.hash(state);
    }
}

// A field may hold the class's own instances: printed by name only.
impl fmt::Debug for ClassTy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClassTy({}#{})", self.name, self.handle)
    }
}

fn classes() -> &'static Mutex<Vec<Arc<ClassTy>>> {
    static CLASSES: OnceLock<Mutex<Vec<Arc<ClassTy>>>> = OnceLock::new();
    CLASSES.get_or_init(|| Mutex::new(Vec::new()))
}

/// Registers a new class named `name` (its body given later, by `define`).
pub fn register(name: &str) -> Arc<ClassTy> {
    let mut all = classes().lock().expect("jitclasses");
    let c = Arc::new(ClassTy {
        handle: all.len() as u64,
        name: Arc::from(name),
        body: OnceLock::new(),
    });
    all.push(c.clone());
    c
}

/// The class registered with `handle`.
pub fn by_handle(handle: u64) -> Option<Arc<ClassTy>> {
    classes()
        .lock()
        .expect("jitclasses")
        .get(handle as usize)
        .cloned()
}

thread_local! {
    /// Whether a class's fields are being written (nested instances print by name only).
    static IN_FIELDS: Cell<bool> = const { Cell::new(false) };
}

fn write_class(prefix: &str, c: &ClassTy, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{prefix}jitclass.{}#{}", c.name, c.handle)?;
    if IN_FIELDS.with(|x| x.get()) {
        return Ok(());
    }
    IN_FIELDS.with(|x| x.set(true));
    let fields: Vec<String> = c
        .body()
        .fields
        .iter()
        .map(|(n, t)| format!("{n}:{t}"))
        .collect();
    IN_FIELDS.with(|x| x.set(false));
    write!(f, "<{}>", fields.join(","))
}

pub(super) struct JitClassKind;

impl TypeKind for JitClassKind {
    fn name(&self, t: &Type, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match t {
            Type::JitInstance(c) => write_class("instance.", c, f),
            Type::JitClass(c) => write_class("", c, f),
            Type::JitMethod(c, m) => write!(f, "BoundFunction({}#{m})", c.name),
            _ => unreachable!("{t:?} is no jitclass"),
        }
    }

    /// `instance.jitclass.Box#3<x:float64>` (the fields are the class's own, not read).
    fn parse(&self, word: &str, p: &mut TypeParser<'_>) -> Option<Result<Type, String>> {
        if word != "instance" {
            return None;
        }
        Some((|| {
            p.expect(b'.')?;
            if p.word() != "jitclass" {
                return Err("expected 'instance.jitclass.'".to_string());
            }
            p.expect(b'.')?;
            let _name = p.word();
            p.expect(b'#')?;
            let handle: u64 = p
                .word()
                .parse()
                .map_err(|_| "expected a jitclass handle".to_string())?;
            if p.eat(b'<') {
                let mut depth = 1;
                while depth > 0 {
                    if p.eat(b'<') {
                        depth += 1;
                    } else if p.eat(b'>') {
                        depth -= 1;
                    } else if !p.skip_char() {
                        return Err("unterminated jitclass type".to_string());
                    }
                }
            }
            let c = by_handle(handle).ok_or_else(|| format!("no jitclass #{handle}"))?;
            Ok(Type::JitInstance(c))
        })())
    }

    fn is_runtime(&self, t: &Type) -> bool {
        matches!(t, Type::JitInstance(_))
    }

    fn attribute(&self, t: &Type, name: &str) -> Option<Attribute> {
        match t {
            Type::JitInstance(c) => Attribute::of(c.field(name)?.1.clone()),
            _ => None,
        }
    }
}
