//! From the Python AST to the untyped SSA IR (stages 1 and 2 of the Numba IR specification).
//!
//! Normalization happens on the way: chained comparisons evaluate each operand once (the Numba IR
//! specification's `Let`), augmented assignment becomes an operation and an assignment, conditional
//! expressions and `and`/`or` become branches and a phi with Python's value semantics, `elif` a
//! nested `if`, loops with `else` get their own block. SSA is built directly with the algorithm of
//! Braun et al. 2013 (`write_variable`/`read_variable`, sealed blocks); trivial phis are removed
//! afterwards. Unsupported syntax is rejected here, with the range of the construct.

mod bindings;
mod bound;
mod closure;
mod comprehension;
mod expr;
mod format_kwargs;
mod fstring;
mod generator;
mod genexpr;
mod genexpr_value;
mod handlers;
mod iter_call;
mod kwargs;
mod kwargs_use;
mod narrow;
mod objmode;
mod scope;
mod set_display;
mod sortkey;
mod star_call;
mod stmt;
mod tuple_genexpr;
mod unroll;
mod with_cm;

pub use closure::inner_kwdefaults;
pub use kwargs::FORWARDED;
pub use set_display::FrozenSetConst;
pub use star_call::{site_of, uses_star_call, StarSites, STARRED};
pub use unroll::{tuple_lengths, unrolled_names, uses_literal_unroll};

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_text_size::{Ranged, TextRange};

use crate::diagnostics::{Diagnostic, Result};
use crate::ir::{rewrite_operands, Block, Function, Inst, Terminator, Value};
use crate::syntax::{ast, FunctionSyntax};

/// Builds the SSA IR of `syntax`.
pub fn build_function(syntax: &FunctionSyntax) -> Result<Function> {
    let none = StarSites::new();
    build(
        syntax,
        &[],
        &BuildEnv::default(),
        None,
        &none,
        rebuilt(syntax),
    )
}

/// Whether the function is built again for each specialization (then its first build is not
/// typed: `tuple_genexpr.rs` leaves a placeholder where the lengths are needed): it has
/// `literal_unroll` loops, `tuple()` of generator expressions or calls with starred arguments.
pub fn rebuilt(syntax: &FunctionSyntax) -> bool {
    matches!(syntax, FunctionSyntax::Def(def) if uses_literal_unroll(&def.body))
        || uses_star_call(syntax)
}

/// What building a function's SSA needs from the host besides its syntax.
#[derive(Clone, Debug, Default)]
pub struct BuildEnv {
    /// The reductions (`sum`, `min`...) and `tuple` that the function's globals rebind: a generator
    /// expression's reduction is lowered in place only where `sum`, `min`... are Python's own
    /// (`genexpr.rs`).
    pub shadowed: HashSet<String>,
    /// The frozenset constants of the Python function's code (`set_display.rs`).
    pub frozensets: Arc<[FrozenSetConst]>,
}

/// Builds the SSA IR of `syntax` (an inner function where it has `captures`) for one
/// specialization, its `literal_unroll` loops unrolled over tuple arguments of the given
/// lengths (by parameter name), its calls with starred arguments made with the lengths typing
/// found (`sites`).
pub fn build_function_unrolled(
    syntax: &FunctionSyntax,
    captures: &[crate::ir::Capture],
    env: &BuildEnv,
    lengths: HashMap<String, usize>,
    sites: &StarSites,
) -> Result<Function> {
    build(syntax, captures, env, Some(lengths), sites, false)
}

/// Builds the SSA IR of `syntax` in `env`.
pub fn build_function_with(syntax: &FunctionSyntax, env: &BuildEnv) -> Result<Function> {
    build(syntax, &[], env, None, &StarSites::new(), rebuilt(syntax))
}

/// The builtins `build_function_with` asks about.
pub fn reductions() -> &'static [&'static str] {
    IN_PLACE
}

/// The builtins whose calls on a generator expression are lowered in place (the reductions of
/// `genexpr.rs` and `tuple`, `tuple_genexpr.rs`), and `list()`/`dict()` without arguments
/// (`iter_call.rs`), where the function's globals do not rebind them.
const IN_PLACE: &[&str] = &["sum", "any", "all", "min", "max", "tuple", "list", "dict"];

