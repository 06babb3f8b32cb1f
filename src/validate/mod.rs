//! Validate: turns loaded documents into typed items, checking required fields, dates, enums,
//! the số ký hiệu grammar and uniqueness (domain-vn B2), attachments that exist and stay inside
//! the site, and the data files. Every problem becomes a `Diagnostic`; nothing stops at the
//! first one. Files are checked in parallel; the site-wide checks (duplicate numbers, two
//! files with the same URL) run after, in source order, so messages are stable.

mod assets;
pub mod config;
mod data;
pub mod enums;
mod fields;
mod items;

pub use items::accepted_fields;
pub mod so_ky_hieu;
pub mod suggest;

pub use items::url_segment;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Loaded;
use crate::model::{DataFiles, Item, SectionIntro};
use crate::vi::Date;
use items::{Checked, Ctx, NumberCheck, Outcome};
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

#[derive(Clone, Debug, Default)]
pub struct ValidateOptions {
    /// Keep `ban_nhap: true` items (serve); `build` drops them.
    pub drafts: bool,
    /// `--base-url` from the command line, overriding `site.yaml`.
    pub base_url: Option<String>,
}

#[derive(Debug, Default)]
pub struct Validated {
    pub root: std::path::PathBuf,
    pub config: SiteConfig,
    pub items: Vec<Item>,
    /// `_index.md` files: (section folder, sub-folder path, intro).
    pub intros: Vec<(String, Vec<String>, SectionIntro)>,
    pub data: DataFiles,
    /// How many drafts were left out.
    pub drafts_skipped: usize,
}

pub fn validate(loaded: Loaded, opts: &ValidateOptions, diags: &Diagnostics) -> Validated {
    let checker = Checker::new(&loaded, opts, diags);
    let checked: Vec<CheckedDoc> = loaded
        .docs
        .into_par_iter()
        .map(|d| checker.check(d))
        .collect();
    checker.finish(checked.into_iter().map(Cow::Owned), diags)
}

/// One content file checked on its own, before the site-wide checks. `serve` keeps these
/// between rebuilds and re-checks only the files that changed.
#[derive(Clone)]
pub struct CheckedDoc {
    pub rel: PathBuf,
    checked: Checked,
}

/// What checking a single file needs: the parsed configuration and data, the attachment
/// lookup (which caches `stat`s, so a new `Checker` is made when files other than Markdown
/// change) and the options. `validate` is `new`, `check` on every file, then `finish`.
pub struct Checker {
    root: PathBuf,
    config: SiteConfig,
    data: DataFiles,
    assets: assets::Assets,
    today: Date,
    drafts: bool,
}

impl Checker {
    /// Parses `site.yaml` and `data/` of `loaded` (its `docs` are not looked at).
    pub fn new(loaded: &Loaded, opts: &ValidateOptions, diags: &Diagnostics) -> Checker {
        let config = config::parse_config(loaded.config.as_ref(), &loaded.root, opts, diags);
        Checker {
            root: loaded.root.clone(),
            data: data::parse_data(&loaded.data, diags),
            config,
            assets: assets::Assets::new(&loaded.root),
            today: Date::today_vn(),
            drafts: opts.drafts,
        }
    }

    pub fn config(&self) -> &SiteConfig {
        &self.config
    }

    pub fn check(&self, mut doc: crate::load::SourceDoc) -> CheckedDoc {
        let ctx = Ctx {
            assets: &self.assets,
            today: self.today,
            drafts: self.drafts,
            allow_html: self.config.cho_phep_html,
        };
        let body = std::mem::take(&mut doc.body);
        CheckedDoc {
            checked: items::check_doc(&ctx, &doc, body),
            rel: doc.rel,
        }
    }

