//! Renderer tests over a hand-built `Site` with an item of every kind: page-level conformance
//! (lang, charset, one h1, heading outline, DC/OG metadata, feed links, balanced tags) on every
//! planned page, the kind-specific blocks, lists and pagination, template overrides and their
//! diagnostics, and (ignored by default) a timing run over a synthetic site.

use super::*;
use crate::config::{Agency, Person as Responsible, SiteConfig};
use crate::model::*;
use std::path::{Path, PathBuf};

fn d(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn asset(url: &str, size: u64) -> Asset {
    let ext = url.rsplit('.').next().unwrap_or("").to_string();
    Asset {
        source: PathBuf::new(),
        url: url.to_string(),
        size,
        ext,
    }
}

fn attachment(nhan: &str, url: &str, size: u64) -> Attachment {
    Attachment {
        nhan: nhan.into(),
        tep: asset(url, size),
    }
}

fn item(section: &'static str, slug: &str, title: &str, date: &str, data: ItemData) -> Item {
    Item {
        source: PathBuf::from(format!("content/{section}/{slug}.md")),
        section,
        subsection: Vec::new(),
        slug: slug.into(),
        url: format!("{section}/{slug}/"),
        bundle_dir: None,
        tieu_de: title.into(),
        ngay_dang: d(date),
        ngay_cap_nhat: None,
        tom_tat: Some(format!("Tóm tắt của {title}.")),
        linh_vuc: vec!["Hành chính".into()],
        doi_tuong: Vec::new(),
        nguon: None,
        tac_gia: None,
        anh: None,
        anh_mo_ta: None,
        ban_nhap: false,
        dong_bo: None,
        data,
        body: "## Nội dung chính\n\nĐoạn văn *giới thiệu*.\n\n### Điều 1\n\nVăn bản.\n".into(),
        body_line: 10,
        truong: Default::default(),
    }
}

fn van_ban(so: &str, status: &str, het: Option<&str>) -> VanBan {
    VanBan {
        so_ky_hieu: so.into(),
        dang_so: NumberForm::Vbqppl,
        la_vbqppl: true,
        loai_van_ban: "Nghị định".into(),
        co_quan_ban_hanh: "Chính phủ".into(),
        ngay_ban_hanh: d("2022-06-24"),
        ngay_co_hieu_luc: Some(d("2022-08-15")),
        ngay_het_hieu_luc: het.map(d),
        tinh_trang_hieu_luc: status.into(),
        canh_bao_hieu_luc: status != "Còn hiệu lực",
        nguoi_ky: "Vũ Đức Đam".into(),
        chuc_danh_nguoi_ky: Some("KT. Thủ tướng – Phó Thủ tướng".into()),
        trich_yeu: format!("Quy định về quản lý, kết nối và chia sẻ dữ liệu số ({so})"),
        tep_van_ban: vec![attachment("Văn bản gốc", "van-ban/x/goc.pdf", 1_258_291)],
        lien_ket: vec![NamedLink {
            ten: "CSDL quốc gia về pháp luật".into(),
            url: "https://vbpl.vn/x".into(),
        }],
        quan_he: Vec::new(),
    }
}

fn config() -> SiteConfig {
    SiteConfig {
        ten_trang: "Trang thông tin phổ biến, giáo dục pháp luật".into(),
        mo_ta: Some("Phổ biến pháp luật cho người dân tỉnh Đồng Nai".into()),
        co_quan: Agency {
            ten_day_du: "Sở Tư pháp tỉnh Đồng Nai".into(),
            co_quan_chu_quan: Some("Ủy ban nhân dân tỉnh Đồng Nai".into()),
            ten_viet_tat: Some("STP".into()),
            bieu_trung: "assets/bieu-trung.svg".into(),
            dia_chi: Some("Số 2 Nguyễn Văn Trị, Biên Hòa".into()),
            dien_thoai: Some("(0251) 3822 512".into()),
            email: Some("pbgdpl@dongnai.gov.vn".into()),
            nguoi_chiu_trach_nhiem: Some(Responsible {
                ho_ten: "Nguyễn Văn A".into(),
                chuc_vu: "Giám đốc".into(),
            }),
            dia_danh: Some("Đồng Nai".into()),
            giay_phep: Some("Giấy phép số 12/GP-STTTT ngày 01/02/2020".into()),
        },
        base_url: "https://stp.dongnai.gov.vn/pbgdpl/".into(),
        gui_cau_hoi: Some("mailto:pbgdpl@dongnai.gov.vn".into()),
        danh_gia: Some("https://khao-sat.example.gov.vn/".into()),
        kenh_chinh_thuc: vec![NamedLink {
            ten: "Zalo OA Sở Tư pháp".into(),
            url: "https://zalo.me/x".into(),
        }],
        dong_bo: serde_json::Value::Null,
        cho_phep_html: false,
        so_muc_moi_trang: 20,
        duong_dan_dep: false,
        bao_cao: Default::default(),
        extra: Default::default(),
    }
}

/// Items of every kind; indices are referred to by the tests below.
fn items() -> Vec<Item> {
    let mut in_force = item(
        "van-ban",
        "42-2022-nd-cp",
        "Nghị định 42/2022/NĐ-CP",
        "2022-06-25",
        ItemData::VanBan(van_ban("42/2022/NĐ-CP", "Còn hiệu lực", None)),
    );
    let mut old_vb = van_ban("43/2011/NĐ-CP", "Hết hiệu lực toàn bộ", Some("2022-08-15"));
    old_vb.ngay_ban_hanh = d("2011-06-13");
    old_vb.quan_he = vec![Relation {
        loai: "bi_thay_the_boi".into(),
        nhan: "Bị thay thế bởi".into(),
        so_ky_hieu: "42/2022/NĐ-CP".into(),
        url: Some("van-ban/42-2022-nd-cp/".into()),
    }];
    let expired = item(
        "van-ban",
        "43-2011-nd-cp",
        "Nghị định 43/2011/NĐ-CP",
        "2011-06-20",
        ItemData::VanBan(old_vb),
    );
    if let ItemData::VanBan(v) = &mut in_force.data {
        v.quan_he = vec![Relation {
            loai: "thay_the".into(),
            nhan: "Thay thế".into(),
            so_ky_hieu: "43/2011/NĐ-CP".into(),
            url: Some("van-ban/43-2011-nd-cp/".into()),
        }];
    }
    let mut sub = item(
        "van-ban",
        "1-2023-qd-ubnd",
        "Quyết định 1/2023/QĐ-UBND",
        "2023-01-05",
        ItemData::VanBan(van_ban("1/2023/QĐ-UBND", "Còn hiệu lực", None)),
    );
    sub.subsection = vec!["dia-phuong".into()];
    sub.url = "van-ban/dia-phuong/1-2023-qd-ubnd/".into();
    let hoi_dap = item(
        "hoi-dap",
        "ket-hon",
        "Thủ tục đăng ký kết hôn thế nào?",
        "2024-03-01",
        ItemData::HoiDap(HoiDap {
            cau_hoi_html: "<p>Tôi muốn đăng ký kết hôn thì cần giấy tờ gì?</p>\n".into(),
            nguoi_hoi: Some("Anh N.V.B".into()),
            ngay_gui: d("2024-02-20"),
            ngay_tra_loi: d("2024-03-01"),
            nguoi_tra_loi: Some("Luật sư Trần Văn C".into()),
            don_vi_tra_loi: Some("Phòng Phổ biến, giáo dục pháp luật".into()),
            can_cu_phap_ly: vec![
                Citation {
                    so_ky_hieu: "42/2022/NĐ-CP".into(),
                    url: Some("van-ban/42-2022-nd-cp/".into()),
                    tieu_de: Some("Nghị định 42/2022/NĐ-CP".into()),
                },
                Citation {
                    so_ky_hieu: "52/2014/QH13".into(),
                    url: None,
                    tieu_de: None,
                },
            ],
        }),
    );
    let video = item(
        "tai-lieu",
        "video-luat-dat-dai",
        "Video giới thiệu Luật Đất đai",
        "2024-05-01",
        ItemData::TaiLieu(TaiLieu {
            loai_tai_lieu: "Video".into(),
            co_quan_bien_soan: "Sở Tư pháp tỉnh Đồng Nai".into(),
            ngay_phat_hanh: d("2024-04-30"),
            van_ban_lien_quan: vec![Citation {
                so_ky_hieu: "42/2022/NĐ-CP".into(),
                url: Some("van-ban/42-2022-nd-cp/".into()),
                tieu_de: None,
            }],
            tep: vec![attachment(
                "Đề cương",
                "tai-lieu/video-luat-dat-dai/de-cuong.docx",
                40_000,
            )],
            video: Some(asset("tai-lieu/video-luat-dat-dai/video.mp4", 12_000_000)),
            video_url: None,
            thoi_luong: Some("12 phút".into()),
            phu_de: Some(asset("tai-lieu/video-luat-dat-dai/phu-de.vtt", 2_000)),
            ban_ghi_loi: Some("Xin chào.\nLuật Đất đai năm 2024 có hiệu lực...".into()),
        }),
    );
    let book = item(
        "tu-sach",
        "so-tay",
        "Sổ tay pháp luật cho người dân",
        "2024-05-02",
        ItemData::TaiLieu(TaiLieu {
            loai_tai_lieu: "Sách".into(),
            co_quan_bien_soan: "Bộ Tư pháp".into(),
            ngay_phat_hanh: d("2024-01-10"),
            van_ban_lien_quan: Vec::new(),
            tep: Vec::new(),
            video: None,
            video_url: Some("https://www.youtube.com/watch?v=abc".into()),
            thoi_luong: None,
            phu_de: None,
            ban_ghi_loi: None,
        }),
    );
    let activity = item(
        "hoi-dong-phoi-hop",
        "hop-quy-1",
        "Họp Hội đồng phối hợp quý I",
        "2024-03-15",
        ItemData::HoatDong(HoatDong {
            ngay_to_chuc: Some(d("2024-03-14")),
            dia_diem: Some("Hội trường Sở Tư pháp".into()),
            so_nguoi_tham_du: Some(1234),
            hinh_thuc: Some("Trực tiếp".into()),
        }),
    );
    let dialogue = item(
        "doi-thoai",
        "doi-thoai-dat-dai",
        "Đối thoại chính sách đất đai",
        "2026-05-01",
        ItemData::DoiThoai(DoiThoai {
            chu_de: Some("Đất đai".into()),
            thoi_gian: Some("2026-05-20 08:00".into()),
            ngay: Some(d("2026-05-20")),
            hinh_thuc: Some("Trực tuyến".into()),
            dia_diem: None,
            duong_dan: Some("https://meet.example.gov.vn/x".into()),
            co_quan_chu_tri: Some("UBND tỉnh".into()),
            thanh_phan: Some("Người dân, doanh nghiệp".into()),
            ket_qua: None,
        }),
    );
    let report = item(
        "thong-ke-bao-cao",
        "bao-cao-2025",
        "Báo cáo năm 2025",
        "2025-12-01",
        ItemData::BaoCao(BaoCao {
            ky_bao_cao: Some("Năm 2025".into()),
            so_ky_hieu: Some("123/BC-STP".into()),
            ngay_ban_hanh: Some(d("2025-11-20")),
            tep: vec![attachment(
                "Báo cáo",
                "thong-ke-bao-cao/bao-cao-2025/bc.pdf",
                300_000,
            )],
        }),
    );
    let contest = item(
        "thi-tim-hieu",
        "thi-2026",
        "Cuộc thi tìm hiểu pháp luật 2026",
        "2026-01-10",
        ItemData::CuocThi(CuocThi {
            bat_dau: Some(d("2026-02-01")),
            ket_thuc: Some(d("2026-03-01")),
            don_vi_to_chuc: Some("Sở Tư pháp".into()),
            the_le: Some(asset("thi-tim-hieu/thi-2026/the-le.pdf", 90_000)),
            duong_dan_thi: Some("https://thitimhieuphapluat.moj.gov.vn/".into()),
            cau_hoi_on_tap: None,
        }),
    );
    let intro = item(
        "gioi-thieu",
        "chuc-nang",
        "Chức năng, nhiệm vụ",
        "2020-01-01",
        ItemData::Page,
    );
    let mut news = item(
        "tin-tuc",
        "tap-huan",
        "Tập huấn <b>báo cáo viên</b> & tuyên truyền viên",
        "2024-06-01",
        ItemData::Page,
    );
    news.nguon = Some("https://baodongnai.com.vn/x".into());
    news.tac_gia = Some("Lê Thị D".into());
    news.anh = Some(asset("tin-tuc/tap-huan/anh.jpg", 50_000));
    news.anh_mo_ta = Some("Quang cảnh lớp tập huấn".into());
    news.ngay_cap_nhat = Some(d("2024-06-03"));
    news.body = "# Tiêu đề cấp một trong thân\n\nĐoạn <script>alert(1)</script> văn.".into();
    vec![
        in_force, expired, sub, hoi_dap, video, book, activity, dialogue, report, contest, intro,
        news,
    ]
}

fn term(name: &str, key: &str, slug: &str, items: Vec<usize>) -> Term {
    Term {
        name: name.into(),
        slug: slug.into(),
        url: format!("{key}/{slug}/"),
        count: items.len(),
        items,
    }
}

fn site_with(items: Vec<Item>, root: &Path) -> Site {
    let order = |idx: &mut Vec<usize>, items: &[Item]| {
        idx.sort_by(|&a, &b| items[b].sort_date().cmp(&items[a].sort_date()))
    };
    let mut sections: Vec<Section> = SECTIONS
        .iter()
        .map(|def| {
            let mut idx: Vec<usize> = (0..items.len())
                .filter(|&i| items[i].section == def.folder)
                .collect();
            order(&mut idx, &items);
            Section {
                def,
                title: def.label.into(),
                url: format!("{}/", def.folder),
                path: Vec::new(),
                intro: SectionIntro::default(),
                items: idx,
            }
        })
        .collect();
    let mut sub: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].subsection == ["dia-phuong"])
        .collect();
    if !sub.is_empty() {
        order(&mut sub, &items);
        sections.push(Section {
            def: section_def("van-ban").unwrap(),
            title: "Văn bản địa phương".into(),
            url: "van-ban/dia-phuong/".into(),
            path: vec!["dia-phuong".into()],
            intro: SectionIntro {
                tom_tat: Some("Văn bản của tỉnh".into()),
                ..Default::default()
            },
            items: sub,
        });
    }
    sections[1].intro = SectionIntro {
        tieu_de: None,
        tom_tat: Some("Văn bản mới".into()),
        body: "Giới thiệu **chuyên mục**.".into(),
        source: None,
    };
    let docs: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].van_ban().is_some())
        .collect();
    let fields: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].linh_vuc.iter().any(|l| l == "Hành chính"))
        .collect();
    let taxonomies = vec![
        Taxonomy {
            key: "linh-vuc",
            label: "Lĩnh vực",
            terms: vec![term("Hành chính", "linh-vuc", "hanh-chinh", fields)],
        },
        Taxonomy {
            key: "loai-van-ban",
            label: "Loại văn bản",
            terms: vec![term("Nghị định", "loai-van-ban", "nghi-dinh", docs)],
        },
    ];
    let mut latest: Vec<usize> = (0..items.len()).collect();
    order(&mut latest, &items);
    let person = |name: &str, status: &str| crate::model::Person {
        ho_ten: name.into(),
        chuc_vu: Some("Phó Giám đốc".into()),
        co_quan: Some("Sở Tư pháp".into()),
        dia_ban: None,
        trinh_do_chuyen_mon: Some("Cử nhân Luật".into()),
        linh_vuc_chuyen_sau: vec!["Đất đai".into(), "Hộ tịch".into()],
        qd_cong_nhan: Some(Decision {
            so_ky_hieu: "12/QĐ-UBND".into(),
            ngay: Some(d("2023-01-05")),
            ly_do: None,
        }),
        trang_thai: status.into(),
        qd_mien_nhiem: (status != "Đang hoạt động").then(|| Decision {
            so_ky_hieu: "99/QĐ-UBND".into(),
            ngay: Some(d("2025-01-05")),
            ly_do: Some("Nghỉ hưu".into()),
        }),
    };
    Site {
        root: root.to_path_buf(),
        config: config(),
        items,
        sections,
        taxonomies,
        data: DataFiles {
            bao_cao_vien: vec![
                person("Trần Thị E", "Đang hoạt động"),
                person("Phạm Văn G", "Đã miễn nhiệm"),
            ],
            tuyen_truyen_vien: Vec::new(),
            lien_he: vec![Contact {
                ho_ten: "Ngô Văn H".into(),
                chuc_vu: Some("Trưởng phòng".into()),
                don_vi: Some("Phòng PBGDPL".into()),
                dien_thoai: Some("0251 3822 513".into()),
                email: Some("h@dongnai.gov.vn".into()),
            }],
            lien_ket: vec![NamedLink {
                ten: "Cổng PBGDPL quốc gia".into(),
                url: "https://pbgdpl.gov.vn/".into(),
            }],
            extra: Default::default(),
        },
        latest,
        build_date: d("2026-02-15"),
    }
}

