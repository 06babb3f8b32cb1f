//! The machine-readable index of a hand-built site: RSS 2.0 and Atom 1.0 feeds (site, section,
//! sub-folder, empty section), the sitemap (single file and split into an index) and robots.txt,
//! each parsed back with roxmltree and checked against the specs and A2-01, A2-02, A2-05, A7-03.

use pbgdpl::config::{Agency, SiteConfig};
use pbgdpl::index::{write_feeds, write_robots, write_sitemap, SitemapEntry};
use pbgdpl::model::{
    section_def, DataFiles, HoiDap, Item, ItemData, NumberForm, Section, SectionIntro, Site, VanBan,
};
use pbgdpl::vi::Date;
use pbgdpl::write::Output;
use regex::Regex;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const BASE: &str = "https://stp.example.gov.vn/pbgdpl/";
const ATOM: &str = "http://www.w3.org/2005/Atom";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const SITE_NAME: &str = "Trang thông tin phổ biến, giáo dục pháp luật";

/// Collects written files in memory.
#[derive(Default)]
struct Collect(Mutex<HashMap<String, Vec<u8>>>);

impl Output for Collect {
    fn write_file(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let previous = self
            .0
            .lock()
            .unwrap()
            .insert(rel.to_string(), bytes.to_vec());
        assert!(previous.is_none(), "{rel} written twice");
        Ok(())
    }
    fn copy_file(&self, _rel: &str, _src: &Path) -> std::io::Result<()> {
        unreachable!("the index copies no files")
    }
}

impl Collect {
    fn text(&self, rel: &str) -> String {
        let files = self.0.lock().unwrap();
        let bytes = files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} not written; have {:?}", files.keys()));
        String::from_utf8(bytes.clone()).expect("UTF-8")
    }
    fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.0.lock().unwrap().keys().cloned().collect();
        v.sort();
        v
    }
}

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn item(section: &'static str, slug: &str, title: &str, posted: &str, data: ItemData) -> Item {
    Item {
        source: PathBuf::from(format!("content/{section}/{slug}.md")),
        section,
        subsection: Vec::new(),
        slug: slug.into(),
        url: format!("{section}/{slug}/"),
        bundle_dir: None,
        tieu_de: title.into(),
        ngay_dang: d(posted),
        ngay_cap_nhat: None,
        tom_tat: None,
        linh_vuc: Vec::new(),
        doi_tuong: Vec::new(),
        nguon: None,
        tac_gia: None,
        anh: None,
        anh_mo_ta: None,
        ban_nhap: false,
        dong_bo: None,
        data,
        body: String::new(),
        body_line: 1,
        truong: Default::default(),
    }
}

fn van_ban(so_ky_hieu: &str, trich_yeu: &str) -> ItemData {
    ItemData::VanBan(VanBan {
        so_ky_hieu: so_ky_hieu.into(),
        dang_so: NumberForm::Vbqppl,
        la_vbqppl: true,
        loai_van_ban: "Nghị định".into(),
        co_quan_ban_hanh: "Chính phủ".into(),
        ngay_ban_hanh: d("2022-06-10"),
        ngay_co_hieu_luc: None,
        ngay_het_hieu_luc: None,
        tinh_trang_hieu_luc: "Còn hiệu lực".into(),
        canh_bao_hieu_luc: false,
        nguoi_ky: "Phạm Minh Chính".into(),
        chuc_danh_nguoi_ky: None,
        trich_yeu: trich_yeu.into(),
        tep_van_ban: Vec::new(),
        lien_ket: Vec::new(),
        quan_he: Vec::new(),
    })
}

fn hoi_dap(question_html: &str) -> ItemData {
    ItemData::HoiDap(HoiDap {
        cau_hoi_html: question_html.into(),
        nguoi_hoi: None,
        ngay_gui: d("2024-03-01"),
        ngay_tra_loi: d("2024-03-05"),
        nguoi_tra_loi: None,
        don_vi_tra_loi: None,
        can_cu_phap_ly: Vec::new(),
    })
}

