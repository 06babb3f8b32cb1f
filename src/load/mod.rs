//! Load: walks the site folder (walkdir), reads every content, data and config file as UTF-8,
//! splits front matter from the Markdown body, parses YAML with serde-saphyr under size and
//! depth limits, and normalises every string to NFC. It keeps the line and column of every
//! top-level field so later stages can point at it. Files are read and parsed in parallel;
//! the walk itself is sorted so the result never depends on the file system's order.

mod text;
pub mod yaml;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::SECTIONS;
use crate::validate::suggest;
use crate::vi;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;
use yaml::{Doc, YamlError, YamlErrorKind};

pub use text::{split, Split, SplitError};

/// Content files larger than this are refused: no real item is this long, and a runaway
/// file (a pasted scan, a generated dump) would slow every build.
pub const MAX_CONTENT_BYTES: u64 = 5 << 20;
/// Data files and site.yaml.
pub const MAX_DATA_BYTES: u64 = 10 << 20;

/// A YAML value with the position (1-based line, column in the *file*) of its key.
#[derive(Clone, Debug)]
pub struct Field {
    pub value: serde_json::Value,
    pub line: usize,
    pub column: usize,
    /// Line/column (in the file) of each element when the value is a list.
    pub elements: Vec<(usize, usize)>,
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
    /// Line of the closing `---`: where a missing field is reported.
    pub close_line: usize,
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

impl DataDoc {
    /// Line/column of a top-level key (mapping) or of element `i` (list, key `"i"`).
    pub fn position(&self, key: &str) -> Option<(usize, usize)> {
        self.positions
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, l, c)| (*l, *c))
    }
}

#[derive(Debug, Default)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Option<DataDoc>,
    pub docs: Vec<SourceDoc>,
    pub data: Vec<DataDoc>,
}

/// `site.yaml` and `data/` only (`docs` left empty): `serve` reads the Markdown files itself,
/// re-reading only those that changed.
pub fn load_config_and_data(root: &Path, diags: &Diagnostics) -> Loaded {
    let config_path = root.join("site.yaml");
    let config = config_path
        .is_file()
        .then(|| load_data(root, &config_path, diags))
        .flatten();
    let data = data_files(root)
        .par_iter()
        .filter_map(|p| load_data(root, p, diags))
        .collect();
    Loaded {
        root: root.to_path_buf(),
        config,
        docs: Vec::new(),
        data,
    }
}

pub fn load_site(root: &Path, diags: &Diagnostics) -> Loaded {
    let config_path = root.join("site.yaml");
    let config = config_path
        .is_file()
        .then(|| load_data(root, &config_path, diags))
        .flatten();
    let plan = plan_content(root, diags);
    let mut docs: Vec<SourceDoc> = plan
        .par_iter()
        .filter_map(|p| load_markdown(p, diags))
        .collect();
    docs.sort_by(|a, b| a.rel.cmp(&b.rel));
    let data = data_files(root)
        .par_iter()
        .filter_map(|p| load_data(root, p, diags))
        .collect();
    Loaded {
        root: root.to_path_buf(),
        config,
        docs,
        data,
    }
}

/// Hidden files, editor backups and swap files are never content.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swo")
        || name.ends_with(".bak")
        || (name.starts_with('#') && name.ends_with('#'))
}

/// Symbolic links are not followed: a link could pull files from outside the site into it.
fn walk(dir: &Path) -> impl Iterator<Item = walkdir::DirEntry> {
    WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
}

/// Where a Markdown file sits in the section tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placement {
    pub section: String,
    pub subsection: Vec<String>,
    pub slug: String,
    pub is_intro: bool,
    pub bundle: bool,
}

/// A file to read, already placed.
pub struct Planned {
    pub abs: PathBuf,
    pub rel: PathBuf,
    pub place: Placement,
}

