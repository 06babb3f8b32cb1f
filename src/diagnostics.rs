//! Diagnostics: every problem a stage finds, with the file, line, column and field it is about
//! and the fix, in Vietnamese. Stages push into a `Diagnostics` and carry on, so a build reports
//! all of its problems at once; only the caller decides whether errors stop the build.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem. `file` is relative to the site root so messages stay short and stable.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Short class id, stable across releases (used by tests and `--format json`): `yaml`,
    /// `thieu-truong`, `ngay`, `gia-tri`, `so-ky-hieu`, `trung-so-ky-hieu`, `tep-dinh-kem`,
    /// `ngoai-thu-muc`, `utf8`, `muc-la`, `mau`, `cau-hinh`, `du-lieu`, `canh-bao` ...
    pub code: &'static str,
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub field: Option<String>,
    /// What is wrong, one sentence.
    pub message: String,
    /// What the editor should do.
    pub fix: String,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, file, message)
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, file, message)
    }

    fn new(
        severity: Severity,
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
            fix: String::new(),
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn at_opt(mut self, pos: Option<(usize, usize)>) -> Self {
        if let Some((l, c)) = pos {
            self.line = Some(l);
            self.column = Some(c);
        }
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = fix.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn location(&self) -> String {
        let file = self.file.display().to_string().replace('\\', "/");
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        }
    }
}

impl fmt::Display for Diagnostic {
    /// `lỗi[ngay]: content/van-ban/x.md:5:16: trường `ngay_ban_hanh`: ...` then the fix
    /// on its own line, so an editor reads what, where and how to fix in that order.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(f, "{label}[{}]: {}: ", self.code, self.location())?;
        if let Some(field) = &self.field {
            write!(f, "trường `{field}`: ")?;
        }
        write!(f, "{}", self.message)?;
        if !self.fix.is_empty() {
            write!(f, "\n    → cách sửa: {}", self.fix)?;
        }
        Ok(())
    }
}

/// A thread-safe collector, so parallel stages can report without threading `&mut` around.
#[derive(Default, Debug)]
pub struct Diagnostics {
    items: Mutex<Vec<Diagnostic>>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&self, d: Diagnostic) {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    }

    pub fn extend(&self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|d| d.is_error())
            .count()
    }

    /// All diagnostics sorted by file, line and column: the order an editor fixes them in.
    pub fn into_sorted(self) -> Vec<Diagnostic> {
        let mut v = self.items.into_inner().unwrap_or_else(|e| e.into_inner());
        v.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity).cmp(&(&b.file, b.line, b.column, b.severity))
        });
        v
    }

    pub fn snapshot(&self) -> Vec<Diagnostic> {
        self.items.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// `path` relative to `root` when it is inside it, else as given.
pub fn relative_to(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