fn config() -> SiteConfig {
    SiteConfig {
        ten_trang: SITE_NAME.into(),
        mo_ta: Some("Phổ biến pháp luật cho người dân".into()),
        co_quan: Agency {
            ten_day_du: "Sở Tư pháp tỉnh Mẫu".into(),
            ..Default::default()
        },
        base_url: BASE.into(),
        so_muc_moi_trang: 20,
        ..Default::default()
    }
}

fn section(folder: &str, path: &[&str], title: &str, items: Vec<usize>) -> Section {
    let mut url = format!("{folder}/");
    for p in path {
        url.push_str(p);
        url.push('/');
    }
    Section {
        def: section_def(folder).unwrap(),
        title: title.into(),
        url,
        path: path.iter().map(|p| p.to_string()).collect(),
        intro: SectionIntro::default(),
        items,
    }
}

/// Sections `van-ban` (empty), `chi-dao-huong-dan` (a decree and a page; one in the sub-folder
/// `tinh`) and `hoi-dap` (two questions, one of them with XML specials and a control character).
fn site_with(items: Vec<Item>) -> Site {
    let in_section = |folder: &str| -> Vec<usize> {
        let mut idx: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].section == folder)
            .collect();
        idx.sort_by_key(|&i| std::cmp::Reverse(items[i].sort_date()));
        idx
    };
    let in_sub: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].subsection == ["tinh"])
        .collect();
    let sections = vec![
        section("van-ban", &[], "Văn bản pháp luật", in_section("van-ban")),
        section(
            "chi-dao-huong-dan",
            &[],
            "Chỉ đạo, hướng dẫn",
            in_section("chi-dao-huong-dan"),
        ),
        section("hoi-dap", &[], "Hỏi – đáp pháp luật", in_section("hoi-dap")),
        section("chi-dao-huong-dan", &["tinh"], "Của tỉnh", in_sub),
    ];
    let mut latest: Vec<usize> = (0..items.len()).collect();
    latest.sort_by_key(|&i| std::cmp::Reverse(items[i].ngay_dang));
    Site {
        root: PathBuf::from("/khong-co"),
        config: config(),
        items,
        sections,
        taxonomies: Vec::new(),
        data: DataFiles::default(),
        latest,
        build_date: d("2026-02-15"),
    }
}

fn items() -> Vec<Item> {
    let mut decree = item(
        "chi-dao-huong-dan",
        "42-2022-nd-cp",
        "Nghị định 42/2022/NĐ-CP",
        "2024-05-02",
        van_ban("42/2022/NĐ-CP", "Quy định về cung cấp thông tin"),
    );
    decree.linh_vuc = vec!["Hành chính".into(), "Đất đai".into()];
    decree.ngay_cap_nhat = Some(d("2024-06-01"));
    let mut plan = item(
        "chi-dao-huong-dan",
        "ke-hoach-2024",
        "Kế hoạch PBGDPL năm 2024",
        "2024-01-10",
        ItemData::Page,
    );
    plan.subsection = vec!["tinh".into()];
    plan.url = "chi-dao-huong-dan/tinh/ke-hoach-2024/".into();
    plan.body = "## Mục đích\n\nNâng cao **nhận thức** pháp luật.\n\n<b>html</b>".into();
    let mut question = item(
        "hoi-dap",
        "thua-ke",
        "Chia thừa kế A & B <khi> \"không\" có 'di chúc'\u{1}?",
        "2024-03-06",
        hoi_dap("<p>Bố tôi mất &amp; không để lại <em>di chúc</em>.</p>"),
    );
    question.linh_vuc = vec!["Dân sự".into()];
    let mut summarised = item(
        "hoi-dap",
        "ho-tich",
        "Đăng ký khai sinh",
        "2024-02-01",
        hoi_dap("<p>Không dùng</p>"),
    );
    summarised.tom_tat = Some("Thủ tục & hồ sơ khai sinh".into());
    vec![decree, plan, question, summarised]
}

fn parse(xml: &str) -> Document<'_> {
    Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"))
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Node<'a, 'i> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", n.tag_name().name()))
}

