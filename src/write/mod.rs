//! Write: the output seam. `Output` is where pages and files go; `StagingDir` builds into a
//! temporary folder beside the output and swaps it in only when the whole build succeeded, so a
//! failed build leaves the previous output as it was; `NullOutput` discards (for `check`).
//! Static files unchanged since the previous build are hard-linked from it instead of re-read.

mod staging;

pub use staging::{StagingDir, MARKER};

use std::io;
use std::path::Path;

/// Destination of a build. `rel` is a `/`-separated path relative to the output root.
pub trait Output: Sync {
    fn write_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies `src` to `rel`, reusing the previous build's copy when size and mtime match.
    fn copy_file(&self, rel: &str, src: &Path) -> io::Result<()>;
}

/// Accepts everything, writes nothing: `pbgdpl check`.
pub struct NullOutput;

impl Output for NullOutput {
    fn write_file(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy_file(&self, _rel: &str, src: &Path) -> io::Result<()> {
        std::fs::metadata(src).map(|_| ())
    }
}
