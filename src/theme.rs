//! The default theme, embedded in the binary so `pbgdpl` is one file to install: its tera
//! templates (`themes/default/templates/`) and its static files (`themes/default/static/`:
//! stylesheet, script, default emblem). Files are listed one by one with `include_str!` /
//! `include_bytes!` rather than globbed, because cargo then tracks every one of them and
//! rebuilds the crate when a theme file changes (a directory-embedding macro would not), and
//! because this list doubles as the catalogue of overridable template names.

/// `(name, source)` of every theme template. A site overrides one by putting a file with the
/// same name under its `templates/` folder.
pub static TEMPLATES: &[(&str, &str)] = &[
    (
        "base.html",
        include_str!("../themes/default/templates/base.html"),
    ),
    (
        "macros.html",
        include_str!("../themes/default/templates/macros.html"),
    ),
    (
        "partials/header.html",
        include_str!("../themes/default/templates/partials/header.html"),
    ),
    (
        "partials/nav.html",
        include_str!("../themes/default/templates/partials/nav.html"),
    ),
    (
        "partials/footer.html",
        include_str!("../themes/default/templates/partials/footer.html"),
    ),
    (
        "home.html",
        include_str!("../themes/default/templates/home.html"),
    ),
    (
        "section.html",
        include_str!("../themes/default/templates/section.html"),
    ),
    (
        "taxonomy.html",
        include_str!("../themes/default/templates/taxonomy.html"),
    ),
    (
        "term.html",
        include_str!("../themes/default/templates/term.html"),
    ),
    (
        "item.html",
        include_str!("../themes/default/templates/item.html"),
    ),
    (
        "item/page.html",
        include_str!("../themes/default/templates/item/page.html"),
    ),
    (
        "item/van_ban.html",
        include_str!("../themes/default/templates/item/van_ban.html"),
    ),
    (
        "item/tai_lieu.html",
        include_str!("../themes/default/templates/item/tai_lieu.html"),
    ),
    (
        "item/hoi_dap.html",
        include_str!("../themes/default/templates/item/hoi_dap.html"),
    ),
    (
        "item/hoat_dong.html",
        include_str!("../themes/default/templates/item/hoat_dong.html"),
    ),
    (
        "item/doi_thoai.html",
        include_str!("../themes/default/templates/item/doi_thoai.html"),
    ),
    (
        "item/bao_cao.html",
        include_str!("../themes/default/templates/item/bao_cao.html"),
    ),
    (
        "item/cuoc_thi.html",
        include_str!("../themes/default/templates/item/cuoc_thi.html"),
    ),
    (
        "people.html",
        include_str!("../themes/default/templates/people.html"),
    ),
    (
        "contact.html",
        include_str!("../themes/default/templates/contact.html"),
    ),
    (
        "links.html",
        include_str!("../themes/default/templates/links.html"),
    ),
    (
        "sitemap.html",
        include_str!("../themes/default/templates/sitemap.html"),
    ),
    (
        "search.html",
        include_str!("../themes/default/templates/search.html"),
    ),
    (
        "404.html",
        include_str!("../themes/default/templates/404.html"),
    ),
    (
        "thong-ke.html",
        include_str!("../themes/default/templates/thong-ke.html"),
    ),
    (
        "on-tap.html",
        include_str!("../themes/default/templates/on-tap.html"),
    ),
    (
        "tin-tu-cac-don-vi.html",
        include_str!("../themes/default/templates/tin-tu-cac-don-vi.html"),
    ),
    (
        "tu-sach.html",
        include_str!("../themes/default/templates/tu-sach.html"),
    ),
    (
        "hoi-dap-linh-vuc.html",
        include_str!("../themes/default/templates/hoi-dap-linh-vuc.html"),
    ),
    (
        "gui-cau-hoi.html",
        include_str!("../themes/default/templates/gui-cau-hoi.html"),
    ),
    (
        "nhung.html",
        include_str!("../themes/default/templates/nhung.html"),
    ),
];

