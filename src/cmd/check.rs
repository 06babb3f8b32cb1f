//! `pbgdpl check [SITE]`: everything `build` validates — content, data, configuration and
//! templates (every page is rendered) — without writing a single file.

use crate::pipeline::{self, BuildOptions, Mode};
use std::path::Path;

pub fn run(site: &Path) -> i32 {
    let opts = BuildOptions {
        site: site.to_path_buf(),
        mode: Mode::Check,
        ..BuildOptions::default()
    };
    super::build::report(pipeline::run(&opts), None)
}
