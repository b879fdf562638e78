//! A compile session: parses, lowers and types user functions on demand, caches the results, and
//! resolves calls between them, including self and mutual recursion.
//!
//! A recursive function is typed in rounds: a call to a function that is still being typed
//! answers that function's current return-type estimate (none at first), and the function is
//! typed again with the estimate its base cases gave, until the estimate stops changing.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Result, SourceInfo};
use crate::ir::{Const, Function};
use crate::passes::{PassManager, PassOptions, PassTiming};
use crate::registry::signature;
use crate::syntax::{self, FunctionKind, FunctionSyntax};
use crate::typeinfer::{
    self, ArgKnown, ArgSource, GlobalValue, Inference, TypeEnv, TypedFunction, UserCall,
};
use crate::types::{FuncId, Type};

/// The source of a user function, as the host finds it.
pub struct FunctionInput {
    pub source: Arc<SourceInfo>,
    pub kind: FunctionKind,
    /// Default values of the trailing parameters (`None` where a default is not a constant oxjit
    /// can use).
    pub defaults: Vec<Option<Const>>,
    /// Default values of the keyword-only parameters that have one, by name (`None` as above).
    pub kwdefaults: Vec<(Arc<str>, Option<Const>)>,
    /// The frozenset constants of the function's code object and those nested in it, where the
    /// host knows them (the order of constant set displays follows them: `ssa/set_display.rs`).
    pub frozensets: Vec<crate::ssa::FrozenSetConst>,
}

/// What the session asks of the embedding (the Python extension).
pub trait Host {
    fn function_input(&mut self, f: FuncId) -> Result<FunctionInput>;
    /// The function's own source text, when the first answer (a whole file) did not do.
    fn function_input_fallback(&mut self, f: FuncId) -> Result<FunctionInput> {
        self.function_input(f)
    }
    /// Resolves a global or free variable of `f` (read once; the answer is frozen).
    fn resolve_global(&mut self, f: FuncId, name: &str) -> GlobalValue;
    /// Resolves `module.attr` for a module without a registry.
    fn module_attribute(&mut self, module: &str, attr: &str) -> GlobalValue;
    /// Imports the module `path` (`import path` inside a function).
    fn import_module(&mut self, path: &str) -> GlobalValue {
        match path.rsplit_once('.') {
            Some((parent, last)) => self.module_attribute(parent, last),
            None => GlobalValue::Missing,
        }
    }
    /// `dir()` of the Python object at `path` (see [`TypeEnv::attribute_names`]).
    fn attribute_names(&mut self, _path: &str) -> Option<Vec<String>> {
        None
    }
    /// The type an objmode output annotation of `f` names (see [`TypeEnv::objmode_type`]).
    fn objmode_type(
        &mut self,
        _f: FuncId,
        text: &str,
        is_string: bool,
    ) -> std::result::Result<Type, String> {
        match is_string {
            true => Type::parse(text),
            false => Err("type expressions need the Python host".into()),
        }
    }
    /// The global and builtin names `f` could have meant (see [`TypeEnv::global_names`]).
    fn global_names(&mut self, _f: FuncId) -> Vec<Vec<String>> {
        Vec::new()
    }
    /// The function that a call from `caller` to user function `f` with `args` runs: `f` itself
    /// for a plain dispatcher; an object that generates code per argument types (a stencil)
    /// names another. `kernel_return` is the answer to an earlier [`Specialized::NeedsReturnType`];
    /// `known` what typing knows of each argument beyond its type (an `@overload`'s typing
    /// function sees constants as literal types).
    fn specialize(
        &mut self,
        _caller: FuncId,
        _f: FuncId,
        _args: &[Type],
        _kernel_return: Option<&Type>,
        _known: &[ArgKnown],
    ) -> Result<Specialized> {
        Ok(Specialized::Same)
    }
    /// The function implementing method `name` of `recv` values where the compiler has none
    /// (see [`TypeEnv::overloaded_method`]).
    fn overloaded_method(&mut self, _recv: &Type, _name: &str) -> Option<FuncId> {
        None
    }
    /// The function computing attribute `name` of `recv` values where the compiler has none
    /// (see [`TypeEnv::overloaded_attribute`]).
    fn overloaded_attribute(&mut self, _recv: &Type, _name: &str) -> Option<FuncId> {
        None
    }
}

