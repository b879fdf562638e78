//! Local type inference at call time (the Numba paper, §4.4; the Numba IR specification, "Type
//! Dependence Graph").
//!
//! The arguments' types come from the call. Every SSA value depends on its operands; the graph of
//! these dependencies is condensed into strongly connected components (loops make cycles through
//! phis), which are solved in topological order, with a fixpoint inside each component. A value
//! whose operands are not all known yet stays unknown for that round; phis unify what is known.
//! The result has a type for every value: no unknown reaches lowering.

mod decided;
mod generator;
mod noreturn;
mod raises;
mod rules;
mod scc;
mod solve;
pub mod suggest;
mod undefined;

use std::collections::HashMap;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result, SourceInfo};
use crate::ir::{Const, Function, Inst, Terminator, Value};
use crate::registry::Builtin;
use crate::types::{FuncId, ModuleKind, Type};

pub use rules::array_like::ArrayLikeArg;
pub(crate) use rules::{orders_none, stored_item};
pub use solve::const_type;

/// What a global or free variable of the function is, as seen by the compiler.
#[derive(Clone, Debug, PartialEq)]
pub enum GlobalValue {
    Const(Const),
    Module(ModuleKind),
    /// Another Python module: its attributes are resolved (and frozen) when used.
    PyModule(Arc<str>),
    Builtin(Builtin),
    ExceptionClass(Arc<str>),
    UserFunction(FuncId),
    /// A named tuple class (`collections.namedtuple`, `typing.NamedTuple`).
    NamedTupleClass(Arc<crate::types::NamedTupleTy>),
    /// A `@jitclass`.
    JitClass(Arc<crate::types::ClassTy>),
    /// A tuple of classes (`NUMERIC = (int, float)` for `isinstance`).
    Tuple(Vec<GlobalValue>),
    /// A type object other than a scalar type (`types.float64[:]`, `types.UniTuple(...)`):
    /// the type it stands for.
    TypeRef(Type),
    /// A value oxjit cannot use; the text describes it (`"a list"`).
    Unsupported(String),
    /// No such global.
    Missing,
}

pub use crate::registry::signature::{ArgSource, Decoded, Resolved};

/// What typing knows of one argument of a call to a function that makes code per call (an
/// `@overload`, a stencil): the host may generate different code for a constant argument.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgKnown {
    /// Only its type.
    Unknown,
    /// Its value is this constant.
    Const(Const),
    /// Left out: the parameter's default, this constant.
    Omitted(Const),
    /// The calling function's own parameter `n`, as the caller received it.
    Param(usize),
}

/// The function a call resolves to.
#[derive(Clone, Debug, PartialEq)]
pub enum CallTarget {
    /// A function the compiler implements, with its arguments bound and constants decoded.
    Builtin(Resolved),
    /// A user function (a dispatcher), specialised for `arg_types`.
    User {
        func: FuncId,
        args: Vec<ArgSource>,
        arg_types: Vec<Type>,
    },
    /// A call of a first-class function (`Type::Functions`): the call of each function it
    /// may be (`User` targets, in the order of the set); its value chooses one at run time.
    Indirect(Vec<CallTarget>),
    /// Building an exception instance (for `raise`).
    Exception(Arc<str>),
    /// Building a named tuple (a call of its class, or `p._replace(...)`): the value of each
    /// field, in field order (the class is the result's type); `ArgSource::Receiver` at place
    /// `k` is item `k` of `receiver` (`p` of `p._replace`).
    NamedTuple {
        args: Vec<ArgSource>,
        receiver: Option<Value>,
    },
    /// `p._asdict()` of the named tuple `receiver`: a new dict of its fields.
    NamedTupleAsDict { receiver: Value },
    /// Making an instance of a jitclass (a call of the class): a new block, then the call of
    /// its `__init__` (a `User` target whose `ArgSource::Receiver` is the new instance).
    Construct {
        class: Arc<crate::types::ClassTy>,
        init: Option<Box<CallTarget>>,
    },
    /// A `prange` loop of a `parallel=True` function, outlined by the `parfor` pass: the call's
    /// arguments are the range's start, stop and step (int64), the reductions' initial values,
    /// then the values the body reads; its result is the tuple of the reductions' final values.
    Parallel(Arc<ParallelLoop>),
}