/// Builds the SSA IR of `syntax`, a function whose first parameters are the variables it
/// captures (`captures`; none for a top-level function), with its `literal_unroll` loops
/// unrolled where `unroll_lengths` (the lengths of its tuple arguments) is given.
fn build(
    syntax: &FunctionSyntax,
    captures: &[crate::ir::Capture],
    env: &BuildEnv,
    unroll_lengths: Option<HashMap<String, usize>>,
    star_sites: &StarSites,
    rebuilt: bool,
) -> Result<Function> {
    let params = syntax.parameters();
    let mut names: Vec<Arc<str>> = Vec::new();
    if let Some(p) = params {
        // Positional parameters, then `*args` (a tuple), then the keyword-only ones, then
        // `**kwargs` (a dict of str keys): the order calls bind arguments in
        // (`Signature::python_shaped`).
        names = p
            .posonlyargs
            .iter()
            .chain(&p.args)
            .map(|a| Arc::from(a.name().id.as_str()))
            .collect();
        names.extend(p.vararg.iter().map(|v| Arc::from(v.name.id.as_str())));
        names.extend(p.kwonlyargs.iter().map(|a| Arc::from(a.name().id.as_str())));
        names.extend(p.kwarg.iter().map(|k| Arc::from(k.name.id.as_str())));
    }
    let own_params = names.clone();
    names.splice(0..0, captures.iter().map(|c| c.name.clone()));
    let mut b = Builder::new(syntax.name(), names.clone());
    b.env = env.clone();
    b.rebuilt = rebuilt;
    b.star_sites = star_sites.clone();
    let entry = b.func.add_block();
    b.preds.push(Vec::new());
    b.sealed.insert(entry);
    b.current = entry;
    let mut last = None;
    for (i, name) in names.iter().enumerate() {
        let v = b.func.push(entry, Inst::Arg(i as u32), syntax.range());
        b.func.values[v.index()].name = Some(name.clone());
        last = Some(v);
        match captures.get(i) {
            Some(c) if c.cell => {
                b.cells.insert(name.to_string(), v);
            }
            _ => b.write_variable(name, entry, v),
        }
    }
    if let (Some(k), Some(arg)) = (params.and_then(|p| p.kwarg.as_ref()), last) {
        // `**kwargs` arrives as the struct its caller made, or a dict (`types/kwargs.rs`);
        // used as a dict, it is made one here.
        let name = k.name.id.as_str();
        let as_struct = matches!(syntax, FunctionSyntax::Def(def)
            if kwargs_use::struct_uses_only(&def.body, name));
        if !as_struct {
            let copy = b.emit(Inst::GetAttr(arg, Arc::from("copy")), k.range());
            let call = Inst::Call {
                func: copy,
                args: Vec::new(),
                kwargs: Vec::new(),
            };
            let dict = b.emit(call, k.range());
            b.func.values[dict.index()].name = Some(Arc::from(name));
            b.write_variable(name, entry, dict);
        }
    }
    match syntax {
        FunctionSyntax::Def(def) => {
            if def.is_async {
                return Err(Diagnostic::unsupported(
                    "'async def' (coroutines) is not supported",
                    def.range,
                ));
            }
            b.locals = assigned_names(&def.body);
            // A tuple argument rebound in the body has no length known in advance.
            b.unroll_lengths = unroll_lengths.map(|l| {
                l.into_iter()
                    .filter(|(n, _)| !b.locals.contains(n))
                    .collect()
            });
            b.fixed_tuples = tuple_genexpr::fixed_tuples(&def.body, &names);
            // Literal lists are built as tuples: their lengths are known as those of tuples.
            let literal_lists = unroll::literal_lists(&def.body, &names);
            b.literal_lists = literal_lists.keys().cloned().collect();
            b.fixed_tuples.extend(literal_lists);
            b.locals.extend(names.iter().map(|n| n.to_string()));
            b.make_cells(&names, &own_params, &def.body, syntax.range());
            b.inner_defs = scope::inner_defs(&def.body);
            b.value_names = genexpr_value::names_used_as_values(&def.body);
            b.objmode_names = objmode::OutsideNames::of(&def.body, &names);
            let body = skip_docstring(&def.body);
            b.lower_body(body)?;
            if !b.terminated() {
                let none = b.constant(crate::ir::Const::None, def.range);
                b.terminate(Terminator::Return(none), def.range);
            }
        }
        FunctionSyntax::Lambda(lambda) => {
            b.locals = names.iter().map(|n| n.to_string()).collect();
            let v = b.lower_expr(&lambda.body)?;
            b.terminate(Terminator::Return(v), lambda.body.range());
        }
    }
    let reads = std::mem::take(&mut b.reads);
    let generators: HashSet<Value> = b.pending_gens.keys().copied().collect();
    let mut func = b.finish();
    let aliases = remove_trivial_phis(&mut func);
    bound::check_reads(&mut func, &reads, &aliases);
    drop_unreachable_blocks(&mut func);
    remove_trivial_phis(&mut func);
    genexpr::check_generator_uses(&func, &generators)?;
    Ok(func)
}