fn children<'a, 'i: 'a>(n: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

fn text<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    child(n, name).text().unwrap_or("")
}

fn rfc822() -> Regex {
    Regex::new(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$").unwrap()
}

fn rfc3339() -> Regex {
    Regex::new(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$").unwrap()
}

fn feeds_of(site: &Site) -> Collect {
    let out = Collect::default();
    let n = write_feeds(site, &out).expect("write feeds");
    assert_eq!(n, out.names().len());
    out
}

/// Checks the RSS 2.0 structure every feed must have and returns the channel's items.
fn check_rss<'a, 'i>(doc: &'a Document<'i>, path: &str) -> Vec<Node<'a, 'i>> {
    let rss = doc.root_element();
    assert_eq!(rss.tag_name().name(), "rss", "{path}");
    assert_eq!(rss.attribute("version"), Some("2.0"), "{path}");
    let channel = child(rss, "channel");
    for required in ["title", "link", "description"] {
        assert!(
            !text(channel, required).trim().is_empty(),
            "{path}: {required}"
        );
    }
    assert_eq!(text(channel, "language"), "vi", "{path}");
    assert!(rfc822().is_match(text(channel, "lastBuildDate")), "{path}");
    assert!(text(channel, "link").starts_with(BASE), "{path}");
    assert!(!text(channel, "generator").is_empty());
    let own = channel
        .children()
        .find(|c| c.has_tag_name((ATOM, "link")))
        .unwrap_or_else(|| panic!("{path}: no atom:link"));
    assert_eq!(own.attribute("rel"), Some("self"));
    assert_eq!(own.attribute("type"), Some("application/rss+xml"));
    assert_eq!(
        own.attribute("href"),
        Some(format!("{BASE}{path}").as_str())
    );
    let items: Vec<Node> = children(channel, "item").collect();
    for item in &items {
        for required in ["title", "link", "description", "pubDate", "guid"] {
            assert!(
                !text(*item, required).trim().is_empty(),
                "{path}: item {required}"
            );
        }
        assert!(rfc822().is_match(text(*item, "pubDate")), "{path}");
        let link = text(*item, "link");
        assert!(
            link.starts_with(BASE) && link.ends_with('/'),
            "{path}: {link}"
        );
        let guid = child(*item, "guid");
        assert_eq!(guid.text(), Some(link));
        assert_eq!(guid.attribute("isPermaLink"), Some("true"));
    }
    items
}

/// Checks the Atom 1.0 structure every feed must have and returns its entries.
fn check_atom<'a, 'i>(doc: &'a Document<'i>, path: &str, alternate: &str) -> Vec<Node<'a, 'i>> {
    let feed = doc.root_element();
    assert!(feed.has_tag_name((ATOM, "feed")), "{path}");
    assert_eq!(text(feed, "id"), format!("{BASE}{path}"));
    assert!(!text(feed, "title").is_empty());
    assert!(rfc3339().is_match(text(feed, "updated")), "{path}");
    let link = |rel: &str| {
        children(feed, "link")
            .find(|l| l.attribute("rel") == Some(rel))
            .and_then(|l| l.attribute("href"))
            .unwrap_or_else(|| panic!("{path}: no link rel={rel}"))
            .to_string()
    };
    assert_eq!(link("self"), format!("{BASE}{path}"));
    assert_eq!(link("alternate"), alternate);
    assert_eq!(text(child(feed, "author"), "name"), "Sở Tư pháp tỉnh Mẫu");
    let entries: Vec<Node> = children(feed, "entry").collect();
    for e in &entries {
        for required in ["id", "title", "updated", "published", "summary"] {
            assert!(
                !text(*e, required).trim().is_empty(),
                "{path}: entry {required}"
            );
        }
        assert!(rfc3339().is_match(text(*e, "updated")));
        assert!(rfc3339().is_match(text(*e, "published")));
        assert!(text(*e, "updated") >= text(*e, "published"));
        let href = child(*e, "link").attribute("href").unwrap();
        assert_eq!(href, text(*e, "id"));
        assert!(href.starts_with(BASE));
    }
    entries
}

#[test]
fn site_rss_lists_every_item_newest_first_with_absolute_links() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let xml = out.text("rss.xml");
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""));
    let doc = parse(&xml);
    let items = check_rss(&doc, "rss.xml");
    let links: Vec<&str> = items.iter().map(|i| text(*i, "link")).collect();
    assert_eq!(
        links,
        [
            format!("{BASE}chi-dao-huong-dan/42-2022-nd-cp/"),
            format!("{BASE}hoi-dap/thua-ke/"),
            format!("{BASE}hoi-dap/ho-tich/"),
            format!("{BASE}chi-dao-huong-dan/tinh/ke-hoach-2024/"),
        ]
    );
    let channel = child(doc.root_element(), "channel");
    assert_eq!(text(channel, "title"), SITE_NAME);
    assert_eq!(text(channel, "link"), BASE);
    assert_eq!(
        text(channel, "description"),
        "Phổ biến pháp luật cho người dân"
    );
    // The newest change in the feed: the decree's ngay_cap_nhat.
    assert_eq!(
        text(channel, "lastBuildDate"),
        "Sat, 01 Jun 2024 00:00:00 +0700"
    );
    assert_eq!(text(items[0], "pubDate"), "Thu, 02 May 2024 00:00:00 +0700");
}

