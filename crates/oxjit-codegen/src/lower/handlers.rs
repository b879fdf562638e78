//! Exceptions caught inside the function (`try`/`except`, see core's `ssa/handlers.rs`): where a
//! raise goes when a handler is in reach, the landing block of each exception edge, and the
//! caught exception as a value.
//!
//! Every raise site (a failed check, a callee's nonzero status, a `raise`) ends in
//! [`FnGen::leave_raised`]. Outside a `try` body it gives back what is live and returns status 1.
//! While the guarded instruction of a `Guard` block (or a `RaiseTo` terminator) is lowered, it
//! instead branches to that edge's landing block, which gives back what the handler does not
//! need, hands references to the handler's phis, and jumps to the handler: no code is added to
//! the path where nothing is raised.

use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue, StructValue};
use inkwell::{AddressSpace, IntPredicate};
use oxjit_abi::{exc_field, ArgKind, RuntimeFn};
use oxjit_core::diagnostics::Diagnostic;
use oxjit_core::ir::{Block, Value};
use oxjit_core::types::Type;

use super::{FnGen, Ir, ModuleGen, R};

/// How many fields of the exception record make up the exception (the rest is call state).
const EXCEPTION_FIELDS: u32 = 8;

/// The exception edge being lowered: its blocks, the landing block raise sites branch to, and
/// the owned values the landing gives back.
pub(super) struct Catch<'ctx> {
    from: Block,
    to: Block,
    landing: BasicBlock<'ctx>,
    dead: Vec<Value>,
}

impl<'ctx> ModuleGen<'ctx> {
    /// Gives back the block of run-time arguments the exception record at `record` owns
    /// (`ArgKind::Owned`), where an exception is dropped rather than caught or passed on.
    pub(super) fn release_record(
        &mut self,
        b: &inkwell::builder::Builder<'ctx>,
        record: PointerValue<'ctx>,
    ) -> R<()> {
        let exc_t = self.exc_info_type();
        let i64t = self.cx.i64_type();
        let kind_p = b
            .build_struct_gep(exc_t, record, exc_field::ARG_KIND, "kind.p")
            .ir()?;
        let kind = b.build_load(i64t, kind_p, "kind").ir()?.into_int_value();
        let block_p = b
            .build_struct_gep(exc_t, record, exc_field::ARG_INT, "block.p")
            .ir()?;
        let bits = b.build_load(i64t, block_p, "block").ir()?.into_int_value();
        let ptr = owned_block(b, kind, bits)?;
        let decref = self.refcount_fn(true)?;
        b.build_call(decref, &[ptr.into()], "").ir()?;
        // The record no longer names the block.
        b.build_store(kind_p, i64t.const_zero()).ir()?;
        Ok(())
    }
}

impl<'a, 'ctx> FnGen<'a, 'ctx> {
    /// Gives back the block the pending exception owns, before another replaces it.
    pub(super) fn release_pending(&mut self) -> R<()> {
        let record = self.exc_ptr;
        self.m.release_record(&self.b, record)
    }

    /// `body`, with `v` (of type `t`, made by the instruction being lowered) given back if the
    /// code `body` emits raises.
    pub(crate) fn while_live<T>(
        &mut self,
        v: BasicValueEnum<'ctx>,
        t: &Type,
        body: impl FnOnce(&mut Self) -> R<T>,
    ) -> R<T> {
        self.extra_live.push((v, t.clone()));
        let result = body(self)?;
        self.extra_live.pop();
        Ok(result)
    }

    /// Leaves a raise site whose exception record is filled: to the handler in reach, or out of
    /// the function.
    pub fn leave_raised(&mut self) -> R<()> {
        if let Some(landing) = self.catch.as_ref().map(|c| c.landing) {
            for (v, t) in self.extra_live.clone() {
                self.decref(v, &t)?;
            }
            self.b.build_unconditional_branch(landing).ir()?;
            return Ok(());
        }
        if self.guarded_block {
            return Err(Diagnostic::internal(
                "a raise inside a 'try' body outside its guarded instruction",
            ));
        }
        self.release_live()?;
        if self.in_generator() {
            return self.raise_from_generator();
        }
        self.return_raised()
    }

    /// Whether a raise lowered now goes to a handler of this function (an exception edge).
    pub(super) fn in_catch(&self) -> bool {
        self.catch.is_some()
    }

    /// Starts the exception edge `from -> to`: raise sites lowered from now on branch to its
    /// landing block, which gives back `dead`.
    pub(super) fn begin_catch(&mut self, from: Block, to: Block, dead: Vec<Value>) {
        let landing = self.cx().append_basic_block(self.f, "landing");
        self.catch = Some(Catch {
            from,
            to,
            landing,
            dead,
        });
    }

    /// Emits the landing block of the exception edge begun last (where nothing branched to it,
    /// it stays unreachable and LLVM drops it). Keeps the builder's position.
    pub(super) fn end_catch(&mut self) -> R<()> {
        let Some(c) = self.catch.take() else {
            return Ok(());
        };
        let resume = self.b.get_insert_block();
        self.b.position_at_end(c.landing);
        self.edge_code_with(c.from, c.to, c.dead)?;
        let end = self.b.get_insert_block().expect("landing block");
        self.edge_ends.insert((c.from, c.to), end);
        self.b
            .build_unconditional_branch(self.blocks[c.to.index()].expect("handler"))
            .ir()?;
        if let Some(bb) = resume {
            self.b.position_at_end(bb);
        }
        Ok(())
    }

