use super::*;

fn no_sizes(_: &str) -> Option<(u32, u32)> {
    None
}

fn known_sizes(path: &str) -> Option<(u32, u32)> {
    match path {
        "tep/anh.png" => Some((640, 480)),
        "van-ban/x/so-do.png" => Some((800, 600)),
        "tep/tệp ảnh.png" => Some((10, 20)),
        _ => None,
    }
}

fn ctx<'a>(page_path: &'a str) -> PageContext<'a> {
    PageContext {
        page_path,
        absolute_prefix: None,
        pretty_urls: false,
        site_origin: "stp.example.gov.vn",
        image_size: &no_sizes,
        target_exists: None,
        on_broken: &|_| {},
    }
}

fn run(html: &str, ctx: &PageContext) -> String {
    String::from_utf8(rewrite(html.as_bytes(), ctx).expect("rewrite succeeds")).expect("UTF-8")
}

#[test]
fn root_relative_links_follow_page_depth() {
    let html = r##"<a href="/van-ban/x/">x</a><link rel="stylesheet" href="/assets/style.abc.css"><script src="/assets/app.js"></script>"##;
    assert_eq!(
        run(html, &ctx("index.html")),
        r##"<a href="van-ban/x/index.html">x</a><link rel="stylesheet" href="assets/style.abc.css"><script src="assets/app.js"></script>"##
    );
    assert_eq!(
        run(html, &ctx("lien-he/index.html")),
        r##"<a href="../van-ban/x/index.html">x</a><link rel="stylesheet" href="../assets/style.abc.css"><script src="../assets/app.js"></script>"##
    );
    assert_eq!(
        run(
            r##"<a href="/">Trang chủ</a>"##,
            &ctx("linh-vuc/dat-dai/trang/2/index.html")
        ),
        r##"<a href="../../../../index.html">Trang chủ</a>"##
    );
}

#[test]
fn pretty_urls_keep_directories() {
    let mut c = ctx("van-ban/x/index.html");
    c.pretty_urls = true;
    assert_eq!(
        run(
            r##"<a href="/van-ban/y/">y</a><a href="/">home</a><a href="../z/">z</a>"##,
            &c
        ),
        r##"<a href="../../van-ban/y/">y</a><a href="../../">home</a><a href="../z/">z</a>"##
    );
}

#[test]
fn queries_and_fragments_are_kept() {
    let c = ctx("van-ban/x/index.html");
    assert_eq!(
        run(
            r##"<a href="/tim-kiem/?q=đất#kq">a</a><a href="#dieu-5">b</a><a href="?trang=2">c</a><a href="../y/#k">d</a>"##,
            &c
        ),
        r##"<a href="../../tim-kiem/index.html?q=đất#kq">a</a><a href="#dieu-5">b</a><a href="?trang=2">c</a><a href="../y/index.html#k">d</a>"##
    );
    assert_eq!(
        run(
            r##"<form action="/tim-kiem/" method="get"><input name="q"></form>"##,
            &c
        ),
        r##"<form action="../../tim-kiem/index.html" method="get"><input name="q"></form>"##
    );
}

#[test]
fn scheme_and_protocol_relative_urls_are_untouched() {
    let c = ctx("van-ban/x/index.html");
    let html = r##"<a href="mailto:stp@example.gov.vn">m</a><a href="tel:+842412345">t</a><img src="data:image/png;base64,AAAA" width="1" height="1" loading="lazy" decoding="async"><script src="//cdn.example/x.js"></script><a href="javascript:void(0)">j</a>"##;
    assert_eq!(run(html, &c), html);
}