#[test]
fn rss_items_carry_categories_document_numbers_and_plain_descriptions() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let xml = out.text("rss.xml");
    let doc = parse(&xml);
    let items = check_rss(&doc, "rss.xml");
    let by_slug = |slug: &str| {
        *items
            .iter()
            .find(|i| text(**i, "link").ends_with(&format!("/{slug}/")))
            .unwrap()
    };
    let decree = by_slug("42-2022-nd-cp");
    let cats: Vec<&str> = children(decree, "category")
        .map(|c| c.text().unwrap())
        .collect();
    assert_eq!(cats, ["Hành chính", "Đất đai"]);
    let id = decree
        .children()
        .find(|c| c.has_tag_name((DC, "identifier")))
        .expect("dc:identifier");
    assert_eq!(id.text(), Some("42/2022/NĐ-CP"));
    // Fallbacks: trích yếu, the question without markup, the body as text, tom_tat first.
    assert_eq!(
        text(decree, "description"),
        "Quy định về cung cấp thông tin"
    );
    assert_eq!(
        text(by_slug("thua-ke"), "description"),
        "Bố tôi mất & không để lại di chúc."
    );
    assert_eq!(
        text(by_slug("ke-hoach-2024"), "description"),
        "Mục đích. Nâng cao nhận thức pháp luật. html"
    );
    assert_eq!(
        text(by_slug("ho-tich"), "description"),
        "Thủ tục & hồ sơ khai sinh"
    );
    // Only van_ban items have a document number.
    assert!(by_slug("thua-ke")
        .children()
        .all(|c| !c.has_tag_name((DC, "identifier"))));
}

#[test]
fn site_atom_has_ids_dates_and_entries() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let xml = out.text("atom.xml");
    let doc = parse(&xml);
    let entries = check_atom(&doc, "atom.xml", BASE);
    assert_eq!(entries.len(), 4);
    let decree = entries[0];
    assert_eq!(
        text(decree, "id"),
        format!("{BASE}chi-dao-huong-dan/42-2022-nd-cp/")
    );
    assert_eq!(text(decree, "published"), "2024-05-02T00:00:00+07:00");
    assert_eq!(text(decree, "updated"), "2024-06-01T00:00:00+07:00");
    let terms: Vec<&str> = children(decree, "category")
        .map(|c| c.attribute("term").unwrap())
        .collect();
    assert_eq!(terms, ["Hành chính", "Đất đai"]);
    assert_eq!(
        text(doc.root_element(), "updated"),
        "2024-06-01T00:00:00+07:00"
    );
}

