//! URL arithmetic for the post-processor, kept free of HTML so it can be tested on its own:
//! classifying a URL (scheme, protocol-relative, root-relative, page-relative, fragment),
//! making root-relative URLs relative to a page, directory → `index.html`, and resolving a
//! page-relative URL to its site-root-relative path (for image sizes and 404.html).

/// What kind of reference a URL attribute holds.
#[derive(Debug, PartialEq, Eq)]
pub enum UrlKind {
    /// `http:`, `mailto:`, `tel:`, `data:`, `javascript:` …: left alone.
    Scheme,
    /// `//host/x`: left alone.
    ProtocolRelative,
    /// `/van-ban/x/`: written by templates and Markdown for internal pages.
    RootRelative,
    /// `anh.png`, `../x/`: relative to the page already.
    PageRelative,
    /// `#dieu-5`, `?q=x` or empty: stays on the page.
    SamePage,
}

pub fn kind(url: &str) -> UrlKind {
    if url.is_empty() || url.starts_with('#') || url.starts_with('?') {
        return UrlKind::SamePage;
    }
    if url.starts_with("//") {
        return UrlKind::ProtocolRelative;
    }
    if url.starts_with('/') {
        return UrlKind::RootRelative;
    }
    if has_scheme(url) {
        return UrlKind::Scheme;
    }
    UrlKind::PageRelative
}

/// RFC 3986: a scheme is a letter then letters, digits, `+ - .`, ended by `:` before any
/// `/ ? #`. "C:" style paths do not occur in generated HTML.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits "a/b/?q=1#x" into ("a/b/", "?q=1#x").
pub fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['?', '#']) {
        Some(i) => url.split_at(i),
        None => (url, ""),
    }
}

/// Host of an `http(s)://` URL, lower-cased, without user info and port; None for other URLs.
pub fn http_host(url: &str) -> Option<String> {
    let lower_prefix = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower_prefix.starts_with("https://") {
        &url[8..]
    } else if lower_prefix.starts_with("http://") {
        &url[7..]
    } else {
        return None;
    };
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = match host_port.rfind(':') {
        Some(i) if !host_port.ends_with(']') => &host_port[..i],
        _ => host_port,
    };
    Some(host.to_ascii_lowercase())
}

/// "../" repeated once per folder of `page_path` ("van-ban/x/index.html" → "../../").
pub fn up_prefix(page_path: &str) -> String {
    "../".repeat(page_path.matches('/').count())
}

/// Appends `index.html` to a directory path (one ending in `/`, or empty meaning the page's
/// own folder) so links work when the site is opened from disk.
fn with_index(path: &str, pretty: bool) -> String {
    if pretty || !(path.is_empty() || path.ends_with('/')) {
        return path.to_string();
    }
    format!("{path}index.html")
}

/// The folder part of a page path: "van-ban/x/index.html" → "van-ban/x/".
pub fn page_dir(page_path: &str) -> &str {
    page_path.rfind('/').map_or("", |i| &page_path[..=i])
}

/// Resolves a page-relative path against the page's folder to a site-root-relative path
/// without leading slash, resolving `.` and `..` ("van-ban/x/" + "../y/a.png" → "van-ban/y/a.png").
/// `..` above the root stays at the root, as browsers do.
pub fn resolve(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    let ends_in_dir = rel.ends_with('/')
        || rel.ends_with("/.")
        || rel.ends_with("/..")
        || rel == "."
        || rel == "..";
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if ends_in_dir && !out.is_empty() {
        out.push('/');
    }
    out
}

/// How internal URLs are written on one page.
pub struct Relinker<'a> {
    /// "../../" for "van-ban/x/index.html"; unused with an absolute prefix.
    up: String,
    dir: &'a str,
    absolute_prefix: Option<&'a str>,
    pretty: bool,
}

impl<'a> Relinker<'a> {
    pub fn new(page_path: &'a str, absolute_prefix: Option<&'a str>, pretty: bool) -> Self {
        Relinker {
            up: up_prefix(page_path),
            dir: page_dir(page_path),
            absolute_prefix,
            pretty,
        }
    }

    /// The URL as it must appear on this page, or None to leave the attribute untouched.
    pub fn relink(&self, url: &str) -> Option<String> {
        let kind = kind(url);
        if !matches!(kind, UrlKind::RootRelative | UrlKind::PageRelative) {
            return None;
        }
        let (path, suffix) = split_suffix(url);
        let root_relative = match kind {
            UrlKind::RootRelative => path.trim_start_matches('/').to_string(),
            _ if self.absolute_prefix.is_some() => resolve(self.dir, path),
            // Page-relative links only need the directory rule.
            _ => {
                let fixed = with_index(path, self.pretty);
                return (fixed != path).then(|| format!("{fixed}{suffix}"));
            }
        };
        let target = with_index(&root_relative, self.pretty);
        let out = match self.absolute_prefix {
            Some(prefix) => format!("{}/{target}{suffix}", prefix.trim_end_matches('/')),
            None if target.is_empty() && self.up.is_empty() => format!("./{suffix}"),
            None => format!("{}{target}{suffix}", self.up),
        };
        Some(out)
    }

