//! Watching the site folder for `serve`: `content/`, `data/`, `static/`, `templates/` and
//! `site.yaml`, through notify with a short debounce so one save (often several events:
//! write to a temporary file, rename over the original) becomes one rebuild. Events on
//! hidden files and folders (`.git`), editor swap, backup and temporary files (`x~`,
//! `.x.swp`, `#x#`, `x.tmp`, vim's `4913` probe) are dropped.

use notify::event::{MetadataKind, ModifyKind};
use notify::RecommendedWatcher;
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// Quiet time after the last event of a save before the rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(30);

/// The folders watched recursively, below the site root.
pub const WATCHED: [&str; 4] = ["content", "data", "static", "templates"];

/// Keeps the watcher alive; dropping it stops watching.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The watched folders that existed when last looked at.
    watching: Vec<&'static str>,
}

impl Watch {
    /// Starts watching the watched folders created since the last call (`templates/` made
    /// for a first override): the root is watched only one level deep.
    pub fn refresh(&mut self) {
        for dir in WATCHED {
            let path = self.root.join(dir);
            if !self.watching.contains(&dir)
                && path.is_dir()
                && self
                    .debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .is_ok()
            {
                self.watching.push(dir);
            }
        }
    }
}

/// Starts watching `site`; each batch of relevant changed paths (absolute) goes to `tx`.
pub fn start(site: &Path, tx: Sender<Vec<PathBuf>>) -> notify::Result<Watch> {
    let root = site.to_path_buf();
    let filter_root = root.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else { return };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| changes_content(&e.event.kind))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| is_relevant(&filter_root, p))
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })?;
    // The root itself, not recursively: site.yaml, and watched folders created later.
    debouncer.watch(&root, RecursiveMode::NonRecursive)?;
    let mut watch = Watch {
        debouncer,
        root,
        watching: Vec::new(),
    };
    watch.refresh();
    Ok(watch)
}

/// Reading a file is an event too (the rebuild reads every changed file): only creation,
/// modification, renaming and removal count.
fn changes_content(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// Whether a change to `path` can change the site.
pub fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let top_ok = first == "site.yaml" || WATCHED.contains(&first.as_ref());
    top_ok
        && rel
            .components()
            .all(|c| !is_scratch(&c.as_os_str().to_string_lossy()))
}

/// Names editors and tools use for files that are not content.
pub fn is_scratch(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            ".bak",
            ".part",
            ".crdownload",
        ]
        .iter()
        .any(|ext| name.to_ascii_lowercase().ends_with(ext))
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_and_unrelated_files_are_ignored() {
        let root = Path::new("/s");
        for p in [
            "/s/content/van-ban/.x.md.swp",
            "/s/content/van-ban/x.md~",
            "/s/content/#x.md#",
            "/s/content/x.md.tmp",
            "/s/.git/index",
            "/s/content/.git/HEAD",
            "/s/public/index.html",
            "/s/content/4913",
            "/elsewhere/content/x.md",
        ] {
            assert!(!is_relevant(root, Path::new(p)), "{p}");
        }
        for p in [
            "/s/site.yaml",
            "/s/content/van-ban/x.md",
            "/s/templates/base.html",
            "/s/static/a.png",
            "/s/data/lien-he.yaml",
        ] {
            assert!(is_relevant(root, Path::new(p)), "{p}");
        }
    }
}