#[test]
fn every_section_and_sub_folder_gets_both_feeds() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let mut expected = vec!["atom.xml".to_string(), "rss.xml".to_string()];
    for s in [
        "van-ban/",
        "chi-dao-huong-dan/",
        "hoi-dap/",
        "chi-dao-huong-dan/tinh/",
    ] {
        expected.push(format!("{s}atom.xml"));
        expected.push(format!("{s}rss.xml"));
    }
    expected.sort();
    assert_eq!(out.names(), expected);

    let xml = out.text("hoi-dap/rss.xml");
    let doc = parse(&xml);
    let items = check_rss(&doc, "hoi-dap/rss.xml");
    assert_eq!(items.len(), 2);
    assert!(items
        .iter()
        .all(|i| text(*i, "link").starts_with(&format!("{BASE}hoi-dap/"))));
    let channel = child(doc.root_element(), "channel");
    assert_eq!(
        text(channel, "title"),
        format!("{SITE_NAME} – Hỏi – đáp pháp luật")
    );
    assert_eq!(text(channel, "link"), format!("{BASE}hoi-dap/"));

    let xml = out.text("chi-dao-huong-dan/tinh/rss.xml");
    let doc = parse(&xml);
    let items = check_rss(&doc, "chi-dao-huong-dan/tinh/rss.xml");
    assert_eq!(items.len(), 1);
    let channel = child(doc.root_element(), "channel");
    assert_eq!(
        text(channel, "title"),
        format!("{SITE_NAME} – Chỉ đạo, hướng dẫn – Của tỉnh")
    );
    let xml = out.text("chi-dao-huong-dan/tinh/atom.xml");
    let doc = parse(&xml);
    let entries = check_atom(
        &doc,
        "chi-dao-huong-dan/tinh/atom.xml",
        &format!("{BASE}chi-dao-huong-dan/tinh/"),
    );
    assert_eq!(entries.len(), 1);
}

#[test]
fn an_empty_section_still_has_valid_feeds() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let xml = out.text("van-ban/rss.xml");
    let doc = parse(&xml);
    assert!(check_rss(&doc, "van-ban/rss.xml").is_empty());
    let channel = child(doc.root_element(), "channel");
    assert_eq!(
        text(channel, "lastBuildDate"),
        "Sun, 15 Feb 2026 00:00:00 +0700"
    );
    let xml = out.text("van-ban/atom.xml");
    let doc = parse(&xml);
    assert!(check_atom(&doc, "van-ban/atom.xml", &format!("{BASE}van-ban/")).is_empty());
    assert_eq!(
        text(doc.root_element(), "updated"),
        "2026-02-15T00:00:00+07:00"
    );

    // A site with no items at all.
    let out = feeds_of(&site_with(Vec::new()));
    assert!(check_rss(&parse(&out.text("rss.xml")), "rss.xml").is_empty());
    assert!(check_atom(&parse(&out.text("atom.xml")), "atom.xml", BASE).is_empty());
}

#[test]
fn xml_specials_are_escaped_and_forbidden_characters_dropped() {
    let site = site_with(items());
    let out = feeds_of(&site);
    let expected = "Chia thừa kế A & B <khi> \"không\" có 'di chúc'?";
    for path in ["rss.xml", "hoi-dap/rss.xml"] {
        let xml = out.text(path);
        assert!(!xml.contains('\u{1}'));
        assert!(xml.contains("A &amp; B &lt;khi&gt; &quot;không&quot; có &apos;di chúc&apos;?"));
        let doc = parse(&xml);
        let titles: Vec<&str> = check_rss(&doc, path)
            .iter()
            .map(|i| text(*i, "title"))
            .collect();
        assert!(titles.contains(&expected), "{path}: {titles:?}");
    }
    let xml = out.text("atom.xml");
    let doc = parse(&xml);
    assert!(check_atom(&doc, "atom.xml", BASE)
        .iter()
        .any(|e| text(*e, "title") == expected));
}