fn skip_docstring(body: &[ast::Stmt]) -> &[ast::Stmt] {
    match body.first() {
        Some(ast::Stmt::Expr(e)) if matches!(*e.value, ast::Expr::StringLiteral(_)) => &body[1..],
        _ => body,
    }
}

/// The names a function body assigns (its locals, by Python's scoping rule).
fn assigned_names(body: &[ast::Stmt]) -> HashSet<String> {
    use ast::visitor::{self, Visitor};
    struct Collect(HashSet<String>);
    impl<'a> Visitor<'a> for Collect {
        fn visit_expr(&mut self, expr: &'a ast::Expr) {
            if let ast::Expr::Name(n) = expr {
                if matches!(n.ctx, ast::ExprContext::Store | ast::ExprContext::Del) {
                    self.0.insert(n.id.to_string());
                }
            }
            // A lambda's body binds its own names, not the function's.
            if !matches!(expr, ast::Expr::Lambda(_)) {
                visitor::walk_expr(self, expr);
            }
        }
        fn visit_stmt(&mut self, stmt: &'a ast::Stmt) {
            match stmt {
                ast::Stmt::FunctionDef(def) => {
                    self.0.insert(def.name.id.to_string());
                }
                ast::Stmt::ClassDef(def) => {
                    self.0.insert(def.name.id.to_string());
                }
                ast::Stmt::Import(s) => {
                    for alias in &s.names {
                        let name = alias.asname.as_ref().unwrap_or(&alias.name).id.as_str();
                        self.0
                            .insert(name.split('.').next().unwrap_or(name).to_string());
                    }
                }
                ast::Stmt::ImportFrom(s) => {
                    for alias in &s.names {
                        let name = alias.asname.as_ref().unwrap_or(&alias.name);
                        self.0.insert(name.id.to_string());
                    }
                }
                ast::Stmt::Try(t) => {
                    for ast::ExceptHandler::ExceptHandler(h) in &t.handlers {
                        if let Some(name) = &h.name {
                            self.0.insert(name.id.to_string());
                        }
                    }
                    visitor::walk_stmt(self, stmt);
                }
                _ => visitor::walk_stmt(self, stmt),
            }
        }
    }
    let mut c = Collect(HashSet::new());
    for s in body {
        c.visit_stmt(s);
    }
    c.0
}

/// Where `break` and `continue` go inside the innermost loop.
struct LoopTargets {
    continue_to: Block,
    break_to: Block,
}