/// The host's answer to [`Host::specialize`].
pub enum Specialized {
    /// Call `f` itself.
    Same,
    /// Call this function instead (same parameters).
    Function(FuncId),
    /// The same, compiled with `parallel=True` (its dispatcher could not say so itself: it was
    /// made while this compile holds the compiler).
    Parallel(FuncId),
    /// Ask again, with the return type of `of` typed for `args` (what the generated code
    /// depends on, such as a stencil kernel's result type, which decides the output's dtype).
    NeedsReturnType { of: FuncId, args: Vec<Type> },
}

/// A parsed and lowered user function.
pub struct FunctionEntry {
    pub source: Arc<SourceInfo>,
    pub syntax: FunctionSyntax,
    pub ssa: Function,
    pub defaults: Vec<Option<Const>>,
    /// `*args` and the keyword-only parameters, for binding calls.
    pub shape: signature::PythonShape,
    /// Where the function is built again for each specialization (`literal_unroll` loops,
    /// calls with starred arguments: `ssa::rebuilt`): what it is built with.
    pub unrolls: Option<Rebuild>,
}

/// What a function built again for each specialization is built with.
pub struct Rebuild {
    pub env: crate::ssa::BuildEnv,
    /// The variables an inner function captures (its first parameters).
    pub captures: Vec<crate::ir::Capture>,
}

type Key = (FuncId, Vec<Type>);

/// An explicit signature: argument types and the declared return type, if any.
type Signature = (Vec<Type>, Option<Type>);

/// Caches of everything compiled so far, shared by all dispatchers.
#[derive(Default)]
pub struct Session {
    functions: HashMap<FuncId, Arc<FunctionEntry>>,
    typed: HashMap<Key, Arc<TypedFunction>>,
    /// The functions being typed, each with the estimate of its return type its recursive
    /// calls get, and whether they are told it never returns.
    in_progress: HashMap<Key, (Option<Type>, bool)>,
    /// Explicit signatures (`njit("int8(int64)")`) of each function, in the order given: the
    /// argument types and the declared return type, if any.
    signatures: HashMap<FuncId, Vec<Signature>>,
    /// Functions compiled for their explicit signatures only: calls from compiled code convert
    /// their arguments to one of the signatures, as Numba's locked dispatchers do.
    locked: HashSet<FuncId>,
    /// The globals of each function, resolved once (at its first compile) and frozen: every
    /// specialization sees the same values, and a global array is copied once.
    globals: HashMap<(FuncId, String), GlobalValue>,
    /// The passes before and after typing, with their verification, dumps and timings.
    passes: PassManager,
    /// Functions compiled with `parallel=True`.
    parallel: HashSet<FuncId>,
    /// What the parallel pass did to each specialization of those (`.parallel_diagnostics()`).
    parallel_notes: HashMap<Key, Vec<String>>,
    /// The kernels of `@vectorize` ufuncs: compiled code calling the ufunc calls the kernel,
    /// with numbers only (a call with arrays would need the ufunc's loop, not done there yet).
    scalar_only: HashSet<FuncId>,
    /// The ids of the inner functions lifted out of each function (by the function's id and
    /// the inner function's index), and the top-level function each belongs to (whose globals
    /// it sees).
    lifted: HashMap<(FuncId, u32), FuncId>,
    roots: HashMap<FuncId, FuncId>,
    next_lifted: FuncId,
    /// The lengths of starred call arguments typing found (`typeinfer/rules/star_args.rs`), by
    /// function and call site, until the function's typing takes them.
    star_requests: Vec<(FuncId, (u32, u32), Vec<usize>)>,
}

/// Where a lifted inner function comes from (see [`Session::closure_origin`]).
#[derive(Clone, Debug)]
pub struct ClosureOrigin {
    /// The dispatcher's function it was defined in (at any depth).
    pub root: FuncId,
    /// Its name (`<lambda>` for a lambda) and the line of the file it starts on.
    pub name: String,
    pub line: u32,
    /// The names of the variables it captured.
    pub captures: Vec<Arc<str>>,
    /// All its parameters: the captured variables, then its own.
    pub params: Vec<Arc<str>>,
    pub defaults: Vec<Option<Const>>,
}

