//! Markdown → HTML for item bodies and section intros (pulldown-cmark, CommonMark plus tables,
//! footnotes, strikethrough and `{#id}` heading attributes; smart punctuation off, because legal
//! text quotes must stay exactly as written).
//!
//! Besides the HTML it gives the page's headings (for a table of contents and search sections)
//! and the first paragraph as plain text (the feed description when `tom_tat` is absent).
//!
//! Rules the rest of the site relies on:
//! - Every heading has a unique `id`: the editor's `{#id}`, else the slug of its text (fallback
//!   "muc"), with `-2`, `-3` … on repeats, so "Điều 5" can be linked as `#dieu-5`.
//! - An item page's title is the page's only `<h1>` (accessibility: one h1 per page; screen
//!   readers and search engines take it as the page's subject). A body that uses `#` headings
//!   therefore has all its headings shifted one level down (h1→h2 … capped at h6), keeping their
//!   relative structure; a body that starts at `##` is left as written.
//! - Raw HTML (blocks and inline) is shown as text unless site.yaml `cho_phep_html` is on; then
//!   also heading attributes other than id/class and `javascript:` links are dropped, so a
//!   pasted snippet cannot run script in a government site.
//! - A paragraph right above a table that starts with `Bảng:` becomes its `<caption>`.
//! - Tables are wrapped in `<div class="bang-cuon">` so the theme can let a wide table scroll
//!   sideways on a phone instead of widening the whole page.
//! - URLs are left as written; the post-processor makes internal ones relative.

use crate::vi::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

#[derive(Clone, Debug, Default)]
pub struct MarkdownOptions {
    /// site.yaml `cho_phep_html`: pass raw HTML through instead of escaping it.
    pub allow_html: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 2–6 after demotion (a body never has an h1).
    pub level: u8,
    pub id: String,
    /// Plain text of the heading (inline markup removed).
    pub text: String,
}

#[derive(Clone, Debug, Default)]
pub struct MarkdownOutput {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Characters of text in the body (markup excluded), e.g. to skip a table of contents on
    /// short pages.
    pub plain_text_len: usize,
    first_paragraph: String,
}

impl MarkdownOutput {
    /// The first paragraph as plain text, cut at a word boundary to at most `n_chars`
    /// characters (an ellipsis marks the cut).
    pub fn summary(&self, n_chars: usize) -> String {
        truncate_words(&self.first_paragraph, n_chars)
    }
}

const TABLE_WRAP_OPEN: &str = "<div class=\"bang-cuon\">\n";
const TABLE_WRAP_CLOSE: &str = "</div>\n";
const FALLBACK_ID: &str = "muc";

fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders one Markdown body.
pub fn to_html(md: &str, opts: &MarkdownOptions) -> MarkdownOutput {
    if md.trim().is_empty() {
        return MarkdownOutput::default();
    }
    let mut events: Vec<Event> = Parser::new_ext(md, parser_options()).collect();
    let demote = events.iter().any(|e| {
        matches!(
            e,
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            })
        )
    });
    let headings = assign_heading_ids(&mut events, demote);
    let (first_paragraph, plain_text_len) = plain_text(&events);
    if !opts.allow_html {
        neutralise_raw_html(&mut events);
    }
    caption_tables(&mut events);
    let mut html = String::with_capacity(md.len() + md.len() / 2);
    pulldown_cmark::html::push_html(&mut html, WrapTables::new(events.into_iter()));
    MarkdownOutput {
        html,
        headings,
        plain_text_len,
        first_paragraph,
    }
}

/// The first paragraph of `md` as plain text, at most `n_chars` characters, without rendering
/// the whole body (parsing stops at the end of that paragraph).
pub fn summary(md: &str, n_chars: usize) -> String {
    let mut text = String::new();
    let mut in_paragraph = false;
    let mut footnote_depth = 0usize;
    for event in Parser::new_ext(md, parser_options()) {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote_depth -= 1,
            Event::Start(Tag::Paragraph) if footnote_depth == 0 => in_paragraph = true,
            Event::End(TagEnd::Paragraph) if in_paragraph => break,
            e if in_paragraph => push_plain(&e, &mut text),
            _ => {}
        }
    }
    truncate_words(&text, n_chars)
}

