//! Conformance checking (`pbgdpl check`): the content rules, read from the typed model
//! (everything `build` validates plus the rules of domain-vn §A that concern content), and the
//! output rules, read from the built HTML/XML/JSON. Every finding names its rule id (A1-01 …),
//! the file and the fix, in Vietnamese; `report.rs` prints them and writes the report page
//! `kiem-tra/index.html` into the checked output.

pub mod content;
pub mod html;
pub mod output;
pub mod pii;
pub mod report;
pub mod rules;
pub mod settings;

use crate::diagnostics::{Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// One problem found by a rule.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    #[serde(flatten)]
    pub diag: Diagnostic,
}

impl Finding {
    pub fn error(
        rule: &'static str,
        file: impl Into<std::path::PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            diag: Diagnostic::error("kiem-tra", file, message),
        }
    }

    pub fn warning(
        rule: &'static str,
        file: impl Into<std::path::PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            rule,
            diag: Diagnostic::warning("kiem-tra", file, message),
        }
    }

    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.diag.fix = fix.into();
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.diag.field = Some(field.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.diag.is_error()
    }

    /// A diagnostic of `build`, filed under the checklist rule it enforces (ND-01 otherwise).
    /// The status/date mismatch is only a warning in `build` but breaks A5-04 (a MUST).
    pub fn from_build(d: Diagnostic) -> Self {
        let rule = match (d.code, d.field.as_deref()) {
            ("so-ky-hieu" | "trung-so-ky-hieu", _) => "A5-03",
            ("hieu-luc", _) => "A5-04",
            ("utf8", _) => "A1-01",
            ("lien-ket-hong", _) => "A1-09",
            (_, Some("anh_mo_ta" | "phu_de" | "ban_ghi_loi")) => "A3-04",
            _ => "ND-01",
        };
        let mut d = d;
        if rule == "A5-04" {
            d.severity = Severity::Error;
        }
        Finding { rule, diag: d }
    }
}

impl fmt::Display for Finding {
    /// `lỗi[A3-06]: van-ban/index.html: …` then the fix; a build diagnostic keeps its own
    /// class after the rule (`lỗi[A5-03/so-ky-hieu]`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.diag;
        let label = if d.is_error() { "lỗi" } else { "cảnh báo" };
        let file = d.file.display().to_string().replace('\\', "/");
        let at = match (d.line, d.column) {
            (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
            (Some(l), None) => format!("{file}:{l}"),
            _ => file,
        };
        if d.code == "kiem-tra" {
            write!(f, "{label}[{}]: {at}: ", self.rule)?;
        } else {
            write!(f, "{label}[{}/{}]: {at}: ", self.rule, d.code)?;
        }
        if let Some(field) = &d.field {
            write!(f, "trường `{field}`: ")?;
        }
        write!(f, "{}", d.message)?;
        if !d.fix.is_empty() {
            write!(f, "\n    → cách sửa: {}", d.fix)?;
        }
        Ok(())
    }
}

/// Everything one check found, plus how much each rule examined (the report's evidence).
#[derive(Debug, Default, Serialize)]
pub struct Findings {
    pub findings: Vec<Finding>,
    /// Rule id → "what was examined" (e.g. "99 trang").
    pub examined: BTreeMap<&'static str, String>,
}

impl Findings {
    pub fn push(&mut self, f: Finding) {
        self.findings.push(f);
    }

    pub fn examined(&mut self, rule: &'static str, what: impl Into<String>) {
        self.examined.insert(rule, what.into());
    }

    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }

    pub fn of_rule<'a>(&'a self, rule: &'a str) -> impl Iterator<Item = &'a Finding> {
        self.findings.iter().filter(move |f| f.rule == rule)
    }

    /// Sorted by rule, then file: the report reads rule by rule.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.rule, &a.diag.file, a.diag.line).cmp(&(b.rule, &b.diag.file, b.diag.line))
        });
    }
}
