//! The values templates see, precomputed in Rust: dates in both Vietnamese forms, file sizes in
//! vi-VN number format, list summaries, the head metadata of a page. Precomputing here keeps
//! the hot templates (item and list pages) free of filter calls in loops.

use crate::model::{Asset, Item, ItemData, Site};
use crate::vi::Date;
use serde::Serialize;

/// A date as templates print it: `iso` for `<time datetime>`, `dmy` in tables and metadata
/// (A7-01), `chu` in running text (A7-02).
#[derive(Clone, Debug, Serialize)]
pub struct Ngay {
    pub iso: String,
    pub dmy: String,
    pub chu: String,
}

impl From<Date> for Ngay {
    fn from(d: Date) -> Self {
        Ngay {
            iso: d.iso(),
            dmy: d.dmy(),
            chu: d.prose(),
        }
    }
}

/// A downloadable file: the link label, its URL, its type and its size for the reader.
#[derive(Clone, Debug, Serialize)]
pub struct Tep {
    pub nhan: String,
    pub url: String,
    pub loai: String,
    pub kich_thuoc: String,
}

impl Tep {
    pub fn new(nhan: &str, a: &Asset) -> Tep {
        Tep {
            nhan: nhan.to_string(),
            url: a.url.clone(),
            loai: file_type(&a.ext),
            kich_thuoc: file_size(a.size),
        }
    }
}

/// `pdf` → `PDF`; an unknown extension reads "Tệp".
pub fn file_type(ext: &str) -> String {
    if ext.is_empty() {
        "Tệp".to_string()
    } else {
        ext.to_uppercase()
    }
}

/// Bytes in vi-VN format: `512 B`, `340 KB`, `1,2 MB`, `1.234,5 MB` (A7-06).
pub fn file_size(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} B")
    } else if bytes < MB {
        format!("{} KB", crate::vi::group_thousands(bytes.div_ceil(KB)))
    } else {
        let tenths = (bytes * 10 + MB / 2) / MB;
        format!(
            "{},{} MB",
            crate::vi::group_thousands(tenths / 10),
            tenths % 10
        )
    }
}

/// Digits (and a leading `+`) of a phone number, for `tel:` links: "(0251) 3822 512" → "02513822512".
pub fn tel(phone: &str) -> String {
    let mut out = String::new();
    for c in phone.trim().chars() {
        if c.is_ascii_digit() || (c == '+' && out.is_empty()) {
            out.push(c);
        }
    }
    out
}

/// The serde tag of an item's kind (`van_ban`, `hoi_dap` ...): the item template name.
pub fn kind_name(data: &ItemData) -> &'static str {
    data.kind_name()
}

/// One row of a list page (and of the home page's latest items).
#[derive(Debug, Serialize)]
pub struct Tom<'a> {
    pub tieu_de: &'a str,
    pub url: &'a str,
    pub kind: &'static str,
    /// The date lists sort by (`ngay_ban_hanh` for documents).
    pub ngay: Ngay,
    pub tom_tat: Option<&'a str>,
    pub van_ban: Option<VanBanRow<'a>>,
}

/// The A5-02 columns of a document row.
#[derive(Debug, Serialize)]
pub struct VanBanRow<'a> {
    pub so_ky_hieu: &'a str,
    pub ngay_ban_hanh: Ngay,
    pub trich_yeu: &'a str,
    pub co_quan_ban_hanh: &'a str,
    pub tinh_trang_hieu_luc: &'a str,
    pub canh_bao: bool,
    /// The first file of `tep_van_ban`.
    pub tai_ve: Option<Tep>,
}

