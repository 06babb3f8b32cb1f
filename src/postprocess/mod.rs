//! Post-process (lol_html, one streaming pass per page): every internal URL made relative to
//! the page, so one output works under any sub-path and opened from disk (`dir/` links get
//! `index.html` unless pretty URLs are on); external links marked for readers and screen
//! readers and given `rel="noopener noreferrer external"`; images given lazy loading and
//! width/height (no layout jumps on slow phones).
//!
//! Only URL attributes are touched: `href`, `src`, `srcset`, `poster`, `action`, and `data` on
//! `<object>`. `<meta content>` is never read, and `<link rel="canonical">` is skipped
//! explicitly: both must stay absolute for search engines and link previews. URLs with a
//! scheme (`https:`, `mailto:`, `tel:`, `data:` …) and `//host` URLs are left as written.

mod images;
mod urls;

pub use images::image_size_of;
pub use urls::up_prefix;

use lol_html::html_content::{ContentType, Element};
use lol_html::{
    AsciiCompatibleEncoding, ElementContentHandlers, HandlerResult, HtmlRewriter,
    RewriteStrSettings, Selector, Settings,
};
use std::borrow::Cow;
use std::sync::LazyLock;
use urls::Relinker;

pub struct PageContext<'a> {
    /// Output path of this page relative to the output root, e.g. "van-ban/x/index.html", "404.html".
    pub page_path: &'a str,
    /// When Some("/pbgdpl/"), internal URLs become absolute paths under that prefix instead of
    /// relative ones (used for 404.html, which is served at any depth).
    pub absolute_prefix: Option<&'a str>,
    /// Keep `dir/` links instead of `dir/index.html` (site.yaml duong_dan_dep).
    pub pretty_urls: bool,
    /// Host of base_url (e.g. "stp.example.gov.vn"): absolute links to it count as internal.
    pub site_origin: &'a str,
    /// Width/height of an image by its site-root-relative URL ("tep/anh.png"), if known.
    pub image_size: &'a (dyn Fn(&str) -> Option<(u32, u32)> + Sync),
    /// Whether a site-root-relative path ("van-ban/x/", "tep/a.pdf") exists in the output.
    /// When given, a link to a missing target is reported through `on_broken` and, for `<a>`,
    /// unwrapped to its text: a citizen never meets a dead link, the editor gets a warning.
    pub target_exists: Option<&'a (dyn Fn(&str) -> bool + Sync)>,
    pub on_broken: &'a (dyn Fn(&str) + Sync),
}

/// Appended inside every external link: screen readers announce that it leaves the site.
const EXTERNAL_NOTE: &str = "<span class=\"sr-only\"> (liên kết ngoài)</span>";
const EXTERNAL_CLASS: &str = "ngoai";
const EXTERNAL_REL: [&str; 3] = ["noopener", "noreferrer", "external"];
const URL_ATTRIBUTES: [&str; 5] = ["href", "src", "srcset", "poster", "action"];

/// Parsed once: selector parsing per page would cost more than the rewriting.
static URL_ELEMENTS: LazyLock<Selector> = LazyLock::new(|| {
    "[href], [src], [srcset], [poster], [action], object[data], img"
        .parse()
        .expect("valid selector")
});

static HEADER_CELLS: LazyLock<Selector> =
    LazyLock::new(|| "thead th".parse().expect("valid selector"));

/// Rewrites one page's HTML (see the module doc). Errors are lol_html's, as text.
///
/// Bytes in and out: the page comes from the templates as UTF-8 and goes to a file, and
/// lol_html passes the input through and inserts only our strings, so checking the output is
/// UTF-8 again (as `lol_html::rewrite_str` does, chunk by chunk) was a pass over every page
/// for nothing.
pub fn rewrite(html: &[u8], ctx: &PageContext) -> Result<Vec<u8>, String> {
    let relinker = Relinker::new(ctx.page_path, ctx.absolute_prefix, ctx.pretty_urls);
    let origin = ctx.site_origin.to_ascii_lowercase();
    let handler = |el: &mut Element| -> HandlerResult {
        let tag = el.tag_name();
        if tag == "link" && is_canonical(el) {
            return Ok(());
        }
        // The image file is identified by its URL as written, before relinking.
        let image_path = (tag == "img")
            .then(|| el.get_attribute("src"))
            .flatten()
            .and_then(|src| relinker.site_path(src.trim()));
        if let Some(exists) = ctx.target_exists {
            if let Some(url) = first_url(el).filter(|u| is_missing(&relinker, u, exists)) {
                (ctx.on_broken)(&url);
                if tag == "a" {
                    el.remove_and_keep_content();
                    return Ok(());
                }
            }
        }
        relink_attributes(el, &tag, &relinker)?;
        if tag == "a" {
            mark_if_external(el, &origin)?;
        } else if tag == "img" {
            improve_image(el, image_path.as_deref(), ctx.image_size)?;
        }
        Ok(())
    };
    // Generated pages carry no ESI; strict mode would refuse some valid-but-ambiguous markup
    // (e.g. inline SVG with <style>) that we only need to pass through.
    let settings = RewriteStrSettings::new()
        .append_element_content_handler((
            Cow::Borrowed(&*URL_ELEMENTS),
            ElementContentHandlers::default().element(handler),
        ))
        // Markdown tables have header cells without scope (A3-06): they head columns.
        .append_element_content_handler((
            Cow::Borrowed(&*HEADER_CELLS),
            ElementContentHandlers::default().element(|el: &mut Element| -> HandlerResult {
                if !el.has_attribute("scope") {
                    el.set_attribute("scope", "col")?;
                }
                Ok(())
            }),
        ))
        .with_strict(false)
        .with_enable_esi_tags(false);
    let settings = Settings::from(settings)
        .with_adjust_charset_on_meta_tag(false)
        .with_encoding(AsciiCompatibleEncoding::utf_8());
    let mut out = Vec::with_capacity(html.len() + html.len() / 8);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| out.extend_from_slice(chunk));
    rewriter.write(html).map_err(|e| e.to_string())?;
    rewriter.end().map_err(|e| e.to_string())?;
    Ok(out)
}