/// The ids of lifted inner functions start here; dispatchers' are below, outlined `prange`
/// bodies' above (`analysis::recursion::PARALLEL_KEYS`).
pub const LIFTED_KEYS: FuncId = 1 << 61;

impl Session {
    /// A session whose passes are instrumented as the environment asks (`OXJIT_DUMP`,
    /// `OXJIT_TIMINGS`, `OXJIT_VERIFY`).
    pub fn new() -> Session {
        Session::with_pass_options(PassOptions::from_env())
    }

    pub fn with_pass_options(options: PassOptions) -> Session {
        Session {
            passes: PassManager::new(options),
            ..Session::default()
        }
    }

    /// The time of each pass run since the last call (with `OXJIT_TIMINGS`).
    pub fn take_pass_timings(&mut self) -> Vec<PassTiming> {
        self.passes.take_timings()
    }

    /// The parsed and lowered function `f`.
    pub fn function(&mut self, host: &mut dyn Host, f: FuncId) -> Result<Arc<FunctionEntry>> {
        if let Some(e) = self.functions.get(&f) {
            return Ok(e.clone());
        }
        let mut input = host.function_input(f)?;
        let syntax = match syntax::parse_function(&input.source, &input.kind) {
            Ok(s) => s,
            // The whole file did not parse (or the def was not found in it): ask for the
            // function's own text instead.
            Err(_) if matches!(input.kind, FunctionKind::DefAt { .. }) => {
                input = host.function_input_fallback(f)?;
                syntax::parse_function(&input.source, &input.kind)?
            }
            Err(e) => return Err(e),
        };
        let env = crate::ssa::BuildEnv {
            shadowed: self.shadowed_reductions(host, f),
            frozensets: input.frozensets.into(),
        };
        let ssa = crate::ssa::build_function_with(&syntax, &env)
            .map_err(|d| d.with_source(&input.source))?;
        if self.passes.options.verify {
            crate::ir::verify(&ssa)
                .map_err(|m| Diagnostic::internal(format!("SSA verifier: {m}")))?;
        }
        let shape = python_shape(&syntax, &input.kwdefaults);
        let unrolls = crate::ssa::rebuilt(&syntax).then(|| Rebuild {
            env,
            captures: Vec::new(),
        });
        let entry = Arc::new(FunctionEntry {
            source: input.source,
            syntax,
            ssa,
            defaults: input.defaults,
            shape,
            unrolls,
        });
        self.register_inner(f, &entry);
        self.functions.insert(f, entry.clone());
        Ok(entry)
    }

    /// The lengths of the global (or closure) constant tuples `f`'s `literal_unroll` loops go
    /// over, added to `lengths` (a local of the same name is filtered out by the SSA build).
    fn global_tuple_lengths(
        &mut self,
        host: &mut dyn Host,
        f: FuncId,
        syntax: &FunctionSyntax,
        lengths: &mut HashMap<String, usize>,
    ) {
        let FunctionSyntax::Def(def) = syntax else {
            return;
        };
        let root = self.root_of(f);
        for name in crate::ssa::unrolled_names(&def.body) {
            if lengths.contains_key(&name) {
                continue;
            }
            let key = (root, name.clone());
            let g = match self.globals.get(&key) {
                Some(g) => g.clone(),
                None => {
                    let g = host.resolve_global(root, &name);
                    self.globals.insert(key, g.clone());
                    g
                }
            };
            if let GlobalValue::Const(Const::Tuple(items)) = g {
                lengths.insert(name, items.len());
            }
        }
    }

