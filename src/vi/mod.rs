//! Vietnamese text done right: NFC normalisation of every input string, search folding
//! (tone marks dropped, đ→d), URL slugs, collation (a < ă < â, d < đ …, tones as a secondary
//! difference) and date formats. Every other module goes through here for these.

mod collate;
mod date;
mod number;
mod text;

pub use collate::{collation_key, compare, sort_vi, sort_vi_by_key};
pub use date::{build_time, Date};
pub use number::{decimal_comma, group_thousands};
pub use text::{fold, nfc, slugify};
