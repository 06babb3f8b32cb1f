//! Render: pages through tera templates (the embedded default theme, overridable by the
//! site's `templates/`). `Renderer::jobs` plans every page of the site following the fixed URL
//! scheme; `Renderer::render` renders one, so the pipeline can render in parallel and write each
//! page as soon as it is done; `Renderer::assets` gives the theme's static files with
//! content-hashed names. Memory grows with content, not pages × templates: one small shared
//! context (config, menu, asset names) is built once and each page adds only its own data;
//! an item's Markdown is rendered only for its own page.
//!
//! Internal URLs in the output are root-relative (`/van-ban/x/`); the post-processor makes them
//! relative to each page.

mod body;
mod chrome;
pub mod markdown;
mod pages;
mod plan;
mod templates;
pub mod view;

#[cfg(test)]
mod tests;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::vi::Date;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};

pub use chrome::splice as splice_chrome;
pub use plan::{page_count, page_url};
pub use templates::escape_html;

/// What a page shows. Indices point into `Site::sections`, `Site::items`, `Site::taxonomies`
/// and `Taxonomy::terms`; `page` is 1-based.
#[derive(Clone, Debug)]
pub enum PageKind {
    Home,
    SectionList {
        section: usize,
        page: usize,
    },
    Item(usize),
    TaxonomyIndex(usize),
    TermList {
        taxonomy: usize,
        term: usize,
        page: usize,
    },
    People(PeopleKind),
    /// A page of the PBGDPL work features (statistics, quiz, bookshelf …): `crate::stats::page`.
    Feature(crate::stats::Feature),
    Contact,
    Links,
    /// "Tin từ các đơn vị": imported items grouped by source (`crate::sync::aggregate`).
    FromUnits,
    SiteMap,
    Search,
    NotFound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeopleKind {
    BaoCaoVien,
    TuyenTruyenVien,
}

/// One page to render and write.
#[derive(Clone, Debug)]
pub struct PageJob {
    /// Output file, "/"-separated: "van-ban/x/index.html", "404.html".
    pub path: String,
    /// Site-root-relative URL, no leading slash: "van-ban/x/", "" for home.
    pub url: String,
    pub kind: PageKind,
    pub title: String,
    pub lastmod: Option<Date>,
    /// False for 404.
    pub in_sitemap: bool,
}

/// The loaded theme plus what every page shares. `Sync`: pages render in parallel.
pub struct Renderer {
    tera: tera::Tera,
    /// Template names the site overrides (diagnostics point at `templates/<name>` for these).
    from_site: HashSet<String>,
    /// Config, menu, taxonomy list, asset names, the header and footer markers: cloned into
    /// every page's context.
    shared: tera::Context,
    /// The chrome rendered once: header, footer, then the main navigation in each of its
    /// states. Pages hold markers for these (`chrome::marker`) until they are spliced in.
    chrome: Vec<String>,
    /// Navigation state (`chrome::nav_key`) → its index in `chrome`.
    navs: HashMap<String, usize>,
    /// Tells renderers apart, so post-processed chrome is never reused across them.
    id: u64,
    assets: Vec<(String, Vec<u8>)>,
    per_page: usize,
    /// Lĩnh vực name → its taxonomy page URL, for the links on item pages.
    field_urls: HashMap<String, String>,
    /// Section URL → index into `Site::sections` (breadcrumbs, sub-folders).
    section_by_url: HashMap<String, usize>,
    /// Per section, and per taxonomy term: whether the list is all documents (shown as the
    /// A5-02 table). Computed once so list pages do not rescan their whole list.
    section_tables: Vec<bool>,
    term_tables: Vec<Vec<bool>>,
}

impl Renderer {
    /// Loads the embedded theme, then the site's `templates/` overrides (same names replace
    /// theme templates). Template errors become `mau` diagnostics and return None.
    pub fn new(site: &Site, diags: &Diagnostics) -> Option<Renderer> {
        let loaded = templates::load(&site.root, diags)?;
        let assets = theme_assets();
        let css = assets[0].0.clone();
        let js = assets[1].0.clone();
        let all_docs = |items: &[usize]| {
            !items.is_empty()
                && items
                    .iter()
                    .all(|&i| site.items.get(i).is_some_and(|it| it.van_ban().is_some()))
        };
        let field_urls = site
            .taxonomies
            .iter()
            .filter(|t| t.key == "linh-vuc")
            .flat_map(|t| {
                t.terms
                    .iter()
                    .map(|term| (term.name.clone(), term.url.clone()))
            })
            .collect();
        let mut shared = pages::shared_context(site, &css, &js);
        shared.insert("assets_them", &feature_asset_names());
        shared.insert(
            "csp_form",
            &crate::stats::extras::form_action_source(site.config.gui_cau_hoi.as_deref()),
        );
        let rendered = chrome::render(&loaded.tera, &shared, site, &loaded.from_site, diags)?;
        shared.insert("khung_dau_trang", &chrome::marker(0));
        shared.insert("khung_chan_trang", &chrome::marker(1));
        let mut chrome = vec![rendered.header, rendered.footer];
        let mut nav_states: Vec<(String, String)> = rendered.navs.into_iter().collect();
        nav_states.sort();
        let mut navs = HashMap::new();
        for (key, html) in nav_states {
            navs.insert(key, chrome.len());
            chrome.push(html);
        }
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        Some(Renderer {
            tera: loaded.tera,
            from_site: loaded.from_site,
            shared,
            chrome,
            navs,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            assets,
            per_page: site.config.so_muc_moi_trang.max(1),
            field_urls,
            section_by_url: site
                .sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.url.clone(), i))
                .collect(),
            section_tables: site.sections.iter().map(|s| all_docs(&s.items)).collect(),
            term_tables: site
                .taxonomies
                .iter()
                .map(|t| t.terms.iter().map(|term| all_docs(&term.items)).collect())
                .collect(),
        })
    }

    /// Every page of the site, in a stable order (home, sections, items, taxonomies, fixed pages, 404).
    pub fn jobs(&self, site: &Site) -> Vec<PageJob> {
        plan::jobs(site, self.per_page)
    }

    /// Renders one page to HTML with root-relative internal URLs.
    // The pipeline's contract returns a whole Diagnostic; pages fail rarely, so its size is moot.
    #[allow(clippy::result_large_err)]
    pub fn render(&self, site: &Site, job: &PageJob) -> Result<String, Diagnostic> {
        let html = self.render_marked(site, job)?;
        let spliced =
            chrome::splice::<_, std::convert::Infallible>(&html, |n| Ok(self.chrome_part(n)));
        let bytes = spliced.unwrap_or_else(|never| match never {});
        Ok(String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
    }

    /// `render` with a marker comment where each chrome part goes (`chrome::splice` puts the
    /// parts in): the pipeline post-processes the parts once per folder depth, not per page.
    /// UTF-8 bytes: tera's `render` would check them once more only to make a `String`.
    #[allow(clippy::result_large_err)]
    pub fn render_marked(&self, site: &Site, job: &PageJob) -> Result<Vec<u8>, Diagnostic> {
        let mut ctx = self.shared.clone();
        let template = pages::fill(self, site, job, &mut ctx)?;
        let mut html = Vec::with_capacity(32 * 1024);
        self.tera
            .render_to(template, &ctx, &mut html)
            .map_err(|e| templates::render_error(template, &e, &self.from_site, &job.path))?;
        // Template comments and tags before the doctype leave blank lines; the doctype must
        // come first (and `<meta charset>` within the first 1024 bytes).
        let blank = html.iter().take_while(|b| b.is_ascii_whitespace()).count();
        html.drain(..blank);
        Ok(html)
    }

    /// Chrome part `n` as rendered (root-relative URLs), if there is one.
    pub fn chrome_part(&self, n: usize) -> Option<&str> {
        self.chrome.get(n).map(String::as_str)
    }

    /// This renderer's identity: post-processed chrome is cached per renderer.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// A digest of everything this renderer shares between pages (context, rendered
    /// navigation, list layouts, asset names) but not the templates' text: two renderers with
    /// the same templates and the same fingerprint render a page from the same data alike.
    /// `serve` re-renders every page when it changes.
    pub fn fingerprint(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        fn json(v: &impl serde::Serialize) -> Vec<u8> {
            serde_json::to_vec(v).unwrap_or_default()
        }
        fn sorted<V: Ord + serde::Serialize>(m: &HashMap<String, V>) -> Vec<u8> {
            let mut v: Vec<_> = m.iter().collect();
            v.sort();
            json(&v)
        }
        h.update(json(&self.shared.clone().into_json()));
        h.update(json(&self.chrome));
        h.update(sorted(&self.navs));
        h.update(sorted(&self.field_urls));
        h.update(json(&(
            self.per_page,
            &self.section_tables,
            &self.term_tables,
        )));
        for (name, _) in &self.assets {
            h.update(name.as_bytes());
        }
        h.finalize().into()
    }

    /// Theme static files to write: (output path, bytes), CSS and JS with content-hashed names.
    pub fn assets(&self) -> Vec<(String, Vec<u8>)> {
        self.assets.clone()
    }
}

