//! pbgdpl: turns a content repository of Markdown law summaries with YAML metadata into a
//! static PBGDPL sub-site. The modules follow the pipeline in order:
//! load → validate → model → render → postprocess → write → index.
//! `cmd` holds one file per subcommand; `diagnostics` is shared by every stage.

pub mod check;
pub mod cmd;
pub mod config;
pub mod diagnostics;
pub mod index;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod postprocess;
pub mod render;
pub mod schema;
pub mod serve;
pub mod stats;
pub mod sync;
pub mod theme;
pub mod validate;
pub mod vi;
pub mod write;
