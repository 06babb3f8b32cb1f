//! The PBGDPL data standard as JSON Schema (draft 2020-12), generated from the field table in
//! `fields` (the same lists the validator is tested against) and written to `docs/schema/`:
//! one schema per item kind's front matter, per data file, for `site.yaml`, and for every
//! file of the published data API (`api/v1/`). `tests/data_api.rs` regenerates them and
//! fails when `docs/schema/` differs.

pub mod fields;
mod generate;

pub use generate::{all_schemas, write_all};