/// An outlined `prange` loop (see [`CallTarget::Parallel`] and `passes/parfor`).
#[derive(Debug)]
pub struct ParallelLoop {
    /// Distinct from every dispatcher's id: the key codegen declares the body under.
    pub key: FuncId,
    /// `body(lo, hi, step, inits..., live-ins...)`: runs `range(lo, hi, step)`, with each
    /// reduction started from its identity, and returns the partial results (a tuple), or
    /// `None` when the loop has no reduction.
    pub body: Arc<TypedFunction>,
    /// `combine(acc, partial) -> acc` over the tuples of reductions, where there are any.
    pub combine: Option<Arc<TypedFunction>>,
}

impl PartialEq for ParallelLoop {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl CallTarget {
    /// The function the compiler implements that this call calls, if it is one.
    pub fn builtin(&self) -> Option<Builtin> {
        match self {
            CallTarget::Builtin(r) => Some(r.id),
            _ => None,
        }
    }
}

/// The answer about a user function's return type during inference.
pub struct UserCall {
    /// `None` while unknown (a recursive call before any base case was typed).
    pub return_type: Option<Type>,
    /// Whether the answer is an estimate, taken from a function that is still being typed.
    pub provisional: bool,
    /// The parameter types of the explicit signature the call resolved to, where they differ
    /// from the arguments' types (the arguments are converted to them).
    pub params: Option<Vec<Type>>,
    /// Whether the function never returns normally (`noreturn.rs`): the call's value is the
    /// bottom type, and nothing after the call runs.
    pub never_returns: bool,
}

/// What type inference asks of its surroundings (the session).
pub trait TypeEnv {
    fn global(&mut self, name: &str) -> GlobalValue;
    /// The attribute `attr` of the Python module `module`.
    fn module_attribute(&mut self, module: &str, attr: &str) -> GlobalValue;
    /// The module `path` (`import path` inside a function).
    fn import_module(&mut self, path: &str) -> GlobalValue {
        match path.rsplit_once('.') {
            Some((parent, last)) => self.module_attribute(parent, last),
            None => GlobalValue::Missing,
        }
    }
    /// The attribute names (`dir()`) of the Python object at the importable `path` (`"numpy"`,
    /// `"numpy.ndarray"`), to tell a missing attribute from an unsupported one; `None` where
    /// Python cannot be asked.
    fn attribute_names(&mut self, _path: &str) -> Option<Vec<String>> {
        None
    }
    /// The names a global lookup could have meant, most likely first (the function's globals,
    /// then the builtins), for "did you mean".
    fn global_names(&mut self) -> Vec<Vec<String>> {
        Vec::new()
    }
    /// The type an objmode output annotation names: `text` is a string's contents in Numba's
    /// syntax (`"float64[:]"`) or, where not `is_string`, a Python expression naming a type
    /// (`types.float64[:]`), evaluated by the host in the function's globals.
    fn objmode_type(&mut self, text: &str, is_string: bool) -> std::result::Result<Type, String> {
        match is_string {
            true => Type::parse(text),
            false => Err("type expressions need the Python host".into()),
        }
    }
    /// Matches a call's arguments to the parameters of user function `f`.
    fn bind_user_call(
        &mut self,
        f: FuncId,
        positional: usize,
        keywords: &[Arc<str>],
    ) -> std::result::Result<Vec<ArgSource>, String>;
    /// The user function a call to `f` with `args` runs: `f`, or the function an object that
    /// generates code per argument types (a stencil) makes for them (see `Host::specialize`).
    /// `known` says what is known of each argument beyond its type.
    fn specialize_user(
        &mut self,
        f: FuncId,
        _args: &[Type],
        _known: &[ArgKnown],
    ) -> Result<FuncId> {
        Ok(f)
    }
    /// The function that implements method `name` of values of type `recv` where the compiler
    /// has none (Numba's `@overload_method`), taking the receiver first.
    fn overloaded_method(&mut self, _recv: &Type, _name: &str) -> Option<FuncId> {
        None
    }
    /// The function that computes attribute `name` of values of type `recv` where the compiler
    /// has none (Numba's `@overload_attribute`), taking the value.
    fn overloaded_attribute(&mut self, _recv: &Type, _name: &str) -> Option<FuncId> {
        None
    }
    /// Types user function `f` for `args`.
    fn call_user(&mut self, f: FuncId, args: &[Type]) -> Result<UserCall>;
    /// Typing found the lengths of the starred arguments of the call at `site` (the offset of
    /// a placeholder call and which copy of it: `ssa/star_call.rs`), for the next build of the
    /// function.
    fn star_lengths(&mut self, _site: (u32, u32), _lengths: Vec<usize>) {}
    /// The id of the `index`th inner function of the function being typed (lifted by closure
    /// conversion; see `ssa/closure.rs`).
    fn inner_function(&mut self, _index: u32) -> Option<FuncId> {
        None
    }
    /// Matches a call's arguments to the parameters of the lifted inner function `f` after its
    /// first `captured` ones (what the closure captured).
    fn bind_inner_call(
        &mut self,
        f: FuncId,
        _captured: usize,
        positional: usize,
        keywords: &[Arc<str>],
    ) -> std::result::Result<Vec<ArgSource>, String> {
        self.bind_user_call(f, positional, keywords)
    }
}

/// A function with a type for every value.
#[derive(Debug)]
pub struct TypedFunction {
    pub func: Function,
    pub arg_types: Vec<Type>,
    pub types: Vec<Type>,
    pub return_type: Type,
    /// The constant value of values known at compile time.
    pub consts: Vec<Option<Const>>,
    pub calls: HashMap<Value, CallTarget>,
    /// The calls whose list or tuple arguments become arrays by `np.asarray` first, as NumPy
    /// converts them (`rules/array_like.rs`); the `array_like` pass inserts those calls and
    /// empties this.
    pub array_like: HashMap<Value, Vec<ArrayLikeArg>>,
    /// The first value that runs NumPy's BLAS/LAPACK, and what it is (`numpy.linalg.solve`, the
    /// `@` operator): recorded by typing, so that the library is found before compiling.
    pub lapack: Option<(Value, String)>,
    /// The array whose `.ctypes` each value of type `ctypes` is: `a.ctypes.data` is the address
    /// of that array's first item (lowering reads it here, never from the IR).
    pub ctypes_of: HashMap<Value, Value>,
    /// The parameters known never to be negative (the bounds of an outlined `prange` loop over
    /// a non-negative range), for `analysis::nonneg`.
    pub nonneg_args: Vec<u32>,
    /// Compiled with `parallel=True` (set by the `parfor` pass): its array expressions run on
    /// the thread pool too.
    pub parallel: bool,
    pub source: Arc<SourceInfo>,
}

impl TypedFunction {
    pub fn ty(&self, v: Value) -> &Type {
        &self.types[v.index()]
    }

