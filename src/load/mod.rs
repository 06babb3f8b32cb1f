//! Load: walks the site folder (walkdir), reads every content, data and config file as UTF-8,
//! splits front matter from the Markdown body, parses YAML with serde-saphyr under size and
//! depth limits, and normalises every string to NFC. It keeps the line and column of every
//! top-level field so later stages can point at it. (stub: to be implemented)

use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A YAML value with the position (1-based line, column in the *file*) of its key.
#[derive(Clone, Debug)]
pub struct Field {
    pub value: serde_json::Value,
    pub line: usize,
    pub column: usize,
}

/// One Markdown file of `content/`.
#[derive(Clone, Debug)]
pub struct SourceDoc {
    /// Path relative to the site root.
    pub rel: PathBuf,
    /// The section folder (first component under `content/`).
    pub section: String,
    /// Folders between the section and the file/bundle.
    pub subsection: Vec<String>,
    /// File stem, or the bundle folder name for `<slug>/index.md`; empty for `_index.md`.
    pub slug: String,
    /// `_index.md`: a section or sub-folder intro, not an item.
    pub is_intro: bool,
    /// Absolute path of the bundle folder for `<slug>/index.md`.
    pub bundle_dir: Option<PathBuf>,
    pub fields: BTreeMap<String, Field>,
    pub body: String,
    pub body_line: usize,
}

/// A YAML file of `data/` (or `site.yaml`), parsed.
#[derive(Clone, Debug)]
pub struct DataDoc {
    pub rel: PathBuf,
    /// File stem: `bao-cao-vien`.
    pub name: String,
    pub value: serde_json::Value,
    /// Top-level keys' positions for a mapping; for a list, the line of each element.
    pub positions: Vec<(String, usize, usize)>,
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Option<DataDoc>,
    pub docs: Vec<SourceDoc>,
    pub data: Vec<DataDoc>,
}

pub fn load_site(root: &Path, diags: &Diagnostics) -> Loaded {
    let _ = (root, diags);
    todo!()
}
