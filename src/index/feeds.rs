//! RSS 2.0 and Atom 1.0 feeds (A2-01, A2-02, A7-03): one pair for the whole site and one per
//! section and sub-folder, each with the 50 newest items by `ngay_dang`. The provincial Sở Tư
//! pháp pulls these into a NukeViet-like portal, so the RSS stays plain: only the elements of
//! the RSS 2.0 spec plus `atom:link rel="self"` and `dc:identifier` (the số ký hiệu) — nothing
//! a strict reader could choke on. Dates are at 00:00 +07:00: RFC 822 in RSS, RFC 3339 in Atom.

use super::plain;
use super::xml::{absolute_url, push_element, push_escaped};
use crate::model::{Item, ItemData, Section, Site};
use crate::vi::Date;
use crate::write::Output;
use rayon::prelude::*;
use std::cmp::Reverse;
use std::collections::HashMap;
use std::io;

/// Items per feed: enough for an aggregator polling daily, small enough to fetch on 3G.
pub const FEED_ITEMS: usize = 50;

const GENERATOR: &str = concat!("pbgdpl ", env!("CARGO_PKG_VERSION"));

/// One feed pair to write: where it lives and what it says about itself.
struct Feed {
    /// Folder of the feed relative to the site root: `""` or a section URL (`van-ban/`).
    dir: String,
    title: String,
    description: String,
    /// The page the feed mirrors, absolute.
    link: String,
    /// Indices into `Site::items`, newest first, at most [`FEED_ITEMS`].
    items: Vec<usize>,
    /// The last change to anything in the feed; the build date for an empty feed.
    updated: Date,
}

impl Feed {
    fn rss_path(&self) -> String {
        format!("{}rss.xml", self.dir)
    }

    fn atom_path(&self) -> String {
        format!("{}atom.xml", self.dir)
    }
}

/// RSS 2.0 + Atom 1.0 for the whole site (`rss.xml`, `atom.xml`, newest 50 items) and for each
/// section and sub-folder section (`<section.url>rss.xml`, `<section.url>atom.xml`, newest 50).
/// Returns the number of files written.
pub fn write_feeds(site: &Site, out: &dyn Output) -> io::Result<usize> {
    let feeds = all_feeds(site);
    let descriptions = descriptions(site, &feeds);
    feeds
        .par_iter()
        .map(|feed| {
            let ctx = Ctx {
                site,
                feed,
                descriptions: &descriptions,
            };
            out.write_file(&feed.rss_path(), render_rss(&ctx).as_bytes())?;
            out.write_file(&feed.atom_path(), render_atom(&ctx).as_bytes())?;
            Ok(2)
        })
        .sum()
}

/// What a feed renderer reads.
struct Ctx<'a> {
    site: &'a Site,
    feed: &'a Feed,
    descriptions: &'a HashMap<usize, String>,
}

impl Ctx<'_> {
    fn items(&self) -> impl Iterator<Item = (&Item, &str)> {
        self.feed
            .items
            .iter()
            .map(|&i| (&self.site.items[i], self.descriptions[&i].as_str()))
    }
}