    /// The reductions (`sum`, `min`...) that `f`'s globals rebind: a call of those on a
    /// generator expression is not Python's builtin (see `ssa/genexpr.rs`).
    fn shadowed_reductions(&mut self, host: &mut dyn Host, f: FuncId) -> HashSet<String> {
        let root = self.root_of(f);
        let mut shadowed = HashSet::new();
        for name in crate::ssa::reductions() {
            let key = (root, name.to_string());
            let g = match self.globals.get(&key) {
                Some(g) => g.clone(),
                None => {
                    let g = host.resolve_global(root, name);
                    self.globals.insert(key, g.clone());
                    g
                }
            };
            let builtin = match &g {
                GlobalValue::Builtin(b) => b.name() == *name,
                // Python's own `dict` has no registry entry: the host names it.
                GlobalValue::Unsupported(m) => m.starts_with(&format!("'builtins.{name}'")),
                _ => false,
            };
            if !builtin {
                shadowed.insert(name.to_string());
            }
        }
        shadowed
    }

    /// Gives each inner function of `entry` (lifted by closure conversion) an id of its own, at
    /// every depth, so that it is typed and compiled as any user function.
    fn register_inner(&mut self, f: FuncId, entry: &FunctionEntry) {
        let root = self.root_of(f);
        for (i, inner) in entry.ssa.inner.iter().enumerate() {
            let id = LIFTED_KEYS + self.next_lifted;
            self.next_lifted += 1;
            self.lifted.insert((f, i as u32), id);
            self.roots.insert(id, root);
            let lifted = FunctionEntry {
                source: entry.source.clone(),
                syntax: inner.syntax.clone(),
                ssa: inner.ssa.clone(),
                defaults: inner.defaults.clone(),
                shape: python_shape(
                    &inner.syntax,
                    &crate::ssa::inner_kwdefaults(inner.syntax.parameters()),
                ),
                // An inner function with starred calls or `literal_unroll` loops is built again
                // for each specialization, as a top-level one is (its captured tuples are
                // arguments of known lengths then).
                unrolls: crate::ssa::rebuilt(&inner.syntax).then(|| Rebuild {
                    env: entry
                        .unrolls
                        .as_ref()
                        .map(|r| r.env.clone())
                        .unwrap_or_default(),
                    captures: inner.captures.clone(),
                }),
            };
            self.register_inner(id, &lifted);
            self.functions.insert(id, Arc::new(lifted));
        }
    }

    /// Where the lifted inner function `id` comes from, for a closure returned to Python (which
    /// gets the inner function's own code object, its cells holding the captured values).
    pub fn closure_origin(&self, id: FuncId, captured: usize) -> Option<ClosureOrigin> {
        let entry = self.functions.get(&id)?;
        let root = *self.roots.get(&id)?;
        let (line, _, _) = entry.source.locate(entry.syntax.range().start().into());
        Some(ClosureOrigin {
            root,
            name: entry.syntax.name(),
            line,
            captures: entry.ssa.params[..captured].to_vec(),
            params: entry.ssa.params.clone(),
            defaults: entry.defaults.clone(),
        })
    }

    /// Makes `new` (a dispatcher's id) stand for the lifted function `of`: the dispatcher a
    /// closure returned to Python calls, with the captured values as its first arguments.
    pub fn alias(&mut self, new: FuncId, of: FuncId) {
        if let Some(entry) = self.functions.get(&of).cloned() {
            self.functions.insert(new, entry);
        }
        self.roots.insert(new, self.root_of(of));
        let inner: Vec<(u32, FuncId)> = self
            .lifted
            .iter()
            .filter(|((f, _), _)| *f == of)
            .map(|((_, i), id)| (*i, *id))
            .collect();
        for (i, id) in inner {
            self.lifted.insert((new, i), id);
        }
    }

    /// The top-level function `f` was lifted from (`f` itself for a dispatcher's function).
    pub fn root_of(&self, f: FuncId) -> FuncId {
        self.roots.get(&f).copied().unwrap_or(f)
    }

    /// Records an explicit signature of `f`, before it is typed for `args`. The first signature
    /// given for some argument types stands (as in Numba); an earlier typing of `f` for `args`
    /// without this return type is dropped, so the next one converts the result.
    pub fn declare(&mut self, f: FuncId, args: &[Type], ret: Option<Type>) {
        let sigs = self.signatures.entry(f).or_default();
        if sigs.iter().any(|(a, _)| a == args) {
            return;
        }
        if let (Some(r), Some(t)) = (&ret, self.typed.get(&(f, args.to_vec()))) {
            if &t.return_type != r {
                self.typed.remove(&(f, args.to_vec()));
            }
        }
        sigs.push((args.to_vec(), ret));
    }