#[test]
fn vietnamese_text_comes_out_as_nfc_utf8() {
    let mut items = items();
    // "Luật Đất đai" typed with combining marks (NFD), as some Mac editors save it.
    let decomposed = "Lua\u{0323}\u{0302}t \u{0110}a\u{0302}\u{0301}t \u{0111}ai";
    assert!(!unicode_normalization::is_nfc(decomposed));
    items[0].tieu_de = decomposed.into();
    items[0].linh_vuc = vec![decomposed.into()];
    let out = feeds_of(&site_with(items));
    for path in out.names() {
        let xml = out.text(&path); // panics unless UTF-8
        assert!(unicode_normalization::is_nfc(&xml), "{path} is not NFC");
    }
    let xml = out.text("rss.xml");
    let doc = parse(&xml);
    let first = check_rss(&doc, "rss.xml")[0];
    assert_eq!(text(first, "title"), "Luật Đất đai");
    assert_eq!(text(first, "category"), "Luật Đất đai");
    assert!(out.text("hoi-dap/rss.xml").contains("Hỏi – đáp pháp luật"));
}

#[test]
fn a_large_section_feed_keeps_the_50_most_recently_posted() {
    // 60 documents listed by date of issue; the feed wants posting date. Item k is posted on
    // day k of 2024 but issued in year 2080 - k, so the section order is the reverse.
    let items: Vec<Item> = (1..=60)
        .map(|k| {
            let mut it = item(
                "van-ban",
                &format!("vb-{k}"),
                &format!("Văn bản {k}"),
                &Date::from_ymd(2024, 1 + (k as u8 - 1) / 28, 1 + (k as u8 - 1) % 28)
                    .unwrap()
                    .iso(),
                van_ban(&format!("{k}/2024/NĐ-CP"), "x"),
            );
            if let ItemData::VanBan(v) = &mut it.data {
                v.ngay_ban_hanh = Date::from_ymd(2080 - k, 1, 1).unwrap();
            }
            it
        })
        .collect();
    let site = site_with(items);
    assert_eq!(
        site.sections[0].items[0], 0,
        "section order is by date of issue"
    );
    let out = feeds_of(&site);
    for path in ["van-ban/rss.xml", "rss.xml"] {
        let xml = out.text(path);
        let doc = parse(&xml);
        let titles: Vec<String> = check_rss(&doc, path)
            .iter()
            .map(|i| text(*i, "title").to_string())
            .collect();
        let expected: Vec<String> = (11..=60).rev().map(|k| format!("Văn bản {k}")).collect();
        assert_eq!(titles, expected, "{path}");
    }
}

#[test]
fn feeds_of_50_000_items_are_written() {
    // Posting dates rise with k, so the newest items are the last ones; those carry bodies the
    // size of a whole code of law without a blank line, the worst case for descriptions.
    let start_day = Date::from_ymd(2000, 1, 1).unwrap().0;
    let long_body = "Nội dung **pháp luật** rất dài, [xem thêm](https://x.vn). ".repeat(1_000);
    let items: Vec<Item> = (0..50_000)
        .map(|k| {
            let posted = Date(start_day + time::Duration::days(k as i64 / 8));
            let mut it = item(
                ["van-ban", "hoi-dap", "tai-lieu", "tin-tuc"][k % 4],
                &format!("muc-{k}"),
                &format!("Mục {k}"),
                &posted.iso(),
                ItemData::Page,
            );
            it.body = if k >= 49_500 {
                long_body.clone()
            } else {
                "Đoạn mở đầu.\n\nĐoạn hai.".into()
            };
            it
        })
        .collect();
    let site = site_with(items);
    // Speed is measured by bench/build.sh, never asserted here; this checks the big case works.
    let n = write_feeds(&site, &pbgdpl::write::NullOutput).unwrap();
    assert_eq!(n, 10);
}

fn entries(n: usize) -> Vec<SitemapEntry> {
    (0..n)
        .map(|k| SitemapEntry {
            url: if k == 0 {
                String::new()
            } else {
                format!("van-ban/muc-{k}/")
            },
            lastmod: (k % 3 != 0).then(|| Date::from_ymd(2024, 1, 1 + (k % 28) as u8).unwrap()),
        })
        .collect()
}