#[test]
fn not_found_page_uses_the_absolute_prefix() {
    let mut c = ctx("404.html");
    c.absolute_prefix = Some("/pbgdpl/");
    assert_eq!(
        run(
            r##"<a href="/van-ban/">v</a><link href="/assets/s.css" rel="stylesheet"><img src="anh.png" loading="eager" decoding="sync"><a href="/">h</a>"##,
            &c
        ),
        r##"<a href="/pbgdpl/van-ban/index.html">v</a><link href="/pbgdpl/assets/s.css" rel="stylesheet"><img src="/pbgdpl/anh.png" loading="eager" decoding="sync"><a href="/pbgdpl/index.html">h</a>"##
    );
    c.absolute_prefix = Some("/");
    assert_eq!(
        run(r##"<a href="/van-ban/x/">v</a>"##, &c),
        r##"<a href="/van-ban/x/index.html">v</a>"##
    );
}

#[test]
fn canonical_and_meta_stay_absolute() {
    let c = ctx("van-ban/x/index.html");
    let html = r##"<link rel="canonical" href="/van-ban/x/"><meta property="og:url" content="/van-ban/x/"><meta property="og:image" content="https://stp.example.gov.vn/tep/a.png">"##;
    assert_eq!(run(html, &c), html);
}

#[test]
fn external_links_are_marked_and_rel_merged() {
    let c = ctx("index.html");
    assert_eq!(
        run(r##"<a href="https://vbpl.vn/x">VBPL</a>"##, &c),
        r##"<a href="https://vbpl.vn/x" rel="noopener noreferrer external" class="ngoai">VBPL<span class="sr-only"> (liên kết ngoài)</span></a>"##
    );
    assert_eq!(
        run(
            r##"<a class="nut" rel="nofollow noopener" href="http://Example.com">E</a>"##,
            &c
        ),
        r##"<a class="nut ngoai" rel="nofollow noopener noreferrer external" href="http://Example.com">E<span class="sr-only"> (liên kết ngoài)</span></a>"##
    );
    // Links to the site's own host are internal; a second pass adds nothing.
    let own = r##"<a href="https://STP.example.gov.vn/van-ban/">own</a>"##;
    assert_eq!(run(own, &c), own);
    let once = run(r##"<a href="https://vbpl.vn">x</a>"##, &c);
    assert_eq!(run(&once, &c), once);
}

#[test]
fn images_get_lazy_loading_and_known_sizes() {
    let mut c = ctx("van-ban/x/index.html");
    c.image_size = &known_sizes;
    assert_eq!(
        run(r##"<img src="/tep/anh.png" alt="Ảnh">"##, &c),
        r##"<img src="../../tep/anh.png" alt="Ảnh" loading="lazy" decoding="async" width="640" height="480">"##
    );
    assert_eq!(
        run(r##"<img src="so-do.png" alt="">"##, &c),
        r##"<img src="so-do.png" alt="" loading="lazy" decoding="async" width="800" height="600">"##
    );
    assert_eq!(
        run(
            r##"<img src="/tep/t%E1%BB%87p%20%E1%BA%A3nh.png" alt="">"##,
            &c
        ),
        r##"<img src="../../tep/t%E1%BB%87p%20%E1%BA%A3nh.png" alt="" loading="lazy" decoding="async" width="10" height="20">"##
    );
    // One dimension given: the other is not guessed; unknown files get none.
    assert_eq!(
        run(r##"<img src="/tep/anh.png" width="320">"##, &c),
        r##"<img src="../../tep/anh.png" width="320" loading="lazy" decoding="async">"##
    );
    assert_eq!(
        run(r##"<img src="/tep/khac.png">"##, &c),
        r##"<img src="../../tep/khac.png" loading="lazy" decoding="async">"##
    );
}

#[test]
fn srcset_and_media_attributes() {
    let c = ctx("van-ban/x/index.html");
    assert_eq!(
        run(
            r##"<picture><source srcset="/tep/a.webp 1x, /tep/a@2x.webp 2x" type="image/webp"></picture>"##,
            &c
        ),
        r##"<picture><source srcset="../../tep/a.webp 1x, ../../tep/a@2x.webp 2x" type="image/webp"></picture>"##
    );
    assert_eq!(
        run(
            r##"<video poster="/tep/p.jpg" src="/tep/v.mp4"><track src="/tep/v.vtt"></video><object data="/tep/a.pdf"></object>"##,
            &c
        ),
        r##"<video poster="../../tep/p.jpg" src="../../tep/v.mp4"><track src="../../tep/v.vtt"></video><object data="../../tep/a.pdf"></object>"##
    );
}

/// Start/end tags of non-void elements, in order, so a rewrite that dropped, duplicated or
/// implied an end tag shows up as a difference.
fn tag_sequence(html: &str) -> Vec<String> {
    const VOID: [&str; 8] = [
        "img", "link", "meta", "br", "input", "source", "track", "hr",
    ];
    let re = regex::Regex::new(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)").unwrap();
    re.captures_iter(html)
        .filter(|c| !VOID.contains(&&c[2]))
        .map(|c| format!("{}{}", &c[1], &c[2]))
        .collect()
}

#[test]
fn output_stays_well_formed() {
    let page = r##"<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Luật Đất đai</title>
<link rel="stylesheet" href="/assets/style.css"></head>
<body><header><nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/van-ban/">Văn bản</a></li></ul></nav></header>
<main><h1>Luật Đất đai</h1><p>Xem <a href="https://vbpl.vn/luat">văn bản gốc <em>tại đây</em></a> và <a href="/hoi-dap/">hỏi đáp</a>.</p>
<table><thead><tr><th>Số</th></tr></thead><tbody><tr><td><a href="https://x.vn">x</a></td></tr></tbody></table>
<p><img src="/tep/anh.png" alt="ảnh"></p><svg viewBox="0 0 1 1"><style>a{}</style><a href="/x/"><path d="M0"/></a></svg></main>
<footer><p>© Sở Tư pháp</p></footer><script src="/assets/app.js"></script></body></html>"##;
    let out = run(page, &ctx("van-ban/luat-dat-dai/index.html"));
    let expected_span_tags = 2;
    let input_tags = tag_sequence(page);
    let output_tags = tag_sequence(&out);
    assert_eq!(
        output_tags.len(),
        input_tags.len() + 2 * expected_span_tags,
        "{out}"
    );
    let without_spans: Vec<String> = output_tags
        .into_iter()
        .filter(|t| t != "span" && t != "/span")
        .collect();
    assert_eq!(without_spans, input_tags, "{out}");
    assert!(
        out.contains(
            r##"văn bản gốc <em>tại đây</em><span class="sr-only"> (liên kết ngoài)</span></a>"##
        ),
        "{out}"
    );
    assert!(
        out.contains(r##"<a href="../../x/index.html"><path d="M0"/></a>"##),
        "{out}"
    );
    assert!(out.starts_with("<!DOCTYPE html>"));
}

#[test]
fn entities_in_attributes_survive() {
    let c = ctx("van-ban/x/index.html");
    assert_eq!(
        run(
            r##"<a href="/tim-kiem/?q=a&amp;b=1" title="&quot;x&quot;">t</a>"##,
            &c
        ),
        r##"<a href="../../tim-kiem/index.html?q=a&amp;b=1" title="&quot;x&quot;">t</a>"##
    );
}

#[test]
fn links_to_missing_targets_are_reported_and_unwrapped() {
    let exists = |p: &str| p == "van-ban/x/" || p == "tep/a.pdf";
    let broken = std::sync::Mutex::new(Vec::new());
    let on_broken = |u: &str| broken.lock().unwrap().push(u.to_string());
    let mut ctx = ctx("tin-tuc/y/index.html");
    ctx.target_exists = Some(&exists);
    ctx.on_broken = &on_broken;
    let html = r##"<p><a href="/van-ban/x/">ok</a> <a href="1">chú thích</a> <a href="../../tep/a.pdf">tệp</a> <a href="#muc">mục</a></p>"##;
    let out = run(html, &ctx);
    assert!(
        out.contains(r#"<a href="../../van-ban/x/index.html">ok</a>"#),
        "{out}"
    );
    assert!(out.contains(" chú thích "), "{out}");
    assert!(!out.contains(r#"href="1""#), "{out}");
    assert!(out.contains(r#"href="../../tep/a.pdf""#), "{out}");
    assert!(out.contains(r##"href="#muc""##), "{out}");
    assert_eq!(*broken.lock().unwrap(), vec!["1".to_string()]);
}