    /// From now on, `f` is only called through its explicit signatures.
    pub fn lock(&mut self, f: FuncId) {
        self.locked.insert(f);
    }

    /// From now on, compiled code calls `f` (a ufunc's kernel) with numbers only.
    pub fn set_scalar_only(&mut self, f: FuncId) {
        self.scalar_only.insert(f);
    }

    /// A typing error where `f` is a ufunc's kernel and `args` are not all numbers.
    fn check_scalar_call(&mut self, host: &mut dyn Host, f: FuncId, args: &[Type]) -> Result<()> {
        if !self.scalar_only.contains(&f) || args.iter().all(Type::is_numeric) {
            return Ok(());
        }
        let name = self.function(host, f)?.ssa.name.clone();
        let got = args
            .iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ");
        // No range: the caller's typing puts the call's range on it.
        Err(Diagnostic {
            range: None,
            ..Diagnostic::typing(
                format!(
                    "'{name}' is a @vectorize ufunc: compiled code calls its kernel with \
                     numbers, not ({got}); calling a ufunc with arrays from compiled code is not \
                     supported yet"
                ),
                Default::default(),
            )
        })
    }

    /// Compiles `f`'s `prange` loops for the thread pool (`parallel=True`).
    pub fn set_parallel(&mut self, f: FuncId) {
        self.parallel.insert(f);
    }

    /// What the parallel pass did to `f(args)`, one line per `prange` loop (`None`: `f` is not
    /// a parallel function, or not compiled for `args`).
    pub fn parallel_notes(&self, f: FuncId, args: &[Type]) -> Option<&[String]> {
        self.parallel_notes
            .get(&(f, args.to_vec()))
            .map(Vec::as_slice)
    }

    /// The return type declared for `f` called with exactly `args`.
    fn declared_return(&self, f: FuncId, args: &[Type]) -> Option<Type> {
        self.signatures
            .get(&f)?
            .iter()
            .find(|(a, _)| a == args)
            .and_then(|(_, r)| r.clone())
    }

