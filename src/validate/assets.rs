//! Files that front matter points at. A path is relative to the item's bundle folder (or the
//! folder of its .md file), or to `static/` when it starts with `/`. It is resolved lexically
//! first (so `../../etc/passwd` is refused without touching the disk), then checked on disk
//! and canonicalised (so a symlink cannot lead out of the site). Lookups are cached: 50,000
//! items pointing at the same `/tep/van-ban-goc.pdf` cost one `stat`.

use crate::load::SourceDoc;
use crate::model::Asset;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssetError {
    /// The path climbs out of the site folder (lexically or through a symlink).
    Outside,
    /// Inside the site but neither under `content/` nor `static/`, so it would not be published.
    NotPublished(String),
    /// No such file (site-root-relative path shown to the editor).
    Missing(String),
}

/// Where a file found on disk lives, before its URL is decided.
#[derive(Clone, Debug)]
struct Found {
    /// Site-root-relative, `/`-separated (`static/tep/a.pdf`, `content/van-ban/x/goc.pdf`).
    rel: String,
    source: PathBuf,
    size: u64,
}

pub struct Assets {
    root: PathBuf,
    canon_root: PathBuf,
    cache: Mutex<HashMap<String, Result<Found, AssetError>>>,
}

impl Assets {
    pub fn new(root: &Path) -> Self {
        let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Assets {
            root: root.to_path_buf(),
            canon_root,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The site folder as given (for listing a folder when a file is missing).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Resolves `raw` as written in `doc`'s front matter; `item_url` places bundle files.
    pub fn resolve(&self, doc: &SourceDoc, raw: &str, item_url: &str) -> Result<Asset, AssetError> {
        let rel = lexical(doc, raw)?;
        let found = self.lookup(&rel)?;
        let url = if let Some(in_static) = found.rel.strip_prefix("static/") {
            in_static.to_string()
        } else if let Some(in_content) = found.rel.strip_prefix("content/") {
            match bundle_prefix(doc) {
                Some(prefix) if in_content.starts_with(&prefix) => {
                    format!("{item_url}{}", &in_content[prefix.len()..])
                }
                _ => in_content.to_string(),
            }
        } else {
            return Err(AssetError::NotPublished(found.rel));
        };
        let ext = Path::new(&found.rel)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        Ok(Asset {
            source: found.source,
            url,
            size: found.size,
            ext,
        })
    }

    fn lookup(&self, rel: &str) -> Result<Found, AssetError> {
        let cache = |r: &Result<Found, AssetError>| {
            self.cache
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(rel.to_string(), r.clone());
        };
        if let Some(hit) = self
            .cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
        {
            return hit.clone();
        }
        let result = self.check(rel);
        cache(&result);
        result
    }

    fn check(&self, rel: &str) -> Result<Found, AssetError> {
        let abs = self.root.join(rel);
        let meta = std::fs::metadata(&abs).map_err(|_| AssetError::Missing(rel.to_string()))?;
        if !meta.is_file() {
            return Err(AssetError::Missing(rel.to_string()));
        }
        let canon = abs
            .canonicalize()
            .map_err(|_| AssetError::Missing(rel.to_string()))?;
        if !canon.starts_with(&self.canon_root) {
            return Err(AssetError::Outside);
        }
        if !(rel.starts_with("static/") || rel.starts_with("content/")) {
            return Err(AssetError::NotPublished(rel.to_string()));
        }
        Ok(Found {
            rel: rel.to_string(),
            source: canon,
            size: meta.len(),
        })
    }
}

/// `content/`-relative folder of a bundle, with a trailing `/` (`van-ban/x/`).
fn bundle_prefix(doc: &SourceDoc) -> Option<String> {
    doc.bundle_dir.as_ref()?;
    let parent = doc.rel.parent()?.strip_prefix("content").ok()?;
    Some(format!("{}/", slash(parent)))
}

fn slash(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The site-root-relative path `raw` names, without touching the disk.
pub fn lexical(doc: &SourceDoc, raw: &str) -> Result<String, AssetError> {
    let raw = raw.trim().replace('\\', "/");
    let (mut parts, rest): (Vec<String>, &str) = match raw.strip_prefix('/') {
        Some(rest) => (vec!["static".to_string()], rest),
        None => (
            doc.rel
                .parent()
                .map(|p| {
                    p.components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default(),
            raw.as_str(),
        ),
    };
    for comp in Path::new(rest).components() {
        match comp {
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(AssetError::Outside);
                }
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return Err(AssetError::Outside),
        }
    }
    if parts.is_empty() {
        return Err(AssetError::Missing(String::new()));
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn doc(rel: &str, bundle: bool) -> SourceDoc {
        SourceDoc {
            rel: PathBuf::from(rel),
            section: "van-ban".into(),
            subsection: Vec::new(),
            slug: "x".into(),
            is_intro: false,
            bundle_dir: bundle.then(|| PathBuf::from("/tmp")),
            fields: BTreeMap::new(),
            body: String::new(),
            body_line: 1,
            close_line: 1,
        }
    }

    #[test]
    fn lexical_resolution_and_escapes() {
        let d = doc("content/van-ban/x/index.md", true);
        assert_eq!(lexical(&d, "goc.pdf").unwrap(), "content/van-ban/x/goc.pdf");
        assert_eq!(lexical(&d, "/tep/a.pdf").unwrap(), "static/tep/a.pdf");
        assert_eq!(
            lexical(&d, "../../../static/a.pdf").unwrap(),
            "static/a.pdf"
        );
        assert_eq!(
            lexical(&d, "../../../../etc/passwd"),
            Err(AssetError::Outside)
        );
        assert_eq!(lexical(&d, "/../../etc/passwd"), Err(AssetError::Outside));
    }

    #[test]
    fn urls_for_static_bundle_and_sibling_files() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        for f in [
            "static/tep/a.pdf",
            "content/van-ban/x/goc.pdf",
            "content/van-ban/b.pdf",
            "data/x.yaml",
        ] {
            std::fs::create_dir_all(root.join(f).parent().unwrap()).unwrap();
            std::fs::write(root.join(f), b"12345").unwrap();
        }
        let assets = Assets::new(root);
        let bundle = doc("content/van-ban/x/index.md", true);
        let a = assets.resolve(&bundle, "goc.pdf", "van-ban/x/").unwrap();
        assert_eq!(
            (a.url.as_str(), a.size, a.ext.as_str()),
            ("van-ban/x/goc.pdf", 5, "pdf")
        );
        assert_eq!(
            assets
                .resolve(&bundle, "/tep/a.pdf", "van-ban/x/")
                .unwrap()
                .url,
            "tep/a.pdf"
        );
        let plain = doc("content/van-ban/c.md", false);
        assert_eq!(
            assets.resolve(&plain, "b.pdf", "van-ban/c/").unwrap().url,
            "van-ban/b.pdf"
        );
        assert_eq!(
            assets
                .resolve(&plain, "khong-co.pdf", "van-ban/c/")
                .unwrap_err(),
            AssetError::Missing("content/van-ban/khong-co.pdf".into())
        );
        assert!(matches!(
            assets.resolve(&plain, "../../data/x.yaml", "van-ban/c/"),
            Err(AssetError::NotPublished(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), b"x").unwrap();
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("static")).unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            tmp.path().join("static/s.txt"),
        )
        .unwrap();
        let assets = Assets::new(tmp.path());
        let d = doc("content/van-ban/c.md", false);
        assert_eq!(
            assets.resolve(&d, "/s.txt", "van-ban/c/").unwrap_err(),
            AssetError::Outside
        );
    }
}