fn shift_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Demotes headings when the body has an h1, gives each heading its unique id and returns the
/// heading list. Editor ids are reserved first, so an automatic id never takes an id an editor
/// wrote further down the page.
fn assign_heading_ids(events: &mut [Event], demote: bool) -> Vec<Heading> {
    let explicit: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    // Ids the theme's layout uses (`<main id="noi-dung">`, the search boxes): a heading
    // "Nội dung" must not duplicate them (HTML validity, and the skip link's target).
    let mut used: HashSet<String> = [
        "noi-dung",
        "ket-qua",
        "q-dau-trang",
        "q-tim-kiem",
        "q-trang-chu",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut headings = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::End(TagEnd::Heading(level)) = &mut events[i] {
            if demote {
                *level = shift_down(*level);
            }
        }
        let Event::Start(Tag::Heading { level, id, .. }) = &mut events[i] else {
            i += 1;
            continue;
        };
        if demote {
            *level = shift_down(*level);
        }
        let level_num = *level as u8;
        let given = id.take();
        let start = i;
        let mut text = String::new();
        i += 1;
        while i < events.len() && !matches!(events[i], Event::End(TagEnd::Heading(_))) {
            push_plain(&events[i], &mut text);
            i += 1;
        }
        let text = text.trim().to_string();
        let unique = match given {
            Some(given) => unique_id(given.to_string(), &used, &HashSet::new()),
            None => {
                let slug = slugify(&text);
                let base = if slug.is_empty() {
                    FALLBACK_ID.to_string()
                } else {
                    slug
                };
                unique_id(base, &used, &explicit)
            }
        };
        used.insert(unique.clone());
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[start] {
            *id = Some(CowStr::from(unique.clone()));
        }
        headings.push(Heading {
            level: level_num,
            id: unique,
            text,
        });
    }
    headings
}

fn unique_id(base: String, used: &HashSet<String>, reserved: &HashSet<String>) -> String {
    let taken = |s: &str| used.contains(s) || reserved.contains(s);
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|candidate| !taken(candidate))
        .expect("an unused suffix exists")
}

/// The text an event contributes to a plain-text rendering (breaks become spaces).
fn push_plain(event: &Event, out: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) => out.push_str(t),
        Event::SoftBreak | Event::HardBreak => out.push(' '),
        _ => {}
    }
}

/// The first body paragraph (footnotes excluded) and the body's text length in characters.
fn plain_text(events: &[Event]) -> (String, usize) {
    let mut first = String::new();
    let mut state = FirstParagraph::NotYet;
    let mut footnote_depth = 0usize;
    let mut len = 0;
    for event in events {
        if let Event::Text(t) | Event::Code(t) = event {
            len += t.chars().count();
        }
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => footnote_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) => footnote_depth -= 1,
            Event::Start(Tag::Paragraph)
                if footnote_depth == 0 && state == FirstParagraph::NotYet =>
            {
                state = FirstParagraph::Inside
            }
            Event::End(TagEnd::Paragraph) if state == FirstParagraph::Inside => {
                state = FirstParagraph::Done
            }
            e if state == FirstParagraph::Inside => push_plain(e, &mut first),
            _ => {}
        }
    }
    (first.trim().to_string(), len)
}

#[derive(PartialEq, Eq)]
enum FirstParagraph {
    NotYet,
    Inside,
    Done,
}

/// Raw HTML becomes visible text; an HTML block becomes a paragraph of that text. Heading
/// attributes other than id/class and script links are dropped for the same reason.
fn neutralise_raw_html(events: &mut [Event]) {
    for event in events.iter_mut() {
        match event {
            Event::Html(h) | Event::InlineHtml(h) => {
                *event = Event::Text(std::mem::replace(h, CowStr::Borrowed("")))
            }
            Event::Start(Tag::HtmlBlock) => *event = Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => *event = Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Heading { attrs, .. }) => attrs.clear(),
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. })
                if is_script_url(dest_url) =>
            {
                *dest_url = CowStr::Borrowed("#");
            }
            _ => {}
        }
    }
}

fn is_script_url(url: &str) -> bool {
    let trimmed = url.trim_start();
    ["javascript:", "vbscript:"].iter().any(|scheme| {
        trimmed
            .as_bytes()
            .get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
    })
}

/// What marks a paragraph written directly above a table as that table's caption (A3-06).
const CAPTION_MARKERS: [&str; 2] = ["Bảng:", ":"];

/// Turns a paragraph directly above a table that starts with `Bảng:` (or Pandoc's `:`) into
/// the table's `<caption>`: Markdown has no caption syntax, and screen-reader users need one.
fn caption_tables(events: &mut Vec<Event>) {
    let mut i = 0;
    while i < events.len() {
        if matches!(events[i], Event::Start(Tag::Table(_))) {
            if let Some(start) = caption_paragraph_before(events, i) {
                let mut inline: Vec<Event> = events.drain(start..i).collect();
                inline.remove(0);
                inline.pop();
                strip_caption_marker(&mut inline);
                let table = start;
                let mut caption = vec![Event::Html(CowStr::Borrowed("<caption>"))];
                caption.extend(inline);
                caption.push(Event::Html(CowStr::Borrowed("</caption>")));
                let n = caption.len();
                events.splice(table + 1..table + 1, caption);
                i = table + n;
            }
        }
        i += 1;
    }
}