    /// For a call from compiled code to a locked function: the signature the arguments convert
    /// to (Numba's overload resolution, unsafe conversions allowed, the first of equals).
    fn locked_signature(
        &mut self,
        host: &mut dyn Host,
        f: FuncId,
        args: &[Type],
    ) -> Result<Option<Vec<Type>>> {
        if !self.locked.contains(&f) {
            return Ok(None);
        }
        let sigs = self.signatures.get(&f).cloned().unwrap_or_default();
        match crate::convert::select_overload(args, sigs.iter().map(|(a, _)| &a[..]), true) {
            Some((index, _)) => Ok(Some(sigs[index].0.clone())),
            None => {
                let name = self.function(host, f)?.ssa.name.clone();
                let list = |types: &[Type]| {
                    types
                        .iter()
                        .map(|t| t.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let known: Vec<String> =
                    sigs.iter().map(|(a, _)| format!("({})", list(a))).collect();
                // Without a range: the caller's typing points it at the call.
                let mut d = Diagnostic::typing(
                    format!(
                        "No matching definition for argument type(s) ({}) of '{name}', compiled for its explicit signatures only: {}",
                        list(args),
                        known.join(", ")
                    ),
                    Default::default(),
                );
                d.range = None;
                Err(d)
            }
        }
    }

    /// Forgets `f` (its dispatcher is gone).
    pub fn forget(&mut self, f: FuncId) {
        // A compile that panicked left the calls it was typing marked in progress: none is any
        // more (left, every later recursive function looked mid-typing and stayed provisional).
        self.in_progress.clear();
        self.functions.remove(&f);
        self.typed.retain(|k, _| k.0 != f);
        self.globals.retain(|k, _| k.0 != f);
    }

    /// The typed function `f` for `args`, typing it (and its callees) if needed.
    pub fn typed(
        &mut self,
        host: &mut dyn Host,
        f: FuncId,
        args: &[Type],
    ) -> Result<Arc<TypedFunction>> {
        // The answer's return type is in the cached function; a provisional answer leaves none.
        self.type_call(host, f, args)?;
        if let Some(t) = self.typed.get(&(f, args.to_vec())) {
            return Ok(t.clone());
        }
        Err(Diagnostic::internal("a function stayed incompletely typed"))
    }

    /// A typed function already in the cache.
    pub fn cached(&self, f: FuncId, args: &[Type]) -> Option<Arc<TypedFunction>> {
        self.typed.get(&(f, args.to_vec())).cloned()
    }

    fn type_call(&mut self, host: &mut dyn Host, f: FuncId, args: &[Type]) -> Result<UserCall> {
        let key: Key = (f, args.to_vec());
        if let Some(t) = self.typed.get(&key) {
            return Ok(UserCall {
                return_type: Some(t.return_type.clone()),
                provisional: false,
                params: None,
                never_returns: t.never_returns(),
            });
        }
        if let Some((estimate, never)) = self.in_progress.get(&key) {
            return Ok(UserCall {
                return_type: estimate.clone(),
                provisional: true,
                params: None,
                never_returns: *never,
            });
        }
        let entry = self.function(host, f)?;
        if entry.ssa.params.len() != args.len() {
            return Err(Diagnostic::internal(format!(
                "{} takes {} arguments, typed with {}",
                entry.ssa.name,
                entry.ssa.params.len(),
                args.len()
            )));
        }
        // A declared return type is known before typing: recursive calls see it at once.
        let declared = self.declared_return(f, args);
        let mut sites = crate::ssa::StarSites::new();
        let unrolled = self.unrolled(host, f, &entry, args, &sites)?;
        let mut ssa = self
            .passes
            .before_typing(unrolled.as_ref().unwrap_or(&entry.ssa), args)?;
        let mut estimate: Option<Type> = declared.clone();
        // Whether the recursive calls are told the function never returns (tried where no
        // `return` typed: it is so if typing without the code after them finds none either).
        let mut never = false;
        let mut rounds = 0;
        let mut rebuilds = 0;
        let result = loop {
            rounds += 1;
            self.in_progress
                .insert(key.clone(), (estimate.clone(), never));
            let mut env = SessionEnv {
                session: self,
                host,
                func: f,
            };
            let outcome = typeinfer::infer(&ssa, args, declared.as_ref(), &entry.source, &mut env);
            // Typing found the lengths of starred call arguments (`ssa/star_call.rs`): built
            // again with them (each round settles at least one call site).
            let asked = self.take_star_requests(f, &sites);
            if let (Err(_), Some(found), true) = (&outcome, &asked, entry.unrolls.is_some()) {
                if rebuilds < 64 {
                    rebuilds += 1;
                    rounds -= 1;
                    sites.extend(found.clone());
                    let again = match self.unrolled(host, f, &entry, args, &sites) {
                        Ok(again) => again,
                        Err(e) => break Err(e),
                    };
                    let again = again.as_ref().unwrap_or(&entry.ssa);
                    match self.passes.before_typing(again, args) {
                        Ok(typed) => ssa = std::borrow::Cow::Owned(typed.into_owned()),
                        Err(e) => break Err(e),
                    }
                    continue;
                }
            }
            match outcome {
                Err(e) => break Err(e),
                Ok(Inference::Complete {
                    mut typed,
                    provisional,
                }) => {
                    let settled = typed.return_type
                        == *estimate.as_ref().unwrap_or(&typed.return_type)
                        && (!never || typed.never_returns());
                    if !settled && rounds < 8 {
                        estimate = Some(typed.return_type.clone());
                        never = false;
                        continue;
                    }
                    if provisional && !self.depends_only_on_self(&key) {
                        break Ok(UserCall {
                            return_type: Some(typed.return_type.clone()),
                            provisional: true,
                            params: None,
                            never_returns: typed.never_returns(),
                        });
                    }
                    let mut cx = crate::passes::PassContext {
                        parallel: self.parallel.contains(&f),
                        ..Default::default()
                    };
                    if let Err(e) = self.passes.after_typing(&mut typed, &mut cx) {
                        break Err(e);
                    }
                    if cx.parallel {
                        self.parallel_notes.insert(key.clone(), cx.parallel_notes);
                    }
                    let rt = typed.return_type.clone();
                    let never_returns = typed.never_returns();
                    self.typed.insert(key.clone(), Arc::new(typed));
                    break Ok(UserCall {
                        return_type: Some(rt),
                        provisional: false,
                        params: None,
                        never_returns,
                    });
                }
                Ok(Inference::Incomplete {
                    return_type,
                    first_unknown,
                    provisional,
                }) => {
                    if return_type.is_some() && return_type != estimate && rounds < 8 {
                        estimate = return_type;
                        never = false;
                        continue;
                    }
                    // No `return` typed: perhaps every one follows a recursive call (the
                    // function raises or recurses on every path).
                    if return_type.is_none() && estimate.is_none() && !never && rounds < 8 {
                        estimate = Some(Type::NoneType);
                        never = true;
                        continue;
                    }
                    if provisional && self.in_progress.len() > 1 {
                        break Ok(UserCall {
                            return_type,
                            provisional: true,
                            params: None,
                            never_returns: false,
                        });
                    }
                    break Err(first_unknown);
                }
            }
        };
        self.in_progress.remove(&key);
        result
    }

    /// The SSA of `f` built for one specialization (the lengths of its tuple arguments, the
    /// lengths of starred call arguments typing found), where its build depends on them.
    fn unrolled(
        &mut self,
        host: &mut dyn Host,
        f: FuncId,
        entry: &FunctionEntry,
        args: &[Type],
        sites: &crate::ssa::StarSites,
    ) -> Result<Option<Function>> {
        let Some(rebuild) = &entry.unrolls else {
            return Ok(None);
        };
        let mut lengths = crate::ssa::tuple_lengths(&entry.ssa.params, args);
        self.global_tuple_lengths(host, f, &entry.syntax, &mut lengths);
        let built = crate::ssa::build_function_unrolled(
            &entry.syntax,
            &rebuild.captures,
            &rebuild.env,
            lengths,
            sites,
        );
        built.map(Some).map_err(|d| d.with_source(&entry.source))
    }

    /// The lengths of starred call arguments typing found in `f` since last asked, where they
    /// are new (not in `known`).
    fn take_star_requests(
        &mut self,
        f: FuncId,
        known: &crate::ssa::StarSites,
    ) -> Option<crate::ssa::StarSites> {
        let mut found = crate::ssa::StarSites::new();
        self.star_requests.retain(|(g, site, lengths)| {
            if *g == f && known.get(site) != Some(lengths) {
                found.insert(*site, lengths.clone());
            }
            *g != f
        });
        (!found.is_empty()).then_some(found)
    }

    /// Whether the only function being typed is `key` itself (so estimates it used were its own).
    fn depends_only_on_self(&self, key: &Key) -> bool {
        self.in_progress.len() == 1 && self.in_progress.contains_key(key)
    }
}

struct SessionEnv<'a> {
    session: &'a mut Session,
    host: &'a mut dyn Host,
    func: FuncId,
}

impl TypeEnv for SessionEnv<'_> {
    fn global(&mut self, name: &str) -> GlobalValue {
        // An inner function sees the globals of the function it was defined in.
        let root = self.session.root_of(self.func);
        let key = (root, name.to_string());
        if let Some(g) = self.session.globals.get(&key) {
            return g.clone();
        }
        let g = self.host.resolve_global(root, name);
        self.session.globals.insert(key, g.clone());
        g
    }