    /// `Inst::CatchException`: a copy of the pending exception.
    pub(super) fn catch_exception(&mut self, t: &Type) -> R<BasicValueEnum<'ctx>> {
        let record = self.m.exc_info_type();
        let st = self.llvm_type(t).into_struct_type();
        let mut agg = st.get_undef();
        for i in 0..EXCEPTION_FIELDS {
            let field = st.get_field_type_at_index(i).expect("field");
            let at = self
                .b
                .build_struct_gep(record, self.exc_ptr, i, "field")
                .ir()?;
            let x = self.b.build_load(field, at, "exc").ir()?;
            agg = self
                .b
                .build_insert_value(agg, x, i, "caught")
                .ir()?
                .into_struct_value();
        }
        Ok(agg.into())
    }

    /// The block of run-time arguments caught exception `v` holds (`ArgKind::Owned`: its
    /// meminfo in the record's int field), null where it holds none.
    pub(super) fn caught_block(&self, v: BasicValueEnum<'ctx>) -> R<PointerValue<'ctx>> {
        let agg = v.into_struct_value();
        let kind = self
            .b
            .build_extract_value(agg, exc_field::ARG_KIND, "kind")
            .ir()?
            .into_int_value();
        let bits = self
            .b
            .build_extract_value(agg, exc_field::ARG_INT, "block")
            .ir()?
            .into_int_value();
        owned_block(&self.b, kind, bits)
    }

    /// Raises a caught exception again: its fields back into the record, which takes a
    /// reference to its block (the value gives back its own where it dies).
    pub(super) fn raise_caught(&mut self, v: Value) -> R<()> {
        self.fill_caught(v)?;
        self.leave_raised()
    }

    /// Puts caught exception `v` back into the record, which takes a reference to its block.
    pub(super) fn fill_caught(&mut self, v: Value) -> R<()> {
        let record = self.m.exc_info_type();
        self.incref(self.val(v), &Type::CaughtException)?;
        let agg = self.val(v).into_struct_value();
        for i in 0..EXCEPTION_FIELDS {
            let x = self.b.build_extract_value(agg, i, "exc").ir()?;
            let at = self
                .b
                .build_struct_gep(record, self.exc_ptr, i, "field")
                .ir()?;
            self.b.build_store(at, x).ir()?;
        }
        Ok(())
    }

    /// `Inst::ExceptionMatches`: whether the caught exception's class is (a subclass of) the
    /// class, or one of the classes, an `except` clause names.
    pub(super) fn exception_matches(&mut self, e: Value, classes: Value) -> R<IntValue<'ctx>> {
        let mut names = Vec::new();
        collect_class_names(&self.ty(classes).clone(), &mut names)?;
        let agg = self.val(e).into_struct_value();
        self.caught_matches(agg, &names)
    }

    /// Whether the class of caught exception `agg` is (a subclass of) one of `names`.
    pub(super) fn caught_matches(
        &mut self,
        agg: StructValue<'ctx>,
        names: &[String],
    ) -> R<IntValue<'ctx>> {
        let class = self.b.build_extract_value(agg, 0, "class").ir()?;
        let class_len = self.b.build_extract_value(agg, 1, "class_len").ir()?;
        let mut any = self.cx().bool_type().const_zero();
        for name in names {
            let ptr = self.m.string(&self.b, name)?;
            let len = self.cx().i64_type().const_int(name.len() as u64, false);
            let hit = self
                .call_runtime(
                    RuntimeFn::ExceptionMatches,
                    &[class.into(), class_len.into(), ptr.into(), len.into()],
                )?
                .expect("a bool")
                .into_int_value();
            any = self.b.build_or(any, hit, "matches").ir()?;
        }
        Ok(any)
    }
}

/// The block an exception holds, from its record's `kind` and int field: the meminfo where the
/// kind is `ArgKind::Owned` or `Chained`, null otherwise (`decref` of null does nothing).
fn owned_block<'ctx>(
    b: &inkwell::builder::Builder<'ctx>,
    kind: IntValue<'ctx>,
    bits: IntValue<'ctx>,
) -> R<PointerValue<'ctx>> {
    let i64t = kind.get_type();
    // `Owned` (8) and `Chained` (9) records hold a block: kind & !1 == 8.
    const _: () = assert!(ArgKind::Owned as u64 == 8 && ArgKind::Chained as u64 == 9);
    let even = b
        .build_and(kind, i64t.const_int(!1u64, true), "kind.even")
        .ir()?;
    let owned = b
        .build_int_compare(
            IntPredicate::EQ,
            even,
            i64t.const_int(ArgKind::Owned as u64, false),
            "owned",
        )
        .ir()?;
    let bits = b
        .build_select(owned, bits, i64t.const_zero(), "block")
        .ir()?
        .into_int_value();
    let ptr = i64t.get_context().ptr_type(AddressSpace::default());
    b.build_int_to_ptr(bits, ptr, "block").ir()
}

/// The class names of an exception class or a (nested) tuple of them.
fn collect_class_names(t: &Type, out: &mut Vec<String>) -> R<()> {
    match t {
        Type::ExceptionClass(name) => out.push(name.to_string()),
        Type::Tuple(items) => {
            for item in items.iter() {
                collect_class_names(item, out)?;
            }
        }
        // Typing accepts nothing else (`ExceptionMatches` in `typeinfer/solve.rs`).
        t => return Err(Diagnostic::internal(format!("an except clause naming {t}"))),
    }
    Ok(())
}
