//! The last plans made, per thread, as NumPy keeps its last 16 (`get_plan` in
//! `pocketfft_hdronly.h`): a plan's twiddles (and Bluestein's transformed chirp) cost about as
//! much as a transform, and programs transform many arrays of one length.

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::rc::Rc;

const KEPT: usize = 16;

type Slot = (TypeId, usize, Rc<dyn Any>);

thread_local! {
    static PLANS: RefCell<Vec<Slot>> = const { RefCell::new(Vec::new()) };
}

/// The plan of type `P` for `length`, made by `make` unless one is kept (most recent last).
pub fn plan<P: Any>(length: usize, make: impl FnOnce(usize) -> P) -> Rc<P> {
    let key = TypeId::of::<P>();
    let found = PLANS.with(|p| {
        let mut plans = p.borrow_mut();
        let at = plans
            .iter()
            .position(|(t, n, _)| *t == key && *n == length)?;
        let slot = plans.remove(at);
        let plan = slot.2.clone();
        plans.push(slot);
        Some(plan)
    });
    if let Some(plan) = found.and_then(|p| p.downcast::<P>().ok()) {
        return plan;
    }
    let plan = Rc::new(make(length));
    PLANS.with(|p| {
        let mut plans = p.borrow_mut();
        if plans.len() == KEPT {
            plans.remove(0);
        }
        plans.push((key, length, plan.clone() as Rc<dyn Any>));
    });
    plan
}