pub(crate) struct Builder {
    pub(crate) func: Function,
    current: Block,
    /// Predecessors recorded as edges are added (terminators may point forward).
    preds: Vec<Vec<Block>>,
    sealed: HashSet<Block>,
    defs: HashMap<(String, Block), Value>,
    incomplete_phis: HashMap<Block, Vec<(String, Value)>>,
    locals: HashSet<String>,
    loops: Vec<LoopTargets>,
    /// Every read of a local variable, for the definedness checks (`bound.rs`).
    reads: Vec<bound::Read>,
    /// The handler blocks of the enclosing `try` statements, innermost last.
    handlers: Vec<Block>,
    /// The `finally` bodies of the enclosing `try` statements, innermost last.
    finally_scopes: Vec<handlers::FinallyScope>,
    /// The exceptions the enclosing `except` clauses caught (a bare `raise` raises the last).
    caught: Vec<Value>,
    /// The lengths of the tuple arguments, where the function is built for a specialization
    /// (`literal_unroll`); `None` builds such loops as plain loops.
    unroll_lengths: Option<HashMap<String, usize>>,
    /// The locals that hold a tuple of one length wherever read (`tuple_genexpr.rs`).
    fixed_tuples: HashMap<String, usize>,
    /// The locals holding literal lists, built as tuples (`unroll::literal_lists`).
    literal_lists: HashSet<String>,
    /// This build is not typed: the function is built again for each specialization.
    rebuilt: bool,
    /// The lengths of starred call arguments typing found (`star_call.rs`).
    star_sites: StarSites,
    /// How many times each call with starred arguments was lowered so far, by its offset.
    star_copies: HashMap<u32, u32>,
    /// The variables that live in cells (shared with closures): the cell's value, made at entry
    /// or received as a captured parameter.
    cells: HashMap<String, Value>,
    /// The host's facts about the function (the builtins its globals rebind, its frozensets).
    env: BuildEnv,
    /// The variables of the generator expressions being lowered, renamed apart.
    renames: Vec<HashMap<String, String>>,
    genexpr_count: u32,
    /// How many `with` statements of contextmanager generators were lowered (`with_cm.rs`
    /// numbers their hidden variables).
    with_count: usize,
    /// Generator expressions assigned to variables, by the iterator of their first clause.
    pending_gens: HashMap<Value, (Arc<ast::ExprGenerator>, genexpr::Source)>,
    /// The iterators of the enclosing `for` loops (a `return` keeps them alive to its end).
    loop_iters: Vec<Value>,
    /// The variables read as values (not only consumed by `for` or a reduction): a generator
    /// expression assigned to one is a generator at once (`genexpr_value.rs`).
    value_names: HashSet<String>,
    /// The free names of each inner `def` of the body, by its name (to refuse recursion).
    inner_defs: HashMap<String, Vec<String>>,
    /// Comprehension targets bound under hidden names, by their names in the source.
    comp_renames: HashMap<String, String>,
    /// The comprehensions seen (to make their hidden names unique).
    comp_count: u32,
    /// The names used outside `with objmode` blocks, where the function has some.
    objmode_names: Option<objmode::OutsideNames>,
}

impl Builder {
    fn new(name: String, params: Vec<Arc<str>>) -> Builder {
        Builder {
            func: Function::new(name, params),
            current: Block(0),
            preds: Vec::new(),
            sealed: HashSet::new(),
            defs: HashMap::new(),
            incomplete_phis: HashMap::new(),
            locals: HashSet::new(),
            loops: Vec::new(),
            reads: Vec::new(),
            handlers: Vec::new(),
            finally_scopes: Vec::new(),
            caught: Vec::new(),
            unroll_lengths: None,
            fixed_tuples: HashMap::new(),
            literal_lists: HashSet::new(),
            rebuilt: false,
            star_sites: StarSites::new(),
            star_copies: HashMap::new(),
            cells: HashMap::new(),
            env: BuildEnv::default(),
            renames: Vec::new(),
            genexpr_count: 0,
            with_count: 0,
            pending_gens: HashMap::new(),
            value_names: HashSet::new(),
            loop_iters: Vec::new(),
            inner_defs: HashMap::new(),
            comp_renames: HashMap::new(),
            comp_count: 0,
            objmode_names: None,
        }
    }