/// The description of every item in any feed, computed once: an item is in the site feed,
/// its section's and its sub-folder's, each in RSS and Atom.
fn descriptions(site: &Site, feeds: &[Feed]) -> HashMap<usize, String> {
    let mut wanted: Vec<usize> = feeds.iter().flat_map(|f| f.items.iter().copied()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    wanted
        .into_par_iter()
        .map(|i| (i, description(&site.items[i])))
        .collect()
}

fn all_feeds(site: &Site) -> Vec<Feed> {
    let mut feeds = Vec::with_capacity(site.sections.len() + 1);
    feeds.push(site_feed(site));
    feeds.extend(site.sections.iter().map(|s| section_feed(site, s)));
    feeds
}

fn site_feed(site: &Site) -> Feed {
    let cfg = &site.config;
    let items: Vec<usize> = site.latest.iter().take(FEED_ITEMS).copied().collect();
    Feed {
        dir: String::new(),
        title: cfg.ten_trang.clone(),
        description: non_empty(cfg.mo_ta.as_deref())
            .unwrap_or(&cfg.ten_trang)
            .to_string(),
        link: absolute_url(&cfg.base_url, ""),
        updated: last_change(site, &items),
        items,
    }
}

fn section_feed(site: &Site, section: &Section) -> Feed {
    let label = section_label(site, section);
    let description = non_empty(section.intro.tom_tat.as_deref())
        .or_else(|| section.path.is_empty().then_some(section.def.description))
        .unwrap_or(&label)
        .to_string();
    let items = newest_by_ngay_dang(&site.items, &section.items, FEED_ITEMS);
    let mut dir = section.url.trim_start_matches('/').to_string();
    if !dir.ends_with('/') {
        dir.push('/');
    }
    Feed {
        title: format!("{} – {label}", site.config.ten_trang),
        description,
        link: absolute_url(&site.config.base_url, &dir),
        dir,
        updated: last_change(site, &items),
        items,
    }
}

/// "Văn bản pháp luật", or "Văn bản pháp luật – Trung ương" for a sub-folder.
fn section_label(site: &Site, section: &Section) -> String {
    if section.path.is_empty() {
        return section.title.clone();
    }
    let parent = site
        .section(section.def.folder)
        .map_or(section.def.label, |s| s.title.as_str());
    format!("{parent} – {}", section.title)
}

/// The `n` items of `indices` posted most recently (newest first). A section lists documents
/// by date of issue, but a feed announces what is new on the site: a 2015 decree posted today
/// must reach the aggregator. Ties keep the section's order. Linear in the section's size.
fn newest_by_ngay_dang(all: &[Item], indices: &[usize], n: usize) -> Vec<usize> {
    let mut ranked: Vec<(Reverse<Date>, usize, usize)> = indices
        .iter()
        .enumerate()
        .map(|(pos, &i)| (Reverse(all[i].ngay_dang), pos, i))
        .collect();
    let key = |e: &(Reverse<Date>, usize, usize)| (e.0, e.1);
    if ranked.len() > n {
        ranked.select_nth_unstable_by_key(n, key);
        ranked.truncate(n);
    }
    ranked.sort_unstable_by_key(key);
    ranked.into_iter().map(|(_, _, i)| i).collect()
}

/// The newest `updated()` of the items; the build date for an empty feed.
fn last_change(site: &Site, items: &[usize]) -> Date {
    items
        .iter()
        .map(|&i| site.items[i].updated())
        .max()
        .unwrap_or(site.build_date)
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.trim().is_empty())
}

/// What a reader sees under the title: the summary the editor wrote, else the document's
/// trích yếu or the citizen's question, else the start of the body, else the title.
fn description(item: &Item) -> String {
    if let Some(s) = non_empty(item.tom_tat.as_deref()) {
        return s.trim().to_string();
    }
    let derived = match &item.data {
        ItemData::VanBan(v) if !v.trich_yeu.trim().is_empty() => v.trich_yeu.trim().to_string(),
        ItemData::HoiDap(h) => plain::html_summary(&h.cau_hoi_html),
        _ => String::new(),
    };
    let derived = if derived.is_empty() {
        plain::markdown_summary(&item.body)
    } else {
        derived
    };
    if derived.is_empty() {
        item.tieu_de.clone()
    } else {
        derived
    }
}

