//! The served output, kept in memory: every file of the site by its site-root-relative path,
//! either as bytes (pages, feeds, the search index) or as the source file it copies (static
//! files and attachments are read from the editor's folder when asked for, not duplicated).
//! A rebuild writes into a `Batch` and only `Store::apply` makes it visible, so a failed
//! rebuild never shows half an output. Nothing here ever touches the editor's `public/`.

use crate::write::Output;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

/// One file of the output.
#[derive(Clone, Debug)]
pub enum Body {
    Bytes(Arc<Vec<u8>>),
    /// A copy of this source file.
    File(PathBuf),
}

impl Body {
    /// The file's bytes (a copied file is read now).
    pub fn read(&self) -> io::Result<Arc<Vec<u8>>> {
        match self {
            Body::Bytes(b) => Ok(b.clone()),
            Body::File(p) => std::fs::read(p).map(Arc::new),
        }
    }
}

/// The whole served output. Readers (HTTP threads) take a read lock per request only.
#[derive(Default)]
pub struct Store {
    files: RwLock<HashMap<String, Body>>,
}

impl Store {
    pub fn get(&self, rel: &str) -> Option<Body> {
        self.read().get(rel).cloned()
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.read().contains_key(rel)
    }

    /// Every path, in no particular order.
    pub fn unsorted_paths(&self) -> Vec<String> {
        self.read().keys().cloned().collect()
    }

    /// Every path, sorted (for comparisons with a clean build).
    pub fn paths(&self) -> Vec<String> {
        let mut v: Vec<String> = self.read().keys().cloned().collect();
        v.sort();
        v
    }

    /// Writes the batch in, then removes `removed` and every path under `replace_prefix`
    /// the batch did not write (a rebuilt search index replaces the previous one whole).
    pub fn apply(&self, batch: Batch, removed: &[String], replace_prefix: Option<&str>) {
        let written = batch.into_files();
        let mut files = self.files.write().unwrap_or_else(|e| e.into_inner());
        if let Some(prefix) = replace_prefix {
            files.retain(|k, _| !k.starts_with(prefix) || written.contains_key(k));
        }
        for r in removed {
            files.remove(r);
        }
        files.extend(written);
    }

    /// Copies the whole output into `dir` (tests compare it with a clean build).
    pub fn dump(&self, dir: &Path) -> io::Result<()> {
        for (rel, body) in self.read().iter() {
            let path = dir.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, &*body.read()?)?;
        }
        Ok(())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Body>> {
        self.files.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// What one rebuild writes, collected before it is applied. Implements `Output`, so the
/// pipeline's writers (theme assets, feeds, search index) write into it unchanged.
#[derive(Default)]
pub struct Batch {
    files: Mutex<HashMap<String, Body>>,
}

impl Batch {
    pub fn insert(&self, rel: &str, body: Body) {
        self.lock().insert(rel.to_string(), body);
    }

    pub fn contains(&self, rel: &str) -> bool {
        self.lock().contains_key(rel)
    }

    pub fn paths(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn into_files(self) -> HashMap<String, Body> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Body>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Output for Batch {
    fn write_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(rel, Body::Bytes(Arc::new(bytes.to_vec())));
        Ok(())
    }

    fn copy_file(&self, rel: &str, src: &Path) -> io::Result<()> {
        std::fs::metadata(src)?;
        self.insert(rel, Body::File(src.to_path_buf()));
        Ok(())
    }
}

/// SHA-256 of some bytes: the cheap identity of an input (a source file, a page's inputs).
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}
