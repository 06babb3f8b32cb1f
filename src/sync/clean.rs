//! Remote text is untrusted. Markdown bodies keep their Markdown but every raw-HTML run is
//! cleaned by ammonia, links and images keep only http/https/mailto (relative ones become
//! absolute on the source), control characters go, and every string is NFC and bounded.

use pulldown_cmark::{Event, Options, Parser, Tag};
use std::ops::Range;

/// Longest Markdown body kept (characters beyond are cut at a line end and noted).
pub const MAX_BODY_CHARS: usize = 200_000;
/// Longest single front-matter string.
pub const MAX_FIELD_CHARS: usize = 10_000;

/// Whether a link target may be published: http, https, mailto, or no scheme at all.
pub fn safe_scheme(url: &str) -> bool {
    let t = url.trim();
    let lower = t.to_ascii_lowercase();
    match lower.split_once(':') {
        None => true,
        Some((scheme, _))
            if scheme.contains('/') || scheme.contains('?') || scheme.contains('#') =>
        {
            true
        }
        Some((scheme, _)) => matches!(scheme, "http" | "https" | "mailto"),
    }
}

/// A single-line text: NFC, no control characters, at most `MAX_FIELD_CHARS`.
pub fn text(s: &str) -> String {
    let cleaned: String = crate::vi::nfc(s)
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .take(MAX_FIELD_CHARS)
        .collect();
    cleaned
}

/// Cleans a Markdown body from `base` (the source's root URL, for relative links). Returns
/// the body and how many things were removed.
pub fn markdown(md: &str, base: &str) -> (String, usize) {
    let md = crate::vi::nfc(md);
    let md: String = md
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let mut removed = 0;
    let mut html_run: Option<Range<usize>> = None;
    let mut link: Option<(Range<usize>, String)> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    // Inside an inline `<script>`/`<style>`…: its text belongs to the HTML run ammonia drops.
    let mut swallowing: Option<String> = None;
    for (event, range) in Parser::new_ext(&md, opts).into_offset_iter() {
        if let Some(close) = &swallowing {
            let ends = matches!(&event, Event::InlineHtml(h) | Event::Html(h) if h.to_ascii_lowercase().contains(close.as_str()));
            let run = html_run.get_or_insert(range.clone());
            run.end = run.end.max(range.end);
            if ends || matches!(event, Event::End(pulldown_cmark::TagEnd::Paragraph)) {
                swallowing = None;
            }
            continue;
        }
        if let Event::InlineHtml(h) = &event {
            let lower = h.to_ascii_lowercase();
            if let Some(tag) = [
                "script", "style", "iframe", "object", "template", "noscript",
            ]
            .iter()
            .find(|t| lower.starts_with(&format!("<{t}")))
            {
                if !lower.contains(&format!("</{tag}")) {
                    swallowing = Some(format!("</{tag}"));
                }
            }
        }
        let is_html = matches!(event, Event::Html(_) | Event::InlineHtml(_));
        if !is_html {
            if let Some(run) = html_run.take() {
                removed += clean_html(&md, run, &mut edits);
            }
        }
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                html_run = Some(match html_run.take() {
                    Some(r) if r.end == range.start || md[r.end..range.start].trim().is_empty() => {
                        r.start..range.end
                    }
                    Some(r) => {
                        removed += clean_html(&md, r, &mut edits);
                        range
                    }
                    None => range,
                });
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                if !safe_scheme(&dest_url) {
                    link = Some((range, String::new()));
                } else if let Some(abs) = absolute(&dest_url, base) {
                    if let Some(at) = md[range.clone()].rfind(dest_url.as_ref()) {
                        let start = range.start + at;
                        edits.push((start..start + dest_url.len(), abs));
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = &mut link {
                    text.push_str(&t);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Link)
            | Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((r, text)) = link.take() {
                    removed += 1;
                    edits.push((r, escape_md(&text)));
                }
            }
            _ => {}
        }
    }
    if let Some(run) = html_run.take() {
        removed += clean_html(&md, run, &mut edits);
    }
    (apply(&md, edits), removed)
}

/// Replaces an HTML run with what ammonia keeps; counts it when something was dropped.
fn clean_html(md: &str, run: Range<usize>, edits: &mut Vec<(Range<usize>, String)>) -> usize {
    let raw = &md[run.clone()];
    let clean = ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .clean(raw)
        .to_string();
    let changed = normalise(&clean) != normalise(raw);
    let trailing = if raw.ends_with('\n') && !clean.ends_with('\n') {
        "\n"
    } else {
        ""
    };
    edits.push((run, format!("{clean}{trailing}")));
    usize::from(changed)
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn escape_md(s: &str) -> String {
    s.chars()
        .flat_map(|c| match c {
            '[' | ']' | '(' | ')' | '<' | '>' | '*' | '_' | '`' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A root-relative or relative link made absolute on the source; `None` when already absolute.
fn absolute(url: &str, base: &str) -> Option<String> {
    let t = url.trim();
    if t.is_empty()
        || t.starts_with('#')
        || t.contains(':')
        || t.starts_with("//")
        || !base.starts_with("http")
    {
        return None;
    }
    Some(format!("{}{}", base, t.trim_start_matches('/')))
}

fn apply(md: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(md.len());
    let mut at = 0;
    for (r, text) in edits {
        if r.start < at {
            continue; // inside an edit already applied (a link within a removed link)
        }
        out.push_str(&md[at..r.start]);
        out.push_str(&text);
        at = r.end;
    }
    out.push_str(&md[at..]);
    if out.chars().count() > MAX_BODY_CHARS {
        let cut: String = out.chars().take(MAX_BODY_CHARS).collect();
        let end = cut.rfind('\n').unwrap_or(cut.len());
        return format!(
            "{}\n\n*(Nội dung quá dài, đã được rút gọn khi lấy về.)*\n",
            &cut[..end]
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_javascript_links_go_markdown_stays() {
        let md = "# Tiêu đề\n\n<script>alert(1)</script>\n\nĐoạn *nghiêng* và [xấu](javascript:alert(1)) và [tốt](https://a.vn/) và [trong](/van-ban/x/).\n\n<p onclick=\"x()\">Chữ <b>đậm</b></p>\n\n> trích dẫn\n";
        let (out, removed) = markdown(md, "https://tinh.example.gov.vn/");
        assert!(
            !out.contains("script") && !out.contains("alert") && !out.contains("onclick"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("xấu"), "{out}");
        assert!(out.contains("[tốt](https://a.vn/)"));
        assert!(
            out.contains("[trong](https://tinh.example.gov.vn/van-ban/x/)"),
            "{out}"
        );
        assert!(
            out.contains("<b>đậm</b>") && out.contains("> trích dẫn") && out.contains("# Tiêu đề")
        );
        assert!(removed >= 3, "{removed}");
    }

    #[test]
    fn schemes() {
        for ok in [
            "https://a",
            "http://a",
            "mailto:a@b.vn",
            "/x/",
            "a.pdf",
            "#p",
        ] {
            assert!(safe_scheme(ok), "{ok}");
        }
        for bad in [
            "javascript:x",
            " JavaScript:x",
            "data:text/html,x",
            "vbscript:x",
            "file:///etc/passwd",
        ] {
            assert!(!safe_scheme(bad), "{bad}");
        }
    }
}