#[test]
fn sitemap_lists_every_entry_in_order_with_lastmod() {
    let site = site_with(items());
    let out = Collect::default();
    let mut pages = entries(5);
    pages.push(SitemapEntry {
        url: "tep/văn bản & phụ lục.pdf".into(),
        lastmod: None,
    });
    assert_eq!(write_sitemap(&site, &pages, &out).unwrap(), 1);
    assert_eq!(out.names(), ["sitemap.xml"]);
    let xml = out.text("sitemap.xml");
    let doc = parse(&xml);
    let root = doc.root_element();
    assert!(root.has_tag_name((SITEMAP, "urlset")));
    let urls: Vec<Node> = children(root, "url").collect();
    assert_eq!(urls.len(), pages.len());
    for (node, page) in urls.iter().zip(&pages) {
        let loc = text(*node, "loc");
        assert!(loc.starts_with(BASE), "{loc}");
        let lastmod = children(*node, "lastmod").next().and_then(|l| l.text());
        assert_eq!(lastmod, page.lastmod.map(|d| d.iso()).as_deref());
    }
    assert_eq!(text(urls[0], "loc"), BASE);
    assert_eq!(text(urls[1], "loc"), format!("{BASE}van-ban/muc-1/"));
    assert_eq!(text(urls[1], "lastmod"), "2024-01-02");
    assert_eq!(
        text(urls[5], "loc"),
        format!("{BASE}tep/v%C4%83n%20b%E1%BA%A3n%20&%20ph%E1%BB%A5%20l%E1%BB%A5c.pdf")
    );
    assert!(xml.contains("%20&amp;%20"));
}

#[test]
fn sitemap_of_exactly_50_000_urls_is_one_file() {
    let out = Collect::default();
    assert_eq!(
        write_sitemap(&site_with(Vec::new()), &entries(50_000), &out).unwrap(),
        1
    );
    let xml = out.text("sitemap.xml");
    assert_eq!(children(parse(&xml).root_element(), "url").count(), 50_000);
}

#[test]
fn sitemap_above_50_000_urls_becomes_an_index() {
    let site = site_with(Vec::new());
    let out = Collect::default();
    let pages = entries(120_001);
    assert_eq!(write_sitemap(&site, &pages, &out).unwrap(), 4);
    assert_eq!(
        out.names(),
        [
            "sitemap-1.xml",
            "sitemap-2.xml",
            "sitemap-3.xml",
            "sitemap.xml"
        ]
    );
    let xml = out.text("sitemap.xml");
    let index = parse(&xml);
    let root = index.root_element();
    assert!(root.has_tag_name((SITEMAP, "sitemapindex")));
    let locs: Vec<&str> = children(root, "sitemap").map(|s| text(s, "loc")).collect();
    assert_eq!(
        locs,
        [
            format!("{BASE}sitemap-1.xml"),
            format!("{BASE}sitemap-2.xml"),
            format!("{BASE}sitemap-3.xml"),
        ]
    );
    let mut all = Vec::new();
    for n in 1..=3 {
        let xml = out.text(&format!("sitemap-{n}.xml"));
        let doc = parse(&xml);
        assert!(doc.root_element().has_tag_name((SITEMAP, "urlset")));
        let locs: Vec<String> = children(doc.root_element(), "url")
            .map(|u| text(u, "loc").to_string())
            .collect();
        assert!(locs.len() <= 50_000);
        all.extend(locs);
    }
    let expected: Vec<String> = pages.iter().map(|p| format!("{BASE}{}", p.url)).collect();
    assert_eq!(all, expected, "every entry once, in order");
    for s in children(root, "sitemap") {
        assert_eq!(text(s, "lastmod"), "2024-01-28");
    }
}

#[test]
fn robots_allows_all_and_points_at_the_absolute_sitemap() {
    let out = Collect::default();
    write_robots(&site_with(Vec::new()), &out).unwrap();
    let robots = out.text("robots.txt");
    let lines: Vec<&str> = robots.lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    assert!(lines.contains(&"Allow: /"));
    assert!(!robots.contains("Disallow: /"));
    assert!(lines.contains(&format!("Sitemap: {BASE}sitemap.xml").as_str()));
}
