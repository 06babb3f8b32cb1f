//! Loading the templates: the embedded default theme, then the site's `templates/` folder
//! (a file with a theme template's name replaces it; other names are added, for includes).
//! Every template is parsed on its own first so each broken one gets its own diagnostic with
//! the file and line; tera's errors (English, nested) become Vietnamese `mau` diagnostics.
//! Also the tera filters the theme offers to template authors.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::vi::Date;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::error::Error as _;
use std::path::{Path, PathBuf};
use tera::{Tera, Value};

/// The loaded templates and which of them came from the site.
pub struct Loaded {
    pub tera: Tera,
    pub from_site: HashSet<String>,
}

/// Theme templates overlaid with the site's; `None` (after pushing diagnostics) when any
/// template does not parse or an inheritance chain is broken.
pub fn load(site_root: &Path, diags: &Diagnostics) -> Option<Loaded> {
    let mut sources: BTreeMap<String, String> = crate::theme::TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    let overrides = read_overrides(&site_root.join("templates"), diags)?;
    let from_site: HashSet<String> = overrides.keys().cloned().collect();
    sources.extend(overrides);

    let mut ok = true;
    for (name, text) in &sources {
        if let Err(e) = tera::Template::new(name, None, text) {
            diags.push(parse_error(name, from_site.contains(name), &e));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let mut tera = Tera::default();
    tera.set_escape_fn(escape_html);
    register_filters(&mut tera);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
        diags.push(structure_error(&e, &from_site));
        return None;
    }
    Some(Loaded { tera, from_site })
}

/// `templates/**` of the site as `(name, NFC text)`; hidden and backup files are skipped.
fn read_overrides(dir: &Path, diags: &Diagnostics) -> Option<BTreeMap<String, String>> {
    let mut out = BTreeMap::new();
    if !dir.is_dir() {
        return Some(out);
    }
    let mut ok = true;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "mau",
                        "templates",
                        format!("Không đọc được thư mục mẫu giao diện: {e}."),
                    )
                    .fix("Kiểm tra quyền đọc của thư mục templates/."),
                );
                ok = false;
                continue;
            }
        };
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        if !entry.file_type().is_file() || is_ignored(&name) {
            continue;
        }
        match std::fs::read(entry.path()).map(String::from_utf8) {
            Ok(Ok(text)) => {
                out.insert(name, crate::vi::nfc(&text));
            }
            Ok(Err(_)) => {
                diags.push(
                    Diagnostic::error(
                        "mau",
                        site_file(&name),
                        "Mẫu giao diện không phải văn bản UTF-8.",
                    )
                    .fix("Lưu lại tệp với bảng mã UTF-8."),
                );
                ok = false;
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        "mau",
                        site_file(&name),
                        format!("Không đọc được mẫu giao diện: {e}."),
                    )
                    .fix("Kiểm tra quyền đọc của tệp."),
                );
                ok = false;
            }
        }
    }
    ok.then_some(out)
}

/// Editor leftovers that are not templates: `.DS_Store`, `x.html~`, `.x.swp`.
fn is_ignored(name: &str) -> bool {
    name.split('/').any(|part| part.starts_with('.')) || name.ends_with('~')
}

fn site_file(name: &str) -> PathBuf {
    PathBuf::from("templates").join(name)
}

/// Where a template lives, as the editor should look for it.
pub fn template_file(name: &str, from_site: bool) -> PathBuf {
    if from_site {
        site_file(name)
    } else {
        PathBuf::from("themes/default/templates").join(name)
    }
}

/// The whole chain of a tera error as one string (tera nests the useful part).
fn chain(e: &tera::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut src = e.source();
    while let Some(s) = src {
        parts.push(s.to_string());
        src = s.source();
    }
    parts.join(": ")
}

/// `--> 3:8` in pest's message: the line and column of a syntax error.
fn pest_position(text: &str) -> Option<(usize, usize)> {
    let rest = &text[text.find("-->")? + 3..];
    let rest = rest.trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ':'))?;
    let (l, c) = rest[..end].split_once(':')?;
    Some((l.parse().ok()?, c.parse().ok()?))
}

/// The "= expected ..." line of a pest error, kept as the technical detail.
fn pest_expectation(text: &str) -> Option<String> {
    text.lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("= "))
        .map(str::to_string)
}

fn parse_error(name: &str, from_site: bool, e: &tera::Error) -> Diagnostic {
    let text = chain(e);
    let pos = pest_position(&text);
    let detail =
        pest_expectation(&text).unwrap_or_else(|| text.lines().next().unwrap_or("").to_string());
    Diagnostic::error(
        "mau",
        template_file(name, from_site),
        format!("Mẫu giao diện `{name}` sai cú pháp tera (chi tiết: {detail})."),
    )
    .at_opt(pos)
    .fix(
        "Kiểm tra tại dòng được chỉ: mỗi {{ phải có }}, mỗi {% phải có %}, mỗi {% if %}/{% for %}/{% block %} \
         phải có {% endif %}/{% endfor %}/{% endblock %} tương ứng.",
    )
}