    /// Creates the cells of this function's variables that closures share (`scope.rs`), at
    /// entry; a parameter's cell starts with the argument.
    fn make_cells(
        &mut self,
        names: &[Arc<str>],
        params: &[Arc<str>],
        body: &[ast::Stmt],
        range: TextRange,
    ) {
        let param_names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let mut locals = self.locals.clone();
        locals.retain(|n| !self.cells.contains_key(n));
        let mut cells: Vec<(String, TextRange)> =
            scope::cell_variables(&param_names, body, &locals)
                .into_iter()
                .collect();
        cells.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, at) in cells {
            let cell = self.emit(Inst::CellNew, at);
            self.func.values[cell.index()].name = Some(Arc::from(name.as_str()));
            if params.iter().any(|p| **p == *name) || names.iter().any(|p| **p == *name) {
                let arg = self.read_variable(&name, self.current, range);
                self.emit(Inst::CellStore(cell, arg), range);
            }
            self.cells.insert(name, cell);
        }
    }

    fn finish(mut self) -> Function {
        let unsealed: Vec<Block> = (0..self.func.blocks.len() as u32)
            .map(Block)
            .filter(|b| !self.sealed.contains(b))
            .collect();
        for b in unsealed {
            self.seal(b);
        }
        self.func
    }

    fn new_block(&mut self) -> Block {
        self.preds.push(Vec::new());
        self.func.add_block()
    }

    /// Appends an instruction to the current block (inside a `try` body, one that may raise
    /// ends the block with a guard).
    pub(crate) fn emit(&mut self, inst: Inst, range: TextRange) -> Value {
        let guard = !self.handlers.is_empty() && handlers::may_raise(&inst);
        let v = self.func.push(self.current, inst, range);
        if guard {
            self.guard_last(range);
        }
        v
    }

    pub(crate) fn constant(&mut self, c: crate::ir::Const, range: TextRange) -> Value {
        self.emit(Inst::Const(c), range)
    }

    fn terminated(&self) -> bool {
        !matches!(self.func.block(self.current).term, Terminator::Unfinished)
    }

    /// Ends the current block; later statements (dead code) go to a fresh unreachable block.
    fn terminate(&mut self, term: Terminator, range: TextRange) {
        for s in term.successors() {
            self.preds[s.index()].push(self.current);
        }
        self.func.set_term(self.current, term, range);
    }

    fn jump(&mut self, target: Block, range: TextRange) {
        if !self.terminated() {
            self.terminate(Terminator::Jump(target), range);
        }
    }

    fn switch_to(&mut self, block: Block) {
        self.current = block;
    }

    /// Continues in a new block nothing jumps to (after `return`, `break`, ...).
    fn start_dead_block(&mut self) {
        let b = self.new_block();
        self.sealed.insert(b);
        self.current = b;
    }

    // --- SSA construction (Braun et al. 2013) ---

    pub(crate) fn write_variable(&mut self, name: &str, block: Block, value: Value) {
        self.defs.insert((name.to_string(), block), value);
    }

    pub(crate) fn assign(&mut self, name: &str, value: Value) {
        if let Some(inner) = self.renamed(name) {
            return self.write_variable(&inner, self.current, value);
        }
        let data = &mut self.func.values[value.index()];
        if data.name.is_none() {
            data.name = Some(Arc::from(name));
        }
        if let Some(&cell) = self.cells.get(name) {
            let range = self.func.range(value);
            self.emit(Inst::CellStore(cell, value), range);
            return;
        }
        self.write_variable(name, self.current, value);
    }

    pub(crate) fn read_variable(&mut self, name: &str, block: Block, range: TextRange) -> Value {
        if let Some(v) = self.defs.get(&(name.to_string(), block)) {
            return *v;
        }
        let v = if !self.sealed.contains(&block) {
            let phi = self.new_phi(block, range);
            self.incomplete_phis
                .entry(block)
                .or_default()
                .push((name.to_string(), phi));
            phi
        } else if self.preds[block.index()].len() == 1 {
            let pred = self.preds[block.index()][0];
            self.read_variable(name, pred, range)
        } else if self.preds[block.index()].is_empty() {
            self.undef(block, name, range)
        } else {
            let phi = self.new_phi(block, range);
            self.write_variable(name, block, phi);
            self.add_phi_operands(name, phi, block, range);
            phi
        };
        self.write_variable(name, block, v);
        v
    }

    fn undef(&mut self, block: Block, name: &str, range: TextRange) -> Value {
        let v = self.func.make_value(Inst::Undef(Arc::from(name)), range);
        self.func.blocks[block.index()].insts.insert(0, v);
        v
    }

    fn new_phi(&mut self, block: Block, range: TextRange) -> Value {
        let v = self.func.make_value(Inst::Phi(Vec::new()), range);
        self.func.blocks[block.index()].insts.insert(0, v);
        self.func.values[v.index()].name = None;
        v
    }

    fn add_phi_operands(&mut self, name: &str, phi: Value, block: Block, range: TextRange) {
        let preds = self.preds[block.index()].clone();
        let mut incoming = Vec::new();
        for p in preds {
            incoming.push((p, self.read_variable(name, p, range)));
        }
        self.func.values[phi.index()].inst = Inst::Phi(incoming);
        self.func.values[phi.index()].name = Some(Arc::from(name));
    }

    fn seal(&mut self, block: Block) {
        if let Some(phis) = self.incomplete_phis.remove(&block) {
            for (name, phi) in phis {
                let range = self.func.range(phi);
                self.add_phi_operands(&name, phi, block, range);
            }
        }
        self.sealed.insert(block);
    }
}