    /// Collects the checked files (in source order) into the validated site and runs the
    /// site-wide checks: duplicate numbers and addresses.
    pub fn finish<'a>(
        &self,
        checked: impl IntoIterator<Item = Cow<'a, CheckedDoc>>,
        diags: &Diagnostics,
    ) -> Validated {
        let (out, site_wide) = self.finish_parts(checked, diags);
        diags.extend(site_wide);
        out
    }

    /// `finish`, with the site-wide problems (duplicate numbers and addresses, quizzes)
    /// returned apart instead of added to `diags`: `serve` patches its model in place only
    /// while there are none. `serve` lends the checked files it keeps (they are copied);
    /// a build gives them (the items, bodies and all, move into the site instead of being
    /// copied: 10,000 bodies are tens of megabytes of fresh memory).
    pub fn finish_parts<'a>(
        &self,
        checked: impl IntoIterator<Item = Cow<'a, CheckedDoc>>,
        diags: &Diagnostics,
    ) -> (Validated, Vec<Diagnostic>) {
        let checked = checked.into_iter();
        let mut out = Validated {
            root: self.root.clone(),
            data: self.data.clone(),
            config: self.config.clone(),
            ..Validated::default()
        };
        out.items.reserve(checked.size_hint().0);
        let mut numbers: Vec<(PathBuf, NumberCheck)> = Vec::new();
        for doc in checked {
            let CheckedDoc { rel, checked: c } = doc.into_owned();
            diags.extend(c.diags);
            if let Some(n) = c.number {
                numbers.push((rel, n));
            }
            match c.outcome {
                Outcome::Item(item) => out.items.push(*item),
                Outcome::Intro(section, path, intro) => out.intros.push((section, path, intro)),
                Outcome::Draft => out.drafts_skipped += 1,
                Outcome::Failed => {}
            }
        }
        let mut site_wide = duplicate_numbers(&numbers);
        site_wide.extend(duplicate_urls(&out.items));
        site_wide.extend(crate::stats::quiz::check_all(&out.items, &out.root));
        (out, site_wide)
    }
}

impl CheckedDoc {
    /// The item this file became, if it became one (not an intro, draft left out or failure).
    pub fn item(&self) -> Option<&Item> {
        match &self.checked.outcome {
            Outcome::Item(item) => Some(item),
            _ => None,
        }
    }

    /// The problems found in this file alone.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.checked.diags
    }

    /// Whether the site-wide checks see this file exactly as they see `other`: both are
    /// items with the same number (and where it is written). With `same_site_inputs` of the
    /// items too, swapping one for the other cannot change a duplicate-number, duplicate-
    /// address or quiz finding.
    pub fn same_number_check(&self, other: &CheckedDoc) -> bool {
        let same = match (&self.checked.number, &other.checked.number) {
            (None, None) => true,
            (Some(a), Some(b)) => {
                (&a.key, &a.written, a.line, a.column) == (&b.key, &b.written, b.line, b.column)
            }
            _ => false,
        };
        same && self.item().is_some() && other.item().is_some()
    }
}

/// A VBQPPL number is unique; any other number is unique within its year (ND 30/2020 Đ.15).
fn duplicate_numbers(numbers: &[(PathBuf, NumberCheck)]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, (&PathBuf, usize)> = HashMap::with_capacity(numbers.len());
    let mut out = Vec::new();
    for (file, n) in numbers {
        match first.get(n.key.as_str()) {
            None => {
                first.insert(&n.key, (file, n.line));
            }
            Some((other, other_line)) => {
                let scope = if n.key.contains('#') {
                    " trong cùng năm ban hành"
                } else {
                    ""
                };
                out.push(
                    Diagnostic::error(
                        "trung-so-ky-hieu",
                        file,
                        format!(
                            "số ký hiệu \"{}\" trùng với văn bản ở tệp `{}` (dòng {other_line}){scope}; mỗi văn bản chỉ có một số ký hiệu duy nhất.",
                            n.written,
                            other.display()
                        ),
                    )
                    .at(n.line, n.column)
                    .field("so_ky_hieu")
                    .fix(format!(
                        "nếu hai tệp là cùng một văn bản, xoá một tệp; nếu gõ nhầm, sửa `so_ky_hieu` của tệp này hoặc của `{}` theo đúng văn bản gốc.",
                        other.display()
                    )),
                );
            }
        }
    }
    out
}