/// Index of the `Start(Paragraph)` of a caption paragraph ending right before `table`.
fn caption_paragraph_before(events: &[Event], table: usize) -> Option<usize> {
    if table == 0 || !matches!(events[table - 1], Event::End(TagEnd::Paragraph)) {
        return None;
    }
    let start = events[..table - 1]
        .iter()
        .rposition(|e| matches!(e, Event::Start(Tag::Paragraph)))?;
    match events.get(start + 1) {
        Some(Event::Text(t)) if CAPTION_MARKERS.iter().any(|m| t.starts_with(m)) => Some(start),
        _ => None,
    }
}

fn strip_caption_marker(inline: &mut [Event]) {
    if let Some(Event::Text(t)) = inline.first_mut() {
        if let Some(m) = CAPTION_MARKERS.iter().find(|m| t.starts_with(*m)) {
            *t = CowStr::from(t[m.len()..].trim_start().to_string());
        }
    }
}

/// Wraps every table in a scroll container (see the module doc).
struct WrapTables<'a, I> {
    inner: I,
    pending: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> WrapTables<'a, I> {
    fn new(inner: I) -> Self {
        WrapTables {
            inner,
            pending: None,
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for WrapTables<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.pending.take() {
            return Some(e);
        }
        match self.inner.next()? {
            e @ Event::Start(Tag::Table(_)) => {
                self.pending = Some(e);
                Some(Event::Html(CowStr::Borrowed(TABLE_WRAP_OPEN)))
            }
            e @ Event::End(TagEnd::Table) => {
                self.pending = Some(Event::Html(CowStr::Borrowed(TABLE_WRAP_CLOSE)));
                Some(e)
            }
            e => Some(e),
        }
    }
}