fn fixture() -> Site {
    site_with(items(), Path::new("/khong-co-thu-muc-nay"))
}

fn renderer(site: &Site) -> Renderer {
    let diags = Diagnostics::new();
    let r = Renderer::new(site, &diags);
    assert!(diags.snapshot().is_empty(), "{:?}", diags.snapshot());
    r.expect("renderer")
}

fn render_url(r: &Renderer, site: &Site, url: &str) -> String {
    let job = r
        .jobs(site)
        .into_iter()
        .find(|j| j.url == url)
        .unwrap_or_else(|| panic!("no job for {url}"));
    r.render(site, &job).unwrap_or_else(|e| panic!("{e}"))
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Every non-void element opened is closed, in order; returns the first problem.
fn tag_balance(html: &str) -> Result<(), String> {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        if rest.starts_with("<!--") {
            rest = &rest[rest.find("-->").ok_or("unclosed comment")? + 3..];
            continue;
        }
        let end = rest.find('>').ok_or("unterminated tag")?;
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') {
            continue;
        }
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty() {
            return Err(format!("bad tag <{tag}>"));
        }
        if closing {
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}; open: {stack:?}")),
            }
        } else if !VOID.contains(&name.as_str()) {
            stack.push(name);
        }
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(format!("unclosed: {stack:?}"))
    }
}