/// The link target of an element that a reader follows or a browser loads.
fn first_url(el: &Element) -> Option<String> {
    ["href", "src", "poster"]
        .iter()
        .find_map(|a| el.get_attribute(a))
        .map(|v| v.trim().to_string())
}

/// An internal URL (not just `#fragment`) whose target is not in the output.
fn is_missing(relinker: &Relinker, url: &str, exists: &(dyn Fn(&str) -> bool + Sync)) -> bool {
    if url.is_empty() || url.starts_with('#') || url.starts_with('?') {
        return false;
    }
    match relinker.site_path(url) {
        Some(path) => !exists(&path),
        None => false,
    }
}

fn is_canonical(el: &Element) -> bool {
    el.get_attribute("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("canonical"))
    })
}

fn relink_attributes(el: &mut Element, tag: &str, relinker: &Relinker) -> HandlerResult {
    for name in URL_ATTRIBUTES {
        let Some(value) = el.get_attribute(name) else {
            continue;
        };
        let new = if name == "srcset" {
            relinker.relink_srcset(&value)
        } else {
            relinker.relink(value.trim())
        };
        if let Some(new) = new {
            el.set_attribute(name, &new)?;
        }
    }
    if tag == "object" {
        if let Some(new) = el
            .get_attribute("data")
            .and_then(|v| relinker.relink(v.trim()))
        {
            el.set_attribute("data", &new)?;
        }
    }
    Ok(())
}

fn mark_if_external(el: &mut Element, origin: &str) -> HandlerResult {
    let Some(host) = el
        .get_attribute("href")
        .and_then(|h| urls::http_host(h.trim()))
    else {
        return Ok(());
    };
    if host == origin {
        return Ok(());
    }
    let rel = merge_tokens(el.get_attribute("rel").as_deref(), &EXTERNAL_REL);
    el.set_attribute("rel", &rel)?;
    let class = el.get_attribute("class");
    let already_marked = class
        .as_deref()
        .is_some_and(|c| c.split_ascii_whitespace().any(|t| t == EXTERNAL_CLASS));
    if !already_marked {
        el.set_attribute("class", &merge_tokens(class.as_deref(), &[EXTERNAL_CLASS]))?;
        // An <a> always has an end tag in our output; append is a no-op otherwise.
        el.append(EXTERNAL_NOTE, ContentType::Html);
    }
    Ok(())
}

/// Space-separated token list `existing` plus `add`, without duplicates, order kept.
fn merge_tokens(existing: Option<&str>, add: &[&str]) -> String {
    let mut tokens: Vec<&str> = existing.unwrap_or("").split_ascii_whitespace().collect();
    for t in add {
        if !tokens.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            tokens.push(t);
        }
    }
    tokens.join(" ")
}

fn improve_image(
    el: &mut Element,
    site_path: Option<&str>,
    image_size: &(dyn Fn(&str) -> Option<(u32, u32)> + Sync),
) -> HandlerResult {
    if !el.has_attribute("loading") {
        el.set_attribute("loading", "lazy")?;
    }
    if !el.has_attribute("decoding") {
        el.set_attribute("decoding", "async")?;
    }
    // With only one of the two given, adding the other from the file would distort the image.
    if el.has_attribute("width") || el.has_attribute("height") {
        return Ok(());
    }
    if let Some((w, h)) = site_path.and_then(image_size) {
        el.set_attribute("width", &w.to_string())?;
        el.set_attribute("height", &h.to_string())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests;

/// Host of an absolute http(s) URL, lower-cased: what counts as "this site" for links.
pub fn host_of(url: &str) -> Option<String> {
    urls::http_host(url)
}

/// Path part of `base_url` ("https://x.gov.vn/pbgdpl/" → "/pbgdpl/"), always ending in `/`:
/// the prefix of the absolute links in `404.html`.
pub fn path_of(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let path = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}
