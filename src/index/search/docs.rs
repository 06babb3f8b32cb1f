//! What a search hit is: an item's page, or one of its h2/h3 sections (`van-ban/luat-x/#dieu-141`).
//! Splits each item's Markdown body at its h2/h3 headings (after the renderer's demotion of `#`
//! bodies), with the anchor rule the renderer uses (`{#id}` attribute, else the slug of the
//! heading text, repeats suffixed `-2`, `-3`), and gathers the fields and the result-list facts
//! of every hit from the content model.

use crate::model::{Item, ItemData};
use crate::vi;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashMap;

/// One searchable unit.
#[derive(Clone, Debug, Default)]
pub struct SearchDoc {
    /// Index into `Site::items`.
    pub item: usize,
    /// `None` for the page itself (its title, metadata and the text before the first heading).
    pub anchor: Option<String>,
    /// Heading text for a section, page title for the page.
    pub title: String,
    /// Page-level context: for the page its metadata (loại, cơ quan, lĩnh vực, trích yếu);
    /// for a section the page title and document number as well.
    pub context: String,
    /// The document number (`số ký hiệu`) of the page, searched as its own field.
    pub number: String,
    pub body: String,
}

/// Result-list facts of one item, shared by all its hits.
#[derive(Clone, Debug, Default)]
pub struct PageFacts {
    pub url: String,
    pub title: String,
    pub so_ky_hieu: String,
    /// `dd/mm/yyyy`.
    pub date: String,
    pub loai: String,
}

/// Facet values of an item, as (facet key, label) pairs.
pub fn facets(item: &Item) -> Vec<(&'static str, String)> {
    let mut f = vec![
        ("section", item.section.to_string()),
        ("nam", item.sort_date().year().to_string()),
    ];
    for lv in &item.linh_vuc {
        f.push(("linhVuc", lv.clone()));
    }
    if let Some(v) = item.van_ban() {
        f.push(("loai", v.loai_van_ban.clone()));
        f.push(("tinhTrang", v.tinh_trang_hieu_luc.clone()));
    }
    f
}

pub fn page_facts(item: &Item) -> PageFacts {
    let (so_ky_hieu, loai) = match &item.data {
        ItemData::VanBan(v) => (v.so_ky_hieu.clone(), v.loai_van_ban.clone()),
        ItemData::TaiLieu(t) => (String::new(), t.loai_tai_lieu.clone()),
        ItemData::BaoCao(b) => (b.so_ky_hieu.clone().unwrap_or_default(), String::new()),
        _ => (String::new(), String::new()),
    };
    PageFacts {
        url: item.url.clone(),
        title: item.tieu_de.clone(),
        so_ky_hieu,
        date: item.sort_date().dmy(),
        loai,
    }
}

/// The page's own metadata as searchable text (the context field of the page hit).
fn page_context(item: &Item) -> String {
    let mut parts: Vec<&str> = item.linh_vuc.iter().map(String::as_str).collect();
    if let Some(t) = &item.tom_tat {
        parts.push(t);
    }
    match &item.data {
        ItemData::VanBan(v) => {
            parts.extend([v.loai_van_ban.as_str(), v.co_quan_ban_hanh.as_str()]);
            if v.trich_yeu != item.tieu_de {
                parts.push(&v.trich_yeu);
            }
        }
        ItemData::TaiLieu(t) => parts.push(&t.loai_tai_lieu),
        _ => {}
    }
    let mut text = parts.join("\n");
    if let ItemData::HoiDap(h) = &item.data {
        text.push('\n');
        text.push_str(&strip_tags(&h.cau_hoi_html));
    }
    text
}

/// Text of a small HTML fragment (the rendered question of a hỏi-đáp item).
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// The number field: the số ký hiệu plus the phrases citizens type for it, so that
/// `quyet dinh 471`, `qd 471` and `471/2019` become bigrams and terms of this document
/// (`471/QĐ-TTg` of a Quyết định issued in 2019 → `Quyết định 471`, `QĐ 471`, `471/2019`).
fn number_field(item: &Item) -> String {
    let Some(v) = item.van_ban() else {
        return String::new();
    };
    let so = v.so_ky_hieu.trim();
    let num: String = so.chars().take_while(|c| c.is_ascii_digit()).collect();
    if num.is_empty() {
        return so.to_string();
    }
    let code_head: String = so
        .rsplit('/')
        .next()
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let mut text = format!("{so}\n{} {num}\n{code_head} {num}", v.loai_van_ban);
    let has_year = so
        .split('/')
        .nth(1)
        .is_some_and(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_digit()));
    if !has_year {
        text.push_str(&format!("\n{num}/{}", v.ngay_ban_hanh.year()));
    }
    text
}

/// The page hit followed by one hit per h2/h3 section of the body.
pub fn split_item(index: usize, item: &Item) -> Vec<SearchDoc> {
    let number = number_field(item);
    let so_ky_hieu = item
        .van_ban()
        .map(|v| v.so_ky_hieu.as_str())
        .unwrap_or_default();
    let sections = split_markdown(&item.body);
    let mut docs = Vec::with_capacity(sections.len() + 1);
    let mut intro = String::new();
    let mut rest = Vec::new();
    for s in sections {
        match s.anchor {
            None => intro = s.text,
            Some(_) => rest.push(s),
        }
    }
    docs.push(SearchDoc {
        item: index,
        anchor: None,
        title: item.tieu_de.clone(),
        context: page_context(item),
        number: number.clone(),
        body: intro,
    });
    let section_context = format!("{}\n{}", item.tieu_de, so_ky_hieu);
    for s in rest {
        docs.push(SearchDoc {
            item: index,
            anchor: s.anchor,
            title: s.heading,
            context: section_context.clone(),
            number: String::new(),
            body: s.text,
        });
    }
    docs
}