/// Removes the blocks nothing reaches (code after `return`, `break`, ...), the phi inputs that
/// come from them, and renumbers the rest in order.
fn drop_unreachable_blocks(func: &mut Function) {
    let reachable: HashSet<Block> = func.reverse_postorder().into_iter().collect();
    let mut new_index = HashMap::new();
    for i in 0..func.blocks.len() as u32 {
        if reachable.contains(&Block(i)) {
            new_index.insert(Block(i), Block(new_index.len() as u32));
        }
    }
    let old_blocks = std::mem::take(&mut func.blocks);
    for (i, mut block) in old_blocks.into_iter().enumerate() {
        if !reachable.contains(&Block(i as u32)) {
            continue;
        }
        block.term.map_blocks(|t| new_index[&t]);
        for v in &block.insts {
            if let Inst::Phi(incoming) = &mut func.values[v.index()].inst {
                incoming.retain(|(b, _)| reachable.contains(b));
                for (b, _) in incoming.iter_mut() {
                    *b = new_index[b];
                }
            }
        }
        func.blocks.push(block);
    }
}

/// The one value (other than the phi `v` itself) that `incoming` merges, each seen through
/// `canon`; `None` where there are several (or none).
fn one_incoming(
    incoming: &[(Block, Value)],
    v: Value,
    canon: impl Fn(Value) -> Value,
) -> Option<Value> {
    let mut unique = None;
    for (_, op) in incoming {
        let op = canon(*op);
        if op == v || Some(op) == unique {
            continue;
        }
        if unique.is_some() {
            return None;
        }
        unique = Some(op);
    }
    unique
}

/// Replaces every phi whose incoming values are all one value (or itself) by that value; returns
/// what each removed phi became.
fn remove_trivial_phis(func: &mut Function) -> HashMap<Value, Value> {
    let mut alias: HashMap<Value, Value> = HashMap::new();
    fn resolve(alias: &HashMap<Value, Value>, mut v: Value) -> Value {
        while let Some(&next) = alias.get(&v) {
            v = next;
        }
        v
    }
    loop {
        let mut changed = false;
        for block in &func.blocks {
            for &v in &block.insts {
                if alias.contains_key(&v) {
                    continue;
                }
                if let Inst::Phi(incoming) = &func.values[v.index()].inst {
                    // A phi of one value, or of a value and its narrowings (`Inst::Narrow`: the
                    // same value where a branch ruled `None` out), is that value.
                    let unique =
                        one_incoming(incoming, v, |op| resolve(&alias, op)).or_else(|| {
                            one_incoming(incoming, v, |op| {
                                let mut op = resolve(&alias, op);
                                while let Inst::Narrow(x) = func.values[op.index()].inst {
                                    op = resolve(&alias, x);
                                }
                                op
                            })
                        });
                    if let Some(u) = unique {
                        alias.insert(v, u);
                        changed = true;
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    if alias.is_empty() {
        return alias;
    }
    for block in &mut func.blocks {
        block.insts.retain(|v| !alias.contains_key(v));
        if let Some(v) = block.term.operand_mut() {
            *v = resolve(&alias, *v);
        }
    }
    for data in &mut func.values {
        rewrite_operands(&mut data.inst, |v| resolve(&alias, v));
    }
    alias.keys().map(|&v| (v, resolve(&alias, v))).collect()
}