/// Cuts `text` to at most `n_chars` characters at a word boundary, adding "…" when cut.
fn truncate_words(text: &str, n_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= n_chars {
        return text.to_string();
    }
    if n_chars == 0 {
        return String::new();
    }
    // Leave room for the ellipsis.
    let limit = text
        .char_indices()
        .nth(n_chars - 1)
        .map_or(text.len(), |(i, _)| i);
    let cut = &text[..limit];
    let at_word = match text[limit..].chars().next() {
        Some(c) if c.is_whitespace() => cut,
        _ => cut.rfind(char::is_whitespace).map_or(cut, |i| &cut[..i]),
    };
    let at_word = at_word.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c));
    format!("{at_word}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(md: &str) -> MarkdownOutput {
        to_html(md, &MarkdownOptions::default())
    }

    #[test]
    fn paragraph_marked_bang_above_a_table_becomes_its_caption() {
        let md = "Bảng: Kết quả *năm 2026*\n\n| Số | Tên |\n|---|---|\n| 1 | A |\n\nBảng dưới đây không có chú thích.\n\n| X |\n|---|\n| 2 |\n";
        let html = to_html(md, &MarkdownOptions::default()).html;
        assert!(
            html.contains("<table><caption>Kết quả <em>năm 2026</em></caption><thead>"),
            "{html}"
        );
        assert!(!html.contains("<p>Bảng: "), "{html}");
        assert!(
            html.contains("<p>Bảng dưới đây không có chú thích.</p>"),
            "{html}"
        );
        assert_eq!(html.matches("<caption>").count(), 1, "{html}");
    }

    #[test]
    fn script_scheme_check_is_safe_on_multibyte_urls() {
        assert!(!is_script_url("Điều-khoản"));
        assert!(!is_script_url("đ"));
        assert!(is_script_url(" JavaScript:alert(1)"));
    }

    #[test]
    fn headings_get_slug_ids_deduplicated() {
        let out = render("## Điều 5. Quyền\n\n## Điều 5. Quyền\n\n### Phạm vi\n\n## !!!\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["dieu-5-quyen", "dieu-5-quyen-2", "pham-vi", "muc"]);
        assert!(
            out.html
                .contains("<h2 id=\"dieu-5-quyen\">Điều 5. Quyền</h2>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<h2 id=\"dieu-5-quyen-2\">"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<h3 id=\"pham-vi\">Phạm vi</h3>"),
            "{}",
            out.html
        );
        assert_eq!(out.headings[2].level, 3);
        assert_eq!(out.headings[0].text, "Điều 5. Quyền");
    }

    #[test]
    fn explicit_ids_are_kept_and_reserved() {
        let out = render("## Điều 5 và *điều* `6`\n\n## Quy định riêng {#dieu-5}\n\n## Điều 5\n");
        let ids: Vec<&str> = out.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["dieu-5-va-dieu-6", "dieu-5", "dieu-5-2"]);
        assert!(
            out.html.contains("<h2 id=\"dieu-5\">Quy định riêng</h2>"),
            "{}",
            out.html
        );
        assert_eq!(out.headings[0].text, "Điều 5 và điều 6");
    }

    #[test]
    fn h1_bodies_are_demoted_and_others_kept() {
        let out = render("# Chương I\n\n## Điều 1\n\n###### Sâu\n");
        assert!(
            out.html.contains("<h2 id=\"chuong-i\">Chương I</h2>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<h3 id=\"dieu-1\">Điều 1</h3>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h6 id=\"sau\">Sâu</h6>"), "{}", out.html);
        assert!(!out.html.contains("<h1"));
        let levels: Vec<u8> = out.headings.iter().map(|h| h.level).collect();
        assert_eq!(levels, [2, 3, 6]);
        let kept = render("## Điều 1\n\n### Khoản 1\n");
        assert!(kept.html.contains("<h2 id=\"dieu-1\">"), "{}", kept.html);
    }

    #[test]
    fn footnotes_and_tables_render() {
        let out = render("Theo luật[^1].\n\n[^1]: Luật số 45/2019/QH14.\n\n| Số | Tên |\n|---|---|\n| 1 | Luật |\n");
        assert!(
            out.html.contains("class=\"footnote-reference\""),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("class=\"footnote-definition\""),
            "{}",
            out.html
        );
        assert!(
            out.html
                .contains("<div class=\"bang-cuon\">\n<table><thead><tr><th>Số</th>"),
            "{}",
            out.html
        );
        assert!(out.html.contains("</table>\n</div>"), "{}", out.html);
        assert!(render("~~bãi bỏ~~").html.contains("<del>bãi bỏ</del>"));
    }

    #[test]
    fn smart_punctuation_is_off() {
        let out = render("\"Điều 1\" -- 'khoản 2' ...");
        assert_eq!(out.html, "<p>\"Điều 1\" -- 'khoản 2' ...</p>\n");
    }

    #[test]
    fn raw_html_is_escaped_unless_allowed() {
        let md = "<script>alert(1)</script>\n\nChữ <b>đậm</b>.\n\n## Mục {onclick=x .lop}\n\n[x](javascript:alert(1))\n";
        let out = render(md);
        assert!(!out.html.contains("<script>"), "{}", out.html);
        assert!(
            out.html
                .contains("<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("Chữ &lt;b&gt;đậm&lt;/b&gt;."),
            "{}",
            out.html
        );
        assert!(!out.html.contains("onclick"), "{}", out.html);
        assert!(out.html.contains("class=\"lop\""), "{}", out.html);
        assert!(!out.html.contains("javascript:"), "{}", out.html);
        let allowed = to_html(md, &MarkdownOptions { allow_html: true });
        assert!(
            allowed.html.contains("<script>alert(1)</script>"),
            "{}",
            allowed.html
        );
        assert!(allowed.html.contains("Chữ <b>đậm</b>."), "{}", allowed.html);
    }

    #[test]
    fn urls_are_left_as_written() {
        let out = render("[Luật](/van-ban/luat-dat-dai/) ![Ảnh](anh.png) <https://vbpl.vn/x>");
        assert!(
            out.html.contains("href=\"/van-ban/luat-dat-dai/\""),
            "{}",
            out.html
        );
        assert!(out.html.contains("src=\"anh.png\""), "{}", out.html);
        assert!(
            out.html.contains("href=\"https://vbpl.vn/x\""),
            "{}",
            out.html
        );
    }

    #[test]
    fn summary_is_the_first_paragraph_cut_at_a_word() {
        let md = "## Giới thiệu\n\nLuật **Đất đai** năm 2024\nquy định về chế độ sở hữu đất đai.\n\nĐoạn hai.\n\n[^a]: chú thích\n";
        let out = render(md);
        assert_eq!(
            out.summary(200),
            "Luật Đất đai năm 2024 quy định về chế độ sở hữu đất đai."
        );
        assert_eq!(out.summary(20), "Luật Đất đai năm…");
        assert_eq!(summary(md, 200), out.summary(200));
        assert_eq!(summary(md, 20), "Luật Đất đai năm…");
        assert_eq!(render("[^a]: chú\n\nThân bài.").summary(50), "Thân bài.");
        assert!(out.plain_text_len > 60);
    }

    #[test]
    fn empty_body_renders_nothing() {
        let out = render("  \n");
        assert!(out.html.is_empty() && out.headings.is_empty());
        assert_eq!(out.summary(100), "");
    }
}
