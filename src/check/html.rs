//! One streaming pass (lol_html) over a built page that records the facts the output rules
//! judge: language, headings, landmarks, tables, images, media, metadata, scripts, every URL
//! and the visible text. The rules live in `output.rs`; this file only observes, so a new rule
//! usually needs one more field here and nothing else.

use lol_html::html_content::{Element, TextChunk};
use lol_html::{element, text, HandlerResult, RewriteStrSettings};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// A URL attribute of an element.
#[derive(Debug, Clone)]
pub struct UrlRef {
    pub tag: String,
    pub attr: &'static str,
    pub value: String,
    /// The browser fetches it while loading the page (img, script, stylesheet, iframe, media…),
    /// as opposed to a link the reader may follow.
    pub loads: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Anchor {
    pub href: String,
    pub rel: String,
    pub text: String,
    pub labelled: bool,
}

#[derive(Debug, Default)]
pub struct PageFacts {
    pub lang: Option<String>,
    pub headings: Vec<u8>,
    pub mains: usize,
    pub navs: usize,
    pub navs_unlabelled: usize,
    /// The first `<a href>` of the page: the skip link must be it.
    pub first_link: Option<Anchor>,
    pub ids: HashSet<String>,
    /// Ids given to more than one element (invalid HTML; breaks in-page links).
    pub duplicate_ids: Vec<String>,
    pub tables: usize,
    /// Tables inside the Markdown body (`.noi-dung`): the editor's, not the theme's.
    pub content_tables: usize,
    /// `<meta name="robots" content="noindex">`: an embed or utility page, not a site page.
    pub noindex: bool,
    pub captions: usize,
    pub th_without_scope: usize,
    pub imgs: usize,
    pub imgs_without_alt: Vec<String>,
    pub header_text: String,
    pub header_imgs_with_alt: usize,
    pub footer_text: String,
    pub videos: usize,
    pub video_captions: usize,
    pub autoplay: usize,
    pub forbidden_tags: Vec<String>,
    pub dc: HashMap<String, String>,
    pub rss_links: usize,
    pub csp: Option<String>,
    pub viewport: Option<String>,
    pub inline_scripts: usize,
    pub event_attrs: Vec<String>,
    pub style_attrs: usize,
    pub urls: Vec<UrlRef>,
    pub anchors: Vec<Anchor>,
    pub times: Vec<String>,
    pub accesskeys: Vec<String>,
    pub feedback: bool,
    pub print_button: bool,
    /// Visible text of `<body>`, text nodes separated by a space.
    pub text: String,
    /// Text of the `<time>` elements (the dates the templates format).
    pub time_text: String,
}

/// Elements whose URL the browser fetches on load (`<link>` depends on `rel`).
const LOADING_TAGS: &[&str] = &[
    "img", "script", "iframe", "frame", "video", "audio", "source", "track", "embed", "object",
    "input",
];

fn link_loads(rel: &str) -> bool {
    rel.split_ascii_whitespace().any(|t| {
        matches!(
            t.to_ascii_lowercase().as_str(),
            "stylesheet"
                | "icon"
                | "preload"
                | "modulepreload"
                | "prefetch"
                | "manifest"
                | "apple-touch-icon"
        )
    })
}

/// Reads one page; `Err` is lol_html's parse error as text.
pub fn scan(html: &str) -> Result<PageFacts, String> {
    let f = RefCell::new(PageFacts::default());
    let push_text = |buf: &mut String, t: &TextChunk| {
        buf.push_str(t.as_str());
        if t.last_in_text_node() {
            buf.push(' ');
        }
    };
    let handlers = vec![
        element!("html", |el| {
            f.borrow_mut().lang = el.get_attribute("lang");
            Ok(())
        }),
        element!("h1, h2, h3, h4, h5, h6", |el| {
            let level = el.tag_name().as_bytes()[1] - b'0';
            f.borrow_mut().headings.push(level);
            Ok(())
        }),
        element!("main", |_| {
            f.borrow_mut().mains += 1;
            Ok(())
        }),
        element!("nav", |el| {
            let mut f = f.borrow_mut();
            f.navs += 1;
            if !el.has_attribute("aria-label") && !el.has_attribute("aria-labelledby") {
                f.navs_unlabelled += 1;
            }
            Ok(())
        }),
        element!("[id]", |el| {
            if let Some(id) = el.get_attribute("id") {
                let mut f = f.borrow_mut();
                if !f.ids.insert(id.clone()) {
                    f.duplicate_ids.push(id);
                }
            }
            Ok(())
        }),
        element!("[name]", |el| {
            // `<a name>` is an anchor target too.
            if el.tag_name() == "a" {
                if let Some(n) = el.get_attribute("name") {
                    f.borrow_mut().ids.insert(n);
                }
            }
            Ok(())
        }),
        element!("table", |_| {
            f.borrow_mut().tables += 1;
            Ok(())
        }),
        element!(".noi-dung table", |_| {
            f.borrow_mut().content_tables += 1;
            Ok(())
        }),
        element!("table > caption", |_| {
            f.borrow_mut().captions += 1;
            Ok(())
        }),
        element!("th", |el| {
            if !el.has_attribute("scope") && !el.has_attribute("id") {
                f.borrow_mut().th_without_scope += 1;
            }
            Ok(())
        }),
        element!("img", |el| {
            let mut f = f.borrow_mut();
            f.imgs += 1;
            if !el.has_attribute("alt") {
                f.imgs_without_alt
                    .push(el.get_attribute("src").unwrap_or_default());
            }
            Ok(())
        }),
        element!("body > header img[alt]", |el| {
            if el
                .get_attribute("alt")
                .is_some_and(|a| !a.trim().is_empty())
            {
                f.borrow_mut().header_imgs_with_alt += 1;
            }
            Ok(())
        }),
        text!("body > header", |t| {
            push_text(&mut f.borrow_mut().header_text, t);
            Ok(())
        }),
        text!("body > footer", |t| {
            push_text(&mut f.borrow_mut().footer_text, t);
            Ok(())
        }),
        element!("video", |_| {
            f.borrow_mut().videos += 1;
            Ok(())
        }),
        element!("video > track", |el| {
            let kind = el.get_attribute("kind").unwrap_or_default();
            if kind == "captions" || kind == "subtitles" {
                f.borrow_mut().video_captions += 1;
            }
            Ok(())
        }),
        element!("video[autoplay], audio[autoplay]", |_| {
            f.borrow_mut().autoplay += 1;
            Ok(())
        }),
        element!("marquee, blink, font", |el| {
            f.borrow_mut().forbidden_tags.push(el.tag_name());
            Ok(())
        }),
        element!("meta", |el| on_meta(&mut f.borrow_mut(), el)),
        element!("link[rel~=alternate][type='application/rss+xml']", |_| {
            f.borrow_mut().rss_links += 1;
            Ok(())
        }),
        element!("script", |el| {
            let data_only = el.get_attribute("type").is_some_and(|t| t.contains("json"));
            if !el.has_attribute("src") && !data_only {
                f.borrow_mut().inline_scripts += 1;
            }
            Ok(())
        }),
        element!("*", |el| on_any(&mut f.borrow_mut(), el)),
        element!(
            "[href], [src], [poster], [srcset], [action], object[data]",
            |el| {
                on_urls(&mut f.borrow_mut(), el);
                Ok(())
            }
        ),
        element!("a[href]", |el| {
            let a = Anchor {
                href: el.get_attribute("href").unwrap_or_default(),
                rel: el.get_attribute("rel").unwrap_or_default(),
                text: String::new(),
                labelled: el.has_attribute("aria-label") || el.has_attribute("title"),
            };
            let mut f = f.borrow_mut();
            if f.first_link.is_none() {
                f.first_link = Some(a.clone());
            }
            f.anchors.push(a);
            Ok(())
        }),
        text!("a[href]", |t| {
            if let Some(a) = f.borrow_mut().anchors.last_mut() {
                a.text.push_str(t.as_str());
            }
            Ok(())
        }),
        element!("time[datetime]", |el| {
            let d = el.get_attribute("datetime").unwrap_or_default();
            f.borrow_mut().times.push(d);
            Ok(())
        }),
        element!("[data-feedback]", |_| {
            f.borrow_mut().feedback = true;
            Ok(())
        }),
        element!("button.nut-in", |_| {
            f.borrow_mut().print_button = true;
            Ok(())
        }),
        text!("time", |t| {
            push_text(&mut f.borrow_mut().time_text, t);
            Ok(())
        }),
        text!("body", |t| {
            push_text(&mut f.borrow_mut().text, t);
            Ok(())
        }),
    ];
    let mut settings = RewriteStrSettings::new()
        .with_strict(false)
        .with_enable_esi_tags(false);
    for h in handlers {
        settings = settings.append_element_content_handler(h);
    }
    lol_html::rewrite_str(html, settings).map_err(|e| e.to_string())?;
    Ok(f.into_inner())
}

fn on_meta(f: &mut PageFacts, el: &mut Element) -> HandlerResult {
    let content = el.get_attribute("content").unwrap_or_default();
    if let Some(name) = el.get_attribute("name") {
        if name.starts_with("DC.") {
            f.dc.insert(name, content);
        } else if name == "viewport" {
            f.viewport = Some(content);
        } else if name == "robots" && content.contains("noindex") {
            f.noindex = true;
        }
    } else if el
        .get_attribute("http-equiv")
        .is_some_and(|h| h.eq_ignore_ascii_case("content-security-policy"))
    {
        f.csp = Some(content);
    }
    Ok(())
}

fn on_any(f: &mut PageFacts, el: &mut Element) -> HandlerResult {
    for attr in el.attributes() {
        let name = attr.name();
        if name.starts_with("on") && name.len() > 2 {
            f.event_attrs.push(format!("<{} {name}>", el.tag_name()));
        } else if name == "style" {
            f.style_attrs += 1;
        } else if name == "accesskey" {
            f.accesskeys.push(attr.value());
        }
    }
    Ok(())
}

fn on_urls(f: &mut PageFacts, el: &Element) {
    let tag = el.tag_name();
    let loads = match tag.as_str() {
        "link" => link_loads(&el.get_attribute("rel").unwrap_or_default()),
        t => LOADING_TAGS.contains(&t),
    };
    for attr in ["href", "src", "poster", "srcset", "action", "data"] {
        if attr == "data" && tag != "object" {
            continue;
        }
        let Some(value) = el.get_attribute(attr) else {
            continue;
        };
        let values: Vec<String> = if attr == "srcset" {
            value
                .split(',')
                .filter_map(|c| c.split_whitespace().next())
                .map(str::to_string)
                .collect()
        } else {
            vec![value.trim().to_string()]
        };
        for value in values {
            f.urls.push(UrlRef {
                tag: tag.clone(),
                attr,
                value,
                loads: loads || attr == "poster",
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_headings_tables_links_and_text() {
        let html = r##"<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<meta name="DC.title" content="T"><meta http-equiv="Content-Security-Policy" content="default-src 'self'">
</head><body><a href="#main">Bỏ qua</a><header><img src="a.svg" alt="Sở"> Sở Tư pháp</header>
<main id="main"><h1>A</h1><h3>B</h3><table><caption>C</caption><tr><th>x</th><th scope="col">y</th></tr></table>
<img src="b.png"><video src="v.mp4" autoplay><track kind="captions" src="v.vtt"></video>
<a href="https://x.vn/" rel="noopener">ngoài</a><p style="color:red" onclick="x()">05/3/2020</p>
<script>alert(1)</script><time datetime="2020-03-05">05/03/2020</time></main>
<footer>Bản quyền</footer></body></html>"##;
        let f = scan(html).unwrap();
        assert_eq!(f.lang.as_deref(), Some("vi"));
        assert_eq!(f.headings, vec![1, 3]);
        assert_eq!((f.tables, f.captions, f.th_without_scope), (1, 1, 1));
        assert_eq!(f.imgs_without_alt, vec!["b.png".to_string()]);
        assert_eq!((f.videos, f.video_captions, f.autoplay), (1, 1, 1));
        assert_eq!(f.first_link.unwrap().href, "#main");
        assert!(f.ids.contains("main"));
        assert_eq!(f.header_imgs_with_alt, 1);
        assert!(f.header_text.contains("Sở Tư pháp"));
        assert!(f.footer_text.contains("Bản quyền"));
        assert_eq!((f.inline_scripts, f.style_attrs), (1, 1));
        assert_eq!(f.event_attrs.len(), 1);
        assert_eq!(f.anchors[1].text, "ngoài");
        assert!(f.urls.iter().any(|u| u.value == "v.vtt" && u.loads));
        assert!(f.text.contains("05/3/2020"));
        assert_eq!(f.times, vec!["2020-03-05".to_string()]);
        assert!(f.csp.is_some() && f.dc.contains_key("DC.title"));
    }
}