    /// The argument types as typing found them: an empty list argument (`f([])`) with the item
    /// type its uses gave it (`int64` where nothing uses the list: no item of it is ever read).
    pub fn resolved_arg_types(&self) -> Vec<Type> {
        let mut out = self.arg_types.clone();
        for (k, data) in self.func.values.iter().enumerate() {
            if let Inst::Arg(i) = data.inst {
                if crate::types::has_empty_argument(&out[i as usize]) {
                    out[i as usize] = self.types[k].clone();
                }
            }
        }
        out.iter().map(crate::types::fill_unknown_items).collect()
    }

    pub fn constant(&self, v: Value) -> Option<&Const> {
        self.consts[v.index()].as_ref()
    }

    /// Whether no `return` of the function is reachable (it raises or loops forever).
    pub fn never_returns(&self) -> bool {
        noreturn::never_returns(&self.func)
    }

    /// The typed IR as text (`OXJIT_DUMP=typed`).
    /// The typed IR as text, followed by the functions outlined from its `prange` loops.
    pub fn dump(&self) -> String {
        let mut out = crate::ir::print::print_function(
            &self.func,
            Some(&self.types),
            Some(&self.return_type),
        );
        let mut loops: Vec<(&Value, &Arc<ParallelLoop>)> = self
            .calls
            .iter()
            .filter_map(|(v, c)| match c {
                CallTarget::Parallel(lp) => Some((v, lp)),
                _ => None,
            })
            .collect();
        loops.sort_by_key(|(v, _)| **v);
        for (v, lp) in loops {
            out.push_str(&format!("\n# the prange loop called at v{}:\n", v.0));
            out.push_str(&lp.body.dump());
            if let Some(c) = &lp.combine {
                out.push_str(&format!("\n# its reductions' combination:\n{}", c.dump()));
            }
        }
        out
    }
}

/// The outcome of one inference run.
// `Complete` is the common outcome, made once per inference and moved out at once: boxing its
// TypedFunction would add an allocation for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Inference {
    Complete {
        typed: TypedFunction,
        provisional: bool,
    },
    /// Some values could not be typed yet (recursion); the return type is what is known so far.
    Incomplete {
        return_type: Option<Type>,
        first_unknown: Diagnostic,
        provisional: bool,
    },
}

