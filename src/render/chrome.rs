//! The page chrome (header, main navigation, footer) rendered once per build instead of once
//! per page: it depends only on the site, and it is most of a page's template work. The
//! navigation differs only by which entry is current, so each of its few states is rendered
//! ahead and a page picks its own by `nav_key`. The partials stay ordinary, overridable
//! templates (`partials/header.html`, `partials/nav.html`, `partials/footer.html`).
//!
//! Pages carry a marker comment where a chrome part goes (`marker`) and get the part spliced
//! in at the end (`splice`): the pipeline splices in a copy post-processed once per folder
//! depth, so the post-processor never re-reads the same header, menu and footer on every
//! page. Chrome URLs must therefore be root-relative or absolute, as the theme's are (a
//! page-relative URL in a part shared by every page could not be right on all of them anyway).

use super::templates;
use crate::diagnostics::Diagnostics;
use crate::model::Site;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tera::{Context, Tera};

pub struct Chrome {
    pub header: String,
    pub footer: String,
    /// `nav_key` → the rendered navigation.
    pub navs: HashMap<String, String>,
}

/// The start of a chrome marker; the part's number and `-->` follow.
const MARKER_START: &str = "<!--pbgdpl:khung:";

/// The comment that stands for chrome part `n` in a rendered page until `splice`. A comment,
/// so the post-processor passes it through untouched.
pub fn marker(n: usize) -> String {
    format!("{MARKER_START}{n}-->")
}

/// `html` with every chrome marker replaced by `part(n)`; markers of unknown parts (`None`)
/// are dropped. Bytes, as the pages go from the templates through the post-processor to
/// their files; the markers and the cuts around them are ASCII, so UTF-8 stays UTF-8.
pub fn splice<S: AsRef<str>, E>(
    html: &[u8],
    mut part: impl FnMut(usize) -> Result<Option<S>, E>,
) -> Result<Vec<u8>, E> {
    let marker_start = MARKER_START.as_bytes();
    let mut out = Vec::with_capacity(html.len() + 8 * 1024);
    let mut rest = html;
    while let Some(at) = find(rest, marker_start) {
        let after = &rest[at + marker_start.len()..];
        let digits = after.iter().take_while(|b| b.is_ascii_digit()).count();
        let number = std::str::from_utf8(&after[..digits])
            .ok()
            .and_then(|d| d.parse::<usize>().ok());
        match number.filter(|_| after[digits..].starts_with(b"-->")) {
            Some(n) => {
                out.extend_from_slice(&rest[..at]);
                if let Some(html) = part(n)? {
                    out.extend_from_slice(html.as_ref().as_bytes());
                }
                rest = &after[digits + 3..];
            }
            None => {
                out.extend_from_slice(&rest[..at + marker_start.len()]);
                rest = after;
            }
        }
    }
    out.extend_from_slice(rest);
    Ok(out)
}

/// Where `needle` (which starts with `<`) first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = haystack[from..].iter().position(|&b| b == needle[0]) {
        let at = from + i;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// The navigation state of a page: home, site map and search mark their own entry; a page in
/// a section marks the section (`page:` on its list page, `in:` below it); others mark nothing.
pub fn nav_key(kind: &str, nav: &str, url: &str) -> String {
    match kind {
        "trang-chu" | "so-do-trang" | "tim-kiem" => kind.to_string(),
        _ if nav.is_empty() => String::new(),
        _ if url == nav => format!("page:{nav}"),
        _ => format!("in:{nav}"),
    }
}

#[derive(Serialize)]
struct NavPage<'a> {
    kind: &'a str,
    url: &'a str,
    nav: &'a str,
}

fn render_part(
    tera: &Tera,
    name: &str,
    ctx: &Context,
    from_site: &HashSet<String>,
    diags: &Diagnostics,
) -> Option<String> {
    match tera.render(name, ctx) {
        Ok(html) => Some(html.trim().to_string()),
        Err(e) => {
            diags.push(templates::render_error(name, &e, from_site, name));
            None
        }
    }
}

pub fn render(
    tera: &Tera,
    shared: &Context,
    site: &Site,
    from_site: &HashSet<String>,
    diags: &Diagnostics,
) -> Option<Chrome> {
    let header = render_part(tera, "partials/header.html", shared, from_site, diags);
    let footer = render_part(tera, "partials/footer.html", shared, from_site, diags);
    let mut states: Vec<(String, String, String)> = ["trang-chu", "so-do-trang", "tim-kiem", ""]
        .iter()
        .map(|k| (k.to_string(), String::new(), String::new()))
        .collect();
    for s in site.sections.iter().filter(|s| s.path.is_empty()) {
        states.push(("chuyen-muc".into(), s.url.clone(), s.url.clone()));
        states.push(("muc".into(), s.url.clone(), String::new()));
    }
    let mut navs = HashMap::new();
    let mut ok = true;
    for (kind, nav, url) in &states {
        let mut ctx = shared.clone();
        ctx.insert("page", &NavPage { kind, url, nav });
        match render_part(tera, "partials/nav.html", &ctx, from_site, diags) {
            Some(html) => {
                navs.insert(nav_key(kind, nav, url), html);
            }
            None => {
                ok = false;
                break;
            }
        }
    }
    Some(Chrome {
        header: header?,
        footer: footer?,
        navs,
    })
    .filter(|_| ok)
}

#[cfg(test)]
mod tests {
    use super::{marker, nav_key, splice};

    #[test]
    fn splice_replaces_markers_and_keeps_other_comments() {
        let parts = ["<header>H</header>", "<footer>F</footer>"];
        let html = format!(
            "<body>{}<!-- x --><main>{}</main>{}<!--pbgdpl:khung:oops-->{}</body>",
            marker(0),
            marker(7),
            marker(1),
            marker(0)
        );
        let out = splice::<_, ()>(html.as_bytes(), |n| Ok(parts.get(n).copied())).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "<body><header>H</header><!-- x --><main></main><footer>F</footer>\
             <!--pbgdpl:khung:oops--><header>H</header></body>"
        );
    }

    #[test]
    fn nav_states() {
        assert_eq!(nav_key("trang-chu", "", ""), "trang-chu");
        assert_eq!(
            nav_key("chuyen-muc", "van-ban/", "van-ban/"),
            "page:van-ban/"
        );
        assert_eq!(
            nav_key("chuyen-muc", "van-ban/", "van-ban/trang/2/"),
            "in:van-ban/"
        );
        assert_eq!(nav_key("muc", "van-ban/", "van-ban/x/"), "in:van-ban/");
        assert_eq!(nav_key("lien-he", "", "lien-he/"), "");
    }
}