/// Finds the Markdown files of `content/` and places each; reports `.md` files outside a
/// known section (once per folder). Non-Markdown files are attachments, found later by path.
pub fn plan_content(root: &Path, diags: &Diagnostics) -> Vec<Planned> {
    let content = root.join("content");
    if !content.is_dir() {
        return Vec::new();
    }
    let md: Vec<(PathBuf, Vec<String>)> = walk(&content)
        .filter(|e| {
            if e.path_is_symlink() {
                diags.push(symlink_skipped(root, e.path()));
            }
            e.file_type().is_file()
        })
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("md"))
        })
        .filter_map(|e| {
            let rel = e.path().strip_prefix(&content).ok()?;
            let parts = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            Some((e.path().to_path_buf(), parts))
        })
        .collect();
    // Folders holding an index.md are bundles: every other file inside belongs to that item.
    let bundles: BTreeSet<Vec<String>> = md
        .iter()
        .filter(|(_, p)| p.len() >= 3 && p.last().is_some_and(|n| n == "index.md"))
        .map(|(_, p)| p[..p.len() - 1].to_vec())
        .collect();
    let mut unknown: BTreeMap<String, usize> = BTreeMap::new();
    let mut out = Vec::new();
    for (abs, parts) in md {
        let inside_bundle = (2..parts.len()).any(|n| {
            bundles.contains(&parts[..n]) && !(n == parts.len() - 1 && parts[n] == "index.md")
        });
        if inside_bundle {
            continue;
        }
        match place(&parts) {
            Ok(place) => out.push(Planned {
                rel: Path::new("content").join(parts.join("/")),
                abs,
                place,
            }),
            Err(folder) => *unknown.entry(folder).or_default() += 1,
        }
    }
    for (folder, files) in unknown {
        diags.push(unknown_section(&folder, files));
    }
    out
}

/// Places `content/`-relative path parts, or names the offending folder (`""` for a file
/// directly in `content/`).
pub fn place(parts: &[String]) -> Result<Placement, String> {
    let n = parts.len();
    if n < 2 {
        return Err(String::new());
    }
    let section = &parts[0];
    if !SECTIONS.iter().any(|s| s.folder == section) {
        return Err(section.clone());
    }
    let name = &parts[n - 1];
    let stem = name[..name.len() - 3].to_string();
    let p = if name == "_index.md" || (name == "index.md" && n == 2) {
        Placement {
            section: section.clone(),
            subsection: parts[1..n - 1].to_vec(),
            slug: String::new(),
            is_intro: true,
            bundle: false,
        }
    } else if name == "index.md" {
        Placement {
            section: section.clone(),
            subsection: parts[1..n - 2].to_vec(),
            slug: parts[n - 2].clone(),
            is_intro: false,
            bundle: true,
        }
    } else {
        Placement {
            section: section.clone(),
            subsection: parts[1..n - 1].to_vec(),
            slug: stem,
            is_intro: false,
            bundle: false,
        }
    };
    Ok(p)
}

fn symlink_skipped(root: &Path, path: &Path) -> Diagnostic {
    Diagnostic::warning(
        "lien-ket-tuong-trung",
        crate::diagnostics::relative_to(path, root),
        "đây là liên kết tượng trưng (symlink) nên bị bỏ qua: trình dựng chỉ đọc tệp thật nằm trong thư mục trang.",
    )
    .fix("chép tệp (hoặc thư mục) thật vào đây thay cho liên kết.")
}

fn unknown_section(folder: &str, files: usize) -> Diagnostic {
    let valid: Vec<&str> = SECTIONS.iter().map(|s| s.folder).collect();
    let list = valid.join(", ");
    if folder.is_empty() {
        return Diagnostic::error(
            "muc-la",
            "content",
            format!("có {files} tệp .md nằm ngay trong `content/`, không thuộc mục nào."),
        )
        .fix(format!(
            "chuyển tệp vào thư mục của một mục, ví dụ `content/tin-tuc/ten-bai.md`. Các mục hợp lệ: {list}."
        ));
    }
    let hint = suggest::closest(folder, valid.iter().copied())
        .map(|c| format!("đổi tên thư mục thành `content/{c}` (có phải ý bạn là `{c}`?), hoặc "))
        .unwrap_or_default();
    Diagnostic::error(
        "muc-la",
        Path::new("content").join(folder),
        format!(
            "thư mục `content/{folder}` ({files} tệp .md) không phải là một mục của trang."
        ),
    )
    .fix(format!(
        "{hint}chuyển các tệp vào một trong các mục hợp lệ: {list}. Có thể tạo thư mục con bên trong một mục, ví dụ `content/van-ban/{folder}/`."
    ))
}