/// The stylesheet and script under names that change when their content does (so they can be
/// cached for ever), and the default emblem. CSS first, JS second.
fn theme_assets() -> Vec<(String, Vec<u8>)> {
    vec![
        (
            hashed("assets/pbgdpl", "css", crate::theme::STYLESHEET),
            crate::theme::STYLESHEET.to_vec(),
        ),
        (
            hashed("assets/pbgdpl", "js", crate::theme::SCRIPT),
            crate::theme::SCRIPT.to_vec(),
        ),
        (
            crate::theme::EMBLEM_PATH.to_string(),
            crate::theme::EMBLEM.to_vec(),
        ),
    ]
    .into_iter()
    .chain(
        crate::theme::FEATURE_ASSETS
            .iter()
            .map(|(stem, ext, bytes)| (hashed(stem, ext, bytes), bytes.to_vec())),
    )
    .chain(
        crate::theme::OG_IMAGES
            .iter()
            .map(|(path, bytes)| (path.to_string(), bytes.to_vec())),
    )
    .collect()
}

/// The hashed names of the feature assets for templates: `on_tap`, `tuong_tac`, `nhung`.
fn feature_asset_names() -> std::collections::BTreeMap<String, String> {
    crate::theme::FEATURE_ASSETS
        .iter()
        .map(|(stem, ext, bytes)| {
            let key = stem.rsplit('/').next().unwrap_or(stem).replace('-', "_");
            (key, hashed(stem, ext, bytes))
        })
        .collect()
}

/// `assets/pbgdpl` + `css` → `assets/pbgdpl.1a2b3c4d5e.css` (first 10 hex digits of SHA-256).
fn hashed(stem: &str, ext: &str, bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("{stem}.{hex}.{ext}")
}