    fn module_attribute(&mut self, module: &str, attr: &str) -> GlobalValue {
        self.host.module_attribute(module, attr)
    }

    fn import_module(&mut self, path: &str) -> GlobalValue {
        self.host.import_module(path)
    }

    fn attribute_names(&mut self, path: &str) -> Option<Vec<String>> {
        self.host.attribute_names(path)
    }

    fn global_names(&mut self) -> Vec<Vec<String>> {
        self.host.global_names(self.session.root_of(self.func))
    }

    fn objmode_type(&mut self, text: &str, is_string: bool) -> std::result::Result<Type, String> {
        self.host
            .objmode_type(self.session.root_of(self.func), text, is_string)
    }

    fn star_lengths(&mut self, site: (u32, u32), lengths: Vec<usize>) {
        self.session.star_requests.push((self.func, site, lengths));
    }

    fn inner_function(&mut self, index: u32) -> Option<FuncId> {
        self.session.lifted.get(&(self.func, index)).copied()
    }

    fn bind_inner_call(
        &mut self,
        f: FuncId,
        captured: usize,
        positional: usize,
        keywords: &[Arc<str>],
    ) -> std::result::Result<Vec<ArgSource>, String> {
        let entry = self.session.function(self.host, f).map_err(|d| d.message)?;
        let params = &entry.ssa.params[captured..];
        let sig = signature::Signature::python_shaped(
            &entry.ssa.name,
            params,
            &entry.defaults,
            &entry.shape,
        );
        signature::bind(&sig, positional, keywords)
    }