/// Reads a file under a size cap; the error is already a diagnostic (boxed: it is rare).
fn read_capped(abs: &Path, rel: &Path, cap: u64) -> Result<String, Box<Diagnostic>> {
    let too_big = |size: u64| {
        Diagnostic::error(
            "tep-qua-lon",
            rel,
            format!(
                "tệp dài {} byte, vượt giới hạn {} MB cho một tệp nội dung.",
                crate::vi::group_thousands(size),
                cap >> 20
            ),
        )
        .fix("tách nội dung thành nhiều bài, hoặc đưa phần lớn (bản scan, phụ lục) vào tệp PDF đính kèm.")
    };
    let size = std::fs::metadata(abs).map(|m| m.len()).unwrap_or(0);
    if size > cap {
        return Err(Box::new(too_big(size)));
    }
    let bytes = std::fs::read(abs).map_err(|e| {
        Box::new(
            Diagnostic::error("doc-tep", rel, format!("không đọc được tệp: {e}."))
                .fix("kiểm tra quyền đọc của tệp và thư mục."),
        )
    })?;
    text::decode(bytes).map_err(|line| {
        Box::new(Diagnostic::error(
            "utf8",
            rel,
            format!("tệp không phải văn bản UTF-8: có byte không hợp lệ ở dòng {line} (thường do lưu bằng bảng mã cũ như TCVN3/VNI hoặc Windows-1258)."),
        )
        .at(line, 1)
        .fix("mở tệp bằng trình soạn thảo và lưu lại tệp với bảng mã UTF-8 (Unicode dựng sẵn); với chữ TCVN3/VNI, dùng công cụ chuyển mã (ví dụ Unikey) sang Unicode trước."))
    })
}

pub fn load_markdown(p: &Planned, diags: &Diagnostics) -> Option<SourceDoc> {
    let text = read_capped(&p.abs, &p.rel, MAX_CONTENT_BYTES)
        .map_err(|d| diags.push(*d))
        .ok()?;
    let bundle_dir = p
        .place
        .bundle
        .then(|| p.abs.parent().map(Path::to_path_buf))
        .flatten();
    parse_markdown(&p.rel, &text, &p.place, bundle_dir)
        .map_err(|d| diags.push(*d))
        .ok()
}

/// A Markdown file's text (already UTF-8, LF) → its front matter fields and body.
pub fn parse_markdown(
    rel: &Path,
    text: &str,
    place: &Placement,
    bundle_dir: Option<PathBuf>,
) -> Result<SourceDoc, Box<Diagnostic>> {
    let split = text::split(text).map_err(|e| Box::new(front_matter_error(rel, e)))?;
    let entries = match yaml::parse(split.yaml) {
        Ok(Doc::Map(entries)) => entries,
        Ok(Doc::Empty) => Vec::new(),
        Ok(_) => {
            return Err(Box::new(
                Diagnostic::error("yaml", rel, "phần đầu (front matter) phải là các dòng `tên_trường: giá trị`, không phải một danh sách hay một giá trị đơn.")
                    .at(2, 1)
                    .fix("viết mỗi trường trên một dòng, ví dụ:\n      tieu_de: Tên bài\n      ngay_dang: 2026-05-20"),
            ))
        }
        Err(e) => return Err(Box::new(yaml_error(rel, &e, 1))),
    };
    let fields = entries
        .into_iter()
        .map(|mut e| {
            text::nfc_value(&mut e.value);
            let field = Field {
                value: e.value,
                line: e.line + 1,
                column: e.column,
                elements: e.elements.into_iter().map(|(l, c)| (l + 1, c)).collect(),
            };
            (vi::nfc(&e.key), field)
        })
        .collect();
    Ok(SourceDoc {
        rel: rel.to_path_buf(),
        section: place.section.clone(),
        subsection: place.subsection.clone(),
        slug: place.slug.clone(),
        is_intro: place.is_intro,
        bundle_dir,
        fields,
        body: text::nfc_owned(split.body.to_string()),
        body_line: split.body_line,
        close_line: split.close_line,
    })
}

fn front_matter_error(rel: &Path, e: SplitError) -> Diagnostic {
    let example = "\n      ---\n      tieu_de: Tên bài\n      ngay_dang: 2026-05-20\n      ---\n      Nội dung bài viết…";
    match e {
        SplitError::NoFrontMatter => Diagnostic::error(
            "yaml",
            rel,
            "tệp không bắt đầu bằng phần đầu (front matter): dòng đầu tiên phải là `---`.",
        )
        .at(1, 1)
        .fix(format!("thêm phần đầu ở đầu tệp, ví dụ:{example}")),
        SplitError::Unclosed => Diagnostic::error(
            "yaml",
            rel,
            "phần đầu (front matter) mở bằng `---` ở dòng 1 nhưng không có dòng `---` đóng lại.",
        )
        .at(1, 1)
        .fix(format!(
            "thêm một dòng chỉ có `---` sau trường cuối cùng, ví dụ:{example}"
        )),
    }
}

