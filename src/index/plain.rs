//! Plain text for feed descriptions: a Markdown body or a rendered HTML fragment reduced to
//! its words, whitespace collapsed, cut to about 300 characters at a word boundary. Feed
//! readers show descriptions as text, and the provincial aggregator (NukeViet-like) shows
//! them verbatim, so no markup may leak through.

use pulldown_cmark::{Event, Parser, TagEnd};

/// Descriptions longer than this many characters are cut at the last word before it.
pub const SUMMARY_CHARS: usize = 300;

/// The first [`SUMMARY_CHARS`] characters of a Markdown body as plain text. Stops parsing as
/// soon as enough text is collected, so a 200-page law body costs no more than a short one.
pub fn markdown_summary(md: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(leading_blocks(md)) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(' '),
            // A heading run into its paragraph reads as one sentence: "Mục đích. Nâng cao …".
            Event::End(TagEnd::Heading(_)) => {
                let ends_sentence = text.trim_end().ends_with(['.', ':', ';', '!', '?', '…']);
                if !ends_sentence && !text.trim().is_empty() {
                    text.truncate(text.trim_end().len());
                    text.push('.');
                }
                text.push(' ');
            }
            Event::End(end) if ends_a_block(&end) => text.push(' '),
            // Raw HTML, footnote marks and math are markup, not prose.
            _ => {}
        }
        if text.chars().count() > SUMMARY_CHARS * 2 {
            break;
        }
    }
    truncate_words(&collapse_whitespace(&text), SUMMARY_CHARS)
}

/// The start of `md` that a summary can come from: up to the first blank line after
/// [`PARSE_PREFIX`] bytes, else the first line break, else a hard cut at four times that.
/// pulldown-cmark scans its whole input for block structure before the first event, and a body
/// may be a whole code of law. Cutting at a blank line keeps every construct in the prefix
/// intact; a forced cut can only spoil markup thousands of bytes past the 300 characters kept.
fn leading_blocks(md: &str) -> &str {
    if md.len() <= PARSE_PREFIX {
        return md;
    }
    let window = &md[..floor_char_boundary(md, PARSE_PREFIX * 4)];
    let from = floor_char_boundary(window, PARSE_PREFIX);
    let tail = &window[from..];
    let cut = tail
        .find("\n\n")
        .or_else(|| tail.find('\n'))
        .map_or(window.len(), |at| from + at);
    &md[..cut]
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    if at >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Bytes of Markdown read before looking for a place to stop (see [`leading_blocks`]).
const PARSE_PREFIX: usize = 4096;

fn ends_a_block(end: &TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::List(_)
    )
}

/// The text of an HTML fragment (as pulldown-cmark renders it): tags removed, entities
/// decoded, whitespace collapsed, cut to [`SUMMARY_CHARS`].
pub fn html_summary(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let (tag, after) = match rest[lt..].find('>') {
            Some(gt) => (&rest[lt + 1..lt + gt], &rest[lt + gt + 1..]),
            None => (&rest[lt + 1..], ""),
        };
        // `<p>a</p><p>b</p>` is "a b", but `a<em>b</em>` stays one word.
        if is_block_tag(tag) {
            text.push(' ');
        }
        rest = after;
    }
    text.push_str(rest);
    truncate_words(&collapse_whitespace(&decode_entities(&text)), SUMMARY_CHARS)
}

fn is_block_tag(tag: &str) -> bool {
    let name = tag.trim_start_matches('/');
    let end = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    matches!(
        name[..end].to_ascii_lowercase().as_str(),
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "hr"
            | "table"
            | "tr"
            | "td"
            | "th"
    )
}

/// Decodes the entities an HTML renderer writes: the named XML ones, `&nbsp;` and numeric
/// references. Anything else is left as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| decode_entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some(' '),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `s` if it has at most `max` characters, else its words up to `max` characters and `…`.
/// A single word longer than `max` is cut inside the word.
pub fn truncate_words(s: &str, max: usize) -> String {
    let Some((cut, _)) = s.char_indices().nth(max) else {
        return s.to_string();
    };
    let head = &s[..cut];
    let head = match head.rfind(' ') {
        Some(space) if space > 0 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches([',', ';', ':', '.', ' ', '–', '-']);
    format!("{head}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_words() {
        let md = "# Điều 1\n\nNgười dân **có quyền** khiếu nại; xem [Luật](https://x.vn).\n\n\
                  - một\n- hai\n\n<div>ẩn</div>\n\n`mã`";
        assert_eq!(
            markdown_summary(md),
            "Điều 1. Người dân có quyền khiếu nại; xem Luật. một hai mã"
        );
    }

    #[test]
    fn long_bodies_are_cut_at_a_word_with_an_ellipsis() {
        let md = "Quyền và nghĩa vụ của công dân. ".repeat(100_000);
        let s = markdown_summary(&md);
        assert!(s.ends_with('…'), "{s}");
        assert!(s.chars().count() <= SUMMARY_CHARS + 1);
        assert!(s.starts_with("Quyền và nghĩa vụ"));
        assert!(!s.trim_end_matches('…').ends_with(' '));
    }

    #[test]
    fn only_the_leading_blocks_of_a_long_body_are_parsed() {
        let para = "Đoạn văn dài về pháp luật. ".repeat(40);
        let md = format!("{para}\n\n").repeat(1000);
        let head = leading_blocks(&md);
        assert!(head.len() < 10_000, "{}", head.len());
        assert!(head.len() >= PARSE_PREFIX);
        assert!(md[head.len()..].starts_with("\n\n"));
        assert_eq!(leading_blocks("ngắn\n\nhai"), "ngắn\n\nhai");
        // No blank line: the first line break; no line break at all: a cut on a char boundary.
        let lines = "Dòng pháp luật.\n".repeat(2000);
        assert!(leading_blocks(&lines).len() < PARSE_PREFIX + 20);
        let one_line = "Điều khoản ".repeat(10_000);
        let head = leading_blocks(&one_line);
        assert!(head.len() <= PARSE_PREFIX * 4 && head.len() > PARSE_PREFIX * 3);
    }

    #[test]
    fn html_loses_its_tags_and_entities() {
        let html = "<p>Tôi hỏi về <em>đất</em> &amp; n<b>h</b>à &lt;ở&gt;&#33;</p>\n<p>Xin&nbsp;cảm ơn &bogus; &#x1EA0;</p>";
        assert_eq!(
            html_summary(html),
            "Tôi hỏi về đất & nhà <ở>! Xin cảm ơn &bogus; Ạ"
        );
    }

    #[test]
    fn truncation_keeps_short_text_whole() {
        assert_eq!(truncate_words("ngắn", 10), "ngắn");
        assert_eq!(truncate_words("một hai ba bốn", 9), "một hai…");
        assert_eq!(truncate_words("abcdefghij", 4), "abcd…");
    }
}
