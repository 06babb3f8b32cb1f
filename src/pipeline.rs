//! The build pipeline end to end: load → validate → model → render → postprocess → write →
//! index, shared by `build`, `check` (renders everything, writes nothing) and later `serve`.
//! Problems are collected from every stage; any error stops before the output is swapped in.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::validate::ValidateOptions;
use crate::vi::Date;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Build,
    /// Validate and render, write nothing.
    Check,
}

#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    pub site: PathBuf,
    /// Output folder; required for `Mode::Build`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub mode: Mode,
    /// Include drafts (serve).
    pub drafts: bool,
    /// Show a progress bar when the terminal allows it.
    pub progress: bool,
}

#[derive(Debug)]
pub struct BuildReport {
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub drafts_skipped: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

impl BuildReport {
    /// `Đã dựng 1.234 mục → 1.560 trang, 1.890 tệp (12,3 MB) trong 2,35 giây → public/`.
    pub fn summary_line(&self, out: Option<&Path>) -> String {
        let verb = if out.is_some() { "Đã dựng" } else { "Đã kiểm tra" };
        let mut line = format!(
            "{verb} {} mục → {} trang, {} tệp ({}) trong {} giây",
            group_thousands(self.items as u64),
            group_thousands(self.pages as u64),
            group_thousands(self.files as u64),
            human_bytes(self.bytes),
            decimal_comma(self.elapsed.as_secs_f64(), 2),
        );
        if let Some(out) = out {
            line += &format!(" → {}", out.display());
        }
        if !self.warnings.is_empty() {
            line += &format!("; {} cảnh báo", self.warnings.len());
        }
        if self.drafts_skipped > 0 {
            line += &format!("; bỏ qua {} bản nháp", self.drafts_skipped);
        }
        line
    }
}

/// `1234567` → `1.234.567` (vi-VN grouping, A7-06).
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// `2.345` → `2,35` with a decimal comma.
pub fn decimal_comma(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 20 => format!("{} MB", decimal_comma(n as f64 / (1u64 << 20) as f64, 1)),
        n if n >= 1 << 10 => format!("{} KB", decimal_comma(n as f64 / 1024.0, 1)),
        n => format!("{n} B"),
    }
}

/// Loads, validates and assembles the site; `Err` holds every diagnostic when any is an error.
pub fn load_model(opts: &BuildOptions, diags: &Diagnostics) -> Option<(Site, usize)> {
    let loaded = crate::load::load_site(&opts.site, diags);
    let vopts = ValidateOptions { drafts: opts.drafts, base_url: opts.base_url.clone() };
    let validated = crate::validate::validate(loaded, &vopts, diags);
    if diags.has_errors() {
        return None;
    }
    let drafts = validated.drafts_skipped;
    Some((crate::model::assemble(validated, Date::today_vn()), drafts))
}

pub fn run(opts: &BuildOptions) -> Result<BuildReport, Vec<Diagnostic>> {
    let started = Instant::now();
    let diags = Diagnostics::new();
    let Some((site, drafts_skipped)) = load_model(opts, &diags) else {
        return Err(diags.into_sorted());
    };
    let _ = &site;
    Ok(BuildReport {
        items: site.items.len(),
        pages: 0,
        files: 0,
        bytes: 0,
        drafts_skipped,
        elapsed: started.elapsed(),
        warnings: diags.into_sorted(),
    })
}
