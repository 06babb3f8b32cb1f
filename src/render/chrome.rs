//! The page chrome (header, main navigation, footer) rendered once per build instead of once
//! per page: it depends only on the site, and it is most of a page's template work. The
//! navigation differs only by which entry is current, so each of its few states is rendered
//! ahead and a page picks its own by `nav_key`. The partials stay ordinary, overridable
//! templates (`partials/header.html`, `partials/nav.html`, `partials/footer.html`).

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
    use super::nav_key;

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