/// Infers the types of `func` called with `arg_types`.
///
/// With `declared_return` (an explicit signature's return type), every returned value is
/// converted to it, and a value that cannot be (Numba's `can_convert`) is a typing error.
/// The session runs the pass pipeline around it (pruning before; promotion, fusion after).
pub fn infer(
    func: &Function,
    arg_types: &[Type],
    declared_return: Option<&Type>,
    source: &Arc<SourceInfo>,
    env: &mut dyn TypeEnv,
) -> Result<Inference> {
    // A failure may come from code that constants found on the way make unreachable: typed
    // again without it (each round turns at least one branch into a jump).
    let mut pruned: Option<Function> = None;
    // `isinstance(x, list)` of a list is a run-time test (a Python list or a typed List); where
    // the branch it does not take fails to type, typed again answering it for a Python list.
    let mut speculate = false;
    loop {
        let current = pruned.as_ref().unwrap_or(func);
        let mut cx = solve::Inferer::new(current, arg_types, env);
        cx.speculate = speculate;
        let outcome = cx.run();
        // The code after a call that never returns is never run: typed without it.
        if let Some(next) = noreturn::cut_after_calls(current, &cx.noreturn) {
            pruned = Some(next);
            continue;
        }
        let (err, consts) = match outcome {
            // Code under a branch a constant decides is never run: typed without it, so that
            // it neither fails nor widens the types of the variables it assigns.
            Ok(()) => match decided::prune_decided(current, &cx.consts) {
                Some(next) => {
                    pruned = Some(next);
                    continue;
                }
                // Phis of a variable assigned only in code that never runs: `undef`s.
                None => match undefined::undefined_phis_as_undef(current, &cx.types) {
                    Some(next) => {
                        pruned = Some(next);
                        continue;
                    }
                    None => return complete(current, cx, arg_types, declared_return, source),
                },
            },
            Err(d) => (d.with_source(source), std::mem::take(&mut cx.consts)),
        };
        let tests = cx.container_tests;
        match decided::prune_decided(current, &consts) {
            Some(next) => pruned = Some(next),
            None if tests && !speculate => {
                speculate = true;
                pruned = None;
            }
            None => return Err(err),
        }
    }
}