    /// A `srcset` with each candidate URL relinked and descriptors kept.
    pub fn relink_srcset(&self, srcset: &str) -> Option<String> {
        // data: URLs contain commas, which would break the candidate split.
        if srcset.contains("data:") {
            return None;
        }
        let mut changed = false;
        let candidates: Vec<String> = srcset
            .split(',')
            .map(|candidate| {
                let trimmed = candidate.trim();
                let (url, descriptor) = trimmed
                    .split_once(char::is_whitespace)
                    .unwrap_or((trimmed, ""));
                match self.relink(url) {
                    Some(new) => {
                        changed = true;
                        if descriptor.is_empty() {
                            new
                        } else {
                            format!("{new} {}", descriptor.trim())
                        }
                    }
                    None => trimmed.to_string(),
                }
            })
            .collect();
        changed.then(|| candidates.join(", "))
    }

    /// The site-root-relative path (no slash, no query, percent-decoded) an image URL points
    /// to, for looking up its size; None for external images.
    pub fn site_path(&self, url: &str) -> Option<String> {
        let (path, _) = split_suffix(url);
        let resolved = match kind(url) {
            UrlKind::RootRelative => resolve("", path),
            UrlKind::PageRelative => resolve(self.dir, path),
            _ => return None,
        };
        Some(percent_decode(&resolved))
    }
}

/// Decodes `%XX` escapes (file names with Vietnamese letters are often written encoded);
/// invalid sequences are kept as written.
pub fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_urls() {
        assert_eq!(kind("https://vbpl.vn"), UrlKind::Scheme);
        assert_eq!(kind("mailto:a@b.vn"), UrlKind::Scheme);
        assert_eq!(kind("tel:0241234567"), UrlKind::Scheme);
        assert_eq!(kind("data:image/png;base64,xx"), UrlKind::Scheme);
        assert_eq!(kind("//cdn.example/x.js"), UrlKind::ProtocolRelative);
        assert_eq!(kind("/van-ban/"), UrlKind::RootRelative);
        assert_eq!(kind("anh.png"), UrlKind::PageRelative);
        assert_eq!(kind("../x/"), UrlKind::PageRelative);
        assert_eq!(kind("a/b:c"), UrlKind::PageRelative);
        assert_eq!(kind("#dieu-5"), UrlKind::SamePage);
        assert_eq!(kind(""), UrlKind::SamePage);
    }

    #[test]
    fn hosts() {
        assert_eq!(
            http_host("https://STP.Example.gov.vn:8443/x?y").as_deref(),
            Some("stp.example.gov.vn")
        );
        assert_eq!(
            http_host("http://user@vbpl.vn#x").as_deref(),
            Some("vbpl.vn")
        );
        assert_eq!(http_host("ftp://vbpl.vn"), None);
        assert_eq!(http_host("/x"), None);
    }

    #[test]
    fn resolves_dot_segments() {
        assert_eq!(resolve("van-ban/x/", "anh.png"), "van-ban/x/anh.png");
        assert_eq!(resolve("van-ban/x/", "../y/a.png"), "van-ban/y/a.png");
        assert_eq!(resolve("van-ban/x/", "./"), "van-ban/x/");
        assert_eq!(resolve("", "../../a"), "a");
        assert_eq!(resolve("a/", ".."), "");
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("t%E1%BB%87p/a%20b.png"), "tệp/a b.png");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn relinks_by_depth() {
        let root = Relinker::new("index.html", None, false);
        assert_eq!(
            root.relink("/van-ban/x/").as_deref(),
            Some("van-ban/x/index.html")
        );
        assert_eq!(root.relink("/").as_deref(), Some("index.html"));
        let deep = Relinker::new("van-ban/trang/2/index.html", None, false);
        assert_eq!(
            deep.relink("/assets/style.css").as_deref(),
            Some("../../../assets/style.css")
        );
        assert_eq!(deep.relink("/").as_deref(), Some("../../../index.html"));
        let pretty = Relinker::new("van-ban/x/index.html", None, true);
        assert_eq!(
            pretty.relink("/van-ban/y/").as_deref(),
            Some("../../van-ban/y/")
        );
        assert_eq!(
            Relinker::new("index.html", None, true)
                .relink("/")
                .as_deref(),
            Some("./")
        );
    }
}
