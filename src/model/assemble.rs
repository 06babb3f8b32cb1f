//! Turns validated items into the `Site`: sections, sub-folders, taxonomies, citations.
//! (stub: to be implemented)

use super::Site;
use crate::validate::Validated;
use crate::vi::Date;

pub fn assemble(v: Validated, build_date: Date) -> Site {
    let _ = (v, build_date);
    todo!()
}
