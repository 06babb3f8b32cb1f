//! `sitemap.xml` for search engines (A2-05, sitemaps.org 0.9) and `robots.txt` pointing at it.
//! A sitemap file may hold at most 50,000 URLs and 50 MB, so a larger site gets `sitemap-1.xml`,
//! `sitemap-2.xml` … and `sitemap.xml` becomes the sitemap index listing them; crawlers and the
//! `robots.txt` line need only ever know `sitemap.xml`.

use super::xml::{absolute_url, push_element};
use crate::model::Site;
use crate::vi::Date;
use crate::write::Output;
use std::io;

/// sitemaps.org limit on URLs per sitemap file.
pub const MAX_URLS_PER_SITEMAP: usize = 50_000;
/// sitemaps.org limit on the uncompressed size of one sitemap file (50 MiB).
pub const MAX_SITEMAP_BYTES: usize = 50 * 1024 * 1024;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

/// One page for the sitemap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SitemapEntry {
    /// Site-root-relative URL, no leading slash; `""` for the home page.
    pub url: String,
    /// The last substantive change, when known.
    pub lastmod: Option<Date>,
}

/// `sitemap.xml` (sitemaps.org 0.9) listing every page URL with `<lastmod>`; above 50,000 URLs
/// (or 50 MiB), `sitemap.xml` becomes a sitemap index of `sitemap-1.xml`, `sitemap-2.xml` …
/// Entries keep the order given. Returns the number of files written.
pub fn write_sitemap(site: &Site, pages: &[SitemapEntry], out: &dyn Output) -> io::Result<usize> {
    let base = &site.config.base_url;
    let chunks = render_url_sets(base, pages);
    if chunks.len() == 1 {
        out.write_file("sitemap.xml", chunks[0].xml.as_bytes())?;
        return Ok(1);
    }
    let mut children = Vec::with_capacity(chunks.len());
    for (n, chunk) in chunks.iter().enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        out.write_file(&name, chunk.xml.as_bytes())?;
        children.push((absolute_url(base, &name), chunk.lastmod));
    }
    out.write_file("sitemap.xml", render_index(&children).as_bytes())?;
    Ok(chunks.len() + 1)
}

/// One finished `<urlset>` file and the newest `lastmod` in it (for the index).
struct UrlSet {
    xml: String,
    lastmod: Option<Date>,
}

const URLSET_OPEN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"";
const URLSET_CLOSE: &str = "</urlset>\n";

/// Packs the entries, in order, into as few `<urlset>` files as the limits allow; always at
/// least one, so an empty site still has a valid `sitemap.xml`.
fn render_url_sets(base: &str, pages: &[SitemapEntry]) -> Vec<UrlSet> {
    let mut sets = Vec::new();
    let mut current = open_url_set();
    let mut count = 0;
    let mut entry = String::with_capacity(256);
    for page in pages {
        entry.clear();
        push_url(&mut entry, base, page);
        let full = count == MAX_URLS_PER_SITEMAP
            || current.xml.len() + entry.len() + URLSET_CLOSE.len() > MAX_SITEMAP_BYTES;
        if full && count > 0 {
            sets.push(close_url_set(current));
            current = open_url_set();
            count = 0;
        }
        current.xml.push_str(&entry);
        current.lastmod = current.lastmod.max(page.lastmod);
        count += 1;
    }
    sets.push(close_url_set(current));
    sets
}

fn open_url_set() -> UrlSet {
    let mut xml = String::with_capacity(1 << 20);
    xml.push_str(URLSET_OPEN);
    xml.push_str(SITEMAP_NS);
    xml.push_str("\">\n");
    UrlSet { xml, lastmod: None }
}

fn close_url_set(mut set: UrlSet) -> UrlSet {
    set.xml.push_str(URLSET_CLOSE);
    set
}

fn push_url(x: &mut String, base: &str, page: &SitemapEntry) {
    x.push_str("  <url>\n");
    push_element(x, "    ", "loc", &absolute_url(base, &page.url));
    if let Some(d) = page.lastmod {
        push_element(x, "    ", "lastmod", &d.iso());
    }
    x.push_str("  </url>\n");
}

fn render_index(children: &[(String, Option<Date>)]) -> String {
    let mut x = String::with_capacity(256 + children.len() * 128);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"");
    x.push_str(SITEMAP_NS);
    x.push_str("\">\n");
    for (loc, lastmod) in children {
        x.push_str("  <sitemap>\n");
        push_element(&mut x, "    ", "loc", loc);
        if let Some(d) = lastmod {
            push_element(&mut x, "    ", "lastmod", &d.iso());
        }
        x.push_str("  </sitemap>\n");
    }
    x.push_str("</sitemapindex>\n");
    x
}

/// `robots.txt`: every crawler may read everything, and the sitemap's absolute address.
/// Crawlers only read `robots.txt` at the host root, so when `base_url` has a sub-path this
/// file is what the host's administrator merges into theirs.
pub fn write_robots(site: &Site, out: &dyn Output) -> io::Result<()> {
    let sitemap = absolute_url(&site.config.base_url, "sitemap.xml");
    let text = format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n");
    out.write_file("robots.txt", text.as_bytes())
}
