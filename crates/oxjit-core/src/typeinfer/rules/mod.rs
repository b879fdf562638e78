//! The typing rules of the instructions the solver (`values.rs`) delegates: calls,
//! attributes and items, one file each.

pub(crate) mod array_like;
mod attributes;
mod calls;
mod caught_args;
mod caught_clause;
mod cfuncptr;
mod closure;
mod cuda;
mod funcvalues;
mod items;
mod jitclass;
mod kwargs;
mod kwargs_struct;
mod lists;
mod named;
mod objmode;
mod records;
mod star_args;
mod typed;
pub(crate) use calls::{orders_none, stored_item};
