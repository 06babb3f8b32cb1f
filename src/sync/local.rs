//! What earlier imports left in `content/`: every Markdown file with a `dong_bo` block, its
//! source, id, source hash, and whether an editor changed it since `pbgdpl sync` wrote it
//! (the `ban_ghi` hash no longer matches the file).

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Debug)]
pub struct LocalFile {
    pub text: String,
    pub nguon: Option<String>,
    pub ma: Option<String>,
    pub bam: Option<String>,
    pub edited: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Local {
    /// By site-relative path (`content/van-ban/x.md`).
    files: BTreeMap<String, LocalFile>,
}

impl Local {
    pub fn at(&self, rel: &str) -> Option<&LocalFile> {
        self.files.get(rel)
    }

    /// Items imported from `nguon`, by their id at the source.
    pub fn of_source(&self, nguon: &str) -> BTreeMap<String, LocalFile> {
        self.files
            .values()
            .filter(|f| f.nguon.as_deref() == Some(nguon))
            .filter_map(|f| Some((f.ma.clone()?, f.clone())))
            .collect()
    }
}

/// Reads every `.md` under `content/` (only files carrying `dong_bo` are parsed further).
pub fn scan(site: &Path) -> Local {
    let mut local = Local::default();
    let content = site.join("content");
    for entry in walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
    {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(rel) = path.strip_prefix(site) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        local.files.insert(rel, read(text));
    }
    local
}

fn read(text: String) -> LocalFile {
    let mut f = LocalFile {
        nguon: None,
        ma: None,
        bam: None,
        edited: true,
        text: String::new(),
    };
    let mut in_block = false;
    let mut recorded = None;
    for line in text.lines().skip(1) {
        if line == "---" {
            break;
        }
        if line.starts_with("dong_bo:") {
            in_block = true;
            continue;
        }
        if in_block {
            let Some(rest) = line.strip_prefix("  ") else {
                in_block = false;
                continue;
            };
            let Some((k, v)) = rest.split_once(": ") else {
                continue;
            };
            let value = serde_json::from_str::<Value>(v.trim())
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| v.trim().to_string());
            match k {
                "nguon" => f.nguon = Some(value),
                "ma" => f.ma = Some(value),
                "bam" => f.bam = Some(value),
                "ban_ghi" => recorded = Some(value),
                _ => {}
            }
        }
    }
    f.edited = recorded.as_deref() != Some(edit_hash(&without_ban_ghi(&text)).as_str());
    f.text = text;
    f
}

fn without_ban_ghi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if !line.starts_with("  ban_ghi: ") {
            out.push_str(line);
        }
    }
    out
}

/// The hash `ban_ghi` records: of the file without its `ban_ghi` line.
pub fn edit_hash(text_without_ban_ghi: &str) -> String {
    super::sha256(text_without_ban_ghi.as_bytes())
}