/// Heading levels in document order: starts at h1, never skips a level going down.
fn outline_problem(html: &str) -> Option<String> {
    let mut prev = 0u8;
    for (i, _) in html.match_indices("<h") {
        let c = html.as_bytes().get(i + 2).copied().unwrap_or(b'x');
        let next = html.as_bytes().get(i + 3).copied().unwrap_or(b'x');
        if !(b'1'..=b'6').contains(&c) || !(next == b'>' || next == b' ') {
            continue;
        }
        let level = c - b'0';
        if level > prev + 1 {
            return Some(format!("h{level} after h{prev}"));
        }
        prev = level;
    }
    None
}

fn meta_content<'a>(html: &'a str, attr: &str, name: &str) -> Option<&'a str> {
    let key = format!(r#"<meta {attr}="{name}" content=""#);
    let start = html.find(&key)? + key.len();
    Some(&html[start..start + html[start..].find('"')?])
}

#[test]
fn renderer_is_sync() {
    fn is_sync<T: Sync + Send>() {}
    is_sync::<Renderer>();
}

#[test]
fn every_page_meets_the_page_rules() {
    let site = fixture();
    let r = renderer(&site);
    let jobs = r.jobs(&site);
    assert!(jobs.iter().any(|j| j.path == "404.html" && !j.in_sitemap));
    // The portal widget is a fragment for an iframe (no site header, menu or footer); its
    // own rules are checked in tests/features.rs.
    for job in jobs
        .iter()
        .filter(|j| j.path != crate::stats::page::NHUNG_PATH)
    {
        let html = r
            .render(&site, job)
            .unwrap_or_else(|e| panic!("{}: {e}", job.path));
        let p = &job.path;
        assert!(
            html.starts_with(
                "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">"
            ),
            "{p}: head start"
        );
        assert_eq!(html.matches("<h1").count(), 1, "{p}: h1 count");
        if let Some(problem) = outline_problem(&html) {
            panic!("{p}: heading outline: {problem}");
        }
        tag_balance(&html).unwrap_or_else(|e| panic!("{p}: {e}"));
        assert!(html.contains("<meta name=\"viewport\""), "{p}");
        let title = html
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or("");
        assert!(!title.trim().is_empty(), "{p}: empty title");
        for dc in [
            "DC.title",
            "DC.creator",
            "DC.date",
            "DC.description",
            "DC.publisher",
            "DC.identifier",
            "DC.language",
        ] {
            assert!(
                meta_content(&html, "name", dc).is_some_and(|c| !c.trim().is_empty()),
                "{p}: {dc}"
            );
        }
        assert!(
            html.contains(r#"<link rel="schema.DC" href="http://purl.org/dc/elements/1.1/">"#),
            "{p}"
        );
        for og in [
            "og:title",
            "og:type",
            "og:url",
            "og:description",
            "og:site_name",
            "og:locale",
        ] {
            assert!(
                meta_content(&html, "property", og).is_some_and(|c| !c.trim().is_empty()),
                "{p}: {og}"
            );
        }
        let canonical = format!(
            r#"<link rel="canonical" href="https://stp.dongnai.gov.vn/pbgdpl/{}">"#,
            job.url
        );
        assert!(html.contains(&canonical), "{p}: canonical");
        assert!(html.contains(r#"type="application/rss+xml" title="Trang thông tin phổ biến, giáo dục pháp luật (RSS)" href="/rss.xml""#), "{p}: site rss");
        assert!(html.contains(r#"href="/atom.xml""#), "{p}: site atom");
        if matches!(job.kind, PageKind::Item(_) | PageKind::SectionList { .. }) {
            let folder = job.url.split('/').next().unwrap();
            assert!(
                html.contains(&format!(r#"href="/{folder}/rss.xml""#)),
                "{p}: section rss"
            );
            assert!(
                html.contains(&format!(r#"href="/{folder}/atom.xml""#)),
                "{p}: section atom"
            );
            assert!(
                html.contains(r#"<nav class="duong-dan" aria-label="Đường dẫn">"#),
                "{p}: breadcrumb"
            );
        }
        assert!(
            html.contains(r##"<a class="bo-qua" href="#noi-dung">Bỏ qua đến nội dung chính</a>"##),
            "{p}"
        );
        assert!(html.contains(r#"<main id="noi-dung""#), "{p}");
        assert!(html.contains(r#"<img src="/assets/bieu-trung.svg" alt="Sở Tư pháp tỉnh Đồng Nai" width="56" height="56">"#), "{p}");
        assert!(
            html.contains(r#"<nav class="menu" aria-label="Điều hướng chính">"#),
            "{p}"
        );
        assert!(
            html.contains(
                r#"<form class="tim-nhanh" role="search" action="/tim-kiem/" method="get">"#
            ),
            "{p}"
        );
        let footer = html.split("<footer").nth(1).unwrap_or("");
        for needle in [
            "Nguyễn Văn A, Giám đốc",
            "Số 2 Nguyễn Văn Trị",
            "(0251) 3822 512",
            "pbgdpl@dongnai.gov.vn",
            "Giấy phép số 12/GP-STTTT",
            "Bản quyền ©",
            "Ủy ban nhân dân tỉnh Đồng Nai",
        ] {
            assert!(footer.contains(needle), "{p}: footer lacks {needle}");
        }
        assert!(!html.contains("<script>"), "{p}: inline script");
    }
}

#[test]
fn van_ban_page_shows_every_a5_01_field_with_a_value() {
    let site = fixture();
    let r = renderer(&site);
    let html = render_url(&r, &site, "van-ban/42-2022-nd-cp/");
    let labels = [
        ("Số ký hiệu", "so_ky_hieu"),
        ("Loại văn bản", "loai_van_ban"),
        ("Cơ quan ban hành", "co_quan_ban_hanh"),
        ("Ngày ban hành", "ngay_ban_hanh"),
        ("Ngày có hiệu lực", "ngay_co_hieu_luc"),
        ("Trích yếu", "trich_yeu"),
        ("Tình trạng hiệu lực", "tinh_trang_hieu_luc"),
        ("Người ký", "nguoi_ky"),
        ("Lĩnh vực", "linh_vuc"),
        ("Tải văn bản", "tep_van_ban"),
    ];
    for (label, field) in labels {
        let key = format!(r#"<dt>{label}</dt><dd data-field="{field}">"#);
        let start = html.find(&key).unwrap_or_else(|| panic!("missing {label}")) + key.len();
        let value = &html[start..start + html[start..].find("</dd>").unwrap()];
        let text: String = value
            .split('<')
            .map(|s| s.split_once('>').map_or(s, |(_, t)| t))
            .collect();
        assert!(!text.trim().is_empty(), "{label} has no value");
    }
    assert!(html.contains(
        r#"<dd data-field="ngay_ban_hanh"><time datetime="2022-06-24">24/06/2022</time></dd>"#
    ));
    assert!(
        html.contains(r#"<dd data-field="chuc_danh_nguoi_ky">KT. Thủ tướng – Phó Thủ tướng</dd>"#)
    );
    assert!(html.contains(r#"<a href="/linh-vuc/hanh-chinh/">Hành chính</a>"#));
    assert!(html.contains(r#"<a href="/van-ban/x/goc.pdf"><span class="sr-only">Tải về 42/2022/NĐ-CP: </span>Văn bản gốc</a> (PDF, 1,2 MB)"#));
    assert!(html
        .contains(r#"<a class="ngoai" href="https://vbpl.vn/x">CSDL quốc gia về pháp luật</a>"#));
    assert!(html.contains(r#"Thay thế: <a href="/van-ban/43-2011-nd-cp/">43/2011/NĐ-CP</a>"#));
    assert!(
        !html.contains("Ngày hết hiệu lực"),
        "shown although unknown"
    );
    assert!(html.contains(r#"<button type="button" class="nut-in" hidden>In trang</button>"#));
    assert!(html.contains(r#"href="https://khao-sat.example.gov.vn/" data-feedback>"#));
    assert!(html.contains("Cập nhật: <time datetime=\"2022-06-25\">25/06/2022</time>"));
}

#[test]
fn validity_banner_only_when_not_in_force() {
    let site = fixture();
    let r = renderer(&site);
    let current = render_url(&r, &site, "van-ban/42-2022-nd-cp/");
    assert!(!current.contains("canh-bao-hieu-luc"));
    let expired = render_url(&r, &site, "van-ban/43-2011-nd-cp/");
    let banner = expired
        .split(r#"<div class="canh-bao canh-bao-hieu-luc" role="note">"#)
        .nth(1)
        .expect("banner");
    let banner = &banner[..banner.find("</div>").unwrap()];
    assert!(banner.contains("Hết hiệu lực toàn bộ"), "{banner}");
    assert!(
        banner.contains(r#"<time datetime="2022-08-15">15/08/2022</time>"#),
        "{banner}"
    );
    assert!(
        banner.contains(r#"Bị thay thế bởi: <a href="/van-ban/42-2022-nd-cp/">42/2022/NĐ-CP</a>"#),
        "{banner}"
    );
    assert!(expired.contains(r#"<dd data-field="ngay_het_hieu_luc">"#));
}

#[test]
fn hoi_dap_shows_question_answer_legal_basis_and_disclaimer() {
    let site = fixture();
    let r = renderer(&site);
    let html = render_url(&r, &site, "hoi-dap/ket-hon/");
    assert!(
        html.contains("<p>Tôi muốn đăng ký kết hôn thì cần giấy tờ gì?</p>"),
        "question not inserted as HTML"
    );
    assert!(html.contains(
        r#"<li><a href="/van-ban/42-2022-nd-cp/">42/2022/NĐ-CP</a>: Nghị định 42/2022/NĐ-CP</li>"#
    ));
    assert!(html.contains("<li>52/2014/QH13</li>"), "unlinked citation");
    assert!(
        html.contains(r#"<p class="mien-tru">Nội dung trả lời chỉ mang tính chất tham khảo.</p>"#)
    );
    assert!(html.contains(
        r#"<dd data-field="ngay_gui"><time datetime="2024-02-20">20/02/2024</time></dd>"#
    ));
    assert!(html.contains("Luật sư Trần Văn C, Phòng Phổ biến, giáo dục pháp luật"));
    assert!(html.contains(r#"<a href="/hoi-dap/gui-cau-hoi/">Gửi câu hỏi pháp luật khác</a>"#));
    let q = html.find("<h2>Câu hỏi</h2>").unwrap();
    let a = html.find("<h2>Trả lời</h2>").unwrap();
    let body = html
        .find(r#"<h2 id="noi-dung-chinh">Nội dung chính</h2>"#)
        .unwrap();
    assert!(
        q < a && a < body,
        "question, answer heading, answer body in order"
    );
}

#[test]
fn other_kinds_show_their_fields() {
    let site = fixture();
    let r = renderer(&site);
    let video = render_url(&r, &site, "tai-lieu/video-luat-dat-dai/");
    assert!(video.contains(
        r#"<video controls preload="none" src="/tai-lieu/video-luat-dat-dai/video.mp4">"#
    ));
    assert!(video.contains(r#"<track kind="captions" srclang="vi" label="Tiếng Việt" src="/tai-lieu/video-luat-dat-dai/phu-de.vtt" default>"#));
    assert!(video.contains("<details class=\"ban-ghi-loi\">"));
    assert!(video.contains(
        r#"<dd data-field="ngay_phat_hanh"><time datetime="2024-04-30">30/04/2024</time></dd>"#
    ));
    assert!(video.contains("(DOCX, 40 KB)"));
    let book = render_url(&r, &site, "tu-sach/so-tay/");
    assert!(book.contains(r#"<a class="ngoai" href="https://www.youtube.com/watch?v=abc">"#));
    assert!(!book.contains("<iframe") && !book.contains("<video"));
    let activity = render_url(&r, &site, "hoi-dong-phoi-hop/hop-quy-1/");
    assert!(activity.contains(r#"<dd data-field="so_nguoi_tham_du">1.234</dd>"#));
    let dialogue = render_url(&r, &site, "doi-thoai/doi-thoai-dat-dai/");
    assert!(dialogue.contains(r#"<time datetime="2026-05-20">08:00, 20/05/2026</time>"#));
    let report = render_url(&r, &site, "thong-ke-bao-cao/bao-cao-2025/");
    assert!(
        report.contains(r#"<dd data-field="so_ky_hieu">123/BC-STP</dd>"#)
            && report.contains("(PDF, 293 KB)")
    );
    let contest = render_url(&r, &site, "thi-tim-hieu/thi-2026/");
    assert!(
        contest
            .contains(r#"<dd data-field="trang_thai" class="trang-thai" data-trang-thai-cuoc-thi"#)
            && contest.contains(">Đang diễn ra</dd>")
    );
    assert!(contest.contains(
        r#"<a href="/thi-tim-hieu/thi-2026/the-le.pdf">Thể lệ cuộc thi</a> (PDF, 88 KB)"#
    ));
    assert!(contest.contains(r#"<a class="ngoai" href="https://thitimhieuphapluat.moj.gov.vn/">Vào trang thi trực tuyến</a>"#));
}

#[test]
fn user_text_is_escaped_and_attribution_shown() {
    let site = fixture();
    let r = renderer(&site);
    let html = render_url(&r, &site, "tin-tuc/tap-huan/");
    assert!(
        html.contains("<h1>Tập huấn &lt;b&gt;báo cáo viên&lt;/b&gt; &amp; tuyên truyền viên</h1>"),
        "title not escaped"
    );
    assert!(!html.contains("<script>alert"), "raw HTML in body kept");
    assert!(
        html.contains(r#"<h2 id="tieu-de-cap-mot-trong-than">Tiêu đề cấp một trong thân</h2>"#),
        "body h1 not demoted"
    );
    assert!(html.contains(
        r#"Tác giả: Lê Thị D · Nguồn: <a class="ngoai" href="https://baodongnai.com.vn/x">"#
    ));
    assert!(html.contains(r#"<meta property="og:image" content="https://stp.dongnai.gov.vn/pbgdpl/tin-tuc/tap-huan/anh.jpg">"#));
    assert!(html.contains(r#"<meta name="DC.source" content="https://baodongnai.com.vn/x">"#));
    assert!(html.contains(r#"<meta name="DC.subject" content="Hành chính">"#));
    assert!(html.contains("Cập nhật: <time datetime=\"2024-06-03\">03/06/2024</time>"));
}

#[test]
fn document_lists_are_tables_with_the_six_columns() {
    let site = fixture();
    let r = renderer(&site);
    for url in ["van-ban/", "loai-van-ban/nghi-dinh/", "van-ban/dia-phuong/"] {
        let html = render_url(&r, &site, url);
        assert!(
            html.contains(r#"<div class="bang-cuon" tabindex="0" role="region" aria-label=""#),
            "{url}"
        );
        assert!(html.contains("<caption>"), "{url}");
        let headers: Vec<&str> = html
            .match_indices(r#"<th scope="col">"#)
            .map(|(i, _)| {
                let s = &html[i + 16..];
                &s[..s.find("</th>").unwrap()]
            })
            .collect();
        assert_eq!(
            headers,
            [
                "Số/Ký hiệu",
                "Ngày ban hành",
                "Trích yếu",
                "Cơ quan ban hành",
                "Tình trạng",
                "Tải về"
            ],
            "{url}"
        );
    }
    let html = render_url(&r, &site, "van-ban/");
    // Newest first by ngay_ban_hanh: 1/2023 (2022-06-24 too, but later ngay_dang ties aside) before 43/2011.
    assert!(html.find("42/2022/NĐ-CP").unwrap() < html.find("43/2011/NĐ-CP").unwrap());
    assert!(html.contains(r#"<td><time datetime="2011-06-13">13/06/2011</time></td>"#));
    assert!(html.contains(r#"<td class="tinh-trang-canh-bao">Hết hiệu lực toàn bộ</td>"#));
    assert!(
        html.contains("Giới thiệu <strong>chuyên mục</strong>."),
        "section intro"
    );
    assert!(
        html.contains(r#"<a href="/van-ban/dia-phuong/">Văn bản địa phương</a> (1 mục)"#),
        "sub-folder link"
    );
    let news = render_url(&r, &site, "tin-tuc/");
    assert!(
        !news.contains("<table"),
        "non-document list rendered as a table"
    );
    assert!(news.contains(r#"<ul class="danh-sach">"#));
}

#[test]
fn empty_sections_say_so_and_every_section_has_a_page() {
    let site = fixture();
    let r = renderer(&site);
    let jobs = r.jobs(&site);
    for s in &site.sections {
        assert!(
            jobs.iter()
                .any(|j| j.path == format!("{}index.html", s.url)),
            "no page for {}",
            s.url
        );
    }
    let empty = site_with(Vec::new(), Path::new("/x"));
    let r2 = renderer(&empty);
    for job in r2.jobs(&empty) {
        let html = r2.render(&empty, &job).unwrap();
        if matches!(job.kind, PageKind::SectionList { .. }) {
            assert!(html.contains("<p>Chưa có nội dung.</p>"), "{}", job.path);
        }
        tag_balance(&html).unwrap();
    }
    let people = render_url(&r, &site, "tuyen-truyen-vien/");
    assert!(people.contains("Chưa có nội dung."));
}

#[test]
fn forty_five_items_make_three_pages() {
    let list: Vec<Item> = (0..45)
        .map(|i| {
            item(
                "tin-tuc",
                &format!("tin-{i:02}"),
                &format!("Tin số {i:02}"),
                &format!("2024-01-{:02}", 1 + i % 28),
                ItemData::Page,
            )
        })
        .collect();
    let site = site_with(list, Path::new("/x"));
    let r = renderer(&site);
    let pages: Vec<PageJob> = r
        .jobs(&site)
        .into_iter()
        .filter(|j| matches!(j.kind, PageKind::SectionList { section: 10, .. }))
        .collect();
    let paths: Vec<&str> = pages.iter().map(|j| j.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "tin-tuc/index.html",
            "tin-tuc/trang/2/index.html",
            "tin-tuc/trang/3/index.html"
        ]
    );
    let rows = |html: &str| html.matches("<li>\n<h2>").count();
    let p1 = r.render(&site, &pages[0]).unwrap();
    let p2 = r.render(&site, &pages[1]).unwrap();
    let p3 = r.render(&site, &pages[2]).unwrap();
    assert_eq!((rows(&p1), rows(&p2), rows(&p3)), (20, 20, 5));
    assert!(p2.contains(r#"<nav class="phan-trang" aria-label="Phân trang">"#));
    assert!(p2.contains(r#"<a href="/tin-tuc/trang/2/" aria-current="page"><span class="sr-only">Trang </span>2</a>"#));
    assert!(
        p2.contains(r#"<a href="/tin-tuc/" rel="prev">"#)
            && p2.contains(r#"<a href="/tin-tuc/trang/3/" rel="next">"#)
    );
    assert!(!p3.contains(r#"rel="next""#));
    assert_eq!(pages[1].title, "Tin hoạt động – Trang 2");
}

#[test]
fn home_and_fixed_pages() {
    let site = fixture();
    let r = renderer(&site);
    let home = render_url(&r, &site, "");
    let mut last = 0;
    for g in 1..=7u8 {
        let def = SECTIONS.iter().find(|s| s.group == Some(g)).unwrap();
        let link = format!(r#"<a href="/{}/">{g}. {}</a>"#, def.folder, def.label);
        let at = home
            .find(&link)
            .unwrap_or_else(|| panic!("group {g} missing"));
        assert!(at > last, "group {g} out of order");
        last = at;
        assert!(home.contains(def.description));
    }
    assert!(home.contains(r#"<a href="/" accesskey="1" aria-current="page">Trang chủ</a>"#));
    assert_eq!(
        home.matches("<li>\n<h3><a href=").count(),
        7 + 10,
        "7 groups + 10 latest"
    );
    let people = render_url(&r, &site, "bao-cao-vien/");
    for col in [
        "Họ và tên",
        "Chức vụ, chức danh",
        "Cơ quan, đơn vị",
        "Trình độ chuyên môn",
        "Lĩnh vực pháp luật chuyên sâu",
        "Quyết định công nhận",
        "Trạng thái",
    ] {
        assert!(
            people.contains(&format!(r#"<th scope="col">{col}</th>"#)),
            "{col}"
        );
    }
    assert!(people.contains(r#"Số 12/QĐ-UBND, ngày <time datetime="2023-01-05">05/01/2023</time>"#));
    assert!(people.contains("Đã miễn nhiệm (Quyết định số 99/QĐ-UBND"));
    let contact = render_url(&r, &site, "lien-he/");
    assert!(contact.contains(r#"<a href="tel:02513822513">0251 3822 513</a>"#));
    assert!(contact.contains(r#"<a class="ngoai" href="https://zalo.me/x">Zalo OA Sở Tư pháp</a>"#));
    assert!(contact.contains("pbgdpl@dongnai.gov.vn</a>. Câu trả lời"));
    let links = render_url(&r, &site, "lien-ket/");
    assert!(links
        .contains(r#"<a class="ngoai" href="https://pbgdpl.gov.vn/">Cổng PBGDPL quốc gia</a>"#));
    let map = render_url(&r, &site, "so-do-trang/");
    assert!(map.contains(r#"<a href="/van-ban/42-2022-nd-cp/">Nghị định 42/2022/NĐ-CP</a>"#));
    assert!(map.contains(r#"<a href="/van-ban/dia-phuong/">Văn bản địa phương</a>"#));
    assert!(map.contains(r#"<a href="/linh-vuc/hanh-chinh/">Hành chính</a>"#));
    let search = render_url(&r, &site, "tim-kiem/");
    assert!(search.contains(r#"<input type="search" id="q-tim-kiem" name="q">"#));
    assert!(search.contains("cần trình duyệt bật JavaScript"));
    for s in SECTIONS {
        assert!(
            search.contains(&format!(r#"<a href="/{}/">"#, s.folder)),
            "search page lacks {}",
            s.folder
        );
    }
    assert!(search.contains(r#"<a href="/loai-van-ban/">Loại văn bản</a>"#));
}

#[test]
fn sitemap_lists_items_only_for_small_sections() {
    let list: Vec<Item> = (0..201)
        .map(|i| {
            item(
                "tin-tuc",
                &format!("tin-{i:03}"),
                &format!("Tin số {i:03}"),
                "2024-01-01",
                ItemData::Page,
            )
        })
        .collect();
    let site = site_with(list, Path::new("/x"));
    let r = renderer(&site);
    let map = render_url(&r, &site, "so-do-trang/");
    assert!(
        !map.contains("Tin số 000"),
        "a 201-item section listed item by item"
    );
    assert!(map.contains(r#"<a href="/tin-tuc/trang/11/">Trang 11</a>"#));
}

#[test]
fn assets_are_hashed_and_css_meets_the_budget() {
    let site = fixture();
    let r = renderer(&site);
    let assets = r.assets();
    let names: Vec<&str> = assets.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        names[0].starts_with("assets/pbgdpl.")
            && names[0].ends_with(".css")
            && names[0].len() == "assets/pbgdpl.0123456789.css".len()
    );
    assert!(names[1].ends_with(".js") && names.contains(&"assets/bieu-trung.svg"));
    let css = std::str::from_utf8(&assets[0].1).unwrap();
    assert!(css.len() < 12 * 1024, "css is {} bytes", css.len());
    for needle in [
        "@media print",
        "prefers-reduced-motion",
        ".sr-only",
        "a.ngoai::after",
        ":focus-visible",
        ".bang-cuon",
    ] {
        assert!(css.contains(needle), "css lacks {needle}");
    }
    assert!(!css.contains("@import") && !css.contains("url(http") && !css.contains("@font-face"));
    let js = std::str::from_utf8(&assets[1].1).unwrap();
    assert!(js.contains("window.print()"));
    let home = render_url(&r, &site, "");
    assert!(home.contains(&format!(r#"<link rel="stylesheet" href="/{}">"#, names[0])));
    assert!(home.contains(&format!(r#"<script src="/{}" defer></script>"#, names[1])));
}

fn temp_site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join("templates").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

#[test]
fn a_site_template_replaces_the_theme_one() {
    let dir = temp_site(&[
        ("404.html", "{% extends \"base.html\" %}{% block main %}<h1>Trang riêng {{ page.title }} {{ \"2020-03-05\" | ngay_chu }}</h1>{% endblock main %}"),
        ("item/hoi_dap.html", "{% extends \"item.html\" %}{% block sau %}<p>Mẫu hỏi đáp của tỉnh</p>{% endblock sau %}"),
    ]);
    let site = site_with(items(), dir.path());
    let r = renderer(&site);
    let html = render_url(&r, &site, "404.html");
    assert!(
        html.contains("<h1>Trang riêng Không tìm thấy trang ngày 05 tháng 3 năm 2020</h1>"),
        "{html}"
    );
    assert!(html.contains("<footer"), "override lost the base layout");
    let qa = render_url(&r, &site, "hoi-dap/ket-hon/");
    assert!(qa.contains("Mẫu hỏi đáp của tỉnh") && !qa.contains("mien-tru"));
}

#[test]
fn a_broken_override_is_a_diagnostic_with_file_and_line() {
    let dir = temp_site(&[("section.html", "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ section.title }</h1>\n{% endblock main %}\n")]);
    let site = site_with(items(), dir.path());
    let diags = Diagnostics::new();
    assert!(Renderer::new(&site, &diags).is_none());
    let all = diags.snapshot();
    assert_eq!(all.len(), 1, "{all:?}");
    let dg = &all[0];
    assert_eq!(dg.code, "mau");
    assert_eq!(dg.file, Path::new("templates/section.html"));
    assert_eq!(dg.line, Some(3), "{dg}");
    assert!(
        dg.message.contains("section.html") && !dg.fix.is_empty(),
        "{dg}"
    );
}

#[test]
fn an_override_with_a_missing_parent_or_variable_is_a_diagnostic() {
    let dir = temp_site(&[("links.html", "{% extends \"khung.html\" %}")]);
    let site = site_with(items(), dir.path());
    let diags = Diagnostics::new();
    assert!(Renderer::new(&site, &diags).is_none());
    let dg = diags.snapshot().remove(0);
    assert_eq!(
        (dg.code, dg.file.as_path()),
        ("mau", Path::new("templates/links.html")),
        "{dg}"
    );

    let dir = temp_site(&[(
        "links.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ khong_co }}</h1>{% endblock main %}",
    )]);
    let site = site_with(items(), dir.path());
    let r = renderer(&site);
    let job = r
        .jobs(&site)
        .into_iter()
        .find(|j| j.url == "lien-ket/")
        .unwrap();
    let dg = r.render(&site, &job).unwrap_err();
    assert_eq!(
        (dg.code, dg.file.as_path()),
        ("mau", Path::new("templates/links.html")),
        "{dg}"
    );
    assert!(dg.message.contains("khong_co"), "{dg}");
}

/// `cargo test --release --lib render::tests::timing -- --ignored --nocapture`
#[test]
#[ignore]
fn timing_over_a_synthetic_site() {
    let n = 5000;
    let base = items();
    let list: Vec<Item> = (0..n)
        .map(|i| {
            let mut it = base[i % base.len()].clone();
            it.slug = format!("{}-{i}", it.slug);
            it.url = format!("{}/{}/", it.section, it.slug);
            it.subsection.clear();
            it.body = "## Điều 1. Phạm vi\n\nNghị định này quy định **chi tiết** một số điều.\n\n"
                .repeat(8);
            it
        })
        .collect();
    let site = site_with(list, Path::new("/x"));
    let r = renderer(&site);
    let jobs = r.jobs(&site);
    let items: Vec<&PageJob> = jobs
        .iter()
        .filter(|j| matches!(j.kind, PageKind::Item(_)))
        .collect();
    let lists: Vec<&PageJob> = jobs
        .iter()
        .filter(|j| !matches!(j.kind, PageKind::Item(_)))
        .collect();
    let t = std::time::Instant::now();
    let mut bytes = 0;
    for j in &items {
        bytes += r.render(&site, j).unwrap().len();
    }
    let per_item = t.elapsed().as_secs_f64() * 1e6 / items.len() as f64;
    let t = std::time::Instant::now();
    for j in &lists {
        bytes += r.render(&site, j).unwrap().len();
    }
    let per_list = t.elapsed().as_secs_f64() * 1e6 / lists.len() as f64;
    println!("{} item pages: {per_item:.1} µs/page; {} other pages: {per_list:.1} µs/page; {bytes} bytes", items.len(), lists.len());
    // Where an item page's time goes: context building (incl. Markdown) vs. tera.
    let (mut fill_t, mut md_t, mut tera_t) = (0.0, 0.0, 0.0);
    for j in &items {
        let t = std::time::Instant::now();
        let mut ctx = r.shared.clone();
        let template = pages::fill(&r, &site, j, &mut ctx).unwrap();
        fill_t += t.elapsed().as_secs_f64();
        if let PageKind::Item(i) = j.kind {
            let t = std::time::Instant::now();
            std::hint::black_box(body::to_html(&site.items[i].body, false));
            md_t += t.elapsed().as_secs_f64();
        }
        let t = std::time::Instant::now();
        std::hint::black_box(r.tera.render(template, &ctx).unwrap());
        tera_t += t.elapsed().as_secs_f64();
    }
    let us = |x: f64| x * 1e6 / items.len() as f64;
    let nf = jobs.iter().find(|j| j.path == "404.html").unwrap();
    let mut ctx = r.shared.clone();
    let template = pages::fill(&r, &site, nf, &mut ctx).unwrap();
    let t = std::time::Instant::now();
    for _ in 0..2000 {
        std::hint::black_box(r.tera.render(template, &ctx).unwrap());
    }
    let layout = t.elapsed().as_secs_f64() * 1e6 / 2000.0;
    let t = std::time::Instant::now();
    for _ in 0..2000 {
        std::hint::black_box(r.shared.clone());
    }
    println!(
        "shared context clone: {:.1} µs",
        t.elapsed().as_secs_f64() * 1e6 / 2000.0
    );
    let t = std::time::Instant::now();
    for it in site.items.iter().take(2000) {
        std::hint::black_box(tera::to_value(it).unwrap());
    }
    println!(
        "item to_value: {:.1} µs",
        t.elapsed().as_secs_f64() * 1e6 / 2000.0
    );
    println!("404 page (layout only): tera {layout:.1} µs");
    println!(
        "item page: context {:.1} µs (of which Markdown {:.1} µs), tera {:.1} µs",
        us(fill_t),
        us(md_t),
        us(tera_t)
    );
}

#[test]
#[ignore]
/// Writes every page of the fixture to `$TMPDIR/pbgdpl-dump` for looking at in a browser.
fn dump_pages() {
    let site = fixture();
    let r = renderer(&site);
    let out = std::env::temp_dir().join("pbgdpl-dump");
    for job in r.jobs(&site) {
        let html = r.render(&site, &job).unwrap();
        let p = out.join(&job.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, html).unwrap();
    }
    for (name, bytes) in r.assets() {
        let p = out.join(&name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

#[test]
fn the_page_checkers_themselves_catch_problems() {
    assert!(tag_balance("<p>a<br><img src=x></p>").is_ok());
    assert!(
        tag_balance("<ul><li>a</ul>").is_err(),
        "implied </li> accepted"
    );
    assert!(tag_balance("<div><p>a</div>").is_err());
    assert!(tag_balance("<dl><dt>a</dt><dd>b</dl>").is_err());
    assert!(outline_problem("<h1>a</h1><h2>b</h2><h3>c</h3><h2>d</h2>").is_none());
    assert!(outline_problem("<h1>a</h1><h3>b</h3>").is_some());
    assert!(outline_problem("<header><h2>x</h2></header><h1>a</h1>").is_some());
}