pub fn summary(item: &Item) -> Tom<'_> {
    let van_ban = item.van_ban().map(|v| VanBanRow {
        so_ky_hieu: &v.so_ky_hieu,
        ngay_ban_hanh: v.ngay_ban_hanh.into(),
        trich_yeu: &v.trich_yeu,
        co_quan_ban_hanh: &v.co_quan_ban_hanh,
        tinh_trang_hieu_luc: &v.tinh_trang_hieu_luc,
        canh_bao: v.canh_bao_hieu_luc,
        tai_ve: v.tep_van_ban.first().map(|a| Tep::new(&a.nhan, &a.tep)),
    });
    let tom_tat = item
        .tom_tat
        .as_deref()
        .or_else(|| item.van_ban().map(|v| v.trich_yeu.as_str()))
        .filter(|s| !s.trim().is_empty());
    Tom {
        tieu_de: &item.tieu_de,
        url: &item.url,
        kind: kind_name(&item.data),
        ngay: item.sort_date().into(),
        tom_tat,
        van_ban,
    }
}

/// Summaries of `indices` (into `site.items`); out-of-range indices are skipped.
pub fn summaries<'a>(site: &'a Site, indices: &[usize]) -> Vec<Tom<'a>> {
    indices
        .iter()
        .filter_map(|&i| site.items.get(i))
        .map(summary)
        .collect()
}

/// A link in a breadcrumb or a list of terms.
#[derive(Clone, Debug, Serialize)]
pub struct Link {
    pub url: String,
    pub title: String,
}

/// The feeds of a section, linked from `<head>`.
#[derive(Clone, Debug, Serialize)]
pub struct FeedLinks {
    pub title: String,
    pub rss: String,
    pub atom: String,
}

/// Dublin Core values that differ per page (TT 24/2011; A2-06). Title, description, publisher
/// and identifier come from `PageMeta` and the config.
#[derive(Clone, Debug, Serialize)]
pub struct DublinCore {
    pub creator: String,
    pub date: String,
    /// Lĩnh vực joined with "; ".
    pub subject: Option<String>,
    pub source: Option<String>,
}

/// Everything `base.html` needs about the page being rendered.
#[derive(Clone, Debug, Serialize)]
pub struct PageMeta {
    /// `trang-chu`, `chuyen-muc`, `muc`, `phan-loai`, `thuat-ngu`, `bao-cao-vien`, ...
    pub kind: &'static str,
    pub url: String,
    /// The `<h1>` and `DC.title` text.
    pub title: String,
    /// The `<title>` text: the page title then the site name.
    pub head_title: String,
    pub description: String,
    /// Absolute: base_url + url.
    pub canonical: String,
    pub og_type: &'static str,
    pub og_image: Option<String>,
    pub og_image_alt: Option<String>,
    pub dc: DublinCore,
    pub section_feed: Option<FeedLinks>,
    pub breadcrumb: Vec<Link>,
    /// URL of the top-level section this page belongs to ("" when none): the menu entry
    /// marked `aria-current`.
    pub nav: String,
}

/// One line, at most `max` characters, cut at a word boundary with an ellipsis.
pub fn one_line(s: &str, max: usize) -> String {
    let flat = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_vietnamese_number_format() {
        assert_eq!(file_size(512), "512 B");
        assert_eq!(file_size(1024), "1 KB");
        assert_eq!(file_size(340 * 1024 + 1), "341 KB");
        assert_eq!(file_size(1_258_291), "1,2 MB");
        assert_eq!(file_size(1_294_000_000), "1.234,1 MB");
    }

    #[test]
    fn phone_numbers_become_tel_digits() {
        assert_eq!(tel("(0251) 3822 512"), "02513822512");
        assert_eq!(tel("+84 251 3822 512"), "+842513822512");
    }

    #[test]
    fn descriptions_are_one_bounded_line() {
        assert_eq!(one_line("  a\n b  c ", 50), "a b c");
        let long = "Nghị định quy định chi tiết một số điều của Luật Đất đai năm 2024";
        let cut = one_line(long, 30);
        assert!(cut.ends_with('…') && cut.chars().count() <= 31, "{cut}");
    }
}
