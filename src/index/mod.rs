//! Index: what machines read about the site, written after the pages. RSS 2.0 and Atom 1.0
//! feeds for the whole site and for every section and sub-folder (`feeds`: the 50 newest items
//! by posting date, so the provincial Sở Tư pháp can pull them; A2-01, A2-02, A7-03),
//! `sitemap.xml` for search engines (`sitemap`: every page with its last change, split into a
//! sitemap index above 50,000 URLs; A2-05) and `robots.txt` pointing at it. Every URL written
//! here is absolute under `base_url`, sub-path included; every text is XML-escaped, NFC, and
//! free of the control characters XML 1.0 forbids (`xml`). `plain` turns Markdown and HTML into
//! the plain-text descriptions feeds carry. `search` builds the browser-side search index
//! (its own module doc says how). `api` publishes the items as static JSON under `api/v1/`.

pub mod api;
mod feeds;
mod plain;
pub mod search;
mod sitemap;
mod xml;

pub use api::write_api;
pub use feeds::{write_feeds, FEED_ITEMS};
pub use sitemap::{
    write_robots, write_sitemap, SitemapEntry, MAX_SITEMAP_BYTES, MAX_URLS_PER_SITEMAP,
};