/// The inference's result once the values are typed: the return type, and the typed function
/// (or what is still unknown).
fn complete(
    func: &Function,
    cx: solve::Inferer<'_>,
    arg_types: &[Type],
    declared_return: Option<&Type>,
    source: &Arc<SourceInfo>,
) -> Result<Inference> {
    let mut return_type: Option<Type> = None;
    let order = func.reverse_postorder();
    for &b in &order {
        if let Terminator::Return(v) = &func.block(b).term {
            if let (Some(t), Some(d)) = (&cx.types[v.index()], declared_return) {
                check_declared_return(t, d, func.block(b).term_range)
                    .map_err(|e| e.with_source(source))?;
                return_type = Some(d.clone());
            } else if let Some(t) = &cx.types[v.index()] {
                return_type = Some(match &return_type {
                    None => t.clone(),
                    Some(prev) => crate::types::unify(prev, t).ok_or_else(|| {
                        Diagnostic::typing(
                            format!("this function returns {prev} elsewhere but {t} here: a compiled function has one return type (Optional values are not supported yet)"),
                            func.block(b).term_range,
                        )
                        .with_source(source)
                    })?,
                });
            }
        }
    }
    if let Some(d) = declared_return {
        return_type = Some(d.clone());
    }
    if func.is_generator() {
        // A call of a generator function makes a generator; its body's `return`s end it.
        return_type = generator::return_type(func, &cx.types).map_err(|e| e.with_source(source))?;
    }
    if let Some(d) = cx.undetermined_error() {
        return Err(d.with_source(source));
    }
    // A string constant returned is a string.
    let return_type = return_type.map(|t| crate::types::widen_literal(&t));
    if let Some(unknown) = cx.first_unknown() {
        let name = func.values[unknown.index()]
            .name
            .as_deref()
            .map(|n| format!(" of '{n}'"))
            .unwrap_or_default();
        let message = match func.inst(unknown) {
            Inst::Undef(n) => format!("local variable '{n}' may be used before it is assigned"),
            _ => format!(
                "cannot infer the type{name} (a recursive call without a base case that returns?)"
            ),
        };
        let d = Diagnostic::typing(message, func.range(unknown)).with_source(source);
        return Ok(Inference::Incomplete {
            return_type,
            first_unknown: d,
            provisional: cx.provisional,
        });
    }
    let return_type = return_type.unwrap_or(Type::NoneType);
    let types: Vec<Type> = cx
        .types
        .into_iter()
        .map(|t| t.unwrap_or(Type::NoneType))
        .collect();
    let typed = TypedFunction {
        func: func.clone(),
        arg_types: arg_types.to_vec(),
        types,
        return_type,
        consts: cx.consts,
        calls: cx.calls,
        array_like: cx.array_like,
        lapack: cx.lapack.into_iter().next(),
        ctypes_of: cx.ctypes_of,
        nonneg_args: Vec::new(),
        parallel: false,
        source: source.clone(),
    };
    check_runtime_values(&typed)?;
    raises::check_raises(&typed)?;
    Ok(Inference::Complete {
        typed,
        provisional: cx.provisional,
    })
}

/// A value of type `t` returned where the signature declares `declared`: it must convert.
fn check_declared_return(
    t: &Type,
    declared: &Type,
    range: ruff_text_size::TextRange,
) -> Result<()> {
    if crate::convert::can_convert(t, declared).is_some() {
        return Ok(());
    }
    Err(Diagnostic::typing(
        format!("No conversion from {t} to {declared} for the return value: the function's signature declares it returns {declared}"),
        range,
    ))
}

/// Values that reach run time must have a machine representation (a module cannot be returned).
fn check_runtime_values(typed: &TypedFunction) -> Result<()> {
    let func = &typed.func;
    for b in func.reverse_postorder() {
        if let Terminator::Return(v) = &func.block(b).term {
            let t = typed.ty(*v);
            // A compiled function is returned as itself (its type says which; Python gets
            // its dispatcher).
            if !t.is_runtime()
                && !crate::types::widen_literal(t).is_runtime()
                && !matches!(t, Type::UserFunction(_))
            {
                return Err(Diagnostic::typing(
                    format!("cannot return a value of type {t} from a compiled function"),
                    func.range(*v),
                )
                .with_source(&typed.source));
            }
        }
    }
    Ok(())
}
