//! `StagingDir`: a build writes into a hidden sibling of the output folder and only `commit`
//! swaps it in, so a failed or interrupted build leaves the published output untouched.
//!
//! Safety first: pbgdpl never deletes a folder it did not create. Every output carries the
//! marker file `.pbgdpl-output`; an existing, non-empty output folder without it (or one that
//! looks like a site: `site.yaml`, `content/`) is refused before anything is written.
//!
//! The temporary folder is a sibling (`<parent>/.<name>.tmp-<pid>-<n>`) so the final rename
//! stays on one filesystem and is atomic per rename. Leftovers of builds that were killed
//! (Ctrl-C skips destructors) are removed on the next build when their process is gone.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::RwLock;

use super::Output;

/// Present in every output pbgdpl writes; its absence protects an editor's own folder.
pub const MARKER: &str = ".pbgdpl-output";
const MARKER_TEXT: &str = "Thư mục này do pbgdpl tạo ra. Mỗi lần dựng trang, toàn bộ nội dung \
được thay thế: đừng sửa hay lưu tệp ở đây, hãy sửa trong thư mục nội dung của trang.\n";

/// Distinguishes staging folders of one process (tests build several at once).
static NEXT_STAGING: AtomicU32 = AtomicU32::new(0);

pub struct StagingDir {
    out: PathBuf,
    temp: PathBuf,
    /// The current output when it is ours: unchanged static files are hard-linked from it.
    previous: Option<PathBuf>,
    /// Folders (relative, `/`-separated) known to exist in `temp`, so concurrent writers do
    /// not repeat `create_dir_all` for every file.
    created_dirs: RwLock<HashSet<String>>,
    files: AtomicU64,
    bytes: AtomicU64,
    linked: AtomicU64,
    committed: bool,
}

fn refuse(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::AlreadyExists, msg)
}

fn invalid(msg: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg)
}

/// Refuses an output folder that is not ours to replace (see the module doc).
fn check_replaceable(out: &Path) -> io::Result<bool> {
    let meta = match fs::symlink_metadata(out) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let shown = out.display();
    if !meta.is_dir() {
        return Err(refuse(format!(
            "Đường dẫn đầu ra «{shown}» là một tệp (hoặc liên kết), không phải thư mục; pbgdpl \
             sẽ không ghi đè lên nó. Cách sửa: chọn thư mục đầu ra khác bằng --output-dir."
        )));
    }
    if out.join("site.yaml").exists() || out.join("content").is_dir() {
        return Err(refuse(format!(
            "Thư mục đầu ra «{shown}» chứa site.yaml hoặc content/: đó là thư mục nội dung của \
             trang, không phải nơi xuất bản. pbgdpl sẽ không thay thế nó. Cách sửa: chọn thư \
             mục đầu ra khác, ví dụ --output-dir public."
        )));
    }
    if out.join(MARKER).is_file() {
        return Ok(true);
    }
    if fs::read_dir(out)?.next().is_some() {
        return Err(refuse(format!(
            "Thư mục đầu ra «{shown}» đã có tệp nhưng không phải do pbgdpl tạo ra (không có tệp \
             đánh dấu {MARKER}), nên pbgdpl sẽ không thay thế nó, để không xoá mất dữ liệu của \
             bạn. Cách sửa: chọn một thư mục đầu ra khác (--output-dir), hoặc tự chuyển các tệp \
             trong thư mục này đi nơi khác rồi dựng lại."
        )));
    }
    Ok(false)
}

/// Checks a `/`-separated output path: relative, no `..`, `.`, empty segments or
/// backslashes. A failure here is a bug in pbgdpl, not an editor mistake.
fn check_rel(rel: &str) -> io::Result<()> {
    let bad = rel.is_empty()
        || rel.starts_with('/')
        || rel.contains('\\')
        || rel.contains(':')
        || rel
            .split('/')
            .any(|seg| seg.is_empty() || seg == "." || seg == "..");
    if bad {
        return Err(invalid(format!(
            "lỗi nội bộ của pbgdpl: đường dẫn tệp đầu ra không hợp lệ «{rel}» (phải là đường \
             dẫn tương đối, phân cách bằng /, không có ..)"
        )));
    }
    Ok(())
}

fn sibling(out: &Path, suffix: &str) -> io::Result<PathBuf> {
    let name = out.file_name().ok_or_else(|| {
        invalid(format!(
            "Đường dẫn đầu ra «{}» không có tên thư mục.",
            out.display()
        ))
    })?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{}.{suffix}", name.to_string_lossy())))
}

