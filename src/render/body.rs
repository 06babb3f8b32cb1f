//! The one seam between page rendering and Markdown: every body (items, section intros) goes
//! through `to_html`, which uses `render::markdown` (ids on every heading, raw HTML escaped
//! unless the site allows it, `#` headings demoted so a body never adds a second `<h1>`).

use super::markdown::{self, MarkdownOptions};

pub fn to_html(md: &str, allow_html: bool) -> String {
    if md.trim().is_empty() {
        return String::new();
    }
    markdown::to_html(md, &MarkdownOptions { allow_html }).html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_never_add_an_h1_and_escape_html() {
        let html = to_html("# Điều 1\n\n<script>x</script>\n", false);
        assert!(html.contains(r#"<h2 id="dieu-1">Điều 1</h2>"#), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(to_html("<b>x</b>", true).contains("<b>x</b>"));
        assert!(to_html("## Mục\n\n### Tiểu mục", false).contains(r#"<h2 id="muc">Mục</h2>"#));
    }
}