/// The theme stylesheet (written as `assets/pbgdpl.<hash>.css`).
pub static STYLESHEET: &[u8] = include_bytes!("../themes/default/static/pbgdpl.css");

/// The theme script: un-hides and wires the print button (written as `assets/pbgdpl.<hash>.js`).
pub static SCRIPT: &[u8] = include_bytes!("../themes/default/static/pbgdpl.js");

/// The default emblem (an original star-in-circle mark, not the national emblem).
pub static EMBLEM: &[u8] = include_bytes!("../themes/default/static/bieu-trung.svg");

/// The scripts and styles of the PBGDPL work features: (output stem, extension, bytes), written
/// with content-hashed names. `on-tap.js` scores a practice quiz; `tuong-tac.js` wires the
/// copy-link / share button, click-to-load platform videos and the contest status by date;
/// `nhung.css` styles the portal widget.
pub static FEATURE_ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "assets/on-tap",
        "js",
        include_bytes!("../themes/default/static/on-tap.js"),
    ),
    (
        "assets/tuong-tac",
        "js",
        include_bytes!("../themes/default/static/tuong-tac.js"),
    ),
    (
        "assets/nhung",
        "css",
        include_bytes!("../themes/default/static/nhung.css"),
    ),
];

/// Default share (OpenGraph) images, 1200×630 PNG: one per section and one for the site.
pub static OG_IMAGES: &[(&str, &[u8])] = &[
    (
        "assets/og/mac-dinh.png",
        include_bytes!("../themes/default/static/og/mac-dinh.png"),
    ),
    (
        "assets/og/van-ban.png",
        include_bytes!("../themes/default/static/og/van-ban.png"),
    ),
    (
        "assets/og/tai-lieu.png",
        include_bytes!("../themes/default/static/og/tai-lieu.png"),
    ),
    (
        "assets/og/chi-dao-huong-dan.png",
        include_bytes!("../themes/default/static/og/chi-dao-huong-dan.png"),
    ),
    (
        "assets/og/hoi-dong-phoi-hop.png",
        include_bytes!("../themes/default/static/og/hoi-dong-phoi-hop.png"),
    ),
    (
        "assets/og/hoi-dap.png",
        include_bytes!("../themes/default/static/og/hoi-dap.png"),
    ),
    (
        "assets/og/doi-thoai.png",
        include_bytes!("../themes/default/static/og/doi-thoai.png"),
    ),
    (
        "assets/og/thong-ke-bao-cao.png",
        include_bytes!("../themes/default/static/og/thong-ke-bao-cao.png"),
    ),
    (
        "assets/og/tu-sach.png",
        include_bytes!("../themes/default/static/og/tu-sach.png"),
    ),
    (
        "assets/og/thi-tim-hieu.png",
        include_bytes!("../themes/default/static/og/thi-tim-hieu.png"),
    ),
    (
        "assets/og/tin-tuc.png",
        include_bytes!("../themes/default/static/og/tin-tuc.png"),
    ),
    (
        "assets/og/gioi-thieu.png",
        include_bytes!("../themes/default/static/og/gioi-thieu.png"),
    ),
];

/// Output path of the default emblem; `config.co_quan.bieu_trung` defaults to it.
pub const EMBLEM_PATH: &str = "assets/bieu-trung.svg";

/// The theme template with this name, if there is one.
pub fn template(name: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A template added to the folder but not to `TEMPLATES` would silently not exist.
    #[test]
    fn every_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
        let on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&dir).unwrap();
                rel.to_string_lossy().replace('\\', "/")
            })
            .collect();
        for name in &on_disk {
            assert!(
                template(name).is_some(),
                "{name} is not listed in theme::TEMPLATES"
            );
        }
        assert_eq!(on_disk.len(), TEMPLATES.len());
    }
}