/// Two files that would publish to the same address (`x.md` beside `x/index.md`), or an item
/// whose address is that of a sub-folder's list page (`trung-uong.md` beside `trung-uong/`).
fn duplicate_urls(items: &[Item]) -> Vec<Diagnostic> {
    let mut first: HashMap<&str, &PathBuf> = HashMap::with_capacity(items.len());
    let mut folders: HashMap<String, &PathBuf> = HashMap::new();
    for item in items {
        let mut url = format!("{}/", item.section);
        for sub in &item.subsection {
            url.push_str(&url_segment(sub));
            url.push('/');
            folders.entry(url.clone()).or_insert(&item.source);
        }
    }
    let mut out = Vec::new();
    for item in items {
        let clash = first
            .insert(&item.url, &item.source)
            .or_else(|| folders.get(&item.url).copied());
        if let Some(other) = clash {
            out.push(
                Diagnostic::error(
                    "trung-duong-dan",
                    &item.source,
                    format!(
                        "bài này có cùng địa chỉ `{}` với `{}`.",
                        item.url,
                        other.display()
                    ),
                )
                .fix("đổi tên tệp (hoặc thư mục) của một bên để mỗi trang có một địa chỉ riêng."),
            );
        }
        // The item wins (the feature page is left out), so the site still builds; the editor
        // must hear why a feature page went missing.
        if crate::stats::page::FEATURE_URLS.contains(&item.url.as_str()) {
            out.push(
                Diagnostic::warning(
                    "trung-trang-tinh-nang",
                    &item.source,
                    format!(
                        "địa chỉ `{}` của bài này là địa chỉ của một trang pbgdpl tự tạo; \
                         trang đó sẽ không được tạo.",
                        item.url
                    ),
                )
                .fix("đổi tên tệp (hoặc thư mục) của bài để trang tự tạo giữ được địa chỉ của nó."),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(key: &str, line: usize) -> NumberCheck {
        NumberCheck {
            key: key.into(),
            written: key.split('#').next().unwrap_or(key).into(),
            line,
            column: 1,
        }
    }

    #[test]
    fn administrative_numbers_repeat_across_years_but_not_within_one() {
        let numbers = vec![
            (PathBuf::from("content/a.md"), n("18/KH-STP#2025", 2)),
            (PathBuf::from("content/b.md"), n("18/KH-STP#2026", 3)),
            (PathBuf::from("content/c.md"), n("18/KH-STP#2026", 4)),
        ];
        let ds = duplicate_numbers(&numbers);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].file, PathBuf::from("content/c.md"));
        assert_eq!(ds[0].line, Some(4));
        assert!(ds[0].message.contains("content/b.md") && ds[0].message.contains("năm"));
    }

    #[test]
    fn an_item_cannot_take_a_folder_address() {
        let tmp = tempfile::tempdir().unwrap();
        let site = tmp.path();
        let news = "---\ntieu_de: A\nngay_dang: 2026-01-01\ntom_tat: T\n---\n";
        for f in [
            "content/tin-tuc/dia-phuong.md",
            "content/tin-tuc/dia-phuong/b.md",
            "content/tin-tuc/c.md",
            "content/tin-tuc/c/index.md",
        ] {
            std::fs::create_dir_all(site.join(f).parent().unwrap()).unwrap();
            std::fs::write(site.join(f), news).unwrap();
        }
        let diags = Diagnostics::new();
        let loaded = crate::load::load_site(site, &diags);
        validate(loaded, &ValidateOptions::default(), &diags);
        let clashes: Vec<String> = diags
            .into_sorted()
            .into_iter()
            .filter(|d| d.code == "trung-duong-dan")
            .map(|d| d.file.display().to_string())
            .collect();
        assert_eq!(
            clashes,
            ["content/tin-tuc/c.md", "content/tin-tuc/dia-phuong.md"]
        );
    }
}