/// A YAML error as a diagnostic; `line_offset` is the number of file lines before the YAML.
pub fn yaml_error(rel: &Path, e: &YamlError, line_offset: usize) -> Diagnostic {
    let line = e.line + line_offset;
    let (what, fix) = match e.kind {
        YamlErrorKind::DuplicateKey => (
            "có một trường được khai báo hai lần",
            "mỗi trường chỉ được viết một lần: xoá dòng trùng hoặc gộp giá trị vào một dòng.".to_string(),
        ),
        YamlErrorKind::Limit => (
            "phần YAML quá lớn hoặc lồng quá sâu",
            "rút gọn phần đầu: chỉ giữ các trường của định dạng nội dung, đưa nội dung dài xuống phần thân bài.".to_string(),
        ),
        YamlErrorKind::Syntax => (
            "viết sai cú pháp YAML",
            format!(
                "kiểm tra dòng {line} và dòng ngay trên: sau tên trường phải có dấu hai chấm và một dấu cách (`tieu_de: ...`); thụt lề bằng dấu cách (không dùng Tab) và đều nhau; giá trị có dấu `:` hoặc bắt đầu bằng `[`, `{{`, `*`, `&`, `#` phải đặt trong ngoặc kép, ví dụ: tieu_de: \"Hỏi: thủ tục đăng ký kết hôn?\"; ngoặc `[` `{{` `\"` mở ra phải được đóng lại."
            ),
        ),
    };
    Diagnostic::error(
        "yaml",
        rel,
        format!(
            "không đọc được phần YAML ở dòng {line}, cột {}: {what} (chi tiết kỹ thuật: {}).",
            e.column,
            e.detail.lines().next().unwrap_or("").trim()
        ),
    )
    .at(line, e.column)
    .fix(fix)
}

fn data_files(root: &Path) -> Vec<PathBuf> {
    let dir = root.join("data");
    if !dir.is_dir() {
        return Vec::new();
    }
    walk(&dir)
        .filter(|e| e.depth() == 1 && e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml"))
        })
        .collect()
}

fn load_data(root: &Path, abs: &Path, diags: &Diagnostics) -> Option<DataDoc> {
    let rel = crate::diagnostics::relative_to(abs, root);
    let text = read_capped(abs, &rel, MAX_DATA_BYTES)
        .map_err(|d| diags.push(*d))
        .ok()?;
    let doc = yaml::parse(&text)
        .map_err(|e| diags.push(yaml_error(&rel, &e, 0)))
        .ok()?;
    let (mut value, positions) = match doc {
        Doc::Empty => (serde_json::Value::Null, Vec::new()),
        Doc::Scalar(v) => (v, Vec::new()),
        Doc::Map(entries) => {
            let positions = entries
                .iter()
                .map(|e| (e.key.clone(), e.line, e.column))
                .collect();
            let map = entries.into_iter().map(|e| (e.key, e.value)).collect();
            (serde_json::Value::Object(map), positions)
        }
        Doc::Seq(items) => {
            let positions = items
                .iter()
                .enumerate()
                .map(|(i, (_, l, c))| (i.to_string(), *l, *c))
                .collect();
            let values = items.into_iter().map(|(v, _, _)| v).collect();
            (serde_json::Value::Array(values), positions)
        }
    };
    text::nfc_value(&mut value);
    Some(DataDoc {
        name: abs
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rel,
        value,
        positions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(p: &str) -> Vec<String> {
        p.split('/').map(String::from).collect()
    }

    #[test]
    fn places_items_bundles_intros_and_subfolders() {
        let item = place(&parts("van-ban/42-2022-nd-cp.md")).unwrap();
        assert_eq!(
            (item.slug.as_str(), item.bundle, item.is_intro),
            ("42-2022-nd-cp", false, false)
        );
        let bundle = place(&parts("van-ban/trung-uong/x/index.md")).unwrap();
        assert_eq!(bundle.slug, "x");
        assert_eq!(bundle.subsection, vec!["trung-uong".to_string()]);
        assert!(bundle.bundle);
        let intro = place(&parts("van-ban/trung-uong/_index.md")).unwrap();
        assert!(intro.is_intro);
        assert_eq!(intro.subsection, vec!["trung-uong".to_string()]);
        assert_eq!(
            place(&parts("tin-tuc-moi/a.md")),
            Err("tin-tuc-moi".to_string())
        );
        assert_eq!(place(&parts("a.md")), Err(String::new()));
    }

    #[test]
    fn ignores_backups_and_hidden_files() {
        for name in [".git", "a.md~", ".a.md.swp", "#a.md#", ".DS_Store"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("a.md"));
    }

    #[test]
    fn yaml_errors_point_at_file_lines() {
        let text = "---\ntieu_de: Luật\nngay_dang: [2020\n---\n";
        let s = split(text).unwrap();
        let e = yaml::parse(s.yaml).unwrap_err();
        let d = yaml_error(Path::new("content/tin-tuc/a.md"), &e, 1);
        assert!(d.line.unwrap() >= 3, "{d}");
        assert!(d.message.contains("YAML"));
        assert!(!d.fix.is_empty());
    }
}