/// Whether process `pid` still runs. Only Linux can tell cheaply; elsewhere assume it does,
/// which keeps leftovers rather than risk deleting a concurrent build's folder.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Removes `.<name>.tmp-<pid>-<n>` and `.<name>.old-<pid>` siblings left by dead builds.
/// Only folders carrying our marker are touched.
fn remove_stale_siblings(out: &Path) {
    let (Some(name), Ok(probe)) = (out.file_name(), sibling(out, "x")) else {
        return;
    };
    let Some(parent) = probe.parent() else {
        return;
    };
    let prefix = format!(".{}.", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let pid = rest
            .strip_prefix("tmp-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|r| r.split('-').next())
            .and_then(|p| p.parse::<u32>().ok());
        let Some(pid) = pid else {
            continue;
        };
        let path = entry.path();
        if pid != std::process::id() && !process_alive(pid) && path.join(MARKER).is_file() {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

impl StagingDir {
    /// Prepares a staging folder for a build into `out` (see the module doc for the refusals).
    pub fn create(out: &Path) -> io::Result<StagingDir> {
        let previous = check_replaceable(out)?.then(|| out.to_path_buf());
        remove_stale_siblings(out);
        let pid = std::process::id();
        let temp = loop {
            let n = NEXT_STAGING.fetch_add(1, Ordering::Relaxed);
            let candidate = sibling(out, &format!("tmp-{pid}-{n}"))?;
            if let Some(parent) = candidate.parent() {
                fs::create_dir_all(parent)?;
            }
            match fs::create_dir(&candidate) {
                Ok(()) => break candidate,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        };
        // Marked from the start, so a leftover of a killed build can be recognised and removed.
        fs::write(temp.join(MARKER), MARKER_TEXT)?;
        Ok(StagingDir {
            out: out.to_path_buf(),
            temp,
            previous,
            created_dirs: RwLock::new(HashSet::new()),
            files: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
            linked: AtomicU64::new(0),
            committed: false,
        })
    }

    /// The folder being written (for diagnostics and tests).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    /// Files and bytes in the new output so far (hard-linked files included).
    pub fn stats(&self) -> (u64, u64) {
        (
            self.files.load(Ordering::Relaxed),
            self.bytes.load(Ordering::Relaxed),
        )
    }

    /// How many files were hard-linked from the previous output instead of copied.
    pub fn reused(&self) -> u64 {
        self.linked.load(Ordering::Relaxed)
    }

    /// Creates the parent folder of `rel` in the staging folder once per folder.
    fn ensure_parent(&self, rel: &str) -> io::Result<PathBuf> {
        let dest = self.temp.join(rel);
        let Some((dir, _)) = rel.rsplit_once('/') else {
            return Ok(dest);
        };
        let known = self
            .created_dirs
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .contains(dir);
        if !known {
            fs::create_dir_all(self.temp.join(dir))?;
            let mut set = self.created_dirs.write().unwrap_or_else(|e| e.into_inner());
            let mut ancestor = dir;
            loop {
                set.insert(ancestor.to_string());
                match ancestor.rsplit_once('/') {
                    Some((up, _)) => ancestor = up,
                    None => break,
                }
            }
        }
        Ok(dest)
    }

    fn count(&self, bytes: u64) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Hard-links `rel` from the previous output when it is the same file as `src` by size and
    /// modification time (copies keep the source's mtime, so that is a reliable test).
    fn link_previous(&self, rel: &str, src_meta: &fs::Metadata, dest: &Path) -> bool {
        let Some(prev) = self.previous.as_ref().map(|p| p.join(rel)) else {
            return false;
        };
        let Ok(prev_meta) = fs::symlink_metadata(&prev) else {
            return false;
        };
        let same = prev_meta.is_file()
            && prev_meta.len() == src_meta.len()
            && matches!((prev_meta.modified(), src_meta.modified()), (Ok(a), Ok(b)) if a == b);
        same && fs::hard_link(&prev, dest).is_ok()
    }

    /// Swaps the staging folder in as the output (see the module doc); the old output is
    /// deleted only after the new one is in place.
    pub fn commit(mut self) -> io::Result<()> {
        fs::write(self.temp.join(MARKER), MARKER_TEXT)?;
        let out_exists = fs::symlink_metadata(&self.out).is_ok();
        if !out_exists {
            fs::rename(&self.temp, &self.out)?;
            self.committed = true;
            return Ok(());
        }
        // The output may have changed since `create` (another process, an editor): check again.
        check_replaceable(&self.out)?;
        let old = sibling(&self.out, &format!("old-{}", std::process::id()))?;
        if fs::symlink_metadata(&old).is_ok() {
            fs::remove_dir_all(&old)?;
        }
        fs::rename(&self.out, &old)?;
        if let Err(e) = fs::rename(&self.temp, &self.out) {
            // Put the previous output back; the staging folder is removed by Drop.
            let _ = fs::rename(&old, &self.out);
            return Err(e);
        }
        self.committed = true;
        // The new output is live; failing to delete the old one only leaves a hidden folder
        // that the next build removes.
        let _ = fs::remove_dir_all(&old);
        Ok(())
    }

    /// Discards everything written; the previous output stays as it was.
    pub fn abort(self) {
        drop(self)
    }
}

impl Drop for StagingDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.temp);
        }
    }
}

impl Output for StagingDir {
    fn write_file(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        check_rel(rel)?;
        let dest = self.ensure_parent(rel)?;
        fs::write(&dest, bytes)?;
        self.count(bytes.len() as u64);
        Ok(())
    }

    fn copy_file(&self, rel: &str, src: &Path) -> io::Result<()> {
        check_rel(rel)?;
        let dest = self.ensure_parent(rel)?;
        let src_meta = fs::metadata(src)?;
        if self.link_previous(rel, &src_meta, &dest) {
            self.linked.fetch_add(1, Ordering::Relaxed);
        } else {
            fs::copy(src, &dest)?;
            let mtime = src_meta.modified()?;
            fs::File::options()
                .write(true)
                .open(&dest)?
                .set_modified(mtime)?;
        }
        self.count(src_meta.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, SystemTime};

    fn read(p: &Path) -> String {
        fs::read_to_string(p).unwrap()
    }

    /// Every file under `root` with its content, sorted, for byte-identical comparisons.
    fn snapshot(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(root).unwrap().to_path_buf(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }

    fn hidden_siblings(parent: &Path) -> Vec<String> {
        fs::read_dir(parent)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with('.'))
            .collect()
    }

    #[test]
    fn commit_swaps_in_the_new_output() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let first = StagingDir::create(&out).unwrap();
        first.write_file("index.html", b"<h1>Trang 1</h1>").unwrap();
        first
            .write_file("van-ban/luat-dat-dai/index.html", b"luat")
            .unwrap();
        first
            .write_file("van-ban/nghi-dinh/index.html", b"nd")
            .unwrap();
        assert_eq!(first.stats(), (3, 16 + 4 + 2));
        first.commit().unwrap();
        assert_eq!(read(&out.join("van-ban/luat-dat-dai/index.html")), "luat");
        assert!(out.join(MARKER).is_file());

        let second = StagingDir::create(&out).unwrap();
        second
            .write_file("index.html", b"<h1>Trang 2</h1>")
            .unwrap();
        assert_eq!(
            read(&out.join("index.html")),
            "<h1>Trang 1</h1>",
            "live output untouched before commit"
        );
        second.commit().unwrap();
        assert_eq!(read(&out.join("index.html")), "<h1>Trang 2</h1>");
        assert!(
            !out.join("van-ban").exists(),
            "files of the old build are gone"
        );
        assert!(
            hidden_siblings(root.path()).is_empty(),
            "{:?}",
            hidden_siblings(root.path())
        );
    }

    #[test]
    fn dropped_staging_leaves_the_old_output_byte_identical() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        let first = StagingDir::create(&out).unwrap();
        first.write_file("index.html", b"cu").unwrap();
        first.write_file("tep/a.txt", b"tep cu").unwrap();
        first.commit().unwrap();
        let before = snapshot(&out);

        let failed = StagingDir::create(&out).unwrap();
        failed.write_file("index.html", b"moi").unwrap();
        failed.write_file("khac/b.txt", b"x").unwrap();
        let temp = failed.temp_path().to_path_buf();
        assert!(temp.is_dir());
        drop(failed);
        assert!(!temp.exists());
        assert_eq!(snapshot(&out), before);

        let aborted = StagingDir::create(&out).unwrap();
        aborted.write_file("index.html", b"moi").unwrap();
        aborted.abort();
        assert_eq!(snapshot(&out), before);
        assert!(hidden_siblings(root.path()).is_empty());
    }

    #[test]
    fn refuses_folders_that_are_not_ours() {
        let root = tempfile::tempdir().unwrap();
        let foreign = root.path().join("tai-lieu");
        fs::create_dir(&foreign).unwrap();
        fs::write(foreign.join("bao-cao.docx"), b"du lieu cua bien tap vien").unwrap();
        let err = StagingDir::create(&foreign).err().expect("refused");
        assert!(
            err.to_string().contains("không phải do pbgdpl tạo ra"),
            "{err}"
        );
        assert_eq!(
            read(&foreign.join("bao-cao.docx")),
            "du lieu cua bien tap vien"
        );

        let site = root.path().join("trang");
        fs::create_dir_all(site.join("content")).unwrap();
        fs::write(site.join(MARKER), "").unwrap();
        let err = StagingDir::create(&site)
            .err()
            .expect("site folder refused");
        assert!(err.to_string().contains("site.yaml hoặc content/"), "{err}");

        let file = root.path().join("tep.txt");
        fs::write(&file, b"x").unwrap();
        assert!(StagingDir::create(&file).is_err());
        assert!(
            hidden_siblings(root.path()).is_empty(),
            "nothing created when refused"
        );

        // An empty folder is fine to fill.
        let empty = root.path().join("rong");
        fs::create_dir(&empty).unwrap();
        let s = StagingDir::create(&empty).unwrap();
        s.write_file("index.html", b"x").unwrap();
        s.commit().unwrap();
        assert!(empty.join(MARKER).is_file());
    }

    #[test]
    fn rejects_unsafe_relative_paths() {
        let root = tempfile::tempdir().unwrap();
        let s = StagingDir::create(&root.path().join("public")).unwrap();
        for bad in [
            "../thoat.html",
            "/tuyet-doi.html",
            "a\\b.html",
            "a//b",
            "a/./b",
            "",
            "C:/x",
        ] {
            assert_eq!(
                s.write_file(bad, b"x").unwrap_err().kind(),
                io::ErrorKind::InvalidInput,
                "{bad}"
            );
        }
        assert!(!root.path().join("thoat.html").exists());
        s.write_file("a/b/c.html", b"ok").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_static_files_are_hard_linked_from_the_previous_output() {
        use std::os::unix::fs::MetadataExt;
        let root = tempfile::tempdir().unwrap();
        let src = root.path().join("anh.png");
        let other = root.path().join("tai-lieu.pdf");
        fs::write(&src, b"png v1").unwrap();
        fs::write(&other, b"pdf v1").unwrap();
        let out = root.path().join("public");

        let first = StagingDir::create(&out).unwrap();
        first.copy_file("tep/anh.png", &src).unwrap();
        first.copy_file("tep/tai-lieu.pdf", &other).unwrap();
        assert_eq!(first.reused(), 0);
        first.commit().unwrap();
        let copied = out.join("tep/anh.png");
        assert_eq!(
            fs::metadata(&copied).unwrap().modified().unwrap(),
            fs::metadata(&src).unwrap().modified().unwrap()
        );
        assert_ne!(
            fs::metadata(&copied).unwrap().ino(),
            fs::metadata(&src).unwrap().ino(),
            "never linked to the source"
        );
        let old_png_inode = fs::metadata(&copied).unwrap().ino();

        // Same size, new content and a new mtime: must be copied afresh.
        fs::write(&other, b"pdf v2").unwrap();
        let later = SystemTime::now() + Duration::from_secs(5);
        fs::File::options()
            .write(true)
            .open(&other)
            .unwrap()
            .set_modified(later)
            .unwrap();

        let second = StagingDir::create(&out).unwrap();
        second.copy_file("tep/anh.png", &src).unwrap();
        second.copy_file("tep/tai-lieu.pdf", &other).unwrap();
        assert_eq!(second.reused(), 1);
        assert_eq!(second.stats(), (2, 12));
        second.commit().unwrap();
        assert_eq!(
            fs::metadata(out.join("tep/anh.png")).unwrap().ino(),
            old_png_inode
        );
        assert_eq!(read(&out.join("tep/anh.png")), "png v1");
        assert_eq!(read(&out.join("tep/tai-lieu.pdf")), "pdf v2");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn leftovers_of_dead_builds_are_removed() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("public");
        // No process has pid u32::MAX - 1 on Linux (pid_max is at most 2^22).
        let dead = root.path().join(format!(".public.tmp-{}-0", u32::MAX - 1));
        fs::create_dir(&dead).unwrap();
        fs::write(dead.join(MARKER), "").unwrap();
        let unmarked = root.path().join(format!(".public.tmp-{}-1", u32::MAX - 1));
        fs::create_dir(&unmarked).unwrap();
        let s = StagingDir::create(&out).unwrap();
        assert!(!dead.exists());
        assert!(
            unmarked.exists(),
            "folders without our marker are never deleted"
        );
        s.abort();
    }
}