fn render_rss(ctx: &Ctx) -> String {
    let feed = ctx.feed;
    let base = &ctx.site.config.base_url;
    let mut x = String::with_capacity(1024 + feed.items.len() * 800);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n",
    );
    push_element(&mut x, "  ", "title", &feed.title);
    push_element(&mut x, "  ", "link", &feed.link);
    push_element(&mut x, "  ", "description", &feed.description);
    push_element(&mut x, "  ", "language", "vi");
    push_element(&mut x, "  ", "lastBuildDate", &feed.updated.rfc822());
    push_element(&mut x, "  ", "generator", GENERATOR);
    push_link(
        &mut x,
        "  ",
        "atom:link",
        "self",
        "application/rss+xml",
        &absolute_url(base, &feed.rss_path()),
    );
    for (item, description) in ctx.items() {
        let link = absolute_url(base, &item.url);
        x.push_str("  <item>\n");
        push_element(&mut x, "    ", "title", &item.tieu_de);
        push_element(&mut x, "    ", "link", &link);
        push_element(&mut x, "    ", "description", description);
        push_element(&mut x, "    ", "pubDate", &item.ngay_dang.rfc822());
        x.push_str("    <guid isPermaLink=\"true\">");
        push_escaped(&mut x, &link);
        x.push_str("</guid>\n");
        for linh_vuc in &item.linh_vuc {
            push_element(&mut x, "    ", "category", linh_vuc);
        }
        if let Some(v) = item.van_ban() {
            push_element(&mut x, "    ", "dc:identifier", &v.so_ky_hieu);
        }
        x.push_str("  </item>\n");
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

fn render_atom(ctx: &Ctx) -> String {
    let feed = ctx.feed;
    let cfg = &ctx.site.config;
    let self_url = absolute_url(&cfg.base_url, &feed.atom_path());
    let author = non_empty(Some(&cfg.co_quan.ten_day_du))
        .or(non_empty(Some(&cfg.ten_trang)))
        .unwrap_or("pbgdpl");
    let mut x = String::with_capacity(1024 + feed.items.len() * 900);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n");
    // The feed's own address is its id: unique per feed and stable across builds (RFC 4287 §4.2.6).
    push_element(&mut x, "  ", "id", &self_url);
    push_element(&mut x, "  ", "title", &feed.title);
    push_element(&mut x, "  ", "subtitle", &feed.description);
    push_element(&mut x, "  ", "updated", &feed.updated.rfc3339());
    push_link(
        &mut x,
        "  ",
        "link",
        "self",
        "application/atom+xml",
        &self_url,
    );
    push_link(&mut x, "  ", "link", "alternate", "text/html", &feed.link);
    x.push_str("  <author>\n");
    push_element(&mut x, "    ", "name", author);
    push_element(&mut x, "    ", "uri", &absolute_url(&cfg.base_url, ""));
    x.push_str("  </author>\n");
    push_element(&mut x, "  ", "generator", GENERATOR);
    for (item, description) in ctx.items() {
        let link = absolute_url(&cfg.base_url, &item.url);
        x.push_str("  <entry>\n");
        push_element(&mut x, "    ", "id", &link);
        push_element(&mut x, "    ", "title", &item.tieu_de);
        push_link(&mut x, "    ", "link", "alternate", "text/html", &link);
        push_element(&mut x, "    ", "published", &item.ngay_dang.rfc3339());
        push_element(&mut x, "    ", "updated", &item.updated().rfc3339());
        push_element(&mut x, "    ", "summary", description);
        for linh_vuc in &item.linh_vuc {
            x.push_str("    <category term=\"");
            push_escaped(&mut x, linh_vuc);
            x.push_str("\"/>\n");
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    x
}

/// `<name rel="…" type="…" href="…"/>` (Atom `link`, or `atom:link` inside RSS).
fn push_link(x: &mut String, indent: &str, name: &str, rel: &str, mime: &str, href: &str) {
    x.push_str(indent);
    x.push('<');
    x.push_str(name);
    x.push_str(" rel=\"");
    x.push_str(rel);
    x.push_str("\" type=\"");
    x.push_str(mime);
    x.push_str("\" href=\"");
    push_escaped(x, href);
    x.push_str("\"/>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn posted(day: u8) -> Item {
        Item {
            source: PathBuf::new(),
            section: "tin-tuc",
            subsection: Vec::new(),
            slug: String::new(),
            url: String::new(),
            bundle_dir: None,
            tieu_de: format!("Tin {day}"),
            ngay_dang: Date::from_ymd(2024, 1, day).unwrap(),
            ngay_cap_nhat: None,
            tom_tat: None,
            linh_vuc: Vec::new(),
            doi_tuong: Vec::new(),
            nguon: None,
            tac_gia: None,
            anh: None,
            anh_mo_ta: None,
            ban_nhap: false,
            dong_bo: None,
            data: ItemData::Page,
            body: String::new(),
            body_line: 1,
            truong: Default::default(),
        }
    }

    #[test]
    fn newest_posts_first_and_ties_keep_the_section_order() {
        let all: Vec<Item> = [3, 9, 5, 9, 1, 9].into_iter().map(posted).collect();
        let section_order = [5, 4, 3, 2, 1, 0];
        assert_eq!(newest_by_ngay_dang(&all, &section_order, 3), [5, 3, 1]);
        assert_eq!(
            newest_by_ngay_dang(&all, &section_order, 10),
            [5, 3, 1, 2, 0, 4]
        );
        assert!(newest_by_ngay_dang(&all, &[], 3).is_empty());
    }

    #[test]
    fn an_item_with_nothing_to_say_is_described_by_its_title() {
        let mut item = posted(1);
        assert_eq!(description(&item), "Tin 1");
        item.body = "<div>chỉ có HTML</div>\n".into();
        assert_eq!(description(&item), "Tin 1");
        item.body = "Thân bài.".into();
        assert_eq!(description(&item), "Thân bài.");
        item.tom_tat = Some("  Tóm tắt  ".into());
        assert_eq!(description(&item), "Tóm tắt");
    }
}