    fn bind_user_call(
        &mut self,
        f: FuncId,
        positional: usize,
        keywords: &[Arc<str>],
    ) -> std::result::Result<Vec<ArgSource>, String> {
        let entry = self.session.function(self.host, f).map_err(|d| d.message)?;
        let sig = signature::Signature::python_shaped(
            &entry.ssa.name,
            &entry.ssa.params,
            &entry.defaults,
            &entry.shape,
        );
        signature::bind(&sig, positional, keywords)
    }

    fn specialize_user(&mut self, f: FuncId, args: &[Type], known: &[ArgKnown]) -> Result<FuncId> {
        let mut kernel_return = None;
        let caller = self.session.root_of(self.func);
        // A parameter of a lifted inner function is not one of the dispatcher's.
        let known: Vec<ArgKnown> = known
            .iter()
            .map(|k| match k {
                ArgKnown::Param(_) if caller != self.func => ArgKnown::Unknown,
                k => k.clone(),
            })
            .collect();
        loop {
            match self
                .host
                .specialize(caller, f, args, kernel_return.as_ref(), &known)?
            {
                Specialized::Same => return Ok(f),
                Specialized::Function(g) => return Ok(g),
                Specialized::Parallel(g) => {
                    self.session.set_parallel(g);
                    return Ok(g);
                }
                Specialized::NeedsReturnType { of, args } if kernel_return.is_none() => {
                    let answer = self.session.type_call(self.host, of, &args)?;
                    match answer.return_type {
                        Some(t) if !answer.provisional => kernel_return = Some(t),
                        _ => {
                            return Err(Diagnostic::internal(
                                "the return type of a generated function's kernel is not known",
                            ))
                        }
                    }
                }
                Specialized::NeedsReturnType { .. } => {
                    return Err(Diagnostic::internal(
                        "the host asked twice for a kernel's return type",
                    ))
                }
            }
        }
    }

    fn overloaded_method(&mut self, recv: &Type, name: &str) -> Option<FuncId> {
        self.host.overloaded_method(recv, name)
    }

    fn overloaded_attribute(&mut self, recv: &Type, name: &str) -> Option<FuncId> {
        self.host.overloaded_attribute(recv, name)
    }

    fn call_user(&mut self, f: FuncId, args: &[Type]) -> Result<UserCall> {
        self.session.check_scalar_call(self.host, f, args)?;
        match self.session.locked_signature(self.host, f, args)? {
            Some(params) => {
                let answer = self.session.type_call(self.host, f, &params)?;
                Ok(UserCall {
                    params: Some(params),
                    ..answer
                })
            }
            None => self.session.type_call(self.host, f, args),
        }
    }
}

/// A function's `*args` and keyword-only parameters (with the defaults the host found).
fn python_shape(
    syntax: &FunctionSyntax,
    kwdefaults: &[(Arc<str>, Option<Const>)],
) -> signature::PythonShape {
    let Some(p) = syntax.parameters() else {
        return signature::PythonShape::default();
    };
    let kwonly = p
        .kwonlyargs
        .iter()
        .map(|a| {
            let name: Arc<str> = Arc::from(a.name().id.as_str());
            let default = kwdefaults
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, c)| c.clone());
            (name, default)
        })
        .collect();
    signature::PythonShape {
        vararg: p.vararg.is_some(),
        kwonly,
        varkw: p.kwarg.is_some(),
    }
}
