//! The PBGDPL work features (issue 7) on real builds: the statistics page and `pbgdpl report`
//! agree on a fixture with known counts (tests/fixtures/bao-cao), and every feature is visible
//! on the example site: quiz, question form, Q&A by lĩnh vực, dialogues on the home page,
//! satisfaction and share links, click-to-load videos, bookshelf, OpenGraph images, widget.

mod common;
use common::copy_dir;

use regex::Regex;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// 01/6/2026 12:00 (UTC+7): after the 6-month cut-off of 2026.
const JUNE_2026: &str = "1780290000";
/// 28/11/2026: the example site's 2027 dialogue is still to come.
const NOV_2026: &str = "1795833600";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], epoch: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pbgdpl"))
        .args(args)
        .env("CI", "true")
        .env("SOURCE_DATE_EPOCH", epoch)
        .output()
        .expect("run pbgdpl")
}

fn build(site: &Path, out: &Path, epoch: &str) {
    let o = run(
        &["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()],
        epoch,
    );
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn read(p: &Path) -> String {
    fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// `data-ky="<ky>" data-chi-so="<key>">value<` cells of a page.
fn cells(html: &str, ky: &str) -> BTreeMap<String, String> {
    let re = Regex::new(r#"data-ky="([^"]+)" data-chi-so="([^"]+)">([^<]*)<"#).unwrap();
    re.captures_iter(html)
        .filter(|c| &c[1] == ky)
        .map(|c| (c[2].to_string(), c[3].to_string()))
        .collect()
}

fn expected_2026_6t() -> BTreeMap<String, String> {
    [
        ("van_ban_gioi_thieu", "2"),
        ("van_ban_chi_dao", "1"),
        ("tai_lieu", "3"),
        ("tai_lieu:Sách hỏi – đáp", "1"),
        ("tai_lieu:Tờ gấp", "2"),
        ("hoi_dap_nhan", "4"),
        ("hoi_dap_tra_loi", "4"),
        ("so_ngay_tra_loi", "8,5"),
        ("doi_thoai", "1"),
        ("hoat_dong", "2"),
        ("nguoi_tham_du", "1.350"),
        ("cuoc_thi", "1"),
        ("bao_cao_vien", "1"),
        ("tuyen_truyen_vien", "2"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

#[test]
fn report_and_statistics_page_give_the_fixtures_exact_numbers() {
    let site = repo().join("tests/fixtures/bao-cao");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    build(&site, &out, JUNE_2026);
    let expected = expected_2026_6t();

    let stats = read(&out.join("thong-ke-bao-cao/so-lieu/index.html"));
    // The page shows every material kind any shown period has; the fixture has only these.
    assert_eq!(cells(&stats, "2026-6T"), expected, "statistics page");

    let dir = tmp.path().join("bao-cao");
    let o = run(
        &[
            "report",
            site.to_str().unwrap(),
            "--ky",
            "2026-6T",
            "-o",
            dir.to_str().unwrap(),
        ],
        JUNE_2026,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let html = read(&dir.join("bao-cao.html"));
    assert_eq!(cells(&html, "2026-6T"), expected, "printable report");
    assert!(
        html.contains("Đồng Nai, ngày … tháng … năm 2026"),
        "place and date line"
    );
    assert!(
        html.contains("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI") && html.contains("SỞ TƯ PHÁP TỈNH ĐỒNG NAI")
    );
    assert!(html.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(
        html.contains("<h2>I. KẾT QUẢ THỰC HIỆN</h2>")
            && html.contains("<h3>3. Hỏi – đáp pháp luật</h3>")
    );
    assert!(html.contains("href=\"bao-cao.css\"") && dir.join("bao-cao.css").is_file());
    assert!(
        !html.contains("style=") && !html.contains("<script"),
        "CSP-safe"
    );

    let csv = read(&dir.join("so-lieu.csv"));
    let from_csv: BTreeMap<String, String> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let re = Regex::new(r#"^([^,]+),(?:"[^"]*"|[^,]*),("[^"]*"|[^,]*),"#).unwrap();
            let c = re.captures(l).unwrap_or_else(|| panic!("csv line {l}"));
            (c[1].to_string(), c[2].trim_matches('"').to_string())
        })
        .collect();
    assert_eq!(from_csv, expected, "CSV");

    let md = read(&dir.join("index.md"));
    assert!(md.contains("ky_bao_cao: \"6 tháng đầu năm 2026\"") && md.contains("ban_nhap: true"));
    assert!(
        md.contains("| 8 | Số ngày trả lời (trung vị) | 8,5 |"),
        "{md}"
    );
    assert!(md.contains("duong_dan: bao-cao.html") && md.contains("duong_dan: so-lieu.csv"));

    // Nothing is overwritten without --ghi-de.
    fs::write(dir.join("index.md"), "đã sửa tay").unwrap();
    let again = run(
        &[
            "report",
            site.to_str().unwrap(),
            "--ky",
            "2026-6T",
            "-o",
            dir.to_str().unwrap(),
        ],
        JUNE_2026,
    );
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--ghi-de"));
    assert_eq!(read(&dir.join("index.md")), "đã sửa tay");
    let forced = run(
        &[
            "report",
            site.to_str().unwrap(),
            "--ky",
            "2026-6T",
            "-o",
            dir.to_str().unwrap(),
            "--ghi-de",
        ],
        JUNE_2026,
    );
    assert!(forced.status.success());
    assert!(read(&dir.join("index.md")).starts_with("---\n"));

    // The yearly report ends on 15/11 and counts the later activity too.
    let year_dir = tmp.path().join("nam");
    let y = run(
        &[
            "report",
            site.to_str().unwrap(),
            "--ky",
            "2026",
            "-o",
            year_dir.to_str().unwrap(),
        ],
        JUNE_2026,
    );
    assert!(y.status.success());
    let year = cells(&read(&year_dir.join("bao-cao.html")), "2026");
    assert_eq!(
        year.get("hoat_dong").map(String::as_str),
        Some("2"),
        "the 20/6 activity has not happened on 01/6"
    );
    assert_eq!(year.get("tai_lieu").map(String::as_str), Some("4"));
    assert_eq!(cells(&stats, "2026").get("tai_lieu"), year.get("tai_lieu"));

    let bad = run(
        &["report", site.to_str().unwrap(), "--ky", "2026-7T"],
        JUNE_2026,
    );
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("2026-6T"));
}

#[test]
fn quiz_errors_name_the_file_line_and_fix() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("tests/fixtures/bao-cao"), &site);
    let quiz = site.join("content/thi-tim-hieu/thi-2026/cau-hoi.yaml");
    let text = read(&quiz).replace(
        "    dap_an: 2\n    can_cu: 12/2025/QH15",
        "    dap_an: [1, 2]\n    can_cu: 99/2099/QH99",
    );
    fs::write(&quiz, text).unwrap();
    let o = run(
        &[
            "build",
            site.to_str().unwrap(),
            "-o",
            tmp.path().join("out").to_str().unwrap(),
        ],
        JUNE_2026,
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cau-hoi.yaml:10:5"), "{err}");
    assert!(err.contains("có 2 đáp án đúng (A, B)"), "{err}");
    assert!(err.contains("99/2099/QH99"), "{err}");
    assert!(err.contains("cau_hoi[2].can_cu.so_ky_hieu"), "{err}");

    // A cut-off date that does not exist every year is refused with the field named.
    let yaml = read(&site.join("site.yaml")).replace("chot_nam: \"15/11\"", "chot_nam: \"29/02\"");
    fs::write(site.join("site.yaml"), yaml).unwrap();
    let o = run(
        &[
            "build",
            site.to_str().unwrap(),
            "-o",
            tmp.path().join("out").to_str().unwrap(),
        ],
        JUNE_2026,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("bao_cao.chot_nam"), "{err}");
}

/// One build of the example site shared by the feature checks below.
fn example() -> &'static Path {
    static OUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    OUT.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let o = run(
            &[
                "build",
                repo().join("content-example").to_str().unwrap(),
                "-o",
                tmp.path().join("p").to_str().unwrap(),
            ],
            NOV_2026,
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            !stderr.contains("cảnh báo"),
            "content-example must build without warnings: {stderr}"
        );
        tmp
    })
    .path()
    .join("p")
    .leak()
}

fn page(rel: &str) -> String {
    read(&example().join(rel))
}

/// No inline script, style attribute or inline handler (the strict CSP would block them).
fn assert_csp_clean(html: &str, what: &str) {
    let inline_script = Regex::new(r"<script>|<script [^>]*>[^<]").unwrap();
    assert!(!inline_script.is_match(html), "{what}: inline script");
    assert!(!html.contains(" style=\""), "{what}: style attribute");
    assert!(
        !Regex::new(r#"\son[a-z]+=""#).unwrap().is_match(html),
        "{what}: inline handler"
    );
}

#[test]
fn statistics_page_has_captioned_tables_and_accessible_charts() {
    let html = page("thong-ke-bao-cao/so-lieu/index.html");
    assert!(html
        .contains("<caption id=\"bang-ky-chu-thich\">Bảng 1. Kết quả theo kỳ báo cáo</caption>"));
    assert!(html.contains("<th scope=\"row\">Câu hỏi pháp luật tiếp nhận</th>"));
    let svgs = html.matches("<svg class=\"bieu-do\" role=\"img\"").count();
    assert!(svgs >= 3, "charts: {svgs}");
    assert!(html.contains(
        "<title id=\"bd-hoi-dap-tieu-de\">Câu hỏi pháp luật tiếp nhận theo tháng</title>"
    ));
    assert!(html.contains("Số liệu của biểu đồ ở Bảng 2. Số liệu theo tháng."));
    // The example's 5 questions were all received in report year 2026.
    assert_eq!(
        cells(&html, "2026").get("hoi_dap_nhan").map(String::as_str),
        Some("5")
    );
    assert_csp_clean(&html, "so-lieu");
    assert!(
        page("thong-ke-bao-cao/index.html").contains("so-lieu/index.html"),
        "reachable from its section"
    );
}

#[test]
fn contest_has_a_practice_page_with_answers_and_basis() {
    let quiz = page("thi-tim-hieu/tim-hieu-luat-chuyen-doi-so-2026/on-tap/index.html");
    assert!(quiz.contains("<script type=\"module\" src=\"../../../assets/on-tap."));
    assert!(quiz.contains("<fieldset id=\"cau-1\" data-dap-an=\"B\">"));
    assert!(quiz.contains("<summary>Xem đáp án và căn cứ pháp lý</summary>"));
    assert!(
        quiz.contains("Đáp án đúng: <strong>B</strong>. 01/7/2026"),
        "answer in <details>"
    );
    assert!(
        quiz.contains("href=\"../../../van-ban/148-2025-qh15/index.html\">148/2025/QH15</a>"),
        "basis links its document"
    );
    assert!(
        quiz.contains("https://thitimhieuphapluat.dongnai.gov.vn/chuyen-doi-so-2026"),
        "official entry stays outside"
    );
    assert_csp_clean(&quiz, "on-tap");
    let item = page("thi-tim-hieu/tim-hieu-luat-chuyen-doi-so-2026/index.html");
    assert!(item.contains("data-trang-thai-cuoc-thi data-bat-dau=\"2026-10-01\" data-ket-thuc=\"2026-10-31\">Đã kết thúc<"));
    assert!(item.contains("on-tap/index.html\">Làm bài ôn tập"));
    let js = fs::read_dir(example().join("assets"))
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("on-tap."));
    assert!(js, "the quiz module is written");
}

#[test]
fn questions_form_fields_dialogues_and_satisfaction_link() {
    let form = page("hoi-dap/gui-cau-hoi/index.html");
    assert!(form.contains(
        "action=\"mailto:pbgdpl.stp@dongnai.gov.vn\" method=\"post\" enctype=\"text/plain\""
    ));
    assert!(
        form.contains("Thông báo về dữ liệu cá nhân")
            && form.contains("Trang này không lưu bất kỳ thông tin nào")
    );
    assert!(
        form.contains("form-action 'self' mailto:"),
        "CSP lets the form post"
    );
    let by_field = page("hoi-dap/theo-linh-vuc/index.html");
    assert!(
        by_field.matches("<section aria-labelledby=\"lv-").count() >= 3,
        "groups per lĩnh vực"
    );
    let section = page("hoi-dap/index.html");
    assert!(
        section.contains("theo-linh-vuc/index.html") && section.contains("gui-cau-hoi/index.html")
    );
    let home = page("index.html");
    assert!(home.contains("Đối thoại chính sách – pháp luật sắp diễn ra"));
    assert!(home.contains("doi-thoai/doi-thoai-hoa-giai-co-so-2027/index.html"));
    assert!(home.contains("08:00, 18/03/2027"));
    let dialogue = page("doi-thoai/doi-thoai-dich-vu-cong-truc-tuyen-2026/index.html");
    for field in ["thoi_gian", "hinh_thuc", "ket_qua"] {
        assert!(
            dialogue.contains(&format!("data-field=\"{field}\"")),
            "dialogue shows {field}"
        );
    }
    for rel in [
        "tin-tuc/ra-mat-trang-thong-tin-pbgdpl/index.html",
        "hoi-dap/tach-thua-dat/index.html",
        "van-ban/14-2012-qh13/index.html",
    ] {
        assert!(
            page(rel)
                .contains("href=\"https://dongnai.gov.vn/danh-gia-muc-do-hai-long/stp-pbgdpl\""),
            "{rel}: danh_gia"
        );
    }
}

#[test]
fn videos_load_the_platform_only_after_a_click() {
    let html = page("tai-lieu/video-tieu-pham-hoa-giai-co-so/index.html");
    assert!(html
        .contains("data-nhung=\"https://www.youtube-nocookie.com/embed/M7lc1UVf-VE?autoplay=1\""));
    assert!(
        html.contains("href=\"https://www.youtube.com/watch?v=M7lc1UVf-VE\""),
        "link fallback"
    );
    assert!(!html.contains("<iframe"), "no player before the click");
    assert!(
        !Regex::new(r#"src="https?://"#).unwrap().is_match(&html),
        "no third-party request on load"
    );
    assert!(html.contains("class=\"nut-phat\" hidden"));
    let own = page("tai-lieu/video-da-uong-ruou-bia-thi-khong-lai-xe/index.html");
    assert!(
        own.contains("<video controls") && own.contains("<track kind=\"captions\" srclang=\"vi\"")
    );
    let shelf = page("tu-sach/theo-nhom/index.html");
    assert!(shelf.contains("<h2 id=\"nhom-b\">b) Sách, tài liệu hỏi – đáp, tờ gấp, tiểu phẩm, câu chuyện pháp luật</h2>"));
    assert!(shelf.contains("<h2 id=\"nhom-c\">c) Tài liệu hướng dẫn chuyên môn, nghiệp vụ</h2>"));
    assert!(
        Regex::new(r"tệp: PDF, [0-9.,]+ (B|KB|MB)")
            .unwrap()
            .is_match(&shelf),
        "type and size"
    );
    assert!(page("tu-sach/index.html").contains("theo-nhom/index.html"));
}

#[test]
fn sharing_without_third_party_scripts_and_default_share_images() {
    let html = page("hoi-dap/tach-thua-dat/index.html");
    assert!(html.contains("https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fstp.dongnai.gov.vn%2Fpbgdpl%2Fhoi-dap%2Ftach-thua-dat%2F"));
    assert!(html.contains("href=\"mailto:?subject="));
    assert!(
        html.contains("class=\"nut-zalo\" hidden") && html.contains("class=\"nut-chep\" hidden")
    );
    assert!(html.contains("<meta property=\"og:image\" content=\"https://stp.dongnai.gov.vn/pbgdpl/assets/og/hoi-dap.png\">"));
    let scripts: Vec<String> = Regex::new(r#"<script[^>]*src="([^"]+)""#)
        .unwrap()
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    assert!(
        scripts.iter().all(|s| !s.starts_with("http")),
        "same-origin scripts only: {scripts:?}"
    );
    assert_csp_clean(&html, "item");
    let png = fs::read(example().join("assets/og/hoi-dap.png")).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let with_cover = page("tai-lieu/video-da-uong-ruou-bia-thi-khong-lai-xe/index.html");
    assert!(with_cover.contains("og:image\" content=\"https://stp.dongnai.gov.vn/pbgdpl/tai-lieu/video-da-uong-ruou-bia-thi-khong-lai-xe/anh-bia.png\""), "an item's own image wins");
}

#[test]
fn widget_for_the_host_portal() {
    let html = page("nhung/moi-nhat.html");
    assert!(html.contains("<base target=\"_top\">"));
    assert!(html.matches("target=\"_top\"").count() >= 3);
    assert!(!html.contains("<script"), "no script in the widget");
    assert_csp_clean(&html, "nhung");
    assert!(
        Regex::new(r#"<link rel="stylesheet" href="\.\./assets/nhung\.[0-9a-f]{10}\.css">"#)
            .unwrap()
            .is_match(&html),
        "{html}"
    );
    let readme = page("nhung/README.md");
    assert!(
        readme.contains("<iframe src=\"https://stp.dongnai.gov.vn/pbgdpl/nhung/moi-nhat.html\"")
    );
    assert!(readme.contains("frame-ancestors"));
    let sitemap = page("sitemap.xml");
    assert!(
        !sitemap.contains("nhung/moi-nhat.html"),
        "the widget is not a page of its own for search engines"
    );
    assert!(sitemap.contains("thong-ke-bao-cao/so-lieu/"));
}

#[test]
fn an_item_at_a_feature_page_address_is_warned_about() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    copy_dir(&repo().join("content-example"), &site);
    fs::copy(
        site.join("content/tu-sach/so-tay-pbgdpl-cap-xa.md"),
        site.join("content/tu-sach/theo-nhom.md"),
    )
    .unwrap();
    let out = tmp.path().join("out");
    let o = run(
        &["build", site.to_str().unwrap(), "-o", out.to_str().unwrap()],
        NOV_2026,
    );
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "the item wins, the build goes on: {stderr}"
    );
    assert!(
        stderr.contains("[trung-trang-tinh-nang]") && stderr.contains("theo-nhom.md"),
        "no warning naming the file: {stderr}"
    );
    // The address shows the item, not the bookshelf-by-group page.
    let page = read(&out.join("tu-sach/theo-nhom/index.html"));
    assert!(!page.contains("Tủ sách pháp luật theo nhóm tài liệu</h1>"));
}