/// Errors found when the templates are linked together (a missing parent, a macro file that
/// does not exist): tera names the template in quotes.
fn structure_error(e: &tera::Error, from_site: &HashSet<String>) -> Diagnostic {
    let text = chain(e);
    let name = quoted_names(&text)
        .into_iter()
        .find(|n| from_site.contains(n))
        .or_else(|| quoted_names(&text).into_iter().next())
        .unwrap_or_default();
    Diagnostic::error(
        "mau",
        template_file(&name, from_site.contains(&name)),
        format!("Không ghép được các mẫu giao diện (chi tiết: {text})."),
    )
    .fix("Kiểm tra tên mẫu trong {% extends %}, {% include %} và {% import %}: tên phải trùng với một mẫu của giao diện hoặc một tệp trong templates/.")
}

/// A render failure of `template` (the page's own template) as a diagnostic pointing at the
/// template that actually failed (tera names it when the error is in a parent).
pub fn render_error(
    template: &str,
    e: &tera::Error,
    from_site: &HashSet<String>,
    page: &str,
) -> Diagnostic {
    let text = chain(e);
    let failing = text
        .split("error happened in '")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or(template)
        .to_string();
    let (message, fix) = explain_render_error(&text);
    Diagnostic::error(
        "mau",
        template_file(&failing, from_site.contains(&failing)),
        format!(
            "Không dựng được trang `{page}` bằng mẫu `{failing}`: {message} (chi tiết: {text})."
        ),
    )
    .fix(fix)
}

fn explain_render_error(text: &str) -> (String, &'static str) {
    if let Some(var) = text
        .split("Variable `")
        .nth(1)
        .and_then(|r| r.split('`').next())
    {
        return (
            format!("biến `{var}` không có ở trang này"),
            "Xem danh sách biến ở đầu mẫu cùng tên của giao diện mặc định; với biến không phải trang \
             nào cũng có, bọc trong {% if ten_bien %} … {% endif %}.",
        );
    }
    if text.contains("not found") && text.contains("Template") {
        return (
            "mẫu được gọi tới không tồn tại".to_string(),
            "Kiểm tra tên mẫu trong {% include %} / {% import %}.",
        );
    }
    (
        "lỗi khi chạy mẫu".to_string(),
        "Kiểm tra biểu thức và bộ lọc ở mẫu được chỉ; so với mẫu cùng tên của giao diện mặc định.",
    )
}

fn quoted_names(text: &str) -> Vec<String> {
    text.split('\'')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .filter(|s| !s.is_empty() && !s.contains(' '))
        .collect()
}

/// HTML escaping without tera's `/` → `&#x2F;`: URLs stay readable to the post-processor and
/// to crawlers, and `/` is harmless in text and in quoted attributes.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    // Copies the runs between special characters whole: the text is mostly multi-byte
    // Vietnamese, which a char-by-char push would re-encode.
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[run_start..i]);
        out.push_str(entity);
        run_start = i + 1;
    }
    out.push_str(&s[run_start..]);
    out
}

/// Filters for template authors. The theme itself precomputes these strings in Rust on hot
/// pages; the filters exist so an override can format any ISO date or size it reads.
fn register_filters(tera: &mut Tera) {
    tera.register_filter("ngay", |v: &Value, _: &HashMap<String, Value>| {
        date_filter(v, "ngay", Date::dmy)
    });
    tera.register_filter("ngay_chu", |v: &Value, _: &HashMap<String, Value>| {
        date_filter(v, "ngay_chu", Date::prose)
    });
    tera.register_filter(
        "kich_thuoc",
        |v: &Value, _: &HashMap<String, Value>| match v.as_u64() {
            Some(n) => Ok(Value::String(super::view::file_size(n))),
            None => Err(tera::Error::msg(format!(
                "bộ lọc `kich_thuoc` cần một số byte, nhận được {v}"
            ))),
        },
    );
}

/// `null` → "" (optional dates); `YYYY-MM-DD...` → the formatted date; anything else: an error
/// naming the filter and the value.
fn date_filter(v: &Value, name: &str, format: fn(Date) -> String) -> tera::Result<Value> {
    match v {
        Value::Null => Ok(Value::String(String::new())),
        Value::String(s) => s
            .get(..10)
            .and_then(Date::parse_iso)
            .map(|d| Value::String(format(d)))
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "bộ lọc `{name}` cần ngày dạng YYYY-MM-DD, nhận được «{s}»"
                ))
            }),
        other => Err(tera::Error::msg(format!(
            "bộ lọc `{name}` cần ngày dạng YYYY-MM-DD, nhận được {other}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pest_positions_are_read() {
        let msg = "Failed to parse 'x': * --> 3:8\n  |\n3 | {{ a(\n  |\n  = expected `)`";
        assert_eq!(pest_position(msg), Some((3, 8)));
        assert_eq!(pest_expectation(msg).as_deref(), Some("expected `)`"));
    }

    #[test]
    fn date_filters_format_iso_dates() {
        let mut t = Tera::default();
        register_filters(&mut t);
        let mut ctx = tera::Context::new();
        ctx.insert("d", "2020-03-05");
        ctx.insert("n", &Value::Null);
        ctx.insert("s", &1_258_291u64);
        let out = t
            .render_str(
                "{{ d | ngay }}|{{ d | ngay_chu }}|{{ n | ngay }}|{{ s | kich_thuoc }}",
                &ctx,
            )
            .unwrap();
        assert_eq!(out, "05/03/2020|ngày 05 tháng 3 năm 2020||1,2 MB");
        assert!(t.render_str("{{ 'hôm qua' | ngay }}", &ctx).is_err());
    }
}