/// A run of body text under one heading (`anchor: None` for the text before the first).
#[derive(Debug, Default, PartialEq)]
pub struct MdSection {
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

/// Splits Markdown at the headings that render as h2 or h3 and converts it to plain text,
/// one line per block (so phrases never join across paragraphs or list items).
pub fn split_markdown(md: &str) -> Vec<MdSection> {
    let opts =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_HEADING_ATTRIBUTES;
    // Whether an h1 or h3 starts a section depends on whether the text has any h1 (the
    // renderer then demotes every heading one level), known only at the end: each h1–h3
    // starts a section with its level, and the ones that do not split are merged back after.
    let mut out = vec![MdSection::default()];
    let mut levels = vec![HeadingLevel::H2];
    let mut has_h1 = false;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(HeadingLevel, Option<String>, String)> = None;
    for e in Parser::new_ext(md, opts) {
        match e {
            Event::Start(Tag::Heading { level, id, .. }) => {
                has_h1 |= level == HeadingLevel::H1;
                heading = Some((level, id.map(|s| s.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, id, text)) = heading.take() else {
                    continue;
                };
                let anchor = unique_anchor(id.unwrap_or_else(|| vi::slugify(&text)), &mut seen);
                if level <= HeadingLevel::H3 {
                    out.push(MdSection {
                        anchor: Some(anchor),
                        heading: text.trim().to_string(),
                        text: String::new(),
                    });
                    levels.push(level);
                } else {
                    let cur = out.last_mut().expect("never empty");
                    cur.text.push_str(text.trim());
                    cur.text.push('\n');
                }
            }
            Event::Text(t) | Event::Code(t) => match &mut heading {
                Some((_, _, h)) => h.push_str(&t),
                None => out.last_mut().expect("never empty").text.push_str(&t),
            },
            Event::SoftBreak | Event::HardBreak => match &mut heading {
                Some((_, _, h)) => h.push(' '),
                None => out.last_mut().expect("never empty").text.push(' '),
            },
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::BlockQuote(_),
            ) => {
                out.last_mut().expect("never empty").text.push('\n');
            }
            _ => {}
        }
    }
    let splits_at = |level: HeadingLevel| match level {
        HeadingLevel::H1 => has_h1,
        HeadingLevel::H2 => true,
        _ => !has_h1,
    };
    let mut sections: Vec<MdSection> = Vec::with_capacity(out.len());
    for (s, level) in out.into_iter().zip(levels) {
        match sections.last_mut() {
            Some(cur) if !splits_at(level) => {
                cur.text.push_str(&s.heading);
                cur.text.push('\n');
                cur.text.push_str(&s.text);
            }
            _ => sections.push(s),
        }
    }
    for s in &mut sections {
        trim_in_place(&mut s.text);
    }
    sections
}

/// `s.trim()` without a copy: bodies are most of the index's input.
fn trim_in_place(s: &mut String) {
    s.truncate(s.trim_end().len());
    let start = s.len() - s.trim_start().len();
    s.drain(..start);
}

/// `slug`, or `slug-2`, `slug-3` … when already used on the page (the renderer's rule).
fn unique_anchor(slug: String, seen: &mut HashMap<String, usize>) -> String {
    let n = seen.entry(slug.clone()).or_insert(0);
    *n += 1;
    if *n == 1 {
        slug
    } else {
        format!("{slug}-{n}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_h2_h3_with_attribute_or_slug_anchors() {
        let md = "Mở đầu.\n\n## Điều 1. Phạm vi {#dieu-1}\n\nNội dung *một*.\n\n### Khoản a\n\nChi tiết.\n\n#### Nhỏ\n\nthêm\n\n## Khoản a\n\nLặp.";
        let s = split_markdown(md);
        let anchors: Vec<_> = s.iter().map(|x| x.anchor.clone()).collect();
        assert_eq!(
            anchors,
            [
                None,
                Some("dieu-1".into()),
                Some("khoan-a".into()),
                Some("khoan-a-2".into())
            ]
        );
        assert_eq!(s[0].text, "Mở đầu.");
        assert_eq!(s[1].heading, "Điều 1. Phạm vi");
        assert_eq!(s[1].text, "Nội dung một.");
        assert_eq!(s[2].text, "Chi tiết.\nNhỏ\nthêm");
    }

    #[test]
    fn h1_bodies_split_at_h1_and_h2_like_the_renderer_demotes_them() {
        let s = split_markdown("# Chương I\n\na\n\n## Điều 1\n\nb\n\n### c\n\nd");
        let anchors: Vec<_> = s.iter().map(|x| x.anchor.clone()).collect();
        assert_eq!(
            anchors,
            [None, Some("chuong-i".into()), Some("dieu-1".into())]
        );
        assert_eq!(s[2].text, "b\nc\nd");
    }
}
