//! Planning: the list of every page of the site (`PageJob`s) with its output path, URL, title
//! and last-modified date, following the fixed URL scheme; and the pagination arithmetic
//! shared by planning and rendering, so a list page and its links always agree.

use super::{PageJob, PageKind, PeopleKind};
use crate::model::Site;
use crate::vi::Date;
use serde::Serialize;

/// Number of pages of a list of `n` items (an empty list still has its page).
pub fn page_count(n: usize, per_page: usize) -> usize {
    n.div_ceil(per_page.max(1)).max(1)
}

/// URL of page `page` (1-based) of the list at `base` (`van-ban/`): `van-ban/`, `van-ban/trang/2/`.
pub fn page_url(base: &str, page: usize) -> String {
    if page <= 1 {
        base.to_string()
    } else {
        format!("{base}trang/{page}/")
    }
}

/// The item indices shown on page `page` (1-based).
pub fn page_slice(items: &[usize], page: usize, per_page: usize) -> &[usize] {
    let per = per_page.max(1);
    let start = (page.max(1) - 1).saturating_mul(per).min(items.len());
    let end = (start + per).min(items.len());
    &items[start..end]
}

/// One entry of the pagination nav; `gap` entries stand for skipped page numbers.
#[derive(Debug, Serialize)]
pub struct PageLink {
    pub n: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

#[derive(Debug, Serialize)]
pub struct Pagination {
    pub page: usize,
    pub total: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub links: Vec<PageLink>,
}

/// Page links around the current page: first, last, current ± 2, gaps between. A window
/// keeps each list page's size constant, so a 2,500-page list does not cost 2,500² links.
pub fn pagination(base: &str, page: usize, total: usize) -> Pagination {
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend((page.saturating_sub(2)..=page + 2).filter(|&n| n >= 1 && n <= total));
    shown.sort_unstable();
    shown.dedup();
    let mut links = Vec::with_capacity(shown.len() + 2);
    let mut previous = 0;
    for n in shown {
        if previous != 0 && n > previous + 1 {
            links.push(PageLink {
                n: 0,
                url: String::new(),
                current: false,
                gap: true,
            });
        }
        links.push(PageLink {
            n,
            url: page_url(base, n),
            current: n == page,
            gap: false,
        });
        previous = n;
    }
    Pagination {
        page,
        total,
        prev: (page > 1).then(|| page_url(base, page - 1)),
        next: (page < total).then(|| page_url(base, page + 1)),
        links,
    }
}

fn latest_update(site: &Site, items: &[usize]) -> Option<Date> {
    items
        .iter()
        .filter_map(|&i| site.items.get(i))
        .map(|it| it.updated())
        .max()
}

fn job(path: String, url: String, kind: PageKind, title: String, lastmod: Option<Date>) -> PageJob {
    PageJob {
        path,
        url,
        kind,
        title,
        lastmod,
        in_sitemap: true,
    }
}

/// `dir/` → `dir/index.html`.
fn index_of(url: &str) -> String {
    format!("{url}index.html")
}

pub fn jobs(site: &Site, per_page: usize) -> Vec<PageJob> {
    let terms: usize = site.taxonomies.iter().map(|t| t.terms.len() + 1).sum();
    let mut out = Vec::with_capacity(site.items.len() + site.sections.len() + terms + 16);
    let site_lastmod = site
        .latest
        .first()
        .and_then(|&i| site.items.get(i))
        .map(|it| it.updated());

    out.push(job(
        "index.html".into(),
        String::new(),
        PageKind::Home,
        site.config.ten_trang.clone(),
        site_lastmod,
    ));

    for (si, s) in site.sections.iter().enumerate() {
        let lastmod = latest_update(site, &s.items);
        for page in 1..=page_count(s.items.len(), per_page) {
            let url = page_url(&s.url, page);
            let title = paged_title(&s.title, page);
            out.push(job(
                index_of(&url),
                url,
                PageKind::SectionList { section: si, page },
                title,
                lastmod,
            ));
        }
    }

    for (i, it) in site.items.iter().enumerate() {
        out.push(job(
            index_of(&it.url),
            it.url.clone(),
            PageKind::Item(i),
            it.tieu_de.clone(),
            Some(it.updated()),
        ));
    }

    for (ti, t) in site.taxonomies.iter().enumerate() {
        let tax_url = format!("{}/", t.key);
        out.push(job(
            index_of(&tax_url),
            tax_url,
            PageKind::TaxonomyIndex(ti),
            t.label.to_string(),
            site_lastmod,
        ));
        for (ki, term) in t.terms.iter().enumerate() {
            let lastmod = latest_update(site, &term.items);
            for page in 1..=page_count(term.items.len(), per_page) {
                let url = page_url(&term.url, page);
                let title = paged_title(&format!("{}: {}", t.label, term.name), page);
                let kind = PageKind::TermList {
                    taxonomy: ti,
                    term: ki,
                    page,
                };
                out.push(job(index_of(&url), url, kind, title, lastmod));
            }
        }
    }

    let fixed = [
        (
            "bao-cao-vien/",
            PageKind::People(PeopleKind::BaoCaoVien),
            "Báo cáo viên pháp luật",
        ),
        (
            "tuyen-truyen-vien/",
            PageKind::People(PeopleKind::TuyenTruyenVien),
            "Tuyên truyền viên pháp luật",
        ),
        ("lien-he/", PageKind::Contact, "Liên hệ"),
        ("lien-ket/", PageKind::Links, "Liên kết website"),
        ("so-do-trang/", PageKind::SiteMap, "Sơ đồ trang"),
        ("tim-kiem/", PageKind::Search, "Tìm kiếm"),
    ];
    for (url, kind, title) in fixed {
        out.push(job(
            index_of(url),
            url.to_string(),
            kind,
            title.to_string(),
            site_lastmod,
        ));
    }
    if crate::sync::aggregate::has_imports(site) {
        let url = crate::sync::aggregate::URL;
        let title = crate::sync::aggregate::TITLE.to_string();
        out.push(job(
            index_of(url),
            url.into(),
            PageKind::FromUnits,
            title,
            site_lastmod,
        ));
    }
    let features = crate::stats::page::jobs(site, &out);
    out.extend(features);
    out.push(PageJob {
        path: "404.html".into(),
        url: "404.html".into(),
        kind: PageKind::NotFound,
        title: "Không tìm thấy trang".into(),
        lastmod: None,
        in_sitemap: false,
    });
    out
}

/// "Văn bản pháp luật" on page 1, "Văn bản pháp luật – Trang 2" after, so every page's
/// `<title>` is distinct.
pub fn paged_title(title: &str, page: usize) -> String {
    if page <= 1 {
        title.to_string()
    } else {
        format!("{title} – Trang {page}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_split_and_slice() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(45, 20), 3);
        let items: Vec<usize> = (0..45).collect();
        assert_eq!(page_slice(&items, 3, 20), &items[40..45]);
        assert!(page_slice(&items, 4, 20).is_empty());
        assert_eq!(page_url("van-ban/", 1), "van-ban/");
        assert_eq!(page_url("van-ban/", 3), "van-ban/trang/3/");
    }

    #[test]
    fn pagination_windows_long_lists() {
        let p = pagination("a/", 50, 2500);
        let shown: Vec<usize> = p.links.iter().filter(|l| !l.gap).map(|l| l.n).collect();
        assert_eq!(shown, vec![1, 48, 49, 50, 51, 52, 2500]);
        assert_eq!(p.links.iter().filter(|l| l.gap).count(), 2);
        assert_eq!(p.prev.as_deref(), Some("a/trang/49/"));
        assert_eq!(p.next.as_deref(), Some("a/trang/51/"));
        let first = pagination("a/", 1, 3);
        let shown: Vec<usize> = first.links.iter().map(|l| l.n).collect();
        assert_eq!(shown, vec![1, 2, 3]);
        assert!(first.prev.is_none() && first.links[0].current);
    }
}
